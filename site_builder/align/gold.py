"""Gold annotations: which passages report the same event, and scoring against them.

A gold file names passages by a short phrase quoted from them (so it survives changes
of passage ids). Quality is measured on cross-article passage links: two passages of
different articles are linked when some event holds both.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_builder.align.normalise import fold
from site_builder.errors import SiteError
from site_builder.model import Alignment, Story

PassageKey = tuple[str, str]
LinkKey = frozenset[PassageKey]


@dataclass(frozen=True)
class GoldEvent:
    """One event of the gold: its label and, per article, the passages reporting it."""

    label: str
    passages: tuple[PassageKey, ...]


@dataclass(frozen=True)
class Quality:
    """Precision, recall and F1 of predicted links against gold links."""

    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int
    correct: int


def load_gold(path: Path, story: Story) -> list[GoldEvent]:
    """Read a gold file and resolve each quoted phrase to exactly one passage."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    events = []
    for event in data["events"]:
        keys = []
        for article_slug, phrases in event["passages"].items():
            article = story.article(article_slug)
            if article is None:
                raise SiteError(f"gold names unknown article {article_slug!r}", path)
            for phrase in phrases:
                hits = [p.id for p in article.passages if _squash(phrase) in _squash(p.text)]
                if len(hits) != 1:
                    raise SiteError(
                        f"phrase {phrase!r} matches {len(hits)} passages of "
                        f"{article_slug}, not one",
                        path,
                    )
                keys.append((article_slug, hits[0]))
        events.append(GoldEvent(event["label"], tuple(keys)))
    return events


def gold_links(events: list[GoldEvent]) -> set[LinkKey]:
    """Cross-article passage pairs that share a gold event."""
    return {
        frozenset(pair)
        for e in events
        for pair in itertools.combinations(e.passages, 2)
        if pair[0][0] != pair[1][0]
    }


def predicted_links(alignment: Alignment) -> set[LinkKey]:
    """Cross-article passage pairs that share a predicted group."""
    return {
        frozenset({(a.article, a.passage), (b.article, b.passage)})
        for g in alignment.groups
        for a, b in itertools.combinations(g.members, 2)
    }


def quality(predicted: set[LinkKey], gold: set[LinkKey]) -> Quality:
    """Precision, recall and F1 of `predicted` against `gold`."""
    correct = len(predicted & gold)
    precision = correct / len(predicted) if predicted else 0.0
    recall = correct / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(precision, recall, f1, len(predicted), len(gold), correct)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).replace('"', "").replace("'", "")).strip()
