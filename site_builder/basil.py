"""Import the BASIL corpus (Fan et al., EMNLP 2019) as stories: one per event.

BASIL's articles/YEAR/<triplet-uuid>_<n>.json hold title, date, source (fox, nyt, hpo),
main-event, url and body-paragraphs (lists of sentences). Each triplet becomes
content/<year>-<event-slug>/ with one Markdown file per outlet.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_builder.errors import SiteError
from site_builder.slugs import slug_words

OUTLETS = {
    "fox": ("fox-news", "Fox News"),
    "nyt": ("new-york-times", "The New York Times"),
    "hpo": ("huffpost", "HuffPost"),
}
STORY_SLUG_WORDS = 8
NO_HEADLINE = "(no headline in the source)"  # title is required; never invent one


@dataclass(frozen=True)
class BasilArticle:
    """One BASIL article as read from its JSON file."""

    triplet: str
    year: str
    source: str
    title: str
    date: str
    url: str
    event: str
    paragraphs: tuple[str, ...]
    path: Path


def read_basil(root: Path) -> dict[str, list[BasilArticle]]:
    """Read every article under root/articles, grouped by triplet (event) id."""
    articles_dir = Path(root) / "articles"
    files = sorted(articles_dir.glob("*/*.json")) if articles_dir.is_dir() else []
    if not files:
        raise SiteError(
            "not a BASIL corpus: expected articles/YEAR/<uuid>_<n>.json files "
            "(the folder that holds articles/ and annotations/)",
            root,
        )
    triplets: dict[str, list[BasilArticle]] = defaultdict(list)
    for path in files:
        article = read_basil_article(path)
        triplets[article.triplet].append(article)
    return {k: sorted(v, key=lambda a: a.source) for k, v in sorted(triplets.items())}


def read_basil_article(path: Path) -> BasilArticle:
    """Read one BASIL JSON file, failing with the file named if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        source = str(data["source"]).lower()
        return BasilArticle(
            triplet=str(data["triplet-uuid"]),
            year=path.parent.name,
            source=source,
            title=str(data["title"]).strip() or NO_HEADLINE,
            date=str(data.get("date") or "").strip(),
            url=str(data.get("url") or "").strip(),
            event=str(data.get("main-event") or data["title"]).strip(),
            paragraphs=article_paragraphs(str(data["title"]), data["body-paragraphs"]),
            path=path,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SiteError(f"not a BASIL article ({type(exc).__name__}: {exc})", path) from None


PHOTO_CREDIT = re.compile(r"Credit[A-Z][^.!?]*$")
"""A photo caption's credit line run into the caption ("...at the Capitol.CreditJoshua
Roberts/Reuters"): site chrome, not the article's words."""


def article_paragraphs(title: str, paragraphs: list[list[str]]) -> tuple[str, ...]:
    """The article's own paragraphs, each a line of text: without a first paragraph that
    only repeats the headline, and without photo captions."""
    texts = [" ".join(s.strip() for s in p if s.strip()) for p in paragraphs]
    texts = [t for t in texts if t and not PHOTO_CREDIT.search(t)]
    if texts and repeats_headline(texts[0], title):
        texts = texts[1:]
    return tuple(texts)


def repeats_headline(text: str, title: str) -> bool:
    """Whether `text` only repeats the headline `title`: the same words, whatever their
    case and spacing."""
    return _squashed(text) == _squashed(title)


def _squashed(text: str) -> str:
    return " ".join(text.lower().split())


def import_basil(
    root: Path, output: Path, *, limit: int | None = None, only: set[str] | None = None
) -> list[Path]:
    """Write BASIL triplets as story folders under `output`; return the folders.

    `only` keeps the triplets with these ids; `limit` keeps the first N (by id).
    """
    written = []
    triplets = [v for k, v in read_basil(root).items() if only is None or k in only]
    for articles in triplets[:limit]:
        folder = Path(output) / story_slug(articles[0])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_story.md").write_text(
            front_matter({"title": articles[0].event}) + "\nReporting of this event by "
            f"{', '.join(OUTLETS.get(a.source, (a.source, a.source))[1] for a in articles)}, "
            "from the BASIL corpus (Fan et al., EMNLP 2019).\n",
            encoding="utf-8",
        )
        for article in articles:
            slug, outlet = OUTLETS.get(article.source, (article.source, article.source))
            meta = {
                "title": article.title,
                "outlet": outlet,
                "date": article.date or None,
                "url": article.url or None,
                "lang": "en",
            }
            body = "\n\n".join(markdown_escape(p) for p in article.paragraphs)
            (folder / f"{slug}.md").write_text(
                front_matter(meta) + "\n" + body + "\n", encoding="utf-8"
            )
        written.append(folder)
    return written


def story_slug(article: BasilArticle) -> str:
    """'<year>-<first words of the event>', e.g. 2014-bruce-braley-apologizes-for-farmer;
    just '<year>' when the event has no letters or digits to spell an address with."""
    return "-".join([article.year, *slug_words(article.event, STORY_SLUG_WORDS)])


def markdown_escape(text: str) -> str:
    """Text that Markdown shows exactly as written (no emphasis, links, HTML or lists)."""
    text = re.sub(r"([\\`*_\[\]<>])", r"\\\1", text.strip())
    text = re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", text)  # 1. -> 1\. (not a list)
    return re.sub(r"^(#|[-+](?=\s)|>)", r"\\\1", text)


def front_matter(meta: dict[str, str | None]) -> str:
    """The front matter of a content file: the facts of `meta` that are not None, in
    its order, as YAML between '---' lines."""
    present = {k: v for k, v in meta.items() if v is not None}
    return (
        "---\n" + yaml.safe_dump(present, sort_keys=False, allow_unicode=True, width=1000) + "---\n"
    )
