"""The framing lens: who each outlet quotes, and the words that set its coverage apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.align import align_story
from site_builder.align.language import load_language
from site_builder.core.config import AlignmentConfig, load_config
from site_builder.core.language_pack import pack_for
from site_builder.core.model import Framing
from site_builder.frame import framing as framing_module
from site_builder.frame import people
from site_builder.frame.framing import COMMON_RARITY, frame_story
from site_builder.frame.people import attribution
from site_builder.read.content import read_story
from tests.conftest import REPO, write_article

ENGLISH = load_language("en")


def framing_of(folder: Path, settings: AlignmentConfig | None = None) -> dict[str, object]:
    """Each article's framing (by slug) of the story in `folder`, as a build frames it."""
    story = read_story(folder)
    alignment = align_story(story, settings or AlignmentConfig(), ENGLISH)
    framing: Framing = frame_story(story, alignment, ENGLISH, ())
    return {o.article: o for o in framing.outlets}


def people_quoted_in(tmp_path: Path, text: str) -> list[str]:
    """The people an article consisting of `text` is said to quote or cite."""
    folder = tmp_path / "story"
    folder.mkdir()
    write_article(folder, "one", text)
    write_article(folder, "two", "Negotiators met in Istanbul on Tuesday for a new round of talks.")
    return [p.name for p in framing_of(folder)["one"].quoted]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the Russian independent outlet's analyst
            "According to political analyst Alexander Morozov, the negotiation process was "
            "doomed from the start because the Russian elite had never formed a «peace party» "
            "that could influence Putin.",
            ["Alexander Morozov"],
        ),
        (
            "On Wednesday, Kremlin spokesman Dmitry Peskov said Russia welcomed Ukraine’s "
            "written proposals on a potential peace deal.",
            ["Dmitry Peskov"],
        ),
        (
            "“I don’t read anything into it until I see what their actions are,” said "
            "President Joe Biden.",
            ["Joe Biden"],
        ),
        (
            "However, right after the meeting had ended, Ukraine's President Volodymyr Zelensky "
            "declared that he was not willing to make concessions.",
            ["Volodymyr Zelensky"],
        ),
        (
            "On Friday, the vice-head of Russia's general staff and head of the military "
            "operation in Ukraine, Sergei Rudskoi, declared that the focus of Russian military "
            "operations would now shift.",
            ["Sergei Rudskoi"],
        ),
        (
            "“They’re saying ‘reducing intensity,’ they actually have increased the intensity "
            "of strikes,” Chernihiv mayor Vladyslav Atroshenko told CNN.",
            ["Vladyslav Atroshenko"],
        ),
        (  # one adverb between the name and the verb
            "Dmitry Peskov spoke to reporters. Peskov mildly stated they had gone on vacation.",
            ["Dmitry Peskov"],
        ),
        (  # a first name that is also a word; the surname alone, once the name is known
            "Former President Bill Clinton arrived. The bill passed. Clinton said the bill "
            "was a good start.",
            ["Bill Clinton"],
        ),
        (  # a country, a capital, a description: no one
            "Last week, Russia said the “first stage” of its offensive was over. Kiev believes "
            "the Kremlin withdrew troops from the Kiev region.",
            [],
        ),
        (
            "This is an axiom, and it is according to this scenario that the process of "
            "“peaceful settlement” of the Ukrainian conflict is developing today.",
            [],
        ),
        (  # BASIL: a capitalised word at the start of a sentence is not a name
            "Progressivism, he told the Conservative Political Action Conference, is a cancer. "
            "Saying President Obama, he said, was “too simple an answer.” Saying so, he left.",
            [],
        ),
        (  # words the article also writes in lower case are no name
            "The elite never formed a «peace party». The Peace Party claims that Zelensky is "
            "the legally elected president.",
            [],
        ),
    ],
)
def test_who_is_quoted_is_found_from_reporting_verbs_and_attributions(tmp_path, text, expected):
    assert people_quoted_in(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Foreign Minister Sergei Lavrov and President Vladimir Putin said it.",
            ["Sergei Lavrov", "Vladimir Putin"],
        ),
        ("Peskov, Putin's spokesman, said so.", ["Peskov"]),
        # "he said" stands for the person last named; the end of a word is no pronoun
        ("Dmitry Peskov arrived in Minsk. Later he said the talks were over.", ["Dmitry Peskov"]),
        ("Dmitry Peskov arrived in Minsk. She said nothing.", ["Dmitry Peskov"]),
        ("Dmitry Peskov arrived in Minsk. The cache said nothing.", []),
        (
            "Dmitry Peskov, the Kremlin spokesman who rarely speaks to Western reporters at "
            "length or in public about anything, said it.",
            ["Dmitry Peskov"],
        ),
    ],
)
def test_a_name_is_the_whole_run_of_capitalised_words_before_its_verb_or_a_pronoun(
    tmp_path, text, expected
):
    assert people_quoted_in(tmp_path, text) == expected


