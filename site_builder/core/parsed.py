"""Parsed copies of YAML files: what `load_yaml` made of a file's text, kept as JSON in
the build cache, so a rebuild whose site.yml and theme strings are unchanged neither
imports PyYAML (~13 ms) nor parses them again; and the front matter of the articles a
rebuild reads again (a story is read whole when one of its files is edited, and an edit
is most often in a body, below front matter that stays as it was).

A copy is a file the cache holds, so one an attacker may have written: it is read as
JSON only (never unpickled), as a regular file (core/own_files.py: never through a
link, never a named pipe), no larger than MOST_BYTES, and used only if it records the
SHA-256 of exactly the text being read and every value in it
has the type and shape `load_yaml` gives (texts, lists, mappings of unique text keys,
lines as whole numbers, at most MAX_DEPTH deep). On any doubt the text is parsed with
PyYAML as without a copy, so a copy can save time but never change what a build reads,
says or refuses. Only texts that parse without an error get a copy; the checks of what
the values mean (schemas) run on a copy's values as on a fresh parse.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from site_builder.core.inputs import (
    MAX_DEPTH,
    YamlList,
    YamlMapping,
    YamlText,
    YamlValue,
    load_yaml,
    read_text_file,
)
from site_builder.core.own_files import own_json, read_own_file

FOLDER = "parsed"
"""The folder of the copies, inside the build cache's folder."""
MOST_BYTES = 1 << 20
"""The largest copy read; no settings or strings file comes near."""
VERSION = 1


class _Doubt(Exception):
    """A copy that is not what this module writes."""


class ParsedCopies:
    """The parsed copies kept in `cache` (the build cache's folder; None: no copies).

    One copy per file read (named after a hash of its path), replaced when its text
    changes; written by `keep`.
    """

    def __init__(self, cache: Path | None) -> None:
        self.folder = None if cache is None else cache / FOLDER
        self.pending: dict[str, tuple[str, YamlValue]] = {}

    def load(self, text: str, path: Path, *, first_line: int = 1, context: str = "") -> YamlValue:
        """What load_yaml makes of `text` (read from `path`, starting on its line
        `first_line`; `context` as for load_yaml), from a copy when one records exactly
        this text, else parsed (and the copy written)."""
        if self.folder is None:
            return load_yaml(text, path, first_line=first_line, context=context)
        digest = _digest(text, first_line)
        name = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:32] + ".json"
        with suppress(_Doubt, OSError, ValueError, RecursionError):
            return _read(self.folder / name, digest)
        value = load_yaml(text, path, first_line=first_line, context=context)
        self.pending[name] = (digest, value)
        return value

    def keep(self) -> None:
        """Write the copies of what was parsed, once the command that read it has done
        its work: a command that fails leaves the cache as it was."""
        for name, (digest, value) in self.pending.items():
            with suppress(OSError, ValueError, RecursionError):
                self._write(name, digest, value)
        self.pending.clear()

    def _write(self, name: str, digest: str, value: YamlValue) -> None:
        """Write the copy atomically, never into a linked folder (the cache's folder is
        made where the build would make it: beside site.yml; an OSError, where that
        cannot be written, leaves the site without copies)."""
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        if os.path.islink(folder.parent) or os.path.islink(folder):
            return
        data = json.dumps({"text": digest, "value": _encoded(value)}, ensure_ascii=False)
        # named as write_atomically names its own (.NAME.<random>.PID.tmp), so the next
        # build removes the file of a build killed while writing it
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{name}.", suffix=f".{os.getpid()}.tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(data)
            os.replace(temporary, folder / name)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise


def load_parsed(
    copies: ParsedCopies | None, text: str, path: Path, *, first_line: int = 1, context: str = ""
) -> YamlValue:
    """What load_yaml makes of `text` (as ParsedCopies.load, arguments as for load_yaml):
    from `copies` where the caller keeps them, else parsed. One place for every reader
    that may be given copies (site.yml, strings files, front matter, alignments.yml)."""
    if copies is None:
        return load_yaml(text, path, first_line=first_line, context=context)
    return copies.load(text, path, first_line=first_line, context=context)


PACKAGED = ".parsed.json"
"""The ending of a packaged copy: beside a YAML file the program ships (the built-in
strings), written by `write_packaged` and kept with the code; never a cache's file."""


def load_packaged(path: Path) -> YamlValue:
    """What load_yaml makes of the text of `path`, a file the program ships: from its
    packaged copy (path with PACKAGED for its ending) while that copy is of exactly this
    text, else parsed. Such a copy is the program's own, as trusted as its code: the
    built-in strings define which keys every other strings file may have, so their copy
    must not come from a cache anyone could write."""
    text = read_text_file(path, what="strings file", fix="save it as UTF-8 text")
    with suppress(_Doubt, OSError, ValueError, RecursionError):
        return _read(path.with_suffix(PACKAGED), _digest(text, 1))
    return load_yaml(text, path)


def write_packaged(path: Path) -> Path:
    """Write the packaged copy of `path` (see load_packaged); for the program's authors,
    after editing a built-in strings file (a test says when a copy is out of date)."""
    text = path.read_text(encoding="utf-8-sig")
    data = {"text": _digest(text, 1), "value": _encoded(load_yaml(text, path))}
    copy = path.with_suffix(PACKAGED)
    copy.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return copy


def _digest(text: str, first_line: int) -> str:
    return hashlib.sha256(f"{VERSION}\0{first_line}\0{text}".encode()).hexdigest()


def _read(file: Path, digest: str) -> YamlValue:
    """The value a copy holds, if it is a well-formed copy of the text hashed `digest`."""
    if os.path.islink(file.parent):
        raise _Doubt
    data = own_json(read_own_file(file, MOST_BYTES))
    if not isinstance(data, dict) or data.keys() != {"text", "value"} or data["text"] != digest:
        raise _Doubt
    return _decoded(data["value"], 0)


def _encoded(value: YamlValue) -> object:
    """A value of load_yaml as JSON data: its lines and plainness kept."""
    if value is None:
        return None
    if isinstance(value, YamlText):
        return ["t", str(value), value.line, value.plain]
    if isinstance(value, YamlList):
        return ["l", value.line, [_encoded(item) for item in value]]
    return [
        "m",
        value.line,
        [[key, value.key_lines[key], _encoded(item)] for key, item in value.items()],
    ]


def _line(value: object) -> int:
    if type(value) is not int or value < 0:
        raise _Doubt
    return value


def _decoded(data: object, depth: int) -> YamlValue:
    """The value `data` stands for (see _encoded), or _Doubt for anything else."""
    if data is None:
        return None
    if type(data) is not list or not data:
        raise _Doubt
    kind = data[0]
    if kind == "t" and len(data) == 4 and type(data[1]) is str and type(data[3]) is bool:
        return YamlText(data[1], _line(data[2]), data[3])
    if depth >= MAX_DEPTH or len(data) != 3 or type(data[2]) is not list:
        raise _Doubt
    if kind == "l":
        values = YamlList(_line(data[1]))
        values.extend(_decoded(item, depth + 1) for item in data[2])
        return values
    if kind != "m":
        raise _Doubt
    mapping = YamlMapping(_line(data[1]))
    for entry in data[2]:
        if type(entry) is not list or len(entry) != 3 or type(entry[0]) is not str:
            raise _Doubt
        key = entry[0]
        if key in mapping:
            raise _Doubt
        mapping.key_lines[key] = _line(entry[1])
        mapping[key] = _decoded(entry[2], depth + 1)
    return mapping
