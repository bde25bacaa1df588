"""Uncertain dates: phrases read into EDTF, their bounds, refusals, and the words shown back."""

from __future__ import annotations

import re
from datetime import date

import pytest

from heritage.vocab import uncertain_dates
from heritage.vocab.uncertain_dates import ARABIC as ARABIC_PHRASING
from heritage.vocab.uncertain_dates import (
    EDTF_EXAMPLES,
    EDTF_EXAMPLES_AR,
    EXAMPLES_AR,
    EXAMPLES_EN,
    FAR_FUTURE,
    PHRASINGS,
    REVERSED,
    UncertainDate,
    UncertainDateError,
    date_examples,
    edtf_examples,
    parse_uncertain_date,
)
from heritage.vocab.uncertain_dates import ENGLISH as ENGLISH_PHRASING
from tests.unit.sites.test_position import translated

TODAY = date(2025, 6, 1)
D = date


def read(text: str) -> UncertainDate:
    return parse_uncertain_date(text, today=TODAY)


# text, EDTF, earliest, latest
ENGLISH = [
    # EDTF typed directly
    ("2016-03-27", "2016-03-27", D(2016, 3, 27), D(2016, 3, 27)),
    ("2016-03", "2016-03", D(2016, 3, 1), D(2016, 3, 31)),
    ("2016", "2016", D(2016, 1, 1), D(2016, 12, 31)),
    ("2015-05-20/2015-05-21", "2015-05-20/2015-05-21", D(2015, 5, 20), D(2015, 5, 21)),
    ("2013~", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    ("2016?", "2016?", D(2015, 1, 1), D(2017, 12, 31)),
    ("2015-05%", "2015-05%", D(2015, 3, 1), D(2015, 7, 31)),
    ("201X", "201X", D(2010, 1, 1), D(2019, 12, 31)),
    ("201x", "201X", D(2010, 1, 1), D(2019, 12, 31)),
    ("../2016-03", "../2016-03", None, D(2016, 3, 31)),
    ("2011/..", "2011/..", D(2011, 1, 1), None),
    ("2015-22", "2015-22", D(2015, 6, 1), D(2015, 8, 31)),
    # days, months, years in words
    ("27 March 2016", "2016-03-27", D(2016, 3, 27), D(2016, 3, 27)),
    ("27 Mar 2016", "2016-03-27", D(2016, 3, 27), D(2016, 3, 27)),
    ("March 27, 2016", "2016-03-27", D(2016, 3, 27), D(2016, 3, 27)),
    ("27th March 2016", "2016-03-27", D(2016, 3, 27), D(2016, 3, 27)),
    ("1st May 2015", "2015-05-01", D(2015, 5, 1), D(2015, 5, 1)),
    ("  27   MARCH,  2016 ", "2016-03-27", D(2016, 3, 27), D(2016, 3, 27)),
    ("May 2015", "2015-05", D(2015, 5, 1), D(2015, 5, 31)),
    ("Sept 2015", "2015-09", D(2015, 9, 1), D(2015, 9, 30)),
    ("Dec. 2015", "2015-12", D(2015, 12, 1), D(2015, 12, 31)),
    ("2015", "2015", D(2015, 1, 1), D(2015, 12, 31)),
    ("29 Feb 2016", "2016-02-29", D(2016, 2, 29), D(2016, 2, 29)),
    # approximate
    ("c. 2013", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    ("c 2013", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    ("c.2013", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    ("ca. 2013", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    ("circa 2013", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    ("about 2013", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    ("approximately 2013", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    ("~2013", "2013~", D(2012, 1, 1), D(2014, 12, 31)),
    # a month strays by a month, not (as the package would pad) by a year and a month
    ("around May 2015", "2015-05~", D(2015, 4, 1), D(2015, 6, 30)),
    ("c. 27 March 2016", "2016-03-27~", D(2016, 3, 26), D(2016, 3, 28)),
    ("c. 850", "0850~", D(849, 1, 1), D(851, 12, 31)),
    # uncertain, and both
    ("May 2016?", "2016-05?", D(2016, 4, 1), D(2016, 6, 30)),
    ("before March 2016?", "../2016-03?", None, D(2016, 4, 30)),
    ("possibly 2016", "2016?", D(2015, 1, 1), D(2017, 12, 31)),
    ("probably 2016", "2016?", D(2015, 1, 1), D(2017, 12, 31)),
    ("possibly c. 2016", "2016%", D(2014, 1, 1), D(2018, 12, 31)),
    # early, mid, late
    ("early May 2015", "2015-05-01/2015-05-10", D(2015, 5, 1), D(2015, 5, 10)),
    ("mid May 2015", "2015-05-11/2015-05-20", D(2015, 5, 11), D(2015, 5, 20)),
    ("mid-May 2015", "2015-05-11/2015-05-20", D(2015, 5, 11), D(2015, 5, 20)),
    ("late May 2015", "2015-05-21/2015-05-31", D(2015, 5, 21), D(2015, 5, 31)),
    ("late June 2015", "2015-06-21/2015-06-30", D(2015, 6, 21), D(2015, 6, 30)),
    ("late February 2016", "2016-02-21/2016-02-29", D(2016, 2, 21), D(2016, 2, 29)),
    ("late February 2015", "2015-02-21/2015-02-28", D(2015, 2, 21), D(2015, 2, 28)),
    ("early 2015", "2015-01/2015-04", D(2015, 1, 1), D(2015, 4, 30)),
    ("mid 2015", "2015-05/2015-08", D(2015, 5, 1), D(2015, 8, 31)),
    ("mid-2015", "2015-05/2015-08", D(2015, 5, 1), D(2015, 8, 31)),
    ("late 2015", "2015-09/2015-12", D(2015, 9, 1), D(2015, 12, 31)),
    # ranges
    ("20–21 May 2015", "2015-05-20/2015-05-21", D(2015, 5, 20), D(2015, 5, 21)),
    ("20-21 May 2015", "2015-05-20/2015-05-21", D(2015, 5, 20), D(2015, 5, 21)),
    ("20 — 21 May 2015", "2015-05-20/2015-05-21", D(2015, 5, 20), D(2015, 5, 21)),
    ("30 August – 2 September 2015", "2015-08-30/2015-09-02", D(2015, 8, 30), D(2015, 9, 2)),
    ("May–June 2015", "2015-05/2015-06", D(2015, 5, 1), D(2015, 6, 30)),
    ("May 2015 – March 2016", "2015-05/2016-03", D(2015, 5, 1), D(2016, 3, 31)),
    ("2015–2016", "2015/2016", D(2015, 1, 1), D(2016, 12, 31)),
    ("2015-2016", "2015/2016", D(2015, 1, 1), D(2016, 12, 31)),
    ("2015 to 2016", "2015/2016", D(2015, 1, 1), D(2016, 12, 31)),
    ("between 20 and 31 August 2015", "2015-08-20/2015-08-31", D(2015, 8, 20), D(2015, 8, 31)),
    ("between May and August 2015", "2015-05/2015-08", D(2015, 5, 1), D(2015, 8, 31)),
    ("between May 2015 and March 2016", "2015-05/2016-03", D(2015, 5, 1), D(2016, 3, 31)),
    ("from 27 March to 10 December 2016", "2016-03-27/2016-12-10", D(2016, 3, 27), D(2016, 12, 10)),
    ("late May – early June 2015", "2015-05-21/2015-06-10", D(2015, 5, 21), D(2015, 6, 10)),
    ("c. 2013 – 2015", "2013~/2015", D(2012, 1, 1), D(2015, 12, 31)),
    ("spring–summer 2015", "2015-21/2015-22", D(2015, 3, 1), D(2015, 8, 31)),
    # open: "before" includes the month named (EAMENA's "occurred before")
    ("before March 2016", "../2016-03", None, D(2016, 3, 31)),
    ("by March 2016", "../2016-03", None, D(2016, 3, 31)),
    ("until March 2016", "../2016-03", None, D(2016, 3, 31)),
    ("no later than March 2016", "../2016-03", None, D(2016, 3, 31)),
    ("before November 2013", "../2013-11", None, D(2013, 11, 30)),
    ("after 2011", "2011/..", D(2011, 1, 1), None),
    ("since 2011", "2011/..", D(2011, 1, 1), None),
    ("no earlier than 2011", "2011/..", D(2011, 1, 1), None),
    ("from 2011 on", "2011/..", D(2011, 1, 1), None),
    ("2011 onwards", "2011/..", D(2011, 1, 1), None),
    # seasons (the package's months: spring 3-5, summer 6-8, autumn 9-11; winter read as Dec-Feb)
    ("spring 2015", "2015-21", D(2015, 3, 1), D(2015, 5, 31)),
    ("summer 2015", "2015-22", D(2015, 6, 1), D(2015, 8, 31)),
    ("autumn 2015", "2015-23", D(2015, 9, 1), D(2015, 11, 30)),
    ("fall 2015", "2015-23", D(2015, 9, 1), D(2015, 11, 30)),
    ("winter 2015", "2015-12/2016-02", D(2015, 12, 1), D(2016, 2, 29)),
    # decades and unspecified digits
    ("the 2010s", "201X", D(2010, 1, 1), D(2019, 12, 31)),
    ("2010s", "201X", D(2010, 1, 1), D(2019, 12, 31)),
    ("some time in 2015", "2015-XX", D(2015, 1, 1), D(2015, 12, 31)),
    ("some time in May 2015", "2015-05-XX", D(2015, 5, 1), D(2015, 5, 31)),
]

# text, EDTF
ARABIC = [
    ("27 آذار 2016", "2016-03-27"),
    ("٢٧ آذار ٢٠١٦", "2016-03-27"),
    ("أيار 2015", "2015-05"),
    ("ايار 2015", "2015-05"),
    ("مايو 2015", "2015-05"),
    ("إبريل 2015", "2015-04"),
    ("أبريل 2015", "2015-04"),
    ("يونيه 2015", "2015-06"),
    ("تشرين الأول 2015", "2015-10"),
    ("تشرين أول 2015", "2015-10"),
    ("كانون الثاني 2016", "2016-01"),
    ("ديسمبر 2016", "2016-12"),
    ("آذار (مارس) 2016", "2016-03"),
    ("آب/أغسطس 2015", "2015-08"),
    ("عام 2015م", "2015"),
    ("سنة ۲۰۱۵", "2015"),
    ("٢٠-٢١ أيار ٢٠١٥", "2015-05-20/2015-05-21"),
    ("أواخر أيار 2015", "2015-05-21/2015-05-31"),
    ("أوائل أيار 2015", "2015-05-01/2015-05-10"),
    ("مطلع أيار 2015", "2015-05-01/2015-05-10"),
    ("بداية عام 2015", "2015-01/2015-04"),
    ("منتصف أيار 2015", "2015-05-11/2015-05-20"),
    ("أواسط 2015", "2015-05/2015-08"),
    ("حوالي 2013", "2013~"),
    ("حوالى 2013", "2013~"),
    ("نحو 2013", "2013~"),
    ("قرابة 2013", "2013~"),
    ("2013 تقريباً", "2013~"),
    ("2016؟", "2016?"),
    ("٢٠١٦؟", "2016?"),
    ("ربما 2016", "2016?"),
    ("ربما حوالي 2016", "2016%"),
    ("قبل آذار 2016", "../2016-03"),
    ("حتى آذار 2016", "../2016-03"),
    ("بعد 2011", "2011/.."),
    ("منذ 2011", "2011/.."),
    ("من 2011 فصاعداً", "2011/.."),
    ("بين 20 و31 آب 2015", "2015-08-20/2015-08-31"),
    ("بين أيار وآب 2015", "2015-05/2015-08"),
    ("من 27 آذار إلى 10 كانون الأول 2016", "2016-03-27/2016-12-10"),
    ("أيار 2015 – آذار 2016", "2015-05/2016-03"),
    ("صيف 2015", "2015-22"),
    ("العقد الذي بدأ عام 2010", "201X"),
    ("في وقت ما من 2015", "2015-XX"),
]

# text, part of the message
REFUSALS = [
    ("gibberish", "is not a date this form understands"),
    ("from 2011", "is not a date this form understands"),
    ("32 May 2015", "There is no 32 May 2015"),
    ("2015-13", "There is no month 13"),
    ("31 February 2016", "There is no 31 February 2016: that month has 29 days"),
    ("31 April 2016", "that month has 30 days"),
    ("2015-02-29", "There is no 29 February 2015"),
    ("[2015..2016]", "EDTF level 2"),
    ("{2015,2016}", "EDTF level 2"),
    ("2015-?05", "EDTF level 2"),
    ("?2015", "EDTF level 2"),
    ("2015S2", "EDTF level 2"),
    ("Y17E7", "EDTF level 2"),
    ("Y170000002", "between 1 and 9999"),
    ("0000", "between 1 and 9999"),
    ("-0100", "between 1 and 9999"),
    ("27 March 20160", "between 1 and 9999"),
    ("2016/2015", str(REVERSED)),
    ("21–20 May 2015", str(REVERSED)),
    ("March 2016 – 2015", str(REVERSED)),
    ("2027", str(FAR_FUTURE)),
    ("before 2030", str(FAR_FUTURE)),
    ("3 June 2026", str(FAR_FUTURE)),
    ("", "Enter a date"),
    ("   ", "Enter a date"),
    ("2015/", "open end"),
    ("../..", "at least one date"),
    ("2016-03-27T10:00:00", "time of day"),
    ("c. summer 2015", "season"),
    ("2015-21~/2015-22", "season"),
    ("May", "Give the year"),
    ("20 May", "Give the year"),
    ("the 2015s", "first year"),
]

# EDTF, English words, Arabic words
WORDS = [
    ("2016-03-27", "27 March 2016", "27 آذار 2016"),
    ("2016-03", "March 2016", "آذار 2016"),
    ("2016", "2016", "2016"),
    ("0850", "850", "850"),
    ("2013~", "c. 2013", "حوالي 2013"),
    ("2015-05~", "c. May 2015", "حوالي أيار 2015"),
    ("2016?", "possibly 2016", "ربما 2016"),
    ("2016%", "possibly c. 2016", "ربما حوالي 2016"),
    ("2015-05-21/2015-05-31", "late May 2015", "أواخر أيار 2015"),
    ("2016-02-21/2016-02-29", "late February 2016", "أواخر شباط 2016"),
    ("2015-05-01/2015-05-10", "early May 2015", "أوائل أيار 2015"),
    ("2015-05-11/2015-05-20", "mid-May 2015", "منتصف أيار 2015"),
    ("2015-01/2015-04", "early 2015", "أوائل 2015"),
    ("2015-05/2015-08", "mid-2015", "منتصف 2015"),
    ("2015-09/2015-12", "late 2015", "أواخر 2015"),
    ("2015-05-20/2015-05-21", "20–21 May 2015", "20–21 أيار 2015"),
    ("2015-05-21/2015-05-30", "21–30 May 2015", "21–30 أيار 2015"),
    ("2015-08-30/2015-09-02", "30 August – 2 September 2015", "30 آب – 2 أيلول 2015"),
    ("2015-05/2015-06", "May–June 2015", "أيار–حزيران 2015"),
    ("2015-05/2016-03", "May 2015 – March 2016", "أيار 2015 – آذار 2016"),
    ("2015/2016", "2015–2016", "2015–2016"),
    ("2015/2016-03", "2015 – March 2016", "2015 – آذار 2016"),
    ("2013~/2015?", "c. 2013 – possibly 2015", "حوالي 2013 – ربما 2015"),
    ("../2016-03", "before March 2016", "قبل آذار 2016"),
    ("2011/..", "after 2011", "بعد 2011"),
    ("2013~/..", "after c. 2013", "بعد حوالي 2013"),
    ("../2016-03?", "possibly before March 2016", "ربما قبل آذار 2016"),
    ("2013%/..", "possibly after c. 2013", "ربما بعد حوالي 2013"),
    ("2015-22", "summer 2015", "صيف 2015"),
    ("2015-21/2015-24", "spring 2015 – winter 2015", "ربيع 2015 – شتاء 2015"),
    ("201X", "the 2010s", "العقد الذي بدأ عام 2010"),
    ("201X?", "possibly the 2010s", "ربما العقد الذي بدأ عام 2010"),
    ("2015-XX", "some time in 2015", "في وقت ما من 2015"),
    ("2015-05-XX", "some time in May 2015", "في وقت ما من أيار 2015"),
    # no wording: the EDTF itself, which reads back
    ("19XX", "19XX", "19XX"),
    ("2015-XX-XX", "2015-XX-XX", "2015-XX-XX"),
]


@pytest.mark.parametrize(("text", "edtf", "earliest", "latest"), ENGLISH)
def test_english_phrases_become_edtf_with_bounds(
    text: str, edtf: str, earliest: date | None, latest: date | None
) -> None:
    assert read(text) == UncertainDate(edtf, earliest, latest)


@pytest.mark.parametrize(("text", "edtf"), ARABIC)
def test_arabic_phrases_become_edtf(text: str, edtf: str) -> None:
    assert read(text).edtf == edtf


@pytest.mark.parametrize(("text", "message"), REFUSALS)
def test_what_cannot_be_stored_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(UncertainDateError, match=re.escape(message)):
        read(text)


def test_a_phrase_not_understood_is_answered_with_examples() -> None:
    with pytest.raises(UncertainDateError) as refused:
        read("the day the museum was looted")
    assert str(refused.value) == (
        f"“the day the museum was looted” is not a date this form understands (e.g. {EXAMPLES_EN})."
    )


@pytest.mark.parametrize("example", re.split(r", | or ", EXAMPLES_EN))
def test_every_example_given_to_users_is_accepted(example: str) -> None:
    assert read(example).edtf


def test_a_year_ahead_is_allowed_and_a_day_more_is_not() -> None:
    assert read("2 June 2026").edtf == "2026-06-02"  # TODAY + 366 days
    with pytest.raises(UncertainDateError, match=str(FAR_FUTURE)):
        read("3 June 2026")


def test_an_uncertain_date_is_judged_by_its_earliest_day_and_an_open_start_by_its_end() -> None:
    assert read("2027?").earliest == date(2026, 1, 1)  # padded back into the allowance
    assert read("after 2026").latest is None
    with pytest.raises(UncertainDateError, match=str(FAR_FUTURE)):
        read("before 2027")


def test_today_defaults_to_the_real_today() -> None:
    assert parse_uncertain_date("27 March 2016").edtf == "2016-03-27"


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("late May 2015", date(2015, 5, 21), date(2015, 5, 31)),
        ("20–21 May 2015", date(2015, 5, 20), date(2015, 5, 21)),
        ("c. 2013", date(2012, 1, 1), date(2014, 12, 31)),
        ("before March 2016", None, date(2016, 3, 31)),
        ("after 2011", date(2011, 1, 1), None),
        # The package pads an uncertain date like an approximate one: its strict bounds
        # (1 January to 31 December 2016) widen by PADDING_YEAR_PRECISION, one year, times
        # MULTIPLIER_IF_UNCERTAIN, 1.0, on each side.
        ("2016?", date(2015, 1, 1), date(2017, 12, 31)),
        # Both (%) doubles the padding: MULTIPLIER_IF_BOTH is 2.0.
        ("2016%", date(2014, 1, 1), date(2018, 12, 31)),
        # An interval runs from its start's earliest to its end's latest.
        ("2013~/2015?", date(2012, 1, 1), date(2016, 12, 31)),
    ],
)
def test_bounds(text: str, earliest: date | None, latest: date | None) -> None:
    result = read(text)
    assert (result.earliest, result.latest) == (earliest, latest)


# EDTF, earliest, latest
CLAMPED = [
    ("0001~", date(1, 1, 1), date(2, 12, 31)),  # padding would reach year 0
    ("9999~", date(9998, 1, 1), date(9999, 12, 31)),  # ... or year 10000
    ("0XXX", date(1, 1, 1), date(999, 12, 31)),  # 0-999: year 0 cannot be a date
]


@pytest.mark.parametrize(("edtf", "earliest", "latest"), CLAMPED)
def test_bounds_are_clamped_to_what_a_date_can_hold(
    edtf: str, earliest: date, latest: date
) -> None:
    assert UncertainDate.from_edtf(edtf) == UncertainDate(edtf, earliest, latest)


# EDTF, part of the message
NOT_STORABLE = [
    ("garbage", "is not valid EDTF"),
    ("", "is not valid EDTF"),
    ("27 March 2016", "is not valid EDTF"),
    ("2015-13", "is not valid EDTF"),
    ("2016-02-30", "is not valid EDTF"),
    ("2015-02-29", "There is no 29 February 2015"),
    ("[2015..2016]", "EDTF level 2"),
    ("2015-21~/2015-22", "season"),
    ("2016/2015", str(REVERSED)),
    ("Y170000002", "between 1 and 9999"),
]


@pytest.mark.parametrize(("value", "message"), NOT_STORABLE)
def test_from_edtf_refuses_what_is_not_storable_edtf(value: str, message: str) -> None:
    with pytest.raises(UncertainDateError, match=re.escape(message)):
        UncertainDate.from_edtf(value)


def test_from_edtf_does_not_judge_the_future() -> None:
    """Stored dates are read back whatever today is; only what is typed is checked."""
    assert UncertainDate.from_edtf(" 2099 ") == UncertainDate(
        "2099", date(2099, 1, 1), date(2099, 12, 31)
    )


@pytest.mark.parametrize(("edtf", "english", "arabic"), WORDS)
def test_words(edtf: str, english: str, arabic: str) -> None:
    when = UncertainDate.from_edtf(edtf)
    assert (when.words(), str(when), when.words("ar")) == (english, english, arabic)


# EDTF's winter typed as such ("-24") means December alone to the edtf package; the words
# "winter 2015" are read as December to February, as a source means them.
TYPED_WINTER = {"2015-21/2015-24"}


@pytest.mark.parametrize(
    ("edtf", "english", "arabic"), [w for w in WORDS if w[0] not in TYPED_WINTER]
)
def test_the_words_read_back_as_the_same_edtf(edtf: str, english: str, arabic: str) -> None:
    assert read(english).edtf == read(arabic).edtf == edtf


@pytest.mark.parametrize("text", [row[0] for row in ENGLISH] + [row[0] for row in ARABIC])
def test_every_accepted_phrase_survives_the_round_trip_through_its_words(text: str) -> None:
    when = read(text)
    assert read(str(when)).edtf == read(when.words("ar")).edtf == when.edtf


def test_a_language_is_named_by_its_primary_subtag() -> None:
    when = UncertainDate.from_edtf("2015-05-21/2015-05-31")
    assert when.words("ar_SY") == when.words("ar-SY") == "أواخر أيار 2015"
    assert when.words("en-GB") == "late May 2015"


def test_a_language_without_a_table_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="known: en, ar"):
        UncertainDate.from_edtf("2015").words("fr")


def test_an_unreadable_stored_value_is_shown_as_it_is_rather_than_crashing() -> None:
    assert UncertainDate("not edtf", None, None).words() == "not edtf"
    assert UncertainDate("Y170000002", None, None).words("ar") == "Y170000002"


# --- words without the package ---------------------------------------------------------------

# More forms the module stores, exactly as the package writes them back: seasons and
# qualifiers on either end of a range, open ranges, years below 1000 and the last year.
MORE_STORED = [
    "2015-21/2015-22",
    "../2015-22",
    "2015-22/..",
    "2013~/2015",
    "2013/2015~",
    "2013?/2015%",
    "2016-03-27~/2016-04?",
    "2015-05-20?/2015-05-21",
    "../2016-03-27",
    "../2016-03-27~",
    "2011~/..",
    "2013%/..",
    "2015-XX?",
    "2015-05-XX~",
    "201X%",
    "0079",
    "0079~",
    "0079-03-01",
    "0079/0850",
    "0850-05/0850-08",
    "9999",
    "9999?",
    "9999-12-31",
    "0001-01-01",
    "2016-02-29",
    "2016/2016",
]

# Text never stored, which words() leaves to the package as before: ranges of decades and
# other level 2, qualified and level 2 seasons, days the grammar refuses, empty ends, years
# outside 1-9999, and text that is not EDTF at all.
NEVER_STORED = [
    "201X/202X",
    "2015-05-XX/2016",
    "2015-25",
    "2015-22?",
    "2015-02-30",
    "2015-04-31",
    "2015-00",
    "2015/",
    "/2015",
    "../..",
    "-0100",
    "0000",
    "0000-21",
    "0000-XX",
    "2016-03-27T10:00:00",
    "not edtf",
]

# Stored values without a wording, which words() leaves to the package: their EDTF is shown.
NO_WORDING = {"19XX", "2015-XX-XX", "0XXX"}

TABLE_EDTF = list(
    dict.fromkeys(
        [row[1] for row in ENGLISH]
        + [row[1] for row in ARABIC]
        + [row[0] for row in WORDS]
        + [row[0] for row in CLAMPED]
        + [row[0] for row in NOT_STORABLE]
    )
)
STORED = [
    edtf
    for edtf in dict.fromkeys(TABLE_EDTF + MORE_STORED)
    if edtf not in NO_WORDING and edtf not in {row[0] for row in NOT_STORABLE}
]


def library_words(edtf: str, language: str) -> str:
    """What words() gives by way of the package alone, the fallback for unknown text."""
    try:
        parts = uncertain_dates._library_parts(edtf)
        return uncertain_dates._say(parts, PHRASINGS[language])
    except (uncertain_dates.EDTFParseException, uncertain_dates._Unsayable):
        return edtf


@pytest.mark.parametrize("edtf", MORE_STORED)
def test_the_further_forms_are_stored_as_written(edtf: str) -> None:
    assert UncertainDate.from_edtf(edtf).edtf == edtf


@pytest.mark.parametrize("edtf", NEVER_STORED)
def test_the_text_never_stored_is_refused(edtf: str) -> None:
    with pytest.raises(UncertainDateError):
        UncertainDate.from_edtf(edtf)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("edtf", TABLE_EDTF + MORE_STORED + NEVER_STORED)
def test_words_read_without_the_package_are_the_packages_words(edtf: str, language: str) -> None:
    assert UncertainDate(edtf, None, None).words(language) == library_words(edtf, language)


@pytest.mark.parametrize("edtf", STORED)
def test_every_stored_form_with_a_wording_is_read_without_the_package(edtf: str) -> None:
    assert uncertain_dates._stored_parts(edtf) is not None


@pytest.mark.parametrize("edtf", [*NEVER_STORED, *sorted(NO_WORDING)])
def test_other_text_is_left_to_the_package(edtf: str) -> None:
    assert uncertain_dates._stored_parts(edtf) is None


def refuse_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(edtf: str) -> None:
        raise AssertionError(f"the package parsed {edtf!r}")

    monkeypatch.setattr(uncertain_dates, "parse_edtf", refuse)
    monkeypatch.setattr(uncertain_dates, "_parsed", refuse)


@pytest.mark.parametrize("edtf", STORED)
def test_showing_a_stored_date_never_parses_it_with_the_package(
    edtf: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [library_words(edtf, "en"), library_words(edtf, "ar")]
    refuse_the_package(monkeypatch)
    when = UncertainDate(edtf, None, None)
    assert [when.words("en"), when.words("ar")] == expected


@pytest.mark.parametrize(
    "day", [date(2016, 3, 27), date(2016, 2, 29), date(79, 1, 1), date.min, date.max]
)
def test_of_day_is_what_from_edtf_makes_of_the_day(day: date) -> None:
    assert UncertainDate.of_day(day) == UncertainDate.from_edtf(day.isoformat())
    assert UncertainDate.of_day(day) == UncertainDate(day.isoformat(), day, day)


def test_of_day_and_its_words_never_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_the_package(monkeypatch)
    when = UncertainDate.of_day(date(2016, 3, 27))
    assert (when.edtf, when.words(), when.words("ar")) == (
        "2016-03-27",
        "27 March 2016",
        "27 آذار 2016",
    )


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("27/03/2016", "2016-03-27"),
        ("27.03.2016", "2016-03-27"),
        ("03/27/2016", "2016-03-27"),
        ("4/4/2016", "2016-04-04"),
    ],
)
def test_a_day_written_in_numbers_is_read_when_its_order_is_clear(text, edtf):
    assert parse_uncertain_date(text, today=TODAY).edtf == edtf


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/04/2016", "could be 3 April or 4 March"),
        ("27/13/2016", "Neither 27 nor 13 is a month"),
        ("31.02.2016", "There is no 31 February 2016"),
    ],
)
def test_a_day_in_numbers_of_unclear_order_is_refused_with_the_choices(text, message):
    with pytest.raises(UncertainDateError, match=message):
        parse_uncertain_date(text, today=TODAY)


def test_winter_runs_into_the_next_year():
    """The edtf package counts winter (-24) as December alone; a source's winter does not."""
    winter = parse_uncertain_date("winter 2015", today=TODAY)

    assert (winter.edtf, winter.earliest, winter.latest) == (
        "2015-12/2016-02",
        date(2015, 12, 1),
        date(2016, 2, 29),
    )


@pytest.mark.parametrize("text", ["../201X", "2015-1X", "2015/2015-XX", "2015-XX/2016-XX"])
def test_edtf_the_package_half_accepts_is_refused_with_a_message(text):
    with pytest.raises(UncertainDateError):
        parse_uncertain_date(text, today=TODAY)
    with pytest.raises(UncertainDateError):
        UncertainDate.from_edtf(text)


# --- refusals in the reader's language -------------------------------------------------------


def listed(examples: str) -> list[str]:
    """The examples of a message, in English ("a, b or c") or Arabic ("a، b أو c")."""
    return re.split(r", | or |، | أو ", examples)


def test_the_arabic_examples_are_the_english_ones_and_read_back_the_same() -> None:
    english, arabic = listed(EXAMPLES_EN), listed(EXAMPLES_AR)

    assert len(arabic) == len(english)
    for in_english, in_arabic in zip(english, arabic, strict=True):
        assert read(in_arabic).edtf == read(in_english).edtf
    assert listed(EDTF_EXAMPLES_AR) == listed(EDTF_EXAMPLES)
    assert (date_examples("ar"), edtf_examples("ar_SY")) == (EXAMPLES_AR, EDTF_EXAMPLES_AR)
    assert (date_examples(), edtf_examples()) == (EXAMPLES_EN, EDTF_EXAMPLES)


def test_a_refusal_is_one_translated_message_with_examples_in_the_readers_language() -> None:
    with translated("ar") as seen, pytest.raises(UncertainDateError) as refused:
        read("")

    assert str(refused.value) == f"⟦Enter a date, e.g. {EXAMPLES_AR}.⟧"
    assert seen == ["Enter a date, e.g. %(examples)s."]


@pytest.mark.parametrize(
    ("text", "message_id", "shown"),
    [
        ("2027", "This date is more than a year from now; check the year.", "⟦This date"),
        ("2016/2015", "The second date of a range cannot be before the first.", "⟦The second"),
        ("May", "Give the year too, e.g. 27 March 2016 or May 2015.", "⟦Give the year"),
        ("Y170000002", "Years must be between 1 and 9999; check the year.", "⟦Years"),
        ("c. summer 2015", "A season cannot be marked approximate or uncertain;", "⟦A season"),
        ("the 2015s", "Name a decade by its first year, e.g. the 2010s.", "⟦Name a decade"),
        ("2015-13-01", "There is no month %(month)s; months run from 1 to 12.", "month 13;"),
        ("13/14/2016", "Neither %(first)s nor %(second)s is a month (1 to 12).", "Neither 13"),
        ("[2015..2016]", "“%(text)s” uses EDTF level 2", f"write e.g. {EDTF_EXAMPLES_AR}."),
        ("2016-03-27T10:00:00", "Give the day without a time of day", "⟦Give the day"),
        ("2015/", "An empty end of a range means “unknown”", "⟦An empty end"),
        ("looted", "“%(text)s” is not a date this form understands", f"(e.g. {EXAMPLES_AR})"),
        # dates in a refusal are in the reader's language too
        ("03/05/2016", "“%(text)s” could be %(first)s or %(second)s", "3 أيار or 5 آذار"),
        ("31 February 2016", "There is no %(date)s: that month has %(num)d day.", "31 شباط 2016"),
    ],
)
def test_refusals_go_through_the_translator(text: str, message_id: str, shown: str) -> None:
    with translated("ar") as seen, pytest.raises(UncertainDateError) as refused:
        read(text)

    assert any(seen_id.startswith(message_id) for seen_id in seen), seen
    assert shown in str(refused.value)
    assert str(refused.value).startswith("⟦")


def test_an_edtf_refusal_goes_through_the_translator() -> None:
    with translated("ar") as seen, pytest.raises(UncertainDateError) as refused:
        UncertainDate.from_edtf("not a date")

    assert seen == ["“%(text)s” is not valid EDTF; write e.g. %(examples)s."]
    assert str(refused.value) == f"⟦“not a date” is not valid EDTF; write e.g. {EDTF_EXAMPLES_AR}.⟧"


@pytest.mark.parametrize(
    ("spelling", "month"),
    sorted((*ARABIC_PHRASING.month_spellings.items(), *ENGLISH_PHRASING.month_spellings.items())),
)
def test_every_month_spelling_reads_as_its_month(spelling: str, month: int) -> None:
    """Each spelling of the table, the Egyptian and Gulf series included (يوليه, تشرين ثاني)."""
    assert read(f"{spelling} 2015").edtf == f"2015-{month:02d}"


@pytest.mark.parametrize(("number", "month"), list(enumerate(ARABIC_PHRASING.months, start=1)))
def test_every_levantine_month_name_reads_as_its_month(number: int, month: str) -> None:
    assert read(f"{month} 2015").edtf == f"2015-{number:02d}"


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("10 or 11 December 2016", "2016-12-10/2016-12-11"),
        ("10 أو 11 كانون الأول 2016", "2016-12-10/2016-12-11"),
        ("2015 or 2016", "2015/2016"),
        ("أيار أو حزيران 2015", "2015-05/2015-06"),
    ],
)
def test_one_date_or_another_is_the_range_between_them(text: str, edtf: str) -> None:
    """Sources that disagree by a day ("10 or 11 December") name a range the date lies in."""
    assert read(text).edtf == edtf
