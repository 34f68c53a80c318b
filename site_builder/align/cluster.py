"""Sentence links -> event groups, jointly across all articles.

1. Strongest links first, sentences are merged into events as long as an event holds at
   most one passage per article (constrained single linkage: a Kruskal pass).
2. A sentence may report more than one event: each remaining strong link then adds its
   sentence's passage to the other sentence's event, when that event has no passage of
   that article yet. This is how one outlet's paragraph joins three events another
   outlet spreads over three paragraphs.

The order of work is fixed by scores and ids only, so the groups never depend on the
order the files were read in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from site_builder.align.similarity import Link, Unit


@dataclass
class Event:
    """A growing cluster: per article, one passage and the sentences of it that belong."""

    passages: dict[str, str] = field(default_factory=dict)
    sentences: dict[str, set[int]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    def accepts(self, unit: Unit) -> bool:
        """Whether `unit`'s passage can be in this event (its article not yet elsewhere)."""
        return self.passages.get(unit.article, unit.passage) == unit.passage

    def add(self, unit: Unit) -> None:
        """Put `unit`'s sentence (and so its passage) into the event."""
        self.passages[unit.article] = unit.passage
        self.sentences.setdefault(unit.article, set()).add(unit.sentence)


def events_from_links(
    units: Sequence[Unit], links: Sequence[Link], apart: set[frozenset[tuple[str, str]]]
) -> list[Event]:
    """Cluster linked sentences into events of at most one passage per article."""
    ordered = sorted(links, key=lambda link: (-link.score, link.left, link.right))
    allowed = [link for link in ordered if not _kept_apart(units, link, apart)]
    owner: dict[int, Event] = {}
    events: list[Event] = []
    for link in allowed:
        _merge(units, link, owner, events)
    for link in allowed:
        _extend(units, link, owner)
    return [e for e in events if len(e.passages) >= 2]


def _kept_apart(units: Sequence[Unit], link: Link, apart: set[frozenset[tuple[str, str]]]) -> bool:
    left, right = units[link.left], units[link.right]
    return frozenset({(left.article, left.passage), (right.article, right.passage)}) in apart


def _merge(units: Sequence[Unit], link: Link, owner: dict[int, Event], events: list[Event]) -> None:
    left, right = units[link.left], units[link.right]
    first, second = owner.get(link.left), owner.get(link.right)
    if first is None and second is None:
        event = Event()
        event.add(left)
        event.add(right)
        event.links.append(link)
        owner[link.left] = owner[link.right] = event
        events.append(event)
    elif first is not None and second is None:
        _join(first, right, link.right, link, owner)
    elif first is None and second is not None:
        _join(second, left, link.left, link, owner)
    elif first is not second and _compatible(first, second):
        for article, passage in second.passages.items():
            first.passages[article] = passage
            first.sentences.setdefault(article, set()).update(second.sentences[article])
        first.links.extend(second.links)
        first.links.append(link)
        for unit_index, event in owner.items():
            if event is second:
                owner[unit_index] = first
        events.remove(second)


def _join(event: Event, unit: Unit, index: int, link: Link, owner: dict[int, Event]) -> None:
    if event.accepts(unit):
        event.add(unit)
        event.links.append(link)
        owner[index] = event


def _compatible(first: Event, second: Event) -> bool:
    return all(first.passages.get(a, p) == p for a, p in second.passages.items())


def _extend(units: Sequence[Unit], link: Link, owner: dict[int, Event]) -> None:
    """Let each side of a link join the other side's event if it is not in it yet."""
    for here, there in ((link.left, link.right), (link.right, link.left)):
        event = owner.get(there)
        unit = units[here]
        if event is None or owner.get(here) is event:
            continue
        if unit.article not in event.passages:
            event.add(unit)
            event.links.append(link)
