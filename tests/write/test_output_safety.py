"""The output folder is the only thing a build changes: it never deletes what it did not
write, never writes outside the output folder, and an interrupted build leaves the
previous site or the new one, whole."""

from __future__ import annotations

import collections
import hashlib
import itertools
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.write import write as write_module
from site_builder.write.cache import CACHE_DIR, BuildCache
from site_builder.write.write import MARKER
from tests.conftest import (
    REPO,
    edit_one_article,
    folder_hash,
    three_stories,
    tree_bytes,
    unreadable_entry,
    write_article,
)


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
    code: int | None
    """The exit status; None: whatever a cold build (--no-cache) ends in, which this
    build must match, error or warning for warning."""
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


def story_folder_named_unlike_its_address(site: Path, outside: Path) -> None:
    shutil.move(site / "content" / "second", site / "content" / "Second Story")
    build(load_config(site / "site.yml"), cache=BuildCache(site / CACHE_DIR))
    article = site / "content" / "third" / "one.md"
    article.write_text(article.read_text().replace("Monday", "Tuesday"))


def has_pages_of(slug: str) -> Callable[[Path], None]:
    def check(site: Path) -> None:
        assert (site / "output" / slug / "one" / "index.html").is_file()

    return check


def entry_named_like_an_article(kind: str) -> Callable[[Path, Path], None]:
    def setup(site: Path, outside: Path) -> None:
        unreadable_entry(kind, site / "content" / "talks")

    return setup


def output_on_a_mount_point(site: Path, outside: Path) -> None:
    """output/ is a file system of its own (tmpfs), already built into once."""
    shutil.rmtree(site / "output")
    (site / "output").mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(site / "output")]
    result = subprocess.run(mount, capture_output=True, text=True)
    if result.returncode:
        pytest.skip(f"cannot mount here: {result.stderr.strip()}")
    build(load_config(site / "site.yml"), cache=BuildCache(site / CACHE_DIR))
    edit_one_article(site)


def still_a_mount_point(site: Path) -> None:
    assert os.path.ismount(site / "output")


def unmount_output(site: Path) -> None:
    if os.path.ismount(site / "output"):
        subprocess.run(["umount", "-l", str(site / "output")], check=True)


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
        ["--output", "{code}/themes/default/static"],
        1,
        "lies inside site-builder's built-in themes",
    ),
    Case(
        "--output site-builder's repository",
        ["--output", "{code}"],
        1,
        "--output {code}: {code} is the repository site-builder runs from",
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
        "a-file: the output path is a file, not a folder; choose another folder for the site "
        "(output_dir in site.yml, or --output)",
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
    Case(
        "an output folder that is a mount point",
        [],
        0,
        setup=output_on_a_mount_point,
        check=still_a_mount_point,
        cleanup=unmount_output,
    ),
    Case(
        "a story folder named unlike its address, another story edited",
        [],
        0,
        setup=story_folder_named_unlike_its_address,
        check=has_pages_of("second-story"),
    ),
    Case(
        "a dangling link named like an article",
        [],
        None,
        setup=entry_named_like_an_article("dangling link"),
    ),
    Case(
        "a looping link named like an article",
        [],
        None,
        setup=entry_named_like_an_article("looping link"),
    ),
    Case(
        "a FIFO named like an article",
        [],
        None,
        setup=entry_named_like_an_article("FIFO"),
        limit=3,
    ),
]


