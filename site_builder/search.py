"""Full-text search without a server: each story's passages as a small script.

The home page stays light: it lists the stories only. When a reader starts a search,
site.js loads each story's <story>/search.js with a script tag (not fetch, so it works
from file:// too); each file hands its passages to `siteSearch(...)`, which site.js
defines. The index is split by story, so a rebuild after one edit writes one file
again, and a story's file is rendered and cached with its pages.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from site_builder.model import Story
from site_builder.views import Head

SEARCH_FILE = "search.js"
"""A story's search file, in its folder: <story>/search.js."""


def story_search_js(story: Story, heads: Mapping[str, Head]) -> bytes:
    """The search file of one story: its slug and title, each article (slug, outlet,
    headline) and each passage (article's index, id, plain text), in reading order."""
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
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"siteSearch({json.dumps(story.slug)},{payload});\n".encode()
