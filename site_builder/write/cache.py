"""The build cache: what a build keeps in .site-builder-cache/ for the next one.

- stories/<slug>.json: each story's card and alignments.json entry, and
  pages/<slug>.pages its rendered pages (a JSON header naming each page and its size,
  then the pages' bytes), under a key that hashes everything the story's build depends
  on (keys.story_key), so a story is reused only if nothing it depends on changed;
- site.json: what the last build wrote to the output folder (names, sizes, times and
  hashes, and each story's key, card and the exact files it owns), so an unchanged
  site is not written again and a rebuild writes only the files that changed, without
  even loading the pages, or the cache files, of the stories that did not (their
  cards come from here, their alignments.json entries from the output's own
  alignments.json, whose hash site.json holds);
- sources.json: a hash of each source file the last build read, with the file's size,
  times and inode: a file whose stat is unchanged is not read again (Pelican's habit;
  see keys.SourceStamps);
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
when read (serial.py converts and checks them), a damaged one discarded with a warning
and built again; a cache folder that is a symbolic link, or holds one, is not used at
all. The keys the stories are kept under are keys.py's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import typing
from collections.abc import Callable, Collection
from contextlib import suppress
from dataclasses import field
from functools import partial
from pathlib import Path

from site_builder.core.build_model import SiteStamp, StoryBuild
from site_builder.core.config import SiteConfig
from site_builder.core.errors import note, printable, warn
from site_builder.core.model import StoryCard
from site_builder.core.own_files import own_json, read_own_file
from site_builder.core.parsed import FOLDER as PARSED
from site_builder.core.records import record
from site_builder.write.keys import SourceStamps
from site_builder.write.serial import (
    checked_stamp,
    pages_data,
    pages_from,
    plain,
    source_stamps,
    story_data,
    story_from,
)
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
STORY_SUFFIX = ".json"
PAGES_SUFFIX = ".pages"
OLD_TEMPLATES = "templates"
"""Where earlier versions kept Jinja2's compiled templates (removed: see templates)."""


@record
class BuildCache:
    """Story builds of earlier runs, kept in memory and (if `folder` is set) on disk.

    A story is reused when its key matches: a hash of its files' bytes, the settings
    it is aligned and rendered with, the theme's files and the program (see
    keys.program_fingerprint). What is read from disk is checked first (see the module's
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
            known = self._read(self.folder / SOURCES, source_stamps) if self.folder else None
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
