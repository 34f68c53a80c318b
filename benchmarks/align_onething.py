"""One specific thing shared (issue 23, point 3; ninth round).

The largest bucket of missed units is "one specific thing shared": the two outlets'
passages of a gold event have no sentence link, and their closest sentences share one
anchor. This script reads, on all 40 golds (development 14 and the 26 held-out
stories, all of them development evidence this round), two populations of sentence
pairs of different articles that share exactly one specific thing and have no link:

- **missed**: for each missed unit of cause "one", the best such pair of its passages
  (highest weighted cosine);
- **other**: for each two passages that are in no gold event together and are not
  shown, the best such pair: what a rule that promotes one-thing pairs must leave.

For each pair it records what else the two sentences share besides the one thing (see
FEATURES), prints the two populations side by side (`--populations`), sorts the missed
units by cause (`--causes`), and measures promotion variants through the real aligner
(`--variants`: the pairs a variant accepts are added as same-event links before the
groups are made, `unittest.mock`, as align_precision.py does), per set and per story.

Everything is measured against the aligner without this round's rule (align/dated.py
switched off); `--variants kept` runs it as shipped.

    python benchmarks/align_onething.py --populations --causes
    python benchmarks/align_onething.py --variants [NAME ...]
    python benchmarks/align_onething.py --cells          # conjunctions most often right
    python benchmarks/align_onething.py --list missed|other [--variant NAME]
    python benchmarks/align_onething.py --speed 7        # CPU, rule off / on alternated
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/align_onething.py --align on
                                                   # (and --align off, --align none)
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align import similarity as S  # noqa: E402
from site_builder.align.dated import UNNAMED  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    combined,
    predicted_links,
    reader_quality,
    split_events,
)
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.normalise import term_head  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402

SETTINGS = load_config(REPO / "site.yml").alignment
LANGUAGE = load_language("en")
SETS = ("development", "held-out", "held-out-3", "held-out-4", "held-out-5")
ORIGINAL_LINKS = A.sentence_links
ORIGINAL_REASON = A.same_event_reason
ORIGINAL_DATED = A.dated_links


@dataclass
class Pair:
    """A sentence pair of different articles sharing exactly one specific thing, no
    link between them, and what else they share."""

    story: str
    a: int
    b: int
    passages: frozenset
    thing: str
    score: float
    df: int
    """Passages of the story holding the thing (its rarest term)."""
    share: float
    """df over the story's passages."""
    rarity: float
    """8 - Zipf frequency of the thing (its rarest term)."""
    name: bool
    """The story writes the thing with a capital."""
    dice: float
    """Content words' heads shared, as a Dice coefficient (reporting verbs left out)."""
    common: int
    """Content words shared besides the thing (no anchor: common in the language or
    in the story)."""
    commons: tuple[str, ...]
    time: bool
    """A word of time (day, month) in both, not the thing itself."""
    number: bool
    """A number of two digits or more in both, not the thing itself."""
    named_time: bool
    """A day of the week or a month in both (not day, week, month, year: dated.UNNAMED),
    not the thing itself."""
    quote: bool
    """Three words in a row both have, quoted in one of them at least."""
    run3: bool
    """Three words in a row both have."""
    speech: bool
    """Both sentences have a reporting verb."""
    closest: int
    """Of the two sentences, how many have this pair as their strongest candidate to
    the other's article (0, 1, 2)."""
    gap: float
    """The two passages' places in their articles, as shares, apart."""
    lead: int
    """How many of the two sentences open their article."""
    in_time: bool = True
    right: bool = False
    """The two passages are in one gold event."""
    words: tuple[str, str] = ("", "")


@dataclass
class StoryData:
    name: str
    label: str
    item: object
    diagnosis: object
    shown: set
    causes: dict
    pairs: dict = field(default_factory=dict)
    """Best one-thing pair per passage pair (not shown)."""


def _cos(va: dict, vb: dict, na: float, nb: float) -> float:
    shared = va.keys() & vb.keys()
    return math.fsum(va[t] for t in shared) / (na * nb)


