"""Take the README's screenshots of the bundled site with Debian's Chromium.

python scripts/screenshots.py        # builds the site, writes docs/screenshots/*.png
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
PAIR = "istanbul-talks/compare/putins-war-wont-end--waiting-for-massacre/index.html"
SHOTS = [  # name, page, width, height, words typed in the search box (or None)
    ("comparison-desktop.png", "istanbul-talks/index.html", 1280, 900, None),
    ("events-desktop.png", "istanbul-talks/index.html#g-6", 1280, 900, None),
    ("comparison-phone.png", "istanbul-talks/index.html#g-6", 390, 844, None),
    ("article.png", "istanbul-talks/putins-war-wont-end/index.html#p-9", 1280, 900, None),
    ("outlet-desktop.png", "outlets/world-socialist-web-site/index.html", 1280, 900, None),
    ("outlet-phone.png", "outlets/world-socialist-web-site/index.html", 390, 844, None),
    ("pair-desktop.png", PAIR + "#l-p-7", 1280, 900, None),
    ("pair-phone.png", PAIR + "#l-p-7", 390, 844, None),
    ("search-desktop.png", "index.html", 1280, 900, "medinsky"),
    ("search-phone.png", "index.html", 390, 844, "medinsky"),
]


@contextmanager
def bundled_site_served(port: int, *build_options: str) -> Iterator[str]:
    """Build the bundled site into a temporary folder (`build_options` added to `build
    -q`) and serve it on 127.0.0.1:`port` for the block; its address."""
    with tempfile.TemporaryDirectory() as tmp:
        build = [sys.executable, "-m", "site_builder", "build", "-q", *build_options]
        subprocess.run([*build, "--output", tmp], cwd=REPO, check=True)
        serve = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
        server = subprocess.Popen(
            [*serve, "--directory", tmp],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()


def main() -> None:
    with bundled_site_served(8799) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, path, width, height, typed in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + path)
            if typed:
                page.locator("#search").fill(typed)
                page.wait_for_function("document.querySelectorAll('.passage-list li').length > 0")
                page.locator(".passage-results").scroll_into_view_if_needed()
            page.screenshot(path=str(REPO / "docs" / "screenshots" / name))
            print(f"docs/screenshots/{name}")
        browser.close()


if __name__ == "__main__":
    main()
