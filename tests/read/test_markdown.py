"""Markdown bodies become headings and passages with stable ids and sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.core.model import Heading, Passage
from site_builder.read.markdown import markdown_parser, parse_blocks, split_sentences
from tests.conftest import BASIL, NO_BASIL, REPO


def blocks(text: str):
    return parse_blocks(markdown_parser(), text)


def test_paragraphs_list_items_and_quotes_are_passages_headings_are_not():
    result = blocks("## Part one\n\nFirst *para*.\n\n1) item one\n2) item two\n\n> quoted\n")
    assert isinstance(result[0], Heading) and result[0].text == "Part one"
    passages = [b for b in result if isinstance(b, Passage)]
    assert [(p.id, p.kind, p.marker, p.text) for p in passages] == [
        ("p-1", "paragraph", "", "First para."),
        ("p-2", "list_item", "1)", "item one"),
        ("p-3", "list_item", "2)", "item two"),
        ("p-4", "blockquote", "", "quoted"),
    ]
    assert passages[0].html == "First <em>para</em>."


def test_passage_ids_are_stable_when_text_changes_elsewhere():
    before = [b.id for b in blocks("A one.\n\nB two.\n\nC three.\n") if isinstance(b, Passage)]
    after = [
        b.id for b in blocks("A one, edited.\n\nB two.\n\nC three.\n") if isinstance(b, Passage)
    ]
    assert before == after == ["p-1", "p-2", "p-3"]


def test_passages_know_their_line():
    result = parse_blocks(markdown_parser(), "First.\n\nSecond.\n", first_line=5)
    assert [b.line for b in result] == [5, 7]


def test_raw_html_is_shown_as_text_not_passed_through():
    [passage] = blocks('Hello <script>alert(1)</script> <b onclick="x">bold</b>\n')
    assert "<script>" not in passage.html and "&lt;script&gt;" in passage.html


def test_dangerous_link_targets_are_not_links():
    [passage] = blocks("[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,x)\n")
    assert "href" not in passage.html


def test_sentences_keep_abbreviations_and_initials_together():
    text = (
        'Mr. Smith met A. Wess Mitchell of the U.S. Army on Monday. He said "it is done." '
        "Then he left! Did it work? Yes."
    )
    assert split_sentences(text) == [
        "Mr. Smith met A. Wess Mitchell of the U.S. Army on Monday.",
        'He said "it is done."',
        "Then he left!",
        "Did it work?",
        "Yes.",
    ]


def test_sentences_split_in_linear_time_however_the_text_is_punctuated():
    import time

    for text in ("J. K. " * 34_000, "Mr. Smith " * 10_000, "." * 200_000 + " Next", "a." * 100_000):
        started = time.perf_counter()
        sentences = split_sentences(text)
        assert time.perf_counter() - started < 5  # hang guard: milliseconds now, minutes before
        assert "".join(sentences).replace(" ", "") == text.replace(" ", "")


def test_initials_and_abbreviations_after_a_long_word_still_hold():
    text = "Sentence with antidisestablishmentarianism. Then J. K. Rowling wrote."
    assert split_sentences(text) == [
        "Sentence with antidisestablishmentarianism.",
        "Then J. K. Rowling wrote.",
    ]


def test_quotes_nested_30_deep_are_shown():
    [passage] = blocks("> " * 30 + "Deep quote.\n")
    assert passage.text == "Deep quote." and passage.kind == "blockquote"


def test_what_is_nested_too_deep_to_show_is_named_in_a_warning(caplog):
    from pathlib import Path

    parse_blocks(markdown_parser(), "Top.\n\n" + "> " * 150 + "Lost.\n", 5, Path("a.md"))
    assert "a.md:7: block quotes and lists nested more than 100 levels deep" in caplog.text


def test_an_image_on_another_site_is_a_link_to_it_not_loaded():
    [passage] = blocks(
        "![A cat](https://tracker.example/cat.png) ![](//cdn.example/x.png) "
        "![Map](map.png) [![Logo](http://x.example/l.png)](https://x.example/)\n"
    )
    assert (
        '<a class="remote-image" href="https://tracker.example/cat.png" rel="noopener '
        'noreferrer">Image: A cat <span class="remote-image-address">'
        "(https://tracker.example/cat.png)</span></a>"
    ) in passage.html
    assert "Image: no description" in passage.html and 'href="//cdn.example/x.png"' in passage.html
    assert '<img src="map.png" alt="Map" />' in passage.html
    assert '<span class="remote-image">Image: Logo' in passage.html  # no link inside a link
    assert passage.html.count("<img") == 1


def test_sentence_ends_are_found_where_a_look_behind_first_would_find_them():
    """_SENTENCE_END starts with a mark (so the regex engine skips to the next one in
    C) and looks at the character before it behind: the same matches as the plain
    expression that looks behind first, on texts made of every character it tests."""
    import random
    import re

    from site_builder.read.markdown import _SENTENCE_END

    plain = re.compile(r"""(?<![.!?…])[.!?…]++["'”’»)\]]*+(?=\s+["'“‘«„(\[¿¡]?([^\W_]))""")
    characters = list(".!?…\"'”’»)]“‘«„([¿¡ \n\tAaZ9_éД-")
    draw = random.Random(8)
    for _ in range(50_000):
        text = "".join(draw.choice(characters) for _ in range(draw.randint(0, 12)))
        found = [(m.span(), m.span(1)) for m in _SENTENCE_END.finditer(text)]
        assert found == [(m.span(), m.span(1)) for m in plain.finditer(text)], text
    assert split_sentences("...Then he left!! She stayed… He said “Stop.” Dr. Who came.") == [
        "...Then he left!!",
        "She stayed…",
        "He said “Stop.”",
        "Dr. Who came.",
    ]


def test_a_plain_body_is_read_without_markdown_it_as_markdown_it_reads_it():
    """plain_paragraphs' reading is markdown-it's wherever it says a body is plain:
    random bodies of words, marks that mean something to Markdown (at the start of a
    line or inside one), escapes, entities and white space."""
    import random

    from markdown_it.common.utils import escapeHtml

    from site_builder.read.markdown import (
        escape_html,
        parsed_blocks,
        plain_paragraphs,
        rendered_html,
    )

    md = markdown_parser()
    pieces = [*"!?.,$%:-+#=>_*`~|<[]()\"'“«¿\t\u00a0", "\\", "\\[", "\\*", "\\q", "\\\\"]
    pieces += ["&", "&amp;", "&#35;", "AT&T;", "&ref=", "2010", "3.", "4)", "  ", "é", "Д"]
    pieces += ["-", "--", "---", "- ", "-_", "-1.", "-\u00a0", "-\u0301", "-٣"]
    words = ["word ", "Word ", "A ", "x"]
    separators = ["\n\n", "\n", "\n \n", "\n\n\n"]
    rng = random.Random(5)
    plain = 0
    for _ in range(4000):
        lines = [
            "".join(
                rng.choice(pieces) if rng.random() < 0.3 else rng.choice(words)
                for _ in range(rng.randint(1, 8))
            )
            for _ in range(rng.randint(1, 3))
        ]
        text = "".join(line + rng.choice(separators) for line in lines)
        assert rendered_html(None, text) == md.render(text), repr(text)  # (a story's intro)
        assert escape_html(text) == escapeHtml(text)
        if plain_paragraphs(text) is not None:
            plain += 1
            assert parse_blocks(md, text, 3) == parsed_blocks(md, text, 3), repr(text)
            assert parse_blocks(None, text, 3) == parse_blocks(md, text, 3), repr(text)
    assert plain > 400  # (the bodies it reads itself are tried, not only the others)


def test_a_story_whose_texts_are_plain_is_read_without_importing_markdown_it(tmp_path):
    """markdown-it is imported only for a text that is not plain (~10 ms of a build's
    start): a plain story is read without it, the same as with it."""
    import subprocess
    import sys

    story = tmp_path / "content" / "a-story"
    story.mkdir(parents=True)
    (story / "_story.md").write_text("---\ntitle: A story\n---\n\nAn intro & more.\n")
    for outlet in ("one", "two"):
        (story / f"{outlet}.md").write_text(
            f'---\noutlet: {outlet}\ntitle: T\n---\n\nThe mayor said "no" & left.\n\nIt rained.\n'
        )
    read = (
        "import sys; from pathlib import Path; from site_builder.read.content import read_story;"
        "from site_builder.read.markdown import markdown_parser;"
        "story = read_story(Path(sys.argv[1])); plain = 'markdown_it' not in sys.modules;"
        "print(plain, story == read_story(Path(sys.argv[1]), markdown_parser()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", read, str(story)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "True"], done.stderr


def test_only_a_body_without_markdown_is_plain():
    from site_builder.read.markdown import plain_paragraphs

    assert plain_paragraphs('He said "no" \\[sic\\] & left!\n\nAT&T paid 5%.\n') == [
        (0, 'He said "no" [sic] & left!'),
        (2, "AT&T paid 5%."),
    ]
    for text in (
        "# Title\n",
        "1. item\n",
        "- item\n",
        "> quoted\n",
        "    code\n",
        "One line\nand another\n",
        "Some *emphasis*.\n",
        "A [link](x).\n",
        "Tom &amp; Jerry.\n",
        "A tab\there.\n",
        "An end \\\n",
    ):
        assert plain_paragraphs(text) is None, text


def _stories_read_both_ways(content: Path, monkeypatch) -> tuple[list, list, int, int]:
    """Every story under `content` read as a build reads it (plain bodies without
    markdown-it) and with markdown-it for every text, and how many of the texts (the
    articles' bodies and the intros) the first way read as plain, of how many."""
    from site_builder.read import markdown
    from site_builder.read.content import read_story

    folders = sorted(p.parent for p in content.glob("*/_story.md"))
    texts: list[bool] = []
    plain_paragraphs = markdown.plain_paragraphs

    def counted(text: str):
        found = plain_paragraphs(text)
        texts.append(found is not None)
        return found

    monkeypatch.setattr(markdown, "plain_paragraphs", counted)
    as_built = [read_story(folder) for folder in folders]
    monkeypatch.setattr(markdown, "plain_paragraphs", lambda text: None)
    by_markdown_it = [read_story(folder) for folder in folders]
    return as_built, by_markdown_it, sum(texts), len(texts)


def test_the_bundled_site_reads_the_same_without_markdown_it(monkeypatch):
    """Each bundled text that plain_paragraphs calls plain gives the same passages and
    HTML as markdown-it gives it (the one test of the rule on real articles without
    ../shared)."""
    as_built, by_markdown_it, plain, texts = _stories_read_both_ways(REPO / "content", monkeypatch)
    assert as_built == by_markdown_it
    assert plain > 0 and texts > 0


@pytest.mark.skipif(not (BASIL / "articles").is_dir(), reason=NO_BASIL)
def test_basil_reads_the_same_without_markdown_it(tmp_path, monkeypatch):
    """Every BASIL article and intro is plain (a build imports no markdown-it for them,
    ~98 M instructions: docs/scaling.md, round sixteen) and reads the same as
    markdown-it reads it: passages, their text, sentences, HTML, kind and line."""
    from site_builder.importers.basil import import_basil

    import_basil(BASIL, tmp_path / "content")
    as_built, by_markdown_it, plain, texts = _stories_read_both_ways(
        tmp_path / "content", monkeypatch
    )
    assert len(as_built) == 100
    assert as_built == by_markdown_it
    assert plain == texts  # (a text not plain would be read by markdown-it both ways)
