"""Recall from the event's other members, eleventh round (issue 23).

All 52 golds (development 14 and the 38 held-out stories of held-out .. held-out-7)
are development evidence this round; no other BASIL story is read. The variants are
patched into the real aligner the way benchmarks/align_missed.py patches its own (the
passage pairs a variant accepts get a same-event sentence link before the groups are
made) and scored as it scores them, per set and per story.

    python benchmarks/align_recall11.py --shape             # (a) missed units by shape
    python benchmarks/align_recall11.py --story istanbul    # (c) a story's missed units
    python benchmarks/align_recall11.py --variants [NAME ...]
    python benchmarks/align_recall11.py --added NAME        # the pairs a variant adds

(a) *mem*: a passage X of an outlet a row lacks joins it where X has a sentence link of
the aligner (about the same time, not a name alone or generic; related or dropped)
to one member C and shares a specific thing with another member A: its link to C and
its best one-thing pair (or link: *mem-2links*) with A become same-event links.
(b) *ord*: a one-thing pair in a gap between two consecutive confident links of two
articles (order.py's chain; *-same*: every same-event link bounds), the only
candidate passage pair there (weak links and one-thing pairs); *gated*: where the
bounding links are all in one order, as order.py asks.
(c) and (d): *one-closest2-sX*: a sentence pair with no link that shares exactly one
specific thing, the closest candidate of both sentences at similarity X, given as a
link of the aligner's own (through dated_links, so names.py, generic.py, the triangle
and order rules and the groups treat it as theirs); *event-threshold-X*; *rowbest*:
the passage of an outlet a row lacks that is most like the row (sum of its best
pairs with the members, a thing shared with each) where the row is the one most
like it; *twice*: a passage sharing a thing with member A and linked to the passage
next to member C in C's article (C tells the fact over two passages). Every
variant of benchmarks/align_missed.py runs here too, on the 52 golds.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_missed as am  # noqa: E402
import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align import order as O  # noqa: E402
from site_builder.align.gold import found_units, gold_units  # noqa: E402

ORIGINAL_ORDERED = A.ordered_links
ORIGINAL_DATED = A.dated_links
_SEEN: dict = {}
"""The reasons dict ordered_links was last called with (timely links, none barred)."""


def _ordered_hook(units, reasons):
    _SEEN["reasons"] = reasons
    return ORIGINAL_ORDERED(units, reasons)


def _pair_of_link(link) -> am.Pair:
    """A sentence link as a Pair (marked: `_is_link`)."""
    things = frozenset(link.terms or link.evidence)
    return am.Pair(link.left, link.right, things, link.score, (("", 0),))


def _is_link(pair: am.Pair) -> bool:
    return ("", 0) in pair.df


def _link_keys(things) -> dict:
    """Passage pair -> its strongest aligner sentence link (timely, not barred)."""
    units = things.units
    out: dict = {}
    for link in _SEEN.get("reasons", {}):
        key = things.key(link.left, link.right)
        if key not in out or link.strength > out[key].strength:
            out[key] = link
    del units
    return out


# ------------------------------------------------------------- (a) members


def member_pairs(things, same_keys, events, test) -> list[am.Pair]:
    """A passage X of an article a row lacks, with an aligner link to member C and a
    one-thing pair with another member A (`test(things, link, pair, event)`)."""
    linked = _link_keys(things)
    by_passage = defaultdict(list)
    for key, link in linked.items():
        if key in same_keys:
            continue
        for p in key:
            by_passage[p].append((key, link))
    out = []
    for event in events:
        members = set(event.passages.items())
        if len(members) < 2:
            continue
        for c in members:
            for key, link in by_passage[c]:
                [x] = key - {c}
                if x[0] in event.passages:
                    continue
                for a in members - {c}:
                    akey = frozenset({x, a})
                    if akey in same_keys:
                        continue
                    pair = things.best(akey)
                    if akey in linked:
                        pair = _pair_of_link(linked[akey])
                    if pair is None or not test(things, link, pair, event):
                        continue
                    out += [_pair_of_link(link), pair]
    return out


def _apart(link, pair) -> bool:
    """The thing shared with A is not in X's link to C: evidence of its own."""
    return bool(pair.things - set(link.terms or link.evidence))


