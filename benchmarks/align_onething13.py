"""Missed units read again (issue 23, thirteenth round).

`--read N`: N missed units at random (seed 13) over the development golds and the
held-out sets up to held-out-9 (held-out-10 is checked last, as if blind), each with
both passages, its cause in align_quality.py, its best sentence pair (weighted cosine),
the specific things that pair shares and the aligner's sentence links between the two
passages (score, reason).

`--signals`: on every one-thing candidate of the 70 golds (align_onething12.collect:
the best unlinked sentence pair of two passages sharing exactly one specific thing, not
shown; right where the gold holds both passages in one event), right / wrong per signal
and gate, on the sets up to held-out-9 and on held-out-10 apart. The signals no round
had measured:

- **who did what**: `subject_verbs` (a light clause split: the words before each
  clause's first verb-like word, with that verb's kind) and `actor_acts` (each name or
  pronoun with the act that follows it, past an apposition, or the noun after its
  possessive); *actor-act*: one (actor, act) in both, not speech; *actor-act loose*: an
  actor of one sentence with its act, the other sentence naming the actor and a word of
  the act's first five letters or kind;
- **rarity across the corpus**: `corpus`, the articles of the *other* gold stories
  of the 70 golds) holding the pair's rarest shared term; *topic*: a
  term in every article of its story and in at most 2 % of the others' (a story's
  subject, by the corpus); no BASIL story outside the golds is read;
- **order**: *gap*, the pair crosses none of its two articles' chain of confident links
  (verbatim, or same-event at similarity 0.3; two or more) and lies between two of them;
  *dp*: the pair is on the heaviest monotone chain (by similarity) of the two articles'
  one-thing candidates inside a gap of that chain;
- **two weak pieces together**: two or more of (who did what, gap, corpus <= 5, a
  number / time / quotation besides), with each sentence the other's closest candidate.

`--variants NAME ...` ("gate:signal") promotes a variant's pairs as same-event links
through the real aligner (align_onething.promote, dated.py on as on main) and prints
P / R / split per set with the links added, right / wrong, and the stories moved;
`--list NAME` prints a variant's pairs.

    python benchmarks/align_onething13.py --read 60          # the sample read (15 s)
    python benchmarks/align_onething13.py --signals          # the table (30 s)
    python benchmarks/align_onething13.py --variants "closest2:actor-act loose & corpus<=5"
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_missed as am  # noqa: E402
import align_onething as ao  # noqa: E402
import align_onething12 as o12  # noqa: E402
import align_predicate11 as p11  # noqa: E402
import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
import site_builder.align.similarity as S  # noqa: E402
from site_builder.align.normalise import term_head  # noqa: E402

SETTINGS, LANGUAGE = ao.SETTINGS, ao.LANGUAGE
BLIND = "held-out-10"
READ_60 = dict(
    enumerate(
        "AEAEFBAFFAFACAAGBAACFFCCDEBDGAAAFADAFBAAAAAACFADAAAFEAFAEFAE",
        start=1,
    )
)
"""The sixty units of `--read 60` (seed 13) by what a reader uses, as counted in
docs/alignment.md: A the same actor doing the same act; B one entity and what it is;
C a number, date or length of time; D a quotation; E one event named differently;
F a paraphrase with nothing specific; G knowledge outside the text."""


def read(sample: int, seed: int = 13) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for item in aq.gold_stories(REPO.parent / "shared", Path(workdir)):
            label = aq.set_of(item.name, item.gold.split)
            if label == BLIND:
                continue
            diagnosis = A.diagnose(item.story, SETTINGS, LANGUAGE)
            units, gold = diagnosis.units, item.gold
            of_passage = am.units_by_passage(units)
            cos = am.weighted_cosine(units, diagnosis.lexicon)
            for unit_key, cause in aq.miss_causes(diagnosis, gold).items():
                index, outlets = unit_key
                first, second = sorted(outlets)
                passages = gold.events[index].passages
                keys = [
                    (x, y) for x in passages if x[0] == first for y in passages if y[0] == second
                ]
                best = max(
                    (cos(i, j), i, j) for x, y in keys for i in of_passage[x] for j in of_passage[y]
                )
                links = []
                for k in diagnosis.links:
                    pk = frozenset({am.passage_of(units, k.left), am.passage_of(units, k.right)})
                    if any(pk == frozenset(key) for key in keys):
                        links.append(
                            f"{k.score:.2f} {diagnosis.reasons.get(k, '-') or 'weak'}"
                            f" {sorted(k.terms)[:4] if hasattr(k, 'terms') else ''}"
                        )
                things = S.shared_things(units[best[1]], units[best[2]], diagnosis.lexicon)
                texts = []
                for x, y in keys[:1]:
                    for p in (x, y):
                        texts.append(
                            f"{p[0]}/{p[1]}: "
                            + " ".join(item.story.article(p[0]).passage(p[1]).sentences)[:600]
                        )
                rows.append(
                    (
                        item.name,
                        label,
                        gold.events[index].label,
                        cause,
                        best,
                        things,
                        links,
                        texts,
                        [ao.text(item.story, units[best[1]]), ao.text(item.story, units[best[2]])],
                        len(keys),
                    )
                )
    random.Random(seed).shuffle(rows)
    for n, (name, label, event, cause, best, things, links, texts, pair, nkeys) in enumerate(
        rows[:sample], 1
    ):
        read_as = READ_60.get(n, "?") if sample == 60 and seed == 13 else "?"
        print(
            f"#{n} {name} ({label}) [{event[:80]}] cause={cause} passage pairs={nkeys}"
            f" read as {read_as}"
        )
        print(f"  best pair s={best[0]:.2f} things={sorted(things)} links={links}")
        print(f"  A: {pair[0][:300]}\n  B: {pair[1][:300]}")
        for t in texts:
            print(f"    | {t}")
    print(f"missed units read from: {len(rows)}")


# ---------------------------------------------------------------- signals

PRONOUNS = frozenset({"he", "she", "they", "it", "his", "her", "their"})
_CLAUSE_SPLIT = re.compile(
    r"[,;:—–()]|\b(?:and|but|while|after|before|as|who|which|that|when|because|although)\b"
)
_WORD = re.compile(r"[\w’'-]+")


def _fold(word: str) -> str:
    return word.lower().replace("’", "").replace("'", "")


def subject_verbs(text: str, antecedent: frozenset[str]) -> set[tuple[str, str]]:
    """Who did what, crudely: for each clause (split at punctuation and conjunctions,
    quotations blanked), the words before its first verb-like word (the subject; a
    pronoun stands for `antecedent`, the last name written before) with that verb's
    kind (VERB_CLASSES, else its first five letters; after an auxiliary, the word it
    governs)."""
    plain = re.sub(r"[“\"][^”\"]*[”\"]", lambda m: " " * len(m.group()), text)
    out = set()
    for clause in _CLAUSE_SPLIT.split(plain):
        verb = p11._VERBISH.search(clause)
        if verb is None:
            continue
        word = verb.group().lower()
        if word in o12.AUXILIARY:
            after = re.match(
                r"\s+(?:not\s+|never\s+|also\s+|been\s+|be\s+)*([a-z]+)", clause[verb.end() :]
            )
            word = after.group(1).lower() if after else word
        kind = o12.WORD_CLASS.get(word, word[:5])
        subject = [_fold(w) for w in _WORD.findall(clause[: verb.start()])][-5:]
        for w in subject:
            if w in PRONOUNS:
                out.update((a, kind) for a in antecedent)
            elif w not in p11.NOT_EVENTS and len(w) > 2:
                out.add((w, kind))
    return out


_TOKEN = re.compile(r"[\w’'-]+|[,.;:!?—–()]")
NOT_ACTORS = p11.NOT_EVENTS - frozenset(w.lower() for w in p11.FRAMING.parties)
SKIPPED = o12.AUXILIARY | {"not", "also", "never", "then", "later", "again", "to", "just"}


def actor_acts(text: str, antecedent: frozenset[str]) -> set[tuple[str, str]]:
    """Who did what, by names: each capitalised word (not a title, party, place word)
    or pronoun (standing for `antecedent`) with the act that follows it: its next
    verb-like word after an apposition between commas and auxiliaries or adverbs, or
    after a possessive the noun it owns ("Braley's apology"); the act as its kind
    (VERB_CLASSES) or first five letters."""
    plain = re.sub(r"[“\"][^”\"]*[”\"]", lambda m: " " * len(m.group()), text)
    tokens = _TOKEN.findall(plain)
    out = set()
    for i, tok in enumerate(tokens):
        folded = _fold(re.sub(r"[’']s$", "", tok))
        if tok[:1].isupper() and folded not in NOT_ACTORS and len(folded) > 2:
            actors = {folded}
        elif folded in PRONOUNS:
            actors = set(antecedent)
        else:
            continue
        if not actors:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j][:1].isupper():  # the rest of the name
            j += 1
        if tok.endswith(("’s", "'s")) or (j < len(tokens) and tokens[j] in ("’s", "'s")):
            k = j + 1 if j < len(tokens) and tokens[j] in ("’s", "'s") else j
            if k < len(tokens) and tokens[k][:1].islower():
                word = tokens[k].lower()
                out.update((a, o12.WORD_CLASS.get(word, word[:5])) for a in actors)
            continue
        if j < len(tokens) and tokens[j] == ",":  # an apposition
            k = j + 1
            while k < len(tokens) and k - j < 15 and tokens[k] not in (",", ".", ";"):
                k += 1
            if k < len(tokens) and tokens[k] == ",":
                j = k + 1
        steps = 0
        while (
            j < len(tokens)
            and steps < 3
            and (tokens[j].lower() in SKIPPED or tokens[j].endswith("ly"))
        ):
            j += 1
            steps += 1
        if j >= len(tokens):
            continue
        word = tokens[j].lower()
        if (
            word in o12.WORD_CLASS
            or p11._VERBISH.fullmatch(word)
            or (word.endswith("s") and j > 0 and tokens[j - 1][:1].isupper())
        ):
            if word in o12.AUXILIARY:
                continue
            out.update((a, o12.WORD_CLASS.get(word, word[:5])) for a in actors)
    return out


def _stem5(text: str) -> set[str]:
    return {w[:5] for w in (_fold(x) for x in _WORD.findall(text)) if len(w) >= 4} | o12.acts(text)


def chain(anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of anchor pairs increasing in both positions."""
    anchors = sorted(set(anchors))
    best: list[list[tuple[int, int]]] = []
    for i, (x, y) in enumerate(anchors):
        prev = [best[j] for j in range(i) if anchors[j][0] < x and anchors[j][1] < y]
        best.append([*max(prev, key=len, default=[]), (x, y)])
    return max(best, key=len, default=[])


