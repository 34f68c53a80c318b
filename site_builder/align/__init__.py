"""Align step: a Story -> an Alignment (groups of passages that report the same event).

normalise (tokens and terms) -> similarity (sentence links and their evidence) -> time
(links between articles about different times need an explicit reference) -> cluster
(events) -> label. Links the aligner is sure of make the `groups` a reader follows as
"also in"; weaker ones make `related` groups, shown apart. The editor's overrides win:
pairs kept apart never link, pairs linked always share a group, labels replace the
generated ones.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from site_builder.align.cluster import (
    Event,
    PassageTerms,
    events_from_links,
    link_passages,
    merged_events,
)
from site_builder.align.dated import REASON as DATED
from site_builder.align.dated import dated_links
from site_builder.align.found import found_reasons
from site_builder.align.generic import GENERIC_PASSAGES, GenericEvidence
from site_builder.align.language import SPECIFIC_RARITY, Language, load_language
from site_builder.align.names import names_alone
from site_builder.align.normalise import (
    Normaliser,
    make_normaliser,
    plain_word,
    stem_word,
    term_head,
)
from site_builder.align.order import ordered_links
from site_builder.align.references import referenced_periods
from site_builder.align.rows import quoted_pairs, shown_rows
from site_builder.align.runs import REASON as SHORT_RUN
from site_builder.align.runs import short_run_links
from site_builder.align.settle import settle_events
from site_builder.align.similarity import (
    CORROBORATING,
    VERBATIM_RUN,
    Lexicon,
    Link,
    Unit,
    closed_triangles,
    passage_frequency,
    same_event_reason,
    sentence_links,
    term_weights,
)
from site_builder.align.time import (
    Period,
    about_different_times,
    article_period,
    refers_to,
)
from site_builder.core.config import AlignmentConfig
from site_builder.core.language_pack import pack_for
from site_builder.core.model import Alignment, Group, Member, PassageKey, Sentences, Story, Token

ANCHOR_SHARE = 0.25
"""Largest share of the story's passages an anchor term may occur in: a term in more
than a quarter of them names what the whole story is about (its protagonist, its
place), not one event of it."""
PHRASE_BREAKS = frozenset(",;:()—–")
"""Punctuation no phrase runs across."""
OPENING_QUOTES = frozenset("“«")
UNQUOTED = str.maketrans("", "", '“”«»"')
"""Drops quotation marks (from a stretch of a sentence shown as evidence)."""
CLOSING_QUOTES = frozenset("”»")
_NONE_QUOTED: frozenset[int] = frozenset()
"""The quoted words of most sentences: none (one set for all of them)."""


@dataclass(frozen=True)
class Diagnosis:
    """An alignment with the evidence it was made from: every sentence (unit), every
    candidate link, what the story's words tell (benchmarks/align_quality.py uses it
    to say where each missed connection was lost)."""

    alignment: Alignment
    units: tuple[Unit, ...]
    links: tuple[Link, ...]
    lexicon: Lexicon
    reasons: Mapping[Link, str] = field(default_factory=dict)
    """Why each link of the articles' own time is the same event ('' where it is not:
    see same_event_reason)."""


def align_story(
    story: Story,
    settings: AlignmentConfig,
    language: Language | None = None,
    *,
    loaded_words: Sequence[str] = (),
) -> Alignment:
    """Group the story's passages by the events they report (see the module's docstring).

    Each group holds at most one passage per article, two or more articles, the
    sentences of each member that carry the event, a score in [0, 1], a title in the
    outlets' own words (without `loaded_words` not every member uses) and the time it
    is about where the members say (both worked out once, by settle.settle_events).
    `language`: stemmer, stop words and word rarities (default: English).
    """
    language = language or load_language("en")
    diagnosis = diagnose(story, settings, language, loaded_words=loaded_words)
    return settle_events(story, diagnosis.alignment, language, loaded_words, diagnosis.units)


def diagnose(
    story: Story,
    settings: AlignmentConfig,
    language: Language | None = None,
    *,
    loaded_words: Sequence[str] = (),
) -> Diagnosis:
    """align_story, with the units and links it was made from (see Diagnosis); its
    groups are not titled or timed yet (label and time are '': see settle.settle_events).
    `loaded_words` are not read here (kept so the two take the same arguments)."""
    language = language or load_language("en")
    words = _story_words(story, settings, language)
    evidence = _evidence(story, settings, language, words)
    alignment = _alignment(story, settings, words, evidence)
    return Diagnosis(
        alignment, tuple(words.units), tuple(evidence.links), words.lexicon, evidence.reasons
    )


@dataclass(frozen=True)
class _Words:
    """What the story's words tell before any link is made (see _story_words)."""

    sentences: Sentences
    units: list[Unit]
    counted: dict[str, int]
    """Each term's (and phrase's) number of passages."""
    weights: dict[str, float]
    surface: dict[str, str]
    lexicon: Lexicon
    dates: dict[str, Period | None]
    """Each article's own date, as a period."""
    periods: dict[str, Period | None]
    """The time each article is about (story_periods)."""


