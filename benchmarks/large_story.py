"""Alignment of one large synthetic story: time, memory, growth, and planted recall.

A story of N articles x 40 paragraphs is made deterministically from BASIL paragraphs:
each article draws its paragraphs from a shared pool of events (about five articles
report each), lightly changed per copy (words dropped, swapped for a neighbour's, case
changed), so copies of one pool paragraph are near- but not exact duplicates. Each
size is aligned in a fresh process; the script prints the time and peak memory at
25, 50, 100 and 200 articles, the growth exponent (slope of log time over log
passages, in wall time and CPU time: the machine may be shared), and the recall of the
planted pairs (two copies of one pool paragraph in different articles that share a
group); then the time of the later steps of a build on
the same story (framing, then every page and its alignments.json entry) and of the
whole (read to pages), its CPU time against the render floor's (../shared/bench/floor.py)
on the same articles. Target at 200 articles (8,000 passages): the whole under 30 s
and 2 GB on 2 cores, with the planted pairs still found.

    python benchmarks/large_story.py [--sizes 25 50 100 200] [--shared ../shared]
                                     [--gold-pool]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PARAGRAPHS_PER_ARTICLE = 40
COPIES_PER_EVENT = 5


def basil_paragraphs(shared: Path) -> list[str]:
    """Every BASIL paragraph of 25 words or more, in file order."""
    paragraphs = []
    for path in sorted((shared / "corpora" / "basil" / "articles").glob("*/*.json")):
        for sentences in json.loads(path.read_text(encoding="utf-8"))["body-paragraphs"]:
            text = " ".join(s.strip() for s in sentences)
            if len(text.split()) >= 25:
                paragraphs.append(text)
    return paragraphs


def gold_paragraphs(shared: Path, names: frozenset[str] | None = None) -> list[str]:
    """Every paragraph of 25 words or more of the BASIL stories tests/gold annotates (of
    the gold files named `names`, by stem, where given), in file order: a pool that
    reads no other BASIL story (--gold-pool; a blind set not yet scored is in
    tests/gold too once merged)."""
    import yaml

    paragraphs = []
    for gold in sorted((REPO / "tests" / "gold").glob("*.yaml")):
        if names is not None and gold.stem not in names:
            continue
        data = yaml.safe_load(gold.read_text(encoding="utf-8"))
        if "basil" not in data:
            continue
        for path in sorted((shared / "corpora" / "basil").glob(data["basil"] + "_*.json")):
            for sentences in json.loads(path.read_text(encoding="utf-8"))["body-paragraphs"]:
                text = " ".join(s.strip() for s in sentences)
                if len(text.split()) >= 25:
                    paragraphs.append(text)
    return paragraphs


def lightly_changed(text: str, rng: random.Random) -> str:
    """A near-duplicate: about one word in ten dropped, swapped or re-cased."""
    words = text.split()
    for i in range(len(words)):
        roll = rng.random()
        if roll < 0.04:
            words[i] = ""
        elif roll < 0.07 and i + 1 < len(words):
            words[i], words[i + 1] = words[i + 1], words[i]
        elif roll < 0.10:
            words[i] = words[i].lower()
    return " ".join(w for w in words if w)


def make_story(folder: Path, articles: int, pool: list[str]) -> dict[tuple[str, str], int]:
    """Write the story's files; return which pool paragraph each passage copies."""
    rng = random.Random(articles)
    events = max(PARAGRAPHS_PER_ARTICLE, articles * PARAGRAPHS_PER_ARTICLE // COPIES_PER_EVENT)
    chosen = rng.sample(range(len(pool)), events)
    origin = {}
    folder.mkdir(parents=True)
    for number in range(articles):
        slug = f"outlet-{number:03d}"
        picks = sorted(rng.sample(chosen, PARAGRAPHS_PER_ARTICLE))
        body = "\n\n".join(lightly_changed(pool[p], rng).replace("*", "") for p in picks)
        (folder / f"{slug}.md").write_text(
            f"---\ntitle: Article {number}\noutlet: Outlet {number}\n---\n\n{body}\n",
            encoding="utf-8",
        )
        for index, p in enumerate(picks, start=1):
            origin[(slug, f"p-{index}")] = p
    return origin


def run_one(folder: Path, origin_file: Path) -> None:
    """In a fresh process: read, align, frame and render the story as a build does;
    print the seconds of each step, peak MB and planted recall."""
    from site_builder.align import align_story
    from site_builder.align.gold import predicted_links
    from site_builder.align.language import load_language
    from site_builder.core.config import AlignmentConfig, SiteConfig
    from site_builder.core.model import StoryResult
    from site_builder.core.strings import theme_strings
    from site_builder.frame.framing import frame_story
    from site_builder.read.content import read_story
    from site_builder.render.render import (
        render_story,
        story_alignments_json,
        story_card,
        template_environment,
    )

    begun, begun_cpu = time.perf_counter(), time.process_time()
    story = read_story(folder)
    language = load_language("en")
    started, started_cpu = time.perf_counter(), time.process_time()
    alignment = align_story(story, AlignmentConfig(), language)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - started_cpu
    framing = frame_story(story, alignment, language, ())
    framed = time.perf_counter()
    config = SiteConfig(title="Large story", root=folder.parent)
    result = StoryResult(story, alignment, framing)
    words = theme_strings(config.site_theme, config.language)
    pages = render_story(template_environment(config.site_theme), config, words, result)
    story_alignments_json(result)
    story_card(result)
    rendered, rendered_cpu = time.perf_counter(), time.process_time()
    origin = {tuple(k.split("/")): v for k, v in json.loads(origin_file.read_text()).items()}
    planted = {
        frozenset(pair)
        for pair in itertools.combinations(origin, 2)
        if pair[0][0] != pair[1][0] and origin[pair[0]] == origin[pair[1]]
    }
    linked = predicted_links(alignment.groups)
    found = len(planted & linked)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "total_cpu_seconds": rendered_cpu - begun_cpu,
                "frame_seconds": framed - started - seconds,
                "pages_seconds": rendered - framed,
                "total_seconds": rendered - begun,
                "page_mb": sum(len(page) for page in pages.values()) / 1e6,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "passages": sum(len(a.passages) for a in story.articles),
                "groups": len(alignment.groups),
                "planted": len(planted),
                "recall": found / len(planted) if planted else 1.0,
                "precision": found / len(linked) if linked else 1.0,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100, 200])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--gold-pool",
        action="store_true",
        help="draw paragraphs only from the gold stories' BASIL triplets (1,345; up to 100 "
        "articles)",
    )
    args = parser.parse_args()
    if args.one:
        from site_builder.commands.build import fewer_collections

        with fewer_collections():  # the garbage collector's pace of a build
            run_one(*args.one)
        return
    pool = gold_paragraphs(args.shared) if args.gold_pool else basil_paragraphs(args.shared)
    floor_script = args.shared / "bench" / "floor.py"
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            content = Path(tmp) / f"content-{size}"  # one story, as the floor reads it
            folder = content / "story"
            origin = make_story(folder, size, pool)
            origin_file = Path(tmp) / f"origin-{size}.json"
            origin_file.write_text(json.dumps({f"{a}/{p}": v for (a, p), v in origin.items()}))
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(folder), str(origin_file)],
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            result["floor_cpu_seconds"] = floor_cpu(
                floor_script, content, Path(tmp) / f"floor-{size}"
            )
            results.append(result)
            print(
                f"{size:4d} articles {result['passages']:6d} passages  "
                f"align {result['seconds']:7.2f} s ({result['cpu_seconds']:.2f} CPU)  "
                f"frame {result['frame_seconds']:6.2f} s  "
                f"pages {result['pages_seconds']:6.2f} s ({result['page_mb']:.0f} MB)  "
                f"whole {result['total_seconds']:7.2f} s ({result['total_cpu_seconds']:.2f} CPU, "
                f"{result['total_cpu_seconds'] / result['floor_cpu_seconds']:.0f}x the floor's "
                f"{result['floor_cpu_seconds']:.2f})  {result['peak_mb']:7.1f} MB  "
                f"{result['groups']:6d} groups  planted recall {result['recall']:.3f}  "
                f"precision {result['precision']:.3f}",
                flush=True,
            )
    if len(results) >= 2:
        first, last = results[0], results[-1]
        for name, key in (("time", "seconds"), ("CPU", "cpu_seconds")):
            slope = math.log(last[key] / first[key]) / math.log(
                last["passages"] / first["passages"]
            )
            print(
                f"growth: align {name} ~ passages^{slope:.2f} between {first['passages']} and "
                f"{last['passages']} passages"
            )


def floor_cpu(script: Path, content: Path, out: Path) -> float:
    """CPU seconds of the render floor (../shared/bench/floor.py) on the same articles,
    its start-up included (the whole build's figure leaves start-up out)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, str(script), str(content), str(out)], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


if __name__ == "__main__":
    main()
