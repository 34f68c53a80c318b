"""What a reader sees and does in a real browser: the default theme's pages."""

from __future__ import annotations

import itertools
import json
import re
import statistics
import subprocess
import sys

import pytest

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.read.content import read_story
from tests.conftest import (
    BASIL,
    NO_BASIL,
    PHONE,
    REPO,
    SERIOUS,
    german_site,
    served,
    write_article,
)

STORY = "istanbul-talks/index.html"
EVIDENCE = ".member > p"
"""A report's evidence on the comparison page: its sentences of the event."""
ALSO_IN = "> * + p"
"""An aligned passage's "also in" lines on an article page (after `#<passage>`)."""


def groups(bundled_site) -> list[dict]:
    data = json.loads((bundled_site["output"] / "alignments.json").read_text())
    return data["stories"][0]["groups"]


def in_view(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        """el => {
        const r = el.getBoundingClientRect();
        return r.top < window.innerHeight && r.bottom > 0; }""",
    )


def is_highlighted(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        """el => el.matches(':target') &&
        getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)'""",
    )


def plain(text: str) -> str:
    """Text compared as a reader reads it: one space apart, quotes and case aside."""
    return " ".join(re.sub(r"[“”\"‘’'«»]", "", text).lower().split())


# ---- the comparison page: each event told once ----


def test_the_istanbul_page_is_at_most_15000_px_tall_at_1280(page, bundled_site):
    page.goto(bundled_site["url"] + STORY)
    assert page.evaluate("document.documentElement.scrollHeight") <= 15_000


def test_no_passage_is_shown_in_full_twice(page, bundled_site):
    story = read_story(REPO / "content" / "istanbul-talks")
    page.goto(bundled_site["url"] + STORY)
    shown = " ".join(page.eval_on_selector("main", "el => el.textContent").split())
    several = [p for a in story.articles for p in a.passages if len(p.sentences) > 1]
    assert several
    for passage in several:  # a passage of one sentence may stand in each of its events
        assert shown.count(" ".join(passage.text.split())) <= 1, passage.text[:60]


def test_event_titles_are_short_phrases_in_the_outlets_own_words(page, bundled_site):
    data = json.loads((bundled_site["output"] / "alignments.json").read_text())["stories"][0]
    texts = {(a["slug"], p["id"]): p["text"] for a in data["articles"] for p in a["passages"]}
    page.goto(bundled_site["url"] + STORY)
    seen = set()
    assert data["groups"]  # (else the loop below checks nothing)
    for group in data["groups"] + data["related"]:
        title = page.locator(f"#{group['id']} h3").text_content().strip()
        assert 3 <= len(title.replace("…", " ").split()) <= 14, title
        assert "·" not in title, title  # no keyword list
        core = plain(title.strip("… "))
        members = [plain(texts[(m["article"], m["passage"])]) for m in group["members"]]
        source = next((text for text in members if core in text), None)
        assert source is not None, title
        after = source[source.index(core) + len(core) :].lstrip()
        if after[:1].isalnum():  # cut inside a clause: an ellipsis says so
            assert title.endswith("…"), title
        assert core not in seen, title  # no two events share a title
        seen.add(core)


def test_reports_stand_side_by_side_in_lines_of_45_characters_or_more(page, bundled_site):
    page.goto(bundled_site["url"] + STORY)
    tops = page.eval_on_selector_all(
        ".events .event",
        "els => els.map(e => [...e.querySelectorAll('.member')].map("
        "m => Math.round(m.getBoundingClientRect().top)))",
    )
    assert any(len(t) >= 2 and t[0] == t[1] for t in tops)  # side by side
    lines = page.eval_on_selector_all(
        f".events {EVIDENCE}",
        """els => els.map(el => {
            const range = document.createRange(), tops = [];
            const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let node = walk.nextNode(); node; node = walk.nextNode()) {
                for (let i = 0; i < node.length; i++) {
                    range.setStart(node, i); range.setEnd(node, i + 1);
                    const rect = range.getClientRects()[0];
                    if (rect) tops.push(rect.top);
                }
            }
            const counts = [];
            let last = null;
            for (const top of tops) {
                if (last === null || top - last > 5) counts.push(0);
                if (last === null || top - last > 5) last = top;
                counts[counts.length - 1] += 1;
            }
            return counts; })""",
    )
    full = [counts[:-1] for counts in lines if len(counts) > 1]  # a last line may be short
    assert full
    for counts in full:
        assert statistics.median(counts) >= 45, counts


