"""Fuzzy dates: a day plus how precisely it is known, as sources give them.

The codes match the ``date_precision`` and ``date_qualifier`` vocabularies, which carry their
labels; logic that depends on them (a month's span on the timeline) needs them in code too.
"""

from __future__ import annotations

import calendar
import enum
import re
from datetime import date, timedelta
from typing import NamedTuple

# Sources report what happened, and at most announce what is planned: a date further ahead
# than this is a typing mistake (9999 for 1999), and one before year 1 cannot be stored.
FUTURE_ALLOWANCE = timedelta(days=366)


def out_of_range(day: date, today: date) -> str | None:
    """Why ``day`` cannot be a date in the registry, or None when it can."""
    if day > today + FUTURE_ALLOWANCE:
        return "This date is more than a year from now; check the year."
    return None


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    CIRCA = "circa"


class DateQualifier(enum.StrEnum):
    """How an event's date is bounded (EAMENA: occurred on / before / between)."""

    ON = "on"
    BEFORE = "before"
    BETWEEN = "between"


def earliest(day: date, precision: DatePrecision) -> date:
    """The first day a fuzzy date can mean: 'May 2016' starts on 1 May 2016."""
    if precision is DatePrecision.MONTH:
        return day.replace(day=1)
    if precision is DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    return day


def latest(day: date, precision: DatePrecision) -> date:
    """The last day a fuzzy date can mean: 'May 2016' ends on 31 May 2016."""
    if precision is DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision is DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    return day


def format_fuzzy(day: date, precision: DatePrecision) -> str:
    """'27 March 2016', 'May 2016', '2015' or 'c. 2013', as a reader would write it."""
    if precision is DatePrecision.MONTH:
        return f"{calendar.month_name[day.month]} {day.year}"
    if precision is DatePrecision.YEAR:
        return str(day.year)
    if precision is DatePrecision.CIRCA:
        return f"c. {day.year}"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


class FuzzyDate(NamedTuple):
    day: date
    precision: DatePrecision

    def __str__(self) -> str:
        return format_fuzzy(self.day, self.precision)


MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
CIRCA = re.compile(r"^(?:c\.?|ca\.?|circa|about)\s*(\d{1,4})$", re.IGNORECASE)
ISO = re.compile(r"^(\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?,?\s+(\d{1,4})$")
US_WORDS = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{1,4})$")


class FuzzyDateError(ValueError):
    """The text is not a date this parser understands; the message gives examples."""


FUZZY_DATE_EXAMPLES = "27 March 2016, 2016-03-27, May 2016, 2015 or c. 2013"


def parse_fuzzy(text: str) -> FuzzyDate:
    """Read a date as sources write it, keeping how precise it is.

    '27 March 2016' and '2016-03-27' are days, 'May 2016' and '2016-05' months, '2015' a year,
    'c. 2013' a circa year. The stored day of an imprecise date is its first day.
    """
    cleaned = " ".join(text.strip().split())
    try:
        if match := CIRCA.match(cleaned):
            return FuzzyDate(date(int(match[1]), 1, 1), DatePrecision.CIRCA)
        if match := ISO.match(cleaned):
            year, month, day = (int(part) if part else None for part in match.groups())
            return _from_parts(year, month, day)  # type: ignore[arg-type]
        if match := WORDS.match(cleaned):
            day = int(match[1]) if match[1] else None
            return _from_parts(int(match[3]), _month(match[2]), day)
        if match := US_WORDS.match(cleaned):
            return _from_parts(int(match[3]), _month(match[1]), int(match[2]))
    except ValueError as error:
        if isinstance(error, FuzzyDateError):
            raise
        raise FuzzyDateError(
            f"“{cleaned}” is not a real date (e.g. {FUZZY_DATE_EXAMPLES})."
        ) from None
    raise FuzzyDateError(
        f"“{cleaned}” is not a date this form understands (e.g. {FUZZY_DATE_EXAMPLES})."
    )


def _month(name: str) -> int:
    month = MONTHS.get(name.lower())
    if month is None:
        raise FuzzyDateError(f"“{name}” is not a month name.")
    return month


def _from_parts(year: int, month: int | None, day: int | None) -> FuzzyDate:
    if year < 1:
        raise ValueError("year out of range")
    if month is None:
        if day is not None:
            raise ValueError("a day without a month")
        return FuzzyDate(date(year, 1, 1), DatePrecision.YEAR)
    if day is None:
        return FuzzyDate(date(year, month, 1), DatePrecision.MONTH)
    return FuzzyDate(date(year, month, day), DatePrecision.DAY)
