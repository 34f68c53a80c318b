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
        "year_cues": (
            "in|since|of|by|until|till|from|during|before|after|early|late|mid|through|"
            "throughout|spring|summer|autumn|fall|winter|year|the end of|the start of|the"
        ),
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


TIME_NOUNS = {
    # Written by hand, the nouns of time the aligner and framing read besides CLDR's
    # month and weekday names: "week month year day" (the aligner's, stemmed), then
    # "today yesterday tomorrow" and plural or inflected forms (framing's, as written).
    "de": ("woche monat jahr tag", "wochen monate monats jahre jahres tage tages heute gestern"),
    "fr": ("semaine mois an année jour", "semaines ans années jours aujourd'hui hier demain"),
    "es": ("semana mes año día", "semanas meses años días hoy ayer mañana"),
    "it": ("settimana mese anno giorno", "settimane mesi anni giorni oggi ieri domani"),
    "nl": ("week maand jaar dag", "weken maanden jaren dagen vandaag gisteren"),
    "pt": ("semana mês ano dia", "semanas meses anos dias hoje ontem amanhã"),
    "ru": (
        "неделя месяц год день",
        "недели неделю недель месяца месяцев года лет дня дней сегодня вчера завтра",
    ),
}

ENGLISH = {
    # English's words as the aligner and framing have always read them (kept as they
    # were so English pages stay the same): the aligner's reporting and time words
    # (never evidence; "may" is no month there, being a verb), and framing's lists.
    "reporting_words": (
        "say says said saying tell tells told telling claim claims claimed claiming deny "
        "denies denied denying add adds added adding declare declares declared announce "
        "announces announced report reports reported insist insists insisted warn warns "
        "warned explain explained stress stressed describe described confirm confirmed "
        "respond responded comment commented suggest suggested argue argued write wrote "
        "writes tweet tweeted ask asked asks reply replied accord according note notes noted "
        "cite cites cited citing"
    ),
    "time_words": (
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "april june july august september october november december week month year day"
    ),
    "framing": {
        "time_words": (
            "monday tuesday wednesday thursday friday saturday sunday january february march "
            "april may june july august september october november december today yesterday "
            "tomorrow week weeks month months year years"
        ),
        "after_speaker": (
            "on in at to during after before who whom which from of while when as last this "
            "earlier yesterday today with about told monday tuesday wednesday thursday friday "
            "saturday sunday"
        ),
        "parties": (
            "democrat democrats democratic republican republicans gop rnc dnc tory tories "
            "labour conservative conservatives liberal liberals party libertarian socialist "
            "socialists communist communists green greens tea independent independents"
        ),
        "organisation_words": (
            "committee senate house congress post times news journal agency department "
            "ministry council service services institute university center centre bank "
            "foundation association network media group office administration campaign "
            "commission court inc corp company union organization organisation fund magazine "
            "standard press guard army navy forces gazeta novosti channel tribune herald "
            "telegraph guardian review daily weekly caucus division insider brigade regiment "
            "conference politico axios bloomberg reuters breitbart buzzfeed vox slate salon "
            "gallup wikileaks twitter facebook newsweek mediaite haaretz huffpost census poll "
            "straw medicare medicaid obamacare resist"
        ),
        "places": (
            "alabama alaska arizona arkansas california colorado connecticut delaware florida "
            "georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine "
            "maryland massachusetts michigan minnesota mississippi missouri montana nebraska "
            "nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia "
            "wisconsin wyoming carolina dakota hampshire jersey mexico york washington america "
            "europe asia africa russia ukraine china britain england france germany italy spain "
            "poland turkey israel iran iraq syria afghanistan pakistan india japan korea canada "
            "belarus moscow kyiv kiev istanbul london paris berlin brussels beijing chicago "
            "boston detroit baghdad jerusalem gaza crimea donbas donbass mariupol chernihiv "
            "bucha kherson united states kingdom capitol peoria havana guadalupe mesa"
        ),
        "titles": (
            "president vice prime minister foreign defense defence deputy secretary senator sen "
            "representative rep congressman congresswoman governor gov mayor spokesman "
            "spokeswoman spokesperson general gen chancellor chief mr mrs ms dr sheriff judge "
            "justice speaker leader ambassador kremlin pentagon white house state department "
            "analyst political military presidential advisor adviser former chechen ukrainian "
            "russian american us ukraine russia the a an his her their its lead leading "
            "negotiator head commander lawmaker official officials aide envoy expert professor "
            "economist journalist writer editor press secretary blogger air marshal admiral "
            "colonel lieutenant sergeant captain major attorney director agent special "
            "assistant counsel manager chairman chairwoman chair commissioner superintendent "
            "treasurer"
        ),
        # The attribution patterns' words, as regular-expression alternatives (framing
        # puts them together: see framing.py's Attribution). A language without them has
        # no "people quoted": English's word order and words would make false claims.
        "attribution": {
            "more_reporting": (
                "say|tell|asks|began denying|apologized|apologised|apologizes|apologises"
            ),
            "inverted": (
                "said|says|told|stated|added|noted|argued|claimed|declared|warned|announced|"
                "wrote|tweeted|insisted|explained|asked|replied|retorted|recalled|conceded|"
                "admitted|stressed|observed|remarked|commented|responded|cautioned|continued|"
                "concluded"
            ),
            "adverbs": "also|then|later|often|again|once|has|had|have|[a-z]+ly",
            "participles": (
                "saying|adding|noting|arguing|claiming|declaring|warning|insisting|denying|"
                "branding|calling|describing|accusing|alleging"
            ),
            "no_apposition": "he|she|they|it|we|I|you|and|but",
            "and": "and",
            "of": "of",
            "according_to": "[Aa]ccording to",
            "spokesperson": "spokes(?:man|woman|person)|press secretary|office",
            "as": "as",
            "put_it": "put it",
            "pronouns": "[Hh]e|[Ss]he",
        },
    },
}

