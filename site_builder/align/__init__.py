"""Align step: a Story -> an Alignment (groups of passages that report the same event).

normalise (terms) -> similarity (sentence links) -> cluster (events) -> groups here,
with the editor's overrides applied: pairs kept apart never link, pairs linked always
share a group, labels replace the generated ones.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from site_builder.align.cluster import Event, events_from_links
from site_builder.align.language import Language, load_language
from site_builder.align.normalise import Normaliser, make_normaliser
from site_builder.align.similarity import (
    Unit,
    best_partner_links,
    passage_frequency,
    sentence_links,
    term_weights,
)
from site_builder.config import AlignmentConfig
from site_builder.model import Alignment, Group, Member, Story

LABEL_TERMS = 4
ANCHOR_RARITY = 3.0
"""Rarity in the language (see language.Rarity) an anchor term needs: Zipf frequency 5 or
less, so a name, place, number or uncommon word."""
ANCHOR_SHARE = 0.5
"""Largest share of the story's passages an anchor term may occur in."""
PARTNERS = 2
"""A passage links to at most this many best-matching passages of another article,
unless it is among their own best matches (see best_partner_links)."""


def align_story(
    story: Story, settings: AlignmentConfig, language: Language | None = None
) -> Alignment:
    """Group the story's passages by the events they report.

    Each group holds at most one passage per article, two or more articles, the
    sentences of each member that carry the event, a score in [0, 1] and a label.
    `language`: its stemmer, stop words and word rarities (default: English).
    """
    language = language or load_language("en")
    texts = [p.text for a in story.articles for p in a.passages]
    normaliser = make_normaliser(texts, settings.aliases, settings.fuzzy_names)
    surface = surface_forms(texts, normaliser, preferred=settings.aliases)
    units = story_units(story, normaliser)
    frequency, total = passage_frequency(units)
    rarity = {t: language.rarity.of(surface.get(t, t).lower()) for t in frequency}
    weights = term_weights(frequency, total, rarity)
    links = sentence_links(
        units,
        weights,
        threshold=settings.threshold,
        min_shared_terms=settings.min_shared_terms,
        anchors=anchor_terms(frequency, total, rarity),
    )
    links = best_partner_links(units, links, PARTNERS)
    apart = {
        frozenset({(a.article, a.passage), (b.article, b.passage)})
        for a, b in story.overrides.apart
    }
    events = events_from_links(units, links, apart, seed=settings.seed_threshold)
    events = _with_forced_links(story, events)
    groups = _groups_in_story_order(story, units, events, weights, surface)
    return Alignment(groups=_labelled(story, groups))


def anchor_terms(frequency: dict[str, int], total: int, rarity: dict[str, float]) -> set[str]:
    """Terms specific enough to anchor a link: rare in English and not story boilerplate.

    Every link needs one, so two sentences never link on generic words alone ("The
    talks continue." shares "talks" with half the story).
    """
    return {
        t
        for t, df in frequency.items()
        if rarity[t] >= ANCHOR_RARITY and df <= max(2, ANCHOR_SHARE * total)
    }


WINDOW = 14


def story_units(story: Story, normaliser: Normaliser, window: int = WINDOW) -> list[Unit]:
    """Every sentence of every passage as Units, articles in slug order.

    A sentence longer than `window` terms becomes overlapping windows of that many
    terms (half a window apart), so a clause shared inside a long sentence is found.
    """
    units = []
    for article in sorted(story.articles, key=lambda a: a.slug):
        for position, passage in enumerate(article.passages):
            for index, sentence in enumerate(passage.sentences):
                terms = tuple(normaliser.terms(sentence))
                for part in _windows(terms, window):
                    units.append(Unit(article.slug, passage.id, position, index, part))
    return units


