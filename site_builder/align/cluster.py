"""Sentence links -> events, jointly across all articles.

Links are taken strongest first. Each joins its two passages into one event as long as
the event holds at most one passage per article and every passage in it is linked to
every other (complete linkage: events do not grow by chaining, A like B, B like C, C
unlike A, and every pair a reader can follow has evidence of its own). A link that fits
no event it touches starts an event of its own, so a strong link is never lost to the
order in which events were built; a passage may so belong to several events, one per
event it reports (a paragraph that tells three things another outlet spreads over three
paragraphs).

The order of work is fixed by scores and ids only, so the events never depend on the
order the files were read in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from site_builder.align.similarity import Link, Unit
from site_builder.core.model import PassageKey

MERGE_SPREAD = 2
"""Two passages with no sentence link of their own may share a group where both name a
thing the two events joined share that the story names in at most MERGE_SPREAD times
as many passages as the joined event holds (merged_events): a thing that names this
fact, where one the story repeats (a protagonist, a title, a day) joins different facts.
Bounded by the event, not the story, so a story of thousands of passages has no more
such things than a story of thirty."""
MERGE_UNLINKED = 1
"""At most this many pairs of passages without a sentence link of their own may a join
put together (merged_events): two rows of one fact that one missing link keeps apart,
not two large events whose members have never met (in a synthetic story of 4,000
passages, joins of more pairs were wrong five times in six)."""


@dataclass
class Event:
    """A growing cluster: per article, one passage and the sentences of it that belong."""

    passages: dict[str, str] = field(default_factory=dict)
    sentences: dict[str, set[int]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    joined_by: set[str] = field(default_factory=set)
    """Terms that joined two passages of it which have no sentence link of their own
    (see merged_events)."""
    shown_row: bool = False
    """Whether it is one row for passages other events held together two by two
    (rows.shown_rows)."""
    quoted_row: bool = False
    """Whether that row puts together one pair no event held, backed by a quotation or
    a verbatim run between the sentences that carry it (rows.shown_rows)."""

    def add(self, unit: Unit) -> None:
        """Put `unit`'s sentence (and so its passage) into the event."""
        self.passages[unit.article] = unit.passage
        self.sentences.setdefault(unit.article, set()).add(unit.sentence)


def events_from_links(
    units: Sequence[Unit], links: Iterable[Link], apart: set[frozenset[PassageKey]]
) -> list[Event]:
    """Cluster linked sentences into events (see the module's docstring); pairs of
    passages in `apart` (the editor's) are never linked."""
    ordered = sorted(
        (link for link in links if link_passages(units, link) not in apart),
        key=lambda link: (-link.strength, link.left, link.right),
    )
    linked: dict[PassageKey, set[PassageKey]] = defaultdict(set)
    for link in ordered:
        a, b = link_passages(units, link)
        linked[a].add(b)
        linked[b].add(a)
    events: list[Event] = []
    events_of: dict[PassageKey, list[Event]] = defaultdict(list)
    for link in ordered:
        left, right = units[link.left], units[link.right]
        a, b = (left.article, left.passage), (right.article, right.passage)
        event = _home(events_of[a], events_of[b], a, b, linked)
        if event is None:
            event = Event()
            events.append(event)
        for key, unit in ((a, left), (b, right)):
            if unit.article not in event.passages:
                events_of[key].append(event)
            event.add(unit)
        event.links.append(link)
    return _merged_duplicates(events)


def merged_events(
    events: list[Event],
    linked: set[frozenset[PassageKey]] | None = None,
    named: tuple[PassageTerms, Mapping[str, int]] | None = None,
) -> list[Event]:
    """Events joined where they are one fact told in more outlets than any one link
    spans: two events that share a passage, hold at most one passage per article
    together and whose links share a specific thing become one (a council vote four
    outlets report is one event of four, not three rows of two or three), where every
    two passages the join puts together have a link of their own, if only a weak one
    (`linked`: passage pairs with any sentence link; None: no such check), or both name
    a thing the two events' links share that names this fact (`named`: each passage's
    terms and in how many passages the story has each; see MERGE_SPREAD), one such pair
    a join at most (MERGE_UNLINKED; ninth round: the two passages tell the fact in words
    too different for a link, "Barney Frank wanted the appointment" told three ways).
    Joins are made in the order the events were built (strongest first), until none is
    left. (Development stories: without that check precision .89, with it .90, split
    events 9 and 10 of 141; no merging at all: 17. 40 stories, such a thing allowed:
    split events 46 -> 39 of 803, shown links right 625/742 -> 635/754.)"""
    alive = list(events)
    terms: dict[int, set[str]] = {}  # each event's _terms by id, worked out once
    changed = True
    while changed:
        changed = False
        holding: dict[PassageKey, list[int]] = defaultdict(list)
        for index, event in enumerate(alive):
            for key in event.passages.items():
                holding[key].append(index)
        gone: set[int] = set()
        for index, event in enumerate(alive):
            if index in gone:
                continue
            partners = {j for key in event.passages.items() for j in holding[key] if j > index}
            for other in sorted(partners - gone):
                mine, theirs = id(event), id(alive[other])
                if not _joinable(event, alive[other], terms, mine, theirs):
                    continue
                carried = _carried(event, alive[other], linked, named, terms[mine] & terms[theirs])
                if carried is not None:
                    _join(event, alive[other])
                    event.joined_by |= carried
                    terms[mine] |= terms.pop(theirs)
                    gone.add(other)
                    changed = True
        alive = [event for index, event in enumerate(alive) if index not in gone]
    return alive


