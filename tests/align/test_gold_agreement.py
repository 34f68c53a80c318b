"""The agreement benchmark (benchmarks/gold_agreement.py) scores one annotation against
another in the aligner's own measure: an annotation judged by itself agrees fully, and
one that leaves out an event loses recall (so the figures it reports can fall)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from site_builder.align.gold import load_gold
from site_builder.read.content import read_story
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from gold_agreement import agreement


def _istanbul():
    story = read_story(REPO / "content" / "istanbul-talks")
    return load_gold(REPO / "benchmarks" / "agreement" / "istanbul.yaml", story)


def test_an_annotation_judged_by_itself_agrees_fully():
    gold = _istanbul()
    quality = agreement(gold, gold)
    assert (quality.precision, quality.recall, quality.f1) == (1.0, 1.0, 1.0)
    assert quality.predicted > 40 and quality.wanted > 40


def test_an_annotation_missing_one_event_loses_recall_not_precision():
    gold = _istanbul()
    [losses] = [i for i, e in enumerate(gold.events) if e.label == "Russia admits heavy losses"]
    shorter = dataclasses.replace(gold, events=gold.events[:losses] + gold.events[losses + 1 :])
    judged = agreement(gold, shorter)
    assert judged.recall < 1.0
    assert judged.found == judged.wanted - 1
    assert judged.precision == 1.0
    # the other way round, the shorter annotation's units are all found, but the
    # event it lacks makes a link it does not hold
    reverse = agreement(shorter, gold)
    assert reverse.recall == 1.0 and reverse.precision < 1.0


def test_the_script_prints_both_directions_and_the_sum():
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "gold_agreement.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert "istanbul: A (tests/gold)" in result.stdout
    assert result.stdout.count("B judged by A") == result.stdout.count("A judged by B") >= 2
    assert "all " in result.stdout.splitlines()[-3]
