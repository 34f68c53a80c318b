"""A helper process for a rebuild of a few stories: the second core starts the story's
work while the build works out what changed.

A rebuild after one edit spends most of its time before any work: importing the
reader, the aligner and the renderer, loading the language's word tables, reading
site.json and stat'ing the sources. The build forks the helper first thing (see
StoryHelper.start); the helper imports the aligner's modules and loads the language
while the build itself reads site.json, works out which stories changed and reads them
(the reader's import and the reading), then hands them over and imports the renderer.
The helper aligns and frames each story (build.process_story) and sends the result back;
the build renders its pages, as it would have. Nothing the helper does is written
anywhere: its results come back through a pipe only the two processes hold, and a result
that does not come back cleanly (the helper failed, died, or said something while it
started) is worked out again in the build's own process, which then meets whatever
went wrong itself, with its file and line. The output is the same either way.

Forking is used only where it is safe and pays (see StoryHelper.start): on Linux,
from a build with the cache (a rebuild), allowed more than one process, run by a
process that has no other thread, when a core is idle.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import suppress
from typing import BinaryIO

from site_builder.commands.forking import ctrl_c_held, let_ctrl_c_through
from site_builder.core.config import SiteConfig
from site_builder.core.errors import Note, kept_notes
from site_builder.core.model import Story, StoryResult

STEPS = ("site_builder.align", "site_builder.frame.framing")
"""The modules aligning and framing a story import, which the helper imports first thing.
Not the reader's (markdown-it-py, PyYAML): the build reads the stories itself while the
helper imports these, then sends them over (see _built_with_helper in build.py)."""
_LENGTH = 8
"""The bytes of the length that comes before each message on the pipe."""

Reply = tuple[StoryResult, tuple[Note, ...]] | None
"""What the helper sends back for a story: its result and what its work said, or None
(worked out again by the build)."""


class StoryHelper:
    """The build's end of a helper process (see the module's docstring): `process`
    hands it stories, `close` ends it."""

    def __init__(self, pid: int, to_helper: BinaryIO, from_helper: BinaryIO) -> None:
        self.pid = pid
        self._to_helper: BinaryIO | None = to_helper
        self._from_helper = from_helper

    @classmethod
    def start(cls, config: SiteConfig, *, jobs: int, rebuild: bool) -> StoryHelper | None:
        """Fork a helper for a build of `config`, or None where it would not be safe or
        would not pay: not on Linux (elsewhere a forked process may not use every system
        library), not for a build without the cache (every story is built, by a pool),
        not with one process allowed (`jobs`), not from a process running other threads
        (a lock one of them held would stay locked in the helper for ever), not when
        every core is busy (see _a_core_is_idle)."""
        if not (sys.platform.startswith("linux") and rebuild and jobs > 1):
            return None
        if threading.active_count() != 1 or not _a_core_is_idle():
            return None
        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        with ctrl_c_held():  # a Ctrl-C pressed meanwhile stops the build once forked
            pid = os.fork()
            if pid == 0:  # the helper: never returns
                os.close(to_write)
                os.close(from_read)
                _serve(config, to_read, from_write)
            os.close(to_read)
            os.close(from_write)
            helper = cls(pid, os.fdopen(to_write, "wb"), os.fdopen(from_read, "rb"))
        return helper

    def process(self, stories: list[Story | None]) -> Iterator[Reply]:
        """Hand the helper `stories` as read (once; None: one the build could not read)
        and give what it sends back for each, in order: (result, notes), or None where
        the build must work the story out itself. They are sent at once, the replies
        read as they are asked for."""
        sent = self._send(stories)
        return (self._receive() if sent else None for _ in stories)

    def close(self) -> None:
        """End the helper (at once, if it is still at work: its results are no longer
        wanted) and wait for it to be gone."""
        if self.pid == 0:
            return
        with suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with suppress(OSError):
            os.waitpid(self.pid, 0)
        self.pid = 0
        for pipe in (self._to_helper, self._from_helper):
            if pipe is not None:
                with suppress(OSError):
                    pipe.close()

    def _send(self, stories: list[Story | None]) -> bool:
        pipe, self._to_helper = self._to_helper, None
        if pipe is None:
            return False
        try:
            with pipe:
                message = pickle.dumps(stories, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.write(len(message).to_bytes(_LENGTH, "big") + message)
            return True
        except OSError:  # the helper is gone
            return False

    def _receive(self) -> Reply:
        try:
            size = int.from_bytes(_read_exactly(self._from_helper, _LENGTH), "big")
            return pickle.loads(_read_exactly(self._from_helper, size))
        except Exception:  # the helper died, or its reply is not whole: the build
            return None  # works the story out itself


def _a_core_is_idle() -> bool:
    """Whether a core is free for the helper right now: fewer processes (threads) ready
    to run than there are cores, this one included (Linux's /proc/loadavg). On a machine
    whose cores are all busy, the helper would only wait for a core while the build
    waits for it: a rebuild then took longer with a helper than without."""
    try:
        with open("/proc/loadavg", "rb") as file:
            running = int(file.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return running < (os.cpu_count() or 1)


def _read_exactly(pipe: BinaryIO, size: int) -> bytes:
    data = pipe.read(size)
    if data is None or len(data) != size:
        raise EOFError("the helper process ended")
    return data


def _serve(config: SiteConfig, commands: int, replies: int) -> None:
    """The helper's life: start (see _start), wait for the stories to work out, send each
    result back, end. Ends the process whatever happens (os._exit: nothing of the
    build's own, its files, buffers or clean-up, is touched here)."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
        let_ctrl_c_through()  # forked with it held back (ctrl_c_held)
        language = _start(config)
        with os.fdopen(commands, "rb") as inbox, os.fdopen(replies, "wb") as outbox:
            size = int.from_bytes(_read_exactly(inbox, _LENGTH), "big")
            stories = pickle.loads(_read_exactly(inbox, size))
            for story in stories:
                message = _reply(story, config, language)
                outbox.write(len(message).to_bytes(_LENGTH, "big") + message)
                outbox.flush()
    except BaseException:
        pass
    finally:
        os._exit(0)


def _start(config: SiteConfig) -> object | None:
    """Import what aligning and framing a story need and load the site's
    language; None if anything was said meanwhile (a note the build must say itself)
    or went wrong: the build then works its stories out itself."""
    try:
        with kept_notes() as said:
            for module in STEPS:
                importlib.import_module(module)
            from site_builder.align.language import load_language

            language = load_language(config.language)
    except Exception:
        return None
    return None if said else language


def _reply(story: Story | None, config: SiteConfig, language: object | None) -> bytes:
    """The message for `story` (as the build read it): its result and notes, pickled; or
    None, pickled, if it could not be worked out or sent (the build then does it)."""
    if language is None or story is None:
        return pickle.dumps(None)
    from site_builder.commands.build import process_story

    try:
        with kept_notes() as notes:
            result = process_story(story, config, language)
        return pickle.dumps((result, tuple(notes)), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return pickle.dumps(None)
