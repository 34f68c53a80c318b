"""The built pages and alignments.json: what a reader and a machine find in output/."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.commands.build import build
from site_builder.core.config import load_config
from tests.conftest import REPO, text_of, write_article


class Anchors(HTMLParser):
    """Collects the ids and hrefs of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.hrefs.append(values["href"])


def anchors(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """The bundled Istanbul site, built once for this module."""
    output = tmp_path_factory.mktemp("site") / "output"
    build(load_config(REPO / "site.yml", output_dir=output))
    return output


def test_alignments_json_follows_the_schema(bundled):
    data = json.loads((bundled / "alignments.json").read_text())
    [story] = data["stories"]
    assert story["slug"] == "istanbul-talks" and story["title"]
    passages = {}
    for article in story["articles"]:
        assert set(article) == {"slug", "outlet", "title", "href", "passages"}
        assert article["href"] == f"istanbul-talks/{article['slug']}/"
        for p in article["passages"]:
            assert set(p) == {"id", "text", "href"} and re.fullmatch(r"p-\d+", p["id"])
            assert "*" not in p["text"] and "\\$" not in p["text"]  # plain text, no Markdown
            passages[(article["slug"], p["id"])] = p
    assert story["groups"] and story["related"]
    assert not {g["id"] for g in story["groups"]} & {g["id"] for g in story["related"]}
    for group in story["groups"] + story["related"]:
        assert (
            {"id", "label", "score", "members"}
            <= set(group)
            <= {"id", "label", "score", "members", "time"}
        )
        assert 3 <= len(group["label"].split()) <= 14
        assert 0 <= group["score"] <= 1 and len(group["members"]) >= 2
        assert len({m["article"] for m in group["members"]}) == len(group["members"])
        for member in group["members"]:
            assert (member["article"], member["passage"]) in passages
            assert member["sentences"] == sorted(set(member["sentences"]))


def test_every_href_in_alignments_json_resolves_to_an_element(bundled):
    data = json.loads((bundled / "alignments.json").read_text())
    articles = data["stories"][0]["articles"]
    assert articles and all(article["passages"] for article in articles)
    for article in articles:
        for passage in article["passages"]:
            page, _, fragment = passage["href"].partition("#")
            assert fragment in anchors(bundled / page / "index.html").ids, passage["href"]


def test_article_page_links_each_aligned_passage_to_its_counterparts(bundled):
    data = json.loads((bundled / "alignments.json").read_text())
    group = data["stories"][0]["groups"][0]
    first, second = group["members"][:2]
    page = anchors(bundled / "istanbul-talks" / first["article"] / "index.html")
    assert f"../{second['article']}/index.html#{second['passage']}" in page.hrefs
    assert f"../index.html#{group['id']}" in page.hrefs


def test_an_also_in_line_names_its_event_only_where_the_passage_reports_several(bundled):
    story = json.loads((bundled / "alignments.json").read_text())["stories"][0]
    events: dict[tuple[str, str], list[str]] = {}
    for group in story["groups"]:
        for member in group["members"]:
            events.setdefault((member["article"], member["passage"]), []).append(group["id"])
    seen = set()
    for (article, passage), ids in events.items():
        html = (bundled / "istanbul-talks" / article / "index.html").read_text()
        block = re.search(f'<div id="{passage}">(.*?)</div>', html, re.S).group(1)
        lines = re.findall(r"<p>(.*?)</p>", block)[1:]  # after the passage: its lines
        assert len(lines) == len(ids), (article, passage)
        named = [line.startswith("<i>") for line in lines]
        assert named == [len(ids) > 1] * len(ids), (article, passage, lines)
        seen.add(len(ids) > 1)
    assert seen == {True, False}  # the bundled story has passages of one and of several


def test_every_internal_link_of_every_page_resolves(bundled):
    fragments = 0
    for page in bundled.rglob("*.html"):
        if page.name == "404.html":
            continue  # absolute links: checked by the publishing tests
        for href in anchors(page).hrefs:
            if re.match(r"^[a-z]+:", href):
                continue
            target, _, fragment = href.partition("#")
            fragments += bool(fragment)
            file = (page.parent / target).resolve() if target else page
            if file.is_dir():
                file = file / "index.html"
            assert file.is_file(), f"{page}: {href}"
            if fragment:
                assert fragment in anchors(file).ids, f"{page}: {href}"
    assert fragments > 100  # the bundled story's pages link passage to passage


def test_sitemap_is_xml_whatever_the_site_url_holds(site):
    from xml.etree import ElementTree

    (site / "site.yml").write_text("title: T\nsite_url: 'https://x.example/a&b=<i>'\n")
    build(load_config(site / "site.yml"))
    root = ElementTree.fromstring((site / "output" / "sitemap.xml").read_bytes())
    assert "https://x.example/a&b=<i>/talks/" in [e.text for e in root.iter() if e.text]


def test_sitemap_comes_from_the_theme(site):
    from tests.conftest import theme_file

    (site / "site.yml").write_text("title: T\nsite_url: https://x.example\n")
    theme_file(site, "templates/sitemap.xml").write_text("{{ urls|length }} pages\n")
    build(load_config(site / "site.yml"))
    # home, story, 2 articles, outlets/, 2 outlet pages, blindspots/
    assert (site / "output" / "sitemap.xml").read_text() == "8 pages\n"


@pytest.mark.parametrize(
    "template, content, message",
    [
        (
            "story.html",
            "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}\n",
            "story.html:1: template error while rendering talks/index.html: a macro, include "
            "or block calls itself without end; make the repetition stop",
        ),
        (
            "story.html",
            b"{% extends 'base.html' %}\n{# caf\xe9 #}\n",
            "story.html:2: not valid UTF-8 text; save the file as UTF-8",
        ),
        (
            "story.html",
            "{{ story.title }}\n{{ 1 // 0 }}\n",
            "story.html:2: template error while rendering talks/index.html: integer division "
            "or modulo by zero (ZeroDivisionError)",
        ),
        (
            "article.html",
            "{% extends 'base.html' %}{% block main %}\n{{ site.title + 1 }}{% endblock %}\n",
            "article.html:2: template error while rendering talks/alpha/index.html: can only "
            'concatenate str (not "int") to str (TypeError)',
        ),
    ],
)
def test_a_template_that_cannot_render_is_named_with_its_line(site, template, content, message):
    from site_builder.core.errors import SiteError
    from tests.conftest import theme_file

    target = theme_file(site, f"templates/{template}")
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SiteError) as error:
        build(load_config(site / "site.yml"))
    assert str(error.value).endswith(message)


