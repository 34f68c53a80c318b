"""Precision rules measured on 34 stories (issue 23, eighth round, precision side).

Each rule is patched into the real aligner (unittest.mock, as align_order.py does) and
scored the way benchmarks/align_quality.py scores the site, on the 14 development
stories and the 20 earlier held-out stories (held-out, held-out-3, held-out-4), per set
and per story. Held-out-5 is never read here: it stays held out. Every rule is a veto:
a sentence link that the aligner makes the same event for one of the weak reasons
(closest, second fact, corroborated, phrase, most words; 'verbatim' too where a rule
says so) is demoted where the rule says its evidence is not one fact. "main" is the
aligner without the kept rule (align/names.py switched off); every other rule is
measured against it, the kept one included.

    python benchmarks/align_precision.py                 # every rule
    python benchmarks/align_precision.py main names time  # some of them
    python benchmarks/align_precision.py --wrong          # main's wrong links, read one by one

Rules (see docs/alignment.md, "Precision on 34 stories, eighth round"):
  names            the kept rule (align/names.py): a name written out in full alone
  time, time-any   both sentences name a day (any time) and none agrees
  numbers          both sentences give numbers of two digits or more and none agrees
  time+numbers     either
  stock:N[:v]      a thing of several words the story has in N passages or more is no
                   thing ('v': verbatim links too)
  anti[:conf][:closest|:ccs]  a third outlet tells each passage with a different passage
  halfquote[:phrase]  a shared quotation one sentence does not quote is no thing
  titlespan        a name and its title written as one capitalised span in both
                   sentences are one thing
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align import similarity as S  # noqa: E402
from site_builder.align.gold import combined, predicted_links, reader_quality, wrong_links  # noqa: E402
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.time import article_period, referenced_periods  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402

SETTINGS = load_config(REPO / "site.yml").alignment
LANGUAGE = load_language("en")
WEAK = frozenset({"closest", "second-fact", "corroborated", "phrase", "most-words"})
SETS = ("development", "held-out", "held-out-3", "held-out-4")
ORIGINAL_REASON = S.same_event_reason
ORIGINAL_LINKS = A.sentence_links
ORIGINAL_NAMES = A.names_alone

Veto = Callable[[object, "Story"], bool]


class Story:
    """What a rule reads of the story being aligned: its units, texts and dates."""

    def __init__(self, story) -> None:
        self.story = story
        self.dates = {a.slug: article_period(a.date) for a in story.articles}
        self.units = ()
        self._periods: dict = {}
        self._texts: dict | None = None

    def text(self, unit) -> str:
        return self.story.article(unit.article).passage(unit.passage).sentences[unit.sentence]

    def periods(self, unit):
        key = (unit.article, unit.passage, unit.sentence)
        if key not in self._periods:
            self._periods[key] = referenced_periods(self.text(unit), self.dates.get(unit.article))
        return self._periods[key]

    def passages_with(self, thing: str) -> int:
        """In how many passages the thing's words stand in a row."""
        if self._texts is None:
            bag = defaultdict(list)
            for u in self.units:
                bag[(u.article, u.passage)].append(" " + " ".join(u.words) + " ")
            self._texts = {k: " | ".join(v) for k, v in bag.items()}
        needle = " " + " ".join(thing.strip("“”").split()) + " "
        return sum(needle in t for t in self._texts.values())


def _enough(rest: list[str]) -> bool:
    """Whether evidence left is still enough for a link: two things or one of several words."""
    return len(rest) >= 2 or any(" " in e for e in rest)


def time_conflict(precisions=("day",)) -> Veto:
    def veto(link, s: Story) -> bool:
        a, b = s.units[link.left], s.units[link.right]
        pa = [p for p in s.periods(a) if p.precision in precisions]
        pb = [p for p in s.periods(b) if p.precision in precisions]
        return bool(pa and pb) and not any(x.gap(y) == 0 for x in pa for y in pb)

    return veto


