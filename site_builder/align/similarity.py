"""Sentence similarity across articles: weighted cosine over content terms.

A term's weight says how much sharing it tells about two sentences reporting the same
event: terms rare in the story (inverse document frequency over its passages) and rare
in the language (background rarity) weigh most; boilerplate that occurs in most
passages weighs next to nothing. Candidate pairs come from an inverted index of the
rarer terms, so the work grows with the pairs that share something, not with all pairs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """One sentence of one passage: the aligner's unit of evidence."""

    article: str
    passage: str
    position: int
    sentence: int
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """Two sentences of different articles that say the same thing, and why."""

    left: int
    right: int
    score: float
    shared: tuple[str, ...]


def passage_frequency(units: Sequence[Unit]) -> tuple[dict[str, int], int]:
    """In how many of the story's passages each term occurs, and how many passages."""
    passages: dict[tuple[str, str], set[str]] = defaultdict(set)
    for unit in units:
        passages[(unit.article, unit.passage)].update(unit.terms)
    frequency: dict[str, int] = defaultdict(int)
    for terms in passages.values():
        for term in terms:
            frequency[term] += 1
    return dict(frequency), len(passages)


def term_weights(
    frequency: dict[str, int], total: int, rarity: Callable[[str], float] | None = None
) -> dict[str, float]:
    """Weight of every term: its IDF over the story's passages times its `rarity`.

    IDF alone is noisy in a story of a few dozen passages (a word used twice is "rare"
    whether it is "figure" or "regroup"); the rarity of the word in the language at
    large steadies it. Both must be high for a shared term to count for much.
    """
    idf = {t: math.log((total + 1) / df) for t, df in frequency.items()}
    if rarity is None:
        return idf
    return {t: w * rarity(t) for t, w in idf.items()}


def sentence_links(
    units: Sequence[Unit],
    weights: dict[str, float],
    *,
    threshold: float,
    min_shared_terms: int,
    anchors: Collection[str] | None = None,
    max_postings: int = 400,
) -> list[Link]:
    """Pairs of sentences from different articles whose weighted cosine >= `threshold`.

    A pair must share `min_shared_terms` distinct terms, one of them in `anchors` (the
    specific terms), so two generic sentences ("The talks continue.") never link. Terms in more than
    `max_postings` sentences still count in the score but do not propose candidates:
    they are too common to say that two sentences report one event.
    """
    vectors = [{t: weights.get(t, 0.0) for t in set(u.terms)} for u in units]
    norms = [math.sqrt(sum(w * w for w in v.values())) or 1.0 for v in vectors]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term in vector:
            postings[term].append(index)
    shared_count: dict[tuple[int, int], int] = defaultdict(int)
    for term, members in postings.items():
        if len(members) > max_postings or weights.get(term, 0.0) <= 0:
            continue
        for a_pos, a in enumerate(members):
            article = units[a].article
            for b in members[a_pos + 1 :]:
                if units[b].article != article:
                    shared_count[(a, b)] += 1
    links = []
    for (a, b), count in sorted(shared_count.items()):
        if count < min_shared_terms:
            continue
        shared = vectors[a].keys() & vectors[b].keys()
        if anchors is not None and not any(t in anchors for t in shared):
            continue
        score = sum(vectors[a][t] ** 2 for t in shared) / (norms[a] * norms[b])
        if score >= threshold:
            ranked = sorted(shared, key=lambda t: (-weights.get(t, 0.0), t))
            links.append(Link(a, b, round(score, 6), tuple(ranked)))
    return links
