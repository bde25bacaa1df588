"""Uncertain dates as sources give them: EDTF text plus the first and last day it may mean.

EDTF, the Library of Congress Extended Date/Time Format (ISO 8601-2), writes down what a
source actually says instead of forcing it to a day: ``2016-03-27`` is a day, ``2015-05`` a
month, ``2013~`` "about 2013", ``2016?`` "possibly 2016", ``2015-05%`` both, ``201X`` the
2010s, ``2015-22`` summer 2015, ``2015-05-20/2015-05-21`` a range and ``../2016-03`` or
``2011/..`` a range open at one end. The registry keeps levels 0 and 1 only. Level 2 (sets,
exponents, significant digits, a qualifier on one part of a date) is refused: nothing here
could show it in words or compare it.

The ``edtf`` package validates every EDTF string and computes the bounds. This module reads
what people type ("late May 2015", "20–21 May 2015", "قبل آذار 2016") with a small reader of
its own, because the package's natural-language reader misreads such phrases, and hands the
EDTF it writes to the package to check. Showing a stored date does not use the package, which
takes 5-15 ms a string: :meth:`UncertainDate.words` reads the few canonical forms stored here
with a regular expression, and leaves only other text to the package.

Bounds: ``earliest`` and ``latest`` are the first and last day a date may mean, which is what
sorting, overlaps and conflicts must compare. An approximate or uncertain date widens by one
of what it names, either side, twice that for ``%``: "c. 2013" may mean any day of 2012-2014,
"c. May 2015" any day from 1 April to 30 June 2015, "possibly 27 March 2016" 26-28 March.
(The package would pad by every part the date has: a year, plus a month, plus a day.) A range
runs from its start's earliest to its end's latest; an open end is None. Bounds are clamped
to years 1-9999, all that :class:`datetime.date` holds.

"Before March 2016" is ``../2016-03``, *including* March: it is EAMENA's "occurred before",
recorded when the imagery of that month already shows the damage. Its latest day is
31 March 2016. "After 2011" (``2011/..``) likewise includes 2011.
"""

# No ``from __future__ import annotations`` here: SQLAlchemy maps UncertainDate as a composite
# of three columns and reads its field types at run time, in the mapping module's namespace.
import calendar
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from time import struct_time
from typing import Any

from dateutil.relativedelta import relativedelta
from edtf import (
    Date,
    DateAndTime,
    EDTFParseException,
    Interval,
    Level1Interval,
    LongYear,
    Season,
    UncertainOrApproximate,
    Unspecified,
    UnspecifiedIntervalSection,
    parse_edtf,
)

from heritage import translate
from heritage.text import primary_language
from heritage.translate import _, lazy, ngettext

# Dates the reader takes, as examples in messages: in words in each interface language (each
# reads back, see the tests), and as EDTF, which is the same in every language but its list.
EXAMPLES_EN = (
    "27 March 2016, May 2015, late May 2015, 20–21 May 2015, c. 2013, before March 2016 or 2016?"
)
EXAMPLES_AR = (
    "27 آذار 2016، أيار 2015، أواخر أيار 2015، 20–21 أيار 2015، حوالي 2013، قبل آذار 2016 أو 2016؟"
)
EDTF_EXAMPLES = "2016-03-27, 2015-05, 2013~, 2015-05-20/2015-05-21 or ../2016-03"
EDTF_EXAMPLES_AR = "2016-03-27، 2015-05، 2013~، 2015-05-20/2015-05-21 أو ../2016-03"
_EXAMPLES = {"en": (EXAMPLES_EN, EDTF_EXAMPLES), "ar": (EXAMPLES_AR, EDTF_EXAMPLES_AR)}

# Sources report what happened and at most announce what is planned: a date further ahead
# than this is a typing mistake (2061 for 2016).
FUTURE_ALLOWANCE = timedelta(days=366)
# Refusals, translated when raised (``str()``): tests and callers compare them as text.
FAR_FUTURE = lazy("This date is more than a year from now; check the year.")
REVERSED = lazy("The second date of a range cannot be before the first.")
OUT_OF_RANGE = lazy("Years must be between 1 and 9999; check the year.")
NO_YEAR = lazy("Give the year too, e.g. 27 March 2016 or May 2015.")
QUALIFIED_SEASON = lazy(
    "A season cannot be marked approximate or uncertain; write the season alone, e.g. summer 2015."
)


def date_examples(language: str | None = None) -> str:
    """Dates in words the reader takes, in the reader's language (or ``language``)."""
    return _EXAMPLES.get(_language_code(language), _EXAMPLES["en"])[0]


def edtf_examples(language: str | None = None) -> str:
    """EDTF examples, listed in the reader's language (or ``language``)."""
    return _EXAMPLES.get(_language_code(language), _EXAMPLES["en"])[1]


def _language_code(language: str | None) -> str:
    return primary_language(language or translate.language())


# The EDTF types of levels 0 and 1. Exact types: each level 2 type subclasses one of these.
_STORED = (Date, Season, Unspecified, LongYear, UncertainOrApproximate, Interval, Level1Interval)

# What "early", "mid" and "late" cover: days of a month (late ends on the month's last day)
# and months of a year. Reading and writing share them, so the words read back the same.
_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_FIRST_SEASON = 21  # EDTF numbers spring, summer, autumn and winter 21-24
WINTER = 24


