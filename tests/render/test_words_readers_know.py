"""The site's words as a first-time reader meets them: no word of the tool that builds
it (its settings file, its aligner, its tiers of links), which a reader of the pages has
no way to know (fourteenth round)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import REPO

BUILDERS_WORDS = re.compile(r"site\.yml|\baligner\b|\btiers?\b", re.IGNORECASE)


def said(value) -> list[str]:
    """Every text in a strings file's value (a text, or its plural forms)."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in said(v)]
    return [value] if isinstance(value, str) else []


def test_no_string_of_the_theme_uses_the_builders_words():
    strings = yaml.safe_load(Path(REPO / "themes" / "default" / "strings" / "en.yml").read_text())
    found = {k: t for k, v in strings.items() for t in said(v) if BUILDERS_WORDS.search(t)}
    assert found == {}


def test_the_blindspots_page_explains_itself_in_a_readers_words(page, bundled_site):
    page.goto(bundled_site["url"] + "blindspots/index.html")
    text = page.locator("main").inner_text()
    assert "Leans are given by the site's editor" in text
    assert not BUILDERS_WORDS.search(text), text
