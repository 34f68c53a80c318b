"""The people an article quotes or cites: the attribution patterns of each language
(Attribution, made from its pack's words) and the names they find, one entry per person
however the name is written (Names).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from site_builder.align.language import Language
from site_builder.align.normalise import fold, term_head
from site_builder.align.voice import in_ranges, quotations
from site_builder.core.language_pack import FramingWords, pack_for
from site_builder.core.model import Alignment, PassageKey, Person, Token

QUOTED_PEOPLE = 16
NAME_RARITY = 3.0
"""A person named by one word only must be this rare in the language ("Peskov", "Trump";
not "Long" or "Center")."""
LONE_NAME_RARITY = 4.5
"""A word the story never writes as part of a longer name names a person on its own
only when it is this rare ("Lavrov", "Lukashenko"; not "Reuters" or "Obama")."""
PLURAL_RARITY = 5.5
"""A capitalised word ending in s whose singular is at least this common in the language
("backer", "latino") is a plural noun that starts a sentence, not a name ("Backers
said")."""
_CAPITALISED = r"[A-Z][\w’'-]*"
_RUN = rf"{_CAPITALISED}(?: {_CAPITALISED}){{0,5}}"
"""One to six capitalised words one space apart. (It starts with its capital, and
_NAME_RUN checks the character before the capital behind it: an expression that
starts so skips in C to the next capital instead of trying every position.)"""
_NAME_RUN = rf"(?P<name>[A-Z](?<![\w’'-][A-Z])[\w’'-]*(?: {_CAPITALISED}){{0,5}})"
_WHOLE_RUN = r"[A-Z][\w’'-]*+(?: [A-Z][\w’'-]*+){0,5}+"
_WHOLE_NAME_RUN = r"(?P<name>[A-Z](?<![\w’'-][A-Z])[\w’'-]*+(?: [A-Z][\w’'-]*+){0,5}+)"
"""_RUN and _NAME_RUN taken whole (possessive: the engine never gives a word back),
where what may follow a name (a comma, " and", a space and a lower-case word; see
test_what_follows_a_name_is_never_capitalised) cannot start where a shorter run of the
same words ends: the same matches, without trying each shorter run again at every
capital. (Not where "'s" follows the name: its last word gives the "'s" back.)"""
_APPOSITION = r"(?=[^,]{1,120}+,)(?>(?:[^,.;“”\"«»]++|(?<=\b[A-Z])\.|\.(?=,))++)"
"""A description between commas: 1 to 120 characters up to the next comma, none of them
a full stop (but after an initial, "J.", or before the comma), a semicolon or a
quotation mark. Written so that the engine takes a run of plain characters in one C
loop, the first comma within 120 characters checked ahead in another: as one
alternation (a plain character, an initial's full stop, a full stop before the comma)
taken 1 to 120 times, atomic, it tried the alternation at each character. The same
matches: a comma is none of its characters, so both end at the first comma, or fail
(see test_the_apposition_is_found_as_its_plain_expression_finds_it)."""
_PHRASE = r"(?P<phrase>[^.,;:!?“”\"«»()\[\]]{1,80})"


_fold_word = lru_cache(maxsize=1 << 16)(fold)
"""fold() of one word, remembered for the process: the names' words are folded several
times each (titles, parties, places, plurals, rarity), in every story they are in."""


def has_digit(word: str) -> bool:
    """Whether `word` has a digit (str.isdigit) in it. A word of letters alone has none
    (no letter is a digit in Unicode's tables), which one call in C tells: most words
    are, and a step per character is left for the rest (compiled or not)."""
    return not word.isalpha() and any(c.isdigit() for c in word)


@dataclass(frozen=True)
class Attribution:
    """Where an article of one language quotes or cites someone, made from its pack's
    words (FramingWords.attribution; English's in the comments): a name (or two joined
    by "and") before a verb of reporting (an apposition between commas allowed); after a
    quotation and a verb of reporting ("...," said X); after "according to" and any
    description; before "'s spokesman" and the like; before a clause that ends in
    "saying", "branding" and the like; in "as X put it". The name is the capitalised
    words in it after the last title (see FramingWords.titles). "He said" and "she said"
    count for the person last named (`pronoun`). A pack without the words has no
    patterns: framing then names no one as quoted in that language."""

    words: FramingWords
    patterns: tuple[re.Pattern, ...]
    inverted: re.Pattern | None
    """The pattern of "...," said X (what follows the name tells whether it is one)."""
    pronoun: re.Pattern | None
    joiners: tuple[str, ...]
    """Lower-case words inside a name after a verb ("Secretary of State")."""
    needs: tuple[re.Pattern | None, ...] = ()
    """For each of `patterns`, words every match of it has ("according to", "'s
    spokesman", "saying"...) or None: a quick search that tells most passages have no
    match, so the pattern, which tries a name at every capital, runs only where one
    may be."""
    pronoun_needs: tuple[re.Pattern, ...] = ()
    """Quick searches of which a passage has one where `pronoun` may match (see
    _pronoun_needs); none: the pattern runs on every passage."""


@cache
def attribution(code: str) -> Attribution:
    """The attribution patterns of language `code`, made once per language from its pack
    (see Attribution)."""
    words = pack_for(code).framing
    w = words.attribution
    if not w:
        return Attribution(words, (), None, None, ())
    reporting = _by_first_letter((*pack_for(code).reporting_verbs, w["more_reporting"]))
    second = rf"(?: {w['and']} (?P<second>{_WHOLE_RUN}))?"
    apposition = (  # (atomic: it ends at the first comma, or it is none)
        rf"(?:, (?!(?:{w['no_apposition']})\b)(?P<apposition>{_APPOSITION}),|,)?"
    )  # a description between commas ("Dmitry Peskov, the Kremlin's spokesman, said")
    adverbs = rf"(?:{w['adverbs']})"
    inverted = re.compile(rf"{_QUOTATION_END} ?(?:{_by_first_letter([w['inverted']])}) {_PHRASE}")
    patterns = (
        # Peskov said; Peskov mildly stated; Dmitry Peskov, the Kremlin's spokesman, said
        re.compile(rf"{_WHOLE_NAME_RUN}{second}{apposition} (?:{adverbs} )*(?:{reporting})\b"),
        inverted,  # "...," said Kremlin spokesman Dmitry Peskov
        # according to political analyst Alexander Morozov
        re.compile(rf"\b{w['according_to']} {_PHRASE}"),
        # Zelensky's spokesman, Putin's press secretary
        re.compile(rf"{_NAME_RUN}['’]s (?:{w['spokesperson']})\b(?!,? [A-Z])"),
        # Vladimir Putin made this very clear, branding ...; Lukashenko made a statement, saying
        re.compile(
            rf"{_WHOLE_NAME_RUN}{second} (?:[a-z][\w’'-]* ){{1,8}}?(?:[a-z][\w’'-]*,? )?"
            rf"(?:{_by_first_letter([w['participles']])})\b"
        ),
        # as Timofey Sergeitsev, a columnist for RIA Novosti, put it
        re.compile(rf"\b{w['as']} {_WHOLE_NAME_RUN}{apposition} {w['put_it']}\b"),
    )
    pronoun = re.compile(rf"{_at_word_start(w['pronouns'])}(?: {adverbs})* (?:{reporting})\b")
    needs = (  # a verb of reporting is in most passages: searching it first costs more
        None,
        None,
        *map(
            re.compile,
            (
                _plain_text_first(f"{w['according_to']} "),
                rf"s (?<=['’]s )(?:{w['spokesperson']})\b",  # (at "s ": see _plain_text_first)
                _common_ending_first(w["participles"]),
                rf" {w['put_it']}\b",
            ),
        ),
    )
    pronoun_needs = tuple(map(re.compile, _pronoun_needs(w["pronouns"])))
    joiners = (w["and"], w["of"])
    return Attribution(words, patterns, inverted, pronoun, joiners, needs, pronoun_needs)


def _by_first_letter(alternatives: Iterable[str]) -> str:
    """Regular-expression alternatives ("said|says|told", each item may hold several)
    grouped by their first letter ("s(?:aid|ays)|told"), in their order: the engine then
    tries only the words that start with the letter it reads, not all hundred verbs of
    reporting at every place a verb may stand. The same matches: words that start
    differently never match at the same place. Kept as they are when one alternative is
    not a plain word (an expression such as "[a-z]+ly")."""
    words = [word for item in alternatives for word in item.split("|")]
    if not all(word[:1].isalpha() and _PLAIN_WORDS.fullmatch(word) for word in words):
        return "|".join(alternatives)
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _at_word_start(alternatives: str) -> str:
    """`\\b(?:alternatives)` written so that the engine skips in C to the letters they
    start with: each alternative as one per first letter ("[Hh]e|she" -> "H(?<!\\w.)e|
    h(?<!\\w.)e|s(?<!\\w.)he"), the word boundary checked behind that letter (an expression
    that starts with \\b tries every position of the text). The same matches. Kept as it
    is (after \\b) when an alternative does not start with a letter or [letters]."""
    expanded = []
    for alternative in alternatives.split("|"):
        start = _FIRST_LETTERS.match(alternative)
        rest = alternative[start.end() :] if start else ""
        if not start or rest.count("(") != rest.count(")"):
            return rf"\b(?:{alternatives})"
        for letter in dict.fromkeys(start.group(1) or start.group(2)):
            expanded.append(rf"{letter}(?<!\w.){rest}")
    return f"(?:{'|'.join(expanded)})"


def _plain_text_first(expression: str) -> str:
    """A need (see Attribution.needs) that starts with one class of letters then plain
    words ("[Aa]ccording to ") written to start with the words, the class checked
    behind them ("ccording to (?<=[Aa]ccording to )"): the engine finds plain text with
    a fast search in C, but tries a class at every character that is in it (an "a" in
    every other word). The same texts have a match. Kept as it is otherwise."""
    parts = _CLASS_THEN_WORDS.fullmatch(expression)
    return f"{parts.group(1)}(?<={expression})" if parts else expression


def _common_ending_first(alternatives: str) -> str:
    """A need for words ("saying|adding|noting") followed by a word boundary, written to
    look for the ending they all share, each word checked behind it ("ing\\b(?:(?<=
    saying)|(?<=adding)|(?<=noting))"): the engine finds plain text with a fast search in
    C, but tries the words at every character that starts one (an "s", an "a"). The
    same texts have a match. Kept as alternatives when the words share no ending of two
    letters or one is not plain."""
    words = alternatives.split("|")
    ending = _common_ending(words)
    if len(ending) < 2 or not all(_PLAIN_WORDS.fullmatch(word) for word in words):
        return rf"(?:{_by_first_letter([alternatives])})\b"
    return rf"{ending}\b(?:{'|'.join(f'(?<={word})' for word in words)})"


def _pronoun_needs(pronouns: str) -> list[str]:
    """Quick searches for "he said" (Attribution.pronoun): a pronoun as a word and the
    space after it (every match has both), one search per last two letters of the
    pronouns, each written to start with them and a space, the words checked behind
    ("He (?<=\\bHe )", "he (?:(?<=\\bhe )|(?<=\\bshe )|(?<=\\bShe ))"): plain text,
    which the engine finds with a fast search in C, where the pattern tries every "h"
    and "s" of a passage; about two passages in three have neither. None when a pronoun
    is shorter than two letters or not plain letters."""
    words = []
    for alternative in pronouns.split("|"):
        start = _FIRST_LETTERS.match(alternative)
        rest = alternative[start.end() :] if start else ""
        if not start or not rest.isalpha():
            return []
        words += [letter + rest for letter in start.group(1) or start.group(2)]
    if min(map(len, words)) < 2:
        return []
    by_ending: dict[str, list[str]] = {}
    for word in words:
        by_ending.setdefault(word[-2:], []).append(rf"(?<=\b{word} )")
    return [f"{ending} (?:{'|'.join(behind)})" for ending, behind in by_ending.items()]


def _common_ending(words: Sequence[str]) -> str:
    """The longest text every one of `words` ends with."""
    shortest = min(words, key=len)
    size = len(shortest)
    while size and not all(word.endswith(shortest[len(shortest) - size :]) for word in words):
        size -= 1
    return shortest[len(shortest) - size :]


_QUOTATION_END = r"[,”\"’»](?:(?<=,)[”\"’»])?"
"""Where "...," said X starts: a comma or a closing quotation mark, or a comma and a
quotation mark. As one class first, the engine skips in C to the next such character
(as `(?:[,”"’»]|,[”"’»])` it tried the alternation at every character). The same
matches: at a comma, the one alone and the one with a quotation mark cannot both be
followed by a verb."""
_CLASS_THEN_WORDS = re.compile(r"\[[^\W\d_]+\]([^\W\d_]+(?: [^\W\d_]+)* ?)")
"""One class of letters, then words of letters one space apart (and a space)."""
_FIRST_LETTERS = re.compile(r"\[([^\W\d_]+)\]|([^\W\d_])")
"""What an alternative starts with: a class of letters ("[Hh]"), or one letter."""
_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
"""Letters, and spaces between words: an alternative that holds nothing special to the
regular-expression engine."""


_NAME_QUOTES = frozenset('“”«»"')
_NAME_QUOTE_MARKS = tuple(sorted(_NAME_QUOTES))


def _has_name_quotes(
    sentences: Sequence[Sequence[Token]], texts: Sequence[str] | None
) -> list[bool]:
    """For each of a passage's `sentences`, whether its text (`texts`, where the caller
    has them) has one of _NAME_QUOTES: half of a story's sentences have none, whose
    tokens Names._read then need not look at for one. All True without the texts."""
    if texts is None or len(texts) != len(sentences):
        return [True] * len(sentences)
    return [_has_name_quote(text) for text in texts]


def _has_name_quote(text: str) -> bool:
    """Whether `text` has one of _NAME_QUOTES (`in` for each, a fast search in C)."""
    return any(mark in text for mark in _NAME_QUOTE_MARKS)


class Names:
    """What the story tells about the words a name may be made of: which capitalised
    word names what (its head term: "Peskov" and "Dmitry Peskov" name one person), which
    are last words of names of several words ("Peskov" in "Dmitry Peskov"), which words
    the story also writes in lower case ("Saying" is a word, not a name), and the fullest
    form of each name it writes."""

    def __init__(
        self,
        alignment: Alignment,
        language: Language,
        texts: Mapping[PassageKey, Sequence[str]] | None = None,
    ) -> None:
        """`texts`: sentence_texts of the story, where the caller has them (a sentence
        without quotation marks is then read without looking for them in each token)."""
        self.language = language
        self.attribution = attribution(language.code)
        self.words = self.attribution.words
        self.surface = alignment.surface
        self.heads: dict[str, str] = {}
        self.surnames: set[str] = set()
        self.lower: set[str] = set()
        """The words that start neither with a capital nor are one space: those that start
        in lower case are the words the story writes in lower case."""
        self._name_words: dict[str, bool] = {}
        runs: dict[tuple[tuple[str, ...], bool], None] = {}  # of several words, each once
        for passage, sentences in alignment.sentences.items():
            written = texts.get(passage) if texts is not None else None
            for tokens, quotes in zip(sentences, _has_name_quotes(sentences, written)):
                self._read(tokens, runs, quotes)
        self.fullest: dict[str, str] = {}
        for run, initial in runs:  # the fullest form: the same whatever the order
            person = self._person(run, initial)  # not remembered: it reads `fullest`
            if len(person) > 1:
                key, name = self.head(person[-1]), " ".join(person)
                if (len(person), name) > _size(self.fullest.get(key, "")):
                    self.fullest[key] = name
        self.surnames.update(self.fullest)
        self._people: dict[tuple[tuple[str, ...], bool], list[str]] = {}
        """What person() said of each name it was asked about (now that the story's
        fullest names are known: its answers stay the same)."""

    def _read(self, tokens: Sequence[Token], runs: dict, quotes: bool = True) -> None:
        """Note what one sentence tells about its words (lower case, heads, surnames)
        and its runs of capitalised words of several words, each with whether it starts
        the sentence: capitalised words one space apart (in one pass over its tokens).
        `quotes`: whether the sentence may have a quotation mark (its tokens are looked
        at for one only then)."""
        run: list[str] = []
        initial = starts = True
        quoted = in_quotes = False  # a run in quotation marks is a nickname ("Mad Dog
        heads, surnames, lower = self.heads, self.surnames, self.lower  # Mattis"), no form
        for token in tokens:  # of the person's name
            text = token.text
            if text == " ":  # neither ends a run nor starts the sentence
                continue
            if quotes and not _NAME_QUOTES.isdisjoint(text):  # ',”' may be one token
                for mark in text:
                    if mark in _NAME_QUOTES:
                        in_quotes = mark in "“«" or (mark == '"' and not in_quotes)
            if text and text[0].isupper():  # (text[:1], without making a slice)
                terms = token.terms
                if terms:
                    heads[_bare(text)] = term_head(terms[0])
                    for term in terms:
                        if " " in term:
                            surnames.add(term_head(term))
                if not run:
                    starts, quoted = initial, in_quotes
                run.append(text)
            else:
                lower.add(text)  # (only asked about words that start in lower case)
                if run:
                    if len(run) > 1 and not quoted:
                        runs[(tuple(run), starts)] = None
                    run = []
            if initial and text.strip() and text not in '“"«‘':
                initial = False
        if len(run) > 1 and not quoted:
            runs[(tuple(run), starts)] = None

    def spelled(self, key: str, name: str) -> str:
        """A name with its last word as the story spells that person (the editor's
        alias wins: "Vladimir Medinski" -> "Vladimir Medinsky")."""
        written = self.surface.get(key, "")
        last = name.split()[-1]
        if (
            written[:1].isupper()
            and " " not in written
            and fold(written)[:3] == fold(last)[:3]  # a spelling, not another word
            and is_person_name([written], self.words)
        ):
            return " ".join([*name.split()[:-1], written])
        return name

    def known_surname(self, word: str) -> bool:
        """Whether the story writes `word` as the last word of a longer name ("Putin"
        in "Vladimir Putin")."""
        fullest = self.fullest.get(self.head(word), "")
        return len(fullest.split()) > 1 and _fold_word(fullest.split()[-1]) == _fold_word(word)

    def head(self, word: str) -> str:
        """The term of the person a name's last word names."""
        head = self.heads.get(word)
        return _fold_word(word) if head is None else head

    def person(self, words: Sequence[str], *, initial: bool = False) -> list[str]:
        """The words of a found name that are the name: descriptions and titles before
        it dropped ("Ukraine President Volodymyr Zelensky" -> "Volodymyr Zelensky");
        nothing when a word is no part of any name ("Russian-aligned", "March"), when
        every word is one the story also writes in lower case ("the Peace Party"), or
        when a single word is not known as the last word of a longer name. `initial`:
        the words start a sentence, where a capital tells nothing ("Saying")."""
        key = (tuple(words), initial)
        found = self._people.get(key)
        if found is None:
            found = self._people[key] = self._person(words, initial)
        return list(found)

    def _person(self, words: Sequence[str], initial: bool) -> list[str]:
        """The words of the person named by `words` (a run of capitalised words an
        attribution found; `initial`: at a sentence's start), titles and what no name
        holds cut off; [] where they name no one (a place, people not named)."""
        words = [_bare(w) for w in words]
        known = self.words.titles
        titles = [i for i, w in enumerate(words) if _fold_word(w).rstrip(".") in known]
        if titles:
            words, initial = words[titles[-1] + 1 :], False
        if initial and words and self._in_lower_case(words[0]):
            words = words[1:]
        while len(words) > 1 and not self._name_word(words[0]):
            words = words[1:]
        if (
            not words
            or len(words) > 4
            or not all(self._name_word(w) for w in words)
            or all(self._in_lower_case(w) for w in words)
            or not is_person_name(words, self.words)
        ):
            return []
        if (
            len(words) == 1
            and _plural_word(words[0], self.language)
            and (initial or not self.known_surname(words[0]))
        ):
            return []  # "Backers said", "American Pastors": people, no one named
        rarity = self.language.rarity.of(_fold_word(words[0]))
        if len(words) == 1 and not (
            (self.head(words[0]) in self.surnames and rarity >= NAME_RARITY)
            or rarity >= LONE_NAME_RARITY
        ):
            return []  # "Kyiv said": a place, unless the story names someone so
        return words

    def _in_lower_case(self, word: str) -> bool:
        """Whether the story also writes `word` in lower case ("saying", "peace")."""
        lower = word.lower()
        return lower[:1].islower() and lower in self.lower

    def _name_word(self, word: str) -> bool:
        """Whether a capitalised word may be part of a person's name (worked out once
        per word of the story)."""
        known = self._name_words.get(word)
        if known is None:
            known = self._name_words[word] = self._judged_name_word(word)
        return known

    def _judged_name_word(self, word: str) -> bool:
        folded = _fold_word(word)
        return (
            len(word) > 1
            and all(part[:1].isupper() for part in word.split("-") if part)
            and folded not in self.language.stop_words
            and folded not in self.words.time_words
            and folded not in self.words.titles
            and not has_digit(word)
        )


def is_person_name(words: Sequence[str], known: FramingWords) -> bool:
    """Whether capitalised words may name a person: none a party's, an organisation's
    or a place's (the language's `known` words), none an acronym ("RNC", "CNN")."""
    for word in words:
        folded = _fold_word(word).rstrip(".")
        if folded in known.parties or folded in known.organisation_words or folded in known.places:
            return False
        if PARTY_AND_STATE.match(word):  # "R-Texas": a party and a state
            return False
        if len(word) > 1 and word.isupper():
            return False
    return True


PARTY_AND_STATE = re.compile(r"[RDI]-[A-Z]")


def quoted_people(
    texts: Iterable[tuple[str, str]], names: Names
) -> dict[tuple[str, str], list[str]]:
    """The passages (by id) in which an article quotes or cites each person (see
    Attribution), by the person's head term and the form of the name it
    uses. `texts`: the article's passages as (id, text), in order."""
    found: dict[tuple[str, str], list[str]] = {}
    last: list[str] = []  # the person last quoted, for "he said" in a later passage
    for passage, text in texts:
        people: dict[str, str] = {}
        quoted: list[tuple[int, list[str]]] = []
        rules = names.attribution
        for pattern, need in zip(rules.patterns, rules.needs):
            if need is not None and not need.search(text):
                continue  # not the words this pattern needs: no match
            for match in pattern.finditer(text):
                for words, start in _attributed_words(match, names.attribution):
                    person = names.person(words, initial=_starts_sentence(text, start))
                    if person:
                        quoted.append((start, person))
        pronoun = rules.pronoun
        pronouns = list(pronoun.finditer(text)) if pronoun and _may_say(rules, text) else []
        named = _people_named(text, names) if pronouns else []
        for match in pronouns:
            person = _antecedent(match.start(), sorted(quoted), named, last)
            if person:
                quoted.append((match.start(), person))
        for _, person in sorted(quoted):
            _count(people, names, person)
        if quoted:
            last = sorted(quoted)[-1][1]
        for key, name in people.items():
            found.setdefault((key, name), []).append(passage)
    return found


def _may_say(rules: Attribution, text: str) -> bool:
    """Whether "he said" (rules.pronoun) may be in `text`: one of its quick searches
    finds a pronoun there (or it has none)."""
    for need in rules.pronoun_needs:
        if need.search(text):
            return True
    return not rules.pronoun_needs


def _antecedent(
    position: int,
    quoted: Sequence[tuple[int, list[str]]],
    named: Sequence[tuple[int, list[str]]],
    last: list[str],
) -> list[str]:
    """Whom "he said" at `position` stands for: the person last quoted before it in the
    passage, else the one person named before it there (no one where several are: the
    last named is as often the one spoken of as the one speaking), else the person last
    quoted in an earlier passage."""
    before = [person for start, person in quoted if start < position]
    if before:
        return before[-1]
    before = [person for start, person in named if start < position]
    if before:  # two people named and neither quoted: "he" may be either (Ryan "told
        ambiguous = len({_fold_word(person[-1]) for person in before}) > 1  # the vice
        return [] if ambiguous else before[-1]  # president", after both were named)
    return last


def _count(people: dict[str, str], names: Names, person: list[str]) -> None:
    name = " ".join(person)
    key = names.head(person[-1])
    if len(name) > len(people.get(key, "")):
        people[key] = name


def _people_named(text: str, names: Names) -> list[tuple[int, list[str]]]:
    """Every person `text` names (a run of capitalised words that names.person takes),
    with where the name starts: whom a later "he said" may stand for."""
    found = []
    quoted = quotations(text, "")[0]
    for match in re.finditer(_RUN, text):
        if in_ranges(match.start(), quoted):
            continue  # a name in someone's words is not whom "he said" stands for
        if text[max(0, match.start() - 1) : match.start()].strip(' “«‘("'):
            continue
        person = names.person(match.group().split(), initial=_starts_sentence(text, match.start()))
        if len(person) > 1 or (person and names.known_surname(person[0])):
            found.append((match.start(), person))
    return found


def _attributed_words(match: re.Match, rules: Attribution) -> list[tuple[list[str], int]]:
    """The words of the names an attribution points at, and where they start: its name
    groups, or in a phrase after a verb or "according to" the first run of titles and
    capitalised words."""
    groups = match.groupdict()
    apposition = (groups.get("apposition") or "").split()
    if (
        apposition
        and all(w[:1].isupper() for w in apposition)
        and not any("-" in w or w.endswith(".") for w in apposition)
    ):
        return [(apposition, match.start("apposition"))]  # the head of the operation, X, said
    if groups.get("name"):
        found = [(groups["name"].split(), match.start("name"))]
        if groups.get("second"):
            found.append((groups["second"].split(), match.start("second")))
        return found
    words = groups["phrase"].split()
    run: list[str] = []
    for index, word in enumerate(words):
        joins = (
            run
            and word in rules.joiners
            and words[index + 1 : index + 2] != []
            and (word != rules.joiners[-1] or all(_fold_word(w) in rules.words.titles for w in run))
        )  # "of" joins titles ("Secretary of State X"), not a name to its place ("Sheriff
        # Adam Hayward of Deuel County": the name is Adam Hayward)
        if (
            word[:1].isupper()
            or (run and _fold_word(word) in rules.words.titles)
            or (joins and words[index + 1][:1].isupper())
        ):
            run.append(word)
        elif run or index >= 5 or (_fold_word(word) not in rules.words.titles and index >= 3):
            break
    rest = words[words.index(run[-1]) + 1 :] if run else []
    if (
        match.re is rules.inverted
        and run
        and (
            re.search(r"['’]s?$", run[-1])
            or (rest and rest[0].lower() not in rules.words.after_speaker)
        )
    ):
        return []  # "..., said Steele needs to": Steele is what is said, not who says it
    return [(run, match.start("phrase"))]


def _starts_sentence(text: str, position: int) -> bool:
    """Whether `position` in `text` is the start of a sentence (or of a quotation)."""
    before = text[:position].rstrip(' “"«‘')
    return not before or before[-1] in ".!?:"


def people_by_article(
    texts: Mapping[str, Iterable[tuple[str, str]]], names: Names
) -> dict[str, tuple[Person, ...]]:
    """The people each article quotes or cites, in the most passages first, each with
    those passages: one entry per person, named the same way on every row (the fullest
    form of the name the story uses). `texts`: per article, its passages as (id, text)."""
    counts = {slug: quoted_people(article_texts, names) for slug, article_texts in texts.items()}
    forms: Counter = Counter()
    for found in counts.values():
        forms.update({form: len(ids) for form, ids in found.items()})
    best: dict[str, str] = {}
    for key, form in sorted(forms, key=lambda kf: (-len(kf[1].split()), -forms[kf], kf[1])):
        best.setdefault(key, form)
    for key, form in best.items():
        if len(names.fullest.get(key, "").split()) > len(form.split()):
            best[key] = names.fullest[key]
    result = {}
    for slug, found in counts.items():
        per_person: dict[str, list[str]] = {}
        for (key, _), ids in found.items():
            per_person.setdefault(key, []).extend(ids)
        order = {passage: i for i, (passage, _) in enumerate(texts[slug])}
        ranked = sorted(per_person.items(), key=lambda kp: (-len(set(kp[1])), best[kp[0]]))
        result[slug] = tuple(
            Person(
                names.spelled(key, best[key]),
                len(set(ids)),
                tuple(sorted(set(ids), key=order.get)),  # type: ignore[arg-type]
            )
            for key, ids in ranked[:QUOTED_PEOPLE]
        )
    return result


def _plural_word(word: str, language: Language) -> bool:
    """Whether a capitalised word is a plural of a word of the language ("Backers",
    "Latinos"), not a name: it ends in s and its singular is in the language's table."""
    folded = _fold_word(word)
    return folded.endswith("s") and language.rarity.of(folded[:-1]) < PLURAL_RARITY


def _size(name: str) -> tuple[int, str]:
    return (len(name.split()), name) if name else (0, "")


_POSSESSIVE_END = re.compile(r"['’]s?$")


def _bare(word: str) -> str:
    """A word without a possessive ending ("Russia's" -> "Russia"). (Called for every
    capitalised word of a story: most have no apostrophe, and are returned as they are.)"""
    if "'" not in word and "’" not in word:
        return word
    return _POSSESSIVE_END.sub("", word)