def _in_row(pair, event) -> bool:
    evidence = {t for k in event.links for t in k.terms or k.evidence}
    return bool(pair.things & evidence)


# ------------------------------------------------------------- (b) order


def order_pairs(things, same_keys, events, test) -> list[am.Pair]:
    """One-thing pairs in a gap between two consecutive confident links of two articles
    whose confident links are all in one order (order.py), where it is the only
    candidate passage pair (weak links and one-thing pairs) in the gap."""
    reasons = _SEEN.get("reasons", {})
    units = things.units
    open_gap, gate, pool = test
    confident = defaultdict(set)
    for link, reason in reasons.items():
        sure = reason == "verbatim" or (reason == "closest" and link.score >= O.CONFIDENT_SCORE)
        if sure or (pool == "same" and reason):
            pair, spot = O.link_place(units, link)
            confident[pair].add(spot)
    chains = {
        pair: O.longest_chain(spots)
        for pair, spots in confident.items()
        if not gate or O._in_one_order(spots)
    }
    gaps = defaultdict(dict)

    def place(i, j):
        first, second = units[i], units[j]
        if first.article > second.article:
            first, second = second, first
        return (first.article, second.article), (first.position, second.position)

    def gap_of(chain, spot):
        if not open_gap:
            return O._gap(chain, spot)
        for low, high in itertools.pairwise(chain):
            if low[0] < spot[0] < high[0] and low[1] < spot[1] < high[1]:
                return low, high
        return None

    for link, reason in reasons.items():
        if reason or not link.best:
            continue
        pair, spot = place(link.left, link.right)
        gap = gap_of(chains.get(pair, []), spot)
        if gap is not None:
            gaps[(pair, gap)].setdefault(spot, ("weak", None))
    for key in things.by_passages:
        if key in same_keys:
            continue
        best = things.best(key)
        if len(best.things) != 1:
            continue
        pair, spot = place(best.a, best.b)
        gap = gap_of(chains.get(pair, []), spot)
        if gap is not None:
            gaps[(pair, gap)].setdefault(spot, ("one", best))
    out = []
    for held in gaps.values():
        if len(held) == 1:
            [(kind, best)] = held.values()
            if kind == "one":
                out.append(best)
    return out


# ------------------------------------------------------------- (c), (d): a reason


def reason_links(test):
    """A dated_links stand-in that also returns, as links of its reason (so names.py,
    generic.py, the triangle and order rules and the groups treat them as the aligner
    treats its own), the sentence pairs with no link that share exactly one specific
    thing and pass `test(things, pair)`."""

    def hook(units, lexicon, links, *, event_threshold):
        found = ORIGINAL_DATED(units, lexicon, links, event_threshold=event_threshold)
        things = am.Things(units, lexicon, list(links) + found)
        things.lexicon = lexicon
        taken = {frozenset({k.left, k.right}) for k in list(links) + found}
        for pairs in things.by_passages.values():
            for p in pairs:
                if len(p.things) != 1 or frozenset({p.a, p.b}) in taken:
                    continue
                if test(things, p):
                    link = am.S.Link(p.a, p.b, round(p.score, 6), tuple(sorted(p.things)), 0)
                    link.best = link.closest = True
                    link.terms = frozenset(p.things)
                    found.append(link)
        return found

    return hook


# ------------------------------------------------------------- (d) own


def told_twice_pairs(things, same_keys, events, test) -> list[am.Pair]:
    """A row holds A's passage x and C's passage c; B's passage y shares a specific
    thing with x and has an aligner link to c's neighbour in C (the passage just
    before or after c): one fact told over two passages of C."""
    linked = _link_keys(things)
    pos = {(u.article, u.passage): u.position for u in things.units}
    at = {(u.article, u.position): (u.article, u.passage) for u in things.units}
    out = []
    for event in events:
        members = set(event.passages.items())
        for c in members:
            for step in (-1, 1):
                n = at.get((c[0], pos[c] + step))
                if n is None:
                    continue
                for key, link in linked.items():
                    if n not in key or key in same_keys:
                        continue
                    [y] = key - {n}
                    if y[0] in event.passages:
                        continue
                    for a in members - {c}:
                        pair = things.best(frozenset({y, a}))
                        if pair is not None and test(things, link, pair, event):
                            out.append(pair)
    return out


