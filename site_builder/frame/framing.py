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
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache, partial
from itertools import accumulate, chain

from site_builder.align.language import LANGUAGES, SPECIFIC_RARITY, Language, load_language
from site_builder.align.voice import (
    LoadedWords,
    in_ranges,
    opens_quotation,
    quotations,
    quoted_ranges,
)
from site_builder.core.language_pack import pack_for
from site_builder.core.model import (
    Absence,
    Alignment,
    DistinctiveWord,
    Framing,
    Group,
    LoadedUse,
    OutletFraming,
    PassageKey,
    Sentences,
    Span,
    SpansOnDemand,
    Story,
    Token,
)
from site_builder.frame.people import PARTY_AND_STATE, Names, has_digit, people_by_article

DISTINCTIVE_WORDS = 8
PRIOR_SCALE = 0.1
"""The informative Dirichlet prior of the log-odds: each word's count in the whole story
times this (alpha_0 is a tenth of the story's words). Weaker, and a word no other outlet
uses could never reach significance however often one outlet uses it; stronger, and
only the story's commonest words could."""
SIGNIFICANT_Z = 1.96
"""A word is distinctive of an outlet only where its z-score reaches this (p < 0.05,
two-sided): below it, the difference may be chance."""
RELATED_SHOWN = 50
"""How many related groups the pages show (the strongest): a story of thousands of
passages has tens of thousands of loose links, which no reader goes through."""
COMMON_RARITY = 2.8
"""Words more common than this (Zipf frequency over 5.2: "get", "including", "city",
"government") never count as distinctive: they set nothing apart."""


def frame_story(
    story: Story, alignment: Alignment, language: Language, loaded_words: Sequence[str]
) -> Framing:
    """The wording of every event member (of every group, and of the related groups the
    pages show, kept as Framing.related, whose spans are made when a page first asks for
    one of them) and each outlet's profile (see the module)."""
    words = tuple(dict.fromkeys((*loaded_words, *story.loaded_words)))
    loaded = LoadedWords(words, language)
    related = shown_related(alignment)
    sentences = alignment.sentences
    made = new_spans_made()  # shared by the story's passages
    told = {g.id: event_terms(g, sentences) for g in alignment.groups}  # (and absences)
    texts = sentence_texts(story)
    spans = SpansOnDemand(
        {
            g.id: _group_spans(g, sentences, loaded, made, told[g.id], texts)
            for g in alignment.groups
        },
        {g.id: partial(_group_spans, g, sentences, loaded, made, texts=texts) for g in related},
    )  # a related group's when a page asks for them: the default theme shows none
    outlets = tuple(_outlet_framing(story, alignment, language, loaded, told, texts))
    return Framing(spans=spans, outlets=outlets, loaded_words=words, related=related)


def event_terms(group: Group, sentences: Sentences) -> list[set[str]]:
    """The terms of each member's event sentences, in the group's order of members: what
    both its spans (shared or own words) and its specific things (absences) compare."""
    return [
        {
            t
            for i in m.sentences
            for token in sentences[(m.article, m.passage)][i]
            for t in token.terms
        }
        for m in group.members
    ]


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
    loaded: LoadedWords | None,
    made: SpansMade | None = None,
    told: Sequence[set[str]] | None = None,
    texts: Mapping[PassageKey, Sequence[str]] | None = None,
) -> dict[tuple[str, str, str], tuple[Span, ...]]:
    """Each member's passage as spans: its event sentences, with the words it shares
    with the other members' event sentences and those only it uses. `made`: the spans
    the story has made so far (see passage_spans); `told`: event_terms of the group,
    and `texts`: sentence_texts of the story, where the caller has them."""
    if told is None:
        told = event_terms(group, sentences)
    terms = {m.article: found for m, found in zip(group.members, told)}
    made = new_spans_made() if made is None else made
    result = {}
    for member in group.members:
        others = set().union(*(t for a, t in terms.items() if a != member.article))
        result[(group.id, member.article, member.passage)] = tuple(
            passage_spans(
                sentences[(member.article, member.passage)],
                set(member.sentences),
                terms[member.article] & others,
                loaded,
                made,
                texts.get((member.article, member.passage)) if texts is not None else None,
            )
        )
    return result


