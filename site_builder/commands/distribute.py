"""Build stories on a dask.distributed cluster instead of local processes.

Stories are independent units (see build.py). On a cluster each worker reads, aligns,
frames and renders its story, writes the story's pages straight into the folder the
new site is put together in (write.Stage: on the site's file system, which every worker
sees at the same path), keeps them in the build cache, and sends back only a small
manifest: the story's card, its alignments.json entry, its files' paths and digests and
what it logged. The client merges the manifests, renders the site-wide pages and swaps
the site in (write.write_site), so its memory does not grow with the stories' pages.

The settings and the theme's strings are sent to each worker once (scattered), the
language's word tables are loaded once per worker process, and tasks are submitted
without hashing their arguments (pure=False), several consecutive stories to a task
(batch_size), so the scheduler and the workers handle few tasks. With the `--preload`
hook (dask_setup) the worker imports the pipeline as it starts and does not run its
statistical profiler.

It needs the optional extra (`pip install 'site-builder[dask]'`), site-builder
installed on every worker, and the site's folder at the same path on every worker (a
shared file system).
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager, suppress
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.core.build_model import StoryBuild
from site_builder.core.errors import SiteError
from site_builder.core.records import record

if TYPE_CHECKING:
    from site_builder.core.config import SiteConfig
    from site_builder.core.strings import Strings

CONNECT_TIMEOUT = 10
"""Seconds to wait for the scheduler before giving up."""
IN_FLIGHT = 256
"""Stories submitted ahead of the one the client waits for: enough to keep a large
cluster busy, few enough that the client and the scheduler do not hold a task for each
of an archive's stories."""
BATCH = 4
"""The most stories one task builds (see batch_size)."""


@record(frozen=True)
class WorkerSettings:
    """What every story's task needs alike: sent to each worker once, not per task."""

    config: SiteConfig
    words: Strings
    cache: Path | None
    """The build cache's folder, where the worker keeps the story's build (if any)."""
    stage: Path
    """The folder the new site is put together in (see write.Stage)."""


@record(frozen=True)
class Placed:
    """A worker's manifest of one story: its build without the pages (which it wrote
    into the stage) and without its alignments.json entry, each page's digest, and the
    entry apart, encoded: bytes are sent back and written out as they are, where the
    text (about 22 KB a BASIL story) was encoded to be pickled, decoded,
    encoded to be kept, decoded and encoded again to be written."""

    build: StoryBuild
    digests: dict[str, str]
    entry: bytes


