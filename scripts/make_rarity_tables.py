"""Make the word-rarity tables that ship in the package, from wordfreq's word lists.

    pip install wordfreq && python scripts/make_rarity_tables.py [LANGUAGE ...]

Writes site_builder/align/data/rarity-<language>.txt.gz for each language (default: every
language the aligner supports, see site_builder/align/language.py). A build reads these
tables and never imports wordfreq, so it loads in milliseconds and needs nothing that is
not in the package. Re-run this script when wordfreq's lists change, and commit the
tables with the code.

The format, one line each, all UTF-8 text:

    # a comment saying where the table comes from
    numbers <rarity of a number of 1 digit> <of 2 digits> ... <of 8 or more>
    unknown <rarity of a word the table lacks>
    =
    <word> <rarity in tenths>       (one line per word, the lines in sorted order)

Sorted lines let a build load the table by splitting it into lines (a few
milliseconds) and find a word by binary search, without building a dictionary of
every word first.

A word's rarity is 8 minus its Zipf frequency (the base-10 log of its frequency per
billion words), at least 0: "the" 0.3, "military" 2.8, "regroup" 4.9. Words of Zipf
frequency MIN_ZIPF or more are listed (rarer words take the `unknown` rarity), and so are
the numbers 0 to 2100 (years, mostly); other numbers take the median rarity of numbers
with as many digits.
"""

from __future__ import annotations

import gzip
import math
import random
import re
import statistics
import sys
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import wordfreq

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.core.languages import LANGUAGES  # noqa: E402

OUT = REPO / "site_builder" / "align" / "data"
MIN_ZIPF = 2.0
"""Words at least this frequent are listed: once in 100 million words."""
UNKNOWN = 7.0
"""The rarity of a word the table lacks: between the rarest listed word (8 - MIN_ZIPF)
and a word wordfreq has never seen (8)."""
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def rarity(zipf: float) -> int:
    """A Zipf frequency as a rarity in tenths."""
    return round(max(0.0, 8.0 - zipf) * 10)


def table_text(language: str) -> str:
    """The table of `language` as text (see the module's docstring)."""
    frequencies = wordfreq.get_frequency_dict(language)
    by_rarity: dict[int, list[str]] = defaultdict(list)
    for word, frequency in frequencies.items():
        zipf = math.log10(frequency) + 9
        if zipf >= MIN_ZIPF and WORD.fullmatch(word):
            by_rarity[rarity(zipf)].append(word)
    for number in range(2101):
        by_rarity[rarity(wordfreq.zipf_frequency(str(number), language))].append(str(number))
    draw = random.Random(0)
    numbers = []
    for digits in range(1, 9):
        sample = [str(draw.randrange(10 ** (digits - 1), 10**digits)) for _ in range(200)]
        rarities = [rarity(wordfreq.zipf_frequency(n, language)) for n in sample]
        numbers.append(statistics.median(rarities))
    lines = [
        f"# Word rarity for '{language}', from wordfreq {version('wordfreq')} "
        f"(scripts/make_rarity_tables.py); words of Zipf frequency {MIN_ZIPF} or more. "
        "wordfreq's data: CC BY-SA 4.0, https://github.com/rspeer/wordfreq",
        "numbers " + " ".join(f"{n / 10:g}" for n in numbers),
        f"unknown {UNKNOWN:g}",
    ]
    entries = {word: r for r, words in by_rarity.items() for word in words}
    lines.append("=")
    lines += sorted(f"{word} {r}" for word, r in entries.items())
    return "\n".join(lines) + "\n"


def main(languages: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for language in languages:
        path = OUT / f"rarity-{language}.txt.gz"
        path.write_bytes(gzip.compress(table_text(language).encode("utf-8"), 9, mtime=0))
        print(f"{path.relative_to(REPO)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(LANGUAGES))
