"""A promoter of one-thing links beside the hand rules (issue 23 point 4, fifteenth
round; a dev-only tool beside benchmarks/align_model14.py).

Round fourteen's pair model replaced every same-event rule and gained its recall from
the one-thing candidates of a second, wide candidate pass (min_shared_terms 1); among
the rules' own candidates it only walked the rules' trade line. This script measures
the design that follows: every decision of the rules stays as it is, and a logistic
regression fit on the one-thing candidates alone adds a same-event link where its
probability reaches a cut-off.

1. candidates: every timely link of one specific thing (len(evidence) == 1) between two
   passages the rules do not show together, of two pools: "extra", a pair only the wide
   pass scores; "own", a pair the rules' pass scores and leaves (related or dropped);
   label: both passages in one gold event;
2. features (FEATURES; each one the aligner's one pass has: the link, the story's
   passage frequencies and the rules' same-event links, read once);
3. folds by set on the sets up to held-out-11 (EARLY): for each, a logistic regression
   fit on the others, the set predicted; C by the pooled out-of-fold log-loss; the
   cut-off: the lowest of CUTS at which the added links (shown passage pairs the rules
   did not show) are right at least 3 times in 4 on the early sets pooled and no set
   (Istanbul apart too) loses more than .01 of precision; then fit on every early set
   and held-out-12 predicted once;
4. the site: the rules as shipped, with the promoted links added to their same-event
   links (after the name and generic vetoes, before the triangles that order may close;
   see promoted_beside_rules), scored as benchmarks/align_quality.py scores it.

--cost: the one-thing candidates found the cheap way (an inverted index of the
specific things in at most k passages: pairs across outlets, in time, not scored by the
rules' pass) against the wide pass: how many, what share of the promoter's right added
links they keep, and the time of each way beside the aligner's.

    pip install scikit-learn   # this script only
    python benchmarks/align_model15.py            # fit, choose, per set and story (~3 min)
    python benchmarks/align_model15.py --at 0.65  # ... and, none qualifying, the tables at 0.65
    python benchmarks/align_model15.py --trees --at 0.65  # gradient-boosted trees, a check
    python benchmarks/align_model15.py --cost     # the cheap candidates and their time
    python benchmarks/align_model15.py --frozen held-out-12   # one set, fit on the others
    python benchmarks/align_model15.py --large 50 200  # the cheap way on the large story
"""

from __future__ import annotations

import argparse
import itertools
import math
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

from align_quality import GOLD, gold_stories, set_of  # noqa: E402
from align_trees40 import Score, scored, total  # noqa: E402

import site_builder.align as align  # noqa: E402
from site_builder.align.gold import predicted_links  # noqa: E402
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.normalise import term_head  # noqa: E402
from site_builder.align.similarity import passage_frequency  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402

EARLY = (
    "development",
    "held-out",
    *(f"held-out-{n}" for n in range(3, 12)),
)
BLIND = "held-out-12"
CUTS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
C_GRID = (0.01, 0.1, 1.0)
FEATURES = (
    "score",  # the weighted cosine
    "thing weight",  # the one thing's weight (idf x rarity in the language)
    "thing passages (log)",  # in how many of the story's passages it is
    "thing a number",
    "thing of several words",  # a phrase, a run, a quotation, a name of several words
    "number agrees",  # kinds: number, time, quote, phrase, run
    "time agrees",
    "quote",
    "phrase",
    "run",
    "best",  # each sentence the other's closest match for the thing
    "closest",  # each sentence's strongest link to the other's article
    "sentence terms min (log)",
    "sentence terms max (log)",
    "place apart",  # |place a - place b|, each a share of its article
    "a first sentence",  # either sentence its passage's first
    "rules' candidate",  # the rules' pass scored the pair (pool "own")
    "pair's rule links",  # the rules' links between the two passages
    "side told",  # of the two passages, how many have a same-event link to the other's article
    "third outlet",  # both passages same-event linked to one passage of a third outlet
    "passage cosine",  # the two passages' weighted term vectors
    "content Dice",  # the two sentences' content words (heads)
    "plain shared weight",  # the weight of the terms they share that are not specific
    "pair's candidates",  # links between the two passages, both passes
    "pair's best score",  # the strongest of them
)


@dataclass
class Story:
    """One gold story: its candidates (unit pairs), their features and labels, the
    rules' and the wide pass's diagnoses."""

    item: object
    label: str
    keys: list[tuple[int, int]]
    pool: list[str]
    links: list
    x: np.ndarray
    y: np.ndarray


