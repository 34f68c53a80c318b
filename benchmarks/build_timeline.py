"""Where a cold build's wall time goes on two cores: a timeline of cold builds of BASIL
as a 100-story site (laid out as build_speed.py lays it), with the seconds in which a
core has nothing to do.

Each build runs in a fresh process, as `python -m site_builder build -q --no-cache`
into an output folder it already wrote (as build_speed.py's cold row), with timers
put around the build's steps from outside the code (its functions are wrapped before
the command runs; the worker processes are forked, so they inherit the wrappers): each
step's start and end in the build's process and each story's in the workers, on the
system's monotonic clock, which every process shares. Nothing in site-builder is
changed for it. Printed, medians over the builds:

- the serial start: from launching the command to the first story's start in a worker
  (Python's start, the imports, the settings, the stories' keys, the word tables, the
  templates, forking), one core busy;
- the stories: each process's time in its stories (the workers', and since round ten
  the build's own, which builds stories beside them), the time between its stories
  (taking the next task, sending the manifest back), and how far apart they end;
- the serial end: from the last story's end to the process's end (the site-wide pages,
  alignments.json, putting the site together, the swap, removing the old output,
  joining the workers, exiting), one core busy;
- the idle core-seconds: 2 x wall minus the CPU seconds of the build and its workers.

With --before DIR (an earlier checkout), builds of the two versions alternate.

    python benchmarks/build_timeline.py [--builds 5] [--shared ../shared] [--before DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from build_speed import environment, make_site  # noqa: E402

TRACED = r"""
import functools, importlib, os, sys, time

LOG = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, 0o644)


def event(name):
    os.write(LOG, f"{os.getpid()} {time.monotonic():.6f} {name}\n".encode())


def timed(module, name):
    owner = importlib.import_module(module)
    *path, last = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    function = getattr(owner, last)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        event("B " + name)
        try:
            return function(*args, **kwargs)
        finally:
            event("E " + name)

    setattr(owner, last, wrapper)


started = time.monotonic()
import site_builder.commands.cli as cli

for module, name in [
    ("site_builder.core.config", "load_config"),
    ("site_builder.commands.build", "run_plan"),
    ("site_builder.commands.build", "story_folders"),
    ("site_builder.commands.build", "site_key"),
    ("site_builder.commands.build", "_theme_words"),
    ("site_builder.align.language", "load_language"),
    ("site_builder.commands.build", "_largest_first"),
    ("site_builder.commands.build", "in_pool"),
    ("site_builder.commands.pool", "compile_templates"),
    ("site_builder.render.render", "render_site"),
    ("site_builder.commands.distribute", "OnStage.write_alignments"),
    ("site_builder.write.write", "_assemble"),
    ("site_builder.write.write", "_retire"),
    ("concurrent.futures.process", "ProcessPoolExecutor.shutdown"),
    ("site_builder.commands.distribute", "place_story"),
]:
    timed(module, name)
os.write(LOG, f"{os.getpid()} {started:.6f} B imports\n".encode())
event("E imports")
exit_now = os._exit


def ended(status):
    event("exit")
    exit_now(status)


