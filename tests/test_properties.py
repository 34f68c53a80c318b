"""Property tests: whatever a user writes, the build succeeds or says what is wrong."""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from site_builder.align import align_story
from site_builder.commands.build import build
from site_builder.core.config import AlignmentConfig, load_config
from site_builder.core.errors import SiteError
from site_builder.read.content import read_story

MARKDOWN_BITS = [
    "# ",
    "## ",
    "*",
    "_",
    "`",
    "[",
    "](",
    ")",
    "<script>",
    "</p>",
    "> ",
    "- ",
    "1) ",
    "\n",
    "\n\n",
    "---",
    "|",
    "\\",
    "&amp;",
    "javascript:",
    "Kyiv",
    "Istanbul",
    "talks",
    ". ",
    "\u00a0",
    "é",
    "—",
    "“",
    "\x00",
]
markdown = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_BITS), st.text(max_size=12)), max_size=40
).map("".join)
yaml_value = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.none(),
    st.booleans(),
    st.sampled_from(["2022-03-30", "[1, 2", "{a: b}", "'quoted'", ": x"]),
)
name = st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=15).filter(
    str.strip
)
front_matter = st.one_of(
    st.fixed_dictionaries(
        {"title": name, "outlet": name},
        optional={"date": yaml_value, "url": yaml_value, "kind": yaml_value, "colour": yaml_value},
    ),
    st.dictionaries(
        st.sampled_from(["title", "outlet", "date", "url", "kind", "colour"]),
        yaml_value,
        max_size=6,
    ),
)

SLOW = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def site_folder(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    if not root.exists():
        root.mkdir()
        (root / "site.yml").write_text("title: Property site\n")
    shutil.rmtree(root / "content", ignore_errors=True)
    (root / "content" / "story").mkdir(parents=True)
    return root


@SLOW
@given(meta=front_matter, body=markdown, other=markdown)
def test_random_articles_build_or_fail_with_a_site_error(tmp_path, meta, body, other):
    root = site_folder(tmp_path)
    lines = "".join(f"{key}: {value}\n" for key, value in meta.items())
    (root / "content" / "story" / "a.md").write_text(
        f"---\n{lines}---\n\n{body}\n", encoding="utf-8", errors="surrogatepass"
    )
    (root / "content" / "story" / "b.md").write_text(
        f"---\ntitle: B\noutlet: B\n---\n\nTalks in Istanbul. {other}\n",
        encoding="utf-8",
        errors="surrogatepass",
    )
    try:
        build(load_config(root / "site.yml"))
    except SiteError as error:
        event("refused with a SiteError")
        assert_names_the_article(error, root / "content" / "story")
    else:
        event("built")
        assert (root / "output" / "story" / "index.html").is_file()


def assert_names_the_article(error: SiteError, folder: Path) -> None:
    """The error is one short printable line `<article>[:<line>]: <what is wrong>...`
    about one of the two articles the test wrote."""
    assert error.path in (folder / "a.md", folder / "b.md"), error.path
    line = str(error)
    assert re.fullmatch(rf"{re.escape(str(error.path))}(:[0-9]+)?: \S[^\n]*", line), line
    assert len(line) < len(str(error.path)) + 300 and line.isprintable(), line


WORDS = [
    "Kyiv",
    "Istanbul",
    "talks",
    "ceasefire",
    "Medinsky",
    "troops",
    "withdraw",
    "guarantees",
    "NATO",
    "Crimea",
    "proposal",
    "Chernihiv",
    "shelling",
    "sanctions",
    "the",
    "and",
    "said",
    "on",
    "Tuesday",
    "officials",
]
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(
    lambda words: " ".join(words).capitalize() + "."
)
passage = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
article = st.lists(passage, min_size=1, max_size=5)
stories = st.lists(article, min_size=2, max_size=4)


@SLOW
@given(bodies=stories, seed=st.integers(0, 1000))
def test_alignment_invariants_hold_for_random_stories(tmp_path, bodies, seed):
    root = site_folder(tmp_path)
    folder = root / "content" / "story"
    for number, paragraphs in enumerate(bodies):
        (folder / f"outlet-{number}.md").write_text(
            f"---\ntitle: T{number}\noutlet: O{number}\n---\n\n" + "\n\n".join(paragraphs),
            encoding="utf-8",
        )
    story = read_story(folder)
    alignment = align_story(story, AlignmentConfig())
    seen = set()
    for group in alignment.groups:
        articles = [m.article for m in group.members]
        assert len(articles) >= 2 and len(set(articles)) == len(articles)
        members = frozenset((m.article, m.passage) for m in group.members)
        assert members not in seen
        seen.add(members)
        assert 0.0 <= group.score <= 1.0
    shuffled = list(story.articles)
    random.Random(seed).shuffle(shuffled)
    assert align_story(replace(story, articles=tuple(shuffled)), AlignmentConfig()) == alignment
