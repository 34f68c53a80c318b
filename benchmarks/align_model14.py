"""A pair model on the 76 gold stories, folds by SET (issue 23 point 4, fourteenth round;
a dev-only tool beside benchmarks/align_trees.py and align_trees40.py, whose features,
hooks and scoring it reuses).

Rounds six and nine fitted a model of the same-event decision on 14 and 40 golds and
found it at chance against the hand rules. Since then the golds nearly doubled (76
stories, 11 sets) and rounds ten to thirteen measured signals one at a time (actor-act,
a thing's rarity in the corpus, the order chain anchored at confident links) that were
never combined. This script asks, with all of it in one model:

1. the candidate table: every timely candidate sentence link of a story, one specific
   thing allowed (align_trees.story_data: 68 features, the rules' reason and whether the
   site shows the pair among them), align_trees40's five EXTRA features (positions, the
   order softly, the passages' cosine), the thirteenth round's signals
   (align_onething13: actor-act exact and loose, who-did-what, the shared thing's
   rarity in the other gold stories' articles, the story's topic, the chain of confident
   links crossed, in its gap, on the heaviest chain inside a gap), and the label (both
   passages in one gold event);
2. models (logistic regression, gradient-boosted trees) fit with folds by set: for
   each of the ten sets up to held-out-10, fit on the nine others (held-out-11 never
   in training), predict the set; hyper-parameters and the cut-off are chosen on these
   out-of-fold predictions only; then fit on the ten sets and predict held-out-11, as
   if blind;
3. the site: the model's probability at a cut-off REPLACES the hand rules' same-event
   decision (same_event_reason, found-then-dropped, time-or-number, the name and generic
   vetoes, triangles, order, the quoted pair of rows); the grouping (cluster and rows)
   is unchanged; scored as benchmarks/align_quality.py scores the site (precision of
   shown links, unit recall, split events), per set, beside the hand rules;
4. a paraphrase lexicon learned from the gold: word pairs (different words) of two
   outlets' passages in one gold event against the candidate passage pairs in none,
   counted on the training sets only (a smoothed log ratio, a PMI of aligned pairs), read
   as three more features of a link (largest, sum, how many pairs above 1).

    pip install scikit-learn   # this script only; nothing of it runs in the site
    python benchmarks/align_model14.py            # everything (about 15 minutes)
    python benchmarks/align_model14.py --ablation # feature groups, the lexicon alone
    python benchmarks/align_model14.py --lr-only 68   # logistic regression, first 68 features
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

import align_onething as ao  # noqa: E402
import align_onething12 as o12  # noqa: E402
import align_onething13 as o13  # noqa: E402
from align_quality import GOLD, causes_line, gold_stories, set_of  # noqa: E402
from align_trees import REASONS, RULE_COLUMNS, SHOWN_COLUMN, StoryData, story_data  # noqa: E402
from align_trees40 import Score, scored, total, with_extra  # noqa: E402

import site_builder.align as align  # noqa: E402
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.normalise import stem_word, term_head  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.language_pack import pack_for  # noqa: E402

EARLY = (
    "development",
    "held-out",
    "held-out-3",
    "held-out-4",
    "held-out-5",
    "held-out-6",
    "held-out-7",
    "held-out-8",
    "held-out-9",
    "held-out-10",
)
BLIND = "held-out-11"
CUTS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.625, 0.65, 0.675, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
LR_GRID = (0.01, 0.1, 1.0)
TREE_GRID = ((2, 100), (3, 200))
FEATURES = (
    "similarity",
    "things",
    "verbatim run",
    "best",
    "closest",
    "most words",
    *(f"kind {k}" for k in ("number", "time", "phrase", "quote", "run")),
    *(f"reason {r}" for r in REASONS),
    "a rule candidate",
    "pair shown",
    "pair related",
    "names",
    "titles",
    "numbers",
    "days",
    "things of several words",
    "quotations",
    "common words",
    "who not what",
    "weight sum",
    "weight max",
    "weight min",
    "rank left",
    "rank right",
    "share of strongest left",
    "share of strongest right",
    "links left",
    "links right",
    "links of the pair",
    "pair's best",
    "pair's most things",
    "pair's terms",
    "pair rank a",
    "pair rank b",
    "third outlets same",
    "third outlets any",
    "previous neighbours same",
    "next neighbours same",
    "different times",
    "place a",
    "place b",
    "earlier place",
    "both first sentences",
    "shorter terms",
    "longer terms",
    "articles",
    "content Dice",
    "content shared",
    "plain shared weight",
    "own specific min",
    "own specific max",
    "numbers disagree",
    "days disagree",
    "length ratio",
    "EXTRA distance",
    "EXTRA in step",
    "EXTRA out of step",
    "EXTRA balance",
    "EXTRA passage cosine",
)
SIGNALS13 = (
    "actor-act",
    "actor-act loose",
    "who did what",
    "corpus log articles",
    "corpus <= 5",
    "topic",
    "crossed anchors",
    "in a gap",
    "heaviest chain",
)


@dataclass
class Story:
    """One gold story read for the model: align_trees' StoryData, its set, the word
    pairs of its gold (positive) and candidate-only (negative) passage pairs, and each
    link's cross word pairs (for the lexicon features, which depend on the fold)."""

    data: StoryData
    label: str
    positive: Counter
    negative: Counter
    n_positive: int
    n_negative: int
    link_pairs: list[list[tuple[str, str]]]