def same_links(diagnosis) -> list:
    """The rules' same-event links (reason given, not barred)."""
    return [k for k, r in diagnosis.reasons.items() if r]


def story_table(item, settings, language) -> tuple:
    """The candidates of one story, their features and labels."""
    default = align.diagnose(item.story, settings, language)
    wide = align.diagnose(item.story, replace(settings, min_shared_terms=1), language)
    units = default.units
    shown = predicted_links(default.alignment.groups)
    scored_pairs = {(k.left, k.right) for k in default.links}
    counted, _ = passage_frequency(units)
    sizes = Counter()
    for u in units:
        sizes[u.article] = max(sizes[u.article], u.position + 1)
    same = same_links(default)
    # per passage: the articles it has a same-event link to, and the passages
    told: dict[tuple, set] = defaultdict(set)
    partners: dict[tuple, set] = defaultdict(set)
    for k in same:
        a, b = units[k.left], units[k.right]
        pa, pb = (a.article, a.passage), (b.article, b.passage)
        told[pa].add(b.article)
        told[pb].add(a.article)
        partners[pa].add(pb)
        partners[pb].add(pa)
    pair_links = Counter()
    for k in default.links:
        a, b = units[k.left], units[k.right]
        pair_links[frozenset({(a.article, a.passage), (b.article, b.passage)})] += 1
    gold_pairs = {
        frozenset(p)
        for event in item.gold.events
        for p in itertools.combinations(event.passages, 2)
        if p[0][0] != p[1][0]
    }
    weights = default.lexicon.weights
    bags: dict[tuple, Counter] = defaultdict(Counter)
    for u in units:
        bags[(u.article, u.passage)].update(u.terms)
    vectors = {p: {t: weights.get(t, 0.0) * n for t, n in bag.items()} for p, bag in bags.items()}
    norms = {p: math.sqrt(sum(v * v for v in vec.values())) or 1.0 for p, vec in vectors.items()}
    anchors = set(default.lexicon.anchors)
    every: dict[frozenset, list] = defaultdict(list)
    seen = set()
    for k in [*default.links, *wide.links]:
        if (k.left, k.right) in seen:
            continue
        seen.add((k.left, k.right))
        a, b = units[k.left], units[k.right]
        every[frozenset({(a.article, a.passage), (b.article, b.passage)})].append(k.score)
    keys, pool, links, rows, ys = [], [], [], [], []
    pools = (
        ("own", [k for k in default.links if k in default.reasons]),
        (
            "extra",
            [k for k in wide.links if k in wide.reasons and (k.left, k.right) not in scored_pairs],
        ),
    )
    for name, candidates in pools:
        for k in candidates:
            if len(k.evidence) != 1:
                continue
            if name == "own" and default.reasons.get(k):
                continue  # a same-event link of the rules: theirs
            a, b = units[k.left], units[k.right]
            pa, pb = (a.article, a.passage), (b.article, b.passage)
            pair = frozenset({pa, pb})
            if pair in shown:
                continue
            thing = k.evidence[0]
            heads = k.terms or {thing}
            weight = max((default.lexicon.weights.get(t, 0.0) for t in heads), default=0.0)
            passages = min((counted.get(t, 1) for t in heads), default=1)
            third = bool(partners[pa] & partners[pb])  # one passage of a third outlet
            rows.append(
                [
                    k.score,
                    weight,
                    math.log1p(passages),
                    float(thing[:1].isdigit()),
                    float(" " in thing or len(k.terms) > 1),
                    float("number" in k.kinds),
                    float("time" in k.kinds),
                    float("quote" in k.kinds),
                    float("phrase" in k.kinds),
                    float("run" in k.kinds),
                    float(k.best),
                    float(k.closest),
                    math.log1p(min(len(a.terms), len(b.terms))),
                    math.log1p(max(len(a.terms), len(b.terms))),
                    abs(a.position / sizes[a.article] - b.position / sizes[b.article]),
                    float(a.sentence == 0 or b.sentence == 0),
                    float(name == "own"),
                    float(pair_links[pair]),
                    float((b.article in told[pa]) + (a.article in told[pb])),
                    float(third),
                    sum(vectors[pa][t] * vectors[pb].get(t, 0.0) for t in vectors[pa])
                    / (norms[pa] * norms[pb]),
                    dice(a.heads, b.heads),
                    sum(
                        weights.get(t, 0.0) for t in set(a.terms) & set(b.terms) if t not in anchors
                    ),
                    float(len(every[pair])),
                    max(every[pair], default=0.0),
                ]
            )
            keys.append((k.left, k.right))
            pool.append(name)
            links.append(k)
            ys.append(int(pair in gold_pairs))
    x = np.array(rows, dtype=float).reshape(len(rows), len(FEATURES))
    return keys, pool, links, x, np.array(ys, dtype=int)


