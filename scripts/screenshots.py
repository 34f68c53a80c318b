"""Take the README's screenshots of the bundled site with Debian's Chromium.

python scripts/screenshots.py        # builds the site, writes docs/screenshots/*.png
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
SHOTS = [
    ("comparison-desktop.png", "istanbul-talks/index.html", 1280, 900),
    ("events-desktop.png", "istanbul-talks/index.html#g-6", 1280, 900),
    ("comparison-phone.png", "istanbul-talks/index.html#g-6", 390, 844),
    ("article.png", "istanbul-talks/putins-war-wont-end/index.html#p-9", 1280, 900),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "site_builder", "build", "-q", "--output", tmp],
            cwd=REPO,
            check=True,
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "http.server",
                "8799",
                "--bind",
                "127.0.0.1",
                "--directory",
                tmp,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=shutil.which("chromium"),
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                for name, path, width, height in SHOTS:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"http://127.0.0.1:8799/{path}")
                    page.screenshot(path=str(REPO / "docs" / "screenshots" / name))
                    print(f"docs/screenshots/{name}")
                browser.close()
        finally:
            server.terminate()


if __name__ == "__main__":
    main()
