"""Text -> tokens and terms: the aligner's view of a sentence (pages keep the original).

A sentence is cut once into tokens that cover it exactly (words, numbers, white space,
punctuation); each token carries the terms the aligner compares, so the align step and
the frame step (which marks shared words on the page) see the same thing:

- case, quotes, dashes, accents and possessives are folded, number words become digits;
- stop words carry no term; words are stemmed (Snowball), so "negotiations" and
  "negotiating" meet;
- a hyphenated word of lower-case parts is one word ("short-term", "cease-fire" and
  "ceasefire" give one term each), while a name joined by a hyphen gives its parts
  ("Russia-Ukraine");
- a name of several capitalised words is one thing (a possessive ends it: "Turkey's
  Recep Erdogan" is Turkey and Recep Erdogan): its last word keeps its own term
  ("Putin") and each earlier word becomes a compound term with it ("vladimir putin"),
  so a shared first name alone ("Vladimir" Medinsky, "Vladimir" Putin) is no evidence,
  while a name made of common words ("White House", "European Union") is as specific
  as the two words together; an earlier word that is specific and rarer than the last
  keeps its own term as well ("Crimean" Peninsula, "Maricopa" County);
- the editor's aliases (Kiev -> Kyiv) and the name variants found in the story
  (Zelenski / Zelenskyy) map to one term.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain, groupby, repeat
from typing import NamedTuple

import Stemmer
from rapidfuzz import fuzz, process

from site_builder.align.language import SPECIFIC_RARITY, Language, load_language
from site_builder.core.language_pack import pack_for
from site_builder.core.model import Token
from site_builder.core.text import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}


@cache
def _roman_after(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of `language`'s pack after which a Roman number is a number ("Article
    V"): folded, as the aligner compares words, and as a sentence may write them."""
    words = pack_for(language).roman_after
    return frozenset(map(fold, words)), frozenset(
        form for w in words for form in (w, w.title(), w.upper())
    )


@cache
def _numbers(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """The number words of `language`'s pack, folded: those read as digits anywhere
    ("five"), and those also read so inside a hyphenated number ("twenty-one")."""
    pack = pack_for(language)
    alone = {fold(word): value for word, value in pack.number_words.items()}
    return alone, {**{fold(w): v for w, v in pack.compound_number_words.items()}, **alone}


@cache
def _titles(language: str) -> frozenset[str]:
    """The titles of `language`'s pack, folded: a title before a name is not part of
    the name ("President Putin" and "Putin" name the same man)."""
    return frozenset(fold(title) for title in pack_for(language).titles)


TOKEN = re.compile(
    r"\s++"  # first: half of all tokens, and neither a number nor a word starts so
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?(?![^\W_])"  # 1,000  3.5  21st  1990s
    r"|[^\W_]++(?:['’‑-][^\W_]++)*+"  # words, don't, short-term, rock'n'roll-style
    r"|.",
    re.S,
)
"""A token: white space, a number, a word (letters and digits, runs of them joined by
single apostrophes and hyphens), or one other character. The tokens of a text, joined,
are the text. White space and a word end the expression, so their repeats are
possessive (`++`, `*+`: nothing after them could make them give a character back; the
regex engine so keeps no state to backtrack to): 0.82 x the instructions of the same
expression with plain repeats, the same tokens."""


def text_pieces(text: str) -> list[str]:
    """TOKEN's pieces of `text` (`TOKEN.findall`), the same ones for ~0.6 x the
    instructions: where the text's words are one space apart (no other white space), it
    is cut at its spaces in C, and only the parts that are neither one word nor one word
    and one mark ("said,") go through the expression ("U.S.", "Putin's"). A space
    between two parts ends every piece (no piece runs across one), and a part that is
    all letters and digits is one piece, a number or a word (checked against
    `TOKEN.findall` on every BASIL passage and sentence and 200,000 random strings)."""
    parts = text.split(" ")
    if "" in parts or not text.isprintable():  # runs of spaces, other white space
        return TOKEN.findall(text)
    pieces: list[str] = []
    for part in parts:
        if part.isalnum():  # one word or number: most parts
            pieces.append(part)
        elif part[:-1].isalnum():  # and a mark after it
            pieces += (part[:-1], part[-1])
        else:
            pieces += TOKEN.findall(part)
        pieces.append(" ")
    pieces.pop()
    return pieces


_POSSESSIVE = re.compile(r"'s?$")
_OWNER = re.compile(r"['’]s?$")
"""A possessive at the end of a word as written."""
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])[^\W\d_]++")
"""A capitalised word (its capital first, the word boundary before it checked behind:
the expression so skips in C to the next capital)."""
_INSIDE_CAPITALISED = re.compile(r"[A-Z](?:(?<=[^\W\d_] [A-Z])|(?<=[^\W\d_][,;] [A-Z]))[^\W\d_]*+")
"""A capitalised word inside a sentence: after a word (and a comma), not a full stop."""
NAME_MIN_LETTERS = 5
"""Capitalised words this long or longer are names whose spellings may vary."""


