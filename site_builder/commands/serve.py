"""`site-builder serve`: build, serve the site under its base path, rebuild on change.

livereload (Tornado underneath) serves the pages and tells open browsers to reload;
its quirks stay in this module. Its own watcher polls every 800 ms and ignores
changes during a task, so it is replaced by a stub. Changes are learnt from the
system's file events instead (watchfiles: inotify, FSEvents, ReadDirectoryChangesW), so
an idle preview costs next to nothing however large the site: once a burst of saves has
settled, a builder thread rebuilds (reusing unchanged stories) and only then asks
livereload to reload, so no half-built page is ever served. Saves made during a rebuild
are kept and built next. Any error in a rebuild keeps the server up and shows the error,
in the terminal and in the browser, until the file is fixed.
"""

from __future__ import annotations

import errno
import html
import logging
import mimetypes
import os
import queue
import re
import signal
import socket
import sys
import threading
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from site_builder.commands.build import BuildPlan, make_plan, run_plan
from site_builder.commands.pool import BuildStopped
from site_builder.core.build_model import BuildReport
from site_builder.core.config import SiteConfig, load_config
from site_builder.core.errors import SiteError, printable
from site_builder.write.write import MARKER, check_output

log = logging.getLogger(__name__)

SETTLE_MS = 50
"""A burst of changes is built once nothing more has changed for this long..."""
LONGEST_BURST_MS = 500
"""...or this long after its first change, if changes keep coming."""
POLL_SECONDS = 1.0
"""How often files are checked with --poll, or where the system's file events fail."""
STOP_WAIT_SECONDS = 0.1
"""How long stopping waits for a rebuild under way: the process then ends without it
(the output folder holds the old site or the new one, whole, either way)."""
PORT_ATTEMPTS = 20
EDITOR_LEFTOVERS = re.compile(r"(~|\.sw[a-p]x?|\.tmp|^4913|^#.*#|^sed[0-9A-Za-z]{6})$")
"""Names of the files editors write beside the one being saved (backups, swap files,
vim's write test, the copy `sed -i` writes and renames over the file): never a reason
to rebuild, nor named among the changes."""


@dataclass
class Preview:
    """What the server shows: the built site, or the error of the last build."""

    config_path: Path
    config: SiteConfig
    output: Path
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopped: threading.Event = field(default_factory=threading.Event)
    """Set when the server stops: a rebuild still under way then prints nothing."""


def say(preview: Preview, line: str) -> None:
    """Print `line` to the terminal, unless the server has stopped."""
    if not preview.stopped.is_set():
        print(line, flush=True)


