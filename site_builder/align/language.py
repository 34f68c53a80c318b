"""What the aligner knows of a language: its stemmer, its stop words and how rare its
words are in general use.

Rarity comes from a compact table shipped in the package (align/data/rarity-<code>.txt.gz,
made from wordfreq's word lists by scripts/make_rarity_tables.py), so a build never
imports wordfreq and never downloads anything: loading a table takes a few tens of
milliseconds. A word the table lacks gets a rarity by rule (see Rarity.of). Stop words:
English has a list of its own (function words and the verbs of reporting, which every
news story uses); other languages take their most frequent words from the table.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from site_builder.languages import LANGUAGES

DATA = Path(__file__).parent / "data"
MAX_RARITY = 8.0
"""The rarity of a word never seen in the language."""
SPECIFIC_RARITY = 3.0
"""A word this rare or rarer (Zipf frequency 5 or less) is specific: a name, a place, a
number or an uncommon word, as opposed to the words every story uses."""
STOP_RARITY = 2.2
"""Outside English, words more common than this (Zipf frequency 5.8 or more) are stop
words: the language's articles, pronouns, prepositions and auxiliaries."""


ENGLISH_STOP_WORDS = frozenset(
    """
a about above after again against all almost also although am among an and another any
anyone anything are around as at be became because been before being below between both but
by can cannot could did do does doing done down during each either else even ever every few
for from further had has have having he her here hers herself him himself his how however i
if in into is it its itself just least less let like made make many may me might more most
much must my myself neither no nor not now of off often on once one only or other others
otherwise our ours ourselves out over own per perhaps rather really said same say says see
seem seemed several shall she should since so some something still such than that the their
theirs them themselves then there therefore these they this those though through thus to too
toward towards under until up upon us very was we were what whatever when where whether
which while who whom whose why will with within without would yet you your yours yourself
yourselves also already yesterday today told tell according added stated noted claimed
declared announced reported
""".split()
)


@dataclass(frozen=True)
class Rarity:
    """How rare words are in a language at large: 8 minus the Zipf frequency, at least 0
    ("the" 0.3, "military" 2.8, "regroup" 4.9, "Chernihiv" 7)."""

    language: str
    words: Mapping[str, float]
    numbers: tuple[float, ...]
    """The rarity of a number the table lacks, by its count of digits (1, 2, ..., the
    last for that many or more)."""
    unknown: float
    """The rarity of a word the table lacks (rarer than every word in it)."""

    def of(self, word: str) -> float:
        """The rarity of `word`, a lower-case word as written."""
        known = self.words.get(word)
        if known is not None:
            return known
        digits = sum(c.isdigit() for c in word)
        if digits:
            return self.numbers[min(digits, len(self.numbers)) - 1]
        return self.unknown

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


def supported(code: str) -> bool:
    """Whether the aligner knows language `code` (e.g. 'en', 'de')."""
    return code in LANGUAGES


@cache
def load_language(code: str) -> Language:
    """The Language of `code` (one of LANGUAGES), read from the package once per process.

    Raises KeyError for a language the aligner does not know.
    """
    rarity = load_rarity(code)
    stop_words = (
        ENGLISH_STOP_WORDS
        if code == "en"
        else frozenset(w for w, r in rarity.words.items() if r < STOP_RARITY and not w.isdigit())
    )
    return Language(code, LANGUAGES[code], stop_words, rarity)


@cache
def load_rarity(code: str) -> Rarity:
    """The rarity table of language `code`, read from the package once per process."""
    text = gzip.decompress((DATA / f"rarity-{code}.txt.gz").read_bytes()).decode("utf-8")
    words: dict[str, float] = {}
    numbers: tuple[float, ...] = (MAX_RARITY,)
    unknown = MAX_RARITY
    for line in text.splitlines():
        head, _, rest = line.partition(" ")
        if head == "numbers":
            numbers = tuple(float(n) for n in rest.split())
        elif head == "unknown":
            unknown = float(rest)
        elif head.isdigit():
            words.update(dict.fromkeys(rest.split(" "), int(head) / 10))
    return Rarity(code, words, numbers, unknown)