def test_comparison_page_links_each_passage_to_its_place_in_the_article(page, bundled_site):
    group = groups(bundled_site)[0]
    member = group["members"][0]
    page.goto(f"{bundled_site['url']}{STORY}#{group['id']}")
    assert in_view(page, f"#{group['id']}")
    event = page.locator(f"#{group['id']}.event")
    event.locator(f"[data-passage='{member['article']}/{member['passage']}'] > a").click()
    page.wait_for_url(f"**/{member['article']}/index.html#{member['passage']}")
    assert in_view(page, f"#{member['passage']}") and is_highlighted(page, f"#{member['passage']}")
    page.go_back()
    assert page.url.endswith(f"{STORY}#{group['id']}")


def test_the_whole_passage_opens_on_demand_in_its_article(page, bundled_site):
    """Where the comparison page shows part of a passage, "Whole passage" opens its
    article at that passage, highlighted, with every word of it."""
    page.goto(bundled_site["url"] + STORY)
    member = page.locator(".events .member:has(p > a)").first
    shown = member.locator("p").evaluate(
        "el => [...el.childNodes].filter(n => n.nodeName !== 'A').map(n => n.textContent).join('')"
    )
    assert "…" in shown
    article, passage = member.get_attribute("data-passage").split("/")
    member.locator("p > a").click()
    page.wait_for_url(f"**/{article}/index.html#{passage}")
    assert in_view(page, f"#{passage}") and is_highlighted(page, f"#{passage}")
    whole = plain(page.locator(f"#{passage}").inner_text())
    for piece in shown.split("…"):
        assert plain(piece) in whole
    assert len(whole) > len(plain(shown))


def test_related_groups_are_collapsed_and_labelled_as_related(page, bundled_site):
    page.goto(bundled_site["url"] + STORY)
    related = page.locator(".related details.related-all")
    summary = related.locator("> summary")
    assert "related" in summary.inner_text().lower()
    assert not related.locator(".event").first.is_visible()
    summary.click()
    first = related.locator(".event").first
    assert first.is_visible() and "Related, not the same event" in first.inner_text()


def test_hovering_a_report_highlights_the_other_reports_of_its_event(page, bundled_site):
    group = groups(bundled_site)[0]
    page.goto(bundled_site["url"] + STORY)
    event = page.locator(f"#{group['id']}.event")
    event.locator(".member").first.hover()
    assert event.locator(".member.hl").count() == len(group["members"])


def test_j_moves_down_one_outlet_never_to_a_copy_of_the_same_passage(page, bundled_site):
    page.goto(bundled_site["url"] + STORY)
    focused = "document.activeElement.dataset.passage.split('/')"  # [article, passage]
    page.keyboard.press("j")
    seen = [page.evaluate(focused)]
    for _ in range(12):
        page.keyboard.press("j")
        now = page.evaluate(focused)
        if now == seen[-1]:
            break  # the last passage of this outlet
        seen.append(now)
    assert len(seen) >= 3
    assert {article for article, _ in seen} == {seen[0][0]}
    assert all(a[1] != b[1] for a, b in itertools.pairwise(seen))
    page.keyboard.press("k")
    assert page.evaluate(focused) == seen[-2]


