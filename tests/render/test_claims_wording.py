"""What the comparison page says of passages the aligner did not link (thirteenth round
of the claims audit, docs/alignment.md): that they are not linked, never that no other
outlet reports them (on the gold BASIL pages 661 of 1,537 such passages tell an event
another outlet reports, in other words)."""

from __future__ import annotations

from tests.conftest import comparison_page_words


def test_a_passage_no_one_is_linked_to_is_said_to_be_not_linked_not_unreported(tmp_path):
    words = comparison_page_words(
        tmp_path,
        {
            "a": "Talks began in Istanbul on Tuesday.\n\nThe weather was fine.",
            "b": "Talks began in Istanbul on Tuesday, officials said.",
        },
    )
    assert "1 passage not linked to any other outlet" in words
    assert "no other outlet reports" not in words


def test_the_coverage_table_says_a_blank_cell_is_not_linked_not_unreported(tmp_path):
    """A sighted reader sees a dot for "reported" and nothing for "not linked": the
    caption says what the blank means, so that it does not read as "does not report"."""
    same = "Talks began in Istanbul on Tuesday between the delegations."
    words = comparison_page_words(
        tmp_path, {"a": same, "b": same, "c": "The weather in Moscow was fine."}
    )
    assert "a blank cell: not linked (the outlet may tell it in other words)" in words
