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
import re
from collections.abc import Callable
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
_WORDS = re.compile(r"[\s\-]+")
"""What separates the words of a name or of a hyphenated word as written."""
STOP_RARITY = 2.2
"""Outside English, words more common than this (Zipf frequency 5.8 or more) are stop
words: the language's articles, pronouns, prepositions and auxiliaries."""


@dataclass(frozen=True)
class Rarity:
    """How rare words are in a language at large: 8 minus the Zipf frequency, at least 0
    ("the" 0.3, "military" 2.8, "regroup" 4.9, "Chernihiv" 7).

    The table is the package's lines "word tenths", sorted, kept as one text: a word is
    found (and remembered) by a binary search over the first lines of stretches of about
    CHUNK characters, then a search for its line inside its stretch. Loading a table
    so costs no more than decompressing it: splitting it into its 96,000 lines took half
    as long again, on the critical path of a rebuild after one edit."""

    language: str
    text: str
    """The table's lines ("word tenths", sorted), each after a newline (the text starts
    with one) and ended by one."""
    numbers: tuple[float, ...]
    """The rarity of a number the table lacks, by its count of digits (1, 2, ..., the
    last for that many or more)."""
    unknown: float
    """The rarity of a word the table lacks (rarer than every word in it)."""
    starts: tuple[int, ...] = field(default=(), compare=False, repr=False)
    """Where each stretch of the text starts (a line's start), and past its end."""
    firsts: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The first line of each stretch."""
    _found: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    _written: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def of(self, word: str) -> float:
        """The rarity of `word`, a lower-case word as written."""
        known = self._found.get(word)
        if known is None:
            known = self._found[word] = self._look_up(word)
        return known

    def of_written(self, written: str) -> float:
        """The rarity of a word or name as a story writes it (any case): a word's own
        (capped at MAX_RARITY); several words, or a hyphenated word's parts, as rare as
        their words together (capped). Remembered: the same spellings recur from story
        to story."""
        known = self._written.get(written)
        if known is None:
            lowered = written.lower().replace("’", "'")
            if " " in lowered or "-" in lowered:
                words = _WORDS.split(lowered)
                known = min(MAX_RARITY, sum(self.of(w) for w in words if w))
            else:
                known = min(MAX_RARITY, self.of(lowered))
            self._written[written] = known
        return known

    def _look_up(self, word: str) -> float:
        entry = word + " "
        # the stretch whose first line is the last not after `entry`: the word's line is
        # in it, or is the next one's first (lines of one word are a run in sorted order)
        chunk = bisect.bisect_right(self.firsts, entry) - 1
        if chunk < 0:  # before the first stretch's first line
            chunk = 0
        if chunk < len(self.firsts):
            high = self.starts[chunk + 1] + len(entry)
            at = self.text.find("\n" + entry, self.starts[chunk] - 1, high)
            if at >= 0:
                start = at + 1 + len(entry)
                return int(self.text[start : self.text.index("\n", start)]) / 10
        digits = sum(map(str.isdigit, word))
        if digits:
            return self.numbers[min(digits, len(self.numbers)) - 1]
        return self.unknown

    def lines(self) -> list[str]:
        """The table's lines, "word tenths"."""
        return self.text[1:].splitlines()

    def words_below(self, rarity: float) -> frozenset[str]:
        """Every word of the table more common than `rarity` (numbers left out)."""
        found = (line.rpartition(" ") for line in self.lines())
        return frozenset(w for w, _, r in found if int(r) < rarity * 10 and not w.isdigit())

    def __reduce__(self) -> tuple[Callable[[str], Rarity], tuple[str]]:
        return (load_rarity, (self.language,))  # worker processes load the table themselves


@dataclass(frozen=True)
class Language:
    """The aligner's knowledge of one language."""

    code: str
    stemmer: str
    stop_words: frozenset[str]
    rarity: Rarity

    def __reduce__(self) -> tuple[Callable[[str], Language], tuple[str]]:
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
    text = "\n" + body if body.endswith("\n") else "\n" + body + "\n"
    starts = _stretches(text)
    firsts = tuple(text[start : text.index("\n", start)] for start in starts[:-1])
    return Rarity(code, text, numbers, unknown, starts, firsts)


CHUNK = 2048
"""About how many characters of a rarity table a look-up searches through after its
binary search (see Rarity)."""


def _stretches(text: str) -> tuple[int, ...]:
    """Where the stretches of about CHUNK characters of a table's `text` start (each at
    a line's start, the first at the first line's), and the text's end."""
    starts = [1]
    while True:
        cut = text.find("\n", starts[-1] + CHUNK, len(text) - 1) + 1
        if cut <= 0:
            return (*starts, len(text))
        starts.append(cut)