def build_within(
    site: Path, args: list[str], limit: float, quiet=True, code: Path | None = None
) -> subprocess.CompletedProcess:
    """`site-builder build ARGS` run in `site`, as a user would, within `limit` seconds;
    with `code`, site-builder's code as copied there (see code_copy)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(site.parent / "user-cache")}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "build", *(["-q"] if quiet else []), *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=limit,
        env=env,
    )


@pytest.fixture(scope="module")
def code_copy(tmp_path_factory) -> Path:
    """A copy of site-builder's code and pyproject.toml, for the hostile outputs to run:
    a case that points at "the repository site-builder runs from" points at this copy,
    so a build that failed to refuse it would destroy the copy, not the repository
    (as the code before these checks did, when it was tried on them)."""
    root = tmp_path_factory.mktemp("code")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "site_builder", root / "site_builder", ignore=ignore)
    shutil.copytree(REPO / "themes", root / "themes", ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize(
    "case", CASES, ids=[getattr(case, "values", [case])[0].name for case in CASES]
)
def test_a_hostile_output_folder(tmp_path_factory, site, case, code_copy):
    three_stories(site)
    site = shutil.copytree(site, tmp_path_factory.mktemp("hostile") / "site")  # its parent
    build(load_config(site / "site.yml"), cache=BuildCache(site / CACHE_DIR))  # is its own
    outside = tmp_path_factory.mktemp("outside")
    args = [arg.format(code=code_copy) for arg in case.args]
    try:
        case.setup(site, outside)
        everything, elsewhere = folder_hash(site), folder_hash(outside)
        inputs = site_inputs_hash(site, case.written)
        started = time.monotonic()
        result = build_within(site, args, case.limit, code=code_copy)
        assert time.monotonic() - started < case.limit
        assert "Traceback" not in result.stderr
        assert folder_hash(outside) == elsewhere  # nothing written outside the output
        if case.code is None:  # a cached build meets what a cold build meets
            cold = build_within(
                site, [*args, "--no-cache", "--output", "cold"], case.limit, code=code_copy
            )
            assert (result.returncode, result.stderr) == (cold.returncode, cold.stderr)
            assert result.returncode == 0 or result.stderr.count("\n") == 1
            if result.returncode == 0:
                assert tree_bytes(site / case.written) == tree_bytes(site / "cold")
            return
        assert result.returncode == case.code, result.stderr
        if case.code:
            assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
            assert case.message.format(code=code_copy) in result.stderr, result.stderr
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
    story_folder_named_unlike_its_address(site, tmp_path)  # built, then another story edited
    report = build(config, cache=BuildCache(site / CACHE_DIR))
    assert report.reused == 2 and not report.up_to_date
    for page in ("second-story/index.html", "second-story/one/index.html"):
        assert (config.output_path / page).is_file(), page
    assert 'href="second-story/index.html"' in (config.output_path / "index.html").read_text()
    assert build(config, cache=BuildCache(site / CACHE_DIR)).up_to_date
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"), cache=None)
    assert tree_bytes(config.output_path) == tree_bytes(tmp_path / "cold")


@pytest.mark.parametrize("name", ["notes:old.txt", "a\\b"])
def test_a_file_added_by_hand_to_a_mount_point_goes_whatever_its_name(
    site, monkeypatch, tmp_path, name
):
    """A mount point is written into (see write.py), removing what the user added by
    hand by its name on disk: a name with ":" or "\\" is removed like any other, and
    the builds after it go on (":" once stopped this build and every later one)."""
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    output = config.output_path
    monkeypatch.setattr(write_module.os.path, "ismount", lambda path: Path(path) == output)
    (output / name).write_text("added by hand\n")
    edit_one_article(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    assert not (output / name).exists() and not (output / write_module.JOURNAL).exists()
    assert build(config, cache=BuildCache(site / CACHE_DIR)).up_to_date
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(output) == tree_bytes(tmp_path / "cold")


# --- interrupted builds ---------------------------------------------------------------
#
# Each trial starts from the same state (a site built twice, so the cache holds the
# site before last too, then a few stories edited), runs `site-builder build` in a
# child process and stops it: at a random moment with Ctrl-C (SIGINT to its process
# group, as a terminal sends it) or kill -9 (SIGKILL to the build); or at its n-th
# change to the file system. The output folder must then hold the old site or the
# new one, byte for byte, and after the next build the new one, with nothing left
# over. Children are forked from a server that has imported site-builder, so a
# trial costs a build, not a start-up.

pytestmark_interrupted = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="trials fork a server and use /proc"
)


def cli_child(argv: list[str], cwd: str, log: str, stop_at: int | None, how: int) -> None:
    """Run `site-builder ARGV` in `cwd`, its output in `log`: the child's whole life.
    With `stop_at`, stop (`how`: SIGKILL, or SIGINT as a KeyboardInterrupt) at that
    change to the file system; else write how many changes the build made."""
    os.setpgrp()  # a group of its own, as a shell gives a command: Ctrl-C reaches them all
    # Ctrl-C as a terminal's command meets it, even where the tests run as a shell's
    # background job, with it ignored (the fork server, and so this process, inherit
    # that: no Ctrl-C would land, and the trials would test nothing)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.chdir(cwd)
    from site_builder.commands import helper
    from site_builder.commands.cli import main

    # A rebuild forks its helper only where a core is idle at that moment; without it,
    # worker processes write the pages (changes this process does not count). Each
    # trial builds as on an idle machine, so every run makes the same changes.
    helper._a_core_is_idle = lambda: True

    steps = count_file_system_changes(stop_at, how)
    code = 130  # Ctrl-C outside main (ours, not the build's) would be a traceback
    try:
        sys.stdout = sys.stderr = open(log, "w", buffering=1)  # noqa: SIM115  (the build
        code = main(argv)  # begins: the test's clock starts when the log appears)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with open(log + ".ended", "w") as ended:  # not a counted change (Path.write_text)
            ended.write(repr(time.monotonic()))  # on the clock all processes share
        Path(log + ".steps").write_text(str(next(steps) - 1))
    except KeyboardInterrupt:
        pass
    os._exit(code)


def count_file_system_changes(stop_at: int | None, how: int):
    """From now on in this process, count each change to the file system and stop at
    the `stop_at`-th; the counter."""
    import pathlib

    from site_builder.write import write

    steps = itertools.count(1)
    build_process = os.getpid()  # not its workers

    def counted(function):
        def step(*args, **kwargs):
            if os.getpid() == build_process and next(steps) == stop_at:
                if how == signal.SIGKILL:
                    os.kill(os.getpid(), signal.SIGKILL)
                raise KeyboardInterrupt
            return function(*args, **kwargs)

        return step

    for name in ("rename", "replace", "link", "unlink", "mkdir", "rmdir"):
        setattr(os, name, counted(getattr(os, name)))
    write._exchange = counted(write._exchange)
    write._write_new = counted(write._write_new)
    pathlib.Path.write_bytes = counted(pathlib.Path.write_bytes)
    pathlib.Path.write_text = counted(pathlib.Path.write_text)
    return steps


def cli_process(argv: list[str], cwd: Path, log: Path, stop_at=None, how=signal.SIGKILL):
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        [__name__, "site_builder.commands.cli", "site_builder.commands.build"]
    )
    process = context.Process(target=cli_child, args=(argv, str(cwd), str(log), stop_at, how))
    process.start()
    return process


def group_alive(group: int) -> bool:
    """Whether a process of process group `group` is still running (not a zombie
    waiting for its parent to note its end)."""
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == group:
                return True
    return False


@dataclass
class Trials:
    """A site in two states, old and new, and a way back to the start of a trial."""

    site: Path
    start: Path
    old: dict[str, bytes]
    new: dict[str, bytes]
    started: float = 0.0
    """When the last build began."""

    def restore(self) -> None:
        shutil.rmtree(self.site)
        subprocess.run(["cp", "-a", str(self.start), str(self.site)], check=True)

    def run(self, argv, *, after: float | None = None, stop_at=None, how=signal.SIGKILL) -> int:
        """Run a build; `after` seconds, press Ctrl-C (SIGINT to its process group) or
        kill -9 it (SIGKILL to the build), as `how` says; its exit status."""
        self.log.unlink(missing_ok=True)
        self.ended.unlink(missing_ok=True)
        process = cli_process(argv, self.site, self.log, stop_at, how)
        while not self.log.exists() and process.is_alive():
            time.sleep(0.001)  # until the build has a process group and starts
        self.started = time.monotonic()
        if after is not None:
            time.sleep(after)
            with suppress(ProcessLookupError):
                if how == signal.SIGINT:
                    os.killpg(process.pid, how)
                else:
                    os.kill(process.pid, how)
        process.join(timeout=20)
        if process.exitcode is None:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"the build hangs: {argv}, stopped after {after} s or step {stop_at}")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and group_alive(process.pid):
            time.sleep(0.01)
        assert not group_alive(process.pid), "worker processes outlive the build"
        return process.exitcode

    @property
    def log(self) -> Path:
        return self.site.parent / "log.txt"

    @property
    def ended(self) -> Path:
        """Where the build notes (time.monotonic()) when its main() returned."""
        return self.site.parent / "log.txt.ended"

    def seconds(self) -> float:
        """How long the last build's main() ran, from when the build began (its log
        appeared): the span a signal must fall in to stop it mid-way (the process's
        end, and the wait for it, come after)."""
        return float(self.ended.read_text()) - self.started

    def check_stopped_then_next(self) -> str:
        """After a stopped build: the output holds the old site or the new, whole; the
        next build makes it the new one and leaves nothing behind. Which it held."""
        found = tree_bytes(self.site / "output")
        assert found in (self.old, self.new), sorted(found.keys() ^ self.new.keys())
        assert self.run(KINDS["rebuild"]) == 0, self.log.read_text()
        assert tree_bytes(self.site / "output") == self.new
        assert self.leftovers() == []
        return "old" if found == self.old else "new"

    def leftovers(self) -> list[str]:
        """What builds leave that they should not: anything beside the output that is
        not the site's, temporary files anywhere, staged files in the output."""
        beside = [p.name for p in self.site.iterdir() if p.name.startswith(".output")]
        temporary = [str(p) for p in self.site.rglob("*.tmp")]
        inside = [p.name for p in (self.site / "output").glob(".site-builder-[js]*")]
        return beside + temporary + inside


