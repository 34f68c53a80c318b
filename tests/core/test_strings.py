"""The theme's words in the site's language: strings files as an editor writes them."""

from __future__ import annotations

import pytest

from site_builder.commands.build import build
from site_builder.commands.cli import main
from site_builder.core.config import load_config
from tests.conftest import german_site, text_of

GERMAN = """\
# Ein paar Wörter des Themes auf Deutsch; die übrigen bleiben englisch.
all_stories: Alle Geschichten
who_reports_what: Wer berichtet was
also_in: "auch in:"
event_outlets:
  one: "{reporting} von {count} Medium"
  other: "{reporting} von {count} Medien"
shared_events:
  one: "{count} gemeinsames Ereignis"
  other: "{count} gemeinsame Ereignisse"
date_day: "{day}. {month} {year}"
march: März
"""


def test_a_german_site_says_the_words_of_its_strings_file_and_english_for_the_rest(tmp_path):
    config = load_config(german_site(tmp_path, GERMAN))
    report = build(config)
    assert report.groups == 2  # one event in all three outlets, one in two
    output = config.output_path
    story = output / "gespraeche" / "index.html"
    article = output / "gespraeche" / "abendblatt" / "index.html"
    for page in (output / "index.html", story, article):
        assert '<html lang="de">' in page.read_text(encoding="utf-8")
    words = text_of(story.read_text(encoding="utf-8"))
    assert "Alle Geschichten" in words and "All stories" not in words
    assert "Wer berichtet was" in words and "Who reports what" not in words
    assert "3 von 3 Medien" in words and "2 von 3 Medien; not linked in Tagesecho" in words
    assert "of 3 outlets" not in words
    assert "29. März 2022" in words and "March" not in words
    assert "The headlines" in words and "Each event, side by side" in words  # left out
    reading = text_of(article.read_text(encoding="utf-8"))
    assert "auch in:" in reading and "also in:" not in reading
    home = text_of((output / "index.html").read_text(encoding="utf-8"))
    assert "2 gemeinsame Ereignisse" in home and "shared events" not in home
    assert "29. März 2022 to 30. März 2022" in home  # date_range_to is not translated


def test_a_language_without_a_strings_file_is_built_in_english_and_says_so(tmp_path, capsys):
    site = german_site(tmp_path, strings=None)
    assert main(["build", "--config", str(site)]) == 0
    err = capsys.readouterr().err
    assert "INFO: the theme has no strings file for language 'de'" in err
    assert "add themes/default/strings/de.yml" in err
    page = (tmp_path / "output" / "gespraeche" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page and "Who reports what" in page and "29 March 2022" in page


def test_an_english_site_changes_one_string_with_a_file_of_one_key(site):
    own = site / "themes" / "default" / "strings" / "en.yml"
    own.parent.mkdir(parents=True)
    own.write_text("all_stories: Every story\n", encoding="utf-8")
    config = load_config(site / "site.yml")
    build(config)
    words = text_of((config.output_path / "talks" / "index.html").read_text(encoding="utf-8"))
    assert "Every story" in words and "All stories" not in words
    assert "Who reports what" in words


def test_a_string_is_shown_as_written_never_read_as_html(site):
    own = site / "themes" / "default" / "strings" / "en.yml"
    own.parent.mkdir(parents=True)
    own.write_text(
        'all_stories: <b>Every</b> story & more\nnot_in: "<i>not</i> in {outlets}"\n',
        encoding="utf-8",
    )
    (site / "content" / "talks" / "gamma.md").write_text(
        "---\ntitle: Gamma\noutlet: <Gamma & Sons>\n---\n\nNothing about the talks.\n",
        encoding="utf-8",
    )
    config = load_config(site / "site.yml")
    build(config)
    page = (config.output_path / "talks" / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Every&lt;/b&gt; story &amp; more" in page and "<b>" not in page
    assert "&lt;i&gt;not&lt;/i&gt; in &lt;Gamma &amp; Sons&gt;" in page and "<i>" not in page


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("also_in: [auch, in]", "de.yml:2: 'also_in' must be a text, got ['auch', 'in']"),
        ("also_in:", "de.yml:2: 'also_in' must be a text, got nothing"),
        (
            "date_day: {day}. {month} {year}",
            "de.yml:2: invalid YAML",  # a flow mapping gone wrong: YAML's own message
        ),
        (
            "date_year: {year}",
            "de.yml:2: 'date_year' must be a text, got a mapping (key: value lines); a text "
            "that starts with { must be in quotes",
        ),
        (
            "also_in:\n  one: auch in\n  other: auch in",
            "de.yml:2: 'also_in' must be a text, got a mapping (key: value lines); it is said "
            "the same way for every count",
        ),
        (
            "shared_events:\n  one: ein Ereignis",
            "de.yml:2: 'shared_events' has no 'other'; give both 'one'",
        ),
        (
            "shared_events:\n  one: ein Ereignis\n  few: wenige\n  other: '{count} Ereignisse'",
            "de.yml:4: 'shared_events' has 'few'; a plural has only 'one'",
        ),
        (
            "shared_events:\n  one: ein Ereignis\n  other: [viele]",
            "de.yml:4: 'shared_events.other' must be a text, got ['viele']",
        ),
        (
            'by_author: "von {autor}"',
            "de.yml:2: 'by_author' has the placeholder '{autor}', which it cannot fill; its "
            "placeholders are: {author}",
        ),
        (
            'also_in: "auch {in}:"',
            "de.yml:2: 'also_in' has the placeholder '{in}', which it cannot fill; it has none",
        ),
        ('by_author: "von {author"', "de.yml:2: 'by_author' has a stray brace"),
    ],
)
def test_a_value_that_is_not_a_text_is_an_error_naming_file_and_line(
    tmp_path, capsys, line, message
):
    site = german_site(tmp_path, strings=f"march: März\n{line}\n")
    assert main(["build", "--config", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert f"{tmp_path / 'themes' / 'default' / 'strings' / message}" in err, err
    assert not (tmp_path / "output").exists()


def test_an_unknown_key_is_a_warning_naming_file_and_line_and_the_key_meant(tmp_path, capsys):
    site = german_site(tmp_path, strings="march: März\nall_storys: Alle Geschichten\n")
    assert main(["build", "--config", str(site)]) == 0
    err = capsys.readouterr().err
    strings = tmp_path / "themes" / "default" / "strings" / "de.yml"
    assert f"WARNING: {strings}:2: unknown string 'all_storys' is ignored; did you mean " in err
    assert "'all_stories'?" in err
    page = tmp_path / "output" / "gespraeche" / "index.html"
    words = text_of(page.read_text(encoding="utf-8"))
    assert "All stories" in words and "29 März 2022" in words  # the known key is used
    assert main(["build", "--strict", "--config", str(site)]) == 1  # even when up to date
    assert "unknown string 'all_storys'" in capsys.readouterr().err
