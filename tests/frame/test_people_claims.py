"""Who a page says an outlet quotes, where the page said it wrongly before the
thirteenth round of the claims audit (docs/alignment.md): a person named near a "he
said" that someone else said, and a place taken for the person of it."""

from __future__ import annotations

from tests.frame.test_framing import people_quoted_in


def test_he_said_after_two_people_named_and_none_quoted_is_given_to_no_one(tmp_path):
    # the Times' debate report: Ryan says it to Biden, the last one named
    text = (
        "Paul Ryan tried to be respectful, but he showed his irritation when Joe Biden"
        " kept interrupting to attack his policy on Medicare. “I know you’re under"
        " duress,” he told the vice president, prompting another belly laugh."
    )
    assert people_quoted_in(tmp_path, text) == []


def test_he_said_after_one_person_named_is_that_persons(tmp_path):
    text = (
        "Senator Mark Warner spoke to reporters on Tuesday. “We will get to the bottom"
        " of this,” he said."
    )
    assert people_quoted_in(tmp_path, text) == ["Mark Warner"]


def test_a_person_named_with_the_place_they_are_of_is_the_person_quoted(tmp_path):
    text = (
        "“We’re seeing a lot of marijuana coming over from Colorado,” said Sheriff Adam"
        " Hayward of Deuel County, Neb., who was gratified by the lawsuit."
    )
    assert people_quoted_in(tmp_path, text) == ["Adam Hayward"]


def test_of_still_joins_a_title_to_the_name_after_it(tmp_path):
    text = "“The talks went well,” said Secretary of State John Kerry on Tuesday."
    assert people_quoted_in(tmp_path, text) == ["John Kerry"]


def test_a_nickname_in_quotation_marks_is_not_the_name_a_person_is_listed_by(tmp_path):
    # "Mad Dog Mattis" was the Mattis story's name for him on every outlet's row
    text = (
        "Jim Mattis, nicknamed “Mad Dog Mattis” during his time as a Marine, resigned."
        " “I will step down in February,” Mattis said."
    )
    assert people_quoted_in(tmp_path, text) == ["Jim Mattis"]
