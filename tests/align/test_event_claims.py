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


def test_a_title_cut_after_a_subject_and_its_aside_keeps_the_verb(tmp_path):
    # "Reince Priebus, the chairman of the Republican National Committee…" said who, not
    # what he did (thirteenth round: titles cut before their verb)
    texts = {
        "one": "Reince Priebus, the chairman of the Republican National Committee, urged Akin"
        " on Tuesday to quit the Senate race in Missouri before the deadline for leaving.",
        "two": "Republican National Committee chairman Reince Priebus spoke of Akin.",
        "three": "Akin was urged on Tuesday to quit the Senate race in Missouri.",
    }
    title = _event_title(tmp_path, texts)
    assert title.startswith("Reince Priebus, the chairman of the Republican National"), title
    assert "urged Akin" in title
    assert len(title.rstrip("…").replace(",", "").split()) <= 14


def test_a_narrated_sentence_is_the_title_before_a_quotation(tmp_path):
    # "The female body has ways to try to shut that whole thing down" named what Akin
    # said, not the event; another member tells it in its own words
    texts = {
        "one": '"The female body has ways to shut that whole thing down in a legitimate'
        ' rape of a woman," Akin told KTVI on Sunday.',
        "two": "Akin said on Sunday that the female body can shut down a pregnancy after"
        " a legitimate rape.",
        "three": '"The female body has ways to shut that whole thing down," Akin said.',
    }
    title = _event_title(tmp_path, texts)
    assert title.startswith("Akin said on Sunday that the female body"), title
