"""Import articles from web pages: saved HTML files or addresses, one content file each.

The article's own paragraphs are found by trafilatura (the optional `[import]` extra),
which leaves out navigation, headers, footers, related links, image captions and
reader comments; its facts (title, site name, author, date, address, language) come
from the page's metadata. A fact the page does not give is left out, never guessed.
Fetching (`import url`) reads only the addresses the user names: the one use of the
network the project makes.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import stat
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder import __version__
from site_builder.core.errors import SiteError
from site_builder.core.slugs import slug_words
from site_builder.importers.basil import (
    NO_HEADLINE,
    front_matter,
    markdown_escape,
    repeats_headline,
    write_new_file,
)

if TYPE_CHECKING:
    from lxml.etree import _Element  # trafilatura's tree: lxml, with the [import] extra

EXTRA_MISSING = "importing web pages needs the [import] extra: pip install 'site-builder[import]'"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_PAGE_BYTES = 20_000_000
"""The largest page imported: 20 MB (the largest news pages are a few MB)."""
FETCH_TIMEOUT = 60
"""Seconds a fetch may take in all, from connecting to the last byte (`--timeout`)."""
READ_SIZE = 65536
SLUG_WORDS = 8
USER_AGENT = f"site-builder/{__version__} (import url)"

IMAGE_CREDIT = re.compile(
    r"^\(?(photo(graph)?s?|image|picture|illustration|video|credit|source|foto)"
    r"(\s+(credit|by))?\s*[:©]|^©",
    re.IGNORECASE,
)
"""A caption's credit line ('Photo: Ana Rowe/Reuters', '© AP'): not the article's words."""
CREDIT_WORDS = 20


@dataclass(frozen=True)
class PageArticle:
    """What a web page says of its article: facts from its metadata (None when it does
    not give them) and the article's own text as Markdown blocks."""

    title: str
    outlet: str | None
    author: str | None
    date: str | None
    url: str | None
    lang: str | None
    blocks: tuple[str, ...]
    """Markdown: a paragraph, '## heading', '- list item' or '> quotation' each."""

    def markdown(self) -> str:
        """The content file: front matter in the project's format, then the blocks."""
        meta = {
            "title": self.title,
            "outlet": self.outlet,
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "lang": self.lang,
        }
        present = {key: value for key, value in meta.items() if value}
        return front_matter(present) + "\n" + "\n\n".join(self.blocks) + "\n"


def read_page(
    html: bytes | str, source: str | Path, *, url: str | None = None, outlet: str | None = None
) -> PageArticle:
    """The article of one web page. `url`: where it was fetched from (used when the page
    names no address of its own); `outlet`: the outlet's name, instead of the site name
    the page gives. `source` names the page in messages."""
    trafilatura = _trafilatura()
    with _quiet("trafilatura", "htmldate", "courlan", "justext"):
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_formatting=False,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        tree = trafilatura.utils.load_html(html)
    if document is None or document.body is None:
        raise _page_error("found no article text in this page", source)
    title = _clean(document.title) or NO_HEADLINE
    blocks = tuple(_drop_title(article_blocks(document.body), title))
    if not blocks:
        raise _page_error("found no article text in this page", source)
    outlet = _clean(outlet) or _clean(document.sitename)
    if not outlet:
        raise _page_error(
            "the page does not give its site's name; name the outlet with --outlet NAME",
            source,
        )
    return PageArticle(
        title=title,
        outlet=outlet,
        author=_clean(document.author),
        date=_clean(document.date),
        url=_web_address(document.url) or _web_address(url),
        lang=_language(tree.get("lang") if tree is not None else None),
        blocks=blocks,
    )


def _page_error(message: str, source: str | Path) -> SiteError:
    """The error about a page, named by its file or its address."""
    if isinstance(source, Path):
        return SiteError(message, source)
    return SiteError(f"{source}: {message}")


