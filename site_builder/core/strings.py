"""The theme's words in the site's language: its strings files.

Every fixed word and sentence the theme shows a reader comes from strings/<language>.yml
of the theme, looked up through the theme's layers like any of its files (theme.py): a
site adds a language, or changes one string, by placing just that file, or a file with
just those keys, in its own themes/<name>/strings/. A key a file leaves out is said in
English. The built-in strings/en.yml is the reference: its keys are the keys, a key
given there as `one:` and `other:` is a plural, and the {placeholders} of its texts are
the only ones a key may use.

The strings come from the theme, as its templates do, so they are trusted like them:
templates and views get them as Markup, escaped to show as written (an & or < in a
string is shown, never read as HTML), with every value filled into them escaped. A
description for search engines is plain text, escaped where it is printed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from string import Formatter
from types import SimpleNamespace

from markupsafe import Markup, escape

from site_builder.core.errors import SiteError, location, note, warn
from site_builder.core.inputs import (
    YamlMapping,
    YamlText,
    YamlValue,
    clean_text,
    excerpt,
    line_of,
    read_text_file,
)
from site_builder.core.parsed import ParsedCopies, load_packaged, load_parsed
from site_builder.core.records import record
from site_builder.core.text import did_you_mean
from site_builder.core.theme import BUILTIN_THEMES, FALLBACK, Theme

ENGLISH = "en"
FOLDER = "strings"
PLURAL_FORMS = ("one", "other")
"""The forms every plural has (English's)."""
MORE_FORMS = ("zero", "two", "few", "many")
"""The other forms CLDR names, which a language's strings may add (Russian: few, many);
its language pack says which a count takes (language_pack.LanguagePack.plural)."""
_SPACES = re.compile(r"[ \t\r\n]+")
"""Line breaks and runs of spaces (a long text may be folded over lines); other white
space, such as a no-break space, is kept as written."""


@record(frozen=True)
class Plural:
    """A text said one way for a count of 1 and another way for any other count, and
    in languages that have them, other ways for other counts (`more`: few, many...)."""

    one: str
    other: str
    more: tuple[tuple[str, str], ...] = ()
    """(form, text) for the forms beyond one and other, as the strings file gives them."""

    def form(self, count: int, language: str = ENGLISH) -> str:
        """The form for `count` in `language` (by its CLDR plural rules; a form the
        strings do not give is said with `other`)."""
        from site_builder.core.language_pack import pack_for

        category = pack_for(language).plural(count)
        if category == "one":
            return self.one
        return dict(self.more).get(category, self.other)

    def mapped(self, change: Callable[[str], str]) -> Plural:
        """The same plural with `change` applied to each form's text."""
        return Plural(
            change(self.one), change(self.other), tuple((f, change(t)) for f, t in self.more)
        )


Value = str | Plural


class Strings:
    """The theme's words in one language, each by its key. Templates print `html`
    (`words.all_stories`, `words.search_status.one`); views fill in a text's
    placeholders with `text` or `count`, or `plain` for a description."""

    def __init__(self, texts: Mapping[str, Value], language: str = ENGLISH) -> None:
        self.language = language
        """Whose plural rules choose a plural's form."""
        self._texts = dict(texts)
        self._html = {key: _html(value) for key, value in self._texts.items()}
        self.html = SimpleNamespace(
            **{
                key: value.mapped(Markup) if isinstance(value, Plural) else Markup(value)
                for key, value in self._html.items()
            }
        )
        """Every string as Markup, by key: what templates get as `words`."""
        self._as_is = {k: v for k, v in vars(self.html).items() if not isinstance(v, Plural)}
        """The same, but plurals: the text of a key asked for without values."""

    def text(self, key: str, **values: object) -> Markup:
        """The text of `key` with its placeholders filled in from `values`."""
        if not values and key in self._as_is:  # (views ask for some thousands a story)
            return self._as_is[key]
        return _fill(_form(self._html, key, None, self.language), values)

    def count(self, key: str, count: int, **values: object) -> Markup:
        """The text of `key` for `count` (its one or other form), with {count} and the
        other placeholders filled in."""
        return _fill(_form(self._html, key, count, self.language), {"count": count, **values})

    def plain(self, key: str, count: int | None = None, **values: object) -> str:
        """The text of `key` (for `count`, if given) as plain text, for a description."""
        text = _form(self._texts, key, count, self.language)
        if count is not None:
            values = {"count": count, **values}
        return text.format(**values) if values else text


def _form(texts: Mapping[str, Value], key: str, count: int | None, language: str) -> str:
    """The text of `key` in `texts`, its form for `count` (in `language`) if it is a
    plural."""
    value = texts[key]
    if isinstance(value, Plural):
        if count is None:
            raise TypeError(f"string {key!r} has one and other forms: give a count")
        return value.form(count, language)
    return value


def _fill(html: str, values: Mapping[str, object]) -> Markup:
    """The HTML of a string with its placeholders filled in, each value escaped (a
    string without them is as written: its {{ and }} were read as braces when it was
    loaded)."""
    if not values:
        return Markup(html)
    return Markup(html.format(**{name: escaped_text(value) for name, value in values.items()}))


def _text_escaper() -> Callable[[str], str] | None:
    """markupsafe's own escaping of a str into the text that stands for it, if this
    markupsafe has one apart (MarkupSafe 3 does: its escape() is that text wrapped in a
    Markup object), checked on every character it escapes; else None."""
    try:
        from markupsafe import _escape_inner  # type: ignore[attr-defined]
    except ImportError:
        return None
    sample = "<a href=\"x\" title='y'>&amp; & é</a>"
    same = _escape_inner(sample) == str(escape(sample)) and type(_escape_inner(sample)) is str
    return _escape_inner if same else None


_ESCAPED_TEXT = _text_escaper()


def escaped_text(value: object) -> str:
    """What markupsafe.escape makes of `value`, as text: for a str, the escaped text
    itself rather than the Markup object escape() wraps it in; a Markup as it is, not
    copied into a new one (the theme's strings, macros' results). The default theme's
    compiled templates use it where Jinja2's code joins what it escapes into the page
    at once (see render/precompiled.compiled_modules): a page's values are escaped one
    by one (233,000 on BASIL as 100 stories), and each Markup object made, only to be
    joined, cost more than the escaping itself; so does _fill, whose values format()
    reads as text."""
    if type(value) is str and _ESCAPED_TEXT is not None:
        return _ESCAPED_TEXT(value)
    if type(value) is Markup:  # safe already: escape() would copy it into a new Markup
        return value
    return escape(value)


def _html(value: Value) -> Value:
    """A string as the HTML that shows it as written. Quotes are escaped as templates
    escape values, except the apostrophe, which needs none in text or in a double-quoted
    attribute (the theme's templates quote every attribute so)."""
    if isinstance(value, Plural):
        return value.mapped(_html)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    )


