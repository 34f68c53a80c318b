"""Whose words: loaded words found as words, and which words an outlet quotes.

A page says an outlet "uses" a loaded word only where the outlet writes it in its own
voice. Two things decide that:

- LoadedWords finds a loaded word (or phrase) as whole words and that word's inflections
  (war, wars, warring; liberating, liberated), never inside another word (Warsaw,
  warned, Warner) and never as a capitalised word inside a sentence, which names
  something (Senator Mark Warner, the War Department).
- quoted_ranges marks the parts of a passage's sentences that are another speaker's:
  words in quotation marks, and words attributed to someone ("X called the government
  a junta", "according to X, ...", "X said that ...", "..., X said."). Loaded words
  there count for that speaker, not for the outlet.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from site_builder.align.language import Language
from site_builder.align.normalise import remembered_stem
from site_builder.core.language_pack import pack_for
from site_builder.core.text import accent_insensitive, fold

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_INFLECTIONS = ("ies", "ied", "ing", "es", "ed", "s", "d", "'s", "’s")
_SENTENCE_OPENERS = set(".!?:;\"“„«‘'(—–-")
"""What may stand before a sentence's (or a quotation's) first word, where a capital
tells nothing."""


@dataclass(frozen=True)
class Hit:
    """One loaded word found in a text: where, and which word of the list it is."""

    start: int
    end: int
    word: str


def inflection_bases(word: str) -> frozenset[str]:
    """The forms `word` may have without an inflectional ending ("liberating" ->
    liberating, liberat, liberate; "warring" -> warring, warr, war): two words are forms
    of one word when they share one (and their stem)."""
    bases = {word}
    for ending in _INFLECTIONS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            base = word[: -len(ending)]
            bases.update({base, base + "e"})
            if ending in ("ies", "ied"):
                bases.add(base + "y")
            if len(base) > 2 and base[-1] == base[-2]:
                bases.add(base[:-1])  # warring -> war
    return frozenset(bases)


class LoadedWords:
    """The site's loaded words (single words or phrases), found as words (see the
    module's docstring)."""

    def __init__(self, words: Iterable[str], language: Language) -> None:
        self.language = language
        self._known: dict[str, tuple[str, frozenset[str]]] = {}
        self.words = tuple(dict.fromkeys(w.strip().lower() for w in words if w.strip()))
        self._forms = {w: [self._form(part) for part in _WORD.findall(fold(w))] for w in self.words}
        self._first: dict[str, list[str]] = {}
        for word, forms in self._forms.items():
            if forms:
                self._first.setdefault(forms[0][0], []).append(word)
        self._prefixes = tuple(
            sorted({_common_start(word, self._form(word)[0]) for word in self._starts()})
        )
        """What every form of a loaded word starts with (its stem, as far as the word
        has it: "war", "regim", "liber"): a word that starts otherwise is not stemmed."""
        self._quick = re.compile(
            r"(?<![^\W\d_])(?:" + "|".join(map(accent_insensitive, self._prefixes)) + ")", re.I
        )
        """The first two letters of each loaded word: a word that starts otherwise is no
        form of one, and is not stemmed (most words of a text)."""

    def _starts(self) -> list[str]:
        """The first word of each loaded word or phrase, folded."""
        return [parts[0] for w in self.words if (parts := _WORD.findall(fold(w)))]

    def _form(self, word: str) -> tuple[str, frozenset[str]]:
        """A folded word's stem and inflection bases (worked out once per word)."""
        known = self._known.get(word)
        if known is None:
            plain = word.replace("’", "'")
            known = self._known[word] = (
                remembered_stem(plain, self.language.code),
                inflection_bases(plain),
            )
        return known

    def _same(self, token: str, form: tuple[str, frozenset[str]]) -> bool:
        mine = self._form(token)
        return mine[0] == form[0] and bool(mine[1] & form[1])

    def find(self, text: str) -> list[Hit]:
        """Every loaded word in `text` (one sentence, or several: a capital after a
        full stop starts a sentence), longest phrase first where two start alike."""
        if not self.words or not self._quick.search(text):
            return []
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        hits: list[Hit] = []
        index = 0
        while index < len(tokens):
            if not fold(tokens[index][2]).startswith(self._prefixes):
                index += 1
                continue
            hit = self._hit_at(text, tokens, index)
            if hit is None:
                index += 1
                continue
            hits.append(hit[0])
            index += hit[1]
        return hits

    def _hit_at(self, text: str, tokens: list, index: int) -> tuple[Hit, int] | None:
        start = tokens[index][0]
        if text[start].isupper() and not _starts_sentence(text, start):
            return None  # a name: Warner, the War Office
        stem = self._form(fold(tokens[index][2]))[0]
        candidates = sorted(self._first.get(stem, ()), key=lambda w: -len(self._forms[w]))
        for word in candidates:
            forms = self._forms[word]
            span = tokens[index : index + len(forms)]
            if len(span) < len(forms) or not _adjacent(text, span):
                continue
            if any(text[s].isupper() for s, _, _ in span[1:]):
                continue
            if all(self._same(fold(tok), form) for (_, _, tok), form in zip(span, forms)):
                return Hit(start, span[-1][1], word), len(forms)
        return None


