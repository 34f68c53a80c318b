"""The output folder is the only thing a build changes: it never deletes what it did not
write, never writes outside the output folder, and an interrupted build leaves the
previous site or the new one, whole."""

from __future__ import annotations

import shutil

from site_builder.build import build
from site_builder.cache import CACHE_DIR, BuildCache
from site_builder.config import load_config
from tests.conftest import three_stories, tree_bytes


def test_a_story_folder_named_unlike_its_address_keeps_its_pages(site, tmp_path):
    """content/Second Story/ is published as second-story/: cache, output stamp and
    pages all know it by that one name."""
    config = three_stories(site)
    shutil.move(site / "content" / "second", site / "content" / "Second Story")
    build(config, cache=BuildCache(site / CACHE_DIR))
    article = site / "content" / "third" / "one.md"
    article.write_text(article.read_text().replace("Monday", "Tuesday"))
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 2 and not report.up_to_date
    for page in ("second-story/index.html", "second-story/one/index.html"):
        assert (config.output_path / page).is_file(), page
    assert 'href="second-story/index.html"' in (config.output_path / "index.html").read_text()
    assert build(config, cache=BuildCache(site / CACHE_DIR)).up_to_date
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"), cache=None)
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")
