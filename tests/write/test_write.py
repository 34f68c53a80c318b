"""Writing the site: a rebuild replaces only the files that changed, and ends with
exactly the site a cold build writes."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.core.errors import SiteError
from site_builder.write import write as write_module
from site_builder.write.cache import CACHE_DIR, BuildCache
from site_builder.write.write import MARKER, SPARE, WRITE_STATE, WRITTEN
from tests.conftest import edit_one_article, run_build, three_stories, tree_bytes


def file_identities(output):
    """Each output file's inode and modification time: what stays put when it is not
    written again."""
    return {
        path.relative_to(output).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in output.rglob("*")
        if path.is_file()
    }


def test_a_rebuild_after_an_edit_writes_only_the_files_that_changed(site, tmp_path):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    before = file_identities(config.output_path)
    edit_one_article(site)
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    after = file_identities(config.output_path)
    rewritten = sorted(path for path in after if after[path] != before.get(path))
    assert "second/one/index.html" in rewritten and "alignments.json" in rewritten
    assert not any(path.startswith(("talks/", "third/", "static/")) for path in rewritten)
    assert report.files == len(rewritten)
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


def test_a_removed_article_leaves_no_page_or_empty_folder_behind(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    (site / "content" / "third" / "two.md").unlink()
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert not (config.output_path / "third" / "two").exists()
    assert (config.output_path / "third" / "one" / "index.html").is_file()


def test_a_theme_file_that_becomes_a_folder_is_published_as_one(site, tmp_path):
    config = three_stories(site)
    static = site / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "images").write_text("a file, for now")
    build(config, cache=BuildCache(site / CACHE_DIR))
    (static / "images").unlink()
    (static / "images").mkdir()
    (static / "images" / "logo.svg").write_text("<svg/>")
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert (config.output_path / "static" / "images" / "logo.svg").read_text() == "<svg/>"
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


def test_an_output_folder_changed_by_hand_is_written_afresh(site, tmp_path):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    (config.output_path / "talks" / "index.html").write_text("edited by hand")
    (config.output_path / "notes.txt").write_text("left by hand")
    edit_one_article(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


def test_the_sitemap_of_a_rebuild_still_lists_the_pages_it_did_not_write(site, tmp_path):
    with (site / "site.yml").open("a") as settings:
        settings.write("site_url: https://example.org\n")
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    edit_one_article(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    sitemap = (config.output_path / "sitemap.xml").read_text()
    assert "<loc>https://example.org/third/one/</loc>" in sitemap  # not written again
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


def test_every_output_folder_is_marked_and_the_write_step_keeps_the_site_before_last(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert (config.output_path / MARKER).is_file()
    first = tree_bytes(config.output_path)
    edit_one_article(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    spare = site / CACHE_DIR / WRITE_STATE / SPARE  # the write step's own folder,
    assert tree_bytes(spare) == first  # from which the next
    edit_one_article(site)  # rebuild is put together, then swapped in
    (site / "content" / "third" / "two.md").unlink()
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert not (config.output_path / "third" / "two").exists()


def test_an_output_written_before_folders_were_marked_is_replaced_without_asking(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    (config.output_path / MARKER).unlink()  # as an earlier site-builder left it
    for record in (site / CACHE_DIR / "site.json", site / CACHE_DIR / WRITE_STATE / WRITTEN):
        stamp = json.loads(record.read_text())
        del stamp["files"][MARKER]
        record.write_text(json.dumps(stamp))
    edit_one_article(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert "Tuesday" in (config.output_path / "second" / "one" / "index.html").read_text()
    assert (config.output_path / MARKER).is_file()
    (config.output_path / MARKER).unlink()  # without the stamp that says it is ours:
    with pytest.raises(SiteError, match="did not write"):  # refused
        build(config, cache=BuildCache(site / CACHE_DIR))


def test_folders_left_beside_the_output_by_stopped_builds_are_removed(site):
    config = three_stories(site)
    build(config)
    half_made = site / ".output.new-1a2b3c4d"  # a build killed while writing
    half_made.mkdir()
    (half_made / MARKER).write_bytes(b"")
    (half_made / "index.html").write_text("half")
    empty = site / ".output.old-5e6f7a8b"  # killed right after making it
    empty.mkdir()
    users = site / ".output.new-mine0000"  # named alike, but not site-builder's
    users.mkdir()
    (users / "notes.txt").write_text("mine")
    build(config)
    assert not half_made.exists() and not empty.exists()
    assert (users / "notes.txt").read_text() == "mine"


def test_an_output_moved_aside_by_a_stopped_build_is_put_back(site):
    """Where the system cannot swap two folders in one step, a build moves the old
    output aside, then the new one in; stopped in between, the next build puts the
    old one back before anything else."""
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    before = tree_bytes(config.output_path)
    config.output_path.rename(site / ".output.old-0a1b2c3d")
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.up_to_date and tree_bytes(config.output_path) == before
    assert not (site / ".output.old-0a1b2c3d").exists()


def test_where_folders_cannot_be_swapped_in_one_step_two_renames_do(site, monkeypatch, tmp_path):
    monkeypatch.setattr(write_module, "_renameat2", lambda: None)
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    edit_one_article(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")
    assert sorted(p.name for p in site.iterdir()) == [
        CACHE_DIR,
        "cold",
        "content",
        "output",
        "site.yml",
    ]


def no_space_after(calls: int, function):
    """`function`, failing as on a full disk from its `calls`-th call on."""
    made = []

    def write(*args, **kwargs):
        made.append(args)
        if len(made) >= calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        return function(*args, **kwargs)

    return write


@pytest.mark.parametrize("first", [True, False], ids=["first build", "rebuild"])
def test_a_full_disk_is_one_line_and_the_previous_site_stays(site, monkeypatch, first):
    config = three_stories(site)
    if not first:
        build(config, cache=BuildCache(site / CACHE_DIR))
        edit_one_article(site)
    before = tree_bytes(config.output_path) if not first else None
    monkeypatch.setattr(write_module, "_write_new", no_space_after(3, write_module._write_new))
    with pytest.raises(SiteError) as error:
        build(config, cache=BuildCache(site / CACHE_DIR))
    assert str(error.value) == (
        f"{config.output_path}: no space left on the device to write the site; free some "
        "space and build again (the previous site is as it was)"
    )
    if first:
        assert not config.output_path.exists()
    else:
        assert tree_bytes(config.output_path) == before
    assert not [p for p in site.iterdir() if p.name.startswith(".output")]


def test_a_forged_record_of_the_write_step_is_a_warning_and_a_foreign_folder_stays(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    (config.output_path / MARKER).unlink()  # a folder that is not marked as ours...
    record = site / CACHE_DIR / WRITE_STATE / WRITTEN
    record.write_text('{"output": 5, "files": []}')  # ...and a record that is not one
    before = tree_bytes(config.output_path)
    result = run_build(site)
    assert result.returncode == 1 and "did not write" in result.stderr
    assert f"{record}: a damaged file of the write step" in result.stderr
    assert tree_bytes(config.output_path) == before


def _large_folder(folder: Path, outside: Path) -> None:
    """A folder with more entries than one thread removes (write.SPLIT_REMOVAL): pages,
    folders of pages, links to a folder and a file outside it, and the marker."""
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    folder.mkdir()
    for n in range(write_module.SPLIT_REMOVAL * 3):
        if n % 3 == 0:
            (folder / f"story-{n}").mkdir()
            (folder / f"story-{n}" / "index.html").write_text("page")
        else:
            (folder / f"page-{n}.html").write_text("page")
    (folder / "a-link-to-a-folder").symlink_to(outside)
    (folder / "story-0" / "a-link-to-a-file").symlink_to(outside / "keep.txt")
    (folder / MARKER).write_text("")


def test_a_large_folder_is_removed_whole_without_following_its_links(tmp_path):
    _large_folder(tmp_path / "old", tmp_path / "outside")
    write_module.remove_tree(tmp_path / "old")
    assert not (tmp_path / "old").exists()
    assert (tmp_path / "outside" / "keep.txt").read_text() == "keep"


def test_a_large_folder_that_cannot_be_removed_whole_says_so_and_keeps_its_marker(
    tmp_path, monkeypatch
):
    _large_folder(tmp_path / "old", tmp_path / "outside")
    unlink = write_module.os.unlink

    def refused(path, *args, **kwargs):
        if Path(path).name == "page-1.html":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(write_module.os, "unlink", refused)
    with pytest.raises(PermissionError):
        write_module.remove_tree(tmp_path / "old")
    left = {p.name for p in (tmp_path / "old").iterdir()}
    assert {MARKER, "page-1.html"} <= left  # the next build finishes the removal
    assert (tmp_path / "outside" / "keep.txt").read_text() == "keep"
