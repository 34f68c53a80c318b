"""How a sentence is cut into the tokens the aligner compares and the pages mark."""

from __future__ import annotations

import pytest

from site_builder.align.normalise import TOKEN


@pytest.mark.parametrize(
    "text, tokens",
    [
        (
            "Don’t call it rock'n'roll-style, short-term talk.",
            "Don’t| |call| |it| |rock'n'roll-style|,| |short-term| |talk|.",
        ),
        (
            "In the 1990s, 1,000 troops left; 3.5x more, 21st-century",
            "In| |the| |1990s|,| |1,000| |troops| |left|;| |3|.|5x| |more|,| |21st|-|century",
        ),
        (  # a mark that does not join two runs of letters is a token of its own
            "end-- -start it's- ’quoted’ under_score\n\tnext",
            "end|-|-| |-|start| |it's|-| |’|quoted|’| |under|_|score|\n\t|next",
        ),
    ],
)
def test_a_sentence_is_cut_into_words_numbers_white_space_and_marks(text, tokens):
    # A word keeps its apostrophes and hyphens (one term for "short-term" and
    # "don't"); a number its separators and ending; the tokens join back to the text.
    assert TOKEN.findall(text) == tokens.split("|")
    assert "".join(TOKEN.findall(text)) == text
