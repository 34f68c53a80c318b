"""An outlet's distinctive words are counted in its own words (thirteenth round of the
claims audit, docs/alignment.md): not in quotation marks, where the words are the
speaker's («peace party» made "peace" an outlet's word), nor as the first word of a
longer name ("Armed" of "Armed Forces")."""

from __future__ import annotations

from site_builder.align import align_story
from site_builder.core.config import AlignmentConfig
from site_builder.frame.framing import frame_story
from tests.frame.test_claims import ENGLISH, story_of

COMMON = "Negotiators met again in Istanbul and spoke about prisoners and a ceasefire."


def _distinctive(tmp_path, one: str, two: str = "The convoy moved.") -> dict[str, int]:
    story = story_of(
        tmp_path,
        {
            "one": "\n\n".join(f"{COMMON} {one} Round {n}." for n in range(8)),
            "two": "\n\n".join(f"{COMMON} A bridge was built, round {n}." for n in range(8))
            + f"\n\n{two}",
        },
    )
    alignment = align_story(story, AlignmentConfig(), ENGLISH)
    one_framing = frame_story(story, alignment, ENGLISH, ()).outlets[0]
    return {d.word.lower(): d.count for d in one_framing.distinctive}


def test_a_word_an_outlet_only_quotes_is_not_its_distinctive_word(tmp_path):
    quoted = _distinctive(tmp_path, "Officials spoke of a “convoy halted” there.")
    assert "halted" not in quoted


def test_a_word_an_outlet_writes_itself_is_its_distinctive_word_with_its_count(tmp_path):
    own = _distinctive(tmp_path, "Officials said the convoy halted there.")
    assert own.get("halted") == 8


def test_the_first_word_of_a_longer_name_is_not_a_distinctive_word(tmp_path):
    # the pro-Kremlin commentary's "Armed (strong) 6 here" were its "Armed Forces"
    named = _distinctive(
        tmp_path, "Troops of the Armed Forces of Ukraine held the line.", "The Armed Forces moved."
    )
    assert "armed" not in named and "held" in named


def test_a_title_or_a_party_and_state_is_not_a_distinctive_word(tmp_path):
    titled = _distinctive(tmp_path, "Rep. Anna Eshoo, D-Calif., held the line.")
    assert "rep" not in titled and "d-calif" not in titled and "held" in titled
