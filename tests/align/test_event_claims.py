"""The claims settle_events makes about an event (its time), on small stories whose
truth is plain (thirteenth round of the claims audit, docs/alignment.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from site_builder.align.settle import settle_events
from site_builder.align.time import without_naming_years
from tests.frame.test_claims import ENGLISH, aligned, story_of


def _event_time(tmp_path: Path, texts: dict[str, str], date: str) -> str:
    story = story_of(tmp_path, texts)
    story = replace(story, articles=tuple(replace(a, date=date) for a in story.articles))
    alignment = aligned(story, [[(slug, "p-1") for slug in texts]])
    return settle_events(story, alignment, ENGLISH).groups[0].time


def test_a_year_naming_an_election_is_not_the_time_of_the_event(tmp_path):
    # Roger Stone's indictment (2019) was dated 2016 from "the 2016 election"
    texts = {
        "one": "Mueller charged Stone, who worked on Trump's campaign in the 2016 election.",
        "two": "Stone was charged by Mueller over the 2016 election and WikiLeaks.",
    }
    assert _event_time(tmp_path, texts, "2019-01-25") == ""


def test_a_year_that_says_when_still_gives_the_event_its_time(tmp_path):
    texts = {
        "one": "Between June and July 2016, Stone told campaign officials about WikiLeaks.",
        "two": "In 2016 Stone told campaign officials about WikiLeaks.",
    }
    assert _event_time(tmp_path, texts, "2019-01-25") == "2016"


def test_only_a_year_between_the_and_a_word_it_qualifies_is_blanked():
    assert without_naming_years("in the 2016 election") == "in the #### election"
    assert without_naming_years("The 2012 race ended.") == "The #### race ended."
    assert without_naming_years("in 2016 he ran; by the end of 2016.") == (
        "in 2016 he ran; by the end of 2016."
    )
    assert without_naming_years("since the 2010 Tea Party wave") == (
        "since the 2010 Tea Party wave"
    )
