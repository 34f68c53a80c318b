"""Builds: parallel and sequential builds give exactly the same site, with progress."""

from __future__ import annotations

import shutil

from site_builder.build import build
from site_builder.config import load_config
from tests.conftest import REPO, three_stories, tree_bytes


def test_parallel_build_equals_sequential_build(site, tmp_path):
    config = three_stories(site)
    build(config, jobs=1)
    sequential = tree_bytes(config.output_path)
    shutil.rmtree(config.output_path)
    build(config, jobs=3)
    assert tree_bytes(config.output_path) == sequential


def test_bundled_site_builds_the_same_with_and_without_workers(tmp_path):
    first = load_config(REPO / "site.yml", output_dir=tmp_path / "a")
    second = load_config(REPO / "site.yml", output_dir=tmp_path / "b")
    build(first, jobs=1)
    build(second, jobs=2)
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


def test_progress_is_reported_per_story(site):
    config = three_stories(site)
    seen = []
    build(config, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_builds_in_processes_with_different_hash_seeds_are_byte_identical(tmp_path):
    # Python orders sets of strings differently in every process; sums of floats taken
    # in set order once made an event's title differ from one build to the next.
    import os
    import subprocess
    import sys

    trees = []
    for seed in ("1", "2", "3"):
        output = tmp_path / f"out-{seed}"
        command = ["build", "-q", "--no-cache", "--config", REPO / "site.yml", "--output", output]
        subprocess.run(
            [sys.executable, "-m", "site_builder", *map(str, command)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        trees.append(tree_bytes(output))
    assert trees[0] == trees[1] == trees[2]
