"""One specific thing and a second signal (issue 23, twelfth round).

The largest bucket of missed units is still "one specific thing shared" (307 of the 673
held-out misses on main 7621198). Rounds nine and eleven measured a one-thing pair
promoted on its place, order, similarity, the event's other members and its predicate;
each added about as many wrong links as right ones. This script reads, on every gold
(development 14 and the held-out stories; Istanbul among development), the one-thing
candidate pairs the site does not show (`align_onething.one_thing_pairs`: for each two
passages of different articles, their best unlinked sentence pair sharing exactly one
specific thing; "right" where the gold holds the two passages in one event) and four
signals no round measured:

- **subject**: the shared thing stands before the first verb-like word (outside
  quotations) of both sentences (`align_predicate11._subject`): the actor of both, not
  an aside of either; **first**: it is the first name (a capitalised word inside the
  sentence, or its capitalised first word) both sentences write;
- **act**: both sentences have a word of one kind of act (VERB_CLASSES, below: say,
  vote, announce, arrest ...; *act-not-say*: a kind other than speech); **main**: the
  two sentences' first verb-like words are of one kind (main_act);
- **once**: each article holds the thing's terms in that one sentence only (a thing each
  outlet mentions once, at one moment);
- **excess**: the two sentences share more content words (heads, specific or not, the
  thing and reporting words left out) than their article pair's sentence pairs do: the
  count shared is at least the pair's mean plus Z standard deviations (*excess2*,
  *excess3*).

`--signals` counts right / wrong pairs per signal and combination (with and without
the closest-of-both gate) per set; `--variants` promotes the pairs a variant accepts as
same-event links through the real aligner (align_onething.promote, dated.py on as on
main) and prints P / R / split per set and the stories it moves; `--list NAME` prints a
variant's pairs.

    python benchmarks/align_onething12.py --signals            # the tables (10 s)
    python benchmarks/align_onething12.py --variants [NAME ...]  # (70 s for all)
    python benchmarks/align_onething12.py --list NAME
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_onething as ao  # noqa: E402
import align_predicate11 as p11  # noqa: E402
import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    combined,
    predicted_links,
)
from site_builder.align.names import capitalised  # noqa: E402
from site_builder.align.normalise import stem_word, term_head  # noqa: E402

SETS = ("development", "held-out", *aq.HELD_OUT_SETS)
SETTINGS, LANGUAGE = ao.SETTINGS, ao.LANGUAGE

VERB_CLASSES = {
    "say": "say said says saying tell told tells claim claimed claims added adds stated"
    " wrote writes",
    "vote": "vote voted votes voting pass passed passes approve approved approves reject"
    " rejected override overrode overridden veto vetoed ballot",
    "announce": "announce announced announces announcement unveil unveiled launch launched"
    " declare declared",
    "arrest": "arrest arrested charge charged charges indict indicted indictment plead"
    " pleaded plea sentence sentenced convict convicted guilty prison jail",
    "resign": "resign resigned resigns resignation quit quits step stepped retire retired"
    " leave leaving left depart",
    "sue": "sue sued suing lawsuit suit court judge ruled ruling",
    "meet": "meet met meeting meets talks talk talked negotiate negotiations",
    "attack": "criticize criticized criticised slam slammed blast blasted attack attacked"
    " accuse accused condemn condemned",
    "deny": "deny denied denies denial",
    "apologize": "apologize apologized apologised apology apologies",
    "endorse": "endorse endorsed endorsement support supported backs backed",
    "appoint": "appoint appointed nominate nominated nominee nomination name named pick"
    " picked choose chose",
    "elect": "elect elected win won wins victory defeat defeated lose lost race",
    "sign": "sign signed signs signing",
    "release": "release released releases publish published",
    "ask": "ask asked urge urged demand demanded call called request requested",
    "investigate": "investigate investigated investigation probe subpoena subpoenaed",
    "run": "run running candidacy campaign bid",
}
"""A small table of kinds of act (words, lower case, as written): two sentences of one
fact tell one kind of act, two facts of the same people often two."""

WORD_CLASS = {w: kind for kind, words in VERB_CLASSES.items() for w in words.split()}


def acts(text: str) -> set[str]:
    """The kinds of act a sentence's words tell (VERB_CLASSES)."""
    return {WORD_CLASS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in WORD_CLASS}


