"""Config declared once: each setting is one field, from which validation, its default
and the README's reference table come."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest

from site_builder.core.config import SiteConfig, load_config, option, options
from site_builder.core.errors import SiteError
from site_builder.core.inputs import Schema, load_yaml, number
from tests.conftest import REPO


def test_the_readme_table_is_what_the_script_writes():
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "update_readme_config.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_one_field_gives_the_check_the_default_and_the_documentation():
    @dataclass(frozen=True)
    class Section:
        depth: int = option("How deep (1-3).", number(1, 3, int), default=2)

    [declared] = options(Section)
    assert (declared.key, declared.doc) == ("depth", "How deep (1-3).")
    assert Section().depth == 2
    with pytest.raises(SiteError, match="depth"):
        Schema(options(Section)).validate(load_yaml("depth: 9\n", REPO / "x.yml"), REPO / "x.yml")


def test_a_setting_left_out_of_site_yml_takes_its_declared_default(tmp_path):
    (tmp_path / "site.yml").write_text("title: T\n", encoding="utf-8")
    config = load_config(tmp_path / "site.yml")
    assert (config.language, config.base_url, config.content_dir) == ("en", "/", "content")
    assert SiteConfig(title="T", root=tmp_path).output_dir == "output"
