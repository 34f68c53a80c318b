"""The frame step's own work: read and align the first N stories of BASIL (as
build_speed.py lays it out) in one process, one story after the other as a build's
worker does, and frame each right after it is aligned (with --frame) or not, so that
the difference of the two runs' instructions is framing's alone, with the caches the
aligner fills (the language's rarities) as warm as in a build:

    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/frame_work.py --frame
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/frame_work.py

(the difference of the two "summary:" lines; the garbage collector paced as a build
paces it). Without valgrind it prints framing's CPU seconds; --dump FILE writes the
framings' repr, to compare two versions' output.

    python benchmarks/frame_work.py [--stories 30] [--frame] [--shared ../shared] [--dump FILE]
"""

from __future__ import annotations

import argparse
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
from site_builder.core.collector import BUILD_PACE  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.core.model import Framing  # noqa: E402
from site_builder.frame.framing import frame_story  # noqa: E402
from site_builder.read.content import read_story, story_folders  # noqa: E402


def framings(site: Path, count: int, frame: bool) -> tuple[list[Framing], float]:
    """Read and align the first `count` stories of the site at `site`, each framed right
    after it is aligned if `frame`: the framings and framing's CPU seconds."""
    config = load_config(site / "site.yml")
    language = load_language(config.language)
    found = []
    seconds = 0.0
    for folder in story_folders(config.content_path)[:count]:
        story = read_story(folder, language=config.language)
        alignment = align_for_site(story, config, language)
        if frame:
            started = time.process_time()
            found.append(frame_story(story, alignment, language, config.loaded_words))
            seconds += time.process_time() - started
    return found, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=30)
    parser.add_argument("--frame", action="store_true", help="frame each story")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dump", type=Path, help="write the framings' repr here")
    args = parser.parse_args()
    gc.set_threshold(BUILD_PACE, 50, 50)  # as a build paces it (fewer_collections)
    with tempfile.TemporaryDirectory() as root:
        site = make_site(args.shared, Path(root))  # as build_speed.py lays it out
        found, seconds = framings(site, args.stories, args.frame)
    if args.frame:
        print(f"framing {len(found)} stories: {seconds:.3f} s of CPU")
    if args.dump:
        args.dump.write_text("\n".join(map(repr, found)), encoding="utf-8")


if __name__ == "__main__":
    main()
