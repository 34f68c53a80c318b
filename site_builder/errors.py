"""The one error type for mistakes a user can make in their site's files."""

from __future__ import annotations

import re
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

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self):
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
