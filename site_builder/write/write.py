"""Write step: pages and theme files -> the output folder.

What it promises, whatever happens (a mistake, Ctrl-C, kill -9, a full disk):

- Nothing is written until every page is rendered, and the output folder only ever
  holds the previous site or the new one, whole. The new site is put together in
  another folder on the same file system (the write step's own copy of the site
  before last, see OutputState, or a fresh folder beside the output), its unchanged
  files hard-linked from the output and the changed ones written, and the two
  folders are then swapped in one step (renameat2 with RENAME_EXCHANGE on Linux;
  elsewhere two renames, undone by the next build if it stops between them).
- It replaces only a folder it wrote: every output folder holds a small
  `.site-builder-output` file, and a non-empty folder without one is refused unless
  the user passes --force-output.
- It never follows a link inside the output folder: it writes only into folders it
  made itself, and only reads the output's files by name when the last build's stamp
  says the output holds exactly what it wrote (a link makes the output "changed by
  hand": the whole site is written afresh).
- A mount point cannot be swapped away, so it is written into: changed files are
  staged inside it and moved into place one by one, following a journal that the next
  build finishes if this one is stopped (mount.py).
- What a stopped build leaves (a half-made folder beside the output, a retired old
  output, a journal) is finished or removed by the next build (prepare_output).
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from site_builder.core.errors import SiteError, printable, warn
from site_builder.core.own_files import own_json, read_own_file
from site_builder.core.records import record

MARKER = ".site-builder-output"
"""The file that marks a folder as site-builder's output, at the folder's root."""
MARKER_TEXT = (
    b"This folder is written by site-builder: each build replaces everything in it.\n"
    b"site-builder replaces only folders that hold this file (or are empty).\n"
)
JOURNAL = ".site-builder-journal"
"""In a mount point being updated: what is left to do (see mount.py)."""
REJECTED = ".site-builder-journal.rejected"
"""Where a journal that is not valid is set aside (see mount.read_journal)."""
STAGED = ".site-builder-staged"
"""In a mount point being updated: the new files, before they are moved into place."""
SPACE_ERRORS = (errno.ENOSPC, errno.EDQUOT)


@record(frozen=True)
class Written:
    """What the output folder holds after a write."""

    digests: dict[str, str]
    """Every file's path inside the output folder and a hash of its bytes."""
    changed: int
    """How many files were written (the others were already there, byte for byte)."""
    stats: dict[str, list[int]] | None = None
    """Every file's size and modification time (ns) as the write left them, as
    output_files lists them; None where the write did not note them."""


WRITE_STATE = "write"
"""The write step's own folder, inside the site's build folder (.site-builder-cache/):
see OutputState."""
SPARE = "spare"
"""In WRITE_STATE: the site before last, from which the next site is put together."""
WRITTEN = "written.json"
"""In WRITE_STATE: which output folder the last write made, and its files' sizes and
times as it left them."""
WRITTEN_LIMIT = 64 * 1024 * 1024
"""The largest written.json read (a site of a million files is well under it)."""


