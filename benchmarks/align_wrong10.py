"""Wrong shown links by cause, tenth round (issue 23, precision side), on all 46 golds.

Each variant is a veto patched into the real aligner (unittest.mock, as
align_precision.py does): a link that is the same event for any reason is demoted where
the variant says its evidence is no fact of its own. It is demoted the way a name alone
is (align/names.py): not the same event, shown as related where it is its passages'
nearest counterpart, and no candidate for the triangle and order rules; triangle links
the veto names are dropped too. Scored as benchmarks/align_quality.py scores the site,
per set (development, held-out, held-out-3 .. held-out-6) and per story.

    python benchmarks/align_wrong10.py                    # every variant
    python benchmarks/align_wrong10.py before kept quotes # some of them
    python benchmarks/align_wrong10.py kept --list        # the shown links each removes

Variants (docs/alignment.md, "Wrong links by cause, tenth round"); "before" is the
aligner without this round's rule, "kept" with it (align/generic.py), every other
variant is "before" with its veto:
  generic:K[:v]     the link's whole evidence (every thing it shares) stands together in K
                    or more passages of one of its two articles: it names what that
                    article keeps coming back to, not one fact ('v': verbatim links too)
  generic:K:untimed the same, but never where the shared things include a day or month
                    (kept, K = 3: align/generic.py); generic:3:v:untimed verbatim links too
  pairs:N           the same counted over the story: N or more passage pairs of different
                    articles share the whole evidence
  quotes            both sentences quote three words or more and nothing they share is
                    inside both quotations: two quotations (of one speaker) told around
                    the same words
  speakers          each sentence is attributed ("X said", "said X") to a named speaker,
                    different ones, and neither names the other's speaker
  namerun[:v]       every content word the link shares is a name (capitalised in both
                    sentences) or a title (the language pack's): a name and its office
                    written out alike ('v': verbatim links too)
  formula           a run or phrase the link rests on holds a reporting word ("said
                    Thursday he", "according to"), and fewer than two content words it
                    shares are not names, titles, reporting words or words of time
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_quality as aq  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align.generic import GenericEvidence  # noqa: E402
from site_builder.align.gold import combined, gold_links, predicted_links, reader_quality  # noqa: E402
from site_builder.align.language import load_language  # noqa: E402
from site_builder.align.names import capitalised  # noqa: E402
from site_builder.align.similarity import VERBATIM_RUN  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.language_pack import pack_for  # noqa: E402

SETTINGS = load_config(REPO / "site.yml").alignment
LANGUAGE = load_language("en")
PACK = pack_for("en")
TITLES = frozenset(PACK.titles)
REPORTING = frozenset(PACK.reporting_words) | {"according"}
TIMES = frozenset(PACK.time_words)
SETS = ("development", "held-out", *aq.HELD_OUT_SETS)
ORIGINAL_NAMES = A.names_alone
ORIGINAL_TRIANGLES = A.closed_triangles
ORIGINAL_GENERIC = GenericEvidence.links


def _nothing(*args, **kwargs) -> set:
    return set()


class Story:
    """What a veto reads of the story being aligned: unit texts, passage coverage."""

    def __init__(self, story, units) -> None:
        self.story, self.units = story, units
        self.heads: dict = defaultdict(set)
        self.text: dict = defaultdict(str)
        for u in units:
            key = (u.article, u.passage)
            self.heads[key].update(u.heads)
            self.heads[key].update(u.terms)
            self.text[key] += " " + " ".join(u.words) + " |"

    def sentence(self, unit) -> str:
        return self.story.article(unit.article).passage(unit.passage).sentences[unit.sentence]

    def covering(self, link) -> Counter:
        """How many passages of each article hold every thing the link shares."""

        def holds(key) -> bool:
            for e in link.evidence:
                if " " in e:
                    if " " + " ".join(e.strip("“”").split()) + " " not in self.text[key]:
                        return False
                elif e not in self.heads[key]:
                    return False
            return True

        return Counter(key[0] for key in self.heads if holds(key))


Veto = Callable[[object, Story], bool]


def _verbatim(link) -> bool:
    return link.run >= VERBATIM_RUN


def generic(k: int, verbatim: bool = False) -> Veto:
    def veto(link, s: Story) -> bool:
        if _verbatim(link) and not verbatim:
            return False
        a, b = s.units[link.left], s.units[link.right]
        cover = s.covering(link)
        return max(cover[a.article], cover[b.article]) >= k

    return veto


def pairs(n: int) -> Veto:
    def veto(link, s: Story) -> bool:
        if _verbatim(link):
            return False
        cover = s.covering(link)
        arts = sorted(cover)
        shared = sum(cover[x] * cover[y] for i, x in enumerate(arts) for y in arts[i + 1 :])
        return shared >= n

    return veto


def _quoted_words(unit) -> set[str]:
    return {unit.words[i] for i in unit.quoted if i < len(unit.words)}


def quotes(link, s: Story) -> bool:
    if _verbatim(link):
        return False
    a, b = s.units[link.left], s.units[link.right]
    if len(a.quoted) < 3 or len(b.quoted) < 3:
        return False
    qa, qb = _quoted_words(a), _quoted_words(b)
    words = {w for e in link.evidence for w in e.strip("“”").split()}
    # a single term's head is a stem: take a quoted word as matching where it starts so
    stems = {e for e in link.evidence if " " not in e}

    def inside(q: set[str]) -> bool:
        return bool(words & q) or any(w.startswith(t) for w in q for t in stems)

    return not (inside(qa) and inside(qb))


def _content(link) -> list[str]:
    return [
        w
        for e in link.evidence
        for w in e.strip("“”").split()
        if w not in LANGUAGE.stop_words and not w[:1].isdigit()
    ]


def namerun(verbatim: bool = False) -> Veto:
    def veto(link, s: Story) -> bool:
        if (_verbatim(link) and not verbatim) or not any(" " in e for e in link.evidence):
            return False
        a, b = s.units[link.left], s.units[link.right]
        (ca, _), (cb, _) = capitalised(s.sentence(a)), capitalised(s.sentence(b))
        return all((w in ca and w in cb) or w in TITLES for w in _content(link))

    return veto


def formula(link, s: Story) -> bool:
    several = [e for e in link.evidence if " " in e]
    if not any(w in REPORTING for e in several for w in e.strip("“”").split()):
        return False
    a, b = s.units[link.left], s.units[link.right]
    (ca, _), (cb, _) = capitalised(s.sentence(a)), capitalised(s.sentence(b))
    rest = [
        w
        for w in _content(link)
        if w not in REPORTING and w not in TIMES and w not in TITLES and not (w in ca and w in cb)
    ]
    return len(rest) < 2


_NAME = r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.?\s+)?((?:[A-Z][\w’'\-]+\.?\s+){0,3}[A-Z][\w’'\-]+)"
_SAYS = r"(?:said|says|told|added|wrote|tweeted|explained|argued|insisted|continued|claimed|asked)"
_SPEAKER = (
    re.compile(_NAME + r",?(?:\s+[\w\-]+){0,2}?\s+" + _SAYS + r"\b"),
    re.compile(r"\b" + _SAYS + r"\s+" + _NAME),
    re.compile(_NAME + r",[^,“”\"]{1,80},\s+" + _SAYS + r"\b"),
)


def speakers(sentence: str) -> set[str]:
    """Last words (folded) of the capitalised names a reporting verb attributes the
    sentence to ("Schiff said", "said Lanhee Chen"); pronouns and sentence openers
    are no names."""
    found = set()
    for pattern in _SPEAKER:
        for match in pattern.finditer(sentence):
            last = match.group(1).split()[-1].strip(".")
            if last.lower() not in LANGUAGE.stop_words and last not in {"The", "But", "And"}:
                found.add(last.lower())
    return found


def other_speakers(link, s: Story) -> bool:
    if _verbatim(link):
        return False
    ta, tb = (s.sentence(s.units[i]) for i in (link.left, link.right))
    sa, sb = speakers(ta), speakers(tb)
    if not sa or not sb or sa & sb:
        return False
    return not any(x in tb.lower() for x in sa) and not any(x in ta.lower() for x in sb)


def generic_untimed(k: int) -> Veto:
    """generic(k), where no day or month is among the things shared: a time two
    sentences share ties them to one moment, whatever else the story says then."""
    inner = generic(k)

    def veto(link, s: Story) -> bool:
        return "time" not in link.kinds and inner(link, s)

    return veto


def run(veto: Veto | None = None, kept: bool = False) -> tuple[dict, list]:
    """Every story's (set, quality, shown links, gold) with the veto patched in, and the
    links it demoted (story, link). `kept`: the rule this round kept (align/generic.py)
    on; else off, as on main before it, and every variant is measured against that."""
    demoted: list = []
    current: dict = {}

    def names_hook(links, units, story, *args, **kwargs):
        alone = ORIGINAL_NAMES(links, units, story, *args, **kwargs)
        if veto is None:
            return alone
        current["s"] = s = Story(story, units)
        links = list(links)
        out = {link for link in links if link not in alone and veto(link, s)}
        demoted.extend((current["name"], link) for link in out)
        return alone | out

    def triangles_hook(units, candidates, same):
        found = ORIGINAL_TRIANGLES(units, candidates, same)
        if veto is None:
            return found
        s = current["s"]
        out = [link for link in found if veto(link, s)]
        demoted.extend((current["name"], link) for link in out)
        return [link for link in found if link not in out]

    per = {}
    with (
        mock.patch.object(A, "names_alone", names_hook),
        mock.patch.object(A, "closed_triangles", triangles_hook),
        mock.patch.object(GenericEvidence, "links", ORIGINAL_GENERIC if kept else _nothing),
        tempfile.TemporaryDirectory() as workdir,
    ):
        for item in aq.gold_stories(REPO.parent / "shared", Path(workdir)):
            current["name"] = item.name
            label = aq.set_of(item.name, item.gold.split)
            diagnosis = A.diagnose(item.story, SETTINGS, LANGUAGE)
            shown = predicted_links(diagnosis.alignment.groups)
            per[item.name] = (label, reader_quality(shown, item.gold), shown, item)
    return per, demoted


VARIANTS: dict[str, Veto | None] = {
    "before": None,
    "kept": None,
    **{f"generic:{k}": generic(k) for k in (2, 3, 4)},
    **{f"generic:{k}:v": generic(k, True) for k in (3,)},
    **{f"pairs:{n}": pairs(n) for n in (4, 6, 10)},
    "generic:3:untimed": generic_untimed(3),
    "generic:2:untimed": generic_untimed(2),
    "generic:4:untimed": generic_untimed(4),
    "generic:3:v:untimed": lambda link, s: "time" not in link.kinds and generic(3, True)(link, s),
    "quotes": quotes,
    "speakers": other_speakers,
    "namerun": namerun(),
    "namerun:v": namerun(True),
    "formula": formula,
}


def summary(per: dict, base: dict | None, removed_per_set: bool = False) -> str:
    """Per set, held-out all and all golds: precision and recall; against `base`, the
    shown links removed, right or wrong by the gold (on each set's row where
    `removed_per_set`, else one line for all golds), and each story whose figures
    changed."""
    sets = defaultdict(list)
    removed = defaultdict(lambda: [0, 0])
    for name, (label, quality, shown, item) in per.items():
        gone = base[name][2] - shown if base else set()
        right = gold_links(item.gold)
        for key in (label, "all golds", *(("held-out all",) if label != "development" else ())):
            sets[key].append(quality)
            removed[key][0] += len(gone & right)
            removed[key][1] += len(gone - right)
    lines = []
    for label in (*SETS, "held-out all", "all golds"):
        q = combined(sets[label])
        extra = ""
        if base and removed_per_set:
            extra = f"  removed right {removed[label][0]} / wrong {removed[label][1]}"
        lines.append(
            f"  {label:12} P {q.precision:.3f} ({q.correct}/{q.predicted})  "
            f"R {q.recall:.3f} ({q.found}/{q.wanted}){extra}"
        )
    if base:
        if not removed_per_set:
            right, wrong = removed["all golds"]
            lines.append(f"  shown links removed: right {right} / wrong {wrong}")
        lines.append(aq.changed_stories(per, base))
    return "\n".join(lines)


def print_removed(per: dict, base: dict) -> None:
    """Each shown link a variant removes, R(ight) or W(rong) by the gold, with the
    openings of its two passages."""
    for story, (_, _, shown, item) in per.items():
        right = gold_links(item.gold)
        for key in sorted(base[story][2] - shown, key=sorted):
            a, b = sorted(key)
            print(
                f"    {'R' if key in right else 'W'} {story}: "
                f"{aq.opening(item.story, a)} <-> {aq.opening(item.story, b)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*", default=list(VARIANTS), help=", ".join(VARIANTS))
    parser.add_argument("--list", action="store_true", help="list the shown links each removes")
    args = parser.parse_args()
    base, _ = run()
    for name in args.variants:
        per, demoted = (base, []) if name == "before" else run(VARIANTS[name], name == "kept")
        print(f"{name} (links demoted: {len(demoted)})")
        print(summary(per, None if name == "before" else base))
        if args.list and name != "before":
            print_removed(per, base)


if __name__ == "__main__":
    main()
