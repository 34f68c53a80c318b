"""Predicate evidence, eleventh round (issue 23, precision side), on all 52 golds.

Round ten read the wrong shown links one by one and found that what is left differs in
predicate, not in the terms the two sentences share: the same person doing another
thing, the same topic words, a background sentence, another quotation of the same
speaker. Each variant here reads what HAPPENS in the two sentences of a same-event link
and demotes the link to related where the two disagree. It is patched into the real
aligner the way benchmarks/align_wrong10.py patches its vetoes (a demoted link is not
the same event, shown as related where it is its passages' nearest counterpart, no
candidate for the triangle and order rules; triangle links it names are dropped), over
the aligner as on main (align/generic.py on), scored per set and per story.

    python benchmarks/align_predicate11.py                    # every variant (3 min)
    python benchmarks/align_predicate11.py act:names quote    # some of them
    python benchmarks/align_predicate11.py quote --list       # the shown links each removes

Variants (docs/alignment.md, "Predicate evidence, eleventh round"); verbatim links
(six words alike) are never demoted:
  act:GATE[:W]   predicate agreement. A sentence's event words are the heads (Snowball
                 stems) of its words that are not names (written with a capital inside a
                 sentence), titles, parties, organisation words, places, reporting
                 words, words of time or numbers; W = 'verbs' keeps only the verb-like
                 ones (after an auxiliary or "to", or ending -ed/-ing) and event nouns
                 (-tion, -sion, -ment, -ure, -al, -ance, -ence and a few listed); W =
                 'out' leaves out words inside quotation marks (the reported act, not
                 the quote). Two event words are related when one head starts with the
                 other's first five letters (whole head when shorter, 4 at least). The
                 link is demoted when both sentences have event words and none of one is
                 related to one of the other. GATE: which links are read:
                   names  every content word of the link's evidence is a name or a title
                          (the cause "person + title, another fact")
                   any    every same-event link
                   closest the same as names, only links of reason "closest match"
                 act:GATE:rareN: only where each side has an event word in at most N % of
                 the story's passages; pact:GATE[:W]: the event words of the two whole
                 passages
  quote[:N]      quotation identity: both sentences quote N words or more (3) and the
                 content words inside the two quotations share no head and no related
                 head: two different quotations (of one speaker, often)
  quote:out      the same, and besides nothing the link shares is inside either quote
                 (the link rests on who spoke, not on what was said)
  back:time      background vs fact: one sentence refers (align/time.py) to a period more
                 than 31 days from its article's date and the other refers to none such;
                 the link shares no day or month
  back:words     one sentence is background by its words (past perfect "had" + past
                 participle, "last year", "previously", "years ago", "in the past",
                 "earlier this year", "former") and the other not; no day or month shared
  back:both      either of the two
  role           a link resting on names and titles whose shared person stands before
                 the first verb-like word (outside quotations) in one sentence and not in
                 the other: the subject of one, not of the other (another role)
  A&B, A|B       conjunctions and unions of the above; union: act:any, quote, role,
                 back:both or numbers
  numbers        both sentences hold a number of two digits or more (amounts, votes,
                 counts; no year) and share none: two different figures
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_wrong10 as w10  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align.names import capitalised  # noqa: E402
from site_builder.align.time import APART_DAYS, article_period, referenced_periods  # noqa: E402

PACK = w10.PACK
LANGUAGE = w10.LANGUAGE
FRAMING = PACK.framing
NOT_EVENTS = (
    frozenset(PACK.titles)
    | frozenset(w.lower() for w in FRAMING.titles)
    | frozenset(w.lower() for w in FRAMING.parties)
    | frozenset(w.lower() for w in FRAMING.organisation_words)
    | frozenset(w.lower() for w in FRAMING.places)
    | frozenset(PACK.reporting_words)
    | frozenset(PACK.time_words)
    | {"according", "statement", "interview", "spokesman", "spokeswoman", "spokesperson"}
    | {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "lt", "gen", "st", "jr"}
)
NOT_EVENT_HEADS = frozenset(w10.A.normalise.stem_word(w, LANGUAGE) for w in NOT_EVENTS)
AUXILIARIES = frozenset(
    "to will would has have had was were is are be been being not could should can may"
    " might did does do must shall also never".split()
)
EVENT_SUFFIXES = ("tion", "sion", "ment", "ure", "al", "ance", "ence")
EVENT_NOUNS = frozenset(
    "vote veto attack arrest deal ban meeting talks speech visit election race bid"
    " campaign charge charges plea trial probe raid strike shutdown override cut cuts"
    " deal plan offer report memo letter lawsuit suit ruling order".split()
)


def _related(x: str, y: str) -> bool:
    if x == y:
        return True
    n = min(5, len(x), len(y))
    return n >= 4 and x[:n] == y[:n]


def _any_related(xs: set[str], ys: set[str]) -> bool:
    return any(_related(x, y) for x in xs for y in ys)


class Sentences:
    """Per-unit readings made once per story: event words, quoted heads, time."""

    def __init__(self, s: w10.Story) -> None:
        self.s = s
        self.memo: dict = {}

    def text(self, i: int) -> str:
        return self.s.sentence(self.s.units[i])

    def events(self, i: int, kind: str) -> set[str]:
        key = ("ev", i, kind)
        if key not in self.memo:
            self.memo[key] = self._events(i, kind)
        return self.memo[key]

    def _events(self, i: int, kind: str) -> set[str]:
        u = self.s.units[i]
        anywhere, inside = capitalised(self.text(i))
        out = set()
        for k, (word, head) in enumerate(zip(u.words, u.heads)):
            if not head or " " in head or head[:1].isdigit() or len(head) < 3:
                continue
            if word in inside or (
                k == 0 and word in anywhere and k + 1 < len(u.words) and u.words[k + 1] in inside
            ):
                continue
            if word in NOT_EVENTS or head in NOT_EVENT_HEADS:
                continue
            if kind == "out" and k in u.quoted:
                continue
            if kind == "verbs":
                before = u.words[k - 1] if k else ""
                verb = before in AUXILIARIES or word.endswith(("ed", "ing"))
                noun = (word.endswith(EVENT_SUFFIXES) and len(word) > 5) or word in EVENT_NOUNS
                if not (verb or noun):
                    continue
            out.add(head)
        return out

    def quoted_heads(self, i: int) -> set[str]:
        u = self.s.units[i]
        return {
            u.heads[k]
            for k in u.quoted
            if k < len(u.heads) and u.heads[k] and " " not in u.heads[k]
        }

    def far(self, i: int) -> bool:
        """Whether the sentence refers to a time far (over APART_DAYS) from its article's."""
        key = ("far", i)
        if key not in self.memo:
            u = self.s.units[i]
            written = article_period(self.s.story.article(u.article).date)
            periods = referenced_periods(self.text(i), written) if written else []
            self.memo[key] = written is not None and any(
                p.gap(written) > APART_DAYS for p in periods
            )
        return self.memo[key]


