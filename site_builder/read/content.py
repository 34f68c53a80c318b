"""Read step: content/<story>/*.md files -> Story / Article / Passage values.

Every problem a user can cause becomes a SiteError naming the file and line, so the
editor can go straight to it. Nothing here knows about alignment or pages.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.core.errors import SiteError, warn
from site_builder.core.inputs import (
    Invalid,
    Option,
    Schema,
    YamlList,
    YamlMapping,
    YamlText,
    YamlValue,
    clean_text,
    excerpt,
    is_regular_file,
    line_of,
    optional_text,
    read_text_file,
    text,
    word_list,
)
from site_builder.core.model import Article, Block, Overrides, Passage, PassageRef, Story
from site_builder.core.parsed import ParsedCopies, load_parsed
from site_builder.core.slugs import slug_of
from site_builder.core.text import is_unknown

if TYPE_CHECKING:  # markdown-it is imported when a story is read: listing needs none
    from markdown_it import MarkdownIt


STORY_FILE = "_story.md"
OVERRIDES_FILE = "alignments.yml"
LONGEST_WORD = 10_000
"""The most characters a passage may have without a space: a longer 'word' is a paste
gone wrong (a page's code, an encoded file), and the aligner cannot use it."""
RESERVED_STORY_SLUGS = frozenset({"static"})
"""Story addresses the site itself uses (the theme's static files)."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)
_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:[T ].*)?)?)?")


def read_stories(content_dir: Path, language: str = "en") -> list[Story]:
    """Read every story folder under `content_dir`, sorted by slug, on a site in
    `language`."""
    return [read_story(folder, language=language) for folder in story_folders(content_dir)]


def story_folders(content_dir: Path) -> list[Path]:
    """The story folders under `content_dir`, sorted: every visible sub-folder.

    Two folders that would get the same address are an error, and so is a name in a
    story folder that is not UTF-8 (it could not become an address or be reported).
    """
    if not content_dir.is_dir():
        raise SiteError(
            "content folder not found; create it with one sub-folder per story", content_dir
        )
    folders = []
    for entry in _entries(content_dir):
        if _hidden(entry):
            continue
        _refuse_undecodable_name(entry)
        if entry.is_dir():
            folders.append(entry)
        elif entry.is_symlink() and not entry.exists():
            warn("%s: skipped: %s", entry, _not_regular(entry))
        elif _article_outside_a_story(entry):
            warn(
                "%s: not read: an article (or _story.md) goes in its story's folder, %s/<story>/%s",
                entry,
                content_dir.name,
                entry.name,
            )
    for folder in folders:
        _refuse_outside_links(folder, content_dir.parent)
        _check_entries(folder)
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


def _article_outside_a_story(path: Path) -> bool:
    """Whether `path`, directly in the content folder, is a Markdown file that opens
    with front matter, as an article does: it is read only inside a story's folder, so
    the editor who put it there is told (a README.md without front matter is not)."""
    if not path.name.lower().endswith(".md") or path.is_symlink() or not is_regular_file(path):
        return False
    try:
        with open(path, "rb") as file:
            opening = file.read(5)
    except OSError:
        return False
    return opening.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


def _check_entries(folder: Path) -> None:
    """Refuse names in a story folder that are not UTF-8 (they could not become an
    address or be reported), and warn about input files that are not regular files (a
    named pipe, a broken link, a link loop): read_story skips those, as reading a pipe
    would wait for ever. (Here, not in read_story, so that a build that reuses the
    story from the cache warns too.)"""
    try:  # os.scandir: a regular file is known as one without a stat of its own
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        raise SiteError(f"cannot read the folder: {exc.strerror or exc}", folder) from None
    for entry in entries:
        _refuse_undecodable_name(entry)
        if is_story_file(entry.name) and not _is_regular(entry):
            warn("%s: skipped: %s", entry.path, _not_regular(Path(entry.path)))
        meant = _name_meant(entry.name)
        if meant is not None and _is_regular(entry):
            warn(
                "%s: not read: %s; rename it to %s",
                entry.path,
                "site-builder reads the editor's corrections from alignments.yml"
                if meant == OVERRIDES_FILE
                else "only files ending in .md are read",
                meant,
            )


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_OVERRIDES_NAMES = ("alignments.yaml", "alignment.yml", "alignment.yaml")


def _name_meant(name: str) -> str | None:
    """The name a file of a story folder was surely meant to have, where site-builder
    would otherwise pass over it in silence: an article saved as `.markdown` or `.MD`
    (`island-post.md`), the editor's corrections as `alignments.yaml`; None for any
    other file (images, notes, the files it reads)."""
    if is_story_file(name) or name.startswith("."):
        return None
    if name.lower() in _OVERRIDES_NAMES:
        return OVERRIDES_FILE
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and f".{suffix.lower()}" in _MARKDOWN_SUFFIXES and is_story_file(stem + ".md"):
        return f"{stem}.md"
    return None


def _is_regular(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's entry is (or links to) a regular file, as is_regular_file."""
    try:
        return entry.is_file()
    except OSError:
        return False


def read_story(
    folder: Path,
    md: MarkdownIt | None = None,
    language: str = "en",
    copies: ParsedCopies | None = None,
) -> Story:
    """Read one story folder: _story.md, its articles and its alignment overrides, on a
    site in `language` (whose rules split an article's sentences unless its `lang`
    names another language); their YAML from the parsed `copies` where they hold it
    (see parsed.py: a rebuild that reads an edited story again need not import PyYAML).

    Entries that are not regular files are skipped (story_folders warns about them).
    `md`: the Markdown parser; None for the project's own, made (and markdown-it
    imported) only for a text that is not plain (read/markdown.py).
    """
    from site_builder.read.markdown import rendered_html

    slug = safe_slug(folder.name, folder)
    inputs = [p for p in _entries(folder) if is_story_file(p.name)]
    for path in inputs:
        _refuse_outside_links(path, folder.parent.parent)
    files = [p for p in inputs if p.suffix == ".md" and p.name != STORY_FILE and is_regular_file(p)]
    articles = tuple(read_article(path, md, language, copies) for path in files)
    _check_unique_slugs(articles)
    if not articles:
        raise SiteError("story has no articles: add one Markdown file per article", folder)
    story_file = folder / STORY_FILE
    meta, intro = (None, "")
    if is_regular_file(story_file):
        meta, intro, _ = front_matter(read_text_file(story_file), story_file, copies)
    values = STORY_SCHEMA.validate(meta, story_file)
    overrides_path = folder / OVERRIDES_FILE
    overrides = Overrides()
    if is_regular_file(overrides_path):
        overrides = read_overrides(overrides_path, articles, copies)
    return Story(
        slug=slug,
        title=values.get("title") or slug.replace("-", " ").capitalize(),
        intro_html=rendered_html(md, intro) if intro.strip() else "",
        articles=articles,
        source=folder,
        overrides=overrides,
        loaded_words=values.get("loaded_words", ()),
        language=language,
    )


def is_story_file(name: str) -> bool:
    """Whether read_story reads the file of this name in a story folder: its articles
    (visible *.md files), _story.md and alignments.yml; other files, such as images or
    notes, are ignored. The build cache hashes exactly these (keys.story_key)."""
    if name in (STORY_FILE, OVERRIDES_FILE):
        return True
    return name.endswith(".md") and not name.startswith((".", "_"))


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


def read_article(
    path: Path,
    md: MarkdownIt | None,
    site_language: str = "en",
    copies: ParsedCopies | None = None,
) -> Article:
    """Read one article file: validated front matter (from its parsed copy in `copies`,
    if one holds it) plus its body as blocks, its sentences split by the rules of its
    language (its `lang`, else `site_language`)."""
    source = read_text_file(path)
    meta, body, body_line = front_matter(source, path, copies)
    if meta is None and not _OPENING.match(source):
        raise SiteError(
            "no front matter: begin the file with a line ---, then the lines 'title: ...' "
            "and 'outlet: ...', then a line ---",
            path,
            1,
        )
    values = ARTICLE_SCHEMA.validate(meta, path)
    from site_builder.core.language_pack import text_language
    from site_builder.read.markdown import parse_blocks

    language = text_language(values.get("lang", ""), site_language)
    blocks = tuple(parse_blocks(md, body, body_line, source=path, language=language))
    if not any(isinstance(b, Passage) for b in blocks):
        raise SiteError(
            "article has no text: write its paragraphs below the front matter", path, body_line
        )
    _refuse_overlong_words(blocks, path)
    return Article(slug=safe_slug(path.stem, path), blocks=blocks, source=path, **values)


def _refuse_overlong_words(blocks: tuple[Block, ...], path: Path) -> None:
    """A 'word' longer than LONGEST_WORD is refused (the aligner cannot use it)."""
    for block in blocks:
        if isinstance(block, Passage) and len(block.text) > LONGEST_WORD:
            longest = max(block.text.split(), key=len)
            if len(longest) > LONGEST_WORD:
                raise SiteError(
                    f"a word of {len(longest):,} characters ({excerpt(longest, 30)}); "
                    f"no word is longer than {LONGEST_WORD:,}: remove it, or put spaces in it",
                    path,
                    block.line,
                )


def front_matter(
    text: str, path: Path, copies: ParsedCopies | None = None
) -> tuple[YamlValue, str, int]:
    """Return (front matter, body, line the body starts on) of a Markdown file; the
    body without control characters. A --- that opens front matter and no --- that
    closes it is an error saying so (else its keys would be read as missing)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if _OPENING.match(text):
            raise SiteError(
                "the front matter opened by --- on line 1 is never closed; add a line --- "
                "after its last key",
                path,
                1,
            )
        return None, clean_text(text), 1
    meta = load_parsed(copies, match.group(1), path, first_line=2, context=" in front matter")
    if meta is not None and not isinstance(meta, YamlMapping):
        raise SiteError("front matter must be 'key: value' lines between the --- lines", path, 2)
    body_line = text[: match.end()].count("\n") + 1
    return meta, clean_text(text[match.end() :]), body_line


def _date(key: str, value: Any) -> str:
    """The date in ISO form, as precise as given: 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'
    ('' when absent or unknown). A time after a full date is checked and dropped."""
    if value is None or (isinstance(value, YamlText) and is_unknown(value)):
        return ""
    written = str(value).strip() if isinstance(value, YamlText) else ""
    match = _DATE.fullmatch(written)
    try:
        if match is None or int(match.group(1)) < 1:
            raise ValueError
        if match.group(3) is not None:
            return dt.datetime.fromisoformat(written).date().isoformat()
        if match.group(2) is not None:
            return dt.date(int(match.group(1)), int(match.group(2)), 1).isoformat()[:7]
        return match.group(1)
    except ValueError:
        shown = excerpt(written) if isinstance(value, YamlText) else excerpt(value)
        raise Invalid(
            f"date {shown} is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY (or 'unknown')"
            + _as_iso_hint(written)
        ) from None


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"([0-9]{1,4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,4})")
_WORDS_DATE = re.compile(r"[a-z]+|[0-9]+")
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun".split()
)


def _as_iso_hint(written: str) -> str:
    """'; here: date: 2024-03-12' for a date written another common way ('12 March
    2024', 'March 12, 2024', '2024/03/12', '12/03/2024'), so an editor need not work
    out the form; both readings where day and month cannot be told apart ('04/03/2024').
    '' for anything else: the fix is then the forms the message names."""
    readings = _iso_readings(written.strip().lower())
    if not readings:
        return ""
    if len(readings) == 1:
        return f"; here: date: {readings[0]}"
    return (
        f"; here: date: {readings[0]} if the day comes first, date: {readings[1]} if the month does"
    )


def _iso_readings(written: str) -> list[str]:
    """The ISO dates `written` (lower case) can mean, read as Y/M/D, D/M/Y or M/D/Y with
    any of - / . between, or with an English month name ('12th of March, 2024', 'Tue 12
    March 2024', 'March 2024'); none for anything else."""
    numeric = _NUMERIC_DATE.fullmatch(written)
    if numeric:
        a, b, c = (int(part) for part in numeric.groups())
        if len(numeric.group(1)) == 4:
            candidates = [(a, b, c)]
        elif len(numeric.group(3)) == 4:
            candidates = [(c, b, a), (c, a, b)]
        else:
            return []
        return list(dict.fromkeys(d for y, m, day in candidates if (d := _iso(y, m, day))))
    ignored = _WEEKDAYS | {"of", "st", "nd", "rd", "th"}  # Tue 12th of March
    parts = [word for word in _WORDS_DATE.findall(written) if word not in ignored]
    months = [p for p in parts if p in _MONTHS]
    numbers = [p for p in parts if p.isdigit()]
    if len(months) != 1 or len(months) + len(numbers) != len(parts):
        return []
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) != 1 or len(days) > 1:
        return []
    if not days:
        return [f"{int(years[0]):04d}-{_MONTHS[months[0]]:02d}"]
    found = _iso(int(years[0]), _MONTHS[months[0]], int(days[0]))
    return [found] if found else []


def _iso(year: int, month: int, day: int) -> str | None:
    """YYYY-MM-DD, or None where that is no day of the calendar."""
    try:
        return dt.date(year, month, day).isoformat() if year >= 1 else None
    except ValueError:
        return None


def _web_address(key: str, value: Any) -> str:
    """The article's address, which must be a web address (it becomes a link)."""
    address = optional_text(key, value)
    if is_unknown(address):
        return ""
    if not re.match(r"^https?://[^\s/]+", address, re.I):
        raise Invalid(
            f"url {excerpt(address)} is not a web address; write it as https://... "
            "(or leave it out)"
        )
    return address


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
"""A language tag as HTML's lang attribute takes it (BCP 47): en, pt-BR, zh-Hant."""
_LANGUAGE_NAMES = {
    "english": "en",
    "german": "de",
    "deutsch": "de",
    "spanish": "es",
    "french": "fr",
    "italian": "it",
    "dutch": "nl",
    "portuguese": "pt",
    "russian": "ru",
    "ukrainian": "uk",
}
"""Languages an editor may write by name: the code meant, for the error's hint."""


def _language_code(key: str, value: Any) -> str:
    """The article's language, a language code (it becomes the lang attribute that
    tells browsers and screen readers how to read the text, and chooses how the text is
    aligned): `lang: English` would give lang="English", which no reader knows."""
    code = optional_text(key, value)
    if is_unknown(code) or _LANGUAGE_TAG.fullmatch(code):
        return code
    fix = code.replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(fix):
        fix = _LANGUAGE_NAMES.get(code.lower(), "en")
    raise Invalid(
        f"lang {excerpt(code)} is not a language code; write it as a code such as "
        f"{fix} (en, de, pt-BR...), or leave it out"
    )


ARTICLE_SCHEMA = Schema(
    (
        Option("title", "The article's headline.", text, required=True),
        Option("outlet", "The outlet that published it.", text, required=True),
        Option("date", "YYYY-MM-DD, YYYY-MM or YYYY, or unknown.", _date),
        Option("author", "Who wrote it.", optional_text),
        Option("url", "Its web address.", _web_address),
        Option("lang", "Language code of the text, e.g. en.", _language_code),
        Option("translated_from", "The language it was translated from.", optional_text),
        Option("kind", "news, analysis, commentary...", optional_text),
    ),
    unknown_is_error=False,
    missing="front matter is missing '{key}' (add a line '{key}: ...' between the --- lines)",
    missing_line=1,
    name="front matter key",
)
"""An article's front matter: unknown keys are warned about and ignored."""

STORY_SCHEMA = Schema(
    (
        Option("title", "The story's title (default: made from the folder's name).", optional_text),
        Option("loaded_words", "Words to highlight in this story, besides site.yml's.", word_list),
    ),
    unknown_is_error=False,
    name="front matter key",
)
"""_story.md's front matter: unknown keys are warned about and ignored."""


def read_overrides(
    path: Path, articles: tuple[Article, ...], copies: ParsedCopies | None = None
) -> Overrides:
    """Read alignments.yml, checking every passage it names exists.

    Format::

        link:   [[article-a/p-3, article-b/p-7]]    # force these into one group
        apart:  [[article-a/p-1, article-c/p-2]]    # never group these
        labels: {article-a/p-3: "Ceasefire offer"}  # label the group(s) holding a passage

    A pair under both link and apart is an error, and so is a label that is not a text.
    """
    source = read_text_file(path)
    data = load_parsed(copies, source, path)
    if data is None:
        return Overrides()
    if not isinstance(data, YamlMapping):
        raise SiteError("must be a mapping with the keys link, apart, labels", path, 1)
    schema = Schema(
        (
            Option("link", "Pairs of passages to put in one group.", _pairs(articles)),
            Option("apart", "Pairs of passages never to group.", _pairs(articles)),
            Option("labels", "A passage -> the label of its group(s).", _labels(articles)),
        )
    )
    values = schema.validate(data, path)
    _refuse_link_and_apart(data, values, path)
    return Overrides(**values)


def _pairs(articles: tuple[Article, ...]) -> Callable[[str, Any], tuple]:
    """The check of `link` and `apart`: a list of pairs of passages of `articles`."""

    def check(key: str, value: Any) -> tuple[tuple[PassageRef, PassageRef], ...]:
        if not isinstance(value, YamlList):
            raise Invalid(
                f"'{key}' must be a list of passage pairs such as [article-a/p-1, article-b/p-4]",
                line_of(value),
            )
        return tuple(_ref_pair(item, line_of(value), articles) for item in value)

    return check


def _ref_pair(
    item: YamlValue, line: int | None, articles: tuple[Article, ...]
) -> tuple[PassageRef, PassageRef]:
    """One entry of alignments.yml's `link` or `apart`: two passages of two articles."""
    line = line_of(item) or line
    if not isinstance(item, YamlList) or len(item) != 2:
        raise Invalid(
            "each entry must be a pair of passages such as [article-a/p-1, article-b/p-4], "
            f"not {excerpt(item)}",
            line,
        )
    first, second = (_ref(ref, line, articles) for ref in item)
    if first.article == second.article:
        raise Invalid(
            f"{first} and {second} are in the same article; a group holds one passage per article",
            line,
        )
    return first, second


def _labels(articles: tuple[Article, ...]) -> Callable[[str, Any], tuple]:
    """The check of `labels`: passages of `articles`, each with a text."""

    def check(key: str, value: Any) -> tuple[tuple[PassageRef, str], ...]:
        if not isinstance(value, YamlMapping):
            raise Invalid("'labels' must map a passage (article/p-N) to a label", line_of(value))
        labels = []
        for name, label in value.items():
            line = value.key_lines[name]
            ref = _ref(YamlText(name, line, True), line, articles)
            if not isinstance(label, YamlText) or not clean_text(label).strip():
                raise Invalid(
                    f'the label of {ref} must be a text such as "Ceasefire offer", '
                    f"not {excerpt(label)}",
                    line,
                )
            labels.append((ref, clean_text(label).strip()))
        return tuple(labels)

    return check


def _ref(value: YamlValue, line: int | None, articles: tuple[Article, ...]) -> PassageRef:
    """Resolve 'article/p-N' to a PassageRef, or fail naming what exists."""
    line = line_of(value) or line
    if not isinstance(value, YamlText):
        raise Invalid(f"a passage is written article/p-N, not {excerpt(value)}", line)
    article_slug, _, passage_id = value.partition("/")
    article = next((a for a in articles if a.slug == article_slug), None)
    if article is None:
        known = ", ".join(a.slug for a in articles)
        raise Invalid(
            f"unknown article {excerpt(article_slug)} in {excerpt(str(value))}; articles: {known}",
            line,
        )
    if article.passage(passage_id) is None:
        raise Invalid(
            f"unknown passage {excerpt(passage_id)} in {excerpt(str(value))}; {article_slug} has "
            + ("only p-1" if len(article.passages) == 1 else f"p-1 to p-{len(article.passages)}"),
            line,
        )
    return PassageRef(article_slug, passage_id)


def _refuse_link_and_apart(data: YamlMapping, values: dict[str, Any], path: Path) -> None:
    """The same pair may not be both linked and kept apart."""
    linked = {
        frozenset(pair): line_of(item) or data.key_lines["link"]
        for item, pair in zip(data.get("link") or (), values.get("link", ()))
    }
    for item, pair in zip(data.get("apart") or (), values.get("apart", ())):
        if frozenset(pair) in linked:
            raise SiteError(
                f"[{pair[0]}, {pair[1]}] is under both 'link' (line {linked[frozenset(pair)]}) "
                "and 'apart'; keep it under one of them",
                path,
                line_of(item) or data.key_lines["apart"],
            )


def safe_slug(name: str, path: Path) -> str:
    """A URL-safe slug from a file or folder name: lower case letters, digits and '-',
    other scripts transliterated ('Çavuşoğlu' -> 'cavusoglu', 'Стамбул' -> 'stambul')."""
    slug = slug_of(name)
    if not slug:
        raise SiteError(
            "cannot make a web address from this name; rename it with letters or digits", path
        )
    return slug


def _entries(folder: Path) -> list[Path]:
    """The entries of a folder, sorted; SiteError if it cannot be listed."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        raise SiteError(f"cannot read the folder: {exc.strerror or exc}", folder) from None


def _not_regular(path: Path) -> str:
    """What a path that is not a regular file is, for a warning."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that leads to itself (a loop)"
        return "a broken symbolic link (what it points to does not exist)"
    if stat.S_ISDIR(mode):
        return "a folder, not a Markdown file"
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a regular file"
    return "not a regular file"


def _refuse_undecodable_name(path: Path | os.DirEntry[str]) -> None:
    """A name that is not valid UTF-8 cannot become an address or be shown."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise SiteError("the name is not valid UTF-8 text; rename it", Path(path)) from None


def _refuse_outside_links(path: Path, root: Path) -> None:
    """A symbolic link in content/ must stay inside the site's folder (a link that
    loops or leads nowhere is skipped later, with a warning)."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(os.path.realpath(root)):
            raise SiteError(
                "symbolic link to a place outside the site; copy the file into the site instead",
                path,
            )


def _hidden(path: Path) -> bool:
    return path.name.startswith((".", "_")) and path.name != STORY_FILE
