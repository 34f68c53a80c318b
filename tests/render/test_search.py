"""The search file's base85: the standard library's bytes, made faster."""

from __future__ import annotations

import base64
import random
import struct
import zlib

from site_builder.render.search import b85encode


def test_b85encode_gives_the_standard_librarys_bytes_at_every_length() -> None:
    draw = random.Random(27)
    for length in [*range(0, 300), 1021, 4096, 4099, 65_537]:
        for data in (
            draw.randbytes(length),
            bytes(length),  # words of zeros: base64 folds none unless asked
            b"\xff" * length,  # the largest word
            b" " * length,
        ):
            assert b85encode(data) == base64.b85encode(data), length


def test_b85encode_divides_every_kind_of_word_exactly() -> None:
    """Words near a multiple of each power of 85 (where a rounded reciprocal would be
    off by one first) and near 2**32."""
    edges = {0, 1, 2**32 - 1, 2**32 - 2, 2**31, 2**26, 2**26 - 1}
    for power in range(1, 6):
        step = 85**power
        for multiple in range(1, min(2**32 // step, 5_000) + 1):
            edges.update({multiple * step - 1, multiple * step, multiple * step + 1})
    edges.update(random.Random(85).getrandbits(32) for _ in range(100_000))
    words = sorted(w for w in edges if 0 <= w < 2**32)
    data = struct.pack(f">{len(words)}I", *words)
    assert b85encode(data) == base64.b85encode(data)


def test_b85encode_of_a_deflated_file_decodes_to_it() -> None:
    payload = zlib.compress(" ".join(str(n) for n in range(20_000)).encode(), 9)
    assert zlib.decompress(base64.b85decode(b85encode(payload))) == zlib.decompress(payload)