SHARED, OWN, LOADED, EVENT = 1, 2, 4, 8
"""A Span's marks as the bits of one small number (a piece's `mark`, cheap to compare for
every word before neighbours merge): shared, own, loaded, event."""
_PLAIN = 0
_EVENT = EVENT
"""An event sentence's white space, punctuation and stop words."""
_SHARED = SHARED | EVENT
_OWN = OWN | EVENT
_FLAGS = tuple(
    (bool(m & SHARED), bool(m & OWN), bool(m & LOADED), bool(m & EVENT)) for m in range(16)
)
"""Span's shared, own, loaded and event for each mark."""
SpansMade = list[dict[str, Span]]
"""The spans a story's passages have made so far, by mark then text: a span is a frozen
value, and half of a story's (" ", ", ", " of the ") are made again and again."""


def new_spans_made() -> SpansMade:
    """No spans made yet (see SpansMade)."""
    return [{} for _ in _FLAGS]


def passage_spans(
    sentences: Sequence[Sequence[Token]],
    event: set[int],
    shared: set[str],
    loaded: LoadedWords | None,
    made: SpansMade | None = None,
    written: Sequence[str] | None = None,
) -> list[Span]:
    """The passage as spans: event sentences marked, their words shared or own, loaded
    words marked everywhere. White space after a word is never part of its mark.
    `made`: spans made before, reused where one is the same (see SpansMade); `written`:
    the sentences' texts (their tokens joined), where the caller has them."""
    texts: list[str] = []
    marks: list[int] = []
    finds = loaded is not None and bool(loaded.words)
    if written is not None and len(written) != len(sentences):
        written = None
    for index, tokens in enumerate(sentences):
        if texts:
            texts.append(" ")
            marks.append(_PLAIN)
        in_event = index in event
        if not finds and in_event:
            text = ""  # (not needed: an event sentence is read token by token)
        elif written is not None:
            text = written[index]
        else:
            text = "".join([t.text for t in tokens])
        loaded_at = _loaded_positions(text, loaded) if finds else []
        if not in_event and not loaded_at:  # a sentence shown as it is: one piece
            texts.append(text)
            marks.append(_PLAIN)
        elif not loaded_at:  # an event sentence: each word shared or own
            _event_pieces(tokens, shared, texts, marks)
        else:
            _loaded_pieces(tokens, in_event, shared, loaded_at, texts, marks)
    return _merged(texts, marks, new_spans_made() if made is None else made)


def _loaded_positions(text: str, loaded: LoadedWords | None) -> list[tuple[int, int]]:
    if loaded is None:
        return []
    return [(hit.start, hit.end) for hit in loaded.find(text)]


def _event_pieces(
    tokens: Sequence[Token], shared: set[str], texts: list[str], marks: list[int]
) -> None:
    """Add an event sentence's tokens (no loaded word in it) to `texts` and `marks`,
    its words shared (a term in `shared`) or own, the space between two words of one
    mark given their mark."""
    disjoint = shared.isdisjoint
    for token in tokens:
        terms = token.terms
        if not terms:
            texts.append(token.text)
            marks.append(_EVENT)
            continue
        mark = _OWN if disjoint(terms) else _SHARED
        if len(marks) > 1 and marks[-1] == _EVENT and marks[-2] == mark and texts[-1].isspace():
            marks[-1] = mark  # (a word before it in this sentence: only they have its mark)
        texts.append(token.text)
        marks.append(mark)


def _loaded_pieces(
    tokens: Sequence[Token],
    in_event: bool,
    shared: set[str],
    loaded_at: list[tuple[int, int]],
    texts: list[str],
    marks: list[int],
) -> None:
    """Add a sentence's tokens with loaded words (at `loaded_at`) to `texts` and
    `marks`, each token its own piece, its words shared or own if it is an event
    sentence; the spaces between two words of one mark then given that mark."""
    first = len(texts)
    position = 0
    for token in tokens:
        start, position = position, position + len(token.text)
        is_word = bool(token.terms) and in_event
        mine = is_word and not shared.isdisjoint(token.terms)
        texts.append(token.text)
        marks.append(
            (SHARED if mine else 0)
            | (OWN if is_word and not mine else 0)
            | (LOADED if any(a <= start < b for a, b in loaded_at) else 0)
            | (EVENT if in_event else 0)
        )
    for i in range(first + 1, len(texts) - 1):
        before = marks[i - 1]
        if (
            before & (SHARED | OWN)
            and not before & LOADED
            and before == marks[i + 1]
            and marks[i] & EVENT == before & EVENT
            and texts[i].isspace()
        ):
            marks[i] = before


