"""Import articles from web pages: saved HTML files or addresses, one content file each.

The article's own paragraphs are found by trafilatura (the optional `[import]` extra),
which leaves out navigation, headers, footers, related links, image captions and
reader comments; its facts (title, site name, author, date, address, language) come
from the page's metadata. A fact the page does not give is left out, never guessed.
Fetching (`import url`) reads only the addresses the user names: the one use of the
network the project makes.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from site_builder import __version__
from site_builder.basil import NO_HEADLINE, front_matter, markdown_escape, repeats_headline
from site_builder.errors import SiteError
from site_builder.slugs import slug_words

EXTRA_MISSING = "importing web pages needs the [import] extra: pip install 'site-builder[import]'"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_PAGE_BYTES = 20_000_000
FETCH_TIMEOUT = 30
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


def article_blocks(body) -> Iterator[str]:
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


def _text(element) -> str:
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
    """folder/<slug>.md, or <slug>-2.md, -3 ... when that file exists: never overwrite."""
    candidate, number = folder / f"{slug}.md", 1
    while candidate.exists() or candidate in taken:
        number += 1
        candidate = folder / f"{slug}-{number}.md"
    return candidate


def html_files(paths: Iterable[Path]) -> list[Path]:
    """The HTML files named: each file as given, and the .html/.htm files of each folder."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in HTML_SUFFIXES)
            if not found:
                raise SiteError("no .html files in this folder", path)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise SiteError("no such file or folder", path)
    return files


def fetch_page(url: str) -> tuple[bytes, str]:
    """The bytes of the page at `url` and the address it was finally served from."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        raise SiteError(f"{url}: only http:// and https:// addresses can be imported")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(MAX_PAGE_BYTES + 1)
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise SiteError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SiteError(f"{url}: cannot fetch the page: {reason}") from None
    if len(data) > MAX_PAGE_BYTES:
        raise SiteError(f"{url}: the page is larger than {MAX_PAGE_BYTES // 1_000_000} MB")
    return data, final


def import_html(paths: Iterable[Path], story: Path, *, outlet: str | None = None) -> list[Path]:
    """Write one content file into the story folder for each saved page; return them."""
    pages = [(path.read_bytes(), path, None) for path in html_files(paths)]
    return _write_articles(pages, story, outlet)


def import_urls(
    urls: Iterable[str],
    story: Path,
    *,
    outlet: str | None = None,
    fetch: Callable[[str], tuple[bytes, str]] = fetch_page,
) -> list[Path]:
    """Fetch each address named (and nothing else), and write one content file for each
    page into the story folder; return the files."""
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
    story.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for article in articles:
        path = free_path(story, article_slug(article.title), set(written))
        path.write_text(article.markdown(), encoding="utf-8")
        written.append(path)
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
