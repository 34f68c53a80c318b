"""Full-text search without a server: each story's passages as a small script.

The home page stays light: it lists the stories only. When a reader starts a search,
site.js loads each story's <story>/search.js with a script tag (not fetch, so it works
from file:// too); each file hands its passages to `siteSearch(...)`, which site.js
defines. The index is split by story, so a rebuild after one edit writes one file
again, and a story's file is rendered and cached with its pages.

The passages are the story's text once more (their pages hold it too), so a file
carries them deflated (zlib) and in base85 (Python's `base64.b85encode`, whose 85
characters need no escape in a JavaScript string: 5 characters for 4 bytes, where
base64 takes 5.33): half the bytes of the JSON, which site.js decodes and the browser
inflates with its own DecompressionStream.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Mapping

from site_builder.core.model import Story
from site_builder.render.views import Head

SEARCH_FILE = "search.js"
"""A story's search file, in its folder: <story>/search.js."""


def story_search_js(story: Story, heads: Mapping[str, Head]) -> bytes:
    """The search file of one story: its slug and title, each article (slug, outlet,
    headline) and each passage (article's index, id, plain text), in reading order;
    the data deflated and in base85 (see the module's note)."""
    order = list(heads)
    data = {
        "t": story.title,
        "a": [[slug, heads[slug].outlet, heads[slug].headline] for slug in order],
        "p": [
            [index, passage.id, " ".join(passage.text.split())]
            for index, slug in enumerate(order)
            for passage in story.article(slug).passages
        ],
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    packed = b85encode(zlib.compress(payload, 9)).decode("ascii")
    return f'siteSearch({json.dumps(story.slug)},"{packed}");\n'.encode()


_B85_DIGITS = (
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"
)
"""base64.b85encode's 85 characters, in the order of the digits they stand for."""
_B85_TABLE = _B85_DIGITS + bytes(256 - 85)
_BY_85 = -(-(1 << 38) // 85)
"""(w * _BY_85) >> 38 == w // 85 for every w < 2**32: _BY_85 * 85 exceeds 2**38 by 21,
and 21 * 2**32 < 2**38 (division by multiplying with a rounded-up reciprocal)."""


def b85encode(data: bytes) -> bytes:
    """base64.b85encode(data), the same bytes, made in a few operations on big
    integers instead of a Python step per 4 bytes (the standard library's is pure
    Python: 3 x faster on a story's 10-20 kB).

    Each 4-byte word of `data` (zeros padding the last) sits in a 64-bit lane of one
    integer; dividing each lane by 85 at once is multiplying by _BY_85 and shifting,
    the quotients masked to their lane (< 2**26: the shift moves the lane above's low
    bits into the top of this one). The remainders, the word's base-85 digits from the
    last, go to the lane's bytes 7, 6, 5, 4 and the last quotient to byte 3; bytes 0-2
    are 0xff, which no digit is, and are deleted as the digits become characters."""
    padding = -len(data) % 4
    words = len(data) // 4 + (padding > 0)
    lanes = bytearray(8 * words)
    padded = data + bytes(padding)
    for byte in range(4):
        lanes[4 + byte :: 8] = padded[byte::4]
    value = int.from_bytes(lanes, "big")
    quotient_bits = int.from_bytes(b"\0\0\0\0\x03\xff\xff\xff" * words, "big")
    digits = int.from_bytes(b"\xff\xff\xff\0\0\0\0\0" * words, "big")
    for shift in (0, 8, 16, 24):
        quotient = ((value * _BY_85) >> 38) & quotient_bits
        digits |= (value - quotient * 85) << shift
        value = quotient
    digits |= value << 32
    encoded = digits.to_bytes(8 * words, "big").translate(_B85_TABLE, b"\xff")
    return encoded[: len(encoded) - padding] if padding else encoded


def search_data(script: bytes) -> dict:
    """What a story's search file (story_search_js) hands to siteSearch: its slug and
    data, as site.js reads them (for tests and tools)."""
    slug, packed = json.loads("[" + script.decode("ascii").strip()[len("siteSearch(") : -2] + "]")
    return {"slug": slug, **json.loads(zlib.decompress(base64.b85decode(packed)))}