def _merged(texts: list[str], marks: list[int], made: SpansMade) -> list[Span]:
    """Join neighbouring pieces (`texts`, each with its `marks`) that look the same, so
    the page has fewer elements; loaded words stay apart. (A space between two words of
    the same mark has their mark already, one after the last word of a mark has not:
    underlines never run into the next word.)"""
    spans: list[Span] = []
    run: list[str] = []
    look = -1
    for text, mark in zip(texts, marks):
        if mark == look and not mark & LOADED:
            run.append(text)
            continue
        if look >= 0:
            spans.append(_span("".join(run), look, made))
        run, look = [text], mark
    if look >= 0:
        spans.append(_span("".join(run), look, made))
    return spans


def _span(text: str, mark: int, made: SpansMade) -> Span:
    """The Span of `text` with `mark`, the one made before if there is one."""
    same = made[mark]
    span = same.get(text)
    if span is None:
        span = same[text] = Span(text, *_FLAGS[mark])
    return span


def _outlet_framing(
    story: Story,
    alignment: Alignment,
    language: Language,
    loaded: LoadedWords,
    told: Mapping[str, Sequence[set[str]]] | None = None,
    texts: Mapping[PassageKey, Sequence[str]] | None = None,
) -> Iterator[OutletFraming]:
    """Each article's framing in story order (see OutletFraming): its distinctive words,
    the people it quotes, its loaded words, the events it reports and those it is
    absent from."""
    allowed = distinctive_candidates(alignment.weights, alignment.surface, language)
    if texts is None:
        texts = sentence_texts(story)
    passage_terms, own_terms = passage_and_own_terms(alignment, texts)  # read once
    counts = {  # (counted in C: the allowed of the article's terms in order)
        a.slug: Counter(
            filter(
                allowed.__contains__,
                chain.from_iterable(own_terms[(a.slug, p.id)] for p in a.passages),
            )
        )
        for a in story.articles
    }
    scores = fightin_words(counts)
    strongest = max((z for ranked in scores.values() for _, z in ranked), default=1.0)
    people = people_by_article(
        {a.slug: [(p.id, p.text) for p in a.passages] for a in story.articles},
        Names(alignment, language, texts),
    )
    covered = Counter(m.article for g in alignment.groups for m in g.members)
    absent = absences(story, alignment, language, passage_terms, told)
    for article in story.articles:
        yield OutletFraming(
            article=article.slug,
            distinctive=tuple(
                DistinctiveWord(
                    word=alignment.surface.get(w, w),
                    z=z,
                    strength=round(z / strongest, 2),
                    count=counts[article.slug][w],
                    others=tuple(
                        (a.slug, counts[a.slug][w]) for a in story.articles if a is not article
                    ),
                )
                for w, z in scores[article.slug][:DISTINCTIVE_WORDS]
            ),
            quoted=people[article.slug],
            loaded=loaded_uses(article.slug, story, alignment.sentences, loaded),
            covered=covered[article.slug],
            absences=absent.get(article.slug, ()),
        )


def loaded_uses(
    slug: str, story: Story, sentences: Sentences, loaded: LoadedWords
) -> tuple[LoadedUse, ...]:
    """The loaded words an article uses, each with its voice (own, or quoted: in
    quotation marks or attributed to a speaker by the words of the article's language,
    see voice.py), count and passages."""
    if not loaded.words:
        return ()  # (no sentence's text to make)
    found: dict[tuple[str, str], list[str]] = {}
    language = story.language_of(slug)  # "selon X" tells in French, "laut X" in German
    for passage in story.article(slug).passages:
        texts = ["".join([t.text for t in tokens]) for tokens in sentences[(slug, passage.id)]]
        hits = [loaded.find(text) for text in texts]
        if not any(hits):
            continue  # whose voice a passage speaks in matters only where it has one
        for found_here, ranges in zip(hits, quoted_ranges(texts, language)):
            for hit in found_here:
                voice = "quoted" if in_ranges(hit.start, ranges) else "own"
                found.setdefault((hit.word, voice), []).append(passage.id)
    order = {w: i for i, w in enumerate(loaded.words)}
    return tuple(
        LoadedUse(word, voice, len(ids), tuple(dict.fromkeys(ids)))
        for (word, voice), ids in sorted(
            found.items(), key=lambda kv: (kv[0][1] != "own", order[kv[0][0]])
        )
    )