@pytest.fixture(scope="module")
def trials(tmp_path_factory) -> Trials:
    root = tmp_path_factory.mktemp("interrupted")
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yml").write_text("title: Interrupted\n")
    for number in range(4):
        story = site / "content" / f"story-{number}"
        story.mkdir()
        for outlet in ("one", "two"):
            write_article(
                story,
                outlet,
                f"Officials of city {number} met in Geneva on Monday, {outlet} reports.\n\n"
                f"The talks in Geneva about city {number} went on until late.",
            )

    def edit(number: int, word: str) -> None:
        article = site / "content" / f"story-{number}" / "two.md"
        article.write_text(article.read_text().replace("Monday", word))

    build(load_config(site / "site.yml"), cache=BuildCache(site / CACHE_DIR))
    edit(0, "Sunday")
    build(load_config(site / "site.yml"), cache=BuildCache(site / CACHE_DIR))  # the old site
    old = tree_bytes(site / "output")
    for number in (1, 3):  # a few stories change
        edit(number, "Tuesday")
    build(load_config(site / "site.yml", output_dir=root / "new"))
    start = root / "start"
    subprocess.run(["cp", "-a", str(site), str(start)], check=True)  # keeps hard links
    return Trials(site, start, old, tree_bytes(root / "new"))


KINDS = {"full build": ["build", "-q", "--jobs", "1", "--no-cache"], "rebuild": ["build", "-q"]}


