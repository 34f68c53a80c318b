"""The opt-in compiled core as a user installs it: `SITE_BUILDER_COMPILE=1` builds a
wheel whose hot modules are compiled by mypyc; installed in a fresh virtual environment,
it builds the bundled site byte for byte as the pure code does, and everything a build
loads from outside the standard library is in the cache key.

Marked `compiled`, so `pytest -m "not compiled"` leaves it out (about a minute of
compiling); skipped where mypy (the test extra has it) or a C compiler is missing.
Like tests/test_wheel.py it needs no network (no build isolation, --no-deps).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import shutil
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BASIL, NO_BASIL, REPO
from tests.test_wheel import run, wheel_in_venv
from tests.write.test_nothing_stale import LIBRARIES_A_BUILD_LOADS

pytestmark = [
    pytest.mark.compiled,
    pytest.mark.skipif(importlib.util.find_spec("mypyc") is None, reason="mypy not installed"),
    pytest.mark.skipif(
        shutil.which(str(sysconfig.get_config_var("CC") or "cc").split()[0]) is None,
        reason="no C compiler",
    ),
]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]

COVERED = """
from pathlib import Path
from site_builder.write import keys
package = Path(keys.__file__).parent.parent
print(*sorted({*keys.OUTPUT_LIBRARIES.values(), *keys.compiled_libraries(package)}))
"""
"""What the installed program's cache key covers: libraries and compiled libraries."""


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """A virtual environment with the compiled wheel of this source installed: (its bin
    folder, an environment for commands that does not see this checkout, the wheel)."""
    return wheel_in_venv(tmp_path_factory.mktemp("compiled"), compiling=True)


def test_the_compiled_wheel_holds_the_compiled_modules_and_their_record(compiled):
    _, _, wheel = compiled
    assert "-none-any" not in wheel.name  # a platform wheel; the default one stays pure
    names = zipfile.ZipFile(wheel).namelist()
    assert f"site_builder/align/similarity{SUFFIX}" in names
    assert f"site_builder/frame/framing{SUFFIX}" in names
    assert f"site_builder/core/tokens{SUFFIX}" in names
    assert f"site_builder__mypyc{SUFFIX}" in names and "site_builder/compiled.json" in names
    assert "site_builder/align/similarity.py" in names  # the sources, which it checks


def test_the_compiled_build_writes_what_the_pure_one_writes(compiled, tmp_path):
    bin_dir, env, _ = compiled
    loaded = run(bin_dir / "python", "-c", "import site_builder.align.similarity as s; "
                 "print(s.__file__)", cwd=tmp_path, env=env).stdout  # fmt: skip
    assert loaded.strip().endswith(SUFFIX) and str(bin_dir.parent) in loaded
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(REPO / "site.yml", site / "site.yml")
    shutil.copytree(REPO / "content", site / "content")
    build = ["build", "-q", "--no-cache", "--output"]
    run(bin_dir / "site-builder", *build, tmp_path / "compiled", cwd=site, env=env)
    pure_env = {**env, "PYTHONPATH": str(REPO)}
    run(sys.executable, "-m", "site_builder", *build, tmp_path / "pure", cwd=site, env=pure_env)
    assert files(tmp_path / "compiled") == files(tmp_path / "pure")


TOKENS_SENT = """
import pickle
from site_builder.core import tokens
from site_builder.core.model import Token
sent = [Token("Putin", ("putin",)), Token(" ")]
sent.append(sent[0])
back = pickle.loads(pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL))
print(tokens.__file__, back == sent, back[0] is back[2], back[0].terms)
"""
"""A rebuild's helper process sends its stories' tokens to the build pickled."""


def test_a_compiled_token_is_sent_between_processes(compiled, tmp_path):
    # A compiled frozen class has no slot state for pickle's default to set: without
    # Token.__reduce__ a rebuild could not take its helper's results.
    bin_dir, env, _ = compiled
    found = run(bin_dir / "python", "-c", TOKENS_SENT, cwd=tmp_path, env=env).stdout.split()
    assert found[0].endswith(SUFFIX)  # the compiled class
    assert found[1:] == ["True", "True", "('putin',)"]


@pytest.mark.skipif(not BASIL.is_dir(), reason=NO_BASIL)
def test_the_compiled_build_of_basil_writes_what_the_pure_one_writes(compiled, tmp_path):
    # The bundled site's one short story leaves paths of the aligner unrun (a compiled
    # module checks argument types at run time: one wrong annotation failed on BASIL only).
    from site_builder.importers.basil import import_basil

    bin_dir, env, _ = compiled
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.yml").write_text("title: BASIL\n", encoding="utf-8")
    import_basil(BASIL, site / "content")
    build = ["build", "-q", "--no-cache", "--output"]
    run(bin_dir / "site-builder", *build, tmp_path / "compiled", cwd=site, env=env)
    pure_env = {**env, "PYTHONPATH": str(REPO)}
    run(sys.executable, "-m", "site_builder", *build, tmp_path / "pure", cwd=site, env=pure_env)
    assert files(tmp_path / "compiled") == files(tmp_path / "pure")


def test_everything_a_compiled_build_loads_is_in_its_key(compiled, tmp_path):
    bin_dir, env, _ = compiled
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "site.yml", site / "site.yml")
    python = bin_dir / "python"
    found = run(python, "-c", LIBRARIES_A_BUILD_LOADS, site / "site.yml", cwd=site, env=env)
    covered = run(python, "-c", COVERED, cwd=site, env=env).stdout.split()
    assert "site_builder__mypyc" in found.stdout.split()  # (the probe sees it)
    assert set(found.stdout.split()) <= set(covered)


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (its path -> its bytes)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
