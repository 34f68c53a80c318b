"""The implicit subject, tenth round (issue 23): a sentence that names its actor only
in an earlier sentence ("He added that ...", "The senator told reporters ...", "..., she
wrote") loses the name that would make its link specific. Measured on the 46 golds
(development 14 and the 32 held-out stories, all development evidence this round).

`--counts`: how many missed units' best sentence pairs, and how many shown links (right
and wrong), hold a sentence whose subject is a pronoun or a definite description of a
person or organisation named earlier in its passage or the previous passage of its
article, and how many of those would share the antecedent with the other sentence.

`--variants`: the carry-over patched into the real aligner (unittest.mock on
`story_units`, as align_missed.py patches its hooks): such a sentence gets its
antecedent's name (the name's head term, "schiff") as an added term, before the
story's term frequencies and weights are made; scored per set and per story as
align_quality.py scores the site, Istanbul apart, with the passage pairs it adds and
removes (right by the gold / shown).

    python benchmarks/align_implicit.py --counts
    python benchmarks/align_implicit.py --variants [NAME ...]   # default: every variant
    python benchmarks/align_implicit.py --added NAME            # its added/removed pairs
    python benchmarks/align_implicit.py --show STORY            # the carry-overs of a story
    python benchmarks/align_implicit.py --sample 40             # 40 carry-overs at random
    python benchmarks/align_implicit.py --actors                # shown links by actors
    python benchmarks/align_implicit.py --v1 ...                # resolver v1 (Reader.subjects)

`--variants` with no name runs the carry-over variants (VARIANTS) and the actor as a
second thing (ACTOR_VARIANTS, with the "named-" control). See docs/alignment.md, "The
implicit subject, tenth round".

The words read (pronouns, titles, organisation words) are data below; a kept rule would
take them from the English language pack.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import align_missed as M  # noqa: E402

import site_builder.align as A  # noqa: E402
from site_builder.align.gold import (  # noqa: E402
    found_units,
    gold_links,
    gold_units,
    predicted_links,
)
from site_builder.align.normalise import term_head  # noqa: E402
from site_builder.core.language_pack import pack_for  # noqa: E402

PACK = pack_for("en")
MALE = {"he", "his", "him"}
FEMALE = {"she", "her"}
PLURAL = {"they", "their"}
SUBJECT_PRONOUNS = {"he": "m", "she": "f", "they": "p", "his": "m", "her": "f", "their": "p"}
"""A sentence opening with one of these (or a reporting clause with one: "he said")."""
TITLE_CANON = {
    "sen": "senator",
    "senator": "senator",
    "rep": "representative",
    "representative": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "lawmaker": "representative",
    "gov": "governor",
    "governor": "governor",
    "president": "president",
    "gen": "general",
    "general": "general",
    "secretary": "secretary",
    "judge": "judge",
    "mayor": "mayor",
    "sheriff": "sheriff",
    "speaker": "speaker",
    "minister": "minister",
    "ambassador": "ambassador",
    "chancellor": "chancellor",
    "spokesman": "spokesman",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "candidate": "candidate",
    "lawyer": "lawyer",
    "attorney": "lawyer",
    "director": "director",
    "chairman": "chairman",
    "chairwoman": "chairman",
    "leader": "leader",
    "prime": "minister",
    "pope": "pope",
    "king": "king",
    "queen": "queen",
}
"""A title word (before a name, or after "the") -> what it is (sen, senator -> senator)."""
MALE_TITLES = {"mr", "congressman", "spokesman", "king", "prince", "sir", "lord", "chairman"}
FEMALE_TITLES = {"mrs", "ms", "congresswoman", "spokeswoman", "queen", "princess", "lady"}
ORGANISATION_WORDS = {
    "committee",
    "department",
    "house",
    "party",
    "campaign",
    "administration",
    "court",
    "council",
    "agency",
    "association",
    "senate",
    "congress",
    "inc",
    "corp",
    "company",
    "foundation",
    "university",
    "times",
    "news",
    "post",
    "network",
    "commission",
    "bureau",
    "office",
    "service",
    "group",
    "union",
    "board",
    "institute",
    "center",
    "fund",
    "organization",
    "club",
    "caucus",
    "church",
    "school",
    "college",
    "force",
    "army",
    "navy",
    "police",
    "fbi",
    "cia",
    "nra",
    "gop",
    "journal",
    "press",
    "magazine",
    "tribune",
    "coalition",
    "alliance",
    "federation",
    "society",
}
"""Words that make a name an organisation's ("House Intelligence Committee")."""
ORGANISATION_NOUNS = {
    "company",
    "group",
    "committee",
    "campaign",
    "agency",
    "department",
    "administration",
    "party",
    "organization",
    "association",
    "network",
    "newspaper",
    "paper",
    "court",
    "panel",
    "union",
    "board",
    "caucus",
    "school",
    "university",
    "church",
    "foundation",
    "office",
}
""""The <noun>" that stands for an organisation named before ("the committee")."""
REPORTING = set(PACK.reporting_verbs) | {
    "say",
    "told",
    "tell",
    "wrote",
    "tweeted",
    "posted",
    "added",
    "noted",
    "continued",
    "responded",
    "testified",
    "argued",
}
NOT_PEOPLE = {w.lower() for pair in (*PACK.months, *PACK.weekdays) for w in pair} | {
    "republican",
    "republicans",
    "democrat",
    "democrats",
    "democratic",
    "state",
    "states",
    "american",
    "americans",
    "united",
    "north",
    "south",
    "east",
    "west",
    "new",
}
"""Words of names that are no person's (a weekday, a party, a place)."""
QUOTES = frozenset("\"“„«‘'")
SETTINGS = {"v2": True}
SPEAKERS: set[str] = set()
"""The story's names written just before a reporting verb ("Cowan said"): people or
organisations, not places (set by _names_of_story for the story being read)."""
"""The resolver (v1: --v1; see Reader.subjects)."""
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


