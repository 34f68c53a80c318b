"""site-builder as a new user meets it: built as a wheel, installed into a fresh virtual
environment, used in an empty folder outside the repository. The theme's templates and
static files, the starter site and the schema must all come from the wheel.

Marked `wheel`, so `pytest -m "not wheel"` leaves it out; it runs in the normal suite.
It needs no network: the wheel is built without build isolation, and installed with
--no-deps into an environment that sees this one's packages (its dependencies).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder import __version__
from tests.conftest import REPO

pytestmark = pytest.mark.wheel
SOURCES = (
    "pyproject.toml", "README.md", "MANIFEST.in", "setup.py", "build_backend", "site_builder",
    "themes",
)  # fmt: skip


def run(*command, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a command as a user would, failing the test with its output if it fails."""
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def wheel_in_venv(root: Path, *, compiling: bool = False) -> tuple[Path, dict[str, str], Path]:
    """A wheel of this source (the compiled core's with `compiling`), built from a copy
    in `root` so that building leaves nothing in the checkout, installed into a new
    virtual environment there: (its bin folder, an environment for commands that does
    not see this checkout, the wheel)."""
    source = root / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "compiled.json", "*.so", "*.pyd")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=ignore)
        else:
            shutil.copy(REPO / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    wheels = root / "wheels"
    build_env = {**env, "SITE_BUILDER_COMPILE": "1"} if compiling else env
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", ".",
        "-w", wheels, cwd=source, env=build_env)  # fmt: skip
    [wheel] = wheels.glob("*.whl")
    venv = root / "venv"
    run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv,
        cwd=root, env=env)  # fmt: skip
    bin_dir = venv / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "--no-deps", "--ignore-installed", "--quiet",
        wheel, cwd=root, env=env)  # fmt: skip
    return bin_dir, env, wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A virtual environment with site-builder installed from a (pure) wheel of this
    source: (its bin folder, an environment for commands that does not see this
    checkout, the wheel)."""
    bin_dir, env, wheel = wheel_in_venv(tmp_path_factory.mktemp("wheel"))
    assert wheel.name == f"site_builder-{__version__}-py3-none-any.whl"
    return bin_dir, env, wheel


def test_a_new_site_builds_and_checks_with_the_installed_wheel(installed, tmp_path):
    bin_dir, env, _ = installed
    where = run(
        bin_dir / "python",
        "-c",
        "import site_builder, site_builder.core.theme as t; print(site_builder.__file__); "
        "print(t.BUILTIN_THEMES)",
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    venv = bin_dir.parent
    assert all(Path(p).is_relative_to(venv) for p in where), where  # not this checkout

    new = run(bin_dir / "site-builder", "new", "my-site", cwd=tmp_path, env=env).stdout
    assert "  cd my-site" in new
    site = tmp_path / "my-site"
    built = run(bin_dir / "site-builder", "build", "--strict", cwd=site, env=env).stdout
    assert built.startswith("Built 1 story: 3 articles"), built
    checked = run(bin_dir / "site-builder", "check", cwd=site, env=env).stdout
    # home, 404, the story, 3 articles, outlets/, 3 outlets, blindspots/
    assert checked.startswith("Checked 11 pages,") and checked.endswith(": all resolve\n")

    output = site / "output"
    story = (output / "lantern-bridge" / "index.html").read_text(encoding="utf-8")
    assert story.count('class="head-outlet"') == 3  # the three outlets' headlines
    for outlet in ("Hollowmere Herald", "Valley Radio", "The Weekly Lamp"):
        assert outlet in story
    theme = Path(where[1]) / "default"
    for name in ("style.css", "site.js"):
        assert (output / "static" / name).read_bytes() == (theme / "static" / name).read_bytes()
    for article in ("hollowmere-herald", "valley-radio", "weekly-lamp"):
        page = (output / "lantern-bridge" / article / "index.html").read_text(encoding="utf-8")
        assert 'id="p-1"' in page and "also in" in page.lower()
    schema = run(bin_dir / "site-builder", "export", "--schema", cwd=site, env=env).stdout
    assert '"$schema"' in schema


def test_the_wheel_ships_the_built_in_templates_compiled(installed, tmp_path):
    bin_dir, env, _ = installed
    check = (
        "from site_builder.core.theme import BUILTIN_THEMES\n"
        "from site_builder.render import precompiled, render\n"
        "env = render.new_environment([BUILTIN_THEMES / 'default' / 'templates'])\n"
        "for name in env.list_templates():\n"
        "    source, filename, _ = env.loader.get_source(env, name)\n"
        "    code = precompiled.precompiled_code(env, name, source, filename)\n"
        "    print(name, code is not None and 'site-packages' in precompiled.__file__)\n"
    )
    found = run(bin_dir / "python", "-c", check, cwd=tmp_path, env=env).stdout.split("\n")
    assert "story.html True" in found and "article.html True" in found
    assert all(line.endswith(" True") for line in found if line), found


def test_the_pages_built_from_the_wheel_are_valid_html(installed, tmp_path):
    from tests.render.test_html_validity import vnu_command

    bin_dir, env, _ = installed
    run(bin_dir / "site-builder", "new", "site", cwd=tmp_path, env=env)
    run(bin_dir / "site-builder", "build", "-q", cwd=tmp_path / "site", env=env)
    result = subprocess.run(
        [*vnu_command(), "--errors-only", "--skip-non-html", str(tmp_path / "site" / "output")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_requirements_txt_can_name_a_committed_wheel(installed, tmp_path):
    """What the site's requirements.txt says to do for a version not on PyPI works."""
    bin_dir, env, wheel = installed
    run(bin_dir / "site-builder", "new", "site", cwd=tmp_path, env=env)
    site = tmp_path / "site"
    (site / "wheels").mkdir()
    shutil.copy(wheel, site / "wheels")
    requirements = site / "requirements.txt"
    lines = requirements.read_text().splitlines()
    [pinned] = [line for line in lines if line.startswith("site-builder==")]
    [suggested] = [line for line in lines if line.startswith("# ./wheels/")]
    lines = [suggested.removeprefix("# ") if line == suggested else line for line in lines]
    requirements.write_text("\n".join(line for line in lines if line != pinned) + "\n")
    result = run(bin_dir / "python", "-m", "pip", "install", "--no-deps", "--ignore-installed",
                 "-r", "requirements.txt", cwd=site, env=env)  # fmt: skip
    assert f"Successfully installed site-builder-{__version__}" in result.stdout