@pytest.fixture(scope="module")
def istanbul() -> dict[str, object]:
    """The bundled story framed with the bundled site's settings (its aliases)."""
    config = load_config(REPO / "site.yml")
    return framing_of(REPO / "content" / "istanbul-talks", config.alignment)


def test_one_person_has_one_name_across_name_forms_and_outlets(istanbul):
    independent = [p.name for p in istanbul["waiting-for-massacre"].quoted]
    unknown = [p.name for p in istanbul["kremlin-welcomes-proposals"].quoted]
    # The independent outlet writes "Peskov" and "Vladimir Medinski", the other
    # "Dmitry Peskov" and "Medinsky": one person each, named alike on both rows.
    assert "Dmitry Peskov" in independent and "Dmitry Peskov" in unknown
    assert "Vladimir Medinsky" in independent and "Vladimir Medinsky" in unknown
    assert "Alexander Morozov" in independent
    for outlet in istanbul.values():
        surnames = [p.name.split()[-1] for p in outlet.quoted]
        assert len(surnames) == len(set(surnames)), outlet.quoted
        assert not {"Peskov", "Medinski", "Medinsky"} & {p.name for p in outlet.quoted}
    mentions = {p.name: p.mentions for p in istanbul["waiting-for-massacre"].quoted}
    assert mentions["Dmitry Peskov"] >= 2  # "Peskov" in two passages