def terms_by_passage(alignment: Alignment) -> dict[PassageKey, list[str]]:
    """Each passage's terms, in the order its sentences' tokens give them: what both the
    outlets' word counts and the absences read of a passage."""
    return {
        key: [t for tokens in sentences for token in tokens for t in token.terms]
        for key, sentences in alignment.sentences.items()
    }


def sentence_texts(story: Story) -> dict[PassageKey, tuple[str, ...]]:
    """Each passage's sentences as text, keyed as Alignment.sentences is: the texts the
    aligner cut into its tokens (a sentence's tokens, joined, are its text), so that
    framing asks a question of a whole sentence in C instead of one of each token."""
    return {(a.slug, p.id): p.sentences for a in story.articles for p in a.passages}


def own_words_terms(
    alignment: Alignment, texts: Mapping[PassageKey, Sequence[str]] | None = None
) -> dict[PassageKey, list[str]]:
    """Each passage's terms in the outlet's own words, which its distinctive words are
    counted from: none in quotation marks (the speaker's words: the Russian independent
    outlet's «peace party» made "peace" its word) and, of a word that starts a name of
    several words, only the name ("Armed" of "Armed Forces", "Fox" of "Fox News" name
    something, they frame nothing; a name of several words is never distinctive).
    `texts`: sentence_texts, where the caller has them."""
    return passage_and_own_terms(alignment, texts)[1]


def passage_and_own_terms(
    alignment: Alignment, texts: Mapping[PassageKey, Sequence[str]] | None = None
) -> tuple[dict[PassageKey, list[str]], dict[PassageKey, list[str]]]:
    """terms_by_passage and own_words_terms at once, from each sentence's terms read
    once: a sentence with no quotation mark (told by its text, `texts` where the caller
    has sentence_texts) and no name of several words has them all as own words, taken
    whole; only the others are looked at token by token. (A passage's lists may be one
    list: neither is changed.)"""
    terms: dict[PassageKey, list[str]] = {}
    own: dict[PassageKey, list[str]] = {}
    for key, sentences in alignment.sentences.items():
        found = [[t for token in tokens for t in token.terms] for tokens in sentences]
        whole = found[0] if len(found) == 1 else list(chain.from_iterable(found))
        terms[key] = whole
        written = texts.get(key) if texts is not None else None
        if written is None or len(written) != len(sentences):
            written = ["".join([token.text for token in tokens]) for tokens in sentences]
        elif not opens_quotation(" ".join(written)) and " " not in "|".join(whole):
            own[key] = whole  # (a fifth of the passages: nothing to leave out)
            continue
        own[key] = _own_words(sentences, written, found)
    return terms, own


def _own_words(
    sentences: Sequence[Sequence[Token]], texts: Sequence[str], terms: Sequence[list[str]]
) -> list[str]:
    """A passage's own words (see own_words_terms) from its `sentences`, their `texts`
    and their `terms`, in order."""
    found: list[str] = []
    open_mark = ""
    for tokens, text, sentence_terms in zip(sentences, texts, terms):
        ranges, open_mark = quotations(text, open_mark)
        if not ranges:
            found += sentence_terms if " " not in "|".join(sentence_terms) else _names(tokens)
            continue
        token_texts = [token.text for token in tokens]
        for start, end in _unquoted_slices(token_texts, ranges):
            found += _own_terms(tokens[start:end])
    return found


def _own_terms(tokens: Sequence[Token]) -> list[str]:
    """The terms of tokens as own words (_names), each token looked at only where one
    of their terms is a name of several words."""
    found = [term for token in tokens for term in token.terms]
    return found if " " not in "|".join(found) else _names(tokens)


def _names(tokens: Sequence[Token]) -> list[str]:
    """The terms of tokens as own words: each token's terms, but of a word that starts
    a name of several words only the name (see _names_of)."""
    return [
        term
        for token in tokens
        for term in (token.terms if len(token.terms) < 2 else _names_of(token.terms))
    ]


