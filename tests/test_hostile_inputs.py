"""Hostile and careless inputs (issue 15): each builds, or ends in one line naming the
file and the line, with output/ left exactly as it was; none hangs or crashes.

Each row of CASES breaks a copy of a small built site in one way and runs
`site-builder build` (or gh-deploy) in a subprocess, under a hang guard. A row with a
message must fail with exit status 1 and exactly that one `Error: ` line on standard
error, output/ unchanged byte for byte; a row without one must build, and its check
looks at what was built. How long the slow cases take is measured by
benchmarks/hostile_inputs.py, not asserted here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import served, theme_file, tree_bytes, write_article

HANG_GUARD = 20
"""Seconds a single build may take before the row counts as a hang (all take 0.3-4 s)."""


@dataclass(frozen=True)
class Case:
    """One hostile input: how to make it, and what the user must see."""

    name: str
    make: Callable[[Path], object]
    error: str | None = None
    """The one error line after 'Error: <site folder>/', or None if the build succeeds."""
    warning: str | None = None
    """A line the build must warn with (it goes on)."""
    check: Callable[[Path], object] | None = None
    """A look at the built site, for rows that build."""
    command: tuple[str, ...] = ("build",)


def story(site: Path) -> Path:
    return site / "content" / "talks"


def article(site: Path, extra: str = "", body: str = "Talks in Istanbul on Tuesday.") -> None:
    (story(site) / "alpha.md").write_text(
        f"---\ntitle: Alpha\noutlet: Alpha News\n{extra}---\n\n{body}\n", encoding="utf-8"
    )


def site_yml(site: Path, text: str) -> None:
    (site / "site.yml").write_text(text, encoding="utf-8")


def overrides(site: Path, text: str) -> None:
    (story(site) / "alignments.yml").write_text(text, encoding="utf-8")


def story_md(site: Path, text: str) -> None:
    (story(site) / "_story.md").write_text(text, encoding="utf-8")


def template(site: Path, name: str, content: bytes) -> None:
    theme_file(site, f"templates/{name}").write_bytes(content)


def laughs(indent: str = "", flow: bool = False) -> str:
    """A billion laughs: nine levels of nine aliases each, a few hundred bytes that
    stand for 9**9 words, as mapping lines (`a3: &a3 [*a2, ...]`) or list items."""
    levels = ["&a0 [" + ", ".join(["lol"] * 9) + "]"]
    levels += [f"&a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 9)]
    if flow:
        return "[" + ", ".join(levels) + "]"
    return "".join(f"{indent}a{n}: {level}\n" for n, level in enumerate(levels))


def git_repository(site: Path, *remote: str) -> None:
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    if remote:
        subprocess.run(["git", "-C", str(site), "remote", "add", *remote], check=True)


def page(site: Path, path: str = "talks/alpha/index.html") -> str:
    return (site / "output" / path).read_text(encoding="utf-8")


def no_control_characters(site: Path) -> None:
    for path, content in tree_bytes(site / "output").items():
        assert b"\x1b" not in content and b"\x00" not in content, path


def sitemap_is_xml_with_the_address(site: Path) -> None:
    root = ElementTree.fromstring((site / "output" / "sitemap.xml").read_bytes())
    locations = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://x.example/?a=1&b=<script>alert(1)</script>/talks/" in locations


def remote_images_are_links(site: Path) -> None:
    html = page(site)
    assert "<img" not in html.replace('<img src="map.png"', "")
    assert 'href="https://tracker.example/pixel.png"' in html and "Image: A pixel" in html


EIGHT = "content/talks/alpha.md"
DATE_FORMS = "write it as YYYY-MM-DD, YYYY-MM or YYYY (or 'unknown')"

CASES = [
    # dates
    Case(
        "impossible date",
        lambda s: article(s, "date: 2022-02-30\n"),
        f"{EIGHT}:4: date '2022-02-30' is not a date; {DATE_FORMS}",
    ),
    Case(
        "an hour of 25",
        lambda s: article(s, "date: 2022-03-29 25:00:00\n"),
        f"{EIGHT}:4: date '2022-03-29 25:00:00' is not a date; {DATE_FORMS}",
    ),
    Case(
        "a date in words",
        lambda s: article(s, "date: next Tuesday\n"),
        f"{EIGHT}:4: date 'next Tuesday' is not a date; {DATE_FORMS}",
    ),
    Case(
        "partial dates",
        lambda s: article(s, "date: 2022-03\n"),
        check=lambda s: 'datetime="2022-03">March 2022</time>' in page(s, "talks/index.html"),
    ),
    # numbers
    Case(
        "5000 digits in front matter",
        lambda s: article(s, "kind: " + "9" * 5000 + "\n"),
        f"{EIGHT}:4: 'kind' must be a text, got a number of 5,000 characters (numbers have at "
        "most 30); write it in quotes if it is meant",
    ),
    Case(
        "5000 digits in site.yml",
        lambda s: site_yml(s, "title: T\nalignment:\n  min_shared_terms: " + "9" * 5000 + "\n"),
        "site.yml:3: 'alignment.min_shared_terms' must be from 1 to 20, got "
        + "9" * 59
        + "… (5000 characters)",
    ),
    Case(
        "infinity",
        lambda s: site_yml(s, "title: T\nalignment:\n  min_shared_terms: .inf\n"),
        "site.yml:3: 'alignment.min_shared_terms' must be from 1 to 20, got .inf",
    ),
    Case(
        "not a number",
        lambda s: site_yml(s, "title: T\nalignment:\n  threshold: .nan\n"),
        "site.yml:3: 'alignment.threshold' must be from 0.0 to 1.0, got .nan",
    ),
    # nesting
    *(
        Case(
            f"10,000 nested [ in {where}",
            make,
            f"{where}:{line}: nested more than 20 levels deep; no setting needs that many, "
            "check the brackets and indentation",
        )
        for where, line, make in [
            ("site.yml", 2, lambda s: site_yml(s, "title: T\nx: " + "[" * 10_000 + "\n")),
            (EIGHT, 4, lambda s: article(s, "kind: " + "[" * 10_000 + "\n")),
            (
                "content/talks/_story.md",
                2,
                lambda s: story_md(s, "---\ntitle: " + "[" * 10_000 + "\n---\n"),
            ),
            (
                "content/talks/alignments.yml",
                1,
                lambda s: overrides(s, "link: " + "[" * 10_000 + "\n"),
            ),
        ]
    ),
    # _story.md
    Case(
        "a number as loaded words",
        lambda s: story_md(s, "---\ntitle: T\nloaded_words: 5\n---\n"),
        "content/talks/_story.md:3: 'loaded_words' must be a list of words or phrases, got 5 "
        "(write a number in quotes to mean the word)",
    ),
    Case(
        "one loaded word",
        lambda s: story_md(s, "---\ntitle: T\nloaded_words: regime\n---\n"),
        check=lambda s: "watch list: regime." in page(s, "talks/index.html"),
    ),
    # files that are not regular files, or not named in UTF-8
    Case(
        "a symbolic link loop",
        lambda s: (story(s) / "x.md").symlink_to("x.md"),
        warning="content/talks/x.md: skipped: a symbolic link that leads to itself (a loop)",
    ),
    Case(
        "a broken symbolic link",
        lambda s: (story(s) / "x.md").symlink_to("gone.md"),
        warning="content/talks/x.md: skipped: a broken symbolic link",
    ),
    Case(
        "a named pipe as an article",
        lambda s: os.mkfifo(story(s) / "x.md"),
        warning="content/talks/x.md: skipped: a named pipe, not a regular file",
    ),
    Case(
        "a named pipe as _story.md",
        lambda s: (story(s) / "_story.md").unlink() or os.mkfifo(story(s) / "_story.md"),
        warning="content/talks/_story.md: skipped: a named pipe, not a regular file",
    ),
    Case(
        "a named pipe as site.yml",
        lambda s: (s / "site.yml").unlink() or os.mkfifo(s / "site.yml"),
        "site.yml: cannot read the config file: it is not a regular file",
    ),
    Case(
        "a story folder that links to itself",
        lambda s: (s / "content" / "loop").symlink_to("loop"),
        warning="content/loop: skipped: a symbolic link that leads to itself (a loop)",
    ),
    Case(
        "a file name that is not UTF-8",
        lambda s: os.rename(story(s) / "beta.md", os.fsencode(story(s)) + b"/caf\xe9.md"),
        "content/talks/caf\\xe9.md: the name is not valid UTF-8 text; rename it",
    ),
    # templates
    Case(
        "a template that is not UTF-8",
        lambda s: template(s, "story.html", b"{% extends 'base.html' %}\n\nCaf\xe9\n"),
        "themes/default/templates/story.html:3: not valid UTF-8 text; save the file as UTF-8",
    ),
    Case(
        "a recursive macro",
        lambda s: template(
            s, "story.html", b"{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}\n"
        ),
        "themes/default/templates/story.html:1: template error while rendering "
        "talks/index.html: a macro, include or block calls itself without end; "
        "make the repetition stop",
    ),
    # YAML bombs and aliases
    Case(
        "an alias bomb in site.yml",
        lambda s: site_yml(s, "alignment:\n  aliases:\n" + laughs("    ") + "title: *a8\n"),
        "site.yml:3: YAML anchors (&a0) are not supported; write each value out in full",
    ),
    Case(
        "an alias bomb in alignments.yml",
        lambda s: overrides(s, "labels:\n  alpha/p-1: " + laughs(flow=True) + "\n"),
        "content/talks/alignments.yml:2: YAML anchors (&a0) are not supported; write each "
        "value out in full",
    ),
    Case(
        "an alias bomb in front matter",
        lambda s: (story(s) / "alpha.md").write_text(
            "---\n" + laughs() + "title: *a8\noutlet: O\n---\n\nTalks.\n"
        ),
        f"{EIGHT}:2: YAML anchors (&a0) are not supported; write each value out in full",
    ),
    Case(
        "20,000 aliases",
        lambda s: site_yml(s, "title: &t T\nloaded_words: [" + ", ".join(["*t"] * 20_000) + "]\n"),
        "site.yml:1: YAML anchors (&t) are not supported; write each value out in full",
    ),
    # sizes and time
    Case(
        "a 20 MB word",
        lambda s: article(s, body="w" * 20_000_000),
        f"{EIGHT}:6: a word of 20,000,000 characters ('" + "w" * 29 + "…'); no word is longer "
        "than 10,000: remove it, or put spaces in it",
    ),
    Case("200 KB of initials", lambda s: article(s, body="J. K. " * 34_000)),
    Case("100 KB of Mr. Smith", lambda s: article(s, body="Mr. Smith " * 10_000)),
    Case(
        "Markdown nested 30 deep",
        lambda s: article(s, body="> " * 30 + "A deep quote about Istanbul."),
        check=lambda s: "A deep quote about Istanbul." in page(s),
    ),
    Case(
        "Markdown nested 150 deep",
        lambda s: article(s, body="Talks in Istanbul.\n\n" + "> " * 150 + "Too deep."),
        warning=f"{EIGHT}:8: block quotes and lists nested more than 100 levels deep",
    ),
    # what the one loader refuses in every file
    Case(
        "a duplicate key in front matter",
        lambda s: article(s, "title: Again\n"),
        f"{EIGHT}:4: duplicate key 'title' (also on line 2); keep one of them",
    ),
    Case(
        "a duplicate key in site.yml",
        lambda s: site_yml(s, "title: T\ntitle: U\n"),
        "site.yml:2: duplicate key 'title' (also on line 1); keep one of them",
    ),
    Case(
        "a duplicate key in alignments.yml",
        lambda s: overrides(s, "link: []\nlink: []\n"),
        "content/talks/alignments.yml:2: duplicate key 'link' (also on line 1); keep one of them",
    ),
    Case(
        "a pair both linked and kept apart",
        lambda s: overrides(
            s, "link:\n  - [alpha/p-1, beta/p-1]\napart:\n  - [beta/p-1, alpha/p-1]\n"
        ),
        "content/talks/alignments.yml:4: [beta/p-1, alpha/p-1] is under both 'link' (line 2) "
        "and 'apart'; keep it under one of them",
    ),
    Case(
        "a list as a label",
        lambda s: overrides(s, "labels:\n  alpha/p-1: [one, two]\n"),
        "content/talks/alignments.yml:2: the label of alpha/p-1 must be a text such as "
        "\"Ceasefire offer\", not ['one', 'two']",
    ),
    Case(
        "a list where a mapping belongs",
        lambda s: site_yml(s, "title: T\nalignment: [1, 2]\n"),
        "site.yml:2: 'alignment' must be a mapping of keys to values (key: value lines), "
        "not [1, 2]",
    ),
    Case(
        "a huge value in an error",
        lambda s: site_yml(s, "title: [" + ", ".join(["x" * 100] * 10_000) + "]\n"),
        "site.yml:1: 'title' must be a non-empty text, got ['"
        + "x" * 19
        + "…', '"
        + "x" * 19
        + "…', …]",
    ),
    # control characters, escaping, privacy
    Case(
        "escape codes in a front matter key",
        lambda s: article(s, '"\\e[31mred\\e[0m": x\n'),
        warning=f"{EIGHT}:4: unknown front matter key '\\x1b[31mred\\x1b[0m' is ignored",
    ),
    Case(
        "NUL and ESC in values and text",
        lambda s: article(
            s, 'author: "\\e[2J\\0Eve"\n', "x " * 5000 + "Talks \x1b[31m in \x00 Istanbul."
        ),
        check=no_control_characters,
    ),
    Case(
        "markup and & in site_url",
        lambda s: site_yml(
            s, "title: T\nsite_url: 'https://x.example/?a=1&b=<script>alert(1)</script>'\n"
        ),
        check=sitemap_is_xml_with_the_address,
    ),
    Case(
        "an image on another site",
        lambda s: article(s, body="![A pixel](https://tracker.example/pixel.png) ![Map](map.png)"),
        check=remote_images_are_links,
    ),
    # publishing
    Case(
        "gh-deploy without an origin remote",
        lambda s: git_repository(s),
        "this repository has no remote named 'origin'; add it with 'git remote add origin URL', "
        "name another with --remote, or use --no-push to only commit the site",
        command=("gh-deploy",),
    ),
    Case(
        "gh-deploy with an invalid branch name",
        lambda s: git_repository(s, "origin", "https://example.invalid/site.git"),
        "'a..b' is not a valid git branch name; choose another --branch, such as gh-pages",
        command=("gh-deploy", "--branch", "a..b"),
    ),
]
# Every case of issue 15 has a row (40 or more), each under a name of its own.
assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)


def small_site(root: Path) -> Path:
    """A site of one story with two articles at `root`, built."""
    (root / "content" / "talks").mkdir(parents=True)
    (root / "site.yml").write_text("title: Test site\n", encoding="utf-8")
    story_md(root, "---\ntitle: The talks\n---\n\nTwo outlets, one story.\n")
    article(root, "date: 2022-03-29\n", "Negotiators from Moscow and Kyiv met in Istanbul.")
    write_article(story(root), "beta", "Negotiators of Moscow and Kyiv met on Tuesday in Istanbul.")
    assert run(root, "build", "-q").returncode == 0
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A small site, built once; each row breaks a copy of it."""
    return small_site(tmp_path_factory.mktemp("built") / "site")


