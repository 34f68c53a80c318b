"""Writing into a mount point: the new site is staged inside it and moved into place
following a journal, which the next build finishes; a full disk leaves it as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.core.errors import SiteError
from site_builder.write import mount
from site_builder.write.cache import CACHE_DIR, BuildCache
from tests.conftest import edit_one_article, three_stories, tree_bytes
from tests.write.test_write import no_space_after


def test_a_mount_point_is_written_into_following_a_journal(site, monkeypatch, tmp_path):
    """A mount point cannot be swapped away: the new files are staged inside it and moved
    into place one by one; a build stopped on the way is finished by the next one."""
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    output = config.output_path
    monkeypatch.setattr(mount.os.path, "ismount", lambda path: Path(path) == output)
    identity = output.stat().st_ino
    edit_one_article(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(output) == tree_bytes(tmp_path / "cold")

    (site / "content" / "third" / "two.md").unlink()
    moves = []
    original = mount.os.replace

    def stop_after_one_move(source, target):
        if Path(source).parent.name == mount.STAGED:
            if moves:
                raise KeyboardInterrupt  # Ctrl-C on the way
            moves.append(target)
        original(source, target)

    monkeypatch.setattr(mount.os, "replace", stop_after_one_move)
    with pytest.raises(KeyboardInterrupt):
        build(config, cache=BuildCache(site / CACHE_DIR))
    assert (output / mount.JOURNAL).is_file()
    monkeypatch.setattr(mount.os, "replace", original)
    build(config, cache=BuildCache(site / CACHE_DIR))
    shutil.rmtree(tmp_path / "cold")
    build(load_config(site / "site.yml", output_dir=tmp_path / "cold"))
    assert tree_bytes(output) == tree_bytes(tmp_path / "cold")
    assert output.stat().st_ino == identity  # written into, never moved


def test_a_full_disk_leaves_a_mount_point_as_it_was(site, monkeypatch):
    config = three_stories(site)
    build(config, cache=BuildCache(site / CACHE_DIR))
    output = config.output_path
    monkeypatch.setattr(mount.os.path, "ismount", lambda path: Path(path) == output)
    before = tree_bytes(output)
    edit_one_article(site)
    monkeypatch.setattr(mount, "_write_new", no_space_after(2, mount._write_new))
    with pytest.raises(SiteError, match="no space left on the device"):
        build(config, cache=BuildCache(site / CACHE_DIR))
    assert tree_bytes(output) == before  # nothing staged left in it either
    assert not (output / mount.STAGED).exists()
