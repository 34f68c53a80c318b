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


def tab_to(page, wanted: str, limit: int) -> int:
    """Press Tab until the focused element matches the CSS selector `wanted`; the
    number of presses (the test fails past `limit`)."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({wanted!r})"):
            return presses
    pytest.fail(f"no {wanted} among the next {limit} Tab stops")


def on_screen(page) -> bool:
    """Whether the focused element is inside the viewport."""
    left, top, right, bottom = page.evaluate(FOCUSED)["box"]
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    return 0 <= left < right <= width and 0 <= top < bottom <= height


def test_a_keyboard_reader_on_a_phone_follows_an_event_to_its_passage_and_back(phone, bundled_site):
    """From an event of the comparison page to an outlet's passage and back, with the
    keyboard only on a 390 px phone. Before round seventeen the way back was the
    article's last Tab stop (20 presses on a short article, more on a long one), and
    coming back lost the keyboard's place: the next Tab went to the page's first link
    and the page jumped to its top."""
    page = phone
    page.goto(bundled_site["url"] + STORY)
    tab_to(page, "a[href='#events-h']", 4)
    page.keyboard.press("Enter")
    tab_to(page, "#g-1 .member > a", 10)  # the event's first outlet, its passage
    followed = page.evaluate(FOCUSED)["href"]
    assert on_screen(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{followed}")
    passage = followed.split("#")[1]
    assert page.evaluate("() => document.activeElement.id") == passage
    assert on_screen(page)
    presses = tab_to(page, ".came-from a", 6)  # after the passage's own links
    assert presses <= 6 and on_screen(page), presses
    assert page.evaluate(FOCUSED)["text"] == "← Back to the passage you came from"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.split("#")[0].endswith(STORY))
    page.wait_for_function("document.activeElement.matches('#g-1 .member > a')", timeout=5000)
    assert page.evaluate(FOCUSED)["href"] == followed and on_screen(page)
    page.keyboard.press("Tab")  # goes on from there, not from the page's top
    assert page.evaluate("() => !!document.activeElement.closest('#g-1')") and on_screen(page)


def test_the_way_back_stays_in_sight_and_hides_no_words_at_the_article_s_end(phone, bundled_site):
    page = phone
    page.goto(bundled_site["url"] + STORY)
    page.locator("#g-1 .member > a").first.click()
    page.wait_for_selector(".came-from a")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    bar = page.locator(".came-from").bounding_box()
    height = page.viewport_size["height"]
    assert abs(bar["y"] + bar["height"] - height) < 1  # at the foot of the screen
    last = page.evaluate(
        "() => [...document.querySelectorAll('.site-footer *')].pop()"
        ".getBoundingClientRect().bottom"
    )
    assert last <= bar["y"] + 1, (last, bar)  # the page's last words are above it
