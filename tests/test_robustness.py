"""Every mistake a user can make ends in one clear line, and the last good site survives."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_build, served, theme_file, tree_bytes, write_article


def article(site: Path, name: str = "alpha.md") -> Path:
    return site / "content" / "talks" / name


def set_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def make_template_broken(site: Path) -> None:
    template = theme_file(site, "templates/story.html")
    set_text(template, template.read_text().replace("{% block main %}", "{% block main %}{% if"))


def make_template_fail(site: Path) -> None:
    template = theme_file(site, "templates/story.html")
    set_text(
        template,
        template.read_text().replace("{{ story.intro_html|safe }}", "{{ story.no_such_field }}"),
    )


def link_outside(site: Path) -> None:
    outside = site.parent / "elsewhere.md"
    set_text(outside, "---\ntitle: T\noutlet: O\n---\n\nSecret.\n")
    article(site, "linked.md").symlink_to(outside)


# (what goes wrong, how to make it happen, what the one line says)
FAILURES = [
    (
        "malformed YAML front matter",
        lambda s: set_text(article(s), "---\ntitle: [unclosed\noutlet: O\n---\n\nText.\n"),
        "alpha.md:2: invalid YAML in front matter",
    ),
    (
        "front matter that is not a mapping",
        lambda s: set_text(article(s), "---\n- a list\n---\n\nText.\n"),
        "alpha.md:2: front matter must be 'key: value' lines",
    ),
    (
        "missing title",
        lambda s: set_text(article(s), "---\noutlet: O\n---\n\nText.\n"),
        "alpha.md:1: front matter is missing 'title' (add a line 'title: ...'",
    ),
    (
        "missing outlet",
        lambda s: set_text(article(s), "---\ntitle: T\n---\n\nText.\n"),
        "alpha.md:1: front matter is missing 'outlet'",
    ),
    (
        "a date that is not a date",
        lambda s: set_text(article(s), "---\ntitle: T\noutlet: O\ndate: next Tuesday\n---\n\nX.\n"),
        "alpha.md:4: date 'next Tuesday' is not a date; write it as YYYY-MM-DD",
    ),
    (
        "a url that is not a web address",
        lambda s: set_text(
            article(s), "---\ntitle: T\noutlet: O\nurl: javascript:alert(1)\n---\n\nText.\n"
        ),
        "alpha.md:4: url 'javascript:alert(1)' is not a web address",
    ),
    (
        "non-UTF-8 file",
        lambda s: article(s).write_bytes(b"---\ntitle: T\noutlet: O\n---\n\nCaf\xe9.\n"),
        "alpha.md:6: not valid UTF-8 text; save the file as UTF-8",
    ),
    (
        "empty article",
        lambda s: set_text(article(s), "---\ntitle: T\noutlet: O\n---\n"),
        "alpha.md:5: article has no text: write its paragraphs below the front matter",
    ),
    (
        "binary file posing as an article",
        lambda s: article(s, "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR"),
        "photo.md: not a text file (binary content); remove it from content/",
    ),
    (
        "two articles with the same address",
        lambda s: shutil.copy(article(s), article(s, "Alpha.md")),
        "two articles get the address 'alpha'",
    ),
    (
        "a story folder named like the theme's files",
        lambda s: shutil.copytree(s / "content" / "talks", s / "content" / "Static"),
        "Static: a story cannot have the address 'static': the theme's files are published",
    ),
    (
        "a story with no articles",
        lambda s: (
            (s / "content" / "empty").mkdir()
            or set_text(s / "content" / "empty" / "_story.md", "---\ntitle: Empty\n---\n")
        ),
        "empty: story has no articles: add one Markdown file per article",
    ),
    (
        "unknown site.yml key",
        lambda s: set_text(s / "site.yml", "title: T\ncolour: red\n"),
        "site.yml:2: unknown key 'colour'; allowed keys:",
    ),
    (
        "site.yml value of the wrong type",
        lambda s: set_text(s / "site.yml", "title: [1, 2]\n"),
        "site.yml:1: 'title' must be a non-empty text",
    ),
    (
        "unknown theme",
        lambda s: set_text(s / "site.yml", "title: T\ntheme: fancy\n"),
        "site.yml:2: unknown theme 'fancy'; available: default",
    ),
    (
        "threshold out of range",
        lambda s: set_text(s / "site.yml", "title: T\nalignment:\n  threshold: 7\n"),
        "site.yml:3: 'alignment.threshold' must be from 0.0 to 1.0, got 7",
    ),
    (
        "overrides naming an unknown passage",
        lambda s: set_text(
            s / "content" / "talks" / "alignments.yml", "link:\n  - [alpha/p-1, beta/p-9]\n"
        ),
        "alignments.yml:2: unknown passage 'p-9' in 'beta/p-9'; beta has p-1 to p-2",
    ),
    ("a syntax error in a theme template", make_template_broken, "story.html:10: template error:"),
    (
        "a template that uses a missing value",
        make_template_fail,
        "story.html:11: template error while rendering talks/index.html:",
    ),
    (
        "a symbolic link leading outside the site",
        link_outside,
        "linked.md: symbolic link to a place outside the site",
    ),
]


@pytest.mark.parametrize("what, breaks, message", FAILURES, ids=[f[0] for f in FAILURES])
def test_a_mistake_gives_one_line_and_leaves_the_last_site(site, what, breaks, message):
    assert run_build(site, "-q").returncode == 0
    before = tree_bytes(site / "output")
    breaks(site)
    result = run_build(site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_bytes(site / "output") == before


def test_an_unknown_front_matter_key_is_a_warning_naming_the_allowed_ones(site):
    set_text(article(site), "---\ntitle: T\noutlet: O\ncolour: red\n---\n\nText.\n")
    result = run_build(site)
    assert result.returncode == 0
    assert (
        "WARNING: " in result.stderr
        and "alpha.md:4: unknown front matter key 'colour' is "
        "ignored; allowed keys: title, outlet, date, author, url, lang, translated_from, "
        "kind"
    ) in result.stderr


def test_a_story_with_one_article_builds_and_says_there_is_nothing_to_align(site):
    solo = site / "content" / "solo"
    solo.mkdir()
    write_article(solo, "only", "The only outlet that reported it.")
    result = run_build(site, "--jobs", "1")
    assert result.returncode == 0
    assert "solo: one article, nothing to align" in result.stderr
    assert (site / "output" / "solo" / "only" / "index.html").is_file()


def test_an_image_beside_the_articles_is_ignored(site, tmp_path):
    without = run_build(site, "--output", str(tmp_path / "without"))
    (site / "content" / "talks" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_build(site, "--output", str(tmp_path / "with"))
    assert (result.returncode, result.stderr) == (0, without.stderr)  # no word about it
    assert tree_bytes(tmp_path / "with") == tree_bytes(tmp_path / "without")


@pytest.mark.parametrize(
    "target, message",
    [
        (
            "file",
            "the output path is a file, not a folder; choose another folder for the site "
            "(output_dir in site.yml, or --output)",
        ),
        (
            "/proc/site-builder-output",  # no folder can be made in /proc, even by root
            "/proc/site-builder-output: cannot write the site here: No such file or directory "
            "(/proc/.site-builder-output.new-",
        ),
    ],
)
def test_an_output_path_that_cannot_hold_the_site_is_named(site, target, message):
    shutil.copytree(site / "content" / "talks", site / "content" / "more-talks")  # two
    # stories: built in worker processes, which the output's folder is opened for first
    path = site / "a-file" if target == "file" else Path(target)
    if target == "file":
        path.write_text("not a folder")
    result = run_build(site, "--output", str(path))
    assert result.returncode == 1 and message in result.stderr
    assert "choose another folder for the site (output_dir in site.yml, or --output)" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_5_mb_article_builds(site):
    rng = random.Random(5)
    words = (
        "negotiators met in Istanbul and discussed guarantees ceasefire troops "
        "withdrawal sanctions proposals neutrality Crimea Donbas"
    ).split()
    paragraphs, size = [], 0
    while size < 5_000_000:
        paragraph = " ".join(rng.choice(words) for _ in range(80)).capitalize() + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    set_text(
        article(site, "huge.md"),
        "---\ntitle: Huge\noutlet: Big\n---\n\n" + "\n\n".join(paragraphs) + "\n",
    )
    result = run_build(site, "-q")
    assert result.returncode == 0, result.stderr
    assert (site / "output" / "talks" / "huge" / "index.html").stat().st_size > 5_000_000


PAYLOADS = {
    "script": "<script>window.__pwned = 1</script>",
    "image": '<img src=x onerror="window.__pwned = 2">',
    "closing": "</script><script>window.__pwned = 3</script>",
}


@pytest.fixture
def hostile_site(site):
    """A site whose article text, title and outlet carry script payloads."""
    body = "\n\n".join(
        [
            f"Raw HTML: {PAYLOADS['script']} and {PAYLOADS['image']} in Istanbul talks.",
            f"Closing tag {PAYLOADS['closing']} in Istanbul talks.",
            "[a javascript link](javascript:window.__pwned=4) [vb](vbscript:x) "
            "[data](data:text/html,<script>window.__pwned=5</script>) in Istanbul talks.",
        ]
    )
    write_article(
        site / "content" / "talks",
        "hostile",
        body,
        title='"><script>window.__pwned = 6</script>',
        outlet='\'" onmouseover="window.__pwned = 7',
    )
    assert run_build(site, "-q").returncode == 0
    with served(site / "output") as url:
        yield url


@pytest.mark.parametrize("path", ["index.html", "talks/index.html", "talks/hostile/index.html"])
def test_nothing_in_an_article_runs_in_the_readers_browser(browser, hostile_site, path):
    page = browser.new_page()
    page.goto(hostile_site + path)
    page.evaluate("""() => document.querySelectorAll('*').forEach(el => {
        for (const type of ['mouseover', 'focus', 'click']) {
            if (type === 'click' && el.closest('a')) continue;  // stay on this page
            el.dispatchEvent(new Event(type, {bubbles: true}));
        }})""")
    assert page.evaluate("window.__pwned") is None
    assert (
        page.evaluate("""() => document.querySelectorAll(
        'script:not([src]), [onerror], [onmouseover], [onclick], a[href^="javascript:"], '
        + 'a[href^="vbscript:"], a[href^="data:"], iframe, object, embed').length""")
        == 0
    )
    text = page.inner_text("body")
    if path != "index.html":
        assert "<script>window.__pwned = 6</script>" in text  # the title, shown as text
    if path == "talks/hostile/index.html":
        for payload in PAYLOADS.values():
            assert payload in text
    page.close()


def test_builds_in_different_folders_with_files_made_in_other_orders_are_identical(site, tmp_path):
    copies = []
    for number, order in enumerate((sorted, lambda paths: sorted(paths, reverse=True))):
        target = tmp_path / f"copy-{number}"
        target.mkdir()
        for source in order(p for p in site.rglob("*") if p.is_file()):
            destination = target / source.relative_to(site)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            os.utime(destination, (1_000_000 + number, 1_000_000 + number))
        assert run_build(target, "-q").returncode == 0
        copies.append(tree_bytes(target / "output"))
    assert copies[0] == copies[1]
    for content in copies[0].values():
        assert str(tmp_path).encode() not in content  # no absolute paths leak


def test_bundled_site_output_has_no_absolute_paths(tmp_path):
    result = subprocess.run(
        [
            *(sys.executable, "-m", "site_builder", "build", "-q", "--no-cache"),
            *("--output", str(tmp_path / "out")),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    for content in tree_bytes(tmp_path / "out").values():
        assert str(REPO).encode() not in content and str(tmp_path).encode() not in content
