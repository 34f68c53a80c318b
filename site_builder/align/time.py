"""Time: when an article was written, and which times a sentence refers to.

Two articles written about different times (a 2025 commentary, reports of the 2022
talks) share names and places but not events, so their passages are linked only where
one refers explicitly to the other's time: a year ("in 2022"), a season or month of a
year ("the first round in spring 2022"), a day ("on March 29"), or a weekday or "earlier
this week", read against the article's own date. The same references tell which time
an event is about. This module reads English (its words from the English pack); the
other languages are read by references.py, from their packs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from site_builder.core.language_pack import pack_for

APART_DAYS = 31
"""Articles whose times are more than this many days apart are about different times."""


@dataclass(frozen=True, order=True)
class Period:
    """A stretch of days, first and last included, and how precisely it is known."""

    first: dt.date
    last: dt.date
    precision: str
    """'day', 'week', 'month', 'season' or 'year'."""

    def iso(self) -> str:
        """The period as ISO text of its precision: 2022-03-29, 2022-03 or 2022 (a week
        as its month, a season as its months)."""
        if self.precision == "day":
            return self.first.isoformat()
        if self.precision in ("week", "month"):
            return self.first.strftime("%Y-%m")
        if self.precision == "season":
            return f"{self.first.strftime('%Y-%m')}/{self.last.strftime('%Y-%m')}"
        return str(self.first.year)

    def gap(self, other: Period) -> int:
        """Days between the two periods (0 when they overlap)."""
        if self.last < other.first:
            return (other.first - self.last).days
        if other.last < self.first:
            return (self.first - other.last).days
        return 0


def article_period(date: str) -> Period | None:
    """The period an article's date names: 2022-03-30, 2022-03 or 2022 ('' is None)."""
    parts = date.split("-") if date else []
    try:
        if len(parts) == 3:
            day = dt.date.fromisoformat(date)
            return Period(day, day, "day")
        if len(parts) == 2:
            return _month(int(parts[0]), int(parts[1]))
        if len(parts) == 1:
            return _year(int(parts[0]))
    except ValueError:
        return None
    return None


def about_different_times(first: Period | None, second: Period | None) -> bool:
    """Whether two articles' periods are too far apart to report the same events."""
    return first is not None and second is not None and first.gap(second) > APART_DAYS


SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
"""Each season's first and last month (the calendar, not words: a pack's season words
name these)."""
_NOT_A_DAY = r"(?!\s*(?:[ap]\.?m\b|[ap]\.m\.|o['’]clock|[:.]\d|%|\d|-\d))"
"""After a number: not a clock time ("7am", "7 a.m.", "10:30"), a share or a range."""
_YEAR = r"(?:19|20)\d\d"


@dataclass(frozen=True)
class _Words:
    """English references as one expression, and what its words mean."""

    pattern: re.Pattern
    months: dict[str, int]
    """A month's name or abbreviation -> its number."""
    weekdays: dict[str, int]
    seasons: dict[str, str]
    relative: dict[str, str]
    last_words: tuple[str, ...] = ()
    """The last word of each relative reference ("week", "today"), case folded."""
    named: re.Pattern[str] | None = None
    """Any month's or weekday's name as the expression writes it (capitalised), ending
    where a word ends as the expression has it ("Mayor", "Mark" and "Sunni" are none):
    one search in C, not one `in` a name. (Not a word boundary before it too: a pattern
    that opens with one is searched 8 times slower, without the scan for its first
    letters.)"""

    def may_refer(self, text: str) -> bool:
        """Whether `text` may hold a reference at all: every one the expression finds has
        a year (19xx, 20xx), a month's or weekday's name or a relative reference's last
        word. A quick look in C first: most sentences have none, and the expression
        tries its alternatives at every word."""
        if "19" in text or "20" in text:
            return True
        if self.named is not None and self.named.search(text) is not None:
            return True
        folded = text.casefold()  # as (?i:) compares ("ſ" is an "s")
        return any(word in folded for word in self.last_words)


