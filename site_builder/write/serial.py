"""The build cache's files as data: JSON to and from the program's dataclasses.

What the cache (cache.py) writes is read back as untrusted input, so each file is
checked all the way down while it is converted (typed): a file that is not exactly
what this version writes raises Damaged (a ValueError), and the cache discards it.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from contextlib import suppress
from functools import cache

from site_builder.core.build_model import StoryBuild
from site_builder.core.errors import NOTE_LEVELS
from site_builder.core.model import StoryCard
from site_builder.core.own_files import own_json

FORMAT = 1
"""The version of the story and pages files' layout."""


def plain(value: object) -> typing.Any:
    """`value` as JSON data, as dataclasses.asdict gives it (a dataclass as a dict of
    its fields, a tuple as a list), without asdict's deep copies: a rebuild writes
    every story's card into site.json."""
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    names = _field_names(type(value))
    if names is None:
        return value
    return {name: plain(getattr(value, name)) for name in names}


@cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The names of a dataclass's fields (None: `kind` is not a dataclass)."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


class Damaged(ValueError):
    """A cache file that is not what this version writes: discarded, built again."""


def story_data(build: StoryBuild) -> bytes:
    """A story's build without its pages as the bytes of stories/<slug>.json."""
    data = {
        "format": FORMAT,
        "key": build.key,
        "card": plain(build.card),
        "alignments": build.alignments,
        "files": list(build.files),
        "notes": [list(note) for note in build.notes],
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def story_from(raw: bytes, key: str) -> StoryBuild | None:
    """The story build stories/<slug>.json holds (without pages), if made from `key`;
    None for one made from another key; Damaged (a ValueError) for anything that is not
    exactly what story_data writes."""
    data = own_json(raw)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Damaged("not a story entry of this version")
    if data.get("key") != key:
        return None
    if set(data) != {"format", "key", "card", "alignments", "files", "notes"}:
        raise Damaged("not a story entry of this version")
    return StoryBuild(
        key,
        typed(StoryCard, data["card"], "card"),
        alignments=typed(str, data["alignments"], "alignments"),
        pages=None,
        files=typed(tuple[str, ...], data["files"], "files"),
        notes=typed(tuple[tuple[int, str], ...], data["notes"], "notes"),
    )


def pages_data(key: str, pages: dict[str, bytes]) -> bytes:
    """A story's pages as the bytes of pages/<slug>.pages: one line of JSON (the key,
    each page's path and size), then the pages' bytes one after the other."""
    header = {"format": FORMAT, "key": key, "pages": [[p, len(c)] for p, c in pages.items()]}
    return b"".join([json.dumps(header).encode("utf-8"), b"\n", *pages.values()])


def pages_from(raw: bytes, key: str) -> dict[str, bytes] | None:
    """The pages pages/<slug>.pages holds, if made from `key` (None if from another);
    Damaged for anything that is not exactly what pages_data writes."""
    end = raw.find(b"\n")
    if end < 0:
        raise Damaged("no header line")
    header = own_json(raw[:end])
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise Damaged("not a pages file of this version")
    if header.get("key") != key:
        return None
    listed = typed(tuple[tuple[str, int], ...], header.get("pages"), "pages")
    if any(size < 0 for _, size in listed) or sum(s for _, s in listed) != len(raw) - end - 1:
        raise Damaged("the sizes of the pages do not add up to the file's")
    pages, start = {}, end + 1
    for path, size in listed:
        pages[path] = raw[start : start + size]
        start += size
    return pages


def typed(kind: object, value: object, where: str) -> typing.Any:
    """`value`, as json.loads gives it, as a value of `kind` (a dataclass, a tuple, a
    union, str, int, float or bool), checked all the way down; Damaged, naming
    `where`, if it is not one."""
    return _converter(kind)(value, where)


Converter = typing.Callable[[object, str], typing.Any]


@cache
def _converter(kind: object) -> Converter:
    """The function that checks and converts a value of `kind` (see typed), worked out
    once per kind: a rebuild checks a site.json of thousands of values with it."""
    origin = typing.get_origin(kind)
    if dataclasses.is_dataclass(kind):
        return _dataclass_converter(kind)
    if origin in (typing.Union, types.UnionType):
        return _union_converter(typing.get_args(kind))
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence_converter(args[0])
        return _row_converter(args)
    if kind is type(None):
        return _none
    if kind is float:
        return _float
    if kind in (str, int, bool):
        return _exactly(kind)
    raise TypeError(f"typed cannot check {kind!r}")


def _dataclass_converter(kind: type) -> Converter:
    hints = _field_types(kind)
    names = set(hints)
    fields = [(name, _converter(hint)) for name, hint in hints.items()]

    def convert(value: object, where: str) -> typing.Any:
        if not isinstance(value, dict) or value.keys() != names:
            raise Damaged(f"{where} is not a {kind.__name__}")
        return kind(**{name: each(value[name], f"{where}.{name}") for name, each in fields})

    return convert


def _union_converter(options: tuple) -> Converter:
    converters = [_converter(option) for option in options]

    def convert(value: object, where: str) -> typing.Any:
        for each in converters:
            with suppress(Damaged):
                return each(value, where)
        raise Damaged(f"{where} has a value of the wrong kind")

    return convert


def _sequence_converter(item: object) -> Converter:
    each = _converter(item)

    def convert(value: object, where: str) -> typing.Any:
        if not isinstance(value, list):
            raise Damaged(f"{where} is not a list")
        return tuple([each(v, where) for v in value])

    return convert


def _row_converter(items: tuple) -> Converter:
    converters = [_converter(item) for item in items]

    def convert(value: object, where: str) -> typing.Any:
        if not isinstance(value, list):
            raise Damaged(f"{where} is not a list")
        if len(value) != len(converters):
            raise Damaged(f"{where} has {len(value)} items, not {len(converters)}")
        return tuple([each(v, where) for each, v in zip(converters, value)])

    return convert


def _none(value: object, where: str) -> None:
    if value is not None:
        raise Damaged(f"{where} has a value of the wrong kind")


def _float(value: object, where: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise Damaged(f"{where} has a value of the wrong kind")


def _exactly(kind: type) -> Converter:
    def convert(value: object, where: str) -> typing.Any:
        if type(value) is kind:
            return value
        raise Damaged(f"{where} has a value of the wrong kind")

    return convert


@cache
def _field_types(kind: type) -> dict[str, object]:
    """The types of the fields a dataclass is made with, resolved (once per class: the
    program's own dataclasses; do not change the dict)."""
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind) if f.init}


