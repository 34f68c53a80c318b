"""Reading and rendering alone, in one process, for counting their instructions: read
the first N stories of BASIL (as build_speed.py lays it out), or render the results of
N stories read, aligned and framed once before (pickled by `prepare`: a scratch file of
this tool's own, never a build's), or neither (the start to subtract):

    python benchmarks/read_render_work.py prepare --stories 30 --results /tmp/results.pkl
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/read_render_work.py read \
        --stories 30 --results /tmp/results.pkl
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/read_render_work.py render \
        --results /tmp/results.pkl
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/read_render_work.py start \
        --results /tmp/results.pkl

(each step's instructions: its "summary:" line minus the start's). Rendering is what a
build's worker renders of a story (render_story, story_card, story_alignments_json);
the collector is paced as a build paces it. Make the pickle with the code whose
results the rendering should see; it holds the model's dataclasses, so it serves two
checkouts only while those are the same.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["prepare", "start", "read", "render"])
    parser.add_argument("--stories", type=int, default=30)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    gc.set_threshold(BUILD_PACE, 50, 50)  # as a build paces it (fewer_collections)
    import markdown_it  # noqa: F401  (imported at the start, as a worker has it)

    with tempfile.TemporaryDirectory() as root:
        site = make_site(args.shared, Path(root))  # as build_speed.py lays it out
        config = load_config(site / "site.yml")
        language = load_language(config.language)
        words = theme_strings(config.site_theme, config.language, ParsedCopies(None))
        compile_templates(config)
        env = template_environment(config.site_theme)
        folders = story_folders(config.content_path)[: args.stories]
        if args.step == "prepare":
            results = []
            for folder in folders:
                story = read_story(folder, language=config.language)
                alignment = align_for_site(story, config, language)
                framing = frame_story(story, alignment, language, config.loaded_words)
                results.append(StoryResult(story, alignment, framing))
            args.results.write_bytes(pickle.dumps(results))
            return
        results = pickle.loads(args.results.read_bytes())  # this tool's own file
        if args.step == "read":
            for folder in folders:
                read_story(folder, language=config.language)
        elif args.step == "render":
            for result in results:
                render_story(env, config, words, result)
                story_card(result)
                story_alignments_json(result)


if __name__ == "__main__":
    main()
