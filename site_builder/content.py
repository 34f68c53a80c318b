"""Read step: content/<story>/*.md files -> Story / Article / Passage values.

Every problem a user can cause becomes a SiteError naming the file and line, so the
editor can go straight to it. Nothing here knows about alignment or pages.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from site_builder.errors import SiteError
from site_builder.markdown import markdown_parser, parse_blocks
from site_builder.model import Article, Overrides, Passage, PassageRef, Story

log = logging.getLogger(__name__)

STORY_FILE = "_story.md"
OVERRIDES_FILE = "alignments.yml"
ARTICLE_KEYS = ("title", "outlet", "date", "author", "url", "lang", "translated_from", "kind")
REQUIRED_ARTICLE_KEYS = ("title", "outlet")
STORY_KEYS = ("title", "loaded_words")
RESERVED_STORY_SLUGS = frozenset({"static"})
"""Story addresses the site itself uses (the theme's static files)."""
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where installed
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


def read_stories(content_dir: Path) -> list[Story]:
    """Read every story folder under `content_dir`, sorted by slug."""
    return [read_story(folder) for folder in story_folders(content_dir)]


def story_folders(content_dir: Path) -> list[Path]:
    """The story folders under `content_dir`, sorted: every visible sub-folder.

    Two folders that would get the same address are an error.
    """
    if not content_dir.is_dir():
        raise SiteError(
            "content folder not found; create it with one sub-folder per story", content_dir
        )
    folders = sorted(p for p in content_dir.iterdir() if p.is_dir() and not _hidden(p))
    for folder in folders:
        _refuse_outside_links(folder, content_dir.parent)
    if not folders:
        raise SiteError(
            "no stories found: add a folder per story with Markdown articles in it", content_dir
        )
    seen: dict[str, Path] = {}
    for folder in folders:
        slug = safe_slug(folder.name, folder)
        if slug in RESERVED_STORY_SLUGS:
            raise SiteError(
                f"a story cannot have the address '{slug}': the theme's files are published "
                "there; rename the folder",
                folder,
            )
        if slug in seen:
            raise SiteError(
                f"two stories get the address '{slug}' (also {seen[slug].name}); "
                "rename one of the folders",
                folder,
            )
        seen[slug] = folder
    return folders


def read_story(folder: Path, md: MarkdownIt | None = None) -> Story:
    """Read one story folder: _story.md, its articles and its alignment overrides."""
    md = md or markdown_parser()
    slug = safe_slug(folder.name, folder)
    files = sorted(
        p for p in folder.iterdir() if p.suffix == ".md" and p.name != STORY_FILE and not _hidden(p)
    )
    for path in (*files, folder / STORY_FILE, folder / OVERRIDES_FILE):
        _refuse_outside_links(path, folder.parent.parent)
    articles = tuple(read_article(path, md) for path in files)
    _check_unique_slugs(articles)
    if not articles:
        raise SiteError("story has no articles: add one Markdown file per article", folder)
    meta, intro, _ = (
        _read_markdown_file(folder / STORY_FILE) if (folder / STORY_FILE).exists() else ({}, "", 1)
    )
    _warn_unknown_keys(meta, STORY_KEYS, folder / STORY_FILE)
    title = meta.get("title") or slug.replace("-", " ").capitalize()
    overrides_path = folder / OVERRIDES_FILE
    overrides = read_overrides(overrides_path, articles) if overrides_path.exists() else Overrides()
    return Story(
        slug=slug,
        title=str(title),
        intro_html=md.render(intro) if intro.strip() else "",
        articles=articles,
        source=folder,
        overrides=overrides,
        loaded_words=tuple(str(w).lower() for w in meta.get("loaded_words") or ()),
    )


def is_story_file(name: str) -> bool:
    """Whether read_story reads the file of this name in a story folder: its articles
    (visible *.md files), _story.md and alignments.yml. The build cache hashes exactly
    these (cache.story_key)."""
    if name in (STORY_FILE, OVERRIDES_FILE):
        return True
    return Path(name).suffix == ".md" and not name.startswith((".", "_"))


def _check_unique_slugs(articles: tuple[Article, ...]) -> None:
    seen: dict[str, Path] = {}
    for article in articles:
        if article.slug in seen:
            raise SiteError(
                f"two articles get the address '{article.slug}' (also "
                f"{seen[article.slug].name}); rename one of the files",
                article.source,
            )
        seen[article.slug] = article.source


def read_article(path: Path, md: MarkdownIt) -> Article:
    """Read one article file: validated front matter plus its body as blocks."""
    meta, body, body_line = _read_markdown_file(path)
    for key in REQUIRED_ARTICLE_KEYS:
        if not str(meta.get(key) or "").strip():
            raise SiteError(
                f"front matter is missing '{key}' (add a line '{key}: ...' between the --- lines)",
                path,
                1,
            )
    _warn_unknown_keys(meta, ARTICLE_KEYS, path)
    blocks = tuple(parse_blocks(md, body, body_line))
    if not any(isinstance(b, Passage) for b in blocks):
        raise SiteError(
            "article has no text: write its paragraphs below the front matter", path, body_line
        )
    return Article(
        slug=safe_slug(path.stem, path),
        title=str(meta["title"]).strip(),
        outlet=str(meta["outlet"]).strip(),
        blocks=blocks,
        source=path,
        date=_iso_date(meta.get("date"), path),
        url=_url(meta.get("url"), path),
        **{
            k: str(meta[k]).strip()
            for k in ARTICLE_KEYS[3:]
            if meta.get(k) is not None and k != "url"
        },
    )


def read_overrides(path: Path, articles: tuple[Article, ...]) -> Overrides:
    """Read alignments.yml, checking every passage it names exists.

    Format::

        link:   [[article-a/p-3, article-b/p-7]]    # force these into one group
        apart:  [[article-a/p-1, article-c/p-2]]    # never group these
        labels: {article-a/p-3: "Ceasefire offer"}  # label the group(s) holding a passage
    """
    text = _read_text(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SiteError(
            f"invalid YAML: {getattr(exc, 'problem', exc)}", path, mark.line + 1 if mark else None
        ) from None
    if root is None:
        return Overrides()
    if not isinstance(root, yaml.MappingNode):
        raise SiteError("must be a mapping with the keys link, apart, labels", path, 1)
    found: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key = key_node.value
        if key in ("link", "apart"):
            found[key] = tuple(
                _ref_pair(item, path, articles) for item in _sequence(value_node, key, path)
            )
        elif key == "labels":
            if not isinstance(value_node, yaml.MappingNode):
                raise SiteError(
                    "'labels' must map a passage (article/p-N) to a label",
                    path,
                    value_node.start_mark.line + 1,
                )
            found[key] = tuple((_ref(k, path, articles), str(v.value)) for k, v in value_node.value)
        else:
            raise SiteError(
                f"unknown key '{key}'; allowed keys: apart, labels, link",
                path,
                key_node.start_mark.line + 1,
            )
    return Overrides(**found)


def _sequence(node: yaml.Node, key: str, path: Path) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        raise SiteError(
            f"'{key}' must be a list of passage pairs such as [article-a/p-1, article-b/p-4]",
            path,
            node.start_mark.line + 1,
        )
    return node.value


def _ref_pair(
    node: yaml.Node, path: Path, articles: tuple[Article, ...]
) -> tuple[PassageRef, PassageRef]:
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        raise SiteError(
            "each entry must be a pair of passages such as [article-a/p-1, article-b/p-4]",
            path,
            node.start_mark.line + 1,
        )
    first, second = (_ref(n, path, articles) for n in node.value)
    if first.article == second.article:
        raise SiteError(
            f"{first} and {second} are in the same article; a group holds one passage per article",
            path,
            node.start_mark.line + 1,
        )
    return first, second


def _ref(node: yaml.Node, path: Path, articles: tuple[Article, ...]) -> PassageRef:
    """Resolve 'article/p-N' to a PassageRef, or fail naming what exists."""
    line = node.start_mark.line + 1
    text = str(getattr(node, "value", ""))
    article_slug, _, passage_id = text.partition("/")
    article = next((a for a in articles if a.slug == article_slug), None)
    if article is None:
        known = ", ".join(a.slug for a in articles)
        raise SiteError(
            f"unknown article '{article_slug}' in '{text}'; articles: {known}", path, line
        )
    if article.passage(passage_id) is None:
        raise SiteError(
            f"unknown passage '{passage_id}' in '{text}'; {article_slug} has "
            f"p-1 to p-{len(article.passages)}",
            path,
            line,
        )
    return PassageRef(article_slug, passage_id)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SiteError(f"cannot read file: {exc.strerror or exc}", path) from None
    if b"\x00" in data[:8192]:
        raise SiteError("not a text file (binary content); remove it from content/", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SiteError("not valid UTF-8 text; save the file as UTF-8", path, line) from None


def _read_markdown_file(path: Path) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line the body starts on) of a Markdown file."""
    text = _read_text(path)
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1
    try:
        meta = yaml.load(match.group(1), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = yaml_error_mark(exc)
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        last = max(0, match.group(1).count("\n") - 1)  # errors at the end point past it
        raise SiteError(
            f"invalid YAML in front matter: {problem}",
            path,
            min(mark.line, last) + 2 if mark else 1,
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SiteError("front matter must be 'key: value' lines between the --- lines", path, 2)
    body_line = text[: match.end()].count("\n") + 1
    return meta, text[match.end() :], body_line


def yaml_error_mark(exc: Exception) -> yaml.Mark | None:
    """Where a YAML error is: for an unclosed [ or {, where it opened, not where the
    parser gave up; otherwise where the parser found the problem."""
    if "flow" in (getattr(exc, "context", None) or "") and getattr(exc, "context_mark", None):
        return exc.context_mark
    return getattr(exc, "problem_mark", None)


def _warn_unknown_keys(meta: dict, allowed: tuple[str, ...], path: Path) -> None:
    for key in meta:
        if key not in allowed:
            log.warning(
                "%s: unknown front matter key '%s' is ignored; allowed keys: %s",
                path,
                key,
                ", ".join(allowed),
            )


def key_line(path: Path, key: str) -> int | None:
    """The line of `key:` in a file's front matter, for error messages."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return None
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return number
    return None


def _url(value: Any, path: Path) -> str:
    """The article's address, which must be a web address (it becomes a link)."""
    if value is None or str(value).strip() in ("", "unknown"):
        return ""
    text = str(value).strip()
    if not re.match(r"^https?://[^\s/]+", text, re.I):
        raise SiteError(
            f"url {text!r} is not a web address; write it as https://... (or leave it out)",
            path,
            key_line(path, "url"),
        )
    return text


def _iso_date(value: Any, path: Path) -> str:
    """The date as YYYY-MM-DD; '' when absent or 'unknown'."""
    if value is None or value == "unknown":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise SiteError(
            f"date {value!r} is not a date; write it as YYYY-MM-DD (or 'unknown')",
            path,
            key_line(path, "date"),
        ) from None


def safe_slug(name: str, path: Path) -> str:
    """A URL-safe slug from a file or folder name: lower case letters, digits and '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise SiteError(
            "cannot make a web address from this name; rename it with letters or digits", path
        )
    return slug


def _refuse_outside_links(path: Path, root: Path) -> None:
    """A symbolic link in content/ must stay inside the site's folder."""
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        raise SiteError(
            "symbolic link to a place outside the site; copy the file into the site instead", path
        )


def _hidden(path: Path) -> bool:
    return path.name.startswith((".", "_")) and path.name != STORY_FILE