def one_thing_pairs(story, units, links, lexicon, time_ok) -> dict[frozenset, Pair]:
    """The best unlinked one-thing pair for each two passages of different articles."""
    counted, total = S.passage_frequency(units)
    frequency = {t: n for t, n in counted.items() if "+" not in t}
    reporting = set(lexicon.reporting)
    specific = {t for t in lexicon.anchors if term_head(t) not in reporting}
    squared = {t: w**2 for t, w in lexicon.weights.items()}
    vectors = [{t: squared.get(t, 0.0) for t in set(u.terms)} for u in units]
    norms = [math.sqrt(math.fsum(v.values())) or 1.0 for v in vectors]
    heads = [frozenset(term_head(t) for t in u.terms) - reporting for u in units]
    linked = {(k.left, k.right) for k in links}
    postings = defaultdict(list)
    for i, u in enumerate(units):
        for t in set(u.terms) & specific:
            postings[t].append(i)
    candidates = set()
    for ids in postings.values():
        candidates.update(combinations(ids, 2))
    top: dict[tuple[int, str], float] = defaultdict(float)
    scored = {}
    for a, b in candidates:
        if units[a].article == units[b].article:
            continue
        s = _cos(vectors[a], vectors[b], norms[a], norms[b])
        scored[(a, b)] = s
        top[(a, units[b].article)] = max(top[(a, units[b].article)], s)
        top[(b, units[a].article)] = max(top[(b, units[a].article)], s)
    for k in links:
        top[(k.left, units[k.right].article)] = max(top[(k.left, units[k.right].article)], k.score)
        top[(k.right, units[k.left].article)] = max(top[(k.right, units[k.left].article)], k.score)
    sizes = Counter(u.article for u in units if u.sentence == 0)
    language = LANGUAGE
    surface = story_surface(story)
    best: dict[frozenset, Pair] = {}
    for (a, b), s in scored.items():
        if (a, b) in linked:
            continue
        ua, ub = units[a], units[b]
        things = S.shared_things(ua, ub, lexicon)
        if len(things) != 1:
            continue
        [thing] = things
        shared_terms = [t for t in set(ua.terms) & set(ub.terms) if t in specific]
        df = min(frequency.get(t, total) for t in shared_terms)
        rare = max(A.term_rarity(t, surface, language) for t in shared_terms)
        written = surface.get(thing, thing)
        common_heads = (heads[a] & heads[b]) - {term_head(t) for t in shared_terms} - {thing}
        common_heads = {h for h in common_heads if not h[:1].isdigit()}
        dice = 2 * len(heads[a] & heads[b]) / max(1, len(heads[a]) + len(heads[b]))
        numbers = {t for t in ua.terms if t[:1].isdigit() and len(t) >= 2} & {
            t for t in ub.terms if t[:1].isdigit() and len(t) >= 2
        }
        times = set(ua.terms) & set(ub.terms) & set(lexicon.times) - set(shared_terms)
        numbers -= set(shared_terms)
        tri_a = {tuple(ua.words[i : i + 3]): i for i in range(len(ua.words) - 2)}
        tri_b = {tuple(ub.words[i : i + 3]): i for i in range(len(ub.words) - 2)}
        common3 = tri_a.keys() & tri_b.keys()
        quote = any(
            all(tri_a[g] + k in ua.quoted for k in range(3))
            or all(tri_b[g] + k in ub.quoted for k in range(3))
            for g in common3
        )
        closest = (s >= top[(a, ub.article)] - 1e-12) + (s >= top[(b, ua.article)] - 1e-12)
        pa = ua.position / max(1, sizes[ua.article] - 1)
        pb = ub.position / max(1, sizes[ub.article] - 1)
        pair = Pair(
            story="",
            a=a,
            b=b,
            passages=frozenset({(ua.article, ua.passage), (ub.article, ub.passage)}),
            thing=written,
            score=s,
            df=df,
            share=df / total,
            rarity=rare,
            name=written[:1].isupper(),
            dice=dice,
            common=len(common_heads),
            commons=tuple(sorted(common_heads)),
            time=bool(times),
            number=bool(numbers),
            named_time=bool(times - UNNAMED),
            quote=quote,
            run3=bool(common3),
            speech=bool(set(ua.terms) & reporting) and bool(set(ub.terms) & reporting),
            closest=closest,
            gap=abs(pa - pb),
            lead=(ua.position == 0 and ua.sentence == 0) + (ub.position == 0 and ub.sentence == 0),
            in_time=(a, b) in time_ok,
        )
        key = pair.passages
        if key not in best or best[key].score < s:
            best[key] = pair
    return best


