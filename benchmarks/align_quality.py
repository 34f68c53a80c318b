"""Alignment quality against the hand-written gold annotations, as a reader meets it.

For each gold story, first line: precision over the links the site shows (two passages
in one group of `groups`; `related` is shown apart and not counted) and recall over
(event, outlet pair) units (is at least one passage of each outlet linked to one of the
other's for that event), with their F1; then the naive baseline (rapidfuzz
token_set_ratio over passage pairs, at the threshold that is best for that story, chosen
with its gold: an upper bound for it); then link-level scores (every gold passage pair)
as a second line; then, with --wrong, every wrong link with its passages' first words.
Development stories (settings are chosen on them) and held-out stories (written before
the aligner ran on them, only scored) are summed up separately.

    python benchmarks/align_quality.py [--split development|held-out|all] [--wrong]
                                       [--missed] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.align import align_story  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    Gold,
    LinkKey,
    Quality,
    combined,
    found_units,
    gold_units,
    link_quality,
    load_gold,
    predicted_links,
    reader_quality,
    wrong_links,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.basil import import_basil  # noqa: E402
from site_builder.config import load_config  # noqa: E402
from site_builder.content import read_story  # noqa: E402
from site_builder.model import Story  # noqa: E402

GOLD = REPO / "tests" / "gold"
SPLITS = ("development", "held-out")


@dataclass(frozen=True)
class GoldStory:
    """A gold file, the story it annotates, and its split."""

    name: str
    story: Story
    gold: Gold


def gold_stories(shared: Path, workdir: Path, split: str = "all") -> list[GoldStory]:
    """Every gold whose story can be read here (BASIL stories imported into `workdir`),
    of the `split` asked for ('all', 'development' or 'held-out')."""
    found = []
    basil = shared / "corpora" / "basil"
    for path in sorted(GOLD.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if split != "all" and data.get("split", "development") != split:
            continue
        if "basil" in data:
            if not basil.is_dir():
                print(f"(BASIL not found at {basil}: {path.name} is skipped)")
                continue
            [folder] = import_basil(basil, workdir, only={Path(data["basil"]).name})
        else:
            folder = REPO / "content" / data["story"]
        story = read_story(folder)
        found.append(GoldStory(path.stem, story, load_gold(path, story)))
    return found


def naive_links(story: Story, gold: Gold) -> tuple[set[LinkKey], int]:
    """The naive baseline's links at its best threshold for this story (by unit F1)."""
    passages = [(a.slug, p.id, p.text) for a in story.articles for p in a.passages]
    scores = process.cdist(
        [p[2] for p in passages], [p[2] for p in passages], scorer=fuzz.token_set_ratio, workers=-1
    )
    pairs = [
        (scores[i][j], frozenset({passages[i][:2], passages[j][:2]}))
        for i, j in itertools.combinations(range(len(passages)), 2)
        if passages[i][0] != passages[j][0]
    ]
    best: tuple[float, set[LinkKey], int] | None = None
    for threshold in range(30, 101):
        links = {link for score, link in pairs if score >= threshold}
        f1 = reader_quality(links, gold).f1
        if best is None or f1 > best[0]:
            best = (f1, links, threshold)
    return best[1], best[2]


def opening(story: Story, key: tuple[str, str], words: int = 9) -> str:
    """'article/p-3 "The first words of the passage..."'."""
    text = story.article(key[0]).passage(key[1]).text.split()
    return f'{key[0]}/{key[1]} "{" ".join(text[:words])}{" ..." if len(text) > words else ""}"'


def line(label: str, q: Quality, extra: str = "") -> str:
    return (
        f"  {label:<30} P {q.precision:4.2f} ({q.correct:3d}/{q.predicted:3d} links)  "
        f"R {q.recall:4.2f} ({q.found:3d}/{q.wanted:3d})  F1 {q.f1:4.2f}  {extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--split", choices=["all", *SPLITS], default="all")
    parser.add_argument("--wrong", action="store_true", help="list every wrong link")
    parser.add_argument("--missed", action="store_true", help="list every missed unit")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    args = parser.parse_args()
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    totals: dict[str, dict[str, list[Quality]]] = {s: {"ours": [], "naive": []} for s in SPLITS}
    with tempfile.TemporaryDirectory() as workdir:
        for item in gold_stories(args.shared, Path(workdir), args.split):
            story, gold = item.story, item.gold
            started = time.perf_counter()
            alignment = align_story(story, settings, language)
            seconds = time.perf_counter() - started
            links = predicted_links(alignment.groups)
            ours = reader_quality(links, gold)
            totals[gold.split]["ours"].append(ours)
            print(
                f"{item.name} ({gold.split}; {len(gold.events)} events, "
                f"{len(gold_units(gold))} units; {len(alignment.groups)} groups, "
                f"{len(alignment.related)} related)"
            )
            print(line("site-builder", ours, f"{seconds:.2f} s"))
            if not args.no_naive:
                naive, threshold = naive_links(story, gold)
                naive_quality = reader_quality(naive, gold)
                totals[gold.split]["naive"].append(naive_quality)
                print(line(f"naive token_set_ratio >= {threshold}", naive_quality))
            print(line("link-level (second measure)", link_quality(links, gold)))
            if args.wrong:
                for link in sorted(wrong_links(links, gold), key=sorted):
                    first, second = sorted(link)
                    print(
                        f"    wrong: {opening(story, first)}\n       <-> {opening(story, second)}"
                    )
            if args.missed:
                found = found_units(links, gold)
                for index, pair in sorted(
                    gold_units(gold) - found, key=lambda u: (u[0], sorted(u[1]))
                ):
                    print(f"    missed: {gold.events[index].label} [{' / '.join(sorted(pair))}]")
            print()
    for split in SPLITS:
        if totals[split]["ours"]:
            print(f"== {split}: {len(totals[split]['ours'])} stories, counts added up")
            print(line("site-builder", combined(totals[split]["ours"])))
            if totals[split]["naive"]:
                print(line("naive (best threshold each)", combined(totals[split]["naive"])))


if __name__ == "__main__":
    main()