@dataclass(frozen=True)
class Mention:
    head: str  # the name's head term ("schiff")
    words: tuple[str, ...]  # the name as written
    kind: str  # "person", "org" or "other"


@dataclass
class Subject:
    """A sentence whose subject is implicit: how it names it and what it inherits."""

    how: str  # "start", "report", "title", "org"
    cue: str  # the pronoun or the description
    head: str = ""  # the antecedent's head term ('' where none was found)
    where: str = ""  # "passage" or "previous"


# ---------------------------------------------------------------- reading


def _names_of_story(sentences) -> tuple[dict, dict, dict]:
    """The story's names of several words: head term -> words, the titles written
    before them, and whether the head is used alone elsewhere (a surname)."""
    SPEAKERS.clear()
    words_of: dict[str, tuple[str, ...]] = {}
    titles: dict[str, set[str]] = defaultdict(set)
    alone: Counter = Counter()
    for tokens_of_passage in sentences.values():
        for tokens in tokens_of_passage:
            for mention, title, single, after in _mentions_raw(tokens):
                if after in REPORTING:
                    SPEAKERS.add(mention[0])
                if single:
                    alone[mention[0]] += 1
                    if title and SETTINGS["v2"]:  # "Ms. Coulter", "Mr. Cowan"
                        titles[mention[0]].add(title)
                else:
                    words_of.setdefault(mention[0], mention[1])
                    if title:
                        titles[mention[0]].add(title)
    return words_of, titles, alone


def _after(toks, j: int) -> str:
    """The word after token `j`, lower case ('' at the end)."""
    return toks[j + 1].text.lower() if j + 1 < len(toks) else ""


def _title(word: str) -> str:
    """`word` as a title ("Sen." -> "sen"), or '' where it is none."""
    word = word.lower().rstrip(".")
    return word if word in TITLE_CANON or word in MALE_TITLES | FEMALE_TITLES else ""


def _mentions_raw(tokens):
    """Each name of several capitalised words in `tokens` as (head, words), with the
    title before it, and each single capitalised word (head, (word,)) marked single."""
    toks = [t for t in tokens if t.text != " "]
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        spaced = [x for x in t.terms if " " in x]
        if spaced:
            head = term_head(spaced[0])
            j = i + 1
            while j < min(len(toks), i + 5) and (
                not toks[j].terms or term_head(toks[j].terms[-1]) != head
            ):
                j += 1
            if j >= min(len(toks), i + 5):
                j = i
            words = tuple(x.text for x in toks[i : j + 1])
            out.append(
                ((head, words), _title(toks[i - 1].text) if i else "", False, _after(toks, j))
            )
            i = j + 1
            continue
        if i and t.terms and t.text[:1].isupper() and t.text.isalpha():
            out.append(((t.terms[-1], (t.text,)), _title(toks[i - 1].text), True, _after(toks, i)))
        i += 1
    return out