def heaviest_chain(items: list[tuple[int, int, float, object]]) -> list[object]:
    """The heaviest chain of (x, y, weight, key) strictly increasing in x and y."""
    items = sorted(items, key=lambda t: (t[0], t[1]))
    best: list[tuple[float, list]] = []
    for i, (x, y, w, key) in enumerate(items):
        prev = max(
            (best[j] for j in range(i) if items[j][0] < x and items[j][1] < y),
            key=lambda t: t[0],
            default=(0.0, []),
        )
        best.append((prev[0] + w, [*prev[1], key]))
    return max(best, key=lambda t: t[0], default=(0.0, []))[1]


def dp_chosen(pairs, units, chains) -> set:
    """The one-thing pairs on the heaviest monotone chain of their two articles'
    one-thing candidates (weight: similarity), taken within each gap of the chain of
    confident links (anchors; the gap's ends included, as order.py's closed gaps): the
    order of two articles, anchored at their surest links, as a second signal."""
    by_articles = defaultdict(list)
    for p in pairs:
        ua, ub = units[p.a], units[p.b]
        key = tuple(sorted((ua.article, ub.article)))
        pa, pb = (ua.position, ub.position) if ua.article == key[0] else (ub.position, ua.position)
        by_articles[key].append((pa, pb, p.score, id(p)))
    chosen = set()
    for key, items in by_articles.items():
        c = chains.get(key, [])
        if len(c) < 2:
            continue
        bounds = [(-1, -1), *c, (10**6, 10**6)]
        for (x0, y0), (x1, y1) in pairwise(bounds):
            inside = [t for t in items if x0 <= t[0] <= x1 and y0 <= t[1] <= y1]
            chosen.update(heaviest_chain(inside))
    return chosen


