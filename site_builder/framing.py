"""Frame step: how each outlet words what it shares with the others.

For every aligned row: which words of a passage it shares with its counterparts and
which only it uses (a word-level diff on normalised terms), which sentences carry the
event, and which loaded words it uses. For every outlet: the words that most set its
coverage apart (weighted log-odds with an informative Dirichlet prior, Monroe et al.
2008), the people it quotes or cites, and how many of the story's events it covers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from rapidfuzz.distance import Indel

from site_builder.align import surface_forms
from site_builder.align.language import load_language
from site_builder.align.normalise import QUOTES, Normaliser, fold, make_normaliser
from site_builder.config import AlignmentConfig
from site_builder.model import Alignment, Framing, OutletFraming, Span, Story

DISTINCTIVE_WORDS = 8
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,]\d+)*|\s+|[^\w\s]", re.U)
_SPEECH_VERB = r"(?:said|says|told|stated|added|noted|argued|claimed|declared|warned|announced)"
_NAME = r"((?:[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s){0,2}[A-Z][a-z]+)"
_QUOTED_NAME = re.compile(
    rf"{_NAME},?\s+(?:[a-z]+\s+)?{_SPEECH_VERB}\b|"
    rf"{_SPEECH_VERB}\s+{_NAME}\b|according to\s+(?:the\s+)?{_NAME}"
)
NAME_RARITY = 4.0
"""A one-word quoted name must be rarer in the language than this (see language.Rarity)."""
TITLES = frozenset(
    """
the a an president vice prime minister foreign defense defence deputy secretary senator sen
representative rep governor gov mayor spokesman spokeswoman spokesperson general gen
chancellor chief mr mrs ms dr kremlin pentagon white house state department analyst leader
""".split()
)


def frame_story(
    story: Story, alignment: Alignment, settings: AlignmentConfig, loaded_words: Sequence[str]
) -> Framing:
    """Compute the wording differences of every aligned row and each outlet's profile."""
    texts = [p.text for a in story.articles for p in a.passages]
    normaliser = make_normaliser(texts, settings.aliases, settings.fuzzy_names)
    words = tuple(dict.fromkeys((*loaded_words, *story.loaded_words)))
    pattern = loaded_pattern(words)
    spans: dict[tuple[str, str, str], tuple[Span, ...]] = {}
    for group in alignment.groups:
        sequences = {
            m.article: _event_terms(story, m.article, m.passage, m.sentences, normaliser)
            for m in group.members
        }
        for member in group.members:
            others = [seq for article, seq in sequences.items() if article != member.article]
            shared = shared_terms(sequences[member.article], others)
            passage = story.article(member.article).passage(member.passage)
            spans[(group.id, member.article, member.passage)] = tuple(
                passage_spans(passage.sentences, member.sentences, shared, normaliser, pattern)
            )
    surface = surface_forms(texts, normaliser, settings.aliases)
    outlets = tuple(_outlet_framing(story, alignment, normaliser, words, pattern, surface))
    return Framing(spans=spans, outlets=outlets, loaded_words=words)


def _event_terms(
    story: Story, article: str, passage: str, sentences: Sequence[int], normaliser: Normaliser
) -> list[str]:
    text = story.article(article).passage(passage).sentences
    return [t for i in sentences for t in normaliser.terms(text[i])]


def shared_terms(mine: list[str], others: list[list[str]]) -> set[str]:
    """Terms of `mine` that a word-level diff finds in an equal run with any counterpart."""
    shared: set[str] = set()
    for other in others:
        for op in Indel.opcodes(mine, other):
            if op.tag == "equal":
                shared.update(mine[op.src_start : op.src_end])
        shared.update(set(mine) & set(other))
    return shared


Piece = tuple[str, bool, bool, bool, bool]
"""A Span's fields as a tuple: cheap to make for every word before neighbours merge."""


def passage_spans(
    sentences: Sequence[str],
    event: Sequence[int],
    shared: set[str],
    normaliser: Normaliser,
    loaded: re.Pattern | None,
) -> list[Span]:
    """The passage as spans: event sentences marked, content words shared or own."""
    pieces: list[Piece] = []
    for index, sentence in enumerate(sentences):
        if pieces:
            pieces.append((" ", False, False, False, False))
        loaded_at = _loaded_positions(sentence, loaded)
        if index not in event:
            pieces.extend(_loaded_pieces(sentence, loaded_at))
            continue
        position = 0
        for token in _TOKEN.findall(sentence):
            start, position = position, position + len(token)
            term = normaliser.word_term(token)
            pieces.append(
                (
                    token,
                    term is not None and term in shared,
                    term is not None and term not in shared,
                    any(a <= start < b for a, b in loaded_at) if loaded_at else False,
                    True,
                )
            )
    return _merged(pieces)