class Reader:
    """The story's names and the implicit subjects of its sentences."""

    def __init__(self, story, sentences, v2: bool | None = None) -> None:
        self.v2 = SETTINGS["v2"] if v2 is None else v2
        self.words_of, self.titles, self.alone = _names_of_story(sentences)
        self.speakers = set(SPEAKERS)
        self.gender: dict[str, str] = {}
        for head, ts in self.titles.items():
            if ts & MALE_TITLES:
                self.gender[head] = "m"
            elif ts & FEMALE_TITLES:
                self.gender[head] = "f"
        self.story = story
        self.sentences = sentences
        self._vote()

    def kind(self, head: str) -> str:
        words = {w.lower().rstrip(".") for w in self.words_of.get(head, ())}
        if words & ORGANISATION_WORDS or head in ORGANISATION_WORDS:
            return "org"
        if head in NOT_PEOPLE or words & NOT_PEOPLE:
            return "other"
        if self.v2:
            if head in self.words_of and (self.titles.get(head) or head in self.speakers):
                return "person"
            return "other"
        if head in self.words_of and (self.titles.get(head) or self.alone[head] >= 1):
            return "person"
        return "other"

    def mentions(self, tokens) -> list[Mention]:
        """The names a sentence holds, in order (a single word only where the story
        writes it in a name of several words elsewhere: "Schiff")."""
        out = []
        for (head, words), _title, single, _after in _mentions_raw(tokens):
            if single and head not in self.words_of:
                continue
            out.append(Mention(head, self.words_of.get(head, words), self.kind(head)))
        return out

    def _vote(self) -> None:
        """Each sentence opening with he/she votes for the gender of the passage's last
        person named before it."""
        votes: dict[str, Counter] = defaultdict(Counter)
        for article in self.story.articles:
            for passage in article.passages:
                last = None
                for tokens in self.sentences[(article.slug, passage.id)]:
                    first = _first_word(tokens)
                    if last is not None and first in ("he", "she"):
                        votes[last][SUBJECT_PRONOUNS[first]] += 1
                    people = [m for m in self.mentions(tokens) if m.kind == "person"]
                    if people:
                        last = people[0].head if self.v2 else people[-1].head
        for head, c in votes.items():
            if head in self.gender:
                continue
            (g, n), *rest = c.most_common()
            if n >= 2 * sum(x for _, x in rest):
                self.gender[head] = g

    def fits(self, mention: Mention, cue: str, how: str) -> bool:
        if how in ("start", "report"):
            g = SUBJECT_PRONOUNS[cue]
            if g == "p":  # v2: "they" is seldom an organisation named before
                return mention.kind == "org" and not self.v2
            if mention.kind != "person":
                return False
            known = self.gender.get(mention.head)
            if self.v2 and g == "f":
                return known == "f"
            return known == g or (known is None and bool(self.titles.get(mention.head)))
        if how == "title":
            canon = TITLE_CANON[cue]
            return mention.kind == "person" and any(
                TITLE_CANON.get(t) == canon for t in self.titles.get(mention.head, ())
            )
        if how == "org":
            words = {w.lower() for w in mention.words}
            return mention.kind == "org" and (cue in words or cue + "s" in words)
        return False

    def subjects(self, kinds=("start", "report", "title", "org"), back=True) -> dict:
        """(article, passage, sentence index) -> Subject, for every sentence whose
        subject is implicit and whose antecedent is found. Resolver v1 (`self.v2`
        false): the last fitting name before it; v2: the first fitting name of the
        nearest sentence that has one (a sentence's subject comes first), "she" only
        for a woman the story says is one, and the stricter cue (implicit_cue)."""
        out = {}
        for article in self.story.articles:
            previous: list[list[Mention]] = []
            for passage in article.passages:
                seen: list[list[Mention]] = []
                for index, tokens in enumerate(self.sentences[(article.slug, passage.id)]):
                    cue = implicit_cue(tokens, strict=self.v2)
                    if cue is not None and cue.how in kinds:
                        own = {m.head for m in self.mentions(tokens)}
                        for where, pool in (("passage", seen), ("previous", previous)):
                            if where == "previous" and not back:
                                break
                            found = self._antecedent(pool, cue)
                            if found is not None:
                                if found.head not in own:
                                    cue.head, cue.where = found.head, where
                                    out[(article.slug, passage.id, index)] = cue
                                break
                    seen.append(self.mentions(tokens))
                previous = seen if any(seen) else previous
        return out

    def _antecedent(self, pool: list[list[Mention]], cue: Subject) -> Mention | None:
        if not self.v2:
            flat = [m for sentence in pool for m in sentence]
            return next((m for m in reversed(flat) if self.fits(m, cue.cue, cue.how)), None)
        for sentence in reversed(pool):
            for m in sentence:
                if self.fits(m, cue.cue, cue.how):
                    return m
        return None


