"""The view models: what each page shows, worked out before any template runs."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.align import align_story
from site_builder.align.language import load_language
from site_builder.core.config import AlignmentConfig, load_config
from site_builder.core.model import ArticleCard, StoryCard, StoryResult
from site_builder.core.strings import default_strings
from site_builder.frame.framing import RELATED_SHOWN, frame_story
from site_builder.read.content import read_story
from site_builder.render.views import (
    ELLIPSIS,
    MATRIX_OUTLETS,
    article_heads,
    article_pages,
    index_page,
    own_language,
    story_card,
    story_page,
    strength,
    when,
)
from tests.conftest import REPO, write_article

ENGLISH = load_language("en")
WORDS = default_strings()


def result_of(folder: Path, settings: AlignmentConfig | None = None) -> StoryResult:
    """A story read, aligned and framed as a build does it."""
    story = read_story(folder)
    alignment = align_story(story, settings or AlignmentConfig(), ENGLISH)
    return StoryResult(story, alignment, frame_story(story, alignment, ENGLISH, ()))


@pytest.fixture(scope="module")
def istanbul() -> StoryResult:
    return result_of(REPO / "content" / "istanbul-talks", load_config(REPO / "site.yml").alignment)


def text_of(spans) -> str:
    return " ".join("".join(s.text for s in spans).split())


def shown_texts(page) -> list[str]:
    """Every piece of passage text the comparison page shows."""
    texts = []
    for block in (*page.events, *page.related):
        for member in block.members:
            texts += [text_of(member.evidence), text_of(member.whole)]
    for outlet in page.outlets:
        texts += [re.sub(r"<[^>]+>", "", p.html) for p in outlet.alone]
    return [" ".join(t.split()) for t in texts if t]


def test_each_passage_is_shown_in_full_at_most_once(istanbul):
    page = story_page(istanbul, "en", WORDS)
    everything = "\n".join(shown_texts(page))
    multi = [p for a in istanbul.story.articles for p in a.passages if len(p.sentences) > 1]
    assert multi
    for passage in multi:
        assert everything.count(" ".join(passage.text.split())) <= 1, passage.text[:60]
    # ... while each event still shows every member's report of it
    for block, group in zip(page.events, istanbul.alignment.groups):
        assert len(block.members) == len(group.members)
        assert all(text_of(m.evidence) for m in block.members)


def test_a_passage_in_several_events_is_whole_once_and_linked_from_the_others(istanbul):
    page = story_page(istanbul, "en", WORDS)
    places: dict[tuple[str, str], list] = {}
    for block in (*page.events, *page.related):
        for member in block.members:
            places.setdefault((member.head.slug, member.passage), []).append((block, member))
    repeated = {key: seen for key, seen in places.items() if len(seen) > 1}
    assert repeated
    for seen in repeated.values():
        first_block, first = seen[0]
        assert first.whole_in is None
        for _, member in seen[1:]:
            assert not member.whole
            assert member.whole_in is None or member.whole_in.id == first_block.id


def test_evidence_shows_the_event_sentences_and_marks_what_is_left_out(istanbul):
    page = story_page(istanbul, "en", WORDS)
    partial = [m for b in page.events for m in b.members if m.whole]
    assert partial
    for member in partial:
        evidence, whole = text_of(member.evidence), text_of(member.whole)
        assert ELLIPSIS in evidence and len(evidence) < len(whole)
        for piece in evidence.split(ELLIPSIS):
            assert piece.strip() in whole
    assert any(s.shared for b in page.events for m in b.members for s in m.evidence)


def test_events_come_in_story_order_with_their_time_and_outlets(istanbul):
    page = story_page(istanbul, "en", WORDS)
    assert [b.id for b in page.events] == [g.id for g in istanbul.alignment.groups]
    assert any(b.time and b.time.text == "29 March 2022" for b in page.events)
    for block in page.events:
        assert not block.related
        names = {m.head.outlet for m in block.members}
        assert not names & set(block.others)
        assert len(names) + len(block.others) == len(page.heads)
    assert all(b.related for b in page.related)


def test_the_article_about_another_time_is_marked_wherever_it_stands(istanbul):
    page = story_page(istanbul, "en", WORDS)
    [later] = page.other_time
    assert later.slug == "point-of-no-return" and later.other_time
    assert "about another time" in " ".join(f.text for f in later.facts)
    for block in (*page.events, *page.related):
        joins = any(m.head.slug == later.slug for m in block.members)
        assert block.other_time == joins


def test_headlines_of_all_outlets_earliest_first_untitled_by_first_words(istanbul):
    page = story_page(istanbul, "en", WORDS)
    assert len(page.heads) == len(istanbul.story.articles)
    dated = [h.date.iso for h in page.heads if h.date]
    assert dated == sorted(dated)
    untitled = next(h for h in page.heads if h.slug == "kremlin-welcomes-proposals")
    assert untitled.untitled and untitled.headline.startswith("On Wednesday, Kremlin spokesman")


def test_coverage_names_what_each_outlet_alone_reports_and_what_it_leaves_out(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    write_article(folder, "alpha", "Talks in Istanbul began on Tuesday.\n\nCafés were full.")
    write_article(folder, "beta", "Istanbul talks began Tuesday.\n\nRussia cut operations.")
    write_article(
        folder, "gamma", "On Tuesday talks began in Istanbul.\n\nRussia cut its operations."
    )
    (folder / "alignments.yml").write_text(
        "link:\n  - [alpha/p-1, beta/p-1]\n  - [beta/p-1, gamma/p-1]\n  - [beta/p-2, gamma/p-2]\n"
    )
    page = story_page(result_of(folder), "en", WORDS)
    outlets = {o.head.slug: o for o in page.outlets}
    cut = next(b for b in page.events if {m.passage for m in b.members} == {"p-2"})
    assert [e.id for e in outlets["alpha"].missing] == [cut.id]
    assert [p.id for p in outlets["alpha"].alone] == ["p-2"]
    assert outlets["beta"].missing == () and outlets["beta"].alone == ()
    assert outlets["alpha"].events == 1 and outlets["beta"].events == 2
    assert page.matrix and [m.reported for m in page.coverage[0].marks] == [True] * 3


def test_many_outlets_make_a_list_not_a_table(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    for n in range(MATRIX_OUTLETS + 1):
        write_article(folder, f"o{n}", f"Talks in Istanbul began on Tuesday, round {n}.")
    page = story_page(result_of(folder), "en", WORDS)
    assert not page.matrix
    assert all(row.marks == () and row.outlets for row in page.coverage)
    assert all(block.others == () for block in page.events)


def test_related_groups_shown_are_the_strongest_in_story_order(istanbul):
    page = story_page(istanbul, "en", WORDS)
    assert page.related_total == len(istanbul.alignment.related) == len(page.related)
    # a story of thousands of passages has tens of thousands of loose links
    loose = istanbul.alignment.related[0]
    many = tuple(
        replace(loose, id=f"r-{n}", score=(n % 7) / 10 + n / 1000)
        for n in range(1, RELATED_SHOWN + 31)
    )
    story, alignment = istanbul.story, replace(istanbul.alignment, related=many)
    framing = frame_story(story, alignment, ENGLISH, ())
    page = story_page(StoryResult(story, alignment, framing), "en", WORDS)
    strongest = sorted(many, key=lambda g: -g.score)[:RELATED_SHOWN]
    assert [b.id for b in page.related] == [g.id for g in many if g in strongest]
    assert page.related_total == len(many)
    weakest = min(many, key=lambda g: g.score)
    assert not any(key[0] == weakest.id for key in framing.spans)  # not framed either


def test_framing_strength_is_a_bar_and_a_word_not_a_z_score(istanbul):
    page = story_page(istanbul, "en", WORDS)
    words = [w for row in page.framing for w in row.words]
    assert words and all(1 <= w.percent <= 100 for w in words)
    assert {w.level for w in words} <= {"strong", "clear", "slight"}
    assert strength("junta", 1.0, WORDS).level == "strong"
    assert strength("x", 0.2, WORDS).level == "slight"
    assert strength("x", 0.004, WORDS).percent == 1


def test_article_pages_link_each_aligned_passage_to_the_other_members(istanbul):
    pages = {p.head.slug: p for p in article_pages(istanbul, "en", WORDS)}
    group = istanbul.alignment.groups[0]
    first, second = group.members[:2]
    block = next(b for b in pages[first.article].blocks if b.id == first.passage)
    [also] = [a for a in block.also_in if a.event.id == group.id]
    assert also.href == f"istanbul-talks/index.html#{group.id}"
    assert f"istanbul-talks/{second.article}/index.html#{second.passage}" in [
        c.href for c in also.counterparts
    ]
    related_ids = {g.id for g in istanbul.alignment.related}
    for page in pages.values():
        assert not any(a.event.id in related_ids for b in page.blocks for a in b.also_in)


def test_heads_worked_out_once_give_the_same_pages(istanbul):
    heads = article_heads(istanbul.story, istanbul.alignment, "en", WORDS)
    assert story_page(istanbul, "en", WORDS, heads) == story_page(istanbul, "en", WORDS)
    assert article_pages(istanbul, "en", WORDS, heads) == article_pages(istanbul, "en", WORDS)


def test_an_article_in_another_language_says_so_for_lang():
    assert own_language("ru", "en") == "ru"
    assert own_language("en", "en") == "" and own_language("EN", "en") == ""
    assert own_language("", "en") == "" and own_language("unknown", "en") == ""


@pytest.mark.parametrize(
    ("date", "text"),
    [("2022-03-29", "29 March 2022"), ("2022-03", "March 2022"), ("2025", "2025")],
)
def test_dates_read_as_words(date, text):
    assert when(date, WORDS).text == text and when(date, WORDS).iso == date


def test_no_date_is_no_date():
    assert when("", WORDS) is None and when("unknown", WORDS) is None


def card(slug: str, date: str | None, intro: str = "<p>Same words.</p>", **titles) -> StoryCard:
    articles = tuple(
        ArticleCard(
            s,
            f"Outlet {s}",
            t or "(no headline in the source)",
            date,
            first_words="" if t else "WASHINGTON — It began …",
        )
        for s, t in (titles or {"a": "A headline"}).items()
    )
    return StoryCard(
        slug=slug,
        title=f"Story {slug}",
        intro_html=intro,
        articles=articles,
        passages=4,
        groups=2,
        dates=(date, date) if date else None,
        words="talks in istanbul",
    )


def test_home_page_groups_stories_by_year_newest_first_undated_last():
    page = index_page(
        [
            card("a", "2014-06-13"),
            card("b", "2022-03-30"),
            card("c", None),
            card("d", "2014-09-01"),
        ],
        "en",
        WORDS,
    )
    assert [y.label for y in page.years] == ["2022", "2014", "Undated"]
    assert [c.slug for c in page.years[1].cards] == ["d", "a"]
    assert page.stories == 4


def test_home_page_drops_an_introduction_other_stories_share():
    page = index_page(
        [card("a", "2014"), card("b", "2014"), card("c", "2014", "<p>Own.</p>")], "en", WORDS
    )
    intros = {c.slug: c.intro_html for y in page.years for c in y.cards}
    assert intros == {"a": "", "b": "", "c": "<p>Own.</p>"}


def test_home_page_lists_an_untitled_article_by_its_outlet_and_first_words():
    page = index_page([card("a", "2014", nyt=None, fox="Labrador enters the race")], "en", WORDS)
    [story] = page.years[0].cards
    untitled = next(a for a in story.articles if a.untitled)
    assert untitled.outlet == "Outlet nyt" and untitled.headline.startswith("WASHINGTON")
    assert "(no headline" not in untitled.headline
    # the card's words to search: those it does not show (site.js reads the card's
    # title, outlets and headlines, the untitled one's first words among them)
    assert story.search == "talks in istanbul"


def test_a_cards_words_to_search_leave_out_the_words_it_shows():
    page = index_page([card("a", "2014", fox="Talks resume")], "en", WORDS)
    [story] = page.years[0].cards
    assert story.search == "in istanbul"


def test_a_story_card_keeps_first_words_and_searchable_words(istanbul):
    kept = story_card(istanbul)
    untitled = next(a for a in kept.articles if a.slug == "kremlin-welcomes-proposals")
    assert untitled.first_words.startswith("On Wednesday, Kremlin spokesman")
    assert istanbul.alignment.groups[0].label.lower().split()[0] in kept.words
    assert kept.words == kept.words.lower()


def test_related_members_and_screen_reader_words_are_there_when_a_theme_reads_them(istanbul):
    # made only when read (the default theme prints neither): a site's own theme may
    page = story_page(istanbul, "en", WORDS)
    assert page.related
    for block in page.related:
        for member in block.members:
            passage = istanbul.story.article(member.head.slug).passage(member.passage)
            said = [s.text for s in member.evidence if s.event]
            assert said and all(text in passage.text for text in said)
    member = page.events[0].members[0]
    number = member.passage.removeprefix("p-")  # as "¶7" counts it: "passage 7", not "p-7"
    said = WORDS.text("passage_of", outlet=member.head.outlet, passage=number)
    assert member.where == said
    assert said in repr(member)
    links = [(row.head, link) for row in page.framing for p in row.people for link in p.passages]
    assert links
    for head, link in links:
        passage = link.href.rsplit("#p-", 1)[-1]
        assert link.where == WORDS.text("passage_of", outlet=head.outlet, passage=passage)
        assert link.label == f"¶{passage}"


def test_a_framing_sent_to_another_process_carries_every_groups_spans(istanbul):
    import pickle

    framing = istanbul.framing
    sent = pickle.loads(pickle.dumps(framing))
    assert dict(sent.spans) == dict(framing.spans)
    related = {g.id for g in framing.related}
    assert related and related <= {key[0] for key in sent.spans}
