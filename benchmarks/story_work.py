"""The stories' own work of a cold build, step by step, in one process: read, align,
frame and render the first N stories of BASIL as build_speed.py lays it out, and print
each step's CPU seconds.

A build's worker does the same for each story it is handed (commands/build.py's
build_story), with the garbage collector paced as a build paces it. Start-up (imports,
settings, the theme's words, word tables, templates) comes before the stories and is
not counted; run it with --stories 0 to measure that part alone, e.g. the instructions
of the stories' own work, which the other engineers' load does not move:

    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/story_work.py --stories 20
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/story_work.py --stories 0

(the difference of the two "summary:" lines of the callgrind.out files). --until align
stops each story after that step, so that framing and rendering together are the
difference of a run with and without it (the caches the earlier steps fill as warm as
in a build); --until read stops after reading, so that aligning alone is the difference
of the runs --until align and --until read, the pages alone that of the runs without
--until and --until frame, and everything else a story costs is the whole run's minus
that and the start's. --profile FILE writes a cProfile of the stories' work.

    python benchmarks/story_work.py [--stories 100] [--until read|align|frame|render]
        [--shared ../shared] [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from build_speed import make_site  # noqa: E402

from site_builder.align.language import load_language  # noqa: E402
from site_builder.commands.build import align_for_site  # noqa: E402
from site_builder.commands.pool import compile_templates  # noqa: E402
from site_builder.core.collector import BUILD_PACE  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.model import StoryResult  # noqa: E402
from site_builder.core.parsed import ParsedCopies  # noqa: E402
from site_builder.core.strings import theme_strings  # noqa: E402
from site_builder.frame.framing import frame_story  # noqa: E402
from site_builder.read.content import read_story, story_folders  # noqa: E402
from site_builder.render.render import (  # noqa: E402
    render_story,
    story_alignments_json,
    story_card,
    template_environment,
)

STEPS = ("read", "align", "frame", "render")


def stories_work(site: Path, count: int, until: str = STEPS[-1]) -> dict[str, float]:
    """CPU seconds of each step over the first `count` stories of the site at `site`,
    each story's steps done up to `until`."""
    config = load_config(site / "site.yml")
    language = load_language(config.language)
    words = theme_strings(config.site_theme, config.language, ParsedCopies(None))
    compile_templates(config)
    env = template_environment(config.site_theme)
    seconds = dict.fromkeys(STEPS, 0.0)
    for folder in story_folders(config.content_path)[:count]:
        started = time.process_time()
        story = read_story(folder, language=config.language)
        read = time.process_time()
        if until == "read":
            seconds["read"] += read - started
            continue
        alignment = align_for_site(story, config, language)
        aligned = time.process_time()
        if until == "align":
            seconds["read"] += read - started
            seconds["align"] += aligned - read
            continue
        framing = frame_story(story, alignment, language, config.loaded_words)
        framed = time.process_time()
        if until == "frame":
            for step, (start, end) in zip(
                STEPS, ((started, read), (read, aligned), (aligned, framed))
            ):
                seconds[step] += end - start
            continue
        result = StoryResult(story, alignment, framing)
        render_story(env, config, words, result)
        story_card(result)
        story_alignments_json(result)
        rendered = time.process_time()
        for step, (start, end) in zip(
            STEPS, ((started, read), (read, aligned), (aligned, framed), (framed, rendered))
        ):
            seconds[step] += end - start
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--until", choices=STEPS, default="render")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the stories' work")
    args = parser.parse_args()
    gc.set_threshold(BUILD_PACE, 50, 50)  # as a build paces it (fewer_collections)
    with tempfile.TemporaryDirectory() as root:
        site = make_site(args.shared, Path(root))  # as build_speed.py lays it out
        profile = cProfile.Profile() if args.profile else None
        if profile:
            profile.enable()
        seconds = stories_work(site, args.stories, args.until)
        if profile:
            profile.disable()
            profile.dump_stats(args.profile)
    total = sum(seconds.values())
    print(
        f"{args.stories} stories, CPU s: "
        + ", ".join(f"{step} {s:.3f}" for step, s in seconds.items())
        + f"; all {total:.3f}"
    )


if __name__ == "__main__":
    main()