def add_meaning(stories, model: str = "minilm-l6-int8") -> None:
    """Set on every one-thing pair the cosine of its two sentences under a packaged
    sentence model (semantic_onnx, as rounds four and twelve found it in wheels; none
    downloads) and `mutual`: each sentence is the other's nearest by that model among
    the sentences of the other's article."""
    import numpy as np
    import semantic_onnx as so

    with tempfile.TemporaryDirectory() as workdir:
        encoder = so.Models(Path(workdir)).get(model, 2)
        for d in stories:
            units = d.diagnosis.units
            texts = [ao.text(d.item.story, u) for u in units]
            matrix = np.asarray(encoder.embed(texts))
            cos = matrix @ matrix.T
            of_article = defaultdict(list)
            for i, u in enumerate(units):
                of_article[u.article].append(i)
            for p in d.pairs.values():
                p.meaning = float(cos[p.a, p.b])
                best_b = max(of_article[units[p.b].article], key=lambda j: cos[p.a, j])
                best_a = max(of_article[units[p.a].article], key=lambda j: cos[p.b, j])
                p.mutual = best_b == p.b and best_a == p.a


def add_signals(stories) -> None:
    """Set on every one-thing pair: sv / svthing / svloose (who did what), corpus
    (articles of the other gold stories holding its rarest shared term), topic (the
    term in every article of its story and in at most 2 % of other stories' articles),
    cross (confident links of its two articles it crosses, -1 under two)."""
    article_terms = {}
    for d in stories:
        for u in d.diagnosis.units:
            article_terms.setdefault((d.name, u.article), set()).update(u.terms)
    df = Counter()
    own = defaultdict(Counter)
    for (name, _), terms in article_terms.items():
        df.update(terms)
        own[name].update(terms)
    others_total = len(article_terms)
    for d in stories:
        units, lexicon = d.diagnosis.units, d.diagnosis.lexicon
        texts = [ao.text(d.item.story, u) for u in units]
        n_articles = len({u.article for u in units})
        # confident links per article pair, positions
        anchors = defaultdict(list)
        for k in d.diagnosis.links:
            reason = d.diagnosis.reasons.get(k, "")
            if reason and (reason == "verbatim" or k.score >= 0.3):
                ua, ub = units[k.left], units[k.right]
                if ua.article > ub.article:
                    ua, ub = ub, ua
                anchors[(ua.article, ub.article)].append((ua.position, ub.position))
        chains = {key: chain(v) for key, v in anchors.items()}
        on_dp = dp_chosen([p for p in d.pairs.values() if p.in_time], units, chains)
        previous_name = {}
        last = {}
        for i, u in enumerate(units):
            previous_name[i] = last.get(u.article, frozenset())
            name = o12.first_name(texts[i])
            if name:
                last[u.article] = name
        for p in d.pairs.values():
            ua, ub = units[p.a], units[p.b]
            reporting = set(lexicon.reporting)
            shared = [
                t
                for t in set(ua.terms) & set(ub.terms)
                if t in lexicon.anchors and term_head(t) not in reporting
            ]
            thing_words = {_fold(w) for w in _WORD.findall(p.thing)}
            sva = subject_verbs(texts[p.a], previous_name[p.a])
            svb = subject_verbs(texts[p.b], previous_name[p.b])
            both = {x for x in sva & svb if x[1] != "say"}
            p.sv = bool(both)
            p.svthing = any(w in thing_words for w, _ in both)
            loose = False
            for mine, other in ((sva, texts[p.b]), (svb, texts[p.a])):
                heads = _stem5(other)
                if any(w in thing_words and v != "say" and v[:5] in heads for w, v in mine):
                    loose = True
            p.svloose = loose
            aa = actor_acts(texts[p.a], previous_name[p.a])
            ab = actor_acts(texts[p.b], previous_name[p.b])
            p.aa = bool({x for x in aa & ab if x[1] != "say"})
            loose = False
            thing5 = {w[:5] for w in thing_words} | {o12.WORD_CLASS.get(w, "") for w in thing_words}
            p.act_is_thing = p.actor_is_thing = False
            for mine, other in ((aa, texts[p.b]), (ab, texts[p.a])):
                heads = _stem5(other)
                names = {_fold(w) for w in _WORD.findall(other)} | (
                    previous_name[p.b] if other is texts[p.b] else previous_name[p.a]
                )
                for w, v in mine:
                    if v != "say" and v[:5] in heads and w in names:
                        loose = True
                        p.act_is_thing |= v[:5] in thing5 or v in thing5
                        p.actor_is_thing |= w in thing_words
            p.aaloose = loose
            p.dp = id(p) in on_dp
            counts = [df[t] - own[d.name][t] for t in shared] or [0]
            p.corpus = min(counts)
            p.corpus_share = p.corpus / max(1, others_total - n_articles)
            in_story = max(own[d.name][t] for t in shared) if shared else 0
            p.topic = in_story >= n_articles and p.corpus_share <= 0.02
            key = tuple(sorted((ua.article, ub.article)))
            c = chains.get(key, [])
            pa, pb = (
                (ua.position, ub.position) if ua.article == key[0] else (ub.position, ua.position)
            )
            if len(c) < 2:
                p.cross = -1
                p.gap = False
            else:
                p.cross = sum(1 for x, y in c if (x < pa and y > pb) or (x > pa and y < pb))
                p.gap = (
                    p.cross == 0
                    and any(x <= pa and y <= pb for x, y in c)
                    and any(x >= pa and y >= pb for x, y in c)
                )