def _common_start(first: str, second: str) -> str:
    """The letters two words start with alike ("liberating", "liber": "liber")."""
    size = 0
    while size < min(len(first), len(second)) and first[size] == second[size]:
        size += 1
    return first[:size]


def _adjacent(text: str, span: Sequence[tuple[int, int, str]]) -> bool:
    """Whether the words of a phrase follow one another with only spaces or a hyphen."""
    return all(_JOINS.fullmatch(text[a[1] : b[0]]) for a, b in itertools.pairwise(span))


_JOINS = re.compile(r"[ \-‑]+")
"""Only spaces and hyphens (between two words of one phrase)."""


def _starts_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in _SENTENCE_OPENERS


@dataclass(frozen=True)
class VoiceRules:
    """One language's patterns of attribution, made from its pack (see rules())."""

    attribution: re.Pattern[str] | None
    """Reporting verbs in lower case ("States" in "the United States" is no verb), the
    phrases that give a whole sentence to a speaker ("according to"), and those that
    attribute from where they stand ("made the case"); None where the pack lists none."""
    naming: re.Pattern[str] | None
    """Verbs that name something ("X called the government a junta"): where what follows
    holds a quotation, the quotation is the speaker's word and the rest is the outlet's
    ("Putin branded Zelensky's junta a “terrorist organization”")."""
    noun_before: re.Pattern[str] | None
    """Before a verb of reporting: the word is a noun ("the claims") or passive ("are
    called X by Y"), and says nothing of who speaks."""
    conjunctions: frozenset[str]
    """Words that make the words before a verb of reporting a clause of their own."""


@cache
def rules(code: str) -> VoiceRules:
    """The attribution patterns of language `code` (the site's, as framing reads it),
    made once per language from its pack's reporting verbs and voice words."""
    pack = pack_for(code)
    words = pack.voice
    parts = []
    if pack.reporting_verbs:
        parts.append(rf"(?<![\w-])(?P<verb>{'|'.join(pack.reporting_verbs)})\b")
    if words.whole:
        parts.append(rf"\b(?P<whole>{words.whole})\b")
    if words.case:
        parts.append(rf"\b(?P<case>{words.case})\b")
    return VoiceRules(
        attribution=re.compile("|".join(parts)) if parts else None,
        naming=re.compile(words.naming) if words.naming else None,
        noun_before=(
            re.compile(rf"\b(?:{words.noun_before})\s+$", re.I) if words.noun_before else None
        ),
        conjunctions=words.conjunctions,
    )


_SHORT_TAIL = 8
"""A verb of reporting with at most this many words after it ends a sentence that
reports speech ("..., Peskov said."): the whole sentence is the speaker's."""
_OPENING = {"“": "”", "«": "»", "‘": "’", "„": "“", "‚": "‘"}
"""Opening quotation marks and the mark that closes each (German „…“ and ‚…‘ too)."""
_MARKS = (*_OPENING, '"')
_QUOTE_MARK = re.compile("[" + "".join(sorted({*_MARKS, *_OPENING.values()})) + "]")
"""Any mark that may open or close a quotation: what quotations() steps through (in C)."""


