"""The build's pool (commands/pool.py): the build's own process builds stories beside
its workers, a story failing in it stops the build as one failing in a worker does, and
a stopped build ends its workers and leaves the site as it was."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from site_builder.commands.build import build
from tests.conftest import three_stories, tree_bytes, write_article


def more_stories(site, count: int):
    """The `site` fixture with `count` more stories; its configuration."""
    from site_builder.core.config import load_config

    for number in range(count):
        folder = site / "content" / f"story-{number}"
        folder.mkdir()
        write_article(folder, "one", f"Officials of city {number} met in Geneva on Monday.")
        write_article(folder, "two", f"In Geneva, officials of city {number} met on Monday.")
    return load_config(site / "site.yml")


def builders_recorded(monkeypatch, record):
    """Record in the file `record` the process that builds each story (the workers are
    forked with the wrapper in place)."""
    import os

    from site_builder.commands import distribute

    place_story = distribute.place_story

    def recorded(*args):
        with open(record, "a") as file:
            file.write(f"{os.getpid()}\n")
        return place_story(*args)

    monkeypatch.setattr(distribute, "place_story", recorded)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="workers are forked")
def test_two_jobs_are_the_build_s_own_process_and_one_worker(site, tmp_path, monkeypatch):
    # The build's process builds stories beside its one worker rather than waiting
    # idle for two: the same site, from two processes.
    import os

    config = more_stories(site, 7)
    build(config, jobs=1)
    sequential = tree_bytes(config.output_path)
    shutil.rmtree(config.output_path)
    builders_recorded(monkeypatch, tmp_path / "builders")
    build(config, jobs=2)
    builders = (tmp_path / "builders").read_text().split()
    assert len(builders) == 8 and os.getpid() in map(int, builders)
    assert len(set(builders)) == 2
    assert tree_bytes(config.output_path) == sequential


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="workers are forked")
def test_a_story_failing_in_the_build_s_own_process_stops_the_build(site, monkeypatch):
    # As a story failing in a worker: its error, and the site as it was.
    import os

    from site_builder.commands import distribute
    from site_builder.core.errors import SiteError

    config = more_stories(site, 7)
    build(config, jobs=2)
    before = tree_bytes(config.output_path)
    build_process, place_story = os.getpid(), distribute.place_story

    def failing_here(*args):
        if os.getpid() == build_process:
            raise SiteError("this story cannot be built")
        return place_story(*args)

    monkeypatch.setattr(distribute, "place_story", failing_here)
    for article in (site / "content").rglob("*.md"):  # every story to build anew
        article.write_text(article.read_text() + "\nOfficials met again on Tuesday.\n")
    with pytest.raises(SiteError, match="this story cannot be built"):
        build(config, jobs=2)
    assert tree_bytes(config.output_path) == before


def test_a_stopped_build_ends_its_workers_and_leaves_the_site_as_it_was(site):
    import threading

    from site_builder.commands.build import make_plan, run_plan
    from site_builder.commands.pool import BuildStopped

    config = three_stories(site)
    run_plan(make_plan(config, jobs=2))
    before = tree_bytes(site / "output")
    for article in (site / "content").rglob("*.md"):  # every story to build anew
        article.write_text(article.read_text() + "\nOfficials met again on Tuesday.\n")
    stop = threading.Event()
    stop.set()  # as `serve` does when Ctrl-C stops it during a rebuild
    with pytest.raises(BuildStopped):
        run_plan(replace(make_plan(config, jobs=2), stop=stop))
    assert tree_bytes(site / "output") == before
    assert run_plan(make_plan(config, jobs=2)).stories == 3  # and the next build builds
