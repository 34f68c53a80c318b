"""Markdown body -> blocks (headings, passages, other), with plain text and sentences.

Raw HTML in an article is shown as text, never passed through: articles are pasted from
the web and must not run anything in a reader's browser. markdown-it-py's own link
check already refuses javascript:, vbscript:, file: and data: targets. An image on
another site is shown as a link to it, not loaded: pages make no request to any other
site (a reader's visit would otherwise be reported to it).

markdown-it is imported only where a text is not plain (see plain_paragraphs): most
articles and story intros are read without it, and importing it is ~10 ms of a build's
start on one core (docs/scaling.md, round twelve).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.core.errors import printable, warn
from site_builder.core.language_pack import DEFAULT, LanguagePack, pack_for
from site_builder.core.model import Block, Heading, Other, Passage

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import OptionsDict

MAX_NESTING = 100
"""How deeply block quotes and lists may nest; markdown-it drops what lies deeper, so
an article that reaches it gets a warning. (CommonMark's preset stops at 20, which
real articles do not reach either.)"""


def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect of the project: CommonMark + tables, raw HTML off,
    images on other sites shown as links."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    # with html off, these two rules refuse every text they are tried on (markdown-it
    # tries the block one at each block's start and each line of a paragraph): the same
    # tokens without them, and a fifth fewer rule calls
    md.disable(["html_block", "html_inline"])
    md.add_render_rule("image", _render_image)
    return md


@lru_cache(maxsize=1)
def shared_markdown_parser() -> MarkdownIt:
    """markdown_parser(), made once per process for every story read_story reads
    without one of its own: making one takes ~0.15 ms (its rules and their chains),
    7 % of reading a story, and a parser keeps nothing of what it parses (each parse
    and render has a state of its own). Never changed after it is made."""
    return markdown_parser()


def _render_image(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict
) -> str:
    """An image inside the site as an image; one anywhere else as a link to it that
    gives its description and address (as text when it sits in a link already)."""
    token = tokens[idx]
    source = token.attrGet("src") or ""
    if is_local_address(str(source)):
        return renderer.image(tokens, idx, options, env)
    alt = renderer.renderInlineAsText(token.children or [], options, env).strip()
    label = (
        f"Image: {escape_html(alt or 'no description')} "
        f'<span class="remote-image-address">({escape_html(str(source))})</span>'
    )
    depth = sum(t.nesting for t in tokens[:idx] if t.type in ("link_open", "link_close"))
    if depth > 0:
        return f'<span class="remote-image">{label}</span>'
    return (
        f'<a class="remote-image" href="{escape_html(str(source))}" '
        f'rel="noopener noreferrer">{label}</a>'
    )


def is_local_address(address: str) -> bool:
    """Whether a browser would look for `address` inside this site: a relative path
    (no scheme, not starting with / or \\), or a data: image, which is no request."""
    if address.lower().startswith("data:image/"):
        return True
    return (
        bool(address)
        and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", address)
        and not address.startswith(("/", "\\"))
        and "\\" not in address
        and not re.search(r"[\x00-\x20]", address)
    )


def parse_blocks(
    md: MarkdownIt | None,
    text: str,
    first_line: int = 1,
    source: Path | None = None,
    language: str = DEFAULT,
) -> list[Block]:
    """Split a Markdown body into headings, passages (numbered p-1, p-2, ...) and others.

    `first_line` is the file line the body starts on, so each passage knows its line;
    `source` names the file in the warning about content nested too deeply to show;
    `language` is the text's, whose rules split its sentences. `md`: the parser, None
    for the project's own (shared_markdown_parser, made only if the text is not plain).
    """
    plain = plain_paragraphs(text) if md is None or _project_dialect(md) else None
    if plain is not None:  # no Markdown in it: markdown-it would make the same passages
        return _plain_passages(plain, first_line, language)
    return parsed_blocks(md or shared_markdown_parser(), text, first_line, source, language)


def rendered_html(md: MarkdownIt | None, text: str) -> str:
    """`text` rendered as HTML by `md` (None: the project's parser), a plain text (see
    plain_paragraphs) without it: each paragraph as markdown-it renders one."""
    plain = plain_paragraphs(text) if md is None or _project_dialect(md) else None
    if plain is not None:
        return "".join(f"<p>{escape_html(content)}</p>\n" for _, content in plain)
    return (md or shared_markdown_parser()).render(text)


def escape_html(text: str) -> str:
    """`text` with "&", "<", ">" and '"' as HTML's entities: markdown-it's escapeHtml (its
    common.utils), which markdown-it escapes a paragraph's text with, here so that a
    plain text needs no import of markdown-it (a test holds the two the same)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def parsed_blocks(
    md: MarkdownIt,
    text: str,
    first_line: int = 1,
    source: Path | None = None,
    language: str = DEFAULT,
) -> list[Block]:
    """parse_blocks of any body, from the tokens markdown-it makes of it."""
    tokens = md.parse(text)
    _warn_if_too_deep(tokens, md.options["maxNesting"], source, first_line)
    _warn_of_unpublished_images(tokens, source, first_line)
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
                        sentences=tuple(split_sentences(text_, language)),
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


