"""A one-pass pair model with features of a thing's burstiness in its article (issue 23
point 4, sixteenth round; a dev-only tool beside benchmarks/align_model14.py and
align_model15b.py, whose table, site hooks and feature groups it imports).

Round fourteen's pair model (logistic regression replacing the rules' same-event
decision) beat the hand rules on both sides on three blind sets but was not shipped:
on Istanbul, fit without it, its precision was .649 against the rules' .923 (its wrong
links share one name that recurs through an article's commentary), and its features
cost 1.7 x the aligner. This script asks whether a model on the features one candidate
pass has (round fifteen's 57: no rules' result, no corpus table), plus features that
describe a recurring name in ANY story, answers both:

1. `--burst`: the new features, computed per article and per article pair of the story
   (no corpus): in how many passages of each of the two articles the link's shared
   thing occurs (its burstiness in the article), whether it is among each article's
   three most frequent things, how many candidate links of the article pair share
   exactly the same things, whether it is in a headline or the story's title, how many
   other (plain) words the two sentences share; and how often one-thing links on a
   bursty name are right on the BASIL golds and on Istanbul (the pattern is learnt from
   BASIL, not from Istanbul); and the DENSITY features of the article pair (its links of
   two or more things per passage of the shorter article, the share of its candidates
   with one thing, both articles' lengths): how much two articles report in common;
2. the fit: logistic regression, folds by set (leave one set out) over the twelve sets
   up to held-out-12; Istanbul (in the development set) is predicted by the fold that
   leaves the development set out, so never by a fit that saw it; C and the cut-off are
   chosen on those out-of-fold predictions (pooled precision no lower than the rules',
   recall highest, fewer sets losing more than .01 of precision on a tie; a choice
   that puts the per-set condition first takes the highest cut-off, recall .47);
   then fit on the twelve sets and held-out-13 predicted once, as if blind;
3. the site: the model's probability at the cut-off replaces the rules' same-event
   decision (align_model14.model_decides), scored per set, per story, and on Istanbul;
4. `--frozen SET`: the model and cut-off chosen in 2 (fit on the twelve sets up to
   held-out-12), scored on one named set only.

    pip install scikit-learn   # this script only
    python benchmarks/align_model16.py --burst      # the pattern on BASIL and Istanbul
    python benchmarks/align_model16.py              # five feature groups, every set (15 min)
    python benchmarks/align_model16.py --groups "one pass + burst"   # one group (3 min)
    python benchmarks/align_model16.py --frozen held-out-13
    python benchmarks/align_model16.py --pair-evidence   # one-thing links only beside two
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_model14 as m14  # noqa: E402
import align_model15b as m15b  # noqa: E402
from align_trees40 import total  # noqa: E402

import site_builder.align as align  # noqa: E402
from site_builder.align.gold import gold_links, predicted_links  # noqa: E402
from site_builder.align.normalise import stem_word, term_head  # noqa: E402

UP_TO_12 = (*m14.EARLY, "held-out-11", "held-out-12")
BLIND = "held-out-13"
C_GRID = (0.01, 0.1, 1.0)
CUTS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.625, 0.65, 0.675, 0.7, 0.75, 0.8)
BURST = (
    "burst least",
    "burst most",
    "burst passages",
    "top thing both",
    "top thing either",
    "same things in the article pair",
    "in a headline",
    "other shared words",
    "one thing x burst least",
    "one thing x top both",
    "one thing x same things",
    "one thing x nothing else",
)
DENSITY = (
    "pair two-thing links per passage",
    "pair one-thing share",
    "log passages, shorter article",
    "log passages, longer article",
    "one thing x two-thing links per passage",
)
"""How much the two articles report the same things at all (their pass's links of two or
more things per passage of the shorter), and their length: a pair of commentaries that
mention the same names but report little in common has few such links."""
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def memoised_diagnose():
    """align.diagnose memoised per story and candidate width while the table is read
    (each story's two passes run once), and the way to put it back."""
    real, memo = align.diagnose, {}

    def once(story, settings, language):
        key = (id(story), settings.min_shared_terms)
        if key not in memo:
            memo[key] = real(story, settings, language)
        return memo[key]

    align.diagnose = once
    return lambda: setattr(align, "diagnose", real)


def burst_features(s: m14.Story, settings, language) -> np.ndarray:
    """The BURST and DENSITY features of every link of s, from the wide pass (one thing
    allowed) of its story only: per article, in how many passages each thing (a term
    head) occurs and which three things occur most; per article pair, how many
    candidate links share exactly the same things."""
    d = s.data
    story = d.item.story
    wide = align.diagnose(story, replace(settings, min_shared_terms=1), language)
    units, lexicon = wide.units, wide.lexicon
    reporting = frozenset(term_head(t) for t in lexicon.reporting)
    passages: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    n_passages: dict[str, set] = defaultdict(set)
    for u in units:
        n_passages[u.article].add(u.passage)
        for t in u.terms:
            if t in lexicon.anchors:
                passages[u.article][term_head(t)].add(u.passage)
    top = {}
    for a, per in passages.items():
        counts = sorted((len(v) for v in per.values()), reverse=True)
        floor = counts[2] if len(counts) >= 3 else 1
        top[a] = {t for t, v in per.items() if len(v) >= max(2, floor)}
    heads = set()
    for text in (story.title, *(a.title for a in story.articles)):
        heads.update(stem_word(w.lower(), language) for w in WORD.findall(text))
    by_key = {(k.left, k.right): k for k in wide.links}
    same: Counter = Counter()
    several: Counter = Counter()
    every: Counter = Counter()
    for key in d.keys:
        k = by_key[key]
        pair = tuple(sorted((units[k.left].article, units[k.right].article)))
        same[(pair, frozenset(k.evidence))] += 1
        several[pair] += len(k.evidence) >= 2
        every[pair] += 1
    rows, density = [], []
    for key in d.keys:
        k = by_key[key]
        a, b = units[k.left].article, units[k.right].article
        things = [t for t in k.evidence if t in passages[a] or t in passages[b]]
        fa = {t: len(passages[a].get(t, ())) / max(1, len(n_passages[a])) for t in things}
        fb = {t: len(passages[b].get(t, ())) / max(1, len(n_passages[b])) for t in things}
        bursts = [max(fa[t], fb[t]) for t in things] or [0.0]
        least = min(bursts)
        most = max(bursts)
        counts = [len(passages[a].get(t, ())) + len(passages[b].get(t, ())) for t in things]
        top_both = float(bool(things) and all(t in top[a] and t in top[b] for t in things))
        top_either = float(bool(things) and all(t in top[a] or t in top[b] for t in things))
        pair = tuple(sorted((a, b)))
        n_same = math.log1p(same[(pair, frozenset(k.evidence))] - 1)
        headline = float(bool(things) and all(t in heads for t in things))
        evidence_heads = set(k.evidence)
        other = sum(
            1
            for t in k.terms
            if term_head(t) not in evidence_heads and term_head(t) not in reporting
        )
        one = float(len(k.evidence) == 1)
        rows.append(
            [
                least,
                most,
                math.log1p(min(counts, default=0)),
                top_both,
                top_either,
                n_same,
                headline,
                float(min(other, 6)),
                one * least,
                one * top_both,
                one * n_same,
                one * float(other == 0),
            ]
        )
        shorter, longer = sorted((len(n_passages[a]), len(n_passages[b])))
        per_passage = several[pair] / max(1, shorter)
        density.append(
            [
                per_passage,
                (every[pair] - several[pair]) / every[pair],
                math.log(max(1, shorter)),
                math.log(max(1, longer)),
                one * per_passage,
            ]
        )
    return np.hstack(
        [
            np.array(rows, dtype=float).reshape(len(d.keys), len(BURST)),
            np.array(density, dtype=float).reshape(len(d.keys), len(DENSITY)),
        ]
    )


def read(shared: Path, workdir: Path) -> tuple[list[m14.Story], dict[str, np.ndarray], float]:
    """Every gold's table (align_model14, without its lexicon word pairs, which are no
    feature here) and the BURST features of each story, and the CPU seconds the BURST
    features took."""
    m14.word_pairs = lambda a, b: []
    restore = memoised_diagnose()
    try:
        stories = m14.read_stories(shared, workdir)
        settings = m14.load_config(REPO / "site.yml").alignment
        language = m14.load_language("en")
        t = time.process_time()
        burst = {s.data.item.name: burst_features(s, settings, language) for s in stories}
        spent = time.process_time() - t
    finally:
        restore()
    return stories, burst, spent


def columns(stories, burst, group: str) -> dict[str, np.ndarray]:
    """Each story's feature matrix for a group: 'one pass' (round fifteen's 57),
    'one pass + burst', 'no corpus + burst' (the 79 that include the rules' result)."""
    out = {}
    no_corpus = [i for i in range(len(m15b.NAMES)) if i not in m15b.CORPUS]
    for s in stories:
        name = s.data.item.name
        x = s.data.x
        if group == "one pass":
            out[name] = x[:, m15b.ONE_PASS]
        elif group == "one pass + burst":
            out[name] = np.hstack([x[:, m15b.ONE_PASS], burst[name][:, : len(BURST)]])
        elif group == "one pass + density":
            out[name] = np.hstack([x[:, m15b.ONE_PASS], burst[name][:, len(BURST) :]])
        elif group == "one pass + burst + density":
            out[name] = np.hstack([x[:, m15b.ONE_PASS], burst[name]])
        elif group == "79 + burst":
            out[name] = np.hstack([x[:, no_corpus], burst[name][:, : len(BURST)]])
        else:
            raise ValueError(group)
    return out


def fit(stories, xs, c):
    x = np.vstack([xs[s.data.item.name] for s in stories])
    y = np.concatenate([s.data.y for s in stories])
    return m14.make_model("lr", c).fit(x, y)


def allowed(s: m14.Story, guard: bool) -> np.ndarray:
    """With `guard` (--pair-evidence), 1 only where the link's passage pair has a
    candidate link of two or more things (a count the candidate pass has): one-thing
    links only beside one; else 1 everywhere."""
    if not guard:
        return np.ones(len(s.data.keys))
    return (s.data.x[:, m15b.NAMES.index("pair's most things")] >= 2).astype(float)


def out_of_fold(stories, xs, c, guard: bool) -> dict[str, np.ndarray]:
    """Sets up to held-out-12 by leaving each set out (Istanbul, in the development
    set, is predicted by the fit without the development set); held-out-13 from all."""
    probs = fitted_out_of_fold(stories, xs, c)
    return {
        s.data.item.name: probs[s.data.item.name] * allowed(s, guard)
        for s in stories
        if s.data.item.name in probs
    }


def fitted_out_of_fold(stories, xs, c) -> dict[str, np.ndarray]:
    train_all = [s for s in stories if s.label in UP_TO_12]
    probs = {}
    for label in UP_TO_12:
        model = fit([s for s in train_all if s.label != label], xs, c)
        for s in stories:
            if s.label == label:
                probs[s.data.item.name] = model.predict_proba(xs[s.data.item.name])[:, 1]
    model = fit(train_all, xs, c)
    for s in stories:
        if s.label == BLIND:
            probs[s.data.item.name] = model.predict_proba(xs[s.data.item.name])[:, 1]
    return probs


def by_set(site, stories, probs, cut, labels) -> dict[str, object]:
    return {
        label: total(
            [
                site.at(s.data.item.name, probs[s.data.item.name], cut)
                for s in stories
                if s.label == label
            ]
        )
        for label in labels
    }


def choose(site, stories, xs, rules, guard: bool) -> tuple[float, float, dict]:
    """C and the cut-off on the out-of-fold predictions of the sets up to held-out-12."""
    best = None
    for c in C_GRID:
        probs = out_of_fold(stories, xs, c, guard)
        for cut in CUTS:
            sets = by_set(site, stories, probs, cut, UP_TO_12)
            pooled = total(list(sets.values())).quality
            base = total([rules[x] for x in UP_TO_12]).quality
            losses = sum(
                1 for x in UP_TO_12 if sets[x].quality.precision < rules[x].quality.precision - 0.01
            )
            ok = pooled.precision >= base.precision
            print(
                f"  C {c:<5} p >= {cut:<5} pooled P {pooled.precision:.3f} R {pooled.recall:.3f}"
                f" (rules {base.precision:.3f} / {base.recall:.3f}); sets losing > .01 of"
                f" precision: {losses}",
                flush=True,
            )
            if ok:
                rank = (pooled.recall, -losses)
                if best is None or rank > best[0]:
                    best = (rank, c, cut, probs)
    if best is None:
        print("  no (C, cut-off) keeps the pooled precision; the highest cut-off of C 0.01")
        probs = out_of_fold(stories, xs, 0.01, guard)
        return 0.01, CUTS[-1], probs
    return best[1], best[2], best[3]


def story_lines(site, stories, probs, cut, label) -> list[str]:
    lines = []
    for s in stories:
        if s.label != label:
            continue
        name = s.data.item.name
        r = site.rules(name).quality
        m = site.at(name, probs[name], cut).quality
        if (r.correct, r.predicted, r.found) != (m.correct, m.predicted, m.found):
            lines.append(
                f"{name.removeprefix('basil-')} {r.correct}/{r.predicted},{r.found} -> "
                f"{m.correct}/{m.predicted},{m.found}"
            )
    return lines


def moved_links(site, s, probs, cut) -> Counter:
    """Shown links (passage pairs) the model adds and removes against the rules, right
    and wrong by the gold."""
    d = s.data
    item = d.item
    rules = predicted_links(
        align.diagnose(item.story, site.settings, site.language).alignment.groups
    )
    chosen = frozenset(k for k, q in zip(d.keys, probs) if q >= cut)
    with m14.model_decides(chosen):
        diagnosis = align.diagnose(item.story, site.wide, site.language)
    model = predicted_links(diagnosis.alignment.groups)
    gold = gold_links(item.gold)
    return Counter(
        {
            "right added": len((model - rules) & gold),
            "wrong added": len((model - rules) - gold),
            "right removed": len((rules - model) & gold),
            "wrong removed": len((rules - model) - gold),
        }
    )


def report(site, stories, probs, cut, rules, labels) -> None:
    print(f"\n{'set':<14} model | rules (P (right/shown) R (found/wanted) F1 split)")
    for label in labels:
        sets = by_set(site, stories, probs, cut, (label,))
        print(f"  {label:<12} {sets[label].line()}  |  {rules[label].line()}")
        moved = sum(
            (
                moved_links(site, s, probs[s.data.item.name], cut)
                for s in stories
                if s.label == label
            ),
            Counter(),
        )
        print(
            "      shown links: "
            + ", ".join(
                f"{k} {moved[k]}"
                for k in ("right added", "wrong added", "right removed", "wrong removed")
            )
        )
        moved = story_lines(site, stories, probs, cut, label)
        if moved:
            print("      per story (right/shown,units rules -> model): " + "; ".join(moved))
    early = [x for x in labels if x in UP_TO_12]
    if early:
        pooled = total([by_set(site, stories, probs, cut, (x,))[x] for x in early])
        print(f"  {'up to -12':<12} {pooled.line()}  |  {total([rules[x] for x in early]).line()}")
    ist = next(s for s in stories if s.data.item.name == "istanbul")
    print(
        f"  {'Istanbul':<12} {site.at('istanbul', probs['istanbul'], cut).line()}  |  "
        f"{site.rules('istanbul').line()}  (fit without the development set)"
    )
    moved = moved_links(site, ist, probs["istanbul"], cut)
    print("      shown links: " + ", ".join(f"{k} {v}" for k, v in sorted(moved.items())))


def burst_report(stories, burst) -> None:
    """How often one-thing candidate links are right, by how bursty their thing is (in
    how many passages of each article it occurs, as a share), BASIL and Istanbul."""
    j = {n: i for i, n in enumerate(BURST)}
    things = m15b.NAMES.index("things")
    rows = defaultdict(lambda: [0, 0])
    per_story = []
    for s in stories:
        name = s.data.item.name
        b = burst[name]
        one = s.data.x[:, things] == 1
        where = "Istanbul" if name == "istanbul" else "BASIL"
        recurring = one & (b[:, j["burst least"]] >= 0.25)
        for bucket, mask in (
            ("burst < .1", one & (b[:, j["burst least"]] < 0.1)),
            (".1 - .25", one & (b[:, j["burst least"]] >= 0.1) & (b[:, j["burst least"]] < 0.25)),
            (">= .25", recurring),
            ("top thing of both articles", one & (b[:, j["top thing both"]] > 0)),
            ("nothing else shared", one & (b[:, j["other shared words"]] == 0)),
        ):
            rows[(where, bucket)][0] += int(s.data.y[mask].sum())
            rows[(where, bucket)][1] += int(mask.sum())
        if where == "BASIL" and recurring.sum() >= 5:
            per_story.append((name, int(s.data.y[recurring].sum()), int(recurring.sum())))
    print("one-thing candidate links right / all, by the burstiness of the shared thing")
    print("(its share of passages in the article where it is most frequent):")
    for (where, bucket), (right, n) in sorted(rows.items()):
        print(f"  {where:<9} {bucket:<28} {right}/{n} ({right / max(1, n):.0%})")
    per_story.sort(key=lambda t: t[1] / t[2])
    print(
        f"BASIL stories with >= 5 one-thing links on a thing in >= 25 % of an article's "
        f"passages: {len(per_story)}; the ten with the fewest right: "
        + ", ".join(f"{n.removeprefix('basil-')} {r}/{k}" for n, r, k in per_story[:10])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--burst", action="store_true", help="the pattern on the golds only")
    parser.add_argument("--frozen", metavar="SET", help="score the chosen model on one set")
    parser.add_argument(
        "--groups",
        default="one pass,one pass + burst,one pass + density,one pass + burst + density,"
        "79 + burst",
        help="feature groups to fit (comma-separated)",
    )
    parser.add_argument(
        "--pair-evidence",
        action="store_true",
        help="one-thing links only where their passage pair has a link of two things",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        t = time.process_time()
        stories, burst, spent = read(args.shared, Path(workdir))
        print(
            f"{len(stories)} golds read in {time.process_time() - t:.0f} s CPU; the BURST "
            f"features took {spent:.2f} s: "
            + ", ".join(f"{k} {v}" for k, v in Counter(s.label for s in stories).items()),
            flush=True,
        )
        burst_report(stories, burst)
        if args.burst:
            return
        site = m14.Site(stories)
        labels = sorted({s.label for s in stories}, key=lambda x: (len(x), x))
        rules = {
            label: total([site.rules(s.data.item.name) for s in stories if s.label == label])
            for label in labels
        }
        for group in args.groups.split(","):
            xs = columns(stories, burst, group)
            print(f"\n== {group}: {next(iter(xs.values())).shape[1]} features", flush=True)
            c, cut, probs = choose(site, stories, xs, rules, args.pair_evidence)
            print(f"  chosen: C {c}, p >= {cut}")
            if args.frozen:
                model = fit([s for s in stories if s.label in UP_TO_12], xs, c)
                frozen = {
                    s.data.item.name: model.predict_proba(xs[s.data.item.name])[:, 1]
                    * allowed(s, args.pair_evidence)
                    for s in stories
                    if s.label == args.frozen
                }
                frozen["istanbul"] = probs["istanbul"]
                report(site, stories, frozen, cut, rules, (args.frozen,))
                continue
            report(site, stories, probs, cut, rules, (*UP_TO_12, BLIND))


if __name__ == "__main__":
    main()