_BACKGROUND = re.compile(
    r"\b(?:had\s+(?:\w+ly\s+|not\s+|never\s+|already\s+|long\s+)?(?:been|\w+ed|\w+en|made|said|told"
    r"|met|run|won|lost|held|led|sent|paid|left|sought|brought|thought|written|begun|become)"
    r"|last\s+year|previously|years?\s+ago|months\s+ago|in\s+the\s+past|earlier\s+this\s+year"
    r"|former)\b",
    re.IGNORECASE,
)


def background_words(text: str) -> bool:
    return bool(_BACKGROUND.search(text))


def _reading(s: w10.Story) -> Sentences:
    if getattr(s, "_readings", None) is None:
        s._readings = Sentences(s)
    return s._readings


def _names_only(link, s: w10.Story) -> bool:
    """Every content word the link shares is a name (capitalised in both) or a title."""
    a, b = s.units[link.left], s.units[link.right]
    (ca, _), (cb, _) = capitalised(s.sentence(a)), capitalised(s.sentence(b))
    words = w10._content(link)
    return bool(words) and all(
        (w in ca and w in cb)
        or w in NOT_EVENTS
        or w10.A.normalise.stem_word(w, LANGUAGE) in NOT_EVENT_HEADS
        for w in words
    )


REASONS: dict = {}


def _spread(s: w10.Story) -> dict[str, int]:
    """How many passages of the story hold each head."""
    if getattr(s, "_spread", None) is None:
        counts: dict[str, int] = defaultdict(int)
        for heads in s.heads.values():
            for h in heads:
                counts[h] += 1
        s._spread = counts
    return s._spread


