"""One specific thing and the same day or number (align/dated.py): two sentences that
share one specific thing are the same event where they also give the same day, month
or number, and each is the other's closest match; one thing alone makes no link."""

from __future__ import annotations

from tests.align.test_align import QUIET, TWO_FACTS, aligned, pairs, story_of

ELSEWHERE = {
    "x": "A farmer in Kansas sold his wheat at the market in June.",
    "y": "The weather in the capital stayed mild for most of June.",
}
"""Passages about nothing in particular that name June too: in this story June is in
every passage, too common to be a specific thing of its own."""


def test_one_thing_and_the_same_month_are_the_same_event(tmp_path):
    story = story_of(
        tmp_path,
        {
            "a": "Sentencing has been set for June.",
            "b": "The judge set the sentencing for June at the federal court.",
            **ELSEWHERE,
        },
    )
    alignment = aligned(story)
    assert pairs(alignment.groups) == {frozenset({"a/p-1", "b/p-1"})}
    [group] = alignment.groups
    assert "one specific thing and the same day or number" in group.why


def test_one_thing_without_the_same_time_makes_no_link(tmp_path):
    story = story_of(
        tmp_path,
        {
            "a": "Sentencing has been set for June.",
            "b": "The judge set the sentencing at the federal court.",
            **ELSEWHERE,
        },
    )
    assert pairs(aligned(story).groups) == set()


def test_the_day_itself_is_no_second_thing(tmp_path):
    # "Wednesday" is the one specific thing they share: nothing besides it agrees.
    story = story_of(
        tmp_path,
        {
            "a": "The mayor resigned on Wednesday.",
            "b": "Shops in the harbour closed early on Wednesday.",
            **ELSEWHERE,
        },
    )
    assert pairs(aligned(story).groups) == set()


def test_a_week_names_no_time(tmp_path):
    # "stayed mild all week" / "stayed in port for a week": one thing (stayed) and
    # "week", a word of time that names no day two reports could share.
    story = story_of(tmp_path, {**TWO_FACTS, **QUIET})
    assert frozenset({"w/p-3", "y/p-1"}) not in pairs(aligned(story).groups)
