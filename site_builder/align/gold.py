"""Gold annotations: which passages report the same event, and scoring against them.

A gold file names passages by a short phrase quoted from them (so it survives changes
of passage ids) and says whether the story is for development (settings and rules are
chosen on it) or held out (only ever scored).

Quality is measured the way a reader meets the site (docs/alignment.md):
- recall over units: for each gold event and each pair of outlets that both report it,
  is at least one of their passages linked for it (a reader who starts from one
  outlet's telling of the event finds the other's);
- precision over links: of all passage pairs the site links (two passages in one
  group), how many share a gold event (how often an "also in" link keeps its promise).
Link-level scores (every gold passage pair) are kept as a second measure.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_builder.align.normalise import fold
from site_builder.core.errors import SiteError
from site_builder.core.model import Group, PassageKey, Story

LinkKey = frozenset[PassageKey]
Unit = tuple[int, frozenset[str]]
"""One gold event (by its index) and one pair of articles that both report it."""


@dataclass(frozen=True)
class GoldEvent:
    """One event of the gold: its label and, per article, the passages reporting it."""

    label: str
    passages: tuple[PassageKey, ...]


@dataclass(frozen=True)
class Gold:
    """A story's gold annotation."""

    story: str
    split: str
    """'development' (settings are chosen on it) or 'held-out' (only scored)."""
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True)
class Quality:
    """Precision, recall and F1 of predicted links against a gold."""

    precision: float
    recall: float
    f1: float
    predicted: int
    """How many links were predicted."""
    correct: int
    """How many of them are right."""
    wanted: int
    """How many units (or gold links) there are to find."""
    found: int
    """How many of them were found."""


def load_gold(path: Path, story: Story) -> Gold:
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
    return Gold(data["story"], data.get("split", "development"), tuple(events))


def predicted_links(groups: Iterable[Group]) -> set[LinkKey]:
    """Cross-article passage pairs that share a predicted group: the links a reader
    can follow."""
    return {
        frozenset({(a.article, a.passage), (b.article, b.passage)})
        for g in groups
        for a, b in itertools.combinations(g.members, 2)
    }


def gold_units(gold: Gold) -> set[Unit]:
    """Every (event, pair of articles that both report it) of the gold."""
    return {
        (index, frozenset(pair))
        for index, event in enumerate(gold.events)
        for pair in itertools.combinations(sorted({a for a, _ in event.passages}), 2)
    }


def found_units(predicted: set[LinkKey], gold: Gold) -> set[Unit]:
    """The units that at least one predicted link joins, passage for passage."""
    found = set()
    for index, event in enumerate(gold.events):
        members = set(event.passages)
        for link in predicted:
            if link <= members:
                found.add((index, frozenset(article for article, _ in link)))
    return found


def split_events(groups: Iterable[Group], gold: Gold) -> tuple[int, int]:
    """How many gold events are split over two or more groups (several groups hold a
    link of the event and none holds a passage of it from every outlet those groups
    link for it: "no row holds all four outlets"), and how many gold events any group
    links at all. An outlet that tells one event in two passages needs two groups,
    which is no split as long as one group holds every outlet."""
    keys = [{(m.article, m.passage) for m in g.members} for g in groups]
    split = found = 0
    for event in gold.events:
        members = set(event.passages)
        holding = [
            {article for article, _ in k & members}
            for k in keys
            if len({article for article, _ in k & members}) >= 2
        ]
        if not holding:
            continue
        found += 1
        outlets = set().union(*holding)
        if not any(h >= outlets for h in holding):
            split += 1
    return split, found


def wrong_links(predicted: set[LinkKey], gold: Gold) -> set[LinkKey]:
    """The predicted links whose two passages share no gold event."""
    return {link for link in predicted if not any(link <= set(e.passages) for e in gold.events)}


def reader_quality(predicted: set[LinkKey], gold: Gold) -> Quality:
    """Precision over links and recall over units (see the module's docstring)."""
    units = gold_units(gold)
    found = found_units(predicted, gold) & units
    correct = len(predicted) - len(wrong_links(predicted, gold))
    return _quality(len(predicted), correct, len(units), len(found))


def gold_links(gold: Gold) -> set[LinkKey]:
    """Cross-article passage pairs that share a gold event."""
    return {
        frozenset(pair)
        for e in gold.events
        for pair in itertools.combinations(e.passages, 2)
        if pair[0][0] != pair[1][0]
    }


def link_quality(predicted: set[LinkKey], gold: Gold) -> Quality:
    """Precision, recall and F1 of `predicted` against every gold passage pair."""
    wanted = gold_links(gold)
    correct = len(predicted & wanted)
    return _quality(len(predicted), correct, len(wanted), correct)


def combined(qualities: Iterable[Quality]) -> Quality:
    """The quality of several stories taken together (counts added up)."""
    items = list(qualities)
    return _quality(
        sum(q.predicted for q in items),
        sum(q.correct for q in items),
        sum(q.wanted for q in items),
        sum(q.found for q in items),
    )


def _quality(predicted: int, correct: int, wanted: int, found: int) -> Quality:
    precision = correct / predicted if predicted else 0.0
    recall = found / wanted if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(precision, recall, f1, predicted, correct, wanted, found)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).replace('"', "").replace("'", "")).strip()