@record
class OutputState:
    """What the write step keeps between builds, in a folder of its own (`folder`; None:
    nothing is kept): the site before last (`spare`), so a rebuild only links and
    writes what differs from it; and which output folder it last wrote, with its files'
    sizes and times (written.json), so that a folder it wrote before folders were
    marked still counts as its own (`wrote`).

    Anyone who can write the site's folder can write this one, so it is read as
    untrusted input: never through a link (a folder, spare copy or file that is a link
    is not used), written.json checked as data when read, a damaged one set aside."""

    folder: Path | None = None

    @classmethod
    def within(cls, build_folder: Path | None) -> OutputState:
        """The write step's state inside the site's build folder (the cache's), if any."""
        return cls(build_folder / WRITE_STATE if build_folder is not None else None)

    def check(self) -> None:
        """Let the folder go (with a warning) if it, or what it holds, is a link; the
        folder it lies in is the cache's, which checks itself."""
        if self.folder is None:
            return
        if os.path.islink(self.folder.parent) or os.path.islink(self.folder):
            self.folder = None  # the cache folder, or an entry of it: said by the cache
            return
        for path in (self.folder / SPARE, self.folder / f"{SPARE}.lock"):
            if os.path.islink(path):
                warn(
                    "%s is a symbolic link; the site is written without the write step's "
                    "saved state (nothing is read or written through it): remove the link",
                    path,
                )
                self.folder = None
                return
        if _neither_file_nor_folder(self.folder / f"{SPARE}.lock"):
            warn(
                "%s is neither a file nor a folder; the site is written without the write "
                "step's saved state (a named pipe there would block the build): remove it",
                self.folder / f"{SPARE}.lock",
            )
            self.folder = None
            return
        remove_temporary_files(self.folder)

    @property
    def spare(self) -> Path | None:
        """Where the site before last is kept (see write_site), if anywhere."""
        return self.folder / SPARE if self.folder is not None else None

    def wrote(self, output: Path) -> bool:
        """Whether the last write recorded here left `output` exactly as it is now (the
        same files, sizes and times)."""
        if self.folder is None:
            return False
        path = self.folder / WRITTEN
        try:
            recorded = _written_from(read_own_file(path, WRITTEN_LIMIT))
        except FileNotFoundError:
            return False
        except (OSError, ValueError) as exc:
            warn(
                "%s: a damaged file of the write step (%s); it is ignored",
                path,
                printable(str(exc), 200),
            )
            with suppress(OSError):
                os.unlink(path)
            return False
        return recorded == {"output": str(_real(output)), "files": output_files(output)}

    def remember(self, output: Path, files: dict[str, list[int]] | None) -> None:
        """Record that `output` now holds `files` (sizes and times; None: unknown, as
        after writing into a mount point: then looked up now)."""
        if self.folder is None:
            return
        found = files if files is not None else output_files(output)
        try:
            if any(info[0] < 0 for info in found.values()):  # a link appeared meanwhile
                os.unlink(self.folder / WRITTEN)
                return
            record = {"output": str(_real(output)), "files": found}
            write_atomically(self.folder / WRITTEN, json.dumps(record).encode("utf-8"))
        except FileNotFoundError:
            pass
        except OSError:  # the cache folder cannot be written: said by the cache
            with suppress(OSError):
                os.unlink(self.folder / WRITTEN)