def article_blocks(body: _Element) -> Iterator[str]:
    """The Markdown blocks of trafilatura's body tree (p, head, list/item, quote), their
    text escaped so that Markdown shows the words exactly; image credits left out."""
    for element in body:
        if element.tag == "list":
            items = [_text(item) for item in element.iter("item")]
            if any(items):
                yield "\n".join("- " + markdown_escape(text) for text in items if text)
        elif element.tag == "quote":
            paragraphs = [_text(p) for p in element.iter("p")] or [_text(element)]
            if any(paragraphs):
                yield "\n>\n".join("> " + markdown_escape(text) for text in paragraphs if text)
        elif element.tag == "head":
            text = _text(element)
            if text:
                yield "## " + markdown_escape(text)
        else:
            text = _text(element)
            if text and not _image_credit(text):
                yield markdown_escape(text)


def _drop_title(blocks: Iterable[str], title: str) -> Iterator[str]:
    """The blocks without a first one that only repeats the headline."""
    for index, block in enumerate(blocks):
        if index == 0 and repeats_headline(block.removeprefix("## "), markdown_escape(title)):
            continue
        yield block


def _image_credit(text: str) -> bool:
    return len(text.split()) <= CREDIT_WORDS and bool(IMAGE_CREDIT.search(text))


def _text(element: _Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _clean(value: str | None) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _web_address(url: str | None) -> str | None:
    return url if url and re.match(r"https?://[^\s/]+", url) else None


def _language(lang: str | None) -> str | None:
    """The primary language of an HTML lang attribute ('en-GB' -> 'en')."""
    match = re.match(r"\s*([A-Za-z]{2,3})\b", lang or "")
    return match.group(1).lower() if match else None


def article_slug(title: str) -> str:
    """A file name for an article from its title: its first words, in a-z, 0-9 and '-'
    ('Çavuşoğlu meets' -> 'cavusoglu-meets', Cyrillic transliterated); 'article' when
    nothing of it is left."""
    return "-".join(slug_words(title, SLUG_WORDS)) or "article"


def free_path(folder: Path, slug: str, taken: set[Path]) -> Path:
    """folder/<slug>.md, or <slug>-2.md, -3 ... when something is there (a file, a link,
    even a broken one): never overwrite."""
    candidate, number = folder / f"{slug}.md", 1
    while os.path.lexists(candidate) or candidate in taken:
        number += 1
        candidate = folder / f"{slug}-{number}.md"
    return candidate


def html_files(paths: Iterable[Path]) -> list[Path]:
    """The HTML files named: each file as given, and the .html/.htm files of each folder.
    Anything named that is not a regular file (a folder named like a page, a named
    pipe, a device) is refused, naming it: reading a pipe would wait for ever."""
    files: list[Path] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in HTML_SUFFIXES)
            if not found:
                raise SiteError("no .html files in this folder", path)
            files.extend(_saved_page(p) for p in found)
        else:
            files.append(_saved_page(path))
    return files


def _saved_page(path: Path) -> Path:
    """`path` if it is (or links to) a regular file; else a SiteError saying what it is."""
    try:
        kind = stat.S_IFMT(os.stat(path).st_mode)
    except FileNotFoundError:
        raise SiteError("no such file or folder", path) from None
    except OSError as exc:
        raise SiteError(f"cannot read the page: {exc.strerror or exc}", path) from None
    if kind != stat.S_IFREG:
        raise SiteError(f"not a saved page: {_kind_name(kind)}; name .html files only", path)
    return path


def _kind_name(kind: int) -> str:
    names = {
        stat.S_IFDIR: "a folder",
        stat.S_IFIFO: "a named pipe",
        stat.S_IFCHR: "a device",
        stat.S_IFBLK: "a device",
        stat.S_IFSOCK: "a socket",
    }
    return names.get(kind, "not a regular file")