def row_best_pairs(things, same_keys, events, test) -> list[am.Pair]:
    """For a row and an article it lacks: the article's passage that shares a specific
    thing with every member and is the most like the row (the sum of its best sentence
    pairs' similarities to the members), where the row is also the one most like that
    passage among the rows lacking its article (mutual best, row and passage): its
    best pair with each member. `test(things, pairs)` on the pairs."""
    passages_of = defaultdict(set)
    for key in things.by_passages:
        for p in key:
            passages_of[p[0]].add(p)
    chosen = {}  # (event index, article) -> (score, passage, pairs)
    best_row = {}  # passage -> (score, event index)
    for index, event in enumerate(events):
        members = set(event.passages.items())
        if len(members) < 2:
            continue
        for article, passages in passages_of.items():
            if article in event.passages:
                continue
            for y in passages:
                pairs = [things.best(frozenset({y, m})) for m in members]
                if any(p is None for p in pairs):
                    continue
                if any(frozenset({y, m}) in same_keys for m in members):
                    continue
                score = sum(p.score for p in pairs)
                if score > chosen.get((index, article), (0,))[0]:
                    chosen[(index, article)] = (score, y, pairs)
                if score > best_row.get(y, (0,))[0]:
                    best_row[y] = (score, index)
    out = []
    for (index, _), (_score, y, pairs) in chosen.items():
        if best_row[y][1] == index and test(things, pairs):
            out += pairs
    return out


VARIANTS = {
    "rowbest": (row_best_pairs, lambda t, ps: True),
    "rowbest-s.1": (row_best_pairs, lambda t, ps: min(p.score for p in ps) >= 0.1),
    "rowbest-s.16": (row_best_pairs, lambda t, ps: min(p.score for p in ps) >= 0.16),
    "rowbest-closest1": (row_best_pairs, lambda t, ps: all(t.closest(p) >= 1 for p in ps)),
    "rowbest-closest2": (row_best_pairs, lambda t, ps: all(t.closest(p) == 2 for p in ps)),
    "mem": (member_pairs, lambda t, k, p, e: True),
    "mem-selected": (member_pairs, lambda t, k, p, e: k.best),
    "mem-apart": (member_pairs, lambda t, k, p, e: _apart(k, p)),
    "mem-row": (member_pairs, lambda t, k, p, e: _in_row(p, e)),
    "mem-closest1": (member_pairs, lambda t, k, p, e: t.closest(p) >= 1),
    "mem-closest2": (member_pairs, lambda t, k, p, e: t.closest(p) == 2),
    "mem-s.16": (member_pairs, lambda t, k, p, e: p.score >= 0.16),
    "mem-link.12": (member_pairs, lambda t, k, p, e: k.score >= 0.12),
    "mem-link.12-s.16": (member_pairs, lambda t, k, p, e: k.score >= 0.12 and p.score >= 0.16),
    "mem-selected-closest2": (
        member_pairs,
        lambda t, k, p, e: k.best and t.closest(p) == 2,
    ),
    "mem-apart-closest2": (
        member_pairs,
        lambda t, k, p, e: _apart(k, p) and t.closest(p) == 2,
    ),
    "mem-rare": (
        member_pairs,
        lambda t, k, p, e: any(p.spread(x) <= 2 * (len(e.passages) + 1) for x in p.things),
    ),
    "mem-rare-closest2": (
        member_pairs,
        lambda t, k, p, e: (
            t.closest(p) == 2 and any(p.spread(x) <= 2 * (len(e.passages) + 1) for x in p.things)
        ),
    ),
    "ord-open": (order_pairs, (True, False, "confident")),
    "ord-open-gated": (order_pairs, (True, True, "confident")),
    "ord-closed-gated": (order_pairs, (False, True, "confident")),
    "ord-open-same": (order_pairs, (True, False, "same")),
    "ord-open-same-gated": (order_pairs, (True, True, "same")),
    "mem-2links": (member_pairs, lambda t, k, p, e: _is_link(p)),
    "mem-2selected": (member_pairs, lambda t, k, p, e: _is_link(p) and k.best),
    "mem-2links-apart": (member_pairs, lambda t, k, p, e: _is_link(p) and _apart(k, p)),
    "twice": (told_twice_pairs, lambda t, k, p, e: True),
    "twice-closest2": (told_twice_pairs, lambda t, k, p, e: t.closest(p) == 2),
}


