"""The bundled site as a keyboard reader and a listener move through it: skip links to
the comparison page's parts among its first Tab stops, shown where they have the focus;
an article's "compare" links each heard by its event."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from tests.render.test_listener_and_phone import STORY, articles, links_heard

FOCUSED = """() => { const a = document.activeElement, box = a.getBoundingClientRect();
  const part = a.closest('section[aria-labelledby]');
  return {href: a.getAttribute('href'), text: a.textContent.trim(),
          part: part && part.getAttribute('aria-labelledby'),
          box: [box.left, box.top, box.right, box.bottom]}; }"""

SEEN_WIDTHS = """sel => { const ruler = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll(sel)].map(a => {
    ruler.font = getComputedStyle(a).font;
    return [a.getBoundingClientRect().width, ruler.measureText('(compare)').width]; }); }"""


@pytest.mark.parametrize("part", ["events-h", "coverage-h", "framing-h"])
def test_a_skip_link_among_the_first_tab_stops_takes_a_keyboard_reader_to_each_part(
    page, bundled_site, part
):
    # the comparison page stops Tab some 260 times: past the headlines, the coverage
    # table and the framing table's 76 links before the first event. A link to each
    # part is among the first four stops, seen on the screen while it has the focus,
    # and the next Tab after it lands in that part
    page.goto(bundled_site["url"] + STORY)
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["href"] == f"#{part}":
            break
    else:
        pytest.fail(f"no link to #{part} among the first four Tab stops")
    left, top, right, bottom = focused["box"]
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    assert 0 <= left < right <= width and 0 <= top < bottom <= height, focused
    assert right - left > 40 and focused["text"].startswith("Skip to"), focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["part"] == part


def test_skip_links_are_out_of_sight_until_they_have_the_focus(page, bundled_site):
    # a sighted reader with a mouse never meets them
    page.goto(bundled_site["url"] + STORY)
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('a.skip')].map(a => a.getBoundingClientRect().right)"
    )
    assert len(boxes) == 4 and all(right <= 0 for right in boxes), boxes


def test_each_compare_link_of_an_article_is_heard_by_its_event(page, bundled_site):
    # an article page had eleven links heard as "compare", each to another event: a
    # list of the page's links could not tell them apart. Each is now heard as
    # "compare: <the event's title>", the title as the comparison page heads the event,
    # and still seen as "compare"
    page.goto(bundled_site["url"] + STORY)
    titles = dict(
        page.evaluate(
            "() => [...document.querySelectorAll('.event[id]')]"
            ".map(e => [e.id, e.querySelector('h3').textContent.trim()])"
        )
    )
    heard = 0
    for path in articles():
        page.goto(bundled_site["url"] + path)
        opened_by: dict[str, set[str]] = defaultdict(set)
        for name, url in links_heard(page):
            event = re.search(r"/istanbul-talks/index\.html#(g-\d+)$", url)
            if event:
                heard += 1
                # Chromium adds a space around the hidden title's box and the style
                # sheet's brackets: "(compare : <title> )", heard as "compare: <title>"
                said = re.sub(r"\s+([:)])", r"\1", name)
                assert said == f"(compare: {titles[event[1]]})", (path, name, url)
                opened_by[name].add(url)
        assert all(len(urls) == 1 for urls in opened_by.values()), (path, opened_by)
        # seen as before: each link as wide as "(compare)" in its font
        widths = page.evaluate(SEEN_WIDTHS, '.article a[href*="index.html#g-"]')
        assert all(abs(box - text) < 2 for box, text in widths), (path, widths)
    assert heard >= 30