def dice(a, b) -> float:
    """Dice of two sentences' content words (heads, '' left out)."""
    x, y = set(a) - {""}, set(b) - {""}
    return 2 * len(x & y) / max(1, len(x) + len(y))


def read_stories(shared: Path, workdir: Path) -> list[Story]:
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    out = []
    for item in gold_stories(shared, workdir, "all"):
        data = yaml.safe_load((GOLD / f"{item.name}.yaml").read_text(encoding="utf-8"))
        label = set_of(item.name, data.get("split", "development"))
        keys, pool, links, x, y = story_table(item, settings, language)
        out.append(Story(item, label, keys, pool, links, x, y))
    return out


@contextmanager
def promoted_beside_rules(promote: list) -> Iterator[None]:
    """The hand rules exactly as shipped, with the links `promote` (Link objects of the
    rules' or the wide pass, by their unit pairs) added to their same-event links at the
    order step: after the name and generic vetoes, so that a promoted link is vetoed by
    nothing, and before the last triangles (a promoted link may close one, as any
    same-event link)."""
    real = align.ordered_links

    def ordered(units, reasons):
        found = real(units, reasons)
        if not promote:
            return found
        have = {id(k) for k in found}
        return found + [k for k in promote if id(k) not in have]

    align.ordered_links = ordered
    try:
        yield
    finally:
        align.ordered_links = real


class Site:
    """Scores a story with a set of promoted candidates (memoised)."""

    def __init__(self, stories: list[Story]) -> None:
        self.settings = load_config(REPO / "site.yml").alignment
        self.language = load_language("en")
        self.stories = {s.item.name: s for s in stories}
        self.memo: dict = {}

    def __call__(self, name: str, chosen: frozenset) -> tuple[Score, set]:
        key = (name, chosen)
        if key not in self.memo:
            s = self.stories[name]
            # the Link objects of the wide pass are not the rules' pass's: map by unit pair
            promote = [k for k, key2 in zip(s.links, s.keys) if key2 in chosen]
            with promoted_beside_rules(promote):
                diagnosis = align.diagnose(s.item.story, self.settings, self.language)
            self.memo[key] = (
                scored(diagnosis, s.item.gold),
                predicted_links(diagnosis.alignment.groups),
            )
        return self.memo[key]

    def rules(self, name: str) -> tuple[Score, set]:
        return self(name, frozenset())


def added(site: Site, s: Story, chosen: frozenset) -> tuple[int, int]:
    """Shown passage pairs the promoter adds to the rules': right, wrong."""
    gold = {
        frozenset(p)
        for event in s.item.gold.events
        for p in itertools.combinations(event.passages, 2)
        if p[0][0] != p[1][0]
    }
    before = site.rules(s.item.name)[1]
    after = site(s.item.name, chosen)[1]
    new = after - before
    lost = before - after
    right = len(new & gold) - len(lost & gold)
    return right, len(new - gold) - len(lost - gold)


def make_model(c):
    """A standardised logistic regression of inverse regularisation `c`; with a (depth,
    trees) pair, gradient-boosted trees (--trees, a check only)."""
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if isinstance(c, tuple):
        return make_pipeline(
            StandardScaler(),
            GradientBoostingClassifier(max_depth=c[0], n_estimators=c[1], random_state=0),
        )
    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000))


def fit_predict(c, train: list[Story], test: list[Story]) -> dict[str, np.ndarray]:
    x = np.vstack([s.x for s in train])
    y = np.concatenate([s.y for s in train])
    model = make_model(c).fit(x, y)
    return {
        s.item.name: (model.predict_proba(s.x)[:, 1] if len(s.y) else np.zeros(0)) for s in test
    }


