"""Alignment quality against the hand-written gold annotations, as a reader meets it.

For each gold story, first line: precision over the links the site shows (two passages
in one group of `groups`; `related` is shown apart and not counted) and recall over
(event, outlet pair) units (is at least one passage of each outlet linked to one of the
other's for that event), with their F1; then the naive baseline (rapidfuzz
token_set_ratio over passage pairs, at the threshold that is best for that story, chosen
with its gold: an upper bound for it); then link-level scores (every gold passage pair)
as a second line; then where the missed units were lost (MISS_CAUSES) and how many gold
events are split over two or more groups (no group holds every outlet the groups link
for it), how many of those an outlet tells twice and how many one group could hold at
all over the aligner's links (row_possible: the rest need a new link, not another
grouping); then, with --wrong, every wrong link with its passages' first words, with
--missed every missed unit with its cause, and with --splits every split event with
the groups that link it. Development stories (settings are chosen on
them) and held-out stories (written before the aligner ran on them, only scored) are
summed up separately, each later blind set of HELD_OUT_SETS (held-out-3 to held-out-15)
apart; --gold scores the gold files of another folder (a new set, apart).

    python benchmarks/align_quality.py [--split development|held-out|all]
                                       [--wrong] [--missed] [--splits] [--no-naive]
                                       [--shared ../shared]
                                       [--gold tests/gold]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.align import Diagnosis, diagnose  # noqa: E402
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
    split_events,
    wrong_links,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.similarity import shared_things  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.model import PassageKey, Story  # noqa: E402
from site_builder.importers.basil import import_basil  # noqa: E402
from site_builder.read.content import read_story  # noqa: E402

GOLD = REPO / "tests" / "gold"
SPLITS = ("development", "held-out")
HELD_OUT_SETS = {
    "held-out-3": frozenset(
        f"basil-{name}"
        for name in (
            "birthright-citizenship",
            "clinton-tax-returns",
            "huckabee-2016-run",
            "mccarthy-immigration",
            "schiff-resignation",
            "trump-birther-meeting",
        )
    ),
    "held-out-4": frozenset(
        f"basil-{name}"
        for name in (
            "blumenthal-vietnam",
            "christie-subpoenas",
            "cowan-interim-senator",
            "hunter-indicted",
            "lepage-stays",
            "trump-debate-moderator",
        )
    ),
    "held-out-5": frozenset(
        f"basil-{name}"
        for name in (
            "bachmann-chick-fil-a",
            "boehner-one-in-three",
            "fiscal-cliff-meeting",
            "nra-school-report",
            "pelosi-leader",
            "stone-indicted",
        )
    ),
    "held-out-6": frozenset(
        f"basil-{name}"
        for name in (
            "aarp-benefit-cuts",
            "biden-tax-compromise",
            "border-emergency",
            "mueller-buzzfeed",
            "romney-marriage",
            "social-media-voices",
        )
    ),
    "held-out-7": frozenset(
        f"basil-{name}"
        for name in (
            "constitution-reading",
            "dreamers-wall-offer",
            "moore-white-house",
            "mueller-report-release",
            "perry-war-on-religion",
            "shutdown-wall-talks",
        )
    ),
    "held-out-8": frozenset(
        f"basil-{name}"
        for name in (
            "bloomberg-dnc",
            "ginsburg-trump",
            "indiana-travel-ban",
            "lieberman-fbi",
            "shutdown-ends",
            "trump-jr-wikileaks",
        )
    ),
    "held-out-9": frozenset(
        f"basil-{name}"
        for name in (
            "benghazi-interview",
            "flynn-house-subpoena",
            "labrador-majority-leader",
            "lauten-apology",
            "netanyahu-ad",
            "trump-cruz-wives",
        )
    ),
    "held-out-10": frozenset(
        f"basil-{name}"
        for name in (
            "bachmann-newsweek",
            "biden-ryan-debate",
            "campaign-finance-bill",
            "clinton-aide-security",
            "clinton-private-email",
            "marijuana-lawsuit",
        )
    ),
    "held-out-11": frozenset(
        f"basil-{name}"
        for name in (
            "gorsuch-nuclear",
            "irs-lerner-fifth",
            "naacp-tea-party",
            "putin-meeting-cancel",
            "strzok-fired",
            "trump-inauguration",
        )
    ),
    "held-out-12": frozenset(
        f"basil-{name}"
        for name in (
            "clinton-trade-stance",
            "nsa-prism",
            "rubio-foreign-policy",
            "santorum-phony-theology",
            "sayoc-pipe-bombs",
            "schumer-shutdown-left",
        )
    ),
    "held-out-13": frozenset(
        f"basil-{name}"
        for name in (
            "gop-filibuster-letter",
            "holder-ferguson",
            "obama-gun-plan",
            "same-sex-tax-returns",
            "sestak-job-offer",
            "trump-orlando",
        )
    ),
    "held-out-14": frozenset(
        f"basil-{name}"
        for name in (
            "baseball-practice-shooting",
            "fox-calderon-wall",
            "in-god-we-trust-jab",
            "reid-ground-zero-mosque",
            "steele-second-term",
            "walmart-class-action",
        )
    ),
    "held-out-15": frozenset(
        f"basil-{name}"
        for name in (
            "brewer-veto-calls",
            "cantor-defeated",
            "clinton-benghazi-hearing",
            "elephant-trophies",
            "hutchinson-religion-bill",
            "obama-endorses-clinton",
        )
    ),
}
"""Held-out golds annotated blind in later rounds, before the aligner ran on them and
after its rules were chosen (held-out-3 in round four, held-out-4 in round five,
held-out-5 in round eight, held-out-6 in round nine, held-out-7 in round ten,
held-out-8 and held-out-9 in round eleven, held-out-10 in round twelve, held-out-11 in round
thirteen, held-out-12 in round thirteen too, after held-out-11, to be scored first in round
fourteen, held-out-13 in round fourteen, first scored in round fifteen, held-out-14 in round
fifteen, after held-out-13, first scored in round sixteen, held-out-15 in round seventeen,
to be first scored in round seventeen after its rule helpers stop): each set is summed up
apart, and with the first held-out set as 'held-out, all'."""
HELD_OUT_3 = HELD_OUT_SETS["held-out-3"]


def set_of(name: str, split: str) -> str:
    """The set a gold is summed up in: its later held-out set, else its split."""
    return next((label for label, names in HELD_OUT_SETS.items() if name in names), split)


def changed_stories(per: dict, base: dict) -> str:
    """One line naming each story whose right and shown links or found units in `per`
    (name -> (set, quality, ...), a variant's) differ from `base` (the same for the
    rules as shipped), with both figures: what a variant moved, story by story."""
    changed = [
        f"{name.removeprefix('basil-')} {b[1].correct}/{b[1].predicted},{b[1].found}"
        f" -> {q.correct}/{q.predicted},{q.found}"
        for name, (_, q, *_) in per.items()
        for b in [base[name]]
        if (q.correct, q.predicted, q.found) != (b[1].correct, b[1].predicted, b[1].found)
    ]
    return "  stories (right/shown,units): " + ("; ".join(changed) or "none changed")


REASONS = (
    "verbatim",
    "most-words",
    "phrase",
    "closest",
    "second-fact",
    "corroborated",
    "three-things",
    "phrase-agreed",
    "time-or-number",
    "short-run",
    "order",
    "triangle",
)
"""Why a shown link is the same event (see same_event_reason), strongest first; a link
the site shows through a group with no sentence link of its own is 'merged'."""
MISS_CAUSES = (
    ("related", "found but shown as related"),
    ("dropped", "found but dropped"),
    ("one", "one specific thing shared"),
    ("nothing", "nothing specific shared"),
    ("weak", "two or more specific things, too little weight"),
)
"""Where a missed unit was lost, for its best pair of sentences (one of each outlet's
passages of the event): the aligner linked them as related only; it made a link and
then dropped it (not the closest match for what they share, under the thresholds, or
about different times); no link, and they share one specific thing, none, or two or
more with too little similarity."""


@dataclass(frozen=True)
class GoldStory:
    """A gold file, the story it annotates, and its split."""

    name: str
    story: Story
    gold: Gold


def gold_stories(
    shared: Path, workdir: Path, split: str = "all", folder: Path = GOLD
) -> list[GoldStory]:
    """Every gold in `folder` whose story can be read here (BASIL stories imported into
    `workdir`), of the `split` asked for ('all', 'development' or 'held-out')."""
    found = []
    basil = shared / "corpora" / "basil"
    for path in sorted(folder.glob("*.yaml")):
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


def miss_causes(diagnosis: Diagnosis, gold: Gold) -> dict[tuple, str]:
    """For each unit the groups miss, its cause (see MISS_CAUSES)."""
    alignment, units = diagnosis.alignment, diagnosis.units
    found = found_units(predicted_links(alignment.groups), gold)
    related = found_units(predicted_links(alignment.related), gold)
    linked = {
        frozenset(
            {
                (units[k.left].article, units[k.left].passage),
                (units[k.right].article, units[k.right].passage),
            }
        )
        for k in diagnosis.links
    }
    of_passage: dict[tuple[str, str], list[int]] = {}
    for index, unit in enumerate(units):
        of_passage.setdefault((unit.article, unit.passage), []).append(index)
    causes = {}
    for unit_key in sorted(gold_units(gold) - found, key=lambda u: (u[0], sorted(u[1]))):
        index, pair = unit_key
        first, second = sorted(pair)
        passages = gold.events[index].passages
        mine = [k for k in passages if k[0] == first]
        theirs = [k for k in passages if k[0] == second]
        if unit_key in related:
            causes[unit_key] = "related"
        elif any(frozenset({a, b}) in linked for a in mine for b in theirs):
            causes[unit_key] = "dropped"
        else:
            most = max(
                len(shared_things(units[i], units[j], diagnosis.lexicon))
                for a in mine
                for b in theirs
                for i in of_passage[a]
                for j in of_passage[b]
            )
            causes[unit_key] = "nothing" if most == 0 else "one" if most == 1 else "weak"
    return causes


def shown_reasons(diagnosis: Diagnosis, gold: Gold) -> Counter[tuple[str, bool]]:
    """For each link the site shows, the strongest reason of the sentence links between
    its two passages ('merged' where there is none: a group joined them), and whether
    the gold holds the two passages in one event."""
    units = diagnosis.units
    shown = predicted_links(diagnosis.alignment.groups)
    best: dict[LinkKey, int] = {}
    for link, reason in diagnosis.reasons.items():
        left, right = units[link.left], units[link.right]
        key = frozenset({(left.article, left.passage), (right.article, right.passage)})
        if reason and key in shown:
            best[key] = min(best.get(key, len(REASONS)), REASONS.index(reason))
    right = {frozenset(pair) for e in gold.events for pair in itertools.combinations(e.passages, 2)}
    return Counter((REASONS[best[key]] if key in best else "merged", key in right) for key in shown)


def reasons_line(counts: Counter[tuple[str, bool]]) -> str:
    """'  shown links by reason (right/shown): verbatim 48/49, ...'."""
    parts = ", ".join(
        f"{reason} {counts[(reason, True)]}/{counts[(reason, True)] + counts[(reason, False)]}"
        for reason in (*REASONS, "merged")
    )
    return f"  shown links by reason (right/shown): {parts}"


def split_holdings(groups, gold: Gold) -> list[tuple[int, list[set[PassageKey]]]]:
    """Each split gold event (see split_events), as its index in `gold.events` with the
    passages of it each group that links it holds (one set per such group)."""
    keys = [{(m.article, m.passage) for m in g.members} for g in groups]
    found = []
    for index, event in enumerate(gold.events):
        members = set(event.passages)
        holding = [k & members for k in keys if len({a for a, _ in k & members}) >= 2]
        outlets = [{a for a, _ in h} for h in holding]
        if holding and not any(o >= set().union(*outlets) for o in outlets):
            found.append((index, holding))
    return found


def two_passage_splits(groups, gold: Gold) -> int:
    """How many split gold events (see split_events) have, over the groups that link
    them, two or more passages of one article that tell the event: one outlet tells it
    twice, and a group of one passage per article cannot hold every outlet."""
    count = 0
    for _, holding in split_holdings(groups, gold):
        told = Counter(article for article, _ in set().union(*holding))
        count += any(n >= 2 for n in told.values())
    return count


def linked_pairs(diagnosis: Diagnosis) -> set[LinkKey]:
    """Passage pairs the aligner made any sentence link between (same event, related or
    dropped), for articles about the same time."""
    units = diagnosis.units
    return {
        frozenset({(units[i].article, units[i].passage) for i in (link.left, link.right)})
        for link in diagnosis.links
        if link in diagnosis.reasons
    }


def row_possible(
    event: set[PassageKey], holding: list[set[PassageKey]], linked: set[LinkKey]
) -> bool:
    """Whether one group could hold a split event whole over the aligner's links: one
    of the event's passages from each outlet the groups (`holding`, see split_holdings)
    link for it, every two of them joined by a link in `linked`. Where not, no grouping
    that keeps a link between every two passages of a group (complete linkage) can mend
    the split: it needs a link the aligner does not make."""
    outlets = sorted({a for held in holding for a, _ in held})
    choices = [sorted(p for p in event if p[0] == a) for a in outlets]
    return any(
        all(frozenset(pair) in linked for pair in itertools.combinations(row, 2))
        for row in itertools.product(*choices)
    )


def causes_line(counts: dict[str, int]) -> str:
    """'  misses: found but shown as related 3, ...'."""
    parts = ", ".join(f"{label} {counts.get(key, 0)}" for key, label in MISS_CAUSES)
    return f"  misses: {parts}"


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
    parser.add_argument(
        "--splits", action="store_true", help="list every split event with its groups"
    )
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument(
        "--gold", type=Path, default=GOLD, help="folder of gold files (default tests/gold)"
    )
    args = parser.parse_args()
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    totals: dict[str, dict[str, list]] = {
        s: {"ours": [], "naive": [], "causes": [], "split": [], "reasons": []}
        for s in (*SPLITS, *HELD_OUT_SETS)
    }
    with tempfile.TemporaryDirectory() as workdir:
        for item in gold_stories(args.shared, Path(workdir), args.split, args.gold):
            story, gold = item.story, item.gold
            started = time.perf_counter()
            diagnosis = diagnose(story, settings, language)
            seconds = time.perf_counter() - started
            alignment = diagnosis.alignment
            links = predicted_links(alignment.groups)
            ours = reader_quality(links, gold)
            total = totals[set_of(item.name, gold.split)]
            total["ours"].append(ours)
            print(
                f"{item.name} ({gold.split}; {len(gold.events)} events, "
                f"{len(gold_units(gold))} units; {len(alignment.groups)} groups, "
                f"{len(alignment.related)} related)"
            )
            print(line("site-builder", ours, f"{seconds:.2f} s"))
            if not args.no_naive:
                naive, threshold = naive_links(story, gold)
                naive_quality = reader_quality(naive, gold)
                total["naive"].append(naive_quality)
                print(line(f"naive token_set_ratio >= {threshold}", naive_quality))
            print(line("link-level (second measure)", link_quality(links, gold)))
            causes = miss_causes(diagnosis, gold)
            total["causes"].append(causes)
            split = split_events(alignment.groups, gold)
            twice = two_passage_splits(alignment.groups, gold)
            linked = linked_pairs(diagnosis)
            splits = split_holdings(alignment.groups, gold)
            rows = sum(
                row_possible(set(gold.events[i].passages), holding, linked) for i, holding in splits
            )
            total["split"].append((*split, len(gold.events), twice, rows))
            reasons = shown_reasons(diagnosis, gold)
            total["reasons"].append(reasons)
            print(reasons_line(reasons))
            print(causes_line(Counter(causes.values())))
            print(
                f"  gold events split over two or more groups: {split[0]} of {split[1]} "
                f"found ({twice} told twice by one outlet; {rows} one row of linked passages "
                "could hold)"
            )
            if args.splits:
                print_splits(story, gold, alignment.groups, splits, linked)
            if args.wrong:
                for link in sorted(wrong_links(links, gold), key=sorted):
                    first, second = sorted(link)
                    print(
                        f"    wrong: {opening(story, first)}\n       <-> {opening(story, second)}"
                    )
            if args.missed:
                for (index, pair), cause in causes.items():
                    print(
                        f"    missed ({cause}): {gold.events[index].label} "
                        f"[{' / '.join(sorted(pair))}]"
                    )
            print()
    for split, total in totals.items():
        if total["ours"]:
            summary(split, total)
    held_out = [totals[name] for name in ("held-out", *HELD_OUT_SETS) if totals[name]["ours"]]
    if len(held_out) > 1:
        added = {key: [x for t in held_out for x in t[key]] for key in held_out[0]}
        summary("held-out, all", added)


def summary(split: str, total: dict[str, list]) -> None:
    """The counts of one set of stories added up."""
    print(f"== {split}: {len(total['ours'])} stories, counts added up")
    print(line("site-builder", combined(total["ours"])))
    if total["naive"]:
        print(line("naive (best threshold each)", combined(total["naive"])))
    print(causes_line(Counter(c for causes in total["causes"] for c in causes.values())))
    print(reasons_line(sum(total["reasons"], Counter())))
    events = [sum(x[i] for x in total["split"]) for i in range(5)]
    print(
        f"  gold events split over two or more groups: {events[0]} of {events[2]} "
        f"({events[0] / max(1, events[2]):.1%}; {events[1]} linked at all; "
        f"{events[3]} told twice by one outlet; {events[4]} one row of linked passages "
        "could hold)"
    )


def print_splits(story: Story, gold: Gold, groups, splits, linked: set[LinkKey]) -> None:
    """Each split event: its label, whether one row over the aligner's links could hold
    it (row_possible), and each group that links it, its members marked where they are
    not passages of the event, then the event's passages with their first words."""
    for index, held in splits:
        event = gold.events[index]
        members = set(event.passages)
        holding = [
            g
            for g in groups
            if len({m.article for m in g.members if (m.article, m.passage) in members}) >= 2
        ]
        possible = row_possible(members, held, linked)
        print(f"    split: {event.label} (one row over the links: {'yes' if possible else 'no'})")
        for group in holding:
            keys = [(m.article, m.passage) for m in group.members]
            shown = " ".join(
                f"{a}/{p}" + ("" if (a, p) in members else " (not of it)") for a, p in keys
            )
            print(f"      {group.id}: {shown}")
        for key in sorted(members):
            print(f"      - {opening(story, key, 14)}")


if __name__ == "__main__":
    main()
