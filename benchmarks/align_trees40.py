"""A pair model on the 40 gold stories, leave-one-STORY-out (issue 23 point 4, ninth
round; a dev-only tool beside benchmarks/align_trees.py, whose features it reuses).

The sixth round fitted gradient-boosted trees on the 14 development stories (1,270
candidate links) and found they did not beat the hand rules. With 40 gold stories
(about three times the links) this script asks the same question at the new size,
with the model beside the rules, never instead of them:

- **promote**: a link the rules leave (between passages they do not show as one event)
  becomes the same event when the promoter's probability is at or above a cut-off;
- **veto**: a rule's same-event link (not a verbatim run) is taken back when the
  vetoer's probability is under a cut-off (and no triangle or order step may give it
  back);
- **both**.

The promoter is fit on the links of passage pairs the rules do not show, the vetoer on
the links of pairs they show (round six's "targeted"). Folds are stories: for each of
the 40, the models are fit on the 39 others only, and the cut-offs are chosen inside
those 39 by an inner story-grouped cross-validation (each training story scored with
probabilities from models that never saw it) on the site measure, with the two-sided
rule: the cut-off of highest F1 among those whose precision and recall on the training
stories are both no lower than the hand rules' there (less a margin of a unit or two,
MARGIN); the held-out story is then scored once at the chosen cut-off. Every score is
the site measure of benchmarks/align_quality.py (precision over shown links, unit
recall, split events), summed up per set (development 14, held-out, held-out-3,
held-out-4, held-out-5) and per story.

--curve: learning curves, training on 10 / 20 / 30 / 39 stories (random draws of the
others, fixed seeds): the ranking quality (AUC, right links among the k surest) of the
promoter and the vetoer on the links where a decision changes what the site shows, and
the site measure at fixed cut-offs.

    pip install scikit-learn   # this script only; nothing of it runs in the site
    python benchmarks/align_trees40.py [--curve] [--depth 2 --trees 100]
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from align_quality import GOLD, causes_line, gold_stories, miss_causes, set_of  # noqa: E402
from align_trees import (  # noqa: E402
    RULE_COLUMNS,
    SHOWN_COLUMN,
    StoryData,
    fit,
    story_data,
)

import site_builder.align as align  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    Quality,
    combined,
    predicted_links,
    reader_quality,
    split_events,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.normalise import stem_word  # noqa: E402
from site_builder.align.similarity import VERBATIM_RUN  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.language_pack import pack_for  # noqa: E402

SETS = ("development", "held-out", "held-out-3", "held-out-4", "held-out-5")
PROMOTE_CUTS = (0.5, 0.6, 0.7, 0.8, 0.9)
VETO_CUTS = (0.1, 0.2, 0.3, 0.4, 0.5)
BOTH_CUTS = tuple(itertools.product((0.7, 0.8, 0.9), (0.2, 0.3)))
MARGIN = 0.002
"""How much lower than the rules' a training precision or recall may be and still count
as no lower (0.002 of about 1,450 units or 700 links: a unit or two)."""
INNER_FOLDS = 5
NONE = (None, None)


@dataclass
class Score:
    """The site measure of one story (or several added up)."""

    quality: Quality
    split: int
    events: int
    causes: Counter

    def __add__(self, other: Score) -> Score:
        return Score(
            combined([self.quality, other.quality]),
            self.split + other.split,
            self.events + other.events,
            self.causes + other.causes,
        )

    def line(self) -> str:
        q = self.quality
        return (
            f"P {q.precision:.3f} ({q.correct}/{q.predicted})  R {q.recall:.3f} "
            f"({q.found}/{q.wanted})  F1 {q.f1:.3f}  split {self.split} "
            f"({self.split / max(1, self.events):.1%})"
        )


def total(scores: list[Score]) -> Score:
    out = scores[0]
    for s in scores[1:]:
        out = out + s
    return out


@contextmanager
def beside_rules(promote: frozenset, veto: frozenset, default) -> Iterator[None]:
    """The hand rules exactly as shipped, with `promote` links (candidates of one
    specific thing allowed, as the model reads them) added as the same event and `veto`
    links (not verbatim) taken back, also from the triangle, order, found-then-dropped
    and dated steps. The rules'
    own candidates and their selection are left as they are, so with no promotion and
    no veto the site is the rules' to the link."""
    real_links, real_reason = align.sentence_links, align.same_event_reason
    real_triangles, real_ordered = align.closed_triangles, align.ordered_links
    real_found, real_dated = align.found_reasons, align.dated_links

    def links(units, lexicon, *, threshold, min_evidence):
        base = real_links(units, lexicon, threshold=threshold, min_evidence=min_evidence)
        if not promote:
            return base
        have = {(k.left, k.right) for k in base}
        wide = real_links(units, lexicon, threshold=threshold, min_evidence=1)
        return base + [
            k for k in wide if (k.left, k.right) in promote and (k.left, k.right) not in have
        ]

    def reason(link, **kwargs) -> str:
        key = (link.left, link.right)
        if key in promote:
            return real_reason(link, **kwargs) or "closest"
        why = real_reason(link, **kwargs)
        if why and key in veto and link.run < VERBATIM_RUN:
            return ""
        return why

    def triangles(*args, **kwargs):
        return [k for k in real_triangles(*args, **kwargs) if (k.left, k.right) not in veto]

    def found(*args, **kwargs):  # found, then dropped (found.py): no vetoed link
        return {
            k: r for k, r in real_found(*args, **kwargs).items() if (k.left, k.right) not in veto
        }

    def dated(*args, **kwargs):  # one thing and a day or number (dated.py): no vetoed link
        return [k for k in real_dated(*args, **kwargs) if (k.left, k.right) not in veto]

    def ordered(*args, **kwargs):
        return [k for k in real_ordered(*args, **kwargs) if (k.left, k.right) not in veto]

    align.sentence_links, align.same_event_reason = links, reason
    align.closed_triangles, align.ordered_links = triangles, ordered
    align.found_reasons, align.dated_links = found, dated
    try:
        yield
    finally:
        align.sentence_links, align.same_event_reason = real_links, real_reason
        align.closed_triangles, align.ordered_links = real_triangles, real_ordered
        align.found_reasons, align.dated_links = real_found, real_dated


