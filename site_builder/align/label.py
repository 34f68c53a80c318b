"""Event titles a reader understands: a short phrase in the outlets' own words.

The title of an event is the part of one member's evidence sentence that covers the
words the outlets share: the member whose sentence shares the most with the others;
that whole sentence if it has MAX_WORDS words or fewer, else the stretch from the first
shared word to the last, cut to the MAX_WORDS words that share the most, without stop
words at either end, and widened to at least MIN_WORDS words. Never a list of keywords. A
loaded word (the site's watch list) stays out of a title unless every member uses it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from site_builder.model import Token

MIN_WORDS = 3
MAX_WORDS = 14
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
        key=lambda tokens: -sum(weights.get(t, 0.0) for t in _terms(tokens) & shared),
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
    value = [sum(weights.get(t, 0.0) for t in tokens[i].terms if t in shared) for i in words]
    hits = [n for n, v in enumerate(value) if v > 0]
    first, last = (hits[0], hits[-1]) if hits else (0, min(len(words), MAX_WORDS) - 1)
    if last - first + 1 > MAX_WORDS:  # the window of MAX_WORDS words that shares most
        first = max(
            range(first, last - MAX_WORDS + 2), key=lambda s: (sum(value[s : s + MAX_WORDS]), -s)
        )
        last = first + MAX_WORDS - 1
    while first < last and not tokens[words[last]].terms:  # no title ends on "the", "has"
        last -= 1
    while first < last and not tokens[words[first]].terms:
        first += 1
    while last - first + 1 < MIN_WORDS and (first > 0 or last < len(words) - 1):
        if last < len(words) - 1:
            last += 1
        if last - first + 1 < MIN_WORDS and first > 0:
            first -= 1
    text = "".join(token.text for token in tokens[words[first] : words[last] + 1])
    return _tidy(text)


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
