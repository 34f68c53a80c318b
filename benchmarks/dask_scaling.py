"""`build --dask` on a real scheduler against the local build, at several site sizes.

BASIL's 100 stories make the 100-story site; larger sites repeat them under new slugs
(`<slug>-copy-2`, ...), so every story is built (no cache) and the work per story is
BASIL's. For each size, a `dask scheduler` and `dask worker --nworkers K --nthreads 1`
are started as separate processes (as on a cluster; the site folder is the shared
folder), and each run is a fresh `site-builder build --no-cache` process: the local
build (default jobs) and the --dask build with K worker processes, interleaved. It
prints the median wall time of each, the ratio, the client's peak memory (the build
process's own: the workers are other processes) and whether the two outputs are
byte-identical.

With `--before DIR` (a copy of an earlier site-builder, e.g. `git worktree add DIR
<commit>`), each size also runs, in the same rounds, --dask builds whose client and
workers run DIR's code (a cluster of their own), and prints them as rows marked
`before`: a before/after comparison on the same machine at the same moment.

Targets (issue 27): --dask with two worker processes at most 1.25 x the local build at
100 stories; the client's peak memory at 400 stories at most 1.3 x that at 100.

    python benchmarks/dask_scaling.py [--sizes 100 400 2000] [--workers 1 2 4] [--runs 3]
                                      [--before DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.importers.basil import import_basil  # noqa: E402

MEASURE = r"""
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def make_site(shared: Path, root: Path, stories: int) -> Path:
    """A site of `stories` stories: BASIL's, repeated under new slugs."""
    site = root / f"site-{stories}"
    site.mkdir()
    (site / "site.yml").write_text("title: BASIL\n", encoding="utf-8")
    base = root / "basil"
    if not base.is_dir():
        import_basil(shared / "corpora" / "basil", base)
    originals = sorted(p for p in base.iterdir() if p.is_dir())
    for n in range(stories):
        source = originals[n % len(originals)]
        copy = n // len(originals)
        name = source.name if copy == 0 else f"{source.name}-copy-{copy + 1}"
        shutil.copytree(source, site / "content" / name)
    return site


def run(command: list[str], cwd: Path, code: Path = REPO) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `command` in a fresh process running the
    site-builder in `code`."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(code)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def tree_digest(folder: Path) -> str:
    """One hash of every file's path and bytes under `folder`."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Cluster:
    """A dask scheduler and K worker processes of one thread each, as separate
    processes started with the `dask` command, running the site-builder in `code`."""

    def __init__(self, root: Path, workers: int, code: Path = REPO) -> None:
        self.code = code
        self.file = root / f"scheduler-{workers}-{code.name}.json"
        self.file.unlink(missing_ok=True)
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        self.scheduler = subprocess.Popen(
            [*dask, "--scheduler-file", str(self.file), "--port", "0", "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(code)},
        )
        while not self.file.is_file():
            time.sleep(0.1)
        time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_worker",
                "--scheduler-file",
                str(self.file),
                "--nworkers",
                str(workers),
                "--nthreads",
                "1",
                "--no-dashboard",
                "--memory-limit",
                "0",
                "--preload",
                "site_builder.commands.distribute",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(code)},
        )
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)

    def close(self) -> None:
        """Stop the workers and the scheduler."""
        for process in (self.workers, self.scheduler):
            process.terminate()
            process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 2000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--runs", type=int, default=3, help="runs at 100 stories (fewer above)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--before", type=Path, help="an earlier site-builder to compare with")
    args = parser.parse_args()
    build = [sys.executable, "-m", "site_builder", "build", "-q", "--no-cache"]
    print(
        f"{'stories':>7} {'workers':>7} {'local s':>8} {'dask s':>8} {'x local':>8} "
        f"{'local MB':>9} {'client MB':>9} {'same bytes':>10} code",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        codes = [REPO] if args.before is None else [args.before.resolve(), REPO]
        clusters = {
            (workers, code): Cluster(root, workers, code)
            for workers in args.workers
            for code in codes
        }
        try:
            warm = make_site(args.shared, root, 10)
            for cluster in clusters.values():  # untimed: the workers' first stories
                out = str(root / "w")
                run([*build, "--dask", cluster.address, "--output", out], warm, cluster.code)
            for size in args.sizes:
                site = make_site(args.shared, root, size)
                runs = max(1, args.runs * 100 // size) if size > 100 else args.runs
                local: list[tuple[float, float]] = []
                dask: dict[tuple[int, Path], list[tuple[float, float]]] = {k: [] for k in clusters}
                for _ in range(runs):  # interleaved: the machine is shared
                    local.append(run([*build, "--output", str(root / "local")], site))
                    for (workers, code), cluster in clusters.items():
                        out = str(root / f"dask-{workers}-{code.name}")
                        dask[workers, code].append(
                            run([*build, "--dask", cluster.address, "--output", out], site, code)
                        )
                expected = tree_digest(root / "local")
                lt = statistics.median(t for t, _ in local)
                for (workers, code), rows in dask.items():
                    dt = statistics.median(t for t, _ in rows)
                    same = tree_digest(root / f"dask-{workers}-{code.name}") == expected
                    print(
                        f"{size:7d} {workers:7d} {lt:8.2f} {dt:8.2f} {dt / lt:8.2f} "
                        f"{max(m for _, m in local):9.0f} {max(m for _, m in rows):9.0f} "
                        f"{'yes' if same else 'NO':>10} {'this' if code == REPO else 'before'}",
                        flush=True,
                    )
                shutil.rmtree(site)
        finally:
            for cluster in clusters.values():
                cluster.close()
    print(
        json.dumps(
            {"cores": os.cpu_count(), "runs at 100 stories": args.runs, "load": os.getloadavg()}
        )
    )


if __name__ == "__main__":
    main()