os._exit = ended
sys.argv = ["site-builder", *sys.argv[2:]]
cli.run()
"""
"""Run in the build's own process: wraps the steps with timers, then runs the command
line (argv: the log file, then the command's arguments)."""

LAUNCH = r"""
import subprocess, sys, time, resource
launched = time.monotonic()
subprocess.run(sys.argv[1:], check=True)
reaped = time.monotonic()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(launched, reaped, usage.ru_utime + usage.ru_stime)
"""
"""Launches the command; prints when (monotonic clock), when it was reaped and its CPU
seconds with its workers'."""

STEPS = {
    "load_config": "settings read",
    "story_folders": "stories listed",
    "site_key": "site's key",
    "_theme_words": "theme's strings",
    "load_language": "word tables",
    "_largest_first": "stories ordered",
    "compile_templates": "templates compiled",
    "render_site": "site-wide pages",
    "OnStage.write_alignments": "alignments.json",
    "_assemble": "site put together",
    "ProcessPoolExecutor.shutdown": "workers joined",
    "_retire": "old output removed",
}
"""The steps whose milliseconds are printed, in the order they run."""


def timeline(log: Path, launched: float, reaped: float, cpu: float) -> dict[str, float]:
    """The figures (milliseconds) of one traced build from its log."""
    rows = [line.split(" ", 2) for line in log.read_text().splitlines()]
    events = [(int(pid), float(t), name) for pid, t, name in rows]
    main = events[0][0]
    spans: dict[str, float] = {}
    opened: dict[str, float] = {}
    in_story = False  # the build's own process builds stories too: their steps are not its
    for pid, t, name in events:
        if pid == main and name[2:] == "place_story":
            in_story = name[0] == "B"
        elif pid == main and name[:2] in ("B ", "E ") and not in_story:
            if name[0] == "B":
                opened[name[2:]] = t
            elif name[2:] in opened:
                spans[name[2:]] = spans.get(name[2:], 0.0) + t - opened.pop(name[2:])
    workers: dict[int, list[tuple[float, str]]] = {}  # each process that builds stories
    for pid, t, name in events:
        if name[2:] == "place_story":
            workers.setdefault(pid, []).append((t, name))
    firsts, lasts, busy, between = [], [], 0.0, 0.0
    for stories in workers.values():
        starts = [t for t, name in stories if name == "B place_story"]
        ends = [t for t, name in stories if name == "E place_story"]
        firsts.append(starts[0])
        lasts.append(ends[-1])
        busy += sum(end - start for start, end in zip(starts, ends))
        between += sum(start - end for start, end in zip(starts[1:], ends))
    wall = reaped - launched
    figures = {
        "wall": wall,
        "CPU": cpu,
        "idle core-seconds (2 x wall - CPU)": 2 * wall - cpu,
        "serial start: launch to the first story": min(firsts) - launched,
        "  Python's own start (launch to the first line)": opened_at(events, main, "imports")
        - launched,
        "  imports (the command line's and the build's)": spans.get("imports", 0.0),
        "  stories' keys (listed to the theme's strings)": opened_at(events, main, "_theme_words")
        - closed_at(events, main, "story_folders"),
        "  forking to the first story": min(firsts) - opened_at(events, main, "in_pool"),
        "  launch to the pool's start": opened_at(events, main, "in_pool") - launched,
        "stories: the processes' time in them (sum)": busy,
        "stories: between them, in the processes (sum)": between,
        "stories: the processes' ends apart": max(lasts) - min(lasts),
        "serial end: last story to the process's end": reaped - max(lasts),
    }
    figures.update({f"  {label}": spans.get(step, 0.0) for step, label in STEPS.items()})
    return {name: 1000 * value for name, value in figures.items()}


def opened_at(events: list[tuple[int, float, str]], pid: int, step: str) -> float:
    """When process `pid` first started `step`."""
    return next(t for p, t, name in events if p == pid and name == "B " + step)


def closed_at(events: list[tuple[int, float, str]], pid: int, step: str) -> float:
    """When process `pid` first ended `step`."""
    return next(t for p, t, name in events if p == pid and name == "E " + step)


def traced_build(site: Path, output: Path, code: Path, env: dict[str, str], log: Path) -> dict:
    """One cold build of `site` with the site-builder at `code`; its figures."""
    command = [sys.executable, "-c", TRACED, str(log), "build", "-q", "--no-cache"]
    command += ["--output", str(output)]
    out = subprocess.run(
        [sys.executable, "-c", LAUNCH, *command],
        cwd=site,
        env={**env, "PYTHONPATH": str(code)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return timeline(log, float(out[0]), float(out[1]), float(out[2]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--before", type=Path, help="an earlier checkout to compare with")
    args = parser.parse_args()
    versions = [("this checkout", REPO)]
    if args.before is not None:
        versions.insert(0, ("before", args.before.resolve()))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = make_site(args.shared, root)
        env = environment(root)
        results: dict[str, list[dict]] = {name: [] for name, _ in versions}
        for run in range(args.builds + 1):  # the first round: compiled modules, output
            for number, (name, code) in enumerate(versions):
                output = root / f"output-{number}"
                figures = traced_build(site, output, code, env, root / "log")
                if run:
                    results[name].append(figures)
        print(f"medians of {args.builds} builds, milliseconds; load average {os.getloadavg()}")
        names = list(results[versions[0][0]][0])
        print(f"{'':<52}" + "".join(f"{name:>16}" for name, _ in versions))
        for figure in names:
            cells = [statistics.median(r[figure] for r in results[name]) for name, _ in versions]
            print(f"{figure:<52}" + "".join(f"{cell:16.0f}" for cell in cells))


if __name__ == "__main__":
    main()
