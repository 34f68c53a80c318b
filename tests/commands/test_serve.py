"""`site-builder serve`: a real server in a subprocess, driven by a real browser."""

from __future__ import annotations

import html
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

from site_builder.commands.build import BuildPlan, build
from site_builder.core.config import load_config
from site_builder.write.cache import CACHE_DIR, BuildCache
from tests.conftest import free_port, theme_file, write_article


class Preview:
    """A running `site-builder serve` and what it printed."""

    def __init__(self, site: Path, *args: str, port: int | None = None, timeout: float = 30):
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
        self.url = self.wait_for(r"at (http://127\.0\.0\.1:\d+/\S*)", timeout).group(1)

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

    def stop(self, how: signal.Signals = signal.SIGINT) -> int:
        """Stop the server as Ctrl-C does (or with `how`); its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(how)
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
    """Write as an editor does."""
    path.write_text(text, encoding="utf-8")


def fetch(url: str) -> tuple[int, str]:
    """The status and text of the page at `url`."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for_status(url: str, expected: int, timeout: float = 15, what: str = "") -> str:
    """Fetch `url` until it answers with `expected`; the page's text."""
    deadline = time.monotonic() + timeout
    while True:
        code, text = fetch(url)
        if code == expected:
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: {url} still answers {code}, not {expected}")
        time.sleep(0.05)


def shown_error(page: str) -> str:
    """The build error an error page shows."""
    match = re.search(r'<pre id="build-error"[^>]*>(.*?)</pre>', page, re.S)
    assert match, page[:2000]
    return html.unescape(match.group(1))


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
    assert page.locator(".events").count() == 1  # the last good build, under the error
    save(article, good)
    page.wait_for_selector("#build-error", state="detached", timeout=10000)
    assert page.locator(".events").count() == 1
    page.close()


def test_while_a_save_is_broken_every_page_is_the_last_good_one_under_the_error(
    preview, site, browser
):
    """The editor sees what to fix on whatever page is open and can still read and move
    about the site as it was last built (round seventeen: every page was the error alone)."""
    article = site / "content" / "talks" / "beta.md"
    good = article.read_text()
    save(article, re.sub(r"(?m)^outlet: .*\n", "", good))
    text = wait_for_status(preview.url + "talks/alpha/", 500)
    assert "front matter is missing 'outlet'" in shown_error(text)
    assert "The weather in the city was mild" in text  # alpha's page as last built
    page = browser.new_page()
    page.goto(preview.url + "talks/alpha/")
    alert = page.get_by_role("alert")
    assert "beta.md:1: front matter is missing 'outlet'" in alert.inner_text()
    assert alert.bounding_box()["y"] < 50  # at the top, where it is seen
    page.get_by_role("link", name="The talks").first.click()  # the way about still works
    page.wait_for_selector(".events")
    assert "front matter is missing 'outlet'" in page.inner_text("#build-error")
    assert fetch(preview.url + "static/style.css")[0] == 200
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


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_cleanly_at_once(site, how):
    running = Preview(site)
    started = time.monotonic()
    assert running.stop(how) == 0
    assert time.monotonic() - started < 2  # a hang guard: benchmarks/serve_latency.py times it
    assert running.lines[-1].strip() == "Stopped."
    assert not any("Traceback" in line for line in running.lines)


def test_binds_to_this_computer_only_by_default(preview):
    assert preview.url.startswith("http://127.0.0.1:")


NESTED = b"[" * 10_000 + b"]" * 10_000
BROKEN_FILES = [
    # what, the file saved, what is saved, what the error names (None: no promise)
    (
        "invalid YAML in an article",
        "content/talks/beta.md",
        b"---\ntitle: [unclosed\noutlet: Beta Daily\n---\n\nText.\n",
        "beta.md",
    ),
    (
        "an article without text",
        "content/talks/beta.md",
        b"---\ntitle: Beta\noutlet: Beta Daily\n---\n",
        "beta.md",
    ),
    ("a broken template", "themes/default/templates/article.html", b"{% if %}\n", "article.html"),
    ("an unknown key in site.yml", "site.yml", b"title: Test site\ncolour: blue\n", "colour"),
    (
        "an article that is not UTF-8",
        "content/talks/beta.md",
        b"---\ntitle: Beta\noutlet: Beta Daily\n---\n\nCaf\xe9 talks.\n",
        "beta.md",
    ),
    (
        "YAML nested 10,000 deep",
        "content/talks/beta.md",
        b"---\ntitle: " + NESTED + b"\noutlet: Beta Daily\n---\n\nText.\n",
        None,
    ),
]