def _neither_file_nor_folder(path: Path) -> bool:
    """Whether something stands at `path` that is neither a regular file nor a folder
    (a named pipe, a socket, a device): a lock file opened there could block."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _written_from(raw: bytes) -> dict:
    """written.json as OutputState.remember writes it, checked; ValueError else."""
    data = own_json(raw)
    if not isinstance(data, dict) or set(data) != {"output", "files"}:
        raise ValueError("not a record of this version")
    if not isinstance(data["output"], str) or not isinstance(data["files"], dict):
        raise ValueError("not a record of this version")
    for name, info in data["files"].items():
        if not (
            isinstance(info, list)
            and len(info) == 2
            and all(type(number) is int for number in info)
        ):
            raise ValueError(f"the file {printable(name, 80)!r} has no size and time")
    return data


def output_files(output: Path) -> dict[str, list[int]]:
    """Every file under `output` with its size and modification time.

    A link (to a file or a folder: not followed) or anything else that is neither a
    file nor a folder is listed as [-1, -1], which no record holds: an output with one
    counts as changed by hand, and is written afresh.
    """
    files = {}
    for path, entry in walk(output):
        if entry.is_dir(follow_symlinks=False):
            continue
        if entry.is_file(follow_symlinks=False):
            info = entry.stat(follow_symlinks=False)
            files[path] = [info.st_size, info.st_mtime_ns]
        else:
            files[path] = [-1, -1]
    return dict(sorted(files.items()))


def prepare_output(output: Path, *, force: bool = False, state: OutputState | None = None) -> None:
    """Make `output` ready to be written: finish or undo what a stopped build left, and
    refuse a folder site-builder did not write.

    A journal left in a mount point is carried out; an output folder missing because a
    build stopped between two renames is put back; folders a stopped build left beside
    the output are removed. Then a non-empty folder without the marker is refused
    unless `force`, or `state` says the last build left it exactly as it is (a site
    written before folders were marked).
    """
    output = _real(output)
    _refuse_a_file(output)
    try:
        if (output / MARKER).is_file():
            from site_builder.write.mount import apply_journal, read_journal

            journal = read_journal(output)
            if journal is not None:
                apply_journal(output, journal)
            remove_tree(output / STAGED)
            (output / f"{JOURNAL}.tmp").unlink(missing_ok=True)
        if not output.exists():
            _put_back_retired(output)
        _remove_leftovers(output)
    except OSError as exc:
        raise _write_error(exc, output) from None
    check_output(output, force=force, state=state)


def check_output(output: Path, *, force: bool = False, state: OutputState | None = None) -> None:
    """Refuse an output folder a build may not replace, changing nothing: a file, or a
    non-empty folder without the marker (unless `force`, or `state` says the last
    build left it exactly as it is: a site written before folders were marked).
    The preview server refuses the same folders before serving one."""
    output = _real(output)
    _refuse_a_file(output)
    if not force and _foreign(output) and not (state is not None and state.wrote(output)):
        shown = sorted(os.listdir(output))
        names = ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")
        raise SiteError(
            f"this folder holds files site-builder did not write ({names}) and a build "
            "replaces everything in its output folder; choose a new or empty folder, or "
            "pass --force-output to replace its contents",
            output,
        )


ANOTHER_FOLDER = "choose another folder for the site (output_dir in site.yml, or --output)"
"""What to do about an output folder that cannot be: set in site.yml or on the command
line, so the message names both."""


def _refuse_a_file(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise SiteError(f"the output path is a file, not a folder; {ANOTHER_FOLDER}", output)


def write_site(
    output: Path,
    pages: Mapping[str, bytes],
    static: Mapping[str, Path],
    *,
    current: Mapping[str, str] | None = None,
    unchanged: Collection[str] = (),
    state: OutputState | None = None,
    stage: Stage | None = None,
    placed: Mapping[str, str] | None = None,
) -> Written:
    """Make `output` hold exactly `pages` plus the theme's `static` files (path under
    static/ -> source file), plus the `unchanged` files it already holds, plus the
    marker; in one step (see the module's docstring).

    `current` (file digests, as Written gives them) says `output` holds exactly those
    files, as the last build left them: files that did not change are then hard-linked
    from it instead of written, and `unchanged` names files of `current` that stay as
    they are (the pages of stories that did not change), so they are not even passed
    in. `state`: the write step's own folder, where the site before last is kept (on
    the output's file system), so that a rebuild only links and writes what differs
    from it instead of making every folder again, and where what was written is
    recorded (see OutputState).

    `stage`: the folder the new site is put together in, opened by the caller before
    the pages were rendered (see Stage); `placed`: the files already written into it
    (by place_files, e.g. on a cluster's workers), path -> digest.
    """
    output = _real(output)
    if unchanged and current is None:
        raise ValueError("unchanged files need the current digests of the output")
    files = _site_files(pages, static)
    digests = {path: _content_digest(content) for path, content in files.items()}
    linked = set(unchanged)
    if current is not None:
        linked.update(path for path in files if current.get(path) == digests[path])
    fresh = {path: content for path, content in files.items() if path not in linked}
    placed = placed or {}
    for path in (*fresh, *linked, *placed):
        if not _plain(path):
            raise SiteError(f"refusing to write outside the output folder: {path!r}")
    if placed and (stage is None or stage.folder is None):
        raise ValueError("placed files need the stage they were placed in")
    known = current is not None
    spare = state.spare if state is not None else None
    try:
        if os.path.ismount(output):
            from site_builder.write.mount import update_in_place

            update_in_place(output, fresh, linked, known=known)
            stats = None
        else:
            stats = _replace(output, fresh, linked, spare, known=known, stage=stage, placed=placed)
    except OSError as exc:
        raise _write_error(exc, output) from None
    if state is not None:
        state.remember(output, stats)
    kept = {path: current[path] for path in linked} if current is not None else {}
    changed = len(fresh) + sum(kept.get(p) != d for p, d in placed.items())
    return Written(dict(sorted({**kept, **placed, **digests}.items())), changed, stats)


def _site_files(pages: Mapping[str, bytes], static: Mapping[str, Path]) -> dict[str, bytes]:
    """Every file of the site by its path inside the output folder, marker included."""
    files = {f"static/{name}": source.read_bytes() for name, source in static.items()}
    files.update(pages)
    files[MARKER] = MARKER_TEXT
    return dict(sorted(files.items()))


def _content_digest(content: bytes) -> str:
    """A short hash of a file's bytes, to tell whether it changed. (SHA-256, which
    processors compute in hardware: three times as fast here as BLAKE2.)"""
    return hashlib.sha256(content).hexdigest()[:32]


def _write_error(exc: OSError, output: Path) -> SiteError:
    """The one-line error for a failure to write the site (the old site is intact)."""
    if exc.errno in SPACE_ERRORS:
        return SiteError(
            "no space left on the device to write the site; free some space and build "
            "again (the previous site is as it was)",
            output,
        )
    where = exc.filename or output
    return SiteError(
        f"cannot write the site here: {exc.strerror or exc} ({where}); {ANOTHER_FOLDER}; "
        "the previous site is as it was",
        output,
    )


# --- replacing the output folder whole ------------------------------------------------


def _replace(
    output: Path,
    fresh: Mapping[str, bytes],
    linked: Collection[str],
    spare: Path | None,
    *,
    known: bool,
    stage: Stage | None = None,
    placed: Mapping[str, str],
) -> dict[str, list[int]] | None:
    """Put the new site together in another folder (`stage`'s, or one opened now) and
    swap it with `output` (or, where `output` cannot be moved, write into it: see
    mount.py); the files' sizes and times, where noted."""
    ours = not output.exists() or (output / MARKER).is_file()
    own = stage is None
    if stage is None:
        stage = Stage(output, spare)
    try:
        folder = stage.open()
        if folder is None:  # a folder we may write into but not move
            from site_builder.write.mount import update_in_place

            update_in_place(output, fresh, linked, known=known)
            return None
        try:
            stats = _assemble(folder, output, fresh, linked, placed, made=stage.made)
            if output.exists():
                os.chmod(folder, stat.S_IMODE(os.stat(output).st_mode))
                retired = _swap(folder, output)
            else:
                os.chmod(folder, 0o755)
                os.rename(folder, output)
                retired = None
        except BaseException:
            stage.discard()
            raise
        stage.swapped()
        if retired is not None:
            _retire(retired, stage.spare if ours else None)
    finally:
        if own:
            stage.close()
    return stats


class Stage:
    """The folder a new site is put together in before it is swapped with the output:
    the write step's copy of the site before last (`spare`, see OutputState), or a
    fresh folder beside the output; held against other builds from open() to close().

    Opened before the site is rendered where others write into it (a cluster's
    workers: see place_files), else by write_site itself.
    """

    def __init__(self, output: Path, spare: Path | None) -> None:
        self.output, self.spare = _real(output), spare
        self.folder: Path | None = None
        self._opened = False
        self._made: Path | None = None
        self._locks: list[int | None] = []

    def open(self) -> Path | None:
        """Choose and lock the folder, the first time (None where the output must be
        written in place: a mount point, or a parent folder this process may not create
        folders in)."""
        if self._opened:
            return self.folder
        self._opened = True
        parent = self.output.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SiteError(
                f"cannot write the site here: {exc.strerror or exc}; {ANOTHER_FOLDER}", parent
            ) from None
        if os.path.ismount(self.output):
            return None
        if self.spare is not None and not _same_file_system(self.spare, parent):
            self.spare = None
        if self.spare is not None:
            lock_file = self.spare.with_name(self.spare.name + ".lock")
            with suppress(FileExistsError):
                _write_new(lock_file, b"")
            if os.path.islink(lock_file):
                raise SiteError(
                    "the lock file of the write step's spare copy is a symbolic link; remove it",
                    lock_file,
                )
            self._locks.append(_lock(lock_file))
            if self.spare.is_dir() and not self.spare.is_symlink():
                self.folder = self.spare
                return self.folder
        try:
            made = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-", dir=parent))
        except OSError as exc:  # a folder no folder can be made in (/proc): said, as
            # any failure to write the site is
            writable = self.output.is_dir() and os.access(self.output, os.W_OK)
            if isinstance(exc, PermissionError) and writable:
                return None
            raise _write_error(exc, self.output) from None
        self.folder = self._made = made
        self._locks.append(_lock(made))  # other builds leave it alone
        _write_new(made / MARKER, MARKER_TEXT)  # a stopped build's: removed by the next
        return self.folder

    def discard(self) -> None:
        """Remove the folder if it was made for this build (the build failed)."""
        if self._made is not None:
            remove_tree(self._made)
            self._made = None

    @property
    def made(self) -> bool:
        """Whether the folder was made for this build (not the spare copy): it holds the
        marker and whatever was placed in it since, nothing else (see _assemble)."""
        return self._made is not None and self.folder == self._made

    def swapped(self) -> None:
        """The folder is the output now: it is no longer this build's to remove."""
        self._made = None
        if len(self._locks) > (self.spare is not None):  # the made folder's lock
            _unlock(self._locks.pop())

    def close(self) -> None:
        """Release the folder: removed if made and never swapped in, and unlocked."""
        self.discard()
        while self._locks:
            _unlock(self._locks.pop())


def _assemble(
    folder: Path,
    output: Path,
    fresh: Mapping[str, bytes],
    linked: Collection[str],
    placed: Collection[str] = (),
    *,
    made: bool = False,
) -> dict[str, list[int]]:
    """Make `folder` hold exactly the new site: the `linked` files of `output` (hard
    links, or copies where the file system has none), the `fresh` ones and the `placed`
    ones (already written there), reusing whatever `folder` already holds that is the
    same, removing everything else; each file's size and modification time.

    `made`: `folder` was made for this build (Stage.made), so it holds the marker and
    what was placed in it, nothing else, and is not walked to find out (a walk of a cold
    build's stage, 407 folders, was half of this step on the serial end).

    (Paths are joined as strings here: a rebuild of BASIL's 400 pages spent more time
    making Path objects than linking files.)"""
    wanted = set(fresh) | set(linked) | set(placed)
    folders = _folders_of(wanted)
    found = _made_entries(placed) if made else _entries(folder)
    into, source_folder = os.path.join(folder, ""), os.path.join(output, "")
    for path, (kind, _) in sorted(found.items(), reverse=True):  # inside before outside
        if (kind == "folder" and path in folders) or (kind == "file" and path in wanted):
            continue
        _remove_entry(Path(into + path))
        del found[path]
    for path in sorted(folders - found.keys()):
        os.mkdir(into + path)
    stats = {}
    for path in sorted(linked):
        source, target = source_folder + path, into + path
        info = os.stat(source, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):
            raise SiteError("the output folder changed during the build; build again", source)
        if path in found and found[path][1] == info.st_ino:
            pass  # already the same file
        elif _link_or_copy(source, target, replace=path in found):
            info = os.stat(target)  # a copy
        stats[path] = [info.st_size, info.st_mtime_ns]
    for path, content in fresh.items():
        target = into + path
        if path not in found or not _holds(target, content):
            if path in found:  # never write into a file: it may be linked from the output
                with suppress(FileNotFoundError):  # (or gone: a made stage is not walked)
                    os.unlink(target)
            _write_new(target, content)
        info = os.stat(target)
        stats[path] = [info.st_size, info.st_mtime_ns]
    for path in placed:
        try:
            info = os.stat(into + path, follow_symlinks=False)
        except FileNotFoundError:
            info = None
        if info is None or not stat.S_ISREG(info.st_mode):
            raise SiteError("a page written by a worker is missing; build again", into + path)
        stats[path] = [info.st_size, info.st_mtime_ns]
    return dict(sorted(stats.items()))


def _made_entries(placed: Collection[str]) -> dict[str, tuple[str, int]]:
    """What a folder made for this build holds (see _entries), by what was put in it:
    the marker, the `placed` files and their folders (the inode numbers are not known,
    and not needed: nothing in it is linked from the output)."""
    entries = dict.fromkeys(_folders_of(placed), ("folder", 0))
    entries.update(dict.fromkeys((MARKER, *placed), ("file", 0)))
    return entries


def place_files(folder: Path, pages: Mapping[str, bytes]) -> dict[str, str]:
    """Write `pages` (path -> bytes) into `folder`, a Stage's folder, as write_site would:
    a file that already holds the same bytes is kept, any other is replaced (never
    written into: it may be linked from the output), and a link or file on the way is
    removed, never followed. Each page's digest, for write_site's `placed`.

    For a worker that renders a story while the site is put together: the folders it
    writes into are its story's own, so workers never meet. Each folder on the way is
    looked at once per call (a story's pages share its folder), with one `lstat` and
    no Path objects: this runs for every page of a cold build, on both cores, and the
    checks were a quarter of its instructions (docs/scaling.md, round fourteen)."""
    digests = {}
    real: set[str] = set()  # the folders this call has made real
    for path, content in pages.items():
        target = _placed_target(folder, path, real)
        there = _lstat(target)
        if there is None or not _holds_same(there, target, content):
            if there is not None:
                _remove_entry(Path(target))  # a link itself, never what it leads to
            _write_new(target, content)
        digests[path] = _content_digest(content)
    return digests


def place_parts(folder: Path, path: str, parts: Iterable[bytes]) -> str:
    """Write the file `path` into `folder` (a Stage's) from `parts`, one at a time, as
    place_files does (a file too large to hold in memory: a large site's
    alignments.json); its digest."""
    target = _placed_target(folder, path)
    if os.path.lexists(target):
        _remove_entry(Path(target))
    digest = hashlib.sha256()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with open(os.open(target, flags, 0o644), "wb") as file:
        for part in parts:
            digest.update(part)
            file.write(part)
    return digest.hexdigest()[:32]  # as _content_digest


def _placed_target(folder: Path, path: str, real: set[str] | None = None) -> str:
    """Where `path` (names joined by "/") lies in `folder`, its folders made real (those
    in `real` already were: the folders made real here are added to it)."""
    if not _plain(path):
        raise SiteError(f"refusing to write outside the output folder: {path!r}")
    current = str(folder)
    *folders, name = path.split("/")
    for part in folders:
        current = f"{current}/{part}"
        if real is None or current not in real:
            _make_real_folder(current)
            if real is not None:
                real.add(current)
    return f"{current}/{name}"


def _make_real_folder(path: str) -> None:
    """Make `path` a folder: a link (whatever it leads to) or any other file there is
    removed, never followed; a folder is kept."""
    there = _lstat(path)
    if there is not None and stat.S_ISDIR(there.st_mode):
        return
    if there is not None:
        os.unlink(path)
    os.mkdir(path)


def _lstat(path: str) -> os.stat_result | None:
    """What is at `path` (a link itself, not what it leads to), or None if nothing."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _holds_same(info: os.stat_result, path: str, content: bytes) -> bool:
    """Whether `path`, whose `lstat` is `info`, is a regular file holding `content`."""
    return stat.S_ISREG(info.st_mode) and info.st_size == len(content) and _holds(path, content)


def _folders_of(paths: Collection[str]) -> set[str]:
    """Every folder the files at `paths` lie in (relative paths with "/", as the site's
    files are named), each folder above them included."""
    folders: set[str] = set()
    for path in paths:
        cut = path.rfind("/")
        while cut > 0 and path[:cut] not in folders:
            folders.add(path[:cut])
            cut = path.rfind("/", 0, cut)
    return folders


def _entries(folder: Path) -> dict[str, tuple[str, int]]:
    """Everything under `folder` (links not followed) by relative path: ("folder" or
    "file" or "other", inode number)."""
    return {path: (_kind(entry), entry.inode()) for path, entry in walk(folder)}


def _kind(entry: os.DirEntry[str]) -> str:
    """What `entry` is: "folder", "file" or "other" (a link, whatever it leads to, is
    "other")."""
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    return "file" if entry.is_file(follow_symlinks=False) else "other"


def _holds(path: str, content: bytes) -> bool:
    """Whether the regular file at `path` holds exactly `content`."""
    try:
        if os.stat(path, follow_symlinks=False).st_size != len(content):
            return False
        with open(path, "rb") as file:
            return file.read() == content
    except OSError:
        return False


def _link_or_copy(source: str, target: str, *, replace: bool) -> bool:
    """Make `target` (which exists if `replace`) the same file as `source` (a hard link),
    or a copy of it where the file system cannot link; whether it is a copy."""
    if replace:
        os.unlink(target)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
        with open(source, "rb") as file:
            _write_new(target, file.read())
        return True
    return False


def _write_new(target: str | Path, content: bytes) -> None:
    """Create `target` (which must not exist) holding `content`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(target, flags, 0o644)
    with open(descriptor, "wb") as file:
        file.write(content)


def _swap(folder: Path, output: Path) -> Path:
    """Put `folder` where `output` is, in one step where the system can; return where
    the old output is now."""
    if _exchange(folder, output):
        return folder
    aside = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    os.rmdir(aside)
    os.rename(output, aside)  # until the next rename, there is no output folder:
    try:  # the next build puts this one back if this one stops here
        os.rename(folder, output)
    except BaseException:
        os.rename(aside, output)
        raise
    return aside


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap the folders at `first` and `second` in one step; False where the system
    cannot (not Linux, an old kernel or C library, a file system without it)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE):
        error = ctypes.get_errno()
        if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False
        raise OSError(error, os.strerror(error), str(second))
    return True


@lru_cache(maxsize=1)
def _renameat2():
    """The C library's renameat2, where there is one."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _retire(old: Path, spare: Path | None) -> None:
    """Keep the old output as the `spare` copy of the site (the next rebuild starts
    from it), or remove it."""
    if old == spare:
        return  # the swap left it there already
    if spare is not None:
        try:
            if os.path.lexists(spare):
                remove_tree(spare)
            os.rename(old, spare)
            return
        except OSError:
            pass  # no spare copy this time: the old output is removed
    remove_tree(old)


def _same_file_system(spare: Path, parent: Path) -> bool:
    """Whether `spare` can be swapped with a folder in `parent` (creating its parent)."""
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        return os.stat(spare.parent).st_dev == os.stat(parent).st_dev
    except OSError:
        return False


# --- what a stopped build leaves ------------------------------------------------------


def _leftover_pattern(output: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(output.name)}\.(new|old)-[a-z0-9_]+")


def _remove_leftovers(output: Path) -> None:
    """Remove the folders stopped builds left beside `output`: half-made new sites and
    retired old ones (each marked, or empty), except those a running build holds."""
    pattern = _leftover_pattern(output)
    try:
        entries = [e for e in os.scandir(output.parent) if pattern.fullmatch(e.name)]
    except FileNotFoundError:
        return
    for entry in entries:
        folder = Path(entry.path)
        if not entry.is_dir(follow_symlinks=False):
            continue
        lock = _lock(folder, wait=False)
        if lock is None:
            continue  # a running build's
        try:
            if (folder / MARKER).is_file() or not any(folder.iterdir()):
                remove_tree(folder)
        finally:
            _unlock(lock)


def _put_back_retired(output: Path) -> None:
    """Where a build stopped between moving the old output aside and the new one in,
    put the old one back."""
    pattern = _leftover_pattern(output)
    try:
        retired = [
            Path(e.path)
            for e in os.scandir(output.parent)
            if pattern.fullmatch(e.name) and ".old-" in e.name and e.is_dir(follow_symlinks=False)
        ]
    except FileNotFoundError:
        return
    marked = [folder for folder in retired if (folder / MARKER).is_file()]
    if marked:
        os.rename(max(marked, key=lambda f: f.stat().st_mtime_ns), output)


def _foreign(output: Path) -> bool:
    """Whether `output` is a folder with files in it and without the marker."""
    if not output.is_dir() or (output / MARKER).is_file():
        return False
    with os.scandir(output) as entries:
        return next(entries, None) is not None


def remove_tree(folder: Path) -> None:
    """Remove `folder` and everything in it, without following links (a link or a file
    at `folder` itself is removed, not what it leads to); the marker last, so a removal
    that is stopped can be finished by the next build."""
    if os.path.islink(folder) or (os.path.lexists(folder) and not os.path.isdir(folder)):
        _remove_entry(folder)
        return
    try:
        with os.scandir(folder) as entries:
            inside = [Path(e.path) for e in entries if e.name != MARKER]
    except FileNotFoundError:
        return
    _remove_entries(inside)
    with suppress(FileNotFoundError):
        os.unlink(folder / MARKER)
    with suppress(FileNotFoundError):
        os.rmdir(folder)


SPLIT_REMOVAL = 16
"""From this many entries on, remove_tree removes them from REMOVAL_THREADS threads."""

REMOVAL_THREADS = 4
"""How many threads remove a large folder's entries: the file system unlinks in several
folders at once, so the old output of a build without the cache goes in about half the
time (docs/scaling.md, round seven)."""


def _remove_entries(paths: list[Path]) -> None:
    """Remove each of `paths` (see _remove_entry): in REMOVAL_THREADS shares at once when
    there are SPLIT_REMOVAL or more; an error of any share is raised once all are done."""
    if len(paths) < SPLIT_REMOVAL:
        _remove_all(paths)
        return
    from concurrent.futures import ThreadPoolExecutor  # only for a large folder

    shares = [paths[n::REMOVAL_THREADS] for n in range(REMOVAL_THREADS)]
    with ThreadPoolExecutor(REMOVAL_THREADS, thread_name_prefix="remove") as pool:
        done = [pool.submit(_remove_all, share) for share in shares]
    for share in done:  # all ended (the pool's end waits for them): the first error
        share.result()


def _remove_all(paths: list[Path]) -> None:
    """Remove each of `paths` (see _remove_entry), one after another."""
    for path in paths:
        _remove_entry(path)


def _remove_entry(path: Path) -> None:
    """Remove a file, a link (not what it leads to) or a folder with all in it."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            _remove_folder(path)
        else:
            os.unlink(path)
    except (FileNotFoundError, NotADirectoryError):
        pass


def _remove_folder(path: str | Path) -> None:
    """shutil.rmtree(path), where a Ctrl-C stays a Ctrl-C. Python's rmtree (3.11 to 3.13)
    closes each folder it opened and then notes that it did: a Ctrl-C that lands between
    the two makes its `finally` close the folder again, and the OSError of that second
    close (EBADF) takes the place of the KeyboardInterrupt, so a build stopped while it
    removed the old output ended in "cannot write the site here: Bad file descriptor"
    (the site swapped in, whole) instead of "Stopped."."""
    try:
        shutil.rmtree(path)
    except OSError as exc:
        stop = _ctrl_c_behind(exc)
        if stop is None:
            raise
        raise stop from None


def _ctrl_c_behind(exc: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C (KeyboardInterrupt) `exc` was raised while handling, if any."""
    seen = set()
    cause = exc.__context__
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return cause
        seen.add(id(cause))
        cause = cause.__context__
    return None


NO_LOCKS = -1
"""What _lock returns where the system has no advisory locks."""


def _lock(path: Path, *, wait: bool = True) -> int | None:
    """Lock `path` (a folder or a lock file) against other builds; the descriptor that
    holds the lock, or None if another process holds it and `wait` is False."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: builds are not told apart
        return NO_LOCKS
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # never waits
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def _unlock(descriptor: int | None) -> None:
    if descriptor is not None and descriptor != NO_LOCKS:
        os.close(descriptor)


# --- helpers shared with the cache ----------------------------------------------------


def walk(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Everything under `folder`, folders included, with its path relative to `folder`
    (names joined by "/"); links are listed, never followed. A folder that is gone by
    the time it is read (`folder` itself included) is passed over."""
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(os.path.join(folder, relative)) as listing:
                entries = list(listing)
        except FileNotFoundError:
            continue
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append(path)
            yield path, entry


def write_atomically(target: Path, content: bytes) -> None:
    """Write `target` so a reader sees the old file or the new one, never half of one
    (and an interrupted write leaves no partial file behind, but for a temporary file
    named after this process, which remove_temporary_files removes once it is gone)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(content)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove_temporary_files(folder: Path, *, every: bool = False) -> None:
    """Remove the temporary files of write_atomically in `folder` whose process is gone
    (a build that was killed); with `every`, every *.tmp file there (for writers that
    shrug off losing theirs, as Jinja2's compiled-template cache does)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = re.fullmatch(r"\..+\.(\d+)\.tmp", name)
        if (every and name.endswith(".tmp")) or (match and not _running(int(match.group(1)))):
            with suppress(OSError):
                os.unlink(folder / name)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _plain(relative: str) -> bool:
    """Whether `relative` is a plain relative path inside a folder: names joined by "/",
    none of them empty, "." or "..", no backslash, no drive."""
    parts = relative.split("/")
    return (
        "\\" not in relative
        and ":" not in parts[0]
        and all(part not in ("", ".", "..") for part in parts)
    )


def _real(output: Path) -> Path:
    """The output folder where it really is (a link to a folder is followed, once)."""
    return Path(os.path.realpath(output))