def word_pairs(a: set[str], b: set[str]) -> list[tuple[str, str]]:
    """The (ordered) pairs of different words, one from each side."""
    return [(x, y) if x < y else (y, x) for x in a for y in b if x != y]


def content(terms, reporting: frozenset[str]) -> set[str]:
    """A sentence's or passage's words for the lexicon: term heads, no names of several
    words, no numbers, no reporting verbs."""
    return {
        term_head(t)
        for t in terms
        if " " not in t and "+" not in t and not t[:1].isdigit() and term_head(t) not in reporting
    }


def signals13(d: StoryData, wide, default, corpus: Counter, own: Counter) -> np.ndarray:
    """The thirteenth round's signals (align_onething13) for every link of d."""
    units, lexicon = wide.units, wide.lexicon
    story = d.item.story
    texts = [ao.text(story, u) for u in units]
    n_articles = len({u.article for u in units})
    others_total = max(1, corpus["__articles__"] - n_articles)
    previous, last = {}, {}
    for i, u in enumerate(units):
        previous[i] = last.get(u.article, frozenset())
        name = o12.first_name(texts[i])
        if name:
            last[u.article] = name
    anchors = defaultdict(list)
    for k, reason in default.reasons.items():
        if reason and (reason == "verbatim" or k.score >= 0.3):
            ua, ub = default.units[k.left], default.units[k.right]
            if ua.article > ub.article:
                ua, ub = ub, ua
            anchors[(ua.article, ub.article)].append((ua.position, ub.position))
    chains = {key: o13.chain(v) for key, v in anchors.items()}
    by_link = {(k.left, k.right): k for k in wide.links}
    placed = {}
    items = defaultdict(list)
    for key in d.keys:
        ua, ub = units[key[0]], units[key[1]]
        pair = tuple(sorted((ua.article, ub.article)))
        pa, pb = (ua.position, ub.position) if ua.article == pair[0] else (ub.position, ua.position)
        placed[key] = (pair, pa, pb)
        items[pair].append((pa, pb, by_link[key].score, key))
    on_chain = set()
    for pair, its in items.items():
        c = chains.get(pair, [])
        if len(c) < 2:
            continue
        bounds = [(-1, -1), *c, (10**6, 10**6)]
        for (x0, y0), (x1, y1) in itertools.pairwise(bounds):
            inside = [t for t in its if x0 <= t[0] <= x1 and y0 <= t[1] <= y1]
            on_chain.update(o13.heaviest_chain(inside))
    reporting = set(lexicon.reporting)
    rows = []
    actors = [o13.actor_acts(texts[i], previous[i]) for i in range(len(units))]
    subjects = {}
    for key in d.keys:
        a, b = key
        k = by_link[key]
        shared = [t for t in k.terms if t in lexicon.anchors and term_head(t) not in reporting]
        aa, ab = actors[a], actors[b]
        exact = bool({x for x in aa & ab if x[1] != "say"})
        loose = False
        for mine, other, prev in ((aa, texts[b], previous[b]), (ab, texts[a], previous[a])):
            heads = o13._stem5(other)
            names = {o13._fold(w) for w in o13._WORD.findall(other)} | prev
            if any(v != "say" and v[:5] in heads and w in names for w, v in mine):
                loose = True
        for i in key:
            if i not in subjects:
                subjects[i] = o13.subject_verbs(texts[i], previous[i])
        sv = bool({x for x in subjects[a] & subjects[b] if x[1] != "say"})
        counts = [corpus[t] - own[t] for t in shared] or [others_total]
        rare = min(counts)
        in_story = max((own[t] for t in shared), default=0)
        topic = in_story >= n_articles and rare / others_total <= 0.02
        pair, pa, pb = placed[key]
        c = chains.get(pair, [])
        if len(c) < 2:
            cross, gap = -1.0, 0.0
        else:
            cross = float(sum(1 for x, y in c if (x < pa and y > pb) or (x > pa and y < pb)))
            gap = float(
                cross == 0
                and any(x <= pa and y <= pb for x, y in c)
                and any(x >= pa and y >= pb for x, y in c)
            )
        rows.append(
            [
                float(exact),
                float(loose),
                float(sv),
                math.log1p(rare),
                float(rare <= 5),
                float(topic),
                cross,
                gap,
                float(key in on_chain),
            ]
        )
    return np.array(rows).reshape(len(d.keys), len(SIGNALS13))


