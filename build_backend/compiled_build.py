"""The build backend: setuptools' own, plus an opt-in compiled core.

`pip install .` and `pip install -e .` build exactly as setuptools does (pure Python,
no compiler). With SITE_BUILDER_COMPILE=1 a wheel also compiles the hot modules
(setup.py's COMPILED) with mypyc: mypy is then added to the build's requirements, a
failed compile fails the install (nothing half-built is installed), and an editable
install is refused, since a compiled module would go on running after its .py is
edited (the package refuses that too: site_builder/core/compiled.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zipfile

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403 (every other hook as setuptools has it)

MYPY = "mypy>=1.11"
"""mypyc, as mypy ships it (mypycify's group_name is needed)."""

COMPILED = [
    *(f"site_builder/align/{name}.py" for name in (
        "__init__", "cluster", "dated", "found", "generic", "gold", "label", "language",
        "names", "normalise", "order", "references", "rows", "runs", "settle",
        "similarity", "time", "voice",
    )),
    "site_builder/core/tokens.py",
    "site_builder/frame/framing.py",
    "site_builder/frame/people.py",
]  # fmt: skip
"""The modules compiled: where a cold build spends most of its pure-Python time."""

BUILDS = {"bdist_wheel", "build", "build_ext", "install"}
"""The setup.py commands that compile (setuptools' backend names them in sys.argv)."""

GROUP = "site_builder"
"""The name of the compiled modules' shared library (site_builder__mypyc.*), beside the
package: the cache key hashes it (write/keys.py)."""

MYPY_OPTIONS = [
    "--ignore-missing-imports",  # PyStemmer, PyYAML: no stubs
    "--follow-imports=silent",
    # Reports on code that runs the same compiled: an unchecked `X | None` (a None
    # raises AttributeError either way), an empty list's element type, stubs missing.
    # Not silenced: wrong argument, return or assignment types, which compiled code
    # checks at run time (a `set` argument given a frozenset raises TypeError there);
    # the few such reports that are safe carry a `type: ignore[...]` on their line.
    *("--disable-error-code=" + code for code in (
        "union-attr", "var-annotated", "import-untyped",
    )),
]  # fmt: skip


def compiling() -> bool:
    """Whether the compiled core was asked for (SITE_BUILDER_COMPILE=1)."""
    return os.environ.get("SITE_BUILDER_COMPILE", "") not in ("", "0")


def get_requires_for_build_wheel(config_settings=None):
    """setuptools' requirements, and mypy when compiling."""
    extra = [MYPY] if compiling() else []
    return [*build_meta.get_requires_for_build_wheel(config_settings), *extra]


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    """setuptools' wheel; when compiling, checked to hold every compiled module."""
    name = build_meta.build_wheel(wheel_directory, config_settings, metadata_directory)
    if compiling():
        _check_compiled(os.path.join(wheel_directory, name))
    return name


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """setuptools' editable install; refused when compiling."""
    if compiling():
        raise SystemExit(
            "site-builder: SITE_BUILDER_COMPILE=1 builds a compiled core only for a normal "
            "install (`SITE_BUILDER_COMPILE=1 pip install .`): an editable install would "
            "keep running the compiled modules after their .py files are edited."
        )
    return build_meta.build_editable(wheel_directory, config_settings, metadata_directory)


def setup_arguments() -> dict:
    """What setup.py passes to setup(): nothing unless compiling; then mypyc's extension
    modules, and a build_ext that records the compiled sources' hashes."""
    if not compiling() or not BUILDS.intersection(sys.argv[1:]):
        return {}  # metadata (dist_info, egg_info) needs no compiling
    from mypyc.build import mypycify
    from setuptools.command.build_ext import build_ext

    class BuildCompiled(build_ext):
        """setuptools' build_ext, which then writes site_builder/compiled.json: each
        compiled module's source and its SHA-256 (site_builder/core/compiled.py refuses to
        run a compiled module whose .py no longer matches)."""

        def run(self) -> None:
            super().run()
            folder = "." if self.inplace else self.build_lib
            record = {path.removeprefix("site_builder/"): _sha256(path) for path in COMPILED}
            target = os.path.join(folder, "site_builder", "compiled.json")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as file:
                json.dump({"group": GROUP, "sources": record}, file, indent=1, sort_keys=True)

    return {
        "ext_modules": mypycify([*MYPY_OPTIONS, *COMPILED], group_name=GROUP),
        "cmdclass": {"build_ext": BuildCompiled},
    }


def _sha256(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def _check_compiled(wheel: str) -> None:
    """Fail unless `wheel` holds an extension module for each compiled module and the
    record of their sources (site_builder/compiled.json)."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    missing = [
        path
        for path in COMPILED
        if not any(
            n.startswith(path.removesuffix(".py") + ".") and n.endswith((".so", ".pyd"))
            for n in names
        )
    ]
    if "site_builder/compiled.json" not in names:
        missing.append("site_builder/compiled.json")
    if missing:
        os.remove(wheel)
        raise SystemExit(f"site-builder: the compiled wheel lacks {', '.join(missing)}")