def serve(
    config_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    output: Path | None = None,
    poll: bool = False,
    force_output: bool = False,
) -> int:
    """Build, serve and watch until Ctrl-C or SIGTERM; return the exit status. `poll`
    checks the files every POLL_SECONDS instead of waiting for the system's events;
    `force_output`: the first build may replace an output folder site-builder did not
    write."""
    if not 1 <= port <= 65535:
        raise SiteError(f"the port must be from 1 to 65535, not {port}; choose another --port")
    config = load_config(config_path, output_dir=output)
    plan = make_plan(config, force_output=force_output)  # as `build` makes it
    check_output(  # the folder a build would refuse to replace is not served either
        config.output_path,
        force=force_output,
        state=plan.state,
    )
    signal.signal(signal.SIGTERM, _interrupt)  # until the server's loop takes both over
    preview = watcher = None
    try:
        from livereload import Server
        from livereload.handlers import LiveReloadHandler
        from tornado.ioloop import IOLoop

        preview = Preview(config_path, config, config.output_path)
        loop = IOLoop.current()

        def reload(path: str) -> None:
            loop.add_callback(LiveReloadHandler.reload_waiters, path)

        rebuilds = replace(plan, force_output=False, stop=preview.stopped)  # ends with serve
        watcher = Watcher(preview, rebuilds, reload, poll=poll)
        watcher.watch()  # before the first build: saves made during it are not missed
        rebuild(preview, plan)

        hosts = HostNames(host)
        server = Server(app=preview_app(preview, hosts), watcher=_NoPolling())
        bound = hosts.port = _listen(server, host, port)
        url = f"http://{host}:{bound}{config.base_url}"
        for stop_signal in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C, kill: stop the loop
            loop.asyncio_loop.add_signal_handler(stop_signal, loop.stop)
        watcher.start()
        print(f"Serving {preview.output} at {url} (Ctrl-C to stop)", flush=True)
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(url,)).start()
        LiveReloadHandler.start_tasks()
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        if preview is not None:
            preview.stopped.set()
        logging.disable(logging.CRITICAL)  # nor does the build log anything more
        if watcher is not None:
            watcher.stop()
    print("Stopped.", flush=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def rebuild(preview: Preview, plan: BuildPlan) -> BuildReport | None:
    """Rebuild the site as `plan` says (re-reading site.yml into it); on any error,
    remember it for the browser, say it in the terminal and return None.

    A SiteError is the user's to fix and is shown as its one line; anything else is a
    bug of site-builder: a short line, and the traceback in the terminal.
    """
    try:
        config = load_config(preview.config_path, output_dir=preview.output)
        report = run_plan(replace(plan, config=config))
    except BuildStopped:  # the server is stopping: nothing more to say
        return None
    except SiteError as exc:
        message = str(exc)  # one printable line already (SiteError.__str__)
    except Exception as exc:  # a bug: shown, and watching goes on
        if not preview.stopped.is_set():
            traceback.print_exc(file=sys.stdout)
        message = (
            f"internal error in site-builder: {type(exc).__name__}: {printable(str(exc), 200)}"
            "; the traceback is in the terminal (please report it)"
        )
    else:
        with preview.lock:
            preview.config, preview.error = config, None
        say(preview, printable(report.summary()))
        return report
    with preview.lock:
        preview.error = message
    say(preview, f"Error: {message}")
    return None


def _listen(server, host: str, port: int) -> int:
    """Start listening on `port`, or the next free one (saying so); return the port."""
    last = min(port + PORT_ATTEMPTS - 1, 65535)
    for candidate in range(port, last + 1):
        try:
            server.application(candidate, host, debug=False, live_css=True)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise SiteError(
                    f"cannot serve on {host}:{candidate}: {exc.strerror}{_listen_fix(exc)}"
                ) from None
            continue
        if candidate != port:
            print(f"Port {port} is in use; using {candidate} instead.", flush=True)
        return candidate
    raise SiteError(f"ports {port} to {last} are all in use; choose another with --port")


def _listen_fix(exc: OSError) -> str:
    """What to do when the server cannot listen for a reason other than a port in use
    ("; ..." to follow the reason): a --host that is no address of this computer (or no
    name at all), a port below 1024 without the right to it."""
    if exc.errno == errno.EACCES:
        return "; choose a port of 1024 or more with --port (the default is 8000)"
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return (
            "; give --host an address of this computer: 127.0.0.1 (the default: this "
            "computer only) or 0.0.0.0 (every network it is on)"
        )
    return ""


class _NoPolling:
    """A stand-in for livereload's watcher: changes are reported by our Watcher."""

    filepath = None

    def __init__(self) -> None:
        self._tasks = {"site-builder": True}  # not empty: livereload watches nothing else
        self._changes: list = []

    def start(self, callback: Callable[[], None]) -> bool:
        """Tell livereload watching is handled (so it starts no 800 ms poll of its own)."""
        return True

    def examine(self) -> tuple[None, None]:
        """No change to report: our Watcher reports changes itself."""
        return None, None

    def watch(self, *args: object, **kwargs: object) -> None:
        """Ignore livereload's requests to watch paths."""


class Watcher:
    """Watches site.yml, the content folder and the site's themes/ folder; after a burst
    of changes settles, rebuilds and asks open pages to reload.

    Two watches feed one queue: the site's folder itself (not its sub-folders, so the
    output and the cache are never watched) for site.yml and for the content and themes
    folders appearing or being replaced, and those two folders with all they hold. A
    builder thread takes what changed from the queue and rebuilds. A watch that ends
    (its folder replaced, a file name the system reports as undecodable, ...) counts as
    a change of all it watched, and is started again.
    """

    def __init__(
        self,
        preview: Preview,
        plan: BuildPlan,
        reload: Callable[[str], None],
        *,
        poll: bool = False,
    ) -> None:
        self.preview, self.plan, self.reload = preview, plan, reload
        self._changes: queue.SimpleQueue[set[Path] | _Ended | None] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._top: _Watch | None = None
        self._trees: _Watch | None = None
        self._polling = poll
        self._config_file = preview.config_path.resolve()
        self._builder = threading.Thread(
            target=self._build_changes, name="site-builder-rebuild", daemon=True
        )

    def watch(self) -> None:
        """Start noting changes (they are built once `start` is called)."""
        self._top = self._watch_top()
        self._trees = self._watch_trees()

    def start(self) -> None:
        """Start building the changes noted, and those to come."""
        self._builder.start()

    def stop(self) -> None:
        """Stop watching; wait briefly for a rebuild under way."""
        self._stopping.set()
        self._changes.put(None)
        watches = [watch for watch in (self._top, self._trees) if watch is not None]
        for watch in watches:
            watch.stop(wait=False)
        for watch in watches:
            watch.stop()
        if self._builder.is_alive():
            self._builder.join(timeout=STOP_WAIT_SECONDS)

    def on_change(self, changed: set[Path]) -> None:
        """Rebuild after `changed`; a stylesheet-only change reloads just the styles."""
        names = ", ".join(sorted(printable(p.name) for p in changed))
        say(self.preview, f"Changed: {names}")
        with self.preview.lock:
            showing_error = self.preview.error is not None
        report = rebuild(self.preview, self.plan)
        if report is None or showing_error or not report.up_to_date:
            files = _files(changed)
            styles_only = report is not None and files and all(p.suffix == ".css" for p in files)
            self.reload(files[0].name if styles_only else "*")

    def _build_changes(self) -> None:
        """Take what changed from the queue (all that waits there at once), watch again
        where needed, and rebuild; until stopped."""
        while True:
            changed: set[Path] = set()
            ended: list[_Ended] = []
            item = self._changes.get()
            while True:
                if item is None:
                    return
                if isinstance(item, _Ended):
                    ended.append(item)
                    changed.update(item.folders)
                else:
                    changed |= item
                try:
                    item = self._changes.get_nowait()
                except queue.Empty:
                    break
            try:
                self._watch_again(ended, changed)  # first: what changes from now on is seen
                self.on_change(changed)
            except Exception:  # never let an error end watching
                if not self._stopping.is_set():
                    traceback.print_exc(file=sys.stdout)

    def _watch_again(self, ended: list[_Ended], changed: set[Path]) -> None:
        """Start again the watches that ended, and the watch of the content and themes
        folders if one of them was made, removed or replaced. If the system's file
        events failed (e.g. its limit of watched folders was reached), check the files
        every POLL_SECONDS instead."""
        failures = [
            e.error
            for e in ended
            if isinstance(e.error, OSError) and not isinstance(e.error, FileNotFoundError)
        ]
        if failures and not self._polling:
            self._polling = True
            say(
                self.preview,
                "Warning: cannot watch the files through the system "
                f"({printable(str(failures[-1]))}); checking them every {POLL_SECONDS:g} s "
                "instead",
            )
        if ended and self._stopping.wait(SETTLE_MS / 1000):  # no busy loop if it fails again
            return
        if self._top is None or self._top.ended:
            self._top = self._watch_top()
        if self._trees is None or self._trees.ended or self._moves_a_watched_folder(changed):
            if self._trees is not None:
                self._trees.stop()
            self._trees = self._watch_trees()

    def _watch_top(self) -> _Watch:
        return _Watch(
            [self._config_file.parent],
            self._changes,
            self._is_top_level_source,
            recursive=False,
            polling=self._polling,
        )

    def _watch_trees(self) -> _Watch | None:
        """Watch the content and theme folders that exist, or None if neither does."""
        folders = [path for path in self._trees_watched() if path.is_dir()]
        if not folders:
            return None
        return _Watch(
            folders, self._changes, self._is_tree_source, recursive=True, polling=self._polling
        )

    def _trees_watched(self) -> list[Path]:
        with self.preview.lock:
            config = self.preview.config
        return [config.content_path.resolve(), config.root.resolve() / "themes"]

    def _moves_a_watched_folder(self, changed: set[Path]) -> bool:
        """Whether the content or themes folder was made, removed or replaced, or is
        now another (site.yml named another content folder)."""
        wanted = self._trees_watched()
        existing = [path for path in wanted if path.is_dir()]
        watched = self._trees.folders if self._trees is not None else []
        return existing != watched or any(path in changed for path in wanted)

    def _is_top_level_source(self, change: object, path: str) -> bool:
        """Whether a change in the site's folder itself concerns site.yml, or the folder
        of content or themes (a change inside those is seen by the other watch)."""
        candidate = Path(path)
        if candidate == self._config_file:
            return True
        return candidate != self._config_file.parent and any(  # (polling reports the folder)
            candidate == folder or candidate in folder.parents for folder in self._trees_watched()
        )

    def _is_tree_source(self, change: object, path: str) -> bool:
        """Whether a change in the content or themes folder can change the site: not in
        a hidden file or folder, not an editor's temporary file."""
        changed = Path(path)
        if EDITOR_LEFTOVERS.search(changed.name):
            return False
        inside = next((f for f in self._trees_watched() if f in changed.parents), None)
        parts = changed.relative_to(inside).parts if inside else (changed.name,)
        return not any(part.startswith(".") for part in parts)


def _files(changed: Iterable[Path]) -> list[Path]:
    """The files changed: a folder made or moved stands for the files in it."""
    files = []
    for path in sorted(changed):
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if not p.is_dir())
        else:
            files.append(path)
    return files


