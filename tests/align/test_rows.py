"""One row for a fact whose pairs other rows already show (align/rows.py, eleventh
round): complete linkage files the Fox-like lead a-1 with b-2 and c-1 first, and b-1
with a-2 and c-1, so the last link, a-1 with b-1, starts a row of two. Every two of a-1,
b-1 and c-1 are then in some row, and no row holds all three: shown_rows makes that row,
adding no pair a reader did not already see."""

from __future__ import annotations

from unittest import mock

import site_builder.align as A
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
    with mock.patch.object(A, "shown_rows", lambda events, units: events):
        before = aligned(story(tmp_path))
    assert frozenset({"a/p-1", "b/p-2", "c/p-1"}) not in rows(before)
    assert pairs(before.groups) == pairs(alignment.groups)
