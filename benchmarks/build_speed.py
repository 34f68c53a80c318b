"""Build speed on BASIL as a 100-story site, against the render floor, MkDocs and Hugo,
in one interleaved run.

Every tool builds the same 300 articles:
(a) the render floor the project is judged by: ../shared/bench/floor.py, markdown-it-py
    and one Jinja2 template, nothing else;
(m) MkDocs building them as plain pages (when installed: `pip install mkdocs`);
(h) Hugo building them as plain pages with a one-template layout like the floor's
    (when installed: `apt-get install hugo`);
(b) site-builder's cold build (no cache; alignment, framing, every page), default jobs
    and --jobs 1;
(c) a rebuild with nothing changed;
(d) a rebuild after editing one article (a fresh process, as a user runs it).
The rows are measured round-robin, one fresh process each, --runs rounds, so a busy
moment of the shared machine falls on every row alike; each row gives the median wall
and CPU seconds (the process and all its workers), its peak memory and its output's
bytes, and each ratio the targets of issue 27 name is printed:
(b) <= 1.0 x (m) in wall and <= 5 x (a); (d) <= 1.5 x (h); output <= 5 x (a)'s bytes.

With --before DIR (a checkout of an earlier site-builder, e.g. `git worktree add DIR
<commit>`), rows (b), (c), (d) and --version are measured with that code too, in the
same rounds, on a copy of the site of its own (the two versions' caches differ), and the
output's bytes are broken down by kind of file for both.

With --only edit, only Hugo and (d) (and (d) [before]) are measured: a quick run of
many rounds for the one-edit ratio, which moves with the machine's load from run to
run; the after / before ratio is then also given as the median of each round's own.

With --compiled DIR (a folder holding site-builder's opt-in compiled core: a wheel built
with `SITE_BUILDER_COMPILE=1 pip wheel --no-deps .` unpacked there, or an environment's
site-packages), the same rows are measured with that code in the same rounds, on a
copy of the site of its own; its cold output is compared with the pure one's, file by
file, and its ratios to the pure rows, the floor and MkDocs are printed.

    python benchmarks/build_speed.py [--runs 5] [--shared ../shared] [--before DIR]
                                     [--only edit] [--compiled DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.importers.basil import import_basil  # noqa: E402

MEASURE = r"""
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""
"""Runs a command; prints its wall seconds, CPU seconds (it and every process it
waited for) and peak memory (KB, its largest process)."""

HUGO_PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title>"
    "<link rel=stylesheet href=/style.css></head><body><main>{{ .Content }}</main></body>"
    "</html>\n"
)
"""The floor's one template, as a Hugo layout."""


def environment(root: Path) -> dict[str, str]:
    """The environment each run gets: Python's compiled modules kept (in `root`), as an
    installed site-builder has them, even where PYTHONDONTWRITEBYTECODE is set (every
    process would compile site-builder's modules from source again)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(root / "pycache")}


FLOOR = "(a) render floor (shared/bench/floor.py)"
MKDOCS = "(m) MkDocs, same articles as pages"
HUGO = "(h) Hugo, same articles as pages"
COLD = "(b) cold build, default jobs"
COLD_1 = "(b) cold build, --jobs 1"
NOTHING = "(c) rebuild, nothing changed"
EDIT = "(d) rebuild after one edit"
VERSION = "start-up: site-builder --version"
PYTHON = "start-up: Python alone"


@dataclass
class Row:
    """One row's command, where it runs, what to do before each run and where its
    output goes; and what its runs measured."""

    command: list[str]
    cwd: Path
    env: dict[str, str]
    output: Path | None = None
    before: Callable[[], None] | None = None
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)

    def run(self) -> None:
        """Run the command once in a fresh process and note its figures."""
        if self.before:
            self.before()
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, *self.command],
            cwd=self.cwd,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        self.walls.append(float(out[0]))
        self.cpus.append(float(out[1]))
        self.peaks.append(int(out[2]) / 1024)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def bytes(self) -> int | None:
        """The size of every file the row's tool wrote (None: not a full build)."""
        if self.output is None:
            return None
        return sum(p.stat().st_size for p in self.output.rglob("*") if p.is_file())


def make_site(shared: Path, root: Path) -> Path:
    """A site folder with the BASIL corpus imported as content/."""
    site = root / "site"
    site.mkdir()
    (site / "site.yml").write_text("title: BASIL\n", encoding="utf-8")
    import_basil(shared / "corpora" / "basil", site / "content")
    return site