class OnStage:
    """What the workers put into the stage during one build: each page's path and
    digest, and their stories' alignments.json entries, which the client keeps in a
    temporary file rather than in memory (a large site's alignments.json is larger than
    all its other site-wide pages together) and writes out in parts."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.digests: dict[str, str] = {}
        self._entries = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._spans: dict[str, tuple[int, int]] = {}

    def keep(self, slug: str, placed: Placed) -> StoryBuild:
        """Note what `placed` put on the stage; its build (without the alignments entry)."""
        self.digests.update(placed.digests)
        self._spans[slug] = (self._entries.seek(0, 2), len(placed.entry))
        self._entries.write(placed.entry)
        return placed.build

    def entry(self, slug: str) -> bytes | None:
        """The alignments.json entry of story `slug` (UTF-8), if a worker built it."""
        span = self._spans.get(slug)
        if span is None:
            return None
        self._entries.seek(span[0])
        return self._entries.read(span[1])

    def write_alignments(self, parts: Iterable[bytes]) -> None:
        """Write alignments.json into the stage from `parts` (render.alignments_json_parts)."""
        from site_builder.write.write import place_parts

        assert self.folder is not None
        self.digests["alignments.json"] = place_parts(self.folder, "alignments.json", parts)

    def close(self) -> None:
        """Remove the temporary file."""
        self._entries.close()


class ClusterExecutor(Executor):
    """An executor on a dask.distributed client whose tasks are not hashed (pure=False),
    and which can build stories that write their own pages (place_stories)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._executor = client.get_executor(pure=False)

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        """Run fn(*args, **kwargs) on the cluster (see concurrent.futures.Executor)."""
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop taking work (the client itself is closed by dask_executor)."""
        self._executor.shutdown(wait=wait)

    def place_stories(
        self, stories: list[tuple[Path, str, str]], settings: WorkerSettings
    ) -> Iterator[Placed]:
        """Build each (folder, slug, key) of `stories` on the cluster, its pages written
        into settings.stage; the manifests, in story order. Consecutive stories go
        together in one task (batch_size), so the scheduler, the workers and the client
        handle a few dozen tasks rather than one per story."""
        if not stories:
            return
        shared = self.client.scatter(settings, broadcast=True, hash=False)
        size = batch_size(len(stories), sum(self.client.nthreads().values()))
        waiting = (stories[n : n + size] for n in range(0, len(stories), size))
        running: deque = deque()

        def submit_next() -> None:
            for batch in islice(waiting, 1):
                running.append(self.client.submit(place_batch, batch, shared, pure=False))

        try:
            for _ in range(max(1, IN_FLIGHT // size)):
                submit_next()
            while running:
                future = running.popleft()
                placed = future.result()
                future.release()  # the manifests are the caller's now: the cluster forgets them
                submit_next()
                yield from placed
        finally:
            with suppress(Exception):
                self.client.cancel([*running, shared])


def batch_size(stories: int, threads: int) -> int:
    """How many consecutive stories one task builds: about a quarter of each worker
    thread's share in a small build (so no thread waits long for another's last task at
    the end), at most BATCH; one when there are few stories for the threads."""
    return max(1, min(BATCH, stories // (4 * max(1, threads))))


def place_batch(stories: list[tuple[Path, str, str]], settings: WorkerSettings) -> list[Placed]:
    """On a worker: place_story for each (folder, slug, key) of `stories`, in order."""
    from site_builder.commands.build import fewer_collections

    with fewer_collections():  # as in a local build's worker processes
        return [place_story(folder, slug, key, settings) for folder, slug, key in stories]


def place_story(folder: Path, slug: str, key: str, settings: WorkerSettings) -> Placed:
    """On a worker: build one story (build.build_story), write its pages into the
    stage, keep the build in the cache, and return its manifest."""
    from site_builder.align.language import load_language  # tables read once a process
    from site_builder.commands.build import build_story
    from site_builder.write.cache import BuildCache
    from site_builder.write.write import place_files

    config = settings.config
    language = load_language(config.language)
    built = build_story(folder, config, settings.words, key, language)
    digests = place_files(settings.stage, built.pages or {})
    if settings.cache is not None:
        BuildCache(settings.cache).put(slug, built)
    entry = built.alignments.encode("utf-8")
    return Placed(replace(built, pages=None, alignments=""), digests, entry)


def dask_setup(worker: Any) -> None:
    """`dask worker --preload site_builder.commands.distribute`: import the pipeline's modules as
    the worker starts, rather than in its first story, and do not start the worker's
    statistical profiler, which samples the running task's stack every 10 ms (it takes
    the interpreter's lock from the story being built: about a tenth of a worker's CPU
    in a build; `DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False` does the same)."""
    import site_builder.commands.build
    import site_builder.frame.framing
    import site_builder.render.render  # noqa: F401

    for name in ("profile", "profile-cycle"):  # run before the worker starts them
        callback = getattr(worker, "periodic_callbacks", {}).pop(name, None)
        if callback is not None:
            callback.stop()


@contextmanager
def dask_executor(address: str) -> Iterator[ClusterExecutor]:
    """An executor that runs work on the dask.distributed scheduler at `address`
    (e.g. tcp://10.0.0.5:8786), for as long as the `with` block lasts."""
    try:
        from distributed import Client
    except ImportError:
        raise SiteError("--dask needs the dask extra: pip install 'site-builder[dask]'") from None
    from distributed.comm.addressing import parse_address, parse_host_port

    try:  # first: a Client made from an address it cannot read fails, then stops the
        scheme, where = parse_address(address)  # process 20 s later with a traceback
        if scheme in ("tcp", "tls", "ws", "wss", "ucx"):  # (inproc:// has no port)
            parse_host_port(where)
    except (ValueError, TypeError) as exc:
        raise SiteError(
            f"--dask {address!r} is not a scheduler address ({exc}); write it as "
            "tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"
        ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SiteError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    with client:
        yield ClusterExecutor(client)
