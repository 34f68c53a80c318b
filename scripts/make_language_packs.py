"""Write the language packs (site_builder/language_data/<code>.json) the package ships.

Run at development time, never by a build: `pip install -e .[dev]` brings Babel, whose
CLDR data gives each language's month and weekday names and its plural rules; the rules
of the sentence splitter and of time reading that CLDR does not hold (abbreviations,
seasons, "yesterday", the words between a day and its month) are written below, one
entry per language. Adding a language: add its entry here and to languages.py, run
`python scripts/make_language_packs.py`, and add its sentences and date phrase to
tests/test_language_packs.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale
from babel.dates import get_day_names, get_month_names

OUT = Path(__file__).resolve().parent.parent / "site_builder" / "language_data"

HAND = {
    "en": {
        "abbreviations": (
            "mr mrs ms dr prof st gen lt col sgt capt sen rep gov pres jr sr vs etc no inc ltd "
            "co corp dept est jan feb mar apr jun jul aug sep sept oct nov dec i.e e.g u.s u.k "
            "u.n a.m p.m d.c"
        ),
        "ordinal_dot": False,
        "ordinal_suffix": "st|nd|rd|th",
        "joiners": ["of"],
        "month_first": True,
        "capitalised_months": True,
        "capitalised_weekdays": True,
        "extra_months": {"9": ["sept"]},
        "seasons": {
            "spring": "spring",
            "summer": "summer",
            "autumn": "autumn",
            "fall": "autumn",
            "winter": "winter",
        },
        "relative": {
            "yesterday": "yesterday",
            "today": "today",
            "earlier this week": "this week",
            "this week": "this week",
            "last week": "last week",
        },
        "stop_words": (
            "a about above after again against all almost also although am among an and "
            "another any anyone anything are around as at be became because been before being "
            "below between both but by can cannot could did do does doing done down during each "
            "either else even ever every few for from further had has have having he her here "
            "hers herself him himself his how however i if in into is it its itself just least "
            "less let like made make many may me might more most much must my myself neither no "
            "nor not now of off often on once one only or other others otherwise our ours "
            "ourselves out over own per perhaps rather really said same say says see seem seemed "
            "several shall she should since so some something still such than that the their "
            "theirs them themselves then there therefore these they this those though through "
            "thus to too toward towards under until up upon us very was we were what whatever "
            "when where whether which while who whom whose why will with within without would "
            "yet you your yours yourself yourselves also already yesterday today told tell "
            "according added stated noted claimed declared announced reported"
        ),
    },
    "de": {
        "year_cues": (
            "im|seit|bis|von|vom|vor|nach|anfang|ende|"
            "mitte|jahr|jahres|des jahres|frühjahr|frühling|sommer|herbst|winter"
        ),
        "abbreviations": (
            "bzw ca chr dr etc evtl ggf hr hrsg inkl jh jhd mio mrd nr prof str usw vgl z.b "
            "d.h u.a s.o o.ä u.u z.t bspw abs abschn art bd geb gest jan feb märz apr aug sept "
            "okt nov dez sog st"
        ),
        "ordinal_dot": True,
        "capitalised_months": True,
        "capitalised_weekdays": True,
        "ordinal_suffix": "",
        "joiners": [],
        "seasons": {
            "frühling": "spring",
            "frühjahr": "spring",
            "sommer": "summer",
            "herbst": "autumn",
            "winter": "winter",
        },
        "relative": {
            "gestern": "yesterday",
            "heute": "today",
            "diese woche": "this week",
            "dieser woche": "this week",
            "letzte woche": "last week",
            "letzten woche": "last week",
            "vergangene woche": "last week",
            "vergangenen woche": "last week",
        },
    },
    "fr": {
        "year_cues": (
            "en|depuis|jusqu'en|jusqu’en|avant|après|début|"
            "fin|mi|année|l'année|l’année|l'an|l’an|dès"
        ),
        "abbreviations": "m mm mme mmes mlle dr pr st ste etc av apr env cf p.ex janv févr avr "
        "juil sept oct nov déc no n°",
        "ordinal_dot": False,
        "ordinal_suffix": "er|e|ème",
        "joiners": [],
        "seasons": {"printemps": "spring", "été": "summer", "automne": "autumn", "hiver": "winter"},
        "relative": {
            "hier": "yesterday",
            "aujourd'hui": "today",
            "aujourd’hui": "today",
            "cette semaine": "this week",
            "la semaine dernière": "last week",
            "la semaine passée": "last week",
        },
    },
    "es": {
        "year_cues": (
            "en|desde|hasta|antes de|después de|principios de|"
            "finales de|mediados de|año|el año|del año|del"
        ),
        "abbreviations": "sr sra srta dr dra d dña ud uds etc p.ej ej núm no pág vol ene feb "
        "abr ago sept oct nov dic av avda",
        "ordinal_dot": False,
        "ordinal_suffix": "º|°|o",
        "joiners": ["de"],
        "seasons": {
            "primavera": "spring",
            "verano": "summer",
            "otoño": "autumn",
            "invierno": "winter",
        },
        "relative": {
            "ayer": "yesterday",
            "hoy": "today",
            "esta semana": "this week",
            "la semana pasada": "last week",
        },
    },
    "it": {
        "year_cues": "nel|dal|fino al|prima del|dopo il|inizio|fine|anno|l'anno|l’anno|del",
        "abbreviations": "sig sigg sig.ra dott dr prof ing avv on ecc es n pag vol gen feb apr "
        "giu lug ago sett ott nov dic",
        "ordinal_dot": False,
        "ordinal_suffix": "º|°",
        "joiners": ["di"],
        "seasons": {
            "primavera": "spring",
            "estate": "summer",
            "autunno": "autumn",
            "inverno": "winter",
        },
        "relative": {
            "ieri": "yesterday",
            "oggi": "today",
            "questa settimana": "this week",
            "la settimana scorsa": "last week",
            "settimana scorsa": "last week",
        },
    },
    "nl": {
        "year_cues": "in|sinds|tot|voor|na|begin|eind|eind van|medio|jaar|het jaar",
        "abbreviations": "dhr mevr mw dr prof ir drs mr ing bijv bv o.a d.w.z enz nr blz jan "
        "feb mrt apr jun jul aug sep sept okt nov dec",
        "ordinal_dot": False,
        "ordinal_suffix": "e|ste|de",
        "joiners": [],
        "seasons": {
            "lente": "spring",
            "voorjaar": "spring",
            "zomer": "summer",
            "herfst": "autumn",
            "najaar": "autumn",
            "winter": "winter",
        },
        "relative": {
            "gisteren": "yesterday",
            "vandaag": "today",
            "deze week": "this week",
            "vorige week": "last week",
            "afgelopen week": "last week",
        },
    },
    "pt": {
        "year_cues": "em|desde|até|antes de|depois de|início de|fim de|meados de|ano|o ano|do ano",
        "abbreviations": "sr sra srta dr dra prof etc ex nº n pág vol jan fev mar abr mai jun "
        "jul ago set out nov dez av",
        "ordinal_dot": False,
        "ordinal_suffix": "º|°|o",
        "joiners": ["de"],
        "seasons": {
            "primavera": "spring",
            "verão": "summer",
            "outono": "autumn",
            "inverno": "winter",
        },
        "relative": {
            "ontem": "yesterday",
            "hoje": "today",
            "esta semana": "this week",
            "nesta semana": "this week",
            "semana passada": "last week",
        },
    },
    "ru": {
        "year_cues": "в|с|до|после|к|начале|конце|середине",
        "abbreviations": "г гг т.е т.д т.п т.к т.н им ул др пр см стр руб млн млрд тыс "
        "янв февр апр авг сент окт нояб дек",
        "ordinal_dot": False,
        "ordinal_suffix": "",
        "joiners": [],
        "extra_weekdays": {"2": ["среду"], "4": ["пятницу"], "5": ["субботу"]},
        "seasons": {
            "весна": "spring",
            "весной": "spring",
            "лето": "summer",
            "летом": "summer",
            "осень": "autumn",
            "осенью": "autumn",
            "зима": "winter",
            "зимой": "winter",
        },
        "relative": {
            "вчера": "yesterday",
            "сегодня": "today",
            "на этой неделе": "this week",
            "на прошлой неделе": "last week",
        },
    },
}


def month_names(code: str, extra: dict[str, list[str]]) -> list[list[str]]:
    """Each month's forms (wide and abbreviated, as written and standing alone), lower
    case, without the abbreviation's dot, first to twelfth."""
    months = []
    for number in range(1, 13):
        forms = {
            get_month_names(width, context, code)[number].lower().rstrip(".")
            for width in ("wide", "abbreviated")
            for context in ("format", "stand-alone")
        }
        forms.update(extra.get(str(number), []))
        months.append(sorted(forms))
    return months


