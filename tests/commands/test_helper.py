"""A rebuild's helper process (commands/helper.py): a rebuild after an edit, whose edited
stories are read, aligned and framed by a process forked while the build checks what
changed, writes exactly the site a cold build writes, says the same warnings and errors,
and is right even when the helper fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import edit_one_article, run_build, three_stories, tree_bytes

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the helper is forked on Linux only"
)

COUNTED = """
import signal
import sys
from site_builder.commands import cli, helper

signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a terminal, even
# where the test runner was started in the background (which ignores it, and so would we)

process = helper.StoryHelper.process
came_back = []


def counted(self, folders):
    for reply in process(self, folders):
        came_back.append(reply is not None)
        yield reply


helper.StoryHelper.process = counted
helper._a_core_is_idle = lambda: True  # as on a machine with a core to spare
{patch}
try:
    status = cli.main(sys.argv[1:])
finally:
    print(f"stories from the helper: {{sum(came_back)}} of {{len(came_back)}}", file=sys.stderr)
sys.exit(status)
"""
"""Runs the command line, saying at the end how many stories the helper was handed and
how many it sent back (with `patch`, code run first: a helper that fails)."""


def build_counting(site, *args: str, patch: str = "") -> subprocess.CompletedProcess:
    """`site-builder build` of `site` with two processes allowed, as a user runs it,
    saying how many stories came back from the helper (see COUNTED)."""
    command = ["build", "--config", str(site / "site.yml"), "--jobs", "2", *args]
    return subprocess.run(
        [sys.executable, "-c", COUNTED.format(patch=patch), *command],
        capture_output=True,
        text=True,
        timeout=120,
    )


def cold_build(site, tmp_path) -> dict[str, bytes]:
    """The bytes of a cold build of `site` (no cache, one process) into a folder apart."""
    output = tmp_path / "cold"
    assert run_build(site, "--no-cache", "--jobs", "1", "--output", str(output)).returncode == 0
    return tree_bytes(output)


def test_a_rebuild_after_an_edit_with_the_helper_writes_what_a_cold_build_writes(site, tmp_path):
    three_stories(site)
    assert run_build(site, "--jobs", "2").returncode == 0
    edit_one_article(site)
    rebuilt = build_counting(site)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "stories from the helper: 1 of 1" in rebuilt.stderr  # the edited story's work
    assert tree_bytes(site / "output") == cold_build(site, tmp_path)
    again = build_counting(site)  # nothing changed: no helper is started
    assert again.returncode == 0 and "stories from the helper: 0 of 0" in again.stderr
    parsed = site / ".site-builder-cache" / "parsed"  # site.yml's, and the front matter
    assert len(list(parsed.glob("*.json"))) == 3  # the helper read: kept by the build
    article = site / "content" / "second" / "one.md"
    article.write_text(article.read_text().replace("Tuesday", "Friday"), encoding="utf-8")
    edited = build_counting(site)  # its front matter from the copies
    assert edited.returncode == 0 and "stories from the helper: 1 of 1" in edited.stderr
    assert tree_bytes(site / "output") == cold_build(site, tmp_path / "again")


@pytest.mark.parametrize(
    "patch",
    [
        "import os\nhelper._reply = lambda *args: os._exit(3)",  # it dies mid-way
        "import pickle\nhelper._reply = lambda *args: pickle.dumps(None)",  # it gives up
        "helper._start = lambda config: None",  # it could not start
    ],
    ids=["dies", "gives up", "cannot start"],
)
def test_a_rebuild_whose_helper_fails_is_built_right_in_the_build_s_own_process(
    site, tmp_path, patch
):
    three_stories(site)
    assert run_build(site, "--jobs", "2").returncode == 0
    edit_one_article(site)
    rebuilt = build_counting(site, patch=patch)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "stories from the helper: 0 of 1" in rebuilt.stderr
    assert tree_bytes(site / "output") == cold_build(site, tmp_path)


def test_warnings_of_stories_the_helper_built_are_said_once_in_story_order(site):
    from tests.commands.test_build import warned_site

    _, expected = warned_site(site)
    assert run_build(site, "--jobs", "2").returncode == 0
    for name in ("second", "fourth"):  # two of the three warned stories
        article = site / "content" / name / "two.md"
        article.write_text(article.read_text() + "\nOne more line.\n", encoding="utf-8")
    rebuilt = build_counting(site, "-q")
    assert rebuilt.returncode == 0
    assert "stories from the helper: 2 of 2" in rebuilt.stderr
    said = [line for line in rebuilt.stderr.splitlines() if "unknown front matter key" in line]
    assert [line[line.index(str(site)) :].split(" is ignored")[0] for line in said] == expected
    for name in ("second", "fourth"):  # again: their front matter from the parsed copies
        article = site / "content" / name / "two.md"
        article.write_text(article.read_text() + "\nAnd one more.\n", encoding="utf-8")
    again = build_counting(site, "-q")
    assert "stories from the helper: 2 of 2" in again.stderr
    said = [line for line in again.stderr.splitlines() if "unknown front matter key" in line]
    assert [line[line.index(str(site)) :].split(" is ignored")[0] for line in said] == expected


def test_a_mistake_in_an_edited_article_is_one_error_line_as_without_the_helper(site):
    three_stories(site)
    assert run_build(site, "--jobs", "2").returncode == 0
    article = site / "content" / "second" / "one.md"
    article.write_text(article.read_text().replace("outlet:", "outlets:"), encoding="utf-8")
    with_helper = build_counting(site)
    alone = run_build(site, "--jobs", "1")
    assert with_helper.returncode == alone.returncode == 1
    error = [line for line in with_helper.stderr.splitlines() if line.startswith("Error: ")]
    assert error == alone.stderr.splitlines()
    assert error[0].startswith(f"Error: {article}:")


def test_a_ctrl_c_pressed_while_the_helper_is_forked_stops_the_build(site):
    """A Ctrl-C that comes while the helper is forked (here: sent by a fork hook, where
    Python would report it as "Exception ignored" and go on) stops the rebuild as any
    Ctrl-C does, and the site as it was stays."""
    three_stories(site)
    assert run_build(site, "--jobs", "2").returncode == 0
    before = tree_bytes(site / "output")
    edit_one_article(site)
    pressed = (
        "import os, signal\n"
        "os.register_at_fork(after_in_parent=lambda: os.kill(os.getpid(), signal.SIGINT))"
    )
    stopped = build_counting(site, patch=pressed)
    assert stopped.returncode == 130, stopped.stderr
    assert "Stopped." in stopped.stderr
    assert "Exception ignored" not in stopped.stderr
    assert tree_bytes(site / "output") == before
