"""Language packs: each of the eight languages splits its sentences and reads its dates
by its own rules, and a built site in that language shows what they found."""

from __future__ import annotations

import json

import pytest

from site_builder.align.references import referenced_periods
from site_builder.align.time import article_period
from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.core.language_pack import pack_for, text_language
from site_builder.core.languages import LANGUAGES
from site_builder.read.markdown import split_sentences
from tests.conftest import write_article

SENTENCES = {
    "en": [
        "Mr. Smith arrived in Washington, D.C. on Monday.",
        "Talks resumed on March 29.",
        "Élysée officials declined to comment.",
    ],
    "de": [
        "Am 30. März trafen sich die Delegationen in Istanbul.",
        "Die Gespräche dauerten z.B. drei Stunden.",
        "Übereinstimmung gab es kaum.",
        "Ägypten bot seine Hilfe an.",
    ],
    "fr": [
        "M. Macron a parlé le 29 mars.",
        "Les négociations ont repris à Istanbul.",
        "Élisabeth Borne n'a pas commenté.",
    ],
    "es": [
        "El Sr. García llegó el 29 de marzo.",
        "¿Habrá un acuerdo pronto?",
        "Él no quiso responder.",
    ],
    "it": [
        "Il sig. Rossi è arrivato il 29 marzo.",
        "È stato un incontro lungo.",
        "Le trattative continuano.",
    ],
    "nl": [
        "Dhr. Jansen kwam op 29 maart aan.",
        "De gesprekken gingen bijv. over Kyiv.",
        "Één ding is zeker.",
    ],
    "pt": [
        "O Sr. Silva chegou em 29 de março.",
        "É cedo para dizer.",
        "As negociações continuam.",
    ],
    "ru": [
        "Переговоры прошли 29 марта в Стамбуле.",
        "Т.е. стороны встретились снова.",
        "Это произошло в 2022 г. Путин не приехал.",
    ],
}
"""Sentences of each language: joined by a space, the splitter must give them back."""

DATES = {
    "en": "They met on March 29.",  # English is time.py's (issue 24 reads "29th of March")
    "de": "Sie trafen sich am 29. März in Istanbul.",
    "fr": "Ils se sont rencontrés le 29 mars à Istanbul.",
    "es": "Se reunieron el 29 de marzo en Estambul.",
    "it": "Si sono incontrati il 29 marzo a Istanbul.",
    "nl": "Ze ontmoetten elkaar op 29 maart in Istanbul.",
    "pt": "Eles se encontraram em 29 de março em Istambul.",
    "ru": "Они встретились 29 марта в Стамбуле.",
}
"""'They met on the 29th of March' in each language."""


def test_every_offered_language_has_a_pack_with_twelve_months_and_seven_days():
    for code in LANGUAGES:
        pack = pack_for(code)
        assert pack.code == code
        assert len(pack.months) == 12 and all(pack.months)
        assert len(pack.weekdays) == 7 and all(pack.weekdays)


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_sentences_split_by_the_language_s_rules(code):
    sentences = SENTENCES[code]
    if code == "ru":  # "2022 г." ends a sentence here: the abbreviation keeps it whole
        sentences = [*sentences[:2], "Это произошло в 2022 г. Путин не приехал."]
    assert split_sentences(" ".join(sentences), code) == sentences


def test_german_ordinal_numbers_end_no_sentence_but_a_year_does():
    text = "Am 30. März kamen sie. Das war 2022. Dann gingen sie."
    assert split_sentences(text, "de") == [
        "Am 30. März kamen sie.",
        "Das war 2022.",
        "Dann gingen sie.",
    ]
    assert split_sentences("They were 3. Then 4.", "en") == ["They were 3.", "Then 4."]


def test_a_sentence_starts_at_a_capital_of_any_script():
    assert split_sentences("Он приехал. Она ушла.", "ru") == ["Он приехал.", "Она ушла."]
    assert split_sentences("Il est venu. Émile est parti.", "fr") == [
        "Il est venu.",
        "Émile est parti.",
    ]
    assert split_sentences("Es ist spät. ärger folgt.", "de") == ["Es ist spät. ärger folgt."]


@pytest.mark.parametrize("code", sorted(DATES))
def test_the_29th_of_march_is_read_in_each_language(code):
    written = article_period("2022-03-31")
    assert [p.iso() for p in referenced_periods(DATES[code], written, code)] == ["2022-03-29"]


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("de", "Seit 2021 verhandeln sie; 2000 Soldaten zogen ab.", ["2021"]),
        ("de", "Sie treffen sich um 10 Uhr.", []),
        ("fr", "Le 1er avril 2021, rien.", ["2021-04-01"]),
        ("es", "Desde la primavera de 2022, y ayer.", ["2022-03/2022-05", "2022-03-30"]),
        ("ru", "В среду, на прошлой неделе.", ["2022-03-30", "2022-03"]),
        ("de", "Im Mai 2021 und am Montag.", ["2021-05", "2022-03-28"]),
    ],
)
def test_years_seasons_and_days_of_the_week_in_other_languages(code, text, expected):
    written = article_period("2022-03-31")
    assert [p.iso() for p in referenced_periods(text, written, code)] == expected


