"""Event titles a reader understands: a short phrase in the outlets' own words.

The title of an event is the part of one member's evidence sentence that covers the
words the outlets share: the member whose sentence shares the most with the others;
that whole sentence if it has MAX_WORDS words or fewer, else the stretch from the first
shared word to the last, cut to the MAX_WORDS words that share the most, without stop
words at either end, and widened to at least MIN_WORDS words. Never a list of keywords. A
loaded word (the site's watch list) stays out of a title unless every member uses it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from site_builder.model import Token

MIN_WORDS = 3
MAX_WORDS = 14
CLAUSE_SHARE = 0.6
"""A title made of whole clauses must hold this share of what its sentence shares."""
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")", "-"})
_OPENERS = frozenset(
    "which who whom whose that and but or because including while whereas so as".split()
)
"""Words a clause may open with that a title need not."""
"""Punctuation between clauses: a title is best a run of whole clauses."""
_OPENING_QUOTES = '“‘«"'
_CLOSING_QUOTES = '”’»"'


def event_label(
    candidates: Sequence[tuple[Token, ...]],
    shared: set[str],
    weights: Mapping[str, float],
    *,
    loaded: re.Pattern | None = None,
    members_text: Sequence[str] = (),
) -> str:
    """A title for an event from its members' evidence sentences (`candidates`, as
    tokens): the best phrase of the sentence that shares the most of `shared` (terms
    two or more members use), avoiding loaded words not every member's text uses."""
    ranked = sorted(
        candidates,
        key=lambda tokens: -math.fsum(weights.get(t, 0.0) for t in _terms(tokens) & shared),
    )
    everyone = _used_by_all(members_text, loaded)
    fallback = ""
    for tokens in ranked:
        phrase = _phrase(tokens, shared, weights)
        if not phrase:
            continue
        fallback = fallback or phrase
        if loaded is None or all(
            m.group().lower() in everyone for m in loaded.finditer(phrase.lower())
        ):
            return phrase
    if loaded is not None and fallback:
        return _tidy(loaded.sub("", fallback))
    return fallback


def _terms(tokens: Sequence[Token]) -> set[str]:
    return {t for token in tokens for t in token.terms}


def _used_by_all(texts: Sequence[str], loaded: re.Pattern | None) -> set[str]:
    if loaded is None or not texts:
        return set()
    found = [{m.group().lower() for m in loaded.finditer(t.lower())} for t in texts]
    return set.intersection(*found)


def _phrase(tokens: Sequence[Token], shared: set[str], weights: Mapping[str, float]) -> str:
    """The stretch of `tokens` that covers the shared words (see the module's docstring)."""
    words = [i for i, token in enumerate(tokens) if token.text[:1].isalnum()]
    if not words:
        return ""
    if len(words) <= MAX_WORDS:  # a whole sentence reads best
        return _tidy("".join(token.text for token in tokens))
    value = [math.fsum(weights.get(t, 0.0) for t in tokens[i].terms if t in shared) for i in words]
    first, last = _best_clauses(tokens, words, value) or _best_window(tokens, words, value)
    text = "".join(token.text for token in tokens[words[first] : words[last] + 1])
    return _tidy(text)


def _best_clauses(
    tokens: Sequence[Token], words: Sequence[int], value: Sequence[float]
) -> tuple[int, int] | None:
    """The run of whole clauses (between commas, colons, dashes, brackets) of MIN_WORDS
    to MAX_WORDS words that holds most of what the sentence shares (at least
    CLAUSE_SHARE of its weight), as the indices of its first and last word; None if
    there is none."""
    total = sum(value)
    if not total:
        return None
    starts = [0] + [
        n
        for n in range(1, len(words))
        if any(t.text.strip() in _CLAUSE_BREAKS for t in tokens[words[n - 1] + 1 : words[n]])
    ]
    ends = [s - 1 for s in starts[1:]] + [len(words) - 1]
    best = None
    for i, first in enumerate(starts):
        while first < ends[i] and tokens[words[first]].text.lower() in _OPENERS:
            first += 1  # "which Medinsky said ..." -> "Medinsky said ..."
        for last in ends[i : i + 3]:
            size = last - first + 1
            share = sum(value[first : last + 1]) / total
            if MIN_WORDS <= size <= MAX_WORDS and share >= CLAUSE_SHARE:
                score = (round(share, 6), size, -first)
                if best is None or score > best[0]:
                    best = (score, (first, last))
    return best[1] if best else None


def _best_window(
    tokens: Sequence[Token], words: Sequence[int], value: Sequence[float]
) -> tuple[int, int]:
    """The MAX_WORDS words that share the most, without a stop word, a title or half a
    name at either end (the first and last word's indices)."""
    hits = [n for n, v in enumerate(value) if v > 0]
    first, last = (hits[0], hits[-1]) if hits else (0, min(len(words), MAX_WORDS) - 1)
    if last - first + 1 > MAX_WORDS:
        first = max(
            range(first, last - MAX_WORDS + 2), key=lambda s: (sum(value[s : s + MAX_WORDS]), -s)
        )
        last = first + MAX_WORDS - 1

    def loose(n: int, following: int) -> bool:  # a poor word to end on
        token = tokens[words[n]]
        after = tokens[words[following]].text if 0 <= following < len(words) else ""
        return not token.terms or (token.text[:1].isupper() and after[:1].isupper())

    while first < last and loose(last, last + 1):
        last -= 1
    while first < last and not tokens[words[first]].terms:
        first += 1
    while last - first + 1 < MIN_WORDS and (first > 0 or last < len(words) - 1):
        if last < len(words) - 1:
            last += 1
        if last - first + 1 < MIN_WORDS and first > 0:
            first -= 1
    return first, last


def _tidy(text: str) -> str:
    """One line, quotation marks only where they pair up, a capital first letter."""
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-–—")
    if text.count('"') % 2 or _unpaired(text):
        text = text.translate(
            {ord(c): None for c in set(_OPENING_QUOTES + _CLOSING_QUOTES) - {"’"}}
        )
    text = text.strip()
    return text[:1].upper() + text[1:]


def _unpaired(text: str) -> bool:
    return text.count("“") != text.count("”") or text.count("«") != text.count("»")