Sentence = tuple[Token, ...]


def term_head(term: str) -> str:
    """The word a term is about: "putin" for "vladimir putin" (see the module's
    docstring); a plain term is its own head."""
    return term.rpartition(" ")[2]


def folded_words(token: str, language: str) -> list[str]:
    """The words of one word token, folded: possessives cut, ordinals and number words
    (those of `language`'s pack) as digits, a hyphenated word of lower-case parts as one
    word."""
    alone, inside = _numbers(language)
    word = fold(token)
    if word[:1].isdigit():
        ordinal = _ORDINAL.match(word)
        return [ordinal.group(1) if ordinal else word.replace(",", "")]
    if "'" in word:
        word = _POSSESSIVE.sub("", word).replace("'", "")
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        numbers = [p in inside for p in parts]
        if all(numbers):
            return [str(sum(inside[p] for p in parts))]  # twenty-five
        if any(numbers) or any(p[:1].isdigit() for p in parts):  # fifteen-year, 24-hour
            return [str(inside[p]) if n else p for p, n in zip(parts, numbers)]
        if any(p[:1].isupper() for p in token.split("-")):
            return parts  # a name: Russia-Ukraine
        return ["".join(parts)]  # short-term, cease-fire
    if word in alone:
        return [str(alone[word])]
    return [word] if word else []


class _Piece(NamedTuple):
    """One distinct piece of a story's text on its own: its stems (variants applied),
    its token, the spellings it counts (see surface_forms), and whether it may be a
    word of a name of several words (capitalised, one term, not a number or a title;
    see Normaliser._name_word)."""

    stems: tuple[str, ...]
    token: Token
    spellings: tuple[tuple[str, str], ...]
    name_word: bool