class UncertainDateError(ValueError):
    """The text is not a date the registry can store; str(error) says why, with examples."""


class _NotUnderstood(Exception):
    """The reader met a word it cannot place; the caller words the message with the text."""


class _Unsayable(Exception):
    """A valid date with no wording (``19XX``); its EDTF is shown instead."""


@dataclass(frozen=True)
class UncertainDate:
    """A date as a source gives it (EDTF) and the first and last day it may mean."""

    edtf: str
    earliest: date | None
    latest: date | None

    @classmethod
    def from_edtf(cls, value: str) -> "UncertainDate":
        """Validate EDTF with the ``edtf`` package and compute its bounds."""
        text = value.strip()
        try:
            parsed = parse_edtf(text)
        except (EDTFParseException, TypeError, AttributeError, ValueError):
            # The package raises the latter three on some inputs it half accepts
            # ("../201X", "2015-1X"): they are not dates it can store either.
            raise UncertainDateError(
                _(
                    "“%(text)s” is not valid EDTF; write e.g. %(examples)s.",
                    text=text,
                    examples=edtf_examples(),
                )
            ) from None
        return cls._from_parsed(parsed, text)

    @classmethod
    def _from_parsed(cls, parsed: Any, text: str) -> "UncertainDate":
        if type(parsed) not in _STORED:
            raise _unsupported(parsed, text)
        _check_stored(parsed, text)
        earliest, latest = _bounds(parsed)
        return cls(str(parsed), earliest, latest)

    @classmethod
    def of_day(cls, day: date) -> "UncertainDate":
        """One known day, without parsing: what ``from_edtf(day.isoformat())`` gives."""
        return cls(day.isoformat(), day, day)

    def words(self, language: str | None = None) -> str:
        """The date as people write it ("late May 2015"), or its EDTF if it has no wording;
        in the reader's language unless ``language`` says otherwise."""
        phrasing = _phrasing(language or translate.language())
        try:
            return _say(_stored_parts(self.edtf) or _library_parts(self.edtf), phrasing)
        except (EDTFParseException, _Unsayable):
            return self.edtf

    def __str__(self) -> str:
        return self.words()


def parse_uncertain_date(text: str, today: date | None = None) -> UncertainDate:
    """Read a date as a source writes it, in English or Arabic words or as EDTF.

    Refuses what cannot be stored, and a date starting more than a year after ``today``
    (a mistyped year); an open start is judged by its end instead.
    """
    folded = _fold(text).strip()
    if not folded:
        raise UncertainDateError(_("Enter a date, e.g. %(examples)s.", examples=date_examples()))
    result = _read(folded, " ".join(text.split()))
    first_day = result.earliest or result.latest
    if first_day and first_day > (today or date.today()) + FUTURE_ALLOWANCE:
        raise UncertainDateError(str(FAR_FUTURE))
    return result


# 27/03/2016, 27.03.2016: day first, as written in Syria, Iraq and Europe; 03/27/2016, month
# first, is read too when only that order makes sense.
_NUMERIC_DAY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def _numeric_day(first: int, second: int, year: int) -> str:
    """ISO for a day written in numbers; refused when the order of day and month is unclear."""
    if first != second and first <= 12 and second <= 12:
        months = _phrasing(translate.language()).months
        as_typed = f"{first:02d}/{second:02d}/{year}"
        day_first = f"{first} {months[second - 1]}"
        month_first = f"{second} {months[first - 1]}"
        raise UncertainDateError(
            _(
                "“%(text)s” could be %(first)s or %(second)s: write the month in words, "
                "e.g. %(example)s.",
                text=as_typed,
                first=day_first,
                second=month_first,
                example=_day_words(year, second, first),
            )
        )
    if min(first, second) > 12 or min(first, second) < 1:
        raise UncertainDateError(
            _("Neither %(first)s nor %(second)s is a month (1 to 12).", first=first, second=second)
        )
    day, month = (second, first) if second > 12 else (first, second)
    _require_real_day(year, month, day)
    return f"{year:04d}-{month:02d}-{day:02d}"


def _read(folded: str, text: str) -> UncertainDate:
    """EDTF typed directly first (so ``2015-22`` is summer), then the phrase reader.

    Level 2 EDTF goes to the reader too, since ``~2013`` there is simply "about 2013"; the
    level 2 message is given only when the reader cannot make sense of it either.
    """
    numeric = _NUMERIC_DAY.fullmatch(folded)
    if numeric:
        return UncertainDate.from_edtf(_numeric_day(*(int(part) for part in numeric.groups())))
    candidate = folded.upper()
    try:
        typed = parse_edtf(candidate)
    except (EDTFParseException, TypeError, AttributeError, ValueError):
        typed = None
    if type(typed) in _STORED:
        return UncertainDate._from_parsed(typed, candidate)
    try:
        edtf = _Reader(_tokens(folded)).read()
    except _NotUnderstood:
        if typed is not None:
            raise _unsupported(typed, candidate) from None
        raise UncertainDateError(
            _(
                "“%(text)s” is not a date this form understands (e.g. %(examples)s).",
                text=text,
                examples=date_examples(),
            )
        ) from None
    return UncertainDate.from_edtf(edtf)