def _story_words(story: Story, settings: AlignmentConfig, language: Language) -> _Words:
    """The story's sentences normalised, every sentence as a Unit, and the lexicon the
    links are scored with: each term's weight, the anchors (specific terms no more than
    ANCHOR_SHARE of the passages hold), the phrases, words of time and reporting verbs."""
    texts = [p.text for a in story.articles for p in a.passages]
    normaliser = make_normaliser(texts, settings.aliases, settings.fuzzy_names, language)
    sentences = {
        (a.slug, p.id): tuple(normaliser.sentence(s) for s in p.sentences)
        for a in story.articles
        for p in a.passages
    }
    pack = pack_for(language.code)
    reporting = _stems(tuple(pack.reporting_words), language.code)
    times = _stems(tuple(pack.time_words), language.code)
    units = story_units(story, sentences, stops=reporting | times)
    surface = normaliser.surface_forms(settings.aliases)
    counted, total = passage_frequency(units)
    frequency = {t: n for t, n in counted.items() if "+" not in t}
    rarity = term_rarities(frequency, surface, language)
    weights = term_weights(frequency, total, rarity)
    dates = {a.slug: article_period(a.date) for a in story.articles}
    anchors = anchor_terms(frequency, total, rarity)
    few = max(2, ANCHOR_SHARE * total)  # passages: a phrase in no more is specific
    lexicon = Lexicon(
        weights,
        anchors,
        phrases={t for t, n in counted.items() if n <= few and "+" in t},
        times=times,
        reporting=reporting,
        uncommon=frozenset(t for t, r in rarity.items() if r >= SPECIFIC_RARITY),
    )
    return _Words(sentences, units, counted, weights, surface, lexicon, dates, story_periods(dates))


@dataclass(frozen=True)
class _Evidence:
    """The candidate links and what each of them is (see _evidence)."""

    links: list[Link]
    timely: set[Link]
    """The links of the articles' own time (_in_time)."""
    reasons: dict[Link, str]
    """Why each timely link is the same event ('' where it is not)."""
    same: list[Link]
    """The links of one event, in the order they were found."""
    names: set[Link]
    """Links on a name written out alone (names.py)."""
    generic: set[Link]
    """Links on what one of the two articles keeps coming back to (generic.py)."""
    barred: set[Link]
    """The links on a name alone or generic evidence before any triangle was closed:
    never the same event, nor a row's quoted pair."""


