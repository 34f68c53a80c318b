"""Closest links judged in their article pair, twelfth round (issue 23, precision side).

A "closest" link (same_event_reason: two things shared, similarity >= event_threshold,
each sentence the other's strongest link towards the other article) is judged here
against its own article pair instead of the whole story: how its evidence spreads over
the two articles, how its similarity stands among that pair's sentence pairs, whether
it holds either sentence's rarest specific thing, and whether a one-to-one assignment
of the pair's sentences keeps it. Each variant is a veto on closest links only, patched
in as align_predicate11.py / align_wrong10.py patch theirs (the demoted link is related
where it is its passages' nearest counterpart, and no candidate for the triangle and
order rules); scored on all 64 golds, per set and per story.

    python benchmarks/align_closest12.py                     # every variant (~8 min)
    python benchmarks/align_closest12.py spread2:3:untimed --list   # the rule proposed, then
                                                             # reverted: links it removes
    python benchmarks/align_closest12.py main z:1.5 head:either
    python benchmarks/align_closest12.py local:0.12 --list   # the links each removes
    python benchmarks/align_closest12.py --features   # right/wrong closest links by feature bin

Variants (docs/alignment.md, "Closest links judged in their article pair, twelfth round");
"main" is the aligner as shipped, and every other variant is "main" with its veto:
  spread:K        every thing the link shares stands, each on its own, in K or more
                  passages of one of the two articles (round ten's generic.py asks that
                  of all of them together)
  spread2:K       ... in K or more passages of each of the two articles
  spread2:3:untimed  the same at 3, but never where a day or month is shared (proposed
                  as align/spread.py; reverted after held-out-10: 3 right links, no
                  wrong one, removed there)
  local:S         the similarity with each shared term's weight scaled by its rarity
                  inside the article pair (2 / passages of the two articles holding it)
                  falls under S: what the two articles both keep repeating counts less
  z:T             the similarity's z-score among every sentence pair of the two articles
                  (zeros included) is under T
  zpos:T          the same, among the pairs that share any term
  top:F           more than a share F of the article pair's sentence pairs that share a
                  term score at least as high
  level:R         the similarity is under R times the mean of the two articles' per-
                  sentence best scores (the pair's own level of closeness)
  head:either     neither sentence's rarest specific term is among the things shared
  head:both       one sentence's rarest specific term is not among them
  head2:either    neither sentence's two rarest are among them
  local-best      the two sentences are not each other's closest in the other article by
                  the local similarity (local:S's)
  prod:N, sum:N   each thing stands in passages of the two articles whose product (sum)
                  is N or more
  hungarian       the link is not in a maximum-weight one-to-one assignment of the two
                  articles' sentences over their candidate links
  passages1:1     a passage-level greedy one-to-one matching of the two articles (by the
                  strongest same-event or candidate link) does not pair its passages
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_predicate11 as p11  # noqa: E402
import align_quality as aq  # noqa: E402
import align_wrong10 as w10  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align.gold import combined, gold_links  # noqa: E402
from site_builder.align.normalise import term_head  # noqa: E402

ORIGINAL_LINKS = A.sentence_links
CAPTURED: dict = {}


def _capturing(units, lexicon, **kwargs):
    """sentence_links, keeping the story's units, lexicon and candidate links for the
    vetoes (each story is aligned in turn)."""
    links = ORIGINAL_LINKS(units, lexicon, **kwargs)
    CAPTURED.clear()
    CAPTURED.update(units=units, lexicon=lexicon, links=links, pairs={})
    return links


class ArticlePair:
    """What one pair of articles says about its own sentence pairs: every similarity,
    where each term stands, the candidate links between them."""

    def __init__(self, left: str, right: str) -> None:
        units, lexicon = CAPTURED["units"], CAPTURED["lexicon"]
        self.weights = lexicon.weights
        self.side = {
            left: [i for i, u in enumerate(units) if u.article == left],
            right: [i for i, u in enumerate(units) if u.article == right],
        }
        vec = {}
        for i in self.side[left] + self.side[right]:
            v = {t: self.weights.get(t, 0.0) ** 2 for t in set(units[i].terms)}
            vec[i] = (v, math.sqrt(math.fsum(v.values())) or 1.0)
        self.scores = []
        for i in self.side[left]:
            vi, ni = vec[i]
            for j in self.side[right]:
                vj, nj = vec[j]
                shared = vi.keys() & vj.keys()
                self.scores.append(math.fsum(vi[t] for t in shared) / (ni * nj) if shared else 0.0)
        n = len(self.scores) or 1
        self.mean = math.fsum(self.scores) / n
        self.sd = math.sqrt(math.fsum((x - self.mean) ** 2 for x in self.scores) / n) or 1.0
        positive = [x for x in self.scores if x > 0]
        self.positive = sorted(positive)
        m = len(positive) or 1
        self.pmean = math.fsum(positive) / m
        self.psd = math.sqrt(math.fsum((x - self.pmean) ** 2 for x in positive) / m) or 1.0
        nl, nr = len(self.side[left]), len(self.side[right])
        rows = [self.scores[k * nr : (k + 1) * nr] for k in range(nl)]
        bests = [max(r) for r in rows if r] + [
            max(rows[k][j] for k in range(nl)) for j in range(nr) if nl
        ]
        self.level = math.fsum(bests) / (len(bests) or 1)
        # where each term stands: passages of each article holding it
        self.passages: dict[str, dict[str, set]] = {left: defaultdict(set), right: defaultdict(set)}
        for art in (left, right):
            for i in self.side[art]:
                for t in units[i].terms:
                    self.passages[art][t].add(units[i].passage)
        self.vec = vec
        arts = {left, right}
        self.links = [
            k for k in CAPTURED["links"] if {units[k.left].article, units[k.right].article} == arts
        ]
        self._assigned = None
        self._matched = None

    def local_score(self, i: int, j: int) -> float:
        """The similarity of units i and j with each shared term's weight scaled by
        2 / (passages of the two articles holding it): what both articles keep
        repeating counts less than what each tells once."""
        vi, ni = self.vec[i]
        vj, nj = self.vec[j]
        total = 0.0
        for t in vi.keys() & vj.keys():
            n = sum(len(held[t]) if t in held else 0 for held in self.passages.values())
            total += vi[t] * 2.0 / max(2, n)
        return total / (ni * nj)

    def locally_closest(self, i: int, j: int) -> bool:
        """Whether units i and j are still each other's closest sentence in the other
        article by local_score."""
        units = CAPTURED["units"]
        mine = self.local_score(i, j)
        for here, there in ((i, j), (j, i)):
            for k in self.side[units[there].article]:
                if k != there and self.local_score(here, k) > mine + 1e-12:
                    return False
        return True

    def assigned(self) -> set[int]:
        """ids of the candidate links a maximum-weight one-to-one assignment keeps."""
        if self._assigned is None:
            rows = sorted({k.left for k in self.links})
            cols = sorted({k.right for k in self.links})
            ri, ci = {r: n for n, r in enumerate(rows)}, {c: n for n, c in enumerate(cols)}
            cost = [[0.0] * len(cols) for _ in rows]
            at = {}
            for k in self.links:
                cost[ri[k.left]][ci[k.right]] = -k.strength
                at[(ri[k.left], ci[k.right])] = k
            chosen = set()
            if rows:
                for r, c in zip(*linear_sum_assignment(cost)):
                    if (r, c) in at:
                        chosen.add(id(at[(r, c)]))
            self._assigned = chosen
        return self._assigned

    def matched(self) -> set[frozenset]:
        """Passage pairs of a greedy one-to-one passage matching, strongest link first."""
        if self._matched is None:
            units = CAPTURED["units"]
            best: dict = {}
            for k in self.links:
                key = (
                    (units[k.left].article, units[k.left].passage),
                    (units[k.right].article, units[k.right].passage),
                )
                best[key] = max(best.get(key, 0.0), k.strength)
            used, out = set(), set()
            for key, _ in sorted(best.items(), key=lambda kv: -kv[1]):
                if key[0] in used or key[1] in used:
                    continue
                used.update(key)
                out.add(frozenset(key))
            self._matched = out
        return self._matched


def pair_of(link) -> tuple[ArticlePair, str, str]:
    units = CAPTURED["units"]
    a, b = units[link.left].article, units[link.right].article
    key = tuple(sorted((a, b)))
    if key not in CAPTURED["pairs"]:
        CAPTURED["pairs"][key] = ArticlePair(*key)
    return CAPTURED["pairs"][key], a, b


def _rarest(i: int, n: int = 1) -> set[str]:
    """Heads of the n rarest specific terms of unit i (by the story's weights)."""
    units, lexicon = CAPTURED["units"], CAPTURED["lexicon"]
    anchors = [t for t in set(units[i].terms) if t in lexicon.anchors]
    anchors.sort(key=lambda t: -lexicon.weights.get(t, 0.0))
    return {term_head(t) for t in anchors[:n]}


def features(link, s: w10.Story) -> dict:
    """Everything the variants read of one closest link."""
    p, a, b = pair_of(link)
    units = CAPTURED["units"]
    score = link.score
    cover = []
    for e in link.evidence:
        c = s.covering(SimpleNamespace(evidence=(e,)))
        cover.append((c[a], c[b]))
    va, vb = p.vec[link.left][0], p.vec[link.right][0]
    local = p.local_score(link.left, link.right)
    above = len(p.positive) - _bisect(p.positive, score)
    terms = set(link.terms) | {term_head(t) for t in link.terms}
    key = frozenset(
        {
            (units[link.left].article, units[link.left].passage),
            (units[link.right].article, units[link.right].passage),
        }
    )
    lexicon = CAPTURED["lexicon"]
    shared_terms = va.keys() & vb.keys()

    def cover_of(v: dict) -> float:
        mine = [t for t in v if t in lexicon.anchors]
        total = math.fsum(v[t] for t in mine) or 1.0
        return math.fsum(v[t] for t in mine if t in shared_terms) / total

    def own(v: dict, i: int) -> int:
        "specific terms of unit i the other sentence lacks, in no other passage of its article"
        art, passage = units[i].article, units[i].passage
        return sum(
            1
            for t in v
            if t in lexicon.anchors and t not in shared_terms and p.passages[art][t] <= {passage}
        )

    others_a = sum(1 for k in p.links if link.left in (k.left, k.right))
    others_b = sum(1 for k in p.links if link.right in (k.left, k.right))
    return {
        "kinds": sorted(link.kinds),
        "cover": cover,
        "cover_a": cover_of(va),
        "cover_b": cover_of(vb),
        "own_a": own(va, link.left),
        "own_b": own(vb, link.right),
        "cands": min(others_a, others_b),
        "cands_max": max(others_a, others_b),
        "score": score,
        "z": (score - p.mean) / p.sd,
        "zpos": (score - p.pmean) / p.psd,
        "top": above / (len(p.positive) or 1),
        "level": score / (p.level or 1.0),
        "spread": min(max(x, y) for x, y in cover) if cover else 0,
        "spread2": min(min(x, y) for x, y in cover) if cover else 0,
        "local": local,
        "head_a": bool(_rarest(link.left) & terms),
        "head_b": bool(_rarest(link.right) & terms),
        "head2_a": bool(_rarest(link.left, 2) & terms),
        "head2_b": bool(_rarest(link.right, 2) & terms),
        "hungarian": id(link) in p.assigned(),
        "local_best": p.locally_closest(link.left, link.right),
        "passages": key in p.matched(),
    }


def _bisect(xs: list[float], x: float) -> int:
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < x - 1e-9:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _closest(test):
    """A veto on links whose reason is "closest" only."""

    def veto(link, s) -> bool:
        return p11.REASONS.get(link) == "closest" and test(features(link, s))

    return veto


VARIANTS = {
    "main": None,
    **{f"spread:{k}": _closest(lambda f, k=k: f["spread"] >= k) for k in (2, 3, 4)},
    **{f"spread2:{k}": _closest(lambda f, k=k: f["spread2"] >= k) for k in (2, 3)},
    "spread2:3:untimed": _closest(lambda f: f["spread2"] >= 3 and "time" not in f["kinds"]),
    **{f"local:{x}": _closest(lambda f, x=x: f["local"] < x) for x in (0.08, 0.1, 0.12, 0.14)},
    **{f"z:{x}": _closest(lambda f, x=x: f["z"] < x) for x in (3, 4, 5, 6)},
    **{f"zpos:{x}": _closest(lambda f, x=x: f["zpos"] < x) for x in (1.5, 2, 2.5)},
    **{f"top:{x}": _closest(lambda f, x=x: f["top"] > x) for x in (0.02, 0.05)},
    **{f"level:{x}": _closest(lambda f, x=x: f["level"] < x) for x in (0.8, 1.0, 1.2)},
    "head:either": _closest(lambda f: not (f["head_a"] or f["head_b"])),
    "head:both": _closest(lambda f: not (f["head_a"] and f["head_b"])),
    "head2:either": _closest(lambda f: not (f["head2_a"] or f["head2_b"])),
    "hungarian": _closest(lambda f: not f["hungarian"]),
    "local-best": _closest(lambda f: not f["local_best"]),
    **{
        f"prod:{n}": _closest(lambda f, n=n: min(x * y for x, y in f["cover"]) >= n) for n in (6, 9)
    },
    **{f"sum:{n}": _closest(lambda f, n=n: min(x + y for x, y in f["cover"]) >= n) for n in (6, 7)},
    "passages1:1": _closest(lambda f: not f["passages"]),
}


def run(veto) -> tuple[dict, list]:
    """align_predicate11.run (main's rules, each link's reason noted) with the story's
    candidate links captured for the article-pair readings."""
    with mock.patch.object(A, "sentence_links", _capturing):
        return p11.run(veto)


def summary(per: dict, base: dict) -> str:
    """Per set and over all golds: P / R, and the shown links removed and added
    (right / wrong by the gold), then each story whose figures moved."""
    sets, moved = defaultdict(list), defaultdict(Counter)
    for name, (label, quality, shown, item) in per.items():
        right, before = gold_links(item.gold), base[name][2]
        for key in (label, *(("held-out all",) if label != "development" else ()), "all golds"):
            sets[key].append(quality)
            moved[key]["-R"] += len((before - shown) & right)
            moved[key]["-W"] += len((before - shown) - right)
            moved[key]["+R"] += len((shown - before) & right)
            moved[key]["+W"] += len((shown - before) - right)
    lines = []
    for label in (*w10.SETS, "held-out all", "all golds"):
        q, m = combined(sets[label]), moved[label]
        lines.append(
            f"  {label:12} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
            f"R {q.recall:.3f} ({q.found}/{q.wanted})  F1 {q.f1:.3f}  "
            f"removed R/W {m['-R']}/{m['-W']}  added R/W {m['+R']}/{m['+W']}"
        )
    lines.append(aq.changed_stories(per, base))
    return "\n".join(lines)


def feature_table(dump: str | None = None) -> None:
    """Each closest link of main with its features and whether its passages are a gold
    link (right) or not: bins of each feature, right/all."""
    rows = []

    def noting(link, s) -> bool:
        if p11.REASONS.get(link) == "closest":
            units = s.units
            key = frozenset(
                {
                    (units[link.left].article, units[link.left].passage),
                    (units[link.right].article, units[link.right].passage),
                }
            )
            f = features(link, s)
            f.update(
                evidence=list(link.evidence),
                a=s.sentence(units[link.left]),
                b=s.sentence(units[link.right]),
                pa=f"{units[link.left].article}/{units[link.left].passage}",
                pb=f"{units[link.right].article}/{units[link.right].passage}",
            )
            rows.append((s, key, f))
        return False

    per, _ = run(noting)
    gold = {id(item.story): gold_links(item.gold) for _, (_, _, _, item) in per.items()}
    out = [(key in gold[id(s.story)], f) for s, key, f in rows]
    label = {id(item.story): (name, lab) for name, (lab, _, _, item) in per.items()}
    if dump:
        with open(dump, "w") as handle:
            for (s, _, f), (r, _) in zip(rows, out):
                json.dump(
                    {"right": r, "story": label[id(s.story)][0], "set": label[id(s.story)][1], **f},
                    handle,
                )
                handle.write("\n")
    print(f"closest links noted: {len(out)} (right {sum(r for r, _ in out)})")
    for name, bins in (
        ("z", (2, 3, 4, 5, 6, 8)),
        ("zpos", (1, 1.5, 2, 2.5, 3, 4)),
        ("top", (0.01, 0.02, 0.05, 0.1, 0.2)),
        ("level", (0.6, 0.8, 1.0, 1.2, 1.5)),
        ("local", (0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.2)),
        ("score", (0.2, 0.25, 0.3, 0.4)),
        ("spread", (2, 3, 4, 5)),
        ("spread2", (2, 3, 4)),
    ):
        cells = []
        edges = (-math.inf, *bins, math.inf)
        for lo, hi in itertools.pairwise(edges):
            inside = [r for r, f in out if lo <= f[name] < hi]
            cells.append(f"[{lo},{hi}): {sum(inside)}/{len(inside)}")
        print(f"  {name}: " + "; ".join(cells))
    for name in ("head_a", "head_b", "head2_a", "head2_b", "hungarian", "passages", "local_best"):
        yes = [r for r, f in out if f[name]]
        no = [r for r, f in out if not f[name]]
        print(f"  {name}: yes {sum(yes)}/{len(yes)}; no {sum(no)}/{len(no)}")
    either = [r for r, f in out if not (f["head_a"] or f["head_b"])]
    print(f"  head of neither side: {sum(either)}/{len(either)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*", default=list(VARIANTS), help=", ".join(VARIANTS))
    parser.add_argument("--list", action="store_true", help="list the shown links each removes")
    parser.add_argument("--features", action="store_true", help="closest links by feature bin")
    parser.add_argument("--dump", help="with --features: each closest link as a JSON line here")
    args = parser.parse_args()
    if args.features:
        feature_table(args.dump)
        return
    base, _ = run(None)
    for name in args.variants:
        per, demoted = (base, []) if name == "main" else run(VARIANTS[name])
        print(f"{name} (links demoted: {len(demoted)})")
        print(summary(per, base), flush=True)
        if args.list and name != "main":
            w10.print_removed(per, base)


if __name__ == "__main__":
    main()