# --- validation ------------------------------------------------------------------------------


def _unsupported(parsed: Any, text: str) -> UncertainDateError:
    if isinstance(parsed, DateAndTime):
        return UncertainDateError(_("Give the day without a time of day, e.g. 2016-03-27."))
    return UncertainDateError(
        _(
            "“%(text)s” uses EDTF level 2 (a set of dates, an exponent, significant digits or a "
            "qualifier on one part of a date), which the registry does not store; write e.g. "
            "%(examples)s.",
            text=text,
            examples=edtf_examples(),
        )
    )


def _check_stored(parsed: Any, text: str) -> None:
    """What the EDTF grammar lets through but a stored date cannot be."""
    ends = [parsed.lower, parsed.upper] if isinstance(parsed, Interval) else [parsed]
    if any(isinstance(end, UnspecifiedIntervalSection) and end.is_unknown for end in ends):
        raise UncertainDateError(
            _(
                "An empty end of a range means “unknown”, which the registry does not store; "
                "write .. for an open end, e.g. ../2016-03 or 2011/.."
            )
        )
    dated = [end for end in ends if not isinstance(end, UnspecifiedIntervalSection)]
    if not dated:
        raise UncertainDateError(_("A range needs at least one date, e.g. ../2016-03 or 2011/.."))
    for end in dated:
        _check_part(end, text)
    if len(dated) == 2 and dated[0].lower_strict()[:3] > dated[1].upper_strict()[:3]:
        raise UncertainDateError(str(REVERSED))


def _check_part(end: Any, text: str) -> None:
    """One date of an EDTF value: level 1, within years 1-9999, and a day the calendar has."""
    part = end.date if isinstance(end, UncertainOrApproximate) else end
    if isinstance(end, UncertainOrApproximate) and end.ua and isinstance(part, Season):
        raise UncertainDateError(str(QUALIFIED_SEASON))  # and the package cannot bound it
    if getattr(part, "significant_digits", None):
        raise _unsupported(part, text)
    if part.lower_strict().tm_year > 9999 or part.upper_strict().tm_year < 1:
        raise UncertainDateError(str(OUT_OF_RANGE))
    day = getattr(part, "day", None)
    if day and day.isdigit():  # the grammar allows 29 February in every year
        _require_real_day(int(part.year), int(part.month), int(day))


def _require_real_day(year: int, month: int, day: int) -> None:
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise UncertainDateError(
            ngettext(
                "There is no %(date)s: that month has %(num)d day.",
                "There is no %(date)s: that month has %(num)d days.",
                days,
                date=_day_words(year, month, day),
            )
        )


def _day_words(year: int, month: int, day: int) -> str:
    """'27 March 2016' for a refusal, in the reader's language, for any numbers (the day may
    not exist: the message says so)."""
    phrasing = _phrasing(translate.language())
    return phrasing.day.format(day=day, month=phrasing.months[month - 1], year=year)


# How far an approximate or uncertain date may stray, by what it names: a day, a month or a
# year either side (twice that for %). The package pads by every part the date has, so
# "c. May 2015" would run from April 2014 to June 2016 and "before March 2016?" into 2017.
_STRAY = {
    "day": relativedelta(days=1),
    "month": relativedelta(months=1),
    "year": relativedelta(years=1),
}


def _bounds(parsed: Any) -> tuple[date | None, date | None]:
    """The first and last day ``parsed`` may mean (None for an open end)."""
    if isinstance(parsed, Interval | Level1Interval):
        return _bounds(parsed.lower)[0], _bounds(parsed.upper)[1]
    precision = getattr(getattr(parsed, "date", None), "precision", None)
    stray = _STRAY.get(precision) if isinstance(precision, str) else None
    if isinstance(parsed, UncertainOrApproximate) and stray is not None and parsed.ua:
        times = int(parsed.ua._get_multiplier())
        first, last = _day(parsed.date.lower_strict()), _day(parsed.date.upper_strict())
        return _shifted(first, -stray * times), _shifted(last, stray * times)
    return _day(parsed.lower_fuzzy()), _day(parsed.upper_fuzzy())


def _shifted(day: date | None, by: relativedelta) -> date | None:
    if day is None:
        return None
    try:
        return day + by
    except (OverflowError, ValueError):
        return date.min if by.years < 0 or by.months < 0 or by.days < 0 else date.max


def _day(bound: struct_time | float) -> date | None:
    """A fuzzy bound as a date: None for an open end (±inf), clamped to what date holds."""
    if isinstance(bound, float):
        return None
    if bound.tm_year < 1:
        return date.min
    if bound.tm_year > 9999:
        return date.max
    return date(bound.tm_year, bound.tm_mon, bound.tm_mday)


