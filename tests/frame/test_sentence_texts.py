"""Framing asks some questions of a whole sentence's text instead of each token
(fourteenth round, docs/scaling.md): whether a passage's terms are all its own words,
whether a sentence has a quotation mark a name may stand in. The answers must be those
the tokens give: the same own words and the same names on stories with quotations in
every mark, names of several words, nicknames and plain sentences."""

from __future__ import annotations

import random

from site_builder.align import align_story
from site_builder.align.voice import quotations
from site_builder.core.config import AlignmentConfig
from site_builder.frame.framing import (
    _names_of,
    _unquoted_slices,
    own_words_terms,
    passage_and_own_terms,
    sentence_texts,
    terms_by_passage,
)
from site_builder.frame.people import Names
from tests.frame.test_claims import ENGLISH, story_of

WORDS = (
    "the convoy moved toward Kyiv",
    "Armed Forces of Ukraine held the line",
    "Dmitry Peskov said",
    "Fox News reported",
    "a peace party",
    "officials spoke",
    "Jim Mattis",
    "Mad Dog",
    "prisoners were exchanged",
)
MARKS = ("“", "”", "«", "»", '"', "‘", "’", "„", ",")


def _sentence(rng: random.Random) -> str:
    """Phrases, some after a lone mark, some between two marks ("“Mad Dog”")."""
    parts = []
    for _ in range(rng.randint(1, 5)):
        phrase = rng.choice(WORDS)
        chance = rng.random()
        if chance < 0.1:
            phrase = f"{rng.choice(MARKS)} {phrase}"
        elif chance < 0.2:
            phrase = f"{rng.choice(MARKS)}{phrase}{rng.choice(MARKS)}"
        parts.append(phrase)
    sentence = " ".join(parts).strip(" ,")
    return sentence[:1].upper() + sentence[1:] + "."


def _story(tmp_path, seed: int):
    rng = random.Random(seed)
    articles = {
        slug: "\n\n".join(
            " ".join(_sentence(rng) for _ in range(rng.randint(1, 3))) for _ in range(6)
        )
        for slug in ("one", "two", "three")
    }
    return story_of(tmp_path, articles)


def _own_words_token_by_token(alignment) -> dict:
    """Own words as the thirteenth round counted them: token by token."""
    result = {}
    for key, sentences in alignment.sentences.items():
        found, open_mark = [], ""
        for tokens in sentences:
            texts = [token.text for token in tokens]
            ranges, open_mark = quotations("".join(texts), open_mark)
            for start, end in _unquoted_slices(texts, ranges):
                found += [
                    term
                    for token in tokens[start:end]
                    for term in (token.terms if len(token.terms) < 2 else _names_of(token.terms))
                ]
        result[key] = found
    return result


def _names(names: Names) -> tuple:
    return names.fullest, names.heads, names.surnames, names.lower


def test_own_words_and_names_from_sentence_texts_are_those_of_the_tokens(tmp_path):
    quick = 0
    for seed in range(6):
        (tmp_path / str(seed)).mkdir()
        story = _story(tmp_path / str(seed), seed)
        alignment = align_story(story, AlignmentConfig(), ENGLISH)
        texts = sentence_texts(story)
        passage_terms, own = passage_and_own_terms(alignment, texts)
        assert own == _own_words_token_by_token(alignment)
        assert own_words_terms(alignment) == own  # (without the texts: from the tokens)
        assert passage_terms == terms_by_passage(alignment)
        quick += sum(own[key] is passage_terms[key] for key in own)
        assert _names(Names(alignment, ENGLISH, texts)) == _names(Names(alignment, ENGLISH))
    assert quick  # some passages took the quick way (no quotation mark, no long name)
