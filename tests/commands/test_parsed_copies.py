"""Parsed copies of site.yml, of the theme's strings and of the front matter of the
stories a rebuild reads again (core/parsed.py): a rebuild whose YAML is unchanged takes
it from JSON copies in the build cache instead of parsing it (and importing PyYAML). An
edit of site.yml or of front matter is seen at once, and a copy that is not exactly what
the build wrote (tampered, malformed, a link) is ignored without a word: the site built
is the one a cold build writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import edit_one_article, run_build, three_stories, tree_bytes

WITH_YAML_SAID = """
import sys
from site_builder.commands import cli

status = cli.main(sys.argv[1:])
print(f"PyYAML imported: {'yaml' in sys.modules}", file=sys.stderr)
sys.exit(status)
"""


def copies(site) -> list:
    """The parsed copies the build keeps for `site`."""
    folder = site / ".site-builder-cache" / "parsed"
    return sorted(folder.glob("*.json"))


def cold_build(site, tmp_path) -> dict[str, bytes]:
    """The bytes of a cold build of `site` (no cache) into a folder apart."""
    output = tmp_path / "cold"
    assert run_build(site, "--no-cache", "--output", str(output)).returncode == 0
    return tree_bytes(output)


def test_a_rebuild_of_an_unchanged_site_yml_reads_no_yaml(site):
    assert run_build(site, "--jobs", "2").returncode == 0
    assert len(copies(site)) == 4  # site.yml, and the front matter of the story built in
    command = ["build", "--config", str(site / "site.yml")]  # the build's own process
    again = subprocess.run(
        [sys.executable, "-c", WITH_YAML_SAID, *command], capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert again.stderr.strip() == "PyYAML imported: False"


def test_an_edit_of_site_yml_is_seen_on_the_next_rebuild(site, tmp_path):
    assert run_build(site).returncode == 0
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("Test site", "Renamed site"))
    rebuilt = run_build(site)
    assert rebuilt.returncode == 0 and rebuilt.stderr == ""
    home = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert "Renamed site" in home and "Test site" not in home
    assert tree_bytes(site / "output") == cold_build(site, tmp_path)


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_rebuild_after_an_edit_below_the_front_matter_reads_no_yaml(site, tmp_path):
    three_stories(site)
    assert run_build(site).returncode == 0  # a cold build: its pool writes no copies
    edit_one_article(site)
    assert run_build(site, "--jobs", "1").returncode == 0  # front matter parsed and copied
    _edit(site / "content" / "second" / "one.md", "Tuesday", "Wednesday")
    command = ["build", "--config", str(site / "site.yml"), "--jobs", "1"]
    again = subprocess.run(
        [sys.executable, "-c", WITH_YAML_SAID, *command], capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert again.stderr.strip() == "PyYAML imported: False"
    assert tree_bytes(site / "output") == cold_build(site, tmp_path)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_edit_of_an_article_s_front_matter_is_seen_on_the_next_rebuild(site, tmp_path, jobs):
    three_stories(site)
    assert run_build(site).returncode == 0
    edit_one_article(site)
    assert run_build(site, "--jobs", jobs).returncode == 0  # its front matter copied
    _edit(site / "content" / "second" / "one.md", "Title of one", "A new headline")
    rebuilt = run_build(site, "--jobs", jobs)
    assert rebuilt.returncode == 0 and rebuilt.stderr == ""
    page = (site / "output" / "second" / "index.html").read_text(encoding="utf-8")
    assert "A new headline" in page and "Title of one" not in page
    assert tree_bytes(site / "output") == cold_build(site, tmp_path)
    _edit(site / "content" / "second" / "one.md", 'outlet: "Outlet ONE"', "outlet: [1")
    broken = run_build(site, "--jobs", jobs)  # a mistake in it: the error line, as ever
    assert broken.returncode == 1 and "one.md:3" in broken.stderr


def test_a_mistake_made_in_site_yml_after_a_build_is_an_error_line(site):
    assert run_build(site).returncode == 0
    (site / "site.yml").write_text("title: Test site\ntitel: typo\n", encoding="utf-8")
    rebuilt = run_build(site, "--strict")
    assert rebuilt.returncode != 0
    assert "titel" in rebuilt.stderr and "site.yml:2" in rebuilt.stderr


def _forged(copy, value) -> str:
    """A copy saying it holds `value` for the text the real copy was made from."""
    return json.dumps({"text": json.loads(copy.read_text())["text"], "value": value})


TAMPERED = {
    "not JSON": lambda copy, elsewhere: copy.write_bytes(b"\x00\x80 garbage"),
    "not a copy": lambda copy, elsewhere: copy.write_text('["title", "Forged"]'),
    "wrong types": lambda copy, elsewhere: copy.write_text(
        _forged(copy, ["m", "1", [["title", 1, ["t", "Forged", 1, "yes"]]]])
    ),
    "duplicate keys": lambda copy, elsewhere: copy.write_text(
        _forged(copy, ["m", 1, [["title", 1, ["t", "A", 1, True]]] * 2])
    ),
    "too deep": lambda copy, elsewhere: copy.write_text(
        _forged(copy, "DEEP").replace('"DEEP"', '["l", 1, [' * 5000 + "]]" * 5000)
    ),
    "a named pipe": lambda copy, elsewhere: (copy.unlink(), os.mkfifo(copy)),
    "a link to a forged copy": lambda copy, elsewhere: (
        elsewhere.write_text(_forged(copy, ["m", 1, [["title", 1, ["t", "Forged", 1, True]]]])),
        copy.unlink(),
        os.symlink(elsewhere, copy),
    ),
}


@pytest.mark.parametrize("tamper", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_or_malformed_copy_is_ignored_and_the_build_is_right(site, tmp_path, tamper):
    three_stories(site)
    assert run_build(site).returncode == 0
    edit_one_article(site)
    assert run_build(site, "--jobs", "1").returncode == 0  # copies of its front matter too
    assert len(copies(site)) == 3
    for number, copy in enumerate(copies(site)):
        tamper(copy, tmp_path / f"forged-{number}.json")
    _edit(site / "content" / "second" / "one.md", "Tuesday", "Wednesday")
    rebuilt = run_build(site, "--jobs", "1")
    assert rebuilt.returncode == 0
    assert rebuilt.stderr == ""  # nothing said about the cache: nothing the user must do
    home = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert "Test site" in home and "Forged" not in home
    assert tree_bytes(site / "output") == cold_build(site, tmp_path)


def test_the_built_in_strings_ship_with_a_copy_of_their_current_text(tmp_path):
    """The packaged copy (parsed.load_packaged) is what the built-in strings file says
    now: else every build parses that file (and imports PyYAML) again. After editing
    themes/default/strings/en.yml, run parsed.write_packaged on it."""
    from site_builder.core.inputs import load_yaml
    from site_builder.core.parsed import PACKAGED, _digest, _read
    from site_builder.core.strings import reference_file
    from site_builder.core.theme import find_theme

    built_in = reference_file(find_theme("default", tmp_path))
    text = built_in.read_text(encoding="utf-8-sig")
    copied = _read(built_in.with_suffix(PACKAGED), _digest(text, 1))  # of this text
    parsed = load_yaml(text, built_in)
    assert copied == parsed
    assert (copied.line, copied.key_lines) == (parsed.line, parsed.key_lines)
