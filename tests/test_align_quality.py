"""Alignment quality on the hand-written golds must not fall back.

The benchmark (benchmarks/align_quality.py) reports the figures; these tests keep them
from regressing and check that every gold file names passages that exist.
"""

from __future__ import annotations

import sys

import pytest

from site_builder.align import align_story
from site_builder.align.gold import load_gold, predicted_links, reader_quality
from site_builder.align.language import load_language
from site_builder.config import load_config
from site_builder.content import read_story
from tests.conftest import BASIL, NO_BASIL, REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from align_quality import gold_stories, naive_links

NEEDS_BASIL = pytest.mark.skipif(not (BASIL / "articles").is_dir(), reason=NO_BASIL)


def test_default_settings_beat_the_naive_baseline_on_the_istanbul_gold():
    story = read_story(REPO / "content" / "istanbul-talks")
    gold = load_gold(REPO / "tests" / "gold" / "istanbul.yaml", story)
    settings = load_config(REPO / "site.yml").alignment
    alignment = align_story(story, settings, load_language("en"))
    ours = reader_quality(predicted_links(alignment.groups), gold)
    naive, _ = naive_links(story, gold)
    assert ours.f1 >= 0.42
    assert ours.f1 >= reader_quality(naive, gold).f1 + 0.10


@NEEDS_BASIL
def test_every_gold_names_passages_that_exist_once_each(tmp_path):
    golds = gold_stories(BASIL.parents[1], tmp_path)
    splits = {item.name: item.gold.split for item in golds}
    assert sum(split == "held-out" for split in splits.values()) >= 8
    assert splits["istanbul"] == "development"
    for item in golds:  # load_gold has checked that each phrase names one passage
        assert len(item.gold.events) >= 8, item.name
        assert all(len({a for a, _ in e.passages}) >= 2 for e in item.gold.events), item.name
