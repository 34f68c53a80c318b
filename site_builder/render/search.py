"""Full-text search without a server: each story's passages as a small script.

The home page stays light: it lists the stories only. When a reader starts a search,
site.js loads each story's <story>/search.js with a script tag (not fetch, so it works
from file:// too); each file hands its passages to `siteSearch(...)`, which site.js
defines. The index is split by story, so a rebuild after one edit writes one file
again, and a story's file is rendered and cached with its pages.

The passages are the story's text once more (their pages hold it too), so a file
carries them deflated (zlib) and packed 7 bits to a character (b122encode: 8
characters for 7 bytes, where base85 takes 8.75 and base64 9.33), in a JavaScript
string between double quotes: less than half the bytes of the JSON, which site.js
unpacks and the browser inflates with its own DecompressionStream.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping

from site_builder.core.model import Story
from site_builder.render.views import Head

SEARCH_FILE = "search.js"
"""A story's search file, in its folder: <story>/search.js."""


def story_search_js(story: Story, heads: Mapping[str, Head]) -> bytes:
    """The search file of one story: its slug and title, each article (slug, outlet,
    headline) and each passage (article's index, id, plain text), in reading order;
    the data deflated and packed by b122encode (see the module's note). A passage's
    text is taken as it is: the reader made its white space one space already
    (Passage.text), which splitting and joining it again here cost 1 % of a story's
    work apart from aligning (fifteenth round, docs/scaling.md)."""
    order = list(heads)
    data = {
        "t": story.title,
        "a": [[slug, heads[slug].outlet, heads[slug].headline] for slug in order],
        "p": [
            [index, passage.id, passage.text]
            for index, slug in enumerate(order)
            for passage in story.article(slug).passages
        ],
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    deflated = zlib.compress(payload, 9)
    packed = b122encode(deflated)
    return f'siteSearch({json.dumps(story.slug)},"{packed}",{len(deflated)});\n'.encode()


B122_ILLEGAL = b'\0\n\r"\\'
"""The 7-bit values a JavaScript string between double quotes cannot hold as they are
(a line break, the quote, the backslash; NUL, which some tools stop at)."""
_ILLEGAL_AND_NEXT = re.compile(rb'([\0\n\r"\\])(.?)', re.S)


def b122encode(data: bytes) -> str:
    """`data` as text of one character per 7 bits (the idea of base-122): each 7-bit
    group is the ASCII character of its value, except the five values of B122_ILLEGAL,
    which become one two-byte UTF-8 character with the group after them, U+0080 + (the
    value's index in B122_ILLEGAL << 7 | the next group), or 0 where there is none.
    The last group is padded with zero bits; the reader cuts the bytes to the length it
    is given (b122decode).

    The groups are cut by a few operations on big integers, not a Python step per
    group: each 7 bytes sit in the low 56 bits of a 64-bit lane of one integer, and
    the k-th group of every lane is shifted to its own byte at once, masked."""
    chunks = -(-len(data) // 7)
    lanes = bytearray(8 * chunks)
    padded = data + bytes(7 * chunks - len(data))
    for byte in range(7):
        lanes[1 + byte :: 8] = padded[byte::7]
    value = int.from_bytes(lanes, "big")
    low_seven = int.from_bytes(b"\0\0\0\0\0\0\0\x7f" * chunks, "big")
    groups = 0
    for k in range(8):
        groups |= ((value >> (7 * (7 - k))) & low_seven) << (8 * (7 - k))
    ascii_groups = groups.to_bytes(8 * chunks, "big")[: -(-8 * len(data) // 7)]
    return _with_two_byte_characters(ascii_groups).decode("utf-8")


def _with_two_byte_characters(groups: bytes) -> bytes:
    """`groups` (one 7-bit group a byte) with each illegal group and the group after it
    as their one two-byte character (see b122encode). The pieces are split apart, looked
    up and joined by C loops (map, join), not a Python call per illegal group (about one
    group in 26: 200 a story)."""
    parts = _ILLEGAL_AND_NEXT.split(groups)  # text, illegal, next, text, ...
    parts[1::3] = map(_TWO_BYTE.__getitem__, map(bytes.__add__, parts[1::3], parts[2::3]))
    del parts[2::3]
    return b"".join(parts)


def _two_byte(pair: bytes) -> bytes:
    """An illegal group and the group after it (if any) as one character (b122encode)."""
    following = pair[1] if len(pair) > 1 else 0
    return chr(0x80 + (B122_ILLEGAL.index(pair[0]) << 7 | following)).encode()


_TWO_BYTE = {
    pair: _two_byte(pair)
    for illegal in B122_ILLEGAL
    for pair in (bytes([illegal]), *(bytes([illegal, group]) for group in range(128)))
}
"""The character of every illegal group and the group after it, or none (b122encode)."""


def b122decode(text: str, length: int) -> bytes:
    """The `length` bytes b122encode packed into `text` (as site.js unpacks them)."""
    groups = bytearray()
    for character in text:
        code = ord(character)
        if code < 0x80:
            groups.append(code)
        else:
            groups += bytes((B122_ILLEGAL[(code - 0x80) >> 7], (code - 0x80) & 0x7F))
    bits = "".join(format(group, "07b") for group in groups)
    return int(bits[: 8 * length] or "0", 2).to_bytes(length, "big")


def search_data(script: bytes) -> dict:
    """What a story's search file (story_search_js) hands to siteSearch: its slug and
    data, as site.js reads them (for tests and tools)."""
    call = script.decode("utf-8").strip()[len("siteSearch(") : -2]
    slug, packed, length = json.loads("[" + call + "]", strict=False)
    return {"slug": slug, **json.loads(zlib.decompress(b122decode(packed, length)))}