def out_of_fold(stories: list[Story], c: float) -> dict[str, np.ndarray]:
    """Each early story's probabilities from a model fit on the other early sets."""
    early = [s for s in stories if s.label in EARLY]
    probs = {}
    for label in EARLY:
        test = [s for s in early if s.label == label]
        probs.update(fit_predict(c, [s for s in early if s.label != label], test))
    return probs


def chosen_of(s: Story, p: np.ndarray, cut: float, pools=("own", "extra")) -> frozenset:
    return frozenset(k for k, q, w in zip(s.keys, p, s.pool) if q >= cut and w in pools)


def group_of(s: Story) -> str:
    return "Istanbul" if s.item.name == "istanbul" else s.label


def set_table(site, stories, probs, cut, pools, labels) -> list[tuple]:
    """Per set: rules' score, promoter's score, added right / wrong."""
    rows = []
    for label in labels:
        chosen = [s for s in stories if s.label == label or group_of(s) == label]
        if label == "development":
            chosen = [s for s in chosen if s.item.name != "istanbul"] + [
                s for s in chosen if s.item.name == "istanbul"
            ]
        if not chosen:
            continue
        r = total([site.rules(s.item.name)[0] for s in chosen])
        picks = {s.item.name: chosen_of(s, probs[s.item.name], cut, pools) for s in chosen}
        m = total([site(s.item.name, picks[s.item.name])[0] for s in chosen])
        right = wrong = 0
        for s in chosen:
            a, b = added(site, s, picks[s.item.name])
            right, wrong = right + a, wrong + b
        rows.append((label, r, m, right, wrong))
    return rows


def show(rows) -> None:
    for label, r, m, right, wrong in rows:
        print(f"  {label:<12} rules {r.line()}")
        print(f"  {'':<12} +model {m.line()}   added right {right} wrong {wrong}")


def auc_line(stories, probs, labels) -> str:
    from sklearn.metrics import log_loss, roc_auc_score

    chosen = [s for s in stories if s.label in labels and len(s.y)]
    y = np.concatenate([s.y for s in chosen])
    p = np.concatenate([probs[s.item.name] for s in chosen])
    return (
        f"{len(y)} candidates ({int(y.sum())} right) AUC {roc_auc_score(y, p):.3f} "
        f"log-loss {log_loss(y, np.clip(p, 1e-6, 1 - 1e-6)):.3f}"
    )


def pooled(site, stories, probs, cut, pools, labels) -> tuple[Score, Score, int, int]:
    chosen = [s for s in stories if s.label in labels]
    picks = {s.item.name: chosen_of(s, probs[s.item.name], cut, pools) for s in chosen}
    r = total([site.rules(s.item.name)[0] for s in chosen])
    m = total([site(s.item.name, picks[s.item.name])[0] for s in chosen])
    right = wrong = 0
    for s in chosen:
        a, b = added(site, s, picks[s.item.name])
        right, wrong = right + a, wrong + b
    return r, m, right, wrong


def choose_cut(site, stories, probs, pools) -> float | None:
    """The lowest cut-off whose added links are right 3 times in 4 on the early sets
    pooled, with no set (Istanbul apart) losing more than .01 of precision."""
    ok = []
    for cut in CUTS:
        _, m, right, wrong = pooled(site, stories, probs, cut, pools, EARLY)
        worst = 0.0
        groups = defaultdict(list)
        for s in stories:
            if s.label in EARLY:
                groups[group_of(s)].append(s)
        for members in groups.values():
            picks = {s.item.name: chosen_of(s, probs[s.item.name], cut, pools) for s in members}
            rq = total([site.rules(s.item.name)[0] for s in members]).quality
            mq = total([site(s.item.name, picks[s.item.name])[0] for s in members]).quality
            worst = max(worst, rq.precision - mq.precision)
        share = right / max(1, right + wrong)
        print(
            f"    p >= {cut:<5} early: {m.line()}  added {right} right / {wrong} wrong "
            f"({share:.2f}); worst set's precision loss {worst:.3f}",
            flush=True,
        )
        if right + wrong and share >= 0.75 and worst <= 0.01:
            ok.append(cut)
    return min(ok) if ok else None


