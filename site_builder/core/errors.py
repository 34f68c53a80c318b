"""The one error type for mistakes a user can make in their site's files, and notes
(warnings and the like) about them, kept as values.

A note is said with `note` (or `warn`). Where a build keeps notes (`kept_notes`: each
story's build keeps its own, the build the site's) it is appended there, as a value
the story's result carries back from whatever ran it (a thread, a process, a dask
worker) and `--strict` reads; elsewhere it is logged. No logger's handlers are swapped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Control characters, the characters that change the direction of the text after them
(a right-to-left override makes 'evil\u202egpj.md' show as 'evildm.jpg'), line and
paragraph separators, and the undecodable bytes of file names (lone surrogates)."""
MESSAGE_LIMIT = 2000
"""The longest error line printed; messages quote short excerpts, this is a backstop."""


class SiteError(Exception):
    """A problem in the user's site (config, content, theme) that they can fix.

    It carries the file and line it came from so the CLI can print one line such as
    ``content/story/a.md:3: front matter is missing 'outlet' (add: outlet: Name)``
    instead of a traceback.
    """

    def __init__(
        self, message: str, path: Path | str | None = None, line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[type[SiteError], tuple[str, Path | None, int | None]]:
        return (SiteError, (self.message, self.path, self.line))  # keeps file and line
        # when a worker process sends the error back

    def __str__(self) -> str:
        """The error as one printable line: file, line and message."""
        text = f"{self.where()}: {self.message}" if self.path is not None else self.message
        return printable(text)

    def where(self) -> str:
        """The 'file:line' prefix, or just 'file' when the line is not known."""
        return location(self.path, self.line) if self.path is not None else ""


def location(path: Path, line: int | None) -> str:
    """'file:line', or 'file' when the line is not known (as messages begin)."""
    return f"{path}:{line}" if line else str(path)


def printable(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` safe to print as one terminal line: control characters (newlines, ESC),
    direction overrides and the undecodable bytes of file names escaped (\\x1b,
    \\u202e, \\xe9), cut to `limit`."""

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    text = _UNPRINTABLE.sub(escape, text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


Note = tuple[int, str]
"""A note: its level (one of NOTE_LEVELS) and its message."""

NOTE_LEVELS = (logging.INFO, logging.WARNING)
"""The levels notes are said at (note, warn): a kept note at any other is not one a
build wrote."""

_KEPT: ContextVar[tuple[list[Note], bool] | None] = ContextVar("site_builder_notes", default=None)
"""Where notes said in this thread (or task) go now, and whether they are logged too."""


def note(level: int, message: str, *args: object) -> None:
    """Say `message` (% `args`, as logging does) about the user's files at `level`:
    kept by the innermost `kept_notes` of this thread (and logged too if it says so),
    else logged."""
    message = message % args if args else message
    kept = _KEPT.get()
    if kept is not None:
        kept[0].append((level, message))
        if not kept[1]:
            return
    logging.getLogger("site_builder").log(level, "%s", message)


def warn(message: str, *args: object) -> None:
    """Say a warning about the user's files (see note): `--strict` makes it an error."""
    note(logging.WARNING, message, *args)


@contextmanager
def kept_notes(*, say: bool = False) -> Iterator[list[Note]]:
    """Keep the notes said in this thread inside the block, in the list it gives: a
    story's build keeps them to send back with its result (said later, in story
    order); the build of the site keeps them and says them as they come (`say`)."""
    kept: list[Note] = []
    token = _KEPT.set((kept, say))
    try:
        yield kept
    finally:
        _KEPT.reset(token)


def first_warning(notes: Iterable[Note]) -> str | None:
    """The message of the first warning (or worse) among `notes`, if any."""
    return next((message for level, message in notes if level >= logging.WARNING), None)
