"""A verbatim run of common words (align/runs.py): two sentences that share four words
in a row, two of them content words, and nothing else that links them are the same
event where each is the other's closest match."""

from __future__ import annotations

from tests.align.test_align import aligned, pairs, story_of

COMMON = {
    "x": "The movement held a rally in Kansas.",
    "y": "Racism was the topic of a lecture in the capital.",
}
"""Passages that name racism or the movement too: in this story neither is a specific
thing (each is in three of its four passages)."""


def test_four_words_in_a_row_of_common_words_are_the_same_event(tmp_path):
    story = story_of(
        tmp_path,
        {
            "a": "There is no racism within the movement.",
            "b": "Its leaders see no racism within the movement.",
            **COMMON,
        },
    )
    alignment = aligned(story)
    assert pairs(alignment.groups) == {frozenset({"a/p-1", "b/p-1"})}
    [group] = alignment.groups
    assert "words in a row and nothing else links them" in group.why
