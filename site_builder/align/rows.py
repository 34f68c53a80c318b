"""One row for a fact whose pairs of passages other rows already show (eleventh round).

Complete linkage (cluster.py) files each same-event link in the first event that can
take it, so one fact told by three outlets can end up as two or three rows that hold
every pair of its passages between them and no row that holds all three: the Fox lead is
already in a row with another Times passage, so the link from it to the HuffPost lead
makes a row of two. A reader then meets the fact in pieces. Here two events that share a
passage give one row where, choosing per article the passage of one or the other, every
two passages of the row are already together in some event: the row adds no pair a
reader did not see, and the events it holds whole are dropped (their sentences and links
are in it). Nothing is joined on evidence a row did not already show, with one exception
(twelfth round): a row may put together one pair no event shows where a quotation or a
verbatim run of words links, in each of the two passages, the very sentence an event
holds of it (`quoted`, see quoted_pairs): the same words quoted by two outlets in the
sentences that carry the fact, the evidence whose links are right most often."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from site_builder.align.cluster import Event, link_passages
from site_builder.align.similarity import Link, Unit
from site_builder.core.model import PassageKey

QUOTED_KINDS = frozenset({"quote", "run"})
"""Kinds of evidence (Link.kinds) that may back the one pair a row adds: a quotation or
a run of words verbatim. On the 64 golds such rows added 13 right pairs and 1 wrong
(docs/alignment.md, "One event, one row: twelfth round"); with numbers and phrases too
19 right and 6 wrong, with any link 36 and 22."""

ROW_CHOICES = 2
"""Two events are read for a row only where they hold different passages of at most this
many articles (at most 2**ROW_CHOICES rows to try): rows of one fact disagree on an
outlet or two; two large events of a story of hundreds of articles that disagree on many
are different facts, and trying every choice would grow as 2**articles."""


def quoted_pairs(
    units: Sequence[Unit], links: Iterable[Link]
) -> dict[frozenset[PassageKey], list[Link]]:
    """Passage pair -> the links between them whose evidence holds a quotation or a
    verbatim run (QUOTED_KINDS): what may back the one pair a row adds."""
    found: dict[frozenset[PassageKey], list[Link]] = defaultdict(list)
    for link in links:
        if link.kinds & QUOTED_KINDS:
            found[link_passages(units, link)].append(link)
    return dict(found)


def shown_rows(
    events: list[Event],
    units: Sequence[Unit],
    quoted: Mapping[frozenset[PassageKey], list[Link]] | None = None,
) -> list[Event]:
    """`events` with a row added for each set of passages that two events sharing a
    passage hold between them, one passage per article, every two of them held together
    by some event and no event holding them all; events a new row holds whole are dropped
    (see the module's docstring). `quoted` (see quoted_pairs) may back one pair of a row
    that no event holds. Rows are made in the order of the events (strongest first), so
    the result never depends on the order files were read in."""
    together = {pair for event in events for pair in _pairs(event.passages)}
    quoted = quoted or {}
    holding: dict[PassageKey, list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        for key in event.passages.items():
            holding[key].append(index)
    held = {frozenset(event.passages.items()) for event in events}
    rows: dict[frozenset[PassageKey], list[Link]] = {}
    for index, event in enumerate(events):
        partners = sorted({j for key in event.passages.items() for j in holding[key] if j > index})
        for other in (events[j] for j in partners):
            for row, backing in _rows(event, other, together, quoted, units):
                if row not in held and not _inside(row, events, holding):
                    rows.setdefault(row, backing)
    if not rows:
        return events
    made = [_row_event(row, events, holding, units, backing) for row, backing in rows.items()]
    kept = [
        event
        for event in events
        if not any(frozenset(event.passages.items()) < row for row in rows)
    ]
    return kept + made


def _rows(
    first: Event,
    second: Event,
    together: set[frozenset[PassageKey]],
    quoted: Mapping[frozenset[PassageKey], list[Link]],
    units: Sequence[Unit],
) -> Iterator[tuple[frozenset[PassageKey], list[Link]]]:
    """Each row over the articles of `first` and `second`, per article the passage of
    one or the other, every two of its passages in `together` but at most one pair,
    which a link of `quoted` between sentences the two events hold backs; with the
    links that back it ([] where none is needed)."""
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
        missing = (pair for pair in _pairs(passages) if pair not in together)
        new = next(missing, None)
        if new is None:
            yield row, []
        elif new in quoted and next(missing, None) is None:
            backing = [
                link
                for link in quoted[new]
                if _held(units[link.left], first, second)
                and _held(units[link.right], first, second)
            ]
            if backing:
                yield row, backing


def _held(unit: Unit, first: Event, second: Event) -> bool:
    """Whether one of the two events holds `unit`'s sentence as one that carries it."""
    return any(
        event.passages.get(unit.article) == unit.passage
        and unit.sentence in event.sentences.get(unit.article, ())
        for event in (first, second)
    )


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
    backing: list[Link],
) -> Event:
    """The event of `row`: its passages, with the sentences and links of them that the
    events holding two or more of its passages have, and the `backing` links of the one
    pair no event held (with their sentences)."""
    event = Event(shown_row=True, quoted_row=bool(backing))
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
    for link in backing:
        event.links.append(link)
        for unit in (units[link.left], units[link.right]):
            event.sentences[unit.article].add(unit.sentence)
    return event


def _pairs(passages: dict[str, str]) -> Iterator[frozenset[PassageKey]]:
    keys = sorted(passages.items())
    return (frozenset(pair) for pair in itertools.combinations(keys, 2))