def theme_strings(theme: Theme, language: str, copies: ParsedCopies | None = None) -> Strings:
    """The words of `theme` in `language`: strings/<language>.yml of each layer of the
    theme, the site's own winning, then English for any key they leave out (the site's
    own strings/en.yml, then the built-in one).

    Raises SiteError naming file and line for a value that is not a text (or not one
    and other texts where the key is a plural) or uses a placeholder its key does not
    have; an unknown key is a warning. A language without a strings file is said in
    English, with an INFO line saying so. With `copies`, an unchanged file is taken
    from its parsed copy (parsed.py).
    """
    reference = builtin_strings(theme)
    texts = dict(reference)
    english = [p for p in theme.strings_files(ENGLISH) if p != reference_file(theme)]
    own = theme.strings_files(language) if language != ENGLISH else []
    if language != ENGLISH and not own:
        note(
            logging.INFO,
            "the theme has no strings file for language '%s' (strings/%s.yml), so its "
            "pages show the theme's words in English; to translate them, add "
            "themes/%s/strings/%s.yml beside site.yml",
            language,
            language,
            theme.name,
            language,
        )
    for path in reversed([*own, *english]):  # lowest priority first
        texts.update(read_strings(path, reference, copies))
    return Strings(texts, language)


def reference_file(theme: Theme) -> Path:
    """The built-in English strings file the theme's keys are defined by."""
    builtin = theme.layers[-1]
    if not (builtin / FOLDER / f"{ENGLISH}.yml").is_file():
        builtin = BUILTIN_THEMES / FALLBACK
    return builtin / FOLDER / f"{ENGLISH}.yml"


def builtin_strings(theme: Theme) -> dict[str, Value]:
    """The theme's built-in English strings: every key, with its kind and placeholders."""
    return _reference(reference_file(theme))


def default_strings() -> Strings:
    """The built-in default theme's words in English."""
    return Strings(_reference(BUILTIN_THEMES / FALLBACK / FOLDER / f"{ENGLISH}.yml"))


def _reference(path: Path) -> dict[str, Value]:
    """The strings of a built-in English file, read once while it is unchanged."""
    info = path.stat()
    return _read_reference(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=4)
def _read_reference(path: Path, mtime_ns: int, size: int) -> dict[str, Value]:
    """The built-in strings from their packaged copy (parsed.load_packaged) while it is
    of this text: never from the build cache, whose copy anyone able to write there
    could cut keys from; nor from beside a theme of the site's own."""
    if path.is_relative_to(BUILTIN_THEMES):
        return _checked(path, load_packaged(path), None)
    return read_strings(path, None)


def read_strings(
    path: Path, reference: Mapping[str, Value] | None, copies: ParsedCopies | None = None
) -> dict[str, Value]:
    """The strings of one file, checked against `reference` (the built-in English ones;
    None when reading those): its keys, plural keys and placeholders. With `copies`,
    an unchanged file is taken from its parsed copy (parsed.py)."""
    text = read_text_file(path, what="strings file", fix="save it as UTF-8 text")
    data = load_parsed(copies, text, path)
    return _checked(path, data, reference)