def articles(site: Path) -> list[tuple[Path, str, str]]:
    """Each article of the site: its file, title and Markdown body."""
    found = []
    for path in sorted((site / "content").glob("*/*.md")):
        if path.name != "_story.md":
            _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
            title = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in meta.splitlines()
                    if line[:6] == "title:"
                ),
                path.stem,
            )
            found.append((path, title, body))
    return found


def mkdocs_project(site: Path, root: Path) -> Path:
    """An MkDocs project of the same articles as plain pages."""
    project = root / "mkdocs"
    for path, _, body in articles(site):
        target = project / "docs" / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: BASIL\n", encoding="utf-8")
    return project


def hugo_project(site: Path, root: Path) -> Path:
    """A Hugo project of the same articles as plain pages, one layout like the floor's."""
    project = root / "hugo"
    for path, title, body in articles(site):
        target = project / "content" / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\ntitle: {json.dumps(title)}\n---\n{body}", encoding="utf-8")
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(HUGO_PAGE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_PAGE, encoding="utf-8")
    (project / "hugo.toml").write_text(
        'baseURL = "/"\ntitle = "BASIL"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n',
        encoding="utf-8",
    )
    return project


BEFORE = " [before]"
"""Appended to the name of a row measured with the --before code."""

COMPILED = " [compiled]"
"""Appended to the name of a row measured with the --compiled code."""


def rows_for(
    site: Path,
    root: Path,
    floor_script: Path,
    before: Path | None = None,
    only: str = "",
    compiled: Path | None = None,
) -> dict[str, Row]:
    """The rows to measure, the tools that are not installed left out (and said); with
    `before`, the site-builder rows again with that checkout's code; `only` "edit":
    Hugo's and the one-edit rows only; with `compiled`, the site-builder rows again
    with the compiled core found there."""
    build = [sys.executable, "-m", "site_builder", "build", "-q"]
    env = {**environment(root), "PYTHONPATH": str(REPO)}
    rows = {
        FLOOR: Row(
            [sys.executable, str(floor_script), str(site / "content"), str(root / "floor")],
            site,
            env,
            root / "floor",
        )
    }
    if shutil.which("mkdocs") or _has_module("mkdocs"):
        project = mkdocs_project(site, root)
        rows[MKDOCS] = Row(
            [sys.executable, "-m", "mkdocs", "build", "-q"], project, env, project / "site"
        )
    else:
        print("MkDocs is not installed here: pip install mkdocs for the (m) row")
    hugo = shutil.which("hugo")
    if hugo:
        project = hugo_project(site, root)
        rows[HUGO] = Row([hugo, "--quiet"], project, env, project / "public")
    else:
        print("Hugo is not installed here: apt-get install hugo for the (h) row")
    if before is not None:
        shutil.copytree(site, root / "site-before")
    versions = [("", site, env, root / "cold")]
    if before is not None:
        before_env = {**environment(root / "before"), "PYTHONPATH": str(before)}
        versions.append((BEFORE, root / "site-before", before_env, root / "cold-before"))
    if compiled is not None:
        shutil.copytree(site, root / "site-compiled")
        compiled_env = {**environment(root / "compiled"), "PYTHONPATH": str(compiled)}
        versions.append((COMPILED, root / "site-compiled", compiled_env, root / "cold-compiled"))
    for suffix, folder, version_env, output in versions:
        rows.update(_site_builder_rows(build, suffix, folder, version_env, output))
    rows[PYTHON] = Row([sys.executable, "-c", "pass"], site, env)
    if only == "edit":
        kept = (HUGO, EDIT, EDIT + BEFORE, EDIT + COMPILED)
        rows = {name: row for name, row in rows.items() if name in kept}
    for row in rows.values():  # untimed: the site's cache and compiled modules, as a
        subprocess.run(row.command, cwd=row.cwd, env=row.env, check=True, capture_output=True)
    return rows  # user who has built the site before has them


def _site_builder_rows(
    build: list[str], suffix: str, site: Path, env: dict[str, str], output: Path
) -> dict[str, Row]:
    """The rows of one version of site-builder (`env` says which: PYTHONPATH) on its
    own copy of the site, named with `suffix`."""
    cold = [*build, "--no-cache", "--output", str(output)]
    article = sorted((site / "content").glob("*/fox-news.md"))[0]
    original = article.read_text(encoding="utf-8")
    edits = iter(range(1_000_000))

    def edit() -> None:
        article.write_text(original.replace(" the ", f" the (edit {next(edits)}) ", 1))

    return {
        COLD + suffix: Row(cold, site, env, output),
        COLD_1 + suffix: Row([*cold, "--jobs", "1"], site, env),
        EDIT + suffix: Row(build, site, env, before=edit),
        NOTHING + suffix: Row(build, site, env, site / "output"),
        VERSION + suffix: Row([sys.executable, "-m", "site_builder", "--version"], site, env),
    }


