"""Render step: stories, alignments and framing -> pages (path -> bytes).

What a page shows is worked out in views.py (typed view models); the theme's Jinja2
templates only print them, and the theme's words in the site's language (`words`, see
strings.py). Internal links are relative ("../../"), so the site works at
/ and under any sub-path; only 404.html, which is served at any depth, uses the absolute
base_url.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from site_builder.core.config import SiteConfig
from site_builder.core.errors import SiteError
from site_builder.core.inputs import read_text_file
from site_builder.core.model import Article, Group, Passage, Story, StoryCard, StoryResult
from site_builder.core.slugs import outlet_slug
from site_builder.core.strings import Strings
from site_builder.core.theme import BUILTIN_THEMES, Theme
from site_builder.render import views
from site_builder.render.precompiled import TemplateLoader, jinja2_compiled
from site_builder.render.search import SEARCH_FILE, story_search_js

if TYPE_CHECKING:
    from site_builder.render.compare import ComparePage


def template_environment(theme: Theme) -> jinja2.Environment:
    """The Jinja2 environment of a theme's templates as they are now: autoescaped,
    strict about undefined names.

    The theme's template files are listed anew on every call; an environment is reused
    (its compiled templates too, in the preview server and in worker processes forked
    after pool.compile_templates) only while that list, each file's path, size and time
    included, is the same. So a template added, removed or edited, in any layer, gives a
    new environment: an override added while `serve` runs is used by its next build,
    and no page rendered with an old template is stamped current. Templates compiled
    here are kept in memory only, never on disk: they are Python code, and a file of
    them in the build cache could be replaced by anyone who can write the site's
    folder. The built-in theme's templates, as shipped, come compiled with the package
    itself (precompiled.py), like the rest of its code.
    """
    files = tuple(
        (name, str(path), *_identity(path)) for name, path in theme.template_files().items()
    )
    return _environment(tuple(theme.template_dirs), files)


def _identity(path: Path) -> tuple[int, int]:
    """A file's size and modification time: they change when it is written."""
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=2)
def _environment(folders: tuple[Path, ...], files: tuple) -> jinja2.Environment:
    """The environment of template `folders` holding `files` (see template_environment:
    `files` is only the key that makes a change give a new environment)."""
    return new_environment(folders)


