"""Allow `python -m site_builder`."""

import sys

try:
    from site_builder.cli import main
except KeyboardInterrupt:  # Ctrl-C as the command starts: as main() says it
    print("Stopped.", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
