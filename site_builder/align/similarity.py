"""Sentence links across articles, and how sure each one is.

Two sentences of different articles are compared by the terms they share, each weighted
by how much sharing it tells: terms rare in the story (inverse document frequency over
its passages) and rare in the language weigh most; boilerplate that occurs in most
passages weighs next to nothing. Candidate pairs come from an inverted index of the
specific terms ("anchors": names, places, numbers, uncommon words) and of the words in
quotation marks, so the work grows with the pairs that share something, not with all
pairs.

A link records its evidence: the weighted cosine of the two sentences, how many
distinct specific things they share (a name counts once however it is written out, a
hyphenated word once), the longest run of words they share verbatim (a quotation), and
whether each sentence is the other's best match in its article. `is_same_event` reads
that evidence; weaker links are only related.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from site_builder.align.normalise import term_head

QUOTE_RUN = 3
"""Words in quotation marks that two sentences share verbatim count as one specific
thing when they run this long ("Who are you!")."""
VERBATIM_RUN = 6
"""A run of this many words shared verbatim (short words included) is a same-event link
by itself: one outlet quotes or copies the other's words."""
MAX_POSTINGS = 200
"""A term in more sentences than this proposes no pairs (too common to say two
sentences report one event), but still counts in the score."""


@dataclass(frozen=True)
class Unit:
    """One sentence of one passage: the aligner's unit of evidence."""

    article: str
    passage: str
    position: int
    """The passage's place in its article (0 for the first)."""
    sentence: int
    terms: tuple[str, ...]
    words: tuple[str, ...]
    """Every word, folded, short words included: for verbatim runs."""
    quoted: frozenset[int]
    """Indices of the words inside quotation marks."""
    names: tuple[tuple[str, str], ...] = ()
    """Terms that are part of a name of several words, with the name's last word
    ("mitt" -> "romney"): one name counts as one piece of evidence."""


@dataclass(frozen=True)
class Link:
    """Two sentences (units) of different articles that share something, and how much."""

    left: int
    right: int
    score: float
    """Weighted cosine of the two sentences' terms, 0 to 1."""
    evidence: tuple[str, ...]
    """The specific things they share (terms' heads; a quotation as its first words)."""
    run: int
    """The longest run of words both have verbatim (VERBATIM_RUN: at least that)."""
    best: bool = False
    """Whether each sentence is the other's best match in its article."""

    @property
    def strength(self) -> float:
        """The score, with a verbatim run counting as a perfect match (for ordering)."""
        return 1.0 if self.run >= VERBATIM_RUN else self.score


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
    anchors: Collection[str],
    *,
    threshold: float,
    min_evidence: int,
) -> list[Link]:
    """Pairs of sentences from different articles that score at least `threshold` with
    `min_evidence` specific things shared (a quotation counts as one), or share a
    verbatim run of VERBATIM_RUN words; with each link's evidence and whether it is a
    mutual best match."""
    vectors = [{t: weights.get(t, 0.0) ** 2 for t in set(u.terms)} for u in units]  # w²
    norms = [math.sqrt(math.fsum(v.values())) or 1.0 for v in vectors]
    texts = [f" {' '.join(u.words)} " for u in units]  # words one space apart, to search
    quotations = _quotation_candidates(units, texts)
    candidates, anchors = _anchor_candidates(
        units, vectors, anchors, norms, threshold, min_evidence
    )
    links = []
    for a, b in sorted(candidates | quotations.keys()):
        shared = vectors[a].keys() & vectors[b].keys()
        score = math.fsum(vectors[a][t] for t in shared) / (norms[a] * norms[b])
        run = VERBATIM_RUN if _shares_a_run(units[a], units[b], texts[a], texts[b]) else 0
        evidence = distinct_things([t for t in shared if t in anchors], units[a], units[b])
        if (a, b) in quotations:
            evidence.add(f"“{' '.join(quotations[(a, b)])}”")
        if run >= VERBATIM_RUN or (score >= threshold and len(evidence) >= min_evidence):
            links.append(Link(a, b, round(min(1.0, score), 6), tuple(sorted(evidence)), run))
    return _with_best_matches(units, links)


def distinct_things(terms: Sequence[str], first: Unit, second: Unit) -> set[str]:
    """The distinct things `terms` name in the two units: the terms of one name (its
    compounds, its last word, a rare first word) count as one, named by its last word."""
    names = dict(first.names) | dict(second.names)
    return {names.get(t, term_head(t)) for t in terms}


