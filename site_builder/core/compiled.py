"""The opt-in compiled core (SITE_BUILDER_COMPILE=1 pip install .): refuse to run a
compiled module whose source was edited after compiling.

Python imports an extension module before the .py of the same name, so an edited .py
beside a compiled module would not run, while the cache key (which hashes the .py)
would say it does. The build records each compiled source's SHA-256 in
site_builder/compiled.json; site_builder/__init__.py imports this module only where that
file is, so a pure install pays one failed stat.
"""

from __future__ import annotations

import os

RECORD = "compiled.json"


def compiled_record(package: str) -> dict | None:
    """The compiled core's record in `package` (the site_builder folder): the shared
    library's group name and each compiled source's hash; None for a pure install."""
    try:
        with open(os.path.join(package, RECORD), encoding="utf-8") as file:
            text = file.read()
    except FileNotFoundError:
        return None
    import json  # only a compiled install pays for it

    record = json.loads(text)
    sources = record.get("sources") if isinstance(record, dict) else None
    if not isinstance(sources, dict) or not isinstance(record.get("group"), str):
        raise ImportError(f"site-builder: {os.path.join(package, RECORD)} is not a valid record")
    return record


def stale_sources(package: str, record: dict) -> list[str]:
    """The compiled modules' sources (relative to `package`) that differ from what was
    compiled."""
    import hashlib

    stale = []
    for name, digest in sorted(record["sources"].items()):
        try:
            with open(os.path.join(package, name), "rb") as file:
                found = hashlib.sha256(file.read()).hexdigest()
        except OSError:
            found = None
        if found != digest:
            stale.append(name)
    return stale


def refuse_stale_compiled(package: str) -> None:
    """Raise ImportError, saying what to do, if a compiled module's source was edited."""
    record = compiled_record(package)
    if record is None:
        return
    stale = stale_sources(package, record)
    if stale:
        raise ImportError(
            f"site-builder: {', '.join(stale)} changed after it was compiled, and Python "
            "would run the compiled code instead. Install again "
            "(`SITE_BUILDER_COMPILE=1 pip install .`, or `pip install .` for pure Python), "
            f"or delete {os.path.join(package, RECORD)} and the compiled modules "
            "(*.so, *.pyd) beside those files."
        )