EARLY = "up to held-out-9"
SIGNALS = {
    "sv": lambda p: p.sv,
    "svthing": lambda p: p.svthing,
    "svloose": lambda p: p.svloose,
    "svthing|svloose": lambda p: p.svthing or p.svloose,
    "actor-act": lambda p: p.aa,
    "actor-act loose": lambda p: p.aaloose,
    "actor-act loose & corpus<=5": lambda p: p.aaloose and p.corpus <= 5,
    "actor-act loose, the thing the act": lambda p: p.act_is_thing,
    "actor-act loose, the thing the actor": lambda p: p.actor_is_thing,
    "actor-act loose, the thing neither": lambda p: (
        p.aaloose and not (p.act_is_thing or p.actor_is_thing)
    ),
    "actor-act loose & gap": lambda p: p.aaloose and p.gap,
    "actor-act loose & 1+ common word besides": lambda p: p.aaloose and p.common >= 1,
    "actor-act loose & 2+ common words besides": lambda p: p.aaloose and p.common >= 2,
    "corpus<=2": lambda p: p.corpus <= 2,
    "corpus<=5": lambda p: p.corpus <= 5,
    "corpus>=20": lambda p: p.corpus >= 20,
    "not topic": lambda p: not p.topic,
    "topic": lambda p: p.topic,
    "corpus<=5 & not topic": lambda p: p.corpus <= 5 and not p.topic,
    "df<=3 & corpus<=5": lambda p: p.df <= 3 and p.corpus <= 5,
    "gap (between anchors, crossing none)": lambda p: p.gap,
    "cross0": lambda p: p.cross == 0,
    "dp: on the heaviest chain inside a gap of the anchors": lambda p: p.dp,
    "dp & corpus<=5": lambda p: p.dp and p.corpus <= 5,
    "cross>=1": lambda p: p.cross >= 1,
    "gap & svthing|svloose": lambda p: p.gap and (p.svthing or p.svloose),
    "gap & corpus<=5": lambda p: p.gap and p.corpus <= 5,
    "svthing|svloose & corpus<=5": lambda p: (p.svthing or p.svloose) and p.corpus <= 5,
    "svthing|svloose & not topic": lambda p: (p.svthing or p.svloose) and not p.topic,
    "meaning >= 0.5": lambda p: getattr(p, "meaning", 0) >= 0.5,
    "meaning >= 0.6": lambda p: getattr(p, "meaning", 0) >= 0.6,
    "meaning >= 0.7": lambda p: getattr(p, "meaning", 0) >= 0.7,
    "meaning: mutual nearest": lambda p: getattr(p, "mutual", False),
    "meaning: mutual nearest, >= 0.5": lambda p: getattr(p, "mutual", False) and p.meaning >= 0.5,
    "meaning: mutual nearest, >= 0.6": lambda p: getattr(p, "mutual", False) and p.meaning >= 0.6,
    "meaning: mutual nearest & actor-act loose": lambda p: (
        getattr(p, "mutual", False) and p.aaloose
    ),
    "two of (sv*, gap, corpus<=5, number/time/quote)": lambda p: (
        ((p.svthing or p.svloose) + p.gap + (p.corpus <= 5) + (p.number or p.time or p.quote)) >= 2
    ),
    "three of (sv*, gap, corpus<=5, number/time/quote)": lambda p: (
        ((p.svthing or p.svloose) + p.gap + (p.corpus <= 5) + (p.number or p.time or p.quote)) >= 3
    ),
}
GATES = o12.GATES
_cell = o12._cell


