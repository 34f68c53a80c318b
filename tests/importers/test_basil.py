"""Importing the BASIL corpus as stories (read from ../shared, skipped where absent)."""

from __future__ import annotations

import json
import shutil

import pytest

from site_builder.commands.cli import main
from site_builder.importers.basil import (
    import_basil,
    markdown_escape,
    read_basil_article,
    story_slug,
)
from site_builder.read.content import read_story
from tests.conftest import BASIL, NO_BASIL

needs_basil = pytest.mark.skipif(not (BASIL / "articles").is_dir(), reason=NO_BASIL)
TRIPLET = "22b6e900-4826-4b09-a9f8-5d7afe46e78b"


@pytest.fixture
def small_basil(tmp_path):
    """A copy of one BASIL triplet (three articles), laid out as the corpus is."""
    target = tmp_path / "basil" / "articles" / "2014"
    target.mkdir(parents=True)
    for path in (BASIL / "articles" / "2014").glob(f"{TRIPLET}_*.json"):
        shutil.copy(path, target)
    return tmp_path / "basil"


@needs_basil
def test_import_writes_one_story_per_event_with_front_matter_from_the_json(
    small_basil, tmp_path, capsys
):
    assert main(["import", "basil", str(small_basil), "--output", str(tmp_path / "c")]) == 0
    assert "Imported 1 story (3 articles)" in capsys.readouterr().out
    story = read_story(tmp_path / "c" / "2014-bruce-braley-apologizes-for-farmer-comments")
    assert story.title == "Bruce Braley apologizes for farmer comments"
    outlets = {a.slug: a for a in story.articles}
    assert {a.outlet for a in outlets.values()} == {"Fox News", "The New York Times", "HuffPost"}
    nyt = outlets["new-york-times"]
    assert nyt.date == "2014-03-25" and nyt.url.startswith("https://www.nytimes.com/")
    assert nyt.passages[0].text.startswith("WASHINGTON — It is a lesson politicians")
    assert len(nyt.passages) == 6  # one passage per BASIL paragraph


@needs_basil
def test_the_whole_corpus_imports_as_100_stories_of_three(tmp_path):
    folders = import_basil(BASIL, tmp_path)
    assert len(folders) == 100
    assert all(len(list(f.glob("*.md"))) == 4 for f in folders)  # 3 articles + _story.md


def test_a_folder_that_is_not_basil_is_refused_clearly(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["import", "basil", str(tmp_path), "--output", str(tmp_path / "c")]) == 1
    assert "not a BASIL corpus: expected articles/YEAR/<uuid>_<n>.json" in (capsys.readouterr().err)


def test_a_folder_that_does_not_exist_is_said_not_to_exist(tmp_path, capsys):
    assert main(["import", "basil", str(tmp_path / "basil"), "--story", "x"]) == 1
    assert capsys.readouterr().err.endswith(
        "basil: no such folder; give the folder that holds BASIL's articles/ and annotations/\n"
    )


def test_basils_own_articles_folder_is_answered_with_the_folder_that_holds_it(tmp_path, capsys):
    (tmp_path / "basil" / "articles" / "2014").mkdir(parents=True)
    (tmp_path / "basil" / "annotations").mkdir()
    given = tmp_path / "basil" / "articles"
    assert main(["import", "basil", str(given), "--output", str(tmp_path / "c")]) == 1
    assert capsys.readouterr().err.endswith(
        f"articles: this is BASIL's articles/ folder; give the folder that holds it, "
        f"{tmp_path / 'basil'}\n"
    )


def test_a_broken_basil_file_is_named(tmp_path, capsys):
    (tmp_path / "articles" / "2010").mkdir(parents=True)
    (tmp_path / "articles" / "2010" / "x_1.json").write_text('{"title": "no body"}')
    assert main(["import", "basil", str(tmp_path), "--output", str(tmp_path / "c")]) == 1
    assert "x_1.json: not a BASIL article (KeyError" in capsys.readouterr().err


def test_markdown_escape_keeps_the_words_exactly():
    from site_builder.read.markdown import markdown_parser, parse_blocks

    for text in [
        "1. Not a list",
        "# not a heading",
        "*stars* and _under_ <b>x</b>",
        "- not a bullet",
        "> not a quote",
        "[not](a link)",
    ]:
        [passage] = parse_blocks(markdown_parser(), markdown_escape(text))
        assert passage.text == text


