"""Text as site-builder compares it: one place for folding (case, quotes, accents),
matching a list of words in running text, and the "unknown" rule.

The aligner, framing, views and the front-matter reader all use these, so a word the
editor lists ("régime") is found the same way wherever it is looked for, and a value a
source leaves "unknown" is treated as absent everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


class _Table(dict):
    """A str.translate table that keeps every character it has no entry for, each
    remembered as itself on first sight. str.translate looks each character of a text
    that is not all ASCII up in its table, and a plain dict's missing key is a KeyError
    raised and caught for every such character (a story card's search words took 7 x
    longer so). At most REMEMBERED_POINTS are remembered, so that a text of every script
    cannot grow the table without end. The same translation as the plain table."""

    REMEMBERED_POINTS = 1 << 16

    def __missing__(self, point: int) -> int | None:
        kept = self._kept(point)
        if len(self) < self.REMEMBERED_POINTS:
            self[point] = kept
        return kept

    def _kept(self, point: int) -> int | None:
        """What a character the table has no entry for becomes: itself."""
        return point


QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-", "‑": "-"}
)
"""Curly quotes, guillemets and dashes as their plain forms (one character for one)."""
LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
"""Letters without a decomposition, as a reader without them types them (site.js folds the
search box the same way)."""
_QUOTES = _Table(QUOTES)
_LETTERS = _Table(LETTERS)
"""QUOTES and LETTERS as the tables str.translate is given (see _Table)."""
UNKNOWN = "unknown"
"""What a source (or an importer) writes for a fact it does not give."""


def closest(name: str, choices: Iterable[str], *, count: int = 1, cutoff: float = 0.6) -> list[str]:
    """The `count` of `choices` that look most like `name` misspelt, best first (difflib's
    ratio at least `cutoff`): what a "did you mean" in a message offers. difflib is
    imported here, when a message needs it, not at every command's start."""
    import difflib

    return difflib.get_close_matches(name, list(choices), n=count, cutoff=cutoff)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'build'?" for a `name` that looks like one of `choices` misspelt,
    else ''."""
    close = closest(name, choices)
    return f"; did you mean '{close[0]}'?" if close else ""


def strip_accents(text: str) -> str:
    """`text` without its accents (é -> e, Ü -> U), case kept."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_COMBINING)


class _CombiningMarks(_Table):
    """str.translate's table that drops combining characters (accents once decomposed)
    and keeps every other: each code point judged once per process, on first sight, so
    a text is translated in C instead of a Python step per character (see _Table)."""

    def _kept(self, point: int) -> int | None:
        return None if unicodedata.combining(chr(point)) else point


_COMBINING = _CombiningMarks()


def fold(text: str) -> str:
    """Lower-case text with quotes and dashes made plain and accents removed: how the
    aligner and framing compare words."""
    if text.isascii():  # most words: nothing of QUOTES in them (none of it is ASCII)
        return text.lower()
    text = text.translate(_QUOTES)
    if text.isascii():
        return text.lower()
    return strip_accents(text).lower()


ACRONYM = re.compile(r"(?<![^\W_])((?:[^\W\d_]\.){2,})")
"""Letters each followed by a full stop (N.A.A.C.P., U.S.): one word when searched."""


def search_fold(text: str) -> str:
    """Text as the site's search compares it: lower case, letters without accents (and
    the few without a decomposition spelled as readers type them), one space apart, an
    acronym written with full stops as one word ("N.A.A.C.P." as "naacp"), as site.js
    folds what a reader types."""
    text = ACRONYM.sub(lambda m: m.group(1).replace(".", ""), text)
    text = strip_accents(text.lower().translate(_LETTERS))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def is_unknown(value: str | None) -> bool:
    """Whether a fact is absent: empty, or written "unknown" (in any case)."""
    return value is None or value.strip().lower() in ("", UNKNOWN)


def known(value: str) -> str:
    """`value`, or '' where it says the fact is unknown."""
    return "" if is_unknown(value) else value


def word_pattern(words: Iterable[str]) -> re.Pattern | None:
    """One expression that finds any of `words` and their endings (regime, regimes) in
    running text as written: in any case, with or without accents ("régime" finds
    "Regime" and "régimes"), curly or straight apostrophes. None for no words."""
    forms = sorted({fold(w.strip()) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    if not forms:
        return None
    alternatives = "|".join(accent_insensitive(w) for w in forms)
    return re.compile(rf"\b(?:{alternatives})\w*", re.I)


def accent_insensitive(folded: str) -> str:
    """A pattern (for re.I) that finds `folded` (a folded word, see fold) in text as
    written, with or without accents: "regim" finds "régim" and "Regim"."""
    return "".join(_letter(c) for c in folded)


def _letter(folded: str) -> str:
    """A pattern for one folded character: itself or any accented form of it."""
    variants = _VARIANTS.get(folded)
    if variants:
        return f"[{folded}{variants}]"
    if folded == "'":
        return "['’‘]"
    if folded == "-":
        return "[-–—‑]"
    return re.escape(folded)


def _variants() -> dict[str, str]:
    """Each ASCII letter's accented forms in Latin-1 and Latin Extended (both cases)."""
    found: dict[str, list[str]] = {}
    for point in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(point)
        base = strip_accents(char).lower()
        if len(base) == 1 and base.isascii() and base.isalpha() and base != char.lower():
            found.setdefault(base, []).append(char)
    return {base: "".join(chars) for base, chars in found.items()}


_VARIANTS = _variants()