def read_stories(shared: Path, workdir: Path) -> list[Story]:
    """The 76 golds: the candidate table with every fixed feature, and the lexicon
    counts of each story."""
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    titles = frozenset(stem_word(t, language) for t in pack_for("en").titles)
    items = gold_stories(shared, workdir, "all")
    labels = {}
    for item in items:
        data = yaml.safe_load((GOLD / f"{item.name}.yaml").read_text(encoding="utf-8"))
        labels[item.name] = set_of(item.name, data.get("split", "development"))
    wides = {
        i.name: align.diagnose(i.story, replace(settings, min_shared_terms=1), language)
        for i in items
    }
    defaults = {i.name: align.diagnose(i.story, settings, language) for i in items}
    # the corpus: in how many articles of all 76 golds each term is
    corpus: Counter = Counter()
    owns: dict[str, Counter] = {}
    for item in items:
        per: dict[str, set] = defaultdict(set)
        for u in wides[item.name].units:
            per[u.article].update(u.terms)
        own = Counter()
        for terms in per.values():
            own.update(terms)
        owns[item.name] = own
        corpus.update(own)
        corpus["__articles__"] += len(per)
    out = []
    for item in items:
        d = story_data(item, settings, language, titles)
        d = with_extra(d, settings, language)
        wide, default = wides[item.name], defaults[item.name]
        d = replace(d, x=np.hstack([d.x, signals13(d, wide, default, corpus, owns[item.name])]))
        units, lexicon = wide.units, wide.lexicon
        reporting = frozenset(lexicon.reporting)
        words: dict[tuple, set] = defaultdict(set)
        for u in units:
            words[(u.article, u.passage)] |= content(u.terms, reporting)
        gold_pairs = {
            frozenset(p)
            for event in item.gold.events
            for p in itertools.combinations(event.passages, 2)
            if p[0][0] != p[1][0]
        }
        candidates = set(d.pairs) - gold_pairs
        positive, negative = Counter(), Counter()
        for pairs, counter in ((gold_pairs, positive), (candidates, negative)):
            for p in pairs:
                a, b = sorted(p)
                counter.update(set(word_pairs(words[a], words[b])))
        link_pairs = [
            word_pairs(
                content(units[left].terms, reporting), content(units[right].terms, reporting)
            )
            for left, right in d.keys
        ]
        out.append(
            Story(
                d,
                labels[item.name],
                positive,
                negative,
                len(gold_pairs),
                len(candidates),
                link_pairs,
            )
        )
    return out