def test_the_comparison_page_shows_no_unexplained_score(bundled):
    page = text_of((bundled / "istanbul-talks" / "index.html").read_text())
    assert not re.search(r"\bscore\b", page, re.IGNORECASE)
    assert not re.search(r"\bz-score\b|log-odds", page)


def test_an_article_header_never_shows_a_separator_without_a_fact(bundled, site):
    write_article(site / "content" / "talks", "gamma", "An article with no date, kind or author.")
    build(load_config(site / "site.yml"))
    bare = (site / "output/talks/gamma/index.html").read_text()
    assert text_of(re.search(r'<p class="article-meta">(.*?)</p>', bare).group(1)) == (
        "Outlet GAMMA"
    )
    pages = [*bundled.glob("istanbul-talks/*/index.html"), site / "output/talks/beta/index.html"]
    for path in pages:
        meta = re.search(r'<p class="article-meta">(.*?)</p>', path.read_text()).group(1)
        shown = text_of(meta)
        assert not shown.startswith("·") and not shown.endswith("·"), path
        assert "· ·" not in shown and "··" not in shown, path
    undated = (bundled / "istanbul-talks/putins-war-wont-end/index.html").read_text()
    meta = re.search(r'<p class="article-meta">(.*?)</p>', undated).group(1)
    assert text_of(meta) == "The National Interest right · analysis · by Mark Episkopos"


def test_every_page_names_a_favicon_the_site_has(bundled):
    pages = sorted(bundled.rglob("*.html"))
    assert len(pages) > 5  # the home page, the story's, its articles', ...
    for page in pages:
        if page.name == "404.html":
            continue  # absolute links: checked by the publishing tests
        icon = re.search(r'<link rel="icon" href="([^"]+)"', page.read_text()).group(1)
        assert (page.parent / icon).resolve().is_file(), page


