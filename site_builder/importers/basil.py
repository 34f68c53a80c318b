"""Import the BASIL corpus (Fan et al., EMNLP 2019) as stories: one per event.

BASIL's articles/YEAR/<triplet-uuid>_<n>.json hold title, date, source (fox, nyt, hpo),
main-event, url and body-paragraphs (lists of sentences). Each triplet becomes
content/<year>-<event-slug>/ with one Markdown file per outlet.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_builder.core.errors import SiteError
from site_builder.core.own_files import own_json, read_own_file
from site_builder.core.slugs import slug_words
from site_builder.core.text import closest

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


def _not_a_corpus(root: Path) -> str:
    """Why `root` holds no BASIL articles, and what to give instead: a path that does
    not exist, BASIL's own articles/ folder (its parent is wanted), or another folder."""
    wanted = "give the folder that holds BASIL's articles/ and annotations/"
    if not root.is_dir():
        return f"no such folder; {wanted}"
    if root.name in ("articles", "annotations") and (root.parent / "articles").is_dir():
        return f"this is BASIL's {root.name}/ folder; give the folder that holds it, {root.parent}"
    return f"not a BASIL corpus: expected articles/YEAR/<uuid>_<n>.json files; {wanted}"


def read_basil(root: Path) -> dict[str, list[BasilArticle]]:
    """Read every article under root/articles, grouped by triplet (event) id."""
    articles_dir = Path(root) / "articles"
    files = sorted(articles_dir.glob("*/*.json")) if articles_dir.is_dir() else []
    if not files:
        raise SiteError(_not_a_corpus(Path(root)), root)
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
    root: Path,
    output: Path,
    *,
    limit: int | None = None,
    only: set[str] | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write BASIL triplets as story folders under `output`; return the folders.

    `only` keeps the triplets named in it, each by its id or by the story folder's name
    the import gives it (story_slug); a name that matches none is an error, with the
    closest names. `limit` keeps the first N (by id). A file an earlier import wrote
    and someone changed since is never replaced (unless `overwrite`): the import stops
    before writing anything, naming it (see ImportedFiles).
    """
    triplets = list(read_basil(root).items())
    if only is not None:
        triplets = _chosen_triplets(triplets, only, root)
    stories = [_story_files(articles) for _, articles in triplets[:limit]]
    plans = [ImportedFiles(Path(output) / slug) for slug, _ in stories]
    for plan, (_, files) in zip(plans, stories):
        plan.check(files, overwrite=overwrite)
    for plan, (_, files) in zip(plans, stories):
        plan.write(files)
    return [plan.folder for plan in plans]


def _chosen_triplets(
    triplets: list[tuple[str, list[BasilArticle]]], names: set[str], root: Path
) -> list[tuple[str, list[BasilArticle]]]:
    """The triplets `names` names by id or story folder name, in id order; a SiteError
    naming the first name that matches none, with the closest folder names."""
    slugs = {key: story_slug(articles[0]) for key, articles in triplets}
    unknown = sorted(names - set(slugs) - set(slugs.values()))
    if unknown:
        close = closest(unknown[0], sorted(slugs.values()), count=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise SiteError(f"no BASIL event is named '{unknown[0]}'{hint}", root)
    return [(k, v) for k, v in triplets if k in names or slugs[k] in names]


def _story_files(articles: list[BasilArticle]) -> tuple[str, dict[str, str]]:
    """The story folder's name and its files (name -> text) for one BASIL triplet."""
    outlets = ", ".join(OUTLETS.get(a.source, (a.source, a.source))[1] for a in articles)
    files = {
        "_story.md": front_matter({"title": articles[0].event})
        + f"\nReporting of this event by {outlets}, "
        "from the BASIL corpus (Fan et al., EMNLP 2019).\n"
    }
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
        files[f"{slug}.md"] = front_matter(meta) + "\n" + body + "\n"
    return story_slug(articles[0]), files


IMPORT_RECORD = ".site-builder-imported.json"
"""In a story folder an import wrote: a hash of each file as the import wrote it."""


class ImportedFiles:
    """The files an import writes into one story folder, written so that nothing is
    lost: never through a symbolic link, and never over a file that was changed after
    an import wrote it (the folder's IMPORT_RECORD keeps a hash of each file as it was
    written; a file it does not know is changed too, unless it already holds exactly
    what the import would write)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def check(self, files: dict[str, str], *, overwrite: bool = False) -> None:
        """A SiteError, naming the file, if writing `files` (name -> text) would write
        through a link, onto something that is not a file, or over a file changed since
        it was imported (unless `overwrite`)."""
        _refuse_link(self.folder)
        if os.path.lexists(self.folder) and not os.path.isdir(self.folder):
            raise SiteError("the story's path is a file, not a folder; remove it", self.folder)
        recorded = self._record()
        for name, text in files.items():
            path = self.folder / name
            _refuse_link(path)
            current = _current_bytes(path)
            if current is None or current == text.encode("utf-8") or overwrite:
                continue
            if recorded.get(name) != _digest(current):
                raise SiteError(
                    "changed since it was imported; to keep your edits, import into "
                    "another folder (--output), or pass --overwrite to replace it",
                    path,
                )

    def write(self, files: dict[str, str]) -> None:
        """Write `files` (checked first with `check`) and record what was written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _refuse_link(self.folder)
            for name, text in files.items():
                write_new_file(self.folder / name, text.encode("utf-8"), replace=True)
            record = {name: _digest(text.encode("utf-8")) for name, text in files.items()}
            record = {**self._record(), **record}
            write_new_file(
                self.folder / IMPORT_RECORD,
                json.dumps(record, indent=1, sort_keys=True).encode("utf-8"),
                replace=True,
            )
        except OSError as exc:
            raise SiteError(
                f"cannot write the article: {exc.strerror or exc}", exc.filename or self.folder
            ) from None

    def _record(self) -> dict[str, str]:
        """The hashes an earlier import recorded (none if the record is missing or is not
        a mapping of names to hashes)."""
        try:
            data = own_json(read_own_file(self.folder / IMPORT_RECORD))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _current_bytes(path: Path) -> bytes | None:
    """What the regular file at `path` holds; None if nothing is there; a SiteError for
    anything else (a folder, a named pipe), which an import never replaces."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SiteError(f"cannot read the file: {exc.strerror or exc}", path) from None
    if not stat.S_ISREG(info.st_mode):
        raise SiteError("something other than a file is in the way; remove it", path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SiteError(f"cannot read the file: {exc.strerror or exc}", path) from None


def _refuse_link(path: Path) -> None:
    """A SiteError if `path` is a symbolic link: an import never writes through one."""
    if os.path.islink(path):
        raise SiteError(
            "is a symbolic link; an import never writes through one: remove it, or import "
            "into another folder",
            path,
        )


def write_new_file(path: Path, content: bytes, *, replace: bool = False) -> None:
    """Write `path`, never through a symbolic link: a new file (O_EXCL, O_NOFOLLOW);
    with `replace`, a temporary file beside it moved over it in one step (a link at
    `path` is then replaced, not followed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    target = path.with_name(f".{path.name}.{os.getpid()}.tmp") if replace else path
    descriptor = os.open(target, flags, 0o644)
    try:
        with open(descriptor, "wb") as file:
            file.write(content)
        if replace:
            os.replace(target, path)
    except BaseException:
        if replace:
            target.unlink(missing_ok=True)
        raise


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