class Lexicon:
    """The paraphrase lexicon, counted per set so that the lexicon of any group of sets
    is a sum: for each pair of different words that some candidate link has across its
    two sentences, in how many gold passage pairs (two outlets' passages in one gold
    event) and in how many candidate passage pairs of no event it is across."""

    def __init__(self, stories: list[Story]) -> None:
        ids: dict[tuple[str, str], int] = {}
        self.links = {}
        for s in stories:
            self.links[s.data.item.name] = [
                np.array([ids.setdefault(w, len(ids)) for w in pairs], dtype=np.int64)
                for pairs in s.link_pairs
            ]
        self.pos: dict[str, np.ndarray] = {}
        self.neg: dict[str, np.ndarray] = {}
        self.sizes: dict[str, tuple[int, int]] = {}
        for label in {s.label for s in stories}:
            pos, neg = np.zeros(len(ids)), np.zeros(len(ids))
            n_pos = n_neg = 0
            for s in stories:
                if s.label != label:
                    continue
                for counter, array in ((s.positive, pos), (s.negative, neg)):
                    for w, c in counter.items():
                        i = ids.get(w)
                        if i is not None:
                            array[i] += c
                n_pos += s.n_positive
                n_neg += s.n_negative
            self.pos[label], self.neg[label], self.sizes[label] = pos, neg, (n_pos, n_neg)

    def scores(self, labels, least: int = 2) -> np.ndarray:
        """The lexicon of the sets `labels`: the log of how much more often a word pair is
        across gold passage pairs than across candidate pairs of no event (seen in
        `least` gold pairs or more; else 0)."""
        pos = sum(self.pos[x] for x in labels)
        neg = sum(self.neg[x] for x in labels)
        n_pos = sum(self.sizes[x][0] for x in labels)
        n_neg = sum(self.sizes[x][1] for x in labels)
        score = np.log((pos + 0.5) / n_pos) - np.log((neg + 0.5) / n_neg)
        return np.where(pos >= least, np.maximum(score, 0.0), 0.0)

    def features(self, s: Story, score: np.ndarray) -> np.ndarray:
        """Per link of s: the largest association of its word pairs, their sum, and how
        many are above 1."""
        rows = []
        for ids in self.links[s.data.item.name]:
            v = score[ids] if len(ids) else np.zeros(1)
            rows.append([v.max(), v.sum(), float((v > 1).sum())])
        return np.array(rows).reshape(len(s.link_pairs), 3)


def matrix(stories: list[Story], extra: list[np.ndarray] | None) -> tuple[np.ndarray, np.ndarray]:
    xs = [
        s.data.x if extra is None else np.hstack([s.data.x, e])
        for s, e in zip(stories, extra or [None] * len(stories))
    ]
    return np.vstack(xs), np.concatenate([s.data.y for s in stories])


def make_model(kind: str, param):
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "lr":
        return make_pipeline(StandardScaler(), LogisticRegression(C=param, max_iter=3000))
    depth, trees = param
    return GradientBoostingClassifier(max_depth=depth, n_estimators=trees, random_state=0)


def predict(kind, param, train: list[Story], test: list[Story], lexicon) -> list[np.ndarray]:
    """Fit on `train`, probabilities of each test story. With a `lexicon`, a training
    story's lexicon features come from the other training sets only (so the model learns
    how far a lexicon carries to a set it never saw), a test story's from every
    training set."""
    extra = test_extra = None
    if lexicon is not None:
        labels = sorted({s.label for s in train})
        inner = {x: lexicon.scores([y for y in labels if y != x]) for x in labels}
        extra = [lexicon.features(s, inner[s.label]) for s in train]
        whole = lexicon.scores(labels)
        test_extra = [lexicon.features(s, whole) for s in test]
    x, y = matrix(train, extra)
    model = make_model(kind, param).fit(x, y)
    return [
        model.predict_proba(matrix([s], None if test_extra is None else [e])[0])[:, 1]
        for s, e in zip(test, test_extra or [None] * len(test))
    ]