def _longest_first(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _english() -> _Words:
    """The English pack's words of time as one expression (made once): months as written
    in running text, capitalised ("May", "Mar."), so the verb "may" and the word "march"
    are no months; a year only after a word that says it is one ("in 2022"), not a
    number ("2000 troops")."""
    pack = pack_for("en")
    months = {form: n for n, forms in enumerate(pack.months, start=1) for form in forms}
    weekdays = {form: n for n, forms in enumerate(pack.weekdays) for form in forms}
    month = _longest_first(m.capitalize() for m in months)
    suffix = f"(?:{pack.ordinal_suffix})?"
    joiner = f"(?:(?:{_longest_first(pack.joiners)})\\s+)?"
    first = _first_letters(months, weekdays, (*pack.seasons, *pack.relative, *pack.year_cues))
    pattern = re.compile(
        rf"\b{first}(?:(?i:(?P<season>{_longest_first(pack.seasons)}))\s+{joiner}(?P<season_year>{_YEAR})"
        rf"|(?P<month>{month})\.?\s+(?P<day>[12]?\d|3[01]){suffix}\b{_NOT_A_DAY}"
        rf"(?:,?\s+(?P<day_year>{_YEAR}))?"
        rf"|(?P<day_first>[12]?\d|3[01]){suffix}\s+{joiner}(?P<month_after>{month})\b"
        rf"(?:,?\s+(?P<after_year>{_YEAR}))?"
        rf"|(?P<month_only>{month})\.?\s+{joiner}(?P<month_year>{_YEAR})"
        rf"|(?P<weekday>{_longest_first(w.capitalize() for w in weekdays)})"
        rf"|(?i:(?P<relative>{_longest_first(pack.relative)}))"
        rf"|(?i:(?:{_longest_first(pack.year_cues)}))\s+(?P<year>{_YEAR}))\b(?![:.,]?\d)"
    )
    names = [w.capitalize() for w in (*months, *weekdays)]
    return _Words(
        pattern,
        months,
        weekdays,
        dict(pack.seasons),
        dict(pack.relative),
        last_words=tuple(sorted({w.split()[-1].casefold() for w in pack.relative})),
        named=re.compile(rf"(?:{'|'.join(map(re.escape, names))})\b"),
    )


def _first_letters(months: Iterable[str], weekdays: Iterable[str], any_case: Iterable[str]) -> str:
    """A look ahead at what every reference starts with: a digit (a day), the capital of
    a month's or weekday's name, or the first letter, in either case, of a season, a
    relative reference or a word that says a number is a year. The expression so tries
    its alternatives only where one of them can start, not at every word: half the
    instructions of its search (0.25 x its time) over the sentences that may refer."""
    capitals = sorted({word[0].upper() for word in (*months, *weekdays)})
    letters = sorted({word[0].lower() for word in any_case})
    return rf"(?=\d|[{''.join(capitals)}]|(?i:[{''.join(letters)}]))"


def may_refer(text: str) -> bool:
    """Whether English `text` may refer to a time at all (see _Words.may_refer): False
    only where referenced_periods finds nothing."""
    return _english().may_refer(text)


def referenced_periods(text: str, written: Period | None) -> list[Period]:
    """The periods `text` refers to explicitly, read against `written` (the period of
    its article's date: weekdays and "last week" need a day, a month and day without a
    year needs the year)."""
    found: list[Period] = []
    words = _english()
    if not words.may_refer(text):
        return found
    for match in words.pattern.finditer(text):
        period = _period(match, written, words)
        if period is not None:
            found.append(period)
    return found


def _period(match: re.Match, written: Period | None, words: _Words) -> Period | None:
    groups = {k: v.lower() for k, v in match.groupdict().items() if v}
    if "day_first" in groups:  # 29 March 2022: as March 29, 2022
        groups["month"], groups["day"] = groups.pop("month_after"), groups.pop("day_first")
        if "after_year" in groups:
            groups["day_year"] = groups.pop("after_year")
    try:
        if "season" in groups:
            return _season(words.seasons[groups["season"]], int(groups["season_year"]))
        if "month" in groups:
            if "day_year" not in groups and written is None:
                return None
            year = int(groups["day_year"]) if "day_year" in groups else written.first.year
            day = dt.date(year, words.months[groups["month"].rstrip(".")], int(groups["day"]))
            return Period(day, day, "day")
        if "month_only" in groups:
            return _month(int(groups["month_year"]), words.months[groups["month_only"]])
        if "year" in groups:
            return _year(int(groups["year"]))
    except ValueError:
        return None
    if written is None or written.precision != "day":
        return None
    today = written.first
    if "weekday" in groups:  # the last such day up to the article's own day
        back = (today.weekday() - words.weekdays[groups["weekday"]]) % 7
        day = today - dt.timedelta(days=back)
        return Period(day, day, "day")
    return relative_period(words.relative[groups["relative"]], today)


_NAMING_YEAR = re.compile(r"\b([Tt]he\s+)(?:19|20)\d\d(?=\s+[a-z])")
"""A year between "the" and a lower-case word: "the 2016 election", "the 2012 race"."""


def without_naming_years(text: str) -> str:
    """English `text` with each year that names a thing ("the 2016 election") blanked:
    such a year tells which election, not when the sentence's event happened ("Stone,
    indicted on Friday, ... Russia's interference in the 2016 election" is no event of
    2016). Read so for an event's time only (settle), where the page states it as a
    claim; linking still reads every year."""
    if "19" not in text and "20" not in text:
        return text
    return _NAMING_YEAR.sub(lambda m: m.group(1) + "####", text)


def relative_period(relative: str, today: dt.date) -> Period:
    """The period "yesterday", "today", "last week" or "this week" names, seen from
    `today` (the article's own day)."""
    if relative in ("yesterday", "today"):
        day = today - dt.timedelta(days=1 if relative == "yesterday" else 0)
        return Period(day, day, "day")
    monday = today - dt.timedelta(days=today.weekday())
    if relative == "last week":
        return Period(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "week")
    return Period(monday, today, "week")


def _year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _month(year: int, month: int) -> Period:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(first, following - dt.timedelta(days=1), "month")


def _season(season: str, year: int) -> Period:
    start, end = SEASONS[season]
    if start > end:  # winter: December to February
        return Period(dt.date(year, 12, 1), _month(year + 1, end).last, "season")
    return Period(dt.date(year, start, 1), _month(year, end).last, "season")


def refers_to(periods: list[Period], other: Period) -> bool:
    """Whether any of `periods` (a text's references) falls within APART_DAYS of `other`
    (another article's period)."""
    return any(p.gap(other) <= APART_DAYS for p in periods)


RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}
"""Precisions, finest first."""


