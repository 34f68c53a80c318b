"""What the aligner knows of a language: the rarity of each word as the packaged table
says it, found by a binary search over the table's text."""

from __future__ import annotations

import bisect
import gzip

import pytest

from site_builder.align.language import DATA, load_rarity
from site_builder.core.languages import LANGUAGES


def table_lines(code: str) -> list[str]:
    """The lines of the packaged rarity table of `code`, "word tenths", as a list."""
    text = gzip.decompress((DATA / f"rarity-{code}.txt.gz").read_bytes()).decode("utf-8")
    return text.partition("\n=\n")[2].splitlines()


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_word_of_a_table_has_the_rarity_its_line_gives(code):
    lines = table_lines(code)
    rarity = load_rarity(code)
    for line in lines[::7] + lines[-3:]:
        word, _, tenths = line.rpartition(" ")
        assert rarity.of(word) == int(tenths) / 10, line


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_word_the_table_lacks_gets_the_rarity_the_rules_give(code):
    lines = table_lines(code)
    rarity = load_rarity(code)
    words = {line.rpartition(" ")[0] for line in lines}
    for word in ("", "zzzzzzzzzzzz", "\x00", "aaaa-not-a-word", "qx7", lines[0][:1]):
        if word in words:
            continue
        at = bisect.bisect_left(lines, word + " ")
        assert at == len(lines) or not lines[at].startswith(word + " ")
        digits = sum(c.isdigit() for c in word)
        expected = rarity.numbers[min(digits, len(rarity.numbers)) - 1] if digits else None
        assert rarity.of(word) == (expected if digits else rarity.unknown), word
    assert rarity.words_below(2.2) == {
        w for w, _, t in (line.rpartition(" ") for line in lines) if int(t) < 22 and not w.isdigit()
    }
