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
from collections import Counter, defaultdict
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
    """The specific things they share (terms' heads; a quotation as its words)."""
    run: int
    """The longest run of words both have verbatim."""
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
    """Pairs of sentences from different articles that share at least one anchor term
    (or a quotation) and score at least `threshold` with `min_evidence` specific things
    shared, or share a verbatim run of VERBATIM_RUN words; with each link's evidence
    and whether it is a mutual best match."""
    vectors = [{t: weights.get(t, 0.0) ** 2 for t in set(u.terms)} for u in units]  # w²
    norms = [math.sqrt(sum(v.values())) or 1.0 for v in vectors]
    candidates = _candidates(units, vectors, anchors) | _quotation_candidates(units)
    links = []
    for a, b in sorted(candidates):
        shared = vectors[a].keys() & vectors[b].keys()
        score = sum(vectors[a][t] for t in shared) / (norms[a] * norms[b])
        run, quotation = verbatim_run(units[a], units[b])
        evidence = distinct_things([t for t in shared if t in anchors], units[a], units[b])
        if len(quotation) >= QUOTE_RUN:
            evidence.add(f"“{' '.join(quotation)}”")
        if run >= VERBATIM_RUN or (score >= threshold and len(evidence) >= min_evidence):
            links.append(Link(a, b, round(min(1.0, score), 6), tuple(sorted(evidence)), run))
    return _with_best_matches(units, links)


def distinct_things(terms: Sequence[str], first: Unit, second: Unit) -> set[str]:
    """The distinct things `terms` name in the two units: the terms of one name (its
    compounds, its last word, a rare first word) count as one, named by its last word."""
    names = dict(first.names) | dict(second.names)
    return {names.get(t, term_head(t)) for t in terms}


def _candidates(
    units: Sequence[Unit], vectors: list[dict[str, float]], anchors: Collection[str]
) -> set[tuple[int, int]]:
    """Pairs of units of different articles that share an anchor term."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term, square in vector.items():
            if term in anchors and square > 0:
                postings[term].append(index)
    pairs = set()
    for members in postings.values():
        if len(members) > MAX_POSTINGS:
            continue
        for position, a in enumerate(members):
            article = units[a].article
            for b in members[position + 1 :]:
                if units[b].article != article:
                    pairs.add((a, b))
    return pairs


def _quotation_candidates(units: Sequence[Unit]) -> set[tuple[int, int]]:
    """Pairs of units of different articles that share QUOTE_RUN words in a row that are
    in quotation marks in one of them at least, however short the words."""
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    quoted: set[tuple[str, ...]] = set()
    for index, unit in enumerate(units):
        for start in range(len(unit.words) - QUOTE_RUN + 1):
            shingle = unit.words[start : start + QUOTE_RUN]
            postings[shingle].append(index)
            if all(i in unit.quoted for i in range(start, start + QUOTE_RUN)):
                quoted.add(shingle)
    pairs = set()
    for shingle in quoted:
        members = sorted(set(postings[shingle]))
        if len(members) > MAX_POSTINGS:
            continue
        for position, a in enumerate(members):
            for b in members[position + 1 :]:
                if units[a].article != units[b].article:
                    pairs.add((a, b))
    return pairs


def verbatim_run(first: Unit, second: Unit) -> tuple[int, tuple[str, ...]]:
    """The longest run of words the two units share verbatim, and the longest such run
    that is in quotation marks in one of them (its words)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for j, word in enumerate(second.words):
        positions[word].append(j)
    longest, quotation = 0, ()
    previous: dict[int, int] = {}
    for i, word in enumerate(first.words):
        current = {}
        for j in positions.get(word, ()):
            length = current[j] = previous.get(j - 1, 0) + 1
            longest = max(longest, length)
            if length > len(quotation) and (
                all(i - k in first.quoted for k in range(length))
                or all(j - k in second.quoted for k in range(length))
            ):
                quotation = first.words[i - length + 1 : i + 1]
        previous = current
    return longest, quotation


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


def shared_counts(units: Sequence[Unit], members: Collection[int]) -> Counter:
    """How many of the `members` units hold each term."""
    counts: Counter = Counter()
    for index in members:
        counts.update(set(units[index].terms))
    return counts
