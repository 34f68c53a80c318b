"""`site-builder serve`: build, serve the site under its base path, rebuild on change.

livereload (Tornado underneath) serves the pages and tells open browsers to reload;
its quirks stay in this module. Its own watcher polls every 800 ms and ignores
changes during a task, so it is replaced by a stub, and a watcher thread of ours
polls every 25 ms, waits for edits to settle, rebuilds (reusing unchanged stories),
and only then asks livereload to reload: no half-built page is ever served. A build
error keeps the server up and shows the error, in the terminal and in the browser,
until the file is fixed.
"""

from __future__ import annotations

import errno
import html
import logging
import mimetypes
import signal
import sys
import threading
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.build import build
from site_builder.cache import BuildCache, cache_folder
from site_builder.config import SiteConfig, load_config
from site_builder.errors import SiteError

log = logging.getLogger(__name__)

POLL_SECONDS = 0.025
SETTLE_SECONDS = 0.04
PORT_ATTEMPTS = 20


@dataclass
class Preview:
    """What the server shows: the built site, or the error of the last build."""

    config_path: Path
    config: SiteConfig
    output: Path
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def serve(
    config_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    output: Path | None = None,
    force_output: bool = False,
) -> int:
    """Build, serve and watch until Ctrl-C; return the exit status. `force_output`: the
    first build may replace an output folder site-builder did not write."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    config = load_config(config_path, output_dir=output)
    preview = Preview(config_path, config, config.output_path)
    cache = BuildCache(cache_folder(config))
    rebuild(preview, cache, force_output=force_output)

    server = Server(app=preview_app(preview), watcher=_NoPolling())
    bound = _listen(server, host, port)
    url = f"http://{host}:{bound}{config.base_url}"
    loop = IOLoop.current()

    def reload(path: str) -> None:
        loop.add_callback(LiveReloadHandler.reload_waiters, path)

    watcher = Watcher(preview, cache, reload)
    for stop_signal in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C, kill: stop the loop
        loop.asyncio_loop.add_signal_handler(stop_signal, loop.stop)
    try:
        watcher.start()
        print(f"Serving {preview.output} at {url} (Ctrl-C to stop)", flush=True)
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(url,)).start()
        LiveReloadHandler.start_tasks()
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        print("Stopped.", flush=True)
    return 0


def rebuild(preview: Preview, cache: BuildCache, *, force_output: bool = False) -> bool:
    """Rebuild the site (re-reading site.yml); remember the error if it fails."""
    try:
        config = load_config(preview.config_path, output_dir=preview.output)
        report = build(config, cache=cache, force_output=force_output)
    except SiteError as exc:
        with preview.lock:
            preview.error = str(exc)
        print(f"Error: {exc}", flush=True)
        return False
    with preview.lock:
        preview.config, preview.error = config, None
    print(report.summary(), flush=True)
    return True


def _listen(server, host: str, port: int) -> int:
    """Start listening on `port`, or the next free one (saying so); return the port."""
    for candidate in range(port, port + PORT_ATTEMPTS):
        try:
            server.application(candidate, host, debug=False, live_css=True)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise SiteError(f"cannot serve on {host}:{candidate}: {exc.strerror}") from None
            continue
        if candidate != port:
            print(f"Port {port} is in use; using {candidate} instead.", flush=True)
        return candidate
    raise SiteError(
        f"ports {port} to {port + PORT_ATTEMPTS - 1} are all in use; choose another with --port"
    )


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


class Watcher(threading.Thread):
    """Polls the site's sources; after edits settle, rebuilds and asks for a reload."""

    def __init__(self, preview: Preview, cache: BuildCache, reload: Callable[[str], None]):
        super().__init__(name="site-builder-watcher", daemon=True)
        self.preview, self.cache, self.reload = preview, cache, reload
        self._stop_event = threading.Event()

    def stop(self) -> None:
        """Ask the thread to end, and wait briefly for it."""
        self._stop_event.set()
        self.join(timeout=2)

    def run(self) -> None:
        """Poll until stopped; after a change settles, rebuild and reload."""
        state = self.snapshot()
        while not self._stop_event.wait(POLL_SECONDS):
            current = self.snapshot()
            if current == state:
                continue
            while not self._stop_event.wait(SETTLE_SECONDS):  # let the editor finish saving
                settled = self.snapshot()
                if settled == current:
                    break
                current = settled
            changed = {p for p in current.keys() | state.keys() if current.get(p) != state.get(p)}
            state = current
            self.on_change(changed)

    def on_change(self, changed: set[Path]) -> None:
        """Rebuild after `changed`; a stylesheet-only change reloads just the styles."""
        names = ", ".join(sorted(p.name for p in changed))
        print(f"Changed: {names}", flush=True)
        if rebuild(self.preview, self.cache):
            styles_only = all(p.suffix == ".css" for p in changed)
            self.reload(next(iter(changed)).name if styles_only else "*")
        else:
            self.reload("*")

    def snapshot(self) -> dict[Path, tuple[int, int]]:
        """(mtime, size) of every source file: site.yml, content and theme."""
        config = self.preview.config
        roots = [self.preview.config_path, config.content_path, config.root / "themes"]
        return dict(_stamps(roots))


def _stamps(roots: Iterable[Path]):
    for root in roots:
        if root.is_file():
            yield root, _stamp(root)
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    yield path, _stamp(path)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return info.st_mtime_ns, info.st_size


def preview_app(preview: Preview) -> Callable:
    """The WSGI app that serves the built site under its base path, and nothing else."""

    def app(environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        with preview.lock:
            error, base = preview.error, preview.config.base_url
        if path == "/" and base != "/":
            start_response("302 Found", [("Location", base)])
            return [b""]
        if error is not None and (path.endswith("/") or path.endswith(".html")):
            return _respond(
                start_response, "500 Internal Server Error", "text/html", error_page(error)
            )
        file = resolve(preview.output, base, path)
        if file is None:
            missing = preview.output / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
            return _respond(start_response, "404 Not Found", "text/html", body)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return _respond(start_response, "200 OK", kind, file.read_bytes())

    return app


def resolve(output: Path, base: str, path: str) -> Path | None:
    """The file under `output` that `path` names, or None (also for any path that
    would leave `output`, however it is spelled)."""
    if not path.startswith(base) or "\x00" in path:
        return None
    relative = path[len(base) :]
    root = output.resolve()
    try:
        target = (root / relative).resolve()
    except (OSError, ValueError):
        return None
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


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


def run_preview(config_path: Path, *, verbose: bool = False, **options) -> int:
    """Entry point for the CLI (kept apart so importing this module starts nothing).

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
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    return serve(config_path, **options)
