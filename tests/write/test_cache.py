"""The build cache: unchanged stories are reused, and any change that matters is seen."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys

import pytest

from site_builder.commands import build as build_module
from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.core.errors import SiteError
from site_builder.write import cache as cache_module
from site_builder.write import keys
from site_builder.write.cache import CACHE_DIR, PAGES, SITE_STAMP, STORIES, BuildCache
from tests.conftest import (
    edit_one_article,
    theme_file,
    three_stories,
    tree_bytes,
    unreadable_entry,
    write_article,
)


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
    edit_one_article(site)
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


def test_a_rebuild_after_an_edit_does_not_load_the_other_stories_pages(site, monkeypatch):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    edit_one_article(site)
    loaded = []
    original = BuildCache.pages
    monkeypatch.setattr(
        BuildCache,
        "pages",
        lambda cache, slug, key: loaded.append(slug) or original(cache, slug, key),
    )
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert loaded == []  # the output folder already holds them
    (config.output_path / "index.html").write_text("changed by hand")
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert sorted(loaded) == ["second", "talks", "third"]  # the site is written afresh


def test_a_rebuild_after_an_edit_reads_no_other_story_s_cache_file(site, caplog, tmp_path):
    # Cards come from site.json and alignments.json entries from the output's own file:
    # the unchanged stories' cache files, garbled here, are never opened.
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    for slug in ("talks", "third"):
        (site / CACHE_DIR / STORIES / f"{slug}.json").write_text("garbled")
    edit_one_article(site)
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 2 and "damaged" not in caplog.text
    cold_config = load_config(site / "site.yml", output_dir=tmp_path / "cold")
    build(cold_config)
    assert tree_bytes(tmp_path / "cold") == tree_bytes(config.output_path)
    (config.output_path / "alignments.json").write_text("changed by hand")
    build(config, cache=BuildCache(site / CACHE_DIR))  # now they are read, and discarded
    assert "damaged" in caplog.text
    assert tree_bytes(tmp_path / "cold") == tree_bytes(config.output_path)


def test_a_story_built_by_a_failed_build_is_written_by_the_next(site, monkeypatch, tmp_path):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    edit_one_article(site)

    def disk_full(output, *args, **kwargs):
        raise SiteError("no space left on device", output)

    monkeypatch.setattr(build_module, "write_site", disk_full)
    with pytest.raises(SiteError):  # the story is built and cached, the site not written
        build(config, cache=BuildCache(site / CACHE_DIR))
    monkeypatch.undo()
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert "Tuesday" in (config.output_path / "second" / "one" / "index.html").read_text()
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
        template = theme_file(site, "templates/article.html")
        template.write_text(
            template.read_text().replace("{{ words.also_in }}", "also reported by:")
        )
    config = load_config(site / "site.yml")
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 0
    page = (config.output_path / "talks" / "alpha" / "index.html").read_text()
    assert ("Renamed site" if change == "settings" else "also reported by:") in page


def test_turning_pair_pages_on_writes_them_from_a_warm_cache(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    with (site / "site.yml").open("a") as settings:
        settings.write("pair_pages: true\n")
    build(load_config(site / "site.yml"), cache=BuildCache(site / CACHE_DIR))
    assert (config.output_path / "talks" / "compare" / "alpha--beta" / "index.html").is_file()
    assert (
        "compare/alpha--beta/"
        in (config.output_path / "talks" / "alpha" / "index.html").read_text()
    )


def _count_site_wide_renders(monkeypatch) -> list[int]:
    """Count how often the site-wide pages (home, outlets, blindspots, feed, 404) are
    rendered from here on."""
    from site_builder.render import render

    rendered = []
    original = render._site_wide_pages
    monkeypatch.setattr(render, "_site_wide_pages", lambda *a: rendered.append(1) or original(*a))
    return rendered


def _rewrite(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_that_changes_no_card_keeps_the_site_wide_pages_and_matches_a_cold_build(
    site, monkeypatch, tmp_path
):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    rendered = _count_site_wide_renders(monkeypatch)
    _rewrite(site / "content" / "talks" / "alpha.md", "was mild", "was warm")  # no event
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert rendered == []
    assert "was warm" in (config.output_path / "talks" / "alpha" / "index.html").read_text()
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


def _cards(cache_folder) -> dict:
    stamp = json.loads((cache_folder / SITE_STAMP).read_text(encoding="utf-8"))
    return {slug: story["card"] for slug, story in stamp["stories"].items()}


def test_a_rebuild_records_the_cards_a_cold_build_records(site, tmp_path):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    _rewrite(site / "content" / "talks" / "alpha.md", "Title of alpha", "A new headline")
    build(config, cache=BuildCache(site / CACHE_DIR))  # the other two cards as read
    cold = load_config(site / "site.yml", output_dir=tmp_path / "cold")
    build(cold, cache=BuildCache(tmp_path / "cold-cache"))
    cards = _cards(site / CACHE_DIR)
    assert cards == _cards(tmp_path / "cold-cache")
    assert "A new headline" in json.dumps(cards["talks"])
    assert build(config, cache=BuildCache(site / CACHE_DIR)).up_to_date  # and read again


@pytest.mark.parametrize("change", ["headline", "site title", "home template", "story added"])
def test_an_edit_the_site_wide_pages_show_renders_them_again(site, monkeypatch, tmp_path, change):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    rendered = _count_site_wide_renders(monkeypatch)
    if change == "headline":
        _rewrite(site / "content" / "talks" / "alpha.md", "Title of alpha", "A new headline")
        shown = "A new headline"
    elif change == "site title":
        _rewrite(site / "site.yml", "title: Test site", "title: Renamed site")
        shown = "Renamed site"
    elif change == "home template":
        home = theme_file(site, "templates/index.html")
        home.write_text(home.read_text().replace("</h1>", "</h1><p>Home edited</p>", 1))
        shown = "<p>Home edited</p>"
    else:
        (site / "content" / "fourth").mkdir()
        write_article(site / "content" / "fourth", "one", "A fourth story here.")
        shown = "fourth/index.html"
    config = load_config(site / "site.yml")
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert rendered == [1]
    assert shown in (config.output_path / "index.html").read_text()
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


def test_a_strings_file_added_or_changed_rebuilds_every_story(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    strings = site / "themes" / "default" / "strings" / "en.yml"
    strings.parent.mkdir(parents=True)
    for words in ("also reported by:", "also told by:"):
        strings.write_text(f'also_in: "{words}"\n', encoding="utf-8")
        report = build(load_config(site / "site.yml"), cache=BuildCache(site / CACHE_DIR))
        assert report.reused == 0
        page = (config.output_path / "talks" / "alpha" / "index.html").read_text()
        assert f"{words} <a" in page and "also in:" not in page


def test_a_damaged_cache_is_discarded_with_a_warning_and_rebuilt(site, caplog):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    cold = tree_bytes(config.output_path)
    damaged = sorted((site / CACHE_DIR).glob("stories/*.json"))
    assert len(damaged) == 3
    for cache_file in damaged:
        cache_file.write_bytes(b"{not json")
    (site / CACHE_DIR / "site.json").write_text("{broken")
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 0 and tree_bytes(config.output_path) == cold
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warned) == 4 and all("a damaged build cache file" in w for w in warned)
    assert sorted(w.split(": a damaged")[0].rsplit("/", 1)[1] for w in warned) == [
        "second.json",
        "site.json",
        "talks.json",
        "third.json",
    ]
    assert build(config, cache=BuildCache(site / CACHE_DIR)).up_to_date  # written anew


def test_a_deleted_story_leaves_the_cache_too(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    shutil.rmtree(site / "content" / "third")
    build(config, cache=BuildCache(site / CACHE_DIR))
    cached = sorted(p.stem for p in (site / CACHE_DIR).rglob("*.json"))
    assert "third" not in cached and {"second", "talks"} <= set(cached)


def test_a_story_folder_renamed_is_published_at_its_new_address(site):
    # nothing in the story's files changed, only its folder's name: its address
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    shutil.move(site / "content" / "third", site / "content" / "third-story")
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert not report.up_to_date and report.reused == 2
    assert (config.output_path / "third-story" / "index.html").is_file()
    assert not (config.output_path / "third").exists()
    assert "Third story" in (config.output_path / "index.html").read_text()
    cold = tree_bytes(config.output_path)
    build(config, cache=None)
    assert tree_bytes(config.output_path) == cold


def test_a_story_named_like_a_cache_file_is_cached_as_a_story(site):
    config = three_stories(site)
    shutil.move(site / "content" / "third", site / "content" / "english")
    build(config, cache=BuildCache(site / CACHE_DIR))
    report = build(config, cache=BuildCache(site / CACHE_DIR), jobs=1)
    assert report.up_to_date
    edit_one_article(site)
    assert build(config, cache=BuildCache(site / CACHE_DIR)).reused == 2


def test_a_cache_made_by_other_code_or_libraries_is_not_reused(site, monkeypatch):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    monkeypatch.setattr(keys, "program_fingerprint", lambda stamps=None: "site-builder, edited")
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 0 and not report.up_to_date


def modules_a_build_imports(site) -> set[str]:
    """Build `site` in a fresh process, as `site-builder build` does: the modules it
    imported."""
    script = (
        "import sys; from site_builder.commands.cli import main; code = main(['build', '-q']); "
        "print(' '.join(sys.modules)); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=site, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_neither_a_cold_build_nor_a_rebuild_with_new_words_imports_wordfreq(site):
    three_stories(site)
    assert "site_builder.align" in modules_a_build_imports(site)  # it did align
    article = site / "content" / "second" / "one.md"
    for word in ["blimpish", "quintessence", "2031", "zorbleflax"]:
        article.write_text(article.read_text().replace("Geneva", f"Geneva {word}", 1))
        assert "wordfreq" not in modules_a_build_imports(site), word


def test_the_cache_keeps_builds_without_knowing_how_they_are_made():
    """build calls cache, never the other way round: the cache reads and writes the
    build's values (build_model.py) and imports nothing of build.py."""
    script = (
        "import sys, site_builder.write.cache, site_builder.core.build_model; "
        "print(' '.join(m for m in sys.modules if m.startswith('site_builder')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "site_builder.commands.build" not in result.stdout.split()


def outcome(config, **kwargs) -> str:
    """What a build of `config` ends in: its summary's first word or its error."""
    try:
        return build(config, **kwargs).summary().split()[0]
    except (SiteError, RuntimeError) as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("kind", ["dangling link", "looping link", "folder"])
def test_a_cached_and_a_cold_build_agree_on_an_unreadable_entry(site, kind, tmp_path):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    unreadable_entry(kind, site / "content" / "talks")
    cold = outcome(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert outcome(config, cache=BuildCache(site / CACHE_DIR)) == cold
    assert cold != "Up"  # neither says "Up to date"


def test_a_cache_that_cannot_be_written_is_a_warning_and_the_site_is_built(
    site, monkeypatch, caplog, tmp_path
):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    edit_one_article(site)

    def disk_full(path, content):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(cache_module, "write_atomically", disk_full)
    build(config, cache=BuildCache(site / CACHE_DIR))
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"cannot write the build cache in {site / CACHE_DIR} (No space left on device); "
        "building without it, so the next build starts afresh"
    ]
    assert not (site / CACHE_DIR / "site.json").exists()  # it described the old site
    monkeypatch.undo()
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")
    assert not build(config, cache=BuildCache(site / CACHE_DIR)).up_to_date  # afresh


def test_a_site_whose_folder_cannot_be_written_keeps_its_cache_elsewhere_or_none(
    site, monkeypatch, caplog, tmp_path
):
    config = three_stories(site)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    assert cache_module.cache_folder(config) == site / CACHE_DIR
    writable = cache_module._writable
    monkeypatch.setattr(
        cache_module, "_writable", lambda folder: folder.parent != site and writable(folder)
    )
    elsewhere = cache_module.cache_folder(config)
    assert elsewhere.parent == tmp_path / "user-cache" / "site-builder" and elsewhere.is_dir()
    assert cache_module.cache_folder(config) == elsewhere  # the same one every time
    monkeypatch.setattr(cache_module, "_writable", lambda folder: False)
    assert cache_module.cache_folder(config) is None
    assert "building without one, so every build starts afresh" in caplog.text


def test_a_cached_build_says_what_a_cold_build_says(site, capsys):
    """Warnings and notes of a story are said again when its build is reused (built
    by a worker, kept in the cache, or found up to date), in story order."""
    from site_builder.commands.cli import main

    three_stories(site)
    article = site / "content" / "talks" / "alpha.md"
    article.write_text(article.read_text().replace("outlet:", "colour: red\noutlet:"))
    (site / "content" / "solo").mkdir()
    write_article(site / "content" / "solo", "only", "The only outlet that reported it.")

    def said(*args: str) -> str:
        assert main(["build", "--config", str(site / "site.yml"), *args]) == 0
        return capsys.readouterr().err  # (the summary line is on standard output)

    cold = said("--no-cache", "--jobs", "1")
    assert "WARNING: " in cold and "unknown front matter key 'colour'" in cold
    assert "INFO: " in cold and "solo: one article, nothing to align" in cold
    assert said("--jobs", "2") == cold  # built by workers
    edit_one_article(site)
    assert said() == cold  # talks and solo reused from the cache
    assert said() == cold  # up to date


def test_temporary_files_of_killed_builds_are_removed_from_the_cache(site):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)  # a process that is gone
    left = [
        site / CACHE_DIR / STORIES / f".talks.json.{pid}.tmp",
        site / CACHE_DIR / f".site.json.{pid}.tmp",
        site / CACHE_DIR / "parsed" / f".0a1b.json.x7q2.{pid}.tmp",
        site / CACHE_DIR / "templates" / "__jinja2_0a1b.cachexyz123.tmp",
    ]
    running = site / CACHE_DIR / PAGES / f".talks.pages.{os.getpid()}.tmp"  # this one's
    for path in [*left, running]:
        path.parent.mkdir(exist_ok=True)  # templates/: where earlier versions kept theirs
        path.write_bytes(b"half")
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert not any(path.exists() for path in left) and running.exists()


def test_an_edit_is_seen_even_when_size_and_time_are_kept(site):
    # Unchanged files are known by their stat, not read again; a write that keeps the
    # size and puts the modification time back still changes the file's change time.
    config = three_stories(site)
    article = site / "content" / "second" / "one.md"
    stat = article.stat()
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**10))  # "old": trusted
    build(config, cache=BuildCache(site / CACHE_DIR))
    before = article.stat()
    article.write_text(article.read_text().replace("Monday", "Friday"))  # same size
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert not report.up_to_date
    assert "Friday" in (config.output_path / "second" / "one" / "index.html").read_text()
