"""The bundled site as a listener hears it (Chromium's own accessibility tree) and as a
phone's narrow column shows it: each link named so that a list of links tells one from
another, lines of 45 characters or more at 375 px, nothing wider than the screen."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

import pytest

from site_builder.read.content import read_story
from tests.conftest import REPO

STORY = "istanbul-talks/index.html"


def articles() -> list[str]:
    return [
        f"istanbul-talks/{a.slug}/index.html"
        for a in read_story(REPO / "content" / "istanbul-talks").articles
    ]


def links_heard(page) -> list[tuple[str, str]]:
    """Each link of the page as Chromium's accessibility tree gives it to a screen
    reader: its name and the address it opens."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    heard = []
    for node in nodes:
        if node.get("ignored") or node.get("role", {}).get("value") != "link":
            continue
        url = next(p["value"]["value"] for p in node["properties"] if p["name"] == "url")
        heard.append((node.get("name", {}).get("value", ""), url))
    return heard


def test_a_link_to_another_articles_passage_is_heard_by_outlet_and_number(page, bundled_site):
    # "World Socialist Web Site ¶4", as the page it opens counts its passages: never the
    # passage's id ("passage p-4"), nor the outlet alone for eight different passages
    heard = 0
    for path in articles():
        page.goto(bundled_site["url"] + path)
        opened_by: dict[str, set[str]] = defaultdict(set)
        for name, url in links_heard(page):
            assert not re.search(r"\bp-\d", name), (path, name)
            opened_by[name].add(url)
            target = re.search(r"/istanbul-talks/([^/]+)/index\.html#p-(\d+)$", url)
            if target and target[1] not in path:
                heard += 1
                assert name.endswith(f" ¶{target[2]}"), (path, name, url)
        passages = {n: u for n, u in opened_by.items() if any("#p-" in a for a in u)}
        assert all(len(urls) == 1 for urls in passages.values()), (path, passages)
    assert heard >= 20


CHARACTERS_PER_LINE = """sel => { const ruler = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll(sel)].filter(p => p.getClientRects().length)
    .map(p => { const style = getComputedStyle(p), text = p.textContent.trim();
      ruler.font = style.font;
      const box = p.getBoundingClientRect();
      const width = p.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return {perLine: width / (ruler.measureText(text).width / text.length),
              size: parseFloat(style.fontSize), left: box.left, right: box.right,
              text: text.slice(0, 40)}; }); }"""


def test_on_a_375_px_phone_the_evidence_runs_45_characters_a_line_at_16_px(browser, bundled_site):
    # DESIGN.md: lines of at least 45 characters; the text's width over the width of its
    # average character, each report's sentences of the event
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        page.goto(bundled_site["url"] + STORY)
        lines = page.evaluate(CHARACTERS_PER_LINE, ".events .event > div > div > p")
        assert len(lines) > 20
        for line in lines:
            assert line["size"] >= 16, line
            assert line["left"] >= 0 and line["right"] <= 375, line  # nothing cut off
            assert line["perLine"] >= 45, line
        assert statistics.median(line["perLine"] for line in lines) < 75  # not too long
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        STORY,
        "istanbul-talks/putins-war-wont-end/index.html",
        "istanbul-talks/compare/putins-war-wont-end--waiting-for-massacre/index.html",
        "outlets/the-national-interest/index.html",
        "blindspots/index.html",
        "404.html",
    ],
)
def test_nothing_is_wider_than_a_320_px_phone(browser, bundled_site, path):
    # a word's counts in the framing table ("7 here, 4 in the others") go under it
    # rather than past the screen's edge
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(bundled_site["url"] + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


BRACKETS = """() => [...document.querySelectorAll('.article > div[id] > * + p')].map(line => {
  const last = line.querySelector(':scope > a:last-child');
  const shown = last.getClientRects().length > 0;
  return {text: line.innerText, shown: shown,
          brackets: shown ? getComputedStyle(last, '::before').content +
                            getComputedStyle(last, '::after').content : ''}; })"""


def test_an_also_in_lines_event_link_is_in_brackets_on_screen_and_leaves_none_on_paper(
    page, bundled_site
):
    # on paper the link to the comparison page is left out: its brackets with it, not "()"
    path = "istanbul-talks/putins-war-wont-end/index.html"
    page.goto(bundled_site["url"] + path)
    lines = page.evaluate(BRACKETS)
    assert len(lines) > 5
    assert all(
        line["shown"] and "(" in line["brackets"] and ")" in line["brackets"] for line in lines
    )
    page.emulate_media(media="print")
    for line in page.evaluate(BRACKETS):
        assert not line["shown"], line
        assert not re.search(r"[()]\s*$", line["text"]), line


FOCUS_RING = """() => { const el = document.activeElement, style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const out = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
  return {what: el.className, ring: style.outlineStyle,
          left: box.left - out, right: box.right + out}; }"""


def test_on_a_375_px_phone_each_reports_focus_ring_is_on_the_screen(browser, bundled_site):
    # a report's rule hangs in the page's margin: its focus ring is drawn inside it
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        page.goto(bundled_site["url"] + STORY)
        reports = 0
        for _ in range(400):
            page.keyboard.press("Tab")
            ring = page.evaluate(FOCUS_RING)
            if "member" in ring["what"]:
                reports += 1
                assert ring["ring"] != "none" and ring["left"] >= 0, ring
                assert ring["right"] <= 375, ring
                if reports == 10:
                    break
        assert reports == 10
    finally:
        context.close()
