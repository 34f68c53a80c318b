"""The README's promises: its two set-up commands and its settings reference."""

from __future__ import annotations

from site_builder.core.config import config_reference
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_set_up_commands():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block == [
        "pip install -e . && site-builder build",
        "pip install -e '.[test]' && python -m pytest",
    ]


def test_ci_runs_the_readmes_test_command():
    assert "pip install -e '.[test]' && python -m pytest" in (REPO / ".ci" / "run").read_text()


def test_settings_reference_matches_the_schema():
    assert config_reference() in README


def test_every_code_block_of_the_docs_is_closed():
    """An unclosed ``` fence turns the rest of a page into code on GitHub."""
    for page in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        fences = [
            number
            for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
            if line.startswith("```")
        ]
        assert len(fences) % 2 == 0, f"{page.name}: {len(fences)} fences, one never closed"
