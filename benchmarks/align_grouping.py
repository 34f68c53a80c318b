"""Grouping variants measured on the 40 gold stories (issue 23, point 2, ninth round).

Splits and mixed groups sorted by cause (--causes), and each grouping variant patched
into the real aligner (unittest.mock, as align_order.py and align_precision.py do),
scored as benchmarks/align_quality.py scores the site: per set (development, held-out,
held-out-3, -4, -5, held-out all) and per story.

    python benchmarks/align_grouping.py --causes          # splits and mixed groups by cause
    python benchmarks/align_grouping.py [VARIANT ...]     # variants (default: all)
    python benchmarks/align_grouping.py --added kept      # the pairs a variant adds
    python benchmarks/align_grouping.py --large 100 kept  # a synthetic story, judged by gold

Every variant is measured against "before" (main before this round: two events join
only where every two passages the join puts together have a sentence link); --causes
reads the groups of "before" (--of VARIANT: another's).
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align import cluster as C  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    combined,
    found_units,
    gold_units,
    predicted_links,
    reader_quality,
    split_events,
    wrong_links,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.read.content import read_story  # noqa: E402

SETTINGS = load_config(REPO / "site.yml").alignment
LANGUAGE = load_language("en")
SETS = ("development", "held-out", "held-out-3", "held-out-4", "held-out-5")
ORIGINAL_MERGED = C.merged_events
ORIGINAL_EVENTS = C.events_from_links
ORIGINAL_SENTENCE_LINKS = A.sentence_links


def stories(workdir: Path) -> list:
    """The gold stories of SETS (the 40 this round chose on); a later blind set is
    never read here."""
    found = aq.gold_stories(REPO.parent / "shared", workdir)
    return [item for item in found if aq.set_of(item.name, item.gold.split) in SETS]


# ---------------------------------------------------------------- variants


def variant(name: str) -> list:
    """The patches that make variant `name` (see VARIANTS)."""
    if name == "kept":
        return []
    if name == "before":  # as before this round: every joined pair needs a link

        def before(events, linked=None, rare=None):
            return ORIGINAL_MERGED(events, linked)

        return [mock.patch.object(A, "merged_events", before)]
    if name == "merge-unlinked":  # round one's: no link needed between the joined

        def unlinked(events, linked=None, rare=None):
            return ORIGINAL_MERGED(events)

        return [mock.patch.object(A, "merged_events", unlinked)]
    if name.startswith("star"):  # star clustering of the same-event links ("star-linked":
        # the satellites of one centre linked to each other too, by any sentence link)
        seen: dict = {"story": None, "n": 0, "pairs": set()}

        def record(units, *args, **kwargs):
            links = ORIGINAL_SENTENCE_LINKS(units, *args, **kwargs)
            seen["pairs"] = {C.link_passages(units, link) for link in links}
            return links

        def stars(units, links, apart):
            if seen["story"] is not units:  # a new story: its first call is the same-event one
                seen["story"], seen["n"] = units, 0
            seen["n"] += 1
            if seen["n"] > 1:
                return ORIGINAL_EVENTS(units, links, apart)
            return star_events(
                units, links, apart, seen["pairs"] if name == "star-linked" else None
            )

        return [
            mock.patch.object(A, "events_from_links", stars),
            mock.patch.object(A, "sentence_links", record),
        ]
    if name.startswith("pairs:"):  # the kept rule, at most N pairs without a link a join
        return [mock.patch.object(C, "MERGE_UNLINKED", int(name.split(":")[1]))]
    if name.startswith("union:"):  # the kept rule at another MERGE_SPREAD
        return [mock.patch.object(C, "MERGE_SPREAD", float(name.split(":")[1]))]
    if name.startswith(("union+", "articles:", "share:")):
        # the thing's limit otherwise: as many passages as the two events hold together
        # plus s ("union+s"), k times the story's articles ("articles:k"), a share x of
        # the story's passages ("share:x")
        kind, value = name.split(":") if ":" in name else ("union+", name[6:])

        def limit(size: int, terms: dict) -> float:
            if kind == "union+":
                return size + float(value)
            if kind == "articles":
                return float(value) * len({a for a, _ in terms})
            return float(value) * len(terms)

        def carried(first, second, linked, named, shared):
            mine = set(first.passages.items()) - set(second.passages.items())
            theirs = set(second.passages.items()) - set(first.passages.items())
            terms, frequency = named
            most = limit(len(first.passages.items() | second.passages.items()), terms)
            found: set = set()
            for a in mine:
                for b in theirs:
                    if a[0] == b[0] or frozenset({a, b}) in linked:
                        continue
                    both = {t for t in shared & terms[a] & terms[b] if frequency[t] <= most}
                    if not both:
                        return None
                    found |= both
            return found

        return [mock.patch.object(C, "_carried", carried)]
    raise SystemExit(f"unknown variant {name}")


def star_events(units, links, apart, any_linked: set | None) -> list:
    """Star clustering (Aslam et al.) over passages: the passage with the most link
    weight not yet in a star is a centre; its star holds, per other article, its most
    strongly linked passage there (one passage per article), with `any_linked` (passage
    pairs with any sentence link) only where that passage has a link to every satellite
    already in the star. Passages of a star are covered (they start no star of their
    own) but may be satellites of later ones."""
    edges: dict = defaultdict(dict)  # passage -> partner -> [links]
    weight: Counter = Counter()
    for link in links:
        pair = C.link_passages(units, link)
        if pair in apart:
            continue
        a, b = sorted(pair)
        for x, y in ((a, b), (b, a)):
            edges[x].setdefault(y, []).append(link)
            weight[x] += link.strength
    covered: set = set()
    events = []
    for centre in sorted(weight, key=lambda k: (-weight[k], k)):
        if centre in covered:
            continue
        best: dict = {}
        for partner, found in edges[centre].items():
            strength = max(link.strength for link in found)
            if partner[0] not in best or strength > best[partner[0]][0]:
                best[partner[0]] = (strength, partner)
        members = [centre]
        for _, partner in sorted(best.values(), key=lambda x: (-x[0], x[1])):
            if any_linked is not None and not all(
                frozenset({partner, m}) in any_linked for m in members[1:]
            ):
                continue
            members.append(partner)
        if len(members) < 2:
            continue
        event = C.Event()
        for partner in members[1:]:
            for link in edges[centre][partner]:
                event.add(units[link.left])
                event.add(units[link.right])
                event.links.append(link)
        covered.update(members)
        events.append(event)
    return events


def run(patches: list, items: list, record: dict | None = None) -> dict:
    """Every story's (set, quality, shown links, split events, item, diagnosis), aligned
    with `patches` (a variant's, see variant) in force; with `record`, each story's
    merged events too (as the patched merged_events returns them)."""
    captured: dict = {}
    patches = list(patches)
    for p in patches:
        p.start()
    if record is not None:
        inner = A.merged_events  # the variant's, where it patches it

        def recording(*args, **kwargs):
            out = inner(*args, **kwargs)
            captured["events"] = list(out)
            return out

        patches.append(mock.patch.object(A, "merged_events", recording))
        patches[-1].start()
    per = {}
    try:
        for item in items:
            label = aq.set_of(item.name, item.gold.split)
            diagnosis = A.diagnose(item.story, SETTINGS, LANGUAGE)
            groups = diagnosis.alignment.groups
            shown = predicted_links(groups)
            split, _ = split_events(groups, item.gold)
            per[item.name] = (
                label,
                reader_quality(shown, item.gold),
                shown,
                split,
                item,
                diagnosis,
            )
            if record is not None:
                record[item.name] = dict(captured)
    finally:
        for p in reversed(patches):
            p.stop()
    return per


def totals_of(label: str, count: int) -> tuple[str, ...]:
    """The rows of summary a story of set `label` counts in, of `count` stories read."""
    return (label, *(["held-out all"] if label != "development" else []), f"all {count}")


def summary(per: dict, base: dict | None, sets_read: tuple[str, ...] = SETS) -> str:
    """Per set of `sets_read`, held-out all and all the stories read: precision,
    recall and split events; against `base`, the shown pairs added and removed (right
    by the gold) and each story whose figures changed."""
    sets = defaultdict(list)
    splits: Counter = Counter()
    events: Counter = Counter()
    for label, quality, _, split, item, _ in per.values():
        for key in totals_of(label, len(per)):
            sets[key].append(quality)
            splits[key] += split
            events[key] += len(item.gold.events)
    lines = []
    for label in (*sets_read, "held-out all", f"all {len(per)}"):
        q = combined(sets[label])
        lines.append(
            f"  {label:12} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
            f"R {q.recall:.3f} ({q.found}/{q.wanted})  split {splits[label]} "
            f"({splits[label] / events[label]:.1%})"
        )
    if base:
        changed = []
        added_right = added = removed_right = removed = 0
        for story, (_, q, shown, split, item, _) in per.items():
            b = base[story]
            new, gone = shown - b[2], b[2] - shown
            wrong = wrong_links(shown | b[2], item.gold)
            added += len(new)
            added_right += len(new - wrong)
            removed += len(gone)
            removed_right += len(gone - wrong)
            if (q.correct, q.predicted, q.found, split) != (
                b[1].correct,
                b[1].predicted,
                b[1].found,
                b[3],
            ):
                changed.append(
                    f"{story.removeprefix('basil-')} {b[1].correct}/{b[1].predicted},"
                    f"{b[1].found},s{b[3]} -> {q.correct}/{q.predicted},{q.found},s{split}"
                )
        lines.append(
            f"  shown pairs added {added_right}/{added} right, removed {removed_right}/{removed}"
        )
        lines.append("  stories (right/shown,units,split): " + ("; ".join(changed) or "none"))
    return "\n".join(lines)


# ---------------------------------------------------------------- causes


def split_cause(event_passages, holding_groups, linked) -> str:
    members = set(event_passages)
    held = [{(m.article, m.passage) for m in g.members} for g in holding_groups]
    inside = [h & members for h in held]
    union = set().union(*inside)
    told = Counter(a for a, _ in union)
    outlets_of_event = {a for a, _ in members}
    if any(n >= 2 for n in told.values()):
        return "twice"
    if any(a in outlets_of_event and (a, p) not in members for h in held for a, p in h):
        return "place"
    shared = any(inside[i] & inside[j] for i, j in itertools.combinations(range(len(inside)), 2))
    if shared:
        outside = [
            (a, b)
            for i, j in itertools.combinations(range(len(inside)), 2)
            for a in inside[i] - inside[j]
            for b in inside[j] - inside[i]
            if a[0] != b[0]
        ]
        if all(frozenset(p) in linked for p in outside):
            return "apart-linked"
        return "apart-unlinked"
    return "disjoint"


def groups_telling(groups: list, members: set) -> list:
    """The groups that hold passages of two or more outlets of one gold event (its
    passages `members`)."""
    return [
        g
        for g in groups
        if len({m.article for m in g.members if (m.article, m.passage) in members}) >= 2
    ]


def causes(items: list, base: dict) -> None:
    table: dict = defaultdict(Counter)
    mixed: dict = defaultdict(Counter)
    reader: dict = defaultdict(Counter)
    for item in items:
        label, _, shown, _, _, diagnosis = base[item.name]
        gold = item.gold
        groups = diagnosis.alignment.groups
        linked = aq.linked_pairs(diagnosis)
        found = found_units(shown, gold)
        units = gold_units(gold)
        keys = ["held-out all"] if label != "development" else []
        for index, holding in aq.split_holdings(groups, gold):
            event = gold.events[index]
            members = set(event.passages)
            hg = groups_telling(groups, members)
            cause = split_cause(event.passages, hg, linked)
            row = aq.row_possible(members, holding, linked)
            outlets = sorted({a for h in holding for a, _ in h})
            pairs = {(index, frozenset(p)) for p in itertools.combinations(outlets, 2)}
            complete = pairs <= found
            for key in (label, *keys):
                table[key][cause] += 1
                table[key]["row possible"] += row
                reader[key]["every outlet pair found" if complete else "a pair missing"] += 1
                reader[key][f"{cause}, pair missing"] += not complete
            print(
                f"{item.name.removeprefix('basil-')}: {cause}, row {'yes' if row else 'no'}, "
                f"pairs {'all' if complete else 'missing'}: {event.label}"
            )
            for g in hg:
                print(
                    "     "
                    + g.id
                    + " "
                    + " ".join(
                        f"{m.article}/{m.passage}"
                        + ("" if (m.article, m.passage) in members else "(x)")
                        for m in g.members
                    )
                )
        for event in gold.events:
            members = set(event.passages)
            rows = [
                {(m.article, m.passage) for m in g.members} & members
                for g in groups_telling(groups, members)
            ]
            outlets = [{a for a, _ in r} for r in rows]
            if len(rows) >= 2 and any(o >= set().union(*outlets) for o in outlets):
                for key in (label, *keys):
                    reader[key]["several rows, one whole"] += 1
                    told = Counter(a for a, _ in set().union(*rows))
                    reader[key]["several rows, one whole, told twice"] += any(
                        n >= 2 for n in told.values()
                    )
        # groups that mix facts
        same_links = {
            C.link_passages(diagnosis.units, link): r for link, r in diagnosis.reasons.items() if r
        }
        for g in groups:
            keys_g = [(m.article, m.passage) for m in g.members]
            if any(set(keys_g) <= set(e.passages) for e in gold.events):
                kind = "one gold event"
            elif not any(set(keys_g) & set(e.passages) for e in gold.events):
                kind = "no gold event at all"
            else:
                pairs = [frozenset(p) for p in itertools.combinations(keys_g, 2)]
                bad = [p for p in pairs if not any(p <= set(e.passages) for e in gold.events)]
                if not bad:
                    kind = "chain: every pair one event, no event all"
                elif all(p in same_links for p in bad):
                    kind = "wrong pair, its own link"
                elif all(p not in same_links for p in bad):
                    kind = "wrong pair, joined by grouping only"
                else:
                    kind = "wrong pairs, both"
            if len(g.members) >= 3 or kind != "one gold event":
                for key in (label, *keys):
                    mixed[key][f"{'of 3+' if len(g.members) >= 3 else 'of 2'}: {kind}"] += 1
        del units
    for key in (*SETS, "held-out all"):
        print(f"== {key}: splits {dict(table[key])}; reader {dict(reader[key])}")
        print(f"   groups {dict(sorted(mixed[key].items()))}")


def print_added(per: dict, base: dict, words: int = 10, keyed: bool = False) -> None:
    """Each shown passage pair a variant adds or removes, right or wrong: each passage's
    first `words` words (after its article/passage where `keyed`)."""

    def told(story, key) -> str:
        opening = aq.opening(story, key, words)
        return f"{key[0]}/{key[1]} {opening}" if keyed else opening

    for story, (_, _, shown, _, item, _) in per.items():
        old = base[story][2]
        wrong = wrong_links(shown | old, item.gold)
        for sign, pairs in (("+", shown - old), ("-", old - shown)):
            for pair in sorted(pairs, key=sorted):
                a, b = sorted(pair)
                print(
                    f"    {sign}{'x' if pair in wrong else ' '} {story.removeprefix('basil-')}: "
                    f"{told(item.story, a)}\n        <-> {told(item.story, b)}"
                )


def squashed(text: str) -> str:
    """A paragraph's letters and digits only, lower case (to find a pool paragraph's
    passage in the imported gold stories)."""
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).lower())


@contextmanager
def gold_pool_story(items: list, size: int) -> Iterator[tuple]:
    """large_story.py's synthetic story of `size` articles, its pool the gold triplets'
    paragraphs only (--gold-pool), and its judge by the golds: a shown pair of passages
    is right where both copy one paragraph ("copy") or two passages of one gold event
    ("event"), else "wrong". The story lives while the context does."""
    import large_story

    where: dict = {}
    events = {item.name: [set(e.passages) for e in item.gold.events] for item in items}
    for item in items:
        for article in item.story.articles:
            for passage in article.passages:
                where.setdefault(squashed(passage.text), (item.name, article.slug, passage.id))
    pool = large_story.gold_paragraphs(
        REPO.parent / "shared", frozenset(item.name for item in items)
    )
    source = [where.get(squashed(text)) for text in pool]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "story"
        origin = large_story.make_story(folder, size, pool)

        def judged(pair) -> str:
            x, y = (origin[key] for key in pair)
            if x == y:
                return "copy"
            a, b = source[x], source[y]
            if a is None or b is None or a[0] != b[0]:
                return "wrong"
            keys = {a[1:], b[1:]}
            return "event" if any(keys <= event for event in events[a[0]]) else "wrong"

        yield read_story(folder), judged


def aligned(story, patches: list) -> tuple[list, float]:
    """The story's groups, aligned with `patches` in force, and the CPU seconds taken."""
    for patch in patches:
        patch.start()
    try:
        started = time.process_time()
        groups = A.align_story(story, SETTINGS, LANGUAGE).groups
        return groups, time.process_time() - started
    finally:
        for patch in reversed(patches):
            patch.stop()


