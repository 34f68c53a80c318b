"""Stories built on a dask.distributed cluster (a LocalCluster here) give the same site."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from distributed import LocalCluster

from site_builder import distribute
from site_builder.build import build
from site_builder.cli import main
from site_builder.config import load_config
from site_builder.distribute import dask_executor
from tests.conftest import REPO, free_port, tree_bytes


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread, and one worker of two threads (stemmers and
    memos must not be shared between threads)."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as processes,
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as threads,
    ):
        yield {"processes": processes.scheduler_address, "threads": threads.scheduler_address}


def four_story_site(root):
    """The bundled site with its story four times over, so workers run at once."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    for copy in ("one", "two", "three", "four"):
        shutil.copytree(REPO / "content" / "istanbul-talks", root / "content" / copy)
    return root / "site.yml"


@pytest.mark.parametrize("kind", ["processes", "threads"])
def test_a_cluster_builds_the_same_site_as_one_process(cluster, kind, tmp_path):
    site_yml = four_story_site(tmp_path / "site")
    local = load_config(site_yml, output_dir=tmp_path / "local")
    remote = load_config(site_yml, output_dir=tmp_path / "remote")
    build(local, jobs=1)
    with dask_executor(cluster[kind]) as executor:
        report = build(remote, executor=executor)
    assert report.stories == 4 and report.groups > 0
    assert tree_bytes(tmp_path / "remote") == tree_bytes(tmp_path / "local")


def test_build_dask_on_the_command_line_prints_the_usual_summary(cluster, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "build",
            "--no-cache",
            "--dask",
            cluster["processes"],
            "--output",
            str(tmp_path / "out"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 1 story: 5 articles")
    assert (tmp_path / "out" / "istanbul-talks" / "index.html").is_file()


def test_an_unreachable_scheduler_is_one_line_naming_it(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(distribute, "CONNECT_TIMEOUT", 1)
    address = f"tcp://127.0.0.1:{free_port()}"
    code = main(
        [
            "build",
            "--config",
            str(REPO / "site.yml"),
            "--dask",
            address,
            "--no-cache",
            "--output",
            str(tmp_path / "out"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"Error: cannot reach the dask scheduler at {address}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()
