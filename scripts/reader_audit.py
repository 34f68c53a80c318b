"""Audit the bundled site as its readers meet it, with Debian's Chromium: every page kind
at five widths (320 px: the narrowest phone in use) in both colour
schemes, one line each.

python scripts/reader_audit.py       # builds the site, serves it, prints the table

Per page view: wider than the screen ("WIDE"), inline text running out of its box (tag,
words, pixels); at 375 and 1280 px also axe-core's violations of any impact (every
<details> open), the number of h1 and any skipped heading level, and controls without
a label. docs/theme.md says what an earlier round found with it.
"""

from __future__ import annotations

import shutil

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright
from screenshots import bundled_site_served

PAGES = [
    "index.html",
    "istanbul-talks/index.html",
    "istanbul-talks/waiting-for-massacre/index.html",
    "istanbul-talks/point-of-no-return/index.html",
    "istanbul-talks/compare/putins-war-wont-end--us-ratchets-up-tensions/index.html",
    "outlets/index.html",
    "outlets/the-national-interest/index.html",
    "outlets/unknown-outlet/index.html",
    "blindspots/index.html",
    "404.html",
]
WIDTHS = (320, 375, 768, 1024, 1280)
OUT_OF_BOX = """() => { const out = [];
  for (const el of document.querySelectorAll('main *')) {
    const shown = getComputedStyle(el).display;
    if (!el.getClientRects().length || !shown.startsWith('inline')) continue;
    let box = el.parentElement;
    while (box && getComputedStyle(box).display.startsWith('inline')) box = box.parentElement;
    if (!box || getComputedStyle(box).overflowX !== 'visible') continue;
    const over = el.getBoundingClientRect().right - box.getBoundingClientRect().right;
    if (over > 2) out.push([el.tagName + '.' + el.className,
                            (el.textContent || '').slice(0, 30), Math.round(over)]);
  } return out.slice(0, 5); }"""
HEADINGS = """() => { const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
  .map(h => +h.tagName[1]); const skipped = []; let last = 0;
  for (const l of levels) { if (l > last + 1) skipped.push([last, l]); last = l; }
  return [levels.filter(l => l === 1).length, skipped]; }"""
UNLABELLED = """() => [...document.querySelectorAll('input,select,textarea,button')]
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
    && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
  .map(e => e.outerHTML.slice(0, 60))"""


def audit(base: str) -> None:
    """Print one line per page view of the site served at `base`."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        for scheme in ("light", "dark"):
            for width in WIDTHS:
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, color_scheme=scheme
                )
                page = context.new_page()
                for path in PAGES:
                    page.goto(base + path)
                    wide = page.evaluate("document.documentElement.scrollWidth") > width
                    line = [scheme, width, path, "WIDE" if wide else "", page.evaluate(OUT_OF_BOX)]
                    if width in (375, 1280):
                        page.evaluate(
                            "document.querySelectorAll('details').forEach(d => d.open = true)"
                        )
                        axe = Axe().run(page).response["violations"]
                        line += [
                            [(v["id"], v["impact"], len(v["nodes"])) for v in axe],
                            page.evaluate(HEADINGS),
                            page.evaluate(UNLABELLED),
                        ]
                    print(*line, flush=True)
                context.close()
        browser.close()


def main() -> None:
    with bundled_site_served(8798, "--no-cache") as base:
        audit(base)


if __name__ == "__main__":
    main()