def pool_line(name: str, groups: list, shown: set, counts: Counter, tail: str = "") -> str:
    """One variant's line on the gold-pool story: its groups, its shown pairs and the
    share of them right by the golds (`counts`, by gold_pool_story's judged: "copy" and
    "event" are right), then `tail`."""
    right = counts["copy"] + counts["event"]
    return (
        f"{name}: {len(groups)} groups, {len(shown)} shown pairs, right "
        f"{right / len(shown):.3f}{tail}"
    )


def large(items: list, size: int, names: list[str]) -> None:
    """The gold-pool synthetic story (gold_pool_story) aligned with each variant and
    judged by the golds."""
    with gold_pool_story(items, size) as (story, judged):
        shown = {}
        for name in ("before", *names):
            groups, _ = aligned(story, variant(name))
            shown[name] = predicted_links(groups)
            counts = Counter(judged(pair) for pair in shown[name])
            print(pool_line(name, groups, shown[name], counts, f" ({dict(counts)})"), flush=True)
            if name != "before":
                for label, pairs in (
                    ("added", shown[name] - shown["before"]),
                    ("removed", shown["before"] - shown[name]),
                ):
                    counts = Counter(judged(pair) for pair in pairs)
                    print(f"  {label} {len(pairs)}: {dict(counts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*")
    parser.add_argument("--causes", action="store_true")
    parser.add_argument("--of", default="before", help="the variant --causes reads")
    parser.add_argument(
        "--large", type=int, metavar="N", help="the gold-pool synthetic story of N articles"
    )
    parser.add_argument("--added", action="store_true", help="list the pairs each adds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        items = stories(Path(workdir))
        if args.causes:
            causes(items, run(variant(args.of), items))
            return
        if args.large:
            large(items, args.large, args.variants or ["kept"])
            return
        base = run(variant("before"), items)
        print("before\n" + summary(base, None))
        for name in args.variants or list(VARIANTS):
            per = run(variant(name), items)
            print(name + "\n" + summary(per, base), flush=True)
            if args.added:
                print_added(per, base)


VARIANTS = (
    "kept",
    "merge-unlinked",
    "star",
    "star-linked",
    "pairs:1000",
    *(f"union:{x}" for x in (1, 1.5, 3)),
    *(f"union+{x}" for x in (1, 2, 3)),
    *(f"articles:{x}" for x in (1, 2, 3)),
    *(f"share:{x}" for x in (0.08, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 1.0)),
)
"""kept: main (two passages with no link may share a group where both name a thing the
joined events share that the story names in at most MERGE_SPREAD (2) times as many
passages as the events hold together); merge-unlinked: no check at all (round one);
star, star-linked: star clustering instead of complete linkage (see star_events), merged
as main merges; union:k, union+s, articles:k, share:x: the kept rule with the thing's
limit k times the events' passages, that many plus s, k times the story's articles, a
share x of the story's passages (share:1.0: any term of the joint evidence); pairs:N: at
most N pairs without a link a join (kept: 1)."""

if __name__ == "__main__":
    main()
