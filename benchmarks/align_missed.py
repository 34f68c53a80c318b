"""Missed units, tenth round (issue 23): evidence beyond one sentence pair.

On all golds in tests/gold (in round ten: development 14 and the 32 held-out stories,
all development evidence), every missed unit is sorted by what a reader would say
makes its two passages one fact, from the evidence around the pair that earlier rounds
did not use (`--causes`): the passage pair (two different sentence pairs of the two passages each
share a different specific thing), the group (one passage shares a specific thing
with two members of a row that holds the other outlets), the event's other outlets.

Variants (`--variants`) add links as the same event before the groups are made,
patched into the real aligner (unittest.mock, as align_grouping.py does): for each
passage pair a variant accepts, its best sentence pair that shares a specific thing
becomes a same-event link. Scored as benchmarks/align_quality.py scores the site, per
set and per story, Istanbul apart; "added": passage pairs a reader sees that the
variant adds (right by the gold / shown).

    python benchmarks/align_missed.py --causes --populations   # the two tables
    python benchmarks/align_missed.py --list 40                # missed units at random
    python benchmarks/align_missed.py --variants [NAME ...]    # default: every variant
    python benchmarks/align_missed.py --added NAME             # the pairs a variant adds
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align import similarity as S  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    combined,
    found_units,
    gold_links,
    gold_units,
    predicted_links,
    reader_quality,
    split_events,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.normalise import term_head  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402

SETTINGS = load_config(REPO / "site.yml").alignment
LANGUAGE = load_language("en")
SETS = ("development", "held-out", *aq.HELD_OUT_SETS)
ORIGINAL_LINKS = A.sentence_links
ORIGINAL_EVENTS = A.events_from_links
ORIGINAL_MERGED = A.merged_events
ORIGINAL_TRIANGLES = A.closed_triangles


@dataclass(frozen=True)
class Pair:
    """Two sentences of different articles that share specific things."""

    a: int
    b: int
    things: frozenset[str]
    score: float
    df: tuple[tuple[str, int], ...] = ()
    """Each thing with the number of the story's passages that name it."""

    def spread(self, thing: str) -> int:
        return dict(self.df).get(thing, 10**6)


class Things:
    """Every sentence pair of different articles sharing a specific thing (an anchor,
    no reporting verb; a name counted once), by passage pair, with weighted cosines and
    each sentence's strongest such pair (or link) towards each other article."""

    def __init__(self, units, lexicon, links) -> None:
        self.units = units
        reporting = set(lexicon.reporting)
        specific = {t for t in lexicon.anchors if term_head(t) not in reporting}
        squared = {t: w**2 for t, w in lexicon.weights.items()}
        vectors = [{t: squared.get(t, 0.0) for t in set(u.terms)} for u in units]
        norms = [math.sqrt(math.fsum(v.values())) or 1.0 for v in vectors]
        counted, self.total = S.passage_frequency(units)
        postings = defaultdict(list)
        for i, u in enumerate(units):
            for t in set(u.terms) & specific:
                postings[t].append(i)
        candidates = set()
        for ids in postings.values():
            if len(ids) <= S.MAX_POSTINGS:
                candidates.update(itertools.combinations(ids, 2))
        self.top: dict[tuple[int, str], float] = defaultdict(float)
        self.by_passages: dict[frozenset, list[Pair]] = defaultdict(list)
        for a, b in candidates:
            ua, ub = units[a], units[b]
            if ua.article == ub.article:
                continue
            shared = [t for t in set(ua.terms) & set(ub.terms) if t in specific]
            things = frozenset(S.distinct_things(shared, ua, ub))
            names = dict(ua.names) | dict(ub.names)
            df: dict[str, int] = {}
            for t in shared:
                thing = names.get(t, term_head(t))
                df[thing] = min(df.get(thing, 10**6), counted.get(t, 10**6))
            va, vb = vectors[a], vectors[b]
            score = math.fsum(va[t] for t in va.keys() & vb.keys()) / (norms[a] * norms[b])
            self.by_passages[self.key(a, b)].append(
                Pair(a, b, things, score, tuple(sorted(df.items())))
            )
            self.top[(a, ub.article)] = max(self.top[(a, ub.article)], score)
            self.top[(b, ua.article)] = max(self.top[(b, ua.article)], score)
        for k in links:
            for here, there in ((k.left, k.right), (k.right, k.left)):
                key = (here, units[there].article)
                self.top[key] = max(self.top[key], k.strength)

    def passage_heads(self) -> dict:
        """Each passage's term heads and name heads (once per Things)."""
        if not hasattr(self, "_heads"):
            heads = defaultdict(set)
            for u in self.units:
                names = dict(u.names)
                heads[(u.article, u.passage)] |= {names.get(t, term_head(t)) for t in u.terms}
            self._heads = heads
        return self._heads

    def third_evidence(self, key: frozenset, thirds) -> set[str]:
        """Terms that both passages' same-event links to one third passage share."""
        a, b = sorted(key)
        found: set[str] = set()
        for third in thirds:
            found |= self.evidence[frozenset({a, third})] & self.evidence[frozenset({b, third})]
        return found

    def key(self, a: int, b: int) -> frozenset:
        ua, ub = self.units[a], self.units[b]
        return frozenset({(ua.article, ua.passage), (ub.article, ub.passage)})

    def closest(self, pair: Pair) -> int:
        """Of the two sentences, how many have `pair` as their strongest towards the
        other's article."""
        ua, ub = self.units[pair.a], self.units[pair.b]
        return (pair.score >= self.top[(pair.a, ub.article)] - 1e-12) + (
            pair.score >= self.top[(pair.b, ua.article)] - 1e-12
        )

    def best(self, key: frozenset) -> Pair | None:
        pairs = self.by_passages.get(key)
        return max(pairs, key=lambda p: (p.score, -p.a, -p.b)) if pairs else None

    def separate(self, key: frozenset, rare: bool = False) -> int:
        """The most distinct things the passage pair's sentence pairs share where the
        things come from different sentence pairs that share no sentence (two
        sentences of each passage, each pair sharing a thing the other does not)."""
        pairs = self.by_passages.get(key, [])
        most = max((len(p.things) for p in pairs), default=0)
        for p, q in itertools.combinations(pairs, 2):
            if p.a in (q.a, q.b) or p.b in (q.a, q.b):
                continue
            mine, theirs = p.things - q.things, q.things - p.things
            if rare:  # things the story names in at most 4 passages
                mine = {x for x in mine if p.spread(x) <= 4}
                theirs = {x for x in theirs if q.spread(x) <= 4}
            if mine and theirs:
                most = max(most, len(p.things | q.things) + 10)  # +10: from two pairs
        return most


