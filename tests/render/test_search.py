"""The search file's packing: 7 bits a character in a JavaScript string, decoded by
search.py as by site.js; and the passages' text it holds."""

from __future__ import annotations

import random
import re
import zlib
from pathlib import Path

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.render.search import B122_ILLEGAL, b122decode, b122encode, search_data
from tests.conftest import write_article

SITE_JS = Path(__file__).resolve().parents[2] / "themes" / "default" / "static" / "site.js"


def samples() -> list[bytes]:
    """Byte strings of every length to 60 and a few longer, random, of zeros, of the
    illegal values alone (the two-byte characters back to back, and one last), and
    every byte value at each of the 7 bit offsets a byte can start at."""
    draw = random.Random(122)
    found = []
    for length in [*range(0, 61), 1021, 4096, 4099]:
        found.append(draw.randbytes(length))
        found.append(bytes(length))
        found.append(bytes(draw.choice(b'\0\n\r"\\\x7f\x80') for _ in range(length)))
    found += [bytes(range(256)) * 2 + bytes(offset) for offset in range(7)]
    return found


def test_b122_round_trips_and_writes_no_character_a_string_cannot_hold() -> None:
    for data in samples():
        text = b122encode(data)
        assert b122decode(text, len(data)) == data, data
        assert not set(text) & set(B122_ILLEGAL.decode()), data
        assert all(ord(c) < 0x300 for c in text)  # one or two bytes of UTF-8 each
        # 8 characters for 7 bytes, the two-byte ones holding two groups
        groups = sum(1 if ord(c) < 0x80 else 2 for c in text)
        assert groups in (-(-8 * len(data) // 7), -(-8 * len(data) // 7) + 1)


def test_b122_of_a_deflated_file_is_smaller_than_base85() -> None:
    payload = zlib.compress(" ".join(str(n) for n in range(20_000)).encode(), 9)
    packed = b122encode(payload).encode()
    assert zlib.decompress(b122decode(packed.decode(), len(payload))) == zlib.decompress(payload)
    assert len(packed) < 1.15 * len(payload) < 1.25 * len(payload)


def test_site_js_unpacks_what_search_py_packs(page) -> None:
    """site.js's own decoder, run in Chromium on the samples as a search file's
    JavaScript string hands them over (raw characters, not escapes)."""
    source = SITE_JS.read_text(encoding="utf-8")
    decoder = re.search(r"  var B122_ILLEGAL = .*?\n    return bytes;\n  }\n", source, re.S)
    assert decoder, "site.js has no base122 decoder"
    cases = [(b122encode(data), len(data), data.hex()) for data in samples()]
    page.set_content("<!DOCTYPE html><title>t</title>")
    unpacked = page.evaluate(
        "cases => { "
        + decoder.group(0)
        + """
        return cases.map(c => Array.from(base122(c[0], c[1]),
          b => b.toString(16).padStart(2, "0")).join("")); }""",
        [[text, length] for text, length, _ in cases],
    )
    assert unpacked == [hexed for _, _, hexed in cases]


def test_a_passage_is_in_the_search_file_one_space_between_its_words(tmp_path) -> None:
    """With runs of spaces, a tab or a line break, as plain text or Markdown (the
    reader's two ways), a passage is searched as its words one space apart: the search
    file takes the passage's text as the reader made it."""
    folder = tmp_path / "site" / "content" / "talks"
    folder.mkdir(parents=True)
    (tmp_path / "site" / "site.yml").write_text("title: T\n", encoding="utf-8")
    spaced = "The  council approved the harbour   plan on Tuesday.\n\nCritics   called it a farce."
    write_article(folder, "plain", spaced)  # (a line a paragraph, no markup: plain text)
    broken = spaced.replace("council ", "*council*\t").replace("it ", "it\n")
    write_article(folder, "marked", broken)  # (read by markdown-it)
    build(load_config(tmp_path / "site" / "site.yml"))
    data = search_data((tmp_path / "site" / "output" / "talks" / "search.js").read_bytes())
    texts = [text for _, _, text in data["p"]]
    assert texts == 2 * [
        "The council approved the harbour plan on Tuesday.",
        "Critics called it a farce.",
    ]
