"""Could a pair model of our own, trained on the development golds, decide same-event
links better than the hand rules? (issue 23, sixth round; a dev-only tool)

Gradient-boosted shallow trees (scikit-learn's GradientBoostingClassifier, installed
for this script only: `pip install scikit-learn`; the site would need none of it, the
trees export to JSON and `tree_probability` evaluates them in pure Python) read, for
every candidate sentence link of a story (one specific thing allowed, so the model can
find what the rules leave out), far more than the logistic regression of round four
(benchmarks/align_model.py):

- the link itself: similarity, things shared, closest match, most words, verbatim run,
  kinds of corroboration;
- the hand rules' own decision on it at the default settings (its reason, or none) and
  whether the site shows or relates its two passages;
- what is shared: how many names, titles, phrases, quotations, numbers, days, common
  words; whether every thing is a name, title, day or number ("who, not what"); the
  weights of the shared terms (sum, largest, smallest);
- its rank among each sentence's links to the other article, and its share of the
  strongest of them;
- its passages: how many sentence links between them, their largest similarity and
  things, the passage pair's rank among each passage's candidates in the other article,
  triangles through a third outlet (same event by the rules, or any link), neighbours
  that are the same event by the rules, the two articles about different times, the
  passages' places in their articles, the sentences' lengths.

Two ways to decide: per sentence link (`link`), the model replacing same_event_reason
(a verbatim run of six words stays same-event), or per passage pair (`pair`): one row per
two passages (their links' features at their largest), the strongest link of a pair
the model keeps becoming same-event; either way the existing cluster step groups them.
Each is fit leaving each development story out in turn and scored on that story the
way benchmarks/align_quality.py scores the site (precision over shown links, unit
recall, split events, misses by cause), at several cut-offs, beside the hand rules.
Only development stories are read: no setting beat the rules there (docs/alignment.md,
"A pair model of our own"), so no held-out set was scored. --export fits the link model
on every development story, writes it as JSON and checks the pure-Python evaluation.

    python benchmarks/align_trees.py [--grid | --mixed | --targeted | --frontier
                                      | --separation | --export FILE.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

try:
    from sklearn.ensemble import GradientBoostingClassifier
except ImportError:
    sys.exit("align_trees.py needs scikit-learn, a dev-only tool: pip install scikit-learn")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from align_quality import (  # noqa: E402
    GoldStory,
    causes_line,
    gold_stories,
    miss_causes,
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
from site_builder.align.normalise import stem_word, term_head  # noqa: E402
from site_builder.align.similarity import VERBATIM_RUN, Link  # noqa: E402
from site_builder.align.time import about_different_times, article_period  # noqa: E402
from site_builder.core.config import AlignmentConfig, load_config  # noqa: E402
from site_builder.core.language_pack import pack_for  # noqa: E402

REASONS = (
    "verbatim",
    "most-words",
    "phrase",
    "closest",
    "second-fact",
    "corroborated",
    "triangle",
    "order",
    "three-things",
    "phrase-agreed",
    "time-or-number",
)
FOLDED = {"short-run": "verbatim"}
"""Reasons of rules added after the pair models were chosen, read as the column of the
reason they are a kind of (round sixteen's short-run is a verbatim run of four words), so
the models keep the feature columns they were chosen with."""
CUTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
MIXED_CUTS = tuple(
    itertools.product((0.5, 0.6, 0.7, 0.8, 1.1), (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85))
)
"""(promote, veto) for `mixed`: a link the rules leave becomes same-event at `promote`,
a rule's same-event link (not verbatim) stays at `veto` (1.1: none promoted)."""
RULE_COLUMNS = slice(11, 11 + len(REASONS))
"""The columns of the rules' reasons among the features (see story_data)."""
SHOWN_COLUMN = 11 + len(REASONS) + 1
"""The column saying the site, by the rules, shows the link's two passages as one event."""


@dataclass
class StoryData:
    """One gold story read for the model: its candidate links (one specific thing
    allowed), their features and gold labels, and the passage pairs they join."""

    item: GoldStory
    keys: list[tuple[int, int]]
    pairs: list[frozenset]
    x: np.ndarray
    y: np.ndarray
    strength: list[float]


def passage(unit) -> tuple[str, str]:
    return (unit.article, unit.passage)


def story_data(item: GoldStory, settings: AlignmentConfig, language, titles) -> StoryData:
    """Every timely candidate link of a story with its features and label."""
    story = item.story
    default = align.diagnose(story, settings, language)
    wide = align.diagnose(story, replace(settings, min_shared_terms=1), language)
    units, lexicon = wide.units, wide.lexicon
    surface = wide.alignment.surface
    rule = {(k.left, k.right): FOLDED.get(r, r) for k, r in default.reasons.items()}
    unknown = set(rule.values()) - {"", *REASONS}
    if unknown:  # a new rule: its reason needs a column of its own (REASONS)
        raise SystemExit(f"align_trees.py: reasons without a feature column: {sorted(unknown)}")
    shown = predicted_links(default.alignment.groups)
    related = predicted_links(default.alignment.related)
    same_pairs = {
        frozenset({passage(default.units[k.left]), passage(default.units[k.right])})
        for k, r in default.reasons.items()
        if r
    }
    partners: dict[tuple, set] = defaultdict(set)
    for pair in same_pairs:
        a, b = sorted(pair)
        partners[a].add(b)
        partners[b].add(a)
    links = [k for k in wide.links if k in wide.reasons]
    any_partners: dict[tuple, set] = defaultdict(set)
    by_pair: dict[frozenset, list[Link]] = defaultdict(list)
    sides: dict[tuple[int, str], list[Link]] = defaultdict(list)
    for k in links:
        a, b = passage(units[k.left]), passage(units[k.right])
        any_partners[a].add(b)
        any_partners[b].add(a)
        by_pair[frozenset({a, b})].append(k)
        sides[(k.left, units[k.right].article)].append(k)
        sides[(k.right, units[k.left].article)].append(k)
    for side in sides.values():
        side.sort(key=lambda k: -k.strength)
    pair_best: dict[frozenset, float] = {
        p: max(k.strength for k in ks) for p, ks in by_pair.items()
    }
    passage_sides: dict[tuple, list[float]] = defaultdict(list)  # passage, other article
    for p, best in pair_best.items():
        a, b = sorted(p)
        passage_sides[(a, b[0])].append(best)
        passage_sides[(b, a[0])].append(best)
    for values in passage_sides.values():
        values.sort(reverse=True)
    count = Counter(u.article for u in units)
    length = {}
    for a in story.articles:
        length[a.slug] = len(a.passages)
    order = {(a.slug, p.id): i for a in story.articles for i, p in enumerate(a.passages)}
    ids = {(a.slug, i): p.id for a in story.articles for i, p in enumerate(a.passages)}
    periods = align.story_periods({a.slug: article_period(a.date) for a in story.articles})
    times = set(lexicon.times)
    reporting = frozenset(lexicon.reporting)
    wanted = {
        frozenset(pair)
        for event in item.gold.events
        for pair in itertools.combinations(event.passages, 2)
    }

    def neighbour(a: tuple, b: tuple, step: int) -> float:
        na = ids.get((a[0], order[a] + step))
        nb = ids.get((b[0], order[b] + step))
        return float(
            na is not None and nb is not None and frozenset({(a[0], na), (b[0], nb)}) in same_pairs
        )

    rows, keys, pairs, labels, strength = [], [], [], [], []
    for k in links:
        u, v = units[k.left], units[k.right]
        a, b = passage(u), passage(v)
        pair = frozenset({a, b})
        terms = list(k.terms)
        things = list(k.evidence)
        is_name = [(" " in t) or surface.get(t, t)[:1].isupper() for t in terms]
        is_title = [t in titles for t in terms]
        is_number = [t[:1].isdigit() for t in terms]
        is_time = [t in times for t in terms]
        weights = [lexicon.weights.get(t, 0.0) for t in terms] or [0.0]
        who = bool(terms) and all(
            n or ti or nu or tm for n, ti, nu, tm in zip(is_name, is_title, is_number, is_time)
        )
        left_side = sides[(k.left, v.article)]
        right_side = sides[(k.right, u.article)]
        rank_left = next(i for i, o in enumerate(left_side) if o is k)
        rank_right = next(i for i, o in enumerate(right_side) if o is k)
        best_pair = pair_best[pair]
        rank_pa = passage_sides[(a, b[0])].index(best_pair)
        rank_pb = passage_sides[(b, a[0])].index(best_pair)
        pair_links = by_pair[pair]
        third_same = {c[0] for c in partners[a] & partners[b]}
        third_any = {c[0] for c in any_partners[a] & any_partners[b]}
        reason = rule.get((k.left, k.right), "")
        row = [
            k.score,
            float(min(len(things), 6)),
            float(k.run),
            float(k.best),
            float(k.closest),
            float(k.most_words),
            *(float(kind in k.kinds) for kind in ("number", "time", "phrase", "quote", "run")),
            *(float(reason == r) for r in REASONS),
            float((k.left, k.right) in rule),
            float(pair in shown),
            float(pair in related),
            float(sum(is_name)),
            float(sum(is_title)),
            float(sum(is_number)),
            float(sum(is_time)),
            float(sum(" " in t for t in things)),
            float(sum(t.startswith("“") for t in things)),
            float(sum(t not in lexicon.uncommon for t in terms)),
            float(who),
            float(sum(weights)),
            float(max(weights)),
            float(min(weights)),
            float(min(rank_left, 5)),
            float(min(rank_right, 5)),
            k.strength / left_side[0].strength,
            k.strength / right_side[0].strength,
            float(min(len(left_side), 10)),
            float(min(len(right_side), 10)),
            float(len(pair_links)),
            best_pair,
            float(max(len(o.evidence) for o in pair_links)),
            float(len({t for o in pair_links for t in o.terms})),
            float(min(rank_pa, 5)),
            float(min(rank_pb, 5)),
            float(len(third_same)),
            float(len(third_any)),
            neighbour(a, b, -1),
            neighbour(a, b, 1),
            float(about_different_times(periods[u.article], periods[v.article])),
            order[a] / max(1, length[a[0]] - 1),
            order[b] / max(1, length[b[0]] - 1),
            float(min(order[a], order[b])),
            float(u.sentence == 0 and v.sentence == 0),
            float(min(len(u.terms), len(v.terms))),
            float(max(len(u.terms), len(v.terms))),
            float(len(count)),
            *contrast(u, v, lexicon, reporting),
        ]
        rows.append(row)
        keys.append((k.left, k.right))
        pairs.append(pair)
        labels.append(float(pair in wanted))
        strength.append(k.strength)
    return StoryData(item, keys, pairs, np.array(rows), np.array(labels), strength)


def contrast(u, v, lexicon, reporting: frozenset[str]) -> list[float]:
    """What the two sentences' words say beyond their shared things: how much of their
    content words they share (Dice, count, the weight of the shared words that are no
    anchor: the action), how much specific each has that the other lacks (the other
    people, places, numbers of a different fact), and whether both give a number or a
    day and none of them agree (two different facts)."""
    heads_u = {term_head(t) for t in u.terms} - reporting
    heads_v = {term_head(t) for t in v.terms} - reporting
    common = heads_u & heads_v
    weights, anchors = lexicon.weights, lexicon.anchors
    terms_u, terms_v = set(u.terms), set(v.terms)
    shared = terms_u & terms_v
    plain = sum(weights.get(t, 0.0) for t in shared if t not in anchors)
    only_u = sum(weights.get(t, 0.0) for t in terms_u - terms_v if t in anchors)
    only_v = sum(weights.get(t, 0.0) for t in terms_v - terms_u if t in anchors)
    numbers_u = {t for t in terms_u if t[:1].isdigit()}
    numbers_v = {t for t in terms_v if t[:1].isdigit()}
    days_u = terms_u & set(lexicon.times)
    days_v = terms_v & set(lexicon.times)
    return [
        2 * len(common) / max(1, len(heads_u) + len(heads_v)),
        float(len(common)),
        plain,
        min(only_u, only_v),
        max(only_u, only_v),
        float(bool(numbers_u and numbers_v and not numbers_u & numbers_v)),
        float(bool(days_u and days_v and not days_u & days_v)),
        min(len(terms_u), len(terms_v)) / max(1, len(terms_u), len(terms_v)),
    ]


def pair_rows(data: StoryData) -> tuple[list[frozenset], np.ndarray, np.ndarray]:
    """One row per passage pair: its links' features at their largest, how many links."""
    index: dict[frozenset, list[int]] = defaultdict(list)
    for i, pair in enumerate(data.pairs):
        index[pair].append(i)
    pairs = sorted(index, key=lambda p: sorted(p))
    x = np.array([data.x[index[p]].max(0) for p in pairs])
    y = np.array([data.y[index[p][0]] for p in pairs])
    return pairs, x, y


def fit(x: np.ndarray, y: np.ndarray, depth: int, trees: int) -> GradientBoostingClassifier:
    """Shallow gradient-boosted trees (fixed seed, so a run repeats)."""
    return fit_model(depth, trees).fit(x, y)


def targeted_fit(x: np.ndarray, y: np.ndarray, setting: Setting) -> tuple:
    """Two models, each fit only where its decision changes what the site shows: a
    promoter on the links of passage pairs the rules do not show (a link it keeps adds
    a pair), a vetoer on the links of pairs they show (a link it refuses may take one
    away)."""
    shown = x[:, SHOWN_COLUMN] > 0
    return (
        fit(x[~shown], y[~shown], setting.depth, setting.trees),
        fit(x[shown], y[shown], setting.depth, setting.trees),
    )


def exported(model: GradientBoostingClassifier) -> dict:
    """The trees as plain data (what the package would ship as JSON)."""
    trees = []
    for estimator in model.estimators_[:, 0]:
        tree = estimator.tree_
        trees.append(
            {
                "feature": tree.feature.tolist(),
                "threshold": tree.threshold.tolist(),
                "left": tree.children_left.tolist(),
                "right": tree.children_right.tolist(),
                "value": tree.value[:, 0, 0].tolist(),
            }
        )
    start = model._raw_predict_init(np.zeros((1, model.n_features_in_)))[0, 0]
    return {"start": float(start), "rate": model.learning_rate, "trees": trees}


def tree_probability(model: dict, row: list[float]) -> float:
    """The probability exported trees give a row of features, in pure Python (what the
    aligner would run: no numpy, no scikit-learn)."""
    raw = model["start"]
    for tree in model["trees"]:
        node = 0
        while tree["left"][node] != -1:
            go_left = row[tree["feature"][node]] <= tree["threshold"][node]
            node = tree["left"][node] if go_left else tree["right"][node]
        raw += model["rate"] * tree["value"][node]
    return 1 / (1 + math.exp(-raw))


@dataclass(frozen=True)
class Setting:
    level: str  # link, pair, mixed or targeted
    depth: int
    trees: int
    triangles: bool  # keep the rules' triangle step over the links the model leaves

    def __str__(self) -> str:
        return f"{self.level}:{self.depth}:{self.trees}:{'tri' if self.triangles else 'no-tri'}"


def chosen_links(
    data: StoryData, model: GradientBoostingClassifier, setting: Setting, cut: float
) -> set[tuple[int, int]]:
    """The links (unit index pairs) the model makes same-event in a story."""
    if setting.level == "link":
        probs = model.predict_proba(data.x)[:, 1]
        return {key for key, p in zip(data.keys, probs) if p >= cut}
    if setting.level in ("mixed", "targeted"):  # the rules, promoted and vetoed
        promote, veto = cut
        if setting.level == "targeted":  # a promoter and a vetoer, see targeted_fit
            shown = data.x[:, SHOWN_COLUMN] > 0
            probs = np.where(
                shown, model[1].predict_proba(data.x)[:, 1], model[0].predict_proba(data.x)[:, 1]
            )
        else:
            probs = model.predict_proba(data.x)[:, 1]
        rules = data.x[:, RULE_COLUMNS].sum(1) > 0
        return {
            key for key, p, rule in zip(data.keys, probs, rules) if p >= (veto if rule else promote)
        }
    pairs, x, _ = pair_rows(data)
    probs = dict(zip(pairs, model.predict_proba(x)[:, 1]))
    strongest: dict[frozenset, tuple[float, tuple[int, int]]] = {}
    for key, pair, s in zip(data.keys, data.pairs, data.strength):
        if pair not in strongest or s > strongest[pair][0]:
            strongest[pair] = (s, key)
    return {strongest[p][1] for p, prob in probs.items() if prob >= cut}


@contextmanager
def model_hooks(chosen: set[tuple[int, int]], triangles: bool) -> Iterator[None]:
    """Make the aligner take `chosen` links as the same event (and verbatim runs)."""
    real_reason, real_triangles = align.same_event_reason, align.closed_triangles

    def reason(link: Link, **_: object) -> str:
        if link.run >= VERBATIM_RUN:
            return "verbatim"
        return "closest" if (link.left, link.right) in chosen else ""

    align.same_event_reason = reason
    if not triangles:
        align.closed_triangles = lambda *args, **kwargs: []
    try:
        yield
    finally:
        align.same_event_reason, align.closed_triangles = real_reason, real_triangles


@dataclass
class Score:
    quality: Quality
    split: tuple[int, int]
    causes: Counter

    def line(self, label: str) -> str:
        q = self.quality
        return (
            f"  {label:<34} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
            f"R {q.recall:.3f} ({q.found}/{q.wanted})  F1 {q.f1:.3f}  "
            f"split {self.split[0]}/{self.split[1]} ({self.split[0] / max(1, self.split[1]):.1%})"
        )


def scored(items: list[tuple[GoldStory, Callable[[], object]]], settings) -> Score:
    """Align each story (inside its hooks) and add up the reader measure."""
    qualities, split, causes = [], [0, 0], Counter()
    language = load_language("en")
    for item, hooks in items:
        with hooks():
            diagnosis = align.diagnose(item.story, settings, language)
        groups = diagnosis.alignment.groups
        qualities.append(reader_quality(predicted_links(groups), item.gold))
        split[0] += split_events(groups, item.gold)[0]
        split[1] += len(item.gold.events)
        causes.update(miss_causes(diagnosis, item.gold).values())
    return Score(combined(qualities), tuple(split), causes)


def training(datas: list[StoryData], level: str) -> tuple[np.ndarray, np.ndarray]:
    if level == "link":
        return np.vstack([d.x for d in datas]), np.concatenate([d.y for d in datas])
    rows = [pair_rows(d) for d in datas]
    return np.vstack([r[1] for r in rows]), np.concatenate([r[2] for r in rows])


def loso(datas: list[StoryData], setting: Setting, settings) -> None:
    """Leave-one-story-out figures of a setting at every cut-off."""
    models = {}
    for held in datas:
        x, y = training([d for d in datas if d is not held], setting.level)
        if setting.level == "targeted":
            models[held.item.name] = targeted_fit(x, y, setting)
        else:
            models[held.item.name] = fit(x, y, setting.depth, setting.trees)
    wide = replace(settings, min_shared_terms=1)
    for cut in MIXED_CUTS if setting.level in ("mixed", "targeted") else CUTS:
        items = []
        for d in datas:
            chosen = chosen_links(d, models[d.item.name], setting, cut)
            items.append((d.item, lambda c=chosen: model_hooks(c, setting.triangles)))
        score = scored(items, wide)
        print(score.line(f"{setting} p >= {cut}"), flush=True)
        print("  " + causes_line(score.causes), flush=True)
        istanbul = scored([i for i in items if i[0].name == "istanbul"], wide)
        print(istanbul.line("    of it, istanbul"), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--grid", action="store_true", help="every setting, not the first")
    parser.add_argument("--export", type=Path, help="write the trees as JSON here, check them")
    parser.add_argument("--frontier", action="store_true", help="the rules, stricter")
    parser.add_argument(
        "--separation", action="store_true", help="how well models rank the links that matter"
    )
    parser.add_argument("--targeted", action="store_true", help="a promoter and a vetoer")
    parser.add_argument("--mixed", action="store_true", help="the rules, promoted and vetoed")
    args = parser.parse_args()
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    titles = frozenset(stem_word(t, language) for t in pack_for("en").titles)
    with tempfile.TemporaryDirectory() as workdir:
        stories = gold_stories(args.shared, Path(workdir), "development")
        datas = [story_data(item, settings, language, titles) for item in stories]
        n = sum(len(d.y) for d in datas)
        print(
            f"development: {len(datas)} stories, {n} candidate links "
            f"({int(sum(d.y.sum() for d in datas))} right), "
            f"{datas[0].x.shape[1]} features"
        )
        rules = scored([(d.item, _nothing) for d in datas], settings)
        print(rules.line("hand rules (defaults)"))
        print("  " + causes_line(rules.causes), flush=True)
        wide = replace(settings, min_shared_terms=1)
        for label, pick in (
            ("the rules' links, replayed", lambda d: d.x[:, RULE_COLUMNS].sum(1) > 0),
            ("perfect choice (the gold's)", lambda d: d.y > 0),
        ):
            replayed = scored([replaying(d, pick(d)) for d in datas], wide)
            print(replayed.line(label))
            print("  " + causes_line(replayed.causes), flush=True)
        if args.export:  # fit on every development story, as a package would ship it
            export_check(datas, args.export)
            return
        if args.frontier:  # the rules' own trade: stricter cut-offs
            for knob, value in (
                *(("event_threshold", v) for v in (0.18, 0.2, 0.22, 0.25, 0.3)),
                ("min_shared_terms", 3),
            ):
                stricter = scored(
                    [(d.item, _nothing) for d in datas], replace(settings, **{knob: value})
                )
                print(stricter.line(f"hand rules, {knob} {value}"), flush=True)
            return
        if args.separation:
            separation(datas)
            return
        grid = [Setting("link", 2, 200, False)]
        if args.targeted:
            grid = [Setting("targeted", depth, 100, False) for depth in (1, 2)]
        if args.mixed:
            grid = [Setting("mixed", depth, 200, tri) for depth in (1, 2) for tri in (False, True)]
        if args.grid:
            grid = [
                Setting(level, depth, trees, tri)
                for level in ("link", "pair")
                for depth, trees in ((2, 200), (3, 200))
                for tri in (False, True)
            ]
        for setting in grid:
            loso(datas, setting, settings)


def replaying(data: StoryData, picked: np.ndarray) -> tuple[GoldStory, Callable]:
    """A story with hooks that make exactly its `picked` links (a mask) same-event."""
    chosen = {key for key, pick in zip(data.keys, picked) if pick}
    return data.item, lambda: model_hooks(chosen, False)


def export_check(datas: list[StoryData], path: Path) -> None:
    """Fit a link model (depth 2, 200 trees) on every development story, write it as
    JSON, and check tree_probability against scikit-learn on every development link:
    the size the package would carry and what evaluating it costs in pure Python."""
    x, y = training(datas, "link")
    model = fit(x, y, 2, 200)
    path.write_text(json.dumps(exported(model)), encoding="utf-8")
    plain = json.loads(path.read_text(encoding="utf-8"))
    rows = [list(map(float, row)) for row in x]
    started = time.process_time()
    mine = [tree_probability(plain, row) for row in rows]
    seconds = time.process_time() - started
    drift = max(abs(a - b) for a, b in zip(mine, model.predict_proba(x)[:, 1]))
    print(
        f"exported trees: {path.stat().st_size / 1024:.0f} KB of JSON; pure Python "
        f"{seconds / len(rows) * 1e6:.0f} us of CPU a link; largest difference from "
        f"scikit-learn {drift:.1e}"
    )


def separation(datas: list[StoryData]) -> None:
    """Leave-one-story-out, links only where a decision changes what the site shows:
    of the links of passage pairs the rules do not show, how many of the k a model
    finds likeliest right are right (a promotion's precision); of the links of pairs
    they show, how many of the k it finds likeliest wrong are right (a veto's cost)."""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    makers = {
        "trees, depth 2, 200": lambda: fit_model(2, 200),
        "stumps, 300": lambda: fit_model(1, 300),
        "hist trees, depth 3": lambda: HistGradientBoostingClassifier(
            max_depth=3,
            learning_rate=0.05,
            max_iter=200,
            l2_regularization=1.0,
            min_samples_leaf=20,
            random_state=0,
        ),
        "random forest, 300": lambda: RandomForestClassifier(
            n_estimators=300, min_samples_leaf=5, random_state=0, n_jobs=1
        ),
        "logistic regression": lambda: make_pipeline(
            StandardScaler(), LogisticRegression(C=0.3, max_iter=2000)
        ),
    }
    x = np.vstack([d.x for d in datas])
    y = np.concatenate([d.y for d in datas])
    story = np.concatenate([[i] * len(d.y) for i, d in enumerate(datas)])
    p = np.zeros(len(y))  # one model over every link, as `link` and `mixed` fit it
    for s in np.unique(story):
        p[story == s] = fit(x[story != s], y[story != s], 2, 200).predict_proba(x[story == s])[:, 1]
    rule = x[:, RULE_COLUMNS].sum(1) > 0
    for cut in (0.7, 0.8):
        sure = ~rule & (p >= cut)
        print(
            f"links the rules leave at p >= {cut} (trees, depth 2, 200): {int(sure.sum())}, "
            f"{int(y[sure].sum())} right, {int((x[sure, SHOWN_COLUMN] > 0).sum())} of them "
            "between passages the site shows by the rules already"
        )
    for shown, label in ((False, "pairs the rules do not show"), (True, "pairs they show")):
        rows = (x[:, SHOWN_COLUMN] > 0) == shown
        xs, ys, gs = x[rows], y[rows], story[rows]
        print(f"links of {label}: {len(ys)}, {int(ys.sum())} right")
        for name, make in makers.items():
            p = np.zeros(len(ys))
            for s in np.unique(gs):
                p[gs == s] = make().fit(xs[gs != s], ys[gs != s]).predict_proba(xs[gs == s])[:, 1]
            order = np.argsort(p) if shown else np.argsort(-p)
            tops = "  ".join(f"{k}: {int(ys[order[:k]].sum())}" for k in (10, 20, 40, 80))
            kind = "likeliest wrong" if shown else "likeliest right"
            print(f"  {name:<22} AUC {roc_auc_score(ys, p):.3f}; right of the k {kind}: {tops}")


def fit_model(depth: int, trees: int) -> GradientBoostingClassifier:
    """An unfit GradientBoostingClassifier as `fit` makes it."""
    return GradientBoostingClassifier(
        max_depth=depth, n_estimators=trees, learning_rate=0.05, subsample=0.8, random_state=0
    )


@contextmanager
def _nothing() -> Iterator[None]:
    yield


if __name__ == "__main__":
    main()
