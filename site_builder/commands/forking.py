"""Forking a process while the user may press Ctrl-C.

A Ctrl-C (SIGINT) that comes while a process forks is run by Python inside the fork's
hooks (the logging module's, for one), which report the KeyboardInterrupt as "Exception
ignored" and go on: the build would not stop. And a process forked before it could say
what Ctrl-C does there would be stopped by it half-born. So Ctrl-C is held back while a
process is forked: the forking process gets it as soon as the fork is done, the forked
one once it has set what Ctrl-C does there (let_ctrl_c_through).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

_CAN_HOLD = hasattr(signal, "pthread_sigmask")
"""Whether the system can hold a signal back (not on Windows, which does not fork)."""


@contextmanager
def ctrl_c_held(hold: bool = True) -> Iterator[None]:
    """Hold back Ctrl-C while processes are forked in the block (where `hold`); a Ctrl-C
    pressed meanwhile reaches this process when the block ends (see the module's note)."""
    held = hold and _CAN_HOLD
    if held:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def let_ctrl_c_through() -> None:
    """In a process forked under ctrl_c_held, once it has set what Ctrl-C does there:
    take it again."""
    if _CAN_HOLD:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
