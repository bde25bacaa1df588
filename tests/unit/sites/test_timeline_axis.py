"""The broken axis: long quiet stretches shortened so that a few dense years can be read.

Palmyra's eventful years (May 2015 to March 2017) sat in a fifth of a linear axis running to
2024; shortened, they take most of it. The rules: only quiet stretches (nothing starts, ends
or happens, not even roughly) are shortened; only when much longer than the typical gap
between changes; never reordering two dates; and the edges of each break are named.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from itertools import pairwise

import pytest

from heritage.sites.timeline import (
    BREAK_SHARE,
    MAX_BREAKS,
    MAX_TICKS,
    Scale,
    Timeline,
    build_timeline,
)
from tests.unit.sites.test_conflicts import GOVERNMENT, TODAY, claim
from tests.unit.sites.test_timeline import PALMYRA_EVENTS, PALMYRA_PERIODS, event, timeline_of

TICK_LABEL = re.compile(r"(?:[A-Z][a-z]{2} )?\d{1,4}")
FIRST, LAST = date(1, 1, 1), date(9999, 12, 31)


def scale_of(timeline: Timeline) -> Scale:
    return Scale(timeline.pieces)


def share(timeline: Timeline, start: date, end: date) -> float:
    scale = scale_of(timeline)
    return scale(end) - scale(start)


def days(start: date, end: date, step: int = 1):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=step)


@pytest.fixture(params=["with events", "periods only"])
def palmyra(request) -> Timeline:
    events = PALMYRA_EVENTS if request.param == "with events" else ()
    return timeline_of(PALMYRA_PERIODS, events)


# --- Palmyra ---------------------------------------------------------------------------------


def test_palmyras_eventful_years_take_more_than_half_the_axis(palmyra):
    """From ISIS's arrival (May 2015) to its second departure (2 March 2017)."""
    assert share(palmyra, date(2015, 5, 1), date(2017, 3, 2)) >= 0.5


def test_a_linear_axis_would_have_squeezed_them_into_a_fifth(palmyra):
    linear = (date(2017, 3, 2) - date(2015, 5, 1)).days / (palmyra.end - palmyra.start).days

    assert linear < 0.2


def test_the_seven_quiet_years_are_shortened_behind_one_break(palmyra):
    quiet = [piece for piece in palmyra.breaks if piece.start.year == 2017]

    (seven_years,) = quiet
    assert date(2017, 3, 2) < seven_years.start < seven_years.end < date(2024, 12, 7)
    assert seven_years.end.year == 2024
    assert seven_years.x1 - seven_years.x0 == pytest.approx(BREAK_SHARE)


def test_the_lone_early_event_is_set_apart_by_a_break_of_its_own():
    timeline = timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS)

    assert [(piece.start, piece.end) for piece in timeline.breaks] == [
        (date(2014, 1, 1), date(2015, 3, 1)),
        (date(2017, 5, 1), date(2024, 11, 1)),
    ]


def test_the_note_says_in_words_which_years_are_shortened():
    timeline = timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS)

    assert timeline.axis_note == (
        "The axis is shortened from January 2014 to March 2015 and from May 2017 to "
        "November 2024: no change of control and no damage is recorded then."
    )


def test_each_break_is_named_by_a_tick_on_either_side(palmyra):
    for piece in palmyra.breaks:
        before = [t for t in palmyra.ticks if t.at_break and t.fraction == piece.x0]
        after = [t for t in palmyra.ticks if t.at_break and t.fraction == piece.x1]
        (left,) = before
        (right,) = after
        assert left.anchor == "end"  # its label ends at the break, on the left
        assert right.anchor == "start"
        assert left.label == f"{calendar.month_abbr[piece.start.month]} {piece.start.year}"
        assert right.label == f"{calendar.month_abbr[piece.end.month]} {piece.end.year}"
    assert not any(
        piece.x0 < t.fraction < piece.x1 for piece in palmyra.breaks for t in palmyra.ticks
    )


# --- the rules -------------------------------------------------------------------------------


def test_shortening_never_reorders_two_dates(palmyra):
    scale = scale_of(palmyra)
    fractions = [scale(day) for day in days(palmyra.start, palmyra.end)]

    assert all(a < b for a, b in pairwise(fractions))
    assert fractions[0] == 0.0
    assert fractions[-1] == 1.0