def _evidence(
    story: Story, settings: AlignmentConfig, language: Language, words: _Words
) -> _Evidence:
    """Every candidate link of the story's sentences and why each is the same event or
    not: its own evidence, a day or number with one specific thing (dated.py), a short
    verbatim run (runs.py), then triangles and links in step (order.py); links on a
    name alone or on generic evidence barred."""
    units = words.units
    links = sentence_links(
        units, words.lexicon, threshold=settings.threshold, min_evidence=settings.min_shared_terms
    )
    # one specific thing and, besides it, the same day or number (dated.py)
    dated = dated_links(units, words.lexicon, links, event_threshold=settings.event_threshold)
    links += dated
    # a verbatim run of common words, between sentences nothing else links (runs.py)
    runs = short_run_links(units, words.lexicon, links, event_threshold=settings.event_threshold)
    links += runs
    timely = _in_time(story, units, links, words.periods, words.dates)
    reasons = _own_reasons(units, links, timely, settings)
    reasons.update((link, DATED) for link in dated if link in timely)
    reasons.update((link, SHORT_RUN) for link in runs if link in timely)
    # a name written out in full is no evidence alone: not the same event, nor a weak
    # link the rules below may promote (names.py)
    alone = names_alone(
        [k for k, r in reasons.items() if r],
        units,
        story,
        language.stop_words,
        pack_for(language.code).time_words,
    )
    # nor is what one of the two articles keeps coming back to (generic.py)
    generic = GenericEvidence(units, expected=[k for k in links if k.best and not reasons.get(k)])
    common = generic.links([k for k, r in reasons.items() if r and k not in alone])
    barred = alone | common
    reasons.update(dict.fromkeys(barred, ""))
    weak = [link for link in links if link in timely and not reasons[link] and link not in barred]
    same = [link for link in links if reasons.get(link)]
    triangles = _not_generic(closed_triangles(units, weak, same), generic, common)
    reasons.update(dict.fromkeys(triangles, "triangle"))
    same += triangles
    # where two articles tell events in step (order.py); they may close more triangles
    ordered = ordered_links(units, {k: r for k, r in reasons.items() if k not in barred})
    if ordered:
        reasons.update(dict.fromkeys(ordered, "order"))
        same += ordered
        triangles = closed_triangles(units, [link for link in weak if not reasons[link]], same)
        triangles = _not_generic(triangles, generic, common)
        reasons.update(dict.fromkeys(triangles, "triangle"))
        same += triangles
    return _Evidence(links, timely, reasons, same, alone, common, barred)


def _own_reasons(
    units: list[Unit], links: list[Link], timely: set[Link], settings: AlignmentConfig
) -> dict[Link, str]:
    """Why each `timely` link is the same event on its own evidence (same_event_reason,
    '' where it is not), and the links found, then dropped, that stand on their own
    evidence (found.py)."""
    reasons = {
        link: same_event_reason(
            link,
            event_threshold=settings.event_threshold,
            threshold=settings.threshold,
            min_evidence=settings.min_shared_terms,
        )
        for link in links
        if link in timely
    }
    reasons.update(
        found_reasons(
            units,
            links,
            reasons,
            event_threshold=settings.event_threshold,
            threshold=settings.threshold,
        )
    )
    return reasons


def _alignment(
    story: Story, settings: AlignmentConfig, words: _Words, evidence: _Evidence
) -> Alignment:
    """The story's events as groups (merged, shown as rows, the editor's forced links
    added) and its related groups of weaker links between passages no group joins."""
    units, links, timely = words.units, evidence.links, evidence.timely
    reasons, same, barred = evidence.reasons, evidence.same, evidence.barred
    apart = {
        frozenset({(a.article, a.passage), (b.article, b.passage)})
        for a, b in story.overrides.apart
    }
    linked = {link_passages(units, link) for link in links if link in timely} - apart
    merged = merged_events(
        [  # a triangle link joins its third outlet's event, it starts none of its own
            event
            for event in events_from_links(units, same, apart)
            if any(reasons[link] != "triangle" for link in event.links)
        ],
        linked,
        (PassageTerms(units), words.counted),
    )
    # one row where rows hold every pair of one fact's passages and none all (rows.py)
    # ... and one pair no row showed, where quoted words back it (rows.quoted_pairs)
    quoted = quoted_pairs(
        units,
        (
            k
            for k in links
            if k in timely and k not in barred and link_passages(units, k) not in apart
        ),
    )
    events = _with_forced_links(story, shown_rows(merged, units, quoted))
    together = {pair for event in events for pair in _pairs(event)}
    weaker = closest_per_passage(
        units,
        [link for link in links if link.best and link_passages(units, link) not in together],
        same,
    )
    related = events_from_links(units, weaker, apart | together)
    context = _Context(
        story,
        units,
        words.sentences,
        words.weights,
        words.surface,
        words.periods,
        settings=settings,
        timely=timely,
        reasons=reasons,
        names=evidence.names,
        generic=evidence.generic,
    )
    return Alignment(
        groups=context.groups(events, "g", same=True),
        related=context.groups(related, "r", same=False),
        sentences=words.sentences,
        weights=words.weights,
        surface=words.surface,
        other_time=frozenset(_about_another_time(words.periods)),
    )