def run(stories: list[Story], started: float, grid=C_GRID, at: float | None = None) -> None:
    n = sum(len(s.y) for s in stories)
    right = int(sum(s.y.sum() for s in stories))
    by_pool = Counter(w for s in stories for w in s.pool)
    right_pool = Counter(w for s in stories for w, y in zip(s.pool, s.y) if y)
    print(
        f"{len(stories)} gold stories: {n} one-thing candidates the rules do not show "
        f"({right} right): "
        + ", ".join(f"{w} {by_pool[w]} ({right_pool[w]} right)" for w in by_pool)
        + f" ({time.time() - started:.0f} s)"
    )
    site = Site(stories)
    from sklearn.metrics import log_loss

    best = None
    for c in grid:
        probs = out_of_fold(stories, c)
        early = [s for s in stories if s.label in EARLY and len(s.y)]
        y = np.concatenate([s.y for s in early])
        p = np.concatenate([probs[s.item.name] for s in early])
        loss = log_loss(y, np.clip(p, 1e-6, 1 - 1e-6))
        print(f"  C {c}: out of fold, early sets: {auc_line(stories, probs, EARLY)}")
        if best is None or loss < best[0]:
            best = (loss, c, probs)
    _, c, probs = best
    print(f"chosen C {c}")
    early = [s for s in stories if s.label in EARLY]
    blind = [s for s in stories if s.label == BLIND]
    probs.update(fit_predict(c, early, blind))
    model = make_model(c).fit(np.vstack([s.x for s in early]), np.concatenate([s.y for s in early]))
    scaler, lr = model[0], model[-1]
    if not isinstance(c, tuple):
        print(f"  fit on the early sets: intercept {lr.intercept_[0]:+.3f}")
        for name, w, mu, sd in zip(FEATURES, lr.coef_[0], scaler.mean_, scaler.scale_):
            print(f"    {name:<26} weight {w:+.3f}  (mean {mu:.3f}, scale {sd:.3f})")
    print(f"  {BLIND} predicted once: {auc_line(stories, probs, (BLIND,))}")

    results = {}
    for pools, title in (
        (("own", "extra"), "both pools"),
        (("extra",), "the wide pass's extra candidates only"),
        (("own",), "the rules' own related / dropped only"),
    ):
        print(f"\n== {title}: the cut-off on the early sets ==")
        cut = choose_cut(site, stories, probs, pools)
        print(f"  chosen cut-off: {cut}")
        results[pools] = cut
        if cut is None and at is None:
            continue
        if cut is None:
            cut = at
            print(f"  (no cut-off qualifies: the tables below are at p >= {cut}, not chosen)")
        labels = (*EARLY, "Istanbul", BLIND)
        print(f"  per set at p >= {cut} (rules | rules + promoter):")
        show(set_table(site, stories, probs, cut, pools, labels))
        for labels2, t in ((EARLY, "early sets pooled"), ((BLIND,), BLIND)):
            r, m, a, b = pooled(site, stories, probs, cut, pools, labels2)
            print(
                f"  {t}: rules {r.line()}\n  {'':<17} +model {m.line()}  added {a} right {b} wrong"
            )
        held = tuple(x for x in (*EARLY, BLIND) if x != "development")
        r, m, a, b = pooled(site, stories, probs, cut, pools, held)
        print(
            f"  held-out all 68: rules {r.line()}\n  {'':<17} +model {m.line()}"
            f"  added {a} right {b} wrong"
        )
        print("  per story (rules -> with the promoter: right/shown, units; added right/wrong)")
        for s in stories:
            pick = chosen_of(s, probs[s.item.name], cut, pools)
            if not pick:
                continue
            print(
                f"    {s.item.name.removeprefix('basil-'):<32} {group_of(s):<11} "
                f"{story_change(site, s, pick)} ({len(pick)} links promoted)"
            )
    print(f"\n({time.time() - started:.0f} s)")


def large(sizes: list[int], shared: Path) -> None:
    """The cheap one-thing candidates (k = 4) on benchmarks/large_story.py's synthetic
    story, made from the gold stories' paragraphs only (its --gold-pool), in process:
    CPU of the aligner and of the cheap way, per size (articles of 40 passages)."""
    import large_story

    from site_builder.core.config import AlignmentConfig
    from site_builder.read.content import read_story

    pool = large_story.gold_paragraphs(shared)
    language = load_language("en")
    settings = AlignmentConfig()
    for n in sizes:
        with tempfile.TemporaryDirectory() as workdir:
            folder = Path(workdir) / "story"
            large_story.make_story(folder, n, pool)
            story = read_story(folder)
            t0 = time.process_time()
            d = align.diagnose(story, settings, language)
            t1 = time.process_time()
            counted, _ = passage_frequency(d.units)
            have = {(k.left, k.right) for k in d.links}
            pairs = cheap_pairs(d.units, d.lexicon, counted, have, 4)
            links = scored_cheaply(d.units, d.lexicon, pairs, settings.threshold)
            t2 = time.process_time()
            print(
                f"{n} articles ({len(d.units)} sentences): aligner {t1 - t0:.2f} s CPU; "
                f"cheap k=4 {t2 - t1:.2f} s ({(t2 - t1) / (t1 - t0):.1%}), {len(pairs)} pairs, "
                f"{len(links)} links",
                flush=True,
            )


