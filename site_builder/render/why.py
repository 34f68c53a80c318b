"""Why passages are linked: what a page says, on demand, of each same-event link.

Only what the aligner recorded is said (model.Group: its tier, its score and the
specific things its members share, `terms`), sorted into the kinds a reader checks:
quotations, numbers, names, phrases, other words. Nothing is worked out again here,
so the page says what the aligner relied on, never more.

The "report a wrong link" address is built here too: the site's `report_url` with a
title and body naming the story, the event and its passages.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup

from site_builder.core.model import Group, Story
from site_builder.core.records import record
from site_builder.core.strings import Strings

KINDS = ("quotes", "numbers", "names", "phrases", "words")
"""The kinds of shared things, in the order a page lists them."""
MOST_THINGS = 12
"""At most this many shared things are listed per link (rarest first, as recorded)."""
NAME_JOINERS = frozenset({"of", "de", "la", "von", "van", "al", "bin", "the", "and"})
"""Small words a name of several words may hold ("Bank of England")."""
REPORT_WORDS = 12
"""How many first words of each passage a report quotes."""


@record(frozen=True)
class Things:
    """The shared things of one kind, as the story writes them."""

    kind: str
    label: Markup
    items: tuple[str, ...]


@record(frozen=True)
class Reason:
    """Why the passages of one group are linked."""

    score_text: Markup
    things: tuple[Things, ...]
    """The specific things the passages share, by kind (empty when none is recorded)."""
    report_href: str = ""
    """The site's report_url, filled in for this event, or ''."""


@lru_cache(maxsize=1 << 14)
def kind_of(term: str) -> str:
    """The kind of one shared thing as the aligner records it: a quotation (written
    between curly quotes), a number (one token with a digit), a name (capitalised
    words), a phrase (several words, as a verbatim run or a phrase of common words) or
    another word. (Worked out once per term in a process: a story's groups share their
    names and numbers.)"""
    if term[:1] in "“«\"'":
        return "quotes"
    tokens = term.split()
    if len(tokens) > 1:
        capitalised = all(t[:1].isupper() or t in NAME_JOINERS for t in tokens)
        return "names" if capitalised else "phrases"
    if any(map(str.isdigit, term)):
        return "numbers"
    if term[:1].isupper():
        return "names"
    return "words"


def reason(group: Group, *, words: Strings, report_href: str = "") -> Reason:
    """Why `group`'s passages are linked, in `words`: its score and what they share,
    from what the aligner recorded (tolerant of a group that records none); the section
    the group stands in says its tier."""
    sorted_things: dict[str, list[str]] = {kind: [] for kind in KINDS}
    terms = tuple(t for t in (getattr(group, "terms", ()) or ()) if str(t).strip())
    for term in terms[:MOST_THINGS]:
        sorted_things[kind_of(str(term))].append(str(term))
    return Reason(
        score_text=words.text("why_score", score=f"{float(group.score):.2f}"),
        things=tuple(
            Things(kind, words.text(f"why_{kind}"), tuple(items))
            for kind, items in sorted_things.items()
            if items
        ),
        report_href=report_href,
    )


def report_href(
    report_url: str,
    story: Story,
    group: Group,
    outlets: Mapping[str, str],
    page_url: str = "",
) -> str:
    """`report_url` with `title=` and `body=` filled in to report `group` of `story` as
    a wrong link: the story, the event and each passage (outlet, id, first words), and
    the page's address when the site has one. '' without a report_url."""
    if not report_url:
        return ""
    lines = [
        f"Story: {story.title} ({story.slug})",
        f"Event: {group.id}: {group.label or group.id}",
        "Passages:",
    ]
    for member in group.members:
        article = story.article(member.article)
        passage = article.passage(member.passage) if article is not None else None
        opening = " ".join(passage.text.split()[:REPORT_WORDS]) if passage is not None else ""
        outlet = outlets.get(member.article, member.article)
        lines.append(f"- {outlet}, {member.article}/{member.passage}: {opening}")
    if page_url:
        lines.append(f"Page: {page_url}#{group.id}")
    lines += ["", "What is wrong with this link:", ""]
    title = f"Wrong link: {story.slug} {group.id}"
    joiner = "&" if "?" in report_url else "?"
    body = quote("\n".join(lines), safe="")
    return f"{report_url}{joiner}title={quote(title, safe='')}&body={body}"
