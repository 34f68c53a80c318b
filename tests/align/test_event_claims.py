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


def _event_title(tmp_path: Path, texts: dict[str, str]) -> str:
    story = story_of(tmp_path, texts)
    alignment = aligned(story, [[(slug, "p-1") for slug in texts]])
    return settle_events(story, alignment, ENGLISH).groups[0].label


def test_a_title_from_inside_a_sentence_after_its_subject_is_marked_as_cut(tmp_path):
    # "Said Obama campaign manager Jim Messina" read as a sentence of its own
    texts = {
        "one": '"This is a political prosecution with no basis at all and we will fight it'
        ' in every court there is," said lawyer Grant Smith.',
        "two": "Grant Smith, the lawyer, spoke to reporters outside the courthouse in Fort"
        " Lauderdale for a long time on a hot and humid Friday afternoon.",
    }
    assert _event_title(tmp_path, texts) == "…said lawyer Grant Smith"


def test_a_main_clause_after_an_opening_phrase_keeps_its_capital(tmp_path):
    texts = {
        "one": "On Friday, the lawyer Grant Smith spoke to reporters.",
        "two": "Grant Smith, the lawyer, spoke to reporters outside the courthouse.",
    }
    assert _event_title(tmp_path, texts) == "The lawyer Grant Smith spoke to reporters"