def _words(tokens) -> list[str]:
    return [t.text for t in tokens if t.text.strip() and t.text[:1].isalpha()]


def _first_word(tokens) -> str:
    words = _words(tokens)
    return words[0].lower() if words else ""


def implicit_cue(tokens, strict: bool = True) -> Subject | None:
    """How a sentence leaves its subject implicit, if it does: it opens with a pronoun
    ("He added ...") or "The <title>" / "The <organisation noun>", or its reporting
    clause has one (", she said", "the senator told"). `strict` (resolver v2): the
    pronoun before the reporting verb only ("X said he would" names its subject), and
    no capitalised word before it (the sentence may name its speaker: "Fox ... when he
    said")."""
    raw = _words(tokens)
    words = [w.lower().rstrip(".") for w in raw]
    if not words:
        return None
    first = words[0]
    opening = next((t.text for t in tokens if t.text.strip()), "")
    quoted = strict and opening in QUOTES  # a quotation's "he" is seldom its speaker
    if first in SUBJECT_PRONOUNS and not quoted:
        return Subject("start", first)
    if first == "the" and len(words) > 1 and not quoted:
        if words[1] in TITLE_CANON:
            return Subject("title", words[1])
        if words[1] in ORGANISATION_NOUNS:
            return Subject("org", words[1])
    for i, w in enumerate(words):
        if w in REPORTING:
            before = words[i - 1] if i else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            for x in (before,) if strict else (before, after):
                if x in ("he", "she", "they"):
                    if strict and any(
                        r[:1].isupper() and (k or r.lower() not in PACK.stop_words)
                        for k, r in enumerate(raw[: i - 1])
                    ):
                        return None
                    return Subject("report", x)
            if i >= 2 and words[i - 2] == "the" and before in TITLE_CANON:
                return Subject("title", before)
            if i >= 2 and words[i - 2] == "the" and before in ORGANISATION_NOUNS:
                return Subject("org", before)
    return None


# ---------------------------------------------------------------- the carry-over


VARIANTS = {
    "all": dict(kinds=("start", "report", "title", "org"), back=True),
    "passage-only": dict(kinds=("start", "report", "title", "org"), back=False),
    "pronoun-start": dict(kinds=("start",), back=True),
    "report": dict(kinds=("report",), back=True),
    "title": dict(kinds=("title",), back=True),
    "org": dict(kinds=("org",), back=True),
    "people": dict(kinds=("start", "report", "title"), back=True),
    "all-anchor": dict(kinds=("start", "report", "title", "org"), back=True, anchor=True),
    "all-compound": dict(kinds=("start", "report", "title", "org"), back=True, compound=True),
}


def carried_units(units, story, sentences, spec) -> list:
    """`units` with each implicit subject's antecedent head term added (see VARIANTS)."""
    reader = Reader(story, sentences)
    subjects = reader.subjects(spec["kinds"], spec["back"])
    out = []
    for u in units:
        s = subjects.get((u.article, u.passage, u.sentence))
        if s is None or s.head in u.terms:
            out.append(u)
            continue
        extra = (s.head,)
        if spec.get("compound"):
            words = reader.words_of.get(s.head, ())
            if len(words) >= 2:
                extra = (f"{words[-2].lower()} {s.head}", s.head)
        out.append(dataclasses.replace(u, terms=u.terms + extra))
    return out


def run(stories, name: str | None) -> dict:
    """As align_missed.run: each story's (set, quality, split, events, shown) with the
    carry-over `name` (None: the aligner as it is)."""
    original = A.story_units
    spec = VARIANTS.get(name) if name else None

    def hook(story, sentences, stops=frozenset()):
        units = original(story, sentences, stops)
        if spec is None:
            return units
        carried = carried_units(units, story, sentences, spec)
        if spec.get("anchor"):
            # only where the inherited name is no protagonist (issue point 3): a name
            # in at most a quarter of the passages before the carry-over
            counted, total = A.passage_frequency(units)
            carried = [
                c
                if len(c.terms) == len(u.terms)
                or counted.get(c.terms[-1], 0) <= max(2, A.ANCHOR_SHARE * total)
                else u
                for u, c in zip(units, carried, strict=True)
            ]
        return carried

    with mock.patch.object(A, "story_units", hook):
        return M.scored(stories)