def _one_closest2(least: float, spread: int = 10**6):
    """One specific thing, the closest candidate of both sentences, similarity `least`
    or more, the thing in at most `spread` of the story's passages."""

    def test(things, p) -> bool:
        return (
            things.closest(p) == 2
            and p.score >= least
            and all(p.spread(x) <= spread for x in p.things)
        )

    return test


REASONS = {f"one-closest2-s{t}": _one_closest2(t) for t in (0.16, 0.2, 0.25, 0.3)}
REASONS |= {f"one-closest2-s{t}-rare": _one_closest2(t, 3) for t in (0.16, 0.25)}
REASONS["one-closest2-s0.16-uncommon"] = lambda th, p: (
    th.closest(p) == 2
    and p.score >= 0.16
    and all(
        t in th.lexicon.uncommon
        for a in (p.a, p.b)
        for t in th.units[a].terms
        if am.term_head(t) in p.things or t in p.things
    )
)


def _dice_gap(things, p) -> tuple[float, float]:
    """Round nine's Dice of the two sentences' content-word heads (reporting verbs
    left out) and the distance of their passages' places, as shares of their articles
    (benchmarks/align_onething.py)."""
    if not hasattr(things, "_sizes"):
        things._sizes = Counter(u.article for u in things.units if u.sentence == 0)
    reporting = set(things.lexicon.reporting)
    ua, ub = things.units[p.a], things.units[p.b]
    ha = {am.term_head(t) for t in ua.terms} - reporting
    hb = {am.term_head(t) for t in ub.terms} - reporting
    dice = 2 * len(ha & hb) / max(1, len(ha) + len(hb))
    sizes = things._sizes
    pa = ua.position / max(1, sizes[ua.article] - 1)
    pb = ub.position / max(1, sizes[ub.article] - 1)
    return dice, abs(pa - pb)


def _round_nine(least: float):
    """Round nine's candidate for a later set: closest of both, Dice >= 0.3, places
    within 0.1 of their articles, similarity `least` or more."""

    def test(things, p) -> bool:
        if things.closest(p) != 2 or p.score < least:
            return False
        dice, gap = _dice_gap(things, p)
        return dice >= 0.3 and gap <= 0.1

    return test


REASONS["r9-closest2-dice.3-gap.1"] = _round_nine(0.0)
REASONS["r9-closest2-dice.3-gap.1-s.16"] = _round_nine(0.16)
THRESHOLDS = {"event-threshold-0.15": 0.15, "event-threshold-0.14": 0.14}


def run(stories, name):
    am.VARIANTS.update(VARIANTS)
    if name in THRESHOLDS:
        settings = dataclasses.replace(am.SETTINGS, event_threshold=THRESHOLDS[name])
        with (
            mock.patch.object(A, "ordered_links", _ordered_hook),
            mock.patch.object(am, "SETTINGS", settings),
        ):
            return am.run(stories, "none")
    if name in REASONS:
        with (
            mock.patch.object(A, "ordered_links", _ordered_hook),
            mock.patch.object(A, "dated_links", reason_links(REASONS[name])),
        ):
            return am.run(stories, "none")
    with mock.patch.object(A, "ordered_links", _ordered_hook):
        return am.run(stories, name)


# ------------------------------------------------------------- (a) shape


