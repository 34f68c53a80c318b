"""Build speed on BASIL as a 100-story site, against the render floor and MkDocs, in one run.

(a) the render floor the project is judged by: ../shared/bench/floor.py, markdown-it-py
    and one Jinja2 template over the same 300 articles, nothing else;
(m) MkDocs 1.6 building the same articles as plain pages (when MkDocs is installed; it
    is not a dependency: `pip install mkdocs==1.6.1`);
(b) site-builder's cold full build (alignment, framing, every page), default jobs and
    --jobs 1;
(c) a rebuild with nothing changed;
(d) a rebuild after editing one article, also when the edit adds a word or a number no
    build has seen; and the same inside one running process, as `serve` rebuilds.
Each is a fresh process (but the last); the figures are medians of --runs runs, with the
peak resident memory of the largest process (workers included). Start-up rows show the
fixed cost of any fresh process. Targets (issue 18): (b) <= 0.6 x (m) and <= 4 x (a);
(d) <= 10% of (b), new words and numbers included; (c) <= 5% of (b).

    python benchmarks/build_speed.py [--runs 5] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from site_builder.basil import import_basil

REPO = Path(__file__).resolve().parents[1]

IN_PROCESS = r"""
import resource, statistics, sys, time
from pathlib import Path
from site_builder.build import build
from site_builder.cache import CACHE_DIR, BuildCache
from site_builder.config import load_config
site, article, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
config, cache = load_config(site / "site.yml"), BuildCache(site / CACHE_DIR)
build(config, cache=cache)
original, times = article.read_text(encoding="utf-8"), []
for n in range(runs):
    article.write_text(original.replace(" the ", f" the (in-process {n}) ", 1), encoding="utf-8")
    started = time.perf_counter()
    build(config, cache=cache)
    times.append(time.perf_counter() - started)
article.write_text(original, encoding="utf-8")
print(statistics.median(times), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

CORE_LIBRARIES = "import markdown_it, jinja2, yaml, rapidfuzz, Stemmer"
"""What a build that aligns a story imports before doing any work of its own."""

MEASURE = r"""
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

Row = tuple[float, float]
"""Median seconds and peak resident memory in MB."""


def measure(command: list[str], cwd: Path, runs: int, before: Callable | None = None) -> Row:
    """Median seconds and peak RSS (MB) of `command` over `runs` fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, *command],
            cwd=cwd,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        times.append(float(out[0]))
        peaks.append(int(out[1]) / 1024)
    return statistics.median(times), max(peaks)


def in_process_edits(site: Path, article: Path, runs: int) -> Row:
    """Median seconds and peak RSS (MB) of rebuilding after one edit inside one process,
    as `site-builder serve` does: no interpreter start-up or imports per build."""
    out = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(site), str(article), str(runs)],
        cwd=site,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def make_site(shared: Path, root: Path) -> Path:
    """A site folder with the BASIL corpus imported as content/."""
    site = root / "site"
    site.mkdir()
    (site / "site.yml").write_text("title: BASIL\n", encoding="utf-8")
    import_basil(shared / "corpora" / "basil", site / "content")
    return site