@pytestmark_interrupted
@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["Ctrl-C", "kill -9"])
def test_a_build_stopped_at_a_random_moment_leaves_the_old_site_or_the_new(trials, kind, how):
    """20 trials, each at a random moment within the build's own run (timed just before,
    from its start to its main()'s end). A trial whose build had ended before the signal
    (exit 0: a busy machine ran this build faster, or woke the test late) still checks
    the output, and is tried again at another moment, up to RETRIES times: each trial
    stops its build mid-way, which the exit status says (130, or killed)."""
    trials.restore()
    assert trials.run(KINDS[kind]) == 0
    duration = trials.seconds()
    rng = random.Random(f"{kind} {how}")
    seen = collections.Counter()
    for _ in range(20):
        for _ in range(RETRIES):
            trials.restore()
            code = trials.run(KINDS[kind], after=rng.uniform(0, duration), how=how)
            assert code in (0, 130, -signal.SIGKILL), (code, trials.log.read_text())
            seen[f"exit {code}, output {trials.check_stopped_then_next()}"] += 1
            if code != 0:
                break
        assert code != 0, f"the build ended before the signal {RETRIES} times running"
    print(f"\n{kind}, {how.name}, 20 trials: {dict(sorted(seen.items()))}")


RETRIES = 5
"""How many moments a trial of test_a_build_stopped_at_a_random_moment... tries before
it fails for never stopping the build mid-way."""