def kind_of(path: str) -> str:
    """The kind of a file of a site-builder site, by its path, for the byte breakdown."""
    parts = path.split("/")
    if len(parts) == 1:
        return parts[0]
    if parts[0] in ("static", "outlets", "blindspots"):
        return parts[0] + "/"
    if parts[-1] == "search.js":
        return "<story>/search.js"
    if "compare" in parts[1:2]:
        return "<story>/compare/ (pairs)"
    return "story pages" if len(parts) == 2 else "article pages"


def breakdown(output: Path) -> dict[str, tuple[int, int]]:
    """The files of a site-builder output and their bytes, by kind of file."""
    found: dict[str, tuple[int, int]] = {}
    for path in output.rglob("*"):
        if path.is_file():
            kind = kind_of(path.relative_to(output).as_posix())
            files, size = found.get(kind, (0, 0))
            found[kind] = (files + 1, size + path.stat().st_size)
    return found


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def report(rows: dict[str, Row]) -> None:
    """The table of rows with their ratios, then each target of issue 27 met or not."""
    floor = rows[FLOOR]
    others = [(name, rows[name]) for name in (MKDOCS, HUGO) if name in rows]
    head = f"{'what':<44} {'wall s':>7} {'CPU s':>7} {'MB':>5} {'out MB':>7} {'x floor':>8}"
    print(head + "".join(f" {'x ' + name[1]:>7}" for name, _ in others) + "  (wall / CPU)")
    for name, row in rows.items():
        size = row.bytes
        line = (
            f"{name:<44} {row.wall:7.3f} {row.cpu:7.3f} {max(row.peaks):5.0f} "
            f"{size / 1e6 if size is not None else float('nan'):7.2f} "
            f"{row.wall / floor.wall:4.1f}/{row.cpu / floor.cpu:<4.1f}"
        )
        line += "".join(f" {row.wall / o.wall:4.2f}/{row.cpu / o.cpu:<4.2f}" for _, o in others)
        print(line)
    cold, edit = rows[COLD], rows[EDIT]
    targets = [
        ("(b) cold <= 5 x floor (wall)", cold.wall / floor.wall, 5.0),
        ("output bytes <= 5 x the floor's", cold.bytes / floor.bytes, 5.0),
        ("(c) nothing changed, % of (b) (wall)", 100 * rows[NOTHING].wall / cold.wall, None),
        ("(d) one edit, % of (b) (wall)", 100 * edit.wall / cold.wall, None),
        ("(b) --jobs 1 / default jobs (CPU)", rows[COLD_1].cpu / cold.cpu, None),
    ]
    if MKDOCS in rows:
        targets.insert(0, ("(b) cold <= 1.0 x MkDocs (wall)", cold.wall / rows[MKDOCS].wall, 1.0))
        targets.insert(1, ("(b) cold / MkDocs (CPU)", cold.cpu / rows[MKDOCS].cpu, None))
    if HUGO in rows:
        targets.append(("(d) one edit <= 1.5 x Hugo (wall)", edit.wall / rows[HUGO].wall, 1.5))
        targets.append(("(d) one edit / Hugo (CPU)", edit.cpu / rows[HUGO].cpu, None))
        targets.append(("(b) cold / Hugo (wall)", cold.wall / rows[HUGO].wall, None))
    if EDIT + BEFORE in rows:
        was = rows[EDIT + BEFORE]
        targets.append(("(d) one edit [before] / Hugo (wall)", was.wall / rows[HUGO].wall, None))
        targets.append(("(d) one edit, after / before (wall)", edit.wall / was.wall, None))
        was_bytes = rows[COLD + BEFORE].bytes
        targets.append(("output bytes [before] / the floor's", was_bytes / floor.bytes, None))
    if COLD + COMPILED in rows:
        targets.extend(_compiled_ratios(rows))
    for name, ratio, limit in targets:
        verdict = "" if limit is None else ("  met" if ratio <= limit else "  NOT met")
        print(f"{name:<40} {ratio:7.2f}{verdict}")
    outputs = [(name, row.output) for name, row in rows.items() if name.startswith(COLD)]
    _print_breakdown([(n, o) for n, o in outputs if o is not None])


