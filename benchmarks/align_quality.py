"""Alignment quality against the hand-written gold annotations.

Prints precision, recall and F1 of cross-article passage links for the default
settings and, side by side, for the naive baseline (rapidfuzz token_set_ratio over
passage pairs at its best threshold, chosen with the gold: an upper bound for it).
A third line per gold is the ceiling of the output schema: a group is one event and
holds one passage per article, so when an outlet tells an event in two passages, only
one of them can be linked for it; with every event found and every link right, recall
is at most the number of (event, pair of articles) in the gold over its links.

    python benchmarks/align_quality.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.align import align_story  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    GoldEvent,
    Quality,
    gold_links,
    load_gold,
    predicted_links,
    quality,
)
from site_builder.basil import import_basil  # noqa: E402
from site_builder.config import AlignmentConfig, load_config  # noqa: E402
from site_builder.content import read_story  # noqa: E402
from site_builder.model import Story  # noqa: E402

GOLD = REPO / "tests" / "gold"


def naive_quality(story: Story, gold: set) -> tuple[Quality, int]:
    """Best F1 over thresholds of token_set_ratio on whole passages."""
    passages = [(a.slug, p.id, p.text) for a in story.articles for p in a.passages]
    scores = process.cdist(
        [p[2] for p in passages], [p[2] for p in passages], scorer=fuzz.token_set_ratio, workers=-1
    )
    best = None
    for threshold in range(30, 101):
        predicted = {
            frozenset({passages[i][:2], passages[j][:2]})
            for i, j in itertools.combinations(range(len(passages)), 2)
            if passages[i][0] != passages[j][0] and scores[i][j] >= threshold
        }
        result = quality(predicted, gold)
        if best is None or result.f1 > best[0].f1:
            best = (result, threshold)
    return best


def schema_ceiling(events: list[GoldEvent], gold: set) -> Quality:
    """The best quality any aligner can reach on `events` under the output schema (one
    group per event, one passage per article in it): precision 1, and at most one link
    per pair of articles that report an event."""
    reachable = sum(math.comb(len({article for article, _ in e.passages}), 2) for e in events)
    recall = min(1.0, reachable / len(gold))
    return Quality(1.0, recall, 2 * recall / (1 + recall), reachable, len(gold), reachable)


def gold_stories(shared: Path, workdir: Path) -> list[tuple[str, Story, Path]]:
    """(name, story, gold file) for every gold whose story can be read here."""
    stories = [
        ("istanbul", read_story(REPO / "content" / "istanbul-talks"), GOLD / "istanbul.yaml")
    ]
    basil = shared / "corpora" / "basil"
    if basil.is_dir():
        import yaml

        for gold in sorted(GOLD.glob("basil-*.yaml")):
            triplet = Path(yaml.safe_load(gold.read_text())["basil"]).name
            [folder] = import_basil(basil, workdir, only={triplet})
            stories.append((gold.stem, read_story(folder), gold))
    else:
        print(f"(BASIL not found at {basil}: its gold is skipped)")
    return stories


def evaluate(settings: AlignmentConfig, shared: Path) -> list[tuple[str, Quality, float]]:
    """(name, quality, seconds) of `settings` on every gold."""
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for name, story, gold_file in gold_stories(shared, Path(workdir)):
            gold = gold_links(load_gold(gold_file, story))
            started = time.perf_counter()
            alignment = align_story(story, settings)
            results.append(
                (name, quality(predicted_links(alignment), gold), time.perf_counter() - started)
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    settings = load_config(REPO / "site.yml").alignment
    print(
        f"{'gold':<12} {'method':<28} {'P':>5} {'R':>5} {'F1':>5} {'links':>6} {'gold':>5}"
        f" {'time':>8}"
    )
    with tempfile.TemporaryDirectory() as workdir:
        for name, story, gold_file in gold_stories(args.shared, Path(workdir)):
            events = load_gold(gold_file, story)
            gold = gold_links(events)
            started = time.perf_counter()
            alignment = align_story(story, settings)
            seconds = time.perf_counter() - started
            ours = quality(predicted_links(alignment), gold)
            naive, threshold = naive_quality(story, gold)
            for method, q, extra in (
                ("site-builder (defaults)", ours, f"{seconds:.3f}s"),
                (f"naive token_set_ratio>={threshold}", naive, ""),
                ("schema ceiling (at best)", schema_ceiling(events, gold), ""),
            ):
                print(
                    f"{name:<12} {method:<28} {q.precision:5.2f} {q.recall:5.2f} {q.f1:5.2f}"
                    f" {q.predicted:6d} {q.gold:5d} {extra:>8}"
                )


if __name__ == "__main__":
    main()
