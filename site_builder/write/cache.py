"""The build cache: what a build keeps in .site-builder-cache/ for the next one.

- stories/<slug>.json: each story's card and alignments.json entry, and
  pages/<slug>.pages its rendered pages (a JSON header naming each page and its size,
  then the pages' bytes), under a key that hashes everything the story's build depends
  on (story_key), so a story is reused only if nothing it depends on changed;
- site.json: what the last build wrote to the output folder (names, sizes, times and
  hashes, and each story's key, card and the exact files it owns), so an unchanged
  site is not written again and a rebuild writes only the files that changed, without
  even loading the pages, or the cache files, of the stories that did not (their
  cards come from here, their alignments.json entries from the output's own
  alignments.json, whose hash site.json holds);
- sources.json: a hash of each source file the last build read, with the file's size,
  times and inode: a file whose stat is unchanged is not read again (Pelican's habit;
  like git, a file changed in the last RACY_SECONDS is read again next time, as an edit
  within its time's granularity would not show);
- write/: not the cache's but the write step's own folder (write.OutputState): the
  site before last, from which write.py puts the next site together cheaply, and
  which output folder it last wrote. The cache itself keeps analysis and what it
  needs to skip work, and calls nothing of the output folder's bookkeeping.

The cache only saves time: when it cannot be written (a full disk, a read-only
folder) the build goes on without it and says so once.

Anyone who can write the site's folder can write the cache (a cloned repository can
hold one), so it is read as untrusted input: data only (JSON and bytes, never pickle
nor compiled code: Jinja2's compiled templates are not kept here; the built-in theme's
ship compiled inside the package, render/precompiled.py), each file checked
when read, a damaged one discarded with a warning and built again; a cache folder that
is a symbolic link, or holds one, is not used at all.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import re
import stat
import sys
import time
import types
import typing
from collections.abc import Callable, Collection, Iterable
from contextlib import suppress
from dataclasses import field
from functools import cache, lru_cache, partial
from pathlib import Path

from site_builder import __version__
from site_builder.core.build_model import SiteStamp, StoryBuild
from site_builder.core.config import SiteConfig
from site_builder.core.errors import NOTE_LEVELS, note, printable, warn
from site_builder.core.model import StoryCard
from site_builder.core.own_files import own_json, read_own_file
from site_builder.core.parsed import FOLDER as PARSED
from site_builder.core.records import record
from site_builder.read.content import is_story_file
from site_builder.write.write import (
    output_files,
    remove_temporary_files,
    remove_tree,
    write_atomically,
)

T = typing.TypeVar("T")

CACHE_DIR = ".site-builder-cache"
SITE_STAMP = "site.json"
STORIES = "stories"
PAGES = "pages"
OLD_PREVIOUS_OUTPUT = "previous-output"
"""Where earlier versions kept the site before last (now the write step's: see
write.OutputState); removed."""
SOURCES = "sources.json"
RACY_SECONDS = 2.0
"""A file modified this recently is not trusted by its stat alone (see SourceStamps)."""
STORY_SUFFIX = ".json"
PAGES_SUFFIX = ".pages"
OLD_TEMPLATES = "templates"
"""Where earlier versions kept Jinja2's compiled templates (removed: see templates)."""
FORMAT = 1
"""The version of the story and pages files' layout."""


@record
class SourceStamps:
    """The content hash of each source file the last build read, under the file's stat
    (size, modification and change times, inode), so an unchanged file need not be
    read again to know it is unchanged."""

    known: dict[str, list] = field(default_factory=dict)
    changed: bool = False
    program: str | None = None
    """program_fingerprint, once worked out with these stamps."""

    def digest(self, path: str, info: os.stat_result) -> str | None:
        """The hash recorded for `path` if its stat is the one recorded with it."""
        found = self.known.get(path)
        return found[4] if found and found[:4] == _signature(info) else None

    def record(self, path: str, info: os.stat_result, digest: str) -> None:
        """Remember `digest` for `path` (not for a file too recently changed to trust
        its stat: an edit in the same clock tick would not show)."""
        stamp = [*_signature(info), digest]
        if info.st_mtime_ns / 1e9 < time.time() - RACY_SECONDS and self.known.get(path) != stamp:
            self.known[path] = stamp
            self.changed = True


