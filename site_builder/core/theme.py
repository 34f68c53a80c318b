"""Themes: the templates and static files a site is rendered with.

A theme is data, never Python, though its Jinja2 templates can do what any Jinja2
template can: use a theme only from someone you trust. The built-in themes ship inside the package
(site_builder/themes/<name>/templates, static/ and strings/, its words in each language).
A site may have its own `themes/<name>/` folder beside site.yml: every file in it
overrides the built-in file of the same path, so a site can change one template or one
stylesheet by placing just that file there (a strings file overrides key by key, see
strings.py). A site theme whose name is not a built-in one overrides the built-in
`default` theme.
"""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.core.errors import SiteError
from site_builder.core.records import record

FALLBACK = "default"
PACKAGE = Path(__file__).parent.parent
"""site-builder's package folder (site_builder/)."""


def _builtin_themes() -> Path:
    """Where the built-in themes are: package data of site_builder.themes in an
    installed wheel (site_builder/themes/), else the themes/ folder at the top of a
    source checkout (an editable install, or PYTHONPATH), where their source is."""
    shipped = PACKAGE / "themes"
    return shipped if (shipped / FALLBACK).is_dir() else PACKAGE.parent / "themes"


BUILTIN_THEMES = _builtin_themes()


@record(frozen=True)
class Theme:
    """A theme's folders, first wins: the site's own, then the built-in one."""

    name: str
    layers: tuple[Path, ...]

    @property
    def template_dirs(self) -> list[Path]:
        """The folders Jinja2 looks for templates in, in order."""
        return [layer / "templates" for layer in self.layers if (layer / "templates").is_dir()]

    def template_file(self, name: str) -> Path:
        """The file that template `name` is read from (the first layer that has it)."""
        for folder in self.template_dirs:
            if (folder / name).is_file():
                return folder / name
        return self.layers[0] / "templates" / name

    def static_files(self) -> dict[str, Path]:
        """Every static file by its path under static/, the site's own winning."""
        folders = [layer / "static" for layer in self.layers if (layer / "static").is_dir()]
        return _files_by_path(folders, hidden=False)

    def strings_files(self, language: str) -> list[Path]:
        """The strings files of `language` (strings/<language>.yml) the layers have, the
        site's own first (see strings.py)."""
        files = [(layer, layer / "strings" / f"{language}.yml") for layer in self.layers]
        return [_inside_theme(path, layer) for layer, path in files if path.is_file()]

    def template_files(self) -> dict[str, Path]:
        """Every template by its name, the site's own winning (for the build's key)."""
        return _files_by_path(self.template_dirs, hidden=True)


def _files_by_path(folders: list[Path], *, hidden: bool) -> dict[str, Path]:
    """Every file under `folders` by its path inside its folder, sorted by that path; a
    path in more than one folder is the first folder's file. `hidden`: whether files
    whose name starts with '.' count. Each is a file of its theme folder (_inside_theme).
    The templates are listed for every story's pages (render.template_environment):
    one os.scandir walk of each folder, as Path.rglob lists it (a linked folder in it
    is not gone into), a quarter of the instructions of rglob with every file's real
    path worked out."""
    files: dict[str, Path] = {}
    for folder in reversed(folders):
        files.update(_files_in(folder, hidden=hidden))
    return dict(sorted(files.items()))


def _files_in(folder: Path, *, hidden: bool) -> dict[str, Path]:
    """Every file under `folder` by its path inside it, in the order sorted(rglob) gives,
    each checked to be a file of the theme folder that holds `folder` (_inside_theme).
    Only a link, or a file of a folder that is itself outside the theme, needs its real
    path worked out: the others are where their folder's real path says."""
    found = []  # (parts of the path inside `folder`, the file, whether it is a link)
    pending = [((), str(folder))]
    while pending:
        parts, path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except PermissionError:  # as rglob: a folder it may not read holds nothing
            continue
        for entry in entries:
            inner = (*parts, entry.name)
            if entry.is_dir(follow_symlinks=False):
                pending.append((inner, entry.path))
            elif (hidden or not entry.name.startswith(".")) and _is_file(entry):
                found.append((inner, entry.path, entry.is_symlink()))
    layer = folder.parent
    outside = not Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(layer))
    files = {}
    for inner, path, linked in sorted(found):
        source = Path(path)
        files["/".join(inner)] = _inside_theme(source, layer) if linked or outside else source
    return files


def _is_file(entry: os.DirEntry) -> bool:
    """Whether `entry` is a file or a link to one, as Path.is_file says (a link that
    loops or leads nowhere is not)."""
    return Path(entry.path).is_file() if entry.is_symlink() else entry.is_file()


def _inside_theme(path: Path, layer: Path) -> Path:
    """`path`, a file of the theme folder `layer`; a SiteError if it is (or lies in) a
    symbolic link to a place outside that folder, as a link in content/ is refused: a
    theme's files are published or run, and must be the theme's own."""
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(layer)):
        raise SiteError(
            "symbolic link to a place outside the theme; copy the file into the theme instead",
            path,
        )
    return path


def find_theme(name: str, site_root: Path) -> Theme | None:
    """The theme `name` for the site at `site_root`, or None if neither the site nor
    site-builder has a theme of that name."""
    own = site_root / "themes" / name
    builtin = BUILTIN_THEMES / name
    if builtin.is_dir():
        same = own.is_dir() and os.path.realpath(own) == os.path.realpath(builtin)
        layers = (own, builtin) if own.is_dir() and not same else (builtin,)
    elif own.is_dir():
        layers = (own, BUILTIN_THEMES / FALLBACK)
    else:
        return None
    return Theme(name, layers)


def available_themes(site_root: Path) -> list[str]:
    """The names of the built-in themes and of the site's own theme folders."""
    folders = [BUILTIN_THEMES, site_root / "themes"]
    return sorted({p.name for f in folders if f.is_dir() for p in f.iterdir() if p.is_dir()})