def test_distinctive_words_are_never_stop_words_numbers_or_common_words(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    filler = "Including two more, they get on Tuesday, in 2022, including 15 of them. "
    write_article(
        folder,
        "one",
        "\n\n".join(
            filler + f"The junta ordered the convoy to halt near the bridge, report {n}."
            for n in range(6)
        ),
    )
    write_article(
        folder,
        "two",
        "\n\n".join(
            f"Negotiators met in Istanbul for talks, round {n}. They spoke about a ceasefire "
            "and about prisoners, and the delegations went home again in the evening."
            for n in range(12)
        ),
    )
    words = [d.word.lower() for d in framing_of(folder)["one"].distinctive]
    assert "junta" in words and "convoy" in words
    for word in words:
        assert word not in ENGLISH.stop_words and not any(c.isdigit() for c in word)
        assert ENGLISH.rarity.of(word) >= COMMON_RARITY
        assert word not in {"including", "two", "get", "tuesday"}


def test_distinctive_words_of_the_bundled_story_have_a_strength_from_0_to_1(istanbul):
    for outlet in istanbul.values():
        strengths = [d.strength for d in outlet.distinctive]
        assert strengths == sorted(strengths, reverse=True)
        assert all(0 < s <= 1 for s in strengths)
        for word in outlet.distinctive:
            assert word.word.lower() not in ENGLISH.stop_words and not word.word[:1].isdigit()
    assert max(d.strength for o in istanbul.values() for d in o.distinctive) == 1.0


GERMAN_WITH_AN_ENGLISH_QUOTE = (
    "Der Sender zitierte Biden auf Englisch: Vladimir Putin said he wants peace. "
    "Im März trafen sich die Delegationen in Istanbul."
)
"""German prose with an English sentence in it, which English rules read as Putin quoted."""


def german_framing(folder: Path) -> dict[str, object]:
    """Each article's framing of the story in `folder`, framed as a German site frames it."""
    german = load_language("de")
    story = read_story(folder)
    framing = frame_story(story, align_story(story, AlignmentConfig(), german), german, ())
    return {o.article: o for o in framing.outlets}


def two_articles(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    write_article(folder, "one", text)
    write_article(folder, "two", "Die Unterhändler trafen sich am Dienstag in Istanbul.")
    return folder


@pytest.fixture
def german_pack(monkeypatch):
    """Framing's words of the German pack replaced for one test (`use(**words)`)."""

    def use(**words: object) -> None:
        german = pack_for("de")
        changed = replace(german, framing=replace(german.framing, **words))
        for module in (framing_module, people):  # distinctive words; people quoted
            monkeypatch.setattr(module, "pack_for", lambda c: changed if c == "de" else pack_for(c))
        attribution.cache_clear()

    yield use
    monkeypatch.undo()
    attribution.cache_clear()


def test_a_german_site_names_no_one_quoted_while_its_pack_has_no_attribution_words(tmp_path):
    folder = two_articles(tmp_path, GERMAN_WITH_AN_ENGLISH_QUOTE)
    assert framing_of(folder)["one"].quoted[0].name == "Vladimir Putin"  # English rules
    assert pack_for("de").framing.attribution == {}
    assert all(o.quoted == () for o in german_framing(folder).values())


def test_framing_finds_the_people_quoted_by_the_words_of_the_site_s_pack(tmp_path, german_pack):
    folder = two_articles(tmp_path, "Vladimir Putin sagte am Dienstag, er wolle Frieden.")
    assert all(o.quoted == () for o in german_framing(folder).values())
    english = pack_for("en").framing  # its patterns, with the German pack's verbs ("sagte")
    german_pack(attribution=english.attribution, titles=english.titles)
    assert [p.name for p in german_framing(folder)["one"].quoted] == ["Vladimir Putin"]


def test_a_german_month_is_never_distinctive_unless_the_pack_drops_it(tmp_path, german_pack):
    folder = tmp_path / "story"
    folder.mkdir()
    write_article(
        folder,
        "one",
        "\n\n".join(
            f"Im Dezember stoppte die Armee den Konvoi vor der Brücke, Meldung {n}."
            for n in range(6)
        ),
    )
    write_article(
        folder,
        "two",
        "\n\n".join(
            f"Die Unterhändler trafen sich in Istanbul, Runde {n}. Sie sprachen über eine "
            "Waffenruhe und über Gefangene, und die Delegationen fuhren abends heim."
            for n in range(12)
        ),
    )
    words = [d.word.lower() for d in german_framing(folder)["one"].distinctive]
    assert "konvoi" in words and "dezember" not in words
    german_pack(time_words=pack_for("de").framing.time_words - {"dezember"})
    assert "dezember" in [d.word.lower() for d in german_framing(folder)["one"].distinctive]


def german_loaded_voices(folder: Path, monkeypatch, **voice: object) -> dict[str, str]:
    """Each loaded word's voice in article "one" of a German site whose loaded word is
    "illegal" (`voice`: the German pack's reporting verbs or voice words replaced)."""
    from site_builder.align import voice as voice_module

    german = pack_for("de")
    verbs = voice.pop("reporting_verbs", german.reporting_verbs)
    changed = replace(german, reporting_verbs=verbs, voice=replace(german.voice, **voice))
    monkeypatch.setattr(voice_module, "pack_for", lambda c: changed if c == "de" else pack_for(c))
    voice_module.rules.cache_clear()
    try:
        language = load_language("de")
        story = read_story(folder, language="de")
        framing = frame_story(
            story, align_story(story, AlignmentConfig(), language), language, ["illegal"]
        )
    finally:
        monkeypatch.undo()
        voice_module.rules.cache_clear()
    [one] = [o for o in framing.outlets if o.article == "one"]
    return {use.word: use.voice for use in one.loaded}


@pytest.mark.parametrize(
    ("sentence", "without"),
    [
        ("Laut dem Kreml war die Annexion illegal.", {"whole": ""}),
        ("Die Annexion war illegal, sagte Peskow am Dienstag.", {"reporting_verbs": ("meinte",)}),
        ("Peskow sagte, die Annexion sei illegal.", {"reporting_verbs": ("meinte",)}),
        ("Medinski kündigte an, die Annexion sei illegal.", {"case": ""}),
    ],
)
def test_a_german_loaded_word_a_speaker_is_given_by_the_pack_s_words_is_quoted(
    tmp_path, monkeypatch, sentence, without
):
    folder = two_articles(tmp_path, sentence)
    assert german_loaded_voices(folder, monkeypatch) == {"illegal": "quoted"}
    assert german_loaded_voices(folder, monkeypatch, **without) == {"illegal": "own"}


def test_a_language_with_no_words_of_attribution_never_shows_a_loaded_word_as_own_voice(
    tmp_path, monkeypatch
):
    folder = two_articles(tmp_path, "Die Annexion war am Dienstag illegal.")
    assert german_loaded_voices(folder, monkeypatch) == {"illegal": "own"}
    none = {"reporting_verbs": (), "whole": "", "case": ""}
    assert german_loaded_voices(folder, monkeypatch, **none) == {"illegal": "quoted"}


def test_a_french_article_on_a_german_site_is_read_by_the_french_pack_s_words(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    text = "Selon Peskov, il n'y a pas de percée illegal mardi."
    write_article(folder, "one", text, lang="fr")
    write_article(folder, "two", "Die Unterhändler trafen sich am Dienstag in Istanbul.")
    write_article(folder, "three", "Peskov: il n'y a pas de percée illegal.", lang="fr")
    language = load_language("de")
    story = read_story(folder, language="de")
    alignment = align_story(story, AlignmentConfig(), language)
    outlets = {o.article: o for o in frame_story(story, alignment, language, ["illegal"]).outlets}
    assert [(u.word, u.voice) for u in outlets["one"].loaded] == [("illegal", "quoted")]
    assert [(u.word, u.voice) for u in outlets["three"].loaded] == [("illegal", "own")]


def test_a_german_loaded_word_in_german_quotation_marks_is_quoted(tmp_path, monkeypatch):
    folder = two_articles(tmp_path, "Die Annexion sei „illegal“, hieß es am Dienstag.")
    assert german_loaded_voices(folder, monkeypatch) == {"illegal": "quoted"}
    (tmp_path / "plain").mkdir()
    folder = two_articles(tmp_path / "plain", "Die Annexion war am Dienstag illegal.")
    assert german_loaded_voices(folder, monkeypatch) == {"illegal": "own"}