def _signature(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


@record
class BuildCache:
    """Story builds of earlier runs, kept in memory and (if `folder` is set) on disk.

    A story is reused when its key matches: a hash of its files' bytes, the settings
    it is aligned and rendered with, the theme's files and the program (see
    program_fingerprint). What is read from disk is checked first (see the module's
    docstring).
    """

    folder: Path | None = None
    _memory: dict[str, StoryBuild] = field(default_factory=dict)
    _unwritable: bool = False
    _sources: SourceStamps | None = None
    _stamp: dict | None = None
    """site.json as json.loads gave it to last_key, not checked yet (last_site does)."""
    _last_cards: dict[str, tuple[StoryCard, dict]] = field(default_factory=dict)
    """Each story's card as last_site gave it, with the JSON data it was read from:
    remember_site writes that data again for a card still the same object, instead of
    turning every card of the site back into data after each edit."""

    @property
    def sources(self) -> SourceStamps:
        """The source files' stamps of the last build (read once)."""
        if self._sources is None:
            known = self._read(self.folder / SOURCES, _source_stamps) if self.folder else None
            self._sources = SourceStamps(known or {})
        return self._sources

    def remember_sources(self) -> None:
        """Keep the source files' stamps for the next build, if they changed."""
        if self.folder is not None and self._sources is not None and self._sources.changed:
            self._save(self.folder / SOURCES, json.dumps(self._sources.known).encode("utf-8"))
            self._sources.changed = False

    def remove_leftovers(self) -> None:
        """Check the cache folder holds no link (see links_in_cache), and remove the
        temporary files of builds that were killed while writing here, and what
        earlier versions kept here that this one no longer reads (compiled templates)."""
        if self.folder is None:
            return
        link = links_in_cache(self.folder)
        if link is not None:
            warn(
                "%s is a symbolic link; building without the build cache (nothing is "
                "read or written through it): remove the link to use the cache again",
                link,
            )
            self.folder, self._memory = None, {}
            return
        for folder in (
            self.folder,
            self.folder / STORIES,
            self.folder / PAGES,
            self.folder / PARSED,
        ):
            remove_temporary_files(folder)
        remove_tree(self.folder / OLD_TEMPLATES)
        remove_tree(self.folder / OLD_PREVIOUS_OUTPUT)
        with suppress(OSError):
            os.unlink(self.folder / f"{OLD_PREVIOUS_OUTPUT}.lock")

    def get(self, slug: str, key: str) -> StoryBuild | None:
        """The cached build of story `slug` if it was made from exactly `key`."""
        cached = self._memory.get(slug)
        if (cached is None or cached.key != key) and self.folder is not None:
            cached = self._load(slug, key)
            if cached is not None:
                self._memory[slug] = cached
        return cached if cached is not None and cached.key == key else None

    def put(self, slug: str, build: StoryBuild) -> None:
        """Keep `build` for the next run (on disk too, written atomically)."""
        self._memory[slug] = build
        if self.folder is None:
            return
        if build.pages is not None:  # None: kept already (by the worker that built it)
            self._save(self._pages_file(slug), pages_data(build.key, build.pages))
        self._save(self._story_file(slug), story_data(build))

    def pages(self, slug: str, key: str) -> dict[str, bytes] | None:
        """The pages of the cached build of story `slug` made from exactly `key`."""
        cached = self._memory.get(slug)
        if cached is not None and cached.key == key and cached.pages is not None:
            return cached.pages
        if self.folder is None:
            return None
        return self._read(self._pages_file(slug), partial(pages_from, key=key))

    def keep_only(self, slugs: Collection[str]) -> None:
        """Forget the stories not in `slugs` (deleted or renamed), so the cache does not
        grow with every story the site ever had; remove every other file from the
        cache's story folders (the pickle files of earlier versions among them)."""
        for slug in self._memory.keys() - set(slugs):
            del self._memory[slug]
        if self.folder is not None and not self._unwritable:
            for kind, suffix in ((STORIES, STORY_SUFFIX), (PAGES, PAGES_SUFFIX)):
                with suppress(OSError):
                    for name in os.listdir(self.folder / kind):
                        stem = name[: -len(suffix)] if name.endswith(suffix) else None
                        if stem not in slugs and not name.startswith("."):
                            with suppress(OSError):
                                os.unlink(self.folder / kind / name)

    def _story_file(self, slug: str) -> Path:
        return self.folder / STORIES / f"{slug}{STORY_SUFFIX}"

    def _pages_file(self, slug: str) -> Path:
        return self.folder / PAGES / f"{slug}{PAGES_SUFFIX}"

    def _read(self, path: Path, parse: Callable[[bytes], T]) -> T | None:
        """parse(the bytes of cache file `path`); None where there is no such file, or
        where it is damaged (not what this version writes: it is then discarded with a
        warning, and what it held is built again)."""
        try:
            return parse(read_own_file(path))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            self._discard(path, exc)
            return None

    def _discard(self, path: Path, problem: Exception) -> None:
        """Say that the cache file `path` is damaged, and remove it: what it held is
        built again."""
        warn(
            "%s: a damaged build cache file (%s); it is ignored and rebuilt",
            path,
            printable(str(problem), 200),
        )
        with suppress(OSError):
            os.unlink(path)

    def _save(self, path: Path, content: bytes) -> None:
        """Write a cache file; if that fails, warn once and keep nothing more on disk."""
        if self.folder is None or self._unwritable:
            return
        try:
            write_atomically(path, content)
        except OSError as exc:
            self._unwritable = True
            with suppress(OSError):  # a stamp left behind would describe an older output
                (self.folder / SITE_STAMP).unlink(missing_ok=True)
            warn(
                "cannot write the build cache in %s (%s); building without it, so the "
                "next build starts afresh",
                self.folder,
                exc.strerror or exc,
            )

    def _saved_stamp(self, output: Path) -> dict | None:
        """site.json, if it describes `output` exactly as it is now (one that is not
        what this version writes is discarded with a warning)."""
        if self.folder is None:
            return None
        path = self.folder / SITE_STAMP
        parsed, self._stamp = self._stamp, None
        try:
            if parsed is None:
                parsed = own_json(read_own_file(path))
            data = _card_data_of(parsed)
            saved = checked_stamp(parsed)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            self._discard(path, exc)
            return None
        if saved["output"] != str(output):
            return None
        files = {name: info[:2] for name, info in saved["files"].items()}
        if files != output_files(output):
            return None
        self._last_cards = {  # each checked by checked_stamp, as read
            slug: (story["card"], data[slug])
            for slug, story in saved["stories"].items()
            if story["card"] is not None
        }
        return saved

    def last_key(self) -> str | None:
        """The key of the last build as site.json says, or None: a hint only, read
        before anything else in the file is checked (last_site checks it all, and reads
        the file as parsed here)."""
        if self.folder is None:
            return None
        try:
            parsed = own_json(read_own_file(self.folder / SITE_STAMP))
        except (OSError, ValueError):
            return None  # said by last_site, which reads the file again
        self._stamp = parsed
        key = parsed.get("key") if isinstance(parsed, dict) else None
        return key if isinstance(key, str) else None

    def last_site(self, output: Path) -> SiteStamp | None:
        """What the last build wrote to `output`, if `output` still holds exactly that
        (the same files, sizes and times); else None."""
        saved = self._saved_stamp(output)
        if saved is None:
            return None
        try:
            files = saved["files"]
            return SiteStamp(
                saved["key"],
                saved["counts"],
                {path: info[2] for path, info in files.items()},
                {slug: story["key"] for slug, story in saved["stories"].items()},
                {slug: tuple(story["files"]) for slug, story in saved["stories"].items()},
                {
                    slug: tuple((int(level), str(text)) for level, text in story["notes"])
                    for slug, story in saved["stories"].items()
                },
                {
                    slug: story["card"]
                    for slug, story in saved["stories"].items()
                    if story["card"] is not None
                },
                saved["frame"],
                saved["notes"],
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None  # no stamp, or one this version does not read: write afresh

    def remember_site(
        self, output: Path, stamp: SiteStamp, files: dict[str, list[int]] | None = None
    ) -> None:
        """Note that `output` now holds the site `stamp` describes; `files`: its files'
        sizes and times as the write left them (else they are looked up)."""
        if self.folder is None or self._unwritable:
            return
        found = files if files is not None else output_files(output)
        if any(info[0] < 0 for info in found.values()):
            return  # a link appeared meanwhile: no stamp, so the next build writes afresh
        files = {
            path: [*info, stamp.digests.get(path, "")]  # "": not written by a build
            for path, info in found.items()
        }
        saved = {
            "output": str(output),
            "key": stamp.key,
            "frame": stamp.frame,
            "counts": stamp.counts,
            "files": files,
            "stories": {
                slug: {
                    "key": key,
                    "files": stamp.owned.get(slug, ()),
                    "notes": stamp.notes.get(slug, ()),
                    "card": self._card_data(slug, stamp.cards.get(slug)),
                }
                for slug, key in stamp.stories.items()
            },
            "notes": stamp.site_notes,
        }
        self._save(self.folder / SITE_STAMP, json.dumps(saved).encode("utf-8"))

    def _load(self, slug: str, key: str) -> StoryBuild | None:
        """The story's build on disk if it was made from `key` (else None: built afresh);
        a file that is not one this version wrote is discarded with a warning."""
        return self._read(self._story_file(slug), partial(story_from, key=key))

    def _card_data(self, slug: str, card: StoryCard | None) -> dict | None:
        """`card` (story `slug`'s) as JSON data: the data last_site read it from, if it
        is that very card, else made from it (see _last_cards)."""
        if card is None:
            return None
        last = self._last_cards.get(slug)
        return last[1] if last is not None and last[0] is card else plain(card)


def _card_data_of(parsed: object) -> dict[str, object]:
    """Each story's card in site.json as json.loads gave it (not checked: checked_stamp
    checks it and makes the card of it), by slug."""
    stories = parsed.get("stories") if isinstance(parsed, dict) else None
    if not isinstance(stories, dict):
        return {}
    return {slug: story.get("card") for slug, story in stories.items() if isinstance(story, dict)}


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


def _source_stamps(raw: bytes) -> dict[str, list]:
    """The stamps sources.json holds (path -> [size, mtime, ctime, inode, digest]);
    Damaged for anything else."""
    data = own_json(raw)
    if not isinstance(data, dict):
        raise Damaged("not a mapping of files")
    stamp = tuple[int, int, int, int, str]
    return {str(path): list(typed(stamp, value, "a stamp")) for path, value in data.items()}


def links_in_cache(folder: Path) -> Path | None:
    """The first symbolic link found where the cache keeps what it reads and writes:
    the cache folder itself, what it holds, and what its stories/ and pages/ folders
    hold; None if there is none. (Deeper links, inside write/, are the write step's: removed,
    never followed, by the write step.)"""
    if os.path.islink(folder):
        return folder
    for inside in ("", STORIES, PAGES):
        try:
            with os.scandir(folder / inside) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        return Path(entry.path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return None
    return None


def cache_folder(config: SiteConfig) -> Path | None:
    """Where the build cache of the site goes: .site-builder-cache/ beside site.yml; where
    the site's folder cannot be written (a read-only checkout built with --output
    elsewhere), a folder named after the site under the user's cache folder
    ($XDG_CACHE_HOME/site-builder/, or ~/.cache/site-builder/); None, with a warning,
    when neither can be written: the site is then built without a cache."""
    own = config.root / CACHE_DIR
    if _writable(own):
        return own
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = hashlib.sha256(os.fsencode(config.root)).hexdigest()[:16]
    elsewhere = Path(base) / "site-builder" / f"{config.root.name}-{name}"
    if _writable(elsewhere):
        note(
            logging.INFO,
            "%s cannot be written: keeping the build cache in %s",
            config.root,
            elsewhere,
        )
        return elsewhere
    warn(
        "cannot write a build cache in %s or %s; building without one, so every build "
        "starts afresh",
        own,
        elsewhere,
    )
    return None


def _writable(folder: Path) -> bool:
    """Whether `folder` exists (made now if need be) and this process may write in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def story_key(
    folder: Path, config: SiteConfig, theme: str, stamps: SourceStamps | None = None
) -> str:
    """A hash of everything one story's build depends on: the settings, the theme, the
    program, the folder's name (the story's address, and its title where _story.md gives
    none: a story renamed is a story changed) and what the reader finds in each file it
    reads (content.is_story_file).

    A file the reader cannot read as a regular file (a dangling or looping link, a
    FIFO, a folder named like an article) counts as what it is, so adding one changes
    the key and the story is read again: a cached build then meets it as a cold one
    does, and gives the same result. With `stamps`, a regular file whose stat is
    unchanged since the last build is not read again.
    """
    digest = hashlib.sha256()
    digest.update(repr((program_fingerprint(stamps), theme, _settings(config))).encode())
    digest.update(os.fsencode(folder.name) + b"\0")
    for name in sorted(os.listdir(folder)):
        if is_story_file(name):
            path = os.path.join(folder, name)
            digest.update(os.fsencode(name) + b"\0" + _source_digest(path, stamps) + b"\0")
    return digest.hexdigest()


def _source_digest(path: str, stamps: SourceStamps | None) -> bytes:
    """A hash of what the reader finds at `path` (see _found_at), from `stamps` when the
    file is a regular file (or a link to one) whose stat is as recorded."""
    info = None
    if stamps is not None:
        with suppress(OSError):
            info = os.stat(path)
        if info is not None and stat.S_ISREG(info.st_mode) and not os.path.islink(path):
            known = stamps.digest(path, info)
            if known is not None:
                return known.encode()
        else:
            info = None
    found = hashlib.sha256(_found_at(path)).hexdigest()
    if info is not None:
        stamps.record(path, info, found)
    return found.encode()


def _found_at(path: str) -> bytes:
    """The bytes of the regular file at `path` (following links, as the reader does),
    plus where a link leads; else what stands there instead. Opens nothing that is not
    a regular file, so a FIFO never blocks."""
    found = b""
    if os.path.islink(path):
        found = b"link to " + os.fsencode(os.path.realpath(path)) + b"\0"
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:  # dangling or looping link, no permission
        return found + f"unreadable: {errno.errorcode.get(exc.errno, exc.errno)}".encode()
    kind = stat.S_IFMT(os.fstat(descriptor).st_mode)
    if kind != stat.S_IFREG:
        os.close(descriptor)
        return found + f"not a regular file: {kind:o}".encode()
    with open(descriptor, "rb") as file:
        try:
            return found + file.read()
        except OSError as exc:
            return found + f"unreadable: {errno.errorcode.get(exc.errno, exc.errno)}".encode()


def site_key(
    config: SiteConfig, story_keys: Iterable[str], stamps: SourceStamps | None = None
) -> str:
    """A hash of everything the whole site depends on: every story (whose keys already
    cover the settings and templates) and the theme's static files."""
    program = program_fingerprint(stamps)
    digest = hashlib.sha256(repr((program, _settings(config))).encode())
    for key in story_keys:
        digest.update(key.encode())
    digest.update(files_digest(config.site_theme.static_files()).encode())
    return digest.hexdigest()


OUTPUT_LIBRARIES = {
    "markdown-it-py": "markdown_it",
    "mdurl": "mdurl",
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
    "PyYAML": "yaml",
    "rapidfuzz": "rapidfuzz",
    "PyStemmer": "Stemmer",
    "anyascii": "anyascii",
}
"""Libraries whose code runs in a build and whose version can change what it writes
(markdown-it-py's links go through mdurl; Jinja2's escaping is markupsafe's; site.yml
and front matter are read by PyYAML; anyascii makes the addresses of stories named in
other scripts), with the module each installs."""


def _runtime() -> str:
    """The Python and Unicode versions (Unicode decides which letters fold, split and
    make an address) and whether PyYAML reads with libyaml."""
    import unicodedata

    return f"python={sys.version}\0unicode={unicodedata.unidata_version}\0libyaml={_libyaml()}"


def _libyaml() -> bool:
    """Whether PyYAML has libyaml's parser (CSafeLoader), told without importing PyYAML
    (~13 ms a rebuild that reads its YAML from parsed copies need not pay): from the
    module once imported, else whether PyYAML's folder holds its compiled `_yaml`
    module, which is what gives it CSafeLoader."""
    import importlib.machinery
    import importlib.util

    loaded = sys.modules.get("yaml")
    if loaded is not None:
        return hasattr(loaded, "CSafeLoader")
    spec = importlib.util.find_spec("yaml")
    if spec is None or not spec.submodule_search_locations:
        return False
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for folder in spec.submodule_search_locations:
        with suppress(OSError):
            if any(n.startswith("_yaml.") and n.endswith(suffixes) for n in os.listdir(folder)):
                return True
    return False


def program_fingerprint(stamps: SourceStamps | None = None) -> str:
    """A hash of site-builder's version and code and of the versions of the libraries
    that shape its output: results cached by another version, a changed checkout, or
    with other libraries are never reused.

    With `stamps`, each of the package's files is hashed only if its stat (size, times,
    inode) differs from the one recorded with its hash in sources.json (validated as
    data when read, like every cache file): a rebuild then stats the code instead of
    reading and hashing all of it (the rarity tables are megabytes).
    """
    if stamps is None:
        return _program_fingerprint_read()
    if stamps.program is None:
        stamps.program = _program_fingerprint(stamps)
    return stamps.program


@lru_cache(maxsize=1)
def _program_fingerprint_read() -> str:
    return _program_fingerprint(None)


def forget_program_fingerprint() -> None:
    """Work the program's fingerprint out again at its next use (this process's Python
    or libraries were changed under it: tests do that)."""
    _program_fingerprint_read.cache_clear()


def _program_fingerprint(stamps: SourceStamps | None) -> str:
    package = Path(__file__).parent.parent
    digest = hashlib.sha256(__version__.encode())
    digest.update(_runtime().encode())
    for library in OUTPUT_LIBRARIES:
        digest.update(f"{library}={_version_of(library)}".encode())
    files = _program_files(package)
    if any(path.name == COMPILED_RECORD for path in files):
        # The opt-in compiled core: its shared library (mypyc's runtime compiled in) sits
        # beside the package, and mypyc's runtime package may serve it.
        digest.update(f"{MYPYC_RUNTIME}={_version_of(MYPYC_RUNTIME, MYPYC_RUNTIME)}".encode())
        files.extend(compiled_libraries(package).values())
    for path in files:
        digest.update(os.path.relpath(path, package).encode() + b"\0")
        digest.update(_source_digest(str(path), stamps))
    return digest.hexdigest()


COMPILED_RECORD = "compiled.json"
"""The compiled core's record of its sources (site_builder/core/compiled.py)."""

MYPYC_RUNTIME = "librt"
"""mypyc's runtime package (mypy 1.18 on), whose version is in the key of a compiled
install."""


def _program_files(package: Path) -> list[Path]:
    """The package's files whose content is the program, sorted: its Python modules, its
    data (rarity tables, language packs), and any compiled module (an extension module
    is imported before the .py of the same name, so it is the code that runs) with the
    compiled core's record, in one walk of the folder."""
    extensions = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        data = os.path.basename(folder) == "language_data"
        for name in names:
            if (
                name.endswith((".py", ".txt.gz", *extensions))
                or (data and name.endswith(".json"))
                or (name == COMPILED_RECORD and folder == str(package))
            ):
                found.append(Path(folder, name))
    return sorted(found)


def compiled_libraries(package: Path) -> dict[str, Path]:
    """The compiled core's shared library (top-level module name -> file), as Python
    would load it: mypyc puts the compiled code, and its runtime, in one
    `<group>__mypyc` library beside the package (group: the record's), which the
    modules in the package only load."""
    from site_builder.core.compiled import compiled_record

    with suppress(ImportError, ValueError):
        record = compiled_record(str(package))
        if record is not None:
            name = f"{record['group']}__mypyc"
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin is not None:
                return {name: Path(spec.origin)}
    return {}


def theme_fingerprint(config: SiteConfig) -> str:
    """A hash of the theme's templates and of the strings files its words are read from
    (the site's language's and English, in every layer); static files do not change a
    story's pages."""
    theme = config.site_theme
    strings = dict.fromkeys([*theme.strings_files(config.language), *theme.strings_files("en")])
    files = {f"strings:{n}:{path.name}": path for n, path in enumerate(strings)}
    return files_digest({**theme.template_files(), **files})


def files_digest(files: dict[str, Path]) -> str:
    """A hash of the names and contents of `files` (name -> file)."""
    digest = hashlib.sha256()
    for name, path in sorted(files.items()):
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def frame_key(config: SiteConfig, theme: str, stamps: SourceStamps | None = None) -> str:
    """A hash of what the site-wide pages depend on besides the stories' cards and the
    list of files: the program, every setting (the output folder's included) and the
    theme's templates and strings (`theme`: theme_fingerprint's)."""
    settings = repr(config)  # a dataclass of plain values: the same text for the same site
    return hashlib.sha256(repr((program_fingerprint(stamps), theme, settings)).encode()).hexdigest()


def _settings(config: SiteConfig) -> tuple:
    """The settings a story's build depends on (not where the output goes)."""
    return (
        config.alignment,
        config.loaded_words,
        config.title,
        config.description,
        config.base_url,
        config.site_url,
        config.language,
        config.theme,
        config.outlets,
        config.report_url,
        config.pair_pages,
    )


@lru_cache(maxsize=len(OUTPUT_LIBRARIES) + 1)  # and mypyc's runtime (MYPYC_RUNTIME)
def _version_of(library: str, module_name: str | None = None) -> str:
    """The installed version of `library` (one of OUTPUT_LIBRARIES), from the name of
    its .dist-info folder beside its module; where there is none (a library run from
    a checkout), the module file's size and time, which change when it is replaced.

    importlib.metadata says the same but takes longer to import than a rebuild after
    one edit takes to run.
    """
    spec = importlib.util.find_spec(module_name or OUTPUT_LIBRARIES[library])
    if spec is None:
        return ""
    origin = spec.origin  # (not set on the spec: an imported module's own spec is returned)
    if origin is None:  # a namespace package (mypyc's librt): its first folder
        if not spec.submodule_search_locations:
            return ""
        origin = os.path.join(next(iter(spec.submodule_search_locations)), "__init__.py")
    module = Path(origin)
    folder = module.parent.parent if module.name == "__init__.py" else module.parent
    prefix = re.sub(r"[-_.]+", "_", library).lower() + "-"
    for name in _dist_infos(folder):
        if name.lower().startswith(prefix):
            return name[len(prefix) : -len(".dist-info")]
    with suppress(OSError):
        stat = module.stat()
        return f"{stat.st_size}:{stat.st_mtime_ns}"
    return ""


@lru_cache(maxsize=len(OUTPUT_LIBRARIES))
def _dist_infos(folder: Path) -> tuple[str, ...]:
    """The names of the .dist-info folders in `folder`, sorted: listed once for all the
    libraries installed there (a site-packages folder holds hundreds of names)."""
    return tuple(sorted(name for name in os.listdir(folder) if name.endswith(".dist-info")))