def passage_of(units, i: int):
    return (units[i].article, units[i].passage)


def units_by_passage(units) -> dict:
    """Each passage's (article, passage) -> the indices of its units (sentences)."""
    of_passage = defaultdict(list)
    for i, u in enumerate(units):
        of_passage[(u.article, u.passage)].append(i)
    return of_passage


def weighted_cosine(units, lexicon):
    """cos(i, j): the cosine of units i and j over their terms' squared weights, as the
    aligner's sentence links weigh them."""
    squared = {t: w**2 for t, w in lexicon.weights.items()}

    def cos(i: int, j: int) -> float:
        va = {t: squared.get(t, 0.0) for t in set(units[i].terms)}
        vb = {t: squared.get(t, 0.0) for t in set(units[j].terms)}
        na = math.sqrt(math.fsum(va.values())) or 1.0
        nb = math.sqrt(math.fsum(vb.values())) or 1.0
        return math.fsum(va[t] for t in va.keys() & vb.keys()) / (na * nb)

    return cos


def strongest_event_links(diagnosis, units) -> dict:
    """Each passage pair -> its strongest same-event sentence link."""
    strongest: dict = {}
    for link in diagnosis.links:
        if not diagnosis.reasons.get(link):
            continue
        key = frozenset({passage_of(units, link.left), passage_of(units, link.right)})
        if key not in strongest or link.score > strongest[key].score:
            strongest[key] = link
    return strongest


# ---------------------------------------------------------------- variants


def _link_for(things: Things, pair: Pair) -> S.Link:
    link = S.Link(pair.a, pair.b, round(pair.score, 6), tuple(sorted(pair.things)), 0)
    link.best = link.closest = True
    link.terms = frozenset(pair.things)
    return link


def passage_pairs(things: Things, same_keys: set, events, test) -> list[Pair]:
    """Passage pairs with no same-event link whose sentence pairs give two different
    things from two sentence pairs apart (see Things.separate), `test` on them."""
    out = []
    for key, pairs in things.by_passages.items():
        if key in same_keys:
            continue
        if things.separate(key) >= 12 and test(things, key, pairs):
            out.append(things.best(key))
    return out


