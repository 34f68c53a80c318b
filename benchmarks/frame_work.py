"""The frame step alone: frame the first N stories of BASIL (as build_speed.py lays it
out), read and aligned once beforehand and kept in a file, so that a measure of the
process counts framing and not reading or aligning.

    python benchmarks/frame_work.py --prepare /tmp/framing.pickle --stories 30
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/frame_work.py \
        --load /tmp/framing.pickle --frame
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/frame_work.py \
        --load /tmp/framing.pickle

The difference of the two "summary:" lines is the instructions of framing the stories
(with the garbage collector paced as a build paces it). The file is this session's own
(pickle: never load one someone else could have written). Without valgrind, --frame
prints framing's CPU seconds, best of --repeat passes.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.align.language import load_language  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.frame.framing import frame_story  # noqa: E402


def prepare(shared: Path, count: int, out: Path) -> None:
    """Read and align the first `count` stories of BASIL and write them to `out`."""
    from site_builder.commands.build import align_for_site
    from site_builder.importers.basil import import_basil
    from site_builder.read.content import read_story, story_folders

    with tempfile.TemporaryDirectory() as root:
        site = Path(root) / "site"
        (site / "content").mkdir(parents=True)
        (site / "site.yml").write_text("title: BASIL\n", encoding="utf-8")
        import_basil(shared / "corpora" / "basil", site / "content")
        config = load_config(site / "site.yml")
        language = load_language(config.language)
        work = []
        for folder in story_folders(config.content_path)[:count]:
            story = read_story(folder, language=config.language)
            work.append((story, align_for_site(story, config, language)))
    with out.open("wb") as file:
        pickle.dump((config.language, config.loaded_words, work), file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", type=Path, help="read and align, write them here")
    parser.add_argument("--load", type=Path, help="the stories --prepare wrote")
    parser.add_argument("--frame", action="store_true", help="frame the loaded stories")
    parser.add_argument("--stories", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dump", type=Path, help="write the framings' repr here")
    args = parser.parse_args()
    if args.prepare:
        prepare(args.shared, args.stories, args.prepare)
        return
    gc.set_threshold(50_000, 50, 50)  # as a build paces it (build.fewer_collections)
    with args.load.open("rb") as file:
        code, loaded_words, work = pickle.load(file)
    language = load_language(code)
    if not args.frame:
        return
    best = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()
        framings = [frame_story(s, a, language, loaded_words) for s, a in work]
        best = min(best, time.process_time() - started)
    if args.dump:  # to compare two versions' framings
        args.dump.write_text("\n".join(map(repr, framings)), encoding="utf-8")
    print(f"framing {len(work)} stories: {best:.3f} s of CPU (best of {args.repeat})")


if __name__ == "__main__":
    main()