def mkdocs_row(site: Path, root: Path, runs: int) -> Row:
    """MkDocs building the same 300 articles as plain pages."""
    docs = root / "mkdocs" / "docs"
    for path in sorted((site / "content").glob("*/*.md")):
        if path.name != "_story.md":
            target = docs / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text(encoding="utf-8").split("---\n", 2)[2])
    (root / "mkdocs" / "mkdocs.yml").write_text("site_name: BASIL\n")
    return measure([sys.executable, "-m", "mkdocs", "build", "-q"], root / "mkdocs", runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    floor_script = args.shared / "bench" / "floor.py"
    if not (args.shared / "corpora" / "basil").is_dir() or not floor_script.is_file():
        raise SystemExit(f"BASIL or bench/floor.py not found under {args.shared}: pass --shared")
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(args.shared, Path(tmp))
        build = [sys.executable, "-m", "site_builder", "build", "-q"]
        article = sorted((site / "content").glob("*/fox-news.md"))[0]
        original = article.read_text(encoding="utf-8")
        edits = iter(range(10_000))

        def edit(insert: Callable[[int], str]) -> Callable[[], None]:
            def change() -> None:
                text = original.replace(" the ", f" the {insert(next(edits))} ", 1)
                article.write_text(text, encoding="utf-8")

            return change

        floor_out = Path(tmp) / "floor"
        rows: dict[str, Row] = {
            "(a) render floor (shared/bench/floor.py)": measure(
                [sys.executable, str(floor_script), str(site / "content"), str(floor_out)],
                site,
                args.runs,
            )
        }
        if importlib.util.find_spec("mkdocs") is not None:
            rows["(m) MkDocs, same articles as pages"] = mkdocs_row(site, Path(tmp), args.runs)
        rows["(b) cold build, default jobs"] = measure([*build, "--no-cache"], site, args.runs)
        rows["(b) cold build, --jobs 1"] = measure(
            [*build, "--jobs", "1", "--no-cache"], site, args.runs
        )
        rows["start-up: Python alone"] = measure([sys.executable, "-c", "pass"], site, args.runs)
        rows["start-up: Python + core libraries"] = measure(
            [sys.executable, "-c", CORE_LIBRARIES], site, args.runs
        )
        subprocess.run(build, cwd=site, check=True)
        rows["(c) rebuild, nothing changed"] = measure(build, site, args.runs)
        rows["(d) rebuild after one edit"] = measure(
            build, site, args.runs, before=edit(lambda n: f"(edit {n})")
        )
        rows["(d) edit adding a new word"] = measure(
            build,
            site,
            args.runs,
            before=edit(lambda n: "vorq" + "".join("abcdefghij"[int(d)] for d in str(n))),
        )
        rows["(d) edit adding a new number"] = measure(
            build, site, args.runs, before=edit(lambda n: str(731_000 + n))
        )
        rows["(d) one edit, in a running process (serve)"] = in_process_edits(
            site, article, args.runs
        )
        shutil.rmtree(site / ".site-builder-cache", ignore_errors=True)
    report(rows)
    print(json.dumps({"cores": os.cpu_count(), "runs": args.runs}))


def report(rows: dict[str, Row]) -> None:
    """The table of rows with their ratios, then each target met or not."""
    floor = rows["(a) render floor (shared/bench/floor.py)"][0]
    mkdocs = rows.get("(m) MkDocs, same articles as pages", (None, None))[0]
    cold = rows["(b) cold build, default jobs"][0]
    print(f"{'what':<44} {'median s':>9} {'x floor':>8} {'x MkDocs':>9} {'% of (b)':>9} {'MB':>6}")
    for name, (seconds, peak) in rows.items():
        versus = f"{seconds / mkdocs:9.2f}" if mkdocs else f"{'-':>9}"
        print(
            f"{name:<44} {seconds:9.3f} {seconds / floor:8.2f} {versus}"
            f" {100 * seconds / cold:8.1f}% {peak:6.0f}"
        )
    if mkdocs is None:
        print("MkDocs is not installed here: pip install mkdocs==1.6.1 for the (m) row")
    targets = [("(b) <= 4 x floor", cold <= 4 * floor)]
    if mkdocs is not None:
        targets.append(("(b) <= 0.6 x MkDocs", cold <= 0.6 * mkdocs))
    targets += [
        (f"{name[:3]} {name[4:]} <= 10% of (b)", rows[name][0] <= 0.10 * cold)
        for name in rows
        if name.startswith("(d)") and "running process" not in name
    ]
    targets.append(("(c) <= 5% of (b)", rows["(c) rebuild, nothing changed"][0] <= 0.05 * cold))
    for target, met in targets:
        print(f"target {target}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