def group_pairs(things: Things, same_keys: set, events, test) -> list[Pair]:
    """A passage that shares a specific thing with two members of one event (of an
    article the event lacks): its best pair with each such member."""
    out = []
    members_of = defaultdict(list)
    for key in things.by_passages:
        for p in key:
            members_of[p].append(key)
    for event in events:
        members = set(event.passages.items())
        if len(members) < 2:
            continue
        evidence = {t for link in event.links for t in link.terms or link.evidence}
        candidates = defaultdict(list)  # outsider -> [(member, best pair)]
        for member in members:
            for key in members_of[member]:
                if key in same_keys:
                    continue
                [outsider] = key - {member}
                if outsider[0] in event.passages:
                    continue
                candidates[outsider].append((member, key))
        for outsider, held in candidates.items():
            if len(held) >= 2 and test(things, outsider, held, (evidence, len(members))):
                out.extend(things.best(key) for _, key in held)
    return out


def sentence_group_pairs(things: Things, same_keys: set, events, test) -> list[Pair]:
    """A sentence that shares a specific thing with both sentences of one link of a row
    (the very sentences that made the row), of an article the row lacks: its pairs
    with the two join the row."""
    partners = defaultdict(dict)  # unit -> other unit -> Pair
    for pairs in things.by_passages.values():
        for p in pairs:
            partners[p.a][p.b] = p
            partners[p.b][p.a] = p
    units = things.units
    out = []
    for event in events:
        for link in event.links:
            mine, theirs = partners[link.left], partners[link.right]
            for x in mine.keys() & theirs.keys():
                if units[x].article in event.passages:
                    continue
                first, second = mine[x], theirs[x]
                if any(things.key(p.a, p.b) in same_keys for p in (first, second)) or not test(
                    things, first, second, link
                ):
                    continue
                out += [first, second]
    return out


def triangle_pairs(things: Things, same_keys: set, events, test) -> list[Pair]:
    """Round three's triangle for one-thing pairs, with what changed: the two passages
    share a thing and each is the same event as one passage of a third outlet."""
    evidence = defaultdict(set)  # passage pair -> terms of its same-event links
    for event in events:
        for link in event.links:
            evidence[things.key(link.left, link.right)] |= set(link.terms or link.evidence)
    things.evidence = evidence
    partners = defaultdict(set)
    for key in same_keys:
        a, b = sorted(key)
        partners[a].add(b)
        partners[b].add(a)
    out = []
    for key, pairs in things.by_passages.items():
        if key in same_keys:
            continue
        a, b = sorted(key)
        thirds = partners[a] & partners[b]
        if thirds and test(things, key, pairs, thirds):
            out.append(things.best(key))
    return out


def _rare_shared(things, held, context, closest=0):
    """The members' pairs with the outsider share one thing, a thing of the event's
    evidence that the story names in at most twice as many passages as the event
    would hold with the outsider (cluster.MERGE_SPREAD)."""
    evidence, size = context
    pairs = [p for _, k in held for p in things.by_passages[k] if things.closest(p) >= closest]
    by_member = defaultdict(set)
    for member, key in held:
        for p in things.by_passages[key]:
            if things.closest(p) >= closest:
                by_member[member] |= {t for t in p.things if p.spread(t) <= 2 * (size + 1)}
    if len(by_member) < 2:
        return False
    common = set.intersection(*by_member.values()) & evidence
    return bool(common) and bool(pairs)


def _tri_rare(things, key, pairs, thirds, closest=0):
    return any(
        t in things.third_evidence(key, thirds) and p.spread(t) <= 6
        for p in pairs
        if things.closest(p) >= closest
        for t in p.things
    )


def _independent(things, held, closest=0, score=0.0):
    """Each member shares with the outsider a thing no other member's passage names:
    the evidence of each is its own, not the row's words told twice."""
    terms = things.passage_heads()
    own = 0
    for member, key in held:
        others = set().union(*(terms[m] for m, _ in held if m != member))
        if any(
            p.things - others and things.closest(p) >= closest and p.score >= score
            for p in things.by_passages[key]
        ):
            own += 1
    return own >= 2


def number_pairs(things: Things, same_keys: set, events, test) -> list[Pair]:
    """Sentence pairs whose one shared thing is a number of two digits or more (a vote,
    an amount: "a 97-1 vote" / "The final tally was 97-1"), `test` on them."""
    out = []
    for key, pairs in things.by_passages.items():
        if key in same_keys:
            continue
        chosen = [
            p
            for p in pairs
            if len(p.things) == 1 and next(iter(p.things))[:2].isdigit() and test(things, p)
        ]
        if chosen:
            out.append(max(chosen, key=lambda p: p.score))
    return out


