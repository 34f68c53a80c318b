"""Reading content/: front matter checked by a schema, files that cannot be read skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.core.errors import SiteError
from site_builder.read.content import read_story, story_folders
from tests.conftest import run_build, write_article


def story_with(tmp_path: Path, front_matter: str, *, story: str | None = None) -> Path:
    folder = tmp_path / "story"
    folder.mkdir(exist_ok=True)
    (folder / "a.md").write_text(f"---\n{front_matter}---\n\nTalks in Istanbul.\n")
    write_article(folder, "b", "Talks in Istanbul on Tuesday.")
    if story is not None:
        (folder / "_story.md").write_text(f"---\n{story}---\n\nAn introduction.\n")
    return folder


def article_a(folder: Path):
    return read_story(folder).article("a")


@pytest.mark.parametrize(
    "written, kept",
    [
        ("2022-03-29", "2022-03-29"),
        ("'2022-03-29'", "2022-03-29"),
        ("2022-03", "2022-03"),
        ("2022", "2022"),
        ("2022-03-29 10:15:00", "2022-03-29"),
        ("2022-03-29T10:15:00+02:00", "2022-03-29"),
        ("unknown", ""),
        ("", ""),
    ],
)
def test_a_date_keeps_the_precision_it_was_given(tmp_path, written, kept):
    folder = story_with(tmp_path, f"title: T\noutlet: O\ndate: {written}\n")
    assert article_a(folder).date == kept


@pytest.mark.parametrize(
    "written",
    ["2022-02-30", "2022-03-29 25:00:00", "next Tuesday", "2022-13", "22-03-29", "0000", "[2022]"],
)
def test_a_date_that_is_not_a_date_names_the_forms_allowed(tmp_path, written):
    folder = story_with(tmp_path, f"title: T\noutlet: O\ndate: {written}\n")
    with pytest.raises(SiteError) as error:
        read_story(folder)
    assert str(error.value).endswith(
        "a.md:4: date "
        + (repr(written) if written != "[2022]" else written)
        + " is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY (or 'unknown')"
    )


def test_partial_dates_sort_and_show_on_the_pages(site):
    story = site / "content" / "talks"
    write_article(story, "gamma", "Talks in Istanbul, a year on.", outlet="Gamma", date="2022")
    write_article(story, "delta", "Talks in Istanbul, that month.", outlet="Delta", date="2022-03")
    build(load_config(site / "site.yml"))
    index = (site / "output" / "index.html").read_text()
    assert (  # the earliest and the latest, as precise as written
        '<time datetime="2022">2022</time> to <time datetime="2022-03-30">30 March 2022</time>'
    ) in index
    outlets = [index.index(name) for name in ("Gamma", "Delta", "Alpha News", "Beta Daily")]
    assert outlets == sorted(outlets)
    page = (site / "output" / "talks" / "index.html").read_text()
    assert '<time datetime="2022-03">March 2022</time>' in page


def test_front_matter_values_are_texts_as_written(tmp_path):
    folder = story_with(tmp_path, "title: 1984\noutlet: 'No'\nlang: no\nkind: 3.10\n")
    a = article_a(folder)
    assert (a.title, a.outlet, a.lang, a.kind) == ("1984", "No", "no", "3.10")


@pytest.mark.parametrize(
    "written, meant",
    [("English", "en"), ("russian", "ru"), ("pt_BR", "pt-BR"), ("en GB", "en"), ("Русский", "en")],
)
def test_a_language_written_as_a_name_is_an_error_naming_the_code(tmp_path, written, meant):
    """lang becomes the pages' lang attribute: lang="English" is no language a browser or
    screen reader knows (round seventeen: taken as written, in silence)."""
    folder = story_with(tmp_path, f"title: T\noutlet: O\nlang: {written}\n")
    with pytest.raises(SiteError) as error:
        read_story(folder)
    assert str(error.value).endswith(
        f"a.md:4: lang {written!r} is not a language code; write it as a code such as "
        f"{meant} (en, de, pt-BR...), or leave it out"
    )


@pytest.mark.parametrize("written", ["en", "de-AT", "pt-BR", "zh-Hant", "unknown", ""])
def test_a_language_code_is_taken_as_written(tmp_path, written):
    folder = story_with(tmp_path, f"title: T\noutlet: O\nlang: {written}\n")
    assert article_a(folder).lang == written


def test_a_list_where_a_text_belongs_is_an_error(tmp_path):
    folder = story_with(tmp_path, "title: [a, b]\noutlet: O\n")
    with pytest.raises(SiteError) as error:
        read_story(folder)
    assert "a.md:2: 'title' must be a non-empty text, got ['a', 'b']" in str(error.value)


@pytest.mark.parametrize(
    "file, text, message",
    [
        (
            "a.md",
            "---\ntitle: T\noutlet: O\n\nTalks in Istanbul.\n",
            "a.md:1: the front matter opened by --- on line 1 is never closed; add a line --- "
            "after its last key",
        ),
        (
            "_story.md",
            "---\ntitle: The talks\n\nAn introduction.\n",
            "_story.md:1: the front matter opened by --- on line 1 is never closed",
        ),
        (
            "a.md",
            "Talks in Istanbul.\n",
            "a.md:1: no front matter: begin the file with a line ---, then the lines "
            "'title: ...' and 'outlet: ...', then a line ---",
        ),
        ("a.md", "", "a.md:1: no front matter: begin the file with a line ---"),
    ],
)
def test_front_matter_missing_or_never_closed_is_said_as_such(tmp_path, file, text, message):
    """Not "front matter is missing 'title'", of a file whose title is there."""
    folder = story_with(tmp_path, "title: T\noutlet: O\n")
    (folder / file).write_text(text)
    with pytest.raises(SiteError) as error:
        read_story(folder)
    assert message in str(error.value)


def test_story_front_matter_is_checked_like_site_yml(tmp_path):
    folder = story_with(tmp_path, "title: T\noutlet: O\n", story="title: S\nloaded_words: 5\n")
    with pytest.raises(SiteError) as error:
        read_story(folder)
    assert "_story.md:3: 'loaded_words' must be a list of words or phrases, got 5" in str(
        error.value
    )


def test_one_loaded_word_in_a_story_is_a_list_of_one_not_its_letters(tmp_path):
    folder = story_with(tmp_path, "title: T\noutlet: O\n", story="loaded_words: Regime\n")
    assert read_story(folder).loaded_words == ("regime",)


def test_an_article_put_straight_in_content_is_named_as_not_read(site):
    """An article beside the story folders instead of in one was passed over in silence
    (round seventeen); a README.md there, without front matter, is no article."""
    write_article(site / "content", "gamma", "Talks in Istanbul on Wednesday.")
    (site / "content" / "README.md").write_text("# What is in here\n")
    for _ in range(2):  # said again by a build that finds the site up to date
        done = run_build(site, "-q")
        assert done.returncode == 0, done.stderr
        assert done.stderr == (
            f"WARNING: {site}/content/gamma.md: not read: an article (or _story.md) goes in "
            "its story's folder, content/<story>/gamma.md\n"
        )


def test_an_image_inside_the_site_that_no_build_publishes_is_named_with_its_line(site):
    """`![Map](map.png)` became <img src="map.png">, which no build publishes: a broken
    image for every reader, in silence (round seventeen); data: images and images on
    other sites (shown as links) are no such case."""
    story = site / "content" / "talks"
    (story / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # beside it: still not copied
    path = story / "alpha.md"
    path.write_text(
        path.read_text()
        + "\nA map: ![Map](map.png), ![Dot](data:image/png;base64,iVBORw0KGgo=) and "
        + "![Logo](https://example.org/logo.png).\n"
    )
    lines = path.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("A map"))
    done = run_build(site, "-q")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        f"WARNING: {path}:{line}: the image 'map.png' is not published (a build copies no "
        "file from the content folder), so readers would see a broken image; give its web "
        "address (https://...), which pages show as a link, or leave it out\n"
    )
    assert not list((site / "output").rglob("map.png"))


def test_control_characters_never_reach_the_pages(site):
    story = site / "content" / "talks"
    (story / "alpha.md").write_text(
        '---\ntitle: "Red\\e[31m title"\noutlet: "Alpha\\0 News"\n---\n\n'
        + "x " * 5000  # past the part read to tell a binary file
        + "Body with \x1b[2J an escape and \x00 a NUL in Istanbul talks.\n"
    )
    build(load_config(site / "site.yml"))
    for page in (site / "output").rglob("*.html"):
        html = page.read_text()
        assert "\x1b" not in html and "\x00" not in html, page
    article = (site / "output" / "talks" / "alpha" / "index.html").read_text()
    assert "Red[31m title" in article and "Alpha News" in article
    assert "Body with [2J an escape and  a NUL" in article


@pytest.mark.parametrize(
    "make, what",
    [
        (lambda path: os.mkfifo(path), "a named pipe, not a regular file"),
        (lambda path: path.symlink_to(path.name), "a symbolic link that leads to itself (a loop)"),
        (lambda path: path.symlink_to("gone.md"), "a broken symbolic link"),
        (lambda path: path.mkdir(), "a folder, not a Markdown file"),
    ],
)
def test_what_is_not_a_regular_file_is_skipped_with_a_warning(tmp_path, caplog, make, what):
    folder = story_with(tmp_path, "title: T\noutlet: O\n")
    make(folder / "x.md")
    assert story_folders(tmp_path) == [folder]
    assert f"x.md: skipped: {what}" in caplog.text
    assert [a.slug for a in read_story(folder).articles] == ["a", "b"]


def test_a_build_that_reuses_the_story_warns_too(site):
    os.mkfifo(site / "content" / "talks" / "x.md")
    first = run_build(site)
    assert first.returncode == 0 and "x.md: skipped: a named pipe" in first.stderr
    again = run_build(site)
    assert "Up to date" in again.stdout  # the story came from the cache
    assert again.returncode == 0 and "x.md: skipped: a named pipe" in again.stderr


def test_a_name_that_is_not_utf8_is_an_error_naming_it(site):
    os.rename(site / "content/talks/alpha.md", os.fsencode(site / "content/talks") + b"/caf\xe9.md")
    with pytest.raises(SiteError) as error:
        build(load_config(site / "site.yml"))
    assert str(error.value).endswith("caf\\xe9.md: the name is not valid UTF-8 text; rename it")


def test_a_word_too_long_to_be_one_is_an_error_naming_its_line(tmp_path):
    folder = story_with(tmp_path, "title: T\noutlet: O\n")
    (folder / "a.md").write_text("---\ntitle: T\noutlet: O\n---\n\nFine.\n\n" + "z" * 10_001 + "\n")
    with pytest.raises(SiteError) as error:
        read_story(folder)
    assert "a.md:8: a word of 10,001 characters ('zzzz" in str(error.value)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ("link: []\nlink: []\n", "alignments.yml:2: duplicate key 'link' (also on line 1)"),
        (
            "link:\n  - [a/p-1, b/p-1]\napart:\n  - [b/p-1, a/p-1]\n",
            "alignments.yml:4: [b/p-1, a/p-1] is under both 'link' (line 2) and 'apart'",
        ),
        ("labels:\n  a/p-1: [x, y]\n", "alignments.yml:2: the label of a/p-1 must be a text"),
        ("link:\n  - [a/p-1, [b/p-1]]\n", "alignments.yml:2: a passage is written article/p-N"),
        ("link: &x []\n", "alignments.yml:1: YAML anchors (&x) are not supported"),
        ("- a/p-1\n", "alignments.yml:1: must be a mapping with the keys link, apart, labels"),
        ("link:\n  - [a/p-2, b/p-1]\n", "unknown passage 'p-2' in 'a/p-2'; a has only p-1"),
    ],
)
def test_alignments_yml_is_checked_by_the_same_loader(tmp_path, overrides, message):
    folder = story_with(tmp_path, "title: T\noutlet: O\n")
    (folder / "alignments.yml").write_text(overrides)
    with pytest.raises(SiteError) as error:
        read_story(folder)
    assert message in str(error.value)


# --- an editor's slips in front matter: the message says what was meant -----------------


def refusal_of(folder: Path) -> str:
    with pytest.raises(SiteError) as error:
        read_story(folder)
    return str(error.value)


def test_a_misspelt_required_key_is_named_with_its_line(tmp_path):
    # the warning about the unknown key 'outlte' would be lost when the article is
    # refused, so the refusal itself names it, on its own line
    folder = story_with(tmp_path, "title: T\noutlte: Harbour Gazette\n")
    assert refusal_of(folder).endswith(
        "a.md:3: front matter is missing 'outlet' (add a line 'outlet: ...' between the --- "
        "lines); 'outlte' on line 3 looks like 'outlet' misspelt"
    )


def test_a_required_key_in_capitals_is_named_as_misspelt(tmp_path):
    folder = story_with(tmp_path, "Title: T\noutlet: O\n")
    assert "a.md:2: front matter is missing 'title'" in refusal_of(folder)
    assert refusal_of(folder).endswith("'Title' on line 2 looks like 'title' misspelt")


def test_a_required_key_left_empty_is_said_to_be_empty_not_missing(tmp_path):
    folder = story_with(tmp_path, "title: T\noutlet:\n")
    assert refusal_of(folder).endswith(
        "a.md:3: 'outlet' has no value; write it after 'outlet:' (the outlet that published it)"
    )


def test_an_unknown_key_that_looks_like_a_known_one_is_said_so(tmp_path, caplog):
    folder = story_with(tmp_path, "title: T\noutlet: O\nDate: 2022-03-29\n")
    assert article_a(folder).date == ""  # ignored, as the warning says
    assert "a.md:4: unknown front matter key 'Date' is ignored (did you mean 'date'?)" in (
        caplog.text
    )


@pytest.mark.parametrize(
    "written, meant",
    [
        ("12 March 2024", "2024-03-12"),
        ("March 12, 2024", "2024-03-12"),
        ("Tuesday, 12th of March 2024", "2024-03-12"),
        ("2024/03/12", "2024-03-12"),
        ("2024.3.12", "2024-03-12"),
        ("13/03/2024", "2024-03-13"),
        ("03/13/2024", "2024-03-13"),
        ("March 2024", "2024-03"),
    ],
)
def test_a_date_written_another_common_way_is_given_back_in_the_form_allowed(
    tmp_path, written, meant
):
    folder = story_with(tmp_path, f"title: T\noutlet: O\ndate: {written}\n")
    assert refusal_of(folder).endswith(
        f"is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY (or 'unknown'); "
        f"here: date: {meant}"
    )


def test_a_date_whose_day_and_month_cannot_be_told_apart_is_given_both_ways(tmp_path):
    folder = story_with(tmp_path, "title: T\noutlet: O\ndate: 04/03/2024\n")
    assert refusal_of(folder).endswith(
        "; here: date: 2024-03-04 if the day comes first, date: 2024-04-03 if the month does"
    )


@pytest.mark.parametrize(
    "encoding, name",
    [
        ("utf-16", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-16-le", "UTF-16"),  # without a byte-order mark: it was "binary content"
        ("utf-16-be", "UTF-16"),
    ],
)
def test_an_article_saved_as_utf16_is_named_so_not_called_binary(tmp_path, encoding, name):
    # Windows Notepad's "Unicode" is UTF-16 with a byte-order mark: full of NUL bytes
    folder = story_with(tmp_path, "title: T\noutlet: O\n")
    (folder / "a.md").write_text("---\ntitle: T\noutlet: O\n---\n\nText.\n", encoding=encoding)
    assert refusal_of(folder).endswith(
        f"a.md: saved as {name} text, not UTF-8; save the file as UTF-8 (in the editor's "
        "'Save as' or 'Encoding' menu)"
    )


@pytest.mark.parametrize(
    "saved_as, meant, why",
    [
        ("c.markdown", "c.md", "only files ending in .md are read"),
        ("c.MD", "c.md", "only files ending in .md are read"),
        ("alignments.yaml", "alignments.yml", "site-builder reads the editor's corrections from"),
    ],
)
def test_a_file_saved_under_a_name_nearly_right_is_named_not_passed_over(
    tmp_path, caplog, saved_as, meant, why
):
    folder = story_with(tmp_path, "title: T\noutlet: O\n")
    (folder / saved_as).write_text("---\ntitle: C\noutlet: Gamma\n---\n\nTalks.\n")
    (folder / "notes.txt").write_text("an editor's own notes")
    (folder / "map.png").write_bytes(b"\x89PNG")
    story_folders(tmp_path)
    assert f"{saved_as}: not read: {why}" in caplog.text
    assert caplog.text.count("not read") == 1  # notes and images are the editor's own
    assert caplog.text.rstrip().endswith(f"; rename it to {meant}")
