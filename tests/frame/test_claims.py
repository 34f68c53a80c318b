"""Claims a page makes about an outlet, each on a small story whose truth is plain:
loaded words (whole words, own voice apart from quoted), who is quoted, distinctive
words, what an outlet leaves out, event titles and times. The groups are made by hand
where a claim depends on them, so these hold whatever the aligner links."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.align import align_story
from site_builder.align.language import load_language
from site_builder.align.settle import settle_events
from site_builder.align.time import agreed_time, article_period, referenced_periods
from site_builder.align.voice import LoadedWords, quoted_ranges
from site_builder.commands.build import build
from site_builder.core.config import AlignmentConfig, load_config
from site_builder.core.model import Alignment, Group, Member, Story
from site_builder.frame.framing import SIGNIFICANT_Z, absences, frame_story
from site_builder.read.content import read_story
from tests.claims import page_claims, title_defects
from tests.conftest import comparison_page_words, write_article

ENGLISH = load_language("en")
LOADED = ("war", "regime", "junta", "liberating", "special military operation", "neo-nazi")


def story_of(tmp_path: Path, articles: dict[str, str]) -> Story:
    folder = tmp_path / "story"
    folder.mkdir(exist_ok=True)
    for slug, text in articles.items():
        write_article(folder, slug, text)
    return read_story(folder)


def aligned(story: Story, groups: list[list[tuple[str, str]]] = (), related=()) -> Alignment:
    """The story's alignment with the given groups (each a list of (article, passage)
    with all their sentences) instead of the aligner's."""
    alignment = align_story(story, AlignmentConfig(), ENGLISH)

    def group(prefix: str, n: int, members) -> Group:
        return Group(
            f"{prefix}-{n}",
            "",
            1.0,
            tuple(
                Member(a, p, tuple(range(len(story.article(a).passage(p).sentences))))
                for a, p in members
            ),
        )

    return replace(
        alignment,
        groups=tuple(group("g", n, m) for n, m in enumerate(groups, 1)),
        related=tuple(group("r", n, m) for n, m in enumerate(related, 1)),
    )


# ---- 1. loaded words are words, never part of another word or a name ----


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("War broke out. The wars and the warring sides.", ["War", "wars", "warring"]),
        ("Senator Mark Warner warned in Warsaw of a warrant.", []),
        ("The War Department and the Regime Change Act.", []),
        (
            "They are liberating it; it was liberated; a liberal liberty.",
            ["liberating", "liberated"],
        ),
        (
            "The special military operation, not the Special Military Operation.",
            ["special military operation"],
        ),
        ("A band of neo-Nazis, the regimes and a junta.", ["neo-Nazis", "regimes", "junta"]),
    ],
)
def test_loaded_words_are_whole_words_and_their_inflections_never_names(text, found):
    words = LoadedWords(LOADED, ENGLISH)
    assert [text[h.start : h.end] for h in words.find(text)] == found


def test_a_page_charges_no_outlet_with_a_word_it_only_has_inside_a_name(tmp_path):
    site = tmp_path / "site"
    folder = site / "content" / "talks"
    folder.mkdir(parents=True)
    (site / "site.yml").write_text("title: T\nbase_url: /\nloaded_words: [war]\n")
    write_article(folder, "fox", "Senator Mark Warner warned in Warsaw on Tuesday about talks.")
    write_article(folder, "nyt", "The war goes on, Senator Mark Warner warned on Tuesday.")
    build(load_config(site / "site.yml"))
    claims = page_claims(site / "output" / "talks" / "index.html")
    assert claims.loaded == {"Outlet FOX": {}, "Outlet NYT": {("war", "quoted"): 1}}
    page = (site / "output" / "talks" / "index.html").read_text()
    assert not re.search(r'class="[^"]*\bld\b[^"]*">Warner', page)


# ---- 2. own voice and quoted voice ----


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        ("Russian media called the government a junta.", "called the government a junta."),
        ("According to Peskov, the regime fell.", "According to Peskov, the regime fell."),
        ("The regime fell, Peskov said.", "The regime fell, Peskov said."),
        ("Putin said that the junta must go.", "said that the junta must go."),
        ("He called it a “junta” in public.", "“junta”"),
        ("The regime of Kyiv is called a junta by the Kremlin.", ""),  # passive: the outlet's
        ("The war goes on, and on Tuesday Peskov said talks were on.", "said talks were on."),
        ("The United States backs the regime.", ""),  # "States" is no verb
    ],
)
def test_words_quoted_or_attributed_are_the_speakers(sentence, quoted):
    [ranges] = quoted_ranges([sentence])
    assert " ".join(sentence[a:b] for a, b in ranges) == quoted