# ---------------------------------------------------------------- counts


def _story_reader(story):
    from site_builder.align.normalise import make_normaliser

    texts = [p.text for a in story.articles for p in a.passages]
    normaliser = make_normaliser(texts, M.SETTINGS.aliases, M.SETTINGS.fuzzy_names, M.LANGUAGE)
    sentences = {
        (a.slug, p.id): tuple(normaliser.sentence(x) for x in p.sentences)
        for a in story.articles
        for p in a.passages
    }
    return Reader(story, sentences), sentences


def _story_read(story):
    """The story's reader and normalised sentences (_story_reader), the implicit
    subjects it finds, and the story aligned as main aligns it."""
    reader, sentences = _story_reader(story)
    return reader, sentences, reader.subjects(), A.diagnose(story, M.SETTINGS, M.LANGUAGE)


def counts(stories) -> None:
    """Missed units' best sentence pairs and shown links, by whether a sentence of the
    pair has an implicit subject with an antecedent, and whether the other sentence
    names that antecedent (the carry-over would add a shared name)."""
    tally: dict[str, Counter] = defaultdict(Counter)
    per_set: dict[str, Counter] = defaultdict(Counter)
    kinds: Counter = Counter()
    for s in stories:
        story, gold = s.item.story, s.item.gold
        _, _, subjects, diagnosis = _story_read(story)
        units = diagnosis.units
        total_sentences = len(units)
        tally["sentences"]["all"] += total_sentences
        for sub in subjects.values():
            kinds[(sub.how, sub.where)] += 1
        tally["sentences"]["implicit, antecedent found"] += len(subjects)
        tally["sentences"]["implicit, antecedent a protagonist"] += sum(
            1
            for sub in subjects.values()
            if A.passage_frequency(units)[0].get(sub.head, 0)
            > max(2, A.ANCHOR_SHARE * len({(u.article, u.passage) for u in units}))
        )
        anchors = set(diagnosis.lexicon.anchors)
        of_passage = M.units_by_passage(units)
        cos = M.weighted_cosine(units, diagnosis.lexicon)

        def classify(i, j, units=units, subjects=subjects, anchors=anchors):
            """'' / 'implicit' / 'implicit, other names it' / ... for one pair."""
            out = []
            for x, y in ((i, j), (j, i)):
                sub = subjects.get((units[x].article, units[x].passage, units[x].sentence))
                if sub is None:
                    continue
                other = set(units[y].terms) | {h for _, h in units[y].names}
                other_sub = subjects.get((units[y].article, units[y].passage, units[y].sentence))
                if sub.head in other or (other_sub and other_sub.head == sub.head):
                    out.append("shared-anchor" if sub.head in anchors else "shared")
                else:
                    out.append("implicit")
            if "shared-anchor" in out:
                return "implicit subject, the other names (or inherits) it, a specific name"
            if "shared" in out:
                return "implicit subject, the other names (or inherits) it, a protagonist"
            if out:
                return "implicit subject, the other does not name it"
            return "no implicit subject"

        # missed units: best sentence pair of their passages
        shown = predicted_links(diagnosis.alignment.groups)
        for index, outlets in sorted(
            gold_units(gold) - found_units(shown, gold), key=lambda u: (u[0], sorted(u[1]))
        ):
            first, second = sorted(outlets)
            passages = gold.events[index].passages
            keys = [(x, y) for x in passages if x[0] == first for y in passages if y[0] == second]
            best = max(
                ((cos(i, j), i, j) for x, y in keys for i in of_passage[x] for j in of_passage[y]),
                default=None,
            )
            if best is None:
                continue
            c = classify(best[1], best[2])
            tally["missed units (best pair)"][c] += 1
            per_set[s.label][("missed", c)] += 1
        # shown links: the strongest same-event sentence link between the two passages
        right = gold_links(gold)
        strongest = M.strongest_event_links(diagnosis, units)
        for key in shown:
            link = strongest.get(key)
            side = "right shown links" if key in right else "wrong shown links"
            c = classify(link.left, link.right) if link else "(merged, no link of its own)"
            tally[side][c] += 1
            per_set[s.label][(side, c)] += 1
    for group, c in tally.items():
        print(group)
        for k, n in c.most_common():
            print(f"  {k:66} {n:5}")
    print("implicit subjects by how they are cued and where the antecedent is:")
    for k, n in sorted(kinds.items()):
        print(f"  {k}: {n}")
    print("per set (missed units / wrong shown / right shown: implicit; of it shared):")
    for label in M.SETS:
        c = per_set[label]
        cells = []
        for side in ("missed", "wrong shown links", "right shown links"):
            tot = sum(n for (sd, _), n in c.items() if sd == side)
            imp = sum(n for (sd, k), n in c.items() if sd == side and k.startswith("implicit"))
            sh = sum(n for (sd, k), n in c.items() if sd == side and "names" in k)
            sa = sum(n for (sd, k), n in c.items() if sd == side and "specific" in k)
            cells.append(f"{imp}/{tot} ({sh} shared, {sa} specific)")
        print(f"  {label:12} " + " | ".join(cells))


