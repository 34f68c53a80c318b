"""Variants of the steps that drop found links (see align_dropped.py), patched into the
real aligner (unittest.mock, as align_precision.py does) and scored as align_quality.py
scores the site: per set, all golds together, and per story against the base.

  base        the aligner as it is
  sf          round four's rule again (measured on 14 stories then, not kept): a
              selected link from `event_threshold` up to SECOND_FACT_SCORE that is the
              strongest link of one of its sentences to the other's article
  sf3         the same, where the link rests on three specific things or more, or a
              number, a day, a phrase or a verbatim run agrees
  sf3-own     sf3, where moreover no stronger link of its sentences to that article
              shares any of its things (each link on its own evidence, issue point 1)
  sf3-things  sf, three specific things or more only
  sf3-agrees  sf, a number, a day, a phrase or a verbatim run agreeing only
  sf-own      sf, no stronger link of its sentences sharing any of its things
  sf3-any     sf3 without "the strongest link of one of its sentences"
  ph          one thing of several words under `event_threshold` (down to `threshold`),
              the closest match of both sentences, where a number or a day agrees, or a
              phrase and a verbatim run or quotation (two kinds of several words)
  ph-any      ph, also where it is not the closest match of both (selected still)
  sf3+ph      both; sf3-things+ph, sf3-own+ph likewise
  kept        the rule kept (site_builder/align/found.py: sf3-things+ph)

Every variant but 'kept' is measured with found.py switched off (the aligner before
this round).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from unittest import mock

import align_dropped as D
import align_quality as aq

import site_builder.align as A
from site_builder.align import similarity as S
from site_builder.align.gold import combined, predicted_links, reader_quality

ORIGINAL_LINKS = A.sentence_links
ORIGINAL_REASON = S.same_event_reason
EXTRA: dict[int, tuple[bool, bool]] = {}  # id(link) -> (nearest of one, own evidence)


def links_hook(units, *args, **kwargs):
    links = ORIGINAL_LINKS(units, *args, **kwargs)
    sides = defaultdict(list)
    for link in links:
        sides[(link.left, units[link.right].article)].append(link)
        sides[(link.right, units[link.left].article)].append(link)
    EXTRA.clear()
    for link in links:
        mine = set(link.evidence)
        nearest = False
        own = True
        for key in ((link.left, units[link.right].article), (link.right, units[link.left].article)):
            stronger = [o for o in sides[key] if o.strength > link.strength]
            nearest |= not stronger
            own &= all(mine.isdisjoint(o.evidence) for o in stronger)
        EXTRA[id(link)] = (nearest, own)
    return links


def second_fact(link, *, nearest: bool, own: bool, extra: bool) -> bool:
    if not link.best or link.closest or link.run >= S.VERBATIM_RUN or link.most_words:
        return False
    if S._one_phrase(link) or len(link.evidence) < 2:
        return False
    if not (0.16 <= link.score < S.SECOND_FACT_SCORE):
        return False
    is_nearest, is_own = EXTRA.get(id(link), (False, False))
    if nearest and not is_nearest:
        return False
    if own and not is_own:
        return False
    if extra == "things" and len(link.evidence) < 3:
        return False
    if extra == "agrees" and not link.kinds & S.CORROBORATING:
        return False
    return extra is not True or len(link.evidence) >= 3 or bool(link.kinds & S.CORROBORATING)


def phrase_corroborated(link, *, closest: bool, threshold: float, event_threshold: float) -> bool:
    if not link.best or not S._one_phrase(link) or link.score >= event_threshold:
        return False
    if link.score < threshold or (closest and not link.closest):
        return False
    kinds = link.kinds
    return bool(kinds & {"number", "time"}) or (
        "phrase" in kinds and bool(kinds & {"run", "quote"})
    )


VARIANTS = {
    "base": {},
    "sf": {"sf": dict(nearest=True, own=False, extra=False)},
    "sf3": {"sf": dict(nearest=True, own=False, extra=True)},
    "sf3-own": {"sf": dict(nearest=True, own=True, extra=True)},
    "sf3-any": {"sf": dict(nearest=False, own=False, extra=True)},
    "sf3-things": {"sf": dict(nearest=True, own=False, extra="things")},
    "sf3-agrees": {"sf": dict(nearest=True, own=False, extra="agrees")},
    "sf-own": {"sf": dict(nearest=True, own=True, extra=False)},
    "ph": {"ph": dict(closest=True)},
    "ph-any": {"ph": dict(closest=False)},
    "sf3+ph": {"sf": dict(nearest=True, own=False, extra=True), "ph": dict(closest=True)},
    "sf3-things+ph": {
        "sf": dict(nearest=True, own=False, extra="things"),
        "ph": dict(closest=True),
    },
    "kept": {"kept": True},
    "sf3-own+ph": {"sf": dict(nearest=True, own=True, extra=True), "ph": dict(closest=True)},
}


def run(stories, name: str) -> dict:
    spec = VARIANTS[name]

    def reason_hook(link, **kwargs):
        reason = ORIGINAL_REASON(link, **kwargs)
        if reason:
            return reason
        if "sf" in spec and second_fact(link, **spec["sf"]):
            return "second-fact"
        if "ph" in spec and phrase_corroborated(
            link,
            closest=spec["ph"]["closest"],
            threshold=kwargs["threshold"],
            event_threshold=kwargs["event_threshold"],
        ):
            return "phrase"
        return ""

    per = {}
    found = A.found_reasons if "kept" in spec else (lambda *args, **kwargs: {})
    with (
        mock.patch.object(A, "sentence_links", links_hook),
        mock.patch.object(A, "same_event_reason", reason_hook),
        mock.patch.object(A, "found_reasons", found),
    ):
        for item in stories:
            diagnosis = A.diagnose(item.story, D.SETTINGS, D.LANGUAGE)
            links = predicted_links(diagnosis.alignment.groups)
            quality = reader_quality(links, item.gold)
            split = aq.split_events(diagnosis.alignment.groups, item.gold)
            per[item.name] = (aq.set_of(item.name, item.gold.split), quality, split, links)
    return per


def figures(per: dict, names) -> str:
    qualities = [per[n][1] for n in names]
    q = combined(qualities)
    split = sum(per[n][2][0] for n in names)
    return f"{q.precision:.3f} ({q.correct}/{q.predicted}) / {q.recall:.3f} ({q.found}) / {split}"


def run_all(stories, names, by_story: bool) -> None:
    names = names or list(VARIANTS)
    base = run(stories, "base")
    sets = defaultdict(list)
    for story, (group, *_rest) in base.items():
        sets[group].append(story)
    held = [s for g in D.SETS[1:] for s in sets[g]]
    everything = list(base)
    print("| variant | " + " | ".join(D.SETS) + " | held-out, all | all |")
    print("|---|" + "---|" * (len(D.SETS) + 2))
    for name in names:
        per = base if name == "base" else run(stories, name)
        cells = [figures(per, sets[g]) for g in D.SETS]
        print(
            f"| {name} | " + " | ".join(cells) + f" | {figures(per, held)} | "
            f"{figures(per, everything)} |"
        )
        if by_story and name != "base":
            changed = Counter()
            for story in everything:
                b, v = base[story][1], per[story][1]
                if (b.correct, b.predicted, b.found) != (v.correct, v.predicted, v.found):
                    print(
                        f"    {story} ({base[story][0]}): right {b.correct}->{v.correct}, "
                        f"shown {b.predicted}->{v.predicted}, units {b.found}->{v.found}, "
                        f"split {base[story][2][0]}->{per[story][2][0]}"
                    )
                    changed[base[story][0]] += 1
            print(f"    stories changed: {dict(changed)}")


__all__ = ["VARIANTS", "run_all"]
