"""The README's promises: its two set-up commands and its settings reference."""

from __future__ import annotations

import re

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


def test_the_command_line_synopsis_names_every_option():
    """Each command's line under "Command line" names every option its --help gives
    (-q and -v apart, said once), so a reader of the README misses none."""
    import argparse

    from site_builder.commands.cli import _parser

    block = README.split("## Command line", 1)[1].split("```", 2)[1]
    lines = [line for line in block.splitlines() if line.startswith("site-builder ")]
    missing = []

    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*words, name])
                return
        mine = [line for line in lines if line.startswith(" ".join(["site-builder", *words, ""]))]
        options = [a.option_strings for a in parser._actions if a.option_strings]
        for names in options:
            if names[-1] in ("--help", "--quiet", "--verbose"):
                continue
            named = re.compile("|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in names))
            if not any(named.search(line) for line in mine):
                missing.append(f"{' '.join(words)}: {names[-1]}")

    walk(_parser(), [])
    assert not missing


def _quoted_after(lead: str) -> str:
    """The first `code` span of the README after `lead`."""
    return README.split(lead, 1)[1].split("`", 2)[1]


def test_the_readmes_walk_through_a_new_site_prints_what_it_says(tmp_path, monkeypatch, capsys):
    """What "Start a site of your own" and "Command line" show `new` and `check`
    printing is what they print, to the character (a newcomer compares them)."""
    from site_builder.commands.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["new", "my-site"]) == 0
    shown = README.split("`new` refuses a folder that is not empty and writes:\n\n```\n", 1)[1]
    assert capsys.readouterr().out == shown.split("```", 1)[0]
    monkeypatch.chdir(tmp_path / "my-site")
    assert main(["build", "-q"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0
    assert capsys.readouterr().out == _quoted_after("It prints ") + "\n"


def test_the_readmes_build_summary_of_the_bundled_story_is_what_build_prints(
    tmp_path, monkeypatch, capsys
):
    """The summary line "Command line" quotes for the bundled story, but for the
    folder and the seconds, which are the reader's own."""
    import shutil

    from site_builder.commands.cli import main

    for name in ("site.yml", "content"):
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
        copy(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--no-cache"]) == 0
    said = capsys.readouterr().out.strip()
    shown = _quoted_after("e.g. for\nthe bundled story\n")
    mine = re.sub(r"written to \S+ in [\d.]+ s$", "written to OUT in T s", said)
    assert mine == re.sub(r"written to \S+ in [\d.]+ s$", "written to OUT in T s", shown)