class Scorer:
    """Scores a story with a promote and a veto set (memoised: many cut-offs give the
    same sets)."""

    def __init__(self, datas: list[StoryData], settings, language) -> None:
        self.datas = {d.item.name: d for d in datas}
        self.default = settings
        self.language = language
        self.memo: dict[tuple, Score] = {}

    def __call__(self, name: str, promote: frozenset, veto: frozenset) -> Score:
        key = (name, promote, veto)
        if key not in self.memo:
            item = self.datas[name].item
            with beside_rules(promote, veto, self.default):
                diagnosis = align.diagnose(item.story, self.default, self.language)
            self.memo[key] = scored(diagnosis, item.gold)
        return self.memo[key]

    def rules(self, name: str) -> Score:
        """The hand rules as shipped (default settings, no hooks)."""
        key = (name, "rules")
        if key not in self.memo:
            item = self.datas[name].item
            diagnosis = align.diagnose(item.story, self.default, self.language)
            self.memo[key] = scored(diagnosis, item.gold)
        return self.memo[key]


def scored(diagnosis, gold) -> Score:
    """How the site's groups of one aligned story fare against its gold."""
    groups = diagnosis.alignment.groups
    return Score(
        reader_quality(predicted_links(groups), gold),
        split_events(groups, gold)[0],
        len(gold.events),
        Counter(miss_causes(diagnosis, gold).values()),
    )


def masks(d: StoryData) -> tuple[np.ndarray, np.ndarray]:
    """Which links the promoter may add (no rule reason, pair not shown) and which the
    vetoer may take back (a rule reason, pair shown)."""
    rule = d.x[:, RULE_COLUMNS].sum(1) > 0
    shown = d.x[:, SHOWN_COLUMN] > 0
    return (~rule & ~shown), (rule & shown)