def _not_generic(triangles: list[Link], generic: GenericEvidence, common: set[Link]) -> list[Link]:
    """The `triangles` whose evidence is not generic (generic.py); the others are added
    to `common`, so a reader is told why they are not the same event."""
    found = generic.links(triangles)
    common |= found
    return [link for link in triangles if link not in found] if found else triangles


def story_units(
    story: Story, sentences: Sentences, stops: Collection[str] = frozenset()
) -> list[Unit]:
    """Every sentence of every passage as a Unit, articles in slug order; no phrase runs
    across a term in `stops` (reporting verbs, words of time)."""
    units = []
    for article in sorted(story.articles, key=lambda a: a.slug):
        for position, passage in enumerate(article.passages):
            for index, tokens in enumerate(sentences[(article.slug, passage.id)]):
                units.append(_unit(article.slug, passage.id, position, index, tokens, stops))
    return units


def _unit(
    article: str,
    passage: str,
    position: int,
    index: int,
    tokens: Sequence[Token],
    stops: Collection[str],
) -> Unit:
    """One sentence as a Unit, its tokens read once (see _sentence_read)."""
    terms, words, quoted, heads, names, pairs = _sentence_read(tokens, stops)
    return Unit(
        article,
        passage,
        position,
        index,
        tuple(terms),
        tuple(words),
        frozenset(quoted) if quoted else _NONE_QUOTED,
        names=tuple(sorted(names.items())) if names else (),
        heads=tuple(heads),
        phrases=tuple(pairs),
    )


_Read = tuple[
    list[str], list[str], list[int], list[str], dict[str, str], list[tuple[str, int, int]]
]
"""What _sentence_read gives: terms, words, quoted words, heads, names and phrases."""


def _sentence_read(tokens: Sequence[Token], stops: Collection[str]) -> _Read:
    """A sentence's tokens read once: its terms; every word, folded, and which are in
    quotation marks (by index); each word's head (the head of its last term, '' for a
    stop word); each term of a name of several words with the name's last word (see
    normalise: "Mitt" in "Mitt Romney" carries "mitt romney" and, being rarer than
    "Romney", "mitt" too; both stand for "romney"); and each pair of content words in a
    row as "first+second" with their word indices, stop words between them skipped, a
    name, a number, a word in `stops` or a comma (see PHRASE_BREAKS) ending a phrase."""
    terms: list[str] = []
    words: list[str] = []
    quoted: list[int] = []
    heads: list[str] = []
    pairs: list[tuple[str, int, int]] = []
    names: dict[str, str] = {}
    inside = False  # in quotation marks
    before = ""  # the phrase's word before ('' where a phrase starts)
    place = 0  # ...and its index in `words`
    for token in tokens:
        text = token.text
        if text == " ":  # half the tokens: no term, no word, no quotation mark
            continue
        token_terms = token.terms
        if not token_terms:  # punctuation, or a stop word
            if text[0].isalnum():  # (a token is never empty)
                if inside:
                    quoted.append(len(words))
                words.append(plain_word(text))
                heads.append("")
            elif text in OPENING_QUOTES:
                inside = True
            elif text in CLOSING_QUOTES:
                inside = False
            elif text == '"':
                inside = not inside
            elif text in PHRASE_BREAKS and text.strip():
                before = ""
            continue
        # a word or a number (normalise gives no other token terms)
        terms.extend(token_terms)
        word = len(words)
        if inside:
            quoted.append(word)
        words.append(plain_word(text))
        term = token_terms[-1]
        if len(token_terms) > 1 or " " in term:
            names.update(_name_terms(token_terms))
            heads.append(term_head(term))
            before = ""
            continue
        heads.append(term)  # a term without a space is its own head
        if term[0].isdigit() or term in stops:  # (nor is a term)
            before = ""
            continue
        if before:
            pairs.append((f"{before}+{term}", place, word))
        before, place = term, word
    return terms, words, quoted, heads, names, pairs


