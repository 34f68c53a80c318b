"""The aligner groups passages that report the same event, and only those."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.align import align_story
from site_builder.config import AlignmentConfig, load_config
from site_builder.content import read_story
from site_builder.errors import SiteError
from site_builder.model import Alignment, Story
from tests.conftest import REPO, write_article

SETTINGS = AlignmentConfig()
ISTANBUL = REPO / "content" / "istanbul-talks"


def story_of(tmp_path: Path, articles: dict[str, str], overrides: str | None = None) -> Story:
    """A story folder in tmp_path with one article per entry, read back as a Story."""
    folder = tmp_path / "story"
    folder.mkdir(exist_ok=True)
    for slug, body in articles.items():
        write_article(folder, slug, body)
    if overrides is not None:
        (folder / "alignments.yml").write_text(overrides, encoding="utf-8")
    return read_story(folder)


def linked(alignment: Alignment) -> set[frozenset[str]]:
    """Every pair of passages that share a group, as {'a/p-1', 'b/p-2'}."""
    return {
        frozenset({f"{a.article}/{a.passage}", f"{b.article}/{b.passage}"})
        for g in alignment.groups
        for a in g.members
        for b in g.members
        if a != b
    }


@pytest.fixture(scope="module")
def istanbul() -> tuple[Story, Alignment]:
    story = read_story(ISTANBUL)
    return story, align_story(story, load_config(REPO / "site.yml").alignment)


def test_groups_keep_the_invariants(istanbul):
    story, alignment = istanbul
    assert alignment.groups
    member_sets = set()
    for group in alignment.groups:
        articles = [m.article for m in group.members]
        assert len(articles) >= 2, group.id
        assert len(set(articles)) == len(articles), f"{group.id}: two passages of one article"
        assert 0.0 <= group.score <= 1.0
        key = frozenset((m.article, m.passage) for m in group.members)
        assert key not in member_sets, f"{group.id} repeats another group's members"
        member_sets.add(key)
        for member in group.members:
            passage = story.article(member.article).passage(member.passage)
            assert member.sentences and all(
                0 <= s < len(passage.sentences) for s in member.sentences
            )
    assert [g.id for g in alignment.groups] == [
        f"g-{i}" for i in range(1, len(alignment.groups) + 1)
    ]


def test_a_passage_may_report_several_events(istanbul):
    _, alignment = istanbul
    memberships = [(m.article, m.passage) for g in alignment.groups for m in g.members]
    assert max(memberships.count(m) for m in set(memberships)) >= 2


def test_result_does_not_depend_on_file_order(istanbul):
    story, alignment = istanbul
    settings = load_config(REPO / "site.yml").alignment
    for seed in range(3):
        articles = list(story.articles)
        random.Random(seed).shuffle(articles)
        assert align_story(replace(story, articles=tuple(articles)), settings) == alignment


def test_one_shared_sentence_inside_two_long_paragraphs_is_found(tmp_path):
    shared = "Chernihiv mayor Vladyslav Atroshenko said the shelling of the city continued."
    story = story_of(
        tmp_path,
        {
            "a": "The weather was cold and many residents queued for bread in the morning. "
            f"Schools stayed closed for another week. {shared} Farmers worried about "
            "the spring planting season and the price of diesel fuel.",
            "b": "Economists expect inflation to rise sharply over the coming months. "
            f"Banks limited withdrawals. {shared.replace('continued', 'went on')} "
            "The central bank raised its key interest rate to twenty percent.",
        },
    )
    [group] = align_story(story, SETTINGS).groups
    assert {(m.article, m.sentences) for m in group.members} == {("a", (2,)), ("b", (2,))}


def test_a_short_generic_passage_does_not_link_to_everything(tmp_path):
    story = story_of(
        tmp_path,
        {
            "a": "The talks continue.",
            "b": "Talks between the delegations continue in Istanbul, officials said.\n\n"
            "Negotiators in Istanbul said the talks would continue on Wednesday.",
            "c": "The talks will continue next week in Istanbul, according to Turkey.",
        },
    )
    assert not any("a/p-1" in pair for pair in linked(align_story(story, SETTINGS)))


def test_aliases_make_two_spellings_one_name(tmp_path):
    story = story_of(
        tmp_path,
        {
            "a": "Explosions shook Kiev and Chernigov before dawn.",
            "b": "Kyiv and Chernihiv reported blasts overnight.",
        },
    )
    assert align_story(story, SETTINGS).groups == ()
    with_aliases = replace(SETTINGS, aliases={"Kyiv": ("Kiev",), "Chernihiv": ("Chernigov",)})
    [group] = align_story(story, with_aliases).groups
    assert set(group.terms) == {"Kyiv", "Chernihiv"}  # shown in the editor's spelling


def test_transliterations_match_without_an_alias(tmp_path):
    story = story_of(
        tmp_path,
        {
            "a": "Zelenski met Medinski in Lviv.",
            "b": "Zelenskyy met Medinsky in Lviv.",
            "c": "A farmer in Kansas sold his wheat.",
        },
    )
    assert linked(align_story(story, SETTINGS)) == {frozenset({"a/p-1", "b/p-1"})}


OVERRIDE_STORY = {
    "a": "Russia promised to cut its military operations near Kyiv and Chernihiv.\n\n"
    "Ukraine proposed neutrality in exchange for security guarantees.",
    "b": "Moscow pledged to cut military operations near Kyiv and Chernihiv.\n\n"
    "The weather in Istanbul was mild.",
}


def test_overrides_link_apart_and_label(tmp_path):
    plain = align_story(story_of(tmp_path, OVERRIDE_STORY), SETTINGS)
    assert frozenset({"a/p-1", "b/p-1"}) in linked(plain)
    assert frozenset({"a/p-2", "b/p-2"}) not in linked(plain)
    story = story_of(
        tmp_path,
        OVERRIDE_STORY,
        overrides=(
            "apart:\n  - [a/p-1, b/p-1]\n"
            "link:\n  - [a/p-2, b/p-2]\n"
            "labels:\n  a/p-2: Neutrality offer\n"
        ),
    )
    result = align_story(story, SETTINGS)
    assert frozenset({"a/p-1", "b/p-1"}) not in linked(result)
    assert frozenset({"a/p-2", "b/p-2"}) in linked(result)
    assert [g.label for g in result.groups] == ["Neutrality offer"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ("link:\n  - [a/p-1, c/p-1]\n", "alignments.yml:2: unknown article 'c' in 'c/p-1'"),
        (
            "apart:\n  - [a/p-1,\n     b/p-9]\n",
            "alignments.yml:3: unknown passage 'p-9' in 'b/p-9'",
        ),
        ("link:\n  - [a/p-1, a/p-2]\n", "same article"),
        ("links:\n  - [a/p-1, b/p-1]\n", "alignments.yml:1: unknown key 'links'"),
        ("labels:\n  - a/p-1\n", "'labels' must map a passage"),
    ],
)
def test_overrides_are_validated_with_file_and_line(tmp_path, overrides, message):
    with pytest.raises(SiteError) as error:
        story_of(tmp_path, OVERRIDE_STORY, overrides=overrides)
    assert message in str(error.value)


def test_a_story_with_one_article_has_no_groups(tmp_path):
    story = story_of(tmp_path, {"solo": "Only one outlet reported the talks in Istanbul."})
    assert align_story(story, SETTINGS).groups == ()


def test_every_group_has_a_label_of_shared_words(istanbul):
    _, alignment = istanbul
    assert all(g.label and g.terms for g in alignment.groups)


def test_labels_do_not_repeat_a_word_and_its_parts():
    from site_builder.align import label_words

    assert label_words(["shortterm", "term", "short", "peace", "Kyiv", "talks"]) == [
        "shortterm",
        "peace",
        "Kyiv",
        "talks",
    ]


def test_a_passage_links_only_to_its_best_partners_in_a_crowd():
    from site_builder.align.similarity import Link, Unit, best_partner_links

    units = [Unit(article, passage, 0, 0, ()) for article in "ab" for passage in "123"]
    a1, a2, a3, b1, b2, b3 = range(6)
    weak = Link(a1, b3, 0.10)  # a1 matches b1 and b2 better; b3 matches a2 and a3 better
    links = [
        Link(a1, b1, 0.50),
        Link(a1, b2, 0.40),
        weak,
        Link(a2, b3, 0.60),
        Link(a3, b3, 0.50),
        Link(a2, b1, 0.05),  # weak too, but b1 has only two candidates: a2 is among its best
    ]
    assert best_partner_links(units, links, partners=2) == [
        link for link in links if link is not weak
    ]
    assert best_partner_links(units, links, partners=3) == links
