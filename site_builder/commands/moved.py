"""Passages alignments.yml names that moved since the last build.

A passage's id is its place in its article (p-1, p-2, ...): when an editor cuts or adds
a paragraph above one that alignments.yml names, its id changes, and the entry, still
valid, names another passage in silence (a link the editor made between two reports of
one event now joins other passages). A rebuild can tell: the last build's alignments.json
holds each passage's text under its id, so a named passage whose text now stands under
another id has moved. The build warns of it (build.py), naming the line and the id to
write instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from site_builder.core.errors import SiteError
from site_builder.core.inputs import (
    YamlList,
    YamlMapping,
    excerpt,
    line_of,
    load_yaml,
    read_text_file,
)
from site_builder.read.content import OVERRIDES_FILE


def moved_passages(folder: Path, before: str | bytes, after: str | bytes) -> list[str]:
    """A warning for each passage the story `folder`'s alignments.yml names whose text
    was, in the last build (`before`: the story's alignments.json entry), under that id
    and now stands under another (`after`: this build's entry), or whose id now holds
    the text another id held; [] when the story has no alignments.yml or nothing moved.
    A passage edited where it stands is not a move."""
    path = folder / OVERRIDES_FILE
    if not path.is_file():
        return []
    try:
        named = _named_passages(load_yaml(read_text_file(path), path))
        old, new = _texts(before), _texts(after)
    except (SiteError, ValueError, TypeError, AttributeError, KeyError):  # not this check's to say
        return []
    warnings, seen = [], set()
    for line, ref in named:
        article, _, passage = ref.partition("/")
        was, now = old.get(article, {}), new.get(article, {})
        if ref in seen or passage not in was or passage not in now or was[passage] == now[passage]:
            continue
        seen.add(ref)
        moved_to = [other for other, text in now.items() if text == was[passage]]
        came_from = [other for other, text in was.items() if text == now[passage]]
        if moved_to:
            warnings.append(
                f"{path}:{line}: '{ref}' now names another passage: the one it named, "
                f"{excerpt(was[passage], 40)}, is now {article}/{moved_to[0]} (a paragraph "
                f"before it was cut or added, and the ids after it moved); write "
                f"{article}/{moved_to[0]} to keep it"
            )
        elif came_from:
            warnings.append(
                f"{path}:{line}: '{ref}' now names another passage, {excerpt(now[passage], 40)}"
                f" (it was {article}/{came_from[0]}), and the one it named, "
                f"{excerpt(was[passage], 40)}, is gone; check this entry, or remove it"
            )
    return warnings


def _named_passages(data: object) -> list[tuple[int, str]]:
    """The line and 'article/p-N' of each passage alignments.yml names, in the order of
    the file: under `link` and `apart` (pairs), and the keys of `labels`."""
    if not isinstance(data, YamlMapping):
        return []
    named = []
    for key in ("link", "apart"):
        pairs = data.get(key)
        for pair in pairs if isinstance(pairs, YamlList) else ():
            for ref in pair if isinstance(pair, YamlList) else ():
                if isinstance(ref, str):
                    named.append((line_of(ref) or line_of(pair) or 1, str(ref)))
    labels = data.get("labels")
    if isinstance(labels, YamlMapping):
        named += [(labels.key_lines.get(name, 1), str(name)) for name in labels]
    return sorted(named)


def _texts(entry: str | bytes) -> dict[str, dict[str, str]]:
    """Each article's passages' texts by id, from a story's alignments.json entry."""
    story = json.loads(entry)
    return {
        article["slug"]: {p["id"]: p["text"] for p in article["passages"]}
        for article in story["articles"]
    }