def show(stories, name: str) -> None:
    [s] = [s for s in stories if name in s.name]
    reader, _ = _story_reader(s.item.story)
    for (a, p, i), sub in sorted(reader.subjects().items()):
        text = s.item.story.article(a).passage(p).sentences[i]
        print(f"{a}/{p}#{i} {sub.how} {sub.cue!r} -> {sub.head} ({sub.where}): {text[:140]}")
    print("genders:", reader.gender)
    print("kinds:", {h: reader.kind(h) for h in reader.words_of})


def sample(stories, n: int, seed: int = 10) -> None:
    """`n` carry-overs at random (fixed seed), each with the two sentences before it,
    to judge the resolver by reading."""
    import random

    rows = []
    for s in stories:
        reader, _ = _story_reader(s.item.story)
        for (a, p, i), sub in reader.subjects().items():
            rows.append((s, a, p, i, sub, reader.words_of.get(sub.head, ())))
    random.Random(seed).shuffle(rows)
    for s, a, p, i, sub, words in rows[:n]:
        passages = s.item.story.article(a).passages
        at = [x.id for x in passages].index(p)
        if i:
            context = passages[at].sentences[max(0, i - 2) : i]
        else:
            context = passages[at - 1].sentences[-2:] if at else ()
        print(f"## {s.name} {a}/{p}#{i} {sub.how} {sub.cue} -> {' '.join(words)} ({sub.where})")
        print("   before:", " ".join(context)[-260:])
        print("   it    :", passages[at].sentences[i][:160])


def actors(stories) -> None:
    """Shown links by whether their sentences' actors agree (the implicit subject, else
    the first person the sentence names): is a different actor evidence against a link?
    Each shown passage pair by its strongest same-event sentence link."""
    tally: Counter = Counter()
    by_set: Counter = Counter()
    kinds = ("same", "differ, one implicit", "differ, both named", "unknown")
    for s in stories:
        story, gold = s.item.story, s.item.gold
        reader, sentences, subjects, diagnosis = _story_read(story)
        units = diagnosis.units

        def actor(i, units=units, subjects=subjects, reader=reader, sentences=sentences):
            u = units[i]
            sub = subjects.get((u.article, u.passage, u.sentence))
            if sub:
                return sub.head, True
            tokens = sentences[(u.article, u.passage)][u.sentence]
            people = [m for m in reader.mentions(tokens) if m.kind == "person"]
            return (people[0].head, False) if people else ("", False)

        right = gold_links(gold)
        strongest = M.strongest_event_links(diagnosis, units)
        for key in predicted_links(diagnosis.alignment.groups):
            link = strongest.get(key)
            if link is None:
                continue
            (a, implicit_a), (b, implicit_b) = actor(link.left), actor(link.right)
            if not (a and b):
                kind = kinds[3]
            elif a == b:
                kind = kinds[0]
            else:
                kind = kinds[1] if implicit_a or implicit_b else kinds[2]
            tally[(kind, key in right)] += 1
            by_set[(s.label, kind, key in right)] += 1
    print("shown links (with a sentence link of their own) by their sentences' actors:")
    for kind in kinds:
        print(f"  {kind:24} right {tally[(kind, True)]:4}  wrong {tally[(kind, False)]:4}")
    for label in M.SETS:
        cells = [
            f"{k}: {by_set[(label, k, True)]}/"
            f"{by_set[(label, k, True)] + by_set[(label, k, False)]}"
            for k in kinds[:3]
        ]
        print(f"  {label:12} " + "; ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", action="store_true")
    parser.add_argument("--actors", action="store_true", help="shown links by actors")
    parser.add_argument("--variants", nargs="*", default=None)
    parser.add_argument("--added", metavar="VARIANT")
    parser.add_argument("--show", metavar="STORY")
    parser.add_argument("--sample", type=int, metavar="N", help="N carry-overs at random")
    parser.add_argument("--v1", action="store_true", help="resolver v1 (the last name)")
    args = parser.parse_args()
    SETTINGS["v2"] = not args.v1
    with tempfile.TemporaryDirectory() as workdir:
        stories = M.gold_items(Path(workdir))
        if args.show:
            show(stories, args.show)
            return
        if args.sample:
            sample(stories, args.sample)
            return
        if args.counts:
            counts(stories)
        if args.actors:
            actors(stories)
        if args.variants is None and not args.added:
            return
        base = run(stories, None)

        def variant(name):
            return run_actor(stories, name) if name in ACTOR_VARIANTS else run(stories, name)

        if args.added:
            M.show_added(stories, variant(args.added), base)
        if args.variants is not None:
            print("main")
            print(M.summary(stories, base, None))
            for name in args.variants or [*VARIANTS, *ACTOR_VARIANTS]:
                print(name)
                print(M.summary(stories, variant(name), base), flush=True)


