"""English word rarities: wordfreq's answers, from a kept table when wordfreq is not
loaded."""

from __future__ import annotations

import random

from site_builder.align.english import (
    MAX_RARITY,
    background_rarity,
    is_plain,
    plain_word_table,
    wordfreq_rarity,
)


def test_the_table_of_plain_words_answers_as_wordfreq_does():
    table = plain_word_table()
    assert len(table.words) > 100_000 and table.words == sorted(table.words)
    sample = random.Random(0).sample(table.words, 2000)
    for word in [*sample, "regroup", "chernihiv", "the", "zorbleflaxian"]:
        assert table.rarity(word) == wordfreq_rarity(word), word
    assert table.rarity("zorbleflaxian") == MAX_RARITY


def test_only_lower_case_ascii_words_are_plain():
    assert is_plain("regroup")
    for word in ("Regroup", "don’t", "çavuşoğlu", "15", "covid19", "short-term", ""):
        assert not is_plain(word), word


def test_rarity_orders_common_words_before_names():
    assert background_rarity("the") < background_rarity("military") < background_rarity("chernihiv")