def test_the_framing_table_shows_own_loaded_words_apart_from_quoted_with_their_passages(
    tmp_path,
):
    site = tmp_path / "site"
    folder = site / "content" / "talks"
    folder.mkdir(parents=True)
    (site / "site.yml").write_text("title: T\nbase_url: /\nloaded_words: [junta, regime]\n")
    write_article(
        folder,
        "interest",
        "Talks began in Istanbul on Tuesday.\n\n"
        "Russian state media called the government in Kyiv a junta.\n\n"
        "The regime in Moscow wants more. Putin denounced the “junta” again.",
    )
    write_article(folder, "kremlin", "Talks began in Istanbul on Tuesday. The junta lies.")
    build(load_config(site / "site.yml"))
    html = (site / "output" / "talks" / "index.html").read_text()
    claims = page_claims(site / "output" / "talks" / "index.html")
    assert claims.loaded["Outlet INTEREST"] == {("regime", "own"): 1, ("junta", "quoted"): 2}
    assert claims.loaded["Outlet KREMLIN"] == {("junta", "own"): 1}
    row = html[html.index('<tr data-article="interest">') :].split("</tr>")[0]
    own = row[row.index('data-voice="own"') :].split("</p>")[0]
    quoted = row[row.index('data-voice="quoted"') :].split("</p>")[0]
    assert re.findall(r'href="interest/index\.html#(p-\d)"', own) == ["p-3"]
    assert re.findall(r'href="interest/index\.html#(p-\d)"', quoted) == ["p-2", "p-3"]


@pytest.mark.parametrize(
    "text",
    [
        "The Democrat said the bill was dead.",
        "New York said the deal was off.",
        "The Senate Armed Services Committee said it would hold hearings.",
        "The Arizona Republican said the vote was close.",
        "Huffington Post reported the story first, said Steele RNC.",
    ],
)
def test_parties_places_and_organisations_are_quoted_by_no_one(tmp_path, text):
    story = story_of(tmp_path, {"one": text, "two": "Negotiators met in Istanbul on Tuesday."})
    alignment = align_story(story, AlignmentConfig(), ENGLISH)
    framing = frame_story(story, alignment, ENGLISH, ())
    assert framing.outlets[0].quoted == ()


def test_each_person_quoted_comes_with_the_passages_quoting_them(tmp_path):
    story = story_of(
        tmp_path,
        {
            "one": "Talks began.\n\nKremlin spokesman Dmitry Peskov said talks went well.\n\n"
            "“It was hard,” he said. Peskov added that more talks would follow.",
            "two": "Negotiators met in Istanbul on Tuesday.",
        },
    )
    alignment = align_story(story, AlignmentConfig(), ENGLISH)
    [person] = frame_story(story, alignment, ENGLISH, ()).outlets[0].quoted
    assert (person.name, person.passages) == ("Dmitry Peskov", ("p-2", "p-3"))


# ---- 3. distinctive words: a significance test, with counts ----


def test_distinctive_words_are_significant_and_shown_with_their_counts(tmp_path):
    common = "Negotiators met again in Istanbul and spoke about prisoners and a ceasefire."
    story = story_of(
        tmp_path,
        {
            "one": "\n\n".join(f"{common} The convoy halted, round {n}." for n in range(8)),
            "two": "\n\n".join(f"{common} A bridge, round {n}." for n in range(8))
            + "\n\nThe convoy moved.",
        },
    )
    alignment = align_story(story, AlignmentConfig(), ENGLISH)
    one, two = frame_story(story, alignment, ENGLISH, ()).outlets
    halted = next(d for d in one.distinctive if d.word == "halted")
    assert (halted.count, halted.others) == (8, (("two", 0),))
    assert [d.word for d in two.distinctive] == ["bridge"]
    assert all(d.z >= SIGNIFICANT_Z for d in (*one.distinctive, *two.distinctive))
    assert "prisoners" not in {d.word for d in (*one.distinctive, *two.distinctive)}