def out_of_fold(stories, kind, param, lexicon) -> dict[str, np.ndarray]:
    """Each story's probabilities: the ten early sets by leaving each set out (the
    others early, never held-out-11); held-out-11 from all ten."""
    probs = {}
    early = [s for s in stories if s.label in EARLY]
    for label in (*EARLY, BLIND):
        test = [s for s in stories if s.label == label]
        train = [s for s in early if s.label != label]
        for s, p in zip(test, predict(kind, param, train, test, lexicon)):
            probs[s.data.item.name] = p
    return probs


@contextmanager
def model_decides(chosen: frozenset) -> Iterator[None]:
    """The aligner with `chosen` (unit index pairs) as its only same-event links: every
    rule deciding same-event is replaced (reason, found-then-dropped, time-or-number,
    name and generic vetoes, triangles, order, the quoted pair of a row); candidates,
    time, cluster and rows (the grouping) run as shipped."""
    saved = {
        n: getattr(align, n)
        for n in (
            "same_event_reason",
            "found_reasons",
            "names_alone",
            "GenericEvidence",
            "closed_triangles",
            "ordered_links",
            "quoted_pairs",
        )
    }

    def reason(link, **_):
        return "closest" if (link.left, link.right) in chosen else ""

    def barred(links, *args, **kwargs):  # time-or-number links the model leaves
        return {k for k in links if (k.left, k.right) not in chosen}

    class NoGeneric:
        def __init__(self, *args, **kwargs):
            pass

        def links(self, *args, **kwargs):
            return set()

    align.same_event_reason = reason
    align.found_reasons = lambda *a, **k: {}
    align.names_alone = barred
    align.GenericEvidence = NoGeneric
    align.closed_triangles = lambda *a, **k: []
    align.ordered_links = lambda *a, **k: []
    align.quoted_pairs = lambda *a, **k: {}
    try:
        yield
    finally:
        for n, f in saved.items():
            setattr(align, n, f)


class Site:
    """Scores a story with a set of chosen links (memoised)."""

    def __init__(self, stories: list[Story]) -> None:
        self.settings = load_config(REPO / "site.yml").alignment
        self.wide = replace(self.settings, min_shared_terms=1)
        self.language = load_language("en")
        self.items = {s.data.item.name: s for s in stories}
        self.memo: dict = {}
        self.rule_candidates = False

    def rules(self, name: str) -> Score:
        if (name, "rules") not in self.memo:
            item = self.items[name].data.item
            diagnosis = align.diagnose(item.story, self.settings, self.language)
            self.memo[(name, "rules")] = scored(diagnosis, item.gold)
        return self.memo[(name, "rules")]

    def __call__(self, name: str, chosen: frozenset) -> Score:
        if (name, chosen) not in self.memo:
            item = self.items[name].data.item
            with model_decides(chosen):
                diagnosis = align.diagnose(item.story, self.wide, self.language)
            self.memo[(name, chosen)] = scored(diagnosis, item.gold)
        return self.memo[(name, chosen)]

    def replayed(self, name: str) -> Score:
        """The rules' own same-event links through the model's hooks."""
        d = self.items[name].data
        rule = d.x[:, RULE_COLUMNS].sum(1) > 0
        return self(name, frozenset(k for k, r in zip(d.keys, rule) if r))

    def at(self, name: str, probs: np.ndarray, cut: float) -> Score:
        d = self.items[name].data
        keep = probs >= cut
        if self.rule_candidates:  # only links the rules' own pass makes (no one-thing)
            keep &= d.x[:, RULE_COLUMNS.stop] > 0
        return self(name, frozenset(k for k, ok in zip(d.keys, keep) if ok))


def auc(stories, probs, labels) -> str:
    from sklearn.metrics import log_loss, roc_auc_score

    chosen = [s for s in stories if s.label in labels]
    y = np.concatenate([s.data.y for s in chosen])
    p = np.concatenate([probs[s.data.item.name] for s in chosen])
    return f"AUC {roc_auc_score(y, p):.3f} log-loss {log_loss(y, np.clip(p, 1e-6, 1 - 1e-6)):.3f}"


