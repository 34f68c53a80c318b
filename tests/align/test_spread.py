"""A closest match on what both articles keep coming back to is no fact of its own
(align/spread.py): two sentences whose shared things each stand, on their own, in three
passages or more of each of the two articles are not the same event."""

from __future__ import annotations

from tests.align.test_align import aligned, pairs, story_of
from tests.align.test_generic import OTHER


def story(tmp_path, first: str, second: str, mentions: int = 3):
    """Two articles that each name Brandt and Venn apart in `mentions` - 1 passages
    more than the first, each time about another fact."""
    a = [
        "In the morning, Hollis Brandt opened the new harbour.",
        "Later, Orla Venn visited the flooded school.",
        "At noon, Hollis Brandt signed the tax bill.",
        "In the evening, Orla Venn met the miners' union.",
    ]
    b = [
        "With reporters, Hollis Brandt toured the steel mill.",
        "Alone, Orla Venn spoke to the farmers' guild.",
        "At city hall, Hollis Brandt named a new police chief.",
        "In the hills, Orla Venn opened a clinic for children.",
    ]
    keep = 2 * (mentions - 1)
    return story_of(
        tmp_path,
        {
            "a": "\n\n".join([first, *a[:keep], *OTHER[:8]]),
            "b": "\n\n".join([second, *b[:keep], *OTHER[8:]]),
        },
    )


def test_what_both_articles_keep_coming_back_to_is_no_same_event_link(tmp_path):
    alignment = aligned(
        story(
            tmp_path,
            "At the county fair, Hollis Brandt praised Orla Venn for her work on water.",
            "On the radio, Hollis Brandt thanked Orla Venn for her vote on the schools.",
        )
    )
    assert not any("b/p-1" in pair and "a/p-1" in pair for pair in pairs(alignment.groups))
    assert any("what both keep coming back to" in g.why for g in alignment.related)


def test_the_same_names_named_less_often_still_link(tmp_path):
    alignment = aligned(
        story(
            tmp_path,
            "At the county fair, Hollis Brandt praised Orla Venn for her work on water.",
            "On the radio, Hollis Brandt thanked Orla Venn for her vote on the schools.",
            mentions=2,
        )
    )
    assert any("b/p-1" in pair and "a/p-1" in pair for pair in pairs(alignment.groups))


def test_the_same_names_with_a_day_they_share_still_link(tmp_path):
    """A day shared ties two sentences to one moment, however often both articles
    name the people."""
    alignment = aligned(
        story(
            tmp_path,
            "At the county fair on Friday, Hollis Brandt praised Orla Venn for her work on water.",
            "On the radio on Friday, Hollis Brandt thanked Orla Venn for her vote on the schools.",
        )
    )
    assert any("b/p-1" in pair and "a/p-1" in pair for pair in pairs(alignment.groups))
