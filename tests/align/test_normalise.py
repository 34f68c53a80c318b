"""How a sentence is cut into the tokens the aligner compares and the pages mark."""

from __future__ import annotations

from itertools import product

import pytest

from site_builder.align.normalise import TOKEN, text_pieces


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
        (  # words one space apart, and then two
            "(AP) U.S. officials said, x² 3rd2 1st.  Then",
            "(|AP|)| |U|.|S|.| |officials| |said|,| |x²| |3rd2| |1st|.|  |Then",
        ),
    ],
)
def test_a_sentence_is_cut_into_words_numbers_white_space_and_marks(text, tokens):
    # A word keeps its apostrophes and hyphens (one term for "short-term" and
    # "don't"); a number its separators and ending; the tokens join back to the text.
    assert TOKEN.findall(text) == tokens.split("|")
    assert "".join(TOKEN.findall(text)) == text
    assert text_pieces(text) == tokens.split("|")


def test_a_text_is_cut_at_its_spaces_into_the_same_pieces_as_by_the_expression():
    # text_pieces cuts a text whose words are one space apart at its spaces: every
    # text of up to four of these parts, one space (or other white space) apart.
    parts = ["a", "1", "21st", "1,000", "x²", "said,", "U.S.", "it's", "-a", "a-", "_", "’", ""]
    for count in range(1, 5):
        for chosen in product(parts, repeat=count):
            for space in (" ", "\n", " \xa0"):
                text = space.join(chosen)
                assert text_pieces(text) == TOKEN.findall(text), text


def test_a_name_of_several_words_is_one_thing_and_its_spellings_are_counted():
    # An earlier word of a name becomes a compound with its last ("Vladimir Medinsky"),
    # a capitalised first word of a sentence does not start a name, and each term's
    # surface form is its most frequent spelling (the pieces of words counted, white
    # space and punctuation not).
    from site_builder.align.language import load_language
    from site_builder.align.normalise import make_normaliser

    texts = [
        "President Volodymyr Zelenskyy met Vladimir Putin's envoy in Istanbul.",
        "Putin's envoy, Vladimir Medinsky, left Istanbul on Friday.",
        "Negotiators Medinsky and Umerov met again.",
        "Medinsky's talks: Istanbul, ISTANBUL, Istanbul.",
    ]
    normaliser = make_normaliser(texts, {}, 88, load_language("en"))
    terms = {t.text: t.terms for text in texts for t in normaliser.sentence(text)}
    assert terms["Vladimir"] == ("vladimir medinski",)  # (its last tokens win here)
    assert terms["Negotiators"] == ("negoti",)  # capitalised first, no name's word
    forms = normaliser.surface_forms()
    assert forms["istanbul"] == "Istanbul"
    assert forms["medinski"] == "Medinsky"
    assert "," not in forms and " " not in forms