def weekday_names(code: str, extra: dict[str, list[str]]) -> list[list[str]]:
    """Each weekday's full names (abbreviations are too often other words), Monday first."""
    days = []
    for number in range(7):
        forms = {
            get_day_names("wide", context, code)[number].lower()
            for context in ("format", "stand-alone")
        }
        forms.update(extra.get(str(number), []))
        days.append(sorted(forms))
    return days


def pack(code: str) -> dict:
    """The pack of one language: CLDR's names and plural rules, and the hand-written rules."""
    hand = dict(HAND[code])
    return {
        "code": code,
        "abbreviations": sorted(set(hand.pop("abbreviations").split())),
        "year_cues": sorted(set(hand.pop("year_cues", "").split("|")) - {""}),
        "stop_words": sorted(set(hand.pop("stop_words", "").split())),
        "months": month_names(code, hand.pop("extra_months", {})),
        "weekdays": weekday_names(code, hand.pop("extra_weekdays", {})),
        "plural_rules": dict(sorted(Locale.parse(code).plural_form.rules.items())),
        "month_first": hand.pop("month_first", False),
        "capitalised_months": hand.pop("capitalised_months", False),
        "capitalised_weekdays": hand.pop("capitalised_weekdays", False),
        **hand,
    }


def main() -> None:
    """Write every pack."""
    OUT.mkdir(exist_ok=True)
    for code in HAND:
        text = json.dumps(pack(code), ensure_ascii=False, indent=1, sort_keys=True)
        (OUT / f"{code}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
