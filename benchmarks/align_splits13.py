"""The pair that would join each split gold event's rows, read on every gold (issue 23,
point 2, thirteenth round), and row-joining variants patched into the real aligner.

    python benchmarks/align_splits13.py --look           # each split's joining pairs
    python benchmarks/align_splits13.py --features FILE  # every pair a rule could add
    python benchmarks/align_splits13.py [--added] [VARIANT ...]   # variants against as is

Variants (VARIANT_TESTS; none kept, docs/alignment.md "One event, one row: thirteenth
round"): after main's rows.shown_rows, a row of two events that share a passage may put
together one pair no row shows where the structure backs it. "chain": the row holds a
passage b shown with both, and the two links share a term; "cont" (told twice): a
passage next to one of the two in its article is shown with the other.

For each split event (align_splits12.cause_of: its best row and cause) every pair of the
best row that no group shows is read: the aligner's candidate links between the two
passages (score, reason, kinds, evidence, whether the groups hold the two sentences), or
where there is none, the sentence pair with the most shared weight (the weighted cosine
the aligner would give it and the terms it shares, anchors starred); and for a chain
A-B, B-C, what the links of A-B and of B-C share.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402
import align_splits12 as s12  # noqa: E402

import site_builder.align as A  # noqa: E402

SEEN: dict = {}
ORIGINAL_ROWS = A.shown_rows


def _record_rows(events, units, quoted=None):
    out = ORIGINAL_ROWS(events, units, quoted)
    SEEN["events"] = out
    return out


def passage_units(units) -> dict:
    by: dict = defaultdict(list)
    for i, u in enumerate(units):
        by[(u.article, u.passage)].append(i)
    return by


def best_sentence_pair(diagnosis, a, c):
    """The sentence pair of passages a, c with the highest weighted cosine, its shared
    terms."""
    units, weights = diagnosis.units, diagnosis.lexicon.weights
    by = passage_units(units)
    best = (0.0, None, None, set())
    for i in by[a]:
        ti = set(units[i].terms)
        ni = math.sqrt(sum(weights.get(t, 0) ** 2 for t in ti)) or 1
        for j in by[c]:
            tj = set(units[j].terms)
            nj = math.sqrt(sum(weights.get(t, 0) ** 2 for t in tj)) or 1
            shared = ti & tj
            cos = sum(weights.get(t, 0) ** 2 for t in shared) / (ni * nj)
            if cos > best[0]:
                best = (cos, i, j, shared)
    return best


def event_links(events, units, key):
    """Links of the events touching passage pair `key` (a frozenset)."""
    out = []
    for e in events:
        for link in e.links:
            if A.link_passages(units, link) == key:
                out.append(link)
    return out


def look(items, settings, language) -> None:
    anchors_of = {}
    with mock.patch.object(A, "shown_rows", _record_rows):
        for name, item, diagnosis in s12.run(items, settings, language):
            units = diagnosis.units
            anchors = set(diagnosis.lexicon.anchors)
            anchors_of[item.name] = anchors
            tier = s12.pair_tiers(diagnosis)
            events = SEEN["events"]
            held_sentences = defaultdict(set)
            for e in events:
                for art, p in e.passages.items():
                    held_sentences[(art, p)] |= e.sentences.get(art, set())
            by_pair = defaultdict(list)
            for link in diagnosis.links:
                by_pair[A.link_passages(units, link)].append(link)
            for index, holding in aq.split_holdings(diagnosis.alignment.groups, item.gold):
                ev = set(item.gold.events[index].passages)
                cause, row = s12.cause_of(ev, holding, tier)
                print(f"\n## {item.name[6:]} [{name}] {cause}: {item.gold.events[index].label}")
                print(
                    "   groups: "
                    + " | ".join(",".join(f"{a[:3]}/{p}" for a, p in sorted(h)) for h in holding)
                )
                for x, y in itertools.combinations(row, 2):
                    key = frozenset((x, y))
                    t = tier.get(key, "none")
                    if t == "shown":
                        ev_links = event_links(events, units, key)
                        things = sorted({s for k in ev_links for s in k.evidence})
                        print(f"   {x[0][:3]}/{x[1]}~{y[0][:3]}/{y[1]} shown: {things[:8]}")
                        continue
                    cands = by_pair.get(key, [])
                    if cands:
                        for k in sorted(cands, key=lambda k: -k.score)[:3]:
                            left, r = units[k.left], units[k.right]
                            held = (
                                left.sentence in held_sentences[(left.article, left.passage)],
                                r.sentence in held_sentences[(r.article, r.passage)],
                            )
                            print(
                                f"   {x[0][:3]}/{x[1]}~{y[0][:3]}/{y[1]} {t}: score "
                                f"{k.score:.3f} reason {diagnosis.reasons.get(k)!r} "
                                f"best {k.best} closest {k.closest} kinds "
                                f"{sorted(k.kinds)} held {held} ev {list(k.evidence)}"
                            )
                    else:
                        cos, i, j, shared = best_sentence_pair(diagnosis, x, y)
                        held = None
                        if i is not None:
                            held = (
                                units[i].sentence in held_sentences[x],
                                units[j].sentence in held_sentences[y],
                            )
                        star = sorted((s + "*") if s in anchors else s for s in shared)
                        print(
                            f"   {x[0][:3]}/{x[1]}~{y[0][:3]}/{y[1]} NONE: best cos "
                            f"{cos:.3f} held {held} shares {star}"
                        )


# ---------------------------------------------------------------- variants

ORIGINAL_MERGED = A.merged_events
FEATURES: dict = {}


class Context:
    """What a test of a pair no event shows may read."""

    def __init__(self, events, units, named, anchors, times):
        from site_builder.align.rows import _pairs

        self.events, self.units = events, units
        self.terms, self.counted = named if named else (None, {})
        self.anchors, self.times = anchors, times
        self.together = {pair for e in events for pair in _pairs(e.passages)}
        self.links: dict = defaultdict(list)
        for e in events:
            for link in e.links:
                self.links[A.link_passages(units, link)].append(link)
        order: dict = defaultdict(list)
        for u in units:
            if (u.article, u.passage) not in order[u.article]:
                order[u.article].append((u.article, u.passage))
        self.place = {k: (a, i) for a, ks in order.items() for i, k in enumerate(ks)}
        self.order = order
        self.units_of: dict = defaultdict(list)
        for i, u in enumerate(units):
            self.units_of[(u.article, u.passage)].append(i)
        self.held: dict = defaultdict(set)
        for e in events:
            for art, p in e.passages.items():
                self.held[(art, p)] |= e.sentences.get(art, set())
        self.candidates = CANDIDATES.get("pairs", {})
        self.weights = CANDIDATES.get("weights", {})

    def candidate(self, x, y) -> float:
        """The best score of a candidate link of the aligner between x and y (0: none)."""
        return max((k.score for k in self.candidates.get(frozenset((x, y)), ())), default=0.0)

    def cosine(self, x, y) -> float:
        """The best weighted cosine of a sentence of x with one of y."""
        w = self.weights
        best = 0.0
        for i in self.units_of.get(x, ()):
            ti = set(self.units[i].terms)
            ni = math.sqrt(sum(w.get(t, 0) ** 2 for t in ti)) or 1
            for j in self.units_of.get(y, ()):
                tj = set(self.units[j].terms)
                nj = math.sqrt(sum(w.get(t, 0) ** 2 for t in tj)) or 1
                best = max(best, sum(w.get(t, 0) ** 2 for t in ti & tj) / (ni * nj))
        return best

    def first_word(self, key) -> str:
        units = self.units_of.get(key, ())
        return (
            self.units[min(units, key=lambda i: self.units[i].position)].words[0] if units else ""
        )

    def neighbours(self, y):
        a, i = self.place[y]
        return [k for j, k in enumerate(self.order[a]) if abs(i - j) == 1]

    def adjacent(self, x, y) -> bool:
        (a, i), (b, j) = self.place[x], self.place[y]
        return a == b and abs(i - j) == 1

    def link_terms(self, x, y) -> set:
        return {t for k in self.links.get(frozenset((x, y)), ()) for t in k.terms}


def _sentences_with(ctx, key, terms, held_only):
    """Sentences of passage `key` naming a term of `terms` (those the events hold only,
    where held_only)."""
    out = set()
    for i in ctx.units_of.get(key, ()):
        u = ctx.units[i]
        if held_only and u.sentence not in ctx.held.get(key, ()):
            continue
        if terms & set(u.terms):
            out.add(u.sentence)
    return out


def _sentences_at(ctx, key, links) -> set:
    """The sentences of passage `key` that `links` join."""
    out = set()
    for k in links:
        for i in (k.left, k.right):
            u = ctx.units[i]
            if (u.article, u.passage) == key:
                out.add(u.sentence)
    return out


def chain_features(ctx, row, a, c):
    """Features of every pivot b backing a-c (see chain_test), or None."""
    found = []
    for b in sorted(row):
        if b in (a, c) or frozenset((a, b)) not in ctx.together:
            continue
        if frozenset((b, c)) not in ctx.together:
            continue
        ab = ctx.links.get(frozenset((a, b)), ())
        bc = ctx.links.get(frozenset((b, c)), ())
        shared = {t for k in ab for t in k.terms} & {t for k in bc for t in k.terms}
        if not shared:
            continue
        b_ab, b_bc = (_sentences_at(ctx, b, links) for links in (ab, bc))
        anchors = {t for t in shared if t in ctx.anchors and t not in ctx.times}
        spread = min(ctx.counted.get(t, 0) for t in shared) / len(row)
        spread_anchor = min((ctx.counted.get(t, 0) for t in anchors), default=999) / len(row)
        found.append(
            dict(
                kind="chain",
                pivot=b,
                shared=sorted(shared),
                n=len(shared),
                anchors=len(anchors),
                spread=spread,
                spread_anchor=spread_anchor,
                same_b=bool(b_ab & b_bc),
                cover=min(
                    len(shared) / len({t for k in ab for t in k.terms}),
                    len(shared) / len({t for k in bc for t in k.terms}),
                ),
                closest=all(k.closest or k.best for k in (*ab, *bc)),
                held_a=bool(_sentences_with(ctx, a, shared, True)),
                held_c=bool(_sentences_with(ctx, c, shared, True)),
                cand=ctx.candidate(a, c),
                cos=ctx.cosine(a, c),
                ac_anchors=len(
                    {
                        t
                        for t in ctx.terms.get(a) & ctx.terms.get(c)
                        if t in ctx.anchors and t not in ctx.times
                    }
                ),
            )
        )
    return found or None


def cont_features(ctx, row, a, c):
    found = []
    for x, y in ((a, c), (c, a)):
        for z in ctx.neighbours(y):
            if frozenset((x, z)) not in ctx.together:
                continue
            terms = ctx.link_terms(x, z) & ctx.terms.get(y) & ctx.terms.get(x)
            anchors = {t for t in terms if t in ctx.anchors and t not in ctx.times}
            yz = ctx.terms.get(y) & ctx.terms.get(z)
            found.append(
                dict(
                    kind="cont",
                    pivot=z,
                    shared=sorted(terms),
                    n=len(terms),
                    anchors=len(anchors),
                    spread=min((ctx.counted.get(t, 0) for t in terms), default=999) / len(row),
                    spread_anchor=min((ctx.counted.get(t, 0) for t in anchors), default=999)
                    / len(row),
                    yz=len({t for t in yz if t in ctx.anchors}),
                    held_y=bool(_sentences_with(ctx, y, terms, True)),
                    cand=ctx.candidate(x, y),
                    cos=ctx.cosine(x, y),
                    zc=sum(frozenset((z, m)) in ctx.together for m in row if m not in (x, y)),
                    yc=len(row) - 2,
                    y_first=ctx.first_word(y),
                    y_after=ctx.place[y][1] > ctx.place[z][1],
                    ac_anchors=len(
                        {
                            t
                            for t in ctx.terms.get(x) & ctx.terms.get(y)
                            if t in ctx.anchors and t not in ctx.times
                        }
                    ),
                )
            )
    return found or None


def _rows_patch(test, label: str = "") -> list:
    """rows.shown_rows where a row may also put together one pair no event shows where
    `test(ctx, row_passages, a, c)` backs it, besides the quoted pairs main allows."""
    from site_builder.align import rows as R

    seen: dict = {}

    def record_merged(events, linked=None, named=None):
        seen["named"] = named
        return ORIGINAL_MERGED(events, linked, named)

    def rows(events, units, quoted=None):
        base = ORIGINAL_ROWS(events, units, quoted)  # main's rows first
        lex = seen.get("lexicon")
        ctx = Context(events, units, seen.get("named"), lex[0], lex[1])
        holding: dict = defaultdict(list)
        for index, event in enumerate(events):
            for key in event.passages.items():
                holding[key].append(index)
        held = {frozenset(e.passages.items()) for e in base}
        made: dict = {}
        for index, event in enumerate(events):
            partners = sorted(
                {j for key in event.passages.items() for j in holding[key] if j > index}
            )
            for other in (events[j] for j in partners):
                differ = sorted(
                    a
                    for a in event.passages.keys() & other.passages.keys()
                    if event.passages[a] != other.passages[a]
                )
                if len(differ) > R.ROW_CHOICES:
                    continue
                fixed = {**other.passages, **event.passages}
                for picked in itertools.product(
                    *((event.passages[a], other.passages[a]) for a in differ)
                ):
                    passages = {**fixed, **dict(zip(differ, picked))}
                    row = frozenset(passages.items())
                    new = [p for p in R._pairs(passages) if p not in ctx.together]
                    if len(new) != 1 or row in held or R._inside(row, events, holding):
                        continue
                    if any(row <= r for r in held):
                        continue
                    why = test(ctx, row, *sorted(new[0]))
                    if why:
                        made.setdefault(row, why)
                        FEATURES[(label, s12.CURRENT.get("story"), new[0])] = why
        if not made:
            return base
        new_events = [R._row_event(row, events, holding, units, []) for row in made]
        kept = [e for e in base if not any(frozenset(e.passages.items()) < r for r in made)]
        return kept + new_events

    def record_links(units, lexicon, **kw):
        seen["lexicon"] = (set(lexicon.anchors), set(lexicon.times))
        out = ORIGINAL_LINKS(units, lexicon, **kw)
        pairs: dict = defaultdict(list)
        for k in out:
            pairs[A.link_passages(units, k)].append(k)
        CANDIDATES["pairs"] = pairs
        CANDIDATES["weights"] = lexicon.weights
        return out

    return [
        mock.patch.object(A, "sentence_links", record_links),
        mock.patch.object(A, "merged_events", record_merged),
        mock.patch.object(A, "shown_rows", rows),
    ]


ORIGINAL_LINKS = A.sentence_links
ORIGINAL_DIAGNOSE = A.diagnose
CANDIDATES: dict = {}


def features(items, settings, language, out: Path) -> None:
    """Every pair a chain or continuation could add, with its features and whether the
    gold holds it (one JSON line each)."""
    import json

    rows_seen: list = []

    def test(ctx, row, a, c):
        for f in (chain_features(ctx, row, a, c) or []) + (cont_features(ctx, row, a, c) or []):
            rows_seen.append((row, a, c, f))
        return None

    patches = _rows_patch(test)
    for p in patches:
        p.start()
    with open(out, "w") as fh:
        for name, item, _diagnosis in s12.run(items, settings, language):
            for row, a, c, f in rows_seen:
                right = any({a, c} <= set(e.passages) for e in item.gold.events)
                row_right = any(set(row) <= set(e.passages) for e in item.gold.events)
                f = {**f, "pivot": list(f["pivot"])}
                fh.write(
                    json.dumps(
                        dict(
                            story=item.name,
                            set=name,
                            a=a,
                            c=c,
                            row=sorted(row),
                            right=right,
                            row_right=row_right,
                            **f,
                        )
                    )
                    + "\n"
                )
            rows_seen.clear()
    for p in reversed(patches):
        p.stop()


def feature_test(kind: str, *conds):
    """A test passing where some feature dict of `kind` (chain_features, cont_features)
    meets every condition of `conds` (functions of the dict)."""
    made = chain_features if kind == "chain" else cont_features

    def test(ctx, row, a, c):
        for f in made(ctx, row, a, c) or ():
            if all(cond(f) for cond in conds):
                return f"{kind} via {f['pivot'][0][:3]}/{f['pivot'][1]} on {f['shared'][:4]}"
        return None

    return test


def spread2(f):
    return f["spread"] <= 2


def before(f):
    return not f["y_after"]


def anchor(f):
    return f["anchors"] > 0


def shares(f):
    return f["n"] > 0


def cos06(f):
    return f["cos"] >= 0.06


def two_anchors(f):
    return f["ac_anchors"] >= 2


VARIANT_TESTS = {
    "chain": ("chain",),
    "chain-anchor": ("chain", anchor),
    "chain-spread2": ("chain", spread2),
    "chain-spread2-two-anchors": ("chain", spread2, two_anchors),
    "chain-same-sentence-held-spread2": (
        "chain",
        spread2,
        lambda f: f["same_b"] and f["held_a"] and f["held_c"],
    ),
    "cont": ("cont",),
    "cont-shares": ("cont", shares),
    "cont-spread2": ("cont", spread2),
    "cont-spread2-before": ("cont", spread2, before),
    "cont-spread2-before-cos06": ("cont", spread2, before, cos06),
}
VARIANTS = {
    name: (lambda name=name, spec=spec: _rows_patch(feature_test(*spec), name))
    for name, spec in VARIANT_TESTS.items()
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*")
    parser.add_argument("--look", action="store_true")
    parser.add_argument("--features", type=Path, help="write every possible pair's features")
    parser.add_argument("--added", action="store_true")
    args = parser.parse_args()
    from site_builder.align.language import load_language
    from site_builder.core.config import load_config

    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    with tempfile.TemporaryDirectory() as workdir:
        items = aq.gold_stories(REPO.parent / "shared", Path(workdir))
        if args.look:
            look(items, settings, language)
        elif args.features:
            features(items, settings, language, args.features)
        else:
            s12.FEATURES = FeaturesView(FEATURES)
            s12.VARIANTS.update(VARIANTS)
            s12.compare(items, settings, language, args.variants or list(VARIANTS), args.added)


class FeaturesView(dict):
    """FEATURES as align_splits12.compare reads it: (story, pair) -> [why], the variant
    read from the line compare prints (compare scores every variant first)."""

    def __init__(self, source):
        super().__init__()
        self.source = source

    def get(self, key, default=None):
        found = [why for (_, *rest), why in self.source.items() if tuple(rest) == key]
        return found or default


if __name__ == "__main__":
    main()
