"""The cache's files as data: what is written is read back the same, and anything else
is refused as damaged (the cache then builds it again)."""

from __future__ import annotations

import json

import pytest

from site_builder.core.build_model import StoryBuild
from site_builder.core.model import StoryCard
from site_builder.write.serial import Damaged, pages_data, pages_from, story_data, story_from

CARD = StoryCard(
    slug="talks", title="Talks", intro_html="", articles=(), passages=3, groups=1, dates=None
)


def test_a_story_entry_reads_back_as_written_under_its_key_only():
    build = StoryBuild("k1", CARD, "{}", None, files=("talks/index.html",), notes=((20, "a"),))
    raw = story_data(build)
    assert story_from(raw, "k1") == build
    assert story_from(raw, "k2") is None  # made from another key: built again


def test_a_story_entry_with_a_value_of_the_wrong_kind_is_damaged():
    data = json.loads(story_data(StoryBuild("k1", CARD, "{}", None)))
    data["card"]["passages"] = "three"
    with pytest.raises(Damaged, match=r"card\.passages"):
        story_from(json.dumps(data).encode(), "k1")


def test_pages_read_back_as_written_and_a_truncated_file_is_damaged():
    pages = {"talks/index.html": b"<p>one</p>", "talks/a/index.html": b"\xe2\x80\x94"}
    raw = pages_data("k1", pages)
    assert pages_from(raw, "k1") == pages
    with pytest.raises(Damaged, match="sizes"):
        pages_from(raw[:-1], "k1")