def story_change(site: Site, s: Story, pick) -> str:
    """One story, rules -> rules with the links of `pick` promoted: right/shown links and
    units found on each side, then the added links right and wrong."""
    rq = site.rules(s.item.name)[0].quality
    mq = site(s.item.name, pick)[0].quality
    a, b = added(site, s, pick)
    return (
        f"{rq.correct}/{rq.predicted},{rq.found} -> {mq.correct}/{mq.predicted},{mq.found}"
        f"  added {a:+d} right {b:+d} wrong"
    )


def frozen(stories: list[Story], label: str, cut: float) -> None:
    """The promoter (logistic regression, C 0.01) fit on every set but `label`, the
    stories of `label` scored once at `cut`, beside the rules, per story and summed."""
    test = [s for s in stories if s.label == label]
    if not test:
        raise SystemExit(f"no gold story in the set {label!r}")
    train = [s for s in stories if s.label != label]
    probs = fit_predict(0.01, train, test)
    site = Site(stories)
    print(f"{label}: {len(test)} stories, fit on {len(train)}; p >= {cut}")
    show(set_table(site, stories, probs, cut, ("own", "extra"), (label,)))
    for s in test:
        pick = chosen_of(s, probs[s.item.name], cut)
        print(f"    {s.item.name.removeprefix('basil-'):<32} {story_change(site, s, pick)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--cost", action="store_true", help="the cheap candidates, their time")
    parser.add_argument(
        "--trees", action="store_true", help="gradient-boosted trees (depth 3 x 200), a check"
    )
    parser.add_argument(
        "--large", type=int, nargs="+", metavar="N", help="the cheap way on the large story"
    )
    parser.add_argument(
        "--frozen",
        metavar="SET",
        help="fit (C 0.01) on every other set, score the stories of SET once at --at "
        "(default 0.65, the reference point of docs/alignment.md), beside the rules",
    )
    parser.add_argument(
        "--at", type=float, help="where no cut-off qualifies, print the tables at this one"
    )
    args = parser.parse_args()
    started = time.time()
    if args.large:
        large(args.large, args.shared)
        return
    with tempfile.TemporaryDirectory() as workdir:
        stories = read_stories(args.shared, Path(workdir))
        if not args.frozen:  # a set annotated after the choice is scored by --frozen only
            stories = [s for s in stories if s.label in (*EARLY, BLIND)]
        if args.frozen:
            frozen(stories, args.frozen, args.at or 0.65)
        elif args.cost:
            early = [x for x in stories if x.label in EARLY]
            probs = out_of_fold(stories, 0.01)
            probs.update(fit_predict(0.01, early, [x for x in stories if x.label == BLIND]))
            cost(stories, probs)
        else:
            run(stories, started, ((3, 200),) if args.trees else C_GRID, args.at)


def cheap_pairs(units, lexicon, counted, scored_pairs, k: int) -> set[tuple[int, int]]:
    """The one-thing candidates found the cheap way: an inverted index from each specific
    thing (an anchor, no reporting verb) in at most `k` of the story's passages to the
    sentences that have it; pairs of sentences of different outlets that the rules' pass
    did not score."""
    reporting = set(lexicon.reporting)
    rare = {t for t in lexicon.anchors if counted.get(t, 0) <= k and term_head(t) not in reporting}
    postings: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        for t in rare.intersection(u.terms):
            postings[t].append(i)
    pairs = set()
    for held in postings.values():
        for a, b in itertools.combinations(held, 2):
            if units[a].article != units[b].article and (a, b) not in scored_pairs:
                pairs.add((a, b))
    return pairs