@pytestmark_interrupted
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_build_stopped_at_any_change_it_makes_leaves_the_old_site_or_the_new(trials, kind):
    """Stopped at the n-th change to the file system (a file or folder made, linked,
    moved or removed), for every n or every few up to the last change; with kill -9 and
    Ctrl-C in turn."""
    trials.restore()
    assert trials.run(KINDS[kind]) == 0
    changes = int(Path(f"{trials.log}.steps").read_text())
    seen = collections.Counter()
    stride = max(1, changes // 14)
    for number, step in enumerate(range(changes, 0, -stride)):  # the last one included
        trials.restore()
        how = signal.SIGKILL if number % 2 else signal.SIGINT
        code = trials.run(KINDS[kind], stop_at=step, how=how)
        assert code in (130, -signal.SIGKILL), (step, code, trials.log.read_text())
        seen[trials.check_stopped_then_next()] += 1
    print(f"\n{kind}: stopped at {sum(seen.values())} of its {changes} changes: {dict(seen)}")


def test_a_ctrl_c_just_after_a_folder_is_closed_while_removing_stays_a_ctrl_c(
    tmp_path, monkeypatch
):
    """Removing a folder (the old output after the swap, a stage) opens and closes each
    folder in it: a Ctrl-C that lands just after any of those closes is a Ctrl-C (the
    build says "Stopped."), never an OSError (the build said "cannot write the site
    here: Bad file descriptor"); the next removal finishes the job. Every close in turn,
    so the moment is not left to chance."""
    real_close = os.close
    for number in itertools.count(1):
        folder = tmp_path / f"old-{number}"
        for story in range(3):
            (folder / f"story-{story}" / "article").mkdir(parents=True)
            (folder / f"story-{story}" / "article" / "index.html").write_text("page")
        (folder / MARKER).write_text("")
        closes = itertools.count(1)

        def close_then_stop(descriptor: int, number: int = number, closes=closes) -> None:
            real_close(descriptor)
            if next(closes) == number:
                raise KeyboardInterrupt

        monkeypatch.setattr(os, "close", close_then_stop)
        try:
            write_module.remove_tree(folder)
        except KeyboardInterrupt:
            stopped = True
        else:
            stopped = False
        finally:
            monkeypatch.setattr(os, "close", real_close)
        write_module.remove_tree(folder)
        assert not folder.exists()
        if not stopped:  # past the last close
            break
    assert number > 4  # the removal closed a folder at least once per story, and its own


# --- a full disk, a read-only site ----------------------------------------------------


@contextmanager
def mounted(target: Path, *options: str, then: tuple[str, ...] = ()):
    """Mount (`mount OPTIONS TARGET`, then `mount THEN TARGET` if given) for the time of
    the block; skips the test where this process may not mount (not root, or in a
    container that forbids it)."""
    result = subprocess.run(["mount", *options, str(target)], capture_output=True)
    if result.returncode:
        pytest.skip(f"cannot mount here: {result.stderr.decode().strip()}")
    try:
        if then:
            subprocess.run(["mount", *then, str(target)], check=True)
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=True)


@pytest.fixture
def small_disk(tmp_path):
    """A 800 KB file system (tmpfs): room for the `site` fixture's build (about 50
    files of a 4 KB page or more each, with its cache), not for big_article's."""
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounted(disk, "-t", "tmpfs", "-o", "size=800k", "tmpfs"):
        yield disk


def big_article(story: Path) -> None:
    """An article whose pages and cached copies do not fit on `small_disk` besides the
    rest of the site."""
    rng = random.Random(3)
    words = "negotiators met in Istanbul and discussed guarantees ceasefire troops".split()
    body = "\n\n".join(
        " ".join(rng.choice(words) for _ in range(80)).capitalize() + "." for _ in range(300)
    )
    write_article(story, "big", body)


def test_a_full_disk_is_one_line_and_the_previous_site_stays(site, small_disk):
    shutil.copytree(site / "content", small_disk / "content")
    shutil.copy(site / "site.yml", small_disk / "site.yml")
    assert build_within(small_disk, [], 60).returncode == 0
    before = tree_bytes(small_disk / "output")
    big_article(small_disk / "content" / "talks")
    result = build_within(small_disk, [], 60)
    assert result.returncode == 1
    error = result.stderr.splitlines()[-1]
    assert error == (
        f"Error: {small_disk / 'output'}: no space left on the device to write the site; "
        "free some space and build again (the previous site is as it was)"
    )
    assert "Traceback" not in result.stderr
    assert tree_bytes(small_disk / "output") == before
    assert sorted(p.name for p in small_disk.iterdir()) == [
        CACHE_DIR,
        "content",
        "output",
        "site.yml",
    ]
    (small_disk / "content" / "talks" / "big.md").unlink()  # space freed: builds again
    assert build_within(small_disk, [], 60).returncode == 0


def test_a_read_only_site_built_elsewhere_keeps_its_cache_in_the_users_cache_folder(site, tmp_path):
    three_stories(site)
    output = tmp_path.parent / f"{tmp_path.name}-output"
    with mounted(site, "--bind", str(site), then=("-o", "remount,bind,ro")):
        first = build_within(site, ["--output", str(output)], 60, quiet=False)
        assert first.returncode == 0, first.stderr
        assert "cannot be written: keeping the build cache in" in first.stderr
        assert "WARNING" not in first.stderr and "Traceback" not in first.stderr
        second = build_within(site, ["--output", str(output)], 60, quiet=False)
        assert second.stdout.startswith("Up to date")
    assert not (site / CACHE_DIR).exists() and (output / "index.html").is_file()
    shutil.rmtree(output)
    shutil.rmtree(site.parent / "user-cache")
