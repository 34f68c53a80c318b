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
from site_builder.align.normalise import QUOTES, fold, term_head
from site_builder.model import (
    Alignment,
    Framing,
    Group,
    OutletFraming,
    PassageKey,
    Person,
    Span,
    Story,
    Token,
)

DISTINCTIVE_WORDS = 8
QUOTED_PEOPLE = 6
COMMON_RARITY = 2.0
"""Words more common than this (Zipf frequency over 6: "get", "make") never count as
distinctive: they set nothing apart."""
NAME_RARITY = 4.0
"""A person named by one word only must be this rare in the language ("Peskov", not
"Russian")."""
_REPORTING = (
    r"said|says|told|tells|stated|states|added|adds|noted|argued|claimed|declared|warned|"
    r"announced|wrote|writes|tweeted|insisted|explained|asked|replied|recalled|conceded"
)
_NAME_WORD = r"[A-Z][\w’'-]*[a-z][\w’'-]*"
_NAME = rf"(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})"
_NAME_AFTER = _NAME.replace("?P<name>", "?P<after>")
_NAME_CITED = _NAME.replace("?P<name>", "?P<cited>")
QUOTED = re.compile(
    rf"{_NAME}(?:,[^,.;]{{1,80}},)? (?:[a-z]+ )?(?:{_REPORTING})\b"  # X said; X, the envoy, said
    rf"|\b(?:{_REPORTING}) {_NAME_AFTER}\b"  # ..., said Peskov
    rf"|\baccording to (?:(?:the|a|an|[a-z]+) ){{0,4}}{_NAME_CITED}"  # according to analyst X
)
"""Where an article quotes or cites someone: the name before a verb of reporting (an
apposition between commas allowed), after one, or after "according to" and any
description."""
_ATTRIBUTION = re.compile(rf"\b(?:{_REPORTING}|according to)\b")
"""A cheap first look: only text with a verb of reporting can quote anyone."""
TITLES = frozenset(
    """
president vice prime minister foreign defense defence deputy secretary senator sen
representative rep congressman congresswoman governor gov mayor spokesman spokeswoman
spokesperson general gen chancellor chief mr mrs ms dr sheriff judge justice speaker
leader ambassador kremlin pentagon white house state department analyst political
military presidential advisor adviser former chechen ukrainian russian american us
""".split()
)
"""Words before a name that say who the person is, not what they are called."""


def frame_story(
    story: Story, alignment: Alignment, language: Language, loaded_words: Sequence[str]
) -> Framing:
    """The wording of every event member and each outlet's profile (see the module)."""
    words = tuple(dict.fromkeys((*loaded_words, *story.loaded_words)))
    pattern = loaded_pattern(words)
    spans = {}
    for group in (*alignment.groups, *alignment.related):
        spans.update(_group_spans(group, alignment.sentences, pattern))
    outlets = tuple(_outlet_framing(story, alignment, language, words, pattern))
    return Framing(spans=spans, outlets=outlets, loaded_words=words)


def _group_spans(
    group: Group,
    sentences: Mapping[PassageKey, tuple[tuple[Token, ...], ...]],
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
    """One regex that finds any of the loaded words (and their endings: regime, regimes)."""
    if not loaded_words:
        return None
    alternatives = "|".join(re.escape(fold(w)) for w in sorted(loaded_words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*")


def _loaded_positions(text: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(_fold_keeping_length(text))]


def _fold_keeping_length(text: str) -> str:
    """Quotes made plain and lower case, one character for one, so positions still fit."""
    return text.translate(QUOTES).lower()


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
    counts = {
        a.slug: Counter(
            t
            for p in a.passages
            for tokens in alignment.sentences[(a.slug, p.id)]
            for token in tokens
            for t in token.terms
            if _may_be_distinctive(t, alignment.surface, language)
        )
        for a in story.articles
    }
    scores = fightin_words(counts)
    strongest = max((z for ranked in scores.values() for _, z in ranked), default=1.0)
    heads = _name_heads(alignment)
    for article in story.articles:
        text = " ".join(p.text for p in article.passages)
        found = [text[a:b] for a, b in _loaded_positions(text, pattern)]
        loaded = {
            w: sum(_fold_keeping_length(f).startswith(fold(w)) for f in found) for w in loaded_words
        }
        yield OutletFraming(
            article=article.slug,
            distinctive=tuple(
                (alignment.surface.get(w, w), round(z / strongest, 2))
                for w, z in scores[article.slug][:DISTINCTIVE_WORDS]
            ),
            quoted=tuple(quoted_people((p.text for p in article.passages), heads, language)),
            loaded=tuple((w, n) for w, n in loaded.items() if n),
            covered=sum(
                1 for g in alignment.groups if any(m.article == article.slug for m in g.members)
            ),
        )


def _may_be_distinctive(term: str, surface: Mapping[str, str], language: Language) -> bool:
    """Whether a term may be shown as one of an outlet's distinctive words: not a
    number, not part of a longer name, not one of the language's commonest words."""
    if term[:1].isdigit() or " " in term:
        return False
    word = surface.get(term, term).lower()
    return word not in language.stop_words and language.rarity.of(word) >= COMMON_RARITY


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


def _name_heads(alignment: Alignment) -> dict[str, str]:
    """Each capitalised word of the story and the term of the person it names: the
    last word's own term, so "Peskov" and "Dmitry Peskov", "Medinski" and "Medinsky"
    name one person."""
    heads = {}
    for sentences in alignment.sentences.values():
        for tokens in sentences:
            for token in tokens:
                if token.terms and token.text[:1].isupper():
                    heads[_bare(token.text)] = term_head(token.terms[0])
    return heads


def quoted_people(
    texts: Iterable[str], heads: Mapping[str, str], language: Language
) -> list[Person]:
    """The people an article quotes or cites (see QUOTED), most often first: one entry
    per person, under the fullest form of the name the article uses."""
    found: Counter = Counter()
    forms: dict[str, str] = {}
    for text in texts:
        if not _ATTRIBUTION.search(text):
            continue  # the full pattern is slow; most passages quote nobody
        for match in QUOTED.finditer(text):
            words = _name_words(next(g for g in match.groups() if g), language)
            if not words:
                continue
            key = heads.get(words[-1], fold(words[-1]))
            found[key] += 1
            name = " ".join(words)
            if len(name) > len(forms.get(key, "")):
                forms[key] = name
    ranked = sorted(found.items(), key=lambda kn: (-kn[1], forms[kn[0]]))
    return [Person(forms[key], n) for key, n in ranked[:QUOTED_PEOPLE]]


def _name_words(name: str, language: Language) -> list[str]:
    """The words of a matched name that are the name: titles and descriptions before
    it dropped, and nothing that is a common word ("Saying", "Russian officials")."""
    words = [_bare(w) for w in name.split()]
    while words and fold(words[0]).rstrip(".") in TITLES:
        words = words[1:]
    if not words or any(fold(w) in language.stop_words for w in words):
        return []
    rarities = [language.rarity.of(fold(w)) for w in words]
    if len(words) == 1 and rarities[0] < NAME_RARITY:
        return []
    if any(r < 2.5 for r in rarities):  # "Saying", "Progressivism, Saying President"
        return []
    return words


def _bare(word: str) -> str:
    """A word without a possessive ending ("Russia's" -> "Russia")."""
    return re.sub(r"['’]s?$", "", word)
