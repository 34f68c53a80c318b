"""Reading beyond the anchors in a real browser: two articles side by side, the
passage search (served and from file://), the reader's dark scheme, paper, and axe on
the new pages."""

from __future__ import annotations

import json
import re

import pytest

from site_builder.commands.build import build
from site_builder.core.config import load_config
from tests.conftest import PHONE, SERIOUS, served
from tests.render.test_outlets import leaning_site


def pair_pages(output) -> list[str]:
    """The bundled story's pages of two articles side by side, by path."""
    folder = output / "istanbul-talks" / "compare"
    return sorted(f"istanbul-talks/compare/{p.name}/index.html" for p in folder.iterdir())


LEVEL_ROWS = """() => Array.from(document.querySelectorAll('.twin .row.level')).map(row => {
  const [left, right] = row.querySelectorAll(':scope > .c');
  const box = el => el.querySelector('.p').getBoundingClientRect();
  const l = box(left), r = box(right);
  return {left: [l.left, l.top, l.bottom], right: [r.left, r.top, r.bottom],
          ids: [left.querySelector('.p').id, right.querySelector('.p').id]};
})"""


# ---- two articles side by side ----


def test_linked_passages_stand_level_at_1280(page, bundled_site):
    rows = 0
    for path in pair_pages(bundled_site["output"]):
        page.goto(bundled_site["url"] + path)
        for row in page.evaluate(LEVEL_ROWS):
            rows += 1
            assert abs(row["left"][1] - row["right"][1]) <= 40, (path, row)
            assert row["right"][0] > row["left"][0] + 400, (path, row)  # two columns
            left, right = row["ids"]
            assert right.removeprefix("r-") in page.get_attribute(f"#{left}", "data-with").replace(
                "r-", ""
            )
    assert rows >= 5


def test_on_a_phone_each_passage_comes_after_its_counterpart(phone, bundled_site):
    rows = 0
    for path in pair_pages(bundled_site["output"]):
        phone.goto(bundled_site["url"] + path)
        for row in phone.evaluate(LEVEL_ROWS):
            rows += 1
            gap = row["right"][1] - row["left"][2]
            assert 0 <= gap < 40, (path, row)  # right below it: nothing between them
            assert abs(row["right"][0] - row["left"][0]) < 2, (path, row)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], path
    assert rows >= 5


def test_selecting_a_passage_highlights_its_counterpart(page, bundled_site):
    path = next(
        p
        for p in pair_pages(bundled_site["output"])
        if 'class="row level"' in (bundled_site["output"] / p).read_text()
    )
    page.goto(bundled_site["url"] + path)
    left = page.locator(".twin .row.level .c .p.linked").first
    counterpart = left.get_attribute("data-with").split()[0]
    before = page.eval_on_selector(f"#{counterpart}", "el => getComputedStyle(el).backgroundColor")
    left.click()
    assert "hl" in page.get_attribute(f"#{counterpart}", "class").split()
    after = page.eval_on_selector(f"#{counterpart}", "el => getComputedStyle(el).backgroundColor")
    assert after != before


def test_a_counterpart_elsewhere_is_named_by_its_passage_number(page, bundled_site):
    # "The National Interest, passage 9", as ¶9 counts it, never the id "passage p-9"
    named = []
    for path in pair_pages(bundled_site["output"]):
        page.goto(bundled_site["url"] + path)
        for link in page.locator(".twin .off a").all():
            target = link.get_attribute("href").rsplit("-", 1)[-1]
            named.append((link.inner_text(), target))
    assert named
    for text, number in named:
        assert text.endswith(f", passage {number}"), text


def test_the_jump_bar_leads_to_the_events(page, bundled_site):
    page.goto(bundled_site["url"] + "istanbul-talks/index.html")
    bar = page.locator("nav.jump")
    assert bar.bounding_box()["y"] < 300
    bar.get_by_role("link", name="Each event, side by side").click()
    assert page.evaluate("document.getElementById('events-h').getBoundingClientRect().top") < 50


# ---- search over every passage ----


def passages_with(bundled_site, word: str) -> int:
    data = json.loads((bundled_site["output"] / "alignments.json").read_text())
    return sum(
        word in p["text"].lower() for a in data["stories"][0]["articles"] for p in a["passages"]
    )


@pytest.mark.parametrize("served_from", ["server", "file"])
def test_search_lists_the_passages_and_opens_one(page, bundled_site, served_from):
    base = bundled_site["url"] if served_from == "server" else bundled_site["output"].as_uri() + "/"
    page.goto(base + "index.html")
    assert not any(r.endswith("search.js") for r in page.requests)  # the home page stays light
    page.locator("#search").fill("medinsky")
    results = page.locator(".passage-list li")
    expected = passages_with(bundled_site, "medinsky")
    assert expected >= 3
    page.wait_for_function(f"document.querySelectorAll('.passage-list li').length === {expected}")
    status = page.locator(".passage-status").inner_text()
    assert status == f"{expected} passages match."
    assert page.locator(".search-status").inner_text() == "1 of 1 story matches"
    assert all(
        "medinsky" in m.lower() for m in page.locator(".passage-list mark").all_inner_texts()
    )
    link = results.first.locator("a")
    link.click()
    page.wait_for_url(re.compile(r"/istanbul-talks/[^/]+/index\.html#p-\d+$"))
    target = page.url.split("#")[1]
    assert "Medinsky" in page.locator(f"#{target}").inner_text()


