"""Event titles a reader understands: a short phrase in the outlets' own words.

The title of an event is the part of one member's evidence sentence that covers the
words the outlets share: the member whose sentence shares the most with the others;
that whole sentence if it has MAX_WORDS words or fewer, else the stretch from the first
shared word to the last, cut to the MAX_WORDS words that share the most, without stop
words at either end, and widened to at least MIN_WORDS words. Never a list of keywords. A
loaded word (the site's watch list) stays out of a title unless every member uses it.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, takewhile
from typing import NamedTuple

from site_builder.align.voice import quotations
from site_builder.core.language_pack import pack_for
from site_builder.core.model import Token

MIN_WORDS = 3
MAX_WORDS = 14
CLAUSE_SHARE = 0.6
"""A title made of whole clauses must hold this share of what its sentence shares."""
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")", "-"})
"""Punctuation between clauses: a title is best a run of whole clauses."""
_OPENING_QUOTES = '“‘«"'
_CLOSING_QUOTES = '”’»"'
_SPACES = re.compile(r"\s+")
_TITLE_MARKS = re.compile("[“”\"«»‘’'…]")
"""What comparing two titles leaves out (see title_key): one expression in C, which
takes them out of a title with a curly quotation mark (most) in an eighth of the time
`str.translate` takes (a dictionary look-up per character where a text is not ASCII)."""


@dataclass
class Sentences:
    """What titles need of each sentence (its terms; its best phrase for the shared
    terms it holds), worked out once for all the events of one story: a sentence is a
    member of many events in a large story. Keyed by the sentence's tokens (by
    identity, each entry holding them, so a key is never reused)."""

    known: dict[int, tuple[Sequence[Token], set[str], dict[frozenset[str], str]]] = field(
        default_factory=dict
    )
    shapes: dict[int, list] = field(default_factory=dict)
    """Per sentence: its tokens, its words (indices of tokens), its clauses, the title
    starting at each clause (_phrase_from) where one was asked for, and the words that
    start a clause (_words_and_starts)."""
    counts: dict[int, tuple[Sequence[Token], int]] = field(default_factory=dict)
    """Per sentence learnt (see learn): its tokens and its number of words."""
    language: str = "en"
    """The language whose pack gives the words clauses open with (the site's)."""

    def _entry(self, tokens: Sequence[Token]) -> tuple:
        entry = self.known.get(id(tokens))
        if entry is None or entry[0] is not tokens:
            entry = self.known[id(tokens)] = (tokens, _terms(tokens), {})
        return entry

    def terms(self, tokens: Sequence[Token]) -> set[str]:
        """The terms of a sentence (do not change the set)."""
        return self._entry(tokens)[1]

    def learn(self, tokens: Sequence[Token], terms: Iterable[str], words: int) -> None:
        """Take a sentence's terms and its number of words from what the aligner read
        of it already (its Unit), so that ranking it reads its tokens no more: most
        member sentences are ranked and never titled."""
        entry = self.known.get(id(tokens))
        if entry is None or entry[0] is not tokens:
            self.known[id(tokens)] = (tokens, set(terms), {})
            self.counts[id(tokens)] = (tokens, words)

    def word_count(self, tokens: Sequence[Token]) -> int:
        """The number of the sentence's words (as learnt, else its words counted)."""
        learnt = self.counts.get(id(tokens))
        if learnt is None or learnt[0] is not tokens:
            return len(self.words(tokens))
        return learnt[1]

    def shape(self, tokens: Sequence[Token]) -> tuple[list[int], list[tuple[int, int]]]:
        """The sentence's words (indices of its tokens that are words) and its clauses
        (see _clauses; none under MIN_WORDS words)."""
        entry = self._shaped(tokens)
        return entry[1], entry[2]

    def words(self, tokens: Sequence[Token]) -> list[int]:
        """The sentence's words (indices of its tokens that are words): all that ranking
        a sentence needs, its clauses left until a title is made from it."""
        return self._shape(tokens)[1]

    def title_from(
        self, tokens: Sequence[Token], first: int, stop_words: frozenset[str]
    ) -> tuple[str, bool]:
        """_phrase_from the sentence's word `first` (the same `stop_words` every call),
        and whether that title is weak (_phrase_from)."""
        _, words, clauses, titles, _ = self._shaped(tokens)
        if first not in titles:
            titles[first] = _phrase_from(tokens, words, first, clauses, stop_words, self.language)
        return titles[first]

    def _shape(self, tokens: Sequence[Token]) -> list:
        """The sentence's entry: its tokens, words, clauses (None until asked for) and
        the titles made from it."""
        entry = self.shapes.get(id(tokens))
        if entry is None or entry[0] is not tokens:
            words, starts = _words_and_starts(tokens)
            entry = self.shapes[id(tokens)] = [tokens, words, None, {}, starts]
        return entry

    def _shaped(self, tokens: Sequence[Token]) -> list:
        """The sentence's entry (_shape) with its clauses."""
        entry = self._shape(tokens)
        if entry[2] is None:
            words = entry[1]
            entry[2] = _clauses_from(entry[4], len(words)) if len(words) >= MIN_WORDS else []
        return entry

    def phrase(
        self, tokens: Sequence[Token], shared: set[str], weights: Mapping[str, float]
    ) -> str:
        """_phrase of a sentence, which reads `shared` only for the sentence's own terms."""
        _, terms, phrases = self._entry(tokens)
        key = frozenset(terms & shared)
        if key not in phrases:
            phrases[key] = _phrase(tokens, shared, weights, self.language)
        return phrases[key]


def event_label(
    candidates: Sequence[tuple[Token, ...]],
    shared: set[str],
    weights: Mapping[str, float],
    *,
    loaded: re.Pattern | None = None,
    members_text: Sequence[str] = (),
    sentences: Sentences | None = None,
) -> str:
    """A title for an event from its members' evidence sentences (`candidates`, as
    tokens): the best phrase of the sentence that shares the most of `shared` (terms
    two or more members use), avoiding loaded words not every member's text uses.
    `sentences` keeps what is worked out per sentence for the story's next events."""
    sentences = sentences or Sentences()
    ranked = sorted(
        candidates,
        key=lambda tokens: (
            -math.fsum(weights.get(t, 0.0) for t in sentences.terms(tokens) & shared)
        ),
    )
    everyone = _used_by_all(members_text, loaded)
    fallback = ""
    for tokens in ranked:
        phrase = sentences.phrase(tokens, shared, weights)
        if not phrase:
            continue
        fallback = fallback or phrase
        if loaded is None or all(
            m.group().lower() in everyone for m in loaded.finditer(phrase.lower())
        ):
            return phrase
    if loaded is not None and fallback:
        return _tidy(loaded.sub("", fallback))
    return fallback


def _terms(tokens: Sequence[Token]) -> set[str]:
    return {t for token in tokens for t in token.terms}


def _used_by_all(texts: Sequence[str], loaded: re.Pattern | None) -> set[str]:
    if loaded is None or not texts:
        return set()
    found = [{m.group().lower() for m in loaded.finditer(t.lower())} for t in texts]
    return set.intersection(*found)


def _phrase(
    tokens: Sequence[Token], shared: set[str], weights: Mapping[str, float], language: str
) -> str:
    """The stretch of `tokens` that covers the shared words (see the module's docstring)."""
    words, starts = _words_and_starts(tokens)
    if not words:
        return ""
    if len(words) <= MAX_WORDS:  # a whole sentence reads best
        return _tidy("".join(token.text for token in tokens))
    value = [math.fsum(weights.get(t, 0.0) for t in tokens[i].terms if t in shared) for i in words]
    clauses = _clauses_from(starts, len(words))
    first, last = _best_clauses(tokens, words, clauses, value, language) or _best_window(
        tokens, words, value
    )
    text = "".join(token.text for token in tokens[words[first] : words[last] + 1])
    return _tidy(text)


def _best_clauses(
    tokens: Sequence[Token],
    words: Sequence[int],
    clauses: Sequence[tuple[int, int]],
    value: Sequence[float],
    language: str,
) -> tuple[int, int] | None:
    """The run of whole clauses (between commas, colons, dashes, brackets) of MIN_WORDS
    to MAX_WORDS words that holds most of what the sentence shares (at least
    CLAUSE_SHARE of its weight), as the indices of its first and last word; None if
    there is none. A clause's first words that its language's pack lists as openers
    ("which", "and") are left out."""
    openers = pack_for(language).clause_openers
    total = sum(value)
    if not total:
        return None
    ends = [last for _, last in clauses]
    best = None
    for i, (first, _) in enumerate(clauses):
        while first < ends[i] and tokens[words[first]].text.lower() in openers:
            first += 1  # "which Medinsky said ..." -> "Medinsky said ..."
        for last in ends[i : i + 3]:
            size = last - first + 1
            share = sum(value[first : last + 1]) / total
            if MIN_WORDS <= size <= MAX_WORDS and share >= CLAUSE_SHARE:
                score = (round(share, 6), size, -first)
                if best is None or score > best[0]:
                    best = (score, (first, last))
    return best[1] if best else None


def _best_window(
    tokens: Sequence[Token], words: Sequence[int], value: Sequence[float]
) -> tuple[int, int]:
    """The MAX_WORDS words that share the most, without a stop word, a title or half a
    name at either end (the first and last word's indices)."""
    hits = [n for n, v in enumerate(value) if v > 0]
    first, last = (hits[0], hits[-1]) if hits else (0, min(len(words), MAX_WORDS) - 1)
    if last - first + 1 > MAX_WORDS:
        first = max(
            range(first, last - MAX_WORDS + 2), key=lambda s: (sum(value[s : s + MAX_WORDS]), -s)
        )
        last = first + MAX_WORDS - 1

    def loose(n: int, following: int) -> bool:  # a poor word to end on
        token = tokens[words[n]]
        after = tokens[words[following]].text if 0 <= following < len(words) else ""
        return not token.terms or (token.text[:1].isupper() and after[:1].isupper())

    while first < last and loose(last, last + 1):
        last -= 1
    while first < last and not tokens[words[first]].terms:
        first += 1
    while last - first + 1 < MIN_WORDS and (first > 0 or last < len(words) - 1):
        if last < len(words) - 1:
            last += 1
        if last - first + 1 < MIN_WORDS and first > 0:
            first -= 1
    return first, last


def _tidy(text: str) -> str:
    """One line, quotation marks only where they pair up, a capital first letter."""
    text = _SPACES.sub(" ", text).strip(" ,;:.-–—")
    if text.count('"') % 2 or _unpaired(text):
        text = text.translate(
            {ord(c): None for c in set(_OPENING_QUOTES + _CLOSING_QUOTES) - {"’"}}
        )
    text = _without_unpaired_brackets(text).strip(" ,;:.-–—")
    return text[:1].upper() + text[1:]


def _without_unpaired_brackets(text: str) -> str:
    """`text` with a bracket the cut left unpaired taken out: a closing one dropped
    ("Obama] demonstrated"), an opening one ended before ("Sen. Tom Harkin (D-Iowa"
    becomes "Sen. Tom Harkin"), so the title keeps the sentence's own words."""
    for opening, closing in ("[]", "()"):
        if opening not in text and closing not in text:
            continue  # nothing to pair (most titles): the same text, without the walk
        depth, kept = 0, []
        for char in text:
            if char == closing and depth == 0:
                continue
            depth += (char == opening) - (char == closing)
            kept.append(char)
        text = "".join(kept)
        if depth:
            cut = text.rfind(opening)
            for _ in range(depth - 1):
                cut = text.rfind(opening, 0, cut)
            text = text[:cut] if len(text[:cut].split()) >= MIN_WORDS else text.replace(opening, "")
    return text


def _unpaired(text: str) -> bool:
    return text.count("“") != text.count("”") or text.count("«") != text.count("»")


ELLIPSIS = "…"
CLAUSE_WORDS = 6
"""A title cut where a clause ends has at least this many words ("Russia, for its
part…" says nothing); shorter, it is cut after a content word within MAX_WORDS."""


class Title(NamedTuple):
    """An event's title (titled_event), whether it is weak (_phrase_from: a subject cut
    before its verb, or mostly a quotation), and, for a weak one, the ranked sentences
    that share at least NARRATED_RANK of the best sentence's weight: the only ones a
    narrated title may come from (narrated_title)."""

    text: str
    weak: bool
    narrated_from: list[tuple[Sequence[Token], set[str], float]]
    taken_from: int
    """The index in `narrated_from` of the sentence after the one the title comes from
    (see narrated_title)."""
    refused: frozenset[str]
    """The titles (as title_key gives them) refused before it as another event's."""


def titled_event(
    members: Sequence[Sequence[Sequence[Token]]],
    weights: Mapping[str, float],
    stop_words: frozenset[str],
    *,
    allowed: Callable[[str], bool] = lambda title: True,
    taken: set[str] | frozenset[str] = frozenset(),
    sentences: Sentences | None = None,
) -> Title:
    """A title for an event from its members' evidence sentences (`members`: per
    member, its sentences as tokens): the main clause of the sentence that best
    represents the members (shares the most, by weight, with the others' sentences),
    3 to MAX_WORDS words, cut with an ellipsis where the sentence goes on, ending on a
    content word where cut. A title `allowed` refuses (e.g. for a loaded word not every
    member uses) or one in `taken` (another event's, as title_key gives it: kept so by
    the caller, not worked out again for every event) gives way to the next best.
    `sentences` keeps what is worked out per sentence for the story's next events, and
    names the language whose pack's words cut clauses (English when not given).
    Returned with whether that title is weak and where a narrated title may still be
    found (see Title and narrated_title)."""
    sentences = sentences or Sentences()
    ranked = _ranked_sentences(members, weights, sentences)
    options = []  # made one by one as they are needed: the first one mostly does
    refused: set[str] = set()
    for n, (tokens, shared, _) in enumerate(ranked):
        for option, weak in _title_options(tokens, shared, weights, stop_words, sentences):
            options.append(option)
            key = title_key(option)
            if key in taken:
                refused.add(key)
            elif allowed(option):
                if not weak:
                    return Title(option, False, [], 0, frozenset())
                return Title(option, True, _narrated_from(ranked), n + 1, frozenset(refused))
    for option in options:
        if title_key(option) not in taken:
            return Title(option, False, [], 0, frozenset())
    base = options[0] if options else ""
    number = 2
    while title_key(f"{base} ({number})") in taken:
        number += 1
    return Title(f"{base} ({number})" if base else "", False, [], 0, frozenset())


def _narrated_from(
    ranked: list[tuple[Sequence[Token], set[str], float]],
) -> list[tuple[Sequence[Token], set[str], float]]:
    """The ranked sentences that share at least NARRATED_RANK of the best one's weight."""
    floor = ranked[0][2] * NARRATED_RANK
    return list(takewhile(lambda item: item[2] >= floor, ranked))


def narrated_title(
    title: Title,
    weights: Mapping[str, float],
    stop_words: frozenset[str],
    *,
    allowed: Callable[[str], bool],
    taken: set[str],
    sentences: Sentences,
) -> str:
    """For an event whose title is weak, once every event has one: the first narrated
    title (see _narrated_option) of the sentences of `title.narrated_from` that `allowed`
    lets through and no other event has (`taken`), else "": so taking it moves no
    other event's title. Unless a title refused then as another event's has left
    `taken` since (another weak title given up for a narrated one), only the sentences
    after the one `title` comes from are read: the others' titles were refused when
    `title` was made, by `allowed` (which does not change: one of the weak title's own
    key was refused so, as that key was not taken) or as taken (and still are), and
    that sentence's main clause gave the weak title or was refused too."""
    freed = any(key not in taken for key in title.refused)
    start = 0 if freed else title.taken_from
    for tokens, shared, _ in title.narrated_from[start:]:
        option = _narrated_option(tokens, shared, weights, stop_words, sentences)
        if option and title_key(option) not in taken and allowed(option):
            return option
    return ""


def title_key(title: str) -> str:
    """A title as two titles are compared: case, quotation marks, ellipses and spaces
    aside ("I feel badly…" and "I feel badly" are the same title)."""
    return " ".join(_TITLE_MARKS.sub("", title).lower().split())


def _ranked_sentences(
    members: Sequence[Sequence[Sequence[Token]]],
    weights: Mapping[str, float],
    known: Sentences,
) -> list[tuple[Sequence[Token], set[str], float]]:
    """Every member's sentences, best first: by the weight of the terms each shares with
    the other members' sentences (times how many share it), then shorter first; each
    with the terms it shares and that weight."""
    members_with: Counter[str] = Counter()  # a sentence's term: its member has it, so
    for sentences in members:  # members_with[t] - 1 other members do
        members_with.update(_member_terms(sentences, known))
    common = {t for t, n in members_with.items() if n > 1}  # (counted in C, per set)
    scored = []
    for sentences in members:
        for tokens in sentences:
            shared = known.terms(tokens) & common
            value = math.fsum(weights.get(t, 0.0) * (members_with[t] - 1) for t in shared)
            words = known.word_count(tokens)
            scored.append((-round(value, 9), words, len(scored), tokens, shared))
    scored.sort(key=lambda item: item[:3])
    return [(tokens, shared, -value) for value, _, _, tokens, shared in scored]


def _member_terms(sentences: Sequence[Sequence[Token]], known: Sentences) -> set[str]:
    """The terms of one member's sentences (do not change the set: a member of one
    sentence, most, gives that sentence's own)."""
    if len(sentences) == 1:
        return known.terms(sentences[0])
    return set().union(*map(known.terms, sentences))


def _title_options(
    tokens: Sequence[Token],
    shared: set[str],
    weights: Mapping[str, float],
    stop_words: frozenset[str],
    known: Sentences,
) -> Iterator[tuple[str, bool]]:
    """The titles one sentence offers, best first, each with whether it is weak
    (_phrase_from): from its main clause (_main_option), then from its other clauses
    with shared words, the most shared first. Each is made when asked for: the first
    mostly does (titled_event)."""
    words, clauses = known.shape(tokens)
    if len(words) < MIN_WORDS:
        return
    value = _word_values(tokens, words, shared, weights)
    main, option, weak = _main_option(tokens, words, clauses, value, stop_words, known)
    given: list[str] = []
    if option:  # the first option, mostly the one taken: the other clauses are ranked
        given.append(option)  # only when it is not
        yield option, weak
    order = _other_clauses(clauses, main, value)
    if main is None and not order:
        order = [(0, len(words) - 1)]
    for first, _ in order:
        option, weak = known.title_from(tokens, first, stop_words)
        if option:
            option = _marked_if_inside(option, tokens, words, first, known.language)
        if option and option not in given:
            given.append(option)
            yield option, weak


def _main_option(
    tokens: Sequence[Token],
    words: Sequence[int],
    clauses: Sequence[tuple[int, int]],
    value: Sequence[float],
    stop_words: frozenset[str],
    known: Sentences,
) -> tuple[tuple[int, int] | None, str, bool]:
    """The sentence's main clause (_main_clause: the first that opens with no word of
    the language's `subordinate` list, "On Monday,"), the title from it ("" for none)
    and whether that title is weak."""
    main = _main_clause(tokens, words, clauses, value, known.language)
    if main is None:
        return None, "", False
    option, weak = known.title_from(tokens, main[0], stop_words)
    if option:
        option = _marked_if_inside(option, tokens, words, main[0], known.language)
    return main, option, weak


def _narrated_option(
    tokens: Sequence[Token],
    shared: set[str],
    weights: Mapping[str, float],
    stop_words: frozenset[str],
    known: Sentences,
) -> str:
    """The sentence's narrated title, "" for none: its main clause's (_main_option),
    not weak, of a sentence mostly not in quotation marks, whose main clause is then
    more than the words that say who spoke ("Mr. Romney said Wednesday"): a title to
    take before a weak one (narrated_title)."""
    words, clauses = known.shape(tokens)
    if len(words) < MIN_WORDS or _quoted(tokens, words, 0, len(words) - 1):
        return ""  # (told before its title is made)
    value = _word_values(tokens, words, shared, weights)
    _, option, weak = _main_option(tokens, words, clauses, value, stop_words, known)
    return "" if weak else option


_NO_SUBJECT = frozenset({"is", "are", "was", "were", "has", "have", "had", "citing"})
"""English words that open a clause with no subject of its own inside a sentence
("..., was arrested early Friday"), besides the pack's subordinate and reporting words."""


def _marked_if_inside(
    option: str, tokens: Sequence[Token], words: Sequence[int], first: int, language: str
) -> str:
    """A title taken from inside a sentence, from a clause that opens in lower case with
    a word that leaves its subject behind ("..., said Obama campaign manager Jim
    Messina", "..., who is investigating", "..., was arrested"), as the sentence has it,
    after an ellipsis ("…was arrested early Friday…"): capitalised, it read as a
    sentence of its own, whose subject was the word it opens with (thirteenth round of
    the claims audit, docs/alignment.md)."""
    opener = tokens[words[first]].text
    if first == 0 or not opener[:1].islower() or opener.lower() not in _openers(language):
        return option
    return ELLIPSIS + option[:1].lower() + option[1:]


@cache
def _openers(code: str) -> frozenset[str]:
    """The words of `code`'s pack that open a clause with no subject of its own."""
    pack = pack_for(code)
    own = _NO_SUBJECT if pack.code == "en" else frozenset()
    return frozenset({*pack.subordinate, *pack.reporting_verbs, *own})


def _main_clause(
    tokens: Sequence[Token],
    words: Sequence[int],
    clauses: Sequence[tuple[int, int]],
    value: Sequence[float],
    language: str,
) -> tuple[int, int] | None:
    """The sentence's main clause: the first that opens with no word of the language's
    `subordinate` list, holds a shared word within MAX_WORDS and leaves MIN_WORDS."""
    subordinate = pack_for(language).subordinate
    return next(
        (
            c
            for c in clauses
            if tokens[words[c[0]]].text.lower() not in subordinate
            and sum(value[c[0] : c[0] + MAX_WORDS]) > 0
            and len(words) - c[0] >= MIN_WORDS
        ),
        None,
    )


def _other_clauses(
    clauses: Sequence[tuple[int, int]], main: tuple[int, int] | None, value: Sequence[float]
) -> list[tuple[int, int]]:
    """The clauses other than `main` of MIN_WORDS words or more that hold shared words,
    the most shared first."""
    others = sorted(
        (c for c in clauses if c != main and c[1] - c[0] + 1 >= MIN_WORDS),
        key=lambda c: (-sum(value[c[0] : c[1] + 1]), c[0]),
    )
    return [c for c in others if sum(value[c[0] : c[1] + 1]) > 0]


def _word_values(
    tokens: Sequence[Token], words: Sequence[int], shared: set[str], weights: Mapping[str, float]
) -> list[float]:
    """Each word's weight of shared terms (the sum of its shared terms' weights). Most
    words share none: those are told by one set look in C, no sum made for them."""
    value = [0.0] * len(words)
    for n, index in enumerate(words):
        terms = tokens[index].terms
        if terms and not shared.isdisjoint(terms):
            value[n] = math.fsum(weights.get(t, 0.0) for t in terms if t in shared)
    return value


def _clauses_from(starts: Sequence[int], count: int) -> list[tuple[int, int]]:
    """The clauses (between commas, colons, dashes, brackets) of a sentence of `count`
    words whose clauses start at `starts` (_words_and_starts), as the indices (in its
    words) of their first and last words."""
    ends = [s - 1 for s in starts[1:]] + [count - 1]
    return list(zip(starts, ends))


def _words_and_starts(tokens: Sequence[Token]) -> tuple[list[int], list[int]]:
    """The sentence's words (indices of its tokens that are words) and the words that
    start a clause (indices in the words: the first, and each after punctuation between
    clauses), in one pass over its tokens: no slice of the tokens between two words made
    per word."""
    words: list[int] = []
    starts = [0]
    broken = False  # punctuation between clauses since the last word
    for index, token in enumerate(tokens):
        text = token.text
        if text[:1].isalnum():
            if broken:
                starts.append(len(words))
                broken = False
            words.append(index)
        elif words and not broken and text.strip() in _CLAUSE_BREAKS:
            broken = True
    return words, starts


def _phrase_from(
    tokens: Sequence[Token],
    words: Sequence[int],
    first: int,
    clauses: Sequence[tuple[int, int]],
    stop_words: frozenset[str],
    language: str = "en",
) -> tuple[str, bool]:
    """The title that starts at word `first` (a clause's first word): to the sentence's
    end if that is MAX_WORDS words or fewer; else whole clauses that fit, with an
    ellipsis, unless they end before the verb of a subject they open with
    (_before_verb: "Reince Priebus, the chairman of the Republican National
    Committee…") and a cut after a content word within MAX_WORDS takes in that verb and
    a word after it; else the clause cut after its last content word within MAX_WORDS,
    with an ellipsis. With it, whether the title is weak: a subject without its verb,
    or mostly a quotation (_quoted: names what someone said, rarely the event), which
    titled_event takes only where the members' sentences offer no other."""
    last_word = len(words) - 1
    if last_word - first + 1 <= MAX_WORDS:
        return _tidy(_text(tokens, words, first, last_word)), _quoted(
            tokens, words, first, last_word
        )
    fitting = [end for start, end in clauses if start >= first and end - first + 1 <= MAX_WORDS]
    fitting = [end for end in fitting if end - first + 1 >= CLAUSE_WORDS]
    weak = False
    end = whole = max(fitting) if fitting else -1
    if not fitting or _before_verb(tokens, words, first, whole, clauses, language):
        end = first + MAX_WORDS - 1
        while end > first and _loose_end(tokens, words, end, stop_words):
            end -= 1
        if fitting and end <= whole:  # the cut after a content word does not take in
            end, weak = whole, True  # the verb: the subject without it, a weak title
        elif end - first + 1 < MIN_WORDS:
            return "", False
    title = _tidy(_text(tokens, words, first, end)).rstrip(" ,;:.-–—") + ELLIPSIS
    return title, weak or _quoted(tokens, words, first, end)


NARRATED_RANK = 0.5
"""A narrated title (not weak, see _phrase_from) is taken before a weak one from a
sentence whose shared weight is at least this share of the best sentence's."""
QUOTED_SHARE = 0.5
"""A title with at least this share of its words in quotation marks is a quotation."""


def _before_verb(
    tokens: Sequence[Token],
    words: Sequence[int],
    first: int,
    end: int,
    clauses: Sequence[tuple[int, int]],
    language: str,
) -> bool:
    """Whether the whole clauses from word `first` to word `end` are a subject and its
    asides, the verb left for the clause after them: the first clause is a name (every
    word capitalised or _NAME_JOINERS: "The BBC", "Secretary of State John Kerry") and the next
    clause goes on in lower case with a word that may be its verb ("..., said", "...,
    endorsed"; not "..., who", "..., and", "..., an aide", "..., accusing"). English
    only: the rule reads English word order."""
    pack = pack_for(language)
    if pack.code != "en" or end + 1 >= len(words):
        return False
    own = next((last for start, last in clauses if start == first), end)
    if own >= end:
        return False  # one clause: its words are the title's, verb or not
    for n in range(first, own + 1):
        text = tokens[words[n]].text
        if not text[:1].isupper() and text not in _NAME_JOINERS:
            return False
    following = tokens[words[end + 1]].text
    return (
        following[:1].islower()
        and not following.endswith("ing")
        and following not in _NOT_A_VERB
        and following not in pack.subordinate | pack.clause_openers
    )


_NAME_JOINERS = frozenset({"of", "the", "and", "for", "de", "van", "von", "der", "al", "bin"})
"""English lower-case words inside a name ("Secretary of State", "Department of Housing
and Urban Development")."""
_NOT_A_VERB = frozenset({"a", "an", "the", "his", "her", "its", "their", "our", "my"})
"""English words that open an aside after a name ("Weiner, 46, is married to Huma
Abedin, an aide…"), not the verb the name is the subject of."""


def _open_before(text: str, mark: re.Match) -> str:
    """The quotation mark a sentence's text starts inside of, '' for none: where its
    first mark (`mark`) closes a quotation opened in a sentence before ('God help us,"
    said Bloomberg'), after a word or punctuation and before a space or the end."""
    char, index = mark.group(), mark.start()
    closes = char in "”»" or (
        char == '"'
        and index > 0
        and not text[index - 1].isspace()
        and (index + 1 == len(text) or not text[index + 1].isalnum())
    )
    return char if closes else ""


_QUOTATION_MARK = re.compile('[“”«»"‘„]')


def _quoted(tokens: Sequence[Token], words: Sequence[int], first: int, last: int) -> bool:
    """Whether QUOTED_SHARE or more of the words from `first` to `last` stand in
    quotation marks in their sentence (a quotation opened in a sentence before is seen
    only where the sentence's first mark closes it: the sentence's tokens are all a
    title reads). Most sentences have no mark: one search in C tells them."""
    texts = [token.text for token in tokens]
    text = "".join(texts)
    mark = _QUOTATION_MARK.search(text)
    if mark is None:
        return False
    ranges, _ = quotations(text, _open_before(text, mark))
    if not ranges:
        return False
    starts = list(accumulate(map(len, texts), initial=0))
    at = [starts[words[n]] for n in range(first, last + 1)]  # in order: bisect counts
    inside = sum(bisect_left(at, stop) - bisect_left(at, start) for start, stop in ranges)
    return inside >= QUOTED_SHARE * (last - first + 1)


def _loose_end(
    tokens: Sequence[Token], words: Sequence[int], n: int, stop_words: frozenset[str]
) -> bool:
    """Whether word `n` is a poor place to cut: a stop word, a word without terms, or
    the first half of a name ("Mark" in "Mark Warner")."""
    token = tokens[words[n]]
    following = tokens[words[n + 1]].text if n + 1 < len(words) else ""
    return (
        not token.terms
        or token.text.lower() in stop_words
        or (token.text[:1].isupper() and following[:1].isupper())
    )


def _text(tokens: Sequence[Token], words: Sequence[int], first: int, last: int) -> str:
    return "".join(token.text for token in tokens[words[first] : words[last] + 1])
