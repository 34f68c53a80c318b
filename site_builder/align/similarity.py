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
from collections.abc import Collection, Sequence
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
    """Two sentences (units) of different articles that say the same thing."""

    left: int
    right: int
    score: float


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
    frequency: dict[str, int], total: int, rarity: dict[str, float]
) -> dict[str, float]:
    """Weight of every term: its IDF over the story's passages times its `rarity`.

    IDF alone is noisy in a story of a few dozen passages (a word used twice is "rare"
    whether it is "figure" or "regroup"); the rarity of the word in the language at
    large steadies it. Both must be high for a shared term to count for much.
    """
    return {t: math.log((total + 1) / df) * rarity[t] for t, df in frequency.items()}


def sentence_links(
    units: Sequence[Unit],
    weights: dict[str, float],
    *,
    threshold: float,
    min_shared_terms: int,
    anchors: Collection[str] | None = None,
    max_postings: int = 200,
) -> list[Link]:
    """Pairs of sentences from different articles whose weighted cosine >= `threshold`.

    A pair must share `min_shared_terms` distinct terms, one of them in `anchors` (the
    specific terms), so two generic sentences ("The talks continue.") never link. So
    only anchor terms propose candidate pairs (an inverted index of them); a term in
    more than `max_postings` sentences proposes none, being too common to say that two
    sentences report one event, but still counts in the score.
    """
    vectors = [{t: weights.get(t, 0.0) ** 2 for t in set(u.terms)} for u in units]  # w²
    norms = [math.sqrt(sum(v.values())) or 1.0 for v in vectors]
    articles = [u.article for u in units]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term in vector:
            if (anchors is None or term in anchors) and vector[term] > 0:
                postings[term].append(index)
    candidates: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > max_postings:
            continue
        for position, a in enumerate(members):
            article = articles[a]
            candidates.update((a, b) for b in members[position + 1 :] if articles[b] != article)
    links = []
    for a, b in candidates:  # any order: the caller sorts the links
        squares = vectors[a]
        shared = squares.keys() & vectors[b].keys()
        if len(shared) < min_shared_terms:
            continue
        score = sum(map(squares.__getitem__, shared)) / (norms[a] * norms[b])
        if score >= threshold:
            links.append(Link(a, b, round(score, 6)))
    return links