_SURFACE: dict = {}


def story_surface(story):
    return _SURFACE.get(id(story), {})


NOT_READ = frozenset(aq.HELD_OUT_SETS.get("held-out-6", ()))
"""Golds this round never reads (annotated blind during it, scored once by the lead)."""


def gold_items(workdir: Path) -> list:
    """The 40 golds of this round (development 14, held-out 26), their stories read; a
    later blind set's golds are not even opened (a folder without them is read)."""
    folder = workdir / "gold"
    folder.mkdir()
    for path in sorted(aq.GOLD.glob("*.yaml")):
        if path.stem not in NOT_READ:
            (folder / path.name).write_bytes(path.read_bytes())
    return aq.gold_stories(REPO.parent / "shared", workdir, folder=folder)


def collect() -> list[StoryData]:
    """Every gold story aligned as on main, with its one-thing pairs."""
    out = []
    with tempfile.TemporaryDirectory() as workdir:
        for item in gold_items(Path(workdir)):
            label = aq.set_of(item.name, item.gold.split)
            diagnosis = A.diagnose(item.story, SETTINGS, LANGUAGE)
            _SURFACE[id(item.story)] = diagnosis.alignment.surface
            shown = predicted_links(diagnosis.alignment.groups)
            data = StoryData(
                item.name, label, item, diagnosis, shown, aq.miss_causes(diagnosis, item.gold)
            )
            units = diagnosis.units
            right = {frozenset(p) for e in item.gold.events for p in combinations(e.passages, 2)}
            time_ok = _time_ok(item.story, units)
            pairs = one_thing_pairs(item.story, units, diagnosis.links, diagnosis.lexicon, time_ok)
            for key, pair in pairs.items():
                if key in shown:
                    continue
                pair.story = item.name
                pair.right = key in right
                pair.words = (text(item.story, units[pair.a]), text(item.story, units[pair.b]))
                data.pairs[key] = pair
            out.append(data)
    return out


def _time_ok(story, units) -> set[tuple[int, int]]:
    """Sentence pairs whose articles are about the same time (or refer to it): every
    pair of units of two articles, by article, through align._in_time on stand-ins."""
    from site_builder.align.time import article_period

    dates = {a.slug: article_period(a.date) for a in story.articles}
    periods = A.story_periods(dates)
    first: dict[str, int] = {}
    for i, u in enumerate(units):
        first.setdefault(u.article, i)
    slugs = sorted(first)
    ok_articles = set()
    for x, y in combinations(slugs, 2):
        if not A.about_different_times(periods[x], periods[y]):
            ok_articles.add((x, y))
    return _Allowed(units, ok_articles, story, periods, dates)


class _Allowed:
    """Membership test: (a, b) about the same time, or one refers to the other's time."""

    def __init__(self, units, ok_articles, story, periods, dates):
        self.units, self.ok, self.story = units, ok_articles, story
        self.periods, self.dates = periods, dates

    def __contains__(self, pair) -> bool:
        a, b = pair
        ua, ub = self.units[a], self.units[b]
        if tuple(sorted((ua.article, ub.article))) in self.ok:
            return True
        stand_in = S.Link(a, b, 0.0, (), 0)
        return bool(A._in_time(self.story, self.units, [stand_in], self.periods, self.dates))


def text(story, unit) -> str:
    return story.article(unit.article).passage(unit.passage).sentences[unit.sentence]


