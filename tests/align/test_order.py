"""The order of two articles as evidence (align/order.py): a weak link that is the only
one between two sure links of articles told in the same order is the same event."""

from __future__ import annotations

from tests.align.test_align import AQUARIUM, QUIET, aligned, pairs, story_of

COUNCIL = "The city council voted on Monday to approve the new budget for the coming year."
FIRE = "Police said the fire at the old paper mill was started deliberately on Friday night."
FLOOD = "Heavy rain flooded the main road into the town centre for most of Sunday afternoon."
"""Told alike by both outlets: six words in a row or more, the surest links there are."""


def two_articles(b_order: tuple[str, ...]) -> dict[str, str]:
    """Article a tells the council vote, the aquarium, the fire; b the same three in
    `b_order` (of 'council', 'aquarium', 'fire', 'flood'); a's and b's aquarium passages share
    only the shark tank, a link too weak to be the same event on its own."""
    told = {"council": COUNCIL, "aquarium": AQUARIUM["b"], "fire": FIRE, "flood": FLOOD}
    return {
        "a": "\n\n".join((COUNCIL, AQUARIUM["a"], FIRE)),
        "b": "\n\n".join(told[name] for name in b_order),
        **QUIET,
    }


def test_a_weak_link_between_two_sure_links_in_order_is_the_same_event(tmp_path):
    alignment = aligned(story_of(tmp_path, two_articles(("council", "aquarium", "fire"))))
    aquarium = frozenset({"a/p-2", "b/p-2"})
    assert pairs(alignment.groups) == {
        frozenset({"a/p-1", "b/p-1"}),
        aquarium,
        frozenset({"a/p-3", "b/p-3"}),
    }
    [group] = [g for g in alignment.groups if {m.passage for m in g.members} == {"p-2"}]
    assert "in the same order" in group.why


def test_the_same_link_outside_the_gap_stays_related(tmp_path):
    # b tells the aquarium last: the link lies after both sure links, in no gap.
    alignment = aligned(story_of(tmp_path, two_articles(("council", "fire", "aquarium"))))
    aquarium = frozenset({"a/p-2", "b/p-3"})
    assert pairs(alignment.groups) == {
        frozenset({"a/p-1", "b/p-1"}),
        frozenset({"a/p-3", "b/p-2"}),
    }
    assert aquarium in pairs(alignment.related)


def test_articles_whose_sure_links_cross_vouch_for_nothing(tmp_path):
    # b tells the flood first, a last: the two articles are not told in step, so the
    # aquarium link between the council vote and the fire stays related.
    articles = two_articles(("flood", "council", "aquarium", "fire"))
    articles["a"] += "\n\n" + FLOOD
    alignment = aligned(story_of(tmp_path, articles))
    assert frozenset({"a/p-4", "b/p-1"}) in pairs(alignment.groups)  # the flood
    assert frozenset({"a/p-2", "b/p-3"}) not in pairs(alignment.groups)
    assert frozenset({"a/p-2", "b/p-3"}) in pairs(alignment.related)