def fit_pair(train: list[StoryData], depth: int, trees: int):
    """A promoter (links of pairs the rules do not show) and a vetoer (links of pairs
    they show), fit on `train` only."""
    x = np.vstack([d.x for d in train])
    y = np.concatenate([d.y for d in train])
    shown = x[:, SHOWN_COLUMN] > 0
    return fit(x[~shown], y[~shown], depth, trees), fit(x[shown], y[shown], depth, trees)


def probabilities(models, d: StoryData) -> tuple[np.ndarray, np.ndarray]:
    promoter, vetoer = models
    return promoter.predict_proba(d.x)[:, 1], vetoer.predict_proba(d.x)[:, 1]


def decided(d: StoryData, probs, cuts: tuple) -> tuple[frozenset, frozenset]:
    """The promote and veto sets of a story at (promote cut, veto cut); None: none."""
    may_promote, may_veto = masks(d)
    p_promote, p_veto = probs
    promote_cut, veto_cut = cuts
    promote = frozenset(
        key
        for key, ok, p in zip(d.keys, may_promote, p_promote)
        if promote_cut is not None and ok and p >= promote_cut
    )
    veto = frozenset(
        key
        for key, ok, p in zip(d.keys, may_veto, p_veto)
        if veto_cut is not None and ok and p < veto_cut
    )
    return promote, veto


MODES = {
    "promote": tuple((c, None) for c in PROMOTE_CUTS),
    "veto": tuple((None, c) for c in VETO_CUTS),
    "both": BOTH_CUTS,
}


def choose(scorer: Scorer, train: list[StoryData], inner_probs: dict, cuts: tuple) -> tuple:
    """The cut-off of highest F1 on the training stories among those no lower than the
    rules on either side there (less MARGIN); none when no cut-off qualifies."""
    names = [d.item.name for d in train]
    base = total([scorer(n, frozenset(), frozenset()) for n in names]).quality
    best, best_f1 = NONE, base.f1
    for cut in cuts:
        q = total(
            [scorer(d.item.name, *decided(d, inner_probs[d.item.name], cut)) for d in train]
        ).quality
        if (
            q.precision >= base.precision - MARGIN
            and q.recall >= base.recall - MARGIN
            and q.f1 > best_f1
        ):
            best, best_f1 = cut, q.f1
    return best


def inner_probabilities(train: list[StoryData], depth: int, trees: int, seed: int) -> dict:
    """Each training story's probabilities from models fit on the other training
    stories (INNER_FOLDS story-grouped folds)."""
    order = list(train)
    random.Random(seed).shuffle(order)
    out = {}
    for k in range(INNER_FOLDS):
        held = order[k::INNER_FOLDS]
        models = fit_pair([d for d in order if d not in held], depth, trees)
        for d in held:
            out[d.item.name] = probabilities(models, d)
    return out


def loso(datas: list[StoryData], scorer: Scorer, sets: dict, depth: int, trees: int) -> None:
    """Leave-one-story-out: fit on 39, choose the cut-offs inside the 39, score the one."""
    results: dict[str, dict[str, Score]] = defaultdict(dict)
    chosen: dict[str, Counter] = defaultdict(Counter)
    started = time.time()
    for i, held in enumerate(datas):
        train = [d for d in datas if d is not held]
        inner = inner_probabilities(train, depth, trees, seed=i)
        probs = probabilities(fit_pair(train, depth, trees), held)
        name = held.item.name
        results[name]["rules"] = scorer.rules(name)
        results[name]["replayed"] = scorer(name, frozenset(), frozenset())
        for mode, cuts in MODES.items():
            cut = choose(scorer, train, inner, cuts)
            chosen[mode][cut] += 1
            results[name][mode] = scorer(name, *decided(held, probs, cut))
        print(
            f"  fold {i + 1}/{len(datas)} {name}: "
            + "; ".join(
                f"{m} {results[name][m].quality.correct}/"
                f"{results[name][m].quality.predicted} "
                f"{results[name][m].quality.found}"
                for m in ("rules", *MODES)
            )
            + f"  ({time.time() - started:.0f} s)",
            flush=True,
        )
    print("\ncut-offs chosen inside the training folds (promote, veto): folds")
    for mode in MODES:
        print(f"  {mode}: " + ", ".join(f"{c}: {n}" for c, n in chosen[mode].most_common()))
    report(results, sets)