def test_each_broken_file_is_shown_until_it_is_fixed_and_watching_goes_on(preview, site):
    page = preview.url + "talks/beta/"
    for what, relative, broken, named in BROKEN_FILES:
        path = site / relative
        good = path.read_bytes() if path.exists() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(broken)
        error = shown_error(wait_for_status(page, 500, what=what))
        preview.wait_for("^" + re.escape(f"Error: {error}") + "$")  # the same line, printed
        if named:
            assert named in error, what
        if good is None:
            path.unlink()
        else:
            path.write_bytes(good)
        assert "Analysts doubt that the war will end soon" in wait_for_status(page, 200, what=what)
    assert preview.stop() == 0


def test_a_file_name_that_is_not_utf8_does_not_stop_watching(preview, site):
    odd = site / os.fsdecode(b"content/talks/caf\xe9.md")  # the system cannot decode it
    odd.write_bytes(b"---\ntitle: Cafe\noutlet: Cafe Daily\n---\n\nCoffee talks.\n")
    preview.wait_for(r"^Changed: ")
    preview.wait_for(r"^(Built|Up to date|Error: )")  # whatever the reader makes of it
    odd.unlink()
    preview.wait_for(r"^Changed: ")
    preview.wait_for(r"^(Built|Up to date)")
    article = site / "content" / "talks" / "alpha.md"
    save(article, article.read_text().replace("mild", "bitterly cold"))
    wait_until(lambda: "bitterly cold" in fetch(preview.url + "talks/alpha/")[1])


def test_an_unexpected_error_is_shown_with_its_traceback_and_the_next_save_builds(
    site, monkeypatch, capsys
):
    from site_builder.commands import serve

    def broken_build(*args, **kwargs):
        raise RuntimeError("something nobody foresaw")

    config = load_config(site / "site.yml")
    preview = serve.Preview(site / "site.yml", config, config.output_path)
    reloads = []
    plan = BuildPlan(config, BuildCache())
    watcher = serve.Watcher(preview, plan, reloads.append)
    watcher.watch()
    assert serve.rebuild(preview, plan)
    watcher.start()
    try:
        with monkeypatch.context() as patched:
            patched.setattr(serve, "run_plan", broken_build)
            save(
                site / "content" / "talks" / "alpha.md",
                "---\ntitle: A\noutlet: Alpha\n---\n\nHi.\n",
            )
            wait_until(lambda: reloads)
        printed = capsys.readouterr().out
        assert "Traceback (most recent call last)" in printed
        line = (
            "Error: internal error in site-builder: RuntimeError: something nobody foresaw; "
            "the traceback is in the terminal (please report it)"
        )
        assert line in printed.splitlines()
        status_line, page = call(serve.preview_app(preview), "/talks/")
        assert status_line.startswith("500") and line.removeprefix("Error: ") in page
        save(
            site / "content" / "talks" / "alpha.md", "---\ntitle: A\noutlet: Alpha\n---\n\nHello.\n"
        )
        wait_until(lambda: len(reloads) == 2)
        status_line, page = call(serve.preview_app(preview), "/talks/alpha/")
        assert status_line.startswith("200") and "Hello." in page
    finally:
        watcher.stop()


