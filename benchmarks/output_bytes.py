"""What a built site's bytes would be without each of the things it writes, one after
another: the trims left to take, and what the Output contract and the reader
experience cost (issue 27, point 2: output at most 5 x the floor's bytes).

Nothing is rebuilt: each step removes one kind of thing from the files of OUTPUT as
they are (markup by a pattern, `alignments.json` entries by key, whole files), so the
figures are exact bytes of the site that step describes, and the steps add up. Kinds:
A markup no reader meets (valid HTML, the same page), B what a reader sees that the
contract does not spell out, C what the Output contract requires (`alignments.json`'s
schema, full-text search from a file on disk).

    python benchmarks/build_speed.py ...   # or any `site-builder build` of BASIL
    python benchmarks/output_bytes.py OUTPUT [--floor BYTES] [--contract-first]
"""

from __future__ import annotations

import argparse
import json
import re
import zlib
from collections.abc import Callable
from pathlib import Path

FLOOR_BYTES = 1_330_462
"""../shared/bench/floor.py's output for BASIL as 100 stories (measured: 300 pages)."""

Files = dict[str, bytes]


def _html(pattern: str, replacement: str, where: Callable[[str], bool] = lambda k: True):
    """A step that replaces `pattern` (dot matches newlines) in the HTML files `where`
    picks, by their path in the output."""
    compiled = re.compile(pattern, re.S)

    def step(files: Files) -> None:
        for key in files:
            if key.endswith(".html") and where(key):
                files[key] = compiled.sub(replacement, files[key].decode()).encode()

    return step


def _story_page(key: str) -> bool:
    return key.count("/") == 1 and key.split("/")[0] not in ("outlets", "blindspots")


def _article_page(key: str) -> bool:
    return key.count("/") == 2 and not key.startswith("outlets/")


def _passage_key(name: str):
    """A step that leaves `name` out of every passage of alignments.json (one story a
    line, as render.alignments_json writes it)."""

    def step(files: Files) -> None:
        lines = []
        for line in files["alignments.json"].decode().split("\n"):
            if line.startswith('{"slug"'):
                comma = line.endswith(",")
                story = json.loads(line.removesuffix(","))
                for article in story["articles"]:
                    for passage in article["passages"]:
                        passage.pop(name, None)
                line = json.dumps(story, ensure_ascii=False, separators=(",", ":"))
                line += "," if comma else ""
            lines.append(line)
        files["alignments.json"] = "\n".join(lines).encode()

    return step


def _label_search_files(files: Files) -> None:
    """Each story's search file with its events' labels (id and label, deflated and
    packed as search.py packs passages) instead of its passages: results would be the
    events, opening the comparison page at the event."""
    from site_builder.render.search import b122encode

    stories = json.loads(files["alignments.json"])["stories"]
    for story in stories:
        key = f"{story['slug']}/search.js"
        if key in files:
            data = {"t": story["title"], "e": [[g["id"], g["label"]] for g in story["groups"]]}
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            deflated = zlib.compress(payload, 9)
            packed = b122encode(deflated)
            call = f'siteSearch({json.dumps(story["slug"])},"{packed}",{len(deflated)});\n'
            files[key] = call.encode()


def _no_search_files(files: Files) -> None:
    for key in [k for k in files if k.endswith("/search.js")]:
        del files[key]


STEPS: list[tuple[str, Callable[[Files], None]]] = [
    (
        "A attribute values without quotes where valid",
        _html(r'(\s[a-z-]+)="([A-Za-z0-9_./#:-]+)"', r"\1=\2"),
    ),
    # taken in round nine (docs/scaling.md): a report's div without class=member, the
    # matrix cells without their span, scope on the story tables
    (
        "B og:description (repeats the description; X's card reads it)",
        _html(r"<meta property=\"?og:description\"?[^>]*>\n?", ""),
    ),
    (
        "B 'Whole passage' links (the report's head links there too)",
        _html(r' <a (class="?whole"? )?href=[^>]*>Whole passage</a>', "", _story_page),
    ),
    (
        "B the event's title on 'also in' lines of several events",
        _html(r"<p><i>[^<]*</i> — ", "<p>", _article_page),
    ),
    (
        "B first words of the passages only one outlet has",
        _html(r"(<a href=[^>]*>¶\d+</a>) [^;<]*(;|</p>)", r"\1\2", _story_page),
    ),
    (
        "B 'why linked' on each event",
        _html(
            r'<details( class="?why"?)?><summary>Why linked</summary>.*?</details>', "", _story_page
        ),
    ),
    (
        "B the framing table",
        _html(r'<section aria-labelledby="?framing-h"?.*?</section>\n', "", _story_page),
    ),
    ("B search over each story's event labels, not its passages", _label_search_files),
    ("C alignments.json: passages without text", _passage_key("text")),
    ("C alignments.json: passages without href", _passage_key("href")),
    ("C no search files (search over the story cards only)", _no_search_files),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="a built site's output folder")
    parser.add_argument("--floor", type=int, default=FLOOR_BYTES, help="the floor's bytes")
    parser.add_argument(
        "--contract-first", action="store_true", help="take the C steps before A and B"
    )
    args = parser.parse_args()
    files = {
        p.relative_to(args.output).as_posix(): p.read_bytes()
        for p in sorted(args.output.rglob("*"))
        if p.is_file()
    }
    steps = sorted(STEPS, key=lambda s: s[0][0] != "C") if args.contract_first else STEPS

    def total() -> int:
        return sum(len(b) for b in files.values())

    print(f"{'as built':<62} {'':>8} {total() / 1e6:7.3f} MB {total() / args.floor:5.2f} x")
    for name, step in steps:
        was = total()
        step(files)
        print(
            f"{name:<62} {(total() - was) / 1e6:+8.3f} {total() / 1e6:7.3f} MB"
            f" {total() / args.floor:5.2f} x"
        )


if __name__ == "__main__":
    main()