def quote_pairs(things: Things, same_keys: set, events, test) -> list[Pair]:
    """A sentence that is nothing but a quotation of two words or more ("Stop lying!"),
    and a sentence of another article that quotes the same words ("called on Trump to
    apologize and \"stop lying.\"")."""
    units = things.units
    whole = [
        i
        for i, u in enumerate(units)
        if len(u.words) >= 2 and len(u.quoted) == len(u.words) and len(u.words) <= 12
    ]
    out = []
    for i in whole:
        words = units[i].words
        size = len(words)
        for j, v in enumerate(units):
            if v.article == units[i].article:
                continue
            for start in range(len(v.words) - size + 1):
                if v.words[start : start + size] == words and all(
                    start + k in v.quoted for k in range(size)
                ):
                    key = things.key(i, j)
                    if key not in same_keys:
                        out.append(Pair(i, j, frozenset({" ".join(words)}), 1.0))
                    break
    return out


def _closest2(things, pairs):
    return any(things.closest(p) == 2 for p in pairs)


VARIANTS = {
    "none": None,
    # evidence at the level of the passage pair
    "pp": (passage_pairs, lambda t, k, ps: True),
    "pp-closest1": (passage_pairs, lambda t, k, ps: any(t.closest(p) >= 1 for p in ps)),
    "pp-closest2": (passage_pairs, lambda t, k, ps: _closest2(t, ps)),
    "pp3": (passage_pairs, lambda t, k, ps: t.separate(k) >= 13),
    "pp-s.1": (passage_pairs, lambda t, k, ps: max(p.score for p in ps) >= 0.1),
    "pp-s.16": (passage_pairs, lambda t, k, ps: max(p.score for p in ps) >= 0.16),
    "pp-rare": (passage_pairs, lambda t, k, ps: t.separate(k, rare=True) >= 12),
    "pp-rare-closest1": (
        passage_pairs,
        lambda t, k, ps: t.separate(k, rare=True) >= 12 and any(t.closest(p) >= 1 for p in ps),
    ),
    "pp-2x-closest1": (
        passage_pairs,
        lambda t, k, ps: sum(t.closest(p) >= 1 for p in ps) >= 2,
    ),
    # evidence from the group
    "grp": (group_pairs, lambda t, x, held, ev: True),
    "grp-ev": (
        group_pairs,
        lambda t, x, held, ev: all(t.best(k).things & ev[0] for _, k in held),
    ),
    "grp-closest1": (
        group_pairs,
        lambda t, x, held, ev: all(t.closest(t.best(k)) >= 1 for _, k in held),
    ),
    "grp-closest2": (
        group_pairs,
        lambda t, x, held, ev: all(t.closest(t.best(k)) == 2 for _, k in held),
    ),
    "grp-ev-closest1": (
        group_pairs,
        lambda t, x, held, ev: all(
            t.best(k).things & ev[0] and t.closest(t.best(k)) >= 1 for _, k in held
        ),
    ),
    "grp-3": (group_pairs, lambda t, x, held, ev: len(held) >= 3),
    "grp-rare": (group_pairs, lambda t, x, held, ev: _rare_shared(t, held, ev)),
    "grp-rare-closest1": (group_pairs, lambda t, x, held, ev: _rare_shared(t, held, ev, 1)),
    "grp-rare-closest2": (group_pairs, lambda t, x, held, ev: _rare_shared(t, held, ev, 2)),
    # the event's other outlet pairs linked (round three's one-thing triangle)
    "tri": (triangle_pairs, lambda t, k, ps, thirds: True),
    "tri-closest2": (triangle_pairs, lambda t, k, ps, thirds: _closest2(t, ps)),
    "tri-2thirds": (triangle_pairs, lambda t, k, ps, thirds: len(thirds) >= 2),
    "tri-rare": (triangle_pairs, lambda t, k, ps, thirds: _tri_rare(t, k, ps, thirds)),
    "tri-rare-s.16": (
        triangle_pairs,
        lambda t, k, ps, thirds: _tri_rare(t, k, [p for p in ps if p.score >= 0.16], thirds),
    ),
    "tri-s.16": (triangle_pairs, lambda t, k, ps, thirds: max(p.score for p in ps) >= 0.16),
    "number-closest2-s.16": (
        number_pairs,
        lambda t, p: t.closest(p) == 2 and p.score >= 0.16,
    ),
    "number-closest2": (number_pairs, lambda t, p: t.closest(p) == 2),
    "number-s.16": (number_pairs, lambda t, p: p.score >= 0.16),
    "whole-quote": (quote_pairs, None),
    "tri-rare-s.16+quote+number": (
        "combo",
        ("tri-rare-s.16", "whole-quote", "number-closest2-s.16"),
    ),
    "sgrp": (sentence_group_pairs, lambda t, p, q, k: True),
    "sgrp-closest1": (
        sentence_group_pairs,
        lambda t, p, q, k: t.closest(p) >= 1 and t.closest(q) >= 1,
    ),
    "sgrp-closest2": (
        sentence_group_pairs,
        lambda t, p, q, k: t.closest(p) == 2 and t.closest(q) == 2,
    ),
    "sgrp-same-thing": (
        sentence_group_pairs,
        lambda t, p, q, k: bool(p.things & q.things & set(k.terms or k.evidence)),
    ),
    "sgrp-s.16": (sentence_group_pairs, lambda t, p, q, k: min(p.score, q.score) >= 0.16),
    "grp-own": (group_pairs, lambda t, x, held, ev: _independent(t, held)),
    "grp-own-closest1": (group_pairs, lambda t, x, held, ev: _independent(t, held, 1)),
    "grp-own-s.16": (group_pairs, lambda t, x, held, ev: _independent(t, held, 0, 0.16)),
    "grp-s.16": (
        group_pairs,
        lambda t, x, held, ev: all(t.best(k).score >= 0.16 for _, k in held),
    ),
    "tri-beaten.16": ("triangle", lambda k: k.score >= 0.16),
    "tri-beaten.16-2things": ("triangle", lambda k: k.score >= 0.16 and len(k.evidence) >= 2),
    "tri-beaten.2": ("triangle", lambda k: k.score >= 0.2),
    "tri-beaten.12": ("triangle", lambda k: k.score >= 0.12),
    "tri-beaten-any": ("triangle", lambda k: True),
    "tri-rare-closest1": (triangle_pairs, lambda t, k, ps, thirds: _tri_rare(t, k, ps, thirds, 1)),
}


