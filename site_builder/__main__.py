"""Allow `python -m site_builder`."""

import sys

try:
    from site_builder.commands.cli import run
except KeyboardInterrupt:  # Ctrl-C as the command starts: as main() says it
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("Stopped.", file=sys.stderr)
    sys.exit(130)

run()
