"""One row for a fact whose pairs of passages other rows already show (eleventh round).

Complete linkage (cluster.py) files each same-event link in the first event that can
take it, so one fact told by three outlets can end up as two or three rows that hold
every pair of its passages between them and no row that holds all three: the Fox lead is
already in a row with another Times passage, so the link from it to the HuffPost lead
makes a row of two. A reader then meets the fact in pieces. Here two events that share a
passage give one row where, choosing per article the passage of one or the other, every
two passages of the row are already together in some event: the row adds no pair a
reader did not see, and the events it holds whole are dropped (their sentences and links
are in it). Nothing is joined on evidence a row did not already show."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence

from site_builder.align.cluster import Event, link_passages
from site_builder.align.similarity import Unit
from site_builder.core.model import PassageKey

ROW_CHOICES = 2
"""Two events are read for a row only where they hold different passages of at most this
many articles (at most 2**ROW_CHOICES rows to try): rows of one fact disagree on an
outlet or two; two large events of a story of hundreds of articles that disagree on many
are different facts, and trying every choice would grow as 2**articles."""


def shown_rows(events: list[Event], units: Sequence[Unit]) -> list[Event]:
    """`events` with a row added for each set of passages that two events sharing a
    passage hold between them, one passage per article, every two of them held together
    by some event and no event holding them all; events a new row holds whole are dropped
    (see the module's docstring). Rows are made in the order of the events (strongest
    first), so the result never depends on the order files were read in."""
    together = {pair for event in events for pair in _pairs(event.passages)}
    holding: dict[PassageKey, list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        for key in event.passages.items():
            holding[key].append(index)
    held = {frozenset(event.passages.items()) for event in events}
    rows: dict[frozenset[PassageKey], None] = {}
    for index, event in enumerate(events):
        partners = sorted({j for key in event.passages.items() for j in holding[key] if j > index})
        for other in (events[j] for j in partners):
            for row in _rows(event, other, together):
                if row not in held and not _inside(row, events, holding):
                    rows.setdefault(row)
    if not rows:
        return events
    made = [_row_event(row, events, holding, units) for row in rows]
    kept = [
        event
        for event in events
        if not any(frozenset(event.passages.items()) < row for row in rows)
    ]
    return kept + made


def _rows(
    first: Event, second: Event, together: set[frozenset[PassageKey]]
) -> Iterator[frozenset[PassageKey]]:
    """Each row over the articles of `first` and `second`, per article the passage of
    one or the other, every two of its passages in `together`."""
    differ = sorted(
        a
        for a in first.passages.keys() & second.passages.keys()
        if first.passages[a] != second.passages[a]
    )
    if len(differ) > ROW_CHOICES:
        return
    fixed = {**second.passages, **first.passages}
    for picked in itertools.product(*((first.passages[a], second.passages[a]) for a in differ)):
        passages = {**fixed, **dict(zip(differ, picked))}
        row = frozenset(passages.items())
        if all(pair in together for pair in _pairs(passages)):
            yield row


def _inside(
    row: frozenset[PassageKey], events: list[Event], holding: dict[PassageKey, list[int]]
) -> bool:
    """Whether some event already holds every passage of `row`."""
    first = min(row)
    return any(row <= frozenset(events[i].passages.items()) for i in holding[first])


def _row_event(
    row: frozenset[PassageKey],
    events: list[Event],
    holding: dict[PassageKey, list[int]],
    units: Sequence[Unit],
) -> Event:
    """The event of `row`: its passages, with the sentences and links of them that the
    events holding two or more of its passages have."""
    event = Event(shown_row=True)
    for article, passage in sorted(row):
        event.passages[article] = passage
        event.sentences[article] = set()
    seen: set[int] = set()
    for index in sorted({i for key in row for i in holding[key]}):
        other = events[index]
        inside = [key for key in other.passages.items() if key in row]
        if len(inside) < 2:
            continue
        for article, _ in inside:
            event.sentences[article] |= other.sentences[article]
        for link in other.links:
            if id(link) not in seen and link_passages(units, link) <= row:
                seen.add(id(link))
                event.links.append(link)
        event.joined_by |= other.joined_by
    return event


def _pairs(passages: dict[str, str]) -> Iterator[frozenset[PassageKey]]:
    keys = sorted(passages.items())
    return (frozenset(pair) for pair in itertools.combinations(keys, 2))
