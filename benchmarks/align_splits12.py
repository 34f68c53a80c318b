"""Every split gold event on every gold, by one cause each (issue 23, point 2, twelfth
round), and grouping variants patched into the real aligner against main.

For each split event (gold.split_events) the best row is the choice of one of the
event's passages per outlet the groups link for it whose weakest pair is strongest;
each pair of it is "shown" (some group holds both), "same" (a same-event sentence link
the groups did not put together), "related" (shown under related), "found" (a candidate
the aligner found and dropped) or "none". The cause is read from that row:

- filed elsewhere: every pair of the best row has a same-event link: complete linkage
  filed a link into a group holding another fact's passage (grouping alone could mend);
- related only: the weakest pair of the best row is a related-tier link;
- dropped only: the weakest pair is a candidate found and dropped;
- told twice: no row over any link, and the groups hold two passages of one outlet that
  tell the event (A-B and B'-C);
- chain: no row over any link, each outlet's passage is one (A-B, B-C, no A-C link).

    python benchmarks/align_splits12.py --causes [--list] [--of VARIANT]
    python benchmarks/align_splits12.py [--added] [VARIANT ...]
    python benchmarks/align_splits12.py --large 100     # the gold-pool large story

"as is" is this checkout's aligner; "before" switches off the kept rule (rows.quoted_pairs
gives nothing: main 7621198); the found-* variants are rows.shown_rows allowing one pair
no event shows where a candidate link passes a test (see VARIANTS), measured on main.
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
from site_builder.align.gold import (  # noqa: E402
    predicted_links,
    reader_quality,
    split_events,
)

SETS = ("development", "held-out", *aq.HELD_OUT_SETS)
TIERS = ("none", "found", "related", "same", "shown")


def pair_tiers(diagnosis) -> dict:
    """Passage pair -> its strongest tier (see the module's docstring)."""
    units = diagnosis.units
    alignment = diagnosis.alignment
    tier: dict = {}

    def lift(key, name):
        if TIERS.index(name) > TIERS.index(tier.get(key, "none")):
            tier[key] = name

    for link in diagnosis.links:
        if link not in diagnosis.reasons:
            continue
        key = frozenset({(units[i].article, units[i].passage) for i in (link.left, link.right)})
        if len({a for a, _ in key}) < 2:
            continue
        lift(key, "same" if diagnosis.reasons[link] else "found")
    for key in predicted_links(alignment.related):
        lift(key, "related")
    for key in predicted_links(alignment.groups):
        lift(key, "shown")
    return tier


def best_row(event: set, holding: list[set], tier: dict):
    """The row (one passage of the event per outlet the groups link) whose weakest pair
    is strongest, and that weakest tier."""
    outlets = sorted({a for held in holding for a, _ in held})
    choices = [sorted(p for p in event if p[0] == a) for a in outlets]
    best, best_key = None, None
    for row in itertools.product(*choices):
        levels = [
            TIERS.index(tier.get(frozenset(pair), "none"))
            for pair in itertools.combinations(row, 2)
        ]
        key = (min(levels), sum(levels))
        if best_key is None or key > best_key:
            best, best_key = row, key
    return best, TIERS[best_key[0]]


def row_tiers(row, tier: dict) -> str:
    """Each pair of a row's passages (outlet's first letters/passage) with the tier that
    links them ('none' where nothing does), for the listing of a split event."""
    return ", ".join(
        f"{a[0][:3]}/{a[1]}~{b[0][:3]}/{b[1]} {tier.get(frozenset((a, b)), 'none')}"
        for a, b in itertools.combinations(row, 2)
    )


def cause_of(event: set, holding: list[set], tier: dict) -> tuple[str, tuple]:
    """One cause per split event (see the module's docstring)."""
    row, weakest = best_row(event, holding, tier)
    if weakest in ("shown", "same"):
        return "filed elsewhere", row
    if weakest == "related":
        return "related only", row
    if weakest == "found":
        return "dropped only", row
    told = Counter(a for a, _ in set().union(*holding))
    if any(n >= 2 for n in told.values()):
        return "told twice", row
    return "chain", row


def mixed(groups, event: set) -> bool:
    """Whether a group that links the event holds a passage of another fact."""
    for g in groups:
        keys = {(m.article, m.passage) for m in g.members}
        if len({a for a, _ in keys & event}) >= 2 and keys - event:
            return True
    return False


CURRENT: dict = {}
FEATURES: dict = defaultdict(list)


def run(items, settings, language):
    """Per story: (set, name, gold, diagnosis)."""
    for item in items:
        CURRENT["story"] = item.name
        diagnosis = A.diagnose(item.story, settings, language)
        yield aq.set_of(item.name, item.gold.split), item, diagnosis


def causes(items, settings, language, show: bool) -> None:
    """Every split, by cause, per set."""
    per_set: dict = defaultdict(Counter)
    for name, item, diagnosis in run(items, settings, language):
        tier = pair_tiers(diagnosis)
        missed = aq.miss_causes(diagnosis, item.gold)
        groups = diagnosis.alignment.groups
        for index, holding in aq.split_holdings(groups, item.gold):
            event = set(item.gold.events[index].passages)
            cause, row = cause_of(event, holding, tier)
            per_set[name][cause] += 1
            per_set[name]["mixed group"] += mixed(groups, event)
            per_set[name]["split"] += 1
            if cause in ("told twice", "chain"):
                outlets = {a for held in holding for a, _ in held}
                for pair in itertools.combinations(sorted(outlets), 2):
                    why = missed.get((index, frozenset(pair)))
                    if why:
                        per_set[name]["missed unit: " + why] += 1
            if show:
                pairs = row_tiers(row, tier)
                print(f"{item.name[6:]} [{name}] {cause}: {item.gold.events[index].label}")
                print(f"    best row: {pairs}")
    total: Counter = Counter()
    labels = ("split", "filed elsewhere", "related only", "dropped only", "told twice", "chain")
    print("| set | " + " | ".join(labels) + " | a group holds another fact |")
    for name in SETS:
        if name in per_set:
            c = per_set[name]
            total.update(c)
            print(
                f"| {name} | " + " | ".join(str(c[k]) for k in labels) + f" | {c['mixed group']} |"
            )
    print("| all | " + " | ".join(str(total[k]) for k in labels) + f" | {total['mixed group']} |")
    print(
        "missed units between the outlets of splits no row can hold:",
        {k[13:]: v for k, v in sorted(total.items()) if k.startswith("missed unit: ")},
    )


# ---------------------------------------------------------------- variants

VARIANTS: dict = {}
ORIGINAL_MERGED = A.merged_events
ORIGINAL_LINKS = A.sentence_links


def _found_rows(test, most: int = 1) -> list:
    """rows.shown_rows where a row may also put together up to `most` pairs that no
    event shows but a candidate link of the aligner backs (one `test` accepts: test(link,
    units, first, second, a, b) with a, b the two passages and first, second the events
    they come from)."""
    from site_builder.align import rows as R

    seen: dict = {}

    def record_links(*args, **kwargs):
        out = ORIGINAL_LINKS(*args, **kwargs)
        seen["links"] = out  # dated links are added to this list in place
        return out

    def record_merged(events, linked=None, named=None):
        seen["linked"] = linked
        seen["units"] = named[0]._units if named else None
        return ORIGINAL_MERGED(events, linked, named)

    def rows(events, units, quoted=None):
        together = {pair for event in events for pair in R._pairs(event.passages)}
        by_pair: dict = defaultdict(list)
        for link in seen.get("links", ()):
            key = frozenset({(units[i].article, units[i].passage) for i in (link.left, link.right)})
            if key in seen["linked"]:
                by_pair[key].append(link)
        holding: dict = defaultdict(list)
        for index, event in enumerate(events):
            for key in event.passages.items():
                holding[key].append(index)
        held = {frozenset(event.passages.items()) for event in events}
        made: dict = {}
        for index, event in enumerate(events):
            partners = sorted(
                {j for key in event.passages.items() for j in holding[key] if j > index}
            )
            for other in (events[j] for j in partners):
                for row in _candidate_rows(event, other, together, by_pair, units, test, most):
                    if row not in held and not R._inside(row, events, holding):
                        made.setdefault(row)
        if not made:
            return events
        new = [R._row_event(row, events, holding, units, []) for row in made]
        kept = [e for e in events if not any(frozenset(e.passages.items()) < r for r in made)]
        return kept + new

    return [
        mock.patch.object(A, "sentence_links", record_links),
        mock.patch.object(A, "merged_events", record_merged),
        mock.patch.object(A, "shown_rows", rows),
    ]


def _candidate_rows(first, second, together, by_pair, units, test, most):
    differ = sorted(
        a
        for a in first.passages.keys() & second.passages.keys()
        if first.passages[a] != second.passages[a]
    )
    if len(differ) > 2:
        return
    if not any(
        first.passages[a] == second.passages[a]
        for a in first.passages.keys() & second.passages.keys()
    ):
        return
    fixed = {**second.passages, **first.passages}
    for picked in itertools.product(*((first.passages[a], second.passages[a]) for a in differ)):
        passages = {**fixed, **dict(zip(differ, picked))}
        new = [pair for pair in _pairs(passages) if pair not in together]
        if len(new) > most:
            continue
        passing = {
            pair: [
                link
                for link in by_pair.get(pair, ())
                if test(link, units, first, second, *sorted(pair))
            ]
            for pair in new
        }
        if all(passing.values()):
            for pair, links in passing.items():
                link = max(links, key=lambda k: k.score)
                FEATURES[(CURRENT.get("story"), pair)].append(
                    f"score {link.score:.2f} best {link.best} closest {link.closest} "
                    f"held {_held_sentences(link, units, first, second, *sorted(pair))} "
                    f"shares {_shares_evidence(link, units, first, second, *sorted(pair))} "
                    f"kinds {sorted(link.kinds)} ev {list(link.evidence)}"
                )
            yield frozenset(passages.items())


def _pairs(passages):
    keys = sorted(passages.items())
    return [frozenset(pair) for pair in itertools.combinations(keys, 2)]


def _held_sentences(link, units, first, second, a, b) -> bool:
    """The link joins, in each of the two passages, a sentence an event holds of it."""
    ends = {
        (units[i].article, units[i].passage): units[i].sentence for i in (link.left, link.right)
    }
    return all(
        any(
            e.passages.get(k[0]) == k[1] and ends[k] in e.sentences.get(k[0], ())
            for e in (first, second)
        )
        for k in (a, b)
    )


def _shares_evidence(link, units, first, second, a, b) -> bool:
    """The link's terms meet the terms of both events' links."""

    def terms(e):
        return {t for x in e.links for t in x.terms}

    return bool(link.terms & terms(first)) and bool(link.terms & terms(second))


VARIANTS.update(
    {
        "before": lambda: [mock.patch.object(A, "quoted_pairs", lambda *a, **k: {})],
        "found-kinds": lambda: _found_rows(
            lambda link, *a: bool(link.kinds & {"quote", "run", "phrase", "number"})
        ),
        "found-quote-run": lambda: _found_rows(
            lambda link, *a: bool(link.kinds & {"quote", "run"})
        ),
        "found-quote-run-held": lambda: _found_rows(
            lambda link, *a: bool(link.kinds & {"quote", "run"}) and _held_sentences(link, *a)
        ),
        "found-quote-run-phrase-held": lambda: _found_rows(
            lambda link, *a: (
                bool(link.kinds & {"quote", "run", "phrase"}) and _held_sentences(link, *a)
            )
        ),
        "found-kinds-held": lambda: _found_rows(
            lambda link, *a: (
                bool(link.kinds & {"quote", "run", "phrase", "number"})
                and _held_sentences(link, *a)
            )
        ),
        "found-quote-run-held-2": lambda: _found_rows(
            lambda link, *a: bool(link.kinds & {"quote", "run"}) and _held_sentences(link, *a),
            most=2,
        ),
        "found-any": lambda: _found_rows(lambda *a: True),
        "found-held": lambda: _found_rows(_held_sentences),
        "found-held-shares": lambda: _found_rows(
            lambda *a: _held_sentences(*a) and _shares_evidence(*a)
        ),
        "found-best": lambda: _found_rows(lambda link, *a: link.best),
        "found-held-best": lambda: _found_rows(
            lambda link, *a: link.best and _held_sentences(link, *a)
        ),
        "found-two-things": lambda: _found_rows(lambda link, *a: len(link.evidence) >= 2),
        "found-held-two": lambda: _found_rows(
            lambda link, *a: len(link.evidence) >= 2 and _held_sentences(link, *a)
        ),
    }
)


def variant(name: str):
    """The patches of a variant (a list of mock patchers); "as is": none (this
    checkout's aligner; on main 7621198 without the quoted rows, "before" here)."""
    return VARIANTS[name]() if name != "as is" else []


def scored(items, settings, language, patches) -> dict:
    """Per story: (set, quality, split, found, shown links)."""
    out = {}
    for p in patches:
        p.start()
    try:
        for name, item, diagnosis in run(items, settings, language):
            groups = diagnosis.alignment.groups
            links = predicted_links(groups)
            q = reader_quality(links, item.gold)
            out[item.name] = (name, q, split_events(groups, item.gold), links, item.gold)
    finally:
        for p in reversed(patches):
            p.stop()
    return out


def add(qs):
    c = sum(q.correct for q in qs)
    p = sum(q.predicted for q in qs)
    f = sum(q.found for q in qs)
    w = sum(q.wanted for q in qs)
    return c, p, f, w


def fmt(rows) -> str:
    c, p, f, w = add([r[1] for r in rows])
    split = sum(r[2][0] for r in rows)
    events = sum(len(r[4].events) for r in rows)
    return f"{c / p:.3f} ({c}/{p}) / {f / w:.3f} ({f}) / {split} ({100 * split / events:.1f} %)"


def compare(items, settings, language, names: list[str], added: bool) -> None:
    base = scored(items, settings, language, [])
    results = {"as is": base}
    for name in names:
        results[name] = scored(items, settings, language, variant(name))
    print("| variant | " + " | ".join(SETS) + " | held-out all | all golds | added right/wrong |")
    for name, res in results.items():
        cells = []
        for s in SETS:
            rows = [r for r in res.values() if r[0] == s]
            cells.append(fmt(rows) if rows else "")
        held = [r for r in res.values() if r[0] != "development"]
        right = wrong = 0
        for story, r in res.items():
            new = r[3] - base[story][3]
            for pair in new:
                ok = any(pair <= set(e.passages) for e in r[4].events)
                right += ok
                wrong += not ok
                if added and name != "as is":
                    feats = FEATURES.get((story, pair), ["(no row link: a shown row's pair)"])
                    print(
                        f"    {name} adds {'right' if ok else 'WRONG'}: {story} {sorted(pair)}"
                        f" {feats[0]}"
                    )
        print(
            f"| {name} | "
            + " | ".join(cells)
            + f" | {fmt(held)} | {fmt(list(res.values()))} | {right}/{wrong} |"
        )
    for name in names:
        for story in sorted(base):
            b, v = base[story], results[name][story]
            if (b[1].correct, b[1].predicted, b[1].found, b[2][0]) != (
                v[1].correct,
                v[1].predicted,
                v[1].found,
                v[2][0],
            ):
                print(
                    f"  {name} {story} [{b[0]}]: {b[1].correct}/{b[1].predicted}, "
                    f"{b[1].found}, split {b[2][0]} -> {v[1].correct}/{v[1].predicted}, "
                    f"{v[1].found}, split {v[2][0]}"
                )


def large(items: list, size: int) -> None:
    """The gold-pool synthetic story (align_grouping.gold_pool_story: large_story.py's
    story of `size` articles made from the gold triplets' paragraphs only) aligned as is
    and before, alternated twice: groups, shown pairs, the share right by the golds,
    the pairs added and removed (right) and align CPU."""
    import align_grouping as ag

    with ag.gold_pool_story(items, size) as (story, judged):
        shown = {}
        for name in ("before", "as is", "before", "as is"):
            groups, seconds = ag.aligned(story, variant(name))
            shown[name] = predicted_links(groups)
            counts = Counter(judged(pair) for pair in shown[name])
            cpu = f", align CPU {seconds:.2f} s"
            print(ag.pool_line(name, groups, shown[name], counts, cpu), flush=True)
        added = shown["as is"] - shown["before"]
        removed = shown["before"] - shown["as is"]
        print(
            f"added {len(added)} ({sum(judged(p) != 'wrong' for p in added)} right), "
            f"removed {len(removed)} ({sum(judged(p) != 'wrong' for p in removed)} right)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*")
    parser.add_argument("--causes", action="store_true")
    parser.add_argument("--list", action="store_true", help="with --causes: every split")
    parser.add_argument("--of", default="as is", help="the variant --causes reads")
    parser.add_argument("--added", action="store_true")
    parser.add_argument("--large", type=int, metavar="N", help="the gold-pool story of N articles")
    args = parser.parse_args()
    from site_builder.align.language import load_language
    from site_builder.core.config import load_config

    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    with tempfile.TemporaryDirectory() as workdir:
        items = aq.gold_stories(REPO.parent / "shared", Path(workdir))
        if args.large:
            large(items, args.large)
        elif args.causes:
            patches = variant(args.of)
            for p in patches:
                p.start()
            causes(items, settings, language, args.list)
            for p in patches:
                p.stop()
        else:
            compare(items, settings, language, args.variants or list(VARIANTS), args.added)


if __name__ == "__main__":
    main()