@dataclass
class Story:
    name: str
    label: str
    item: object


def gold_items(workdir: Path) -> list[Story]:
    """The golds in tests/gold (no other BASIL story is read)."""
    return [
        Story(item.name, aq.set_of(item.name, item.gold.split), item)
        for item in aq.gold_stories(REPO.parent / "shared", workdir)
    ]


def run(stories: list[Story], name: str) -> dict:
    """Each story's (set, quality, split, events, shown, added pairs) with variant
    `name`'s links added as the same event before the groups are made."""
    spec = VARIANTS[name]
    state: dict = {}

    def links_hook(units, lexicon, **kwargs):
        links = ORIGINAL_LINKS(units, lexicon, **kwargs)
        state.clear()
        state["originals"] = {}
        state.update(units=units, lexicon=lexicon, links=links)
        return links

    def triangles_hook(units, candidates, same):
        if spec is not None and spec[0] == "triangle":
            eligible = spec[1]
            found = ORIGINAL_TRIANGLES(
                units, [_as_best(k) if eligible(k) else k for k in candidates], same
            )
            found = [state["originals"].get(id(k), k) for k in found]
        else:
            found = ORIGINAL_TRIANGLES(units, candidates, same)
        state.setdefault("triangles", set()).update(map(id, found))
        return found

    def events_hook(units, links, apart):
        if "same" not in state:
            state["same"] = list(links)
            state["apart"] = apart
        return ORIGINAL_EVENTS(units, links, apart)

    def _as_best(link):
        """The link itself where select kept it; else a stand-in marked best (the
        triangle rule takes only selected links) that maps back to it."""
        if link.best:
            return link
        copy = S.Link(link.left, link.right, link.score, link.evidence, link.run, best=True)
        copy.kinds, copy.terms, copy.closest = link.kinds, link.terms, link.closest
        state.setdefault("originals", {})[id(copy)] = link
        state.setdefault("keep", []).append(copy)
        return copy

    def merged_hook(events, linked=None, named=None):
        if spec is None or spec[0] == "triangle":
            return ORIGINAL_MERGED(events, linked, named)
        units = state["units"]
        things = Things(units, state["lexicon"], state["links"])
        same = state["same"]
        same_keys = {
            frozenset({passage_of(units, k.left), passage_of(units, k.right)}) for k in same
        }
        parts = [VARIANTS[n] for n in spec[1]] if spec[0] == "combo" else [spec]
        added = [
            p
            for chooser, test in parts
            for p in chooser(things, same_keys, events, test)
            if p is not None
        ]
        state["added"] = added
        if not added:
            return ORIGINAL_MERGED(events, linked, named)
        extra = [_link_for(things, p) for p in {(p.a, p.b): p for p in added}.values()]
        triangle = state.get("triangles", set())
        rebuilt = [
            e
            for e in ORIGINAL_EVENTS(units, same + extra, state["apart"])
            if any(id(k) not in triangle for k in e.links)
        ]
        linked = set(linked or ()) | {things.key(k.left, k.right) for k in extra}
        return ORIGINAL_MERGED(rebuilt, linked, named)

    with (
        mock.patch.object(A, "sentence_links", links_hook),
        mock.patch.object(A, "closed_triangles", triangles_hook),
        mock.patch.object(A, "events_from_links", events_hook),
        mock.patch.object(A, "merged_events", merged_hook),
    ):
        return scored(stories)


