"""`site-builder new DIR`: a working site to start from.

The files are package data (site_builder/commands/skeleton/): site.yml, an invented example
story of three short articles, a .gitignore, the GitHub Pages workflow and the
requirements.txt that workflow installs site-builder from. A path part spelt `dot-x`
is written as `.x` (so the package holds no hidden files), and `{{ version }}` becomes
the version of site-builder that made the site.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from site_builder import __version__
from site_builder.core.errors import SiteError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DOT_PREFIX = "dot-"


def new_site(target: Path) -> list[str]:
    """Write the starter site into `target`, which must be absent or an empty folder;
    return the paths written, relative to it, in order."""
    target = Path(target)
    try:
        if target.exists() and not target.is_dir():
            raise SiteError("a file of that name exists; choose a new folder for the site", target)
        if target.is_dir() and any(target.iterdir()):
            raise SiteError(
                "the folder is not empty; choose a new folder (or an empty one) for the site",
                target,
            )
    except OSError as exc:
        raise SiteError(f"cannot make the site here: {exc.strerror or exc}", target) from None
    files = sorted(skeleton_files(), key=lambda item: str(item[0]))
    try:
        for relative, source in files:
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8").replace("{{ version }}", __version__)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SiteError(
            f"cannot write the site: {exc.strerror or exc}", exc.filename or target
        ) from None
    return [str(relative) for relative, _ in files]


def skeleton_files() -> Iterator[tuple[PurePosixPath, Traversable]]:
    """Each file of the starter site: its path in the new site, and its package data."""
    yield from _walk(resources.files("site_builder.commands") / "skeleton", PurePosixPath())


def _walk(
    folder: Traversable, relative: PurePosixPath
) -> Iterator[tuple[PurePosixPath, Traversable]]:
    for entry in folder.iterdir():
        name = entry.name
        if name == "__pycache__":
            continue
        if name.startswith(DOT_PREFIX):
            name = "." + name[len(DOT_PREFIX) :]
        if entry.is_dir():
            yield from _walk(entry, relative / name)
        else:
            yield relative / name, entry