def first_name(text: str) -> frozenset[str]:
    """The words (folded) of the first name a sentence writes: the first run of
    capitalised words inside it (or opening it, where the next word is capitalised),
    titles and the like left out ("Former Rep. John Delaney of Maryland" -> john,
    delaney); empty if it writes none."""
    anywhere, inside = capitalised(text)
    words = [w.lower().replace("’", "").replace("'", "") for w in re.findall(r"[\w’'-]+", text)]
    run: list[str] = []
    for k, w in enumerate(words):
        named = w in inside or (k == 0 and w in anywhere and len(words) > 1 and words[1] in inside)
        if named and w not in p11.NOT_EVENTS:
            run.append(w)
        elif run:
            break
    return frozenset(run)


AUXILIARY = frozenset(
    "is was were are has have had will would could can did does do be been".split()
)


def main_act(text: str) -> str | None:
    """The kind of act (VERB_CLASSES) or, outside the table, the first five letters of
    a sentence's first verb-like word outside quotations (`align_predicate11._VERBISH`;
    after an auxiliary, the word it governs: "has resigned", "will vote"); None if none."""
    plain = re.sub(r"[“\"][^”\"]*[”\"]", lambda m: " " * len(m.group()), text)
    verb = p11._VERBISH.search(plain)
    if verb is None:
        return None
    word = verb.group().lower()
    if word in AUXILIARY:
        after = re.match(
            r"\s+(?:not\s+|never\s+|also\s+|been\s+|be\s+)*([a-z]+)", plain[verb.end() :]
        )
        word = after.group(1).lower() if after else word
    return WORD_CLASS.get(word, word[:5])


def annotate(pair, units, lexicon, texts, background) -> None:
    """Set the four signals on a one-thing pair (attributes beside align_onething's)."""
    ua, ub = units[pair.a], units[pair.b]
    ta, tb = texts[pair.a], texts[pair.b]
    reporting = set(lexicon.reporting)
    shared = [
        t
        for t in set(ua.terms) & set(ub.terms)
        if t in lexicon.anchors and term_head(t) not in reporting
    ]
    words = [w for t in shared for w in t.split("+")]
    folded = [w for w in (stem_word(x, LANGUAGE) for x in words)]
    thing_words = {w.lower() for w in re.findall(r"[\w’'-]+", pair.thing)}
    subj = [
        (p11._subject(w, ta), p11._subject(w, tb)) for w in thing_words if w not in p11.NOT_EVENTS
    ]
    subj = [(x, y) for x, y in subj if x is not None and y is not None]
    pair.subject = bool(subj) and any(x and y for x, y in subj)
    fa, fb = first_name(ta), first_name(tb)
    pair.first = bool(fa & fb & thing_words)
    aa, ab = acts(ta), acts(tb)
    pair.act = bool(aa & ab)
    pair.act_not_say = bool((aa & ab) - {"say"})
    va, vb = main_act(ta), main_act(tb)
    pair.main = va is not None and va == vb
    held_a = sum(1 for u in units if u.article == ua.article and set(shared) <= set(u.terms))
    held_b = sum(1 for u in units if u.article == ub.article and set(shared) <= set(u.terms))
    pair.once = held_a == 1 and held_b == 1
    heads_a = frozenset(term_head(t) for t in ua.terms) - reporting - set(shared) - set(folded)
    heads_b = frozenset(term_head(t) for t in ub.terms) - reporting - set(shared) - set(folded)
    n = len(heads_a & heads_b)
    mean, sd = background[tuple(sorted((ua.article, ub.article)))]
    pair.shared_heads = n
    pair.z = (n - mean) / sd if sd else 0.0


def article_background(units, lexicon) -> dict:
    """For each two articles: the mean and standard deviation of the number of content
    heads (reporting words left out) their sentence pairs share."""
    reporting = set(lexicon.reporting)
    heads = [frozenset(term_head(t) for t in u.terms) - reporting for u in units]
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        by_article[u.article].append(i)
    out = {}
    for x, y in combinations(sorted(by_article), 2):
        counts = [len(heads[i] & heads[j]) for i in by_article[x] for j in by_article[y]]
        mean = math.fsum(counts) / len(counts)
        sd = math.sqrt(math.fsum((c - mean) ** 2 for c in counts) / len(counts))
        out[(x, y)] = (mean, sd)
    return out