# ---------------------------------------------------------------- the actor as a second thing

CURRENT: dict = {}
"""The story being aligned's implicit subjects (set by the story_units hook of
run_actor; align_missed's choosers get the units, not the story)."""


def actor_pairs(things, same_keys, events, test) -> list:
    """Sentence pairs sharing exactly one specific thing where one sentence's implicit
    subject is the other's named (or implicit) actor, the actor not being that thing:
    the actor as the pair's second thing."""
    subjects = CURRENT.get("subjects", {})
    units = things.units

    def inherited(i):
        sub = subjects.get((units[i].article, units[i].passage, units[i].sentence))
        return sub.head if sub else ""

    out = []
    for key, pairs in things.by_passages.items():
        if key in same_keys:
            continue
        chosen = []
        for p in pairs:
            if len(p.things) != 1:
                continue
            thing_heads = {term_head(t) for t in p.things}
            ia, ib = inherited(p.a), inherited(p.b)
            actors = set()
            if ia and (ia in units[p.b].terms or ia == ib):
                actors.add(ia)
            if ib and ib in units[p.a].terms:
                actors.add(ib)
            if CURRENT.get("explicit"):  # control: both name the actor themselves
                reader = CURRENT["reader"]
                actors = {
                    t
                    for t in set(units[p.a].terms) & set(units[p.b].terms)
                    if reader.kind(t) == "person"
                }
            if actors - thing_heads and test(things, p):
                chosen.append(p)
        if chosen:
            out.append(max(chosen, key=lambda p: p.score))
    return out


ACTOR_VARIANTS = {
    "actor2": lambda t, p: True,
    "actor2-closest1": lambda t, p: t.closest(p) >= 1,
    "actor2-closest2": lambda t, p: t.closest(p) == 2,
    "actor2-s.16": lambda t, p: p.score >= 0.16,
    "actor2-s.1-closest1": lambda t, p: p.score >= 0.1 and t.closest(p) >= 1,
    # control: the same, where both sentences name the actor (no carry-over)
    "named-actor2": lambda t, p: True,
    "named-actor2-closest1": lambda t, p: t.closest(p) >= 1,
    "named-actor2-s.16": lambda t, p: p.score >= 0.16,
}


def run_actor(stories, name: str) -> dict:
    """align_missed.run with variant `name` of ACTOR_VARIANTS."""
    original = A.story_units

    def hook(story, sentences, stops=frozenset()):
        reader = Reader(story, sentences)
        CURRENT.update(subjects=reader.subjects(), reader=reader, explicit=explicit)
        return original(story, sentences, stops)

    explicit = name.startswith("named-")
    M.VARIANTS[name] = (actor_pairs, ACTOR_VARIANTS[name])
    with mock.patch.object(A, "story_units", hook):
        return M.run(stories, name)


if __name__ == "__main__":
    main()
