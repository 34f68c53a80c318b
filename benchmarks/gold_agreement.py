"""How far two human annotators agree, in the measure the aligner is held to.

Each file in benchmarks/agreement/ is a second annotation (B), written blind, of a story
that has a gold in tests/gold/ under the same file name (A). B is scored against A
exactly as the aligner's groups are (site_builder.align.gold): B's events are taken as
groups, every two passages of different outlets in one B event are a link; precision is
the share of those links that join two passages sharing an A event, recall the share of
A's (event, outlet pair) units that some B link finds. Then the other way round (A's
links judged by B). Per story and summed, with the number of events and units of each.
The figures are a ceiling for the aligner's targets: no aligner can be expected to agree
with one annotator more often than a second careful annotator does.

With --aligner it also scores the aligner's shown links (default settings, site.yml)
against each annotation, to set its figures beside the human ones. With --disagree it
lists, in both directions, every link one annotator made that the other's events do not
hold, and every unit one annotator has that the other's links miss, with the event
labels and the passages' first words (to sort the disagreements by cause).

    python benchmarks/gold_agreement.py [--aligner] [--disagree] [--shared ../shared]
                                        [--agreement benchmarks/agreement]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from align_quality import gold_stories, opening  # noqa: E402

from site_builder.align import align_story  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    Gold,
    Quality,
    combined,
    found_units,
    gold_links,
    gold_units,
    load_gold,
    predicted_links,
    reader_quality,
    wrong_links,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.model import Story  # noqa: E402

AGREEMENT = REPO / "benchmarks" / "agreement"
GOLD = REPO / "tests" / "gold"


@dataclass(frozen=True)
class Pair:
    """One story annotated twice: `first` is the gold in tests/gold (A), `second` the
    independent annotation in benchmarks/agreement (B)."""

    name: str
    story: Story
    first: Gold
    second: Gold


def agreement(truth: Gold, other: Gold) -> Quality:
    """`other` judged by `truth` the way the aligner is judged: `other`'s events as
    groups, precision over their cross-outlet links, recall over `truth`'s units."""
    return reader_quality(gold_links(other), truth)


def pairs(shared: Path, workdir: Path, folder: Path = AGREEMENT, gold: Path = GOLD) -> list[Pair]:
    """Every annotation in `folder` with the gold of the same file name in `gold`, both
    resolved on one reading of the story."""
    seconds = {item.name: item for item in gold_stories(shared, workdir, "all", folder)}
    found = []
    for name, second in sorted(seconds.items()):
        path = gold / f"{name}.yaml"
        if not path.is_file():
            print(f"({name}: no gold at {path}, skipped)")
            continue
        found.append(Pair(name, second.story, load_gold(path, second.story), second.gold))
    return found


def line(label: str, q: Quality) -> str:
    """One row of figures: precision over links, recall over units, F1."""
    return (
        f"  {label:<22} P {q.precision:4.2f} ({q.correct:3d}/{q.predicted:3d} links)  "
        f"R {q.recall:4.2f} ({q.found:3d}/{q.wanted:3d} units)  F1 {q.f1:4.2f}"
    )


def aligner_links(story: Story) -> set:
    """The links the site shows for `story` with the default settings (site.yml)."""
    settings = load_config(REPO / "site.yml").alignment
    return predicted_links(align_story(story, settings, load_language("en")).groups)


def disagreements(story: Story, truth: Gold, other: Gold, who: str) -> list[str]:
    """Lines naming each link of `other` outside `truth`'s events and each unit of
    `truth` no link of `other` finds."""
    links = gold_links(other)
    out = []
    for link in sorted(wrong_links(links, truth), key=sorted):
        labels = [e.label for e in other.events if link <= set(e.passages)]
        a, b = sorted(link)
        out.append(f"    {who} only link  [{labels[0]}]")
        out.append(f"        {opening(story, a)}\n        {opening(story, b)}")
    missed = gold_units(truth) - found_units(links, truth)
    for index, outlets in sorted(missed, key=lambda u: (u[0], sorted(u[1]))):
        event = truth.events[index]
        out.append(f"    {who} misses unit [{event.label}] {' / '.join(sorted(outlets))}")
        for key in event.passages:
            if key[0] in outlets:
                out.append(f"        {opening(story, key)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--agreement", type=Path, default=AGREEMENT)
    parser.add_argument("--disagree", action="store_true", help="list every disagreement")
    parser.add_argument("--aligner", action="store_true", help="score the aligner too")
    args = parser.parse_args()
    shared = args.shared if args.shared.is_dir() else Path("/work/shared")
    b_by_a: list[Quality] = []
    a_by_b: list[Quality] = []
    aligner_by_a: list[Quality] = []
    aligner_by_b: list[Quality] = []
    with tempfile.TemporaryDirectory() as workdir:
        for pair in pairs(shared, Path(workdir), args.agreement):
            first, second = pair.first, pair.second
            print(
                f"{pair.name}: A (tests/gold) {len(first.events)} events, "
                f"{len(gold_units(first))} units; B (agreement) {len(second.events)} events, "
                f"{len(gold_units(second))} units"
            )
            b_by_a.append(agreement(first, second))
            a_by_b.append(agreement(second, first))
            print(line("B judged by A", b_by_a[-1]))
            print(line("A judged by B", a_by_b[-1]))
            if args.aligner:
                links = aligner_links(pair.story)
                aligner_by_a.append(reader_quality(links, first))
                aligner_by_b.append(reader_quality(links, second))
                print(line("aligner judged by A", aligner_by_a[-1]))
                print(line("aligner judged by B", aligner_by_b[-1]))
            if args.disagree:
                print("\n".join(disagreements(pair.story, first, second, "B")))
                print("\n".join(disagreements(pair.story, second, first, "A")))
    print(f"all {len(b_by_a)} stories:")
    print(line("B judged by A", combined(b_by_a)))
    print(line("A judged by B", combined(a_by_b)))
    if args.aligner:
        print(line("aligner judged by A", combined(aligner_by_a)))
        print(line("aligner judged by B", combined(aligner_by_b)))


if __name__ == "__main__":
    main()