CLAUSES = {
    # Written by hand, the words the aligner cuts event titles by (align/label.py):
    # "clause_openers", words a clause may open with that a title need not ("which",
    # "and"); "subordinate", words that open a clause that is not the sentence's main one
    # (a title is the main clause). German and Dutch list no prepositions: a phrase put
    # first there takes no comma ("Am Mittwoch sagte ..."), so it opens the main clause.
    # "roman_after": words after which a Roman number is read as a number ("Article V").
    "en": {
        "clause_openers": (
            "which who whom whose that and but or because including while whereas so as"
        ),
        "subordinate": (
            "after although as because before if once since though unless until when whenever "
            "where whereas while despite in on at during following with without amid according "
            "by for from over under upon like unlike given instead still however meanwhile yet "
            "also but and or so then later earlier which who whom whose that what including even"
        ),
        "roman_after": "article chapter phase stage title",
    },
    "de": {
        "clause_openers": "und aber oder denn weil während wobei sodass welche welcher welches",
        "subordinate": (
            "nachdem obwohl obgleich als weil bevor wenn falls sobald bis wobei dass ob "
            "welche welcher welches und aber oder sondern denn"
        ),
        "roman_after": "artikel kapitel phase stufe titel teil",
    },
    "fr": {
        "clause_openers": (
            "qui que dont lequel laquelle lesquels lesquelles et mais ou car donc tandis notamment"
        ),
        "subordinate": (
            "après avant quand lorsque si puisque comme tandis selon pendant malgré depuis lors "
            "cependant toutefois pourtant ensuite puis et mais ou qui que dont notamment"
        ),
        "roman_after": "article chapitre phase étape titre",
    },
    "es": {
        "clause_openers": (
            "que quien quienes cual cuales cuyo cuya y e pero o u porque mientras incluido"
        ),
        "subordinate": (
            "después antes aunque cuando si porque como mientras desde según durante tras pese "
            "además luego y e pero o u que quien quienes cual cuales cuyo cuya incluso"
        ),
        "roman_after": "artículo capítulo fase etapa título",
    },
    "it": {
        "clause_openers": "che cui quale quali e ed ma o oppure perché mentre quindi",
        "subordinate": (
            "dopo prima sebbene benché quando se perché poiché come mentre secondo durante "
            "nonostante tuttavia però inoltre poi e ed ma o che cui quale quali"
        ),
        "roman_after": "articolo capitolo fase tappa titolo",
    },
    "nl": {
        "clause_openers": "die dat wat welke en maar of want omdat terwijl zodat waaronder",
        "subordinate": (
            "nadat hoewel toen omdat voordat indien zodra totdat terwijl wanneer en maar of "
            "want die dat wat welke"
        ),
        "roman_after": "artikel hoofdstuk fase titel deel",
    },
    "pt": {
        "clause_openers": "que quem qual quais cujo cuja e mas ou porque enquanto incluindo",
        "subordinate": (
            "depois antes embora quando se porque como enquanto desde segundo durante apesar "
            "após contudo porém entretanto e mas ou que quem qual quais cujo cuja incluindo"
        ),
        "roman_after": "artigo capítulo fase etapa título",
    },
    "ru": {
        "clause_openers": (
            "который которая которое которые которого которой которых что и но или а "
            "потому поскольку пока включая"
        ),
        "subordinate": (
            "после хотя когда если потому поскольку пока согласно по несмотря однако кроме "
            "и но или а что чтобы который которая которое которые которого которой которых"
        ),
        "roman_after": "статья статьи глава главы этап фаза часть",
    },
}

