"""Text -> comparable terms: the aligner's view of a sentence (pages keep the original).

Case, quotes, dashes, possessives and number words are folded; stop words dropped;
words stemmed (Snowball), so "negotiations" and "negotiating" meet; configured aliases
and transliteration variants of names (Zelenski / Zelenskyy) map to one term.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import Stemmer
from rapidfuzz import fuzz, process

from site_builder.align.language import ENGLISH_STOP_WORDS, load_language

STOP_WORDS = ENGLISH_STOP_WORDS

T = TypeVar("T")
_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_COMPOUND_NUMBER = re.compile(rf"\b({_TENS})[-\s]({_UNITS})\b")
_ROMAN_AFTER_ARTICLE = re.compile(r"\b(article|chapter|phase|stage)\s+(i{1,3}|iv|v|vi{0,3}|ix|x)\b")
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_WORD = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?\b|[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"'s$|'$")
_ORDINAL_ENDING = re.compile(r"(st|nd|rd|th)$")
_HYPHENATED = re.compile(r"\b([a-z]{2,})-([a-z]{2,})\b")  # fund-raiser: fund raiser fundraiser
QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-", "‑": "-"}
)


def fold(text: str) -> str:
    """Lower-case text with quotes and dashes made plain and accents removed."""
    text = text.translate(QUOTES)
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _numbers_as_digits(text: str) -> str:
    text = _COMPOUND_NUMBER.sub(
        lambda m: str(_NUMBER_WORDS[m.group(1)] + _NUMBER_WORDS[m.group(2)]), text
    )
    return _ROMAN_AFTER_ARTICLE.sub(lambda m: f"{m.group(1)} {_ROMAN[m.group(2)]}", text)


def words(text: str) -> list[str]:
    """The folded words of `text` in order: possessives cut, numbers as digits.

    A hyphenated compound gives its parts, and the joined word if that is an English
    word, so "fund-raiser" meets "fundraiser" and "cease-fire" meets "ceasefire".
    """
    result = []
    text = _HYPHENATED.sub(_compound, _numbers_as_digits(fold(text)))
    for word in _WORD.findall(text):
        if "'" in word:
            word = _POSSESSIVE.sub("", word).replace("'", "")
        if word in _NUMBER_WORDS and word not in ("one", "first", "second"):
            word = str(_NUMBER_WORDS[word])
        elif word[:1].isdigit():
            word = _ORDINAL_ENDING.sub("", word).replace(",", "")
        if word:
            result.append(word)
    return result


@lru_cache(maxsize=1 << 16)
def _words_remembered(text: str) -> tuple[str, ...]:
    """words(text), kept for the process: the same words recur in every story."""
    return tuple(words(text))


def _compound(match: re.Match) -> str:
    """'fund-raiser' -> 'fund raiser fundraiser' when the joined word is an English word."""
    first, second = match.groups()
    joined = first + second
    return (
        f"{first} {second} {joined}"
        if joined in load_language("en").rarity.words
        else (f"{first} {second}")
    )


@dataclass(frozen=True)
class Normaliser:
    """Turns text into terms, with the story's aliases and name variants folded in."""

    aliases: Mapping[tuple[str, ...], tuple[str, ...]]
    variants: Mapping[str, str]
    _memo: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)
    _word_terms: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    _derived: dict = field(default_factory=dict, compare=False, repr=False)

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, worked out once per normaliser (its story's text) and `key`."""
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def terms(self, text: str) -> list[str]:
        """Content terms of `text` in order: aliased, stemmed, stop words dropped."""
        known = self._memo.get(text)
        if known is None:
            tokens = _words_remembered(text)
            if self.aliases:
                tokens = _apply_aliases(list(tokens), self.aliases)
            variants = self.variants
            known = [variants.get(s, s) for s in map(_content_stem, tokens) if s is not None]
            self._memo[text] = known
        return list(known)

    def word_term(self, token: str) -> str | None:
        """The term of one word as written, or None for punctuation, white space and
        stop words (for marking words on a page, one token at a time)."""
        if token not in self._word_terms:
            terms = self.terms(token)
            self._word_terms[token] = terms[0] if terms else None
        return self._word_terms[token]


def make_normaliser(
    texts: Iterable[str], aliases: Mapping[str, Iterable[str]], fuzzy_cutoff: int
) -> Normaliser:
    """Build the normaliser for one story: alias table plus name variants found in it.

    Names are the capitalised words of the story; two names whose transliteration keys
    are at least `fuzzy_cutoff` similar (rapidfuzz ratio) become one term, e.g.
    Zelenski / Zelenskyy / Zelensky. The canonical term is the alphabetically first, so
    the result does not depend on the order of the articles.
    """
    key = (frozenset(texts), tuple(sorted((k, tuple(v)) for k, v in aliases.items())), fuzzy_cutoff)
    return _normaliser(*key)


@lru_cache(maxsize=4)
def _normaliser(texts: frozenset[str], aliases: tuple, fuzzy_cutoff: int) -> Normaliser:
    """make_normaliser, remembered: the align and frame steps of a story share one
    normaliser (and its memo of terms) instead of building it twice."""
    table = _alias_table(dict(aliases))
    names = sorted(
        {
            _stem(w)
            for t in texts
            for w in _apply_aliases(
                [fold(n) for n in re.findall(r"\b[A-Z][a-zA-Z]{4,}\b", t)], table
            )
            if w not in STOP_WORDS
        }
    )
    return Normaliser(aliases=table, variants=_name_variants(names, fuzzy_cutoff))


def _alias_table(aliases: Mapping[str, Iterable[str]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for canonical, others in aliases.items():
        target = tuple(words(canonical))
        for other in others:
            table[tuple(words(other))] = target
    return table


def _apply_aliases(
    tokens: list[str], table: Mapping[tuple[str, ...], tuple[str, ...]]
) -> list[str]:
    if not table:
        return tokens
    longest = max(len(k) for k in table)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            replacement = table.get(tuple(tokens[i : i + size]))
            if replacement is not None:
                out.extend(replacement)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def transliteration_key(name: str) -> str:
    """A spelling-insensitive key for a name: y/j as i, kh as h, doubled letters single."""
    key = name.replace("kh", "h").replace("j", "i").replace("y", "i").replace("w", "v")
    return re.sub(r"(.)\1+", r"\1", key)


def _name_variants(names: list[str], cutoff: int) -> dict[str, str]:
    """Map each name to the canonical spelling of its group of near-identical names."""
    if len(names) < 2:
        return {}
    keys = [transliteration_key(n) for n in names]
    parent = list(range(len(names)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, key in enumerate(keys):
        for _, _, j in process.extract(
            key, keys[i + 1 :], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            if keys[i + 1 + j][0] == key[0]:
                parent[root(i + 1 + j)] = root(i)
    return {n: names[root(i)] for i, n in enumerate(names) if root(i) != i}


@lru_cache(maxsize=200_000)
def _content_stem(token: str) -> str | None:
    """The stem of a word, or None for a stop word or a stem of one letter."""
    if token in STOP_WORDS:
        return None
    stem = _stem(token)
    return stem if len(stem) > 1 or stem.isdigit() else None


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    if word[0].isdigit():
        return word
    if not hasattr(_STEMMERS, "english"):  # a stemmer may not be shared between threads
        _STEMMERS.english = Stemmer.Stemmer("english")
    return _STEMMERS.english.stemWord(word)


_STEMMERS = threading.local()