def test_an_article_without_a_title_gets_no_invented_one(tmp_path):
    (tmp_path / "articles" / "2014").mkdir(parents=True)
    for n, (source, title) in enumerate([("nyt", ""), ("fox", "A headline")], start=1):
        (tmp_path / "articles" / "2014" / f"t_{n}.json").write_text(
            json.dumps(
                {
                    "title": title,
                    "source": source,
                    "triplet-uuid": "t",
                    "main-event": "An event",
                    "date": "2014-06-14",
                    "url": "",
                    "body-paragraphs": [["One sentence."]],
                }
            )
        )
    [folder] = import_basil(tmp_path, tmp_path / "c")
    titles = {a.slug: a.title for a in read_story(folder).articles}
    assert titles == {"new-york-times": "(no headline in the source)", "fox-news": "A headline"}


def test_a_first_paragraph_that_repeats_the_headline_and_photo_credits_are_dropped(tmp_path):
    folder = tmp_path / "basil" / "articles" / "2018"
    folder.mkdir(parents=True)
    article = {
        "triplet-uuid": "t-1",
        "source": "fox",
        "title": "Rep. Smith resigns from Congress",
        "date": "2018-04-06",
        "main-event": "Smith resigns",
        "body-paragraphs": [
            ["Rep. Smith  resigns from Congress"],
            ["Rep. Smith resigned on Friday.", "He gave no reason."],
            ["Rep. Smith in December at the Capitol.CreditJane Doe/Reuters"],
            ["The seat stays empty until November."],
        ],
    }
    (folder / "t-1_1.json").write_text(json.dumps(article))
    [story] = [read_story(f) for f in import_basil(tmp_path / "basil", tmp_path / "c")]
    assert [p.text for p in story.articles[0].passages] == [
        "Rep. Smith resigned on Friday. He gave no reason.",
        "The seat stays empty until November.",
    ]


@pytest.mark.parametrize(
    "event, slug",
    [
        (
            "Bruce Braley apologizes for farmer remark at a fundraiser in Texas",
            "2014-bruce-braley-apologizes-for-farmer-remark-at-a",  # the first eight words
        ),
        ("—", "2014"),  # no letters or digits to spell with: the year alone, no trailing '-'
        ("北京", "2014-bei-jing"),  # other scripts spelled (anyascii)
    ],
)
def test_a_story_folder_is_named_by_year_and_event(tmp_path, event, slug):
    path = tmp_path / "2014" / "t_1.json"
    path.parent.mkdir()
    article = {"title": "A headline", "source": "nyt", "triplet-uuid": "t", "main-event": event}
    path.write_text(json.dumps({**article, "body-paragraphs": [["One sentence."]]}))
    assert story_slug(read_basil_article(path)) == slug


@needs_basil
def test_import_keeps_only_the_stories_named_by_folder_name_or_event_id(tmp_path, capsys):
    content = tmp_path / "c"
    named = ["import", "basil", str(BASIL), "--output", str(content)]
    assert main([*named, "--story", "2014-bruce-braley-apologizes-for-farmer-comments"]) == 0
    assert main([*named, "--story", "72fa9b13-4e59-4716-8df9-4c3580e7dddf"]) == 0
    assert sorted(p.name for p in content.iterdir()) == [
        "2014-bruce-braley-apologizes-for-farmer-comments",
        "2017-donald-trump-considers-joe-lieberman-for-fbi-director",
    ]
    assert "Imported 1 story (3 articles)" in capsys.readouterr().out


@needs_basil
def test_a_story_name_basil_does_not_have_is_refused_with_the_closest_names(tmp_path, capsys):
    named = ["import", "basil", str(BASIL), "--output", str(tmp_path / "c")]
    assert main([*named, "--story", "2014-bruce-braley-apologizes"]) == 1
    error = capsys.readouterr().err
    assert "no BASIL event is named '2014-bruce-braley-apologizes'" in error
    assert "did you mean 2014-bruce-braley-apologizes-for-farmer-comments" in error
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())
