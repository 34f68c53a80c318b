"""Reading the files the program keeps for itself (the build cache, the write step's
record, an unfinished update's journal, an import's record).

Anyone who can write in the site's folder may have written them, so they are read as
hostile input: never through a symbolic link, a regular file only (a named pipe put
in a cache file's place would block the build for ever), and JSON whose nesting is
too deep for the decoder is damaged like any other (json.loads raises RecursionError
for it, which is not a ValueError).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path


def read_own_file(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file `path`; ValueError when it is something else (a
    folder, a named pipe, a device) or holds more than `limit` bytes, OSError (ELOOP)
    when it is a symbolic link, FileNotFoundError when nothing is there."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    with open(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError("it is not a regular file")
        raw = file.read() if limit is None else file.read(limit + 1)
    if limit is not None and len(raw) > limit:
        raise ValueError("it is too large")
    return raw


def own_json(raw: bytes) -> object:
    """`raw` (UTF-8 JSON) as json.loads gives it; ValueError for anything that is not
    JSON, nesting too deep for the decoder included."""
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("its lists or mappings are nested too deeply") from None
