"""One event, one row (align/cluster.py, merged_events, ninth round): two events that
share a passage join where the passages they put together have a link of their own or
both name a thing the two events' evidence shares that few other passages of the story
name (at most MERGE_SPREAD times as many as the joined event holds)."""

from __future__ import annotations

from tests.align.test_align import aligned, pairs, story_of

FILLER = (
    "The county fair opened with a pie contest and a tractor parade.",
    "Heavy rain flooded the main road into the town centre on Sunday.",
    "The school board approved a longer lunch break for younger pupils.",
    "A new bakery on the high street sold out of bread by noon.",
    "The library extended its opening hours over the summer holidays.",
    "Local farmers reported a good harvest of apples and pears this year.",
)
"""Paragraphs about nothing the story tells, so that its words have frequencies."""


def story(tmp_path, c: str, z: tuple[str, ...] = ()):
    """a tells that Barney Frank wanted the interim appointment in words b and c each
    share two things of; b and c tell it with `c` in between only Frank in common; an
    article z holds the passages `z`, if any."""
    told = {
        "a": "Former congressman Barney Frank asked Governor Patrick for the interim "
        "appointment to the Senate.",
        "b": "Barney Frank wanted the interim appointment, aides confirmed.",
        "c": c,
    }
    articles = {
        slug: "\n\n".join((text, *FILLER[i::3])) for i, (slug, text) in enumerate(told.items())
    }
    articles.update({f"x{i}": "\n\n".join(FILLER[i:] + FILLER[:i]) for i in range(3)})
    if z:
        articles["z"] = "\n\n".join(z)
    return story_of(tmp_path, articles)


def test_two_rows_of_one_fact_join_on_a_rare_thing_both_name(tmp_path):
    alignment = aligned(story(tmp_path, "Frank had lobbied Patrick openly for the Senate seat."))
    assert frozenset({"b/p-1", "c/p-1"}) in pairs(alignment.groups)
    [group] = [g for g in alignment.groups if len(g.members) == 3]
    assert "few other passages name" in group.why and "Frank" in group.why


def test_a_thing_the_story_repeats_joins_no_rows(tmp_path):
    # Frank is in 7 of the story's passages, more than twice the three the joined row
    # would hold: the two rows stay apart, as two facts about a man the story keeps
    # naming would.
    extra = (
        "The roof was repaired by Frank last spring.",
        "Frank painted the fence green.",
        "The choir sang while Frank played the organ.",
        "Frank walked his dog along the canal.",
    )
    alignment = aligned(
        story(tmp_path, "Frank had lobbied Patrick openly for the Senate seat.", extra)
    )
    assert frozenset({"a/p-1", "b/p-1"}) in pairs(alignment.groups)
    assert frozenset({"a/p-1", "c/p-1"}) in pairs(alignment.groups)
    assert frozenset({"b/p-1", "c/p-1"}) not in pairs(alignment.groups)


def test_two_events_of_several_members_never_join_on_one_name(tmp_path):
    # c tells both facts: Frank wanted the appointment (with a and b) and will chair
    # the harbour commission (with d and e). Joining the two rows would put four pairs
    # with no link of their own together (a and b with d and e): one name is no
    # evidence for four pairs, so the two rows stay apart.
    told = {
        "a": "Former congressman Barney Frank asked Governor Patrick for the interim "
        "appointment to the Senate.",
        "b": "Barney Frank wanted the interim appointment, aides to Governor Patrick confirmed.",
        "c": "Barney Frank, who wanted the interim appointment, will now chair the harbour "
        "commission, Mayor Quimby announced.",
        "d": "Mayor Quimby named Frank to chair the harbour commission.",
        "e": "The harbour commission will be chaired by Frank, Quimby said.",
    }
    articles = {
        slug: "\n\n".join((text, *FILLER[i % 3 :: 3]))
        for i, (slug, text) in enumerate(told.items())
    }
    articles.update({f"x{i}": "\n\n".join(FILLER[i:] + FILLER[:i]) for i in range(3)})
    groups = aligned(story_of(tmp_path, articles)).groups
    shown = pairs(groups)
    assert {frozenset({"a/p-1", "b/p-1"}), frozenset({"d/p-1", "e/p-1"})} <= shown
    assert frozenset({"a/p-1", "d/p-1"}) not in shown
