"""Page addresses from names in any script: readable ASCII, never mangled."""

from __future__ import annotations

import pytest

from site_builder.content import read_story
from site_builder.slugs import slug_of, slug_words
from tests.conftest import write_article


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Çavuşoğlu meets Lavrov", "cavusoglu-meets-lavrov"),
        ("Переговоры в Стамбуле", "peregovory-v-stambule"),
        ("Москва — Київ", "moskva-kiiv"),
        ("Straße über Köln", "strasse-uber-koln"),
        ("Łódź, Gdańsk", "lodz-gdansk"),
        ("Ελληνικά νέα", "ellinika-nea"),
        ("Second Story", "second-story"),
        ("北京", ""),  # nothing to spell it with: the reader refuses the name, saying so
    ],
)
def test_names_become_readable_addresses(name, slug):
    assert slug_of(name) == slug


@pytest.mark.parametrize(
    "text, words",
    [
        ("Çavuşoğlu meets Lavrov in Antalya", ["cavusoglu", "meets"]),
        ("  -- Second  Story --", ["second", "story"]),
        ("One", ["one"]),
        ("—", []),  # no letters or digits: no words, not one empty word
        ("北京", []),
    ],
)
def test_slug_words_are_the_first_words_of_the_address(text, words):
    assert slug_words(text, 2) == words


def test_an_article_named_in_cyrillic_gets_a_transliterated_address(tmp_path):
    folder = tmp_path / "Переговоры"
    folder.mkdir()
    write_article(folder, "Чавушоглу", "Переговоры прошли в Стамбуле во вторник.")
    write_article(folder, "Çavuşoğlu", "The talks in Istanbul took place on Tuesday.")
    story = read_story(folder)
    assert story.slug == "peregovory"
    assert sorted(a.slug for a in story.articles) == ["cavusoglu", "chavushoglu"]