def _name_terms(token_terms: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each of a token's terms with the head of the name of several words among them
    (see normalise: all its terms stand for it); none where there is no such name."""
    for each in token_terms:
        if " " in each:
            head = term_head(each)
            return [(t, head) for t in token_terms]
    return []


@cache
def _stems(words: tuple[str, ...], code: str) -> frozenset[str]:
    """The stems of `words` of language `code` (its pack's words of reporting or of
    time: never evidence, see diagnose): stemmed once per process, not once per story."""
    language = load_language(code)
    return frozenset(stem_word(w, language) for w in words)


def term_rarity(term: str, surface: Mapping[str, str], language: Language) -> float:
    """How rare a term is in the language: a number or word as the story writes it; a
    name of several words (see normalise) or a hyphenated word as rare as its words
    together (capped at MAX_RARITY: see Rarity.of_written)."""
    if term[:1].isdigit():
        return language.rarity.of(term)
    return language.rarity.of_written(surface.get(term, term))


def term_rarities(
    terms: Iterable[str], surface: Mapping[str, str], language: Language
) -> dict[str, float]:
    """term_rarity of each of `terms` (a story's every term: one comprehension, not a
    call per term)."""
    of, of_written = language.rarity.of, language.rarity.of_written
    return {t: of(t) if t[:1].isdigit() else of_written(surface.get(t, t)) for t in terms}


def anchor_terms(frequency: dict[str, int], total: int, rarity: dict[str, float]) -> set[str]:
    """Terms specific enough to anchor a link: rare in the language and not story
    boilerplate. Every link needs one, so two sentences never link on generic words
    alone ("The talks continue." shares "talks" with half the story)."""
    most = max(2, ANCHOR_SHARE * total)  # passages (worked out once, not once a term)
    return {t for t, df in frequency.items() if df <= most and rarity[t] >= SPECIFIC_RARITY}


def _in_time(
    story: Story,
    units: Sequence[Unit],
    links: Sequence[Link],
    periods: Mapping[str, Period | None],
    dates: Mapping[str, Period | None],
) -> set[Link]:
    """The links whose articles are about the same time (`periods`), or where one
    passage refers explicitly to the other article's time (see time.py; a reference is
    read against its article's date, in `dates`)."""
    references: dict[PassageKey, list[Period]] = {}

    def referred(unit: Unit) -> list[Period]:  # read only where times differ
        key = (unit.article, unit.passage)
        if key not in references:
            text = story.article(unit.article).passage(unit.passage).text
            references[key] = referenced_periods(
                text, dates[unit.article], story.language_of(unit.article)
            )
        return references[key]

    kept = set()
    for link in links:
        left, right = units[link.left], units[link.right]
        first, second = periods[left.article], periods[right.article]
        if not about_different_times(first, second) or (
            # (neither period is None here: about_different_times said they differ)
            refers_to(referred(left), second) or refers_to(referred(right), first)  # type: ignore[arg-type]
        ):
            kept.add(link)
    return kept


def story_periods(dates: Mapping[str, Period | None]) -> dict[str, Period | None]:
    """Each article's time: its date (in `dates`, by slug), or for an undated article
    the time most of the story's dated articles are about (an undated article is taken
    to report what the story reports; a commentary dated years later stays apart from
    it too)."""
    known = [p for p in dates.values() if p is not None]
    usual = max(
        known,
        key=lambda p: (sum(not about_different_times(p, q) for q in known), p),
        default=None,
    )
    return {slug: period or usual for slug, period in dates.items()}


def _about_another_time(periods: Mapping[str, Period | None]) -> list[str]:
    """Articles about a different time than most of the story's other dated articles."""
    dated = {slug: p for slug, p in periods.items() if p is not None}
    return sorted(
        slug
        for slug, period in dated.items()
        if len(dated) > 2
        and sum(about_different_times(period, other) for s, other in dated.items() if s != slug)
        > (len(dated) - 1) / 2
    )


def closest_per_passage(
    units: Sequence[Unit], links: Sequence[Link], same: Sequence[Link]
) -> list[Link]:
    """The weaker links worth showing as related: for each of its two passages, its
    strongest link to the other's article, where it has no same-event link (in `same`)
    to that article already. A related group shows a passage's nearest counterpart in
    an outlet that does not tell the same event, not every passage it shares a word
    with."""

    def sides(link: Link) -> list[tuple[PassageKey, str]]:
        return [
            ((units[here].article, units[here].passage), units[there].article)
            for here, there in ((link.left, link.right), (link.right, link.left))
        ]

    told = {side for link in same for side in sides(link)}
    strongest: dict[tuple[PassageKey, str], float] = {}
    for link in links:
        for side in sides(link):
            strongest[side] = max(strongest.get(side, 0.0), link.strength)
    return [
        link
        for link in links
        if all(side not in told and link.strength >= strongest[side] for side in sides(link))
    ]


def _pairs(event: Event) -> Iterable[frozenset[PassageKey]]:
    keys = sorted(event.passages.items())
    return (frozenset({a, b}) for i, a in enumerate(keys) for b in keys[i + 1 :])


def _with_forced_links(story: Story, events: list[Event]) -> list[Event]:
    """Apply the overrides' `link` pairs: join an event that can take both, or add one."""
    for first, second in story.overrides.link:
        target = next(
            (
                e
                for e in events
                if (
                    e.passages.get(first.article) == first.passage
                    and e.passages.get(second.article, second.passage) == second.passage
                )
                or (
                    e.passages.get(second.article) == second.passage
                    and e.passages.get(first.article, first.passage) == first.passage
                )
            ),
            None,
        )
        if target is None:
            target = Event()
            events.append(target)
        for ref in (first, second):
            passage = story.article(ref.article).passage(ref.passage)
            target.passages[ref.article] = ref.passage
            target.sentences.setdefault(ref.article, set()).update(range(len(passage.sentences)))
    return events


class _Context:
    """What turning events into Groups needs of the story (see groups): for why a
    related group is not the same event, the `settings` and which links are `timely`;
    for why a group is, each same-event link's reason (see same_event_reason)."""

    def __init__(
        self,
        story: Story,
        units: Sequence[Unit],
        sentences: Sentences,
        weights: Mapping[str, float],
        surface: Mapping[str, str],
        periods: Mapping[str, Period | None],
        *,
        settings: AlignmentConfig,
        timely: set[Link],
        reasons: Mapping[Link, str],
        names: Collection[Link] = frozenset(),
        generic: Collection[Link] = frozenset(),
    ) -> None:
        self.story, self.units, self.sentences = story, units, sentences
        self.settings, self.timely, self.reasons = settings, timely, reasons
        self.names = names  # links on a name alone (names.py)
        self.generic = generic  # links on what one article keeps coming back to
        self.weights, self.surface, self.periods = weights, surface, periods
        self.head_weights = dict(weights)  # a term without a space is its own head;
        for term in [t for t in weights if " " in t]:  # a name's compounds weigh for its
            head = term_head(term)  # head where they weigh more (every weight is >= 0)
            self.head_weights[head] = max(weights[term], self.head_weights.get(head, 0.0))
        self.sizes = {a.slug: max(1, len(a.passages)) for a in story.articles}
        self.positions = {(u.article, u.passage): u.position for u in units}

    def groups(self, events: list[Event], prefix: str, *, same: bool) -> tuple[Group, ...]:
        """Events as Groups in story order, numbered `prefix`-1, `prefix`-2, ..."""
        ordered = sorted((e for e in events if len(e.passages) >= 2), key=self._place)
        return tuple(
            self._group(f"{prefix}-{n}", event, same) for n, event in enumerate(ordered, start=1)
        )

    def _place(self, event: Event) -> tuple:
        spots = [self.positions[(a, p)] / self.sizes[a] for a, p in event.passages.items()]
        return (statistics.median(spots), sorted(event.passages.items()))

    def _group(self, group_id: str, event: Event, same: bool) -> Group:
        members = tuple(
            Member(a, p, tuple(sorted(event.sentences[a])))
            for a, p in sorted(event.passages.items())
        )
        evidence = Counter(e for link in event.links for e in link.evidence)
        originals = self._originals(event.links)
        terms = sorted(evidence, key=lambda e: (-self._weight(e), e))
        score = statistics.fmean(link.strength for link in event.links) if event.links else 1.0
        return Group(
            id=group_id,
            label="",  # titled and timed with the whole story in view: settle.py
            score=round(min(1.0, max(0.0, score)), 3),
            members=members,
            terms=tuple(self._written(t, originals) for t in terms),
            time="",
            why=self._why(event, terms, same, originals),
        )

    def _weight(self, evidence: str) -> float:
        if evidence.startswith("“"):
            return float("inf")  # a shared quotation first
        if " " in evidence:
            return 1e9  # then a phrase or a verbatim run
        return self.head_weights.get(evidence, 0.0)

    def _written(self, evidence: str, originals: Mapping[str, str]) -> str:
        """One piece of evidence as the story writes it (a term's usual spelling; a
        phrase, run or quotation as a sentence of the group has it)."""
        if evidence in originals:
            return originals[evidence]
        return evidence if evidence.startswith("“") else self.surface.get(evidence, evidence)

    def _originals(self, links: Sequence[Link]) -> dict[str, str]:
        """Each piece of evidence of several words in `links` (kept folded, as compared)
        as the first of their sentences that has it writes it."""
        found: dict[str, str] = {}
        for link in links:
            for evidence in link.evidence:
                if " " not in evidence or evidence in found:
                    continue
                words = tuple(evidence.strip("“”").split(" "))
                text = self._span(self.units[link.left], words) or self._span(
                    self.units[link.right], words
                )
                if text:
                    found[evidence] = f"“{text}”" if evidence.startswith("“") else text
        return found

    def _span(self, unit: Unit, words: tuple[str, ...]) -> str:
        """The text of the sentence `unit` from the first to the last of `words` (folded,
        one after the other), or '' where it has no such run."""
        size = len(words)
        for start in range(len(unit.words) - size + 1):
            if unit.words[start : start + size] == words:
                tokens = self.sentences[(unit.article, unit.passage)][unit.sentence]
                places = [i for i, token in enumerate(tokens) if token.text[:1].isalnum()]
                first, last = places[start], places[start + size - 1]
                text = "".join(token.text for token in tokens[first : last + 1])
                return text.translate(UNQUOTED)  # a quotation mark inside is unpaired
        return ""

    def _why(
        self, event: Event, terms: Sequence[str], same: bool, originals: Mapping[str, str]
    ) -> str:
        shown = ", ".join(self._written(t, originals) for t in terms[:6]) or "nothing specific"
        best = max(event.links, key=lambda link: link.strength, default=None)
        if best is None:
            return "linked by the editor (alignments.yml)"
        if same:
            joined = ""
            if event.joined_by:  # cluster.merged_events: a rare thing, not a link
                things = ", ".join(self._written(t, originals) for t in sorted(event.joined_by))
                joined = (
                    f"; passages with no link of their own are in it because both name "
                    f"{things}, which the two events joined share and few other passages name"
                )
            if event.shown_row:  # rows.shown_rows: one row, no pair it did not show
                joined += "; one row for passages that other rows showed together two by two"
            if event.quoted_row:  # rows.shown_rows: one pair backed by quoted words
                joined += (
                    ", and for one pair no row showed, whose sentences quote the same "
                    "words or share a run of them"
                )
            return f"same event: shares {shown}; {self._because(best)}{joined}"
        reasons = []
        if best in self.names:
            reasons.append("it is a name written out in full, and a name alone is no evidence")
        if best in self.generic:
            reasons.append(
                f"everything they share stands together in {GENERIC_PASSAGES} or more "
                "passages of one of the articles: what it keeps coming back to, not one fact"
            )
        if best not in self.timely:
            times = sorted(
                {
                    self.periods[self.units[i].article].iso()
                    for i in (best.left, best.right)
                    if self.periods[self.units[i].article]
                }
            )
            reasons.append(f"written about different times ({' and '.join(times)})")
        threshold = self.settings.event_threshold
        if best.score < threshold:
            reasons.append(
                f"similarity {shown_below(best.score, threshold)} is below {threshold:g}"
                + ("" if best.kinds & CORROBORATING else " and nothing else agrees")
            )
        if not best.best:
            reasons.append(
                "a stronger link of one of the sentences shares the same things with "
                "another sentence of the other article"
            )
        if len(best.evidence) < self.settings.min_shared_terms and best not in self.names:
            reasons.append("too little specific in common")
        return f"related, not the same event: shares {shown}, but " + (
            "; ".join(reasons) or "no link is strong enough"
        )

    def _because(self, link: Link) -> str:
        """Why one link is the same event, in words (see same_event_reason)."""
        reason = self.reasons.get(link, "")
        kinds = ", ".join(sorted(link.kinds)) or "nothing else"
        if reason == "verbatim" or not reason:
            return f"{VERBATIM_RUN} or more words in a row alike"
        if reason == "most-words":
            return "the two sentences, about the same time, share most of their words"
        if reason == "corroborated":
            return (
                f"similarity {link.score:.2f} is below {self.settings.event_threshold:g}, "
                f"but another kind of evidence agrees ({kinds})"
            )
        if reason == "triangle":
            return (
                "each passage reports it with the same passage of a third outlet, which "
                f"corroborates their link (similarity {link.score:.2f})"
            )
        if reason == "order":
            return (
                "the two articles tell the events around it in the same order, and it is "
                "the only link between two of their surest links (similarity "
                f"{link.score:.2f})"
            )
        if reason == "three-things":
            return (
                "one of the sentences reports several facts, and this link is the closest "
                "match of the other and rests on three specific things or more "
                f"(similarity {link.score:.2f})"
            )
        if reason == "phrase-agreed":
            return (
                f"similarity {link.score:.2f} is below {self.settings.event_threshold:g}, "
                f"but each sentence is the other's closest match and another kind of "
                f"evidence agrees with the thing of several words ({kinds})"
            )
        if reason == DATED:
            return (
                "the two sentences share one specific thing and the same day or number, "
                f"and each is the other's closest match (similarity {link.score:.2f})"
            )
        if reason == SHORT_RUN:
            return (
                f"the two sentences share {link.run} words in a row and nothing else links "
                f"them, and each is the other's closest match (similarity {link.score:.2f})"
            )
        if reason == "second-fact":
            return (
                "one of the sentences reports several facts and is linked to each other "
                f"outlet's report of each through different things (similarity {link.score:.2f})"
            )
        return (
            f"each sentence is the other's closest match for what they share "
            f"(similarity {link.score:.2f})"
        )


def shown_below(score: float, threshold: float) -> str:
    """`score` (below `threshold`) to three places, or more where three would round it up
    to the threshold: 0.157 below 0.16, but 0.1597 (not "0.160") below 0.16."""
    places = 3
    while places < 6 and float(f"{score:.{places}f}") >= threshold:
        places += 1
    return f"{score:.{places}f}"


__all__ = [
    "Diagnosis",
    "Normaliser",
    "align_story",
    "anchor_terms",
    "diagnose",
    "story_units",
    "term_rarities",
    "term_rarity",
]
