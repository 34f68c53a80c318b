"""What the comparison page says of passages the aligner did not link (thirteenth round
of the claims audit, docs/alignment.md): that they are not linked, never that no other
outlet reports them (on the gold BASIL pages 661 of 1,537 such passages tell an event
another outlet reports, in other words)."""

from __future__ import annotations

from site_builder.commands.build import build
from site_builder.core.config import load_config
from tests.conftest import text_of, write_article


def test_a_passage_no_one_is_linked_to_is_said_to_be_not_linked_not_unreported(tmp_path):
    site = tmp_path / "site"
    folder = site / "content" / "talks"
    folder.mkdir(parents=True)
    (site / "site.yml").write_text("title: T\nbase_url: /\n")
    write_article(folder, "a", "Talks began in Istanbul on Tuesday.\n\nThe weather was fine.")
    write_article(folder, "b", "Talks began in Istanbul on Tuesday, officials said.")
    build(load_config(site / "site.yml"))
    words = text_of((site / "output" / "talks" / "index.html").read_text())
    assert "1 passage not linked to any other outlet" in words
    assert "no other outlet reports" not in words


def test_the_coverage_table_says_a_blank_cell_is_not_linked_not_unreported(tmp_path):
    """A sighted reader sees a dot for "reported" and nothing for "not linked": the
    caption says what the blank means, so that it does not read as "does not report"."""
    site = tmp_path / "site"
    folder = site / "content" / "talks"
    folder.mkdir(parents=True)
    (site / "site.yml").write_text("title: T\nbase_url: /\n")
    write_article(folder, "a", "Talks began in Istanbul on Tuesday between the delegations.")
    write_article(folder, "b", "Talks began in Istanbul on Tuesday between the delegations.")
    write_article(folder, "c", "The weather in Moscow was fine.")
    build(load_config(site / "site.yml"))
    words = text_of((site / "output" / "talks" / "index.html").read_text())
    assert "a blank cell: not linked (the outlet may tell it in other words)" in words