VOICE = {
    # Written by hand, the words voice.py reads to tell another speaker's words from the
    # outlet's own (besides quotation marks and the reporting verbs): "whole", phrases
    # that give a whole sentence to a speaker ("according to"); "case", phrases that
    # attribute from where they stand ("made the case"); "naming", reporting verbs that
    # name something, where a quotation after them says which words are the speaker's;
    # "noun_before", words before a reporting verb that make it a noun or a passive (none
    # where the word may be a pronoun: missing an attribution would claim the outlet's
    # own voice); "conjunctions", words that make what precedes a verb a clause of its
    # own. Regular-expression alternatives, but "conjunctions" (words).
    "en": {
        "whole": "[Aa]ccording to|put it|[Cc]iting",
        "case": "(?:make|makes|made|making) the case",
        "naming": (
            "branded|branding|called|calling|calls|dubbed|labell?ed|labeling|labelling|"
            "described|describing|describes|denounced|denouncing|characteri[sz]ed|characteri[sz]ing"
        ),
        "noun_before": (
            "the|a|an|this|that|these|those|his|her|its|their|our|is|are|was|were|be|been|being"
        ),
        "conjunctions": "and but while as when because since although though if",
    },
    "de": {
        "whole": "[Ll]aut|zufolge|[Nn]ach Angaben|[Uu]nter Berufung auf|[Nn]ach Ansicht",
        "case": "kündigte an|kündigt an|teilte mit|teilt mit",
        "naming": "bezeichnete|nannte|kritisierte|kritisiert",
        "noun_before": "wird|wurde|wurden|werden|worden",
        "conjunctions": "und aber während als wenn weil da obwohl doch sondern denn",
    },
    "fr": {
        "whole": "[Ss]elon|[Dd]['’]après|[Cc]itant|[Aa]u dire de",
        "case": "",
        "naming": "dénoncé|dénonce|accusé",
        "noun_before": "un|une|ce|cette|ces|son|sa|ses|leur|leurs|été|être",
        "conjunctions": "et mais tandis alors quand lorsque parce comme si puisque",
    },
    "es": {
        "whole": "[Ss]egún|[Dd]e acuerdo con|[Cc]itando|[Aa] juicio de",
        "case": "",
        "naming": "denunció|denuncia|acusó|acusa",
        "noun_before": "el|los|un|una|unos|unas|este|esta|su|sus|fue|fueron|sido|ser",
        "conjunctions": "y e pero mientras cuando porque aunque si como pues",
    },
    "it": {
        "whole": "[Ss]econdo|[Aa] detta di|[Cc]itando|[Ss]tando a",
        "case": "",
        "naming": "denunciato|denuncia|accusato|accusa",
        "noun_before": "il|un|una|uno|questo|questa|suo|sua|stato|stata|essere",
        "conjunctions": "e ed ma mentre quando perché poiché se come",
    },
    "nl": {
        "whole": "[Vv]olgens|[Aa]ldus|[Nn]aar verluidt",
        "case": "",
        "naming": "beschuldigde",
        "noun_before": "wordt|werd|werden|worden",
        "conjunctions": "en maar terwijl toen als omdat hoewel want",
    },
    "pt": {
        "whole": "[Ss]egundo|[Dd]e acordo com|[Cc]itando|[Cc]onforme",
        "case": "",
        "naming": "denunciou|denuncia|acusou|acusa",
        "noun_before": "um|uma|este|esta|seu|sua|foi|foram|sido|ser",
        "conjunctions": "e mas enquanto quando porque embora se como pois",
    },
    "ru": {
        "whole": "[Пп]о словам|[Пп]о мнению|[Пп]о данным|[Сс]огласно|[Сс]сылаясь на",
        "case": "",
        "naming": "обвинил|обвинила",
        "noun_before": "был|была|было|были|быть",
        "conjunctions": "и но а пока когда потому поскольку хотя если",
    },
}


def time_words(code: str) -> dict:
    """The aligner's and framing's words of time: English's as written above, the other
    languages' CLDR month and weekday names (wide) with their nouns of time."""
    if code == "en":
        return {
            "time_words": ENGLISH["time_words"].split(),
            "framing_time_words": sorted(set(ENGLISH["framing"]["time_words"].split())),
        }
    names = set()
    for context in ("format", "stand-alone"):
        names.update(n.lower() for n in get_month_names("wide", context, code).values())
        names.update(n.lower() for n in get_day_names("wide", context, code).values())
    nouns, more = TIME_NOUNS[code]
    return {
        "time_words": sorted(names | set(nouns.split())),
        "framing_time_words": sorted(names | set(nouns.split()) | set(more.split())),
    }


def framing_words(code: str) -> dict:
    """Framing's word lists: English's (above); none for the other languages but their
    words of time and titles, so framing names no one quoted there (see ENGLISH)."""
    english = code == "en"
    framing = ENGLISH["framing"]
    listed = ("after_speaker", "parties", "organisation_words", "places", "titles")
    return {
        "time_words": time_words(code)["framing_time_words"],
        **{key: sorted(set(framing[key].split())) if english else [] for key in listed},
        "attribution": dict(framing["attribution"]) if english else {},
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
        "reporting_words": (
            ENGLISH["reporting_words"].split()
            if code == "en"
            else words["reporting_verbs"].split("|")
        ),
        "time_words": time_words(code)["time_words"],
        "framing": framing_words(code),
        **{key: sorted(set(text.split())) for key, text in CLAUSES[code].items()},
        "voice": {
            key: sorted(set(text.split())) if key == "conjunctions" else text
            for key, text in VOICE[code].items()
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
