"""Nothing stale: a theme file added while `serve` runs shows in the served page and in
the next build; the build cache's key covers what shapes the output; cached warnings
name the site where it is now."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.write import cache, keys
from tests.commands.test_serve import Preview, wait_for_status
from tests.conftest import theme_file

MARK = "<!-- override added while serving -->"


@pytest.mark.parametrize("own_theme", [True, False], ids=["own templates", "no themes folder"])
def test_an_override_added_while_serving_shows_in_the_page_and_the_next_build(site, own_theme):
    if own_theme:
        theme_file(site, "templates/outlet.html")  # the site has its own templates folder
    running = Preview(site)
    try:
        page = running.url + "talks/alpha/"
        assert MARK not in wait_for_status(page, 200, what="first build")
        base = theme_file(site, "templates/base.html")
        base.write_text(base.read_text().replace("</body>", MARK + "\n</body>"), "utf-8")
        deadline = time.monotonic() + 20
        shown = ""
        while MARK not in shown and time.monotonic() < deadline:
            time.sleep(0.2)
            shown = wait_for_status(page, 200, what="override")
        assert MARK in shown
    finally:
        assert running.stop() == 0
    built = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--config", str(site / "site.yml")],
        capture_output=True,
        text=True,
        check=True,
    )
    output = site / "output" / "talks" / "alpha" / "index.html"
    assert MARK in output.read_text(encoding="utf-8"), built.stdout + built.stderr


def test_moving_the_site_folder_leaves_no_old_path_in_cached_warnings(site, tmp_path_factory):
    (site / "content" / "talks" / "gamma.md").write_text(
        "---\ntitle: G\noutlet: Outlet G\nsurprise: 1\n---\n\nA passage about the talks.\n",
        encoding="utf-8",
    )
    first = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--config", str(site / "site.yml")],
        capture_output=True,
        text=True,
    )
    assert "surprise" in first.stderr + first.stdout
    moved = tmp_path_factory.mktemp("elsewhere") / "moved-site"
    shutil.move(str(site), moved)
    second = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--config", str(moved / "site.yml")],
        capture_output=True,
        text=True,
    )
    said = second.stderr + second.stdout
    assert "surprise" in said  # the cached warning is given again...
    assert str(site) + "/" not in said  # ...naming the site where it is now


@pytest.mark.parametrize(
    "change",
    [
        lambda mp: mp.setattr(sys, "version", sys.version + " (another build)"),
        lambda mp: mp.setattr(unicodedata, "unidata_version", "0.0.0"),
        lambda mp: mp.setattr(keys, "_version_of", lambda library: f"{library} 0.0.0"),
        lambda mp: (
            mp.delattr(yaml, "CSafeLoader")
            if hasattr(yaml, "CSafeLoader")
            else mp.setattr(yaml, "CSafeLoader", yaml.SafeLoader, raising=False)
        ),
    ],
    ids=["python", "unicode", "libraries", "libyaml"],
)
def test_another_python_unicode_or_library_version_builds_afresh(site, monkeypatch, change):
    config = load_config(site / "site.yml")
    build(config, cache=cache.BuildCache(site / cache.CACHE_DIR))
    assert build(config, cache=cache.BuildCache(site / cache.CACHE_DIR)).up_to_date
    change(monkeypatch)
    keys.forget_program_fingerprint()
    try:
        again = build(config, cache=cache.BuildCache(site / cache.CACHE_DIR))
    finally:
        monkeypatch.undo()
        keys.forget_program_fingerprint()
    assert not again.up_to_date and again.reused == 0


def test_the_key_names_every_library_whose_code_shapes_the_output():
    assert {"markdown-it-py", "mdurl", "jinja2", "markupsafe", "PyYAML", "PyStemmer"} <= set(
        keys.OUTPUT_LIBRARIES
    )


def test_every_library_a_build_runs_is_in_the_key(site):
    # A story named in another script, so the addresses' transliteration runs too.
    shutil.copytree(site / "content" / "talks", site / "content" / "北京")
    found = subprocess.run(
        [sys.executable, "-c", LIBRARIES_A_BUILD_LOADS, str(site / "site.yml")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "anyascii" in found and "jinja2" in found  # (the probe sees the build's imports)
    # A compiled install (SITE_BUILDER_COMPILE=1) also loads its shared library, which the
    # key hashes (tests/write/test_compiled_key.py; tests/test_compiled_wheel.py runs this
    # probe on a real one).
    package = Path(keys.__file__).parent.parent
    covered = {*keys.OUTPUT_LIBRARIES.values(), *keys.compiled_libraries(package)}
    assert set(found) <= covered


LIBRARIES_A_BUILD_LOADS = """
import sys
from pathlib import Path

before = set(sys.modules)  # what Python (and the environment's .pth files) loaded
from site_builder.commands.build import build
from site_builder.core.config import load_config

build(load_config(Path(sys.argv[1])))
loaded = {name.split(".")[0] for name in set(sys.modules) - before}
print(*sorted(
    name for name in loaded
    if name not in sys.stdlib_module_names and not name.startswith("_")
    and name not in ("site_builder", "cython_runtime")
))
"""
