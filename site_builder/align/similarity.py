"""Sentence similarity across articles: weighted cosine over content terms.

A term's weight says how much sharing it tells about two sentences reporting the same
event: terms rare in the story (inverse document frequency over its passages) and rare
in the language (background rarity) weigh most; boilerplate that occurs in most
passages weighs next to nothing. Candidate pairs come from an inverted index of the
rarer terms, so the work grows with the pairs that share something, not with all pairs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
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
        for term, square in vector.items():
            if (anchors is None or term in anchors) and square > 0:
                postings[term].append(index)
    proposing = {term for term, members in postings.items() if len(members) <= max_postings}
    evidence = _shared_weight_of_candidates(postings, proposing, articles, weights)
    # The rest of a pair's shared weight is at most the product of the rest of the two
    # vectors (Cauchy-Schwarz): pairs that cannot reach `threshold` are not scored.
    rest = [math.sqrt(sum(s for t, s in v.items() if t not in proposing)) for v in vectors]
    links = []
    for (a, b), known in evidence.items():  # any order: the caller sorts the links
        reachable = known + rest[a] * rest[b]
        if reachable < threshold * norms[a] * norms[b] * (1 - 1e-9):
            continue
        squares = vectors[a]
        shared = squares.keys() & vectors[b].keys()
        if len(shared) < min_shared_terms:
            continue
        score = sum(map(squares.__getitem__, shared)) / (norms[a] * norms[b])
        if score >= threshold:
            links.append(Link(a, b, round(score, 6)))
    return links


def _shared_weight_of_candidates(
    postings: dict[str, list[int]],
    proposing: set[str],
    articles: Sequence[str],
    weights: dict[str, float],
) -> dict[tuple[int, int], float]:
    """Every pair of units of different articles that shares a proposing term, with
    the sum of the squared weights of the proposing terms it shares."""
    evidence: dict[tuple[int, int], float] = defaultdict(float)
    for term in proposing:
        members, square = postings[term], weights[term] ** 2
        for position, a in enumerate(members):
            article = articles[a]
            for b in members[position + 1 :]:
                if articles[b] != article:
                    evidence[(a, b)] += square
    return evidence


def best_partner_links(units: Sequence[Unit], links: Sequence[Link], partners: int) -> list[Link]:
    """The links between passages that are among each other's best matches: a link is
    kept when, seen from one of its two passages, the other is one of the `partners`
    passages of its article that match it best (by their best sentence link).

    A passage that shares a few words with many passages of another article (a
    summary, a commentary on the whole affair) is then linked only to those that tell
    the same thing most closely, while an event an article spreads over a few
    paragraphs still links to each of them. Ties go by passage id, so the result does
    not depend on file order.
    """
    keys = sorted({(u.article, u.passage) for u in units})  # numbered in id order
    number = {key: n for n, key in enumerate(keys)}
    passage_of = [number[(u.article, u.passage)] for u in units]
    size, articles = len(keys), sorted({article for article, _ in keys})
    article_number = {article: n for n, article in enumerate(articles)}
    article_of = [article_number[article] for article, _ in keys]
    pairs = [  # each link's two passages as one number: smaller * size + larger
        min(a, b) * size + max(a, b)
        for a, b in ((passage_of[link.left], passage_of[link.right]) for link in links)
    ]
    strength: dict[int, float] = {}
    for pair, link in zip(pairs, links):
        if strength.get(pair, -1.0) < link.score:
            strength[pair] = link.score
    # Each pair is a candidate in two rivalries: the smaller passage's candidates in the
    # larger's article (`first`), and the other way round (`second`), each numbered
    # passage * width + article. Only a rivalry of more than `partners` candidates
    # drops any, so only those are ranked.
    width = len(articles)
    first = [(p // size) * width + article_of[p % size] for p in strength]
    second = [(p % size) * width + article_of[p // size] for p in strength]
    crowded = {r for r, n in Counter(first + second).items() if n > partners}
    kept = set()
    ranked: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (pair, score), one, other in zip(strength.items(), first, second):
        if one not in crowded or other not in crowded:
            kept.add(pair)
        for r in (one, other):
            if r in crowded:
                ranked[r].append((-score, pair))
    for found in ranked.values():
        found.sort()
        kept.update(pair for _, pair in found[:partners])
    return [link for pair, link in zip(pairs, links) if pair in kept]
