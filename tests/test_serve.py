"""`site-builder serve`: a real server in a subprocess, driven by a real browser."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port, theme_file


class Preview:
    """A running `site-builder serve` and what it printed."""

    def __init__(self, site: Path, *args: str, port: int | None = None):
        self.port = port or free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-u",
                "-m",
                "site_builder",
                "serve",
                "--config",
                str(site / "site.yml"),
                "--port",
                str(self.port),
                "-v",
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.url = self.wait_for(r"at (http://127\.0\.0\.1:\d+/\S*)").group(1)

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match:
        """Read output until a line matches `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            match = re.search(pattern, line)
            if match:
                return match
        raise AssertionError(f"no line like {pattern!r} in: {''.join(self.lines)}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self.lines.extend(self.process.stdout.read().splitlines(keepends=True))
        return code


@pytest.fixture
def preview(site):
    running = Preview(site)
    yield running
    running.stop()


def status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


def open_live(browser, preview: Preview, path: str):
    """Open a page and wait until the server says its live-reload socket is registered,
    so a reload sent after that cannot be missed."""
    page = browser.new_page()
    page.goto(preview.url + path)
    preview.wait_for(rf"Browser Connected: .*{re.escape(path)}")
    return page


def save(path: Path, text: str) -> None:
    """Write as an editor does, making sure the file's time stamp moves."""
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + 1
    os.utime(path, (stamp, stamp))


def test_edits_show_up_in_the_open_page_by_themselves(preview, site, browser):
    page = open_live(browser, preview, "talks/alpha/index.html")
    article = site / "content" / "talks" / "alpha.md"
    save(article, article.read_text().replace("mild", "bitterly cold"))
    page.wait_for_function("document.body.innerText.includes('bitterly cold')", timeout=10000)
    page.close()


def test_a_broken_file_shows_its_error_and_fixing_it_brings_the_page_back(preview, site, browser):
    page = open_live(browser, preview, "talks/index.html")
    article = site / "content" / "talks" / "beta.md"
    good = article.read_text()
    save(article, re.sub(r"(?m)^outlet: .*\n", "", good))
    page.wait_for_selector("#build-error", timeout=10000)
    assert "beta.md:1: front matter is missing 'outlet'" in page.inner_text("#build-error")
    preview.wait_for(r"Error: .*beta\.md:1: front matter is missing 'outlet'")
    save(article, good)
    page.wait_for_selector(".events", timeout=10000)
    assert page.locator("#build-error").count() == 0
    page.close()


def test_a_stylesheet_change_restyles_without_reloading_the_page(preview, site, browser):
    page = open_live(browser, preview, "talks/index.html")
    page.evaluate("window.__notReloaded = true")
    css = theme_file(site, "static/style.css")
    save(css, css.read_text() + "\nh1 { color: rgb(1, 2, 3); }\n")
    page.wait_for_function(
        "getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'", timeout=10000
    )
    assert page.evaluate("window.__notReloaded === true")
    page.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../site.yml",
        "/%2e%2e/site.yml",
        "/static/../../site.yml",
        "/..%2fsite.yml",
        "/%2e%2e%2fcontent/talks/alpha.md",
        "/static/%2e%2e/%2e%2e/site.yml",
    ],
)
def test_requests_that_leave_the_built_site_get_404(preview, path):
    url = preview.url.rstrip("/") + path
    request = urllib.request.Request(url)
    request.selector = path  # keep the dots: urllib would resolve them away
    try:
        code = urllib.request.urlopen(request, timeout=5).status
    except urllib.error.HTTPError as error:
        code = error.code
    assert code == 404


def test_site_is_served_under_its_base_path_and_root_redirects(site):
    (site / "site.yml").write_text("title: Test site\nbase_url: /repo-name/\n")
    running = Preview(site)
    try:
        assert running.url.endswith(f":{running.port}/repo-name/")
        response = urllib.request.urlopen(f"http://127.0.0.1:{running.port}/", timeout=5)
        assert response.url.endswith("/repo-name/") and response.status == 200
        assert status(running.url + "talks/index.html") == 200
        assert status(f"http://127.0.0.1:{running.port}/talks/index.html") == 404
        missing = urllib.request.Request(running.url + "no/such/page/")
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(missing, timeout=5)
        assert error.value.code == 404 and b"Page not found" in error.value.read()
    finally:
        running.stop()


def test_a_taken_port_moves_to_the_next_free_one(site, preview):
    second = Preview(site, port=preview.port)
    try:
        assert any(f"Port {preview.port} is in use; using" in line for line in second.lines)
        assert f":{preview.port}/" not in second.url
    finally:
        second.stop()


def test_ctrl_c_stops_cleanly(site):
    running = Preview(site)
    assert running.stop() == 0
    assert running.lines[-1].strip() == "Stopped."
    assert not any("Traceback" in line for line in running.lines)


def test_binds_to_this_computer_only_by_default(preview):
    assert preview.url.startswith("http://127.0.0.1:")