def collect() -> list[ao.StoryData]:
    """Every gold story aligned as on main (dated.py on), with its one-thing pairs and
    the four signals of each."""
    out = []
    with tempfile.TemporaryDirectory() as workdir:
        for item in aq.gold_stories(REPO.parent / "shared", Path(workdir)):
            label = aq.set_of(item.name, item.gold.split)
            diagnosis = A.diagnose(item.story, SETTINGS, LANGUAGE)
            ao._SURFACE[id(item.story)] = diagnosis.alignment.surface
            shown = predicted_links(diagnosis.alignment.groups)
            data = ao.StoryData(
                item.name, label, item, diagnosis, shown, aq.miss_causes(diagnosis, item.gold)
            )
            units, lexicon = diagnosis.units, diagnosis.lexicon
            texts = [ao.text(item.story, u) for u in units]
            background = article_background(units, lexicon)
            right = {frozenset(p) for e in item.gold.events for p in combinations(e.passages, 2)}
            time_ok = ao._time_ok(item.story, units)
            pairs = ao.one_thing_pairs(item.story, units, diagnosis.links, lexicon, time_ok)
            for key, pair in pairs.items():
                if key in shown:
                    continue
                pair.story = item.name
                pair.right = key in right
                pair.words = (texts[pair.a], texts[pair.b])
                annotate(pair, units, lexicon, texts, background)
                data.pairs[key] = pair
            out.append(data)
    return out


SIGNALS = {
    "subject": lambda p: p.subject,
    "first": lambda p: p.first,
    "act": lambda p: p.act,
    "act-not-say": lambda p: p.act_not_say,
    "main": lambda p: p.main,
    "once": lambda p: p.once,
    "excess2": lambda p: p.z >= 2,
    "excess3": lambda p: p.z >= 3,
}
GATES = {
    "any": lambda p: True,
    "closest2": lambda p: p.closest == 2,
    "closest2+s.16": lambda p: p.closest == 2 and p.score >= 0.16,
}


def _cell(pairs, test) -> str:
    chosen = [p for p in pairs if test(p)]
    right = sum(p.right for p in chosen)
    return f"{right}/{len(chosen) - right}"


def signals(stories: list[ao.StoryData]) -> None:
    """Right / wrong candidate pairs per signal, pair of signals, and gate, per set;
    and how often each signal holds for the missed units' best pairs."""
    missed = [p for d in stories for _, p in ao.missed_pairs(d) if p is not None]
    cands = [p for d in stories for p in d.pairs.values() if p.in_time]
    print(
        f"one-thing candidate pairs not shown (about one time): {len(cands)}, "
        f"{sum(p.right for p in cands)} in one gold event; missed 'one' units with a "
        f"best pair: {len(missed)}"
    )
    names = list(SIGNALS)
    tests = {n: SIGNALS[n] for n in names}
    for x, y in combinations(names, 2):
        if x.split("-")[0][:3] != y.split("-")[0][:3]:
            tests[f"{x}&{y}"] = lambda p, x=x, y=y: SIGNALS[x](p) and SIGNALS[y](p)
    for x, y, z in combinations(("subject", "act-not-say", "once", "excess2"), 3):
        tests[f"{x}&{y}&{z}"] = lambda p, x=x, y=y, z=z: all(SIGNALS[k](p) for k in (x, y, z))
    tests["subject&main"] = lambda p: p.subject and p.main
    tests["(subject|first)&main"] = lambda p: (p.subject or p.first) and p.main
    for n in (2, 3, 4):
        tests[f"{n}+ of (subject|first, act-not-say, once, excess2)"] = lambda p, n=n: (
            (p.subject or p.first) + p.act_not_say + p.once + (p.z >= 2) >= n
        )
    short = [s.replace("held-out", "ho") for s in SETS]
    label = {d.name: d.label for d in stories}
    for gate, g in GATES.items():
        pool = [p for p in cands if g(p)]
        print(f"\n-- gate {gate}: {_cell(pool, lambda p: True)} right/wrong")
        print(f"{'signal':52} {'missed':>6} {'all':>8} " + " ".join(f"{s:>7}" for s in short))
        for name, test in tests.items():
            m = sum(1 for p in missed if g(p) and test(p))
            per = [_cell([p for p in pool if label[p.story] == s], test) for s in SETS]
            print(f"{name:52} {m:6} {_cell(pool, test):>8} " + " ".join(f"{c:>7}" for c in per))