def wait_until(condition, timeout: float = 15) -> None:
    """Wait until `condition()` is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def call(app, path: str) -> tuple[str, str]:
    """What the WSGI `app` answers to GET `path`: the status line and the body."""
    answer = {}
    body = app({"PATH_INFO": path}, lambda status, headers: answer.update(status=status))
    return answer["status"], b"".join(body).decode()


def test_with_poll_the_files_are_checked_every_second_and_no_save_is_missed(site):
    running = Preview(site, "--poll")
    try:
        page = running.url + "talks/alpha/"
        article = site / "content" / "talks" / "alpha.md"
        good = article.read_text()
        save(article, good.replace("mild", "bitterly cold"))
        wait_until(lambda: "bitterly cold" in fetch(page)[1])
        save(article, good)  # often within the same second as the save before
        wait_until(lambda: "mild" in fetch(page)[1])
    finally:
        assert running.stop() == 0


def test_a_named_pipe_among_the_articles_neither_hangs_the_server_nor_stopping(preview, site):
    os.mkfifo(site / "content" / "talks" / "x.md")
    preview.wait_for(r"^Changed: .*x\.md")
    assert fetch(preview.url + "talks/")[0] in (200, 500)  # answered, whatever the reader did
    started = time.monotonic()
    assert preview.stop() == 0
    assert time.monotonic() - started < 2
    assert preview.lines[-1].strip() == "Stopped."


def test_after_a_named_pipe_is_saved_among_the_articles_edits_still_show(preview, site):
    os.mkfifo(site / "content" / "talks" / "x.md")
    preview.wait_for(r"^(?!Changed:).*x\.md")  # the reader's warning
    article = site / "content" / "talks" / "alpha.md"
    save(article, article.read_text().replace("mild", "bitterly cold"))
    wait_until(lambda: "bitterly cold" in fetch(preview.url + "talks/alpha/")[1])


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Path:
    """100 stories of three articles, built once (so a server starts at once)."""
    site = tmp_path_factory.mktemp("large")
    (site / "site.yml").write_text("title: Large site\nbase_url: /\n", encoding="utf-8")
    for n in range(100):
        story = site / "content" / f"story-{n:03d}"
        story.mkdir(parents=True)
        for outlet in ("north", "south", "west"):
            body = "\n\n".join(
                f"Officials of town {n} met envoys from {outlet} on Monday {k}; they spoke"
                f" about the bridge, the harbour and {k} new schools."
                for k in range(6)
            )
            write_article(story, outlet, body, outlet=f"{outlet.title()} Post")
    build(load_config(site / "site.yml"), cache=BuildCache(site / CACHE_DIR))
    return site


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used, all its threads, user and system (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU time from /proc")
def test_an_idle_preview_of_a_large_site_uses_almost_no_cpu(large_site):
    running = Preview(large_site)
    try:
        time.sleep(1)  # past start-up
        used, started = cpu_seconds(running.process.pid), time.monotonic()
        time.sleep(4)
        seconds = time.monotonic() - started
        percent = 100 * (cpu_seconds(running.process.pid) - used) / seconds
        print(f"idle CPU of serve on 100 stories: {percent:.2f} % of one core over {seconds:.1f} s")
        assert percent < 5  # generous: benchmarks/serve_latency.py measures it
    finally:
        assert running.stop() == 0


def test_ctrl_c_during_a_rebuild_of_a_large_site_stops_at_once(large_site):
    config = large_site / "site.yml"
    original = config.read_text()
    running = Preview(large_site)
    try:
        config.write_text(original.replace("Large site", "Renamed site"))  # every page anew
        running.wait_for(r"^Changed: site\.yml")
        time.sleep(0.2)
        started = time.monotonic()
        assert running.stop() == 0
        assert time.monotonic() - started < 2  # a hang guard
        after_change = "".join(running.lines).split("Changed: site.yml", 1)[1]
        assert "Built" not in after_change  # it was stopped mid-rebuild
        assert running.lines[-1].strip() == "Stopped."
        assert "Traceback" not in after_change
    finally:
        config.write_text(original)


def test_a_folder_without_its_final_slash_is_sent_to_it_as_github_pages_does(site):
    """Served at /repo-name/talks, the comparison page's relative links would lead one
    level up (its stylesheet missing): the address is redirected to /repo-name/talks/."""
    from site_builder.commands import serve

    (site / "site.yml").write_text("title: Test site\nbase_url: /repo-name/\n")
    config = load_config(site / "site.yml")
    build(config)
    app = serve.preview_app(serve.Preview(site / "site.yml", config, config.output_path))

    def answer(path: str) -> tuple[str, dict]:
        said = {}
        app({"PATH_INFO": path}, lambda status, headers: said.update(status=status, h=headers))
        return said["status"], dict(said["h"])

    for path, folder in [
        ("/repo-name", "/repo-name/"),
        ("/repo-name/talks", "/repo-name/talks/"),
        ("/repo-name/talks/alpha", "/repo-name/talks/alpha/"),
    ]:
        status_line, headers = answer(path)
        assert status_line[:3] in ("301", "302") and headers["Location"] == folder, path
    for path in ["/repo-name/talks/", "/repo-name/talks/index.html", "/repo-name/feed.xml"]:
        assert answer(path)[0].startswith("200"), path
    assert answer("/repo-name/no-such-story")[0].startswith("404")


def test_the_copy_sed_i_renames_over_an_article_is_not_named_as_a_change(preview, site):
    """`sed -i` writes the new text to sedXXXXXX beside the file and renames it over the
    file: the change is the article's alone."""
    article = site / "content" / "talks" / "alpha.md"
    copy = article.with_name("sedQ3x9Zk")
    copy.write_text(article.read_text().replace("mild", "bitterly cold"), encoding="utf-8")
    os.replace(copy, article)
    changed = preview.wait_for(r"^Changed: (.*)$").group(1)
    assert changed == "alpha.md"


def test_a_host_that_is_no_address_of_this_computer_says_what_to_give(site):
    """`serve --host` with an address of another computer (192.0.2.1 is reserved for
    examples) is one line saying which addresses to give, not the system's reason alone."""
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "serve", "--host", "192.0.2.1", "--port", "8123"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: cannot serve on 192.0.2.1:8123: "), result.stderr
    assert result.stderr.endswith(
        "; give --host an address of this computer: 127.0.0.1 (the default: this computer "
        "only) or 0.0.0.0 (every network it is on)\n"
    )
    assert "Traceback" not in result.stderr
