"""Build speed on BASIL as a 100-story site, against a render-only floor in the same run.

(a) floor: a minimal script (below) that renders the same 300 articles' Markdown with
    markdown-it-py and writes them through one Jinja2 template, nothing else;
(b) site-builder cold full build (alignment included), --jobs 1 and the default;
(c) rebuild with nothing changed; (d) rebuild after editing one article.
Each is a fresh process; the figures are medians of --runs runs, with the peak resident
memory of the largest process (workers included). Targets: (b) <= 1.5 x (a);
(c) and (d) <= 10% of (b). MkDocs is timed too when it is installed.
More rows explain the gaps. For (b): the same build with alignment, framing and
wordfreq skipped (pages only, every story with no groups), a lower bound no faster
aligner can beat. For (c) and (d): the fixed cost of any fresh process (starting
Python; importing the libraries every rebuild needs; importing site-builder, no
work); (d) with an edit that adds a word no build has seen (the first such rebuild
loads wordfreq and keeps its table of plain words, later ones look new words up in
that table); and (d) inside one running process, as `site-builder serve` rebuilds.

    python benchmarks/build_speed.py [--runs 5] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

FLOOR = r"""
import sys
from pathlib import Path
import jinja2, yaml
from markdown_it import MarkdownIt
content, output = Path(sys.argv[1]), Path(sys.argv[2])
md = MarkdownIt("commonmark")
page = jinja2.Template("<!DOCTYPE html><html><head><title>{{ title }}</title></head>"
                       "<body><h1>{{ title }}</h1>{{ body }}</body></html>")
for path in sorted(content.glob("*/*.md")):
    if path.name == "_story.md":
        continue
    _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    title = yaml.safe_load(meta)["title"]
    target = output / path.parent.name / path.stem / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.render(title=title, body=md.render(body)), encoding="utf-8")
"""

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

PAGES_ONLY = r"""
import sys
import site_builder.align, site_builder.framing
from site_builder.model import Alignment, Framing, OutletFraming
site_builder.align.align_story = lambda story, *rest: Alignment(groups=())
site_builder.framing.frame_story = lambda story, *rest: Framing(
    spans={},
    outlets=tuple(OutletFraming(a.slug, (), (), (), 0) for a in story.articles),
    loaded_words=(),
)
from site_builder.cli import main
sys.exit(main(sys.argv[1:]))
"""

CORE_LIBRARIES = "import markdown_it, jinja2, yaml, rapidfuzz, Stemmer"
"""What a build that aligns a story imports before doing any work of its own."""

MEASURE = r"""
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(command: list[str], cwd: Path, runs: int, before=None) -> tuple[float, float]:
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


def in_process_edits(site: Path, article: Path, runs: int) -> tuple[float, float]:
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
    subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "import",
            "basil",
            str(shared / "corpora" / "basil"),
            "--output",
            str(site / "content"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    if not (args.shared / "corpora" / "basil").is_dir():
        raise SystemExit(f"BASIL not found under {args.shared}: pass --shared")
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(args.shared, Path(tmp))
        build = [sys.executable, "-m", "site_builder", "build", "-q"]
        article = sorted((site / "content").glob("*/fox-news.md"))[0]
        original = article.read_text(encoding="utf-8")
        edits = iter(range(10_000))

        def edit_one_article() -> None:
            article.write_text(
                original.replace(" the ", f" the ({next(edits)}) ", 1), encoding="utf-8"
            )

        def add_a_new_word() -> None:
            """Edit the article with a made-up word (plain letters) no build has seen."""
            word = "vorq" + "".join("abcdefghij"[int(d)] for d in str(next(edits)))
            article.write_text(original.replace(" the ", f" the {word} ", 1), encoding="utf-8")

        def clear_cache() -> None:
            shutil.rmtree(site / ".site-builder-cache", ignore_errors=True)

        rows = {
            "(a) floor: markdown-it + one template": measure(
                [sys.executable, "-c", FLOOR, str(site / "content"), str(Path(tmp) / "floor")],
                site,
                args.runs,
            ),
            "(b) cold build, --jobs 1": measure(
                [*build, "--jobs", "1", "--no-cache"], site, args.runs
            ),
            "(b) cold build, default jobs": measure([*build, "--no-cache"], site, args.runs),
            "(b) pages only: align, frame skipped": measure(
                [sys.executable, "-c", PAGES_ONLY, "build", "-q", "--no-cache"], site, args.runs
            ),
        }
        rows["start-up: Python alone"] = measure([sys.executable, "-c", "pass"], site, args.runs)
        rows["start-up: Python + core libraries"] = measure(
            [sys.executable, "-c", CORE_LIBRARIES], site, args.runs
        )
        rows["start-up: Python + imports, no work"] = measure(
            [sys.executable, "-c", "import site_builder.build, site_builder.cli"], site, args.runs
        )
        subprocess.run(build, cwd=site, check=True)
        rows["(c) rebuild, nothing changed"] = measure(build, site, args.runs)
        rows["(d) rebuild after one edit"] = measure(
            build, site, args.runs, before=edit_one_article
        )
        rows["(d) edit adding a new word, the first"] = measure(
            build, site, 1, before=add_a_new_word
        )
        rows["(d) edit adding a new word, later ones"] = measure(
            build, site, args.runs, before=add_a_new_word
        )
        rows["(d) the same, in a running process (serve)"] = in_process_edits(
            site, article, args.runs
        )
        clear_cache()
        if importlib.util.find_spec("mkdocs") is not None:
            rows["MkDocs (reference)"] = mkdocs_time(site, Path(tmp), args.runs)
    floor = rows["(a) floor: markdown-it + one template"][0]
    cold = rows["(b) cold build, default jobs"][0]
    print(f"{'what':<40} {'median s':>9} {'x floor':>8} {'% of (b)':>9} {'peak MB':>8}")
    for name, (seconds, peak) in rows.items():
        print(
            f"{name:<40} {seconds:9.3f} {seconds / floor:8.2f} {100 * seconds / cold:8.1f}%"
            f" {peak:8.1f}"
        )
    print(json.dumps({"cores": __import__("os").cpu_count(), "runs": args.runs}))


def mkdocs_time(site: Path, root: Path, runs: int) -> tuple[float, float]:
    """MkDocs building the same 300 articles as plain pages, for reference."""
    docs = root / "mkdocs" / "docs"
    for path in sorted((site / "content").glob("*/*.md")):
        if path.name != "_story.md":
            target = docs / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text(encoding="utf-8").split("---\n", 2)[2])
    (root / "mkdocs" / "mkdocs.yml").write_text("site_name: BASIL\n")
    return measure([sys.executable, "-m", "mkdocs", "build", "-q"], root / "mkdocs", runs)


if __name__ == "__main__":
    main()
