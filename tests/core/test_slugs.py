"""Page addresses from names in any script: readable ASCII, never mangled."""

from __future__ import annotations

import pytest

from site_builder.core.slugs import slug_of, slug_words
from site_builder.read.content import read_story
from tests.conftest import write_article


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Çavuşoğlu meets Lavrov", "cavusoglu-meets-lavrov"),
        ("Переговоры в Стамбуле", "peregovory-v-stambule"),
        ("Москва — Київ", "moskva-kyiv"),  # Ukrainian и and ї, as Ukraine spells them
        ("Миколаїв, Харків", "mykolaiv-kharkiv"),
        ("Straße über Köln", "strasse-uber-koln"),
        ("Łódź, Gdańsk", "lodz-gdansk"),
        ("Ελληνικά νέα", "ellinika-nea"),
        ("Second Story", "second-story"),
        ("北京", "bei-jing"),  # other scripts through anyascii, a syllable a word
        ("القاهرة", "lqhrh"),
        ("ירושלים", "yrvslym"),
        ("Café ☕", "cafe"),  # a symbol has no letters to give
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
        ("北京", ["bei", "jing"]),
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


def test_a_story_folder_named_in_chinese_arabic_or_hebrew_builds_with_a_readable_address(
    site,
):
    from site_builder.commands.build import build
    from site_builder.core.config import load_config

    for name in (
        "北京会谈",
        "القاهرة",
        "ירושלים",
    ):
        folder = site / "content" / name
        folder.mkdir()
        write_article(folder, "a", "Negotiators met in Istanbul on Tuesday for talks.")
        write_article(folder, "b", "Negotiators met in Istanbul on Tuesday for new talks.")
    config = load_config(site / "site.yml")
    build(config)
    for slug in ("bei-jing-hui-tan", "lqhrh", "yrvslym"):
        assert (config.output_path / slug / "index.html").is_file(), slug
