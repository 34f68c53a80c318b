"""Render step: stories, alignments and framing -> pages (path -> bytes).

What a page shows is worked out in views.py (typed view models); the theme's Jinja2
templates only print them, and the theme's words in the site's language (`words`, see
strings.py). Internal links are relative ("../../"), so the site works at
/ and under any sub-path; only 404.html, which is served at any depth, uses the absolute
base_url.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import jinja2

from site_builder import views
from site_builder.config import SiteConfig
from site_builder.errors import SiteError
from site_builder.inputs import read_text_file
from site_builder.model import Article, Group, Passage, Story, StoryCard, StoryResult
from site_builder.strings import Strings
from site_builder.theme import Theme


def template_environment(theme: Theme, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment of a theme: autoescaped, strict about undefined names.

    Kept between builds of one process (the preview server): compiled templates are
    reused, and Jinja2 recompiles a template whose file changed. With `compiled`, the
    compiled templates are also kept in that folder for later processes (compiling the
    theme takes longer than rendering one story).
    """
    return _environment(tuple(theme.template_dirs), compiled)


@lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...], compiled: Path | None) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(compiled) if compiled is not None else None,
    )


def _bytecode_cache(folder: Path) -> jinja2.FileSystemBytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # compiled templates are only a saving: build without them
    return jinja2.FileSystemBytecodeCache(str(folder))


def render_site(
    config: SiteConfig,
    words: Strings,
    cards: Sequence[StoryCard],
    story_pages: Sequence[dict[str, bytes]],
    story_alignments: Sequence[str],
    *,
    unchanged: Collection[str] = (),
    compiled_templates: Path | None = None,
) -> dict[str, bytes]:
    """Every page and data file of the site, keyed by its path inside the output folder.

    From each story's card, own pages (render_story) and alignments.json entry
    (story_alignments_json), in site order; `unchanged`: the paths of pages the output
    folder keeps from the last build (not rendered again, but in the sitemap).
    `words`: the theme's strings in the site's language (strings.theme_strings).
    `compiled_templates`: see template_environment.
    """
    env = template_environment(config.site_theme, compiled_templates)
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
        page=views.index_page(cards, config.language, words),
    )
    for own in story_pages:
        pages.update(own)
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
    pages["alignments.json"] = alignments_json(story_alignments)
    pages[".nojekyll"] = b""
    if config.site_url:
        listed = {*pages, *unchanged}
        pages["sitemap.xml"] = sitemap(env, config, [p for p in listed if p.endswith("index.html")])
    return pages


def render_story(
    env: jinja2.Environment, config: SiteConfig, words: Strings, result: StoryResult
) -> dict[str, bytes]:
    """The comparison page of one story and one page per article, in `words`."""
    heads = views.article_heads(result.story, result.alignment, config.language, words)
    story = views.story_page(result, config.language, words, heads)
    pages = {}
    path = f"{story.slug}/index.html"
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
    for article in views.article_pages(result, config.language, words, heads):
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
    return pages


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
    url = path.removesuffix("index.html")
    return _render(
        env,
        template,
        config,
        path,
        site=config,
        words=words.html,
        root=root,
        path=url,
        canonical=f"{config.site_url}{config.base_url}{url}" if config.site_url else "",
        **context,
    )


def _render(
    env: jinja2.Environment, template: str, config: SiteConfig, output: str, **context
) -> bytes:
    """The theme's `template` rendered with `context`, as the file `output` of the site.

    Whatever a template can do wrong is a SiteError naming the template and its line:
    bad syntax, a missing value, a macro or include that calls itself without end, a
    file that is not UTF-8.
    """
    try:
        text = env.get_template(template).render(**context)
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
    return text.encode("utf-8")


def _template_position(exc: Exception) -> tuple[str | None, int | None]:
    """The template file and line an error was raised on, read from its traceback."""
    tb, found = exc.__traceback__, (None, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".html"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def alignments_json(stories: Sequence[str]) -> bytes:
    """alignments.json, the alignment of every story, machine-readable (its schema:
    site_builder/schema/alignments.schema.json), from each story's entry as
    story_alignments_json renders it."""
    return b"".join(alignments_json_parts(stories))


def alignments_json_parts(stories: Iterable[str]) -> Iterator[bytes]:
    """alignments.json (see alignments_json) in parts, one story's entry at a time: for
    a site too large to hold every entry in memory at once."""
    first = True
    for entry in stories:
        yield ('{\n "stories": [\n' if first else ",\n").encode("utf-8") + entry.encode("utf-8")
        first = False
    yield b'{\n "stories": []\n}\n' if first else b"\n ]\n}\n"


def story_alignments_json(result: StoryResult) -> str:
    """One story's entry of alignments.json, indented to sit in its list; rendered with
    the story, so a rebuild after one edit does not encode every story again."""
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
    text = json.dumps(entry, ensure_ascii=False, indent=1)
    return "  " + text.replace("\n", "\n  ")


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
