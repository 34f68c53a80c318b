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


def test_a_story_cut_all_at_once_reads_as_one_sentence_at_a_time():
    # Normaliser.sentences works out the story's distinct pieces first, then strings
    # each sentence together: the same tokens, terms and spellings (names of several
    # words, a name variant, a possessive, a Roman number, a repeated sentence) as
    # cutting one sentence at a time.
    from site_builder.align.language import load_language
    from site_builder.align.normalise import make_normaliser

    texts = [
        "President Volodymyr Zelenskyy met Vladimir Putin's envoy in Istanbul.",
        "Zelenski said the talks on Article V went well.",
        "Putin's envoy, Vladimir Medinsky, left Istanbul on Friday.",
        "Istanbul hosted the talks.",
        "President Volodymyr Zelenskyy met Vladimir Putin's envoy in Istanbul.",
        "The Crimean Peninsula was not discussed, officials said.",
        "Negotiators Medinsky and Umerov met again.",
    ]
    language = load_language("en")
    at_once = make_normaliser(texts, {}, 88, language)
    one_by_one = make_normaliser(texts, {}, 88, language)
    assert at_once.sentences(texts) == [one_by_one.sentence(t) for t in texts]
    assert list(at_once.surface_forms().items()) == list(one_by_one.surface_forms().items())
    terms = {t.text: t.terms for t in at_once.sentence(texts[2]) + at_once.sentence(texts[-1])}
    assert terms["Vladimir"] == ("vladimir medinski",)  # a name's earlier word
    assert terms["Negotiators"] == ("negoti",)  # capitalised first, no name's word
