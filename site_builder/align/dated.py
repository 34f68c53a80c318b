"""One specific thing and the same day or number (issue 23, ninth round).

Two sentences need two specific things to be linked (a name counts once; a phrase, a
quotation or a verbatim run counts as one thing of several words). The largest share of
the units the aligner misses are pairs that share one specific thing and no link; what
else such a pair shares separates the two sentences of one fact from two facts of the
same people only where it is a second *kind* of evidence: a day of the week or a month,
or a number of two digits or more, that both sentences give although the story gives
it too often for it to be a specific thing itself ("NRA CEO Wayne LaPierre in December
called for armed officers" / "began in December, when NRA CEO Wayne LaPierre held a
press conference"; "Sentencing has been set for June 28" / "The judge set the
sentencing for June 28"). Such a pair is the same event where, as for the rule of the
closest match, each sentence's strongest candidate towards the other's article is the
other and their similarity reaches the event threshold. The day or number is evidence
beside the thing, never the thing itself ("Wednesday" shared alone is one thing), and
"day", "week", "month" and "year" name no time ("stayed mild all week" / "stayed in
port for a week").
(docs/alignment.md, "One specific thing, ninth round": on the 40 golds 6 right links
more and no wrong one, in 4 stories of three sets, 6 units more.)
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from itertools import combinations

from site_builder.align.normalise import term_head
from site_builder.align.similarity import (
    MAX_POSTINGS,
    NUMBER_DIGITS,
    Lexicon,
    Link,
    Unit,
    distinct_things,
    strongest_towards,
)

_NUMBER = re.compile(r"\d" + "." * (NUMBER_DIGITS - 1), re.S)
"""A term that is a number of NUMBER_DIGITS digits or more (it starts with a digit)."""

UNNAMED = frozenset({"day", "week", "month", "year"})
"""Words of time (their stems) that name no time of their own: "for a week", "later
that day" tell no date two reports can share (the language pack's other words of
time, days of the week and months, do; another language's pack has its own, which
count until listed here)."""

REASON = "time-or-number"
"""The reason these links give (see same_event_reason)."""


def dated_links(
    units: Sequence[Unit], lexicon: Lexicon, links: Collection[Link], *, event_threshold: float
) -> list[Link]:
    """Links for the pairs of sentences of different articles that have none (`links`)
    and share exactly one specific thing and, besides it, a term of time or a number of
    NUMBER_DIGITS digits or more, at `event_threshold` or more, each sentence the
    other's closest match in its article (see the module's docstring). Each link's
    evidence is the thing and the day or number; it is `best` and `closest`."""
    anchors = lexicon.anchors
    if not isinstance(anchors, (set, frozenset)):
        anchors = frozenset(anchors)
    times = frozenset(lexicon.times) - UNNAMED
    numbers = filter(_NUMBER.match, lexicon.weights)  # (made in C)
    vocabulary = times.intersection(lexicon.weights).union(numbers) - anchors
    if not vocabulary:
        return []
    dating = [vocabulary.intersection(unit.terms) for unit in units]
    pairs = _sharing_a_date(units, dating)
    if not pairs:
        return []
    reporting = frozenset(lexicon.reporting)
    specific: dict[int, frozenset[str]] = {}  # a unit's anchors that are evidence

    def anchors_of(position: int) -> frozenset[str]:
        if position not in specific:
            held = anchors.intersection(units[position].terms)
            specific[position] = frozenset(t for t in held if term_head(t) not in reporting)
        return specific[position]

    scorer = _Scorer(units, lexicon, anchors_of, links)
    found = []
    for a, b in sorted(pairs):
        shared = anchors_of(a) & anchors_of(b)
        if not shared:
            continue
        things = distinct_things(sorted(shared), units[a], units[b])
        if len(things) != 1 or scorer.linked(a, b):
            continue
        score = scorer.score(a, b)
        if score < event_threshold or not scorer.closest(a, b, score):
            continue
        [thing] = things
        found.append(_dated_link(a, b, score, thing, dating[a] & dating[b]))
    return found


def _sharing_a_date(units: Sequence[Unit], dating: list[frozenset[str]]) -> set[tuple[int, int]]:
    """The pairs of units (by position) of different articles that share a term of
    `dating` (each unit's days and numbers), a term more than MAX_POSTINGS units hold
    left out."""
    postings: dict[str, list[int]] = defaultdict(list)
    for position, terms in enumerate(dating):
        for term in terms:
            postings[term].append(position)
    return {
        pair
        for held in postings.values()
        if len(held) <= MAX_POSTINGS
        for pair in combinations(held, 2)
        if units[pair[0]].article != units[pair[1]].article
    }


def _dated_link(a: int, b: int, score: float, thing: str, dates: frozenset[str]) -> Link:
    """The link of units `a` and `b` on one specific `thing` and the `dates` (days or
    numbers) they share: `best` and `closest`, its evidence the thing and the dates."""
    return Link(
        a,
        b,
        round(min(1.0, score), 6),
        (thing, *sorted(dates)),
        0,
        best=True,
        kinds=frozenset("number" if t[:1].isdigit() else "time" for t in dates),
        closest=True,
        terms=frozenset({thing}),
    )


class _Scorer:
    """Weighted cosines of units (as similarity.sentence_links scores them) and each
    unit's strongest candidate towards another article, worked out on demand."""

    def __init__(
        self,
        units: Sequence[Unit],
        lexicon: Lexicon,
        anchors: Callable[[int], frozenset[str]],
        links: Collection[Link],
    ) -> None:
        self.units, self.lexicon, self.anchors = units, lexicon, anchors
        self.links = links
        self.vectors: dict[int, dict[str, float]] = {}
        self.top: dict[tuple[int, str], float] | None = None
        self.of_article: dict[str, list[int]] = {}
        self.pairs: set[tuple[int, int]] | None = None
        self.searched: set[tuple[int, str]] = set()

    def linked(self, a: int, b: int) -> bool:
        """Whether the two units have a link already."""
        if self.pairs is None:
            self.pairs = {(link.left, link.right) for link in self.links}
        return (a, b) in self.pairs or (b, a) in self.pairs

    def vector(self, unit: int) -> tuple[dict[str, float], float]:
        """A unit's squared term weights and its norm, made once per unit."""
        if unit not in self.vectors:
            weights = self.lexicon.weights
            self.vectors[unit] = {t: weights.get(t, 0.0) ** 2 for t in set(self.units[unit].terms)}
        vector = self.vectors[unit]
        return vector, math.sqrt(math.fsum(vector.values())) or 1.0

    def score(self, a: int, b: int) -> float:
        """The weighted cosine of two units, as sentence_links scores a pair."""
        (mine, norm_a), (theirs, norm_b) = self.vector(a), self.vector(b)
        shared = mine.keys() & theirs.keys()
        return math.fsum(mine[t] for t in shared) / (norm_a * norm_b)

    def closest(self, a: int, b: int, score: float) -> bool:
        """Whether no link and no sentence sharing a specific thing is closer to `a` in
        `b`'s article, nor to `b` in `a`'s."""
        return score >= self._top(a, self.units[b].article) - 1e-12 and score >= (
            self._top(b, self.units[a].article) - 1e-12
        )

    def _top(self, unit: int, article: str) -> float:
        units = self.units
        if self.top is None:  # the strongest link of each sentence to each article
            self.top = strongest_towards(units, self.links)
            for position, each in enumerate(units):
                self.of_article.setdefault(each.article, []).append(position)
        key = (unit, article)
        if key not in self.searched:  # and each sentence of the article sharing a thing
            self.searched.add(key)
            mine = self.anchors(unit)
            for other in self.of_article[article]:
                if not mine.isdisjoint(units[other].terms):
                    self.top[key] = max(self.top[key], self.score(unit, other))
        return self.top[key]
