"""`site-builder check`: every internal link, fragment and asset of a built site resolves.

Reads the output folder only (no site.yml content, no network): each HTML page's links
(`a`, `area` and `link` hrefs; `script`, `img`, `source`, `iframe`, `video`, `audio`
sources and `srcset`s) and each stylesheet's `url(...)` must lead to a file of the site,
and a `#fragment` to an element with that id in the page it names. Links to other sites
(`https:`, `mailto:`, `//host/...`) are not followed. Absolute paths (`/repo/x.html`,
which 404.html uses because it is served at any depth) must lie under the site's
`base_url`.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
}
"""The attributes of each element that name something the page loads or links to."""

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
ALWAYS_THERE = {"", "top"}
"""Fragments every page has: '#' and '#top' lead to the top of the page."""


@dataclass(frozen=True)
class BrokenLink:
    """A link that leads nowhere: the file it is in and the link as written there."""

    page: str
    link: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}"


@dataclass(frozen=True)
class CheckReport:
    """What `check_site` found: how many pages and links it checked, and the broken ones."""

    pages: int
    links: int
    broken: tuple[BrokenLink, ...]

    def summary(self) -> str:
        """'Checked 13 pages, 412 links: all resolve', or '2 of 412 links in 13 pages do
        not resolve' (and, where only 404.html's absolute links do not, what to do)."""
        pages = f"{self.pages} page{'' if self.pages == 1 else 's'}"
        if not self.broken:
            return f"Checked {pages}, {self.links} links: all resolve"
        said = f"{len(self.broken)} of {self.links} links in {pages} do not resolve"
        if all(b.page == "404.html" and b.link.startswith("/") for b in self.broken):
            # the only absolute links: a build and a check with different base paths
            said += (
                "; they are 404.html's, the only links under the site's base path: give "
                "check the --base-url the site was built with"
            )
        return said


def check_site(output: Path, base_url: str = "/") -> CheckReport:
    """Check every internal link of the site built in `output`, served under `base_url`."""
    output = Path(output)
    found = sorted(p for p in output.rglob("*") if p.is_file())
    files = {_relative(p, output) for p in found}
    pages = {_relative(p, output): _read_page(p) for p in found if p.name.endswith(".html")}
    stylesheets = sorted(p for p in files if p.endswith(".css"))
    broken: list[BrokenLink] = []
    links = 0
    sources = [(path, page.links) for path, page in pages.items()]
    sources += [(path, _css_links(output / path)) for path in stylesheets]
    for path, page_links in sources:
        for link in page_links:
            if _external(link):
                continue
            links += 1
            if not _resolves(link, path, base_url, files, pages):
                broken.append(BrokenLink(path, link))
    return CheckReport(len(pages), links, tuple(broken))


@dataclass(frozen=True)
class _Page:
    links: tuple[str, ...]
    ids: frozenset[str]


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_RAW_TEXT = re.compile(r"(<(script|style)\b[^>]*>).*?</\2\s*>", re.S | re.I)
_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)(\s(?:[^>"']|"[^"]*"|'[^']*')*)?/?>""")
_NAMES_A_TARGET = re.compile(r"(^|\s)(id|name)\s*=", re.I)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def _read_page(path: Path) -> _Page:
    """A page's links and the ids a fragment can point at.

    A scan of its start tags (comments and the text of scripts and styles left out)
    rather than a full HTML parser: several times faster on a site of hundreds of pages,
    and the same for the pages a theme makes.
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    text = _RAW_TEXT.sub(r"\1", _COMMENT.sub("", text))
    links: list[str] = []
    ids: set[str] = set()
    for match in _TAG.finditer(text):
        tag, attributes = match.group(1).lower(), match.group(2) or ""
        wanted = LINK_ATTRIBUTES.get(tag, ())
        if not wanted and not _NAMES_A_TARGET.search(attributes):
            continue
        values = _attributes(attributes)
        if values.get("id"):
            ids.add(values["id"])
        if tag == "a" and values.get("name"):
            ids.add(values["name"])
        for attribute in wanted:
            value = values.get(attribute, "").strip()
            if value and attribute == "srcset":
                links.extend(_srcset_urls(value))
            elif value:
                links.append(value)
    return _Page(tuple(links), frozenset(ids))


def _attributes(text: str) -> dict[str, str]:
    """A start tag's attributes, names in lower case, character references resolved."""
    values: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        if name not in values:  # the first of two same-named attributes counts, as in HTML
            raw = next((g for g in match.groups()[1:] if g is not None), "")
            values[name] = html.unescape(raw)
    return values


def _srcset_urls(srcset: str) -> Iterator[str]:
    """The addresses of a srcset ('a.png 1x, b.png 2x' -> a.png, b.png)."""
    for candidate in srcset.split(","):
        words = candidate.split()
        if words:
            yield words[0]


def _css_links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [match.group(2).strip() for match in _CSS_URL.finditer(text)]


def _external(link: str) -> bool:
    """Whether the link leaves the site (another scheme or host), so is not checked."""
    return bool(_SCHEME.match(link)) or link.startswith("//")


def _resolves(
    link: str, page: str, base_url: str, files: set[str], pages: dict[str, _Page]
) -> bool:
    """Whether `link`, found in `page`, names a file of the site (and an element of it)."""
    parts = urlsplit(link)
    target = _target(unquote(parts.path), page, base_url)
    if target is None:
        return False
    if target not in files:
        folder_index = posixpath.join(target, "index.html") if target else "index.html"
        if folder_index not in files:
            return False
        target = folder_index
    fragment = unquote(parts.fragment)
    if fragment in ALWAYS_THERE:
        return True
    return target in pages and fragment in pages[target].ids


def _target(path: str, page: str, base_url: str) -> str | None:
    """The file (relative to the output folder) a link's path names from `page`; None when
    it leads out of the site."""
    if not path:
        return page
    if path.startswith("/"):
        base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
        if not path.startswith(base) and path != base.rstrip("/"):
            return None
        relative = path[len(base) :]
    else:
        relative = posixpath.join(posixpath.dirname(page), path)
    normal = posixpath.normpath(relative) if relative else "."
    if normal == ".":
        return ""
    if normal.startswith(("../", "/")) or normal == "..":
        return None
    return normal


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