def report(results: dict[str, dict[str, Score]], sets: dict) -> None:
    """Per set and per story, each way against the rules."""
    groups = {s: [n for n in results if sets[n] == s] for s in SETS}
    groups["held-out, all (26)"] = [n for n in results if sets[n] != "development"]
    groups["all 40"] = list(results)
    groups["istanbul"] = [n for n in results if n == "istanbul"]
    ways = ("rules", "replayed", *MODES)
    print("\nper set (leave-one-story-out; replayed: the rules through the hooks, no model)")
    for label, names in groups.items():
        if not names:
            continue
        print(f"{label} ({len(names)} stories)")
        for way in ways:
            s = total([results[n][way] for n in names])
            print(f"  {way:<9} {s.line()}")
            if way in ("rules", "both"):
                print(f"            {causes_line(s.causes)}")
    print("\nper story: shown right/shown, units found (rules -> promote | veto | both)")
    moved = {
        m: sum(results[n][m].quality != results[n]["rules"].quality for n in results) for m in MODES
    }
    print("  stories changed: " + ", ".join(f"{m} {k}" for m, k in moved.items()))
    for name in results:
        r = results[name]
        cells = " | ".join(
            f"{r[m].quality.correct}/{r[m].quality.predicted} {r[m].quality.found}" for m in MODES
        )
        base = r["rules"].quality
        print(
            f"  {name:<36} {sets[name]:<11} {base.correct}/{base.predicted} {base.found}"
            f"/{base.wanted} -> {cells}"
        )


def curve(datas: list[StoryData], scorer: Scorer, depth: int, trees: int) -> None:
    """Learning curves: for each story, models fit on n of the other stories (DRAWS
    random draws for n < 39), scored on it: the promoter's and the vetoer's ranking
    where a decision matters, and the site measure at fixed cut-offs."""
    from sklearn.metrics import roc_auc_score

    fixed = {"promote 0.7": (0.7, None), "promote 0.8": (0.8, None), "veto 0.3": (None, 0.3)}
    for n in (10, 20, 30, 39):
        draws = 1 if n == 39 else 3
        for draw in range(draws):
            rng = random.Random(1000 * n + draw)
            pooled = {"promote": ([], []), "veto": ([], [])}
            site: dict[str, list[Score]] = defaultdict(list)
            for held in datas:
                others = [d for d in datas if d is not held]
                train = others if n == 39 else rng.sample(others, n)
                probs = probabilities(fit_pair(train, depth, trees), held)
                may_promote, may_veto = masks(held)
                pooled["promote"][0].extend(held.y[may_promote])
                pooled["promote"][1].extend(probs[0][may_promote])
                pooled["veto"][0].extend(held.y[may_veto])
                pooled["veto"][1].extend(probs[1][may_veto])
                for label, cut in fixed.items():
                    site[label].append(scorer(held.item.name, *decided(held, probs, cut)))
            parts = []
            for kind, (ys, ps) in pooled.items():
                ys, ps = np.array(ys), np.array(ps)
                order = np.argsort(-ps) if kind == "promote" else np.argsort(ps)
                tops = "/".join(str(int(ys[order[:k]].sum())) for k in (20, 40, 80))
                parts.append(
                    f"{kind} AUC {roc_auc_score(ys, ps):.3f} (right of top 20/40/80: {tops})"
                )
            print(f"train on {n} stories, draw {draw + 1}: " + "; ".join(parts), flush=True)
            for label, scores in site.items():
                print(f"    {label:<12} {total(scores).line()}", flush=True)


