"""Builds: cached and parallel builds give exactly the output of a cold sequential one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from site_builder import build as build_module
from site_builder.build import CACHE_DIR, BuildCache, build
from site_builder.config import load_config
from tests.conftest import REPO, tree_bytes, write_article


def three_stories(site):
    """Add two more stories to the `site` fixture, so there is something to share out."""
    for name in ("second", "third"):
        folder = site / "content" / name
        folder.mkdir()
        write_article(folder, "one", f"Officials in {name} city met in Geneva on Monday.")
        write_article(folder, "two", f"In Geneva, officials from {name} city met on Monday.")
    return load_config(site / "site.yml")


def test_parallel_build_equals_sequential_build(site, tmp_path):
    config = three_stories(site)
    build(config, jobs=1)
    sequential = tree_bytes(config.output_path)
    shutil.rmtree(config.output_path)
    build(config, jobs=3)
    assert tree_bytes(config.output_path) == sequential


def test_cached_rebuilds_equal_a_cold_build(site):
    config = three_stories(site)
    cache = BuildCache(site / CACHE_DIR)
    build(config, cache=cache)
    cold = tree_bytes(config.output_path)
    assert build(config, cache=BuildCache(site / CACHE_DIR)).up_to_date
    assert tree_bytes(config.output_path) == cold
    os.remove(config.output_path / "index.html")  # output tampered with: written again
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert not report.up_to_date and report.reused == 3
    assert tree_bytes(config.output_path) == cold


def test_an_edit_rebuilds_only_its_story_and_matches_a_cold_build(site, monkeypatch, tmp_path):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    article = site / "content" / "second" / "one.md"
    article.write_text(article.read_text().replace("Monday", "Tuesday"))
    aligned = []
    original = build_module.build_story
    monkeypatch.setattr(
        build_module,
        "build_story",
        lambda folder, *a, **kw: aligned.append(folder.name) or original(folder, *a, **kw),
    )
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert aligned == ["second"] and report.reused == 2
    warm = tree_bytes(config.output_path)
    monkeypatch.undo()
    cold_config = load_config(site / "site.yml", output_dir=tmp_path / "cold")
    build(cold_config)
    assert tree_bytes(tmp_path / "cold") == warm


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
    article = site / "content" / "second" / "one.md"
    article.write_text(article.read_text().replace("Monday", "Tuesday"))
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
    article = site / "content" / "second" / "one.md"
    article.write_text(article.read_text().replace("Monday", "Tuesday"))
    build(config, cache=BuildCache(site / CACHE_DIR))
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


@pytest.mark.parametrize("change", ["settings", "template"])
def test_a_settings_or_template_change_rebuilds_every_story(site, change):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    if change == "settings":
        (site / "site.yml").write_text(
            (site / "site.yml").read_text().replace("title: Test site", "title: Renamed site")
        )
    else:
        template = site / "themes" / "default" / "templates" / "article.html"
        template.write_text(template.read_text().replace("also in:", "also reported by:"))
    config = load_config(site / "site.yml")
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 0
    page = (config.output_path / "talks" / "alpha" / "index.html").read_text()
    assert ("Renamed site" if change == "settings" else "also reported by:") in page


def test_a_cache_from_another_version_is_ignored(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    for pickle_file in (site / CACHE_DIR).rglob("*.pickle"):
        pickle_file.write_bytes(b"not a pickle")
    (site / CACHE_DIR / "site.json").write_text("{broken")
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 0 and (config.output_path / "index.html").is_file()


def test_a_deleted_story_leaves_the_cache_too(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    shutil.rmtree(site / "content" / "third")
    build(config, cache=BuildCache(site / CACHE_DIR))
    cached = sorted(p.stem for p in (site / CACHE_DIR).rglob("*.pickle"))
    assert "third" not in cached and {"second", "talks"} <= set(cached)


def test_a_story_named_like_a_cache_file_is_cached_as_a_story(site):
    config = three_stories(site)
    shutil.move(site / "content" / "third", site / "content" / "english")
    build(config, cache=BuildCache(site / CACHE_DIR))
    report = build(config, cache=BuildCache(site / CACHE_DIR), jobs=1)
    assert report.up_to_date
    (site / "content" / "second" / "one.md").write_text(
        (site / "content" / "second" / "one.md").read_text().replace("Monday", "Tuesday")
    )
    assert build(config, cache=BuildCache(site / CACHE_DIR)).reused == 2


def test_a_cache_made_by_other_code_or_libraries_is_not_reused(site, monkeypatch):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    monkeypatch.setattr(build_module, "program_fingerprint", lambda: "site-builder, edited")
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 0 and not report.up_to_date


def test_an_edit_with_known_words_does_not_load_wordfreq_again(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    article = site / "content" / "second" / "one.md"
    article.write_text(article.read_text().replace("in Geneva on Monday", "on Monday in Geneva"))
    script = (
        "import sys; from site_builder.cli import main; code = main(['build', '-q']); "
        "print('wordfreq' in sys.modules); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=site, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_bundled_site_builds_the_same_with_and_without_workers(tmp_path):
    first = load_config(REPO / "site.yml", output_dir=tmp_path / "a")
    second = load_config(REPO / "site.yml", output_dir=tmp_path / "b")
    build(first, jobs=1)
    build(second, jobs=2)
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


def test_progress_is_reported_per_story(site):
    config = three_stories(site)
    seen = []
    build(config, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