@dataclass
class Normaliser:
    """Turns one story's sentences into tokens and terms (see the module's docstring)."""

    language: Language
    aliases: Aliases
    variants: Mapping[str, str]
    name_stems: frozenset[str] = frozenset()
    """Stems of the words the story capitalises inside a sentence: names."""
    _memo: dict[str, Sentence] = field(default_factory=dict, repr=False)
    _spellings: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    """Spellings of terms counted one occurrence at a time (names, aliases)."""
    _counted: list[Sequence[str]] = field(default_factory=list, repr=False)
    """The pieces of the sentences read, sentence by sentence (their spellings counted
    from them, all at once, by surface_forms: one count in C, not one call a sentence)."""
    _uncounted: list[str] = field(default_factory=list, repr=False)
    """The pieces of `_counted` that are earlier words of a name there: their spellings
    are the name's (counted one at a time), not their own."""
    _made: dict[str, _Piece] = field(default_factory=dict, repr=False)
    """Each distinct piece: its stems (variants applied), token and spellings, and
    whether it may be a word of a name; worked out once per story."""
    _spelling_pieces: set[str] = field(default_factory=set, repr=False)
    """The distinct pieces that count a spelling (words with terms: about a quarter of a
    sentence's pieces; white space, punctuation and stop words count none)."""

    def sentence(self, text: str) -> Sentence:
        """`text` (one sentence) as tokens with their terms."""
        known = self._memo.get(text)
        if known is None:
            known = self._memo[text] = self._tokens(text)
        return known

    def terms(self, text: str) -> list[str]:
        """The terms of `text` in order."""
        return [term for token in self.sentence(text) for term in token.terms]

    def surface_forms(self, preferred: Iterable[str] = ()) -> dict[str, str]:
        """For each term seen so far, how the story writes it: the `preferred` spelling
        (the editor's canonical names) where one gives that term, else the most
        frequent spelling (ties by spelling, so file order never matters)."""
        forms = {}
        for term, counts in self._spelling_counts().items():
            if len(counts) == 1:
                forms[term] = _spelling(next(iter(counts)))
                continue
            written: dict[str, int] = {}
            for spelling, n in counts.items():
                key = _spelling(spelling)
                written[key] = written.get(key, 0) + n
            forms[term] = min(written.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        for name in preferred:
            terms = self.terms(name)
            if len(terms) == 1:
                forms[terms[0]] = name
        return forms

    def _spelling_counts(self) -> dict[str, dict[str, int]]:
        """Each term's spellings as written, and how often: those counted one at a time
        and those of the pieces counted (each piece's spellings times its count)."""
        counts = {term: dict(spellings) for term, spellings in self._spellings.items()}
        made = self._made
        counting = self._spelling_pieces  # only they are counted (a filter in C)
        pieces = Counter(filter(counting.__contains__, chain.from_iterable(self._counted)))
        pieces.subtract(self._uncounted)
        for piece, n in pieces.items():
            if n <= 0:
                continue  # only ever a word of a name
            for term, spelling in made[piece].spellings:
                written = counts.get(term)
                if written is None:
                    written = counts[term] = {}
                written[spelling] = written.get(spelling, 0) + n
        return counts

    def _tokens(self, text: str) -> Sentence:
        pieces = text_pieces(text)
        if self.aliases or not _roman_after(self.language.code)[1].isdisjoint(pieces):
            return self._tokens_in_context(pieces)
        made = self._made  # no word here depends on its neighbours: each piece's
        entries = [made.get(p) or self._piece(p) for p in pieces]  # own, made once
        names = [i for i, entry in enumerate(entries) if entry.name_word]
        if names:
            first = 0
            while not pieces[first][:1].isalnum():
                first += 1
            if names[0] == first and entries[first].stems[0] not in self.name_stems:
                del names[0]  # a sentence's first word is capitalised anyway
        if len(names) < 2:
            self._counted.append(pieces)
            return tuple([entry.token for entry in entries])
        stems: list[Sequence[str]] = [entry.stems for entry in entries]
        tokens = [entry.token for entry in entries]
        self._counted.append(pieces)
        for index in self._named_runs(names, pieces, stems):  # a word of a name: terms of
            piece, piece_terms = pieces[index], stems[index]  # its own here
            self._uncounted.append(piece)
            for term, spelling in _spellings(piece, piece_terms):
                self._spelled(term, spelling)
            tokens[index] = _token(piece, piece_terms)
        return tuple(tokens)

    def _piece(self, piece: str) -> _Piece:
        """What one distinct piece of the story is on its own (see _Piece), remembered:
        the same for every story unless a name variant of this story changes a stem."""
        made = _plain_piece(piece, self.language.code)
        variants = self.variants
        if variants and not variants.keys().isdisjoint(made.stems):
            made = _made_piece(piece, self.language.code, variants)
        self._made[piece] = made
        if made.spellings:
            self._spelling_pieces.add(piece)
        return made

    def _tokens_in_context(self, pieces: list[str]) -> Sentence:
        """The tokens of a sentence where a word's terms depend on its neighbours (an
        alias of several words, a Roman number): each piece's terms worked out here."""
        terms = self._named(pieces, self._words(pieces))
        tokens = []
        for piece, piece_terms in zip(pieces, terms):
            for term, spelling in _spellings(piece, piece_terms):
                self._spelled(term, spelling)
            tokens.append(_token(piece, piece_terms))
        return tuple(tokens)

    def _spelled(self, term: str, spelling: str) -> None:
        """Count one spelling of `term` (see surface_forms)."""
        counts = self._spellings.get(term)
        if counts is None:
            counts = self._spellings[term] = {}
        counts[spelling] = counts.get(spelling, 0) + 1

    def _words(self, pieces: Sequence[str]) -> list[Sequence[str]]:
        """The stems of each piece, with aliases and Roman numbers applied across
        pieces."""
        code = self.language.code
        variants = self.variants
        roman_after = _roman_after(code)[0]
        flat: list[tuple[int, str]] = []
        for index, piece in enumerate(pieces):
            if piece[:1].isalnum():
                flat.extend((index, w) for w in _piece_words(piece, code))
        if roman_after:
            flat = _roman_numbers(flat, roman_after)
        flat = _apply_aliases(flat, self.aliases)
        stems: list[list[str]] = [[] for _ in pieces]
        for index, word in flat:
            stem = _content_stem(word, code)
            if stem is not None:
                stems[index].append(variants.get(stem, stem))
        return stems  # type: ignore[return-value]  # (a list either way)

    def _named(self, pieces: Sequence[str], stems: list[Sequence[str]]) -> list[Sequence[str]]:
        """Terms of each piece, with names of several words made one (see the module's
        docstring): each earlier word of a name becomes a compound with its last."""
        first = 0
        while first < len(pieces) and not pieces[first][:1].isalnum():
            first += 1
        names = [
            i
            for i, piece in enumerate(pieces)
            if piece[:1].isupper() and self._name_word(piece, stems[i], first=i == first)
        ]
        if len(names) >= 2:
            self._named_runs(names, pieces, stems)
        return stems

    def _named_runs(
        self, names: list[int], pieces: Sequence[str], stems: list[Sequence[str]]
    ) -> list[int]:
        """Make each run of name words (indices `names`, in order) one space apart, no
        possessive between, one name: its earlier words compounds with its last. The
        indices of the pieces so given new terms, in order."""
        runs: list[list[int]] = [[names[0]]]
        for index in names[1:]:  # a name's words are one space apart, no possessive
            previous = runs[-1][-1]  # between ("Turkey's Recep Erdogan": two names)
            if (
                index == previous + 2
                and pieces[index - 1] == " "
                and not _OWNER.search(pieces[previous])
            ):
                runs[-1].append(index)
            else:
                runs.append([index])
        named: list[int] = []
        for run in runs:
            if len(run) >= 2:
                self._name(run, pieces, stems)
                named += run[:-1]
        return named

    def _name(self, run: list[int], pieces: Sequence[str], stems: list[Sequence[str]]) -> None:
        """Make the pieces of one name (indices `run`) compounds with its last word."""
        head = stems[run[-1]][-1]
        head_rarity = self._rarity(pieces[run[-1]])
        for member in run[:-1]:
            own = stems[member]
            compounds = [f"{stem} {head}" for stem in own]
            for term in compounds:
                self._spelled(term, f"{pieces[member]} {pieces[run[-1]]}")
            rarity = self._rarity(pieces[member])
            if rarity >= SPECIFIC_RARITY and rarity > head_rarity:
                compounds += own  # Crimean Peninsula: "crimean" too
            stems[member] = compounds

    def _rarity(self, piece: str) -> float:
        words = _piece_words(piece, self.language.code)
        return self.language.rarity.of(words[0]) if words else 0.0

    def _name_word(self, piece: str, stems: Sequence[str], *, first: bool) -> bool:
        """Whether a capitalised piece can be part of a name of several words: one term,
        not a title, and (as the sentence's first word, which is capitalised anyway) a
        word the story also capitalises inside sentences."""
        return (
            len(stems) == 1
            and not stems[0].isdigit()
            and _piece_words(piece, self.language.code)[0] not in _titles(self.language.code)
            and (not first or stems[0] in self.name_stems)
        )


def _made_piece(piece: str, language: str, variants: Mapping[str, str]) -> _Piece:
    """A piece of text on its own, its stems' `variants` applied (see _Piece)."""
    if not piece[:1].isalnum():
        return _Piece((), _token(piece, ()), (), False)
    words = folded_words(piece, language)  # not _piece_words: _plain_piece makes a piece
    # once a process, so a second cache entry of its words would seldom be read
    if len(words) == 1:  # most pieces: one word, so one stem or none (a stop word)
        stem = _content_stem(words[0], language)
        stems: tuple[str, ...] = () if stem is None else (stem,)
    else:
        stems = tuple(_content_stems(words, language))
    if variants:
        stems = tuple([variants.get(stem, stem) for stem in stems])
    return _Piece(
        stems,
        _token(piece, stems),
        _spellings(piece, stems),
        piece[:1].isupper()
        and len(stems) == 1
        and not stems[0].isdigit()
        and words[0] not in _titles(language),
    )


@lru_cache(maxsize=1 << 17)
def _plain_piece(piece: str, language: str) -> _Piece:
    """_made_piece without name variants, remembered: most pieces recur in every story
    (its token is then one object for all of them: tokens are never changed)."""
    return _made_piece(piece, language, {})


def _token(piece: str, terms: Sequence[str]) -> Token:
    """The token of `piece` with its `terms`."""
    if not terms:
        return _BARE.get(piece) or Token(piece)
    return Token(piece, tuple(terms))


def _spellings(piece: str, terms: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The (term, spelling) pairs a piece with these terms counts (see surface_forms):
    a word's own term its text; a hyphenated name's parts each theirs."""
    if not terms:
        return ()
    if len(terms) == 1 and " " not in terms[0]:
        return ((terms[0], piece),)
    plain = [t for t in terms if " " not in t]
    parts = [piece] if len(plain) == 1 else piece.split("-")
    return tuple(zip(plain, parts)) if len(parts) == len(plain) else ()


@lru_cache(maxsize=1 << 17)
def _spelling(piece: str) -> str:
    """A word (or a name's words) as a label would show it: possessive cut ("Russia's"
    -> "Russia")."""
    if "'" not in piece and "’" not in piece:
        return piece  # most words: no possessive to cut
    return _POSSESSIVE.sub("", piece.replace("’", "'"))


_BARE = {text: Token(text) for text in (" ", ",", ".", '"', "“", "”", "’", "(", ")", "-", ":", ";")}
"""Tokens without terms that every sentence has: made once."""


def _roman_numbers(flat: list[tuple[int, str]], after: frozenset[str]) -> list[tuple[int, str]]:
    """'Article V' -> 'article 5': a Roman number after a word that numbers things
    (`after`, the language's)."""
    return [
        (index, str(_ROMAN[word]))
        if word in _ROMAN and position and flat[position - 1][1] in after
        else (index, word)
        for position, (index, word) in enumerate(flat)
    ]


@dataclass(frozen=True)
class Aliases:
    """The editor's aliases as runs of folded words: each other spelling -> the canonical
    words, and for each word that starts one, the lengths of those runs (longest first),
    so a sentence is only checked for the aliases its words can start."""

    table: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    sizes: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.table)


def _apply_aliases(flat: list[tuple[int, str]], aliases: Aliases) -> list[tuple[int, str]]:
    """Replace every run of words that is an alias by its canonical words, which go to
    the pieces of the run one for one (the rest to its last piece)."""
    if not aliases:
        return flat
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(flat):
        for size in aliases.sizes.get(flat[i][1], ()):
            replacement = aliases.table.get(tuple(w for _, w in flat[i : i + size]))
            if replacement is not None and i + size <= len(flat):
                indices = [index for index, _ in flat[i : i + size]]
                for n, word in enumerate(replacement):
                    out.append((indices[min(n, len(indices) - 1)], word))
                i += size
                break
        else:
            out.append(flat[i])
            i += 1
    return out


def make_normaliser(
    texts: Iterable[str],
    aliases: Mapping[str, Iterable[str]],
    fuzzy_cutoff: int,
    language: Language,
) -> Normaliser:
    """The normaliser of one story: the editor's aliases, and the name variants found in
    the story's `texts`.

    Names are the story's capitalised words; two whose transliteration keys are at
    least `fuzzy_cutoff` similar (rapidfuzz ratio) become one term, e.g. Zelenski /
    Zelenskyy / Zelensky. The canonical term is the alphabetically first, so the result
    does not depend on the order of the articles.
    """
    table = _alias_table(aliases, language.code)
    texts = list(texts)
    names = sorted(
        {
            remembered_stem(w, language.code)
            for w in _aliased_words(texts, _CAPITALISED, table)
            if len(w) >= NAME_MIN_LETTERS and w not in language.stop_words
        }
    )
    inside = _aliased_words(texts, _INSIDE_CAPITALISED, table)
    name_stems = {remembered_stem(w, language.code) for w in inside}
    variants = _name_variants(names, fuzzy_cutoff)
    return Normaliser(language, table, variants, frozenset(variants.get(s, s) for s in name_stems))


def _aliased_words(texts: Sequence[str], pattern: re.Pattern[str], table: Aliases) -> set[str]:
    """The words `pattern` finds in `texts`, folded, with the editor's aliases applied to
    each text's words in the order written: an alias of several words ("Wladimir
    Putin") applies where its words come one after the other in a text, never to words
    that merely sit side by side in a set (which would vary with the hash seed)."""
    if not table:  # no alias to apply: each distinct word is folded once (all in C)
        return set(map(fold, set(chain.from_iterable(map(pattern.findall, texts)))))
    return {
        w
        for t in texts
        for _, w in _apply_aliases([(0, fold(found)) for found in pattern.findall(t)], table)
    }


def _alias_table(aliases: Mapping[str, Iterable[str]], language: str) -> Aliases:
    def words(text: str) -> tuple[str, ...]:
        pieces = TOKEN.findall(text)
        return tuple(w for p in pieces if p[:1].isalnum() for w in folded_words(p, language))

    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for canonical, others in aliases.items():
        target = words(canonical)
        for other in others:
            if words(other):
                table[words(other)] = target
    sizes: dict[str, set[int]] = defaultdict(set)
    for run in table:
        sizes[run[0]].add(len(run))
    return Aliases(table, {w: tuple(sorted(n, reverse=True)) for w, n in sizes.items()})


def transliteration_key(name: str) -> str:
    """A spelling-insensitive key for a name (a word, no line break): y/j as i, kh as h,
    doubled letters single (each run of one letter kept once, by `groupby` in C: a
    regular expression with a back-reference took ~13,000 instructions a name)."""
    key = name.replace("kh", "h").replace("j", "i").replace("y", "i").replace("w", "v")
    return "".join([letter for letter, _ in groupby(key)])


def _name_variants(names: list[str], cutoff: int) -> dict[str, str]:
    """Map each name to the canonical spelling of its group of near-identical names."""
    if len(names) < 2:
        return {}
    keys = [transliteration_key(n) for n in names]
    parent = list(range(len(names)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for alike in _same_first_letter(keys):  # only such keys are ever joined
        for place, i in enumerate(alike[:-1]):
            later = alike[place + 1 :]
            choices = [keys[k] for k in later]
            for _, _, j in process.extract(
                keys[i], choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                parent[root(later[j])] = root(i)
    return {n: names[root(i)] for i, n in enumerate(names) if root(i) != i}


def _same_first_letter(keys: Sequence[str]) -> list[list[int]]:
    """The indices of `keys` (names' transliteration keys) by their first letter, in
    order: each name is compared with the later names of its letter only, not with all
    later names (rapidfuzz lists the matches of each in the same order either way: by
    score, then by index)."""
    alike: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        alike[key[:1]].append(i)
    return [indices for indices in alike.values() if len(indices) > 1]


@lru_cache(maxsize=1 << 17)
def _piece_words(piece: str, language: str) -> tuple[str, ...]:
    """folded_words of a word token, remembered (a pure function of its arguments: the
    same words recur in every story)."""
    return tuple(folded_words(piece, language))


@lru_cache(maxsize=1 << 17)
def plain_word(piece: str) -> str:
    """A word token folded, apostrophes dropped: as verbatim runs compare words."""
    return fold(piece).replace("'", "")


def _content_stems(words: Iterable[str], language: str) -> list[str]:
    """The stems of folded `words` of `language`, stop words dropped."""
    stems = map(_content_stem, words, repeat(language))
    return [stem for stem in stems if stem is not None]


@lru_cache(maxsize=1 << 17)
def _content_stem(word: str, language: str) -> str | None:
    """The stem of a folded word in `language`, or None for a stop word or a stem of
    one letter (remembered, like _piece_words)."""
    known = load_language(language)
    if word in known.stop_words:
        return None
    stem = stem_word(word, known)
    return stem if len(stem) > 1 or stem.isdigit() else None


@lru_cache(maxsize=1 << 16)
def remembered_stem(word: str, language: str) -> str:
    """stem_word of a folded word of language `language` (one of LANGUAGES), remembered:
    the story's capitalised words, stemmed for its names, and the words voice.py checks
    against the loaded words recur from story to story."""
    return stem_word(word, load_language(language))


def stem_word(word: str, language: Language) -> str:
    """The Snowball stem of a folded word (numbers stay as they are). Every caller
    remembers the stems it asks for (_content_stem, remembered_stem, _stems), so the
    stemmer keeps no cache of its own: PyStemmer's (a dict entry and a list per new word,
    sorted out when full) only cost each word's one call."""
    if word[:1].isdigit():
        return word
    stemmers = _STEMMERS.__dict__
    stemmer = stemmers.get(language.stemmer)
    if stemmer is None:  # a stemmer may not be shared between threads
        stemmer = stemmers[language.stemmer] = Stemmer.Stemmer(language.stemmer, 0)
    return stemmer.stemWord(word)


_STEMMERS = threading.local()