# --- wording ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrasing:
    """How one language writes uncertain dates, and the further words its readers type.

    Templates name their blanks: ``{date}``, ``{day}``, ``{month}``, ``{year}``, ``{season}``,
    ``{first}``/``{last}``. The reader accepts the ``keywords`` of every language at once, so
    each language lists every concept, with no phrases where it has none.
    """

    months: tuple[str, ...]  # as written, January first
    seasons: tuple[str, ...]  # as written, spring first
    day: str
    month: str
    season: str
    decade: str  # {year} is the decade's first year
    some_time: str  # a year or month with its smaller digits unspecified (2015-XX)
    qualified: Mapping[str, str]  # EDTF qualifier (~ ? %) -> template
    before: str
    after: str
    parts_of_month: Mapping[str, str]  # early / mid / late
    parts_of_year: Mapping[str, str]
    days_in_month: str
    days_in_year: str
    months_in_year: str
    years: str
    span: str
    month_spellings: Mapping[str, int]  # read, never written
    season_spellings: Mapping[str, int]
    keywords: Mapping[str, tuple[str, ...]]  # reader concept -> phrases


ENGLISH = Phrasing(
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    seasons=("spring", "summer", "autumn", "winter"),
    day="{day} {month} {year}",
    month="{month} {year}",
    season="{season} {year}",
    decade="the {year}s",
    some_time="some time in {date}",
    qualified={"~": "c. {date}", "?": "possibly {date}", "%": "possibly c. {date}"},
    before="before {date}",
    after="after {date}",
    parts_of_month={
        "early": "early {month} {year}",
        "mid": "mid-{month} {year}",
        "late": "late {month} {year}",
    },
    parts_of_year={"early": "early {year}", "mid": "mid-{year}", "late": "late {year}"},
    days_in_month="{first}–{last} {month} {year}",
    days_in_year="{first_day} {first_month} – {last_day} {last_month} {year}",
    months_in_year="{first}–{last} {year}",
    years="{first}–{last}",
    span="{first} – {last}",
    month_spellings={
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    },
    season_spellings={"fall": 23},
    keywords={
        "before": ("before", "by", "until", "till", "no later than", "not after"),
        "after": ("after", "since", "no earlier than", "not before"),
        "onwards": ("on", "onwards", "onward"),
        "between": ("between",),
        "and": ("and",),
        "from": ("from",),
        "to": ("to", "until", "till", "or"),  # "10 or 11 December": one of the days between
        "approximate": ("c", "ca", "circa", "about", "around", "approximately", "approx"),
        "approximate_after": (),
        "uncertain": ("possibly", "probably", "perhaps", "maybe"),
        "early": ("early", "beginning of", "start of"),
        "mid": ("mid", "middle of"),
        "late": ("late", "end of"),
        "some_time": ("some time in", "sometime in"),
        "decade_before": (),
        "decade_after": ("s",),
        "filler": ("the", "of", "in", "ad", "ce"),
    },
)

ARABIC = Phrasing(
    months=(
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ),
    seasons=("ربيع", "صيف", "خريف", "شتاء"),
    day="{day} {month} {year}",
    month="{month} {year}",
    season="{season} {year}",
    decade="العقد الذي بدأ عام {year}",
    some_time="في وقت ما من {date}",
    qualified={"~": "حوالي {date}", "?": "ربما {date}", "%": "ربما حوالي {date}"},
    before="قبل {date}",
    after="بعد {date}",
    parts_of_month={
        "early": "أوائل {month} {year}",
        "mid": "منتصف {month} {year}",
        "late": "أواخر {month} {year}",
    },
    parts_of_year={"early": "أوائل {year}", "mid": "منتصف {year}", "late": "أواخر {year}"},
    days_in_month="{first}–{last} {month} {year}",
    days_in_year="{first_day} {first_month} – {last_day} {last_month} {year}",
    months_in_year="{first}–{last} {year}",
    years="{first}–{last}",
    span="{first} – {last}",
    month_spellings={
        # The Egyptian and Gulf series, and Levantine names written without the article.
        "يناير": 1,
        "فبراير": 2,
        "مارس": 3,
        "أبريل": 4,
        "مايو": 5,
        "يونيو": 6,
        "يونيه": 6,
        "يوليو": 7,
        "يوليه": 7,
        "أغسطس": 8,
        "سبتمبر": 9,
        "أكتوبر": 10,
        "نوفمبر": 11,
        "ديسمبر": 12,
        "كانون ثاني": 1,
        "تشرين أول": 10,
        "تشرين ثاني": 11,
        "كانون أول": 12,
    },
    season_spellings={"الربيع": 21, "الصيف": 22, "الخريف": 23, "الشتاء": 24},
    keywords={
        "before": ("قبل", "حتى", "لغاية"),
        "after": ("بعد", "منذ"),
        "onwards": ("فصاعدا",),
        "between": ("بين",),
        "and": ("و",),
        "from": ("من",),
        "to": ("إلى", "حتى", "لغاية", "أو"),
        "approximate": ("حوالي", "نحو", "قرابة", "تقريبا"),
        "approximate_after": ("تقريبا",),
        "uncertain": ("ربما", "يحتمل", "غالبا", "على الأرجح"),
        "early": ("أوائل", "مطلع", "بداية", "مستهل"),
        "mid": ("منتصف", "أواسط"),
        "late": ("أواخر", "نهاية", "آخر"),
        "some_time": ("في وقت ما من",),
        "decade_before": ("العقد الذي بدأ", "العقد", "عقد"),
        "decade_after": (),
        "filler": ("شهر", "عام", "العام", "سنة", "السنة", "فصل", "في", "م"),
    },
)

PHRASINGS: dict[str, Phrasing] = {"en": ENGLISH, "ar": ARABIC}


