"""Could a model fit on the link features choose same-event links better than the rules?

Every candidate link of the development stories (with one specific thing allowed, so a
model could find what the rules leave out) is labelled by the gold (its two passages
share a gold event) and described by the features the rules read (similarity, specific
things shared, closest match, most words in common, verbatim run, a shared number, time,
phrase or quotation). A logistic regression is fit leaving each development story out
in turn and decides, for that story, which selected links are the same event (a
verbatim run of six words stays one); the stories are then grouped and scored as the
site shows them (benchmarks/align_quality.py), at several probability cut-offs. Only
development stories are read: held-out stories are never used to fit or choose.

    python benchmarks/align_model.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from align_quality import gold_stories  # noqa: E402

import site_builder.align as align  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    combined,
    predicted_links,
    reader_quality,
    split_events,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.similarity import VERBATIM_RUN, Link  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402

CUTS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def features(link: Link) -> list[float]:
    """What the rules read of a link, as numbers (the first is the intercept)."""
    things = len(link.evidence)
    one_phrase = things == 1 and " " in link.evidence[0]
    return [
        1.0,
        link.score,
        float(min(things, 5)),
        float(things >= 2),
        float(link.best),
        float(link.closest),
        float(link.most_words),
        float(link.run >= 4),
        float(link.run >= VERBATIM_RUN),
        *(float(kind in link.kinds) for kind in ("number", "time", "phrase", "quote")),
        float(one_phrase),
        link.score * float(link.closest),
    ]


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> tuple:
    """Logistic regression by gradient descent on standardised features."""
    mean, scale = x[:, 1:].mean(0), x[:, 1:].std(0) + 1e-9
    z = np.hstack([x[:, :1], (x[:, 1:] - mean) / scale])
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        w -= (z.T @ (p - y) + l2 * np.r_[0, w[1:]]) / len(y)
    return w, mean, scale


def probability(model: tuple, link: Link) -> float:
    w, mean, scale = model
    x = np.array(features(link))
    z = np.r_[x[:1], (x[1:] - mean) / scale]
    return float(1 / (1 + np.exp(-z @ w)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    settings = replace(load_config(REPO / "site.yml").alignment, min_shared_terms=1)
    language = load_language("en")
    with tempfile.TemporaryDirectory() as workdir:
        stories = gold_stories(args.shared, Path(workdir), "development")
        data = {}
        for item in stories:
            diagnosis = align.diagnose(item.story, settings, language)
            units = diagnosis.units
            wanted = {
                frozenset(pair)
                for event in item.gold.events
                for pair in itertools.combinations(event.passages, 2)
            }
            rows = [
                (
                    features(link),
                    float(
                        frozenset(
                            {
                                (units[link.left].article, units[link.left].passage),
                                (units[link.right].article, units[link.right].passage),
                            }
                        )
                        in wanted
                    ),
                )
                for link in diagnosis.links
            ]
            data[item.name] = (np.array([r[0] for r in rows]), np.array([r[1] for r in rows]))
        models = {
            name: fit(
                np.vstack([data[n][0] for n in data if n != name]),
                np.concatenate([data[n][1] for n in data if n != name]),
            )
            for name in data
        }
        links = sum(len(data[n][1]) for n in data)
        right = int(sum(data[n][1].sum() for n in data))
        print(f"development: {len(stories)} stories, {links} candidate links, {right} right")
        original = align.same_event_reason
        try:
            for cut in CUTS:
                qualities, split = [], [0, 0]
                for item in stories:
                    model = models[item.name]

                    def reason(
                        link: Link, _model: tuple = model, _cut: float = cut, **_: object
                    ) -> str:
                        if link.run >= VERBATIM_RUN:
                            return "verbatim"
                        return "model" if link.best and probability(_model, link) >= _cut else ""

                    align.same_event_reason = reason
                    alignment = align.align_story(item.story, settings, language)
                    qualities.append(reader_quality(predicted_links(alignment.groups), item.gold))
                    split[0] += split_events(alignment.groups, item.gold)[0]
                    split[1] += len(item.gold.events)
                q = combined(qualities)
                print(
                    f"  leave-one-story-out, p >= {cut:.1f}: P {q.precision:.3f} "
                    f"({q.correct}/{q.predicted})  R {q.recall:.3f} ({q.found}/{q.wanted})  "
                    f"F1 {q.f1:.3f}  split events {split[0]}/{split[1]}"
                )
        finally:
            align.same_event_reason = original


if __name__ == "__main__":
    main()
