"""Frame step: how each outlet words what it shares with the others.

It reads the align step's result (each sentence's tokens and terms, the groups) and
tokenises nothing again. For every member of an event: which of its words it shares
with the other members' reports of the event and which only it uses, which sentences
carry the event, and which loaded words it uses. For every outlet: the words that most
set its coverage apart (weighted log-odds with an informative Dirichlet prior, Monroe et
al. 2008), the people it quotes or cites (one entry per person, however the name is
written), and how many of the story's events it reports.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from site_builder.align.language import Language
from site_builder.align.normalise import term_head
from site_builder.model import (
    Alignment,
    Framing,
    Group,
    OutletFraming,
    Person,
    Sentences,
    Span,
    Story,
    Token,
)
from site_builder.text import fold, word_pattern

DISTINCTIVE_WORDS = 8
RELATED_SHOWN = 50
"""How many related groups the pages show (the strongest): a story of thousands of
passages has tens of thousands of loose links, which no reader goes through."""
QUOTED_PEOPLE = 8
NAME_RARITY = 3.0
"""A person named by one word only must be this rare in the language ("Peskov", "Trump";
not "Long" or "Center")."""
COMMON_RARITY = 2.8
"""Words more common than this (Zipf frequency over 5.2: "get", "including", "city",
"government") never count as distinctive: they set nothing apart."""
TIME_WORDS = frozenset(
    """
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december today yesterday tomorrow week weeks
month months year years
""".split()
)
"""Words about when, not how: never distinctive, never part of a name."""
_REPORTING = (
    r"said|says|say|told|tells|tell|stated|states|added|adds|noted|notes|argued|argues|"
    r"claimed|claims|declared|declares|warned|warns|announced|announces|wrote|writes|"
    r"tweeted|insisted|insists|explained|explains|asked|asks|replied|replies|recalled|"
    r"conceded|acknowledged|admitted|stressed|emphasized|emphasised|suggested|suggests|"
    r"observed|remarked|commented|responded|predicted|urged|confirmed|denied|complained|"
    r"cautioned|contended|maintained|asserted|concluded|believes|thinks|branded|called|"
    r"characterized|characterised|described|exclaimed|dismissed"
)
_CAPITALISED = r"[A-Z][\w’'-]*"
_NAME_RUN = rf"(?<![\w’'-])(?P<name>(?:{_CAPITALISED} ){{0,5}}{_CAPITALISED})"
_PHRASE = r"(?P<phrase>[^.,;:!?“”\"«»()\[\]]{1,80})"
ATTRIBUTIONS = (
    # Peskov said; Peskov mildly stated; Dmitry Peskov, the Kremlin's spokesman, said
    re.compile(
        rf"{_NAME_RUN}(?:, (?P<apposition>[^,.;“”\"«»]{{1,80}}),|,)? "
        rf"(?:also |then |later |has |had |have |[a-z]+ly )?(?:{_REPORTING})\b"
    ),
    # "...," said Kremlin spokesman Dmitry Peskov
    re.compile(rf"(?:[,”\"’»]|,[”\"’»]) ?(?:{_REPORTING}) {_PHRASE}"),
    # according to political analyst Alexander Morozov
    re.compile(rf"\b[Aa]ccording to {_PHRASE}"),
    # Zelensky's spokesman, Putin's press secretary
    re.compile(
        rf"{_NAME_RUN}['’]s (?:spokes(?:man|woman|person)|press secretary|office)\b"
        r"(?!,? [A-Z])"
    ),
)
"""Where an article quotes or cites someone: a name before a verb of reporting (an
apposition between commas allowed); after a quotation and a verb of reporting ("...,"
said X); after "according to" and any description; before "'s spokesman" and the like.
The name is the capitalised words in it after the last title (see TITLES)."""
TITLES = frozenset(
    """
