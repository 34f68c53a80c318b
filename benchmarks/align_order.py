"""The order of two articles as evidence: measured on the gold stories (issue 23, eighth
round; docs/alignment.md, "Order of the articles, eighth round").

Sentence aligners for parallel text (Gale-Church, anchor-based alignment) rely on
monotonicity: between two confident links A_i <-> B_j and A_k <-> B_l (i < k, j < l)
the passages in between tend to correspond. News articles are not parallel (inverted
pyramid, different cuts); this asks how far it holds, and whether it helps:

1. how order-consistent the gold links of each two articles are (Kendall's tau over
   pairs of gold passage links), and how often the links the site shows cross (are
   order-inconsistent with) the confident links of the same two articles (a verbatim
   link, or a closest link of similarity >= 0.3), wrong links against right ones;
2. a precision filter: a closest / corroborated / phrase link that crosses several
   confident links of its two articles is not the same event on its own (related;
   a triangle may still close it);
3. a recall promoter: a weak link (selected, not the same event on its own) or a pair
   of sentences that share one specific thing, lying in the gap between two consecutive
   confident links of the same two articles (a chain of them increasing in both
   articles), and the only candidate there (or the strongest), is the same event;
4. a monotone chain (dynamic programming) per two articles: the heaviest chain of
   candidate links increasing in both articles, with a penalty per crossing for the
   same-event links it leaves out; its weak links promoted, or the same-event links it
   leaves out demoted.

Each variant is run through the real aligner (diagnose, with its reasons replaced for
the links a rule changes: unittest.mock, nothing of the build changes) and scored as
benchmarks/align_quality.py scores the site.

    python benchmarks/align_order.py                      # (1) and every variant, development
    python benchmarks/align_order.py --stories            # the same, per story
    python benchmarks/align_order.py --held-out NAME,...  # named variants on the held-out sets
    python benchmarks/align_order.py --held-out kept      # the rule kept (align/order.py)
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality  # noqa: E402

import site_builder.align as align  # noqa: E402
from site_builder.align import Diagnosis, diagnose  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    Quality,
    combined,
    gold_links,
    predicted_links,
    reader_quality,
    split_events,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.order import link_place, longest_chain  # noqa: E402
from site_builder.align.similarity import Link, Unit  # noqa: E402
from site_builder.align.time import article_period  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.model import PassageKey, Story  # noqa: E402

Pair = tuple[str, str]
"""Two articles, in slug order."""
Spot = tuple[int, int]
"""A link's place: its passages' positions in the two articles (slug order)."""


@dataclass(frozen=True)
class Variant:
    """One rule: what it demotes and what it promotes (see the module's docstring)."""

    name: str
    demote: frozenset[str] = frozenset()
    """Reasons a crossing link loses (closest, corroborated, phrase, second-fact)."""
    crossings: int = 2
    """How many confident links a link must cross to be demoted."""
    confident: float = 0.3
    """A closest link is confident from this similarity (a verbatim link always)."""
    promote: str = ""
    """'' (none), 'weak', 'one' (one-thing pairs) or 'both'."""
    pick: str = "only"
    """'only': promote a gap's candidate where it is the only one; 'strongest': its
    strongest; 'closest': its strongest, where that is the closest match of both."""
    gap: str = "open"
    """'open': strictly between the two confident links in both articles; 'closed':
    their own passages too (a passage telling two facts)."""
    anchors: str = "confident"
    """Which links bound the gaps: 'confident', or 'same' (every same-event link)."""
    chain: str = ""
    """'promote' / 'demote' / 'both': the monotone chain of (4)."""
    penalty: float = 0.0
    """The chain's cost per same-event link it crosses (leaves out)."""
    ordered: float | None = None
    """Only for two articles whose confident links are this ordered among themselves
    (Kendall's tau over their pairs, at least `least` confident links); None: any two."""
    least: int = 3


CONFIDENT = 0.3
ORDERED_LINKS = align.ordered_links


def variants() -> list[Variant]:
    """Every variant measured on the development stories."""
    found: list[Variant] = []
    three = frozenset({"closest", "corroborated", "phrase"})
    four = three | {"second-fact"}
    for crossings in (1, 2, 3, 4):
        found.append(Variant(f"demote3-x{crossings}", demote=three, crossings=crossings))
    for crossings in (1, 2, 3):
        found.append(Variant(f"demote4-x{crossings}", demote=four, crossings=crossings))
    for confident in (0.2, 0.25, 0.4):
        found.append(
            Variant(f"demote3-x2-c{confident}", demote=three, crossings=2, confident=confident)
        )
    for reason in sorted(three):
        found.append(Variant(f"demote-{reason}-x2", demote=frozenset({reason}), crossings=2))
    for pool in ("weak", "one", "both"):
        for pick in ("only", "strongest", "closest"):
            for gap in ("open", "closed"):
                found.append(Variant(f"{pool}-{pick}-{gap}", promote=pool, pick=pick, gap=gap))
    for pool in ("weak", "one"):
        for pick in ("only", "closest"):
            found.append(
                Variant(f"{pool}-{pick}-open-same", promote=pool, pick=pick, anchors="same")
            )
    for tau in (0.5, 0.8):
        found.append(Variant(f"demote3-x1-tau{tau}", demote=three, crossings=1, ordered=tau))
        found.append(Variant(f"demote3-x2-tau{tau}", demote=three, crossings=2, ordered=tau))
        for pool in ("weak", "one", "both"):
            found.append(
                Variant(
                    f"{pool}-strongest-closed-tau{tau}",
                    promote=pool,
                    pick="strongest",
                    gap="closed",
                    ordered=tau,
                )
            )
            found.append(
                Variant(f"{pool}-only-closed-tau{tau}", promote=pool, gap="closed", ordered=tau)
            )
    for tau in (0.6, 0.7, 0.8, 0.9, 1.0):
        for pick in ("only", "strongest"):
            for gap in ("open", "closed"):
                name = f"weak-{pick}-{gap}-tau{tau}"
                if not any(v.name == name for v in found):
                    found.append(Variant(name, promote="weak", pick=pick, gap=gap, ordered=tau))
    for least in (2, 4, 5):
        for pick in ("only", "strongest"):
            found.append(
                Variant(
                    f"weak-{pick}-closed-tau1.0-n{least}",
                    promote="weak",
                    pick=pick,
                    gap="closed",
                    ordered=1.0,
                    least=least,
                )
            )
    for chain in ("promote", "demote"):
        for penalty in (0.0, 0.1, 0.3):
            found.append(Variant(f"chain-{chain}-p{penalty}", chain=chain, penalty=penalty))
    return found


# --- the order of the links --------------------------------------------------------


def positions(story: Story) -> dict[PassageKey, int]:
    """Each passage's place in its article."""
    return {(a.slug, p.id): i for a in story.articles for i, p in enumerate(a.passages)}


def place(first: PassageKey, second: PassageKey, where: Mapping[PassageKey, int]) -> tuple:
    """Two passages as (articles in slug order, their positions)."""
    if first[0] > second[0]:
        first, second = second, first
    return (first[0], second[0]), (where[first], where[second])


def crosses(a: Spot, b: Spot) -> bool:
    """Whether two links of the same two articles are in opposite orders."""
    return (a[0] - b[0]) * (a[1] - b[1]) < 0


def concordance(spots: Iterable[Spot]) -> tuple[int, int]:
    """Pairs of links in the same order, and in opposite orders (ties left out)."""
    same = opposite = 0
    for a, b in itertools.combinations(sorted(set(spots)), 2):
        product = (a[0] - b[0]) * (a[1] - b[1])
        same += product > 0
        opposite += product < 0
    return same, opposite


def is_confident(link: Link, reason: str, confident: float) -> bool:
    return reason == "verbatim" or (reason == "closest" and link.score >= confident)


def anchors_of(diagnosis: Diagnosis, keep: Callable[[Link, str], bool]) -> dict[Pair, set[Spot]]:
    """The passage places of the links `keep` accepts, per two articles."""
    found: dict[Pair, set[Spot]] = defaultdict(set)
    for link, reason in diagnosis.reasons.items():
        if keep(link, reason):
            pair, spot = link_place(diagnosis.units, link)
            found[pair].add(spot)
    return found


def anchor_tau(spots: set[Spot], least: int = 3) -> float:
    """Kendall's tau of a pair's confident links among themselves (-1 with fewer than
    `least`)."""
    if len(spots) < least:
        return -1.0
    same, opposite = concordance(spots)
    return (same - opposite) / max(1, same + opposite)


def crossing(spot: Spot, anchors: Iterable[Spot]) -> int:
    return sum(crosses(spot, a) for a in anchors)


def in_gaps(chain: list[Spot], spot: Spot, gap: str) -> tuple[Spot, Spot] | None:
    """The two consecutive links of `chain` whose gap holds `spot`, or None."""
    for low, high in itertools.pairwise(chain):
        if gap == "open":
            inside = low[0] < spot[0] < high[0] and low[1] < spot[1] < high[1]
        else:
            inside = low[0] <= spot[0] <= high[0] and low[1] <= spot[1] <= high[1]
            inside = inside and spot not in (low, high)
        if inside:
            return low, high
    return None


# --- candidates the aligner does not show -------------------------------------------


def one_thing_links(story: Story, diagnosis: Diagnosis, settings) -> list[Link]:
    """Sentence pairs that share one specific thing (no link at the defaults), as
    links made with `min_evidence` 1, about the same time."""
    lexicon, units = diagnosis.lexicon, diagnosis.units
    made = {(k.left, k.right) for k in diagnosis.links}
    extra = [
        link
        for link in align.sentence_links(
            units, lexicon, threshold=settings.threshold, min_evidence=1
        )
        if (link.left, link.right) not in made and len(link.evidence) == 1
    ]
    dates = {a.slug: article_period(a.date) for a in story.articles}
    periods = align.story_periods(dates)
    timely = align._in_time(story, units, extra, periods, dates)
    return [link for link in extra if link in timely]


# --- the rules ----------------------------------------------------------------------


def changes(
    story: Story, diagnosis: Diagnosis, variant: Variant, settings
) -> tuple[dict[tuple[int, int], str], list[Link]]:
    """What `variant` changes: new reasons by (left, right) units, and links to add."""
    units, reasons = diagnosis.units, diagnosis.reasons
    new: dict[tuple[int, int], str] = {}
    extra: list[Link] = []
    confident = anchors_of(diagnosis, lambda k, r: is_confident(k, r, variant.confident))
    if variant.ordered is not None:
        confident = defaultdict(
            set,
            {p: s for p, s in confident.items() if anchor_tau(s, variant.least) >= variant.ordered},
        )
    if variant.demote:
        for link, reason in reasons.items():
            if reason not in variant.demote or is_confident(link, reason, variant.confident):
                continue
            pair, spot = link_place(units, link)
            if crossing(spot, confident[pair]) >= variant.crossings:
                new[(link.left, link.right)] = ""
    if variant.promote:
        pool: list[Link] = []
        if variant.promote in ("weak", "both"):
            pool += [k for k, r in reasons.items() if not r and k.best]
        ones: list[Link] = []
        if variant.promote in ("one", "both"):
            ones = one_thing_links(story, diagnosis, settings)
            pool += ones
        bounds = (
            confident
            if variant.anchors == "confident"
            else anchors_of(diagnosis, lambda k, r: bool(r))
        )
        if variant.ordered is not None:
            bounds = {p: s for p, s in bounds.items() if p in confident}
        chains = {pair: longest_chain(spots) for pair, spots in bounds.items()}
        gaps: dict[tuple, dict[Spot, Link]] = defaultdict(dict)
        for link in pool:
            pair, spot = link_place(units, link)
            around = in_gaps(chains.get(pair, []), spot, variant.gap)
            if around is None:
                continue
            held = gaps[(pair, around)]
            if spot not in held or link.strength > held[spot].strength:
                held[spot] = link  # the strongest sentence link per passage pair
        added = set()
        for held in gaps.values():
            if variant.pick == "only" and len(held) != 1:
                continue
            link = max(held.values(), key=lambda k: (k.strength, -k.left, -k.right))
            if variant.pick == "closest" and not link.closest:
                continue
            new[(link.left, link.right)] = "order"
            added.add(id(link))
        extra = [k for k in ones if id(k) in added]
    if variant.chain:
        new.update(chain_changes(story, diagnosis, variant, settings, extra))
    return new, extra


def chain_changes(
    story: Story, diagnosis: Diagnosis, variant: Variant, settings, extra: list[Link]
) -> dict[tuple[int, int], str]:
    """(4): per two articles, the heaviest chain of passage places increasing in both
    articles over same-event and weak links (weight: the strongest link's similarity,
    a verbatim run 1), less `penalty` for each same-event place it crosses. 'promote':
    the weak links on it become the same event; 'demote': same-event links off it that
    cross it (verbatim ones kept) become related."""
    units, reasons = diagnosis.units, diagnosis.reasons
    places: dict[Pair, dict[Spot, tuple[Link, str]]] = defaultdict(dict)
    for link, reason in reasons.items():
        if reason or link.best:
            pair, spot = link_place(units, link)
            held = places[pair].get(spot)
            rank = (bool(reason), link.strength)
            if held is None or rank > (bool(held[1]), held[0].strength):
                places[pair][spot] = (link, reason)
    new: dict[tuple[int, int], str] = {}
    for pair, held in places.items():
        spots = sorted(held)
        same = [s for s in spots if held[s][1]]
        weight = {s: held[s][0].strength - variant.penalty * crossing(s, same) for s in spots}
        best: list[tuple[float, list[Spot]]] = []
        for i, spot in enumerate(spots):
            top = (weight[spot], [spot])
            for j in range(i):
                if spots[j][0] < spot[0] and spots[j][1] < spot[1]:
                    total = best[j][0] + weight[spot]
                    if total > top[0]:
                        top = (total, [*best[j][1], spot])
            best.append(top)
        if not best:
            continue
        chain = max(best, key=lambda b: b[0])[1]
        on = set(chain)
        for spot in spots:
            link, reason = held[spot]
            if variant.chain in ("promote", "both") and spot in on and not reason:
                new[(link.left, link.right)] = "order"
            if (
                variant.chain in ("demote", "both")
                and spot not in on
                and reason
                and reason not in ("verbatim", "triangle")
                and crossing(spot, chain) >= 1
            ):
                for other, why in reasons.items():
                    if why and link_place(units, other) == (pair, spot) and why != "verbatim":
                        new[(other.left, other.right)] = ""
    return new


def before() -> mock._patch:
    """The aligner as it was before this round: the rule kept (order.ordered_links)
    switched off. Every variant is measured against it, on top of it."""
    return mock.patch.object(align, "ordered_links", lambda units, reasons: [])


KEPT = Variant("kept (order.py)")
"""The rule kept, as site_builder/align/order.py makes it (weak-only-closed-tau1.0-n2)."""


def run(story: Story, settings, language, variant: Variant | None) -> Diagnosis:
    """The story aligned with `variant`'s changes (None: as before this round; KEPT:
    as shipped now)."""
    if variant is KEPT:
        with mock.patch.object(align, "ordered_links", ORDERED_LINKS):
            return diagnose(story, settings, language)
    base = diagnose(story, settings, language)
    if variant is None:
        return base
    new, extra = changes(story, base, variant, settings)
    if not new and not extra:
        return base
    original_links, original_reason = align.sentence_links, align.same_event_reason

    def links(*args, **kwargs) -> list[Link]:
        return [*original_links(*args, **kwargs), *extra]

    def reason(link: Link, **kwargs) -> str:
        key = (link.left, link.right)
        return new[key] if key in new else original_reason(link, **kwargs)

    with (
        mock.patch.object(align, "sentence_links", links),
        mock.patch.object(align, "same_event_reason", reason),
    ):
        return diagnose(story, settings, language)


# --- (1): how far the order holds ---------------------------------------------------


def order_report(items: Sequence, settings, language) -> None:
    """Gold concordance per two articles; crossings of shown links, right and wrong."""
    print("(1) gold links of each two articles: pairs of links in the same order")
    all_same = all_opposite = 0
    taus: list[float] = []
    for item in items:
        where = positions(item.story)
        by_pair: dict[Pair, set[Spot]] = defaultdict(set)
        for key in gold_links(item.gold):
            first, second = sorted(key)
            pair, spot = place(first, second, where)
            by_pair[pair].add(spot)
        same = opposite = 0
        for spots in by_pair.values():
            s, o = concordance(spots)
            same, opposite = same + s, opposite + o
            if s + o >= 3:
                taus.append((s - o) / (s + o))
        all_same, all_opposite = all_same + same, all_opposite + opposite
        share = same / max(1, same + opposite)
        print(
            f"  {item.name:<36} {same:5d} same, {opposite:5d} opposite: {share:.2f} "
            f"(tau {2 * share - 1:+.2f}; {len(by_pair)} pairs of articles)"
        )
    share = all_same / max(1, all_same + all_opposite)
    taus.sort()
    events_same, events_opposite = event_concordance(items)
    print(
        f"  all: {all_same} same, {all_opposite} opposite: {share:.3f} (tau {2 * share - 1:+.3f});"
        f" per two articles with 3+ ordered pairs ({len(taus)}): median tau "
        f"{taus[len(taus) // 2]:+.2f}, quartiles {taus[len(taus) // 4]:+.2f} / "
        f"{taus[3 * len(taus) // 4]:+.2f}, under 0: {sum(t < 0 for t in taus)}"
    )
    share = events_same / max(1, events_same + events_opposite)
    print(
        f"  events, each by its first passage in each article (pairs of different events "
        f"only): {events_same} same, {events_opposite} opposite: {share:.3f} "
        f"(tau {2 * share - 1:+.3f})"
    )
    print()
    print("(1) links the site shows, by how many confident links of their articles they cross")
    for confident in (0.2, 0.3, 0.4):
        counts: Counter[tuple[bool, int]] = Counter()
        anchors_right = anchors_all = 0
        for item in items:
            diagnosis = diagnose(item.story, settings, language)
            where = positions(item.story)
            right_links = gold_links(item.gold)
            anchors = anchors_of(diagnosis, lambda k, r, c=confident: is_confident(k, r, c))
            for link, reason in diagnosis.reasons.items():
                if is_confident(link, reason, confident):
                    anchors_all += 1
                    anchors_right += _passages(diagnosis.units, link) in right_links
            for key in predicted_links(diagnosis.alignment.groups):
                first, second = sorted(key)
                pair, spot = place(first, second, where)
                n = crossing(spot, anchors.get(pair, ()))
                counts[(key in right_links, min(n, 3))] += 1
        right = sum(v for (r, _), v in counts.items() if r)
        wrong = sum(v for (r, _), v in counts.items() if not r)
        cells = "; ".join(
            f"{label}: wrong {sum(counts[(False, n)] for n in ns)}/{wrong}, "
            f"right {sum(counts[(True, n)] for n in ns)}/{right}"
            for label, ns in (("0", (0,)), (">=1", (1, 2, 3)), (">=2", (2, 3)), (">=3", (3,)))
        )
        print(
            f"  confident = verbatim or closest >= {confident} "
            f"({anchors_right}/{anchors_all} sentence links right): {cells}"
        )
    print()


def event_concordance(items: Sequence) -> tuple[int, int]:
    """Pairs of gold events in the same order in two articles, and in opposite orders:
    each event by its first passage in each of the two (ties left out)."""
    same = opposite = 0
    for item in items:
        where = positions(item.story)
        by_pair: dict[Pair, list[Spot]] = defaultdict(list)
        for event in item.gold.events:
            first: dict[str, int] = {}
            for key in event.passages:
                first[key[0]] = min(first.get(key[0], where[key]), where[key])
            for a, b in itertools.combinations(sorted(first), 2):
                by_pair[(a, b)].append((first[a], first[b]))
        for spots in by_pair.values():
            for x, y in itertools.combinations(spots, 2):
                product = (x[0] - y[0]) * (x[1] - y[1])
                same += product > 0
                opposite += product < 0
    return same, opposite


def _passages(units: Sequence[Unit], link: Link) -> frozenset[PassageKey]:
    return frozenset({(units[i].article, units[i].passage) for i in (link.left, link.right)})


def pool_report(items: Sequence, settings, language) -> None:
    """How often a promoter's candidates are right, inside a gap and outside."""
    print("(3) candidates by place: right/all passage pairs (not shown by the site)")
    for pool in ("weak", "one"):
        for gap in ("open", "closed"):
            counts: Counter[tuple[str, bool]] = Counter()
            for item in items:
                diagnosis = diagnose(item.story, settings, language)
                units = diagnosis.units
                shown = predicted_links(diagnosis.alignment.groups)
                right_links = gold_links(item.gold)
                confident = anchors_of(diagnosis, lambda k, r: is_confident(k, r, CONFIDENT))
                chains = {p: longest_chain(s) for p, s in confident.items()}
                links = (
                    [k for k, r in diagnosis.reasons.items() if not r and k.best]
                    if pool == "weak"
                    else one_thing_links(item.story, diagnosis, settings)
                )
                seen: dict[frozenset, tuple[str, bool]] = {}
                for link in links:
                    key = _passages(units, link)
                    if key in shown:
                        continue
                    pair, spot = link_place(units, link)
                    chain = chains.get(pair, [])
                    if in_gaps(chain, spot, gap):
                        where = "in a gap"
                    elif chain and crossing(spot, chain):
                        where = "crossing"
                    else:
                        where = "elsewhere"
                    if key not in seen or where == "in a gap":
                        seen[key] = (where, key in right_links)
                counts.update(seen.values())
            print(
                f"  {pool:<5} {gap:<6} "
                + "; ".join(
                    f"{w}: {counts[(w, True)]}/{counts[(w, True)] + counts[(w, False)]}"
                    for w in ("in a gap", "crossing", "elsewhere")
                )
            )
    print()


# --- scoring ------------------------------------------------------------------------


@dataclass
class Score:
    quality: Quality
    split: int
    events: int
    per_story: list[tuple[str, Quality]]
    causes: Counter


def score(items: Sequence, settings, language, variant: Variant | None) -> Score:
    qualities, per_story = [], []
    split = events = 0
    causes: Counter = Counter()
    for item in items:
        diagnosis = run(item.story, settings, language, variant)
        quality = reader_quality(predicted_links(diagnosis.alignment.groups), item.gold)
        qualities.append(quality)
        per_story.append((item.name, quality))
        split += split_events(diagnosis.alignment.groups, item.gold)[0]
        events += len(item.gold.events)
        causes.update(align_quality.miss_causes(diagnosis, item.gold).values())
    return Score(combined(qualities), split, events, per_story, causes)


def summary(label: str, s: Score) -> str:
    q = s.quality
    return (
        f"{label:<28} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
        f"R {q.recall:.3f} ({q.found}/{q.wanted})  split {s.split} ({s.split / s.events:.1%})"
        f"  misses {'/'.join(str(s.causes[k]) for k, _ in align_quality.MISS_CAUSES)}"
    )


def per_story(s: Score, base: Score) -> str:
    """The stories a variant changes: right/shown links and units, before -> after."""
    parts = []
    for (name, q), (_, b) in zip(s.per_story, base.per_story, strict=True):
        if (q.correct, q.predicted, q.found) != (b.correct, b.predicted, b.found):
            parts.append(
                f"{name.removeprefix('basil-')} {b.correct}/{b.predicted} {b.found}"
                f" -> {q.correct}/{q.predicted} {q.found}"
            )
    return "; ".join(parts) or "no story changes"


def passes(s: Score, base: Score) -> bool:
    """Development's rule: recall up with precision no lower, or precision up with
    recall no lower."""
    p, r = s.quality.precision, s.quality.found
    bp, br = base.quality.precision, base.quality.found
    return (r > br and p >= bp) or (p > bp and r >= br)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--stories", action="store_true", help="per-story changes")
    parser.add_argument("--held-out", default="", help="variants to score on held-out sets")
    parser.add_argument("--only", default="", help="measure these variants only")
    args = parser.parse_args()
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    known = {v.name: v for v in variants()} | {"kept": KEPT}
    with tempfile.TemporaryDirectory() as workdir, before():
        if args.held_out:
            items = align_quality.gold_stories(args.shared, Path(workdir), "held-out")
            sets: dict[str, list] = defaultdict(list)
            for item in items:
                sets[align_quality.set_of(item.name, item.gold.split)].append(item)
            sets["held-out, all"] = items
            for name, members in sets.items():
                print(f"== {name}: {len(members)} stories")
                base = score(members, settings, language, None)
                print("  " + summary("before this round", base))
                for label in args.held_out.split(","):
                    s = score(members, settings, language, known[label])
                    print("  " + summary(label, s))
                    print(f"      {per_story(s, base)}")
            return
        items = align_quality.gold_stories(args.shared, Path(workdir), "development")
        if not args.only:
            order_report(items, settings, language)
            pool_report(items, settings, language)
        base = score(items, settings, language, None)
        print(f"== development: {len(items)} stories")
        print("  " + summary("before this round", base))
        chosen = (
            [known[n] for n in args.only.split(",")]
            if args.only
            else [KEPT, *(v for v in known.values() if v is not KEPT)]
        )
        for variant in chosen:
            s = score(items, settings, language, variant)
            mark = " *" if passes(s, base) else ""
            print("  " + summary(variant.name, s) + mark)
            if args.stories or mark:
                print(f"      {per_story(s, base)}")
        print("  (* raises recall with precision no lower, or precision with recall no lower)")


if __name__ == "__main__":
    main()