def _passage_events(r: Sentences, i: int, kind: str) -> set[str]:
    """The event words of every sentence of unit i's passage."""
    key = ("pev", i, kind)
    if key not in r.memo:
        u = r.s.units[i]
        r.memo[key] = set().union(
            *(
                r.events(j, kind)
                for j, v in enumerate(r.s.units)
                if v.article == u.article and v.passage == u.passage
            )
        )
    return r.memo[key]


def act(gate: str, kind: str = "all", rare: float = 0.0, passage: bool = False):
    """`rare`: demote only where each side has an event word in at most that share of
    the story's passages (a specific act on each side, not the story's topic).
    `passage`: with the event words of the two whole passages (a predicate told in a
    neighbouring sentence of the passage counts)."""

    def events(r: Sentences, i: int) -> set[str]:
        return _passage_events(r, i, kind) if passage else r.events(i, kind)

    def veto(link, s) -> bool:
        if w10._verbatim(link):
            return False
        if gate in ("names", "closest") and not _names_only(link, s):
            return False
        if gate == "closest" and REASONS.get(link) != "closest":
            return False
        r = _reading(s)
        ea, eb = events(r, link.left), events(r, link.right)
        if not ea or not eb or _any_related(ea, eb):
            return False
        if rare:
            spread, most = _spread(s), rare * len(s.heads)
            return all(any(spread[h] <= most for h in e) for e in (ea, eb))
        return True

    return veto


def quote(n: int = 3):
    def veto(link, s) -> bool:
        if w10._verbatim(link):
            return False
        a, b = s.units[link.left], s.units[link.right]
        if len(a.quoted) < n or len(b.quoted) < n:
            return False
        r = _reading(s)
        qa, qb = r.quoted_heads(link.left), r.quoted_heads(link.right)
        return bool(qa) and bool(qb) and not _any_related(qa, qb)

    return veto


def quote_out(link, s) -> bool:
    """quote, where nothing the link shares is inside either quotation."""
    if not quote()(link, s):
        return False
    r = _reading(s)
    shared = {e for e in link.evidence if " " not in e}
    qa, qb = r.quoted_heads(link.left), r.quoted_heads(link.right)
    return not (shared & (qa | qb))


def quote_names(link, s) -> bool:
    """quote, where the link rests on names and titles only (who spoke, not what)."""
    return quote()(link, s) and _names_only(link, s)


def quote_speaker(link, s) -> bool:
    """quote, where both sentences are attributed to one speaker (w10.speakers): two
    different quotations of the same person."""
    if not quote()(link, s):
        return False
    r = _reading(s)
    sa, sb = w10.speakers(r.text(link.left)), w10.speakers(r.text(link.right))
    return bool(sa & sb)


_VERBISH = re.compile(
    r"\b(?:is|was|were|are|has|have|had|will|would|could|can|did|does|do|\w{3,}ed|"
    + "|".join(sorted(PACK.reporting_words, key=len, reverse=True))
    + r")\b"
)


def _subject(name: str, text: str) -> bool | None:
    """Whether `name` (a capitalised word, folded) stands before the sentence's first
    verb-like word outside quotation marks: the sentence's subject, crudely. None when
    the sentence does not write it."""
    plain = re.sub(r"[“\"][^”\"]*[”\"]", lambda m: " " * len(m.group()), text)
    where = next(
        (
            m.start()
            for m in re.finditer(r"[\w’'-]+", plain)
            if m.group().lower().replace("’", "").replace("'", "") == name
        ),
        None,
    )
    if where is None:
        return None
    verb = _VERBISH.search(plain)
    return verb is None or where < verb.start()


def role(link, s) -> bool:
    """A link resting on names and titles whose shared person is the subject of one
    sentence and not of the other: the same person, in another role (another fact)."""
    if w10._verbatim(link) or not _names_only(link, s):
        return False
    r = _reading(s)
    ta, tb = r.text(link.left), r.text(link.right)
    (ca, _), (cb, _) = capitalised(ta), capitalised(tb)
    names = [w for w in w10._content(link) if w in ca and w in cb and w not in NOT_EVENTS]
    roles = [(_subject(w, ta), _subject(w, tb)) for w in names]
    roles = [(x, y) for x, y in roles if x is not None and y is not None]
    return bool(roles) and all(x != y for x, y in roles)


