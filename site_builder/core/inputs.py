"""The one validation layer for the user's input files.

site.yml, the front matter of articles and of _story.md, and alignments.yml are read
the same way: `load_yaml` parses YAML into plain values that know their line, refusing
what no setting needs and what makes a parser slow or crash (anchors and aliases, deep
nesting, tags, duplicate keys), and maps every YAML error to file:line once; then a
`Schema` of `Option`s checks each key and converts its value. Every message names the
file, the line and the key, and quotes at most a short excerpt of what the user wrote.

Scalars stay text as written: YAML's own guesses (dates, yes/no as booleans) are not
applied, so `date: 2025-05` or `lang: no` mean what they say, and an option that wants a
number parses it itself (YAML 1.2's notation) and checks its range.
"""

from __future__ import annotations

import math
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.core.errors import SiteError, location, warn
from site_builder.core.records import record
from site_builder.core.text import closest

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 20
"""The deepest nesting of lists and mappings accepted; no input file needs more than 4."""
_TOO_DEEP = (
    f"nested more than {MAX_DEPTH} levels deep; no setting needs that many, "
    "check the brackets and indentation"
)
EXCERPT = 60
"""How many characters of a user's value an error message quotes at most."""
MAX_NUMBER = 30
"""The most characters a number may be written with."""
_STR_TAG = "tag:yaml.org,2002:str"
_NULL = re.compile(r"~|null|Null|NULL|")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters except tab and newline: never meant as text."""


class YamlText(str):
    """A YAML scalar as written, with its line and whether it was plain (unquoted)."""

    line: int
    plain: bool

    def __new__(cls, value: str, line: int, plain: bool) -> YamlText:
        text = super().__new__(cls, value)
        text.line, text.plain = line, plain
        return text

    def __reduce__(self) -> tuple[type[YamlText], tuple[str, int, bool]]:
        return (YamlText, (str(self), self.line, self.plain))


class YamlMapping(dict):
    """A YAML mapping, with its line and the line of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class YamlList(list):
    """A YAML sequence, with its line."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


YamlValue = YamlText | YamlMapping | YamlList | None


def line_of(value: Any) -> int | None:
    """The line a value loaded by load_yaml starts on (None for an empty value)."""
    return getattr(value, "line", None)


# --- reading files ---------------------------------------------------------------------


def is_regular_file(path: Path) -> bool:
    """Whether `path` is (or links to) a regular file: not a folder, a named pipe, a
    device, a broken link or a link loop. Opening a pipe would wait for a writer."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_text_file(path: Path, *, what: str = "file", fix: str = "remove it from content/") -> str:
    """The text of a UTF-8 input file (a byte-order mark is dropped).

    Raises SiteError for a file that is not a regular file, cannot be read, is binary or
    is not UTF-8, naming the line of the first bad byte.
    """
    if not is_regular_file(path):
        raise SiteError(f"cannot read the {what}: it is not a regular file", path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SiteError(f"cannot read the {what}: {exc.strerror or exc}", path) from None
    wide = _wide_encoding(data)
    if wide:
        raise SiteError(
            f"saved as {wide} text, not UTF-8; save the file as UTF-8 (in the editor's "
            "'Save as' or 'Encoding' menu)",
            path,
        )
    if b"\x00" in data[:8192]:
        raise SiteError(f"not a text file (binary content); {fix}", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SiteError("not valid UTF-8 text; save the file as UTF-8", path, line) from None


_WIDE_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(data: bytes) -> str:
    """'UTF-16' or 'UTF-32' for text saved so (with the byte-order mark Windows editors
    write: Notepad's 'Unicode'; or UTF-16 without one, as some editors and PowerShell's
    'Unicode' write it), which holds NUL bytes and would otherwise be called binary; ''
    for anything else."""
    for mark, name in _WIDE_MARKS:
        if data.startswith(mark):
            try:
                data.decode(name.lower())
            except UnicodeDecodeError:
                return ""
            return name
    return "UTF-16" if _utf16_without_mark(data[:4096]) else ""


def _utf16_without_mark(head: bytes) -> bool:
    """Whether `head` (a file's first bytes) is text in UTF-16 without a byte-order
    mark: in one of the two byte orders, every other byte is NUL and the others are
    not (Latin letters, digits, the `---` of front matter), and it decodes."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return False
    evens, odds = head[0::2], head[1::2]
    for zeros, others, encoding in ((odds, evens, "utf-16-le"), (evens, odds, "utf-16-be")):
        if zeros.count(0) == len(zeros) and 0 not in others:
            try:
                head.decode(encoding)
            except UnicodeDecodeError:
                return False
            return True
    return False


def clean_text(text: str) -> str:
    """`text` without control characters (other than tab and newline): they have no
    place in a page, and ESC sequences would act on a terminal."""
    return _CONTROL.sub("", text)


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """A short quotation of a user's value for a message: a number as written, a text
    quoted and cut to `limit` characters, a list or mapping by its first items."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        items, size = [], 2
        for item in value[:4]:
            shown = "[…]" if isinstance(item, list) else excerpt(item, 20)
            size += len(shown) + 2
            if size > limit:
                break
            items.append(shown)
        more = ", …" if len(items) < len(value) else ""
        return f"[{', '.join(items)}{more}]"
    text = str(value)
    cut = _cut(text, limit)
    if isinstance(value, YamlText) and value.plain and yaml_kind(value) in ("int", "float"):
        return cut if len(text) <= limit else f"{cut} ({len(text)} characters)"
    return repr(cut)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def yaml_kind(text: YamlText) -> str:
    """What YAML 1.2 would read a scalar as: 'null', 'bool', 'int', 'float' or 'str'
    (quoted scalars are always 'str')."""
    if not text.plain:
        return "str"
    for kind, pattern in (("null", _NULL), ("bool", _BOOL), ("int", _INT), ("float", _FLOAT)):
        if pattern.fullmatch(text):
            return kind
    return "str"


# --- YAML ------------------------------------------------------------------------------


def load_yaml(text: str, path: Path, *, first_line: int = 1, context: str = "") -> YamlValue:
    """Parse one YAML document into YamlMapping / YamlList / YamlText values (None for
    an empty value) that know their line in the file; `first_line` is the file line the
    text starts on (2 for front matter); `context` follows "invalid YAML" in messages
    (" in front matter").

    Refused with a SiteError naming the line: invalid YAML, anchors and aliases (a few
    hundred bytes of them can stand for gigabytes), nesting deeper than MAX_DEPTH, tags,
    keys that are not texts and duplicate keys.
    """
    import yaml  # here, not at the top: a rebuild that reads its YAML from parsed copies
    # (parsed.py) never imports PyYAML (~13 ms)

    last = first_line + max(0, text.count("\n") - (1 if text.endswith("\n") else 0))
    builder = _Builder(path, first_line)
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where installed
    try:
        for event in yaml.parse(text, Loader=parser):
            builder.add(event)
    except yaml.MarkedYAMLError as exc:
        mark = _error_mark(exc)
        line = min(first_line + mark.line, last) if mark else None
        problem = exc.problem or exc.context or "cannot be parsed"
        if _unclosed_quote(exc):
            problem = "the quote mark that opens this value is never closed"
        if "nesting depth" in problem:  # PyYAML >= 6.0.4 stops deep nesting itself
            raise SiteError(_TOO_DEEP, path, line) from None
        raise SiteError(
            f"invalid YAML{context}: {problem}{_yaml_fix(problem)}", path, line
        ) from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
        raise SiteError(
            f"invalid YAML{context}: the control character U+{code:04X} is not allowed; remove it",
            path,
            first_line + text[: exc.position].count("\n"),
        ) from None
    except yaml.YAMLError as exc:
        raise SiteError(f"invalid YAML{context}: {excerpt(str(exc), 200)}", path) from None
    return builder.root


_QUOTES_FIX = (
    "a value that starts with a quote mark ends with it: put the whole value in the other "
    "kind of quotes (title: '\"No\", says the mayor'), and write ' inside '...' twice ('it''s')"
)
_YAML_FIXES = (
    # (words of PyYAML's or libyaml's message, what to do): the mistakes people make
    # typing a value by hand, such as a headline with a colon in it
    (
        "mapping values are not allowed",
        "put a value that holds ': ' in quotes (title: \"Kyiv: talks resume\"), and start "
        "each key at the start of its line",
    ),
    (
        "expected ',' or",
        "a value that starts with [ or { is a list or a mapping: close it, or put the "
        "value in quotes to mean the text",
    ),
    ("did not find expected key", _QUOTES_FIX),
    ("found '<scalar>'", _QUOTES_FIX),  # PyYAML's own parser's words for it
    ("'\\t'", "indent with spaces, not tabs"),  # PyYAML's own parser: a tab is a character
    ("cannot start any token", "put a value that starts with @, ` or % in quotes"),
    ("expected alphabetic or numeric", "put a value that starts with * or & in quotes"),
    ("tab character", "indent with spaces, not tabs"),
    ("could not find expected ':'", "write each key and its value as 'key: value'"),
    (
        "quote mark that opens",
        'end the value with the same quote mark (title: "Ferry saved"), or write it without quotes',
    ),
)


def _yaml_fix(problem: str) -> str:
    """What to do about a YAML parser's `problem` ("; ..." to follow it), where it is
    one of the mistakes _YAML_FIXES knows; "" otherwise."""
    for words, fix in _YAML_FIXES:
        if words in problem:
            return f"; {fix}"
    return ""


def _error_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where a YAML error is: for an unclosed [ or { or quote mark, where it opened, not
    where the parser gave up; otherwise where the parser found the problem."""
    if "flow" in (exc.context or "") and exc.context_mark is not None:
        return exc.context_mark
    if _unclosed_quote(exc):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> bool:
    """Whether the parser met the end of the text inside a quoted value: a quote mark
    opened and never closed, which swallows every line after it. Its line is where the
    quote opened (context_mark), not the end of the text, where the parser gave up."""
    return (
        "quoted scalar" in (exc.context or "")
        and "end of stream" in (exc.problem or "")
        and exc.context_mark is not None
    )


class _Builder:
    """Builds values from parser events, one at a time (so nothing recurses, and a
    refused construct stops the parse where it is met)."""

    def __init__(self, path: Path, first_line: int) -> None:
        self.path, self.first_line = path, first_line
        self.stack: list[YamlMapping | YamlList] = []
        self.pending_key: list[YamlText | None] = []
        self.root: YamlValue = None
        self.documents = 0

    def line(self, event: yaml.Event) -> int:
        return self.first_line + event.start_mark.line

    def fail(self, message: str, event: yaml.Event, line: int | None = None) -> None:
        raise SiteError(message, self.path, line or self.line(event))

    def add(self, event: yaml.Event) -> None:
        import yaml  # imported by load_yaml already: a lookup

        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(
                    "more than one YAML document; remove the second '---' and what follows",
                    event,
                )
        elif isinstance(event, yaml.AliasEvent):
            self.fail(
                f"YAML aliases (*{_cut(event.anchor, 20)}) are not supported; "
                "write the value out in full",
                event,
            )
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.check_node(event)
            if len(self.stack) >= MAX_DEPTH:
                self.fail(_TOO_DEEP, event)
            kind = YamlMapping if isinstance(event, yaml.MappingStartEvent) else YamlList
            self.stack.append(kind(self.line(event)))
            self.pending_key.append(None)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.pending_key.pop()
            self.place(self.stack.pop(), event)
        elif isinstance(event, yaml.ScalarEvent):
            self.check_node(event)
            plain = event.style is None or event.style == ""
            if event.tag == _STR_TAG:
                plain = False
            text = YamlText(event.value, self.line(event), plain)
            self.place(None if plain and _NULL.fullmatch(text) else text, event)

    def check_node(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self.fail(
                f"YAML anchors (&{_cut(event.anchor, 20)}) are not supported; "
                "write each value out in full",
                event,
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!", _STR_TAG):
            short = tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(f"YAML tags such as {excerpt(short, 40)} are not supported; remove it", event)

    def place(self, value: YamlValue, event: yaml.Event) -> None:
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        if isinstance(parent, YamlList):
            parent.append(value)
            return
        key = self.pending_key[-1]
        if key is None:
            if not isinstance(value, YamlText):
                self.fail(f"a key must be a text, not {excerpt(value)}", event, line_of(value))
            if value in parent:
                self.fail(
                    f"duplicate key {excerpt(value)} (also on line {parent.key_lines[value]}); "
                    "keep one of them",
                    event,
                )
            self.pending_key[-1] = value
            return
        parent[str(key)] = value
        parent.key_lines[str(key)] = key.line
        self.pending_key[-1] = None


# --- schemas ---------------------------------------------------------------------------


class Invalid(ValueError):
    """A value that breaks its option's rule; `line` when the fault is not on the key's
    own line (an item of a list)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@record(frozen=True)
class Option:
    """One key of an input file: what it means, a check that converts its value (or
    raises Invalid / ValueError with a message), and whether it is required."""

    key: str
    doc: str
    convert: Callable[[str, Any], Any]
    required: bool = False


@record(frozen=True)
class Schema:
    """The keys one mapping of an input file may hold, and how to treat the others.

    `missing` is the message for a required key left out ({key} and {doc} filled in),
    reported on line `missing_line`; `sections` are keys whose value is validated by a
    schema of its own (such as site.yml's `alignment:`), accepted here as they are.
    """

    options: tuple[Option, ...]
    unknown_is_error: bool = True
    missing: str = "missing required key '{key}' ({doc})"
    missing_line: int | None = None
    sections: tuple[str, ...] = ()
    name: str = "key"

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys this schema knows, in the order of its options."""
        return tuple(o.key for o in self.options) + self.sections

    def validate(self, data: YamlValue, path: Path, *, section: str = "") -> dict[str, Any]:
        """Check `data` (as load_yaml gives it) against the options; return the converted
        values of the keys present. `section` prefixes key names in messages
        ('alignment.')."""
        if data is None:
            data = YamlMapping(1)
        if not isinstance(data, YamlMapping):
            where = f"'{section.rstrip('.')}' must be" if section else "must be"
            raise SiteError(
                f"{where} a mapping of keys to values (key: value lines), not {excerpt(data)}",
                path,
                line_of(data),
            )
        known = self.keys
        unknown = [key for key in data if key not in known]
        for key in unknown:
            if self.unknown_is_error:
                raise SiteError(
                    f"unknown {self.name} {excerpt(section + key)}{_meant(key, known)}; "
                    f"allowed keys: {', '.join(sorted(known))}",
                    path,
                    data.key_lines.get(key),
                )
            warn(
                "%s: unknown %s %s is ignored%s; allowed keys: %s",
                location(path, data.key_lines.get(key)),
                self.name,
                excerpt(section + key),
                _meant(key, known),
                ", ".join(known),
            )
        values: dict[str, Any] = {}
        for option in self.options:
            value = data.get(option.key)
            if option.required and value is None:
                raise self._missing(option, data, unknown, path, section)
            if option.key not in data:
                continue
            try:
                values[option.key] = option.convert(section + option.key, value)
            except ValueError as exc:
                line = getattr(exc, "line", None) or data.key_lines.get(option.key)
                raise SiteError(str(exc), path, line) from None
        return values

    def _missing(
        self, option: Option, data: YamlMapping, unknown: list[str], path: Path, section: str
    ) -> SiteError:
        """The error for a required key left out or left empty. A key written with no
        value is said to be empty, on its line; a missing key the file holds misspelt
        (`outlte:`) is said to be there misspelt, on that key's line: the warning that
        would name it is lost when the file is refused."""
        key = section + option.key
        if option.key in data:
            what = option.doc[:1].lower() + option.doc[1:].rstrip(".")
            return SiteError(
                f"'{key}' has no value; write it after '{option.key}:' ({what})",
                path,
                data.key_lines[option.key],
            )
        message = self.missing.format(key=key, doc=option.doc)
        close = _close_key(option.key, unknown)
        if close is None:
            return SiteError(message, path, data.key_lines.get(option.key, self.missing_line))
        line = data.key_lines[close]
        message += f"; {excerpt(section + close)} on line {line} looks like '{key}' misspelt"
        return SiteError(message, path, line)


def _close_key(key: str, candidates: Iterable[str]) -> str | None:
    """The one of `candidates` that looks like `key` misspelt (a letter swapped, left out
    or doubled, another case), if any."""
    folded = {c.casefold(): c for c in candidates}
    close = closest(key.casefold(), folded, cutoff=0.75)
    return folded[close[0]] if close else None


def _meant(key: str, known: Iterable[str]) -> str:
    """' (did you mean 'base_url'?)' for an unknown key that looks like a known one
    misspelt, else ''."""
    close = _close_key(key, known)
    return f" (did you mean '{close}'?)" if close is not None else ""


# --- value checks: each returns the converted value or raises Invalid -------------------


def text(key: str, value: Any) -> str:
    """A non-empty text, as written (a number or true/false as its digits and letters),
    with at least one character a reader can see."""
    if not isinstance(value, YamlText) or not clean_text(value).strip():
        raise Invalid(f"'{key}' must be a non-empty text, got {excerpt(value)}")
    if not visible(value):
        raise Invalid(
            f"'{key}' must have a character a reader can see, got only invisible ones "
            f"({excerpt(value)})"
        )
    return _as_text(key, value)


_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
"""Characters that are letters or symbols to Unicode but show as blank space."""


def visible(value: str) -> bool:
    """Whether `value` has a character that shows: not only spaces, format characters
    (zero-width spaces and joiners, direction marks), control characters, combining
    marks or blank letters."""
    return any(
        unicodedata.category(char)[0] not in "CZM" and char not in _BLANK_LETTERS for char in value
    )


def optional_text(key: str, value: Any) -> str:
    """A text, or '' when left empty."""
    if value is None:
        return ""
    if not isinstance(value, YamlText):
        raise Invalid(f"'{key}' must be a text, got {excerpt(value)}")
    if clean_text(value).strip() and not visible(value):
        raise Invalid(
            f"'{key}' must have a character a reader can see, got only invisible ones "
            f"({excerpt(value)}); leave it empty or write it out"
        )
    return _as_text(key, value)


def _as_text(key: str, value: YamlText) -> str:
    """A scalar as text, without control characters; a number is taken as written
    (title: 1984), unless it is too long for anyone to mean it unquoted."""
    if yaml_kind(value) in ("int", "float") and len(value) > MAX_NUMBER:
        raise Invalid(
            f"'{key}' must be a text, got a number of {len(value):,} characters "
            f"(numbers have at most {MAX_NUMBER}); write it in quotes if it is meant"
        )
    return clean_text(value).strip()


def word_list(key: str, value: Any) -> tuple[str, ...]:
    """Words or phrases, lower-cased and without repeats. One text is a list of one
    (`loaded_words: regime`); numbers and nested lists are refused."""
    if value is None:
        return ()
    if not isinstance(value, (YamlText, YamlList)):
        raise Invalid(f"'{key}' must be a list of words or phrases, got {excerpt(value)}")
    items = [value] if isinstance(value, YamlText) else value
    words = []
    for item in items:
        if not isinstance(item, YamlText) or yaml_kind(item) != "str" or not item.strip():
            raise Invalid(
                f"'{key}' must be a list of words or phrases, got {excerpt(item)}"
                + (" (write a number in quotes to mean the word)" if item is not None else ""),
                line_of(item) or line_of(value),
            )
        words.append(clean_text(item).strip().lower())
    return tuple(dict.fromkeys(words))


def yes_no(key: str, value: Any) -> bool:
    """A check for true or false, written as YAML writes them (true, false, yes and no
    are not the same in YAML 1.2: only true and false, in any case, are allowed)."""
    if isinstance(value, YamlText) and yaml_kind(value) == "bool":
        return value.lower() == "true"
    raise Invalid(f"'{key}' must be true or false, got {excerpt(value)}")


def number(low: float, high: float, kind: type = float) -> Callable[[str, Any], Any]:
    """A check for a number from `low` to `high` (a whole number if `kind` is int),
    written as YAML writes numbers (0.5, 2, 1e-3). Infinity, NaN and numbers too long
    to be meant are out of range."""
    whole = "a whole number" if kind is int else "a number"
    allowed = f"{whole} from {low} to {high}"

    def check(key: str, value: Any) -> Any:
        if not isinstance(value, YamlText) or yaml_kind(value) not in ("int", "float"):
            hint = ""
            quoted = isinstance(value, YamlText) and not value.plain
            if quoted and yaml_kind(YamlText(value, 0, True)) in ("int", "float"):
                hint = " (a text in quotes: write the number without them)"
            raise Invalid(f"'{key}' must be {allowed}, got {excerpt(value)}{hint}")
        parsed = _parse_number(value)
        if parsed is None or not low <= parsed <= high:
            raise Invalid(f"'{key}' must be from {low} to {high}, got {excerpt(value)}")
        if kind is int and parsed != int(parsed):
            raise Invalid(f"'{key}' must be {allowed}, got {excerpt(value)}")
        return kind(parsed)

    return check


def _parse_number(text: str) -> float | int | None:
    """The value of a YAML 1.2 number; None for infinity, NaN and a number of more than
    MAX_NUMBER characters (nobody means one; Python refuses to read some of them)."""
    if len(text) > MAX_NUMBER:
        return None
    lowered = text.lower()
    if lowered.lstrip("+-").startswith((".inf", ".nan")):
        return None
    if lowered.startswith("0o"):
        return int(text[2:], 8)
    if lowered.startswith("0x"):
        return int(text[2:], 16)
    parsed = float(text) if _FLOAT.fullmatch(text) and not _INT.fullmatch(text) else int(text)
    return parsed if math.isfinite(parsed) else None