def signals(stories) -> None:
    """Right / wrong one-thing candidates per signal and gate: sets up to held-out-9,
    held-out-10 apart, and each set."""
    label = {d.name: d.label for d in stories}
    missed = [
        p for d in stories for _, p in ao.missed_pairs(d) if p is not None and d.label != BLIND
    ]
    cands = [p for d in stories for p in d.pairs.values() if p.in_time]
    early = [p for p in cands if label[p.story] != BLIND]
    late = [p for p in cands if label[p.story] == BLIND]
    short = [s.replace("held-out", "ho") for s in o12.SETS]
    for gate, g in GATES.items():
        print(
            f"\n-- gate {gate}: {EARLY} {_cell([p for p in early if g(p)], lambda p: True)}"
            f", ho-10 {_cell([p for p in late if g(p)], lambda p: True)}"
        )
        print(
            f"{'signal':48} {'missed':>6} {'<=ho-9':>9} {'ho-10':>6} "
            + " ".join(f"{s:>7}" for s in short)
        )
        for name, test in SIGNALS.items():
            m = sum(1 for p in missed if g(p) and test(p))
            per = [
                _cell([p for p in cands if g(p) and label[p.story] == s], test) for s in o12.SETS
            ]
            print(
                f"{name:48} {m:6} {_cell([p for p in early if g(p)], test):>9}"
                f" {_cell([p for p in late if g(p)], test):>6} " + " ".join(f"{c:>7}" for c in per)
            )


VARIANTS = {}
for _gate in ("any", "closest2", "closest2+s.16"):
    for _name in SIGNALS:
        VARIANTS[f"{_gate}:{_name}"] = lambda p, g=GATES[_gate], t=SIGNALS[_name]: g(p) and t(p)


def listing(stories, name: str) -> None:
    """Each pair the variant `name` admits, with this round's signals."""
    o12.listing(
        stories,
        name,
        VARIANTS,
        lambda p: f"corpus={p.corpus} cross={p.cross} sv={int(p.svthing)}/{int(p.svloose)}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--read", type=int, metavar="N")
    parser.add_argument("--signals", action="store_true")
    parser.add_argument("--variants", nargs="*", default=None)
    parser.add_argument("--list")
    parser.add_argument(
        "--meaning", action="store_true", help="the sentence-model signals too (2 min)"
    )
    args = parser.parse_args()
    if args.read:
        read(args.read)
        return
    stories = o12.collect()
    add_signals(stories)
    if args.meaning:
        add_meaning(stories)
    if args.signals:
        signals(stories)
    if args.list:
        listing(stories, args.list)
    if args.variants is not None:
        ao.print_variants(stories, args.variants, VARIANTS, o12.run, o12.summary)


if __name__ == "__main__":
    main()