def _closest2(p) -> bool:
    return p.closest == 2


VARIANTS = {
    "closest2+subject": lambda p: _closest2(p) and p.subject,
    "closest2+first": lambda p: _closest2(p) and p.first,
    "closest2+act-not-say": lambda p: _closest2(p) and p.act_not_say,
    "closest2+once": lambda p: _closest2(p) and p.once,
    "closest2+excess2": lambda p: _closest2(p) and p.z >= 2,
    "closest2+excess3": lambda p: _closest2(p) and p.z >= 3,
    "closest2+s.16+subject": lambda p: _closest2(p) and p.score >= 0.16 and p.subject,
    "closest2+s.16+act-not-say": lambda p: _closest2(p) and p.score >= 0.16 and p.act_not_say,
    "closest2+s.16+once": lambda p: _closest2(p) and p.score >= 0.16 and p.once,
    "closest2+s.16+subject+once": lambda p: (
        _closest2(p) and p.score >= 0.16 and p.subject and p.once
    ),
    "closest2+s.16+act-not-say+once": lambda p: (
        _closest2(p) and p.score >= 0.16 and p.act_not_say and p.once
    ),
    "subject+excess3": lambda p: p.subject and p.z >= 3,
    "once+excess3": lambda p: p.once and p.z >= 3,
    "excess4": lambda p: p.z >= 4,
}


def run(stories: list[ao.StoryData], test) -> dict:
    """Every story's (set, quality, split, events) with the pairs `test` accepts added as
    same-event links (align_onething.promote), dated.py on as on main."""
    with mock.patch.object(ao, "_no_links", ao.ORIGINAL_DATED):
        return ao.promote(stories, test)


def summary(per: dict, base: dict | None) -> str:
    sets = defaultdict(list)
    splits: Counter = Counter()
    events: Counter = Counter()
    for name, (label, quality, split, count) in per.items():
        for g in _groups(name, label):
            sets[g].append(quality)
            splits[g] += split
            events[g] += count
    lines, added = [], []
    for label in (*SETS, "held-out all", "all golds", "istanbul"):
        q = combined(sets[label])
        if base:
            b = combined([v[1] for n, v in base.items() if label in _groups(n, v[0])])
            right, wrong = (
                q.correct - b.correct,
                (q.predicted - q.correct) - (b.predicted - b.correct),
            )
            added.append(f"{label} {right:+d}/{wrong:+d}")
        lines.append(
            f"  {label:12} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
            f"R {q.recall:.3f} ({q.found}/{q.wanted})  split {splits[label]} "
            f"({splits[label] / max(1, events[label]):.1%})"
        )
    if base:
        lines.append("  shown links added, right/wrong: " + "; ".join(added))
        lines.append(aq.changed_stories(per, base))
    return "\n".join(lines)


def _groups(name: str, label: str) -> list[str]:
    """The sums a story counts in: its set, all golds, held-out all, Istanbul."""
    groups = [label, "all golds"]
    if label != "development":
        groups.append("held-out all")
    if name == "istanbul":
        groups.append("istanbul")
    return groups


def listing(stories, name: str, variants=None, signals=None) -> None:
    """Print each in-time pair a variant (of `variants`, default this script's) admits,
    right (R) or wrong (W), with its score, `signals` (a pair's signal values as text,
    default this script's) and both sentences."""
    test = (variants or VARIANTS)[name]
    signals = signals or (
        lambda p: (
            f"z={p.z:.1f} subj={int(p.subject)} first={int(p.first)}"
            f" act={int(p.act_not_say)} once={int(p.once)}"
        )
    )
    for d in stories:
        for p in sorted(d.pairs.values(), key=lambda p: -p.score):
            if p.in_time and test(p):
                print(
                    f"{'R' if p.right else 'W'} {d.name} [{p.thing}] s={p.score:.2f} {signals(p)}"
                    f"\n    {p.words[0][:160]}\n    {p.words[1][:160]}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signals", action="store_true")
    parser.add_argument("--variants", nargs="*", default=None)
    parser.add_argument("--list")
    args = parser.parse_args()
    stories = collect()
    if args.signals:
        signals(stories)
    if args.list:
        listing(stories, args.list)
    if args.variants is not None:
        ao.print_variants(stories, args.variants or list(VARIANTS), VARIANTS, run, summary)


if __name__ == "__main__":
    main()