def missed_pairs(data: StoryData) -> list[tuple[tuple, Pair | None]]:
    """For each missed unit of cause 'one', the best one-thing pair of its passages."""
    gold = data.item.gold
    out = []
    for unit_key, cause in data.causes.items():
        if cause != "one":
            continue
        index, outlets = unit_key
        first, second = sorted(outlets)
        passages = gold.events[index].passages
        mine = [k for k in passages if k[0] == first]
        theirs = [k for k in passages if k[0] == second]
        found = [
            data.pairs[frozenset({x, y})]
            for x in mine
            for y in theirs
            if frozenset({x, y}) in data.pairs
        ]
        out.append((unit_key, max(found, key=lambda p: p.score) if found else None))
    return out


# ---------------------------------------------------------------- populations

FEATURES = (
    ("thing a name", lambda p: p.name),
    ("thing in 2 passages", lambda p: p.df <= 2),
    ("thing in 3-4 passages", lambda p: 3 <= p.df <= 4),
    ("thing in 5+ passages", lambda p: p.df >= 5),
    ("thing rarity >= 5 (Zipf <= 3)", lambda p: p.rarity >= 5),
    ("Dice >= 0.3", lambda p: p.dice >= 0.3),
    ("Dice >= 0.2", lambda p: p.dice >= 0.2),
    ("2+ common content words", lambda p: p.common >= 2),
    ("4+ common content words", lambda p: p.common >= 4),
    ("same word of time", lambda p: p.time),
    ("same day of the week or month", lambda p: p.named_time),
    ("same number (2+ digits)", lambda p: p.number),
    ("3 words in a row, one quoting", lambda p: p.quote),
    ("3 words in a row", lambda p: p.run3),
    ("both report speech", lambda p: p.speech),
    ("thing a name, both report speech", lambda p: p.name and p.speech),
    ("closest of both sentences", lambda p: p.closest == 2),
    ("closest of one", lambda p: p.closest == 1),
    ("places within 0.1 of their articles", lambda p: p.gap <= 0.1),
    ("places within 0.25", lambda p: p.gap <= 0.25),
    ("one of them opens its article", lambda p: p.lead >= 1),
    ("both open their articles", lambda p: p.lead == 2),
    ("similarity >= 0.16", lambda p: p.score >= 0.16),
    ("similarity >= 0.25", lambda p: p.score >= 0.25),
    ("about different times", lambda p: not p.in_time),
)


def populations(stories: list[StoryData]) -> None:
    missed = [p for d in stories for _, p in missed_pairs(d) if p is not None]
    units_none = sum(1 for d in stories for _, p in missed_pairs(d) if p is None)
    right = [p for d in stories for p in d.pairs.values() if p.right]
    other = [p for d in stories for p in d.pairs.values() if not p.right]
    print(
        f"missed units of cause 'one': {len(missed) + units_none} "
        f"({units_none} whose best one-thing pair is linked or other); passage pairs not "
        f"shown sharing one thing: {len(right)} in one gold event, {len(other)} not"
    )
    print(
        f"{'feature':40} {'missed':>12} {'right pairs':>12} {'other pairs':>12} {'right share':>11}"
    )
    for label, test in FEATURES:
        m = sum(map(test, missed))
        r = sum(map(test, right))
        o = sum(map(test, other))
        print(
            f"{label:40} {m:5} {m / max(1, len(missed)):5.0%} {r:5} {r / max(1, len(right)):5.0%}"
            f" {o:5} {o / max(1, len(other)):5.0%} {r / max(1, r + o):10.0%}"
        )


def causes(stories: list[StoryData]) -> None:
    """Sort the missed one-thing units by what else their best pair shares."""
    tally: Counter = Counter()
    by_set: dict = defaultdict(Counter)
    for d in stories:
        for _, p in missed_pairs(d):
            c = cause_of(p)
            tally[c] += 1
            by_set[d.label][c] += 1
    print("missed one-thing units by cause (automatic):")
    for c, n in tally.most_common():
        print(f"  {n:4}  {c}   " + ", ".join(f"{s} {by_set[s][c]}" for s in SETS))


TOPIC_SHARE = 0.15
"""A thing in more than this share of the story's passages (an anchor goes up to a
quarter) is what a sub-story is about, not one fact."""


