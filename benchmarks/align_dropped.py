"""Found, then dropped (issue 23, points 1 and 4; ninth round).

For every passage pair of the 40 gold stories that the aligner made a sentence link for
and the site does not show as the same event (shown as related, or dropped), the exact
step that dropped it, read from the link that came closest to being shown: the time
rule, a name alone, the selection step (a stronger link of one sentence took its place,
and whether that rival is right by the gold), the thresholds (one phrase not the
closest match, second fact under SECOND_FACT_SCORE, under `event_threshold` with
nothing agreeing), or the grouping (a same-event link that no group holds). Counted
both ways: missed units (as align_quality.py counts "found but shown as related" and
"found but dropped") and passage pairs right / wrong by the gold, so that each step's
price is beside what it buys. Variants of the steps are scored as align_quality.py
scores the site, per set and per story.

    python benchmarks/align_dropped.py                # the cause table
    python benchmarks/align_dropped.py --before       # the same, found.py switched off
    python benchmarks/align_dropped.py --list CAUSE   # its pairs, one by one
    python benchmarks/align_dropped.py --variants     # every variant below, per set
    python benchmarks/align_dropped.py --variants NAME --stories   # one, per story
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align import similarity as S  # noqa: E402
from site_builder.align.gold import predicted_links  # noqa: E402
from site_builder.align.language import load_language  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402

SETTINGS = load_config(REPO / "site.yml").alignment
LANGUAGE = load_language("en")
SETS = ("development", "held-out", *aq.HELD_OUT_SETS)
"""The sets summed up apart (align_quality.py's; a later blind set gets its own column)."""


def base_reason(link) -> str:
    return S.same_event_reason(
        link,
        event_threshold=SETTINGS.event_threshold,
        threshold=SETTINGS.threshold,
        min_evidence=SETTINGS.min_shared_terms,
    )


def stage(link, diagnosis) -> tuple:
    """How far a link came towards being shown (larger: further)."""
    timely = link in diagnosis.reasons
    return (
        timely,
        bool(diagnosis.reasons.get(link)),
        bool(base_reason(link)),
        link.best,
        link.closest,
        link.score,
    )


def rivals(link, units, by_side) -> list:
    """The stronger links of each of the link's sentences to the other's article."""
    found = []
    for here, there in ((link.left, link.right), (link.right, link.left)):
        for other in by_side[(here, units[there].article)]:
            if other is not link and other.strength > link.strength:
                found.append(other)
    return found


def cause_of(link, diagnosis, right_pairs, by_side) -> str:
    """The step that kept `link` from being the same event (see the module's docstring)."""
    units = diagnosis.units
    if link not in diagnosis.reasons:
        return "time: about different times"
    if diagnosis.reasons[link]:
        return f"grouping: same event ({diagnosis.reasons[link]}), in no group"
    if base_reason(link):
        return "name alone (names.py)"
    if not link.best:
        beaters = [
            o
            for o in rivals(link, units, by_side)
            if set(o.evidence) & set(link.evidence)
            and len(set(o.evidence) & set(link.evidence)) >= S.TAKEN * len(link.evidence)
        ]
        right = any(A.link_passages(units, o) in right_pairs for o in beaters)
        rival = "right" if right else "wrong"
        return f"select: beaten by a stronger link sharing its things (rival {rival})"
    if link.closest:
        tag = "closest of both"
    else:
        tag = "closest of one" if _nearest(link, units, by_side) else "closest of neither"
    if S._one_phrase(link):
        if link.score < SETTINGS.event_threshold:
            return "one thing of several words, under event_threshold"
        return f"one thing of several words, not closest ({tag})"
    if len(link.evidence) < SETTINGS.min_shared_terms:
        return "too few things"
    if link.score >= SETTINGS.event_threshold:
        right = any(A.link_passages(units, o) in right_pairs for o in rivals(link, units, by_side))
        rival = "right" if right else "wrong"
        return f"second fact under {S.SECOND_FACT_SCORE} ({tag}; rival {rival})"
    if link.closest:
        return "under event_threshold, nothing agrees (closest of both)"
    return f"under event_threshold, nothing agrees, not closest ({tag})"


def _nearest(link, units, by_side) -> bool:
    return any(
        all(o.strength <= link.strength for o in by_side[(here, units[there].article)])
        for here, there in ((link.left, link.right), (link.right, link.left))
    )


def pair_causes(diagnosis, gold):
    """Per passage pair with a link, not shown: (status, cause, link)."""
    units = diagnosis.units
    alignment = diagnosis.alignment
    shown = predicted_links(alignment.groups)
    related = predicted_links(alignment.related)
    right_pairs = {frozenset(p) for e in gold.events for p in itertools.combinations(e.passages, 2)}
    by_side = defaultdict(list)
    for link in diagnosis.links:
        by_side[(link.left, units[link.right].article)].append(link)
        by_side[(link.right, units[link.left].article)].append(link)
    by_pair = defaultdict(list)
    for link in diagnosis.links:
        by_pair[A.link_passages(units, link)].append(link)
    out = {}
    for pair, links in by_pair.items():
        if pair in shown:
            continue
        best = max(links, key=lambda k: stage(k, diagnosis))
        status = "related" if pair in related else "dropped"
        out[pair] = (status, cause_of(best, diagnosis, right_pairs, by_side), best)
    return out, right_pairs


def unit_causes(diagnosis, gold, pairs):
    """For each missed unit found but related/dropped (align_quality.miss_causes), the
    cause of its passage pair that came furthest."""
    causes = aq.miss_causes(diagnosis, gold)
    out = {}
    for (index, outlets), cause in causes.items():
        if cause not in ("related", "dropped"):
            continue
        first, second = sorted(outlets)
        passages = gold.events[index].passages
        candidates = [
            pairs[frozenset({a, b})]
            for a in passages
            if a[0] == first
            for b in passages
            if b[0] == second and frozenset({a, b}) in pairs
        ]
        if not candidates:
            continue
        _status, why, _link = max(candidates, key=lambda c: stage(c[2], diagnosis))
        out[(index, outlets)] = (cause, why)
    return out


def cause_table(stories, listing: str | None) -> None:
    units_by = defaultdict(Counter)  # cause -> set -> units
    pairs_by = defaultdict(Counter)  # cause -> (right|wrong, status)
    stories_by = defaultdict(set)
    for item in stories:
        diagnosis = A.diagnose(item.story, SETTINGS, LANGUAGE)
        pairs, right_pairs = pair_causes(diagnosis, item.gold)
        group = aq.set_of(item.name, item.gold.split)
        for status, why in unit_causes(diagnosis, item.gold, pairs).values():
            units_by[why][group] += 1
            units_by[why][f"{status}"] += 1
            stories_by[why].add(item.name)
        for pair, (status, why, link) in pairs.items():
            right = pair in right_pairs
            pairs_by[why][("right" if right else "wrong", status)] += 1
            if listing and listing in why:
                a, b = sorted(pair)
                u = diagnosis.units
                print(
                    f"{item.name}: {'RIGHT' if right else 'wrong'} {status} {a[0]}/{a[1]} <-> "
                    f"{b[0]}/{b[1]} score {link.score:.3f} ev {list(link.evidence)} "
                    f"kinds {sorted(link.kinds)} best {link.best} closest {link.closest}"
                )
                for i in (link.left, link.right):
                    unit = u[i]
                    passage = item.story.article(unit.article).passage(unit.passage)
                    text = passage.sentences[unit.sentence]
                    print(f"     > {text[:160]}")
    if listing:
        return
    print(
        "| cause | units missed: dev14 / held-out / -3 / -4 / -5 / all (related, dropped) | "
        "stories | pairs not shown: right / wrong (related; dropped) |"
    )
    print("|---|---|---:|---|")
    causes = units_by.keys() | pairs_by.keys()
    for why in sorted(causes, key=lambda w: -sum(units_by[w][s] for s in SETS)):
        u = units_by[why]
        p = pairs_by[why]
        total = sum(u[s] for s in SETS)
        right = p[("right", "related")] + p[("right", "dropped")]
        wrong = p[("wrong", "related")] + p[("wrong", "dropped")]
        print(
            f"| {why} | {' / '.join(str(u[s]) for s in SETS)} / {total} "
            f"({u['related']}, {u['dropped']}) "
            f"| {len(stories_by[why])} | {right} / {wrong} "
            f"({p[('right', 'related')]}/{p[('wrong', 'related')]}; "
            f"{p[('right', 'dropped')]}/{p[('wrong', 'dropped')]}) |"
        )


def load(split: str = "all"):
    workdir = tempfile.mkdtemp(prefix="dropped-")
    return aq.gold_stories(REPO.parent / "shared", Path(workdir), split)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", default=None, help="list the pairs of causes containing this")
    parser.add_argument("--variants", nargs="*", default=None)
    parser.add_argument("--stories", action="store_true")
    parser.add_argument(
        "--before", action="store_true", help="the cause table with found.py switched off"
    )
    args = parser.parse_args()
    stories = load()
    if args.variants is None:
        if args.before:
            with mock.patch.object(A, "found_reasons", lambda *args, **kwargs: {}):
                cause_table(stories, args.list)
        else:
            cause_table(stories, args.list)
        return
    import align_dropped_variants as V

    V.run_all(stories, args.variants, args.stories)


if __name__ == "__main__":
    main()
