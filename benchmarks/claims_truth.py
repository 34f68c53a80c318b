"""Claims of absence against the gold: is an outlet said to leave out an event really
silent on it?

Builds every gold story of tests/gold/ (the BASIL triplets imported as align_quality.py
lays them out, the bundled story from content/) as one site with the bundled site.yml
(`site-builder build --no-cache`), reads each built comparison page as a reader reads it
(tests/claims.py, page_claims) and judges its claims of absence against the gold:
- "it leaves out E, which every other outlet reports": TRUE when no passage of the outlet
  is listed in the gold event(s) E's member passages belong to (those holding two or
  more of E's members, else any holding one), FALSE when one is (the passage is printed);
  'no gold event' when E's members are in none;
- "Not linked, though every other outlet reports it: E": the page claims no absence
  there, but the same judgement says how often the outlet does report E (silent: the
  outlet has no passage in E's gold events; reports it: it has one, and whether that
  passage is among those the page says may report it).
Counted per set (development, held-out, each later held-out set of align_quality.py),
with every false "leaves out" claim listed (story, outlet, event title, the passage the
gold lists). With --site DIR the site is built in DIR and kept, or, where DIR/output
exists, scored as it is (e.g. one built with an earlier checkout); with --code DIR the
site is built with the site-builder found in DIR (a checkout), as a "before".

    python benchmarks/claims_truth.py [--split development|held-out|all]
                                      [--shared ../shared] [--code DIR] [--site DIR]
                                      [--not-linked]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from align_quality import HELD_OUT_SETS, SPLITS, GoldStory, gold_stories, opening, set_of  # noqa: E402

from site_builder.align.gold import Gold, GoldEvent  # noqa: E402
from tests.claims import page_claims  # noqa: E402

VERDICTS = ("true", "false", "no gold event")


@dataclass(frozen=True)
class Judged:
    """One claim of absence judged against the gold."""

    story: str
    outlet: str
    title: str
    kind: str
    """'leaves-out' or 'not-linked'."""
    verdict: str
    """One of VERDICTS: 'true' the outlet has no passage in the event's gold events."""
    reported_in: tuple[tuple[str, str], ...] = ()
    """The outlet's passages the gold lists in those events."""
    events: tuple[str, ...] = ()
    """The labels of those gold events."""
    named: tuple[str, ...] = ()
    """For 'not-linked': the passages the page says may report the event."""
    cause: str = ""
    """For a false claim, one of CAUSES."""


CAUSES = {
    "wrong group": "no gold event holds two of E's members (judged by one member's events)",
    "broader event": "E's members are in two or more gold events, and the outlet is in some",
    "other words": "the outlet reports E's one gold event in other words",
}
"""Why a false "leaves out" claim is false, as far as the gold tells."""


def false_cause(members: set[tuple[str, str]], gold: Gold, slug: str) -> str:
    """The cause (see CAUSES) of a false claim that `slug` leaves out the event of
    `members`."""
    events = [e for e in gold.events if len(members & set(e.passages)) >= 2]
    if not events:
        return "wrong group"
    silent = [e for e in events if all(a != slug for a, _ in e.passages)]
    return "broader event" if silent else "other words"


def gold_events_of(members: set[tuple[str, str]], gold: Gold) -> list[GoldEvent]:
    """The gold events an event of the page (its member passages) stands for: those
    holding two or more of its members, else those holding one."""
    return [e for e in gold.events if len(members & set(e.passages)) >= 2] or [
        e for e in gold.events if members & set(e.passages)
    ]


def judge(
    item: GoldStory, groups: list[dict], kind: str, outlet: str, title: str, named=()
) -> list[Judged]:
    """The claim that `outlet` does not report the event titled `title` on the page of
    `item` (its `groups` as the built site's alignments.json gives them), judged: one
    per event of the page with that title."""
    slug = next(a.slug for a in item.story.articles if a.outlet == outlet)
    found = []
    for group in groups:
        if " ".join(group["label"].split()) != title:
            continue
        members = {(m["article"], m["passage"]) for m in group["members"]}
        events = gold_events_of(members, item.gold)
        mine = tuple(dict.fromkeys(k for e in events for k in e.passages if k[0] == slug))
        verdict = "no gold event" if not events else "false" if mine else "true"
        labels = tuple(e.label for e in events)
        cause = false_cause(members, item.gold, slug) if verdict == "false" else ""
        found.append(
            Judged(item.name, outlet, title, kind, verdict, mine, labels, tuple(named), cause)
        )
    return found


def story_claims(item: GoldStory, site: Path) -> list[Judged]:
    """Every claim of absence the comparison page of `item` makes, judged."""
    claims = page_claims(site / item.story.slug / "index.html")
    data = json.loads((site / "alignments.json").read_text(encoding="utf-8"))
    groups = next(s for s in data["stories"] if s["slug"] == item.story.slug)["groups"]
    judged = []
    for outlet, titles in claims.leaves_out.items():
        for title in titles:
            judged += judge(item, groups, "leaves-out", outlet, title)
    for outlet, lines in claims.not_linked.items():
        for title, named in lines:
            judged += judge(item, groups, "not-linked", outlet, title, named)
    return judged