def back(kind: str):
    def veto(link, s) -> bool:
        if w10._verbatim(link) or "time" in link.kinds:
            return False
        r = _reading(s)
        flags = []
        for i in (link.left, link.right):
            far = r.far(i) if kind in ("time", "both") else False
            words = background_words(r.text(i)) if kind in ("words", "both") else False
            flags.append(far or words)
        return flags[0] != flags[1]

    return veto


_NUMBER = re.compile(r"(?<![\w.])\$?(\d[\d,]*(?:\.\d+)?)")


def _figures(text: str) -> set[str]:
    out = set()
    for m in _NUMBER.finditer(text):
        digits = m.group(1).replace(",", "")
        if len(digits.split(".")[0]) < 2:
            continue
        if re.fullmatch(r"(19|20)\d\d", digits):
            continue  # a year: a time, not a figure
        out.add(digits)
    return out


def numbers(link, s) -> bool:
    if w10._verbatim(link):
        return False
    fa, fb = (_figures(_reading(s).text(i)) for i in (link.left, link.right))
    return bool(fa) and bool(fb) and not (fa & fb)


VARIANTS = {
    "main": None,
    "act:names": act("names"),
    "act:names:verbs": act("names", "verbs"),
    "act:names:out": act("names", "out"),
    "act:closest": act("closest"),
    "act:closest:verbs": act("closest", "verbs"),
    "act:any": act("any"),
    "act:any:verbs": act("any", "verbs"),
    "pact:names": act("names", passage=True),
    "pact:any": act("any", passage=True),
    "pact:any:verbs": act("any", "verbs", passage=True),
    "act:any:rare10": act("any", rare=0.10),
    "act:any:rare5": act("any", rare=0.05),
    "act:any:verbs:rare5": act("any", "verbs", rare=0.05),
    "act:names:rare5": act("names", rare=0.05),
    "quote": quote(3),
    "quote:5": quote(5),
    "quote:out": quote_out,
    "quote:names": quote_names,
    "quote:speaker": quote_speaker,
    "role": role,
    "back:time": back("time"),
    "back:words": back("words"),
    "back:both": back("both"),
    "numbers": numbers,
    "act:any&back:both": lambda link, s: act("any")(link, s) and back("both")(link, s),
    "act:any&(quote|numbers)": lambda link, s: (
        act("any")(link, s) and (quote()(link, s) or numbers(link, s))
    ),
    "quote&numbers|back": lambda link, s: (
        quote()(link, s) and (numbers(link, s) or back("both")(link, s))
    ),
    "role&act:names": lambda link, s: role(link, s) and act("names")(link, s),
    "role|quote:5": lambda link, s: role(link, s) or quote(5)(link, s),
    "union": lambda link, s: any(
        v(link, s) for v in (act("any"), quote(), role, back("both"), numbers)
    ),
    "act:any:verbs&back:both": lambda link, s: (
        act("any", "verbs")(link, s) and back("both")(link, s)
    ),
}


SEEN: list = []


def _noted(veto):
    """The veto, noting each link it demotes with its sentences (for --list)."""
    if veto is None:
        return None

    def noted(link, s) -> bool:
        out = veto(link, s)
        if out:
            r = _reading(s)
            SEEN.append(
                (REASONS.get(link, "?"), link.evidence, r.text(link.left), r.text(link.right))
            )
        return out

    return noted


def run(veto) -> tuple[dict, list]:
    """w10.run with this round's base (align/generic.py on) and each link's reason noted."""
    original = A.same_event_reason
    SEEN.clear()

    def noting(link, *args, **kwargs):
        reason = original(link, *args, **kwargs)
        REASONS[link] = reason
        return reason

    with mock.patch.object(A, "same_event_reason", noting):
        return w10.run(_noted(veto), kept=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="*", default=list(VARIANTS), help=", ".join(VARIANTS))
    parser.add_argument("--list", action="store_true", help="list the shown links each removes")
    args = parser.parse_args()
    base, _ = run(None)
    for name in args.variants:
        per, demoted = (base, []) if name == "main" else run(VARIANTS[name])
        print(f"{name} (links demoted: {len(demoted)})")
        print(w10.summary(per, None if name == "main" else base, True), flush=True)
        if args.list and name != "main":
            for reason, evidence, ta, tb in SEEN:
                print(
                    f"    demoted [{reason}] {' + '.join(evidence)}\n      A: {ta}\n      B: {tb}"
                )
            w10.print_removed(per, base)


if __name__ == "__main__":
    main()