def cause_of(p: Pair | None) -> str:
    if p is None:
        return "best one-thing pair linked elsewhere / none unlinked"
    if not p.in_time:
        return "about different times"
    kind = "name" if p.name else "word"
    if p.time or p.number or p.quote:
        return f"{kind} + a shared time, number or quotation"
    if p.share > TOPIC_SHARE and p.common <= 1:
        return "only a topic thing the story repeats (at most one common word besides)"
    if p.common >= 2:
        return f"{kind} + paraphrase with shared common words ({'verb/noun'} 2+)"
    if p.common == 1:
        return f"{kind} + one shared common word"
    return f"{kind} alone (paraphrase, nothing else shared)"


def _at_least(field: str, value: float):
    return lambda p: getattr(p, field) >= value


CONDITIONS = {
    "closest2": lambda p: p.closest == 2,
    "closest1+": lambda p: p.closest >= 1,
    **{f"dice.{n}": _at_least("dice", n / 100) for n in (20, 25, 30, 40)},
    **{f"s.{n}": _at_least("score", n / 100) for n in (12, 16, 25, 35)},
    **{f"common{n}": _at_least("common", n) for n in (2, 3, 4)},
    "df2": lambda p: p.df <= 2,
    "df4": lambda p: p.df <= 4,
    "name": lambda p: p.name,
    "word": lambda p: not p.name,
    "rare": lambda p: p.rarity >= 5,
    "tnq": lambda p: p.time or p.number or p.quote,
    "run3": lambda p: p.run3,
    "gap.1": lambda p: p.gap <= 0.1,
    "gap.25": lambda p: p.gap <= 0.25,
    "lead": lambda p: p.lead >= 1,
    "no-speech": lambda p: not p.speech,
}
"""The conditions --cells combines (24)."""


def cells(stories: list[StoryData], top: int = 40) -> None:
    """Every one, two or three of CONDITIONS together, over the passage pairs not shown
    (about the same time), with at least six pairs: the cells most often right."""
    pairs = [p for d in stories for p in d.pairs.values() if p.in_time]
    rows = []
    for k in (1, 2, 3):
        for combo in combinations(CONDITIONS, k):
            chosen = [p for p in pairs if all(CONDITIONS[c](p) for c in combo)]
            if len(chosen) >= 6:
                right = sum(p.right for p in chosen)
                rows.append((right / len(chosen), right, len(chosen), combo))
    print(f"{len(rows)} cells of six pairs or more; the {top} most often right:")
    for share, right, size, combo in sorted(rows, reverse=True)[:top]:
        print(f"  {share:.2f} {right:3}/{size:3}  {' & '.join(combo)}")


def listing(stories: list[StoryData], which: str, variant: str | None) -> None:
    test = VARIANTS[variant] if variant else (lambda p: True)
    for d in stories:
        if which == "missed":
            rows = [p for _, p in missed_pairs(d) if p is not None]
        else:
            rows = [p for p in d.pairs.values() if not p.right]
        for p in sorted(rows, key=lambda p: -p.score):
            if not test(p):
                continue
            print(
                f"{d.name} [{p.thing}] s={p.score:.2f} df={p.df} dice={p.dice:.2f} "
                f"common={','.join(p.commons)} cl={p.closest} gap={p.gap:.2f} lead={p.lead}"
                f"{' T' if p.time else ''}{' N' if p.number else ''}{' Q' if p.quote else ''}\n"
                f"    {p.words[0][:150]}\n    {p.words[1][:150]}"
            )


# ---------------------------------------------------------------- variants


def KEPT(p: Pair) -> bool:
    return False


def _tn(p: Pair) -> bool:
    return p.time or p.number