def run(site: Path, *command: str, timeout: float = HANG_GUARD) -> subprocess.CompletedProcess:
    """`site-builder COMMAND --config site/site.yml` run in `site`, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *command, "--config", str(site / "site.yml")],
        cwd=site,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(site.parent)},
    )


def output_hash(site: Path) -> str:
    digest = hashlib.sha256()
    for path, content in tree_bytes(site / "output").items():
        digest.update(path.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_input_builds_or_gives_one_line(built, tmp_path, case):
    site = tmp_path / "site"
    shutil.copytree(built, site, symlinks=True)
    case.make(site)
    before = output_hash(site)
    try:
        result = run(site, *case.command)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: no answer within {HANG_GUARD} s")
    stderr = result.stderr.decode("utf-8")  # strict: what a terminal gets is valid UTF-8
    assert "Traceback" not in stderr and "\x1b" not in stderr, stderr[:2000]
    if case.error is not None:
        where = "" if case.command[0] == "gh-deploy" else f"{site}/"
        assert result.returncode == 1, stderr[:2000]
        assert stderr == f"Error: {where}{case.error}\n"
        assert output_hash(site) == before
    else:
        assert result.returncode == 0, stderr[:2000]
        if case.warning is not None:
            assert f"WARNING: {site}/{case.warning}" in stderr, stderr
        if case.check is not None:
            assert case.check(site) is not False


PIXEL = "https://tracker.example/pixel.png"


def test_an_image_on_another_site_is_not_requested_by_the_browser(browser, site):
    write_article(
        site / "content" / "talks",
        "gamma",
        f"![A pixel]({PIXEL}) ![Logo](//cdn.example/logo.png) talks in Istanbul.",
        outlet="Gamma",
    )
    assert run(site, "build", "-q").returncode == 0
    with served(site / "output") as url:
        context = browser.new_context()
        page_ = context.new_page()
        requests: list[str] = []
        page_.on("request", lambda request: requests.append(request.url))
        for path in ("talks/index.html", "talks/gamma/index.html"):
            page_.goto(url + path)
            page_.wait_for_load_state("networkidle")
        assert requests and all(r.startswith(url) for r in requests)
        link = page_.locator("a.remote-image").first
        assert link.get_attribute("href") == PIXEL
        assert link.inner_text() == f"Image: A pixel ({PIXEL})"
        context.close()


def test_a_crafted_site_url_runs_nothing_when_the_sitemap_is_opened(browser, site):
    payload = "<script xmlns='http://www.w3.org/1999/xhtml'>window.__pwned = 1</script>"
    (site / "site.yml").write_text(f'title: T\nsite_url: "https://x.example/{payload}"\n')
    assert run(site, "build", "-q").returncode == 0
    with served(site / "output") as url:
        page_ = browser.new_page()
        page_.goto(url + "sitemap.xml")
        assert page_.evaluate("window.__pwned") is None
        assert payload in page_.content().replace("&lt;", "<").replace("&gt;", ">")
        page_.close()