def test_words_of_one_letter_are_ignored(page, bundled_site):
    page.goto(bundled_site["url"] + "index.html")
    page.locator("#search").fill("a i u")
    assert page.locator(".passage-results").is_hidden()
    assert page.locator(".story-card:visible").count() == 1
    page.locator("#search").fill("U.S.")
    page.wait_for_function("document.querySelectorAll('.passage-list li').length > 0")
    marks = page.locator(".passage-list mark").all_inner_texts()
    assert marks and all(re.sub(r"\W", "", m).lower().startswith("us") for m in marks)


# ---- the reader's scheme, and paper ----


def luminance(rgb: str) -> float:
    red, green, blue = (int(n) for n in re.findall(r"\d+", rgb)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("scheme, dark", [("dark", True), ("light", False)])
def test_pages_follow_the_readers_colour_scheme(browser, bundled_site, scheme, dark):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        for path in (
            "index.html",
            "istanbul-talks/index.html",
            pair_pages(bundled_site["output"])[0],
        ):
            page.goto(bundled_site["url"] + path)
            paper = luminance(
                page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            )
            ink = luminance(page.evaluate("getComputedStyle(document.body).color"))
            assert (paper < 0.2 and ink > 0.7) if dark else (paper > 0.9 and ink < 0.3), path
    finally:
        context.close()


CONTROLS = (
    ".site-nav, .jump, form.search, .outlet-toggle, .keys, .came-from, .report, .event > details"
)


def test_nothing_to_click_is_printed_and_collapsed_passages_open(page, bundled_site):
    page.emulate_media(media="print")
    for path in ("index.html", "istanbul-talks/index.html", pair_pages(bundled_site["output"])[-1]):
        page.goto(bundled_site["url"] + path)
        shown = page.evaluate(
            f"""Array.from(document.querySelectorAll('{CONTROLS}'))
            .filter(el => el.getClientRects().length > 0).map(el => el.className)"""
        )
        assert shown == [], path
    page.goto(bundled_site["url"] + "istanbul-talks/index.html")
    heights = page.evaluate(
        """Array.from(document.querySelectorAll('details:not([open])'))
        .filter(d => d.getClientRects().length > 0)  // not inside a control left out
        .map(d => d.getBoundingClientRect().height)  // its summary is not printed"""
    )
    assert len(heights) > 3 and all(h > 0 for h in heights)


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two computed colours ("rgb(r, g, b)")."""

    def relative(rgb: str) -> float:
        channels = [int(n) / 255 for n in re.findall(r"\d+", rgb)[:3]]
        red, green, blue = (
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
        )
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((relative(one), relative(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_paper_is_white_and_readable_whatever_the_screens_scheme(browser, bundled_site):
    # printed from a reader in the dark scheme: no navy behind the shared words, no pale
    # pink for the loaded ones, on white paper
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.emulate_media(media="print", color_scheme="dark")
        page.goto(bundled_site["url"] + "istanbul-talks/index.html")
        paper = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert luminance(paper) > 0.9
        for selector in (".event mark", ".ld", ".other-time"):
            ink, back = page.eval_on_selector(
                selector,
                """el => { const cs = getComputedStyle(el); const b = cs.backgroundColor;
                return [cs.color, b === 'rgba(0, 0, 0, 0)' ? null : b]; }""",
            )
            assert contrast(ink, back or paper) >= 4.5, selector
    finally:
        context.close()


# ---- accessibility of the new pages ----


@pytest.fixture(scope="module")
def leaning(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaning-served")
    config = load_config(
        leaning_site(root, "report_url: https://example.org/new\npair_pages: true\n")
    )
    build(config)
    with served(config.output_path) as url:
        yield url


@pytest.mark.parametrize(
    "path",
    [
        "outlets/index.html",
        "outlets/alpha-news/index.html",
        "blindspots/index.html",
        "harbour/compare/alpha--beta/index.html",
        "harbour/index.html",
    ],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_the_new_pages(browser, leaning, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(leaning + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        serious = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in Axe().run(page).response["violations"]
            if v["impact"] in SERIOUS
        ]
        assert serious == []
    finally:
        context.close()


def test_axe_finds_no_serious_violation_in_search_results(page, leaning):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(leaning + "index.html")
    page.locator("#search").fill("haldane")
    page.wait_for_function("document.querySelectorAll('.passage-list li').length > 0")
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in Axe().run(page).response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert serious == []