def quoted_ranges(sentences: Sequence[str], language: str = "en") -> list[list[tuple[int, int]]]:
    """For each of a passage's sentences, the stretches (start, end) that are another
    speaker's words: in quotation marks (a quotation may run over several sentences)
    or attributed by the words of `language`'s pack (see the module's docstring). In a
    language whose pack has no words of attribution, every sentence counts as another
    speaker's: a page then never says a loaded word is the outlet's own voice, which
    nothing would show."""
    result = []
    open_mark = ""
    voice = rules(language)
    for text in sentences:
        ranges, open_mark = quotations(text, open_mark)
        ranges.extend(_attributed(text, voice))
        result.append(_union(ranges))
    return result


def opens_quotation(text: str) -> bool:
    """Whether `text` has a mark that may open a quotation: without one (and none open
    from the sentence before) quotations() finds nothing. `in` for each mark, a fast
    search in C (a class of characters in a regular expression is tested at every
    character)."""
    return any(mark in text for mark in _MARKS)


def quotations(text: str, open_mark: str) -> tuple[list[tuple[int, int]], str]:
    """The stretches of `text` in quotation marks, and the mark still open at its end
    ('' for none). `open_mark`: the mark open from the sentence before."""
    if not open_mark and not opens_quotation(text):
        return [], ""
    ranges = []
    start = 0 if open_mark else -1
    for match in _QUOTE_MARK.finditer(text):  # no other character opens or closes one
        index = match.start()
        char = text[index]
        if not open_mark:
            if char in _OPENING and (char not in "‘‚" or _opens(text, index)):
                open_mark, start = _OPENING[char], index
            elif char == '"':
                open_mark, start = '"', index
        elif char == open_mark and (char != "’" or _closes(text, index)):
            ranges.append((start, index + 1))
            open_mark = ""
    if open_mark:
        ranges.append((max(start, 0), len(text)))
    return ranges, open_mark


def _opens(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()


def _closes(text: str, index: int) -> bool:
    return index + 1 >= len(text) or not text[index + 1].isalpha()


def _attributed(text: str, voice: VoiceRules) -> list[tuple[int, int]]:
    """The stretch of a sentence attributed to a speaker: from the verb of reporting
    on, or the whole sentence for "according to", "as X put it", "citing X", a verb set
    off by commas (", he argued,") or one near the end ("..., Peskov said.")."""
    if voice.attribution is None:
        return [(0, len(text))]  # nothing tells whose words these are
    for match in voice.attribution.finditer(text):
        if match.groupdict().get("whole"):
            return [(0, len(text))]
        if voice.noun_before and voice.noun_before.search(text[: match.start()]):
            continue
        after = text[match.end() :]
        verb = match.groupdict().get("verb") or ""
        if voice.naming and voice.naming.fullmatch(verb) and any(q in after for q in '“„«"'):
            continue  # the quotation marks say which words are the speaker's
        if after.lstrip()[:1] == "," or (
            _set_off(text[: match.start()], voice.conjunctions)
            and len(after.split()) <= _SHORT_TAIL
        ):
            return [(0, len(text))]
        return [(match.start(), len(text))]
    return []


def _set_off(before: str, conjunctions: frozenset[str]) -> bool:
    """Whether the words before a verb of reporting, back to a comma or a closing
    quotation mark, are only its speaker ("...,” said" or "..., Kremlin spokesman Dmitry
    Peskov said"), not a clause of their own ("..., and on Tuesday Peskov said")."""
    cut = max(before.rfind(c) for c in ',”»"')
    if cut < 0:
        return False
    words = before[cut + 1 :].split()
    return len(words) <= 5 and not any(w.lower() in conjunctions for w in words)


def _union(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def in_ranges(position: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether `position` falls in one of `ranges`."""
    return any(start <= position < end for start, end in ranges)