def test_text_in_another_language_carries_its_lang(site):
    beta = site / "content" / "talks" / "beta.md"
    beta.write_text(beta.read_text().replace("---\n", "---\nlang: de\n", 1))
    build(load_config(site / "site.yml"))
    output = site / "output" / "talks"
    article = (output / "beta" / "index.html").read_text()
    assert '<html lang="en">' in article
    assert '<p lang="de">Peace talks between' in article
    assert '<h2 class="body-heading" lang="de">Istanbul</h2>' in article
    assert 'lang="de"' not in (output / "alpha" / "index.html").read_text().split("<body", 1)[1]
    story = (output / "index.html").read_text()
    assert re.search(r'<div><a [^\n]*?</a><p><span lang="de">', story)
    assert 'lang="en"' not in story.split("<body", 1)[1]
    home = (site / "output" / "index.html").read_text()
    assert '<span lang="de">Title of beta</span>' in home
    assert '<span lang="en">' not in home and '<span lang="de">Title of alpha' not in home


def test_related_groups_stand_apart_collapsed_and_labelled(bundled):
    html = (bundled / "istanbul-talks" / "index.html").read_text()
    data = json.loads((bundled / "alignments.json").read_text())["stories"][0]
    related_part = html.split('<details class="related-all">', 1)[1]
    assert "related" in re.search(r"<summary>(.*?)</summary>", related_part).group(1)
    for group in data["related"]:
        assert f'id="{group["id"]}"' in related_part
    for group in data["groups"]:
        assert f'id="{group["id"]}"' not in related_part
    for page in bundled.glob("istanbul-talks/*/index.html"):
        for group in data["related"]:  # "also in" promises the same event: never related
            assert f'index.html#{group["id"]}"' not in page.read_text()


def test_the_comparison_opens_with_the_headlines_then_who_reports_what(bundled):
    html = (bundled / "istanbul-talks" / "index.html").read_text()
    order = [html.index(f'id="{name}"') for name in ("heads-h", "coverage-h", "events-h")]
    assert order == sorted(order)
    heads = html.split('id="heads-h"', 1)[1].split("</section>", 1)[0]
    for outlet in ("World Socialist Web Site", "The National Interest", "Unknown outlet"):
        assert outlet in heads
    later = re.search(r'<li class="head is-other-time" data-article="([^"]+)"', heads)
    assert later.group(1) == "point-of-no-return"
    assert "about another time" in heads.split('data-article="point-of-no-return"', 1)[1]


def test_an_event_an_article_about_another_time_joins_says_so(bundled):
    html = (bundled / "istanbul-talks" / "index.html").read_text()
    blocks = re.split(r'(?=<section class="event)', html)[1:]
    joined = [b for b in blocks if 'href="point-of-no-return/index.html#' in b]
    assert joined  # the 2025 commentary joins related groups at least
    for block in joined:
        assert "with an article about another time" in block
        assert '<span class="other-time">about another time (2025)</span>' in block


def test_a_rebuild_reads_back_each_story_s_entry_of_alignments_json(bundled):
    """A rebuild after one edit takes the unchanged stories' entries from the last
    alignments.json (entries_by_slug): each entry, byte for byte, by its story's slug;
    and nothing from a file that is not one alignments_json writes."""
    from site_builder.render.render import alignments_json, entries_by_slug

    raw = (bundled / "alignments.json").read_bytes()
    slugs = [story["slug"] for story in json.loads(raw)["stories"]]
    entries = entries_by_slug(raw)
    assert list(entries) == slugs
    assert alignments_json(list(entries.values())) == raw
    two = alignments_json([b'{"slug":"a","n":[1,2]}', b'{"slug":"b","n":[]}'])
    assert entries_by_slug(two) == {"a": b'{"slug":"a","n":[1,2]}', "b": b'{"slug":"b","n":[]}'}
    joined = two.replace(b"},\n", b"}\n", 1)  # two entries on two lines, no comma between
    assert entries_by_slug(joined) == {}
    assert entries_by_slug(alignments_json([])) == {}
    assert entries_by_slug(raw.replace(b"\n", b" ")) == {}