def _windows(terms: tuple[str, ...], size: int) -> list[tuple[str, ...]]:
    if not size or len(terms) <= size:
        return [terms]
    step = max(1, size // 2)
    starts = range(0, len(terms) - size + step, step)
    return [terms[s : s + size] for s in starts]


def surface_forms(
    texts: Sequence[str], normaliser: Normaliser, preferred: Iterable[str] = ()
) -> dict[str, str]:
    """For each term, how the story writes it (for labels): the `preferred` spelling
    (the editor's canonical names) where given, else the most frequent.

    Worked out once per normaliser (that is, per story text), for align and frame.
    """
    return normaliser.remember(
        ("surface", tuple(preferred)), lambda: _surface_forms(texts, normaliser, preferred)
    )


_SURFACE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _surface_forms(
    texts: Sequence[str], normaliser: Normaliser, preferred: Iterable[str]
) -> dict[str, str]:
    spellings = Counter(w for text in texts for w in _SURFACE_WORD.findall(text))
    forms: dict[str, dict[str, int]] = defaultdict(dict)  # term -> spelling -> count
    for word, count in spellings.items():
        terms = normaliser.terms(word.lower())
        if len(terms) == 1:
            forms[terms[0]][word] = count
    result = {t: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for t, c in forms.items()}
    for name in preferred:
        terms = normaliser.terms(name)
        if len(terms) == 1:
            result[terms[0]] = name
    return result


def _with_forced_links(story: Story, events: list[Event]) -> list[Event]:
    """Apply the overrides' `link` pairs: join an event that can take both, or add one."""
    for first, second in story.overrides.link:
        target = next(
            (
                e
                for e in events
                if e.passages.get(first.article) == first.passage
                and e.passages.get(second.article, second.passage) == second.passage
            ),
            None,
        ) or next(
            (
                e
                for e in events
                if e.passages.get(second.article) == second.passage
                and e.passages.get(first.article, first.passage) == first.passage
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


def _groups_in_story_order(
    story: Story,
    units: list[Unit],
    events: list[Event],
    weights: dict[str, float],
    surface: dict[str, str],
) -> list[Group]:
    """Turn events into Groups, merging events with the same members, in story order."""
    sizes = {a.slug: max(1, len(a.passages)) for a in story.articles}
    positions = {(u.article, u.passage): u.position for u in units}
    terms_of: dict[tuple[str, str, int], set[str]] = {}
    for unit in units:  # a long sentence's windows together
        terms_of.setdefault((unit.article, unit.passage, unit.sentence), set()).update(unit.terms)
    merged: dict[tuple, Event] = {}
    for event in events:
        key = tuple(sorted(event.passages.items()))
        if key in merged:
            for article, sentences in event.sentences.items():
                merged[key].sentences[article].update(sentences)
            merged[key].links.extend(event.links)
        else:
            merged[key] = event

    def place(event: Event) -> tuple:
        spots = [positions[(a, p)] / sizes[a] for a, p in event.passages.items()]
        return (statistics.median(spots), sorted(event.passages.items()))

    groups = []
    for number, event in enumerate(sorted(merged.values(), key=place), start=1):
        members = tuple(
            Member(a, p, tuple(sorted(event.sentences[a])))
            for a, p in sorted(event.passages.items())
        )
        terms = _shared_terms(members, terms_of, weights)
        score = statistics.fmean(link.score for link in event.links) if event.links else 1.0
        groups.append(
            Group(
                id=f"g-{number}",
                label=" · ".join(label_words([surface.get(t, t) for t in terms])),
                score=round(min(1.0, max(0.0, score)), 3),
                members=members,
                terms=tuple(surface.get(t, t) for t in terms),
            )
        )
    return groups


def label_words(words: Sequence[str]) -> list[str]:
    """The first LABEL_TERMS words, skipping any that contains, or is part of, one
    already chosen ("short-term" gives "shortterm", "short" and "term": one is enough)."""
    chosen: list[str] = []
    for word in words:
        folded = word.lower()
        if not any(folded in c.lower() or c.lower() in folded for c in chosen):
            chosen.append(word)
        if len(chosen) == LABEL_TERMS:
            break
    return chosen


def _shared_terms(
    members: Sequence[Member], terms_of: dict, weights: dict[str, float]
) -> list[str]:
    """Terms used by two or more members' event sentences, rarest first."""
    seen: Counter = Counter()
    for member in members:
        seen.update(
            {
                t
                for s in member.sentences
                for t in terms_of.get((member.article, member.passage, s), ())
            }
        )
    shared = [t for t, n in seen.items() if n >= 2]
    return sorted(shared, key=lambda t: (-weights.get(t, 0.0), t))


def _labelled(story: Story, groups: list[Group]) -> tuple[Group, ...]:
    """Replace generated labels with the editor's labels from the overrides."""
    labels = {(ref.article, ref.passage): text for ref, text in story.overrides.labels}
    result = []
    for group in groups:
        label = next(
            (
                labels[(m.article, m.passage)]
                for m in group.members
                if (m.article, m.passage) in labels
            ),
            group.label,
        )
        result.append(Group(group.id, label, group.score, group.members, group.terms))
    return tuple(result)
