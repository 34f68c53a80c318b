"""The bundled Istanbul story lost nothing of the seed articles and invented nothing.

Each seed's article part (the seed minus the chrome listed below and the lines that
became front matter) must appear in its content file sentence by sentence, in order,
and the content file must hold no sentence the seed does not.
"""

from __future__ import annotations

import re

import pytest

from site_builder.align.normalise import fold
from site_builder.core.model import Heading, Passage
from site_builder.read.content import read_story
from site_builder.read.markdown import split_sentences
from tests.conftest import NO_SEEDS, REPO, SEEDS

STORY = REPO / "content" / "istanbul-talks"

# seed file -> (content file, lines that are site chrome or comments, lines now front matter)
CURATION = {
    "000_3f58365f54261ec9.txt": (
        "waiting-for-massacre",
        [
            "• USD90.99",
            "• EUR98.78",
            "• OIL84.1",
            "• 3174",
            "Subscribe to our weekly digest",
            "К сожалению, браузер",
            "Google Chrome Firefox Safari",
        ],
        ["Waiting for massacre. Peace talks doomed to failure"],
    ),
    "001_5f44a7b66e1ccfdc.txt": (
        "point-of-no-return",
        ["Information"],
        ["Point of no return: Russia and Ukraine have finally broken up"],
    ),
    "002_d0665d34aa104011.txt": (
        "putins-war-wont-end",
        ["Mark Episkopos is a national security reporter", "Image: Reuters."],
        ["Why Russian-Ukrainian Peace Talks Won’t End Putin’s War"],
    ),
    "003_f2029ae6401e9cbc.txt": (
        "us-ratchets-up-tensions",
        ["To contact the WSWS and the", "Socialist Equality Party visit:", "wsws.org/contact"],
        ["Russia, Ukraine hold peace negotiations as US continues", "Clara Weiss", "30 March 2022"],
    ),
    "004_1ac3a902d5ad9604.txt": ("kremlin-welcomes-proposals", [], []),
}
COMMENTS_START = "It is amazing how myths get created"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SEEDS)


def normalised(text: str) -> str:
    """Text with quotes folded, Markdown escapes and emphasis removed, spaces collapsed."""
    text = fold(text).replace("\\$", "$").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def sentences(text: str) -> list[str]:
    """The text's sentences, each normalised."""
    return [normalised(s) for s in split_sentences(re.sub(r"\s+", " ", text))]


def seed_article_part(seed: str) -> str:
    """The seed's text minus chrome, comments and the lines that became front matter."""
    _, chrome, meta = CURATION[seed]
    text = (SEEDS / seed).read_text(encoding="utf-8").split(COMMENTS_START)[0]
    kept = [
        line
        for line in text.splitlines()
        if not any(line.strip().startswith(c) for c in (*chrome, *meta))
    ]
    return " ".join(kept)


def content_text(slug: str) -> str:
    """The content file's body as plain text: headings, list markers and passages."""
    article = next(a for a in read_story(STORY).articles if a.slug == slug)
    return " ".join(
        f"{getattr(b, 'marker', '')} {b.text}".strip()
        for b in article.blocks
        if isinstance(b, (Heading, Passage))
    )


@pytest.mark.parametrize("seed", sorted(CURATION))
def test_every_seed_sentence_is_in_the_content_file_in_order(seed):
    content = normalised(content_text(CURATION[seed][0]))
    position = 0
    for sentence in sentences(seed_article_part(seed)):
        found = content.find(sentence, position)
        assert found >= 0, f"lost or moved: {sentence[:120]!r}"
        position = found + len(sentence)


@pytest.mark.parametrize("seed", sorted(CURATION))
def test_content_file_has_no_sentence_the_seed_lacks(seed):
    seed_text = normalised(seed_article_part(seed))
    for sentence in sentences(content_text(CURATION[seed][0])):
        assert sentence in seed_text, f"not in the seed: {sentence[:120]!r}"


@pytest.mark.parametrize("seed", sorted(CURATION))
def test_chrome_and_comments_are_left_out(seed):
    content = sentences(content_text(CURATION[seed][0]))
    for chrome in (*CURATION[seed][1], COMMENTS_START):
        assert not any(s.startswith(normalised(chrome)) for s in content), chrome


def test_front_matter_holds_only_facts_the_seeds_give():
    articles = {a.slug: a for a in read_story(STORY).articles}
    wsws = articles["us-ratchets-up-tensions"]
    assert (wsws.outlet, wsws.author, wsws.date) == (
        "World Socialist Web Site",
        "Clara Weiss",
        "2022-03-30",
    )
    assert articles["putins-war-wont-end"].author == "Mark Episkopos"
    assert articles["putins-war-wont-end"].date == ""  # "earlier this week": no exact date
    assert articles["point-of-no-return"].date == "2025"  # about the 2025 round: a year only
    assert articles["waiting-for-massacre"].translated_from == "Russian"
    assert all(a.url == "" for a in articles.values())  # no seed gives its address
    for seed, (slug, _, meta) in CURATION.items():
        if meta:
            assert normalised(articles[slug].title).startswith(normalised(meta[0])), seed