VARIANTS = {
    # the issue's: one shared rare name with a shared time, number or quotation
    "rare-name+tnq": lambda p: p.name and p.df <= 3 and (p.time or p.number or p.quote),
    "name+tnq+closest2": lambda p: p.name and (p.time or p.number or p.quote) and p.closest == 2,
    # any one thing, corroborated by a time or number that is not the thing itself
    "tn+closest2": lambda p: _tn(p) and p.closest == 2,
    "tn+closest2+s.12": lambda p: _tn(p) and p.closest == 2 and p.score >= 0.12,
    "tn+closest2+s.16": lambda p: _tn(p) and p.closest == 2 and p.score >= 0.16,
    "named-tn+closest2+s.16": lambda p: (
        (p.named_time or p.number) and p.closest == 2 and p.score >= 0.16
    ),
    "tn+closest1+s.16": lambda p: _tn(p) and p.closest >= 1 and p.score >= 0.16,
    "tn+s.16": lambda p: _tn(p) and p.score >= 0.16,
    # content words and place
    "closest2+dice.3": lambda p: p.closest == 2 and p.dice >= 0.3,
    "closest2+dice.3+gap.1": lambda p: p.closest == 2 and p.dice >= 0.3 and p.gap <= 0.1,
    "closest2+dice.3+gap.25": lambda p: p.closest == 2 and p.dice >= 0.3 and p.gap <= 0.25,
    "closest2+dice.25+gap.1": lambda p: p.closest == 2 and p.dice >= 0.25 and p.gap <= 0.1,
    "closest2+dice.35+gap.1": lambda p: p.closest == 2 and p.dice >= 0.35 and p.gap <= 0.1,
    "closest2+dice.3+gap.05": lambda p: p.closest == 2 and p.dice >= 0.3 and p.gap <= 0.05,
    "closest2+dice.3+gap.15": lambda p: p.closest == 2 and p.dice >= 0.3 and p.gap <= 0.15,
    "closest2+dice.3+gap.1+s.16": lambda p: (
        p.closest == 2 and p.dice >= 0.3 and p.gap <= 0.1 and p.score >= 0.16
    ),
    "tn+closest2+s.16 or closest2+dice.3+gap.1": lambda p: (
        p.closest == 2 and ((_tn(p) and p.score >= 0.16) or (p.dice >= 0.3 and p.gap <= 0.1))
    ),
    "kept": KEPT,
    "lead2+closest2": lambda p: p.lead == 2 and p.closest == 2,
    "rare2+closest2+common2": lambda p: p.df <= 2 and p.closest == 2 and p.common >= 2,
}


def _no_links(*args, **kwargs) -> list:
    return []


def promote(stories: list[StoryData], test) -> dict:
    """Every story's (set, quality) with the pairs `test` accepts added as same-event
    links (the closest match of both sentences) before groups are made."""
    chosen = {
        d.name: {(p.a, p.b): p for p in d.pairs.values() if p.in_time and test(p)} for d in stories
    }
    extra_ids: set[int] = set()
    current: dict = {}

    def links_hook(units, lexicon, **kwargs):
        links = ORIGINAL_LINKS(units, lexicon, **kwargs)
        extra_ids.clear()  # (the links of the story before are gone: ids are reused)
        current["kept"] = links  # alive while the story is aligned
        squared = {t: w**2 for t, w in lexicon.weights.items()}
        for (a, b), p in chosen[current["name"]].items():
            va = {t: squared.get(t, 0.0) for t in set(units[a].terms)}
            vb = {t: squared.get(t, 0.0) for t in set(units[b].terms)}
            na = math.sqrt(math.fsum(va.values())) or 1.0
            nb = math.sqrt(math.fsum(vb.values())) or 1.0
            link = S.Link(a, b, round(_cos(va, vb, na, nb), 6), (p.thing.lower(),), 0)
            link.best = link.closest = True
            extra_ids.add(id(link))
            links.append(link)
        return links

    def reason_hook(link, **kwargs):
        if id(link) in extra_ids:
            return "one-thing"
        return ORIGINAL_REASON(link, **kwargs)

    per = {}
    with (
        mock.patch.object(A, "sentence_links", links_hook),
        mock.patch.object(A, "same_event_reason", reason_hook),
        mock.patch.object(A, "dated_links", ORIGINAL_DATED if test is KEPT else _no_links),
    ):
        for d in stories:
            current["name"] = d.name
            diagnosis = A.diagnose(d.item.story, SETTINGS, LANGUAGE)
            groups = diagnosis.alignment.groups
            shown = predicted_links(groups)
            split = split_events(groups, d.item.gold)[0]
            per[d.name] = (
                d.label,
                reader_quality(shown, d.item.gold),
                split,
                len(d.item.gold.events),
            )
    return per


