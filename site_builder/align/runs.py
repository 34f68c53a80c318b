"""A verbatim run of common words (issue 23, point 3; sixteenth round).

Four or more words two sentences share in a row count as one specific thing only when
three of them are content words ("no federal law enforcement experience", see
similarity.VERBATIM_THING); and a pair of sentences is scored at all only where they
share a specific term, a phrase or a quotation. So two reports that echo one turn of
words made of common words and share nothing else are never compared: "there is no
racism within the movement" / "he has seen no evidence of racism within the movement";
"regardless of where they live" twice; "not making a federal case out of this" / "he
doesn't want to make a federal case out of it". Issue 23 asks that a verbatim run of
four or more words count however common its words.

This module finds those pairs: sentences of different articles that no link joins yet
and that share a run of VERBATIM_THING words or more with RUN_CONTENT content words or
more, none of them part of a name of several words (a name written out alike, "then-FBI
Director James Comey", is a name, not a turn of words: names.py). Such a pair is the
same event where, as for one phrase shared (the "phrase" reason), each sentence's
strongest link towards the other's article is this one and their similarity reaches the
event threshold.

docs/alignment.md, "Istanbul's missed units, sixteenth round": on the 83 golds of the
sets up to held-out-12, 4 right links more and no wrong one (3 stories of 3 sets, 5
units); on held-out-13, checked after, 2 right and no wrong one (2 units).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import chain, compress, groupby
from operator import attrgetter, itemgetter

from site_builder.align.similarity import (
    VERBATIM_THING,
    Lexicon,
    Link,
    Unit,
    strongest_towards,
)

REASON = "short-run"
"""The reason these links give (see same_event_reason)."""
RUN_CONTENT = 2
"""Content words a run of VERBATIM_THING words needs here (similarity's own rule asks
PHRASE_WORDS, three)."""
RUN_POSTINGS = 20
"""A pair of content words in a row in more sentences than this proposes no pairs: as
similarity.PHRASE_POSTINGS."""
_TEXT = itemgetter(0)
"""A phrase's text (see Unit.phrases)."""
_PHRASES = attrgetter("phrases")
_ARTICLE = attrgetter("article")
_UNIT = itemgetter(0)
_LEFT = attrgetter("left")
_RIGHT = attrgetter("right")
_NONE: frozenset[int] = frozenset()


def short_run_links(
    units: Sequence[Unit], lexicon: Lexicon, links: Collection[Link], *, event_threshold: float
) -> list[Link]:
    """Links for the pairs of sentences of different articles that `links` does not
    join and that share a run of VERBATIM_THING words or more with RUN_CONTENT content
    words, no word of a name of several words among them, at `event_threshold` or more,
    each the strongest link of both sentences towards the other's article (see the
    module's docstring). Each link's evidence is the run, its kind "run"."""
    runs = _longest_runs(units, _phrase_postings(units), _linked_partners(links))
    weights = lexicon.weights
    weighted: dict[int, tuple[dict[str, float], float]] = {}
    found = []
    for (a, b), (length, start) in sorted(runs.items()):
        first, second = units[a], units[b]
        words = first.words[start : start + length]
        heads = {h for h in first.heads[start : start + length] if h}
        if len(heads) < RUN_CONTENT:
            continue
        if not heads.isdisjoint(_name_words(first) | _name_words(second)):
            continue
        for side in (a, b):
            if side not in weighted:  # a sentence of several pairs: weighed once
                weighted[side] = _weighted_terms(units[side], weights)
        score = _cosine(weighted[a], weighted[b])
        if score >= event_threshold:
            found.append(
                Link(
                    a,
                    b,
                    round(min(1.0, score), 6),
                    (" ".join(words),),
                    len(words),
                    best=True,
                    kinds=frozenset({"run"}),
                    terms=frozenset(heads),
                )
            )
    if not found:
        return []
    strongest = _strongest_of(units, links, found)
    closest = []
    for link in found:
        there, here = units[link.right].article, units[link.left].article
        if (
            link.strength >= strongest[(link.left, there)]
            and link.strength >= strongest[(link.right, here)]
        ):
            link.closest = True
            closest.append(link)
    return closest


def _phrase_postings(units: Sequence[Unit]) -> list[list[tuple[int, int, int]]]:
    """Where each pair of content words in a row (Unit.phrases) that two articles or
    more have stands, as (unit, first, last) in unit order; those in more than
    RUN_POSTINGS places left out. Two content words of a run stand next to each other,
    stop words skipped: the runs to read grow out of these."""
    shared = _across_articles(units)
    where: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for position, unit in enumerate(units):
        if shared.isdisjoint(map(_TEXT, unit.phrases)):
            continue
        for text, first, last in unit.phrases:
            if text in shared:
                where[text].append((position, first, last))
    return [held for held in where.values() if len(held) <= RUN_POSTINGS]