def build_site(items: list[GoldStory], root: Path, code: Path | None) -> Path:
    """The gold stories built as one site under `root` with the bundled settings (with
    the site-builder in `code` where given); returns the output folder."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for item in items:
        target = content / item.story.slug
        if not target.exists():
            shutil.copytree(REPO / "content" / item.story.slug, target)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    env = dict(os.environ, PYTHONPATH=str(code or REPO))
    command = [sys.executable, "-m", "site_builder", "build", "--no-cache", "-q"]
    subprocess.run([*command, "--output", str(root / "output")], cwd=root, env=env, check=True)
    return root / "output"


def counts_line(label: str, judged: list[Judged]) -> str:
    """'  leaves out: 22 claims, 18 true, 4 false, 0 no gold event'."""
    tally = Counter(j.verdict for j in judged)
    return f"  {label}: {len(judged)} claims, " + ", ".join(f"{tally[v]} {v}" for v in VERDICTS)


def linked_line(linked: list[Judged]) -> str:
    """counts_line for the 'not linked' lines, where true means the outlet is silent."""
    line = counts_line('"not linked, though every other outlet reports it"', linked)
    return line.replace("true", "silent (outlet has no passage)").replace(
        "false", "the outlet reports it"
    )


def print_set(
    label: str, judged: list[Judged], items: dict[str, GoldStory], stories: int, listing: bool
) -> None:
    """The counts of one set (`stories` gold stories) and its false claims; with
    `listing`, every 'not linked' line too."""
    print(f"== {label}: {stories} stories")
    leaves = [j for j in judged if j.kind == "leaves-out"]
    linked = [j for j in judged if j.kind == "not-linked"]
    print(counts_line('"leaves out"', leaves))
    causes = Counter(j.cause for j in leaves if j.verdict == "false")
    if causes:
        print("    false by cause: " + ", ".join(f"{c} {causes[c]}" for c in CAUSES))
    print(linked_line(linked))
    named = sum(bool(set(p for _, p in j.reported_in) & set(j.named)) for j in linked)
    print(f"    of those it reports, the page names one of its passages in {named}")
    right = sum(len(set(p for _, p in j.reported_in) & set(j.named)) for j in linked)
    print(
        f"    passages named as may reporting it: {sum(len(j.named) for j in linked)}, "
        f"{right} of them listed in the gold event"
    )
    for j in leaves:
        if j.verdict == "false":
            print(f"  FALSE ({j.cause}) {j.story}: {j.outlet} leaves out “{j.title}”")
            print(f"        gold: {' / '.join(j.events)}")
            for key in j.reported_in:
                print(f"        lists {opening(items[j.story].story, key, 14)}")
        elif j.verdict == "no gold event":
            print(f"  NO GOLD EVENT {j.story}: {j.outlet} leaves out “{j.title}”")
    if listing:
        for j in linked:
            mark = "reports it" if j.verdict == "false" else j.verdict
            print(f"  not linked ({mark}) {j.story}: {j.outlet} “{j.title}” named {j.named}")
            for key in j.reported_in:
                print(f"        lists {opening(items[j.story].story, key, 14)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--split", choices=["all", *SPLITS], default="all")
    parser.add_argument("--code", type=Path, help="build with the site-builder in DIR")
    parser.add_argument("--site", type=Path, help="build in DIR, or score DIR/output")
    parser.add_argument(
        "--not-linked", action="store_true", help="list every 'not linked' line too"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claims-truth-") as workdir:
        root = Path(args.site or workdir)
        golds = gold_stories(args.shared, root / "content", args.split)
        built = args.site and (root / "output").is_dir()
        output = root / "output" if built else build_site(golds, root, args.code)
        by_set: dict[str, list[Judged]] = defaultdict(list)
        sets = Counter()
        for item in golds:
            label = set_of(item.name, item.gold.split)
            sets[label] += 1
            by_set[label] += story_claims(item, output)
        items = {g.name: g for g in golds}
        for label in (*SPLITS, *HELD_OUT_SETS):
            if sets[label]:
                print_set(label, by_set[label], items, sets[label], args.not_linked)
        held = [j for label in ("held-out", *HELD_OUT_SETS) for j in by_set[label]]
        print(f"== held-out, all: {sum(sets[label] for label in ('held-out', *HELD_OUT_SETS))}")
        print(counts_line('"leaves out"', [j for j in held if j.kind == "leaves-out"]))
        print(linked_line([j for j in held if j.kind == "not-linked"]))


if __name__ == "__main__":
    main()
