"""Links found, then dropped, that stand on their own evidence (align/found.py): a
sentence that tells two facts is linked to another outlet's report of its second fact
on three specific things; one thing of several words under the threshold is the same
event where another kind of evidence agrees."""

from __future__ import annotations

from tests.align.test_align import QUIET, aligned, pairs, story_of

FIRE_AND_FLOOD = {
    "a": "Fire crews from Dorchester and Weymouth fought the blaze at the paper mill for six "
    "hours overnight, and on the same morning the mayor of Bridport opened the barrier "
    "against floods on the Brit.",
    "b": "Fire crews from Dorchester and Weymouth fought a blaze at the old paper mill for six "
    "hours overnight.\n\nThe Brit now has its barrier, which Bridport finally got after three "
    "years of building work, delays, disputes with contractors and complaints from "
    "shopkeepers about the noise and dust in the streets.",
}
"""a's one sentence tells the fire and the flood barrier; b tells each in a passage of
its own. a's sentence is closest to b's fire (a verbatim run), so its link to b's
barrier (Bridport, Brit, barrier; similarity 0.21) is the closest match of b's sentence
only."""

BASES = {
    "a": "The minister told parliament on a cold and windy afternoon that the country would "
    "never accept “foreign military bases” on its soil, whatever the pressure from its "
    "neighbours and allies.",
    "b": "Opposition leaders, speaking after a long meeting in the old town hall, said the "
    "promise to refuse “foreign military bases” was the only part of the plan they could "
    "support without reservations.",
}
"""One thing of several words shared (similarity 0.11, under the event threshold), which
both sentences quote."""


def test_a_sentence_of_two_facts_links_to_the_report_of_its_second_on_three_things(tmp_path):
    alignment = aligned(story_of(tmp_path, {**FIRE_AND_FLOOD, **QUIET}))
    assert pairs(alignment.groups) == {
        frozenset({"a/p-1", "b/p-1"}),
        frozenset({"a/p-1", "b/p-2"}),
    }
    [barrier] = [
        g for g in alignment.groups if ("b", "p-2") in {(m.article, m.passage) for m in g.members}
    ]
    assert "three specific things" in barrier.why


def test_one_thing_of_several_words_under_the_threshold_is_the_same_event_when_quoted(tmp_path):
    alignment = aligned(story_of(tmp_path, {**BASES, **QUIET}))
    [group] = alignment.groups
    assert "another kind of evidence agrees" in group.why
    assert "phrase, quote" in group.why


def test_the_same_phrase_unquoted_stays_related(tmp_path):
    unquoted = {slug: text.replace("“", "").replace("”", "") for slug, text in BASES.items()}
    alignment = aligned(story_of(tmp_path, {**unquoted, **QUIET}))
    assert alignment.groups == ()
    assert pairs(alignment.related) == {frozenset({"a/p-1", "b/p-1"})}
