"""Round fourteen's pair model as the backing of a row's new pairs (issue 23, point 2,
fifteenth round): out-of-fold probabilities of every passage pair a candidate link of
the wide pass (one specific thing allowed) joins, for align_splits15.py's model-*
variants.

Folds by set, as align_model14.py's: each set up to held-out-11 is predicted by a
logistic regression (C 0.01, round fourteen's choice, its 82 features, no lexicon) fit
on the other sets up to held-out-11; held-out-12 by one fit on all of them (never in
training). A passage pair's probability is the largest of its sentence links'.

    pip install scikit-learn   # this script only; nothing of it runs in the site
    python benchmarks/align_splits15_model.py /tmp/pair-probabilities.json  # ~5 min
    python benchmarks/align_splits15.py --model /tmp/pair-probabilities.json model-0.6 ...
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_model14 as m14  # noqa: E402

BLIND = "held-out-12"
C = 0.01


def pair_key(pair) -> str:
    """A passage pair as one string (sorted): 'article|passage~article|passage'."""
    a, b = sorted(pair)
    return f"{a[0]}|{a[1]}~{b[0]}|{b[1]}"


def probabilities(stories) -> dict[str, dict[str, float]]:
    """Per story: passage pair -> its out-of-fold probability (see the docstring)."""
    choosing = [s for s in stories if s.label != BLIND]
    out: dict[str, dict[str, float]] = {}
    for label in sorted({s.label for s in stories}):
        test = [s for s in stories if s.label == label]
        train = [s for s in choosing if s.label != label]
        for s, p in zip(test, m14.predict("lr", C, train, test, None)):
            best: dict[str, float] = {}
            for pair, prob in zip(s.data.pairs, p):
                key = pair_key(pair)
                best[key] = max(best.get(key, 0.0), float(prob))
            out[s.data.item.name] = best
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        stories = m14.read_stories(args.shared, Path(workdir))
    args.out.write_text(json.dumps(probabilities(stories)), encoding="utf-8")
    print(f"{len(stories)} stories -> {args.out}")


if __name__ == "__main__":
    main()
