"""Allow `python -m site_builder`."""

import sys

try:
    from site_builder.commands.cli import main, stopped
except KeyboardInterrupt:  # Ctrl-C as the command starts: as main() says it
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("Stopped.", file=sys.stderr)
    sys.exit(130)

try:
    sys.exit(main())
except KeyboardInterrupt:  # between main()'s end and the exit
    sys.exit(stopped())
