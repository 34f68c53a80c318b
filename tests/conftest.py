"""Shared fixtures: small sites built in tmp_path, and the repository's own paths."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
BASIL = SHARED / "corpora" / "basil"
NO_SEEDS = (
    f"needs the seed articles the bundled story was made from in {SEEDS} (the project's "
    "shared data folder, ../shared beside the repository; see the opening paragraph of README.md)"
)
NO_BASIL = (
    f"needs the BASIL corpus in {BASIL}: articles/ and annotations/ of "
    "github.com/launchnlp/BASIL (see the opening paragraph of README.md)"
)


def write_article(folder: Path, slug: str, body: str, **front_matter: str) -> Path:
    """Write content/<story>/<slug>.md with the given front matter and body."""
    meta = {"title": f"Title of {slug}", "outlet": f"Outlet {slug.upper()}", **front_matter}
    lines = ["---", *(f"{k}: {json.dumps(v)}" for k, v in meta.items() if v is not None), "---", ""]
    path = folder / f"{slug}.md"
    path.write_text("\n".join(lines) + textwrap.dedent(body).strip() + "\n", encoding="utf-8")
    return path


def comparison_page_words(root: Path, articles: dict[str, str]) -> str:
    """What a reader reads on the comparison page of a one-story site built in `root`
    from `articles` (slug -> body), with the built-in theme."""
    from site_builder.commands.build import build
    from site_builder.core.config import load_config

    folder = root / "site" / "content" / "talks"
    folder.mkdir(parents=True)
    (root / "site" / "site.yml").write_text("title: T\nbase_url: /\n")
    for slug, body in articles.items():
        write_article(folder, slug, body)
    build(load_config(root / "site" / "site.yml"))
    return text_of((root / "site" / "output" / "talks" / "index.html").read_text())


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A minimal site: site.yml and one story of two short articles (built-in theme)."""
    (tmp_path / "site.yml").write_text(
        "title: Test site\nbase_url: /\nalignment:\n  aliases:\n    Kyiv: [Kiev]\n",
        encoding="utf-8",
    )
    story = tmp_path / "content" / "talks"
    story.mkdir(parents=True)
    (story / "_story.md").write_text(
        "---\ntitle: The talks\n---\n\nTwo outlets, one story.\n", encoding="utf-8"
    )
    write_article(
        story,
        "alpha",
        """
        Negotiators from Moscow and Kiev met in Istanbul on Tuesday for peace talks.

        The weather in the city was mild and the cafés were full.
        """,
        outlet="Alpha News",
        date="2022-03-29",
    )
    write_article(
        story,
        "beta",
        """
        ## Istanbul

        Peace talks between Moscow and Kyiv negotiators took place in Istanbul on Tuesday.

        Analysts doubt that the war will end soon.
        """,
        outlet="Beta Daily",
        date="2022-03-30",
    )
    return tmp_path


def german_site(root: Path, strings: str | None) -> Path:
    """A site in German: site.yml, one story of three articles from three outlets, and
    (unless None) the site's own strings/de.yml holding `strings`."""
    (root / "site.yml").write_text("title: Die Gespräche\nlanguage: de\n", encoding="utf-8")
    story = root / "content" / "gespraeche"
    story.mkdir(parents=True)
    (story / "_story.md").write_text(
        "---\ntitle: Die Gespräche in Istanbul\n---\n\nDrei Zeitungen, ein Treffen.\n",
        encoding="utf-8",
    )
    write_article(
        story,
        "morgenpost",
        """
        Die Unterhändler aus Moskau und Kiew trafen sich am Dienstag in Istanbul zu
        Friedensgesprächen im Dolmabahçe-Palast.

        Der türkische Außenminister Çavuşoğlu begrüßte die Delegationen persönlich.

        Das Wetter in der Stadt war mild, und die Cafés am Bosporus waren voll.

        Am Abend spielte ein Orchester auf dem Taksim-Platz.
        """,
        outlet="Morgenpost",
        date="2022-03-29",
    )
    write_article(
        story,
        "abendblatt",
        """
        Im Dolmabahçe-Palast in Istanbul begannen am Dienstag die Friedensgespräche
        zwischen Unterhändlern aus Moskau und Kiew.

        Außenminister Çavuşoğlu hieß beide Delegationen im Palast willkommen.

        Beobachter in Brüssel bezweifeln, dass der Krieg bald endet.

        Die Börse in Frankfurt reagierte mit leichten Gewinnen.
        """,
        outlet="Abendblatt",
        date="2022-03-29",
    )
    write_article(
        story,
        "tagesecho",
        """
        In Istanbul haben Unterhändler aus Moskau und Kiew am Dienstag im
        Dolmabahçe-Palast Friedensgespräche geführt.

        Ein Landwirt in Bayern verkaufte seinen Weizen auf dem Wochenmarkt.

        In Hamburg regnete es den ganzen Tag.

        Der Fußballverein aus Bremen gewann sein Heimspiel knapp.
        """,
        outlet="Tagesecho",
        date="2022-03-30",
    )
    if strings is not None:
        folder = root / "themes" / "default" / "strings"
        folder.mkdir(parents=True)
        (folder / "de.yml").write_text(strings, encoding="utf-8")
    return root / "site.yml"


