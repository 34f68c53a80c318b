"""The output folder is the only thing a build changes: it never deletes what it did not
write, never writes outside the output folder, and an interrupted build leaves the
previous site or the new one, whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.cache import CACHE_DIR, BuildCache
from site_builder.config import load_config
from site_builder.theme import BUILTIN_THEMES
from site_builder.write import MARKER
from tests.conftest import REPO, edit_one_article, three_stories, tree_bytes, write_article


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
                digest.update(b"link " + os.readlink(path).encode())
            elif os.path.isfile(path):
                digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def site_inputs_hash(site: Path, output: str = "output") -> str:
    """A hash of the site's own files: everything but the output and the cache."""
    digest = hashlib.sha256()
    for entry in sorted(site.iterdir()):
        if entry.name not in (output, CACHE_DIR) and not entry.name.startswith(f".{output}."):
            digest.update(entry.name.encode() + folder_hash(entry).encode())
    return digest.hexdigest()


@dataclass
class Case:
    """One hostile output: how to make it, the command, and what must come of it."""

    name: str
    args: list[str]
    code: int
    message: str = ""
    """What the one line on standard error says (for exit status 1)."""
    setup: Callable[[Path, Path], None] = lambda site, outside: None
    """Makes the case, in the site and in a folder `outside` it."""
    written: str = "output"
    """The folder the site is written to, when the build succeeds (relative to the site)."""
    check: Callable[[Path], None] = lambda site: None
    limit: float = 30.0
    """Seconds the command may take: a guard against hangs."""
    cleanup: Callable[[Path], None] = lambda site: None


def set_output_dir(value: str) -> Callable[[Path, Path], None]:
    def setup(site: Path, outside: Path) -> None:
        with (site / "site.yml").open("a") as settings:
            settings.write(f"output_dir: {value}\n")

    return setup


def own_static_file(site: Path, outside: Path) -> None:
    (site / "themes" / "default" / "static").mkdir(parents=True)
    (site / "themes" / "default" / "static" / "extra.css").write_text("p { color: red }")


