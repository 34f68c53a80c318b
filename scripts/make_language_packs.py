"""Write the language packs (site_builder/core/language_data/<code>.json) the package ships.

Run at development time, never by a build: `pip install -e .[dev]` brings Babel, whose
CLDR data gives each language's month and weekday names and its plural rules; the rules
of the sentence splitter and of time reading that CLDR does not hold (abbreviations,
seasons, "yesterday", the words between a day and its month) are written below, one
entry per language, and so are the words the aligner and framing read (number words,
titles, reporting verbs: WORDS; CLDR's spelled-out numbers are RBNF rules, which Babel
does not expose). Adding a language: add its entry here and to languages.py, run
`python scripts/make_language_packs.py`, and add its sentences and date phrase to
tests/core/test_language_packs.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel import Locale
from babel.dates import get_day_names, get_month_names

OUT = Path(__file__).resolve().parent.parent / "site_builder" / "core" / "language_data"

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


WORDS = {
    # Written by hand: CLDR holds spelled-out numbers only as RBNF rules, which Babel
    # (2.x) does not expose. "numbers": words read as digits by the aligner ("one",
    # "first", "second" and their kin are left out in every language: they are more
    # often an article or another word than a number); "compound_numbers": words read
    # as digits only inside a hyphenated number ("twenty-one"); "titles": words before
    # a name that are not part of it ("President Putin" and "Putin" are one man);
    # "reporting_verbs": verbs that report what someone else says (framing, voice.py),
    # in the order they are tried.
    "en": {
        "numbers": (
            "zero=0 two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9 ten=10 "
            "eleven=11 twelve=12 thirteen=13 fourteen=14 fifteen=15 sixteen=16 seventeen=17 "
            "eighteen=18 nineteen=19 twenty=20 thirty=30 forty=40 fifty=50 sixty=60 "
            "seventy=70 eighty=80 ninety=90 hundred=100 thousand=1000 third=3 fourth=4 fifth=5"
        ),
        "compound_numbers": "one=1",
        "titles": (
            "president minister secretary senator sen representative rep congressman "
            "congresswoman governor gov mayor spokesman spokeswoman spokesperson general gen "
            "chancellor mr mrs ms dr sheriff judge speaker ambassador pope king queen prince "
            "princess sir lord lady rev reverend"
        ),
        "reporting_verbs": (
            "said|says|told|tells|stated|states|added|adds|noted|notes|argued|argues|claimed|"
            "claims|declared|declares|warned|warns|announced|announces|wrote|writes|tweeted|"
            "insisted|insists|explained|explains|asked|replied|replies|retorted|recalled|"
            "conceded|acknowledged|admitted|stressed|emphasized|emphasised|suggested|suggests|"
            "observed|remarked|commented|responded|predicted|urged|confirmed|denied|complained|"
            "cautioned|contended|maintained|asserted|concluded|believes|believed|thinks|"
            "branded|called|calls|characterized|characterised|described|describes|denounced|"
            "exclaimed|dismissed|lambasted|alleged|accused|labelled|labeled|dubbed|alluded|"
            "saying|adding|noting|arguing|claiming|declaring|warning|insisting|explaining|"
            "denying|branding|calling|describing|characterizing|characterising|denouncing|"
            "accusing|alleging|framing|reported|reports|writing"
        ),
    },
    "de": {
        "numbers": (
            "null=0 zwei=2 drei=3 vier=4 fünf=5 sechs=6 sieben=7 acht=8 neun=9 zehn=10 elf=11 "
            "zwölf=12 dreizehn=13 vierzehn=14 fünfzehn=15 sechzehn=16 siebzehn=17 achtzehn=18 "
            "neunzehn=19 zwanzig=20 dreißig=30 vierzig=40 fünfzig=50 sechzig=60 siebzig=70 "
            "achtzig=80 neunzig=90 hundert=100 tausend=1000"
        ),
        "titles": (
            "präsident präsidentin minister ministerin kanzler kanzlerin bundeskanzler "
            "bundeskanzlerin senator senatorin bürgermeister bürgermeisterin sprecher "
            "sprecherin general herr frau dr prof richter richterin botschafter botschafterin "
            "papst könig königin prinz prinzessin"
        ),
        "reporting_verbs": (
            "sagte|sagt|sagten|erklärte|erklärt|erklärten|betonte|betont|schrieb|schreibt|"
            "warnte|warnt|behauptete|behauptet|meinte|meint|berichtete|berichtet|bestätigte|"
            "bestätigt|forderte|fordert|kritisierte|kritisiert|twitterte|bezeichnete|nannte"
        ),
    },
    "fr": {
        "numbers": (
            "zéro=0 deux=2 trois=3 quatre=4 cinq=5 six=6 sept=7 huit=8 dix=10 onze=11 "
            "douze=12 treize=13 quatorze=14 quinze=15 seize=16 vingt=20 trente=30 "
            "quarante=40 cinquante=50 soixante=60 cent=100 mille=1000"
        ),
        "compound_numbers": "un=1",
        "titles": (
            "président présidente ministre secrétaire sénateur sénatrice maire général "
            "chancelier chancelière m mme dr juge ambassadeur ambassadrice pape roi reine "
            "prince princesse"
        ),
        "reporting_verbs": (
            "dit|déclaré|déclare|affirmé|affirme|ajouté|ajoute|souligné|souligne|expliqué|"
            "explique|écrit|annoncé|annonce|averti|estimé|estime|assuré|assure|indiqué|"
            "indique|précisé|précise|confirmé|confirme|démenti|dénoncé|dénonce|accusé|"
            "raconté|répondu|rappelé"
        ),
    },
    "es": {
        "numbers": (
            "cero=0 dos=2 tres=3 cuatro=4 cinco=5 seis=6 siete=7 ocho=8 nueve=9 diez=10 "
            "once=11 doce=12 trece=13 catorce=14 quince=15 dieciséis=16 diecisiete=17 "
            "dieciocho=18 diecinueve=19 veinte=20 treinta=30 cuarenta=40 cincuenta=50 "
            "sesenta=60 setenta=70 ochenta=80 noventa=90 cien=100 mil=1000"
        ),
        "titles": (
            "presidente presidenta ministro ministra secretario secretaria senador senadora "
            "gobernador gobernadora alcalde alcaldesa portavoz general canciller sr sra don "
            "doña dr juez jueza embajador embajadora papa rey reina príncipe princesa"
        ),
        "reporting_verbs": (
            "dijo|dice|dijeron|afirmó|afirma|declaró|declara|añadió|añade|señaló|señala|"
            "explicó|explica|escribió|escribe|anunció|anuncia|advirtió|advierte|aseguró|"
            "asegura|indicó|indica|subrayó|subraya|confirmó|confirma|negó|niega|denunció|"
            "denuncia|acusó|acusa|sostuvo|sostiene"
        ),
    },
    "it": {
        "numbers": (
            "zero=0 due=2 tre=3 quattro=4 cinque=5 sette=7 otto=8 nove=9 dieci=10 undici=11 "
            "dodici=12 tredici=13 quattordici=14 quindici=15 sedici=16 diciassette=17 "
            "diciotto=18 diciannove=19 venti=20 trenta=30 quaranta=40 cinquanta=50 "
            "sessanta=60 settanta=70 ottanta=80 novanta=90 cento=100 mille=1000"
        ),
        "titles": (
            "presidente presidentessa ministro ministra segretario segretaria senatore "
            "senatrice governatore sindaco portavoce generale cancelliere sig dott giudice "
            "ambasciatore papa re regina principe principessa"
        ),
        "reporting_verbs": (
            "detto|dice|disse|dichiarato|dichiara|affermato|afferma|aggiunto|aggiunge|"
            "sottolineato|sottolinea|spiegato|spiega|scritto|scrive|annunciato|annuncia|"
            "avvertito|avverte|confermato|conferma|negato|nega|denunciato|denuncia|accusato|"
            "accusa|sostenuto|sostiene"
        ),
    },
    "nl": {
        "numbers": (
            "nul=0 twee=2 drie=3 vier=4 vijf=5 zes=6 zeven=7 acht=8 negen=9 tien=10 elf=11 "
            "twaalf=12 dertien=13 veertien=14 vijftien=15 zestien=16 zeventien=17 "
            "achttien=18 negentien=19 twintig=20 dertig=30 veertig=40 vijftig=50 zestig=60 "
            "zeventig=70 tachtig=80 negentig=90 honderd=100 duizend=1000"
        ),
        "titles": (
            "president minister premier secretaris senator gouverneur burgemeester "
            "woordvoerder woordvoerster generaal kanselier dhr mevrouw mevr dr rechter "
            "ambassadeur paus koning koningin prins prinses"
        ),
        "reporting_verbs": (
            "zei|zegt|zeiden|verklaarde|verklaart|stelde|stelt|schreef|schrijft|"
            "waarschuwde|waarschuwt|benadrukte|benadrukt|bevestigde|bevestigt|ontkende|"
            "ontkent|beschuldigde|beweerde|beweert|meldde|meldt"
        ),
    },
    "pt": {
        "numbers": (
            "zero=0 dois=2 duas=2 três=3 quatro=4 cinco=5 seis=6 sete=7 oito=8 nove=9 dez=10 "
            "onze=11 doze=12 treze=13 catorze=14 quatorze=14 quinze=15 dezesseis=16 "
            "dezasseis=16 dezessete=17 dezassete=17 dezoito=18 dezenove=19 dezanove=19 "
            "vinte=20 trinta=30 quarenta=40 cinquenta=50 sessenta=60 setenta=70 oitenta=80 "
            "noventa=90 cem=100 mil=1000"
        ),
        "titles": (
            "presidente presidenta ministro ministra secretário secretária senador senadora "
            "governador governadora prefeito prefeita general chanceler sr sra dr juiz juíza "
            "embaixador embaixadora papa rei rainha príncipe princesa"
        ),
        "reporting_verbs": (
            "disse|diz|disseram|afirmou|afirma|declarou|declara|acrescentou|acrescenta|"
            "explicou|explica|escreveu|escreve|anunciou|anuncia|alertou|alerta|garantiu|"
            "garante|confirmou|confirma|negou|nega|denunciou|denuncia|acusou|acusa"
        ),
    },
    "ru": {
        "numbers": (
            "ноль=0 два=2 две=2 три=3 четыре=4 пять=5 шесть=6 семь=7 восемь=8 девять=9 "
            "десять=10 одиннадцать=11 двенадцать=12 тринадцать=13 четырнадцать=14 "
            "пятнадцать=15 шестнадцать=16 семнадцать=17 восемнадцать=18 девятнадцать=19 "
            "двадцать=20 тридцать=30 сорок=40 пятьдесят=50 шестьдесят=60 семьдесят=70 "
            "восемьдесят=80 девяносто=90 сто=100 тысяча=1000"
        ),
        "titles": (
            "президент министр премьер сенатор губернатор мэр спикер генерал канцлер "
            "господин госпожа судья посол папа король королева принц принцесса"
        ),
        "reporting_verbs": (
            "сказал|сказала|сказали|говорит|заявил|заявила|заявили|отметил|отметила|добавил|"
            "добавила|подчеркнул|подчеркнула|написал|написала|объяснил|объяснила|сообщил|"
            "сообщила|предупредил|предупредила|признал|признала|подтвердил|подтвердила|"
            "обвинил|обвинила"
        ),
    },
}


def numbers(text: str) -> dict[str, int]:
    """'two=2 three=3' as {'two': 2, 'three': 3}."""
    return {word: int(value) for word, _, value in (item.partition("=") for item in text.split())}


def word_lists(code: str) -> dict:
    """The hand-written words of one language (see WORDS), as the pack holds them."""
    words = WORDS[code]
    return {
        "number_words": numbers(words["numbers"]),
        "compound_number_words": numbers(words.get("compound_numbers", "")),
        "titles": sorted(set(words["titles"].split())),
        "reporting_verbs": words["reporting_verbs"].split("|"),
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
        **word_lists(code),
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