def scored_cheaply(units, lexicon, pairs, threshold: float) -> list:
    """The links of `pairs` as the wide pass scores them (similarity's own scoring, one
    specific thing allowed), for the time it takes."""
    from itertools import repeat

    from site_builder.align import similarity as sim

    squared = {t: w**2 for t, w in lexicon.weights.items()}
    vectors = [dict(zip(set(u.terms), map(squared.get, set(u.terms), repeat(0.0)))) for u in units]
    index = sim._Index(vectors, [math.sqrt(math.fsum(v.values())) or 1.0 for v in vectors])
    reporting = set(lexicon.reporting)
    index.specific = frozenset(t for t in lexicon.anchors if term_head(t) not in reporting)
    index.phrases = [
        frozenset(p for p, _, _ in u.phrases).intersection(lexicon.phrases) for u in units
    ]
    sim._index_paired(index, units, {i for pair in pairs for i in pair}, lexicon, reporting)
    out = []
    for pair in sorted(pairs):
        link = sim._link(units, index, lexicon, pair, None, threshold, 1)
        if link is not None:
            out.append(link)
    return out


def cost(stories: list[Story], probs=None) -> None:
    """How many one-thing candidates the cheap way gives against the wide pass, what
    share of the right ones (and of the model's surest) it keeps, and the time of each
    way beside the aligner's (CPU, three rounds interleaved, every gold)."""
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    wide_settings = replace(settings, min_shared_terms=1)
    prepared = []
    for s in stories:
        d = align.diagnose(s.item.story, settings, language)
        counted, _ = passage_frequency(d.units)
        scored_pairs = {(k.left, k.right) for k in d.links}
        prepared.append((s, d, counted, scored_pairs))
    extra_right = sum(1 for s in stories for w, y in zip(s.pool, s.y) if w == "extra" and y)
    extra_all = sum(1 for s in stories for w in s.pool if w == "extra")
    sure = {
        (s.item.name, key)
        for s in stories
        for key, w, q in zip(s.keys, s.pool, probs.get(s.item.name, ()) if probs else ())
        if w == "extra" and q >= 0.5
    }
    print(
        f"the wide pass's extra one-thing candidates (timely, not shown by the rules): "
        f"{extra_all} ({extra_right} right); the model's at p >= 0.5: {len(sure)}"
    )
    for k in (2, 3, 4, 6, 10, 10**6):
        n = kept = kept_all = kept_sure = 0
        for s, d, counted, scored_pairs in prepared:
            pairs = cheap_pairs(d.units, d.lexicon, counted, scored_pairs, k)
            n += len(pairs)
            for key, w, y in zip(s.keys, s.pool, s.y):
                if w == "extra" and key in pairs:
                    kept_all += 1
                    kept += int(y)
                    kept_sure += int((s.item.name, key) in sure)
        print(
            f"  things in at most {k if k < 10**6 else 'any number of'} passages: {n} pairs "
            f"to score; they hold {kept_all} of the {extra_all} extra candidates, "
            f"{kept} of the {extra_right} right ones ({kept / max(1, extra_right):.0%}), "
            f"{kept_sure} of the model's {len(sure)} at p >= 0.5"
        )
    # time: the aligner; the wide pass's second sentence_links; the cheap way (k = 4)
    from site_builder.align.similarity import sentence_links

    clocks = Counter()
    for _ in range(3):
        for s, d, counted, scored_pairs in prepared:
            t0 = time.process_time()
            align.diagnose(s.item.story, settings, language)
            t1 = time.process_time()
            sentence_links(d.units, d.lexicon, threshold=settings.threshold, min_evidence=1)
            t2 = time.process_time()
            sentence_links(
                d.units,
                d.lexicon,
                threshold=settings.threshold,
                min_evidence=settings.min_shared_terms,
            )
            t2b = time.process_time()
            pairs = cheap_pairs(d.units, d.lexicon, counted, scored_pairs, 4)
            scored_cheaply(d.units, d.lexicon, pairs, settings.threshold)
            t3 = time.process_time()
            align.diagnose(s.item.story, wide_settings, language)
            t4 = time.process_time()
            clocks["aligner"] += t1 - t0
            clocks["wide sentence_links"] += t2 - t1
            clocks["rules' sentence_links"] += t2b - t2
            clocks["cheap k=4"] += t3 - t2b
            clocks["wide aligner"] += t4 - t3
    base = clocks["aligner"]
    print(
        "  CPU over every gold, three rounds: "
        + "; ".join(
            f"{name} {v:.2f} s ({v / base:.1%} of the aligner)" for name, v in clocks.items()
        )
    )


if __name__ == "__main__":
    main()
