"""`site-builder align`: an editor-readable account of a story's alignment."""

from __future__ import annotations

import textwrap

from site_builder.model import Alignment, Story

OPENING_WORDS = 12


def describe_alignment(story: Story, alignment: Alignment, *, explain: bool = False) -> str:
    """Each group (outlets, passages, score, opening words, shared terms), then the rest."""
    groups = len(alignment.groups)
    lines = [
        f"{story.slug}: {len(story.articles)} articles, "
        f"{sum(len(a.passages) for a in story.articles)} passages, "
        f"{groups} aligned event{'' if groups == 1 else 's'}",
        "",
    ]
    for group in alignment.groups:
        lines.append(f"{group.id}  score {group.score:.2f}  {group.label}")
        for member in group.members:
            article = story.article(member.article)
            passage = article.passage(member.passage)
            lines.append(
                f"    {article.outlet} [{member.article}/{member.passage}] {_opening(passage.text)}"
            )
            if explain:
                for index in member.sentences:
                    lines.extend(
                        textwrap.wrap(
                            passage.sentences[index],
                            width=96,
                            initial_indent="        > ",
                            subsequent_indent="          ",
                        )
                    )
        if explain and group.terms:
            lines.append(f"    linked by: {', '.join(group.terms[:12])}")
        lines.append("")
    aligned = {(m.article, m.passage) for g in alignment.groups for m in g.members}
    lines.append("Not aligned:")
    for article in story.articles:
        rest = [p.id for p in article.passages if (article.slug, p.id) not in aligned]
        lines.append(
            f"    {article.outlet} [{article.slug}]: {', '.join(rest) if rest else '(none)'}"
        )
    return "\n".join(lines)


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:OPENING_WORDS]) + (" …" if len(words) > OPENING_WORDS else "")