def _linked_partners(links: Iterable[Link]) -> dict[int, set[int]]:
    """For each unit, the later units a link already joins it to (link.left ->
    link.right): such pairs need no run."""
    partners: dict[int, set[int]] = defaultdict(set)
    for link in links:
        partners[link.left].add(link.right)
    return partners


def _longest_runs(
    units: Sequence[Unit],
    postings: Iterable[Sequence[tuple[int, int, int]]],
    linked: Mapping[int, set[int]],
) -> dict[tuple[int, int], tuple[int, int]]:
    """For each pair of units of different articles that no link joins (`linked`) and
    that share a phrase of `postings` around which a run of VERBATIM_THING words or
    more grows, the longest such run as (length, start in the first unit)."""
    runs: dict[tuple[int, int], tuple[int, int]] = {}
    articles = [unit.article for unit in units]
    for held in postings:
        later = list(map(_UNIT, held))
        for x, (a, i, j) in enumerate(held[:-1]):
            done = linked.get(a, _NONE)
            if done.issuperset(later[x + 1 :]):  # most often: every pair linked already
                continue
            mine, article, stretch = units[a].words, articles[a], j - i
            for b, k, m in held[x + 1 :]:
                if articles[b] == article or m - k != stretch or b in done:
                    continue
                run = _run_around(mine, units[b].words, (i, j), (k, m))
                if run[0] >= VERBATIM_THING and run > runs.get((a, b), (0, 0)):
                    runs[(a, b)] = run
    return runs


def _strongest_of(
    units: Sequence[Unit], links: Collection[Link], found: Collection[Link]
) -> dict[tuple[int, str], float]:
    """similarity.strongest_towards of `links` and `found`, right for the sentences of
    `found`: of `links`, only those with a side among them are read (picked out in C; a
    link with both sides there is read twice, which leaves each strongest as it is)."""
    has = {side for link in found for side in (link.left, link.right)}.__contains__
    near = [compress(links, map(has, map(side, links))) for side in (_LEFT, _RIGHT)]
    return strongest_towards(units, chain(*near, found))


def _run_around(
    mine: Sequence[str], theirs: Sequence[str], here: tuple[int, int], there: tuple[int, int]
) -> tuple[int, int]:
    """The run of words alike in `mine` and `theirs` around the stretches `here` and
    `there` (a pair of words in a row of each, with what stands between them), as its
    length and its start in `mine`; (0, 0) where the two stretches differ."""
    (i, j), (k, m) = here, there
    if j - i != m - k or mine[i : j + 1] != theirs[k : m + 1]:
        return (0, 0)
    while i and k and mine[i - 1] == theirs[k - 1]:
        i, k = i - 1, k - 1
    while j + 1 < len(mine) and m + 1 < len(theirs) and mine[j + 1] == theirs[m + 1]:
        j, m = j + 1, m + 1
    return (j - i + 1, i)


def _name_words(unit: Unit) -> set[str]:
    """The terms and heads of the unit's names of several words ("james comey", "comey",
    "james")."""
    return {word for term, head in unit.names for word in (term, head, *term.split())}


def _across_articles(units: Sequence[Unit]) -> set[str]:
    """The pairs of content words in a row (Unit.phrases) that two articles or more
    have. Units come article by article (Story order); were an article's units ever
    apart, a phrase of that one article would be taken as shared, and give only pairs
    of one article, which are skipped."""
    seen: set[str] = set()
    shared: set[str] = set()
    for _, article in groupby(units, _ARTICLE):
        phrases = set(map(_TEXT, chain.from_iterable(map(_PHRASES, article))))
        shared |= phrases & seen
        seen |= phrases
    return shared


def _weighted_terms(unit: Unit, weights: Mapping[str, float]) -> tuple[dict[str, float], float]:
    """Each of the unit's terms with its weight squared, and the norm of them all: one
    side of the weighted cosine (see _cosine)."""
    squares = {t: weights.get(t, 0.0) ** 2 for t in set(unit.terms)}
    return squares, math.sqrt(math.fsum(squares.values()))


def _cosine(first: tuple[dict[str, float], float], second: tuple[dict[str, float], float]) -> float:
    """The weighted cosine of two units' terms (see _weighted_terms), as
    similarity.sentence_links scores it."""
    (mine, mine_norm), (theirs, their_norm) = first, second
    shared = math.fsum(mine[t] for t in mine.keys() & theirs.keys())
    return shared / (mine_norm * their_norm or 1.0)
