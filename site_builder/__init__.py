"""site-builder: a static-site generator for comparing news coverage of one story."""

import os
import signal
import sys

__version__ = "0.1.0"

if os.path.exists(os.path.join(os.path.dirname(__file__), "compiled.json")):
    # The opt-in compiled core: refuse to run it against edited sources.
    from site_builder.core.compiled import refuse_stale_compiled

    refuse_stale_compiled(os.path.dirname(__file__))


def _stopped_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C while the command is still starting (importing its modules, before
    cli.main takes Ctrl-C over): say so as main does, and end with its status."""
    os.write(2, b"Stopped.\n")
    os._exit(130)


def _started_as_the_command() -> bool:
    """Whether this process is the `site-builder` command (or `python -m site_builder`,
    during which Python names the program "-m" while it looks for the module)."""
    program = sys.argv[0] if sys.argv else ""
    name = os.path.basename(program).removesuffix(".exe")
    own_main = os.path.join("site_builder", "__main__.py")
    return program == "-m" or name == "site-builder" or program.endswith(own_main)


if _started_as_the_command() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, _stopped_while_starting)