def _unquoted_slices(
    texts: Sequence[str], ranges: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The (start, end) indexes of the runs of tokens (their `texts`) outside the
    quoted `ranges` of their sentence's characters: a token is inside a range where its
    first character is."""
    if not ranges:
        return [(0, len(texts))]
    starts = list(accumulate(map(len, texts), initial=0))
    slices, after = [], 0
    for begin, end in ranges:
        slices.append((after, bisect_left(starts, begin, 0, len(texts))))
        after = bisect_left(starts, end, 0, len(texts))
    slices.append((after, len(texts)))
    return slices


def _names_of(terms: Sequence[str]) -> Sequence[str]:
    """A word's terms as an outlet's own words count them: only the names of several
    words where it starts one, else all of them."""
    return [term for term in terms if " " in term] or terms


def absences(
    story: Story,
    alignment: Alignment,
    language: Language,
    passage_terms: Mapping[PassageKey, Iterable[str]] | None = None,
    told: Mapping[str, Sequence[set[str]]] | None = None,
) -> dict[str, tuple[Absence, ...]]:
    """Per article, the events (groups) every other article reports and it is not
    linked to: 'leaves-out' only when none of its passages is in a group or related
    group sharing a passage with the event, nor has one of the specific things any of
    the event's members tells it with (see specific_terms; an event needs
    SHARED_SPECIFIC that two members share); else 'not-linked', naming the passages
    that might report it: those linked near it or with a specific thing two members
    share, else those with one member's.
    Said only of stories of three or more articles (with two, "every other" is one).
    `passage_terms`: each passage's terms, and `told`: each group's event_terms by its
    id, where the caller has them already."""
    articles = [a.slug for a in story.articles]
    if len(articles) < 3:
        return {}
    result: dict[str, list[Absence]] = {}
    tiers = (*alignment.groups, *alignment.related)
    if passage_terms is None:
        passage_terms = terms_by_passage(alignment)
    terms = {key: set(found) for key, found in passage_terms.items()}
    spread = Counter(chain.from_iterable(terms.values()))
    tiers_at = _tiers_by_passage(tiers)
    passages_of: dict[str, tuple] = {}
    for article in story.articles:  # the first of a slug, as story.article gives it
        passages_of.setdefault(article.slug, article.passages)
    for group in alignment.groups:
        reporting = {m.article for m in group.members}
        if len(reporting) != len(articles) - 1:
            continue
        [missing] = set(articles) - reporting
        linked = {i for m in group.members for i in tiers_at[(m.article, m.passage)]}
        near = [  # the missing outlet's passages in a tier sharing a passage with it
            m.passage for i in sorted(linked) for m in tiers[i].members if m.article == missing
        ]
        member_terms = told.get(group.id) if told is not None else None
        specific = specific_terms(group, alignment, language, spread, told=member_terms)
        own = passages_of[missing]
        sharing = [p.id for p in own if not terms[(missing, p.id)].isdisjoint(specific)]
        if not near and not sharing:  # the passages with one member's specific things
            telling = specific_terms(
                group, alignment, language, spread, shared=1, told=member_terms
            )
            sharing = [p.id for p in own if not terms[(missing, p.id)].isdisjoint(telling)]
        passages = tuple(dict.fromkeys((*near, *sharing)))
        clear = len(specific) >= SHARED_SPECIFIC  # else too little to tell it is absent
        kind = "leaves-out" if clear and not passages else "not-linked"
        result.setdefault(missing, []).append(Absence(group.id, kind, passages))
    return {slug: tuple(found) for slug, found in result.items()}


def _tiers_by_passage(tiers: Sequence[Group]) -> dict[PassageKey, list[int]]:
    """Where each passage is a member: the places in `tiers` of the groups it is in, in
    order (so a group's neighbours are found without going through every tier)."""
    places: dict[PassageKey, list[int]] = {}
    for place, group in enumerate(tiers):
        for m in group.members:
            places.setdefault((m.article, m.passage), []).append(place)
    return places


SHARED_SPECIFIC = 2
"""An event with fewer specific things than this is not said to be left out by anyone:
that none of an outlet's passages shares one specific word tells too little."""
STORY_WIDE = 0.25
"""A term in more than this share of the story's passages (the story's protagonist, its
place) is the story's common ground, not one event's specific thing."""


def specific_terms(
    group: Group,
    alignment: Alignment,
    language: Language,
    spread: Mapping[str, int],
    shared: int = 2,
    told: Sequence[set[str]] | None = None,
) -> set[str]:
    """The event's specific things: the terms `shared` or more of its members use in the
    sentences that report it that are rare in the language (names, numbers, uncommon
    words) and not the story's common ground (see STORY_WIDE; `spread`: in how many of
    the story's passages each term is). A passage of an outlet that has one of them may
    report the event though nothing links it there (measured on the gold stories, asking
    for half of them left 14 of 39 "leaves out" claims false, asking for one 4 of 22;
    eighth round, 40 gold stories: with `shared` 2, 15 of 66 false; with 1, 0 of 12;
    docs/alignment.md). `told`: the group's event_terms, where the caller has them."""
    per_member = event_terms(group, alignment.sentences) if told is None else told
    seen = Counter(t for terms in per_member for t in terms)
    most = max(2.0, STORY_WIDE * len(alignment.sentences))
    return {
        t
        for t, n in seen.items()
        if n >= shared
        and spread.get(t, 0) <= most
        and (
            t[:1].isdigit()
            or " " in t
            or language.rarity.of(alignment.surface.get(t, t).lower()) >= SPECIFIC_RARITY
        )
    }


def distinctive_candidates(
    terms: Iterable[str], surface: Mapping[str, str], language: Language
) -> set[str]:
    """The `terms` that may be shown as one of an outlet's distinctive words: not a
    number, not part of a longer name, not one of the language's commonest words (nor a
    stop word, a word of time, a title such as "Rep" or a party and state such as
    "D-Mass")."""
    code = language.code
    time_words = pack_for(code).framing.time_words
    titles = pack_for(code).framing.titles  # "Rep", "Sen": a name's title frames nothing
    loaded = code in LANGUAGES and load_language(code) is language
    judged = _judged_words(code, time_words, titles) if loaded else {}
    allowed = set()
    for term in terms:
        if (term and term[0].isdigit()) or " " in term:  # (term[:1], without a slice)
            continue
        written = surface.get(term, term)
        word = written.lower()
        may = judged.get(word)
        if may is None:
            may = (
                word not in time_words
                and word.rstrip(".") not in titles
                and _distinctive_word(word, language)
            )
            if len(judged) < JUDGED_WORDS:
                judged[word] = may
        if may and not (written[1:2] == "-" and PARTY_AND_STATE.match(written)):
            allowed.add(term)  # nor "D-Mass": a party and a state
    return allowed


JUDGED_WORDS = 1 << 17
"""How many words' judgement (_judged_words) a process keeps, per language."""


@cache
def _judged_words(code: str, time_words: frozenset[str], titles: frozenset[str]) -> dict[str, bool]:
    """Whether each (lower-case) word may be distinctive in the language of `code` as
    load_language gives it, with its pack's `time_words` and `titles` (a site's pack may
    change them), as distinctive_candidates judged it (not a word of time nor a title,
    _distinctive_word), kept for the process: most of a story's words are in other
    stories too, and a dict's look-up is cheaper than a remembered call's."""
    return {}


def _distinctive_word(word: str, language: Language) -> bool:
    """Whether a (lower-case) word may be distinctive as far as `language` tells: not a
    stop word, not one of its commonest words, no digit in it."""
    return (
        word not in language.stop_words
        and language.rarity.of(word) >= COMMON_RARITY
        and not has_digit(word)
    )


def fightin_words(
    counts: dict[str, Counter], prior_scale: float = PRIOR_SCALE
) -> dict[str, list[tuple[str, float]]]:
    """Per outlet, the terms it uses significantly more often than all the other
    outlets together (z >= SIGNIFICANT_Z), ranked by z-scored log-odds.

    Weighted log-odds ratio with an informative Dirichlet prior from the whole story
    (Monroe, Colaresi & Quinn 2008): frequent words do not win by frequency alone and
    rare words do not win by noise.
    """
    total: Counter = Counter()
    for c in counts.values():
        total.update(c)
    grand = sum(total.values())
    a0 = prior_scale * grand
    alpha = {w: prior_scale * n for w, n in total.items()}
    result = {}
    for outlet, mine in counts.items():
        n_i = sum(mine.values())
        n_j = grand - n_i  # the other outlets' words: no Counter of them per outlet, whose
        ranked = []  # making would go over the whole story's words once per outlet
        for word, count in mine.items():
            if count < 2:
                continue
            a = alpha[word]
            rest = total[word] - count
            delta = math.log((count + a) / (n_i + a0 - count - a)) - math.log(
                (rest + a) / (n_j + a0 - rest - a)
            )
            variance = 1 / (count + a) + 1 / (rest + a)
            ranked.append((word, round(delta / math.sqrt(variance), 2)))
        ranked.sort(key=lambda wz: (-wz[1], wz[0]))
        result[outlet] = [(w, z) for w, z in ranked if z >= SIGNIFICANT_Z]
    return result