def _phrasing(language: str) -> Phrasing:
    """'ar', 'ar-SY' and 'ar_SY' all mean the Arabic table."""
    code = primary_language(language)
    if code not in PHRASINGS:
        raise ValueError(f"No wording for language “{language}”; known: {', '.join(PHRASINGS)}.")
    return PHRASINGS[code]


@dataclass(frozen=True)
class _Point:
    """One date of a value, in the parts its wording needs."""

    year: int  # a decade's first year for a decade
    month: int | None = None
    day: int | None = None
    season: int | None = None  # 21-24
    decade: bool = False  # 201X
    some_time: bool = False  # the digits after those given are unspecified: 2015-XX, 2015-05-XX
    qualifier: str = ""  # ~ ? % or none

    @property
    def plain(self) -> bool:
        """An unqualified day, month or year, which a range can share with its other end."""
        return not (self.qualifier or self.season or self.decade or self.some_time)


@dataclass(frozen=True)
class _Range:
    first: _Point | None  # None: open
    last: _Point | None


def _say(value: _Point | _Range, phrasing: Phrasing) -> str:
    if isinstance(value, _Point):
        return _say_point(value, phrasing)
    first, last = value.first, value.last
    if first is None:
        if last is None:
            raise _Unsayable
        return _say_open(phrasing.before, last, phrasing)
    if last is None:
        return _say_open(phrasing.after, first, phrasing)
    if first.plain and last.plain:
        shared = _say_shared(first, last, phrasing)
        if shared:
            return shared
    return phrasing.span.format(first=_say_point(first, phrasing), last=_say_point(last, phrasing))


def _say_shared(first: _Point, last: _Point, phrasing: Phrasing) -> str | None:
    """A range whose ends share their year, written once: '20–21 May 2015', 'late 2015'."""
    year, month, day = first.year, first.month, first.day
    last_year, last_month, last_day = last.year, last.month, last.day
    if month is None and last_month is None:
        return phrasing.years.format(first=_year_text(year), last=_year_text(last_year))
    if year != last_year or month is None or last_month is None:
        return None
    names, shown = phrasing.months, _year_text(year)
    if day is None and last_day is None:
        for part, months in _PART_MONTHS.items():
            if (month, last_month) == months:
                return phrasing.parts_of_year[part].format(year=shown)
        return phrasing.months_in_year.format(
            first=names[month - 1], last=names[last_month - 1], year=shown
        )
    if day is None or last_day is None:
        return None
    if month != last_month:
        return phrasing.days_in_year.format(
            first_day=day,
            first_month=names[month - 1],
            last_day=last_day,
            last_month=names[last_month - 1],
            year=shown,
        )
    month_end = calendar.monthrange(year, month)[1]
    for part, (first_of_part, last_of_part) in _PART_DAYS.items():
        if (day, last_day) == (first_of_part, min(last_of_part, month_end)):
            return phrasing.parts_of_month[part].format(month=names[month - 1], year=shown)
    return phrasing.days_in_month.format(
        first=day, last=last_day, month=names[month - 1], year=shown
    )


def _say_open(template: str, point: _Point, phrasing: Phrasing) -> str:
    """ "before March 2016"; a doubt goes in front: "possibly before March 2016", not "before
    possibly March 2016" (which reads as nonsense in Arabic too). "after c. 2013" stays."""
    if point.qualifier not in ("?", "%"):
        return template.format(date=_say_point(point, phrasing))
    approximate = replace(point, qualifier="~" if point.qualifier == "%" else "")
    said = template.format(date=_say_point(approximate, phrasing))
    return phrasing.qualified["?"].format(date=said)


def _say_point(point: _Point, phrasing: Phrasing) -> str:
    year = _year_text(point.year)
    if point.season:
        text = phrasing.season.format(
            season=phrasing.seasons[point.season - _FIRST_SEASON], year=year
        )
    elif point.decade:
        text = phrasing.decade.format(year=year)
    elif point.month is None:
        text = year
    elif point.day is None:
        text = phrasing.month.format(month=phrasing.months[point.month - 1], year=year)
    else:
        text = phrasing.day.format(day=point.day, month=phrasing.months[point.month - 1], year=year)
    if point.some_time:
        text = phrasing.some_time.format(date=text)
    return phrasing.qualified[point.qualifier].format(date=text) if point.qualifier else text


# --- the parts of a stored value -------------------------------------------------------------

# What ``str()`` of the package gives for the dates stored here, read without the package:
# a day, month or year (``2016-03-27``, ``2015-05``, ``0850``), a season (``2015-22``), a
# decade (``201X``) and some time in a year or month (``2015-XX``, ``2015-05-XX``); each but a
# season may end in ~ ? or %. Years run from 0001 (decades from 000X) to 9999. A range joins
# two days, months, years or seasons, either end of which may be open (``..``); the package
# reads a range with an X in it as level 2.
_STORED_DATE = re.compile(
    r"(?P<year>(?!0000)\d{4})(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?)?"
    r"(?P<qualifier>[~?%]?)"
)
_STORED_SEASON = re.compile(r"(?P<year>(?!0000)\d{4})-(?P<season>2[1-4])")
_STORED_UNSPECIFIED = re.compile(
    r"(?:(?P<decade>\d{3})X|(?P<year>(?!0000)\d{4})-(?:XX|(?P<month>0[1-9]|1[0-2])-XX))"
    r"(?P<qualifier>[~?%]?)"
)
# The days the package's grammar allows in each month: 29 February in every year.
_GRAMMAR_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _stored_parts(edtf: str) -> _Point | _Range | None:
    """The parts of a value in a form stored here, or None for any other text."""
    if "/" not in edtf:
        return _stored_point(edtf) or _stored_unspecified(edtf)
    first, last = edtf.split("/", 1)
    if first == "..":
        end = _stored_point(last)
        return _Range(None, end) if end else None
    start = _stored_point(first)
    if start is None:
        return None
    if last == "..":
        return _Range(start, None)
    end = _stored_point(last)
    return _Range(start, end) if end else None


def _stored_point(text: str) -> _Point | None:
    """A day, month, year or season, as a range's end or alone."""
    if match := _STORED_SEASON.fullmatch(text):
        return _Point(int(match["year"]), season=int(match["season"]))
    match = _STORED_DATE.fullmatch(text)
    if match is None:
        return None
    month, day = _int(match["month"]), _int(match["day"])
    if month and day and day > _GRAMMAR_DAYS[month - 1]:
        return None
    return _Point(int(match["year"]), month, day, qualifier=match["qualifier"])


def _stored_unspecified(text: str) -> _Point | None:
    """A decade, or some time in a year or month."""
    match = _STORED_UNSPECIFIED.fullmatch(text)
    if match is None:
        return None
    if match["decade"]:
        return _Point(int(match["decade"]) * 10, decade=True, qualifier=match["qualifier"])
    month = _int(match["month"])
    return _Point(int(match["year"]), month, some_time=True, qualifier=match["qualifier"])


def _library_parts(edtf: str) -> _Point | _Range:
    """The parts of any other text, as the package reads it; _Unsayable if it has none."""
    parsed = _parsed(edtf)
    if type(parsed) not in _STORED:
        raise _Unsayable
    if isinstance(parsed, Interval):
        return _Range(_library_end(parsed.lower), _library_end(parsed.upper))
    return _library_point(parsed)


@lru_cache(maxsize=1024)
def _parsed(edtf: str) -> Any:
    """Parsing is slow, and the text the package is left with is often the same."""
    return parse_edtf(edtf)


def _library_end(end: Any) -> _Point | None:
    return None if isinstance(end, UnspecifiedIntervalSection) else _library_point(end)


def _library_point(value: Any) -> _Point:
    qualifier = str(getattr(value, "ua", None) or "")
    part = value.date if isinstance(value, UncertainOrApproximate) else value
    if type(part) is Season:
        return _Point(int(part.year), season=int(part.season), qualifier=qualifier)
    if type(part) is Unspecified:
        return _library_unspecified(part, qualifier)
    if type(part) is not Date:
        raise _Unsayable
    return _Point(int(part.year), _int(part.month), _int(part.day), qualifier=qualifier)


def _library_unspecified(part: Unspecified, qualifier: str) -> _Point:
    """The 2010s (``201X``) and some time in 2015 (``2015-XX``) or May 2015 (``2015-05-XX``)."""
    year, month, day = part.year, part.month, part.day
    if re.fullmatch(r"\d{3}X", year) and month is None:
        return _Point(int(year[:3]) * 10, decade=True, qualifier=qualifier)
    if not year.isdigit():
        raise _Unsayable
    if month == "XX" and day is None:
        return _Point(int(year), some_time=True, qualifier=qualifier)
    if month and month.isdigit() and day == "XX":
        return _Point(int(year), int(month), some_time=True, qualifier=qualifier)
    raise _Unsayable


def _int(digits: str | None) -> int | None:
    return int(digits) if digits else None


def _year_text(year: int) -> str:
    """Years below 100 keep four digits, so that they read back as years, not days."""
    return str(year) if year >= 100 else f"{year:04d}"


# --- reading ---------------------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_SPELLING = str.maketrans(
    {"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": "", "؟": "?", "،": ","}
    | dict.fromkeys("‐‑‒–—―−", "-")
)
_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}(?:-\d{1,2})?)(?!\d)"
    r"|(?P<number>\d+)|(?P<word>[^\W\d_]+)|(?P<mark>[-?~%/])|(?P<gap>[\s,.'’()]+)"
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_ORDINALS = frozenset({"st", "nd", "rd", "th"})


