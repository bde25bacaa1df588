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

from heritage.translate import _
from heritage.vocab.uncertain_dates import UncertainDate, UncertainDateError, parse_uncertain_date

# Sources report what happened, and at most announce what is planned: a date further ahead
# than this is a typing mistake (9999 for 1999), and one before year 1 cannot be stored.
FUTURE_ALLOWANCE = timedelta(days=366)


def out_of_range(day: date, today: date) -> str | None:
    """Why ``day`` cannot be a date in the registry, or None when it can."""
    if day > today + FUTURE_ALLOWANCE:
        return _("This date is more than a year from now; check the year.")
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
    """'27 March 2016', 'May 2016', '2015' or 'c. 2013', in the reader's language."""
    return FuzzyDate(day, precision).as_uncertain().words()


class FuzzyDate(NamedTuple):
    day: date
    precision: DatePrecision

    def as_uncertain(self) -> UncertainDate:
        """The same date in EDTF, so it is read and worded as every other date is."""
        edtf = {
            DatePrecision.DAY: self.day.isoformat(),
            DatePrecision.MONTH: f"{self.day.year:04d}-{self.day.month:02d}",
            DatePrecision.YEAR: f"{self.day.year:04d}",
            DatePrecision.CIRCA: f"{self.day.year:04d}~",
        }[self.precision]
        return UncertainDate(
            edtf, earliest(self.day, self.precision), latest(self.day, self.precision)
        )

    def __str__(self) -> str:
        return format_fuzzy(self.day, self.precision)


class FuzzyDateError(ValueError):
    """The text is not a date this parser understands; the message gives examples."""


# The EDTF of the dates a fuzzy date can be: a day, a month, a year, or about a year.
_FUZZY_EDTF = {
    re.compile(r"(\d{4})-(\d{2})-(\d{2})"): DatePrecision.DAY,
    re.compile(r"(\d{4})-(\d{2})"): DatePrecision.MONTH,
    re.compile(r"(\d{4})"): DatePrecision.YEAR,
    re.compile(r"(\d{4})~"): DatePrecision.CIRCA,
}


def fuzzy_date_examples() -> str:
    return _("27 March 2016, May 2016, 2015 or c. 2013")


def parse_fuzzy(text: str, today: date | None = None) -> FuzzyDate:
    """Read one date as sources give it, in English or Arabic, keeping how precise it is.

    '27 March 2016', '٢٧ آذار ٢٠١٦' and '2016-03-27' are days, 'May 2016' and 'أيار 2016'
    months, '2015' a year, 'c. 2013' a circa year; the uncertain-date reader does the reading,
    so both take the same words. The stored day of an imprecise date is its first day.
    """
    try:
        uncertain = parse_uncertain_date(text, today=today)
    except UncertainDateError as error:
        raise FuzzyDateError(str(error)) from None
    for pattern, precision in _FUZZY_EDTF.items():
        if match := pattern.fullmatch(uncertain.edtf):
            year, month, day = (int(part) for part in (*match.groups(), 1, 1)[:3])
            return FuzzyDate(date(year, month, day), precision)
    raise FuzzyDateError(
        _(
            "“%(text)s” is more than one date can say here: give a day, a month or a year, "
            "for example %(examples)s.",
            text=" ".join(text.split()),
            examples=fuzzy_date_examples(),
        )
    )
