"""Compile the default theme's Jinja2 templates ahead of time into
site_builder/render/compiled/ (see site_builder/render/precompiled.py).

Run it after editing a template of themes/default/: until then builds compile that
template as they read it (slower, same pages), and tests/render/test_precompiled.py
fails, naming this script.

    python scripts/compile_theme.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.render.precompiled import FOLDER, compiled_modules  # noqa: E402
from site_builder.render.render import new_environment  # noqa: E402

TEMPLATES = REPO / "themes" / "default" / "templates"


def main() -> None:
    """Write the compiled modules of every template of the default theme, and remove
    those of templates it no longer has."""
    environment = new_environment([TEMPLATES])
    sources = {
        path.relative_to(TEMPLATES).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
    }
    files = compiled_modules(environment, sources)
    FOLDER.mkdir(exist_ok=True)
    for old in FOLDER.glob("*.py"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    print(f"{len(files) - 1} templates compiled into {FOLDER}")


if __name__ == "__main__":
    main()
