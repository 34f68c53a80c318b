"""alignments.yml names passages by their place (p-1, p-2, ...): a paragraph cut or
added above a named one moves it to another id, and the entry, still valid, names
another passage. The build says so, with the line and the id to write."""

from __future__ import annotations

import json

from site_builder.commands.cli import main
from site_builder.commands.moved import moved_passages
from tests.conftest import write_article

CUT = "The mayor opened the meeting at six."


def ferry_site(tmp_path):
    (tmp_path / "site.yml").write_text("title: T\n", encoding="utf-8")
    story = tmp_path / "content" / "vote"
    story.mkdir(parents=True)
    write_article(
        story,
        "a",
        f"""
        {CUT}

        The council voted seven to two on Tuesday to keep the night ferry.

        Mayor Lena Tor said the ferry cost 40,000 pounds a year.

        The ferry will run until April.
        """,
    )
    write_article(
        story,
        "b",
        """
        On Tuesday the council voted to keep the night ferry, seven to two.

        The ferry costs 40,000 pounds a year, the mayor says.
        """,
    )
    (story / "alignments.yml").write_text("link:\n  - [a/p-2, b/p-1]\n", encoding="utf-8")
    return tmp_path


def build(site, capsys, *options: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["build", "-q", *options, "--config", str(site / "site.yml")])
    return code, capsys.readouterr().err


def test_a_paragraph_cut_above_a_named_passage_is_said_until_the_entry_is_put_right(
    tmp_path, capsys
):
    site = ferry_site(tmp_path)
    article, overrides = (
        site / "content" / "vote" / "a.md",
        site / "content" / "vote" / "alignments.yml",
    )
    assert build(site, capsys) == (0, "")
    article.write_text(article.read_text().replace(f"{CUT}\n\n", ""))  # a/p-2 is now a/p-1
    moved = (
        f"WARNING: {overrides}:2: 'a/p-2' now names another passage: the one it named, "
        "'The council voted seven to two on Tuesd…', is now a/p-1 (a paragraph before it was "
        "cut or added, and the ids after it moved); write a/p-1 to keep it\n"
    )
    assert build(site, capsys) == (0, moved)
    assert build(site, capsys) == (0, moved)  # said again while nothing changed
    code, said = build(site, capsys, "--strict")
    assert code == 1 and "'a/p-2' now names another passage" in said
    overrides.write_text("link:\n  - [a/p-1, b/p-1]\n", encoding="utf-8")
    assert build(site, capsys) == (0, "")


def test_a_named_passage_cut_whose_id_another_now_holds_is_said(tmp_path, capsys):
    site = ferry_site(tmp_path)
    article, overrides = (
        site / "content" / "vote" / "a.md",
        site / "content" / "vote" / "alignments.yml",
    )
    overrides.write_text("apart:\n  - [a/p-3, b/p-1]\n", encoding="utf-8")
    assert build(site, capsys) == (0, "")
    text = article.read_text()
    article.write_text(
        text.replace("Mayor Lena Tor said the ferry cost 40,000 pounds a year.\n\n", "")
    )
    code, said = build(site, capsys)
    assert code == 0 and said == (
        f"WARNING: {overrides}:2: 'a/p-3' now names another passage, 'The ferry will run "
        "until April.' (it was a/p-4), and the one it named, 'Mayor Lena Tor said the ferry "
        "cost 40,0…', is gone; check this entry, or remove it\n"
    )


def test_a_named_passage_edited_where_it_stands_has_not_moved(tmp_path, capsys):
    site = ferry_site(tmp_path)
    article = site / "content" / "vote" / "a.md"
    assert build(site, capsys) == (0, "")
    article.write_text(
        article.read_text().replace("40,000 pounds", "40,000 pounds (about $50,000)")
    )
    assert build(site, capsys) == (0, "")


def test_a_last_entry_without_passage_texts_gives_no_warning(tmp_path):
    # the cache and the output are anyone's to write: an entry whose passages lack their
    # text (an older or edited file) is not this check's to judge, and never a traceback
    story = ferry_site(tmp_path) / "content" / "vote"
    entry = {"articles": [{"slug": "a", "passages": [{"id": "p-1"}, {"id": "p-2"}]}]}
    now = {"articles": [{"slug": "a", "passages": [{"id": "p-1", "text": CUT}]}]}
    assert moved_passages(story, json.dumps(entry), json.dumps(now)) == []