def scored(stories) -> dict:
    """Each story's (set, quality, split events, gold events, shown links), aligned as
    the hooks in force at the call make it."""
    per = {}
    for s in stories:
        diagnosis = A.diagnose(s.item.story, SETTINGS, LANGUAGE)
        groups = diagnosis.alignment.groups
        shown = predicted_links(groups)
        per[s.name] = (
            s.label,
            reader_quality(shown, s.item.gold),
            split_events(groups, s.item.gold)[0],
            len(s.item.gold.events),
            shown,
        )
    return per


def summary(stories, per: dict, base: dict | None) -> str:
    sets = defaultdict(list)
    splits: Counter = Counter()
    events: Counter = Counter()
    added: Counter = Counter()
    removed: Counter = Counter()
    for s in stories:
        label, quality, split, count, shown = per[s.name]
        names = [label, "all golds"]
        if label != "development":
            names.append("held-out all")
        if s.name == "istanbul":
            names.append("istanbul")
        right = gold_links(s.item.gold)
        for name in names:
            sets[name].append(quality)
            splits[name] += split
            events[name] += count
            if base:
                new = shown - base[s.name][4]
                gone = base[s.name][4] - shown
                added[(name, True)] += len(new & right)
                added[(name, False)] += len(new - right)
                removed[(name, True)] += len(gone & right)
                removed[(name, False)] += len(gone - right)
    lines = []
    for label in (*SETS, "held-out all", "all golds", "istanbul"):
        q = combined(sets[label])
        extra = ""
        if base:
            extra = (
                f"  added {added[(label, True)]}/{added[(label, True)] + added[(label, False)]}"
                f" removed {removed[(label, True)]}/"
                f"{removed[(label, True)] + removed[(label, False)]}"
            )
        lines.append(
            f"  {label:12} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
            f"R {q.recall:.3f} ({q.found}/{q.wanted})  split {splits[label]} "
            f"({splits[label] / max(1, events[label]):.1%}){extra}"
        )
    if base:
        lines.append(aq.changed_stories(per, base))
    return "\n".join(lines)


def show_added(stories, per, base) -> None:
    for s in stories:
        new = per[s.name][4] - base[s.name][4]
        right = gold_links(s.item.gold)
        story = s.item.story
        for key in sorted(new, key=sorted):
            a, b = sorted(key)
            print(
                f"{s.name} {'RIGHT' if key in right else 'wrong'} {a[0]}/{a[1]} - {b[0]}/{b[1]}\n"
                f"    {story.article(a[0]).passage(a[1]).text[:160]}\n"
                f"    {story.article(b[0]).passage(b[1]).text[:160]}"
            )


# ---------------------------------------------------------------- causes


def causes(stories) -> None:
    """Every missed unit of the golds, by the evidence around its passages (first that
    holds, in this order)."""
    tally: Counter = Counter()
    by_set: dict = defaultdict(Counter)
    by_miss: dict = defaultdict(Counter)
    for s in stories:
        gold = s.item.gold
        diagnosis, things, rows, shown = story_read(s)
        miss = aq.miss_causes(diagnosis, gold)
        found = found_units(shown, gold)
        split = {index for index, _ in aq.split_holdings(diagnosis.alignment.groups, gold)}
        for unit_key in sorted(gold_units(gold) - found, key=lambda u: (u[0], sorted(u[1]))):
            index, outlets = unit_key
            keys = unit_passage_pairs(gold, index, outlets)
            others = [k for k in gold.events[index].passages if k[0] not in outlets]
            cause = cause_of(things, keys, rows, shown, others)
            tally[cause] += 1
            by_set[s.label][cause] += 1
            if index in split:
                by_set["split"][cause] += 1
            by_miss[miss.get(unit_key, "?")][cause] += 1
    print(f"missed units of the {len(stories)} golds, by the evidence around the pair:")
    columns = (*SETS, "split")
    print(f"  {'cause':62} {'all':>4} | " + " ".join(f"{x[-9:]:>9}" for x in columns))
    for c, n in tally.most_common():
        print(f"  {c:62} {n:4} | " + " ".join(f"{by_set[x][c]:9}" for x in columns))
    print("by align_quality's cause:")
    for m, counter in by_miss.items():
        print(f"  {m}: " + "; ".join(f"{c} {n}" for c, n in counter.most_common()))


