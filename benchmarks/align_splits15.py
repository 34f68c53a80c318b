"""Every split gold event by the causes of issue 23, point 2 (fifteenth round), and
grouping variants read over the site's own rows (issue 23, point 2: one event, one row).

Causes, one each (round twelve's sort, align_splits12.cause_of, named as the brief
names them): *a candidate backs the row* (the best row's weakest pair is a link the
aligner found and dropped, or showed as related), *one outlet tells it twice* (no row
over any link; the rows hold two passages of one outlet that tell it: A-B and B'-C),
*a member linked only through a third outlet* (no row over any link; one passage per
outlet: A-B, B-C, no A-C link of any kind). Attributes (not exclusive), for the rows
that link two or more of the event's passages:

- share: two of the rows share a passage of the event (two rows that share a member);
- other sentences: two rows share a passage, each through sentences of it the other
  does not hold (the two rows hold different sentences of one passage);
- wrong member: a row holds, for an outlet, a passage of another fact where the event's
  passage of that outlet is in another of the rows;
- two facts: a row's passages of the event are passages of another gold event too, and
  the row holds an outlet of every passage of that other event: the row is that other
  fact's row (its members report two facts; the gold splits them);
- same time: two of the rows carry the same non-empty time.

Variants rewrite the site's rows (model.Group) after the aligner, so each is measured
over exactly the rows a reader sees: two rows that share a passage become one row of
their passages (the first row's passage where they differ on an outlet) where a test on
the two rows passes; rows the new row holds whole are dropped. Each is scored as
align_quality.py scores the site (precision of shown links, unit recall, split events),
per set, on the sets up to held-out-11 (choosing) and on held-out-12 (checked as if
blind).

    python benchmarks/align_splits15.py --causes [--list]   # every split, by cause
    python benchmarks/align_splits15.py [--added] [VARIANT ...]  # variants against main
    python benchmarks/align_splits15.py --model FILE model-0.6-1 ...  # pair-model backing
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402
import align_splits12 as s12  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align.gold import predicted_links, reader_quality, split_events  # noqa: E402
from site_builder.align.normalise import stem_word  # noqa: E402
from site_builder.align.settle import settle_events  # noqa: E402
from site_builder.core.model import Member  # noqa: E402

SETS = ("development", "held-out", *aq.HELD_OUT_SETS)
BLIND = "held-out-12"
CAUSE_NAMES = {
    "dropped only": "a candidate backs the row",
    "related only": "a candidate backs the row",
    "filed elsewhere": "a candidate backs the row",
    "told twice": "one outlet tells it twice",
    "chain": "a member linked only through a third outlet",
}
ATTRIBUTES = ("share", "other sentences", "wrong member", "two facts", "same time")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def keys_of(group) -> set:
    return {(m.article, m.passage) for m in group.members}


def sentences_of(group) -> dict:
    return {(m.article, m.passage): set(m.sentences) for m in group.members}


def attributes(groups, gold, index: int) -> set[str]:
    """The attributes (see the module's docstring) of split gold event `index`."""
    event = set(gold.events[index].passages)
    rows = [g for g in groups if len({a for a, _ in keys_of(g) & event}) >= 2]
    found: set[str] = set()
    for g, h in itertools.combinations(rows, 2):
        shared = keys_of(g) & keys_of(h) & event
        if shared:
            found.add("share")
            sg, sh = sentences_of(g), sentences_of(h)
            if any(sg[k] - sh[k] and sh[k] - sg[k] for k in shared):
                found.add("other sentences")
        if g.time and g.time == h.time:
            found.add("same time")
    outlets_elsewhere = {a for g in rows for a, _ in keys_of(g) & event}
    for g in rows:
        for a, _ in keys_of(g) - event:
            if a in outlets_elsewhere:
                found.add("wrong member")
        held = keys_of(g) & event
        outlets = {a for a, _ in keys_of(g)}
        for j, other in enumerate(gold.events):
            if (
                j != index
                and held <= set(other.passages)
                and {a for a, _ in other.passages} <= outlets
            ):
                found.add("two facts")
    return found


def diagnosed(items, settings, language):
    """Per story: (set, item, diagnosis), the aligner run once; the diagnosis' rows
    titled and timed as the site's are (settle.settle_events)."""
    out = []
    for item in items:
        diagnosis = A.diagnose(item.story, settings, language)
        settled = settle_events(item.story, diagnosis.alignment, language, (), diagnosis.units)
        out.append(
            (aq.set_of(item.name, item.gold.split), item, replace(diagnosis, alignment=settled))
        )
    return out


def causes(runs, show: bool) -> None:
    """Every split, by cause and attribute, per set; pooled up to held-out-11."""
    per_set: dict = defaultdict(Counter)
    for name, item, diagnosis in runs:
        tier = s12.pair_tiers(diagnosis)
        groups = diagnosis.alignment.groups
        for index, holding in aq.split_holdings(groups, item.gold):
            event = set(item.gold.events[index].passages)
            cause, row = s12.cause_of(event, holding, tier)
            cause = CAUSE_NAMES[cause]
            found = attributes(groups, item.gold, index)
            c = per_set[name]
            c["split"] += 1
            c[cause] += 1
            for attribute in found:
                c[attribute] += 1
                c[(cause, attribute)] += 1
            if show:
                pairs = s12.row_tiers(row, tier)
                print(f"{item.name[6:]} [{name}] {cause}; {', '.join(sorted(found))}")
                print(f"    {item.gold.events[index].label}")
                print(f"    best row: {pairs}")
                for g in groups:
                    if len({a for a, _ in keys_of(g) & event}) >= 2:
                        members = " ".join(
                            f"{m.article[:3]}/{m.passage}"
                            f"{'' if (m.article, m.passage) in event else '*'}{list(m.sentences)}"
                            for m in g.members
                        )
                        print(f"    {g.id} [{g.time}] {members} :: {g.label[:70]}")
    labels = ("split", *sorted(set(CAUSE_NAMES.values())), *ATTRIBUTES)
    print("| set | " + " | ".join(labels) + " |")
    print("|---|" + "---:|" * len(labels))
    choosing: Counter = Counter()
    for name in SETS:
        c = per_set.get(name)
        if c is None:
            continue
        if name != BLIND:
            choosing.update(c)
        print(f"| {name} | " + " | ".join(str(c[k]) for k in labels) + " |")
    print("| up to held-out-11 | " + " | ".join(str(choosing[k]) for k in labels) + " |")
    print("\ncause x attribute, up to held-out-11 (held-out-12):")
    for cause in sorted(set(CAUSE_NAMES.values())):
        cells = ", ".join(
            f"{a} {choosing[(cause, a)]} ({per_set[BLIND][(cause, a)]})" for a in ATTRIBUTES
        )
        print(f"  {cause}: {choosing[cause]} ({per_set[BLIND][cause]}): {cells}")


# ---------------------------------------------------------------- variants


def label_words(label: str, language) -> set[str]:
    """The stems of a title's words, stop words left out."""
    stop = language.stop_words
    return {stem_word(w.lower(), language) for w in WORD.findall(label) if w.lower() not in stop}


def rows_joined(groups, test, apart: bool = False) -> list:
    """`groups` with a row for each two rows that share a passage and pass `test`
    (the first row's passage where they differ on an outlet; see the docstring);
    `apart`: rows that share no passage too (an outlet that tells the fact twice)."""
    made: dict[frozenset, object] = {}
    keys = [frozenset(keys_of(g)) for g in groups]
    for (i, g), (j, h) in itertools.combinations(enumerate(groups), 2):
        if keys[i] <= keys[j] or keys[j] <= keys[i]:
            continue
        if not keys[i] & keys[j] and not apart:
            continue
        if not test(g, h):
            continue
        members = {m.article: m for m in h.members}
        members.update({m.article: m for m in g.members})
        row = frozenset((m.article, m.passage) for m in members.values())
        if row in keys or row in made:
            continue
        made[row] = replace(g, id=f"{g.id}+{h.id}", members=tuple(members.values()))
    if not made:
        return groups
    kept = [g for g, k in zip(groups, keys) if not any(k < row for row in made)]
    return kept + list(made.values())


def _same_outlets(g, h) -> bool:
    return not ({m.article for m in g.members} & {m.article for m in h.members}) - {
        m.article for m in g.members if (m.article, m.passage) in keys_of(h)
    }


def variant_test(name: str, stop):
    """The test of a variant on two rows that share a passage."""

    def label_share(g, h, least: float) -> bool:
        a, b = label_words(g.label, stop), label_words(h.label, stop)
        return bool(a and b) and len(a & b) >= least * min(len(a), len(b))

    def terms_share(g, h) -> set:
        return {t.lower() for t in g.terms} & {t.lower() for t in h.terms}

    def same_time(g, h) -> bool:
        return bool(g.time) and g.time == h.time

    tests = {
        "any": lambda g, h: True,
        "chain-only": _same_outlets,
        "label-half": lambda g, h: label_share(g, h, 0.5),
        "label-half-time": lambda g, h: label_share(g, h, 0.5) and same_time(g, h),
        "label-half-chain": lambda g, h: label_share(g, h, 0.5) and _same_outlets(g, h),
        "label-two-thirds": lambda g, h: label_share(g, h, 2 / 3),
        "label-two-thirds-time": lambda g, h: label_share(g, h, 2 / 3) and same_time(g, h),
        "label-same": lambda g, h: label_share(g, h, 1.0),
        "time-terms2": lambda g, h: same_time(g, h) and len(terms_share(g, h)) >= 2,
        "time-terms2-chain": lambda g, h: (
            same_time(g, h) and len(terms_share(g, h)) >= 2 and _same_outlets(g, h)
        ),
        "label-half-terms2": lambda g, h: label_share(g, h, 0.5) and len(terms_share(g, h)) >= 2,
        "same-sentence": lambda g, h: _same_sentence(g, h),
        "same-sentence-label-half": lambda g, h: _same_sentence(g, h) and label_share(g, h, 0.5),
        "chain-same-sentence": lambda g, h: _same_sentence(g, h) and _same_outlets(g, h),
        "chain-one-sentence": lambda g, h: _one_sentence(g, h) and _same_outlets(g, h),
        "chain-one-sentence-terms": lambda g, h: (
            _one_sentence(g, h) and _same_outlets(g, h) and bool(terms_share(g, h))
        ),
    }
    return tests[name]


def _one_sentence(g, h) -> bool:
    """Both rows hold their shared passages through the same one sentence."""
    sg, sh = sentences_of(g), sentences_of(h)
    shared = sg.keys() & sh.keys()
    return bool(shared) and all(len(sg[k]) == 1 and sg[k] == sh[k] for k in shared)


def _same_sentence(g, h) -> bool:
    """The two rows hold their shared passage through a sentence in common."""
    sg, sh = sentences_of(g), sentences_of(h)
    return any(sg[k] & sh[k] for k in sg.keys() & sh.keys())


VARIANTS = (
    "any",
    "chain-only",
    "label-half",
    "label-half-time",
    "label-half-chain",
    "label-two-thirds",
    "label-two-thirds-time",
    "label-same",
    "time-terms2",
    "time-terms2-chain",
    "label-half-terms2",
    "same-sentence",
    "same-sentence-label-half",
    "chain-same-sentence",
    "chain-one-sentence",
    "chain-one-sentence-terms",
)


# ------------------------------------------- variants over the aligner's candidates


def candidate_links(diagnosis) -> dict:
    """Sentence (unit index) -> {unit index of the other end: link}, for every
    candidate link of the articles' own time (the aligner's, same event or not)."""
    out: dict = defaultdict(dict)
    for link in diagnosis.links:
        if link in diagnosis.reasons:
            out[link.left][link.right] = link
            out[link.right][link.left] = link
    return out


def unit_index(diagnosis) -> dict:
    """(article, passage, sentence) -> unit index."""
    return {(u.article, u.passage, u.sentence): i for i, u in enumerate(diagnosis.units)}


def _member_units(group, where) -> dict:
    """Per member passage: the unit indices of the sentences the row holds of it."""
    return {
        (m.article, m.passage): {where[(m.article, m.passage, s)] for s in m.sentences}
        for m in group.members
    }


def corroborated_members(groups, diagnosis, *, replace_member: bool, shared: bool):
    """`groups` with a row for each row g and sentence x of an outlet g lacks (or, with
    `replace_member`, holds another passage of) where x has a candidate link to a
    sentence g holds of every other member: one sentence of a third outlet that the
    aligner linked, if weakly, to the sentences that carry the fact in each member (a
    triangle of candidates around a link shown). `shared`: the links to the members
    share a term."""
    where = unit_index(diagnosis)
    near = candidate_links(diagnosis)
    units = diagnosis.units
    made: dict = {}
    keys = [frozenset(keys_of(g)) for g in groups]
    for g in groups:
        held = _member_units(g, where)
        outlets = {a for a, _ in held}
        for x, partners in near.items():
            ux = units[x]
            key = (ux.article, ux.passage)
            if key in held or (ux.article in outlets and not replace_member):
                continue
            others = {k: v for k, v in held.items() if k[0] != ux.article}
            if len(others) < 2:
                continue
            links = []
            for sentences in others.values():
                found = [partners[u] for u in sentences if u in partners]
                if not found:
                    break
                links.append(max(found, key=lambda link: link.score))
            else:
                if shared and not frozenset.intersection(*(link.terms for link in links)):
                    continue
                members = [m for m in g.members if m.article != ux.article]
                members.append(Member(ux.article, ux.passage, (ux.sentence,)))
                row = frozenset((m.article, m.passage) for m in members)
                if row not in keys and row not in made:
                    made[row] = replace(g, id=g.id + "+", members=tuple(members))
    if not made:
        return groups
    kept = [g for g, k in zip(groups, keys) if not any(k < row for row in made)]
    return kept + list(made.values())


LINKED = {
    "corroborated": lambda groups, d: corroborated_members(
        groups, d, replace_member=False, shared=False
    ),
    "corroborated-shared": lambda groups, d: corroborated_members(
        groups, d, replace_member=False, shared=True
    ),
    "corroborated-replace": lambda groups, d: corroborated_members(
        groups, d, replace_member=True, shared=False
    ),
    "corroborated-replace-shared": lambda groups, d: corroborated_members(
        groups, d, replace_member=True, shared=True
    ),
}


PROBABILITIES: dict = {}
"""Per story: passage pair key -> the pair model's out-of-fold probability (--model,
written by align_splits15_model.py)."""


def model_rows(cut: float, most: int, apart: bool = False):
    """Two rows that share a passage become one (the first row's passage where they
    differ on an outlet) where each pair of it no row shows, at most `most`, is joined by
    a candidate link whose probability under round fourteen's pair model is `cut` or
    more (out of fold: the model never saw the story's set)."""
    from align_splits15_model import pair_key

    def rewrite(groups, diagnosis):
        story = diagnosis_story(diagnosis)
        probs = PROBABILITIES.get(story, {})
        together = predicted_links(groups)

        def test(g, h) -> bool:
            members = {m.article: m for m in h.members}
            members.update({m.article: m for m in g.members})
            keys = sorted((m.article, m.passage) for m in members.values())
            new = [
                frozenset(pair)
                for pair in itertools.combinations(keys, 2)
                if frozenset(pair) not in together
            ]
            return 0 < len(new) <= most and all(
                probs.get(pair_key(pair), 0.0) >= cut for pair in new
            )

        return rows_joined(groups, test, apart)

    return rewrite


STORY_OF: dict = {}


def diagnosis_story(diagnosis) -> str:
    return STORY_OF[id(diagnosis)]


def score(runs, rewrite) -> dict:
    """Per story: (set, quality, split, shown pairs, gold)."""
    out = {}
    for name, item, diagnosis in runs:
        groups = rewrite(list(diagnosis.alignment.groups), diagnosis)
        links = predicted_links(groups)
        q = reader_quality(links, item.gold)
        out[item.name] = (name, q, split_events(groups, item.gold), links, item.gold)
    return out


def compare(runs, names: list[str], added: bool, stop) -> None:
    for _, item, diagnosis in runs:
        STORY_OF[id(diagnosis)] = item.name
    for name in names:
        if name.startswith("model-"):
            _, cut, most, *apart = name.split("-")
            LINKED[name] = model_rows(float(cut), int(most), bool(apart))
    base = score(runs, lambda groups, diagnosis: groups)
    results = {"main": base}
    for name in names:
        if name in LINKED:
            results[name] = score(runs, LINKED[name])
            continue
        test = variant_test(name, stop)
        results[name] = score(runs, lambda groups, _, test=test: rows_joined(groups, test))
    print(
        "| variant | "
        + " | ".join(SETS)
        + " | up to held-out-11 | held-out all 68 | added right/wrong (-12)"
        + " | sets split lower/higher |"
    )
    for name, res in results.items():
        cells = []
        for s in SETS:
            rows = [r for r in res.values() if r[0] == s]
            cells.append(s12.fmt(rows) if rows else "")
        choosing = [r for r in res.values() if r[0] != BLIND]
        held = [r for r in res.values() if r[0] != "development"]
        right = wrong = bright = bwrong = 0
        for story, r in res.items():
            for pair in r[3] - base[story][3]:
                ok = any(pair <= set(e.passages) for e in r[4].events)
                if r[0] == BLIND:
                    bright += ok
                    bwrong += not ok
                else:
                    right += ok
                    wrong += not ok
                if added and name != "main":
                    print(f"    {name} adds {'right' if ok else 'WRONG'}: {story} {sorted(pair)}")
        lower = higher = 0
        for s in SETS:
            if s == BLIND:
                continue
            b = sum(r[2][0] for r in base.values() if r[0] == s)
            v = sum(r[2][0] for r in res.values() if r[0] == s)
            lower += v < b
            higher += v > b
        print(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {s12.fmt(choosing)} | {s12.fmt(held)} | {right}/{wrong} ({bright}/{bwrong})"
            + f" | {lower}/{higher} |"
        )


def rewritten(runs, name: str, language) -> list:
    """`runs` with each story's rows as the variant `name` makes them."""
    if name in LINKED:
        rewrite = LINKED[name]
    else:
        test = variant_test(name, language)
        rewrite = lambda groups, _: rows_joined(groups, test)  # noqa: E731
    out = []
    for set_name, item, diagnosis in runs:
        groups = tuple(rewrite(list(diagnosis.alignment.groups), diagnosis))
        alignment = replace(diagnosis.alignment, groups=groups)
        out.append((set_name, item, replace(diagnosis, alignment=alignment)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*")
    parser.add_argument("--causes", action="store_true")
    parser.add_argument("--list", action="store_true", help="with --causes: every split")
    parser.add_argument("--added", action="store_true")
    parser.add_argument("--of", default="main", help="with --causes: the variant read")
    parser.add_argument("--model", type=Path, help="pair probabilities (model-CUT-MOST)")
    args = parser.parse_args()
    from site_builder.align.language import load_language
    from site_builder.core.config import load_config

    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    with tempfile.TemporaryDirectory() as workdir:
        items = aq.gold_stories(REPO.parent / "shared", Path(workdir))
        runs = diagnosed(items, settings, language)
        if args.model:
            PROBABILITIES.update(json.loads(args.model.read_text(encoding="utf-8")))
        if args.causes:
            if args.of != "main":
                runs = rewritten(runs, args.of, language)
            causes(runs, args.list)
        else:
            compare(runs, args.variants or [*VARIANTS, *LINKED], args.added, language)


if __name__ == "__main__":
    main()
