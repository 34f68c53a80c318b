"""Writing the site into a folder that cannot be swapped away (a mount point).

The write step (write.py) replaces an output folder whole; a mount point cannot be
moved, so the new site is written into it instead: the changed files are staged
inside it (STAGED), what is left to do is written down (a journal, JOURNAL), then the
files no longer part of the site are removed and the new ones moved into place one by
one. A build stopped half-way leaves the journal, which the next build checks (it may
have been written by anyone: see read_journal) and finishes.

write.py imports this module where it needs it (it is the one module that imports
write.py's own helpers).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Collection, Mapping
from pathlib import Path

from site_builder.core.errors import SiteError, printable, warn
from site_builder.core.own_files import own_json, read_own_file
from site_builder.write.write import (
    JOURNAL,
    MARKER,
    MARKER_TEXT,
    REJECTED,
    STAGED,
    _entries,
    _remove_entry,
    _remove_folder,
    _write_new,
    remove_tree,
)


def update_in_place(
    output: Path, fresh: Mapping[str, bytes], linked: Collection[str], *, known: bool
) -> None:
    """Bring `output`, which cannot be swapped away (a mount point), to the new site:
    stage the new files inside it, write down what is left to do (a journal), then
    remove the files no longer part of the site and move the new ones into place.

    `known`: `output` holds exactly what the last build wrote; otherwise everything in
    it but the marker goes first.
    """
    staged, temporary = output / STAGED, output / f"{JOURNAL}.tmp"
    remove_tree(staged)
    try:  # until the journal is in place, the output is as it was: undo on any failure
        os.mkdir(staged)
        (staged / MARKER).write_bytes(MARKER_TEXT)
        moves = []
        for number, (path, content) in enumerate(fresh.items()):
            _write_new(staged / str(number), content)
            moves.append((str(number), path))
        wanted = set(fresh) | set(linked)
        if known:
            present = [path for path, (kind, _) in _entries(output).items() if kind != "folder"]
            removes = sorted(p for p in present if p not in wanted and not _ours(p))
        else:
            removes = sorted(name for name in os.listdir(output) if not _ours(name))
        journal = {"removes": removes, "moves": moves}
        temporary.unlink(missing_ok=True)
        _write_new(temporary, json.dumps(journal).encode("utf-8"))
        os.replace(temporary, output / JOURNAL)
    except BaseException:
        remove_tree(staged)
        temporary.unlink(missing_ok=True)
        raise
    apply_journal(output, (removes, moves))


def _ours(path: str) -> bool:
    """Whether `path` (relative to the output) is one of the write step's own files."""
    return path in (MARKER, JOURNAL, f"{JOURNAL}.tmp") or path.split("/")[0] == STAGED


Journal = tuple[list[str], list[tuple[str, str]]]
"""What a journal says is left to do: the paths to remove, then (staged name, path)
of each move."""


def read_journal(output: Path) -> Journal | None:
    """The journal a stopped update left in `output`, checked: a regular file of UTF-8
    JSON, of paths inside `output` whose removal leads through no symbolic link, its
    staged files in a real folder. One that is not valid (damaged, or written by
    someone else) is set aside (REJECTED) with a warning, with what it staged: the
    site is then written afresh. None when there is no journal."""
    path = output / JOURNAL
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("it is not a regular file")
        journal = _journal_steps(own_json(read_own_file(path)))
        for removed in journal[0]:
            _no_link_on_the_way(output, removed)
        if os.path.islink(output / STAGED):
            raise ValueError(f"{STAGED} is a symbolic link")
    except ValueError as exc:
        _remove_entry(output / REJECTED)
        os.replace(path, output / REJECTED)
        remove_tree(output / STAGED)
        warn(
            "%s: the journal of an unfinished update is not valid (%s); set aside as %s, "
            "and the site is written afresh",
            path,
            printable(str(exc), 200),
            REJECTED,
        )
        return None
    return journal


def _journal_steps(journal: object) -> Journal:
    """The steps of a journal as json.loads gives it; ValueError if it is not one."""
    if not isinstance(journal, dict) or set(journal) != {"removes", "moves"}:
        raise ValueError("not a mapping of 'removes' and 'moves'")
    removes, moves = journal["removes"], journal["moves"]
    if not isinstance(removes, list) or not all(isinstance(p, str) for p in removes):
        raise ValueError("'removes' is not a list of paths")
    if not isinstance(moves, list) or not all(
        isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m) for m in moves
    ):
        raise ValueError("'moves' is not a list of [staged name, path] pairs")
    for path in [*removes, *(path for _, path in moves)]:
        if not _inside(path):
            raise ValueError(f"{path!r} is not a path inside the output folder")
    for name, _ in moves:
        if not _inside(name) or "/" in name:
            raise ValueError(f"{name!r} is not the name of a staged file")
    return removes, [(name, path) for name, path in moves]


def _inside(path: str) -> bool:
    """Whether `path` (names joined by "/") names something inside a folder."""
    return "\x00" not in path and all(part not in ("", ".", "..") for part in path.split("/"))


def _no_link_on_the_way(output: Path, path: str) -> None:
    """ValueError if a folder on the way from `output` to `path` is a symbolic link."""
    current = output
    for part in path.split("/")[:-1]:
        current = current / part
        if os.path.islink(current):
            raise ValueError(f"{path!r} leads through a symbolic link")


def apply_journal(output: Path, journal: Journal) -> None:
    """Carry out (or finish) the journal in `output`: every step can be done twice."""
    removes, moves = journal
    for path in removes:
        try:
            _no_link_on_the_way(output, path)
        except ValueError:
            continue  # a link made since the journal was read: what it leads to stays
        target = _journal_target(output, path)
        _remove_entry(target)
        _remove_empty_folders(target.parent, output)
    for name, path in moves:
        source = output / STAGED / name
        if os.path.lexists(source):
            target = _journal_target(output, path)
            _real_folder(target.parent, output)
            if os.path.isdir(target) and not os.path.islink(target):
                _remove_folder(target)
            os.replace(source, target)
    os.unlink(output / JOURNAL)
    remove_tree(output / STAGED)


def _journal_target(output: Path, path: str) -> Path:
    """Where the journal's `path` (names joined by "/", relative to `output`) lies. The
    names are the file system's own (a file added by hand may be named "notes:old.txt"
    or "a\\b"), so only names that would leave `output` are refused: empty, "." and
    "..". (The journal's paths were listed without following links, and the folders
    its moves go into are made real first: see _real_folder.)"""
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise SiteError(f"refusing to write outside the output folder: {path!r}")
    return output.joinpath(*parts)


def _real_folder(folder: Path, root: Path) -> None:
    """Make `folder` (inside `root`) a real folder: any link or file on the way there
    is removed, never followed."""
    parts = folder.relative_to(root).parts
    current = root
    for part in parts:
        current = current / part
        if os.path.islink(current) or (os.path.lexists(current) and not current.is_dir()):
            os.unlink(current)
        if not os.path.lexists(current):
            os.mkdir(current)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """Remove `folder` and each folder above it that is left empty, up to `root`."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
