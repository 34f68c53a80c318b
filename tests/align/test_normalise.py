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
