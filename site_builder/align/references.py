"""Which times a sentence refers to, in its language's words: a year ("seit 2022"), a
season or month of a year ("Frühjahr 2022", "mars 2022"), a day ("am 29. März", "29
марта", "le 29 mars", "el 29 de marzo"), or a weekday, "yesterday" or "last week", read
against the article's own date.

English is read by time.py's own expression (the aligner's first language, tuned on
English news); every other language by one made from its pack (language_pack.py). Both
give time.py's periods.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from site_builder.align import time
from site_builder.align.time import Period
from site_builder.core.language_pack import DEFAULT, LanguagePack, pack_for

_DAY = r"(?:[12]?\d|3[01])"
_YEAR = r"(?:19|20)\d\d"
_NOT_A_DAY = r"(?!\s*(?:[:.,]\d|%|-\d|h\b|uhr\b|час))"
"""After a day's number: not a clock time ("10:30", "10 Uhr", "10h") nor a share."""


def may_refer(text: str, language: str = DEFAULT) -> bool:
    """Whether `text` may refer to a time at all (False only where referenced_periods
    finds nothing): a quick look in C for English (time.py), True for the other
    languages (their expressions have no such look)."""
    if pack_for(language).code == "en":
        return time.may_refer(text)
    return True


def referenced_periods(text: str, written: Period | None, language: str = DEFAULT) -> list[Period]:
    """The periods `text`, written in `language`, refers to explicitly, read against
    `written` (the period of its article's date: weekdays and "last week" need a day, a
    day without a year needs the year)."""
    pack = pack_for(language)
    if pack.code == "en":
        return time.referenced_periods(text, written)
    found = []
    for match in _pattern(pack.code).finditer(text):
        period = _period(match, written, pack)
        if period is not None:
            found.append(period)
    return found


def _alternatives(words, capitalised: bool = False) -> str:
    forms = sorted(set(words), key=lambda w: (-len(w), w))
    pattern = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in forms)
    if capitalised:
        return "(?-i:" + "|".join(re.escape(w[:1].upper() + w[1:]) for w in forms) + ")"
    return pattern


@cache
def _pattern(code: str) -> re.Pattern:
    """The references of one language as one expression (made once per language)."""
    pack = pack_for(code)
    month = _alternatives([f for forms in pack.months for f in forms], pack.capitalised_months)
    weekday = _alternatives([f for day in pack.weekdays for f in day], pack.capitalised_weekdays)
    joiner = f"(?:(?:{_alternatives(pack.joiners)})\\s+)?" if pack.joiners else ""
    suffix = f"(?:{pack.ordinal_suffix})?" if pack.ordinal_suffix else ""
    dot = r"\.?" if pack.ordinal_dot else ""
    cue = _alternatives(pack.year_cues)
    return re.compile(
        rf"(?<!\w)(?:(?P<season>{_alternatives(pack.seasons)})\s+{joiner}(?P<season_year>{_YEAR})"
        rf"|(?P<day>{_DAY}){suffix}{dot}\s+{joiner}(?P<month>{month})\.?"
        rf"(?:,?\s+{joiner}(?P<day_year>{_YEAR}))?"
        rf"|(?P<month_only>{month})\.?\s+{joiner}(?P<month_year>{_YEAR})"
        rf"|(?P<weekday>{weekday})"
        rf"|(?P<relative>{_alternatives(pack.relative)})"
        rf"|(?:{cue})\s+(?P<year>{_YEAR}))(?!\w){_NOT_A_DAY}",
        re.I,
    )


@cache
def _month_numbers(code: str) -> dict[str, int]:
    """Each form of a month's name in one language, with the month's number (made once
    per language, not per date found)."""
    return {form: n for n, forms in enumerate(pack_for(code).months, start=1) for form in forms}


def _period(match: re.Match, written: Period | None, pack: LanguagePack) -> Period | None:
    groups = {k: v.lower() for k, v in match.groupdict().items() if v}
    months = _month_numbers(pack.code)
    try:
        if "season" in groups:
            return time._season(pack.seasons[groups["season"]], int(groups["season_year"]))
        if "month" in groups:
            if "day_year" not in groups and written is None:
                return None
            year = int(groups["day_year"]) if "day_year" in groups else written.first.year
            day = dt.date(year, months[groups["month"]], int(groups["day"]))
            return Period(day, day, "day")
        if "month_only" in groups:
            return time._month(int(groups["month_year"]), months[groups["month_only"]])
        if "year" in groups:
            return time._year(int(groups["year"]))
    except ValueError:
        return None
    if written is None or written.precision != "day":
        return None
    return _relative(groups, written.first, pack)


def _relative(groups: dict[str, str], today: dt.date, pack: LanguagePack) -> Period:
    """A weekday (the last such day up to the article's own), a day or a week before
    or including `today`."""
    if "weekday" in groups:
        number = next(n for n, forms in enumerate(pack.weekdays) if groups["weekday"] in forms)
        day = today - dt.timedelta(days=(today.weekday() - number) % 7)
        return Period(day, day, "day")
    return time.relative_period(pack.relative[" ".join(groups["relative"].split())], today)
