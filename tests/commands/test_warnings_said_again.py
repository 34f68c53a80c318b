"""A warning stays while its cause stays: an editor who builds again without fixing what
a build warned of hears the warning again, whether the site is up to date or only
another story changed, never "Up to date" alone, which would read as fixed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.write.cache import CACHE_DIR, SITE_STAMP
from tests.conftest import write_article


def run(site: Path, *args: str) -> subprocess.CompletedProcess:
    """`site-builder build ARGS` in `site`, as an editor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "build", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
    )


def two_stories(root: Path) -> Path:
    """A site of two stories of two articles each, at `root`."""
    root.mkdir()
    (root / "site.yml").write_text("title: Two stories\n", encoding="utf-8")
    for slug, place in (("talks", "Istanbul"), ("ferry", "the harbour")):
        story = root / "content" / slug
        story.mkdir(parents=True)
        for outlet in ("Alpha News", "Beta Post"):
            write_article(
                story,
                outlet.split()[0].lower(),
                f"Officials met in {place} on Tuesday, {outlet} reports.\n\n"
                f"The talks in {place} went on until late.",
                outlet=outlet,
            )
    return root


def outlet_of_no_article(site: Path) -> None:
    with (site / "site.yml").open("a") as settings:
        settings.write("outlets:\n  Harbour Gazete: {lean: left}\n")


def unknown_string(site: Path) -> None:
    strings = site / "themes" / "default" / "strings"
    strings.mkdir(parents=True)
    (strings / "en.yml").write_text('read_mor: "More"\n')


def language_without_strings(site: Path) -> None:
    with (site / "site.yml").open("a") as settings:
        settings.write("language: fr\n")


def unknown_front_matter_key(site: Path) -> None:
    article = site / "content" / "talks" / "alpha.md"
    article.write_text(article.read_text().replace("---\n", "---\nauthr: Ann\n", 1))


def story_of_one_article(site: Path) -> None:
    (site / "content" / "lonely").mkdir()
    write_article(site / "content" / "lonely", "alpha", "One outlet alone.", outlet="Alpha News")


def misnamed_corrections(site: Path) -> None:
    (site / "content" / "talks" / "alignments.yaml").write_text("links: []\n")


def outlet_spelt_otherwise(site: Path) -> None:
    with (site / "site.yml").open("a") as settings:
        settings.write("outlets:\n  Alpha News: {lean: left}\n")
    article = site / "content" / "ferry" / "alpha.md"
    article.write_text(article.read_text().replace('"Alpha News"', '"Alpha Newz"', 1))


CAUSES: dict[str, tuple[Callable[[Path], None], str]] = {
    "an outlet in site.yml no article names": (
        outlet_of_no_article,
        "WARNING: {site}/site.yml: outlets: 'Harbour Gazete' is the outlet of no article",
    ),
    "an article's outlet spelt otherwise than site.yml's": (
        outlet_spelt_otherwise,
        "WARNING: {site}/content/ferry/alpha.md:3: outlet 'Alpha Newz' is not one site.yml's "
        "outlets describe, so its articles show no lean or profile; did you mean 'Alpha News'?",
    ),
    "an unknown key in the site's strings": (
        unknown_string,
        "WARNING: {site}/themes/default/strings/en.yml:1: unknown string 'read_mor'",
    ),
    "a language the theme has no strings for": (
        language_without_strings,
        "INFO: the theme has no strings file for language 'fr'",
    ),
    "a misspelt front matter key": (
        unknown_front_matter_key,
        "WARNING: {site}/content/talks/alpha.md:2: unknown front matter key 'authr'",
    ),
    "a story of one article": (
        story_of_one_article,
        "INFO: {site}/content/lonely: one article, nothing to align",
    ),
    "a misnamed corrections file": (
        misnamed_corrections,
        "WARNING: {site}/content/talks/alignments.yaml: not read:",
    ),
}


def notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("WARNING:", "INFO:"))]


@pytest.mark.parametrize("cause", list(CAUSES))
def test_a_warning_is_said_again_while_its_cause_stays(tmp_path, cause):
    site = two_stories(tmp_path / "site")
    make, line = CAUSES[cause]
    make(site)
    line = line.format(site=site)
    first = run(site)
    assert first.returncode == 0, first.stderr
    said = notes(first.stderr)
    assert any(note.startswith(line) for note in said), first.stderr

    again = run(site)  # nothing changed
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Up to date: ")
    assert notes(again.stderr) == said  # each one, in the same order

    article = site / "content" / "ferry" / "beta.md"  # only another story changes
    article.write_text(article.read_text().replace("until late", "until dawn"))
    other = run(site)
    assert other.returncode == 0, other.stderr
    assert other.stdout.startswith("Built 2 stories (1 unchanged)") or cause == (
        "a story of one article"  # three stories there
    ), other.stdout
    assert notes(other.stderr) == said


def test_strict_fails_on_an_up_to_date_site_s_site_wide_warning(tmp_path):
    site = two_stories(tmp_path / "site")
    outlet_of_no_article(site)
    assert run(site).returncode == 0
    strict = run(site, "--strict")
    assert strict.returncode == 1
    assert "'Harbour Gazete' is the outlet of no article" in strict.stderr
    assert "--strict makes it an error" in strict.stderr


def stamp(site: Path) -> Path:
    return site / CACHE_DIR / SITE_STAMP


@pytest.mark.parametrize(
    "notes_kept",
    [
        "not a mapping",
        {"outlets": "not a list"},
        {"outlets": [[50, "CRITICAL: a level no note is said at"]]},
        {"outlets": [[30]]},
        {"outlets": [["30", "a level that is not a number"]]},
        {"7": [[30, 7]]},
    ],
    ids=["a text", "a text of notes", "a critical level", "no message", "a text level", "a number"],
)
def test_a_stamp_s_notes_are_checked_as_read(tmp_path, notes_kept):
    """site.json is an input anyone who can write the cache folder may have written: notes
    of the wrong shape or level make it a damaged file, set aside with a warning, and the
    site is built again, saying what its own files cause."""
    site = two_stories(tmp_path / "site")
    outlet_of_no_article(site)
    assert run(site).returncode == 0
    saved = json.loads(stamp(site).read_text())
    saved["notes"] = notes_kept
    stamp(site).write_text(json.dumps(saved))
    again = run(site)
    assert again.returncode == 0, again.stderr
    assert f"{stamp(site)}: a damaged build cache file" in again.stderr
    assert "'Harbour Gazete' is the outlet of no article" in again.stderr
    assert "CRITICAL" not in again.stderr and "Traceback" not in again.stderr
    assert not again.stdout.startswith("Up to date")


def test_a_stamp_s_note_is_said_as_one_printable_line(tmp_path):
    """A message planted in site.json is said on one line, its control characters
    escaped, as every note is."""
    site = two_stories(tmp_path / "site")
    assert run(site).returncode == 0
    saved = json.loads(stamp(site).read_text())
    saved["notes"] = {"outlets": [[30, "planted\n\x1b[2Jline"]]}
    stamp(site).write_text(json.dumps(saved))
    again = run(site)
    assert again.stdout.startswith("Up to date")
    assert "WARNING: planted\\x0a\\x1b[2Jline\n" in again.stderr