def _fold(text: str) -> str:
    """One spelling per word: Western digits, no diacritics, bare alif for أ إ آ, ه for ة,
    ي for ى, one kind of dash, lower case."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_DIGITS))
    bare = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return bare.translate(_SPELLING).casefold()


def _split(folded: str) -> list[str]:
    """Words, numbers, ISO dates and marks; ordinal endings (27th) dropped."""
    tokens: list[str] = []
    previous = ""  # the token just before this one; "" after a space
    at = 0
    while at < len(folded):
        match = _TOKEN.match(folded, at)
        if match is None:
            raise _NotUnderstood
        at, token = match.end(), match[0]
        if match["gap"]:
            token = ""
        elif not (previous.isdigit() and token in _ORDINALS):
            tokens.append(token)
        previous = token
    return tokens


def _read_as(phrase: str) -> tuple[str, ...]:
    return tuple(token for token in _split(_fold(phrase)) if token not in _FILLERS)


def _longest_first(phrases: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """'no later than' must be tried before 'no', 'كانون الأول' before 'كانون'."""
    return sorted(set(phrases), key=len, reverse=True)


def _names(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, ...], int]:
    """Month or season names as the reader sees them, longest first, with their numbers."""
    numbers = {_read_as(name): number for name, number in pairs}
    return {phrase: numbers[phrase] for phrase in _longest_first(numbers)}


_FILLERS = frozenset(
    token
    for phrasing in PHRASINGS.values()
    for phrase in phrasing.keywords["filler"]
    for token in _split(_fold(phrase))
)
_KEYWORDS = {
    concept: _longest_first(
        _read_as(phrase) for phrasing in PHRASINGS.values() for phrase in phrasing.keywords[concept]
    )
    for concept in ENGLISH.keywords
}
_MONTHS = _names(
    pair
    for phrasing in PHRASINGS.values()
    for pair in [
        *zip(phrasing.months, range(1, 13), strict=True),
        *phrasing.month_spellings.items(),
    ]
)
_SEASONS = _names(
    pair
    for phrasing in PHRASINGS.values()
    for pair in [
        *zip(phrasing.seasons, range(_FIRST_SEASON, _FIRST_SEASON + 4), strict=True),
        *phrasing.season_spellings.items(),
    ]
)
_KNOWN_WORDS = frozenset(
    token
    for phrases in [*_KEYWORDS.values(), list(_MONTHS), list(_SEASONS)]
    for phrase in phrases
    for token in phrase
)


def _tokens(folded: str) -> list[str]:
    """The reader's tokens: fillers ("the", "عام") dropped, and "و" (and) split from the word
    it is written onto ("وآب"), when the rest is a word the reader knows."""
    tokens: list[str] = []
    for token in _split(folded):
        if token in _FILLERS:
            continue
        if token.startswith("و") and token not in _KNOWN_WORDS and token[1:] in _KNOWN_WORDS:
            tokens.extend(("و", token[1:]))
        else:
            tokens.append(token)
    return tokens


@dataclass
class _Side:
    """One date of a phrase, before it becomes EDTF; a range has two."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: int | None = None
    decade: bool = False
    some_time: bool = False
    part: str | None = None  # early / mid / late
    approximate: bool = False
    uncertain: bool = False

    def borrow(self, last: "_Side") -> None:
        """The first date of a range takes what it leaves out from the second: '20–21 May'."""
        if self.year is None:
            self.year = last.year
        if self.day is not None and self.month is None:
            self.month = last.month

    def point(self) -> str:
        """EDTF for this date standing alone."""
        start = self._plain_ends()[0]
        if self.decade:
            return f"{start[:3]}X{self._mark()}"
        if self.some_time:
            return f"{start}-XX{self._mark()}"
        first, last = self.ends()
        return first if first == last else f"{first}/{last}"

    def ends(self) -> tuple[str, str]:
        """EDTF for this date's start and end as ends of a range."""
        first, last = self._plain_ends()
        mark = self._mark()
        if mark and self.season:
            raise UncertainDateError(str(QUALIFIED_SEASON))
        return first + mark, last + mark

    def _mark(self) -> str:
        if self.approximate and self.uncertain:
            return "%"
        return "~" if self.approximate else "?" if self.uncertain else ""

    def _plain_ends(self) -> tuple[str, str]:
        """Start and end without the qualifier; checks the parts the phrase gave."""
        if self.year is None:
            raise UncertainDateError(str(NO_YEAR))
        year = f"{self.year:04d}"
        if self.decade:
            if self.year % 10:
                raise UncertainDateError(_("Name a decade by its first year, e.g. the 2010s."))
            return year, f"{self.year + 9:04d}"
        if self.season == WINTER and self.year < 9999:
            # The package counts EDTF's winter (-24) as December alone; a source's winter
            # runs on into January and February, so it is read as that range of months.
            return f"{year}-12", f"{self.year + 1:04d}-02"
        if self.season:
            return f"{year}-{self.season}", f"{year}-{self.season}"
        if self.month is None:
            if self.day is not None:
                raise _NotUnderstood
            if self.part:
                first, last = _PART_MONTHS[self.part]
                return f"{year}-{first:02d}", f"{year}-{last:02d}"
            return year, year
        month = f"{year}-{self.month:02d}"
        if self.day is not None:
            _require_real_day(self.year, self.month, self.day)
            return f"{month}-{self.day:02d}", f"{month}-{self.day:02d}"
        if self.part:
            first, last = _PART_DAYS[self.part]
            last = min(last, calendar.monthrange(self.year, self.month)[1])
            return f"{month}-{first:02d}", f"{month}-{last:02d}"
        return month, month


