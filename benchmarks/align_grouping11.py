"""Grouping variants on every gold (issue 23, point 2, eleventh round: 52 then).

Every split gold event sorted by cause (--causes), and each grouping variant patched into
the real aligner (unittest.mock, as align_grouping.py does), scored as
benchmarks/align_quality.py scores the site: per set (development, held-out ..
held-out-8, held-out all, all) and per story; "before" is main (21dc906) without
this round's rows.shown_rows, "kept" with it.

    python benchmarks/align_grouping11.py --causes        # every split, by cause
    python benchmarks/align_grouping11.py [VARIANT ...]   # variants (default: all)
    python benchmarks/align_grouping11.py --added VARIANT # the pairs a variant adds
    python benchmarks/align_grouping11.py --large 100     # the gold-pool synthetic story
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

import align_grouping as ag  # noqa: E402
import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align import cluster as C  # noqa: E402
from site_builder.align.gold import predicted_links  # noqa: E402

SETS = ("development", "held-out", *aq.HELD_OUT_SETS)
ORIGINAL_MERGED = C.merged_events


def stories(workdir: Path) -> list:
    """The gold stories of tests/gold (no other BASIL story is read)."""
    return aq.gold_stories(REPO.parent / "shared", workdir)


# ---------------------------------------------------------------- variants

VARIANTS: dict = {"kept": list}


def _share_sentence(first, second) -> bool:
    """Whether two events hold one passage through a sentence in common."""
    return any(
        first.passages[a] == second.passages[a]
        and first.sentences.get(a, set()) & second.sentences.get(a, set())
        for a in first.passages.keys() & second.passages.keys()
    )


def _unit_pairs(units, links) -> dict:
    """Passage pair -> its sentence links."""
    found: dict = defaultdict(list)
    for link in links:
        found[C.link_passages(units, link)].append(link)
    return found


def linked_rows(
    events, linked, units, strong: float | None, need_sentence: bool, test=None, most=99
) -> list:
    """After merged_events: for two events that share a passage (through a sentence in
    common where `need_sentence`) and hold different passages of one article, each row
    choosing per article the passage of one or the other, with a sentence link between
    every two of its passages (`linked`: passage pair -> score; at least `strong` where
    given), is added as an event; events whose passages a row holds are dropped."""
    out = list(events)
    seen = {frozenset(e.passages.items()) for e in events}
    for e1, e2 in itertools.combinations(events, 2):
        common = e1.passages.keys() & e2.passages.keys()
        if not any(e1.passages[a] == e2.passages[a] for a in common):
            continue
        if not any(e1.passages[a] != e2.passages[a] for a in common):
            continue
        if need_sentence and not _share_sentence(e1, e2):
            continue
        articles = sorted(e1.passages.keys() | e2.passages.keys())
        choices = [sorted({e.passages[a] for e in (e1, e2) if a in e.passages}) for a in articles]
        for picked in itertools.product(*choices):
            row = frozenset(zip(articles, picked))
            if (
                row in seen
                or row <= frozenset(e1.passages.items())
                or row <= frozenset(e2.passages.items())
            ):
                continue
            old = [frozenset(e1.passages.items()), frozenset(e2.passages.items())]
            new = [
                frozenset(pair)
                for pair in itertools.combinations(row, 2)
                if not any(frozenset(pair) <= o for o in old)
            ]
            if len(new) > most:
                continue
            joint = C._terms(e1) | C._terms(e2)
            if not all(
                any(
                    link.score >= (strong or 0.0) and (test is None or test(link, joint))
                    for link in linked.get(pair, ())
                )
                for pair in new
            ):
                continue
            seen.add(row)
            event = C.Event()
            for a, p in row:
                event.passages[a] = p
                event.sentences[a] = set()
                for e in (e1, e2):
                    if e.passages.get(a) == p:
                        event.sentences[a] |= e.sentences[a]
            event.links = [
                link for e in (e1, e2) for link in e.links if C.link_passages(units, link) <= row
            ]
            out.append(event)
    rows = [frozenset(e.passages.items()) for e in out]
    return [e for e, r in zip(out, rows) if not any(r < other for other in rows)]


def _after_merged(then, among_shown: bool = False) -> list:
    """Patches that follow merged_events with `then(events, pairs, units)`, `pairs` the
    story's passage pairs -> their sentence links, of the pairs `linked` holds (where
    `among_shown`: of the pairs some merged event already holds together)."""
    seen: dict = {"pairs": {}}
    original = A.sentence_links

    def record(units, *args, **kwargs):
        links = original(units, *args, **kwargs)
        seen["pairs"] = _unit_pairs(units, links)
        return links

    def merged(events, linked=None, named=None):
        out = ORIGINAL_MERGED(events, linked, named)
        keep = linked
        if among_shown:
            keep = {
                frozenset(pair)
                for e in out
                for pair in itertools.combinations(sorted(e.passages.items()), 2)
            }
        pairs = {k: v for k, v in seen["pairs"].items() if k in keep}
        return then(out, pairs, named[0]._units)

    return [
        mock.patch.object(A, "sentence_links", record),
        mock.patch.object(A, "merged_events", merged),
    ]


def _shown_rows_variant(need_sentence: bool) -> list:
    """linked_rows where every pair a row puts together is already together in some
    event: no new pair for a reader, one row where there were two or three."""
    return _after_merged(
        lambda out, pairs, units: linked_rows(out, pairs, units, None, need_sentence),
        among_shown=True,
    )


def shown_cliques(events, units) -> list:
    """After merged_events: every set of passages of different articles, three or more,
    each two of which some event holds together (a clique of the shown pairs) and no
    event holds whole, is added as an event (maximal ones, Bron-Kerbosch); events a new
    one holds whole are dropped, their sentences and links kept in it."""
    graph: dict = defaultdict(set)
    links_of: dict = defaultdict(list)
    for e in events:
        for a, b in itertools.combinations(sorted(e.passages.items()), 2):
            graph[a].add(b)
            graph[b].add(a)
        for link in e.links:
            links_of[C.link_passages(units, link)].append(link)
    held = [frozenset(e.passages.items()) for e in events]
    found: list = []

    def expand(clique, candidates, excluded):
        if not candidates and not excluded:
            if len(clique) >= 3 and not any(frozenset(clique) <= h for h in held):
                found.append(frozenset(clique))
            return
        for v in sorted(candidates):
            fits = {w for w in graph[v] if all(w[0] != c[0] for c in (*clique, v))}
            expand([*clique, v], candidates & fits, excluded & fits)
            candidates = candidates - {v}
            excluded = excluded | {v}

    for v in sorted(graph):
        later = {w for w in graph[v] if w > v and w[0] != v[0]}
        earlier = {w for w in graph[v] if w < v and w[0] != v[0]}
        expand([v], later, earlier)
    out = list(events)
    for row in sorted(set(found), key=sorted):
        event = C.Event()
        for a, p in sorted(row):
            event.passages[a] = p
            event.sentences[a] = set()
        for e in events:
            for a, p in e.passages.items():
                if (a, p) in row:
                    event.sentences[a] |= e.sentences[a]
        seen_links: set = set()
        for pair in itertools.combinations(sorted(row), 2):
            for link in links_of.get(frozenset(pair), ()):
                if id(link) not in seen_links:
                    seen_links.add(id(link))
                    event.links.append(link)
        out.append(event)
    rows = [frozenset(e.passages.items()) for e in out]
    return [e for e, r in zip(out, rows) if not any(r < other for other in rows)]


def _cliques_variant():
    def merged(events, linked=None, named=None):
        out = ORIGINAL_MERGED(events, linked, named)
        return shown_cliques(out, named[0]._units)

    return [mock.patch.object(A, "merged_events", merged)]


VARIANTS["cliques-shown"] = _cliques_variant


def _strong_then_cliques(strong: float) -> list:
    return _after_merged(
        lambda out, pairs, units: shown_cliques(linked_rows(out, pairs, units, strong, True), units)
    )


for _s in (0.2, 0.25):
    VARIANTS[f"rows-sentence-strong:{_s}+cliques"] = lambda x=_s: _strong_then_cliques(x)
VARIANTS["rows-shown"] = lambda: _shown_rows_variant(False)
VARIANTS["rows-shown-sentence"] = lambda: _shown_rows_variant(True)


def _rows_variant(strong: float | None, need_sentence: bool, test=None, most=99) -> list:
    return _after_merged(
        lambda out, pairs, units: linked_rows(out, pairs, units, strong, need_sentence, test, most)
    )


VARIANTS["rows-sentence"] = lambda: _rows_variant(None, True)
VARIANTS["rows-sentence-strong"] = lambda: _rows_variant(0.16, True)
VARIANTS["rows-any"] = lambda: _rows_variant(None, False)
VARIANTS["rows-sentence-0.10"] = lambda: _rows_variant(0.10, True)
for _s in (0.2, 0.25, 0.3):
    VARIANTS[f"rows-sentence-strong:{_s}"] = lambda x=_s: _rows_variant(x, True)
VARIANTS["rows-sentence-term"] = lambda: _rows_variant(
    None, True, lambda link, joint: bool(link.terms & joint)
)
VARIANTS["rows-sentence-best"] = lambda: _rows_variant(None, True, lambda link, joint: link.best)
VARIANTS["rows-sentence-closest"] = lambda: _rows_variant(
    None, True, lambda link, joint: link.closest
)
VARIANTS["rows-sentence-two"] = lambda: _rows_variant(
    None, True, lambda link, joint: len(link.evidence) >= 2
)


def dropped_weaker(events, linked, units, ratio: float) -> list:
    """After merged_events: where two events hold one passage P through a sentence in
    common and different passages of one article X, the event whose X passage is the
    more weakly linked to P (its strongest link under `ratio` times the other's) lets
    that passage go (an event left with one passage is dropped)."""

    def strength(a, b) -> float:
        return max((link.score for link in linked.get(frozenset({a, b}), ())), default=0.0)

    losing: dict = defaultdict(set)  # event index -> articles it lets go
    for (i, e1), (j, e2) in itertools.combinations(enumerate(events), 2):
        common = e1.passages.keys() & e2.passages.keys()
        shared = [
            a
            for a in common
            if e1.passages[a] == e2.passages[a] and e1.sentences[a] & e2.sentences[a]
        ]
        if not shared:
            continue
        for x in common:
            if e1.passages[x] == e2.passages[x]:
                continue
            s1 = max(strength((a, e1.passages[a]), (x, e1.passages[x])) for a in shared)
            s2 = max(strength((a, e2.passages[a]), (x, e2.passages[x])) for a in shared)
            if s1 < ratio * s2:
                losing[i].add(x)
            elif s2 < ratio * s1:
                losing[j].add(x)
    out = []
    for index, event in enumerate(events):
        for x in losing.get(index, ()):
            del event.passages[x]
            del event.sentences[x]
            event.links = [
                link
                for link in event.links
                if all(units[k].article != x for k in (link.left, link.right))
            ]
        if len(event.passages) >= 2:
            out.append(event)
    return out


def _drop_variant(ratio: float, rows: float | None = -1.0) -> list:
    def then(out, pairs, units):
        if rows is not None and rows >= 0:
            out = linked_rows(out, pairs, units, rows, True)
        return dropped_weaker(out, pairs, units, ratio)

    return _after_merged(then)


for _r in (1.0, 0.75, 0.5):
    VARIANTS[f"drop-weaker:{_r}"] = lambda r=_r: _drop_variant(r)
VARIANTS["rows-strong+drop:0.5"] = lambda: _drop_variant(0.5, 0.16)


def correlation_joined(
    events, linked, tau: float, need_share: bool, penalty: float | None = None
) -> list:
    """After merged_events, correlation clustering over the link scores, greedily: two
    events that disagree on no article's passage (and share one, where `need_share`)
    join where the pairs the join puts together gain, summed, score - `tau` > 0 (a pair
    with no link scores 0), the largest gain first, until no join gains."""

    def score(a, b) -> float:
        return max((link.score for link in linked.get(frozenset({a, b}), ())), default=0.0)

    alive = list(events)
    while True:
        best = (0.0, None)
        for i, j in itertools.combinations(range(len(alive)), 2):
            e1, e2 = alive[i], alive[j]
            common = e1.passages.keys() & e2.passages.keys()
            if any(e1.passages[a] != e2.passages[a] for a in common):
                continue
            if need_share and not common:
                continue
            mine = set(e1.passages.items()) - set(e2.passages.items())
            theirs = set(e2.passages.items()) - set(e1.passages.items())
            pairs = [(a, b) for a in mine for b in theirs if a[0] != b[0]]
            if not pairs:
                continue
            if penalty is None:
                gain = sum(score(a, b) - tau for a, b in pairs)
            else:  # a linked pair gains its score, a pair with no link costs `penalty`
                gain = sum(score(a, b) or -penalty for a, b in pairs)
            if gain > best[0] + 1e-12:
                best = (gain, (i, j))
        if best[1] is None:
            return alive
        i, j = best[1]
        C._join(alive[i], alive[j])
        del alive[j]


def _cc_variant(tau: float, need_share: bool, penalty: float | None = None) -> list:
    return _after_merged(
        lambda out, pairs, units: correlation_joined(out, pairs, tau, need_share, penalty)
    )


for _t in (0.05, 0.1, 0.2):
    VARIANTS[f"cc:{_t}"] = lambda t=_t: _cc_variant(t, False)
for _p in (0.1, 0.3):
    VARIANTS[f"cc-penalty:{_p}"] = lambda p=_p: _cc_variant(0.0, True, p)


def _unlinked_sentence():
    """merged_events' one pair without a link allowed without a rare term where the
    two events hold their shared passage through a sentence in common."""
    original = C._carried

    def carried(first, second, linked, named, shared):
        found = original(first, second, linked, named, shared)
        if found is not None or linked is None or not _share_sentence(first, second):
            return found
        mine = set(first.passages.items()) - set(second.passages.items())
        theirs = set(second.passages.items()) - set(first.passages.items())
        unlinked = [
            (a, b) for a in mine for b in theirs if a[0] != b[0] and frozenset({a, b}) not in linked
        ]
        return {"(sentence)"} if len(unlinked) <= C.MERGE_UNLINKED else None

    return [mock.patch.object(C, "_carried", carried)]


def _joinable_sentence():
    """merged_events joins two events that share a passage through a sentence in common
    even where their evidence shares no term (every new pair still needs a link)."""
    original = C._joinable

    def joinable(first, second, terms, i, j):
        if original(first, second, terms, i, j):
            return True
        common = first.passages.keys() & second.passages.keys()
        if any(first.passages[a] != second.passages[a] for a in common):
            return False
        if _share_sentence(first, second):
            terms.setdefault(i, C._terms(first)).add("(sentence)")
            terms.setdefault(j, C._terms(second)).add("(sentence)")
            return True
        return False

    return [mock.patch.object(C, "_joinable", joinable)]


VARIANTS["unlinked-sentence"] = _unlinked_sentence
VARIANTS["joinable-sentence"] = _joinable_sentence
VARIANTS["both-sentence"] = lambda: [*_unlinked_sentence(), *_joinable_sentence()]


def variant(name: str) -> list:
    """The patches that make variant `name` (see VARIANTS): every one but "kept" is
    measured on main's grouping, without rows.shown_rows."""
    if name == "kept":
        return []
    without = mock.patch.object(A, "shown_rows", lambda events, units, quoted=None: events)
    if name == "before":
        return [without]
    if name in VARIANTS:
        return [without, *VARIANTS[name]()]
    raise SystemExit(f"unknown variant {name}")


# ---------------------------------------------------------------- causes


def pair_relation(g1: set, g2: set, members: set, same: set, anylink: set) -> str:
    """How two groups that each link a split event (their passages `g1`, `g2`) stand to
    each other over the event's passages (`members`): they share a passage of it; a
    same-event link joins a passage of one to a passage of the other; only a weaker
    link (related or dropped) does; nothing does."""
    a, b = g1 & members, g2 & members
    if a & b:
        return "share a member"
    cross = [frozenset({x, y}) for x in a - b for y in b - a if x[0] != y[0]]
    if any(p in same for p in cross):
        return "same-event link across"
    if any(p in anylink for p in cross):
        return "only a weaker link across"
    return "no link across"


def why_apart(e1, e2, linked, named) -> str:
    """Why merged_events did not join two events that share a passage."""
    common = e1.passages.keys() & e2.passages.keys()
    if any(e1.passages[a] != e2.passages[a] for a in common):
        return "conflict: another passage of one outlet"
    terms: dict = {}
    if not C._joinable(e1, e2, terms, 1, 2):
        return "no term of evidence shared"
    mine = set(e1.passages.items()) - set(e2.passages.items())
    theirs = set(e2.passages.items()) - set(e1.passages.items())
    unlinked = sum(
        1 for x in mine for y in theirs if x[0] != y[0] and frozenset({x, y}) not in linked
    )
    return f"{unlinked} pair(s) without a link" + (" (no rare term)" if unlinked == 1 else "")


def causes(items: list, base: dict, recorded: dict) -> None:
    table: dict = defaultdict(Counter)
    for item in items:
        label, _, _, _, _, diagnosis = base[item.name]
        gold = item.gold
        units = diagnosis.units
        groups = diagnosis.alignment.groups
        anylink = aq.linked_pairs(diagnosis)
        same = {C.link_passages(units, k) for k, r in diagnosis.reasons.items() if r}
        events = recorded[item.name]["events"]
        by_passages = {frozenset(e.passages.items()): e for e in events}
        for index, holding in aq.split_holdings(groups, gold):
            event = gold.events[index]
            members = set(event.passages)
            hg = ag.groups_telling(groups, members)
            held = [{(m.article, m.passage) for m in g.members} for g in hg]
            relations = []
            for i, j in itertools.combinations(range(len(hg)), 2):
                rel = pair_relation(held[i], held[j], members, same, anylink)
                detail = ""
                if rel == "share a member":
                    e1, e2 = (
                        by_passages.get(frozenset(held[i])),
                        by_passages.get(frozenset(held[j])),
                    )
                    if e1 is not None and e2 is not None:
                        detail = why_apart(e1, e2, anylink, None)
                        shared = held[i] & held[j] & members
                        s1 = {(m.article, m.passage): set(m.sentences) for m in hg[i].members}
                        s2 = {(m.article, m.passage): set(m.sentences) for m in hg[j].members}
                        if any(s1[k] & s2[k] for k in shared):
                            detail += "; same sentence shared"
                relations.append((hg[i].id, hg[j].id, rel, detail))
            order = [
                "share a member",
                "same-event link across",
                "only a weaker link across",
                "no link across",
            ]
            best = min((r[2] for r in relations), key=order.index)
            told = Counter(a for a, _ in set().union(*(h & members for h in held)))
            twice = any(n >= 2 for n in told.values())
            foreign = any(h - members for h in held)
            row = aq.row_possible(members, holding, anylink)
            cause = (
                best
                + (", told twice" if twice else "")
                + (", a group holds another fact's passage" if foreign else "")
            )
            for key in ag.totals_of(label, len(items)):
                table[key][best] += 1
                table[key]["told twice"] += twice
                table[key]["another fact's passage in a group"] += foreign
                table[key]["one row could hold"] += row
                for *_, detail in relations:
                    if detail:
                        table[key]["why not joined: " + detail] += 1
            print(
                f"{item.name.removeprefix('basil-')} [{label}] {cause}; "
                f"row {'yes' if row else 'no'}: {event.label}"
            )
            for g in hg:
                print(
                    f"     {g.id} "
                    + " ".join(
                        f"{a}/{p}{m.sentences}" + ("" if (a, p) in members else "(x)")
                        for m in g.members
                        for a, p in [(m.article, m.passage)]
                    )
                )
            for r in relations:
                print(f"       {r[0]}~{r[1]}: {r[2]}{'; ' + r[3] if r[3] else ''}")
    for key in (*SETS, "held-out all", f"all {len(items)}"):
        print(f"== {key}: {dict(sorted(table[key].items()))}")


def large(items: list, size: int, names: list[str]) -> None:
    """large_story.py's synthetic story made from the gold triplets' paragraphs only
    (align_grouping.gold_pool_story), aligned twice over with "before" and each variant:
    groups, shown pairs, the share of them right by the golds and align CPU."""
    with ag.gold_pool_story(items, size) as (story, judged):
        for name in ("before", *names, "before", *names):
            groups, seconds = ag.aligned(story, variant(name))
            shown = predicted_links(groups)
            counts = Counter(judged(pair) for pair in shown)
            cpu = f", align CPU {seconds:.2f} s"
            print(ag.pool_line(name, groups, shown, counts, cpu), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*")
    parser.add_argument("--causes", action="store_true")
    parser.add_argument("--of", default="before", help="the variant --causes reads")
    parser.add_argument("--added", action="store_true", help="list the pairs each adds")
    parser.add_argument("--large", type=int, metavar="N", help="the gold-pool story of N articles")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        items = stories(Path(workdir))
        if args.large:
            large(items, args.large, args.variants or ["kept"])
            return
        if args.causes:
            recorded: dict = {}
            causes(items, ag.run(variant(args.of), items, recorded), recorded)
            return
        base = ag.run(variant("before"), items)
        print("before\n" + ag.summary(base, None, SETS), flush=True)
        for name in args.variants or list(VARIANTS):
            per = ag.run(variant(name), items)
            print(name + "\n" + ag.summary(per, base, SETS), flush=True)
            if args.added:
                ag.print_added(per, base, 8, keyed=True)


if __name__ == "__main__":
    main()