def _loaded_pieces(sentence: str, loaded_at: list[tuple[int, int]]) -> list[Piece]:
    """A sentence outside the event: plain, but for its loaded words."""
    pieces: list[Piece] = []
    position = 0
    for start, end in sorted(loaded_at):
        if start < position:
            continue
        if start > position:
            pieces.append((sentence[position:start], False, False, False, False))
        pieces.append((sentence[start:end], False, False, True, False))
        position = end
    if position < len(sentence):
        pieces.append((sentence[position:], False, False, False, False))
    return pieces


def loaded_pattern(loaded_words: Sequence[str]) -> re.Pattern | None:
    """One regex that finds any of the loaded words (and their endings: regime, regimes)."""
    if not loaded_words:
        return None
    alternatives = "|".join(re.escape(fold(w)) for w in sorted(loaded_words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*")


def _loaded_positions(sentence: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(_fold_keeping_length(sentence))]


def _fold_keeping_length(text: str) -> str:
    """Quotes made plain and lower case, one character for one, so positions still fit."""
    return text.translate(QUOTES).lower()


def _merged(pieces: list[Piece]) -> list[Span]:
    """Join neighbouring pieces that look the same, so the page has fewer elements: a
    piece joins the run before it if both have the same marks and neither is loaded,
    or if it is plain white space after a run that is not loaded."""
    spans: list[Span] = []
    texts: list[str] = []
    look: tuple[bool, bool, bool, bool] | None = None
    for text, shared, own, loaded, event in pieces:
        if (
            look is not None
            and event == look[3]
            and not (loaded or look[2])
            and ((shared, own) == look[:2] or (not (shared or own) and not text.strip()))
        ):
            texts.append(text)
            continue
        if look is not None:
            spans.append(Span("".join(texts), *look))
        texts, look = [text], (shared, own, loaded, event)
    if look is not None:
        spans.append(Span("".join(texts), *look))
    return spans


def _outlet_framing(
    story: Story,
    alignment: Alignment,
    normaliser: Normaliser,
    loaded_words: Sequence[str],
    pattern: re.Pattern | None,
    surface: dict[str, str],
) -> Iterator[OutletFraming]:
    counts = {
        a.slug: Counter(t for p in a.passages for s in p.sentences for t in normaliser.terms(s))
        for a in story.articles
    }
    scores = fightin_words(counts)
    for article in story.articles:
        text = " ".join(p.text for p in article.passages)
        found = [text[a:b] for a, b in _loaded_positions(text, pattern)]
        loaded = Counter(
            {
                w: sum(_fold_keeping_length(f).startswith(fold(w)) for f in found)
                for w in loaded_words
            }
        )
        yield OutletFraming(
            article=article.slug,
            distinctive=tuple(
                (surface.get(w, w), z) for w, z in scores[article.slug][:DISTINCTIVE_WORDS]
            ),
            quoted=tuple(quoted_people(text).most_common(6)),
            loaded=tuple((w, n) for w, n in loaded.items() if n),
            covered=sum(
                1 for g in alignment.groups if any(m.article == article.slug for m in g.members)
            ),
        )


def fightin_words(
    counts: dict[str, Counter], prior_scale: float = 0.01
) -> dict[str, list[tuple[str, float]]]:
    """Per outlet, terms ranked by z-scored log-odds against all the other outlets.

    Weighted log-odds ratio with an informative Dirichlet prior from the whole story
    (Monroe, Colaresi & Quinn 2008): frequent words do not win by frequency alone and
    rare words do not win by noise.
    """
    total = Counter()
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


def quoted_people(text: str) -> Counter:
    """Names that stand before 'said', 'told' and the like, or after 'according to'.

    Titles are dropped ("President Volodymyr Zelensky" -> "Volodymyr Zelensky"), and a
    one-word name must not be a common word ("Russian officials said" names nobody).
    """
    found: Counter = Counter()
    for match in _QUOTED_NAME.finditer(text):
        words = next(g for g in match.groups() if g).split()
        while words and words[0].rstrip(".").lower() in TITLES:
            words = words[1:]
        if len(words) == 1 and load_language("en").rarity.of(words[0].lower()) < NAME_RARITY:
            continue
        if words:
            found[" ".join(words)] += 1
    return found