class _Reader:
    """Reads one phrase, token by token, into EDTF.

    phrase := before SIDE | after SIDE | between SIDE and SIDE | from SIDE (to SIDE | on)
              | SIDE [(to | -) SIDE | on]
    SIDE   := qualifiers* [early|mid|late] [some time in] DATE (? | ~ | %)*
    """

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def read(self) -> str:
        open_ended = self.open_ended()
        if open_ended:
            return open_ended
        if self.accept("before"):
            return f"../{self.last_side().ends()[1]}"
        if self.accept("after"):
            return f"{self.last_side().ends()[0]}/.."
        if self.accept("between"):
            return self.range_from(self.side(), "and")
        starts_with_from = self.accept("from")
        first = self.side()
        if self.accept("onwards"):
            self.finish()
            return f"{first.ends()[0]}/.."
        if self.at == len(self.tokens) and not starts_with_from:
            return first.point()
        return self.range_from(first, "to")

    def open_ended(self) -> str | None:
        """'possibly before March 2016', the qualifiers in front (as these dates are said
        back): the qualifiers belong to the date. None, and nothing read, for other phrases."""
        start = self.at
        approximate = uncertain = False
        while True:
            if self.accept("approximate") or self.take("~"):
                approximate = True
            elif self.accept("uncertain"):
                uncertain = True
            else:
                break
        for concept in ("before", "after") if approximate or uncertain else ():
            if self.accept(concept):
                side = self.last_side()
                side.approximate = side.approximate or approximate
                side.uncertain = side.uncertain or uncertain
                first, last = side.ends()
                return f"../{last}" if concept == "before" else f"{first}/.."
        self.at = start
        return None

    def range_from(self, first: _Side, joiner: str) -> str:
        if not (self.accept(joiner) or self.take("-")):
            raise _NotUnderstood
        last = self.last_side()
        first.borrow(last)
        return f"{first.ends()[0]}/{last.ends()[1]}"

    def last_side(self) -> _Side:
        side = self.side()
        self.finish()
        return side

    def finish(self) -> None:
        if self.at != len(self.tokens):
            raise _NotUnderstood

    def side(self) -> _Side:
        side = _Side()
        while True:
            if self.accept("approximate") or self.take("~"):
                side.approximate = True
            elif self.accept("uncertain"):
                side.uncertain = True
            else:
                break
        side.part = next((part for part in _PART_DAYS if self.accept(part)), None)
        if side.part:
            self.take("-")  # mid-May
        side.some_time = self.accept("some_time")
        self.date(side)
        if (side.part or side.some_time) and (side.day or side.season or side.decade):
            raise _NotUnderstood
        while True:
            if self.take("?"):
                side.uncertain = True
            elif self.take("~") or self.accept("approximate_after"):
                side.approximate = True
            elif self.take("%"):
                side.approximate = side.uncertain = True
            else:
                return side

    def date(self, side: _Side) -> None:
        """DATE := decade | season [year] | ISO | [day] month [day] [year] | day | year[s]"""
        if self.accept("decade_before"):
            side.year, side.decade = self.year(), True
        elif season := self.name(_SEASONS):
            side.season, side.year = season, self.year(optional=True)
        elif iso := self.iso():
            side.year, side.month, side.day = iso
            if side.month in range(_FIRST_SEASON, _FIRST_SEASON + 4) and side.day is None:
                side.season, side.month = side.month, None
            elif side.month not in range(1, 13):
                raise UncertainDateError(
                    _("There is no month %(month)s; months run from 1 to 12.", month=side.month)
                )
        elif month := self.month():
            side.month, side.day, side.year = month, self.day(), self.year(optional=True)
        elif (day := self.day()) is not None:
            side.day, side.month = day, self.month()
            side.year = self.year(optional=True) if side.month else None
        else:
            side.year = self.year()
            side.decade = self.accept("decade_after")

    def accept(self, concept: str) -> bool:
        return any(self.take(*phrase) for phrase in _KEYWORDS[concept])

    def take(self, *phrase: str) -> bool:
        if tuple(self.tokens[self.at : self.at + len(phrase)]) != phrase:
            return False
        self.at += len(phrase)
        return True

    def month(self) -> int | None:
        """A month name, and the same month in the other series if given too, as Syrian
        sources often do: "آذار (مارس) 2016", "آب/أغسطس 2015"."""
        month = self.name(_MONTHS)
        if month:
            at = self.at
            self.take("/")
            if self.name(_MONTHS) != month:
                self.at = at  # not the same month again: not an alias
        return month

    def name(self, names: Mapping[tuple[str, ...], int]) -> int | None:
        """The number of the name at this point; ``names`` is ordered longest first."""
        found = next((phrase for phrase in names if self.take(*phrase)), None)
        return names[found] if found else None

    def iso(self) -> tuple[int, int, int | None] | None:
        match = _ISO.fullmatch(self.tokens[self.at]) if self.at < len(self.tokens) else None
        if match is None:
            return None
        self.at += 1
        return int(match[1]), int(match[2]), _int(match[3])

    def day(self) -> int | None:
        """Days have one or two digits; years three or four (write year 79 as 0079)."""
        token = self.tokens[self.at] if self.at < len(self.tokens) else ""
        if not (token.isdigit() and len(token) <= 2):
            return None
        self.at += 1
        return int(token)

    def year(self, *, optional: bool = False) -> int | None:
        token = self.tokens[self.at] if self.at < len(self.tokens) else ""
        if not token.isdigit() or len(token) <= 2:
            if optional:
                return None
            raise _NotUnderstood
        if len(token) > 4:
            raise UncertainDateError(str(OUT_OF_RANGE))
        self.at += 1
        return int(token)
