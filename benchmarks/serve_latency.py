"""Time from saving an article to the open page showing the new text, via `serve`.

Copies the bundled Istanbul site to a temporary folder, starts `site-builder serve`
on a free port, opens an article in Debian's Chromium, then edits the article N times
and measures, for each save, how long until the page (reloaded by livereload, not by
this script) shows the new words. Targets: median <= 0.5 s, max <= 1 s.

    python benchmarks/serve_latency.py [--edits 12]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
ARTICLE = "content/istanbul-talks/putins-war-wont-end.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        for name in ("site.yml", "content"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, site / name)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-u",
                "-m",
                "site_builder",
                "serve",
                "--config",
                str(site / "site.yml"),
                "--port",
                str(port),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            line = ""
            while "Serving" not in line:
                line = server.stdout.readline()
                if not line:
                    raise SystemExit("serve did not start")
            url = re.search(r"at (\S+)", line).group(1)
            latencies = measure(url, site / ARTICLE, args.edits)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"edits: {len(latencies)}")
    print("latency (s): " + " ".join(f"{x:.3f}" for x in latencies))
    median, worst = statistics.median(latencies), max(latencies)
    print(f"median {median:.3f} s (target <= 0.5)  max {worst:.3f} s (target <= 1.0)")


def measure(url: str, article: Path, edits: int) -> list[float]:
    """Seconds from each save to the page showing the new text."""
    original = article.read_text(encoding="utf-8")
    latencies = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(url + "istanbul-talks/putins-war-wont-end/index.html")
        page.wait_for_function(
            "window.LiveReload && LiveReload.connector.protocol > 0", timeout=10000
        )
        time.sleep(0.2)  # the server registers the page just after the handshake
        for number in range(edits):
            marker = f"Edited{number}x{os.getpid()}"
            text = original.replace("volte-face", f"volte-face {marker}")
            started = time.perf_counter()
            article.write_text(text, encoding="utf-8")
            page.wait_for_function(
                f"document.body.innerText.includes('{marker}')", timeout=15000, polling=10
            )
            latencies.append(time.perf_counter() - started)
            time.sleep(0.3)
        browser.close()
    return latencies


if __name__ == "__main__":
    main()