def setups(*steps: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    return lambda site, outside: [step(site, outside) for step in steps] and None


def folder_of_documents(name: str) -> Callable[[Path, Path], None]:
    def setup(site: Path, outside: Path) -> None:
        (site / name).mkdir()
        (site / name / "thesis.docx").write_bytes(b"PK\x03\x04 years of work")

    return setup


def empty_folder(site: Path, outside: Path) -> None:
    (site / "EMPTY").mkdir()


def a_file(site: Path, outside: Path) -> None:
    (site / "a-file").write_text("not a folder")


def victim_folder(outside: Path) -> Path:
    """A folder outside the site with a file in it, for links to point at."""
    victim = outside / "victim"
    victim.mkdir(exist_ok=True)
    (victim / "keep.txt").write_text("the user's own file")
    return victim


def link_to_a_folder_outside_then_a_story_of_that_name(site: Path, outside: Path) -> None:
    (site / "output" / "newstory").symlink_to(victim_folder(outside))
    story = site / "content" / "newstory"
    story.mkdir()
    write_article(story, "one", "Officials met in Geneva on Monday.")
    write_article(story, "two", "In Geneva, officials met on Monday.")


def link_to_a_file_outside_as_a_page(site: Path, outside: Path) -> None:
    page = site / "output" / "talks" / "alpha" / "index.html"
    page.unlink()
    page.symlink_to(victim_folder(outside) / "keep.txt")
    edit_one_article(site)


def link_to_a_folder_outside_as_the_static_folder(site: Path, outside: Path) -> None:
    shutil.rmtree(site / "output" / "static")
    (site / "output" / "static").symlink_to(victim_folder(outside))


def link_to_a_file_outside_as_the_marker(site: Path, outside: Path) -> None:
    (site / "output" / MARKER).unlink()
    (site / "output" / MARKER).symlink_to(victim_folder(outside) / "keep.txt")
    edit_one_article(site)


def is_a_real_folder(relative: str) -> Callable[[Path], None]:
    def check(site: Path) -> None:
        assert not (site / relative).is_symlink() and (site / relative).is_dir()

    return check


def documents_replaced(site: Path) -> None:
    assert not (site / "DOCS" / "thesis.docx").exists()  # the user asked for it
    assert (site / "DOCS" / MARKER).is_file()


REFUSED_PLACE = "a build replaces everything in its output folder, so give it a folder of its own"

CASES = [
    Case(
        "output_dir: . (the site's folder)",
        [],
        1,
        "site.yml:6: 'output_dir: .' is the site's folder",
        set_output_dir("."),
    ),
    Case(
        "output_dir: content",
        [],
        1,
        "site.yml:6: 'output_dir: content' is the content folder (content); " + REFUSED_PLACE,
        set_output_dir("content"),
    ),
    Case(
        "output_dir: a story's folder",
        [],
        1,
        "site.yml:6: 'output_dir: content/talks' lies inside the content folder",
        set_output_dir("content/talks"),
    ),
    Case(
        "output_dir: content/out",
        [],
        1,
        "site.yml:6: 'output_dir: content/out' lies inside the content folder",
        set_output_dir("content/out"),
    ),
    Case(
        "output_dir: themes",
        [],
        1,
        "site.yml:6: 'output_dir: themes' is the site's themes folder",
        setups(own_static_file, set_output_dir("themes")),
    ),
    Case(
        "output_dir: themes/default/static",
        [],
        1,
        "'output_dir: themes/default/static' lies inside the site's themes folder",
        setups(own_static_file, set_output_dir("themes/default/static")),
    ),
    Case("--output .", ["--output", "."], 1, "--output .: ", limit=30),
    Case("--output .. (the site's parent)", ["--output", ".."], 1, "contains the site's folder"),
    Case("--output content", ["--output", "content"], 1, "is the content folder (content)"),
    Case(
        "--output the built-in theme",
        ["--output", str(BUILTIN_THEMES / "default" / "static")],
        1,
        "lies inside site-builder's own code and built-in theme",
    ),
    Case(
        "--output site-builder's repository",
        ["--output", str(REPO)],
        1,
        f"--output {REPO}: {REPO} is the repository site-builder runs from",
    ),
    Case(
        "--output a folder of the user's documents",
        ["--output", "DOCS"],
        1,
        "DOCS: this folder holds files site-builder did not write (thesis.docx) and a build "
        "replaces everything in its output folder; choose a new or empty folder, or pass "
        "--force-output to replace its contents",
        folder_of_documents("DOCS"),
    ),
    Case(
        "--output a folder of the user's documents, --force-output",
        ["--output", "DOCS", "--force-output"],
        0,
        setup=folder_of_documents("DOCS"),
        written="DOCS",
        check=documents_replaced,
    ),
    Case(
        "--output an empty folder",
        ["--output", "EMPTY"],
        0,
        setup=empty_folder,
        written="EMPTY",
    ),
    Case(
        "--output a file",
        ["--output", "a-file"],
        1,
        "a-file: the output path is a file, not a folder; choose another --output",
        a_file,
    ),
    Case(
        "a link in the output to a folder outside, then a story of that name",
        [],
        0,
        setup=link_to_a_folder_outside_then_a_story_of_that_name,
        check=is_a_real_folder("output/newstory"),
    ),
    Case(
        "a link in the output to a file outside, as a page that changes",
        [],
        0,
        setup=link_to_a_file_outside_as_a_page,
    ),
    Case(
        "a link in the output to a folder outside, as the static folder",
        [],
        0,
        setup=link_to_a_folder_outside_as_the_static_folder,
        check=is_a_real_folder("output/static"),
    ),
    Case(
        "a link in the output to a file outside, as the marker",
        [],
        0,
        setup=link_to_a_file_outside_as_the_marker,
    ),
]


def run_build(site: Path, args: list[str], limit: float) -> subprocess.CompletedProcess:
    """`site-builder build ARGS` run in `site`, as a user would, within `limit` seconds."""
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "-q", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=limit,
        env={**os.environ, "XDG_CACHE_HOME": str(site.parent / "user-cache")},
    )


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_output_folder(tmp_path_factory, site, case):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))  # the previous site
    outside = tmp_path_factory.mktemp("outside")
    try:
        case.setup(site, outside)
        everything, elsewhere = folder_hash(site), folder_hash(outside)
        inputs = site_inputs_hash(site, case.written)
        started = time.monotonic()
        result = run_build(site, case.args, case.limit)
        assert time.monotonic() - started < case.limit
        assert result.returncode == case.code, result.stderr
        assert "Traceback" not in result.stderr
        assert folder_hash(outside) == elsewhere  # nothing written outside the output
        if case.code:
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
            assert case.message in result.stderr, result.stderr
            assert folder_hash(site) == everything  # nothing touched
        else:
            assert site_inputs_hash(site, case.written) == inputs
            cold = outside / "cold"
            build(load_config(site / "site.yml", output_dir=cold))
            assert tree_bytes(site / case.written) == tree_bytes(cold)
            assert not list(site.glob(f".{case.written}.*"))  # nothing left beside it
        case.check(site)
    finally:
        case.cleanup(site)


def test_a_story_folder_named_unlike_its_address_keeps_its_pages(site, tmp_path):
    """content/Second Story/ is published as second-story/: cache, output stamp and
    pages all know it by that one name."""
    config = three_stories(site)
    shutil.move(site / "content" / "second", site / "content" / "Second Story")
    build(config, cache=BuildCache(site / CACHE_DIR))
    article = site / "content" / "third" / "one.md"
    article.write_text(article.read_text().replace("Monday", "Tuesday"))
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 2 and not report.up_to_date
    for page in ("second-story/index.html", "second-story/one/index.html"):
        assert (config.output_path / page).is_file(), page
    assert 'href="second-story/index.html"' in (config.output_path / "index.html").read_text()
    assert build(config, cache=BuildCache(site / CACHE_DIR)).up_to_date
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"), cache=None)
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")