def summed(site: Site, stories, probs, cut, labels) -> Score:
    return total(
        [
            site.at(s.data.item.name, probs[s.data.item.name], cut)
            for s in stories
            if s.label in labels
        ]
    )


def rules_of(site: Site, stories, labels) -> Score:
    return total([site.rules(s.data.item.name) for s in stories if s.label in labels])


def ablation(stories: list[Story]) -> None:
    """What each group of features and the lexicon carry to a set never seen: pooled
    out-of-fold AUC (by set, the ten early sets; held-out-11 from all ten) of a
    logistic regression over feature groups, and the lexicon's own features read alone
    on each set, learnt from the other sets or (for contrast) with the set itself."""
    from sklearn.metrics import roc_auc_score

    width = stories[0].data.x.shape[1]
    base = width - 5 - len(SIGNALS13)
    groups = {
        "the rules' decision alone (reason, shown)": [
            *range(RULE_COLUMNS.start, RULE_COLUMNS.stop),
            RULE_COLUMNS.stop,
            SHOWN_COLUMN,
        ],
        "round six's 68": list(range(base)),
        "68 + five EXTRA": list(range(base + 5)),
        "68 + thirteenth round's signals": [*range(base), *range(base + 5, width)],
        "all 82": list(range(width)),
    }
    for title, columns in groups.items():
        cut = [replace(s, data=replace(s.data, x=s.data.x[:, columns])) for s in stories]
        probs = out_of_fold(cut, "lr", 0.1, None)
        print(f"  {title:<44} early {auc(cut, probs, EARLY)}; {BLIND} {auc(cut, probs, (BLIND,))}")
    lexicon = Lexicon(stories)
    labels = sorted({s.label for s in stories})
    print("  the lexicon alone (AUC of its largest association / its sum, every link;")
    print("  in brackets the links with no rule reason): learnt on the other sets | with it")
    rule = {s.data.item.name: s.data.x[:, RULE_COLUMNS].sum(1) == 0 for s in stories}
    for label in labels:
        test = [s for s in stories if s.label == label]
        y = np.concatenate([s.data.y for s in test])
        free = np.concatenate([rule[s.data.item.name] for s in test])
        cells = []
        for sets in ([x for x in labels if x != label], labels):
            f = np.vstack([lexicon.features(s, lexicon.scores(sets)) for s in test])
            cells.append(
                " / ".join(
                    f"{roc_auc_score(y, f[:, i]):.3f} ({roc_auc_score(y[free], f[free, i]):.3f})"
                    for i in (0, 1)
                )
            )
        print(f"    {label:<12} {cells[0]} | {cells[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--quick", action="store_true", help="one model of each kind")
    parser.add_argument("--ablation", action="store_true", help="feature groups, lexicon")
    parser.add_argument(
        "--lr-only", type=int, metavar="N", help="logistic regression on the first N features"
    )
    parser.add_argument(
        "--rule-candidates",
        action="store_true",
        help="with --lr-only: the model decides only among the rules' own candidate links",
    )
    parser.add_argument(
        "--frozen",
        metavar="SET",
        help="the two models as round fourteen chose them, fit on the ten early sets, "
        "predict the stories of SET once (a set annotated after the choice), beside the rules",
    )
    args = parser.parse_args()
    started = time.time()
    with tempfile.TemporaryDirectory() as workdir:
        stories = read_stories(args.shared, Path(workdir))
        if not args.frozen:  # a set annotated after the choice is scored by --frozen only
            stories = [s for s in stories if s.label in (*EARLY, BLIND)]
        if args.frozen:
            frozen(stories, args.frozen)
        elif args.ablation:
            ablation(stories)
        elif args.lr_only:
            n = args.lr_only
            stories = [replace(s, data=replace(s.data, x=s.data.x[:, :n])) for s in stories]
            run(stories, args.quick, started, lr_only=True, rule_candidates=args.rule_candidates)
        else:
            run(stories, args.quick, started)


FROZEN = (("lr", 0.01, 0.6), ("trees", (3, 200), 0.625))
"""The models and cut-offs round fourteen chose on the early sets (docs/alignment.md, "A
pair model on 76 stories, fourteenth round")."""


