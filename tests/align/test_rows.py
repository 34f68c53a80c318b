"""One row for a fact whose pairs other rows already show (align/rows.py, eleventh
round): complete linkage files the Fox-like lead a-1 with b-2 and c-1 first, and b-1
with a-2 and c-1, so the last link, a-1 with b-1, starts a row of two. Every two of a-1,
b-1 and c-1 are then in some row, and no row holds all three: shown_rows makes that row,
adding no pair a reader did not already see."""

from __future__ import annotations

from unittest import mock

import site_builder.align as A
from site_builder.align.cluster import Event
from site_builder.align.rows import quoted_pairs, shown_rows
from site_builder.align.similarity import Link, Unit
from tests.align.test_align import aligned, pairs, story_of
from tests.align.test_grouping import FILLER

TOLD = {
    "a": (
        "Meanwhile the harbour ferry strike stranded commuters overnight, union leaders "
        "demanded better pension terms quickly, and dockworkers blocked three cargo "
        "terminals near midnight.",
        "Meanwhile the mayor convened emergency talks with negotiators as police "
        "escorted weary tourists onto chartered buses.",
    ),
    "b": (
        "Meanwhile a spokesman apologised for repeated timetable failures after the "
        "harbour ferry strike stranded commuters overnight.",
        "Meanwhile union leaders demanded better pension terms quickly while the mayor "
        "convened emergency talks with negotiators, and the regional transport authority "
        "issued refund vouchers.",
    ),
    "c": (
        "Meanwhile dockworkers blocked three cargo terminals near midnight, police "
        "escorted weary tourists onto chartered buses, the regional transport authority "
        "issued refund vouchers, and a spokesman apologised for repeated timetable "
        "failures.",
    ),
}


def story(tmp_path):
    articles = {
        slug: "\n\n".join((*told, *FILLER[i::3])) for i, (slug, told) in enumerate(TOLD.items())
    }
    return story_of(tmp_path, articles)


def rows(alignment) -> set[frozenset[str]]:
    return {frozenset(f"{m.article}/{m.passage}" for m in g.members) for g in alignment.groups}


def test_one_row_holds_passages_other_rows_show_two_by_two(tmp_path):
    alignment = aligned(story(tmp_path))
    assert frozenset({"a/p-1", "b/p-2", "c/p-1"}) in rows(alignment)
    [group] = [g for g in alignment.groups if "two by two" in g.why]
    assert {f"{m.article}/{m.passage}" for m in group.members} == {"a/p-1", "b/p-2", "c/p-1"}
    # the row of two it holds whole is gone; no pair is added or lost
    assert frozenset({"a/p-1", "b/p-2"}) not in rows(alignment)
    with mock.patch.object(A, "shown_rows", lambda events, units, quoted=None: events):
        before = aligned(story(tmp_path))
    assert frozenset({"a/p-1", "b/p-2", "c/p-1"}) not in rows(before)
    assert pairs(before.groups) == pairs(alignment.groups)


# Twelfth round: one pair no row shows, backed by the same words quoted in the sentences
# that carry the fact. a-1 and b-1 tell it and are in a row with c-2 (another fact of c);
# b-1 and c-1 tell it in a row of two; a-1 and c-1 quote the same words, a link the
# aligner found and dropped. The row a-1, b-1, c-1 holds the fact whole.


def _unit(article: str, passage: str, sentence: int = 0) -> Unit:
    return Unit(article, passage, 0, sentence, ("levi",), ("the", "levy"), frozenset())


def _event(passages: dict[str, str], sentences: dict[str, set[int]] | None = None) -> Event:
    event = Event()
    for article, passage in passages.items():
        event.passages[article] = passage
        event.sentences[article] = (sentences or {}).get(article, {0})
    return event


UNITS = [_unit("a", "p-1"), _unit("b", "p-1"), _unit("c", "p-1"), _unit("c", "p-2")]
UNITS.append(_unit("a", "p-1", 1))  # a second sentence of a-1, which no row holds


def _link(left: int, right: int, kinds: set[str]) -> Link:
    return Link(left, right, 0.12, ("“would increase the risk”",), 0, kinds=frozenset(kinds))


def _two_rows() -> list[Event]:
    return [_event({"a": "p-1", "b": "p-1", "c": "p-2"}), _event({"b": "p-1", "c": "p-1"})]


def _passages(events: list[Event]) -> set[frozenset[tuple[str, str]]]:
    return {frozenset(e.passages.items()) for e in events}


def test_a_quotation_between_the_sentences_that_carry_the_fact_makes_one_row():
    whole = frozenset({("a", "p-1"), ("b", "p-1"), ("c", "p-1")})
    quoted = quoted_pairs(UNITS, [_link(0, 2, {"quote"})])
    events = shown_rows(_two_rows(), UNITS, quoted)
    assert whole in _passages(events)
    [row] = [e for e in events if frozenset(e.passages.items()) == whole]
    assert row.quoted_row and row.shown_row
    # the row of two it holds whole is gone; the row with c's other fact stays
    assert frozenset({("b", "p-1"), ("c", "p-1")}) not in _passages(events)
    assert frozenset({("a", "p-1"), ("b", "p-1"), ("c", "p-2")}) in _passages(events)
    # without the quoted pairs (as in round eleven) no such row
    assert whole not in _passages(shown_rows(_two_rows(), UNITS))


def test_other_evidence_or_another_sentence_backs_no_row():
    whole = frozenset({("a", "p-1"), ("b", "p-1"), ("c", "p-1")})
    # a shared number is no quotation: quoted_pairs keeps nothing
    assert quoted_pairs(UNITS, [_link(0, 2, {"number"})]) == {}
    # the quotation is in a sentence of a-1 that no row holds as carrying the fact
    quoted = quoted_pairs(UNITS, [_link(4, 2, {"quote"})])
    assert whole not in _passages(shown_rows(_two_rows(), UNITS, quoted))