def cause_of(things: Things, keys, rows, shown, others) -> str:
    pairs = [p for k in keys for p in things.by_passages.get(k, [])]
    separate = max((things.separate(k) for k in keys), default=0)
    # a third outlet's passage of the event shown with both (in different rows)
    third = any(
        frozenset({o, x}) in shown and frozenset({o, y}) in shown
        for o in others
        for k in keys
        for x, y in [sorted(k)]
    )
    # a row holds one of the two passages and the other shares a thing with two members
    group = False
    for k in keys:
        for x, y in (sorted(k), sorted(k)[::-1]):
            for row in rows:
                if x in row and y[0] not in {a for a, _ in row}:
                    sharing = [m for m in row if frozenset({m, y}) in things.by_passages]
                    if len(sharing) >= 2:
                        group = True
    if separate >= 12:
        return "passage pair: two sentence pairs, different things"
    if group:
        return "group: shares a thing with two members of a row"
    if third:
        return "third outlet shown with both (different rows)"
    if not pairs:
        return "no sentence pair shares a specific thing"
    best = max(pairs, key=lambda p: p.score)
    if len(best.things) >= 2:
        return "one sentence pair, two+ things (weight)"
    if things.closest(best) == 2:
        return "one thing, closest of both"
    return "one thing, not the closest of both"


FLAGS = (
    "passage pair: two sentence pairs apart, different things",
    "the same, things in at most 4 passages",
    "group: shares a thing with two members of a row holding the other",
    "third outlet shown with both (in different rows)",
    "a neighbouring passage of the other outlet shown with it",
    "one sentence pair shares a number (any) besides",
    "best sentence pair the closest of both",
    "best sentence pair 2+ things",
    "a sentence link of the aligner (dropped or related)",
    "best sentence pair similarity >= 0.16",
)


def flags_of(things: Things, key, rows, shown, units) -> set[str]:
    """Which kinds of evidence around a passage pair (not shown) hold (see FLAGS)."""
    x, y = sorted(key)
    found = set()
    separate = things.separate(key)
    if separate >= 12:
        found.add(FLAGS[0])
    if things.separate(key, rare=True) >= 12:
        found.add(FLAGS[1])
    for a, b in ((x, y), (y, x)):
        for row in rows:
            if (
                a in row
                and b[0] not in {m[0] for m in row}
                and sum(frozenset({m, b}) in things.by_passages for m in row) >= 2
            ):
                found.add(FLAGS[2])
    thirds = {p for k in shown if x in k for p in k} & {p for k in shown if y in k for p in k}
    if thirds - {x, y}:
        found.add(FLAGS[3])
    position = things.positions
    for a, b in ((x, y), (y, x)):
        for k in shown:
            if a in k:
                [other] = k - {a}
                if other[0] == b[0] and abs(position[other] - position[b]) == 1:
                    found.add(FLAGS[4])
    pairs = things.by_passages.get(key, [])
    if any(
        {t for t in units[p.a].terms if t[:1].isdigit()}
        & {t for t in units[p.b].terms if t[:1].isdigit()}
        for p in pairs
    ):
        found.add(FLAGS[5])
    best = things.best(key)
    if best is not None and things.closest(best) == 2:
        found.add(FLAGS[6])
    if best is not None and len(best.things) >= 2:
        found.add(FLAGS[7])
    if key in things.linked:
        found.add(FLAGS[8])
    if best is not None and best.score >= 0.16:
        found.add(FLAGS[9])
    return found


def unit_passage_pairs(gold, index: int, outlets) -> list[frozenset]:
    """The passage pairs of a gold unit (event `index`, its two `outlets`): each passage
    of the event in one outlet with each in the other."""
    first, second = sorted(outlets)
    passages = gold.events[index].passages
    return [
        frozenset({x, y}) for x in passages if x[0] == first for y in passages if y[0] == second
    ]


