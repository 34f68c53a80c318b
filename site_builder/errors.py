"""The one error type for mistakes a user can make in their site's files."""

from __future__ import annotations

from pathlib import Path


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
        return f"{self.where()}: {self.message}" if self.path is not None else self.message

    def where(self) -> str:
        """The 'file:line' prefix, or just 'file' when the line is not known."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)