def _checked(
    path: Path, data: YamlValue, reference: Mapping[str, Value] | None
) -> dict[str, Value]:
    """The strings `data` (read from `path`) holds, checked as read_strings says."""
    if data is None:
        return {}
    if not isinstance(data, YamlMapping):
        raise SiteError(
            f"a strings file must be a mapping of keys to texts (key: text lines), "
            f"not {excerpt(data)}",
            path,
            line_of(data),
        )
    texts: dict[str, Value] = {}
    for key, value in data.items():
        line = data.key_lines.get(key)
        if reference is not None and key not in reference:
            warn(
                "%s: unknown string %s is ignored%s",
                location(path, line),
                excerpt(key),
                _suggestion(key, reference),
            )
            continue
        if reference is None:  # the reference itself: each key has what it uses
            plural, allowed = None, _used_placeholders(value)
        else:
            plural, allowed = isinstance(reference[key], Plural), _placeholders(reference[key])
        texts[key] = _value(key, value, plural, allowed, path, line)
    return texts


def _suggestion(key: str, reference: Mapping[str, Value]) -> str:
    return did_you_mean(key, reference) or f"; the keys are those of {reference_file_name()}"


def reference_file_name() -> str:
    """Where the built-in English strings are, for messages."""
    return f"site_builder/themes/{FALLBACK}/{FOLDER}/{ENGLISH}.yml"


def _value(
    key: str,
    value: object,
    plural: bool | None,
    allowed: frozenset[str],
    path: Path,
    line: int | None,
) -> Value:
    """One key's value checked: a text, or (for a plural key, or any key when `plural`
    is None) one and other texts, using no placeholder but those `allowed`."""
    if isinstance(value, YamlMapping) and plural is not False:
        from site_builder.core.language_pack import pack_for

        rules = pack_for(path.stem).plural_rules  # the file is strings/<language>.yml
        more_forms = tuple(f for f in MORE_FORMS if f in rules)
        forms = {}
        for form in value:
            if form not in PLURAL_FORMS + more_forms:
                also = f"; in this language also {', '.join(more_forms)}" if more_forms else ""
                raise SiteError(
                    f"'{key}' has {excerpt(form)}; a plural has only 'one' (said for a "
                    f"count of 1) and 'other' (for any other count){also}",
                    path,
                    value.key_lines.get(form),
                )
        for form in PLURAL_FORMS:
            if form not in value:
                raise SiteError(
                    f"'{key}' has no '{form}'; give both 'one' (said for a count of 1) and "
                    "'other' (for any other count), or one text for every count",
                    path,
                    line,
                )
            forms[form] = _text(f"{key}.{form}", value[form], allowed, path, line)
        more = tuple(
            (form, _text(f"{key}.{form}", value[form], allowed, path, line))
            for form in more_forms
            if form in value
        )
        return Plural(**forms, more=more)
    if not isinstance(value, YamlText):
        kind = "a text, or 'one' and 'other' texts" if plural else "a text"
        hint, where = "", line_of(value) or line
        if isinstance(value, YamlMapping):
            where = line
            if line_of(value) == line:  # {...} on the key's line
                hint = "; a text that starts with { must be in quotes"
            else:
                hint = "; it is said the same way for every count"
        raise SiteError(f"'{key}' must be {kind}, got {excerpt(value)}{hint}", path, where)
    return _text(key, value, allowed, path, line)


def _text(key: str, value: object, allowed: frozenset[str], path: Path, line: int | None) -> str:
    """A text whose {placeholders} are among `allowed`; without any allowed, a text as
    printed ({{ and }} read as braces)."""
    where = line_of(value) or line
    if not isinstance(value, YamlText):
        raise SiteError(f"'{key}' must be a text, got {excerpt(value)}", path, where)
    text = _SPACES.sub(" ", clean_text(value)).strip(" ")
    try:
        fields = list(Formatter().parse(text))
    except ValueError as exc:
        raise SiteError(
            f"'{key}' has a stray brace ({exc}); a placeholder is written {{name}}, and a "
            "brace that is meant is written twice ({{ or }})",
            path,
            where,
        ) from None
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            have = (
                f"its placeholders are: {', '.join(f'{{{n}}}' for n in sorted(allowed))}"
                if allowed
                else "it has none (a brace that is meant is written twice: {{ or }})"
            )
            raise SiteError(
                f"'{key}' has the placeholder {excerpt('{' + name + '}')}, which it cannot "
                f"fill; {have}",
                path,
                where,
            )
    if not allowed:
        return text.format()  # printed as it is: {{ and }} stand for braces
    return text


def _used_placeholders(value: object) -> frozenset[str]:
    """The placeholders a value of the reference file uses (in either form of a
    plural); those it cannot parse are left for _text to report."""
    forms = value.values() if isinstance(value, YamlMapping) else [value]
    names = set()
    for form in forms:
        if isinstance(form, str):
            with suppress(ValueError):
                names.update(n for _, n, _, _ in Formatter().parse(form) if n is not None)
    return frozenset(names)


def _placeholders(value: Value) -> frozenset[str]:
    """The placeholders of a reference string (of both forms of a plural)."""
    forms = (value.one, value.other) if isinstance(value, Plural) else (value,)
    return frozenset(
        name for form in forms for _, name, _, _ in Formatter().parse(form) if name is not None
    )