def frozen(stories: list[Story], label: str) -> None:
    """The chosen models, fit once on the ten early sets, on the stories of `label`
    (never seen in the choice), with the hand rules beside them, per story and summed."""
    early = [s for s in stories if s.label in EARLY]
    test = [s for s in stories if s.label == label]
    if not test:
        raise SystemExit(f"no gold story in the set {label!r}")
    site = Site(stories)
    print(f"{label}: {len(test)} stories; hand rules {rules_of(site, stories, (label,)).line()}")
    for kind, param, cut in FROZEN:
        probs = {s.data.item.name: p for s, p in zip(test, predict(kind, param, early, test, None))}
        print(f"  {kind} {param}, p >= {cut}: {summed(site, test, probs, cut, (label,)).line()}")
        for st in test:
            name = st.data.item.name
            r = rules_of(site, [st], (label,)).quality
            m = site.at(name, probs[name], cut).quality
            print(
                f"    {name:<36} rules {r.correct}/{r.predicted}, {r.found} units"
                f" -> model {m.correct}/{m.predicted}, {m.found} units"
            )


def coefficients(stories: list[Story], c: float, columns: int) -> None:
    """The logistic regression fit on the ten early sets: its largest coefficients
    (standardised features), the table the site would ship."""
    early = [s for s in stories if s.label in EARLY]
    x, y = matrix(early, None)
    model = make_model("lr", c).fit(x, y)
    coef = model[-1].coef_[0]
    names = [*FEATURES, *SIGNALS13][:columns]
    order = np.argsort(-np.abs(coef))
    print(
        f"\nlogistic regression C={c} on the ten early sets: "
        f"intercept {model[-1].intercept_[0]:.3f}"
    )
    print("  " + "; ".join(f"{names[i]} {coef[i]:+.2f}" for i in order[:25]))
    print(f"  ({int((np.abs(coef) >= 0.05).sum())} of {len(coef)} coefficients at 0.05 or more)")