def _joinable(first: Event, second: Event, terms: dict[int, set[str]], i: int, j: int) -> bool:
    """Whether two events (known as `i` and `j`, their terms kept in `terms`) report one
    fact (see merged_events): they share a passage, disagree on no article's passage,
    and their links share a term of their evidence (a word of a phrase counts: "a
    legitimate rape" and "if it's a legitimate rape...")."""
    common = first.passages.keys() & second.passages.keys()
    if not any(first.passages[a] == second.passages[a] for a in common):
        return False
    if any(first.passages[a] != second.passages[a] for a in common):
        return False
    for k, event in ((i, first), (j, second)):
        if k not in terms:
            terms[k] = _terms(event)
    return not terms[i].isdisjoint(terms[j])


def _terms(event: Event) -> set[str]:
    """The terms of the things an event's links share."""
    return {t for link in event.links for t in link.terms}


def _carried(
    first: Event,
    second: Event,
    linked: set[frozenset[PassageKey]] | None,
    named: tuple[PassageTerms, Mapping[str, int]] | None,
    shared: set[str],
) -> set[str] | None:
    """Whether every passage only in `first` may stand in one group with every passage
    only in `second`: the two have a link in `linked`, or both name a term of `shared`
    (the two events' evidence) that the story names in at most MERGE_SPREAD times as
    many passages as the two events hold together (`named`: each passage's terms, and
    each term's passage count), for at most MERGE_UNLINKED such pairs. None where some
    two may not; else the terms that joined passages without a link."""
    if linked is None:
        return set()
    mine = set(first.passages.items()) - set(second.passages.items())
    theirs = set(second.passages.items()) - set(first.passages.items())
    size = len(first.passages.items() | second.passages.items())
    carried: set[str] = set()
    unlinked = 0
    for a in mine:
        for b in theirs:
            if a[0] == b[0] or frozenset({a, b}) in linked:
                continue
            unlinked += 1
            if named is None or unlinked > MERGE_UNLINKED:
                return None
            terms, frequency = named
            both = {
                t
                for t in shared & terms.get(a, frozenset()) & terms.get(b, frozenset())
                if frequency.get(t, 0) <= MERGE_SPREAD * size
            }
            if not both:
                return None
            carried |= both
    return carried


def _join(event: Event, other: Event) -> None:
    """Put `other`'s passages, sentences and links into `event`."""
    for article, passage in other.passages.items():
        event.passages[article] = passage
        event.sentences.setdefault(article, set()).update(other.sentences[article])
    event.links.extend(other.links)
    event.joined_by |= other.joined_by


def _home(
    with_a: list[Event],
    with_b: list[Event],
    a: PassageKey,
    b: PassageKey,
    linked: dict[PassageKey, set[PassageKey]],
) -> Event | None:
    """The event a link between passages `a` and `b` belongs in: one that holds both,
    or one holding one of them that the other may join (the first such, in the order
    events were made), or None for a new one."""
    for event in with_a:
        if event.passages.get(b[0]) == b[1]:
            return event
    for event, newcomer in [*((e, b) for e in with_a), *((e, a) for e in with_b)]:
        if _admits(event, newcomer, linked):
            return event
    return None


def _admits(event: Event, newcomer: PassageKey, linked: dict[PassageKey, set[PassageKey]]) -> bool:
    """Whether `newcomer` may join `event`: its article has no other passage there and
    it is linked to every passage there."""
    article, passage = newcomer
    if event.passages.get(article, passage) != passage:
        return False
    missing = event.passages.items() - linked.get(newcomer, set())
    return not missing or missing == {newcomer}  # a passage is never its own neighbour


def _merged_duplicates(events: list[Event]) -> list[Event]:
    """Events with the same passages made one (their sentences and links together)."""
    merged: dict[tuple, Event] = {}
    for event in events:
        key = tuple(sorted(event.passages.items()))
        if key in merged:
            for article, sentences in event.sentences.items():
                merged[key].sentences[article].update(sentences)
            merged[key].links.extend(event.links)
        else:
            merged[key] = event
    return list(merged.values())


class PassageTerms:
    """Each passage's terms (for merged_events), worked out on first use: a join asks
    for the passages of few pairs, and the story has thousands."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self._units = units
        self._index: dict[PassageKey, list[Unit]] | None = None
        self._found: dict[PassageKey, frozenset[str]] = {}

    def get(self, key: PassageKey, default: frozenset[str] = frozenset()) -> frozenset[str]:
        """The terms of passage `key` (`default` where the story has no such passage)."""
        if key not in self._found:
            if self._index is None:
                self._index = defaultdict(list)
                for unit in self._units:
                    self._index[(unit.article, unit.passage)].append(unit)
            units = self._index.get(key)
            self._found[key] = (
                frozenset(t for unit in units for t in unit.terms) if units else default
            )
        return self._found[key]


def link_passages(units: Sequence[Unit], link: Link) -> frozenset[PassageKey]:
    """The two passages `link` joins, as (article, passage)."""
    left, right = units[link.left], units[link.right]
    return frozenset({(left.article, left.passage), (right.article, right.passage)})