def plain_paragraphs(text: str) -> list[tuple[int, str]] | None:
    """The paragraphs of a plain Markdown body, each with its line (from 0) and its
    text as markdown-it reads it; None when the body is not plain (then markdown-it
    must parse it). Plain: paragraphs of one line each with empty lines between them,
    none that starts as another block may (a heading, list, quotation, code, rule,
    table or link definition; see _PLAIN_START) and no inline markup (emphasis, code,
    links, images, autolinks, strikethrough, entities; see _MARKUP). A backslash
    before a character is read as markdown-it reads it ("\\[" is "["). Most
    articles are plain (BASIL: all 300), and markdown-it's block and inline rules,
    tried at every line and character, were a third of reading a story."""
    escapes = "\\" in text
    if not escapes and _has_markup(text):
        return None
    paragraphs = []
    after_empty = True
    for number, line in enumerate(text.split("\n")):
        if not line:
            after_empty = True
            continue
        if not after_empty or not _PLAIN_START.match(line):
            return None  # a paragraph of several lines, or another kind of block
        content = line.strip()  # (as markdown-it's paragraph rule)
        if escapes:
            if _has_markup(_ESCAPED_CHARACTER.sub("", content)):
                return None
            content = _ESCAPED_CHARACTER.sub(_unescaped, content)
        paragraphs.append((number, content))
        after_empty = False
    return paragraphs


def _has_markup(text: str) -> bool:
    """Whether markdown-it may read something in `text` as inline markup (see _MARKUP
    and _ENTITY), or otherwise than as text."""
    return bool(_MARKUP.search(text)) or ("&" in text and bool(_ENTITY.search(text)))


_PLAIN_START = re.compile(r"(?![0-9]+[.)])[\w\"'“‘«„¿¡(]|-[^\W_]")
"""How a line of a plain paragraph starts: a letter or digit (not an ordered list's
number: "1." or "2)"), a quotation mark or a bracket, or a hyphen right before a letter
or digit ("-He said", which a list item's "- " is not, nor a rule's or an underline's
run of hyphens); never white space (code), nor the marks that start another block
("#", ">", "*", "- ", "+", "=", "_", "|", "`", "~", "[", "<"). (BASIL's one article of
300 that was not plain opens five paragraphs so: read without markdown-it now, a build
imports it for no BASIL text.)"""
_MARKUP = re.compile(r"[\\`~*_\[\]<|\t\r\x00]")
"""What markdown-it may read as inline markup, or reads otherwise than as text: a
backslash (not before a character), a mark of code, strikethrough, emphasis, links
and autolinks, a table's bar; a tab, a carriage return and a null. ("!" starts an
image only before "[".) One class of characters: the regex engine scans for it in C,
3.5 x faster than with the entities as an alternative."""
_ENTITY = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]{1,31};)")
"""What may be an entity (markdown-it reads "&amp;" as "&"); "AT&T" is text."""
_ESCAPED_CHARACTER = re.compile(r"\\(.)", re.DOTALL)
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
"""The characters a backslash escapes (markdown-it's escape rule): before any other
character the backslash stays, and both are text."""


def _unescaped(escape: re.Match) -> str:
    """An escaped character as markdown-it reads it (see _ESCAPABLE)."""
    character = escape.group(1)
    return character if character in _ESCAPABLE else escape.group()


def _plain_passages(
    paragraphs: list[tuple[int, str]], first_line: int, language: str
) -> list[Block]:
    """The passages of a plain body (see plain_paragraphs), as parse_blocks makes them
    from markdown-it's tokens: its text escaped for HTML, white space made one space."""
    passages: list[Block] = []
    for number, content in paragraphs:
        text = " ".join(content.split())
        if text:
            passages.append(
                Passage(
                    id=f"p-{len(passages) + 1}",
                    html=escape_html(content),
                    text=text,
                    sentences=tuple(split_sentences(text, language)),
                    kind="paragraph",
                    marker="",
                    line=first_line + number,
                )
            )
    return passages


def _project_dialect(md: MarkdownIt) -> bool:
    """Whether `md` is the project's dialect (markdown_parser()'s rules, options and
    renderer), whose reading of a plain body plain_paragraphs repeats."""
    from markdown_it.renderer import RendererHTML

    return (
        md.get_active_rules() == _dialect()[0]
        and md.options == _dialect()[1]
        and type(md.renderer) is RendererHTML
        and md.renderer.rules.get("text") == RendererHTML.text.__get__(md.renderer)
    )