def with_extra(d: StoryData, settings, language) -> StoryData:
    """The story's rows with EXTRA features (added after reading the misses): how far
    apart the two passages sit in their articles, whether the pair is in step with the
    rules' same-event pairs of the two articles (order, softly), and the weighted cosine
    of the two passages' words, specific or not."""
    diagnosis = align.diagnose(d.item.story, replace(settings, min_shared_terms=1), language)
    units, weights = diagnosis.units, diagnosis.lexicon.weights
    size = Counter()
    bag: dict[tuple, Counter] = defaultdict(Counter)
    for u in units:
        size[u.article] = max(size[u.article], u.position + 1)
        bag[(u.article, u.passage)].update(u.terms)
    place = {(u.article, u.passage): u.position for u in units}
    default = align.diagnose(d.item.story, settings, language)
    confident: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for k, r in default.reasons.items():
        if r:
            u, v = default.units[k.left], default.units[k.right]
            (a, pa), (b, pb) = sorted([(u.article, u.position), (v.article, v.position)])
            confident[(a, b)].append((pa, pb))

    def cosine(a: tuple, b: tuple) -> float:
        x, y = bag[a], bag[b]
        dot = sum(weights.get(t, 0.0) ** 2 * x[t] * y[t] for t in x.keys() & y.keys())
        nx = math.sqrt(sum((weights.get(t, 0.0) * n) ** 2 for t, n in x.items()))
        ny = math.sqrt(sum((weights.get(t, 0.0) * n) ** 2 for t, n in y.items()))
        return dot / (nx * ny) if nx and ny else 0.0

    rows = []
    for left, right in d.keys:
        u, v = units[left], units[right]
        a, b = (u.article, u.passage), (v.article, v.passage)
        (sa, pa), (sb, pb) = sorted([(u.article, place[a]), (v.article, place[b])])
        others = [(x, y) for x, y in confident[(sa, sb)] if (x, y) != (pa, pb)]
        in_step = sum((x - pa) * (y - pb) > 0 for x, y in others)
        out_step = sum((x - pa) * (y - pb) < 0 for x, y in others)
        rows.append(
            [
                abs(place[a] / max(1, size[a[0]] - 1) - place[b] / max(1, size[b[0]] - 1)),
                float(in_step),
                float(out_step),
                (in_step - out_step) / max(1, in_step + out_step),
                cosine(a, b),
            ]
        )
    return replace(d, x=np.hstack([d.x, np.array(rows)]))


def the_forty(shared: Path, workdir: Path) -> tuple[list, dict[str, str]]:
    """The gold stories of SETS (the 40 of the ninth round) and each one's set; a gold of
    a later blind set is neither imported nor aligned here."""
    chosen = workdir / "gold"
    chosen.mkdir()
    sets = {}
    for path in sorted(GOLD.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        label = set_of(path.stem, data.get("split", "development"))
        if label in SETS:
            sets[path.stem] = label
            (chosen / path.name).write_bytes(path.read_bytes())
    return gold_stories(shared, workdir, "all", folder=chosen), sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--curve", action="store_true", help="learning curves")
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--extra", action="store_true", help="add the EXTRA features")
    args = parser.parse_args()
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    titles = frozenset(stem_word(t, language) for t in pack_for("en").titles)
    with tempfile.TemporaryDirectory() as workdir:
        stories, sets = the_forty(args.shared, Path(workdir))
        datas = [story_data(item, settings, language, titles) for item in stories]
        if args.extra:
            datas = [with_extra(d, settings, language) for d in datas]
        links = sum(len(d.y) for d in datas)
        print(
            f"{len(datas)} gold stories, {links} candidate links "
            f"({int(sum(d.y.sum() for d in datas))} right), {datas[0].x.shape[1]} features; "
            f"trees depth {args.depth}, {args.trees}"
        )
        scorer = Scorer(datas, settings, language)
        if args.curve:
            curve(datas, scorer, args.depth, args.trees)
        else:
            loso(datas, scorer, sets, args.depth, args.trees)


if __name__ == "__main__":
    main()