def agreed_time(members: Sequence[Sequence[Period]]) -> str:
    """The time an event is about, from each member's references (in the sentences that
    report it): the most precise period within which every member that names a time
    names one, when two or more do ('' otherwise). 29 March and 29 March give the day;
    29 March and 2 April give the year 2022; one member alone gives nothing."""
    naming = [list(periods) for periods in members if periods]
    if len(naming) < 2:
        return ""
    candidates = {  # a season has no date a page can write: its year stands for it
        c for periods in naming for p in periods for c in _widenings(p) if c.precision != "season"
    }
    agreed = [
        c for c in candidates if all(any(_within(p, c) for p in periods) for periods in naming)
    ]
    if not agreed:
        return ""
    best = min(agreed, key=lambda c: (RANK[c.precision], c.last - c.first, c.first))
    return best.iso()


def _widenings(period: Period) -> list[Period]:
    """The period and the wider periods holding it (its month, its year)."""
    found = [period, _year(period.first.year)]
    if period.precision in ("day", "week") and period.first.month == period.last.month:
        found.append(_month(period.first.year, period.first.month))
    if period.first.year != period.last.year:
        found.pop(1)  # a winter over two years: no one year holds it
    return found


def _within(period: Period, other: Period) -> bool:
    return other.first <= period.first and period.last <= other.last