def unreadable_entry(kind: str, folder: Path) -> None:
    """Put in story `folder` an article-named entry the reader cannot read as a file:
    a "dangling link", a "looping link", a "FIFO" or (any other kind) a folder."""
    path = folder / "ghost.md"
    if kind == "dangling link":
        path.symlink_to("missing.md")
    elif kind == "looping link":
        path.symlink_to("ghost.md")
    elif kind == "FIFO":
        os.mkfifo(path)
    else:
        path.mkdir()


def run_build(site: Path, *args: str) -> subprocess.CompletedProcess:
    """`site-builder build --config SITE/site.yml ARGS` run as a user would, in a process
    of its own, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--config", str(site / "site.yml"), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def text_of(html: str) -> str:
    """What a reader reads in `html` (a page or a part of one): its text, without tags,
    white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def theme_file(site: Path, relative: str) -> Path:
    """A file of the built-in default theme copied into the site's own theme folder,
    where it overrides the built-in one: the way an editor changes one template."""
    from site_builder.core.theme import BUILTIN_THEMES

    target = site / "themes" / "default" / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BUILTIN_THEMES / "default" / relative, target)
    return target


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, for byte-for-byte comparisons."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's Chromium, which Playwright drives (no browser is ever downloaded).

    Missing, the browser tests skip on a developer's machine with a message saying what
    to install, and fail in CI, where they must run.
    """
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Chromium not found: install Debian's chromium (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def static_server(folder: Path, port: int):
    """A plain static file server (Python's http.server, no project code) on 127.0.0.1."""
    import subprocess
    import sys
    import time
    import urllib.request

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    return process


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served by a plain static server on 127.0.0.1 while the block runs: the
    server's URL, ending in a slash. The server is stopped however the block ends."""
    port = free_port()
    server = static_server(folder, port)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(autouse=True)
def logging_as_it_was():
    """Undo what a test's call of cli.main does to the site_builder logger (its own
    handler on the test's stderr, no propagation), so later tests' caplog sees warnings."""
    import logging

    logger = logging.getLogger("site_builder")
    saved = logger.handlers[:], logger.propagate, logger.level
    yield
    logger.handlers[:], logger.propagate = saved[0], saved[1]
    logger.setLevel(saved[2])


@pytest.fixture(scope="session", autouse=True)
def repository_keeps_no_cache():
    """No test may leave a build cache in the repository: tests that build the bundled
    site write to a temporary output folder, with --no-cache (or an in-memory cache)."""
    cache = REPO / ".site-builder-cache"
    existed = cache.exists()
    yield
    assert existed or not cache.exists(), f"a test wrote {cache}"


SERIOUS = {"serious", "critical"}
"""The impacts of an axe finding that fail a page."""
PHONE = {"width": 390, "height": 844}
"""A phone's viewport."""


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole test session."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory):
    """The bundled Istanbul site built once and served on 127.0.0.1: its base URL."""
    from site_builder.commands.build import build
    from site_builder.core.config import load_config

    root = tmp_path_factory.mktemp("served")
    build(load_config(REPO / "site.yml", output_dir=root / "output"))
    with served(root / "output") as url:
        yield {"url": url, "output": root / "output"}


def three_stories(site):
    """Add two more stories to the `site` fixture, so there is something to share out;
    return the site's configuration."""
    from site_builder.core.config import load_config

    for name in ("second", "third"):
        folder = site / "content" / name
        folder.mkdir()
        write_article(folder, "one", f"Officials in {name} city met in Geneva on Monday.")
        write_article(folder, "two", f"In Geneva, officials from {name} city met on Monday.")
    return load_config(site / "site.yml")


def edit_one_article(site) -> None:
    """Edit one article of the story "second" of three_stories, as an editor would."""
    article = site / "content" / "second" / "one.md"
    article.write_text(article.read_text().replace("Monday", "Tuesday"))


@pytest.fixture
def page(browser):
    """A desktop-sized page (1280 x 900) that records the addresses it requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page (390 x 844)."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def folder_hash(folder: Path) -> str:
    """A hash of everything under `folder`: names, bytes, where links lead (not followed)."""
    digest = hashlib.sha256()
    if not os.path.lexists(folder):
        return "absent"
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(dirs + files):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            if os.path.islink(path):
                digest.update(b"link " + os.fsencode(os.readlink(path)))
            elif os.path.isfile(path):
                digest.update(Path(path).read_bytes())
    return digest.hexdigest()
