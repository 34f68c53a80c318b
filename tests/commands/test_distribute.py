"""Stories built on a dask.distributed cluster (a LocalCluster here) give the same site."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tracemalloc

import pytest
from distributed import LocalCluster

from site_builder.commands import distribute
from site_builder.commands.build import build
from site_builder.commands.cli import main
from site_builder.commands.distribute import dask_executor
from site_builder.core.config import load_config
from site_builder.write.cache import CACHE_DIR, BuildCache
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


def four_story_site(root, copies=4):
    """The bundled site with its story four (or `copies`) times over, so workers run at
    once."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    for copy in range(copies):
        shutil.copytree(REPO / "content" / "istanbul-talks", root / "content" / f"copy-{copy}")
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


def test_stories_built_several_to_a_task_give_every_story_once_in_order(cluster, tmp_path):
    # 19 stories on two worker threads: tasks of two stories and a last one of one.
    assert distribute.batch_size(19, 2) == 2
    site_yml = four_story_site(tmp_path / "site", copies=19)
    local = load_config(site_yml, output_dir=tmp_path / "local")
    remote = load_config(site_yml, output_dir=tmp_path / "remote")
    build(local, jobs=1)
    with dask_executor(cluster["processes"]) as executor:
        report = build(remote, executor=executor)
    assert report.stories == 19
    assert tree_bytes(tmp_path / "remote") == tree_bytes(tmp_path / "local")


def client_peak(config, address):
    """The peak of the memory Python allocated in this process (the client) while it
    built `config` on the cluster at `address` (tracemalloc: the pages and entries a
    client holds are Python objects; the process's own size is mostly its imports)."""
    with dask_executor(address) as executor:
        build(config, executor=executor)  # warm: templates compiled, modules imported
        tracemalloc.start()
        try:
            build(config, executor=executor, force_output=True)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_workers_write_the_pages_so_the_client_does_not_grow_with_the_site(cluster, tmp_path):
    peaks, added = {}, 0
    for copies in (2, 10):
        site_yml = four_story_site(tmp_path / f"site-{copies}", copies)
        local = load_config(site_yml, output_dir=tmp_path / f"local-{copies}")
        build(local, jobs=1)
        remote = load_config(site_yml, output_dir=tmp_path / f"remote-{copies}")
        peaks[copies] = client_peak(remote, cluster["processes"])
        built = tree_bytes(tmp_path / f"remote-{copies}")
        assert built == tree_bytes(tmp_path / f"local-{copies}")
        added = sum(len(v) for k, v in built.items() if k.startswith("copy-")) * 8 // 10
    # Eight more stories add `added` bytes of pages and alignments; a client holding them
    # grew by more than that. Only the home page, cards and digests may grow.
    assert peaks[10] - peaks[2] < added / 4, (peaks, added)


def test_warnings_of_stories_built_at_once_on_threads_are_each_said_once(cluster, tmp_path):
    (tmp_path / "site.yml").write_text("title: Notes\n", encoding="utf-8")
    articles = sorted((REPO / "content" / "istanbul-talks").glob("[!_]*.md"))
    slugs = [f"story-{n}" for n in range(8)]
    for n, slug in enumerate(slugs):  # one article each: each story notes it has nothing
        (tmp_path / "content" / slug).mkdir(parents=True)  # to align, then takes a while
        shutil.copy(articles[n % len(articles)], tmp_path / "content" / slug)
    said = []

    class Keep(logging.Handler):
        def emit(self, record):
            said.append(record.getMessage())

    logger = logging.getLogger("site_builder")
    keep = Keep(logging.INFO)
    logger.addHandler(keep)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        with dask_executor(cluster["threads"]) as executor:
            build(load_config(tmp_path / "site.yml"), executor=executor)
    finally:
        logger.removeHandler(keep)
        logger.setLevel(level)
    notes = [m for m in said if "one article, nothing to align" in m]
    assert sorted(notes) == sorted(
        f"{tmp_path / 'content' / s}: one article, nothing to align" for s in slugs
    )
    assert logger.handlers == [] or keep not in logger.handlers  # the logger is as it was


def test_a_cluster_built_site_is_reused_from_the_cache_without_building(cluster, tmp_path):
    site_yml = four_story_site(tmp_path / "site")
    config = load_config(site_yml)
    cache = tmp_path / "site" / CACHE_DIR
    with dask_executor(cluster["processes"]) as executor:
        build(config, cache=BuildCache(cache), executor=executor)
        first = tree_bytes(config.output_path)
        (config.output_path / "index.html").write_text("changed by hand")
        report = build(config, cache=BuildCache(cache), executor=executor)
    assert report.reused == 4  # the workers kept each story's pages in the cache
    assert tree_bytes(config.output_path) == first


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