def test_the_pieces_cover_the_axis_end_to_end(palmyra):
    pieces = palmyra.pieces

    assert pieces[0].x0 == 0.0
    assert pieces[-1].x1 == 1.0
    for a, b in pairwise(pieces):
        assert a.end == b.start
        assert a.x1 == b.x0
        assert not (a.compressed and b.compressed)
    for piece in pieces:
        assert piece.start < piece.end
        assert piece.x0 < piece.x1


def test_one_scale_for_every_stretch_not_shortened(palmyra):
    """Lengths compare within and across unbroken pieces: a day is as wide everywhere."""
    widths = {
        round((piece.x1 - piece.x0) / (piece.end - piece.start).days, 12)
        for piece in palmyra.pieces
        if not piece.compressed
    }

    assert len(widths) == 1


def test_nothing_that_happens_falls_inside_a_break(palmyra):
    """Every day a start, end or event may mean is drawn to scale."""
    moments = []
    for period in PALMYRA_PERIODS:
        for bound in (period.start, period.end):
            if bound:
                moments += [day for day in (bound.earliest, bound.latest) if day]
    for e in PALMYRA_EVENTS:
        moments += [day for day in (e.when.earliest, e.when.latest) if day]

    for piece in palmyra.breaks:
        for day in moments:
            assert not piece.start <= day <= piece.end, day


def test_changes_spread_evenly_keep_a_plain_linear_axis():
    timeline = timeline_of(
        [
            claim(1, "A", "1990-03", "1996-07"),
            claim(2, "B", "1996-07", "2001-11"),
            claim(3, "C", "2001-11", "2008-02"),
            claim(4, "D", "2008-02", "2014-06"),
            claim(5, "E", "2014-06"),
        ]
    )
    scale = scale_of(timeline)

    assert len(timeline.pieces) == 1
    assert timeline.breaks == ()
    assert timeline.axis_note is None
    total = (timeline.end - timeline.start).days
    for day in (date(1990, 3, 1), date(2001, 11, 15), date(2014, 6, 30)):
        assert scale(day) == pytest.approx((day - timeline.start).days / total)


@pytest.mark.parametrize(
    "periods",
    [
        [claim(1, "A", "1990", "2020")],  # one long claim: nothing to make room for
        # a century, then two months: a third claim would shorten the century
        [claim(1, "A", "1900", "2015-01"), claim(2, "B", "2015-01", "2015-03")],
        [claim(1, "A", "2015-01", "2015-06"), claim(2, "B", "2015-06", "2015-09")],  # short
    ],
    ids=["one claim", "two claims", "a short history"],
)
def test_too_few_changes_to_compare_keep_a_linear_axis(periods):
    assert timeline_of(periods).breaks == ()


def test_a_stretch_under_a_year_is_never_shortened():
    """Four changes a week apart, then one ten months later: long, but not a year."""
    timeline = timeline_of(
        [
            claim(1, "A", "2015-01-01", "2015-01-08"),
            claim(2, "B", "2015-01-08", "2015-01-15"),
            claim(3, "C", "2015-01-15", "2015-01-22"),
            claim(4, "D", "2015-01-22", "2015-11-20"),
        ],
        [event("report-1", "Fire", "2018-06-01")],  # and a long axis
    )

    assert all((piece.end - piece.start).days >= 180 for piece in timeline.breaks)
    assert not any(piece.start <= date(2015, 6, 1) <= piece.end for piece in timeline.breaks)


def test_at_most_three_breaks():
    changes = [f"{year}-0{month}" for year in (1950, 1970, 1990, 2010, 2030) for month in (1, 3)]
    periods = [claim(i, f"P{i}", start, end) for i, (start, end) in enumerate(pairwise(changes))]

    timeline = build_timeline(periods, [], date(2040, 1, 1))

    assert timeline is not None
    assert len(timeline.breaks) == MAX_BREAKS


def test_a_claim_whose_start_is_not_known_shows_some_of_its_length():
    timeline = timeline_of(PALMYRA_PERIODS)
    first = timeline.bars[0]

    assert first.x0 == 0.0
    assert first.x1 >= 0.05


# --- ticks -----------------------------------------------------------------------------------


def test_a_long_unbroken_span_is_snapped_to_whole_years():
    timeline = timeline_of([claim(1, "X", "2011-06", "2016-03-27"), claim(2, "Y", "2016-03-27")])

    assert timeline.start == date(2011, 1, 1)
    assert timeline.end == date(2017, 1, 1)
    assert all(re.fullmatch(r"\d{4}", tick.label) for tick in timeline.ticks)


