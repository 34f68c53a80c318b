"""How rare a word is in English at large, from wordfreq's tables, answered cheaply.

Loading wordfreq takes 0.4 s, longer than a rebuild after one edit. So a build keeps
the answers it got (the rarities of the words its stories use) and, once a rebuild has
had to load wordfreq for a word no build had seen, a compact copy of its table of plain
words (lower-case ASCII letters: nine words in ten), in which later new words are
found in milliseconds. The cache (cache.py) keeps both; every answer is wordfreq's.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_RARITY = 8.0
"""The rarity of a word wordfreq has never seen."""
_PLAIN = re.compile(r"[a-z]+")
"""A plain word (see is_plain)."""


@dataclass(frozen=True)
class WordTable:
    """The rarity of every plain word wordfreq knows: `words` sorted, `rarities` in
    the same order (a word not in it has MAX_RARITY)."""

    words: list[str]
    rarities: array

    def rarity(self, word: str) -> float:
        """background_rarity(word) for a plain word (see is_plain)."""
        index = bisect.bisect_left(self.words, word)
        if index < len(self.words) and self.words[index] == word:
            return self.rarities[index]
        return MAX_RARITY


_RARITY: dict[str, float] = {}
"""background_rarity's answers so far: a memo that a build may fill from its cache, so a
rebuild need not load wordfreq for words it has already looked up."""
_ASKED: dict[str, float] = {}
"""The part of _RARITY asked for since rarities_asked() was last called."""
_table: WordTable | None = None
"""The table of plain words, once loaded (see learn_rarities)."""
_load_table: Callable[[], WordTable | None] | None = None
"""How to load it when first needed; None: words not in _RARITY go to wordfreq."""


def background_rarity(word: str) -> float:
    """How rare `word` is in English at large: 8 minus its Zipf frequency, at least 0.

    ("the" 0.3, "military" 2.8, "regroup" 4.9, "Chernihiv" 6.8, unknown words 8.) From
    wordfreq's tables, which ship inside the package: nothing is downloaded.
    """
    known = _RARITY.get(word)
    if known is None:
        table = _word_table() if is_plain(word) else None
        known = table.rarity(word) if table is not None else wordfreq_rarity(word)
        _RARITY[word] = known
    _ASKED[word] = known
    return known


def is_plain(word: str) -> bool:
    """Whether `word` is lower-case ASCII letters only: wordfreq reads it as one token,
    so its rarity depends on its frequency alone (and WordTable holds it)."""
    return _PLAIN.fullmatch(word) is not None


def wordfreq_rarity(word: str) -> float:
    """background_rarity(word) asked of wordfreq itself (no memo, no table)."""
    import wordfreq  # imported on first need: see the module's docstring

    return max(0.0, MAX_RARITY - wordfreq.zipf_frequency(word, "en"))


def _word_table() -> WordTable | None:
    global _table, _load_table
    if _load_table is not None:
        _table, _load_table = _load_table(), None
    return _table


def plain_word_table() -> WordTable:
    """Every plain word wordfreq knows for English, with its rarity (0.3 s to make,
    once wordfreq is loaded: made once per site, see build.py)."""
    import wordfreq

    frequencies = wordfreq.get_frequency_dict("en")
    words = sorted(filter(_PLAIN.fullmatch, frequencies))
    # A plain word's rarity depends on its frequency alone: ask wordfreq once per
    # frequency (a few hundred distinct values), so every answer is its own.
    example = {frequencies[w]: w for w in words}
    rarity = {f: wordfreq_rarity(w) for f, w in example.items()}
    return WordTable(words, array("d", [rarity[frequencies[w]] for w in words]))


def rarities_asked() -> dict[str, float]:
    """The words background_rarity was asked about since the last call, with its
    answers (for a build to keep what one story needs for the next build)."""
    asked = dict(_ASKED)
    _ASKED.clear()
    return asked


def learn_rarities(
    rarities: Mapping[str, float], table: Callable[[], WordTable | None] | None = None
) -> None:
    """Take answers of background_rarity found earlier (e.g. by an earlier build) and,
    if given, a function that loads a WordTable, called the first time a plain word is
    not among them."""
    global _table, _load_table
    _RARITY.update(rarities)
    if table is not None:
        _table, _load_table = None, table
