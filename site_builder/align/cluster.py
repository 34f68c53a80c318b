"""Sentence links -> event groups, jointly across all articles.

1. Strongest links first, sentences are merged into events as long as an event holds at
   most one passage per article and every passage that joins is linked to each of the
   event's passages (complete linkage: events do not grow by chaining, A like B, B like
   C, C unlike A, and every pair in a group has evidence of its own).
2. A sentence may report more than one event: each remaining link then lets its
   sentence's passage join the other sentence's event under the same two rules. This is
   how one outlet's paragraph joins three events that another spreads over three
   paragraphs.

The order of work is fixed by scores and ids only, so the groups never depend on the
order the files were read in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from site_builder.align.similarity import Link, Unit

PassageKey = tuple[str, str]
COHERENCE = 1.0


@dataclass
class Event:
    """A growing cluster: per article, one passage and the sentences of it that belong."""

    passages: dict[str, str] = field(default_factory=dict)
    sentences: dict[str, set[int]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    keys: set[PassageKey] = field(default_factory=set)

    def add(self, unit: Unit) -> None:
        """Put `unit`'s sentence (and so its passage) into the event."""
        self.passages[unit.article] = unit.passage
        self.sentences.setdefault(unit.article, set()).add(unit.sentence)
        self.keys.add((unit.article, unit.passage))


@dataclass
class Clustering:
    """The state of one clustering run: events, which event owns each sentence, links."""

    units: Sequence[Unit]
    linked: dict[PassageKey, set[PassageKey]]
    events: dict[int, Event] = field(default_factory=dict)  # id(event) -> event, in order
    owner: dict[int, Event] = field(default_factory=dict)
    owned: dict[int, list[int]] = field(default_factory=dict)  # id(event) -> its units

    def admits(self, event: Event, newcomers: dict[str, str]) -> bool:
        """Whether `newcomers` (article -> passage) may join `event`.

        Each article keeps one passage per event, and each new passage must be linked
        to (a COHERENCE share of) the event's passages from other articles.
        """
        for article, passage in newcomers.items():
            if event.passages.get(article, passage) != passage:
                return False
            others = len(event.passages) - (article in event.passages)
            if not others:
                continue
            hits = len(event.keys & self.linked.get((article, passage), set()))
            if hits < COHERENCE * others:
                return False
        return True

    def merge(self, link: Link) -> None:
        """First pass: put both sentences of `link` into one event if the rules allow."""
        left, right = self.units[link.left], self.units[link.right]
        first, second = self.owner.get(link.left), self.owner.get(link.right)
        if first is None and second is None:
            event = Event()
            event.add(left)
            event.add(right)
            event.links.append(link)
            self._own(event, link.left)
            self._own(event, link.right)
            self.events[id(event)] = event
        elif second is None:
            self._join(first, link.right, link)
        elif first is None:
            self._join(second, link.left, link)
        elif first is not second and self.admits(first, second.passages):
            for article, passage in second.passages.items():
                first.passages[article] = passage
                first.sentences.setdefault(article, set()).update(second.sentences[article])
            first.keys |= second.keys
            first.links.extend((*second.links, link))
            for index in self.owned.pop(id(second)):
                self._own(first, index)
            del self.events[id(second)]

    def extend(self, link: Link) -> None:
        """Second pass: let each side of `link` also join the other side's event."""
        for here, there in ((link.left, link.right), (link.right, link.left)):
            event = self.owner.get(there)
            if event is None or self.owner.get(here) is event:
                continue
            unit = self.units[here]
            if (
                event.sentences.get(unit.article)
                and unit.sentence in event.sentences[unit.article]
                and event.passages[unit.article] == unit.passage
            ):
                continue  # already there
            if self.admits(event, {unit.article: unit.passage}):
                event.add(unit)
                event.links.append(link)

    def _join(self, event: Event, index: int, link: Link) -> None:
        unit = self.units[index]
        if self.admits(event, {unit.article: unit.passage}):
            event.add(unit)
            event.links.append(link)
            self._own(event, index)

    def _own(self, event: Event, index: int) -> None:
        self.owner[index] = event
        self.owned.setdefault(id(event), []).append(index)


def events_from_links(
    units: Sequence[Unit],
    links: Sequence[Link],
    apart: set[frozenset[PassageKey]],
    *,
    seed: float = 0.0,
) -> list[Event]:
    """Cluster linked sentences into events (see the module's docstring).

    Only links scoring `seed` or more start or merge events; weaker links can still add
    a passage to an event whose every member it is linked to (hysteresis: an event
    needs one strong piece of evidence, its members then only consistent ones).
    """
    ordered = sorted(links, key=lambda link: (-link.score, link.left, link.right))
    allowed = (
        [link for link in ordered if _passages(units, link) not in apart] if apart else (ordered)
    )
    linked: dict[PassageKey, set[PassageKey]] = {}
    for link in allowed:
        left, right = units[link.left], units[link.right]
        a, b = (left.article, left.passage), (right.article, right.passage)
        linked.setdefault(a, set()).add(b)
        linked.setdefault(b, set()).add(a)
    clustering = Clustering(units, linked)
    for link in allowed:
        if link.score >= seed:
            clustering.merge(link)
    for link in allowed:
        clustering.extend(link)
    return [e for e in clustering.events.values() if len(e.passages) >= 2]


def _passages(units: Sequence[Unit], link: Link) -> frozenset[PassageKey]:
    left, right = units[link.left], units[link.right]
    return frozenset({(left.article, left.passage), (right.article, right.passage)})