@pytest.mark.parametrize(
    ("start", "end"),
    [("2011-01-01", "2026-11-25"), ("1900-06-01", "2026-11-25"), ("1516", "1918")],
)
def test_there_are_at_most_ten_ticks_on_a_plain_axis(start, end):
    timeline = timeline_of([claim(1, "X", start, end)])

    assert 2 <= len(timeline.ticks) <= MAX_TICKS


def test_a_short_span_gets_month_ticks():
    timeline = timeline_of(
        [claim(1, "Kurdish forces", "2018-01-20", "2018-03-18")],
        [event("report-1", "Ain Dara temple hit", "2018-01-28")],
    )

    assert (timeline.start, timeline.end) == (date(2018, 1, 1), date(2018, 4, 1))
    assert [tick.label for tick in timeline.ticks] == [
        "Jan 2018",
        "Feb 2018",
        "Mar 2018",
        "Apr 2018",
    ]
    assert timeline.bars[0].x1 - timeline.bars[0].x0 > 0.5


def test_a_span_of_two_years_is_snapped_to_quarters():
    timeline = timeline_of([claim(1, "X", "2015-05-10", "2017-02-03")])

    assert (timeline.start, timeline.end) == (date(2015, 4, 1), date(2017, 4, 1))
    assert [tick.label for tick in timeline.ticks] == [
        "Apr 2015",
        "Jul 2015",
        "Oct 2015",
        "Jan 2016",
        "Apr 2016",
        "Jul 2016",
        "Oct 2016",
        "Jan 2017",
        "Apr 2017",
    ]


def test_the_far_future_keeps_its_ticks_in_whole_thousands():
    timeline = timeline_of([claim(1, "ISIS", "2015-05-01", "9999-12-31")])

    assert (timeline.start, timeline.end) == (date(2015, 1, 1), LAST)
    assert [tick.label for tick in timeline.ticks] == [str(y) for y in range(3000, 10000, 1000)]


# --- any date a date can hold ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2015-05-01", "9999-12-31"),  # a typing slip for 2019: the page went down
        ("2015-05", "9999"),
        ("0001-01-01", "2015-05-21"),
        ("0001-01-01", "9999-12-31"),
        ("9999-11-20", "9999-12-31"),  # a short axis at the end: month ticks
        ("9998-03", "9999-12"),  # quarters
        ("0001-01-01", "0001-02-01"),
        (None, "0001-02-01"),  # not known before the first month of the calendar
        ("9999-12-31", None),  # ongoing from the calendar's last day
    ],
)
def test_a_period_anywhere_in_the_calendar_builds_a_timeline(start, end):
    periods = [claim(1, "ISIS", start, end)]
    events = [event("report-1", "Looting", end or start), event("report-2", "Fire", start or end)]

    timeline = build_timeline(periods, events, TODAY)

    assert timeline is not None
    assert 1 <= len(timeline.ticks) <= MAX_TICKS
    fractions = [tick.fraction for tick in timeline.ticks]
    assert fractions == sorted(fractions)
    assert all(0 <= f <= 1 for f in fractions)
    assert all(TICK_LABEL.fullmatch(tick.label) for tick in timeline.ticks)
    assert 0 <= timeline.bars[0].x0 <= timeline.bars[0].x1 <= 1


def test_breaks_near_both_ends_of_the_calendar_stay_in_it():
    """Dense early years, a dense last year, and eight thousand quiet ones between."""
    timeline = timeline_of(
        [
            claim(1, "A", "0001-01-01", "0001-03-01"),
            claim(2, "B", "0001-03-01", "0001-06-01"),
            claim(3, "C", "0001-06-01", "0001-08-01"),
            claim(4, "D", "0001-08-01", "9999-12-31"),
        ],
        [event("report-1", "Fire", "9999-12-31")],
    )

    assert timeline.start == FIRST
    assert timeline.end == LAST
    (quiet,) = timeline.breaks
    assert quiet.start.year == 1
    assert quiet.end.year == 9999
    assert share(timeline, FIRST, date(1, 8, 1)) > 0.5


@pytest.mark.parametrize("ongoing", ["9999-06", "9999-12-31", "0001"])
def test_an_ongoing_period_at_either_end_of_the_calendar_builds(ongoing):
    timeline = timeline_of([claim(1, "X", ongoing)])

    assert timeline.bars[0].ongoing
    assert timeline.ticks


def test_a_government_known_only_by_its_end_still_has_a_timeline():
    timeline = timeline_of([claim(1, GOVERNMENT, None, "2015-05-20/2015-05-21")])

    (only,) = timeline.bars
    assert only.x0 == 0.0
    assert only.x1 > 0.5
