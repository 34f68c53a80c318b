"""One language's rules in one place: the pack the splitter, the aligner, framing and
time reading consult, so a language is added by adding its pack.

The packs are data the package ships (language_data/<code>.json), made at development
time by scripts/make_language_packs.py: month and weekday names and plural rules from
CLDR (through Babel, which a build never imports), the splitter's abbreviations, the
words of time ("yesterday", seasons), number words, titles, reporting verbs and
framing's word lists written by hand. The theme's words in each language
are the theme's strings files (strings.py), found through the pack's `code`.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

from site_builder.core.languages import LANGUAGES
from site_builder.core.records import record

DATA = Path(__file__).parent / "language_data"
DEFAULT = "en"


@record(frozen=True)
class FramingWords:
    """The words framing reads (frame/framing.py): which words are about time, and those
    it finds the people an article quotes by. Empty lists (every language but English so
    far) mean framing names no one as quoted in that language: it says less, never more."""

    time_words: frozenset[str]
    """Words about when, not how (as written, lower case): never distinctive, never part
    of a name."""
    titles: frozenset[str]
    """Words before a name that say who the person is, not what they are called."""
    parties: frozenset[str]
    """Words of party names and members ("Democrat"): such a name names no person."""
    organisation_words: frozenset[str]
    """Words of organisations' names ("Committee", "Post"): they name no person."""
    places: frozenset[str]
    """Places whose names look like a person's ("Washington", "Georgia")."""
    after_speaker: frozenset[str]
    """Words that may follow the speaker after a verb of reporting ("said Peskov on")."""
    attribution: dict[str, str]
    """The words of the attribution patterns, as regular-expression alternatives, by
    their place in the patterns (see framing.Attribution); empty: no patterns."""


@record(frozen=True)
class VoiceWords:
    """The words voice.py (align/voice.py) reads, besides quotation marks and the
    reporting verbs, to tell another speaker's words from the outlet's own (regular-
    expression alternatives; '' for none)."""

    whole: str
    """Phrases that give the whole sentence to a speaker ("according to", "laut")."""
    case: str
    """Phrases that attribute from where they stand ("made the case")."""
    naming: str
    """Reporting verbs that name something ("called"): a quotation after one says which
    words are the speaker's."""
    noun_before: str
    """Words before a reporting verb that make it a noun or a passive ("the claims")."""
    conjunctions: frozenset[str]
    """Words that make the words before a reporting verb a clause of their own."""


@record(frozen=True)
class LanguagePack:
    """What site-builder knows of one language (see the module's docstring)."""

    code: str
    stemmer: str
    abbreviations: frozenset[str]
    """Words (lower case, inner dots kept) after which a full stop ends no sentence."""
    ordinal_dot: bool
    """Whether a number of one or two digits with a dot is an ordinal ("am 30. März"),
    after which no sentence ends."""
    stop_words: frozenset[str]
    """The aligner's stop words; empty where they come from the word-rarity table."""
    months: tuple[tuple[str, ...], ...]
    """Each month's forms, lower case, January first."""
    weekdays: tuple[tuple[str, ...], ...]
    """Each weekday's forms, lower case, Monday first."""
    seasons: dict[str, str]
    """A season's word -> 'spring', 'summer', 'autumn' or 'winter'."""
    relative: dict[str, str]
    """A phrase -> 'yesterday', 'today', 'this week' or 'last week'."""
    ordinal_suffix: str
    """What may follow a day's number (a regular expression: "st|nd|rd|th", "er")."""
    joiners: tuple[str, ...]
    """Words between a day and its month, or a month and its year ("of", "de")."""
    month_first: bool
    """Whether a day may be written after its month ("March 29")."""
    capitalised_months: bool
    """Whether months are written with a capital ("29 March"): then only a capitalised
    month is read, so "may" in "5 may have died" is no month."""
    capitalised_weekdays: bool
    """Whether weekdays are written with a capital ("Montag"): then only such is read."""
    year_cues: tuple[str, ...]
    """Words before a year that say it is a year ("im 2022"... "seit 2022"), not a
    count ("2000 Soldaten")."""
    plural_rules: dict[str, str]
    """CLDR's plural rules: category -> condition on the count ('other' when none holds)."""
    number_words: dict[str, int]
    """Words the aligner reads as digits ("five" -> 5); "one" and its kin are not
    among them, being more often other words."""
    compound_number_words: dict[str, int]
    """Words read as digits only inside a hyphenated number ("twenty-one")."""
    titles: frozenset[str]
    """Words before a name that are not part of it ("President", "Kanzlerin")."""
    reporting_verbs: tuple[str, ...]
    """Verbs that report what someone else says, in the order they are tried."""
    reporting_words: tuple[str, ...]
    """Words of reporting the aligner never counts as evidence (every story uses them:
    "Peskov said" and "Kadyrov said" report different things)."""
    time_words: tuple[str, ...]
    """Words of time for the aligner: a shared one corroborates a link; no phrase runs
    across one."""
    framing: FramingWords
    """The words framing reads."""
    clause_openers: frozenset[str]
    """Words a clause may open with that an event's title need not ("which", "and")."""
    subordinate: frozenset[str]
    """Words that open a clause that is not a sentence's main one: an event's title is
    the main clause."""
    roman_after: frozenset[str]
    """Words (lower case) after which a Roman number is a number ("Article V")."""
    voice: VoiceWords
    """The words that tell whose voice a loaded word is in."""

    def plural(self, count: int) -> str:
        """The plural category of a whole `count`: 'one', 'few', 'many', ... or 'other'."""
        return plural_category(tuple(self.plural_rules.items()), count)