def test_h_and_l_move_across_the_outlets_of_one_event(page, bundled_site):
    page.goto(bundled_site["url"] + STORY)
    column = "document.activeElement.dataset.passage.split('/')[0]"
    event = "document.activeElement.closest('.event').id"
    page.keyboard.press("j")
    start, where = page.evaluate(column), page.evaluate(event)
    across, back = "l", "h"
    page.keyboard.press(across)
    if page.evaluate(column) == start:  # the rightmost outlet of its event
        across, back = "h", "l"
        page.keyboard.press(across)
    assert page.evaluate(column) != start and page.evaluate(event) == where
    page.keyboard.press(back)
    assert page.evaluate(column) == start


def test_article_page_keys_move_between_aligned_passages(page, bundled_site):
    page.goto(f"{bundled_site['url']}istanbul-talks/putins-war-wont-end/index.html")
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id")
    assert first.startswith("p-") and second.startswith("p-") and first != second


def test_a_hidden_outlet_leaves_every_table_and_event_and_stays_hidden(page, bundled_site):
    page.goto(bundled_site["url"] + STORY)
    box = page.locator(".outlet-toggle input").nth(1)
    slug = box.get_attribute("data-toggle")
    places = [
        f".head[data-article='{slug}']",
        f".matrix th[data-article='{slug}']",
        ".matrix tbody td:nth-child(3)",  # the second outlet's column
        f".framing-table tr[data-article='{slug}']",
        f".outlet-coverage li[data-article='{slug}']",
        f".member[data-passage^='{slug}/']",
    ]
    assert all(page.locator(p).first.is_visible() for p in places)
    box.uncheck()
    assert not any(page.locator(p).first.is_visible() for p in places)
    page.reload()
    assert not page.locator(f".outlet-toggle input[data-toggle='{slug}']").is_checked()
    assert not any(page.locator(p).first.is_visible() for p in places)
    page.locator(f".outlet-toggle input[data-toggle='{slug}']").check()
    page.reload()
    assert all(page.locator(p).first.is_visible() for p in places)


# ---- phones ----


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory):
    """A site whose article has a long address, a long word and a wide table, served."""
    root = tmp_path_factory.mktemp("wide")
    (root / "site.yml").write_text("title: Wide\nbase_url: /\n")
    folder = root / "content" / "wide"
    folder.mkdir(parents=True)
    (folder / "_story.md").write_text("---\ntitle: A wide story\n---\n\nWide things.\n")
    address = "https://example.org/" + "-".join(["a-very-long-address"] * 12) + "?q=" + "x" * 80
    table = "| " + " | ".join(f"Column {n}" for n in range(7)) + " |\n"
    table += "|" + "---|" * 7 + "\n| " + " | ".join(f"value-{n}-" * 3 for n in range(7)) + " |"
    write_article(
        folder,
        "alpha",
        f"Negotiators met in Istanbul on Tuesday for peace talks.\n\n{table}\n\n"
        "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3 + " was the word.",
        url=address,
        date="2022-03-29",
    )
    write_article(
        folder,
        "beta",
        "Peace talks between the negotiators took place in Istanbul on Tuesday.",
        date="2022-03-30",
    )
    build(load_config(root / "site.yml"))
    with served(root / "output") as url:
        yield url


WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(el => { const r = el.getBoundingClientRect();
                    return r.width > 0 && r.right > window.innerWidth + 1; })
    .map(el => el.tagName + '.' + el.className)"""


def test_nothing_is_wider_than_a_phone(phone, bundled_site, wide_site):
    pages = [bundled_site["url"] + p for p in ("index.html", STORY)]
    pages += [
        f"{bundled_site['url']}istanbul-talks/{a.slug}/index.html"
        for a in read_story(REPO / "content" / "istanbul-talks").articles
    ]
    pages += [wide_site + p for p in ("index.html", "wide/index.html", "wide/alpha/index.html")]
    for url in pages:
        phone.goto(url)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        assert phone.evaluate(WIDER_THAN_SCREEN) == [], url
    assert phone.locator(".source a").is_visible()


def test_tables_read_on_a_phone_without_sideways_scrolling(phone, bundled_site):
    phone.goto(bundled_site["url"] + STORY)
    tables = phone.eval_on_selector_all(
        "main table",
        """els => els.map(t => ({
            fits: t.scrollWidth <= t.clientWidth + 1 && t.getBoundingClientRect().right <= 391,
            caption: t.caption ? t.caption.getBoundingClientRect().width /
                                 t.getBoundingClientRect().width : 1,
            cells: [...t.querySelectorAll('th, td')].filter(c => c.getClientRects().length)
                .every(c => c.getBoundingClientRect().right <= 391) }))""",
    )
    assert len(tables) == 2
    for table in tables:
        assert table["fits"] and table["cells"] and table["caption"] > 0.9
    # the matrix becomes a list: each event names the outlets that report it
    first = phone.locator(".matrix tbody th").first.inner_text()
    assert ":" in first and any(o in first for o in ("Unknown outlet", "World Socialist"))
    size = phone.eval_on_selector(f".events {EVIDENCE}", "el => getComputedStyle(el).fontSize")
    assert float(size.removesuffix("px")) >= 14


@pytest.mark.parametrize("width", [390, 1280])
def test_dates_never_break_over_two_lines(browser, bundled_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in ("index.html", STORY, "istanbul-talks/us-ratchets-up-tensions/index.html"):
        page.goto(bundled_site["url"] + path)
        lines = page.eval_on_selector_all("time", "els => els.map(e => e.getClientRects().length)")
        assert lines and set(lines) == {1}, path
    context.close()


@pytest.mark.parametrize("width", [768, 1024, 1280])
def test_the_mark_of_another_time_stays_in_its_headline(browser, bundled_site, width):
    # "about another time than the rest of the story" is longer than a headline column
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(bundled_site["url"] + STORY)
    overflow = page.eval_on_selector(
        ".head .other-time",
        "el => el.getBoundingClientRect().right"
        " - el.closest('.head').getBoundingClientRect().right",
    )
    assert overflow <= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_the_keys_are_said_only_where_they_work(browser, bundled_site):
    for script in (True, False):
        context = browser.new_context(java_script_enabled=script)
        page = context.new_page()
        page.goto(bundled_site["url"] + STORY)
        assert page.locator(".keys").is_visible() is script
        context.close()


# ---- every page ----


def test_every_passage_href_in_alignments_json_lands_on_its_element(page, bundled_site):
    data = json.loads((bundled_site["output"] / "alignments.json").read_text())
    articles = data["stories"][0]["articles"]
    assert articles and all(article["passages"] for article in articles)
    for article in articles:
        page.goto(bundled_site["url"] + article["href"])
        for passage in article["passages"]:
            assert page.locator(f"#{passage['id']}").count() == 1, passage["href"]


def test_also_in_link_opens_the_other_article_at_the_passage_and_back(page, bundled_site):
    group = groups(bundled_site)[0]
    source, target = group["members"][0], group["members"][1]
    url = f"{bundled_site['url']}istanbul-talks/{source['article']}/index.html"
    page.goto(url)
    link = page.locator(
        f"#{source['passage']} {ALSO_IN} a:not(:last-child)"
        f"[href$='{target['article']}/index.html#{target['passage']}']"
    )
    link.first.click()
    page.wait_for_url(f"**/{target['article']}/index.html#{target['passage']}")
    assert in_view(page, f"#{target['passage']}")
    assert is_highlighted(page, f"#{target['passage']}")
    back = page.locator(".came-from a")
    assert back.inner_text() == "← Back to the passage you came from"
    back.click()
    page.wait_for_url(url)
    assert page.url == url


def test_pages_make_no_third_party_requests_and_miss_no_file(page, bundled_site):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for path in ("index.html", STORY, "istanbul-talks/putins-war-wont-end/index.html"):
        page.goto(bundled_site["url"] + path)
        icon = page.eval_on_selector("link[rel=icon]", "el => el.href")
        assert page.request.get(icon).status == 200
    assert page.requests and all(r.startswith(bundled_site["url"]) for r in page.requests)
    assert failed == []


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "istanbul-talks/index.html",
        "istanbul-talks/us-ratchets-up-tensions/index.html",
    ],
)
def test_axe_finds_no_serious_accessibility_violation(page, bundled_site, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(bundled_site["url"] + path)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert serious == []


# ---- a home page of a hundred stories ----

OUTLETS = ["Granite Gazette", "Harbour Herald", "Meadow Monitor", "Quarry Courier", "Tidal Times"]
CITIES = ["Lisbon", "Tallinn", "Oaxaca", "Kumasi", "Hobart", "Tromsø", "Cusco", "Da Nang"]


def hundred_story_plan() -> list[dict]:
    """What each of 100 small stories holds: its year, city, two outlets, a headline or
    none."""
    return [
        {
            "slug": f"story-{n:03d}",
            "year": 2015 + n % 10,
            "city": CITIES[n % len(CITIES)],
            "outlets": (OUTLETS[n % 5], OUTLETS[(n + 2) % 5]),
            "untitled": n % 10 == 3,
        }
        for n in range(100)
    ]


@pytest.fixture(scope="module")
def hundred_stories(tmp_path_factory):
    """A site of 100 small stories (two articles each) built and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("hundred")
    (root / "site.yml").write_text("title: A hundred stories\nbase_url: /\n")
    for story in hundred_story_plan():
        folder = root / "content" / story["slug"]
        folder.mkdir(parents=True)
        (folder / "_story.md").write_text(
            f"---\ntitle: Council vote number {story['slug'][-3:]}\n---\n\n"
            f"Reporting from {story['city']}.\n"
        )
        for i, outlet in enumerate(story["outlets"]):
            write_article(
                folder,
                f"article-{i}",
                f"The council of {story['city']} voted on the harbour plan on Tuesday.\n\n"
                f"Residents of {story['city']} waited outside the hall.",
                outlet=outlet,
                title="(no headline in the source)"
                if story["untitled"] and i
                else f"{outlet} on the {story['city']} council vote",
                date=f"{story['year']}-05-{10 + i}",
            )
    build(load_config(root / "site.yml"), jobs=2)
    with served(root / "output") as url:
        yield {"url": url, "output": root / "output"}