def numbers_conflict(link, s: Story) -> bool:
    a, b = s.units[link.left], s.units[link.right]
    na = {t for t in a.terms if t.isdigit() and len(t) >= 2}
    nb = {t for t in b.terms if t.isdigit() and len(t) >= 2}
    return bool(na and nb and not na & nb)


def stock(n: int) -> Veto:
    def veto(link, s: Story) -> bool:
        common = [e for e in link.evidence if " " in e and s.passages_with(e) >= n]
        return bool(common) and not _enough([e for e in link.evidence if e not in common])

    return veto


def _quoted(unit, words: list[str]) -> bool:
    n = len(words)
    return any(
        list(unit.words[i : i + n]) == words and all(j in unit.quoted for j in range(i, i + n))
        for i in range(len(unit.words) - n + 1)
    )


def half_quote(link, s: Story) -> bool:
    a, b = s.units[link.left], s.units[link.right]
    half = [
        e
        for e in link.evidence
        if e.startswith("“")
        and not (_quoted(a, e.strip("“”").split()) and _quoted(b, e.strip("“”").split()))
    ]
    return bool(half) and not _enough([e for e in link.evidence if e not in half])


_SPAN = re.compile(r"[A-Z][\w'’\-]*\.?(?:(?:\s+|\s+(?:of|the|de|van|von)\s+)[A-Z][\w'’\-]*\.?)*")