def test_the_page_says_nothing_is_far_more_often(tmp_path):
    words = comparison_page_words(
        tmp_path,
        {
            "a": "Talks began in Istanbul on Tuesday.",
            "b": "Talks began in Istanbul on Tuesday, officials said.",
        },
    )
    assert "far more often" not in words and "by more than chance would explain" in words


# ---- 4. omissions only when true ----

FILLER = "\n\n".join(f"Delegations spoke of prisoners, round {n}." for n in range(4))
OMISSION_STORY = {
    "alpha": f"Talks began in Istanbul.\n\nGazprom cut gas to Bulgaria and Poland.\n\n{FILLER}",
    "beta": f"Talks began in Istanbul.\n\nGazprom halted gas supplies to Bulgaria.\n\n{FILLER}",
    "gamma": f"Talks began in Istanbul.\n\nThe weather in Ankara was fine.\n\n{FILLER}",
    "delta": f"Talks began in Istanbul.\n\nSofia says Gazprom broke the contract.\n\n{FILLER}",
}


def test_an_outlet_leaves_out_an_event_only_when_nothing_of_it_may_report_it(tmp_path):
    story = story_of(tmp_path, {k: v for k, v in OMISSION_STORY.items() if k != "delta"})
    alignment = aligned(story, [[("alpha", "p-2"), ("beta", "p-2")]])
    [absence] = absences(story, alignment, ENGLISH)["gamma"]
    assert (absence.group, absence.kind, absence.passages) == ("g-1", "leaves-out", ())


def test_a_passage_sharing_the_events_specific_things_makes_it_not_linked(tmp_path):
    story = story_of(tmp_path, {k: v for k, v in OMISSION_STORY.items() if k != "gamma"})
    alignment = aligned(story, [[("alpha", "p-2"), ("beta", "p-2")]])
    [absence] = absences(story, alignment, ENGLISH)["delta"]
    assert (absence.kind, absence.passages) == ("not-linked", ("p-2",))


def test_a_passage_with_a_specific_thing_one_member_tells_makes_it_not_linked(tmp_path):
    # Poland is in alpha's report of the gas cut only; epsilon names it, in other words
    # than either: the page cannot tell epsilon is silent on the event (on the gold
    # stories, "leaves out" was false in 15 of 66 claims without this)
    epsilon = f"Talks began in Istanbul.\n\nPoland is left without Russian supplies.\n\n{FILLER}"
    articles = {k: v for k, v in OMISSION_STORY.items() if k in ("alpha", "beta")}
    story = story_of(tmp_path, {**articles, "epsilon": epsilon})
    alignment = aligned(story, [[("alpha", "p-2"), ("beta", "p-2")]])
    [absence] = absences(story, alignment, ENGLISH)["epsilon"]
    assert (absence.kind, absence.passages) == ("not-linked", ("p-2",))


def test_a_passage_in_a_related_group_of_the_event_makes_it_not_linked(tmp_path):
    story = story_of(tmp_path, {k: v for k, v in OMISSION_STORY.items() if k != "delta"})
    alignment = aligned(
        story, [[("alpha", "p-2"), ("beta", "p-2")]], related=[[("beta", "p-2"), ("gamma", "p-2")]]
    )
    [absence] = absences(story, alignment, ENGLISH)["gamma"]
    assert (absence.kind, absence.passages) == ("not-linked", ("p-2",))


def test_the_page_links_each_omission_and_each_not_linked_passage_to_its_evidence(tmp_path):
    site = tmp_path / "site"
    folder = site / "content" / "talks"
    folder.mkdir(parents=True)
    (site / "site.yml").write_text("title: T\nbase_url: /\n")
    for slug, text in OMISSION_STORY.items():
        write_article(folder, slug, text)
    (folder / "alignments.yml").write_text(
        "link:\n  - [alpha/p-2, beta/p-2]\n  - [beta/p-2, delta/p-2]\n"
    )
    build(load_config(site / "site.yml"))
    html = (site / "output" / "talks" / "index.html").read_text()
    coverage = html[html.index('class="outlet-coverage"') :].split("</ul>")[0]
    gamma = coverage[coverage.index('data-article="gamma"') :].split("</li>")[0]
    assert "leaves out" in gamma and re.search(
        r'<span class="leaves-out">[^<]*<a href="#g-\d"', gamma
    )