president vice prime minister foreign defense defence deputy secretary senator sen
representative rep congressman congresswoman governor gov mayor spokesman spokeswoman
spokesperson general gen chancellor chief mr mrs ms dr sheriff judge justice speaker
leader ambassador kremlin pentagon white house state department analyst political
military presidential advisor adviser former chechen ukrainian russian american us
ukraine russia the a an his her their its lead leading negotiator head commander
lawmaker official officials aide envoy expert professor economist journalist writer
editor press secretary blogger
""".split()
)
"""Words before a name that say who the person is, not what they are called."""


def frame_story(
    story: Story, alignment: Alignment, language: Language, loaded_words: Sequence[str]
) -> Framing:
    """The wording of every event member (of every group, and of the related groups the
    pages show, kept as Framing.related) and each outlet's profile (see the module)."""
    words = tuple(dict.fromkeys((*loaded_words, *story.loaded_words)))
    pattern = loaded_pattern(words)
    related = shown_related(alignment)
    spans = {}
    for group in (*alignment.groups, *related):
        spans.update(_group_spans(group, alignment.sentences, pattern))
    outlets = tuple(_outlet_framing(story, alignment, language, words, pattern))
    return Framing(spans=spans, outlets=outlets, loaded_words=words, related=related)


def shown_related(alignment: Alignment) -> tuple[Group, ...]:
    """The related groups the pages show: the RELATED_SHOWN strongest, in story order."""
    if len(alignment.related) <= RELATED_SHOWN:
        return alignment.related
    strongest = sorted(alignment.related, key=lambda g: -g.score)[:RELATED_SHOWN]
    keep = {g.id for g in strongest}
    return tuple(g for g in alignment.related if g.id in keep)


def _group_spans(
    group: Group,
    sentences: Sentences,
    pattern: re.Pattern | None,
) -> dict[tuple[str, str, str], tuple[Span, ...]]:
    """Each member's passage as spans: its event sentences, with the words it shares
    with the other members' event sentences and those only it uses."""
    terms = {
        m.article: {
            t
            for i in m.sentences
            for token in sentences[(m.article, m.passage)][i]
            for t in token.terms
        }
        for m in group.members
    }
    result = {}
    for member in group.members:
        others = set().union(*(t for a, t in terms.items() if a != member.article))
        result[(group.id, member.article, member.passage)] = tuple(
            passage_spans(
                sentences[(member.article, member.passage)],
                set(member.sentences),
                terms[member.article] & others,
                pattern,
            )
        )
    return result


Piece = tuple[str, bool, bool, bool, bool]
"""A Span's fields as a tuple: cheap to make for every word before neighbours merge."""


def passage_spans(
    sentences: Sequence[Sequence[Token]],
    event: set[int],
    shared: set[str],
    loaded: re.Pattern | None,
) -> list[Span]:
    """The passage as spans: event sentences marked, their words shared or own, loaded
    words marked everywhere. White space after a word is never part of its mark."""
    pieces: list[Piece] = []
    for index, tokens in enumerate(sentences):
        if pieces:
            pieces.append((" ", False, False, False, False))
        text = "".join(t.text for t in tokens)
        loaded_at = _loaded_positions(text, loaded)
        in_event = index in event
        if not in_event and not loaded_at:  # a sentence shown as it is: one piece
            pieces.append((text, False, False, False, False))
            continue
        position = 0
        for token in tokens:
            start, position = position, position + len(token.text)
            is_word = bool(token.terms) and in_event
            pieces.append(
                (
                    token.text,
                    is_word and any(t in shared for t in token.terms),
                    is_word and not any(t in shared for t in token.terms),
                    any(a <= start < b for a, b in loaded_at),
                    in_event,
                )
            )
    return _merged(pieces)


def loaded_pattern(loaded_words: Sequence[str]) -> re.Pattern | None:
    """One regex that finds any of the loaded words (and their endings: regime, regimes),
    in any case and with or without accents, as the aligner finds them (text.py)."""
    return word_pattern(loaded_words)


