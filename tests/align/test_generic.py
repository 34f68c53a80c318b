"""Evidence an article keeps coming back to is no fact of its own (align/generic.py):
two sentences that share only what one of their articles names together in three
passages or more are not the same event."""

from __future__ import annotations

from tests.align.test_align import aligned, pairs, story_of

OTHER = [
    "A farmer in Kansas sold his wheat at the market.",
    "The weather in the capital stayed mild all week.",
    "Fishermen on the coast reported a quiet season.",
    "A bakery downtown raised the price of bread.",
    "The library opened a new reading room in spring.",
    "Trains to the north ran late because of snow.",
    "A museum lent two paintings to a gallery abroad.",
    "The school board met to discuss new textbooks.",
    "A storm knocked down power lines in the valley.",
    "The city council approved a new bicycle lane.",
    "Farmers expect a larger corn harvest this year.",
    "A new bridge over the river opened to traffic.",
    "The orchestra played its last concert of the season.",
    "Hikers found the mountain trail closed by a rockslide.",
    "A local team won the regional chess tournament.",
    "The zoo welcomed two young penguins from abroad.",
]
"""Passages about nothing in particular, so that the two names and the day are specific
(in at most a quarter of the story's passages)."""


def story(tmp_path, second: str):
    first = "\n\n".join(
        [
            "Governor Hollis Brandt praised Senator Orla Venn at the fair on Friday.",
            "Hollis Brandt and Orla Venn argued over the budget on Friday.",
            "Late on Friday, Hollis Brandt asked Orla Venn to lead the water board.",
            *OTHER[:8],
        ]
    )
    return story_of(tmp_path, {"a": first, "b": "\n\n".join([second, *OTHER[8:]])})


def test_what_one_article_keeps_coming_back_to_is_no_same_event_link(tmp_path):
    alignment = aligned(story(tmp_path, "Hollis Brandt thanked Orla Venn for her vote."))
    assert not any("b/p-1" in pair for pair in pairs(alignment.groups))
    assert any(
        "keeps coming back to" in g.why
        for g in alignment.related
        if "b" in {m.article for m in g.members}
    )


def test_the_same_names_with_a_day_they_share_still_link(tmp_path):
    """A day shared ties two sentences to one moment, however often the article names
    it with them."""
    alignment = aligned(story(tmp_path, "Hollis Brandt thanked Orla Venn on Friday."))
    assert any("b/p-1" in pair for pair in pairs(alignment.groups))
