"""Write step: pages and theme files -> the output folder, all or nothing.

Everything is written into a fresh folder beside the output folder and swapped into
place only when the whole site is there, so a failed build leaves the previous site
exactly as it was, and a server never sees half a site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from site_builder.errors import SiteError


def write_site(output: Path, pages: Mapping[str, bytes], static: Path | None) -> int:
    """Replace `output` with `pages` plus the theme's `static` folder; return files written."""
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise SiteError("the output path is a file, not a folder; choose another --output", output)
    parent = output.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=parent))
    except OSError as exc:
        raise SiteError(f"cannot write the site here: {exc.strerror or exc}", parent) from None
    try:
        count = _fill(staging, pages, static)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _fill(folder: Path, pages: Mapping[str, bytes], static: Path | None) -> int:
    count = 0
    if static is not None and static.is_dir():
        for source in sorted(static.rglob("*")):
            if source.is_file():
                target = folder / "static" / source.relative_to(static)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                count += 1
    for relative, content in sorted(pages.items()):
        target = safe_target(folder, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        count += 1
    return count


def safe_target(folder: Path, relative: str) -> Path:
    """`folder / relative`, refusing any path that would land outside `folder`.

    The path is judged by its parts alone: `folder` is the fresh staging folder, which
    holds no links, so no path without ".." or a root can leave it.
    """
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if not parts or relative.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
        raise SiteError(f"refusing to write outside the output folder: {relative!r}")
    return folder.joinpath(*parts)


def _swap(staging: Path, output: Path) -> None:
    """Move `staging` to `output`, keeping the old output until the new one is in place."""
    os.chmod(staging, 0o755)
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    try:
        output.rename(retired)
    except OSError as exc:
        raise SiteError(
            f"cannot replace the output folder: {exc.strerror or exc}", output
        ) from None
    try:
        staging.rename(output)
    except OSError:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
