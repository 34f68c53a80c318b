"""The cache key of the opt-in compiled core (SITE_BUILDER_COMPILE=1 pip install .): a
compiled and a pure install never share cached results, and a compiled module whose
source was edited is refused rather than run.

A compiled install is laid out here as the compiled wheel lays it out (an extension
module beside each compiled .py, site_builder/compiled.json, the shared library
site_builder__mypyc beside the package), on a copy of the package, so that these tests
need no compiler; tests/test_compiled_wheel.py builds the real one.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
COMPILED = ["align/similarity.py", "frame/framing.py"]

FINGERPRINT = (
    "from site_builder.write.keys import program_fingerprint; print(program_fingerprint())"
)


def run_python(root: Path, code: str) -> subprocess.CompletedProcess:
    """`code` run by a fresh Python that imports site_builder from `root`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONHOME"}
    env["PYTHONPATH"] = str(root)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )


def key(root: Path) -> str:
    result = run_python(root, FINGERPRINT)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def pure(tmp_path: Path) -> Path:
    """A folder holding a pure copy of the package."""
    shutil.copytree(
        REPO / "site_builder",
        tmp_path / "site_builder",
        ignore=shutil.ignore_patterns("__pycache__", "compiled.json", f"*{SUFFIX}"),
    )
    return tmp_path


def compile_(root: Path, library: bytes = b"compiled code") -> None:
    """Lay out a compiled install in `root` as the compiled wheel does."""
    package = root / "site_builder"
    sources = {}
    for name in COMPILED:
        source = package / name
        source.with_name(source.stem + SUFFIX).write_bytes(b"module " + name.encode())
        sources[name] = hashlib.sha256(source.read_bytes()).hexdigest()
    record = {"group": "site_builder", "sources": sources}
    (package / "compiled.json").write_text(json.dumps(record), encoding="utf-8")
    (root / f"site_builder__mypyc{SUFFIX}").write_bytes(library)


def test_a_compiled_install_has_another_key_than_a_pure_one(pure):
    was = key(pure)
    compile_(pure)
    assert key(pure) != was


def test_the_key_follows_the_compiled_library_and_modules(pure):
    compile_(pure, b"one build")
    first = key(pure)
    compile_(pure, b"another build")  # mypyc's runtime is compiled into this library
    second = key(pure)
    assert second != first
    module = pure / "site_builder" / "align" / f"similarity{SUFFIX}"
    module.write_bytes(module.read_bytes() + b" again")
    assert key(pure) not in (first, second)


def test_a_compiled_module_whose_source_changed_is_refused(pure):
    compile_(pure)
    assert run_python(pure, "import site_builder").returncode == 0
    source = pure / "site_builder" / "align" / "similarity.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    refused = run_python(pure, "import site_builder")
    assert refused.returncode != 0
    assert "align/similarity.py changed after it was compiled" in refused.stderr
    assert "SITE_BUILDER_COMPILE=1 pip install ." in refused.stderr


def test_a_pure_install_is_not_refused(pure):
    source = pure / "site_builder" / "align" / "similarity.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert run_python(pure, "import site_builder").returncode == 0