def visible_cards(page) -> int:
    return page.locator(".story-card:visible").count()


def test_search_filters_a_hundred_stories_by_outlet_place_and_title(page, hundred_stories):
    plan = hundred_story_plan()
    page.goto(hundred_stories["url"] + "index.html")
    assert visible_cards(page) == 100
    search = page.get_by_label("Find a story or a passage by its words, a title or an outlet")
    search.fill("harbour herald")
    expected = sum("Harbour Herald" in s["outlets"] for s in plan)
    assert visible_cards(page) == expected
    assert page.locator(".search-status").inner_text() == f"{expected} of 100 stories match"
    search.fill("tromso")  # the story says Tromsø: accents aside
    assert visible_cards(page) == sum(s["city"] == "Tromsø" for s in plan)
    search.fill("vote 042")
    assert visible_cards(page) == 1
    assert page.locator(".story-card:visible h3").inner_text() == "Council vote number 042"
    search.fill("no such thing")
    assert visible_cards(page) == 0 and page.locator(".year:visible").count() == 0
    search.fill("")
    assert visible_cards(page) == 100
    assert page.requests and all(r.startswith(hundred_stories["url"]) for r in page.requests)


def test_search_works_from_a_file_on_disk(page, hundred_stories):
    page.goto((hundred_stories["output"] / "index.html").as_uri())
    page.get_by_label("Find a story or a passage by its words, a title or an outlet").fill("oaxaca")
    assert visible_cards(page) == sum(s["city"] == "Oaxaca" for s in hundred_story_plan())