@dataclass(frozen=True)
class _Ended:
    """A watch of `folders` ended by itself, because of `error`."""

    folders: tuple[Path, ...]
    error: Exception


class _Watch:
    """A thread that watches `folders` and puts on `changes` each settled burst of
    changes (a set of paths), and an _Ended if watching fails.

    It learns of changes from the system's file events (through watchfiles), or with
    `polling` by comparing the folders' files every POLL_SECONDS (by time stamp to the
    nanosecond and size: watchfiles' own polling sees time stamps to the second only,
    and would miss a second save within the same second).
    """

    def __init__(
        self,
        folders: Iterable[Path],
        changes: queue.SimpleQueue,
        keep: Callable[[object, str], bool],
        *,
        recursive: bool,
        polling: bool = False,
    ):
        self.folders, self.changes, self.keep = list(folders), changes, keep
        self.recursive, self.polling = recursive, polling
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="site-builder-watch", daemon=True)
        self._thread.start()

    @property
    def ended(self) -> bool:
        """Whether watching ended without being asked to."""
        return not self._thread.is_alive() and not self._stop.is_set()

    def stop(self, *, wait: bool = True) -> None:
        """End watching (it ends within SETTLE_MS, or POLL_SECONDS when polling); with
        `wait`, wait for that."""
        self._stop.set()
        if wait:
            self._thread.join(timeout=1)

    def _run(self) -> None:
        try:
            (self._poll if self.polling else self._wait_for_events)()
        except Exception as exc:  # a folder removed as watching starts, an undecodable name
            if not self._stop.is_set():
                self.changes.put(_Ended(tuple(self.folders), exc))

    def _wait_for_events(self) -> None:
        from watchfiles import watch

        for batch in watch(
            *self.folders,
            watch_filter=self.keep,
            debounce=LONGEST_BURST_MS,
            step=SETTLE_MS,
            stop_event=self._stop,
            rust_timeout=0,
            raise_interrupt=False,
            force_polling=False,  # see the class's docstring
            recursive=self.recursive,
            ignore_permission_denied=True,  # a folder it may not read: the build says so
        ):
            self.changes.put({Path(path) for _, path in batch})

    def _poll(self) -> None:
        state = self._stamps()
        while not self._stop.wait(POLL_SECONDS):
            current = self._stamps()
            changed = {p for p in current.keys() | state.keys() if current.get(p) != state.get(p)}
            state = current
            kept = {path for path in changed if self.keep(None, str(path))}
            if kept:
                self.changes.put(kept)

    def _stamps(self) -> dict[Path, tuple[int, int]]:
        """(time stamp, size) of everything in the folders (files and folders)."""
        stamps = {}
        for folder in self.folders:
            for parent, folders, files in os.walk(folder):  # links not followed: no loops
                for name in folders + files:
                    path = Path(parent, name)
                    try:
                        info = path.lstat()  # opens nothing (a named pipe would block)
                    except OSError:
                        continue
                    stamps[path] = (info.st_mtime_ns, info.st_size)
                if not self.recursive:
                    break
        return stamps