def read_saved_page(path: Path) -> bytes:
    """The bytes of a saved page: a regular file (opened without waiting, so a named
    pipe put there meanwhile is refused, not read) of at most MAX_PAGE_BYTES."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise SiteError(f"cannot read the page: {exc.strerror or exc}", path) from None
    with open(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise SiteError(f"not a saved page: {_kind_name(stat.S_IFMT(info.st_mode))}", path)
        if info.st_size > MAX_PAGE_BYTES:
            raise SiteError(_too_large(info.st_size), path)
        try:
            data = file.read(MAX_PAGE_BYTES + 1)
        except OSError as exc:
            raise SiteError(f"cannot read the page: {exc.strerror or exc}", path) from None
    if len(data) > MAX_PAGE_BYTES:
        raise SiteError(_too_large(len(data)), path)
    return data


def _too_large(size: int | None) -> str:
    found = f" ({size:,} bytes)" if size is not None else ""
    return (
        f"the page is larger than {MAX_PAGE_BYTES // 1_000_000} MB{found}, the most an "
        "import reads; save only the article's page"
    )


def fetch_page(url: str, timeout: float = FETCH_TIMEOUT) -> tuple[bytes, str]:
    """The bytes of the page at `url` and the address it was finally served from; a
    SiteError if that takes more than `timeout` seconds in all (however slowly the
    server trickles its bytes) or the page is larger than MAX_PAGE_BYTES."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        raise SiteError(f"{url}: only http:// and https:// addresses can be imported")
    deadline = time.monotonic() + timeout
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = _read_until(response, deadline)
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise SiteError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except TimeoutError:
        raise SiteError(_too_slow(url, timeout)) from None
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise SiteError(_too_slow(url, timeout)) from None
        raise SiteError(f"{url}: cannot fetch the page: {reason}") from None
    if data is None:
        raise SiteError(_too_slow(url, timeout))
    if len(data) > MAX_PAGE_BYTES:
        raise SiteError(f"{url}: {_too_large(None)}")
    return data, final


def _read_until(response, deadline: float) -> bytes | None:
    """The response's body, read until MAX_PAGE_BYTES + 1 bytes or the end; None if
    `deadline` passes first (each read waits at most until the deadline)."""
    chunks, size = [], 0
    while size <= MAX_PAGE_BYTES:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        _set_timeout(response, left)
        chunk = (
            response.read1(READ_SIZE) if hasattr(response, "read1") else response.read(READ_SIZE)
        )
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _set_timeout(response, seconds: float) -> None:
    """Let the next read of `response` wait at most `seconds` (where its socket shows)."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.01))


def _too_slow(url: str, timeout: float) -> str:
    return (
        f"{url}: the page did not arrive within {timeout:g} s; try again later, or "
        "allow longer with --timeout"
    )


def import_html(paths: Iterable[Path], story: Path, *, outlet: str | None = None) -> list[Path]:
    """Write one content file into the story folder for each saved page; return them."""
    pages = [(read_saved_page(path), path, None) for path in html_files(paths)]
    return _write_articles(pages, story, outlet)


def import_urls(
    urls: Iterable[str],
    story: Path,
    *,
    outlet: str | None = None,
    fetch: Callable[[str], tuple[bytes, str]] | None = None,
    timeout: float = FETCH_TIMEOUT,
) -> list[Path]:
    """Fetch each address named (and nothing else), each within `timeout` seconds, and
    write one content file for each page into the story folder; return the files.
    `fetch`: what fetches a page (fetch_page)."""
    if fetch is None:
        fetch = partial(fetch_page, timeout=timeout)
    pages = []
    for url in urls:
        data, final = fetch(url)
        pages.append((data, url, final))
    return _write_articles(pages, story, outlet)


def _write_articles(
    pages: Iterable[tuple[bytes, str | Path, str | None]], story: Path, outlet: str | None
) -> list[Path]:
    """Read every page first (a page without an article stops the import before any file
    is written), then write the files."""
    articles = [read_page(html, source, url=url, outlet=outlet) for html, source, url in pages]
    for folder in (story.parent, story):
        if os.path.islink(folder):
            raise SiteError(
                "is a symbolic link; an import never writes through one: remove it, or "
                "import into another folder",
                folder,
            )
    if os.path.lexists(story) and not os.path.isdir(story):
        raise SiteError("the story's path is a file, not a folder; choose another --story", story)
    written: list[Path] = []
    try:
        story.mkdir(parents=True, exist_ok=True)
        for article in articles:
            path = free_path(story, article_slug(article.title), set(written))
            write_new_file(path, article.markdown().encode("utf-8"))
            written.append(path)
    except OSError as exc:
        raise SiteError(
            f"cannot write the article: {exc.strerror or exc}", exc.filename or story
        ) from None
    return written


def _trafilatura():
    try:
        import trafilatura
    except ImportError:
        raise SiteError(EXTRA_MISSING) from None
    return trafilatura


@contextmanager
def _quiet(*names: str):
    """Keep the libraries' own log lines out of the output while they run (the import
    reports problems itself, as one line naming the page)."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