def test_the_script_says_its_words_in_the_sites_language(page, tmp_path):
    """site.js writes no word of its own: the search status and the way back come from
    the site's strings file (here German), through the page."""
    strings = (
        "search_status:\n"
        '  one: "{shown} von {count} Geschichte passt"\n'
        '  other: "{shown} von {count} Geschichten passen"\n'
        "back_to_passage: ← Zurück zur Stelle, von der Sie kamen\n"
    )
    config = load_config(german_site(tmp_path, strings))
    build(config)
    with served(config.output_path) as url:
        page.goto(url + "index.html")
        page.locator("#search").fill("istanbul")
        assert page.locator(".search-status").inner_text() == "1 von 1 Geschichte passt"
        page.goto(url + "gespraeche/morgenpost/index.html")
        page.locator(f"#p-1 {ALSO_IN} a:not(:last-child)").first.click()
        page.wait_for_url("**/index.html#p-1")
        back = page.locator(".came-from a")
        assert back.inner_text() == "← Zurück zur Stelle, von der Sie kamen"


def test_stories_are_grouped_by_year_newest_first(page, hundred_stories):
    page.goto(hundred_stories["url"] + "index.html")
    years = page.locator(".year h2").all_inner_texts()
    assert years == [str(y) for y in range(2024, 2014, -1)]
    assert page.locator("#y-2020 .story-card").count() == 10


def test_untitled_articles_are_listed_by_outlet_and_first_words(page, hundred_stories):
    page.goto(hundred_stories["url"] + "index.html")
    assert "(no headline in the source)" not in page.inner_text("main")
    untitled = page.locator(".story-card .outlets li:has(.first-words)")
    assert untitled.count() == 10
    assert untitled.first.inner_text().split(":")[0] in OUTLETS
    assert "The council of" in untitled.first.inner_text()


def test_without_javascript_every_story_is_listed(browser, hundred_stories):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(hundred_stories["url"] + "index.html")
    assert visible_cards(page) == 100
    assert not page.locator("form.search").is_visible()
    context.close()


@pytest.fixture(scope="module")
def basil_site(tmp_path_factory):
    """BASIL imported as 100 stories, built and served (skipped without the corpus)."""
    if not (BASIL / "articles").is_dir():
        pytest.skip(NO_BASIL)
    root = tmp_path_factory.mktemp("basil")
    (root / "site.yml").write_text("title: BASIL\nbase_url: /\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "import",
            "basil",
            str(BASIL),
            "--output",
            str(root / "content"),
        ],
        check=True,
        capture_output=True,
    )
    build(load_config(root / "site.yml"), jobs=2)
    with served(root / "output") as url:
        yield url


def test_search_filters_the_basil_home_page(page, basil_site):
    page.goto(basil_site + "index.html")
    assert visible_cards(page) == 100
    assert "(no headline in the source)" not in page.inner_text("main")
    search = page.get_by_label("Find a story or a passage by its words, a title or an outlet")
    search.fill("labrador")
    titles = page.locator(".story-card:visible h3").all_inner_texts()
    assert 1 <= len(titles) < 100 and any("Labrador" in t for t in titles)
    search.fill("huffpost")
    assert visible_cards(page) == 100


def test_the_basil_search_finds_passages_by_a_name_and_an_acronym(page, basil_site):
    """ "Warren" is in no story's title or events but in passages of several stories;
    "N.A.A.C.P." is one word, not five one-letter fragments that match everything."""
    page.goto(basil_site + "index.html")
    search = page.locator("#search")
    search.fill("Warren")
    page.wait_for_function(
        "document.querySelector('.passage-status').textContent.includes('match')"
    )
    results = page.locator(".passage-list li")
    assert results.count() >= 5
    hrefs = [results.nth(i).locator("a").get_attribute("href") for i in range(results.count())]
    assert any(
        h.startswith("2019-democrats-demand-release-of-full-mueller-report/new-york-times/")
        for h in hrefs
    )
    assert all("Warren" in t for t in results.locator("p").all_inner_texts())
    search.fill("N.A.A.C.P.")
    page.wait_for_function(
        "document.querySelector('.passage-status').textContent.includes('match')"
    )
    texts = page.locator(".passage-list li p").all_inner_texts()
    assert 1 <= len(texts) < 50  # one story writes N.A.A.C.P., others NAACP
    assert all(re.search(r"N\.A\.A\.C\.P\.|NAACP", t) for t in texts)