def _anchor_candidates(
    units: Sequence[Unit],
    vectors: list[dict[str, float]],
    anchors: Collection[str],
    norms: list[float],
    threshold: float,
    min_evidence: int,
) -> tuple[set[tuple[int, int]], set[str]]:
    """Pairs of units of different articles that share `min_evidence` anchor terms and
    can reach `threshold` (the shared weight of the anchors they share plus, at most,
    the product of the rest of the two vectors: Cauchy-Schwarz); and the anchors that
    remain specific here (those in MAX_POSTINGS sentences or fewer)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term, square in vector.items():
            if term in anchors and square > 0:
                postings[term].append(index)
    proposing = {t for t, members in postings.items() if len(members) <= MAX_POSTINGS}
    size = len(units)
    article_of = [u.article for u in units]
    shared: dict[int, float] = defaultdict(float)  # pair a * size + b (a < b) -> weight²
    count: dict[int, int] = defaultdict(int)
    for term in sorted(proposing):  # a fixed order: sums of floats depend on it
        members = postings[term]
        square = vectors[members[0]][term]
        for position, a in enumerate(members):
            article, base = article_of[a], a * size
            for b in members[position + 1 :]:
                if article_of[b] != article:
                    shared[base + b] += square
                    count[base + b] += 1
    rest = [math.sqrt(math.fsum(s for t, s in v.items() if t not in proposing)) for v in vectors]
    pairs = set()
    for pair, known in shared.items():
        a, b = divmod(pair, size)
        if count[pair] >= min_evidence and known + rest[a] * rest[b] >= threshold * norms[
            a
        ] * norms[b] * (1 - 1e-9):
            pairs.add((a, b))
    return pairs, proposing


def _quotation_candidates(
    units: Sequence[Unit], texts: Sequence[str]
) -> dict[tuple[int, int], tuple[str, ...]]:
    """Pairs of units of different articles where one quotes QUOTE_RUN words or more
    that the other has too, however short the words: the pair and the quoted words."""
    quoted_words = {unit.words[i] for unit in units for i in unit.quoted}
    if not quoted_words:
        return {}
    holders: dict[str, list[int]] = defaultdict(list)  # word -> the units that have it
    for index, unit in enumerate(units):
        for word in quoted_words.intersection(unit.words):
            holders[word].append(index)
    pairs: dict[tuple[int, int], tuple[str, ...]] = {}
    for a, unit in enumerate(units):
        for start in range(len(unit.words) - QUOTE_RUN + 1):
            if not all(i in unit.quoted for i in range(start, start + QUOTE_RUN)):
                continue
            quotation = unit.words[start : start + QUOTE_RUN]
            needle = f" {' '.join(quotation)} "
            rarest = min(quotation, key=lambda w: len(holders[w]))
            if len(holders[rarest]) > MAX_POSTINGS:
                continue
            for b in holders[rarest]:
                if units[b].article != unit.article and needle in texts[b]:
                    pairs.setdefault((min(a, b), max(a, b)), quotation)
    return pairs


def _shares_a_run(first: Unit, second: Unit, first_text: str, second_text: str) -> bool:
    """Whether two units share a run of VERBATIM_RUN words (short words included)."""
    if len(first.words) > len(second.words):
        first, second, second_text = second, first, first_text
    words = first.words
    return any(
        f" {' '.join(words[i : i + VERBATIM_RUN])} " in second_text
        for i in range(len(words) - VERBATIM_RUN + 1)
    )


def _with_best_matches(units: Sequence[Unit], links: list[Link]) -> list[Link]:
    """The links, each marked `best` if each of its sentences is the other's best match
    (by strength) among the sentences of the other's article."""
    top: dict[tuple[int, str], float] = {}
    for link in links:
        for here, there in ((link.left, link.right), (link.right, link.left)):
            key = (here, units[there].article)
            top[key] = max(top.get(key, 0.0), link.strength)
    return [
        Link(
            link.left,
            link.right,
            link.score,
            link.evidence,
            link.run,
            best=link.strength >= top[(link.left, units[link.right].article)]
            and link.strength >= top[(link.right, units[link.left].article)],
        )
        for link in links
    ]


def is_same_event(link: Link, *, event_threshold: float, min_evidence: int) -> bool:
    """Whether a link is evidence enough that its two sentences report the same event:
    a verbatim run of VERBATIM_RUN words, or a score of `event_threshold` with
    `min_evidence` specific things shared where each sentence is the other's best match.
    """
    if link.run >= VERBATIM_RUN:
        return True
    return link.best and link.score >= event_threshold and len(link.evidence) >= min_evidence