def summary(per: dict, base: dict | None) -> str:
    sets = defaultdict(list)
    splits: Counter = Counter()
    events: Counter = Counter()
    for label, quality, split, count in per.values():
        for name in (label, "all 40", *(("held-out 26",) if label != "development" else ())):
            sets[name].append(quality)
            splits[name] += split
            events[name] += count
    lines = []
    for label in (*SETS, "held-out 26", "all 40"):
        q = combined(sets[label])
        lines.append(
            f"  {label:12} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
            f"R {q.recall:.3f} ({q.found}/{q.wanted})  split {splits[label]} "
            f"({splits[label] / max(1, events[label]):.1%})"
        )
    if base:
        lines.append(aq.changed_stories(per, base))
    return "\n".join(lines)


def speed(rounds: int) -> None:
    """CPU seconds of aligning the 40 gold stories (align.diagnose), the rule off and
    on alternated in one process, `rounds` times each."""
    import time

    with tempfile.TemporaryDirectory() as workdir:
        items = gold_items(Path(workdir))
    totals: dict[str, list[float]] = {"off": [], "on": []}
    for _ in range(rounds):
        for label in ("off", "on"):
            patch = mock.patch.object(
                A, "dated_links", _no_links if label == "off" else ORIGINAL_DATED
            )
            with patch:
                start = time.process_time()
                for item in items:
                    A.diagnose(item.story, SETTINGS, LANGUAGE)
                totals[label].append(time.process_time() - start)
    for label, runs in totals.items():
        print(f"rule {label}: " + " ".join(f"{t:.3f}" for t in runs) + f"  min {min(runs):.3f}")
    print(f"on / off, by minimum: {min(totals['on']) / min(totals['off']):.3f}")


def print_variants(stories, names, variants, promoted=promote, summarised=summary) -> None:
    """Main's figures, then each named variant's (`variants[name]`, a test of a one-thing
    pair) with the passage pairs it offers and how many are in one gold event; `promoted`
    runs the aligner with the pairs a test passes as same-event links, `summarised`
    prints its figures against main's."""
    base = promoted(stories, lambda p: False)
    print("main")
    print(summarised(base, None))
    for name in names:
        test = variants[name]
        offered = [p for d in stories for p in d.pairs.values() if p.in_time and test(p)]
        right = sum(p.right for p in offered)
        print(f"{name} (passage pairs offered: {len(offered)}, {right} in one gold event)")
        print(summarised(promoted(stories, test), base))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--populations", action="store_true")
    parser.add_argument("--causes", action="store_true")
    parser.add_argument("--variants", nargs="*", default=None)
    parser.add_argument("--list", choices=("missed", "other"))
    parser.add_argument("--variant")
    parser.add_argument("--cells", action="store_true", help="search conjunctions")
    parser.add_argument("--speed", type=int, metavar="ROUNDS")
    parser.add_argument("--align", choices=("none", "off", "on"))
    args = parser.parse_args()
    if args.align:  # for callgrind: the 40 golds read, then aligned once (or not)
        with tempfile.TemporaryDirectory() as workdir:
            items = gold_items(Path(workdir))
        if args.align != "none":
            dated = ORIGINAL_DATED if args.align == "on" else _no_links
            with mock.patch.object(A, "dated_links", dated):
                for item in items:
                    A.diagnose(item.story, SETTINGS, LANGUAGE)
        return
    if args.speed:
        speed(args.speed)
        return
    with mock.patch.object(A, "dated_links", _no_links):  # main before this round
        stories = collect()
    if args.populations:
        populations(stories)
    if args.causes:
        causes(stories)
    if args.cells:
        cells(stories)
    if args.list:
        listing(stories, args.list, args.variant)
    if args.variants is not None:
        print_variants(stories, args.variants or list(VARIANTS), VARIANTS, promote)


if __name__ == "__main__":
    main()