@lru_cache(maxsize=4096)
def plural_category(rules: tuple[tuple[str, str], ...], count: int) -> str:
    """The plural category of a whole `count` by CLDR `rules` ((category, rule), in the
    order they are tried), worked out once per process: reading a rule's text takes
    some hundred steps, and a story's pages ask about the same few counts hundreds of
    times (each event's outlets, each passage's sentences)."""
    for category, rule in rules:
        if _holds(rule, count):
            return category
    return "other"


def pack_for(code: str) -> LanguagePack:
    """The pack of language `code`, English for a code site-builder does not offer
    (an article's `lang` may name any language)."""
    return _load(code if code in LANGUAGES else DEFAULT)


def text_language(article_lang: str, site_language: str) -> str:
    """The language an article is written in: its own `lang` where site-builder knows
    it ("de", "de-AT"), else the site's."""
    code = (article_lang or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else site_language


@cache
def _load(code: str) -> LanguagePack:
    """The pack of language `code` as the package ships it (language_data/<code>.json),
    read once per process."""
    data = json.loads((DATA / f"{code}.json").read_text(encoding="utf-8"))
    return LanguagePack(
        code=code,
        stemmer=LANGUAGES[code],
        abbreviations=frozenset(data["abbreviations"]),
        ordinal_dot=bool(data["ordinal_dot"]),
        stop_words=frozenset(data["stop_words"]),
        months=tuple(tuple(m) for m in data["months"]),
        weekdays=tuple(tuple(d) for d in data["weekdays"]),
        seasons=dict(data["seasons"]),
        relative=dict(data["relative"]),
        ordinal_suffix=data["ordinal_suffix"],
        joiners=tuple(data["joiners"]),
        month_first=bool(data["month_first"]),
        capitalised_months=bool(data["capitalised_months"]),
        capitalised_weekdays=bool(data["capitalised_weekdays"]),
        year_cues=tuple(data["year_cues"]),
        plural_rules=dict(data["plural_rules"]),
        number_words={str(word): int(value) for word, value in data["number_words"].items()},
        compound_number_words={
            str(word): int(value) for word, value in data["compound_number_words"].items()
        },
        titles=frozenset(data["titles"]),
        reporting_verbs=tuple(data["reporting_verbs"]),
        reporting_words=tuple(data["reporting_words"]),
        time_words=tuple(data["time_words"]),
        framing=_framing(data["framing"]),
        clause_openers=frozenset(data["clause_openers"]),
        subordinate=frozenset(data["subordinate"]),
        roman_after=frozenset(data["roman_after"]),
        voice=VoiceWords(
            whole=str(data["voice"]["whole"]),
            case=str(data["voice"]["case"]),
            naming=str(data["voice"]["naming"]),
            noun_before=str(data["voice"]["noun_before"]),
            conjunctions=frozenset(data["voice"]["conjunctions"]),
        ),
    )


def _framing(data: dict) -> FramingWords:
    return FramingWords(
        time_words=frozenset(data["time_words"]),
        titles=frozenset(data["titles"]),
        parties=frozenset(data["parties"]),
        organisation_words=frozenset(data["organisation_words"]),
        places=frozenset(data["places"]),
        after_speaker=frozenset(data["after_speaker"]),
        attribution={str(k): str(v) for k, v in data["attribution"].items()},
    )


_RELATION = re.compile(r"^\s*([nivwftce])(?:\s+mod\s+(\d+))?\s+(not in|in|!=|=)\s+([\d.,]+)\s*$")


def _holds(rule: str, count: int) -> bool:
    """Whether CLDR plural `rule` holds for a whole, non-negative `count` (so i = n, and
    the operands of a fraction or exponent are 0)."""
    return any(
        all(_relation(part, abs(count)) for part in alternative.split(" and "))
        for alternative in rule.split(" or ")
    )


def _relation(text: str, count: int) -> bool:
    found = _RELATION.match(text)
    if found is None:
        raise ValueError(f"plural rule not understood: {text!r}")
    operand, modulus, operator, ranges = found.groups()
    value = count if operand in "ni" else 0
    if modulus:
        value %= int(modulus)
    inside = False
    for item in ranges.split(","):
        low, _, high = item.partition("..")
        inside = inside or int(low) <= value <= int(high or low)
    return inside if operator in ("in", "=") else not inside