def populations(stories) -> None:
    """For each kind of evidence (FLAGS): the missed units whose passages have it (any
    of their passage pairs), and over every passage pair not shown that shares a
    specific thing, how many are in one gold event (right) and how many not."""
    missed: Counter = Counter()
    right: Counter = Counter()
    other: Counter = Counter()
    units_total = 0
    pairs_total = Counter()
    every: list = []
    for s in stories:
        gold = s.item.gold
        diagnosis, things, rows, shown = story_read(s)
        units = diagnosis.units
        truth = gold_links(gold)
        cache = {}
        for key in things.by_passages:
            if key in shown:
                continue
            cache[key] = flags_of(things, key, rows, shown, units)
            pairs_total[key in truth] += 1
            every.append((frozenset(cache[key]), key in truth))
            for flag in cache[key]:
                (right if key in truth else other)[flag] += 1
        for index, outlets in gold_units(gold) - found_units(shown, gold):
            units_total += 1
            keys = unit_passage_pairs(gold, index, outlets)
            held = set().union(*(cache.get(k, set()) for k in keys))
            for flag in held:
                missed[flag] += 1
    print(
        f"missed units {units_total}; passage pairs not shown that share a specific thing: "
        f"{pairs_total[True]} in one gold event, {pairs_total[False]} not"
    )
    print(f"  {'evidence':68} {'missed':>6} {'right':>6} {'other':>6} {'right share':>11}")
    for flag in FLAGS:
        r, o = right[flag], other[flag]
        print(f"  {flag:68} {missed[flag]:6} {r:6} {o:6} {r / max(1, r + o):10.0%}")
    cells = []
    for size in (2, 3):
        for combo in itertools.combinations(range(len(FLAGS)), size):
            wanted = {FLAGS[i] for i in combo}
            held = [truth for flags, truth in every if wanted <= flags]
            if len(held) >= 6:
                cells.append((sum(held) / len(held), sum(held), len(held), combo))
    print("conjunctions of two or three (six pairs or more), most often right:")
    for share, r, n, combo in sorted(cells, reverse=True)[:12]:
        print(f"  {share:.2f} {r:4}/{n:<4} " + " & ".join(str(i) for i in combo))


def story_read(s):
    """A story aligned as main aligns it: its diagnosis, its Things (with each passage's
    position and the passage pairs any sentence link joins), its rows (each group's
    passages) and the passage pairs the site shows."""
    diagnosis = A.diagnose(s.item.story, SETTINGS, LANGUAGE)
    units = diagnosis.units
    things = Things(units, diagnosis.lexicon, diagnosis.links)
    things.positions = {(u.article, u.passage): u.position for u in units}
    things.linked = aq.linked_pairs(diagnosis)
    groups = diagnosis.alignment.groups
    rows = [{(m.article, m.passage) for m in g.members} for g in groups]
    return diagnosis, things, rows, predicted_links(groups)


def listing(stories, sample: int, seed: int = 10) -> None:
    """A random sample of the missed units (fixed seed), each with its best sentence
    pair (highest weighted cosine over every two sentences of the two passages), its
    cause in align_quality.py and the evidence around it (FLAGS, by number)."""
    import random

    rows_out = []
    for s in stories:
        gold = s.item.gold
        diagnosis, things, rows, shown = story_read(s)
        units = diagnosis.units
        miss = aq.miss_causes(diagnosis, gold)
        of_passage = units_by_passage(units)
        cos = weighted_cosine(units, diagnosis.lexicon)

        for unit_key, cause in sorted(miss.items(), key=lambda u: (u[0][0], sorted(u[0][1]))):
            index, outlets = unit_key
            first, second = sorted(outlets)
            passages = gold.events[index].passages
            keys = [(x, y) for x in passages if x[0] == first for y in passages if y[0] == second]
            best = max(
                (
                    (cos(i, j), i, j, x, y)
                    for x, y in keys
                    for i in of_passage[x]
                    for j in of_passage[y]
                ),
                default=None,
            )
            flags = set().union(*(flags_of(things, frozenset(k), rows, shown, units) for k in keys))
            rows_out.append(
                (s.name, gold.events[index].label, cause, best, flags, s.item.story, units)
            )
    random.Random(seed).shuffle(rows_out)
    for name, label, cause, best, flags, story, units in rows_out[:sample]:
        score, i, j, _, _ = best
        numbers = ",".join(str(FLAGS.index(f)) for f in sorted(flags, key=FLAGS.index))
        print(f"{name} [{label[:70]}] cause={cause} s={score:.2f} flags={numbers}")
        for k in (i, j):
            u = units[k]
            sentence = story.article(u.article).passage(u.passage).sentences[u.sentence]
            print(f"    {u.article}/{u.passage}: {sentence[:220]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--causes", action="store_true")
    parser.add_argument("--populations", action="store_true")
    parser.add_argument("--list", type=int, metavar="N", help="N missed units at random")
    parser.add_argument("--variants", nargs="*", default=None)
    parser.add_argument("--added", metavar="VARIANT")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        stories = gold_items(Path(workdir))
        if args.causes:
            causes(stories)
        if args.populations:
            populations(stories)
        if args.list:
            listing(stories, args.list)
            return
        base = run(stories, "none")
        if args.added:
            show_added(stories, run(stories, args.added), base)
        if args.variants is not None:
            print("main")
            print(summary(stories, base, None))
            for name in args.variants or [v for v in VARIANTS if v != "none"]:
                print(name)
                print(summary(stories, run(stories, name), base), flush=True)


if __name__ == "__main__":
    main()