def _fold(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.replace("’", "'").replace("'s", "").replace("'", "")


def _spans(unit, s: Story) -> list[set[str]]:
    """The terms of each run of capitalised words of the unit's sentence."""
    head: dict[str, str] = {}
    for word, h in zip(unit.words, unit.heads, strict=False):
        if h:
            head.setdefault(word, h)
    found = []
    for match in _SPAN.finditer(s.text(unit)):
        terms = {
            head[w] for w in map(_fold, re.findall(r"[A-Za-z][\w'’\-]*", match[0])) if w in head
        }
        if len(terms) >= 2:
            found.append(terms)
    return found


def title_span(link, s: Story) -> bool:
    things = [e for e in link.evidence if " " not in e]
    if any(" " in e for e in link.evidence) or len(things) < 2:
        return False
    sa, sb = _spans(s.units[link.left], s), _spans(s.units[link.right], s)
    parent = {t: t for t in things}

    def find(t: str) -> str:
        while parent[t] != t:
            t = parent[t]
        return t

    for x, y in itertools.combinations(things, 2):
        if any(x in g and y in g for g in sa) and any(x in g and y in g for g in sb):
            parent[find(x)] = find(y)
    return len({find(t) for t in things}) < 2


def anti_triangle(third_confident: bool = False, vetoed: frozenset[str] = WEAK):
    """Demote a weak link where a third outlet tells each of its passages with a
    different passage of its own (same-event links; 'conf': confident ones only)."""

    def prepare(units, links) -> set[int]:
        reasons = {
            link: ORIGINAL_REASON(
                link,
                event_threshold=SETTINGS.event_threshold,
                threshold=SETTINGS.threshold,
                min_evidence=SETTINGS.min_shared_terms,
            )
            for link in links
        }

        def key(u):
            return (u.article, u.passage)

        partners: dict = defaultdict(lambda: defaultdict(set))
        for link, reason in reasons.items():
            if not reason or (
                third_confident
                and not (reason == "verbatim" or (reason == "closest" and link.score >= 0.3))
            ):
                continue
            a, b = key(units[link.left]), key(units[link.right])
            partners[a][b[0]].add(b)
            partners[b][a[0]].add(a)
        out = set()
        for link, reason in reasons.items():
            if reason not in vetoed:
                continue
            a, b = key(units[link.left]), key(units[link.right])
            for c in (set(partners[a]) & set(partners[b])) - {a[0], b[0]}:
                if not partners[a][c] & partners[b][c]:
                    out.add(id(link))
                    break
        return out

    return prepare


def run(
    veto: Veto | None = None,
    reasons: frozenset[str] = WEAK,
    prepare=None,
    names: bool = False,
) -> tuple[dict, int]:
    """Every story's (set, quality, shown links, gold) with the rule patched in, and how
    many sentence links it demoted. `names`: the kept rule on (else as on main)."""
    demoted = []
    current: dict = {}

    def links_hook(units, *args, **kwargs):
        links = ORIGINAL_LINKS(units, *args, **kwargs)
        current["story"].units = units
        current["ids"] = prepare(units, links) if prepare else set()
        return links

    def reason_hook(link, **kwargs):
        reason = ORIGINAL_REASON(link, **kwargs)
        if reason in reasons and (
            id(link) in current["ids"] or (veto is not None and veto(link, current["story"]))
        ):
            demoted.append(link)
            return ""
        return reason

    def names_hook(*args, **kwargs):
        alone = ORIGINAL_NAMES(*args, **kwargs) if names else set()
        demoted.extend(alone)
        return alone

    per = {}
    with (
        mock.patch.object(A, "sentence_links", links_hook),
        mock.patch.object(A, "same_event_reason", reason_hook),
        mock.patch.object(A, "names_alone", names_hook),
        tempfile.TemporaryDirectory() as workdir,
    ):
        for item in aq.gold_stories(REPO.parent / "shared", Path(workdir)):
            label = aq.set_of(item.name, item.gold.split)
            if label not in SETS:
                continue  # held-out-5 stays held out
            current["story"] = Story(item.story)
            diagnosis = A.diagnose(item.story, SETTINGS, LANGUAGE)
            shown = predicted_links(diagnosis.alignment.groups)
            per[item.name] = (label, reader_quality(shown, item.gold), shown, item)
    return per, len(demoted)


RULES = {
    "main": {},
    "names": {"names": True},
    "time": {"veto": time_conflict()},
    "time-any": {"veto": time_conflict(("day", "week", "month", "season", "year"))},
    "numbers": {"veto": numbers_conflict},
    "time+numbers": {"veto": lambda link, s: time_conflict()(link, s) or numbers_conflict(link, s)},
    **{f"stock:{n}": {"veto": stock(n)} for n in (3, 4, 5)},
    **{f"stock:{n}:v": {"veto": stock(n), "reasons": WEAK | {"verbatim"}} for n in (3, 4, 5)},
    "anti": {"prepare": anti_triangle()},
    "anti:conf": {"prepare": anti_triangle(True)},
    "anti:closest": {"prepare": anti_triangle(vetoed=frozenset({"closest"}))},
    "anti:conf:ccs": {
        "prepare": anti_triangle(True, frozenset({"closest", "corroborated", "second-fact"}))
    },
    "halfquote": {"veto": half_quote},
    "halfquote:phrase": {"veto": half_quote, "reasons": frozenset({"phrase"})},
    "titlespan": {"veto": title_span},
}


def summary(per: dict, base: dict | None) -> str:
    sets = defaultdict(list)
    for label, quality, *_ in per.values():
        sets[label].append(quality)
        sets["all 34"].append(quality)
        if label != "development":
            sets["held-out 20"].append(quality)
    lines = []
    for label in (*SETS, "held-out 20", "all 34"):
        q = combined(sets[label])
        lines.append(
            f"  {label:12} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
            f"R {q.recall:.3f} ({q.found}/{q.wanted})"
        )
    if base:
        lines.append(aq.changed_stories(per, base))
    return "\n".join(lines)


def print_wrong(per: dict) -> None:
    for name, (_, _, shown, item) in per.items():
        for link in sorted(wrong_links(shown, item.gold), key=sorted):
            first, second = sorted(link)
            print(
                f"{name}: {aq.opening(item.story, first)}\n    <-> {aq.opening(item.story, second)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rules", nargs="*", default=list(RULES), help=", ".join(RULES))
    parser.add_argument("--wrong", action="store_true", help="list main's wrong links")
    args = parser.parse_args()
    base, _ = run()
    if args.wrong:
        print_wrong(base)
        return
    for name in args.rules:
        per, demoted = (base, 0) if name == "main" else run(**RULES[name])
        print(f"{name} (sentence links demoted: {demoted})")
        print(summary(per, None if name == "main" else base))


if __name__ == "__main__":
    main()
