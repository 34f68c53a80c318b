"""Markdown body -> blocks (headings, passages, other), with plain text and sentences.

Raw HTML in an article is shown as text, never passed through: articles are pasted from
the web and must not run anything in a reader's browser. markdown-it-py's own link
check already refuses javascript:, vbscript:, file: and data: targets.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_builder.model import Block, Heading, Other, Passage


def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of the project: CommonMark + tables, raw HTML off."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def parse_blocks(md: MarkdownIt, text: str, first_line: int = 1) -> list[Block]:
    """Split a Markdown body into headings, passages (numbered p-1, p-2, ...) and others.

    `first_line` is the file line the body starts on, so each passage knows its line.
    """
    tokens = md.parse(text)
    blocks: list[Block] = []
    containers: list[Token] = []
    pending_marker = ""
    passages = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            containers.append(token)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
        elif token.type == "list_item_open":
            pending_marker = _list_marker(token, containers)
        elif token.type == "heading_open":
            inline = tokens[i + 1]
            blocks.append(Heading(int(token.tag[1]), _inline_html(md, inline), plain_text(inline)))
            i += 2
        elif token.type == "paragraph_open":
            inline = tokens[i + 1]
            text_ = plain_text(inline)
            if text_.strip():
                passages += 1
                blocks.append(
                    Passage(
                        id=f"p-{passages}",
                        html=_inline_html(md, inline),
                        text=text_,
                        sentences=tuple(split_sentences(text_)),
                        kind=_passage_kind(containers),
                        marker=pending_marker,
                        line=first_line + (token.map[0] if token.map else 0),
                    )
                )
            pending_marker = ""
            i += 2
        elif token.type in ("fence", "code_block", "hr"):
            blocks.append(Other(md.renderer.render([token], md.options, {})))
        elif token.type == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            blocks.append(Other(md.renderer.render(tokens[i : end + 1], md.options, {})))
            i = end
        i += 1
    return blocks


def _list_marker(item: Token, containers: list[Token]) -> str:
    """The marker a list item shows: '2)' or '3.' for ordered lists, '•' for bullets."""
    if containers and containers[-1].type == "ordered_list_open":
        return f"{item.info}{item.markup}"
    return "•"


def _passage_kind(containers: list[Token]) -> str:
    """Whether a paragraph stands alone, in a list item or in a block quote."""
    if not containers:
        return "paragraph"
    return "blockquote" if containers[-1].type == "blockquote_open" else "list_item"


def _inline_html(md: MarkdownIt, inline: Token) -> str:
    return md.renderer.renderInline(inline.children or [], md.options, {})


def plain_text(inline: Token) -> str:
    """The words of an inline token as plain text: no Markdown syntax, breaks as spaces."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "sen",
    "rep",
    "gov",
    "pres",
    "jr",
    "sr",
    "vs",
    "etc",
    "no",
    "inc",
    "ltd",
    "co",
    "corp",
    "dept",
    "est",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "i.e",
    "e.g",
    "u.s",
    "u.k",
    "u.n",
    "a.m",
    "p.m",
    "d.c",
}
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9])""")


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences, keeping abbreviations and initials together.

    Rule-based on purpose: no model to download, and the same text always splits the same.
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)[.!?…]*$", text[start : match.start() + 1])
        before = word.group(1).rstrip(".").lower() if word else ""
        if match.group().startswith(".") and (
            before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha())
        ):
            continue
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences
