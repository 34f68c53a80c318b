"""Pages placed into the stage by the workers (write.place_files), and the site put
together from a stage made for the build (write_site with `placed`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.core.errors import SiteError
from site_builder.write.write import MARKER, Stage, place_files, write_site


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def test_pages_are_placed_with_their_folders(tmp_path):
    pages = {
        "story/index.html": b"<p>story</p>",
        "story/one/index.html": b"<p>one</p>",
        "story/two/index.html": b"<p>two</p>",
        "story/pairs/one-two/index.html": b"<p>pair</p>",
    }
    digests = place_files(tmp_path, pages)
    assert _files(tmp_path) == pages
    assert set(digests) == set(pages)
    assert len(set(digests.values())) == len(pages)


def test_links_and_files_on_the_way_are_removed_never_followed(tmp_path):
    stage, outside = tmp_path / "stage", tmp_path / "outside"
    stage.mkdir()
    outside.mkdir()
    (outside / "index.html").write_bytes(b"not ours")
    (stage / "story").symlink_to(outside)  # a folder on the way is a link
    (outside / "kept").mkdir()
    os.makedirs(stage / "other")
    (stage / "other" / "one").write_bytes(b"a file where a folder goes")
    (stage / "third").mkdir()
    (stage / "third" / "index.html").symlink_to(outside / "index.html")  # the page is a link
    pages = {
        "story/index.html": b"story",
        "other/one/index.html": b"one",
        "third/index.html": b"third",
    }
    place_files(stage, pages)
    assert _files(stage) == pages
    assert not any(path.is_symlink() for path in stage.rglob("*"))
    assert (outside / "index.html").read_bytes() == b"not ours"
    assert (outside / "kept").is_dir()


def test_a_page_already_there_is_kept_only_if_the_same(tmp_path):
    (tmp_path / "story").mkdir()
    same, other = tmp_path / "story" / "index.html", tmp_path / "story" / "old.html"
    same.write_bytes(b"same")
    other.write_bytes(b"older text")
    linked = tmp_path / "linked.html"
    os.link(other, linked)  # as the output's file may be linked from the stage
    inode = same.stat().st_ino
    place_files(tmp_path, {"story/index.html": b"same", "story/old.html": b"new text"})
    assert same.stat().st_ino == inode
    assert other.read_bytes() == b"new text"
    assert linked.read_bytes() == b"older text"  # replaced, never written into


def _placed_site(tmp_path: Path) -> tuple[Path, Stage, dict[str, str]]:
    output = tmp_path / "site"
    stage = Stage(output, None)
    folder = stage.open()
    assert folder is not None and stage.made
    placed = place_files(folder, {"story/index.html": b"s", "story/one/index.html": b"o"})
    return output, stage, placed


def test_a_site_put_together_from_a_stage_made_for_it(tmp_path):
    output, stage, placed = _placed_site(tmp_path)
    try:
        written = write_site(output, {"index.html": b"home"}, {}, stage=stage, placed=placed)
    finally:
        stage.close()
    files = _files(output)
    assert files.pop(MARKER)
    assert files == {"index.html": b"home", "story/index.html": b"s", "story/one/index.html": b"o"}
    assert set(written.digests) == {"index.html", MARKER, *placed}


def test_a_placed_page_gone_from_the_stage_stops_the_build(tmp_path):
    output, stage, placed = _placed_site(tmp_path)
    assert stage.folder is not None
    (stage.folder / "story" / "one" / "index.html").unlink()
    try:
        with pytest.raises(SiteError, match="a page written by a worker is missing"):
            write_site(output, {"index.html": b"home"}, {}, stage=stage, placed=placed)
    finally:
        stage.close()
    assert not output.exists()
