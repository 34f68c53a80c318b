"""One text module: folding, matching the editor's words, and "unknown" as absent, the
same in the aligner, framing and the pages."""

from __future__ import annotations

import re
import unicodedata

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.core.text import (
    QUOTES,
    fold,
    is_unknown,
    search_fold,
    strip_accents,
    word_pattern,
)
from tests.conftest import write_article


def test_folding_drops_case_quotes_and_accents():
    assert fold("Régime’s “Élan”") == 'regime\'s "elan"'
    assert search_fold("Øresund N.A.A.C.P. Straße") == "oresund naacp strasse"


def test_folding_makes_every_quote_and_dash_plain_whatever_else_the_word_holds():
    # fold returns ASCII text at once lower-cased: right only while every character
    # it makes plain is outside ASCII
    for mark, plain in QUOTES.items():
        assert fold(f"A{chr(mark)}b") == f"a{plain}b"
        assert fold(f"É{chr(mark)}b") == f"e{plain}b"
    assert fold("Don't STOP-gap") == "don't stop-gap"


def test_a_word_is_found_in_any_case_with_or_without_accents():
    pattern = word_pattern(["régime"])
    text = "Le Régime tombe; les regimes, REGIME et régimes aussi. Régimen? Derégime."
    assert [m.group() for m in pattern.finditer(text)] == [
        "Régime",
        "regimes",
        "REGIME",
        "régimes",
        "Régimen",
    ]
    assert word_pattern([" ", ""]) is None


def test_unknown_is_absent_in_any_case():
    assert all(is_unknown(v) for v in (None, "", "  ", "unknown", "Unknown", " UNKNOWN "))
    assert not is_unknown("Unknown Pleasures")


def _french_site(tmp_path, author: str):
    (tmp_path / "site.yml").write_text(
        "title: Négociations\nlanguage: fr\nloaded_words: [régime]\n", encoding="utf-8"
    )
    story = tmp_path / "content" / "istanbul"
    story.mkdir(parents=True)
    text = (
        "Les délégations de Moscou et de Kiev se sont rencontrées à Istanbul le 29 mars "
        "pour des pourparlers de paix au palais de Dolmabahçe, selon le {} de Moscou."
    )
    write_article(story, "a", text.format("régime"), outlet="Journal A", author=author)
    write_article(story, "b", text.format("regime"), outlet="Journal B")
    config = load_config(tmp_path / "site.yml")
    build(config)
    return config.output_path / "istanbul"


def test_a_french_site_highlights_its_loaded_word_with_and_without_accent(tmp_path):
    page = (_french_site(tmp_path, "unknown") / "index.html").read_text(encoding="utf-8")
    for written in ("régime", "regime"):
        # a loaded word is marked as such ("ld"), shared with another outlet or not
        assert re.search(rf'<(mark|span) class="ld">{written}</\1>', page), written


def test_an_author_written_unknown_is_not_shown(tmp_path):
    folder = _french_site(tmp_path, "Unknown")
    page = (folder / "a" / "index.html").read_text(encoding="utf-8")
    assert "Unknown" not in page and "unknown" not in page.lower().replace("-unknown", "")


def test_accents_are_stripped_from_every_character_as_one_by_one():
    every = "".join(chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c < 0xE000)
    for text in (every, every[::-1], "Ångström naïve café", "Ω̃ ǅ ﬁ"):
        decomposed = unicodedata.normalize("NFKD", text)
        one_by_one = "".join(c for c in decomposed if not unicodedata.combining(c))
        assert strip_accents(text) == one_by_one
