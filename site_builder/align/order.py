"""The order of two articles as evidence for a weak link (issue 23, eighth round).

Aligners of parallel text (Gale-Church, anchor-based alignment) rely on order: between
two sure links A_i <-> B_j and A_k <-> B_l (i < k, j < l), the passages in between
tend to correspond. News articles are not parallel (on the development golds, of two
events two articles both tell, 73 % are told in the same order in both, by their first
passages: Kendall's tau 0.46), so order is used only where two articles show it: where
their confident links (a verbatim run, or the closest match of both sentences at
CONFIDENT_SCORE or more), two or more, are all in one order. There, a weak link
(selected, the closest match for what it shares, but under the event threshold or not
the strongest of its sentences) that is the only candidate between two consecutive
confident links is the same event: the two articles tell that stretch in step, and it
is the one pair that fills it.
(docs/alignment.md, "Order of the articles, eighth round": development +4 right links
and +4 units, none wrong; the 20 held-out stories +4 right links, none wrong, +6 units.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise

from site_builder.align.similarity import Link, Unit

CONFIDENT_SCORE = 0.3
"""A closest-match link is confident from this similarity (a verbatim link always)."""

Spot = tuple[int, int]
"""A link's place: its two passages' positions in their articles (articles in slug
order)."""


def ordered_links(units: Sequence[Unit], reasons: Mapping[Link, str]) -> list[Link]:
    """The weak links of `reasons` (each link about the same time, with why it is the
    same event, '' where it is not) that the order of their two articles makes the same
    event (see the module's docstring), in the order of `reasons`."""
    confident: dict[tuple[str, str], set[Spot]] = defaultdict(set)
    for link, reason in reasons.items():
        if reason == "verbatim" or (reason == "closest" and link.score >= CONFIDENT_SCORE):
            pair, spot = link_place(units, link)
            confident[pair].add(spot)
    chains = {
        pair: longest_chain(spots) for pair, spots in confident.items() if _in_one_order(spots)
    }
    gaps: dict[tuple, dict[Spot, Link]] = defaultdict(dict)
    for link, reason in reasons.items():
        if reason or not link.best:
            continue
        pair, spot = link_place(units, link)
        gap = _gap(chains.get(pair, []), spot)
        if gap is None:
            continue
        held = gaps[(pair, gap)]
        if spot not in held or link.strength > held[spot].strength:
            held[spot] = link  # the strongest sentence link of each two passages
    chosen = {id(link) for held in gaps.values() if len(held) == 1 for link in held.values()}
    return [link for link in reasons if id(link) in chosen]


def link_place(units: Sequence[Unit], link: Link) -> tuple[tuple[str, str], Spot]:
    """The link's two articles (in slug order) and its passages' positions in them."""
    first, second = units[link.left], units[link.right]
    if first.article > second.article:
        first, second = second, first
    return (first.article, second.article), (first.position, second.position)


def _in_one_order(spots: set[Spot]) -> bool:
    """Whether two or more places are all in one order: some two in the same order in
    both articles, none in opposite orders (two in one passage of an article are
    neither)."""
    ordered = False
    for a in spots:
        for b in spots:
            product = (a[0] - b[0]) * (a[1] - b[1])
            if product < 0:
                return False
            ordered = ordered or product > 0
    return ordered


def longest_chain(spots: set[Spot]) -> list[Spot]:
    """The longest chain of places that increase in both articles (of equal chains,
    the one ending first; within it the earliest steps)."""
    ordered = sorted(spots)
    best: list[list[Spot]] = []
    for i, spot in enumerate(ordered):
        chain = [spot]
        for j in range(i):
            if ordered[j][0] < spot[0] and ordered[j][1] < spot[1] and len(best[j]) >= len(chain):
                chain = [*best[j], spot]
        best.append(chain)
    return max(best, key=len, default=[])


def _gap(chain: list[Spot], spot: Spot) -> tuple[Spot, Spot] | None:
    """The two consecutive places of `chain` between which `spot` lies (their own
    passages included: a passage may tell two facts), or None."""
    for low, high in pairwise(chain):
        if (
            low[0] <= spot[0] <= high[0]
            and low[1] <= spot[1] <= high[1]
            and spot != low
            and spot != high
        ):
            return low, high
    return None