# ---- 5. titles ----


def test_titles_are_main_clauses_cut_with_an_ellipsis_and_never_repeated(tmp_path):
    long = (
        "On Wednesday, Kremlin spokesman Dmitry Peskov said Russia welcomed Ukraine’s written "
        "proposals on a potential peace deal but cautioned that there is still a long way to go."
    )
    short = "Peskov said talks would go on in Istanbul."
    story = story_of(tmp_path, {"one": f"{long} {short}", "two": f"{long} {short}"})
    alignment = align_story(story, AlignmentConfig(), ENGLISH)

    def group(n: int, sentences: tuple[int, ...]) -> Group:
        return Group(
            f"g-{n}", "", 1.0, (Member("one", "p-1", sentences), Member("two", "p-1", sentences))
        )

    # the same passages in two events: the second may not take the first one's title
    alignment = replace(alignment, groups=(group(1, (0,)), group(2, (0, 1))), related=())
    titles = [g.label for g in settle_events(story, alignment, ENGLISH).groups]
    assert titles[0].startswith("Kremlin spokesman Dmitry Peskov said Russia welcomed")
    assert titles[0].endswith("…") and len(titles[0].split()) <= 14
    assert titles[1] == "Peskov said talks would go on in Istanbul"
    sources = [p.text for a in story.articles for p in a.passages]
    for index, title in enumerate(titles):
        others = titles[:index] + titles[index + 1 :]
        assert title_defects(title, sources, others) == [], title


def test_a_title_cut_inside_brackets_keeps_the_sentences_own_words(tmp_path):
    sentence = (
        "Rep. Bruce Braley (D-Iowa), who is running to succeed retiring Sen. Tom Harkin "
        "(D-Iowa), faced tough local coverage Tuesday after critical comments were made public."
    )
    story = story_of(tmp_path, {"one": sentence, "two": sentence})
    alignment = align_story(story, AlignmentConfig(), ENGLISH)
    member = (Member("one", "p-1", (0,)), Member("two", "p-1", (0,)))
    alignment = replace(alignment, groups=(Group("g-1", "", 1.0, member),), related=())
    (title,) = [g.label for g in settle_events(story, alignment, ENGLISH).groups]
    assert "(D-Iowa)" in title or "D-Iowa" not in title
    assert title_defects(title, [sentence], []) == [], title


# ---- 6. times ----


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("The attack took place shortly after 7 a.m. on the field.", []),
        ("They met at 10:30 and again at 7am.", []),
        ("He may 7 times have said so; 2000 troops and 1,351 dead.", []),
        ("On March 29, Medinsky spoke; on 31 March the troops left.", ["2022-03-29", "2022-03-31"]),
        ("Feb. 7 at 10:30, in 2021.", ["2022-02-07", "2021"]),
    ],
)
def test_times_are_never_read_from_clock_times_or_numbers(text, iso):
    written = article_period("2022-03-30")
    assert [p.iso() for p in referenced_periods(text, written)] == iso


def test_an_event_time_is_one_its_members_agree_on():
    day = article_period
    assert (
        agreed_time([[day("2022-03-29")], [day("2022-03-29"), day("2022-02-24")]]) == "2022-03-29"
    )
    assert agreed_time([[day("2022-04-02")], [day("2022-03-29")]]) == "2022"  # what they share
    assert agreed_time([[day("2022-04-02")], []]) == ""  # one member alone: nothing
    assert agreed_time([[day("2022-03-29")], [day("2021-03-29")]]) == ""


def test_an_event_time_comes_from_its_members_sentences_not_one_of_them(tmp_path):
    story = story_of(
        tmp_path,
        {
            "one": "On March 29, troops left Kyiv.",
            "two": "Troops left Kyiv on April 2, officials said.",
            "three": "Troops left Kyiv on March 29.",
        },
    )
    story = replace(story, articles=tuple(replace(a, date="2022-04-05") for a in story.articles))
    alignment = aligned(
        story,
        [
            [("one", "p-1"), ("two", "p-1")],
            [("one", "p-1"), ("three", "p-1")],
            [("two", "p-1"), ("three", "p-1")],
        ],
    )
    times = [g.time for g in settle_events(story, alignment, ENGLISH).groups]
    assert times == ["2022", "2022-03-29", "2022"]