@lru_cache(maxsize=1)
def _dialect() -> tuple[dict, OptionsDict]:
    md = shared_markdown_parser()
    return md.get_active_rules(), md.options


def _warn_if_too_deep(
    tokens: Sequence[Token], limit: int, source: Path | None, first_line: int
) -> None:
    """Warn where markdown-it stopped at its nesting limit: what lies deeper is dropped."""
    for token in tokens:
        if token.nesting == 1 and token.level >= limit - 1:
            line = first_line + (token.map[0] if token.map else 0)
            warn(
                "%s:%d: block quotes and lists nested more than %d levels deep (a list "
                "counts two); what lies deeper is left out: nest them less",
                source or "Markdown",
                line,
                limit,
            )
            return


def _warn_of_unpublished_images(
    tokens: Sequence[Token], source: Path | None, first_line: int
) -> None:
    """Warn of each image with an address inside the site (`![Map](map.png)`): the page
    shows it as an image, but a build copies no file from content/, and one article's
    passages stand on pages at other depths (the article's, the comparison page), so
    no relative address finds one file from all of them: the reader would meet a
    broken image."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = first_line + (token.map[0] if token.map else 0)
        for child in token.children:
            address = str(child.attrGet("src") or "") if child.type == "image" else ""
            if is_local_address(address) and not address.lower().startswith("data:"):
                warn(
                    "%s:%d: the image '%s' is not published (a build copies no file from "
                    "the content folder), so readers would see a broken image; give its "
                    "web address (https://...), which pages show as a link, or leave it out",
                    source or "Markdown",
                    line,
                    printable(address, 80),
                )


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
    parts = [
        " " if child.type in _BREAKS else child.content
        for child in inline.children or ()
        if child.type in _WORDS
    ]
    return " ".join("".join(parts).split())  # runs of white space as one space, trimmed


_BREAKS = frozenset({"softbreak", "hardbreak"})
_WORDS = _BREAKS | {"text", "code_inline", "image"}
"""The inline tokens plain_text keeps: words (an image's are its description) and
line breaks (as a space)."""


_SENTENCE_END = re.compile(
    r"""[.!?…](?<![.!?…].)[.!?…]*+["'”’»)\]]*+(?=\s+["'“‘«„(\[¿¡]?([^\W_]))"""
)
"""A run of sentence-ending marks (from its start: trying each mark of a long run of
dots would take quadratic time) before a space and a letter or digit (in any script);
a sentence starts only at a capital or a digit (see _starts_sentence). The expression
starts with a mark, the one before it looked at behind: the regex engine then skips in
C to the next mark, where a look behind first was tried at every character (4.7 x
faster over a text; the same matches)."""
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*$")
_WORD_CHAR = re.compile(r"[\w.]")
_LONGEST_ABBREVIATION = 8


def split_sentences(text: str, language: str = DEFAULT) -> list[str]:
    """Split plain text into sentences, keeping abbreviations and initials together,
    by the rules of `language`'s pack (its abbreviations; in German, no end after an
    ordinal number: "am 30. März").

    Rule-based on purpose: no model to download, and the same text always splits the same.
    Linear in the length of the text, however it is punctuated.
    """
    pack = pack_for(language)
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if not _starts_sentence(match.group(1)):
            continue
        if text[match.start()] == "." and _dot_of_a_word(
            _word_before(text, start, match.start() + 1), pack
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


def _dot_of_a_word(before: str, pack: LanguagePack) -> bool:
    """Whether a dot after the word `before` (see _word_before) belongs to it: an
    abbreviation of the language, an initial, or (where the language writes them so)
    an ordinal number."""
    return (
        before in pack.abbreviations
        or (len(before) == 1 and before.isalpha())
        or (pack.ordinal_dot and len(before) <= 2 and before.isdigit())
    )


def _starts_sentence(first: str) -> bool:
    """Whether a sentence may start with the character `first`: a capital in any script
    (A, É, Ü, Д) or a digit."""
    return first.isupper() or first in "0123456789"


def _word_before(text: str, start: int, end: int) -> str:
    """The word (letters, digits and dots) that ends at `end` in `text[start:end]`,
    lower case, without trailing dots; '' if it is longer than any abbreviation (only
    a short window before `end` is looked at, so each call takes constant time)."""
    low = max(start, end - _LONGEST_ABBREVIATION - 2)
    found = _WORD_BEFORE.search(text, low, end)
    if found is None:
        return ""
    if found.start(1) == low and low > start and _WORD_CHAR.match(text, low - 1):
        return ""
    return found.group(1).rstrip(".").lower()
