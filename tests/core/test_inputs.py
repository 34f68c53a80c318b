"""The one loader and schema for every input file: safe YAML, errors with file and line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from site_builder.core.errors import SiteError, printable
from site_builder.core.inputs import (
    Invalid,
    Option,
    Schema,
    YamlList,
    YamlMapping,
    excerpt,
    load_yaml,
    number,
    optional_text,
    text,
    word_list,
)

FILE = Path("settings.yml")


def error_of(source: str, *, first_line: int = 1) -> str:
    with pytest.raises(SiteError) as error:
        load_yaml(source, FILE, first_line=first_line)
    return str(error.value)


def test_values_are_texts_that_know_their_line():
    data = load_yaml("a: 1\nb:\n  - x\n  - 'y'\nc: ~\nd: 2025-05\n", FILE)
    assert isinstance(data, YamlMapping) and isinstance(data["b"], YamlList)
    assert data == {"a": "1", "b": ["x", "y"], "c": None, "d": "2025-05"}
    assert data.key_lines == {"a": 1, "b": 2, "c": 5, "d": 6}
    assert [item.line for item in data["b"]] == [3, 4]
    assert data["b"][0].plain and not data["b"][1].plain


def test_lines_count_from_where_the_yaml_starts_in_its_file():
    data = load_yaml("title: T\noutlet: O\n", FILE, first_line=2)
    assert data.key_lines == {"title": 2, "outlet": 3}
    assert error_of("title: [unclosed\noutlet: O\n", first_line=2).startswith(
        "settings.yml:2: invalid YAML"
    )


@pytest.mark.parametrize(
    "source, message",
    [
        ("a: 1\nb: 2\na: 3\n", "settings.yml:3: duplicate key 'a' (also on line 1); keep one"),
        ("a: &x [1, 2]\n", "settings.yml:1: YAML anchors (&x) are not supported"),
        ("a: [1]\nb: *x\n", "settings.yml:2: YAML aliases (*x) are not supported"),
        ("a: !!python/object:os.system x\n", "settings.yml:1: YAML tags such as"),
        ("? [1, 2]\n: x\n", "settings.yml:1: a key must be a text"),
        ("a: 1\n---\nb: 2\n", "settings.yml:2: more than one YAML document"),
        ("a: \x1b[31m\n", "settings.yml:1: invalid YAML: the control character U+001B"),
        ("a: b: c\n", "settings.yml:1: invalid YAML: mapping values are not allowed"),
    ],
)
def test_what_no_input_needs_is_refused_with_its_line(source, message):
    assert message in error_of(source)


@pytest.mark.parametrize("parser", ["libyaml", "PyYAML's own"])
@pytest.mark.parametrize(
    "source, line, fix",
    [
        ("title: Kyiv: talks resume\n", 1, "put a value that holds ': ' in quotes"),
        ("title: T\n  outlet: O\n", 2, "start each key at the start of its line"),
        ("outlet: [Valley Radio\n", 1, "a value that starts with [ or { is a list or a mapping"),
        ('title: "No" says the mayor\n', 1, "put the whole value in the other kind of quotes"),
        ("title: 'it's'\n", 1, "write ' inside '...' twice ('it''s')"),
        ("title: @mayor speaks\n", 1, "put a value that starts with @, ` or % in quotes"),
        ("title: *Breaking*\n", 1, "put a value that starts with * or & in quotes"),
        ("title: T\n\toutlet: O\n", 2, "indent with spaces, not tabs"),
        # a quote never closed swallows the lines after it: the line is where it opened
        ('title: "Ferry saved\noutlet: O\ndate: 2026\n', 1, "end the value with the same quote"),
        ("title: T\noutlet: 'Skerry Voice\ndate: 2026\n", 2, "end the value with the same quote"),
    ],
)
def test_a_yaml_mistake_made_by_hand_says_what_to_do(monkeypatch, parser, source, line, fix):
    import yaml

    if parser != "libyaml":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    message = error_of(source)
    assert message.startswith(f"settings.yml:{line}: invalid YAML: ")
    assert fix in message.partition("; ")[2]  # after what is wrong, what to do


def test_an_alias_bomb_is_refused_at_once():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    started = time.perf_counter()
    assert "YAML anchors (&a0) are not supported" in error_of("\n".join(levels) + "\n")
    assert time.perf_counter() - started < 1  # hang guard; it takes milliseconds


def test_deep_nesting_is_one_line_not_a_recursion_error():
    message = error_of("x: " + "[" * 10_000 + "\n")
    assert message == (
        "settings.yml:1: nested more than 20 levels deep; no setting needs that many, "
        "check the brackets and indentation"
    )


def test_timestamps_and_yes_no_stay_as_written():
    data = load_yaml("date: 2022-03-29 10:00:00\nlang: no\nn: 0x1F\n", FILE)
    assert data == {"date": "2022-03-29 10:00:00", "lang": "no", "n": "0x1F"}


SCHEMA = Schema(
    (
        Option("name", "A name.", text, required=True),
        Option("share", "A share.", number(0.0, 1.0)),
        Option("count", "A count.", number(1, 20, int)),
        Option("words", "Some words.", word_list),
        Option("note", "A note.", optional_text),
    )
)


def validated(source: str) -> dict:
    return SCHEMA.validate(load_yaml(source, FILE), FILE)


def refusal(source: str) -> str:
    with pytest.raises(SiteError) as error:
        validated(source)
    return str(error.value)


def test_a_schema_converts_each_key():
    assert validated("name: 1984\nshare: 0.5\ncount: 2.0\nwords: War\nnote:\n") == {
        "name": "1984",
        "share": 0.5,
        "count": 2,
        "words": ("war",),
        "note": "",
    }


@pytest.mark.parametrize(
    "source, message",
    [
        ("share: 1\n", "settings.yml: missing required key 'name' (A name.)"),
        ("name: N\ncolour: red\n", "settings.yml:2: unknown key 'colour'; allowed keys: count,"),
        ("name: N\nshare: .inf\n", "settings.yml:2: 'share' must be from 0.0 to 1.0, got .inf"),
        ("name: N\nshare: .nan\n", "'share' must be from 0.0 to 1.0, got .nan"),
        ("name: N\nshare: -.inf\n", "'share' must be from 0.0 to 1.0, got -.inf"),
        ("name: N\nshare: 1e999\n", "'share' must be from 0.0 to 1.0, got 1e999"),
        ("name: N\ncount: " + "9" * 5000 + "\n", "'count' must be from 1 to 20, got 99999"),
        ("name: N\ncount: 2.5\n", "'count' must be a whole number from 1 to 20, got 2.5"),
        ("name: N\ncount: true\n", "'count' must be a whole number from 1 to 20, got 'true'"),
        ("name: N\nshare: '0.5'\n", "(a text in quotes: write the number without them)"),
        ("name: N\nwords: 5\n", "settings.yml:2: 'words' must be a list of words or phrases"),
        ("name: N\nwords:\n  - war\n  - [a]\n", "settings.yml:4: 'words' must be a list of"),
        ("name: [a, b]\n", "settings.yml:1: 'name' must be a non-empty text, got ['a', 'b']"),
        ("name: {a: b}\n", "'name' must be a non-empty text, got a mapping"),
        ("name: " + "1" * 100 + "\n", "'name' must be a text, got a number of 100 characters"),
        ("- a list\n", "settings.yml:1: must be a mapping of keys to values"),
    ],
)
def test_a_schema_refuses_with_the_key_the_rule_and_the_line(source, message):
    assert message in refusal(source)


def test_an_error_quotes_only_an_excerpt_of_a_huge_value():
    message = refusal("name: N\nnote: [" + ", ".join(["x" * 1000] * 1000) + "]\n")
    assert len(message) < 200 and "…" in message
    assert len(excerpt("y" * 1_000_000)) <= 62


def test_an_unknown_key_can_be_a_warning_instead(caplog):
    lenient = Schema(SCHEMA.options, unknown_is_error=False, name="front matter key")
    assert lenient.validate(load_yaml("name: N\ncolour: red\n", FILE), FILE) == {"name": "N"}
    assert "settings.yml:2: unknown front matter key 'colour' is ignored" in caplog.text


def test_an_option_can_point_at_the_line_of_an_item():
    def odd(key, value):
        for item in value:
            if int(item) % 2 == 0:
                raise Invalid(f"'{key}' holds an even number", item.line)
        return tuple(value)

    schema = Schema((Option("odd", "Odd numbers.", odd),))
    with pytest.raises(SiteError) as error:
        schema.validate(load_yaml("odd:\n  - 1\n  - 3\n  - 4\n", FILE), FILE)
    assert str(error.value) == "settings.yml:4: 'odd' holds an even number"


def test_text_loses_its_control_characters():
    data = load_yaml('name: "a\\e[31mb\\0c\\td"\n', FILE)
    assert SCHEMA.validate(data, FILE)["name"] == "a[31mbc\td"


def test_an_error_prints_as_one_line_with_control_characters_escaped():
    error = SiteError("unknown key '\x1b[2Jx'\nsecond line", "content/caf\udce9.md", 3)
    assert str(error) == "content/caf\\xe9.md:3: unknown key '\\x1b[2Jx'\\x0asecond line"
    assert len(printable("x" * 10_000)) == 2000