def shape(stories) -> None:
    """Each missed unit (event, A-B): does a third outlet C tell the event with a
    passage c shown with both A's and B's passage of it (the triangle shape), or a row
    hold A's passage and c where B's passage has an aligner link to c; and is A-B a
    candidate (an aligner link, a one-thing pair, or nothing)?"""
    tally: dict = defaultdict(Counter)
    for s in stories:
        gold = s.item.gold
        _, things, rows, shown = am.story_read(s)
        linked = things.linked
        for index, outlets in sorted(
            gold_units(gold) - found_units(shown, gold), key=lambda u: (u[0], sorted(u[1]))
        ):
            keys = am.unit_passage_pairs(gold, index, outlets)
            passages = gold.events[index].passages
            others = [c for c in passages if c[0] not in outlets]
            tri = any(
                frozenset({c, x}) in shown and frozenset({c, y}) in shown
                for c in others
                for k in keys
                for x, y in [sorted(k)]
            )
            grp = any(
                x in row and c in row and frozenset({y, c}) in linked
                for row in rows
                for c in others
                for k in keys
                for x, y in (sorted(k), sorted(k)[::-1])
            )
            if any(k in linked for k in keys):
                cand = "an aligner link (related or dropped)"
            elif any(k in things.by_passages for k in keys):
                cand = "a sentence pair sharing a specific thing"
            else:
                cand = "nothing specific shared"
            kind = (
                "triangle: A-C and B-C shown (one C)"
                if tri
                else "row holds A and C, B linked to C"
                if grp
                else "neither"
            )
            for label in (s.label, "all", "held-out all" if s.label != "development" else None):
                if label:
                    tally[label][(kind, cand)] += 1
    for label in ("all", "held-out all", *am.SETS):
        print(f"== {label}: {sum(tally[label].values())} missed units")
        for (kind, cand), n in sorted(tally[label].items()):
            print(f"  {kind:40} {cand:42} {n:4}")


def story_misses(stories, name: str) -> None:
    """A story's missed units: align_quality's cause, round ten's cause around the
    pair, and the best sentence pair (highest weighted cosine) with its sentences."""
    [s] = [s for s in stories if s.name == name]
    gold = s.item.gold
    diagnosis, things, rows, shown = am.story_read(s)
    units = diagnosis.units
    miss = aq.miss_causes(diagnosis, gold)
    of_passage = am.units_by_passage(units)
    cos = am.weighted_cosine(units, diagnosis.lexicon)
    for (index, outlets), cause in sorted(miss.items(), key=lambda u: (u[0][0], sorted(u[0][1]))):
        first, second = sorted(outlets)
        passages = gold.events[index].passages
        keys = [(x, y) for x in passages if x[0] == first for y in passages if y[0] == second]
        others = [c for c in passages if c[0] not in outlets]
        around = am.cause_of(things, [frozenset(k) for k in keys], rows, shown, others)
        best = max(
            ((cos(i, j), i, j) for x, y in keys for i in of_passage[x] for j in of_passage[y]),
            default=None,
        )
        pair_things = sorted(
            {t for k in keys for p in things.by_passages.get(frozenset(k), []) for t in p.things}
        )
        print(f"[{index}] {gold.events[index].label[:80]}  {first} - {second}")
        print(f"    cause: {cause}; around: {around}; things: {', '.join(pair_things[:8])}")
        if best:
            score, i, j = best
            print(f"    best pair s={score:.2f}")
            for k in (i, j):
                u = units[k]
                text = s.item.story.article(u.article).passage(u.passage).sentences[u.sentence]
                print(f"      {u.article}/{u.passage}: {text[:230]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", action="store_true")
    parser.add_argument("--story")
    parser.add_argument("--variants", nargs="*", default=None)
    parser.add_argument("--added", metavar="VARIANT")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        stories = am.gold_items(Path(workdir))
        if args.shape:
            shape(stories)
        if args.story:
            story_misses(stories, args.story)
        if args.variants is None and not args.added:
            return
        base = run(stories, "none")
        if args.added:
            am.show_added(stories, run(stories, args.added), base)
        if args.variants is not None:
            print("main")
            print(am.summary(stories, base, None))
            for name in args.variants or [*VARIANTS, *REASONS, *THRESHOLDS]:
                print(name)
                print(am.summary(stories, run(stories, name), base), flush=True)


if __name__ == "__main__":
    main()
