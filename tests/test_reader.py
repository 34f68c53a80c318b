"""What a reader sees and does in a real browser: the default theme's pages."""

from __future__ import annotations

import json

import pytest

SERIOUS = {"serious", "critical"}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    yield page
    context.close()


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


def test_also_in_link_opens_the_other_article_at_the_passage_and_back(page, bundled_site):
    group = groups(bundled_site)[0]
    source, target = group["members"][0], group["members"][1]
    url = f"{bundled_site['url']}istanbul-talks/{source['article']}/index.html"
    page.goto(url)
    link = page.locator(
        f"#{source['passage']} a.counterpart"
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


def test_comparison_page_links_each_passage_to_its_place_in_the_article(page, bundled_site):
    group = groups(bundled_site)[0]
    member = group["members"][0]
    page.goto(f"{bundled_site['url']}istanbul-talks/index.html#{group['id']}")
    assert in_view(page, f"#{group['id']}")
    row = page.locator(f".row-group[data-group='{group['id']}']")
    row.locator(f"[data-passage='{member['article']}/{member['passage']}'] a.to-article").click()
    page.wait_for_url(f"**/{member['article']}/index.html#{member['passage']}")
    assert in_view(page, f"#{member['passage']}") and is_highlighted(page, f"#{member['passage']}")
    page.go_back()
    assert page.url.endswith(f"istanbul-talks/index.html#{group['id']}")


def test_hovering_a_passage_highlights_its_counterparts(page, bundled_site):
    group = groups(bundled_site)[0]
    page.goto(f"{bundled_site['url']}istanbul-talks/index.html")
    row = page.locator(f".row-group[data-group='{group['id']}']")
    row.locator(".passage").first.hover()
    assert row.locator(".passage.hl").count() == len(group["members"])


def test_keys_move_between_aligned_passages_down_a_column_and_across(page, bundled_site):
    page.goto(f"{bundled_site['url']}istanbul-talks/index.html")
    focused = "document.activeElement.getAttribute('data-passage')"
    column = "document.activeElement.closest('.cell').dataset.article"
    page.keyboard.press("j")
    first = page.evaluate(focused)
    assert first
    start_column = page.evaluate(column)
    page.keyboard.press("j")
    assert page.evaluate(focused) != first and page.evaluate(column) == start_column
    across, back = "l", "h"
    page.keyboard.press(across)
    if page.evaluate(column) == start_column:  # the rightmost outlet of its event
        across, back = "h", "l"
        page.keyboard.press(across)
    assert page.evaluate(column) != start_column
    page.keyboard.press(back)
    assert page.evaluate(column) == start_column


def test_article_page_keys_move_between_aligned_passages(page, bundled_site):
    page.goto(f"{bundled_site['url']}istanbul-talks/putins-war-wont-end/index.html")
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id")
    assert first.startswith("p-") and second.startswith("p-") and first != second


def test_outlets_can_be_hidden(page, bundled_site):
    page.goto(f"{bundled_site['url']}istanbul-talks/index.html")
    box = page.locator(".outlet-toggle input").first
    slug = box.get_attribute("data-toggle")
    assert page.locator(f".col-head[data-article='{slug}']").is_visible()
    box.uncheck()
    assert not page.locator(f".col-head[data-article='{slug}']").is_visible()
    assert page.locator(f".cell[data-article='{slug}'] .passage").first.is_hidden()


def test_phone_width_has_no_horizontal_scroll(browser, bundled_site, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{bundled_site['url']}istanbul-talks/index.html")
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    size = page.eval_on_selector(".row-group .passage p", "el => getComputedStyle(el).fontSize")
    assert float(size.removesuffix("px")) >= 14
    context.close()


def test_every_passage_href_in_alignments_json_lands_on_its_element(page, bundled_site):
    data = json.loads((bundled_site["output"] / "alignments.json").read_text())
    for article in data["stories"][0]["articles"]:
        page.goto(bundled_site["url"] + article["href"])
        for passage in article["passages"]:
            assert page.locator(f"#{passage['id']}").count() == 1, passage["href"]


def test_pages_make_no_third_party_requests(page, bundled_site):
    for path in (
        "index.html",
        "istanbul-talks/index.html",
        "istanbul-talks/putins-war-wont-end/index.html",
    ):
        page.goto(bundled_site["url"] + path)
    assert page.requests and all(r.startswith(bundled_site["url"]) for r in page.requests)


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
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert serious == []