def report_edit(rows: dict[str, Row]) -> None:
    """The one-edit rows (--only edit): each against Hugo, and after against before,
    both as the ratio of medians and as the median of each round's ratio."""
    hugo = rows.get(HUGO)
    for name, row in rows.items():
        line = f"{name:<44} {row.wall:7.3f} {row.cpu:7.3f}"
        if hugo is not None:
            line += f"  x Hugo {row.wall / hugo.wall:5.2f} / {row.cpu / hugo.cpu:<5.2f}"
        print(line)
    if EDIT + BEFORE in rows:
        edit, was = rows[EDIT], rows[EDIT + BEFORE]
        walls = statistics.median(a / b for a, b in zip(edit.walls, was.walls))
        cpus = statistics.median(a / b for a, b in zip(edit.cpus, was.cpus))
        print(f"(d) after / before: medians {edit.wall / was.wall:.3f} / {edit.cpu / was.cpu:.3f}")
        print(f"(d) after / before: each round's, median {walls:.3f} / {cpus:.3f} (wall / CPU)")


def _compiled_ratios(rows: dict[str, Row]) -> list[tuple[str, float, float | None]]:
    """The compiled core's cold builds against the pure ones, the floor and MkDocs (the
    targets), and whether its output is the pure one's, file for file."""
    cold, cold_1 = rows[COLD + COMPILED], rows[COLD_1 + COMPILED]
    floor = rows[FLOOR]
    found = [
        ("(b) compiled <= 5 x floor (wall)", cold.wall / floor.wall, 5.0),
        ("(b) compiled / pure (wall)", cold.wall / rows[COLD].wall, None),
        ("(b) compiled / pure (CPU)", cold.cpu / rows[COLD].cpu, None),
        ("(b) --jobs 1 compiled / pure (wall)", cold_1.wall / rows[COLD_1].wall, None),
        ("(b) --jobs 1 compiled / pure (CPU)", cold_1.cpu / rows[COLD_1].cpu, None),
        ("(d) one edit compiled / pure (wall)", rows[EDIT + COMPILED].wall / rows[EDIT].wall, None),
        ("output identical, compiled and pure (1 = yes)", float(_same_files(rows)), None),
    ]
    if MKDOCS in rows:
        mkdocs = rows[MKDOCS]
        found.insert(0, ("(b) compiled <= 1.0 x MkDocs (wall)", cold.wall / mkdocs.wall, 1.0))
        found.insert(1, ("(b) compiled / MkDocs (CPU)", cold.cpu / mkdocs.cpu, None))
    return found


def _same_files(rows: dict[str, Row]) -> bool:
    """Whether the pure and the compiled cold builds wrote the same files, byte for byte."""
    pure, compiled = rows[COLD].output, rows[COLD + COMPILED].output

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    return files(pure) == files(compiled)


def _print_breakdown(outputs: list[tuple[str, Path]]) -> None:
    """The bytes of each site-builder output by kind of file, side by side."""
    tables = [breakdown(output) for _, output in outputs]
    kinds = sorted({k for t in tables for k in t}, key=lambda k: -tables[0].get(k, (0, 0))[1])
    print(f"{'bytes by kind of file':<28}" + "".join(f" {n[:22]:>24}" for n, _ in outputs))
    for kind in kinds:
        cells = [t.get(kind, (0, 0)) for t in tables]
        print(f"{kind:<28}" + "".join(f" {f:>6} {b / 1e6:9.3f} MB    " for f, b in cells))
    totals = [(sum(f for f, _ in t.values()), sum(b for _, b in t.values())) for t in tables]
    print(f"{'all':<28}" + "".join(f" {f:>6} {b / 1e6:9.3f} MB    " for f, b in totals))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--before", type=Path, help="an earlier checkout to compare with")
    parser.add_argument("--only", choices=["edit"], default="", help="only the one-edit rows")
    parser.add_argument("--compiled", type=Path, help="a folder holding the compiled core")
    args = parser.parse_args()
    floor_script = args.shared / "bench" / "floor.py"
    if not (args.shared / "corpora" / "basil").is_dir() or not floor_script.is_file():
        raise SystemExit(f"BASIL or bench/floor.py not found under {args.shared}: pass --shared")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        site = make_site(args.shared, root)
        before, compiled = (path and path.resolve() for path in (args.before, args.compiled))
        rows = rows_for(site, root, floor_script, before, args.only, compiled)
        for _ in range(args.runs):  # round-robin: a busy moment falls on every row alike
            for row in rows.values():
                row.run()
        if args.only == "edit":
            report_edit(rows)
        else:
            report(rows)
    print(json.dumps({"cores": os.cpu_count(), "runs": args.runs, "interleaved": True}))


if __name__ == "__main__":
    main()
