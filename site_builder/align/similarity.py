"""Sentence similarity across articles: TF-IDF cosine over terms and term pairs.

Rare, specific terms (names, places, numbers) weigh most because each term is weighted
by its inverse document frequency over the story's passages; terms that occur in most
passages weigh next to nothing. Consecutive term pairs are features too, so shared
phrasing (a quote, "security guarantees") counts for more than the same words apart.
Candidate pairs come from an inverted index of the rarer features, so the work grows
with the pairs that share something, not with all pairs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """One sentence of one passage: the aligner's unit of evidence."""

    article: str
    passage: str
    position: int
    sentence: int
    terms: tuple[str, ...]

    @property
    def features(self) -> frozenset[str]:
        """Its terms plus its consecutive term pairs (as 'a b')."""
        pairs = (f"{a} {b}" for a, b in zip(self.terms, self.terms[1:]))
        return frozenset((*self.terms, *pairs))


@dataclass(frozen=True)
class Link:
    """Two sentences of different articles that say the same thing, and why."""

    left: int
    right: int
    score: float
    shared: tuple[str, ...]


def feature_weights(units: Sequence[Unit]) -> dict[str, float]:
    """IDF of every feature over the story's passages: log(N / df), at least 0."""
    passages: dict[tuple[str, str], set[str]] = defaultdict(set)
    for unit in units:
        passages[(unit.article, unit.passage)].update(unit.features)
    frequency: dict[str, int] = defaultdict(int)
    for features in passages.values():
        for feature in features:
            frequency[feature] += 1
    total = len(passages)
    return {f: math.log((total + 1) / df) for f, df in frequency.items()}


def sentence_links(
    units: Sequence[Unit],
    weights: dict[str, float],
    *,
    threshold: float,
    min_shared_terms: int,
    max_share: float = 0.25,
) -> list[Link]:
    """Pairs of sentences from different articles whose cosine is at least `threshold`.

    A pair must share `min_shared_terms` distinct single terms, so two short generic
    sentences ("The talks continue.") never link on one common word. Features found in
    more than `max_share` of the sentences add to the score but do not propose
    candidates: they are too common to say two sentences report one event.
    """
    vectors = [{f: weights.get(f, 0.0) for f in u.features} for u in units]
    norms = [math.sqrt(sum(w * w for w in v.values())) or 1.0 for v in vectors]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for feature in vector:
            postings[feature].append(index)
    cap = max(2, int(max_share * len(units)))
    candidates: set[tuple[int, int]] = set()
    for feature, members in postings.items():
        if len(members) > cap or " " in feature or weights.get(feature, 0.0) <= 0:
            continue
        for a_pos, a in enumerate(members):
            article = units[a].article
            candidates.update((a, b) for b in members[a_pos + 1 :] if units[b].article != article)
    links = []
    for a, b in sorted(candidates):
        shared = vectors[a].keys() & vectors[b].keys()
        if sum(1 for f in shared if " " not in f) < min_shared_terms:
            continue
        dot = sum(vectors[a][f] ** 2 for f in shared)
        score = dot / (norms[a] * norms[b])
        if score >= threshold:
            ranked = sorted(shared, key=lambda f: (-weights.get(f, 0.0), f))
            links.append(Link(a, b, round(score, 6), tuple(f for f in ranked if " " not in f)))
    return links
