"""A name written out in full is one name, not a phrase (align/names.py): alone it makes
no same-event link, however many words it has."""

from __future__ import annotations

import pytest

from tests.align.test_align import FILLER, aligned, pairs, story_of

NAMED = {
    "a": "The doctor said she is fit to serve as “president of the United States.”",
    "b": "She was paid for speeches, all of them in the United States except two in Toronto.",
}
"""The two sentences share only a quotation that names a country: not one fact."""


def test_a_name_alone_makes_no_same_event_link(tmp_path):
    alignment = aligned(story_of(tmp_path, {**NAMED, **FILLER}))
    assert alignment.groups == ()
    [group] = [g for g in alignment.related if {m.article for m in g.members} == {"a", "b"}]
    assert "a name written out in full" in group.why


@pytest.mark.parametrize(
    "a, b",
    [
        pytest.param(
            "Kiev offered to ban foreign military bases on its territory.",
            "The draft rules out foreign military bases in the country.",
            id="a phrase of common words",
        ),
        pytest.param(
            "Critics said the nominee has “no federal law enforcement experience.”",
            "The nominee has “no federal law enforcement experience,” the senator noted.",
            id="a quotation of common words",
        ),
        pytest.param(
            "The senator asked: “Well, which is it?”",
            "A voter asked too: “Well, which is it?”",
            id="a quotation whose capital only begins it",
        ),
    ],
)
def test_a_thing_of_several_common_words_still_links(tmp_path, a, b):
    assert pairs(aligned(story_of(tmp_path, {"a": a, "b": b, **FILLER})).groups) == {
        frozenset({"a/p-1", "b/p-1"})
    }
