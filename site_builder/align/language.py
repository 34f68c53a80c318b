"""What the aligner knows of a language: its stemmer, its stop words and how rare its
words are in general use.

Rarity comes from a compact table shipped in the package (align/data/rarity-<code>.txt.gz,
made from wordfreq's word lists by scripts/make_rarity_tables.py), so a build never
imports wordfreq and never downloads anything: loading a table takes a few tens of
milliseconds. A word the table lacks gets a rarity by rule (see Rarity.of). Stop words:
a language pack may list its own (English's: function words and the verbs of reporting,
which every news story uses); other languages take their most frequent words from the
table.
"""

from __future__ import annotations

import bisect
import gzip
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from site_builder.core.language_pack import pack_for
from site_builder.core.languages import LANGUAGES

DATA = Path(__file__).parent / "data"
MAX_RARITY = 8.0
"""The rarity of a word never seen in the language."""
SPECIFIC_RARITY = 3.0
"""A word this rare or rarer (Zipf frequency 5 or less) is specific: a name, a place, a
number or an uncommon word, as opposed to the words every story uses."""
STOP_RARITY = 2.2
"""Outside English, words more common than this (Zipf frequency 5.8 or more) are stop
words: the language's articles, pronouns, prepositions and auxiliaries."""


@dataclass(frozen=True)
class Rarity:
    """How rare words are in a language at large: 8 minus the Zipf frequency, at least 0
    ("the" 0.3, "military" 2.8, "regroup" 4.9, "Chernihiv" 7).

    The table is the package's lines "word tenths", sorted: a word is found by binary
    search (and remembered), so loading the table costs no more than splitting it."""

    language: str
    lines: Sequence[str]
    numbers: tuple[float, ...]
    """The rarity of a number the table lacks, by its count of digits (1, 2, ..., the
    last for that many or more)."""
    unknown: float
    """The rarity of a word the table lacks (rarer than every word in it)."""
    _found: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def of(self, word: str) -> float:
        """The rarity of `word`, a lower-case word as written."""
        known = self._found.get(word)
        if known is None:
            known = self._found[word] = self._look_up(word)
        return known

    def _look_up(self, word: str) -> float:
        entry = word + " "
        index = bisect.bisect_left(self.lines, entry)
        if index < len(self.lines) and self.lines[index].startswith(entry):
            return int(self.lines[index][len(entry) :]) / 10
        digits = sum(c.isdigit() for c in word)
        if digits:
            return self.numbers[min(digits, len(self.numbers)) - 1]
        return self.unknown

    def words_below(self, rarity: float) -> frozenset[str]:
        """Every word of the table more common than `rarity` (numbers left out)."""
        found = (line.rpartition(" ") for line in self.lines)
        return frozenset(w for w, _, r in found if int(r) < rarity * 10 and not w.isdigit())

    def __reduce__(self):
        return (load_rarity, (self.language,))  # worker processes load the table themselves


@dataclass(frozen=True)
class Language:
    """The aligner's knowledge of one language."""

    code: str
    stemmer: str
    stop_words: frozenset[str]
    rarity: Rarity

    def __reduce__(self):
        return (load_language, (self.code,))


@cache
def load_language(code: str) -> Language:
    """The Language of `code` (one of LANGUAGES), read from the package once per process.

    Raises KeyError for a language the aligner does not know.
    """
    rarity = load_rarity(code)
    stop_words = pack_for(code).stop_words or rarity.words_below(STOP_RARITY)
    return Language(code, LANGUAGES[code], stop_words, rarity)


@cache
def load_rarity(code: str) -> Rarity:
    """The rarity table of language `code`, read from the package once per process."""
    text = gzip.decompress((DATA / f"rarity-{code}.txt.gz").read_bytes()).decode("utf-8")
    head, _, body = text.partition("\n=\n")
    numbers: tuple[float, ...] = (MAX_RARITY,)
    unknown = MAX_RARITY
    for line in head.splitlines():
        key, _, rest = line.partition(" ")
        if key == "numbers":
            numbers = tuple(float(n) for n in rest.split())
        elif key == "unknown":
            unknown = float(rest)
    return Rarity(code, body.splitlines(), numbers, unknown)