def test_plural_categories_follow_cldr():
    russian = pack_for("ru")
    assert [russian.plural(n) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "one",
        "few",
        "many",
        "many",
        "one",
        "few",
        "many",
    ]
    assert [pack_for("en").plural(n) for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [pack_for("fr").plural(n) for n in (0, 1, 2)] == ["one", "one", "other"]


def test_an_article_s_own_lang_wins_over_the_site_s():
    assert text_language("de-AT", "en") == "de"
    assert text_language("", "fr") == "fr"
    assert text_language("zh", "ru") == "ru"  # no pack: the site's


def test_a_german_site_gets_its_sentences_and_event_time_from_german_rules(tmp_path):
    (tmp_path / "site.yml").write_text("title: Gespräche\nlanguage: de\n", encoding="utf-8")
    story = tmp_path / "content" / "gespraeche"
    story.mkdir(parents=True)
    for slug, outlet in (("a", "Zeitung A"), ("b", "Zeitung B")):
        write_article(
            story,
            slug,
            "Am 29. März trafen sich die Delegationen aus Moskau und Kiew in Istanbul zu "
            "Friedensgesprächen im Dolmabahçe-Palast. Übereinstimmung gab es kaum.",
            outlet=outlet,
            date="2022-03-31",
        )
    config = load_config(tmp_path / "site.yml")
    build(config)
    [group] = json.loads((config.output_path / "alignments.json").read_text())["stories"][0][
        "groups"
    ]
    assert group["time"] == "2022-03-29"  # "Am 29." and "März" in one sentence, read


def test_a_russian_site_says_each_count_in_its_plural_form(site):
    from site_builder.core.strings import theme_strings

    (site / "site.yml").write_text("title: Переговоры\nlanguage: ru\n", encoding="utf-8")
    strings = site / "themes" / "default" / "strings"
    strings.mkdir(parents=True)
    (strings / "ru.yml").write_text(
        "shared_events:\n"
        "  one: '{count} общее событие'\n"
        "  few: '{count} общих события'\n"
        "  many: '{count} общих событий'\n"
        "  other: '{count} общего события'\n",
        encoding="utf-8",
    )
    config = load_config(site / "site.yml")
    words = theme_strings(config.site_theme, "ru")
    assert [words.plain("shared_events", n) for n in (1, 2, 5, 21)] == [
        "1 общее событие",
        "2 общих события",
        "5 общих событий",
        "21 общее событие",
    ]
    build(config)
    home = (config.output_path / "index.html").read_text(encoding="utf-8")
    assert "1 общее событие" in home


NUMBERS_AND_TITLES = {
    # language: (a number word and its value, a title before a name)
    "en": ("fifteen", 15, "President"),
    "de": ("fünfzehn", 15, "Kanzlerin"),
    "fr": ("quinze", 15, "Président"),
    "es": ("quince", 15, "Presidente"),
    "it": ("quindici", 15, "Presidente"),
    "nl": ("vijftien", 15, "Burgemeester"),
    "pt": ("quinze", 15, "Presidente"),
    "ru": ("пятнадцать", 15, "Президент"),
}


def test_every_language_has_its_number_words_titles_and_reporting_verbs():
    assert set(NUMBERS_AND_TITLES) == set(LANGUAGES)
    for code in LANGUAGES:
        pack = pack_for(code)
        assert len(pack.number_words) >= 20 and len(pack.reporting_verbs) >= 20, code
        assert len(pack.titles) >= 15, code


@pytest.mark.parametrize("code", sorted(NUMBERS_AND_TITLES))
def test_a_spelled_out_number_reads_as_its_digits_in_each_language(code):
    from site_builder.align.normalise import folded_words

    word, value, _ = NUMBERS_AND_TITLES[code]
    assert folded_words(word, code) == [str(value)]
    assert folded_words(word.capitalize(), code) == [str(value)]  # at a sentence's start


@pytest.mark.parametrize("code", sorted(NUMBERS_AND_TITLES))
def test_a_title_before_a_name_is_not_part_of_the_name_in_each_language(code):
    from site_builder.align.language import load_language
    from site_builder.align.normalise import make_normaliser

    title = NUMBERS_AND_TITLES[code][2]
    texts = [f"Gestern traf {title} Aleksandrov Grigoryan ein.", "Aleksandrov Grigoryan kam."]
    normaliser = make_normaliser(texts, {}, 90, load_language(code))
    with_title = normaliser.terms(texts[0])
    without = normaliser.terms("Gestern traf Aleksandrov Grigoryan ein.")
    names = [t for t in with_title if " " in t]  # a name of several words: one term
    assert names and names == [t for t in without if " " in t], (with_title, without)


def test_english_reporting_verbs_are_read_from_the_english_pack():
    from site_builder.align import voice

    verbs = voice.rules("en").attribution.pattern.split("(?P<verb>")[1].split(")")[0]
    assert verbs.split("|") == list(pack_for("en").reporting_verbs)
    assert "said" in verbs.split("|")


def german_diagnosis(tmp_path, monkeypatch, **changed):
    """The aligner's diagnosis of two German sentences that share a name, a place, a day
    of the week and a verb of reporting (`changed`: the German pack's words replaced)."""
    from dataclasses import replace

    import site_builder.align as align
    from site_builder.align.language import load_language
    from site_builder.core.config import AlignmentConfig
    from site_builder.read.content import read_story

    german = replace(pack_for("de"), **changed)
    monkeypatch.setattr(align, "pack_for", lambda c: german if c == "de" else pack_for(c))
    folder = tmp_path / "story"
    folder.mkdir(exist_ok=True)
    write_article(folder, "a", "Peskow sagte, die Gespräche in Istanbul am Dienstag seien ernst.")
    write_article(folder, "b", "Am Dienstag waren die Gespräche in Istanbul schwer, sagte Peskow.")
    return align.diagnose(read_story(folder), AlignmentConfig(), load_language("de"))


def test_the_aligner_reads_a_german_story_s_words_of_reporting_and_time_from_its_pack(
    tmp_path, monkeypatch
):
    diagnosis = german_diagnosis(tmp_path, monkeypatch)
    [link] = diagnosis.links
    assert "time" in link.kinds  # "Dienstag", a shared day, corroborates the link
    assert {"sagt", "erklart"} <= diagnosis.lexicon.reporting  # never evidence
    changed = german_diagnosis(tmp_path, monkeypatch, reporting_words=("sagte",), time_words=())
    [link] = changed.links
    assert "time" not in link.kinds
    assert changed.lexicon.reporting == {"sagt"}


def test_english_time_reading_takes_its_words_from_the_english_pack(monkeypatch):
    from dataclasses import replace

    from site_builder.align import time

    written = article_period("2022-03-31")
    text = "The delegations met this morning, as on 29 March."
    assert [p.iso() for p in referenced_periods(text, written)] == ["2022-03-29"]
    english = pack_for("en")
    changed = replace(english, relative={**english.relative, "this morning": "today"})
    monkeypatch.setattr(time, "pack_for", lambda code: changed)
    time._english.cache_clear()
    try:
        found = [p.iso() for p in referenced_periods(text, written)]
    finally:
        time._english.cache_clear()
    assert found == ["2022-03-31", "2022-03-29"]


def german_event_titles(tmp_path, monkeypatch, **changed) -> list[str]:
    """The event titles of a German story of two articles whose sentences open with a
    subordinate clause (`changed`: the German pack's words replaced)."""
    from dataclasses import replace

    from site_builder.align import align_story, label
    from site_builder.align.language import load_language
    from site_builder.core.config import AlignmentConfig
    from site_builder.read.content import read_story

    german = replace(pack_for("de"), **changed)
    monkeypatch.setattr(label, "pack_for", lambda c: german if c == "de" else pack_for(c))
    folder = tmp_path / "story"
    folder.mkdir(exist_ok=True)
    write_article(
        folder,
        "one",
        "Nachdem die Delegationen in Istanbul eingetroffen waren, begannen am Dienstag die "
        "Gespräche über einen Gefangenenaustausch zwischen Russland und der Ukraine.",
    )
    write_article(
        folder,
        "two",
        "Weil die Delegationen aus Moskau und Kiew in Istanbul eintrafen, begannen die "
        "Gespräche über einen Gefangenenaustausch zwischen Russland und der Ukraine am Dienstag.",
    )
    alignment = align_story(read_story(folder), AlignmentConfig(), load_language("de"))
    return [group.label for group in alignment.groups]


def test_a_german_event_title_is_the_main_clause_by_the_pack_s_subordinate_words(
    tmp_path, monkeypatch
):
    [title] = german_event_titles(tmp_path, monkeypatch)
    assert title.startswith("Begannen") and "Nachdem" not in title
    [title] = german_event_titles(tmp_path, monkeypatch, subordinate=frozenset())
    assert title.startswith("Nachdem")


@pytest.mark.parametrize(("code", "text"), [("en", "Under Article V."), ("de", "Nach Artikel V.")])
def test_a_roman_number_is_read_as_a_number_after_the_pack_s_words(code, text, monkeypatch):
    from dataclasses import replace

    from site_builder.align import normalise
    from site_builder.align.language import load_language

    def terms() -> list[str]:
        normalise._roman_after.cache_clear()
        return normalise.make_normaliser([text], {}, 90, load_language(code)).terms(text)

    assert "5" in terms()
    changed = replace(pack_for(code), roman_after=frozenset())
    monkeypatch.setattr(normalise, "pack_for", lambda c: changed if c == code else pack_for(c))
    try:
        assert "5" not in terms()
    finally:
        monkeypatch.undo()
        normalise._roman_after.cache_clear()
