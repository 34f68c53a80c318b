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
    packed = base64.b85encode(zlib.compress(payload, 9)).decode("ascii")
    return f'siteSearch({json.dumps(story.slug)},"{packed}");\n'.encode()


def search_data(script: bytes) -> dict:
    """What a story's search file (story_search_js) hands to siteSearch: its slug and
    data, as site.js reads them (for tests and tools)."""
    slug, packed = json.loads("[" + script.decode("ascii").strip()[len("siteSearch(") : -2] + "]")
    return {"slug": slug, **json.loads(zlib.decompress(base64.b85decode(packed)))}
