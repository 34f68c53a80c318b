"""The bundled site as a keyboard reader and a listener move through it: skip links to
the comparison page's parts among its first Tab stops, shown where they have the focus."""

from __future__ import annotations

import pytest

from tests.render.test_listener_and_phone import STORY

FOCUSED = """() => { const a = document.activeElement, box = a.getBoundingClientRect();
  const part = a.closest('section[aria-labelledby]');
  return {href: a.getAttribute('href'), text: a.textContent.trim(),
          part: part && part.getAttribute('aria-labelledby'),
          box: [box.left, box.top, box.right, box.bottom]}; }"""


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
