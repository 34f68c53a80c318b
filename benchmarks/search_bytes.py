"""What the search files of a built site would weigh if they held an index or less than
the passages' text (issue 27, point 2, round nine): each alternative packed as
render/search.py packs the passages (JSON, zlib level 9, 7 bits a character), from the
site's own search files and alignments.json. Words are folded roughly (NFKD, lower case, runs of
word characters), not as site.js folds them: the sizes, not the matching, are measured.

    python benchmarks/search_bytes.py OUTPUT
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
import zlib
from pathlib import Path

from site_builder.render.search import b122encode, search_data


def packed(data: object, slug: str = "") -> int:
    """The bytes of a search file handing `data` over, as search.py writes one:
    `siteSearch("<slug>","<data>",<length>);` and a new line."""
    deflated = zlib.compress(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), 9
    )
    call = f'siteSearch({json.dumps(slug)},"",{len(deflated)});\n'
    return len(call) + len(b122encode(deflated).encode())


def words_of(text: str) -> set[str]:
    """The distinct words of `text`, folded roughly."""
    plain = unicodedata.normalize("NFKD", text.lower())
    return set(re.findall(r"\w+", "".join(c for c in plain if not unicodedata.combining(c))))


def sizes(output: Path) -> dict[str, int]:
    """Bytes of each alternative over every story of the site at `output`."""
    found = dict.fromkeys(
        (
            "passages' text (now)",
            "words -> passages",
            "words -> passages, first 8 words",
            "each story's words",
            "one file: word -> stories",
            "each story's event labels",
            "one file: event labels",
        ),
        0,
    )
    site_words: dict[str, set[int]] = {}
    files = sorted(output.glob("*/search.js"))
    for number, path in enumerate(files):
        found["passages' text (now)"] += path.stat().st_size
        data = search_data(path.read_bytes())
        index: dict[str, list[int]] = {}
        for i, passage in enumerate(data["p"]):
            for word in words_of(passage[2]):
                index.setdefault(word, []).append(i)
        order = sorted(index)
        postings = [index[w] for w in order]
        ids = [p[:2] for p in data["p"]]
        starts = [[*p[:2], " ".join(p[2].split()[:8])] for p in data["p"]]
        head = {"t": data["t"], "a": data["a"], "w": " ".join(order), "i": postings}
        found["words -> passages"] += packed({**head, "p": ids}, data["slug"])
        found["words -> passages, first 8 words"] += packed({**head, "p": starts}, data["slug"])
        found["each story's words"] += packed({"w": " ".join(order)}, data["slug"])
        for word in order:
            site_words.setdefault(word, set()).add(number)
    every = sorted(site_words)
    found["one file: word -> stories"] = packed(
        {"w": " ".join(every), "s": [sorted(site_words[w]) for w in every]}
    )
    stories = json.loads((output / "alignments.json").read_text(encoding="utf-8"))["stories"]
    labels = [[s["slug"], [[g["id"], g["label"]] for g in s["groups"]]] for s in stories]
    found["each story's event labels"] = sum(
        packed({"t": s["title"], "e": e}, slug) for (slug, e), s in zip(labels, stories)
    )
    found["one file: event labels"] = packed(labels)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="a built site's output folder")
    for name, size in sizes(parser.parse_args().output).items():
        print(f"{name:<40} {size:>10,}")


if __name__ == "__main__":
    main()
