"""Exports for researchers: the aligned links of stories as CSV or JSON Lines, and the
JSON Schema of alignments.json.

One row per link: each pair of passages that a group (an event) or a related group
joins. A group of three passages makes three links.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports FORMATS: nothing more is loaded
    from site_builder.core.model import Alignment, Group, Member, Story

FIELDS = (
    "story",
    "event_id",
    "event_title",
    "tier",
    "time",
    "score",
    "outlet_a",
    "article_a",
    "passage_a",
    "evidence_a",
    "outlet_b",
    "article_b",
    "passage_b",
    "evidence_b",
)
"""The columns of an export, in order. `tier` is 'event' (a group: the same event, what
a reader follows as 'also in') or 'related' (a weaker link, shown apart); `time` is the
time the event is about ('' when unknown); `evidence_*` are the sentences of each
passage that report the event, joined by a space."""

FORMATS = ("csv", "jsonl")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula in a CSV cell (OWASP's list)."""


def link_rows(story: Story, alignment: Alignment) -> Iterator[dict[str, object]]:
    """One row per link of the story: its groups' pairs first, then its related ones."""
    for tier, groups in (("event", alignment.groups), ("related", alignment.related)):
        for group in groups:
            for a, b in combinations(group.members, 2):
                yield _row(story, group, tier, a, b)


def _row(story: Story, group: Group, tier: str, a: Member, b: Member) -> dict[str, object]:
    row: dict[str, object] = {
        "story": story.slug,
        "event_id": group.id,
        "event_title": group.label,
        "tier": tier,
        "time": group.time,
        "score": group.score,
    }
    for side, member in (("a", a), ("b", b)):
        article = story.article(member.article)
        row[f"outlet_{side}"] = article.outlet if article else ""
        row[f"article_{side}"] = member.article
        row[f"passage_{side}"] = member.passage
        row[f"evidence_{side}"] = evidence(story, member)
    return row


def evidence(story: Story, member: Member) -> str:
    """The sentences of a member's passage that report its group's event, joined by a
    space (the whole passage when the group names none, as for a link an editor made)."""
    article = story.article(member.article)
    passage = article.passage(member.passage) if article else None
    if passage is None:
        return ""
    chosen = [passage.sentences[i] for i in member.sentences if i < len(passage.sentences)]
    return " ".join(chosen) if chosen else passage.text


def write_rows(rows: Iterable[dict[str, object]], stream: IO[str], fmt: str) -> int:
    """Write rows to a text stream as CSV (with a header row) or JSON Lines (one object
    per line); return how many rows were written."""
    count = 0
    if fmt == "csv":
        import csv  # here: the command line imports this module for FORMATS at every start

        writer = csv.DictWriter(stream, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
            count += 1
    elif fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return count


def spreadsheet_safe(value: object) -> object:
    """A CSV cell's value that a spreadsheet shows as text, never runs as a formula: a
    text beginning with = + - @, a tab or a carriage return gets a ' before it (the
    OWASP rule against CSV injection); numbers and other texts are kept. (JSON Lines
    keeps every value as it is: it is data, read by programs.)"""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows_text(rows: Iterable[dict[str, object]], fmt: str) -> str:
    """The export as one string (what `write_rows` would write)."""
    buffer = io.StringIO(newline="")
    write_rows(rows, buffer, fmt)
    return buffer.getvalue()


def alignments_schema_text() -> str:
    """The JSON Schema (draft 2020-12) of alignments.json, as shipped in the package."""
    from importlib import resources

    schema = resources.files("site_builder.render") / "schema" / "alignments.schema.json"
    return schema.read_text(encoding="utf-8")


def alignments_schema() -> dict:
    """The JSON Schema of alignments.json, parsed."""
    return json.loads(alignments_schema_text())