def new_environment(folders: Sequence[Path]) -> jinja2.Environment:
    """A Jinja2 environment of the templates in `folders` (first wins), as every build
    renders with (the built-in theme's templates compiled ahead of time where they
    are as shipped: see precompiled.py). A template loaded is not checked against its
    file again (`auto_reload` off: Jinja2 would stat the file at every page and every
    import of macros): a changed file gives a new environment (template_environment)."""
    return jinja2.Environment(
        loader=TemplateLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render_site(
    config: SiteConfig,
    words: Strings,
    cards: Sequence[StoryCard],
    story_pages: Sequence[dict[str, bytes]],
    story_alignments: Sequence[str | bytes],
    *,
    unchanged: Collection[str] = (),
    site_wide: bool = True,
) -> dict[str, bytes]:
    """Every page and data file of the site, keyed by its path inside the output folder:
    the stories' own, and the site-wide ones (home, 404, outlets, blindspots, feed.xml,
    alignments.json, sitemap.xml).

    From each story's card, own pages (render_story) and alignments.json entry
    (story_alignments_json), in site order; `unchanged`: the paths of pages the output
    folder keeps from the last build (not rendered again, but in the sitemap).
    `words`: the theme's strings in the site's language (strings.theme_strings).
    Not `site_wide`: the pages that site_wide() names are left out (the caller keeps
    the last build's, which the same cards, files and settings would give again).
    """
    pages: dict[str, bytes] = {}
    if site_wide:
        pages.update(_site_wide_pages(config, words, cards))
    for own in story_pages:
        pages.update(own)
    pages["alignments.json"] = alignments_json(story_alignments)
    if site_wide and config.site_url:
        env = template_environment(config.site_theme)
        listed = {*pages, *unchanged}
        pages["sitemap.xml"] = sitemap(env, config, [p for p in listed if p.endswith("index.html")])
    return pages


SITE_WIDE_FILES = frozenset({"index.html", "404.html", "feed.xml", "sitemap.xml", ".nojekyll"})
SITE_WIDE_FOLDERS = ("outlets/", "blindspots/")


def site_wide(path: str) -> bool:
    """Whether `path` is one of the site-wide pages render_site renders from every
    story's card (not alignments.json, which holds each story's entry)."""
    return path in SITE_WIDE_FILES or path.startswith(SITE_WIDE_FOLDERS)


def _site_wide_pages(
    config: SiteConfig, words: Strings, cards: Sequence[StoryCard]
) -> dict[str, bytes]:
    """The home, outlets, blindspots, feed and 404 pages (the sitemap apart: it lists
    every page)."""
    from site_builder.render import outlets  # not needed by a rebuild that keeps them

    env = template_environment(config.site_theme)
    pages: dict[str, bytes] = {}
    pages["index.html"] = _page(
        env,
        "index.html",
        config,
        words,
        "index.html",
        root="",
        title=config.title,
        description=config.description,
        page=views.index_page(
            cards, config.language, words, outlets.leans_by_name(cards, config.outlets)
        ),
    )
    pages.update(outlet_and_blindspot_pages(env, config, words, cards))
    pages["feed.xml"] = feed(env, config, cards)
    pages["404.html"] = _page(
        env,
        "404.html",
        config,
        words,
        "404.html",
        root=config.base_url,
        title=words.plain("not_found_title"),
        description=config.description,
        stories=cards,
    )
    pages[".nojekyll"] = b""
    return pages


def render_story(
    env: jinja2.Environment, config: SiteConfig, words: Strings, result: StoryResult
) -> dict[str, bytes]:
    """The comparison page of one story, one page per article, the pages of its articles
    side by side (compare.py, where the site asks for them: pair_pages) and its search
    file (search.py), in `words`."""
    heads = views.article_heads(
        result.story, result.alignment, config.language, words, story_leans(config, result.story)
    )
    path = f"{result.story.slug}/index.html"
    story = views.story_page(
        result,
        config.language,
        words,
        heads,
        report_url=config.report_url,
        page_url=_canonical(config, path),
    )
    pages = {}
    pages[path] = _page(
        env,
        "story.html",
        config,
        words,
        path,
        root="../",
        title=story.title,
        description=story.description,
        story=story,
    )
    for article in views.article_pages(
        result, config.language, words, heads, pair_pages=config.pair_pages
    ):
        path = f"{story.slug}/{article.head.slug}/index.html"
        pages[path] = _page(
            env,
            "article.html",
            config,
            words,
            path,
            root="../../",
            title=f"{article.head.headline} ({article.head.outlet})",
            description=article.description,
            article=article,
        )
    for compared in _pair_pages(result, heads, words) if config.pair_pages else ():
        pages[compared.path] = _page(
            env,
            "compare.html",
            config,
            words,
            compared.path,
            root="../../../",
            title=words.plain(
                "compare_title", left=compared.left.outlet, right=compared.right.outlet
            )
            + f" · {compared.story_title}",
            description=compared.description,
            page=compared,
            og_type="article",
        )
    pages[f"{story.slug}/{SEARCH_FILE}"] = story_search_js(result.story, heads)
    return {path: _local_links(page, path, story.slug) for path, page in pages.items()}


def _local_links(page: bytes, path: str, slug: str) -> bytes:
    """`page` with its links into its own story's folder written from where it stands
    ("fox-news/index.html", not "../<story>/fox-news/index.html"): the views give every
    link from the site's root, and a story page holds hundreds of them, each carrying
    the story's slug again. The same targets, fewer bytes to write and send."""
    up = "../" * path.count("/")
    long = f'href="{up}{slug}/'.encode()
    return page.replace(long, f'href="{up[3:]}'.encode()) if long in page else page


def story_leans(config: SiteConfig, story: Story) -> dict[str, str]:
    """The editor's lean of each outlet of `story` that has one, by outlet name."""
    by_slug = views.profiles_by_name(config.outlets)
    leans = {}
    for article in story.articles:
        profile = by_slug.get(outlet_slug(article.outlet))
        if profile is not None and profile.lean:
            leans[article.outlet] = profile.lean
    return leans


def outlet_and_blindspot_pages(
    env: jinja2.Environment, config: SiteConfig, words: Strings, cards: Sequence[StoryCard]
) -> dict[str, bytes]:
    """outlets/index.html, outlets/<slug>/index.html for every outlet with an article
    on the site, and blindspots/index.html (see outlets.py)."""
    from site_builder.render import outlets

    pages: dict[str, bytes] = {}
    every = outlets.outlet_pages(cards, config.outlets, words, config.language)
    for outlet in every:
        path = f"outlets/{outlet.slug}/index.html"
        pages[path] = _page(
            env,
            "outlet.html",
            config,
            words,
            path,
            root="../../",
            title=outlet.name,
            description=outlet.description,
            outlet=outlet,
        )
    pages["outlets/index.html"] = _page(
        env,
        "outlets.html",
        config,
        words,
        "outlets/index.html",
        root="../",
        title=words.plain("outlets_title"),
        description=words.plain("outlets_description"),
        entries=outlets.outlet_list(every),
    )
    spots = outlets.blindspots(cards, config.outlets, words)
    pages["blindspots/index.html"] = _page(
        env,
        "blindspots.html",
        config,
        words,
        "blindspots/index.html",
        root="../",
        title=words.plain("blindspots_title"),
        description=spots.description,
        page=spots,
    )
    return pages


def feed(env: jinja2.Environment, config: SiteConfig, cards: Sequence[StoryCard]) -> bytes:
    """feed.xml: an Atom feed of the stories, newest first (by their last article's
    date; undated stories last). Addresses are absolute under site_url where the site
    has one, else relative to the feed, which sits at the site's root."""
    ordered = sorted(cards, key=lambda c: (c.dates[-1] if c.dates else "", c.slug), reverse=True)
    address = f"{config.site_url}{config.base_url}" if config.site_url else ""
    entries = [
        {
            "title": c.title,
            "href": f"{address}{c.slug}/",
            "id": f"{address}{c.slug}/" if address else f"urn:site-builder:story:{c.slug}",
            "updated": _atom_time(c.dates[-1] if c.dates else ""),
            "summary": views.plain_text(c.intro_html),
            "outlets": sorted({a.outlet for a in c.articles}),
        }
        for c in ordered
    ]
    return _render(
        env,
        "feed.xml",
        config,
        "feed.xml",
        site=config,
        address=address,
        feed_id=address or f"urn:site-builder:site:{outlet_slug(config.title) or 'site'}",
        updated=entries[0]["updated"] if entries else _atom_time(""),
        entries=entries,
    )


def _atom_time(date: str) -> str:
    """A front-matter date (2022-03-29, 2022-03, 2022) as an Atom time: midnight UTC
    of its first day; no date gives the start of 1970, so two builds agree."""
    parts = [*date.split("-"), "01", "01"][:3] if date[:4].isdigit() else ["1970", "01", "01"]
    year, month, day = (int(p) if p.isdigit() else 1 for p in parts)
    try:
        return datetime.date(year, month, day).isoformat() + "T00:00:00Z"
    except ValueError:
        return f"{year:04d}-01-01T00:00:00Z" if 1 <= year <= 9999 else "1970-01-01T00:00:00Z"


def _canonical(config: SiteConfig, path: str) -> str:
    """The full address of the page at `path`, or '' when the site has no site_url."""
    url = path.removesuffix("index.html")
    return f"{config.site_url}{config.base_url}{url}" if config.site_url else ""


def _pair_pages(
    result: StoryResult, heads: Mapping[str, views.Head], words: Strings
) -> Iterable[ComparePage]:
    """The story's pages of two articles side by side (compare.py, imported only for a
    site that asks for them: pair_pages)."""
    from site_builder.render.compare import compare_pages

    return compare_pages(result, heads, words)


def story_card(result: StoryResult) -> StoryCard:
    """What the site-wide pages keep of a story (see views.story_card)."""
    return views.story_card(result)


def _page(
    env: jinja2.Environment,
    template: str,
    config: SiteConfig,
    words: Strings,
    path: str,
    *,
    root: str,
    **context,
) -> bytes:
    """Page `path` rendered from `template` with `context`, and what every page is
    given: the site, its words, the way to its root and its canonical address."""
    url = path.removesuffix("index.html")
    context.setdefault(
        "og_type", "article" if template in ("story.html", "article.html") else "website"
    )
    return _render(
        env,
        template,
        config,
        path,
        site=config,
        words=words.html,
        root=root,
        path=url,
        canonical=_canonical(config, path),
        **context,
    )


def _render(
    env: jinja2.Environment, template: str, config: SiteConfig, output: str, **context
) -> bytes:
    """The theme's `template` rendered with `context`, as the file `output` of the site.

    Whatever a template can do wrong is a SiteError naming the template and its line:
    bad syntax, a missing value, a macro or include that calls itself without end, a
    file that is not UTF-8, and in a site's own template a value that cannot be
    computed ({{ 1 // 0 }}, {{ title + 1 }}).
    """
    try:
        text = _rendered(env, template, context)
    except jinja2.TemplateSyntaxError as exc:
        raise SiteError(
            f"template error: {exc.message}", exc.filename or template, exc.lineno
        ) from None
    except jinja2.TemplateError as exc:
        where, line = _template_position(exc)
        raise SiteError(
            f"template error while rendering {output}: {exc}",
            where or config.site_theme.template_file(template),
            line,
        ) from None
    except RecursionError as exc:
        where, line = _template_position(exc)
        raise SiteError(
            f"template error while rendering {output}: a macro, include or block calls "
            "itself without end; make the repetition stop",
            where or config.site_theme.template_file(template),
            line,
        ) from None
    except UnicodeDecodeError:
        for source in config.site_theme.template_files().values():
            read_text_file(source, what="template", fix="save the template as text")
        raise
    except Exception as exc:
        # a site's own template can fail as any code can ({{ 1 // 0 }}, {{ title + 1 }}):
        # its file and line, not a traceback; in a built-in template it is a bug
        where, line = _template_position(exc)
        if where is None or Path(where).is_relative_to(BUILTIN_THEMES):
            raise
        raise SiteError(
            f"template error while rendering {output}: {exc} ({type(exc).__name__})",
            where,
            line,
        ) from None
    return text.encode("utf-8")


def _rendered(env: jinja2.Environment, template: str, context: dict) -> str:
    """The text of `template` rendered with `context`. The default theme's shipped code
    reads the view models' attributes directly (precompiled.py); where an object has
    not one it reads, the page is rendered again by code Jinja2 compiles itself, which
    looks the item up, or reports the missing value, as Jinja2 does."""
    try:
        return env.get_template(template).render(**context)
    except AttributeError:
        return jinja2_compiled(env).get_template(template).render(**context)


def _template_position(exc: Exception) -> tuple[str | None, int | None]:
    """The template file and line an error was raised on, read from its traceback."""
    tb, found = exc.__traceback__, (None, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def alignments_json(stories: Sequence[str | bytes]) -> bytes:
    """alignments.json, the alignment of every story, machine-readable (its schema:
    site_builder/render/schema/alignments.schema.json), from each story's entry as
    story_alignments_json renders it (or as entries_by_slug took it from the last one)."""
    return b"".join(alignments_json_parts(stories))


def alignments_json_parts(stories: Iterable[str | bytes]) -> Iterator[bytes]:
    """alignments.json (see alignments_json) in parts, one story's entry at a time: for
    a site too large to hold every entry in memory at once."""
    first = True
    for entry in stories:
        text = entry if isinstance(entry, bytes) else entry.encode("utf-8")
        yield (_HEAD if first else _BETWEEN) + text
        first = False
    yield b'{"stories":[]}\n' if first else _TAIL


_HEAD, _BETWEEN, _TAIL = b'{"stories":[\n', b",\n", b"\n]}\n"
_SLUG = re.compile(rb'\{"slug":"([a-z0-9][a-z0-9._-]*)"')
"""The start of a story's entry, naming its slug (as safe_slug makes them)."""


def entries_by_slug(raw: bytes) -> dict[str, bytes]:
    """Each story's entry of an alignments.json as alignments_json_parts writes it (one
    line per story), by the story's slug; {} for anything else. The entries stay bytes:
    a rebuild writes them back as they are, without decoding and encoding 2 MB."""
    if not raw.startswith(_HEAD) or not raw.endswith(_TAIL):
        return {}
    # entries hold no newline: the lines between the head's and the tail's are the
    # entries, each but the last ending with the comma between them (split at each
    # newline, a one-byte search: twice as fast on 2 MB as at each ",\n")
    lines = raw.split(b"\n")[1:-2]
    entries = [line[:-1] if line.endswith(b",") else b"" for line in lines[:-1]] + lines[-1:]
    found = {}
    for entry in entries:
        match = _SLUG.match(entry)
        if match is None:
            return {}
        found[match.group(1).decode("ascii")] = entry
    return found


def story_alignments_json(result: StoryResult) -> str:
    """One story's entry of alignments.json, compact on one line (a line per story keeps
    the file greppable, no indentation keeps it a fifth smaller); rendered with the
    story, so a rebuild after one edit does not encode every story again."""
    story = result.story
    entry = {
        "slug": story.slug,
        "title": story.title,
        "articles": [
            {
                "slug": a.slug,
                "outlet": a.outlet,
                "title": a.title,
                "href": f"{story.slug}/{a.slug}/",
                "passages": [_passage_json(story, a, p) for p in a.passages],
            }
            for a in story.articles
        ],
        "groups": [_group_json(g) for g in result.alignment.groups],
        "related": [_group_json(g) for g in result.alignment.related],
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def _group_json(group: Group) -> dict:
    entry = {
        "id": group.id,
        "label": group.label,
        "score": group.score,
        "members": [
            {"article": m.article, "passage": m.passage, "sentences": list(m.sentences)}
            for m in group.members
        ],
    }
    if group.time:
        entry["time"] = group.time
    return entry


def _passage_json(story: Story, article: Article, passage: Passage) -> dict:
    return {
        "id": passage.id,
        "text": passage.text,
        "href": f"{story.slug}/{article.slug}/#{passage.id}",
    }


def sitemap(env: jinja2.Environment, config: SiteConfig, paths: Sequence[str]) -> bytes:
    """sitemap.xml listing every page under the site's full address (the theme's
    sitemap.xml template, escaped like every template: an address with & or < in it
    cannot break the file)."""
    address = f"{config.site_url}{config.base_url}"
    urls = [address + p.removesuffix("index.html") for p in sorted(paths)]
    return _render(env, "sitemap.xml", config, "sitemap.xml", site=config, urls=urls)
