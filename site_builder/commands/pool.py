"""The build's pool of worker processes: each story's build (a function call) run in
processes of the build's own, or by an executor it is given (a cluster's), the results
handed back in story order.

Where the system can fork, the templates are compiled and the story modules imported
before the workers are forked, so each inherits them. The build's own process is one of
the processes (unless it is `serve`'s, which stops a build by ending its workers): it
builds stories beside its workers, each call run by whichever process claims it first
(Claims). A stopped build (its `stop` event set, or Ctrl-C) ends its workers at once and
raises BuildStopped. build.py hands its stories here when more than one is built at a
time; helper.py's one helper process for a rebuild's few stories is not a pool.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import suppress
from typing import TYPE_CHECKING

from site_builder.commands.forking import ctrl_c_held, let_ctrl_c_through
from site_builder.core.collector import age_young_objects

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from site_builder.core.build_model import StoryBuild
    from site_builder.core.config import SiteConfig

STOP_CHECK_SECONDS = 0.05
"""How often a build waiting for its worker processes looks whether it was stopped."""
END_WAIT_SECONDS = 1.0
"""How long a stopped build waits for each of its worker processes to end (they end at
once: a worker does not catch the signal that ends it)."""
FIRST_CALL_SECONDS = 0.02
"""How long the build's process waits at most for a worker to begin its first story
before it begins its own (see _with_help): a few of the interpreter's switch intervals
(5 ms), the longest it could hold the pool's threads up; a worker later than that is
late for other reasons, which waiting here does not cure."""


class BuildStopped(Exception):
    """The build was stopped by its plan's `stop` event; the output is as it was."""


def in_pool(
    calls: list[tuple[Callable, tuple]],
    config: SiteConfig,
    jobs: int,
    stop: threading.Event | None,
    *,
    executor: Executor | None = None,
) -> Iterator:
    """The result of each function call of `calls` (function, arguments), in order:
    run by `executor` if given, else by `jobs` processes of our own (forked where the
    system can, after the site's templates are compiled, so each worker inherits them).
    Once `stop` is set, our own processes end and BuildStopped is raised.

    Without a `stop` (every build but `serve`'s rebuilds, which it stops by ending the
    workers at once), this process is one of the `jobs`: it forks one worker fewer and
    builds stories itself while the workers build theirs (see _with_help), rather than
    waiting idle for their results."""
    pool = None  # a pool of our own, closed when done (the caller's executor stays open)
    _raise_if_stopped(stop)
    claims = None  # with this process helping: which calls a process has begun
    if executor is None:
        import multiprocessing  # imported here: a rebuild of one story needs no pool
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        )
        if context.get_start_method() == "fork":
            compile_templates(config)  # once, here: the forked workers inherit them
            _load_story_modules()
            age_young_objects()  # before forking: see its docstring
        if stop is None:
            claims = Claims(context, len(calls))
            calls = [(_unless_taken, (n, f, *args)) for n, (f, args) in enumerate(calls)]
        executor = pool = ProcessPoolExecutor(
            max_workers=max(1, min(jobs, len(calls)) - (claims is not None)),
            mp_context=context,
            initializer=_start_worker,
            initargs=(os.getpid(), claims),
        )
    try:
        with ctrl_c_held(pool is not None):  # the workers it forks ignore it from birth
            futures = [executor.submit(function, *arguments) for function, arguments in calls]
        if claims is not None:
            yield from _with_help(futures, calls, claims)
        else:
            for future in futures:
                yield _result(future, stop)
    except BaseException as exc:
        if pool is not None:  # stopped (Ctrl-C) or failed: the stories not begun are
            with suppress(Exception):  # dropped; a pool stopped while it was starting
                if isinstance(exc, BuildStopped):  # cannot always shut down, and that
                    _end_workers(pool)  # must not hide why the build stopped
                pool.shutdown(cancel_futures=True)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _with_help(
    futures: list[Future], calls: list[tuple[Callable, tuple]], claims: Claims
) -> Iterator:
    """The result of each of `futures` (the pool's, of `calls`), in order, this process
    building stories too: each call no worker has taken yet is taken back from the pool
    (cancelled there) and run here, in order, so this process and the workers share the
    stories as the workers share them among themselves; the results are handed on in
    order as they come in. A call that fails here raises its error when its turn comes,
    as a worker's would.

    Then, `late` (the pool holds nothing a worker has not taken), the calls a worker
    holds queued but has not begun are run here too (`claims`): each worker takes one
    call ahead of the one it runs, and the last stories would otherwise wait for it
    while this process has nothing left to do.

    It begins once a worker has begun its first call: the pool's threads in this
    process hand the calls to the workers, and while this process runs a story they
    get the interpreter only every few milliseconds (its switch interval), so a worker
    would wait ~10 ms longer for its first story."""
    claims.wait_for_a_worker(FIRST_CALL_SECONDS)
    given = 0  # how many results were handed on
    for late in (False, True):
        for index, (function, arguments) in enumerate(calls):
            if _taken_back(futures[index], index, claims, late):
                futures[index] = _run_here(function, arguments)
            while given < len(futures) and futures[given].done():
                yield futures[given].result()
                given += 1
    for future in futures[given:]:
        yield future.result()