def run(
    stories: list[Story],
    quick: bool,
    started: float,
    lr_only: bool = False,
    rule_candidates: bool = False,
) -> None:
    """Rank, choose on the early sets, score the site (see the module's docstring)."""
    links = sum(len(s.data.y) for s in stories)
    right = int(sum(s.data.y.sum() for s in stories))
    print(
        f"{len(stories)} gold stories, {links} candidate links ({right} right), "
        f"{stories[0].data.x.shape[1]} features (+3 lexicon) ({time.time() - started:.0f} s)",
        flush=True,
    )
    sets = Counter(s.label for s in stories)
    print("sets: " + ", ".join(f"{k} {v}" for k, v in sets.items()))

    # hyper-parameters: out-of-fold (by set) on the ten early sets only
    grid = [("lr", c, lex) for c in LR_GRID for lex in (False, True)]
    grid += [("trees", p, lex) for p in TREE_GRID for lex in (False, True)]
    if lr_only:
        grid = [("lr", c, False) for c in LR_GRID]
    if quick:
        grid = [
            ("lr", 0.1, False),
            ("lr", 0.1, True),
            ("trees", (2, 100), False),
            ("trees", (2, 100), True),
        ]
    all_probs = {}
    print("\nranking, out of fold by set (early: the ten sets up to held-out-10)")
    lexicon = Lexicon(stories)
    for kind, param, lex in grid:
        probs = out_of_fold(stories, kind, param, lexicon if lex else None)
        all_probs[(kind, param, lex)] = probs
        print(
            f"  {kind} {param} lexicon {lex}: early {auc(stories, probs, EARLY)}; "
            f"{BLIND} {auc(stories, probs, (BLIND,))} ({time.time() - started:.0f} s)",
            flush=True,
        )
    from sklearn.metrics import log_loss

    def early_loss(key):
        probs = all_probs[key]
        chosen = [s for s in stories if s.label in EARLY]
        y = np.concatenate([s.data.y for s in chosen])
        p = np.concatenate([probs[s.data.item.name] for s in chosen])
        return log_loss(y, np.clip(p, 1e-6, 1 - 1e-6))

    picks = {}
    for kind in ("lr",) if lr_only else ("lr", "trees"):
        for lex in (False,) if lr_only else (False, True):
            keys = [k for k in all_probs if k[0] == kind and k[2] == lex]
            picks[(kind, lex)] = min(keys, key=early_loss)
    print("chosen on the early sets (lowest log-loss): " + "; ".join(map(str, picks.values())))
    coefficients(stories, picks[("lr", False)][1], stories[0].data.x.shape[1])
    if lr_only:
        shown = [picks[("lr", False)]]
    else:
        best_lex = min((picks[("lr", True)], picks[("trees", True)]), key=early_loss)
        shown = [picks[("lr", False)], picks[("trees", False)], best_lex]

    site = Site(stories)
    site.rule_candidates = rule_candidates
    everything = (*EARLY, BLIND)
    held = tuple(x for x in everything if x != "development")
    print("\nhand rules and the rules' links replayed through the model's hooks:")
    for labels, title in ((EARLY, "early 10 sets"), ((BLIND,), BLIND), (held, "held-out all 62")):
        print(f"  {title:<16} rules    {rules_of(site, stories, labels).line()}")
        rep = total([site.replayed(s.data.item.name) for s in stories if s.label in labels])
        print(f"  {title:<16} replayed {rep.line()}")

    for key in shown:
        kind, _, lex = key
        probs = all_probs[key]
        print(f"\n== {kind} {key[1]} lexicon {lex}: the site at each cut-off ==")
        curves = {}
        for labels, title in ((EARLY, "early"), ((BLIND,), BLIND), (held, "held-out 62")):
            base = rules_of(site, stories, labels).quality
            print(f"  {title}: rules P {base.precision:.3f} R {base.recall:.3f} F1 {base.f1:.3f}")
            curve = []
            for cut in CUTS:
                s = summed(site, stories, probs, cut, labels)
                curve.append((cut, s))
                print(f"    p >= {cut:<4} {s.line()}", flush=True)
            curves[title] = (base, curve)
            q = [(c, s.quality) for c, s in curve]
            hit = [c for c, x in q if x.precision >= 0.90 and x.recall >= 0.65]
            at_p = max((x.recall for c, x in q if x.precision >= base.precision), default=None)
            at_r = max((x.precision for c, x in q if x.recall >= base.recall), default=None)
            print(
                f"    P >= .90 with R >= .65: {hit or 'no point'}; best recall at the rules' "
                f"precision or more: {at_p}; best precision at their recall or more: {at_r}"
            )
        # the cut-off chosen on the early sets: highest F1 with P and R no lower than rules
        base, curve = curves["early"]
        ok = [
            (s.quality.f1, c)
            for c, s in curve
            if s.quality.precision >= base.precision - 0.002
            and s.quality.recall >= base.recall - 0.002
        ]
        best_f1 = max(curve, key=lambda t: t[1].quality.f1)[0]
        cut = max(ok)[1] if ok else None
        at_rules = min((c for c, s in curve if s.quality.precision >= base.precision), default=None)
        print(
            f"  cut-off chosen on the early sets: two-sided {cut}; best F1 alone {best_f1}; "
            f"lowest at the rules' precision {at_rules}"
        )
        for c in sorted({cut, best_f1, at_rules} - {None}):
            print(f"  per set at p >= {c} (model | rules):")
            for label in everything:
                m = summed(site, stories, probs, c, (label,))
                r = rules_of(site, stories, (label,))
                print(f"    {label:<12} {m.line()}  |  {r.line()}")
                print(f"                 model {causes_line(m.causes)}")
            if c == at_rules:
                print("  per story (rules -> model: right/shown, units)")
                for st in stories:
                    name = st.data.item.name
                    r = rules_of(site, [st], (st.label,)).quality
                    m = site.at(name, probs[name], c).quality
                    if (r.correct, r.predicted, r.found) != (m.correct, m.predicted, m.found):
                        print(
                            f"    {name:<36} {st.label:<11} {r.correct}/{r.predicted},{r.found}"
                            f" -> {m.correct}/{m.predicted},{m.found}"
                        )
    print(f"\n({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