def _loaded_positions(text: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _merged(pieces: list[Piece]) -> list[Span]:
    """Join neighbouring pieces that look the same, so the page has fewer elements: a
    space between two words of the same mark joins them (a space after the last word of
    a mark does not: underlines never run into the next word); loaded words stay apart.
    """
    marks = [piece[1:] for piece in pieces]
    for i in range(1, len(pieces) - 1):
        before, after = marks[i - 1], marks[i + 1]
        if (
            pieces[i][0].isspace()
            and before == after
            and (before[0] or before[1])
            and not before[2]
            and marks[i][3] == before[3]
        ):
            marks[i] = before
    spans: list[Span] = []
    texts: list[str] = []
    look: tuple[bool, bool, bool, bool] | None = None
    for (text, *_), mark in zip(pieces, marks):
        if look is not None and mark == look and not mark[2]:
            texts.append(text)
            continue
        if look is not None:
            spans.append(Span("".join(texts), *look))
        texts, look = [text], mark
    if look is not None:
        spans.append(Span("".join(texts), *look))
    return spans


def _outlet_framing(
    story: Story,
    alignment: Alignment,
    language: Language,
    loaded_words: Sequence[str],
    pattern: re.Pattern | None,
) -> Iterator[OutletFraming]:
    allowed = {t for t in alignment.weights if _may_be_distinctive(t, alignment.surface, language)}
    counts = {
        a.slug: Counter(
            t
            for p in a.passages
            for tokens in alignment.sentences[(a.slug, p.id)]
            for token in tokens
            if token.terms
            for t in token.terms
            if t in allowed
        )
        for a in story.articles
    }
    scores = fightin_words(counts)
    strongest = max((z for ranked in scores.values() for _, z in ranked), default=1.0)
    people = people_by_article(
        {a.slug: [p.text for p in a.passages] for a in story.articles}, Names(alignment, language)
    )
    covered = Counter(m.article for g in alignment.groups for m in g.members)
    for article in story.articles:
        text = " ".join(p.text for p in article.passages)
        found = [text[a:b] for a, b in _loaded_positions(text, pattern)]
        loaded = {w: sum(fold(f).startswith(fold(w)) for f in found) for w in loaded_words}
        yield OutletFraming(
            article=article.slug,
            distinctive=tuple(
                (alignment.surface.get(w, w), round(z / strongest, 2))
                for w, z in scores[article.slug][:DISTINCTIVE_WORDS]
            ),
            quoted=people[article.slug],
            loaded=tuple((w, n) for w, n in loaded.items() if n),
            covered=covered[article.slug],
        )


def _may_be_distinctive(term: str, surface: Mapping[str, str], language: Language) -> bool:
    """Whether a term may be shown as one of an outlet's distinctive words: not a
    number, not part of a longer name, not one of the language's commonest words."""
    if term[:1].isdigit() or " " in term:
        return False
    word = surface.get(term, term).lower()
    return (
        word not in language.stop_words
        and word not in TIME_WORDS
        and not any(c.isdigit() for c in word)
        and language.rarity.of(word) >= COMMON_RARITY
    )


def fightin_words(
    counts: dict[str, Counter], prior_scale: float = 0.01
) -> dict[str, list[tuple[str, float]]]:
    """Per outlet, terms ranked by z-scored log-odds against all the other outlets.

    Weighted log-odds ratio with an informative Dirichlet prior from the whole story
    (Monroe, Colaresi & Quinn 2008): frequent words do not win by frequency alone and
    rare words do not win by noise.
    """
    total: Counter = Counter()
    for c in counts.values():
        total.update(c)
    a0 = prior_scale * sum(total.values())
    alpha = {w: prior_scale * n for w, n in total.items()}
    result = {}
    for outlet, mine in counts.items():
        rest = total - mine
        n_i, n_j = sum(mine.values()), sum(rest.values())
        ranked = []
        for word, count in mine.items():
            if count < 2:
                continue
            a = alpha[word]
            delta = math.log((count + a) / (n_i + a0 - count - a)) - math.log(
                (rest[word] + a) / (n_j + a0 - rest[word] - a)
            )
            variance = 1 / (count + a) + 1 / (rest[word] + a)
            ranked.append((word, round(delta / math.sqrt(variance), 2)))
        ranked.sort(key=lambda wz: (-wz[1], wz[0]))
        result[outlet] = [(w, z) for w, z in ranked if z > 1.0]
    return result


class Names:
    """What the story tells about the words a name may be made of: which capitalised
    word names what (its head term: "Peskov" and "Dmitry Peskov" name one person), which
    are last words of names of several words ("Peskov" in "Dmitry Peskov"), which words
    the story also writes in lower case ("Saying" is a word, not a name), and the fullest
    form of each name it writes."""

    def __init__(self, alignment: Alignment, language: Language) -> None:
        self.language = language
        self.surface = alignment.surface
        self.heads: dict[str, str] = {}
        self.surnames: set[str] = set()
        self.lower: set[str] = set()
        for sentences in alignment.sentences.values():
            for tokens in sentences:
                for token in tokens:
                    text = token.text
                    if text[:1].islower():
                        self.lower.add(text)
                    elif text[:1].isupper() and token.terms:
                        self.heads[_bare(text)] = term_head(token.terms[0])
                        self.surnames.update(term_head(t) for t in token.terms if " " in t)
        self.fullest: dict[str, str] = {}
        for sentences in alignment.sentences.values():
            for tokens in sentences:
                for run, initial in _capitalised_runs(tokens):
                    person = self.person(run, initial=initial) if len(run) > 1 else []
                    if len(person) > 1:
                        key, name = self.head(person[-1]), " ".join(person)
                        if (len(person), name) > _size(self.fullest.get(key, "")):
                            self.fullest[key] = name
        self.surnames.update(self.fullest)

    def spelled(self, key: str, name: str) -> str:
        """A name with its last word as the story spells that person (the editor's
        alias wins: "Vladimir Medinski" -> "Vladimir Medinsky")."""
        written = self.surface.get(key, "")
        if written[:1].isupper() and " " not in written:
            return " ".join([*name.split()[:-1], written])
        return name

    def head(self, word: str) -> str:
        """The term of the person a name's last word names."""
        return self.heads.get(word, fold(word))

    def person(self, words: Sequence[str], *, initial: bool = False) -> list[str]:
        """The words of a found name that are the name: descriptions and titles before
        it dropped ("Ukraine President Volodymyr Zelensky" -> "Volodymyr Zelensky");
        nothing when a word is no part of any name ("Russian-aligned", "March"), when
        every word is one the story also writes in lower case ("the Peace Party"), or
        when a single word is not known as the last word of a longer name. `initial`:
        the words start a sentence, where a capital tells nothing ("Saying")."""
        words = [_bare(w) for w in words]
        titles = [i for i, w in enumerate(words) if fold(w).rstrip(".") in TITLES]
        if titles:
            words, initial = words[titles[-1] + 1 :], False
        if initial and words and words[0].lower() in self.lower:
            words = words[1:]
        while len(words) > 1 and not self._name_word(words[0]):
            words = words[1:]
        if (
            not words
            or len(words) > 4
            or not all(self._name_word(w) for w in words)
            or all(w.lower() in self.lower for w in words)
        ):
            return []
        if len(words) == 1 and (
            self.head(words[0]) not in self.surnames
            or self.language.rarity.of(fold(words[0])) < NAME_RARITY
        ):
            return []  # "Kyiv said": a place, unless the story names someone so
        return words

    def _name_word(self, word: str) -> bool:
        folded = fold(word)
        return (
            len(word) > 1
            and all(part[:1].isupper() for part in word.split("-") if part)
            and folded not in self.language.stop_words
            and folded not in TIME_WORDS
            and folded not in TITLES
            and not any(c.isdigit() for c in word)
        )


def quoted_people(texts: Iterable[str], names: Names) -> Counter:
    """In how many of an article's passages it quotes or cites each person (see
    ATTRIBUTIONS), by the person's head term and the form of the name it uses."""
    found: Counter = Counter()
    for text in texts:
        people = {}
        for pattern in ATTRIBUTIONS:
            for match in pattern.finditer(text):
                words, start = _attributed_words(match)
                person = names.person(words, initial=_starts_sentence(text, start))
                if person:
                    name = " ".join(person)
                    key = names.head(person[-1])
                    if len(name) > len(people.get(key, "")):
                        people[key] = name
        found.update(people.items())
    return found


def _attributed_words(match: re.Match) -> tuple[list[str], int]:
    """The words of the name an attribution points at, and where they start: its name
    group, or in a phrase after a verb or "according to" the first run of titles and
    capitalised words."""
    groups = match.groupdict()
    apposition = (groups.get("apposition") or "").split()
    if apposition and all(w[:1].isupper() for w in apposition):
        return apposition, match.start("apposition")  # the head of the operation, X, said
    if groups.get("name"):
        return groups["name"].split(), match.start("name")
    words = groups["phrase"].split()
    run: list[str] = []
    for index, word in enumerate(words):
        if word[:1].isupper() or (run and fold(word) in TITLES):
            run.append(word)
        elif run or index >= 5 or (fold(word) not in TITLES and index >= 3):
            break
    return run, match.start("phrase")


def _starts_sentence(text: str, position: int) -> bool:
    """Whether `position` in `text` is the start of a sentence (or of a quotation)."""
    before = text[:position].rstrip(' “"«‘')
    return not before or before[-1] in ".!?:"


def people_by_article(
    texts: Mapping[str, Iterable[str]], names: Names
) -> dict[str, tuple[Person, ...]]:
    """The people each article quotes or cites, most often first: one entry per person,
    named the same way on every row (the fullest form of the name the story uses)."""
    counts = {slug: quoted_people(article_texts, names) for slug, article_texts in texts.items()}
    forms: Counter = Counter()
    for found in counts.values():
        forms.update(found)
    best: dict[str, str] = {}
    for key, form in sorted(forms, key=lambda kf: (-len(kf[1].split()), -forms[kf], kf[1])):
        best.setdefault(key, form)
    for key, form in best.items():
        if len(names.fullest.get(key, "").split()) > len(form.split()):
            best[key] = names.fullest[key]
    result = {}
    for slug, found in counts.items():
        per_person: Counter = Counter()
        for (key, _), n in found.items():
            per_person[key] += n
        ranked = sorted(per_person.items(), key=lambda kn: (-kn[1], best[kn[0]]))
        result[slug] = tuple(
            Person(names.spelled(key, best[key]), n) for key, n in ranked[:QUOTED_PEOPLE]
        )
    return result


def _capitalised_runs(tokens: Sequence[Token]) -> Iterator[tuple[list[str], bool]]:
    """The runs of capitalised words of a sentence, each word separated by one space,
    and whether the run starts the sentence."""
    run: list[str] = []
    initial = starts = True
    for token in tokens:
        if token.text[:1].isupper():
            if not run:
                starts = initial
            run.append(token.text)
        elif token.text != " ":
            if run:
                yield run, starts
            run = []
        if token.text.strip() and token.text not in '“"«‘':
            initial = False
    if run:
        yield run, starts


def _size(name: str) -> tuple[int, str]:
    return (len(name.split()), name) if name else (0, "")


def _bare(word: str) -> str:
    """A word without a possessive ending ("Russia's" -> "Russia")."""
    return re.sub(r"['’]s?$", "", word)
