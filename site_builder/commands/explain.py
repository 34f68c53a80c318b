"""`site-builder align`: an editor-readable account of a story's alignment."""

from __future__ import annotations

import textwrap

from site_builder.core.model import Alignment, Group, Story
from site_builder.render.views import opening_words

OPENING_WORDS = 12


def _counted(count: int, thing: str) -> str:
    """'1 article', '3 articles'."""
    return f"{count} {thing}{'' if count == 1 else 's'}"


def describe_alignment(story: Story, alignment: Alignment, *, explain: bool = False) -> str:
    """Each group (outlets, passages, score, opening words, shared terms; with `explain`,
    the sentences that carry the event and why it is the same event), then the related
    groups, then the passages left unaligned."""
    passages = sum(len(a.passages) for a in story.articles)
    lines = [
        f"{story.slug}: {_counted(len(story.articles), 'article')}, "
        f"{_counted(passages, 'passage')}, "
        f"{_counted(len(alignment.groups), 'aligned event')}, "
        f"{len(alignment.related)} related",
        "",
    ]
    if alignment.other_time:
        names = ", ".join(sorted(alignment.other_time))
        lines += [f"About another time than the rest of the story: {names}", ""]
    for group in alignment.groups:
        lines.extend(_describe(story, group, explain))
    if alignment.related:
        lines += ["Related, not the same event (shown apart):", ""]
    for group in alignment.related:
        lines.extend(_describe(story, group, explain))
    aligned = {(m.article, m.passage) for g in alignment.groups for m in g.members}
    lines.append("Not aligned:")
    for article in story.articles:
        rest = [p.id for p in article.passages if (article.slug, p.id) not in aligned]
        lines.append(
            f"    {article.outlet} [{article.slug}]: {', '.join(rest) if rest else '(none)'}"
        )
    return "\n".join(lines)


def _describe(story: Story, group: Group, explain: bool) -> list[str]:
    """The lines of one group."""
    time = f"  ({group.time})" if group.time else ""
    lines = [f"{group.id}  score {group.score:.2f}  {group.label}{time}"]
    for member in group.members:
        article = story.article(member.article)
        passage = article.passage(member.passage)
        opening = opening_words(passage.text, OPENING_WORDS)
        lines.append(f"    {article.outlet} [{member.article}/{member.passage}] {opening}")
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
    if explain and group.why:
        lines.extend(
            textwrap.wrap(
                group.why, width=96, initial_indent="    why: ", subsequent_indent="         "
            )
        )
    lines.append("")
    return lines
