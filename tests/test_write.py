"""Writing the site: a rebuild replaces only the files that changed, and ends with
exactly the site a cold build writes."""

from __future__ import annotations

from site_builder.build import build
from site_builder.cache import CACHE_DIR, BuildCache
from site_builder.config import load_config
from tests.conftest import edit_one_article, three_stories, tree_bytes


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
