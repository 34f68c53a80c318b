"""site.yml is validated once, at load, with messages that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.core.config import (
    SITE_OPTIONS,
    config_reference,
    load_config,
    normalise_base_url,
    site_config_fields,
)
from site_builder.core.errors import SiteError


def config_with(site, text: str):
    (site / "site.yml").write_text(text)
    return load_config(site / "site.yml")


def test_defaults_fill_what_site_yml_leaves_out(site):
    config = config_with(site, "title: Only a title\n")
    assert (config.base_url, config.theme, config.output_dir) == ("/", "default", "output")
    assert 0 < config.alignment.threshold < 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("title: T\ncolour: red\n", "site.yml:2: unknown key 'colour'; allowed keys: alignment,"),
        ("title: T\nalignment:\n  treshold: 0.5\n", "site.yml:3: unknown key 'alignment.treshold'"),
        (
            "title: T\nalignment:\n  threshold: 1.5\n",
            "site.yml:3: 'alignment.threshold' must be from 0.0 to 1.0, got 1.5",
        ),
        ("title: T\nalignment:\n  threshold: high\n", "'alignment.threshold' must be a number"),
        ("title: [1, 2]\n", "site.yml:1: 'title' must be a non-empty text"),
        ("base_url: /\n", "missing required key 'title'"),
        ("title: T\nbase_url: https://x.org/\n", "put the full address in 'site_url'"),
        ("title: T\nalignment:\n  aliases: [Kyiv]\n", "'alignment.aliases' must map a name"),
        ("- a list\n", "site.yml:1: must be a mapping"),
        ("title: T\nloaded_words: 5\n", "site.yml:2: 'loaded_words' must be a list of words"),
        ("title: T\nloaded_words: [war, [a]]\n", "'loaded_words' must be a list of words"),
        (
            "title: T\nalignment:\n  min_shared_terms: " + "9" * 5000 + "\n",
            "site.yml:3: 'alignment.min_shared_terms' must be from 1 to 20, got 9999",
        ),
        (
            "title: T\nalignment:\n  min_shared_terms: .inf\n",
            "site.yml:3: 'alignment.min_shared_terms' must be from 1 to 20, got .inf",
        ),
        (
            "title: T\nalignment:\n  threshold: .nan\n",
            "site.yml:3: 'alignment.threshold' must be from 0.0 to 1.0, got .nan",
        ),
        (
            "title: T\nalignment:\n  threshold: '0.5'\n",
            "write the number without them",
        ),
        ("title: T\nalignment: [1, 2]\n", "site.yml:2: 'alignment' must be a mapping"),
        ("title: T\ntheme: x\ntitle: U\n", "site.yml:3: duplicate key 'title' (also on line 1)"),
        ("title: &t T\ndescription: *t\n", "site.yml:1: YAML anchors (&t) are not supported"),
        ("title: T\nx: " + "[" * 10_000 + "\n", "site.yml:2: nested more than 20 levels"),
        ("title: !!python/object:os.system T\n", "site.yml:1: YAML tags such as"),
    ],
)
def test_bad_settings_name_the_key_and_line(site, text, message):
    with pytest.raises(SiteError) as error:
        config_with(site, text)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "title: T\nbaseurl: /x/\n",
            "site.yml:2: unknown key 'baseurl' (did you mean 'base_url'?);",
        ),
        ("titel: T\n", "site.yml:1: unknown key 'titel' (did you mean 'title'?); allowed keys:"),
        (
            "title: T\nalignment:\n  treshold: 0.5\n",
            "site.yml:3: unknown key 'alignment.treshold' (did you mean 'threshold'?)",
        ),
        (
            "title: T\noutlets:\n  Post: {leans: left}\n",
            "site.yml:3: unknown key 'outlets.Post.leans' (did you mean 'lean'?); allowed keys:",
        ),
        ("title:\n", "site.yml:1: 'title' has no value; write it after 'title:' (the site's title"),
    ],
)
def test_a_misspelt_or_empty_setting_is_said_with_the_key_meant(site, text, message):
    with pytest.raises(SiteError) as error:
        config_with(site, text)
    assert message in str(error.value)


def test_one_loaded_word_is_a_list_of_one(site):
    assert config_with(site, "title: T\nloaded_words: regime\n").loaded_words == ("regime",)


def test_values_are_taken_as_written_not_as_yaml_guesses(site):
    config = config_with(site, "title: 1984\ndescription: no\n")
    assert (config.title, config.description) == ("1984", "no")
    assert config_with(site, "title: T\ndescription: 2022-03-30\n").description == "2022-03-30"


def test_the_language_is_one_the_aligner_knows(site):
    assert config_with(site, "title: T\nlanguage: DE\n").language == "de"
    with pytest.raises(SiteError) as error:
        config_with(site, "title: T\nlanguage: no\n")
    assert "site.yml:2: 'language' must be one of de, en, es, fr, it, nl, pt, ru" in str(
        error.value
    )


def test_a_huge_value_is_quoted_only_in_part(site):
    with pytest.raises(SiteError) as error:
        config_with(site, "title: [" + ", ".join(["x" * 100] * 10_000) + "]\n")
    assert len(str(error.value)) < 300


def test_base_url_is_normalised():
    assert [normalise_base_url(u) for u in ("", "/", "repo", "/repo", "/a/b/")] == [
        "/",
        "/",
        "/repo/",
        "/repo/",
        "/a/b/",
    ]


def test_aliases_accept_one_or_many_spellings(site):
    config = config_with(
        site,
        "title: T\nalignment:\n  aliases:\n    Kyiv: Kiev\n    Zelensky: [Zelenski, Zelenskyy]\n",
    )
    assert config.alignment.aliases == {"Kyiv": ("Kiev",), "Zelensky": ("Zelenski", "Zelenskyy")}


def test_every_option_is_documented_and_has_a_field():
    assert {o.key for o in SITE_OPTIONS} == set(site_config_fields())
    assert all(o.doc for o in SITE_OPTIONS)
    assert "`alignment.threshold`" in config_reference()


def test_event_threshold_may_not_be_below_the_link_threshold(site):
    with pytest.raises(SiteError) as error:
        config_with(site, "title: T\nalignment:\n  threshold: 0.3\n  event_threshold: 0.2\n")
    assert "site.yml:4: 'alignment.event_threshold' (0.2) must not be below" in str(error.value)


def test_run_inside_the_site_the_error_names_the_site_s_folder(site, monkeypatch):
    """Run in content/talks, the command says where site.yml is, not only that it is
    missing here."""
    monkeypatch.chdir(site / "content" / "talks")
    with pytest.raises(SiteError) as error:
        load_config(Path("site.yml"))
    assert str(error.value) == (
        "site.yml: config file not found; the site's folder is ../.. (it holds site.yml): "
        "run site-builder there, or pass --config ../../site.yml"
    )


def test_outside_any_site_the_error_says_where_to_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SiteError) as error:
        load_config(Path("elsewhere.yml"))
    assert "run site-builder in the folder that holds site.yml" in str(error.value)