def _taken_back(future: Future, index: int, claims: Claims, late: bool) -> bool:
    """Whether call `index` of a pool is to be run in this process: no worker has it
    (its `future` is cancelled in the pool), or, `late`, a worker holds it but has not
    begun it (this process claims it first: the worker then skips it)."""
    if future.cancel():
        return True
    return late and not future.done() and claims.take(index)


class Claims:
    """Which of a pool's calls a process has begun, shared between the build's process
    and its workers (handed to each as it starts): a call is run by whichever process
    claims it first (see _with_help)."""

    def __init__(self, context: BaseContext, count: int) -> None:
        self._begun = context.Array("b", count)
        self._worker_began = context.Event()

    def wait_for_a_worker(self, seconds: float) -> None:
        """Wait until a worker has begun a call (worker_begins), at most `seconds`."""
        self._worker_began.wait(seconds)

    def worker_begins(self, index: int) -> bool:
        """In a worker: claim call `index` (see take), noting that a worker began one."""
        if not self.take(index):
            return False
        if not self._worker_began.is_set():
            self._worker_began.set()
        return True

    def take(self, index: int) -> bool:
        """Claim call `index` for this process: False if a process has begun it."""
        with self._begun.get_lock():
            if self._begun[index]:
                return False
            self._begun[index] = 1
            return True


_POOL_CLAIMS: list[Claims] = []
"""In a worker process of our own: its pool's claims, set as it starts (_start_worker).
Shared memory cannot be pickled with each call, only handed to a process as it starts."""


def _unless_taken(index: int, function: Callable, *arguments: object) -> object:
    """In a worker process: function(*arguments), call `index` of its pool, unless the
    build's process claimed it first (None: the build's process runs it)."""
    if _POOL_CLAIMS and not _POOL_CLAIMS[0].worker_begins(index):
        return None
    return function(*arguments)


def _run_here(function: Callable, arguments: tuple) -> Future:
    """function(*arguments) run in this process, its result (or its error) held in a
    future, as a pool's worker would have given it."""
    done: Future = Future()
    try:
        done.set_result(function(*arguments))
    except Exception as exc:
        done.set_exception(exc)
    return done


def _raise_if_stopped(stop: threading.Event | None) -> None:
    if stop is not None and stop.is_set():
        raise BuildStopped("the build was stopped")


def _result(future: Future[StoryBuild], stop: threading.Event | None) -> StoryBuild:
    """The story build `future` holds, once done; BuildStopped if `stop` is set first."""
    while True:
        _raise_if_stopped(stop)
        try:
            return future.result(timeout=None if stop is None else STOP_CHECK_SECONDS)
        except FutureTimeout:
            continue


def _end_workers(pool: Executor) -> None:
    """End the worker processes of our own pool at once, the stories they hold unfinished
    (a stopped build writes nothing, and shutting the pool down would wait for them),
    and wait until they are gone: a line a worker logs while it ends must come before
    whatever the build says next ("Stopped."), never after it."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    if hasattr(pool, "terminate_workers"):  # Python 3.14 and later
        pool.terminate_workers()
    else:
        for worker in workers:
            worker.terminate()
    for worker in workers:
        worker.join(timeout=END_WAIT_SECONDS)


def compile_templates(config: SiteConfig) -> None:
    """Compile the theme's templates into this process's template environment (kept in
    memory only: see render.template_environment). A template that does not compile is
    left for rendering to report, with its file and line."""
    import jinja2

    from site_builder.render.render import template_environment

    env = template_environment(config.site_theme)
    for name in env.list_templates():
        with suppress(jinja2.TemplateError, OSError, UnicodeDecodeError):
            env.get_template(name)


def _load_story_modules() -> None:
    """Import the modules that read and frame a story in this process before it forks
    its workers: each worker inherits them rather than importing framing itself after
    the fork, and this process, which builds stories beside them (_with_help), needs
    them anyway. Not markdown-it: a story whose texts are all plain is read without it
    (read/markdown.py), so only a process that meets another imports it."""
    import site_builder.frame.framing
    import site_builder.read.content
    import site_builder.read.markdown  # noqa: F401


def _start_worker(build_process: int, claims: Claims | None = None) -> None:
    """In a worker process: leave Ctrl-C to the build (a worker stopped while it sends
    a result back would leave the pool waiting for the rest for ever; the build cancels
    the stories not begun and waits for the others); and on Linux die with the build,
    so a build killed with kill -9 leaves no worker behind. The signal a stopped build
    ends its workers with (SIGTERM, see _end_workers) ends a worker: a handler the
    build's process set for it (`serve` turns it into Ctrl-C) is not inherited, or the
    worker would only drop the story in hand and go on with the next. `claims`: which
    of its pool's calls a process has begun (see _with_help), kept for _unless_taken."""
    if claims is not None:
        _POOL_CLAIMS.append(claims)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    let_ctrl_c_through()  # forked with it held back (ctrl_c_held)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != build_process:  # the build died before that was said
            os._exit(1)