MAX_PATH = 2048
"""The longest path a request may ask for (longer: 414 URI Too Long); no page of a
site has a path near that long."""


@dataclass
class HostNames:
    """The names a request's Host header may give the preview server: the address it
    listens on (`host`, as given with --host), and for this computer only, localhost
    and its loopback addresses too; for every address (0.0.0.0), any address written
    as numbers, or localhost. A page elsewhere that has its own name point at this
    computer (DNS rebinding) asks with its own name in the Host header: refused.
    `port`: the port listened on (a Host header that names another is refused)."""

    host: str
    port: int | None = None

    def allow(self, header: str) -> bool:
        """Whether a request whose Host header is `header` is answered."""
        match = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?", header.strip())
        if match is None:
            return False
        name, port = match.group(1).strip("[]").lower().rstrip("."), match.group(2)
        if port is not None and self.port is not None and int(port) != self.port:
            return False
        host = self.host.strip("[]").lower()
        loopback = {"localhost", "127.0.0.1", "::1"}
        if name == host or (host in loopback and name in loopback):
            return True
        if host in ("0.0.0.0", "::", ""):
            return name == "localhost" or _is_address(name)
        return False


def _is_address(name: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def preview_app(preview: Preview, hosts: HostNames | None = None) -> Callable:
    """The WSGI app that serves the built site under its base path, and nothing else:
    only to requests whose Host header `hosts` allows (every request, without), and
    only from an output folder site-builder wrote (it holds the marker)."""

    def app(environ, start_response):
        if hosts is not None and not hosts.allow(environ.get("HTTP_HOST", "")):
            return _respond(
                start_response,
                "403 Forbidden",
                "text/plain",
                b"This preview answers only requests for the address it listens on.",
            )
        path = environ.get("PATH_INFO") or "/"
        if len(path) > MAX_PATH:
            return _respond(start_response, "414 URI Too Long", "text/plain", b"URI too long")
        with preview.lock:
            error, base = preview.error, preview.config.base_url
        if path in ("/", base.rstrip("/")) and base != "/":
            start_response("302 Found", [("Location", base)])
            return [b""]
        file = resolve(preview.output, base, path)
        if file is not None and _folder_without_slash(path, file):
            # as GitHub Pages does: the folder's page at an address without its final
            # slash would resolve its relative links (../static/style.css) one level up
            start_response("301 Moved Permanently", [("Location", quote(path) + "/")])
            return [b""]
        body = _read(file) if file is not None else None
        if error is not None and (path.endswith("/") or path.endswith(".html")):
            return _respond(
                start_response,
                "500 Internal Server Error",
                "text/html",
                with_error(body, error)
                if file is not None and file.suffix == ".html"
                else error_page(error),
            )
        if body is None:
            missing = resolve(preview.output, "/", "/404.html")
            body = (_read(missing) if missing is not None else None) or b"Not found"
            return _respond(start_response, "404 Not Found", "text/html", body)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return _respond(start_response, "200 OK", kind, body)

    return app


def _folder_without_slash(path: str, file: Path) -> bool:
    """Whether `path` names a folder (served as its index.html, `file`) without the
    slash that ends a folder's address."""
    return file.name == "index.html" and not path.endswith(("/", "/index.html"))


def _read(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:
        return None


def resolve(output: Path, base: str, path: str) -> Path | None:
    """The file under `output` that `path` names, or None (also for any path that
    would leave `output`, however it is spelled, and for an output folder that
    site-builder did not write: one without its marker)."""
    if not path.startswith(base) or "\x00" in path:
        return None
    relative = path[len(base) :]
    try:
        root = output.resolve()
        if not (root / MARKER).is_file():
            return None
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None
    except (OSError, ValueError):
        return None


def error_page(message: str) -> bytes:
    """A page that shows the build error; it reloads by itself once the file is fixed."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Build error · site-builder</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}"
        "pre{white-space:pre-wrap;background:#fff1f1;border-left:4px solid #b91c1c;"
        "padding:1rem}</style></head><body><main><h1>The site could not be built</h1>"
        f'<pre id="build-error">{html.escape(message)}</pre>'
        "<p>Fix the file and save it: this page reloads by itself.</p></main></body></html>"
    ).encode()


BODY_TAG = re.compile(rb"<body[^>]*>", re.IGNORECASE)


def with_error(page: bytes | None, message: str) -> bytes:
    """The last good site's `page` with the build error shown at its top, so that the
    editor sees what to fix and can still read and move about the site as it was; the
    error page alone where there is no such page (or it has no body tag)."""
    found = BODY_TAG.search(page) if page is not None else None
    if found is None:
        return error_page(message)
    banner = (
        '<div role="alert" style="font:1rem/1.4 system-ui,sans-serif;margin:0;'
        'padding:0.75rem 1rem;background:#fff1f1;color:#1a1a1a;border-bottom:4px solid #b91c1c">'
        "<strong>The site could not be built:</strong> below is the last good build. "
        "Fix the file and save it: this page reloads by itself."
        '<pre id="build-error" style="white-space:pre-wrap;margin:0.5rem 0 0">'
        f"{html.escape(message)}</pre></div>"
    ).encode()
    return page[: found.end()] + banner + page[found.end() :]


def _respond(start_response, status: str, kind: str, body: bytes) -> list[bytes]:
    charset = (
        "; charset=utf-8"
        if kind.startswith("text/") or kind.endswith(("javascript", "json"))
        else ""
    )
    start_response(
        status,
        [
            ("Content-Type", kind + charset),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def run_preview(config_path: Path, *, verbose: bool = False, **options: Any) -> int:
    """Entry point for the CLI (kept apart so importing this module starts nothing):
    serve(config_path, **options), its logging set up for a terminal.

    livereload's own log is quiet, but with `verbose` each browser that connects is
    announced ("Browser connected: <url>"): then the page will reload by itself.
    """
    livereload_log = logging.getLogger("livereload")
    livereload_log.setLevel(logging.INFO if verbose else logging.WARNING)
    livereload_log.propagate = False
    if verbose:
        handler = logging.StreamHandler(sys.stdout)
        handler.addFilter(lambda record: record.getMessage().startswith("Browser Connected"))
        handler.setFormatter(logging.Formatter("%(message)s"))
        livereload_log.handlers[:] = [handler]
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # not each 404 or 403
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    return serve(config_path, **options)
