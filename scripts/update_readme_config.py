"""Write the README's site.yml reference table from the settings' one declaration
(site_builder/core/config.py: each setting is a dataclass field made with `option`).

Run after adding or changing a setting: `python scripts/update_readme_config.py`;
`--check` only says whether the README is current (exit status 1 when it is not), as
tests/test_readme.py does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from site_builder.core.config import config_reference

README = Path(__file__).resolve().parent.parent / "README.md"
HEADER = "| key | default | meaning |"


def updated(readme: str) -> str:
    """`readme` with its reference table (from HEADER to the first line that is not a
    table row) replaced by config_reference()."""
    lines = readme.split("\n")
    start = lines.index(HEADER)
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join([*lines[:start], config_reference(), *lines[end:]])


def main(argv: list[str]) -> int:
    """Update the README (or, with --check, say whether it is current)."""
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in argv:
        if new != text:
            print("README.md's settings table is out of date: run scripts/update_readme_config.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
