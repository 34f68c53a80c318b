"""The people an article quotes or cites: the attribution patterns of each language
find what their plain expressions find, and names are read as names."""

from __future__ import annotations

import random
import re
import sys

import pytest

from site_builder.core.language_pack import pack_for
from site_builder.core.languages import LANGUAGES
from site_builder.frame import people
from site_builder.frame.people import attribution

WITH_PATTERNS = sorted(code for code in LANGUAGES if pack_for(code).framing.attribution)
"""The languages whose packs have attribution patterns (English so far): the other
packs have none for the four tests below to check."""


def test_english_has_attribution_patterns():
    assert "en" in WITH_PATTERNS  # (else the four tests below check nothing)


@pytest.mark.parametrize("code", WITH_PATTERNS)
def test_what_follows_a_name_is_never_capitalised(code):
    """The attribution patterns take a run of capitalised words whole (framing's
    _WHOLE_NAME_RUN: never a shorter run of the same words): right only while no word a
    pack lets follow a name starts with a capital, as "Peskov Said" would."""
    pack = pack_for(code)
    words = pack.framing.attribution
    follows = [words[k] for k in ("and", "adverbs", "more_reporting", "participles", "put_it")]
    for item in [*pack.reporting_verbs, *follows]:
        assert not any(word[:1].isupper() for word in item.split("|")), item


@pytest.mark.parametrize("code", WITH_PATTERNS)
def test_the_attribution_quick_searches_find_what_their_plain_expressions_find(code):
    """Each pack's quick searches (a need is searched before its pattern runs) and the
    pattern of "...," said X are written so the engine skips ahead in C: they must
    find a match in the same texts (the same matches for the pattern) as the plain
    expressions they stand for, or a quotation would go unattributed."""
    words = pack_for(code).framing.attribution
    rules = attribution(code)
    verbs = people._by_first_letter([words["inverted"]])
    plain = {
        "inverted": re.compile(rf"(?:[,”\"’»]|,[”\"’»]) ?(?:{verbs}) {people._PHRASE}"),
        2: re.compile(rf"{words['according_to']} "),
        3: re.compile(rf"['’]s (?:{words['spokesperson']})\b"),
        4: re.compile(rf"(?:{people._by_first_letter([words['participles']])})\b"),
    }
    pieces = [",", "”", '"', "’", "'", "»", " ", "s", "x", "A", "a", "-", ", ", ",” "]
    pieces += [
        w
        for key in ("according_to", "spokesperson", "participles", "inverted")
        for w in re.sub(r"\[(\w)\w*\]", r"\1", words[key])
        .replace("(?:", "")
        .replace(")", "")
        .split("|")
    ]
    chosen = random.Random(27)
    for _ in range(20_000):
        text = "".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 10)))
        found = [(m.span(), m.groupdict()) for m in rules.inverted.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in plain["inverted"].finditer(text)]
        for index in (2, 3, 4):
            assert bool(rules.needs[index].search(text)) == bool(plain[index].search(text)), text


@pytest.mark.parametrize("code", WITH_PATTERNS)
def test_he_said_is_looked_for_only_where_its_quick_searches_find_a_pronoun(code):
    """ "He said" runs only on passages where one of its quick searches finds a pronoun
    (framing's _may_say): each passage it matches must pass, or a quotation would go
    unattributed; and a passage without a pronoun must not (the point of the search)."""
    words = pack_for(code).framing.attribution
    rules = attribution(code)
    verbs = [v for item in pack_for(code).reporting_verbs for v in item.split("|")][:4]
    pronouns = re.sub(r"\[(\w)(\w)\](\w*)", r"\1\3|\2\3", words["pronouns"]).split("|")
    pronouns += [p + "e" for p in pronouns]  # not a pronoun ("Hee", "shee")
    pieces = [*pronouns, *verbs, "also", "the", "t", "x", "(", "“", ". ", ", ", " ", " "]
    chosen = random.Random(12)
    passed = failed = 0
    for _ in range(20_000):
        text = "".join(chosen.choice(pieces) for _ in range(chosen.randint(0, 8)))
        may = people._may_say(rules, text)
        if rules.pronoun.search(text):
            assert may, text
        passed, failed = passed + may, failed + (not may)
    assert passed and failed  # the searches tell some passages apart
    assert not people._may_say(rules, "Then the cache said nothing, he's sure.")


@pytest.mark.parametrize("code", WITH_PATTERNS)
def test_the_apposition_is_found_as_its_plain_expression_finds_it(code):
    """The description between commas ("Peskov, the Kremlin's spokesman, said") is
    written so the engine takes plain characters in one loop (framing's _APPOSITION):
    the patterns that hold it must find the same matches as with the plain expression
    (an alternation per character, 1 to 120 of them), descriptions of initials ("J."),
    full stops, quotation marks and more than 120 characters included."""
    words = pack_for(code).framing.attribution
    rules = attribution(code)
    plain_apposition = r"(?>(?:[^,.;“”\"«»]|(?<=\b[A-Z])\.|\.(?=,)){1,120})"
    holding = [p for p in rules.patterns if people._APPOSITION in p.pattern]
    assert len(holding) == 2  # the name before a verb, "as X put it"
    plain = [re.compile(p.pattern.replace(people._APPOSITION, plain_apposition)) for p in holding]
    verbs = [v for item in pack_for(code).reporting_verbs for v in item.split("|")][:3]
    pieces = ["Anna", "Peskov", "J.", "x", "the", words["as"], words["put_it"], *verbs]
    pieces += [", ", ",", ". ", ".", ";", "“", " ", " ", "a" * 60, "b" * 119]
    chosen = random.Random(12)
    lengths = [f"Anna Peskov, {'b' * size}, {verbs[0]} it" for size in (1, 119, 120, 121)]
    texts = [*lengths, *(text.replace(",", ".", 1) for text in lengths)]
    for _ in range(20_000):
        texts.append(
            "".join(
                chosen.choice(pieces) + chosen.choice(("", " "))
                for _ in range(chosen.randint(0, 12))
            )
        )
    for text in texts:
        for new, old in zip(holding, plain):
            found = [(m.span(), m.groupdict()) for m in new.finditer(text)]
            assert found == [(m.span(), m.groupdict()) for m in old.finditer(text)], text


def test_a_digit_is_found_in_a_word_as_a_step_per_character_finds_it():
    """has_digit skips the words of letters alone: that holds only while no letter of
    Unicode's tables is a digit (str.isdigit), which this checks on every character."""
    assert not any(c.isalpha() and c.isdigit() for c in map(chr, range(sys.maxunicode + 1)))
    for word in ("Peskov", "G7", "2024", "x²", "٣أيام", "Zelensky’s", "état", "", "COVID-19"):
        assert people.has_digit(word) == any(c.isdigit() for c in word), word
