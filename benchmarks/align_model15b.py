"""Round fourteen's pair model on Istanbul, guards against its wrong links, and its cost
in one pass (issue 23 point 4, fifteenth round; a dev-only tool beside
benchmarks/align_model14.py, whose table, fit and site hooks it imports).

Round fourteen's logistic regression (82 features, C 0.01, p >= 0.6, fit on the ten
sets up to held-out-10) replaces the rules' same-event decision; on the BASIL sets
annotated after its choice it beat the rules on both sides, on Istanbul (five outlets of
commentary, the one non-BASIL gold) its precision fell from .92 to .61. This script:

1. `--istanbul`: the frozen model on Istanbul: every passage pair it shows that the
   rules do not and every one the rules show that it drops, with the two sentences of
   its likeliest link, p, the largest contributions (coefficient x standardised value),
   the gold's verdict and the story-level facts a cause would come from (candidates per
   article pair, shared things);
2. `--guards`: guards that are not specific to Istanbul (features standardised within
   each story; the model allowed only where the rules' own pass has evidence; a cut-off
   raised with the number of candidates per article pair; the features one pass has),
   each scored on the ten early sets (out of fold, by set), held-out-11 (fit on the
   ten), Istanbul, and, its setting fixed first, held-out-12; and all pooled;
3. `--cost`: CPU time of the aligner over the golds: the rules' pass, the wide pass
   (one specific thing allowed) and the features (everything of the table beyond the
   two passes).

Held-out-13's files are never read (the golds are copied to a folder without them).

    pip install scikit-learn   # this script only
    python benchmarks/align_model15b.py --istanbul --guards  # listing, guards (2 min)
    python benchmarks/align_model15b.py --cost       # CPU of passes and features
    valgrind --tool=callgrind python benchmarks/align_model15b.py --instructions rules DIR
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_model14 as m14  # noqa: E402
import align_onething as ao  # noqa: E402
from align_quality import GOLD, HELD_OUT_SETS, gold_stories  # noqa: E402
from align_trees40 import total  # noqa: E402

import site_builder.align as align  # noqa: E402
from site_builder.align.gold import gold_links, predicted_links  # noqa: E402

NAMES = [*m14.FEATURES, *m14.SIGNALS13]
C, CUT = 0.01, 0.6
RESERVED = HELD_OUT_SETS["held-out-13"]
RULES_RESULT = [
    i
    for i, n in enumerate(NAMES)
    if n.startswith("reason ")
    or n
    in (
        "pair shown",
        "pair related",
        "third outlets same",
        "previous neighbours same",
        "next neighbours same",
        "EXTRA in step",
        "EXTRA out of step",
        "EXTRA balance",
        "crossed anchors",
        "in a gap",
        "heaviest chain",
    )
]
"""Features that need the rules' whole result (their reasons, shown and related pairs,
their same-event links as anchors)."""
CORPUS = [NAMES.index(n) for n in ("corpus log articles", "corpus <= 5", "topic")]
"""Features that need a table of term counts over other stories (the golds')."""
ONE_PASS = [i for i in range(len(NAMES)) if i not in RULES_RESULT and i not in CORPUS]


def eighty_two(workdir: Path) -> Path:
    """A folder with every gold but held-out-13's (reserved for the lead)."""
    folder = workdir / "gold82"
    folder.mkdir()
    for path in sorted(GOLD.glob("*.yaml")):
        if path.stem not in RESERVED:
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


def read(shared: Path, workdir: Path) -> list[m14.Story]:
    folder = eighty_two(workdir)
    m14.gold_stories = lambda s, w, split="all": gold_stories(s, w, split, folder)
    return m14.read_stories(shared, workdir)


def fit(train: list[m14.Story], columns=None, within=False):
    """Round fourteen's logistic regression on `train` (optionally some columns, or
    every feature standardised within its story first)."""
    x = np.vstack([view(s, columns, within) for s in train])
    y = np.concatenate([s.data.y for s in train])
    return m14.make_model("lr", C).fit(x, y)


def scale_free(s: m14.Story) -> np.ndarray:
    """The features whose scale depends on the story's size read per story: third
    outlets over the outlets a triplet could have (articles - 2), the IDF weights over
    the log of the story's passages; the corpus rarity (from BASIL golds) dropped."""
    x = s.data.x.copy()
    outlets = max(1, len(s.data.item.story.articles) - 2)
    passages = sum(len(a.passages) for a in s.data.item.story.articles)
    for n in ("third outlets same", "third outlets any"):
        x[:, NAMES.index(n)] /= outlets
    for n in (
        "weight sum",
        "weight max",
        "weight min",
        "plain shared weight",
        "own specific min",
        "own specific max",
    ):
        x[:, NAMES.index(n)] /= np.log(max(3, passages))
    return np.delete(x, CORPUS, axis=1)


def view(s: m14.Story, columns=None, within=False) -> np.ndarray:
    if columns == "scale-free":
        return scale_free(s)
    x = s.data.x if columns is None else s.data.x[:, columns]
    if within:
        sd = x.std(0)
        x = (x - x.mean(0)) / np.where(sd > 0, sd, 1.0)
    return x


def probabilities(stories, columns=None, within=False) -> dict[str, np.ndarray]:
    """Early sets out of fold (by set); held-out-11 and -12 from the fit on the ten
    early sets (round fourteen's frozen model); Istanbul (in the development set) also
    from the fit on the ten early sets without Istanbul itself (its 69 BASIL stories:
    with Istanbul in its own training the model shows 16/17 of its links, in-sample)."""
    early = [s for s in stories if s.label in m14.EARLY]
    probs = {}
    for label in m14.EARLY:
        model = fit([s for s in early if s.label != label], columns, within)
        for s in stories:
            if s.label == label:
                probs[s.data.item.name] = model.predict_proba(view(s, columns, within))[:, 1]
    model = fit(early, columns, within)
    for s in stories:
        if s.label not in m14.EARLY:
            probs[s.data.item.name] = model.predict_proba(view(s, columns, within))[:, 1]
    basil = fit([s for s in early if s.data.item.name != "istanbul"], columns, within)
    for s in stories:
        if s.data.item.name == "istanbul":
            probs["istanbul|frozen"] = basil.predict_proba(view(s, columns, within))[:, 1]
    return probs


def article_pairs(d) -> np.ndarray:
    """Per candidate link: how many candidate links its two articles have."""
    arts = [tuple(sorted(a for a, _ in p)) for p in d.pairs]
    n = Counter(arts)
    return np.array([n[a] for a in arts], dtype=float)


def keep_mask(s: m14.Story, p: np.ndarray, guard: str, param=None) -> np.ndarray:
    x = s.data.x
    keep = p >= CUT
    if guard == "evidence":  # the rules' pass scored the link, or relates/shows the pair
        i = NAMES.index
        keep &= (
            (x[:, i("a rule candidate")] > 0)
            | (x[:, i("pair shown")] > 0)
            | (x[:, i("pair related")] > 0)
        )
    elif guard == "shown-or-candidate":
        i = NAMES.index
        keep &= (x[:, i("a rule candidate")] > 0) | (x[:, i("pair shown")] > 0)
    elif guard == "evidence+scaled":
        keep = keep_mask(s, p, "scaled", param) & keep_mask(s, p, "evidence")
    elif guard == "scaled":  # cut-off raised with candidates per article pair
        slope, median = param
        cut = np.clip(CUT + slope * np.log(article_pairs(s.data) / median), CUT, 0.95)
        keep = p >= cut
    return keep


def site_score(site, s, keep):
    d = s.data
    return site(d.item.name, frozenset(k for k, ok in zip(d.keys, keep) if ok))


def groups(stories):
    early = [s for s in stories if s.label in m14.EARLY]
    return {
        "early 10 sets": early,
        "held-out-11": [s for s in stories if s.label == "held-out-11"],
        "Istanbul (BASIL fit)": [s for s in stories if s.data.item.name == "istanbul"],
        "held-out-12": [s for s in stories if s.label == "held-out-12"],
    }


def score_variant(site, stories, probs, guard, param=None, show12=True) -> dict[str, object]:
    out = {}
    for title, members in groups(stories).items():
        if title == "held-out-12" and not show12:
            continue
        scores = []
        for s in members:
            name = s.data.item.name
            p = probs.get(name + "|frozen") if title.startswith("Istanbul") else probs[name]
            scores.append(site_score(site, s, keep_mask(s, p, guard, param)))
        out[title] = total(scores)
    return out


def print_variant(title, scores, rules) -> None:
    print(f"\n== {title} (model | rules)")
    for key, sc in scores.items():
        print(f"  {key:<18} {sc.line()}  |  {rules[key].line()}")
    if "held-out-12" in scores:
        pooled = total([scores["early 10 sets"], scores["held-out-11"], scores["held-out-12"]])
        base = total([rules["early 10 sets"], rules["held-out-11"], rules["held-out-12"]])
        print(f"  {'all 82 pooled':<18} {pooled.line()}  |  {base.line()}")


def istanbul(stories) -> None:
    """The listing of part 1."""
    early = [s for s in stories if s.label in m14.EARLY]
    st = next(s for s in stories if s.data.item.name == "istanbul")
    site = m14.Site(stories)
    model = fit([s for s in early if s.data.item.name != "istanbul"])
    scaler, lr = model[0], model[-1]
    p = model.predict_proba(st.data.x)[:, 1]
    contrib = lr.coef_[0] * scaler.transform(st.data.x)
    d = st.data
    item = d.item
    settings = site.settings
    wide = align.diagnose(item.story, site.wide, site.language)
    rules = align.diagnose(item.story, settings, site.language)
    shown_rules = predicted_links(rules.alignment.groups)
    with m14.model_decides(frozenset(k for k, q in zip(d.keys, p) if q >= CUT)):
        mdiag = align.diagnose(item.story, site.wide, site.language)
    shown_model = predicted_links(mdiag.alignment.groups)
    gold = gold_links(item.gold)
    npair = article_pairs(d)
    print(
        f"Istanbul: {len(d.keys)} candidate links, {int(d.y.sum())} right; rules "
        f"{len(shown_rules & gold)}/{len(shown_rules)}, model "
        f"{len(shown_model & gold)}/{len(shown_model)}; links at p >= {CUT}: "
        f"{int((p >= CUT).sum())} ({int(d.y[p >= CUT].sum())} right)"
    )
    arts = Counter(u.article for u in wide.units)
    print("  sentences per article: " + ", ".join(f"{a} {n}" for a, n in arts.items()))
    print(
        f"  candidates per article pair: median {np.median(npair):.0f} (BASIL early: "
        f"{np.median(np.concatenate([article_pairs(s.data) for s in early])):.0f})"
    )
    for title, pairs in (
        ("shown by the model, not by the rules", shown_model - shown_rules),
        ("shown by the rules, dropped by the model", shown_rules - shown_model),
    ):
        print(f"\n{title}: {len(pairs)} ({len(pairs & gold)} right in the gold)")
        for pair in sorted(pairs, key=sorted):
            idx = [i for i, q in enumerate(d.pairs) if q == pair]
            verdict = "RIGHT" if pair in gold else "wrong"
            if not idx:
                print(f"  [{verdict}] {sorted(pair)}: no candidate link (joined by grouping)")
                continue
            i = max(idx, key=lambda j: p[j])
            left, right = d.keys[i]
            top = np.argsort(-np.abs(contrib[i]))[:6]
            k = next(x for x in wide.links if (x.left, x.right) == (left, right))
            print(
                f"  [{verdict}] {sorted(pair)} p {p[i]:.2f} ({len(idx)} links; "
                f"{npair[i]:.0f} candidates in the article pair) things {sorted(k.evidence)}"
            )
            print("     " + "; ".join(f"{NAMES[j]} {contrib[i, j]:+.2f}" for j in top))
            for u in (wide.units[left], wide.units[right]):
                print(f"     {u.article}: {ao.text(item.story, u)[:230]}")
    # mean contribution, wrong added vs BASIL early links the model keeps
    print(
        "\nmean contribution of each feature: Istanbul links at p >= cut that are wrong"
        " | BASIL early links at p >= cut (in-sample)"
    )
    wrong = (p >= CUT) & (d.y == 0)
    xb = np.vstack([s.data.x for s in early if s.data.item.name != "istanbul"])
    pb = model.predict_proba(xb)[:, 1]
    cb = (lr.coef_[0] * scaler.transform(xb))[pb >= CUT]
    diff = contrib[wrong].mean(0) - cb.mean(0)
    for j in np.argsort(-np.abs(diff))[:12]:
        print(
            f"  {NAMES[j]:<28} {contrib[wrong, j].mean():+.2f} | {cb[:, j].mean():+.2f}"
            f"  (raw mean {d.x[wrong, j].mean():.2f} | "
            f"{xb[pb >= CUT, j].mean():.2f})"
        )


def guards(stories) -> None:
    site = m14.Site(stories)
    rules = {
        k: total([site.rules(s.data.item.name) for s in v]) for k, v in groups(stories).items()
    }
    base = probabilities(stories)
    print_variant(
        f"round fourteen's model, p >= {CUT}", score_variant(site, stories, base, "none"), rules
    )
    for guard in ("evidence", "shown-or-candidate"):
        print_variant(f"guard {guard}", score_variant(site, stories, base, guard), rules)
    # scaled cut-off: slope chosen on the sets up to held-out-11 (F1 pooled, precision no
    # lower than the rules'), before held-out-12 is scored
    early = [s for s in stories if s.label in m14.EARLY]
    median = float(np.median(np.concatenate([article_pairs(s.data) for s in early])))
    best = None
    for slope in (0.05, 0.1, 0.2):
        sc = score_variant(site, stories, base, "scaled", (slope, median), show12=False)
        print_variant(f"guard scaled cut-off, slope {slope}, median {median:.0f}", sc, rules)
        up = total([sc["early 10 sets"], sc["held-out-11"]]).quality
        if best is None or up.f1 > best[0]:
            best = (up.f1, slope)
    print(f"  chosen slope on the sets up to held-out-11 (best F1): {best[1]}")
    sc = score_variant(site, stories, base, "scaled", (best[1], median))
    print_variant(f"guard scaled cut-off, slope {best[1]} (chosen)", sc, rules)
    free = probabilities(stories, columns="scale-free")
    print_variant("guard scale-free features", score_variant(site, stories, free, "none"), rules)
    print_variant(
        "guard scale-free + evidence", score_variant(site, stories, free, "evidence"), rules
    )
    sc = score_variant(site, stories, free, "scaled", (best[1], median))
    print_variant("guard scale-free + scaled cut-off", sc, rules)
    sc = score_variant(site, stories, base, "evidence+scaled", (best[1], median))
    print_variant("guard evidence + scaled cut-off", sc, rules)
    within = probabilities(stories, within=True)
    print_variant(
        "guard: features standardised within each story",
        score_variant(site, stories, within, "none"),
        rules,
    )
    one = probabilities(stories, columns=ONE_PASS)
    print(
        f"\none pass: {len(ONE_PASS)} features kept; dropped the rules' result "
        f"{[NAMES[i] for i in RULES_RESULT]} and the corpus {[NAMES[i] for i in CORPUS]}"
    )
    print_variant("the features one pass has", score_variant(site, stories, one, "none"), rules)
    noc = probabilities(stories, columns=[i for i in range(len(NAMES)) if i not in CORPUS])
    print_variant("without the corpus features", score_variant(site, stories, noc, "none"), rules)


def cost(shared: Path, workdir: Path) -> None:
    """CPU of the rules' pass, the wide pass and the features, over the 82 golds: the
    table read once with align.diagnose memoised (each pass once per story) and timed."""
    real = align.diagnose
    spent: Counter = Counter()
    memo = {}

    def timed(story, settings, language):
        key = (id(story), settings.min_shared_terms)
        if key not in memo:
            t = time.process_time()
            memo[key] = real(story, settings, language)
            spent["rules pass" if settings.min_shared_terms > 1 else "wide pass"] += (
                time.process_time() - t
            )
        return memo[key]

    align.diagnose = timed
    t = time.process_time()
    read(shared, workdir)
    whole = time.process_time() - t
    align.diagnose = real
    t = time.process_time()
    items = gold_stories(shared, workdir / "again", "all", eighty_two(workdir / "again"))
    reading = time.process_time() - t
    print(
        f"CPU over {len(items)} golds: read and table {whole:.2f} s, of it the rules' "
        f"diagnose {spent['rules pass']:.2f} s, the wide diagnose {spent['wide pass']:.2f} s;"
        f" reading the stories alone {reading:.2f} s; so the features "
        f"{whole - reading - spent['rules pass'] - spent['wide pass']:.2f} s"
    )


def instructions(mode: str, folder: Path, shared: Path, workdir: Path) -> None:
    """What a callgrind run counts (`valgrind --tool=callgrind python
    benchmarks/align_model15b.py --instructions MODE FOLDER`): read the golds of FOLDER,
    then per story: nothing (read), the aligner (rules), the wide pass (wide), the
    aligner and its sentence links again with one or two things (links1, links2), or
    the aligner, the wide pass and the 82-feature table (features; nolex without
    align_model14's lexicon word pairs, which are no feature of the model)."""
    from site_builder.align.similarity import sentence_links

    if mode in ("features", "nolex"):
        real, memo = align.diagnose, {}

        def once(story, settings, language):
            key = (id(story), settings.min_shared_terms)
            if key not in memo:
                memo[key] = real(story, settings, language)
            return memo[key]

        align.diagnose = once
        if mode == "nolex":
            m14.word_pairs = lambda a, b: []
        m14.gold_stories = lambda s, w, split="all": gold_stories(s, w, split, folder)
        print(mode, len(m14.read_stories(shared, workdir)))
        return
    settings = m14.load_config(REPO / "site.yml").alignment
    language = m14.load_language("en")
    items = gold_stories(shared, workdir, "all", folder)
    for item in items:
        if mode == "wide":
            align.diagnose(item.story, replace(settings, min_shared_terms=1), language)
        elif mode != "read":
            d = align.diagnose(item.story, settings, language)
            if mode in ("links1", "links2"):
                sentence_links(
                    d.units, d.lexicon, threshold=settings.threshold, min_evidence=int(mode[-1])
                )
    print(mode, len(items))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--istanbul", action="store_true")
    parser.add_argument("--guards", action="store_true")
    parser.add_argument("--cost", action="store_true")
    parser.add_argument(
        "--instructions",
        nargs=2,
        metavar=("MODE", "FOLDER"),
        help="read|rules|wide|links1|links2|features|nolex over the golds of FOLDER (callgrind)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        if args.instructions:
            mode, folder = args.instructions
            instructions(mode, Path(folder), args.shared, Path(workdir))
            return
        if args.cost:
            (Path(workdir) / "again").mkdir()
            cost(args.shared, Path(workdir))
            return
        stories = read(args.shared, Path(workdir))
        print(
            f"{len(stories)} golds: "
            + ", ".join(f"{k} {v}" for k, v in Counter(s.label for s in stories).items()),
            flush=True,
        )
        if args.istanbul:
            istanbul(stories)
        if args.guards:
            guards(stories)


if __name__ == "__main__":
    main()