_STAMP_KEYS = {"output", "key", "frame", "counts", "files", "stories", "notes"}
_LATER_KEYS = {"frame", "notes"}
"""Keys a stamp of an earlier version lacks ("frame" before issue 27, "notes" before the
fifteenth round of the editor's view)."""


def checked_stamp(saved: object) -> dict:
    """site.json as json.loads gives it, checked to be what remember_site writes (each
    file's [size, time, digest], each story's key, files and notes, the site-wide steps'
    notes); Damaged else."""
    if not isinstance(saved, dict) or set(saved) | _LATER_KEYS != _STAMP_KEYS:
        raise Damaged("not a site stamp of this version")
    typed(str, saved["output"], "output")
    typed(str, saved["key"], "key")
    saved["frame"] = typed(str, saved.get("frame", ""), "frame")  # none before issue 27
    saved["notes"] = _site_notes(saved.get("notes", {}))
    for where in ("counts", "files", "stories"):
        if not isinstance(saved[where], dict):
            raise Damaged(f"{where} is not a mapping")
    for name, count in saved["counts"].items():
        typed(int, count, f"counts: {name!r}")
    for name, info in saved["files"].items():
        typed(tuple[int, int, str], info, f"files: {name!r}")
    for slug, story in saved["stories"].items():
        if not isinstance(story, dict) or set(story) != {"key", "files", "notes", "card"}:
            raise Damaged(f"stories: {slug!r} is not a story's stamp")
        typed(str, story["key"], "a story's key")
        typed(tuple[str, ...], story["files"], "a story's files")
        _checked_notes(story["notes"], "a story's notes")
        if story["card"] is not None:
            story["card"] = typed(StoryCard, story["card"], "a story's card")
    return saved


def _site_notes(saved: object) -> dict[str, tuple[tuple[int, str], ...]]:
    """The stamp's notes of the site-wide steps (SiteStamp.site_notes), checked; Damaged
    for anything else."""
    if not isinstance(saved, dict):
        raise Damaged("notes is not a mapping")
    return {
        typed(str, step, "a step's name"): _checked_notes(notes, f"notes: {step!r}")
        for step, notes in saved.items()
    }


def _checked_notes(saved: object, where: str) -> tuple[tuple[int, str], ...]:
    """Kept notes, checked to be (level, message) pairs at a level a note is said at."""
    notes = typed(tuple[tuple[int, str], ...], saved, where)
    if any(level not in NOTE_LEVELS for level, _ in notes):
        raise Damaged(f"{where}: a level notes are not said at")
    return notes


def source_stamps(raw: bytes) -> dict[str, list]:
    """The stamps sources.json holds (path -> [size, mtime, ctime, inode, digest]);
    Damaged for anything else."""
    data = own_json(raw)
    if not isinstance(data, dict):
        raise Damaged("not a mapping of files")
    stamp = tuple[int, int, int, int, str]
    return {str(path): list(typed(stamp, value, "a stamp")) for path, value in data.items()}
