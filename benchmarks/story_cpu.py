"""Each story's CPU in a cold build with one process and with two: whether the CPU a
build with the default jobs costs more than one with `--jobs 1` is in the stories'
own work or around it (docs/scaling.md, "Round fifteen: two processes and the serial
wall": around it; on a quiet machine the stories cost the same in every mode).

Cold builds of BASIL as a 100-story site (laid out as build_speed.py lays it), each in
a fresh process, `build -q --no-cache`, with timers put around `build.build_story` (a
story read, aligned, framed and rendered) from outside the code, as build_timeline.py
does: the story's CPU seconds in its thread (`time.thread_time`) and the minor page
faults of that thread. Modes, alternated round by round:

- `j1`: `--jobs 1`, every story in one process;
- `j2`: the default jobs (two on two cores: the build's process and one worker);
- `pair`: two `--jobs 1` builds at once, into two outputs: the same software as `j1`
  (no fork, no pool, each process warming its own caches over every story), with the
  other core busy as in `j2`. What `pair` adds to `j1` is what two busy cores cost
  each other; what `j2` adds to `pair`, the two processes' own software in the stories;
- `j1fork`: `--jobs 1` with a process forked (and left asleep) just before the first
  story: the copy-on-write faults of a fork, without a second worker.

Printed: per mode, the stories' CPU summed (medians of the rounds), their page faults
and system time, the whole build's CPU and faults, and each mode's per-story CPU against
the first mode's (median over the stories of the ratio of their medians, and the
quartiles). The `j1` stories include the first story's template compilation and the
framing import (~45 ms), which `j2` does before forking. The whole-build row of `pair`
counts both of its builds. Taken under load, the per-story figures measure the load
(every mode's stories cost more, unevenly): run it on a quiet machine.

    python benchmarks/story_cpu.py [--rounds 3] [--modes j1,j2,pair,j1fork]
        [--shared ../shared] [--code DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from build_speed import environment, make_site  # noqa: E402

TRACED = r"""
import os, resource, sys, time

LOG = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
import site_builder.commands.build as build
import site_builder.commands.cli as cli

build_story = build.build_story
forked = []


def timed_story(folder, *args):
    if os.environ.get("STORY_CPU_FORK") and not forked:  # j1fork: a sleeping copy
        pid = os.fork()
        if pid == 0:  # it ends once the build has (the command line ends with os._exit)
            parent = os.getppid()
            while os.getppid() == parent:
                time.sleep(0.05)
            os._exit(0)
        forked.append(pid)
    faults = resource.getrusage(resource.RUSAGE_THREAD)
    started = time.thread_time()
    try:
        return build_story(folder, *args)
    finally:
        cpu = time.thread_time() - started
        now = resource.getrusage(resource.RUSAGE_THREAD)
        line = f"{os.getpid()} {folder.name} {cpu:.6f} {now.ru_minflt - faults.ru_minflt} "
        os.write(LOG, (line + f"{now.ru_stime - faults.ru_stime:.6f}\n").encode())


build.build_story = timed_story  # place_story imports it from build at each call
sys.argv = ["site-builder", *sys.argv[2:]]
cli.run()
"""
"""Run in the build's own process: times each story, then runs the command line (argv:
the log file, then the command's arguments)."""


def start_build(
    site: Path, output: Path, code: Path, env: dict[str, str], log: Path, mode: str
) -> subprocess.Popen:
    """Start one traced cold build of `site` into `output` in `mode`."""
    command = [sys.executable, "-c", TRACED, str(log), "build", "-q", "--no-cache"]
    command += ["--output", str(output)]
    if mode != "j2":
        command += ["--jobs", "1"]
    env = {**env, "PYTHONPATH": str(code)}
    if mode == "j1fork":
        env["STORY_CPU_FORK"] = "1"
    return subprocess.Popen(command, cwd=site, env=env)


def stories(log: Path) -> dict[str, tuple[float, int, float]]:
    """Each story's (CPU seconds, page faults, system seconds) from a build's log."""
    rows = {}
    for line in log.read_text().splitlines():
        _pid, name, cpu, faults, system = line.split()
        rows[name] = (float(cpu), int(faults), float(system))
    log.unlink()
    return rows


def one_round(site: Path, root: Path, code: Path, env: dict[str, str], mode: str) -> tuple:
    """One build of `mode` (two for `pair`): the first build's stories, and the CPU
    seconds and page faults of the build(s) and their workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    builds = 2 if mode == "pair" else 1
    logs = [root / f"log-{n}" for n in range(builds)]
    running = [
        start_build(site, root / f"output-{n}", code, env, logs[n], mode) for n in range(builds)
    ]
    for process in running:
        if process.wait():
            raise SystemExit(f"a {mode} build failed")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    rows = stories(logs[0])
    for log in logs[1:]:
        log.unlink()
    return rows, cpu, after.ru_minflt - before.ru_minflt


def report(results: dict[str, list[tuple]]) -> None:
    """Print the figures of every mode, and the per-story ratios to the first mode."""
    modes = list(results)
    for mode in modes:
        runs = results[mode]
        summed = [sum(v[0] for v in rows.values()) for rows, _, _ in runs]
        faults = statistics.median(sum(v[1] for v in rows.values()) for rows, _, _ in runs)
        system = statistics.median(sum(v[2] for v in rows.values()) for rows, _, _ in runs)
        print(
            f"{mode:7} stories' CPU {statistics.median(summed):.3f} s "
            f"(rounds: {', '.join(f'{s:.3f}' for s in summed)}), faults {faults:.0f}, "
            f"system {system:.3f} s; whole build CPU "
            f"{statistics.median(cpu for _, cpu, _ in runs):.3f} s, faults "
            f"{statistics.median(f for _, _, f in runs):.0f}"
        )
    base = results[modes[0]]
    names = sorted(base[0][0])
    for mode in modes[1:]:
        ratios = [
            statistics.median(rows[n][0] for rows, _, _ in results[mode])
            / statistics.median(rows[n][0] for rows, _, _ in base)
            for n in names
        ]
        q1, q2, q3 = statistics.quantiles(ratios)
        print(
            f"{mode} / {modes[0]}, each story's CPU: median {q2:.3f} (quartiles {q1:.3f}, {q3:.3f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default="j1,j2,pair,j1fork")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout to build with")
    args = parser.parse_args()
    modes = args.modes.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = make_site(args.shared, root)
        env = environment(root)
        results: dict[str, list[tuple]] = {mode: [] for mode in modes}
        for number in range(args.rounds + 1):  # the first: compiled modules, outputs
            for mode in modes:
                figures = one_round(site, root, args.code.resolve(), env, mode)
                if number:
                    results[mode].append(figures)
        print(f"medians of {args.rounds} rounds; load average {os.getloadavg()}")
        report(results)


if __name__ == "__main__":
    main()
