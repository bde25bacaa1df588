"""The timeline for a right-to-left reader: the same data, time running from right to left.

Every x of the drawing is reflected in its middle, labels keep to the same side of their bars
and lines as read (so their text-anchors stay: in a right-to-left page 'start' is the right end
of a text), ticks and month names are Arabic, and every sentence goes through the translator.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from heritage.sites.timeline import Timeline
from heritage.sites.timeline_layout import (
    DESKTOP_WIDTH,
    Rect,
    Segment,
    TimelineDrawing,
    layout_timeline,
    text_width,
)
from tests.unit.sites.test_position import translated
from tests.unit.sites.test_timeline import PALMYRA_EVENTS, PALMYRA_PERIODS, timeline_of
from tests.unit.sites.test_timeline_layout import CASES, EPSILON, TIMELINES, bar_extent

ARABIC_MONTHS = {"كانون الثاني", "آذار", "أيار", "تشرين الثاني"}


@pytest.fixture(params=CASES, ids=[f"{name}-{width}" for name, width in CASES])
def both(request) -> tuple[Timeline, TimelineDrawing, TimelineDrawing]:
    name, width = request.param
    timeline = TIMELINES[name]
    return (
        timeline,
        layout_timeline(timeline, width, right_to_left=False),
        layout_timeline(timeline, width, right_to_left=True),
    )


def mirrored_x(width: int, x: float) -> float:
    return pytest.approx(width - x, abs=EPSILON)


def assert_mirrored_segment(width: int, ltr: Segment, rtl: Segment) -> None:
    assert (rtl.x1, rtl.x2) == (mirrored_x(width, ltr.x1), mirrored_x(width, ltr.x2))
    assert (rtl.y1, rtl.y2) == (ltr.y1, ltr.y2)


def assert_mirrored_rect(width: int, ltr: Rect, rtl: Rect) -> None:
    assert rtl.x == mirrored_x(width, ltr.x + ltr.width)
    assert (rtl.y, rtl.width, rtl.height) == (ltr.y, ltr.width, ltr.height)


def points(text: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (point.split(",") for point in text.split())]


def assert_mirrored_points(width: int, ltr: str, rtl: str) -> None:
    for (x, y), (rx, ry) in zip(points(ltr), points(rtl), strict=True):
        assert rx == mirrored_x(width, x)
        assert ry == y


# --- the same drawing, reflected -------------------------------------------------------------


def test_every_x_is_reflected_in_the_middle_and_nothing_else_changes(both):
    _, ltr, rtl = both
    w = ltr.width

    assert (rtl.right_to_left, ltr.right_to_left) == (True, False)
    assert (rtl.width, rtl.height, rtl.font_size) == (ltr.width, ltr.height, ltr.font_size)
    for a, b in zip(ltr.axis, rtl.axis, strict=True):
        assert_mirrored_segment(w, a, b)
    for a, b in zip(ltr.ticks, rtl.ticks, strict=True):
        assert_mirrored_segment(w, a.line, b.line)
        assert b.label_x == mirrored_x(w, a.label_x)
        assert (b.label, b.anchor) == (a.label, a.anchor)
    for a, b in zip(ltr.breaks, rtl.breaks, strict=True):
        assert_mirrored_rect(w, a.band, b.band)
        assert_mirrored_points(w, a.zigzag, b.zigzag)
        assert b.title == a.title
    for a, b in zip(ltr.disputes, rtl.disputes, strict=True):
        assert_mirrored_rect(w, a.rect, b.rect)
        assert b.summary == a.summary
    for a, b in zip(ltr.events, rtl.events, strict=True):
        assert b.cx == mirrored_x(w, a.cx)
        assert_mirrored_segment(w, a.guide, b.guide)
        assert (a.span is None) == (b.span is None)
        if a.span and b.span:
            assert_mirrored_segment(w, a.span, b.span)
        assert (b.cy, b.number, b.title) == (a.cy, a.number, a.title)
    if ltr.events_label and rtl.events_label:
        assert rtl.events_label == (mirrored_x(w, ltr.events_label[0]), ltr.events_label[1])
    assert (ltr.events_label is None) == (rtl.events_label is None)


def test_bars_are_reflected_with_their_labels_arrows_outlines_and_cuts(both):
    _, ltr, rtl = both
    w = ltr.width
    sides = {"right": "left", "left": "right", "above": "above"}

    for a, b in zip(ltr.bars, rtl.bars, strict=True):
        assert_mirrored_rect(w, a.rect, b.rect)
        assert (a.outline is None) == (b.outline is None)
        if a.outline and b.outline:
            assert_mirrored_rect(w, a.outline, b.outline)
        assert (a.arrow is None) == (b.arrow is None)
        if a.arrow and b.arrow:
            assert_mirrored_points(w, a.arrow, b.arrow)
        for cut, rtl_cut in zip(a.cuts, b.cuts, strict=True):
            assert_mirrored_points(w, cut, rtl_cut)
        assert b.placement == sides[a.placement]
        assert (b.top, b.bottom, b.title, b.colour, b.fade) == (
            a.top,
            a.bottom,
            a.title,
            a.colour,
            a.fade,
        )
        for line, rtl_line in zip(a.lines, b.lines, strict=True):
            assert rtl_line.right_to_left
            assert (rtl_line.anchor, rtl_line.runs, rtl_line.y) == (line.anchor, line.runs, line.y)
            assert rtl_line.left == mirrored_x(w, line.right)
            assert rtl_line.right == mirrored_x(w, line.left)


def test_faded_ends_are_mirrored(both):
    timeline, _, rtl = both
    fades = {fade.name: fade for fade in rtl.fades}

    for bar, drawing in zip(timeline.bars, rtl.bars, strict=True):
        if drawing.fade is None:
            continue
        stops = fades[drawing.fade].stops
        offsets = [stop.offset for stop in stops]
        assert offsets == sorted(offsets)
        assert (offsets[0], offsets[-1]) == (0, 1)
        # The gradient runs left to right: a faded start is now at the right end.
        assert stops[-1].faded == bar.fuzzy_start
        assert stops[0].faded == bar.fuzzy_end


def test_labels_stay_inside_the_drawing_and_clear_of_their_bars(both):
    _, _, d = both
    fs = d.font_size

    for bar in d.bars:
        left, right = bar_extent(bar)
        for line in bar.lines:
            assert line.left >= fs - EPSILON
            assert line.right <= d.width - fs + EPSILON
            if bar.placement == "left":  # after the bar's end, as read from the right
                assert line.right <= left - fs * 0.5 + EPSILON
            elif bar.placement == "right":
                assert line.left >= right + fs * 0.5 - EPSILON


def test_tick_labels_stay_inside_and_apart(both):
    _, _, d = both
    extents = []
    for tick in d.ticks:
        if tick.label:
            width = text_width(tick.label, d.font_size)
            # right to left, 'start' is the label's right end
            right = tick.label_x if tick.anchor == "start" else tick.label_x + width
            assert right - width >= 0
            assert right <= d.width
            extents.append((right - width, right))
    for (_, right), (left, _) in pairwise(sorted(extents)):
        assert right < left


# --- Palmyra, read from the right ------------------------------------------------------------


def test_time_runs_from_right_to_left():
    timeline = timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS)
    d = layout_timeline(timeline, DESKTOP_WIDTH, right_to_left=True)
    right_edge = d.width - d.font_size

    first, *_, current = d.bars
    assert first.rect.x + first.rect.width == pytest.approx(right_edge, abs=EPSILON)
    assert all(
        later.rect.x <= earlier.rect.x + EPSILON
        for earlier, later in pairwise(sorted(d.bars, key=lambda bar: bar.period_id))
    )
    assert first.placement == "left"  # its label beside it, after it as read
    assert first.lines[0].anchor == "start"
    # The ongoing control runs off the left edge, its arrow pointing left.
    arrow = points(current.arrow or "")
    tip = min(arrow)
    assert tip[0] < current.rect.x
    assert tip[1] == pytest.approx(current.rect.y + current.rect.height / 2, abs=EPSILON)
    # Ticks: the earliest at the right.
    labelled = [tick for tick in d.ticks if tick.label]
    assert labelled[0].line.x1 > labelled[-1].line.x1
    # Event 1 (the earliest) is right of event 7 (the latest).
    by_number = {event.number: event for event in d.events}
    assert by_number[1].cx > by_number[7].cx
    assert d.events_label is not None
    assert d.events_label[0] == pytest.approx(right_edge, abs=EPSILON)


def test_the_direction_follows_the_readers_language():
    timeline = TIMELINES["palmyra"]

    with translated("ar"):
        assert layout_timeline(timeline, DESKTOP_WIDTH).right_to_left
    with translated("en"):
        assert not layout_timeline(timeline, DESKTOP_WIDTH).right_to_left
    assert not layout_timeline(timeline, DESKTOP_WIDTH).right_to_left


def test_arabic_ticks_name_the_months_in_arabic():
    with translated("ar"):
        timeline = timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS)
        d = layout_timeline(timeline, DESKTOP_WIDTH)

    labels = {tick.label for tick in timeline.ticks}
    assert {"كانون الثاني 2014", "آذار 2015", "أيار 2017", "تشرين الثاني 2024"} <= labels
    assert not any(char.isascii() and char.isalpha() for label in labels for char in label)
    drawn = {tick.label for tick in d.ticks if tick.label}
    assert drawn
    assert all(label.split()[-1].isdigit() for label in drawn)
    assert {"آذار 2015", "أيار 2017", "تشرين الثاني 2024"} <= drawn  # a break's edges


def test_the_axis_note_and_titles_go_through_the_translator():
    with translated("ar") as seen:
        timeline = timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS)
        d = layout_timeline(timeline, DESKTOP_WIDTH)
        note = timeline.axis_note

    assert note == (
        "⟦The axis is shortened ⟦⟦from كانون الثاني 2014 to آذار 2015⟧ and "
        "⟦from أيار 2017 to تشرين الثاني 2024⟧⟧: no change of control and no damage is "
        "recorded then.⟧"
    )
    assert d.breaks[0].title == "⟦Axis shortened from كانون الثاني 2014 to آذار 2015⟧"
    government = "\u2068Syrian government forces\u2069"
    assert d.bars[0].title == f"⟦{government}, ⟦until 20–21 أيار 2015⟧ (⟦1 source⟧)⟧"
    supported = next(bar for bar in d.bars if bar.period_id == 4)
    assert supported.title.startswith(
        f"⟦⟦⟦{government}, supported by \u2068Russian Armed Forces\u2069⟧,"
    )
    assert d.events[0].title == "⟦1. \u2068Looting in the necropolis\u2069 (قبل تشرين الثاني 2013)⟧"
    for message in (
        "%(num)d source",
        "%(party)s, %(dates)s (%(sources)s)",
        "%(party)s, supported by %(supporters)s",
        "%(title)s: %(tags)s",
        "%(number)s. %(label)s (%(date)s)",
        "Axis shortened from %(start)s to %(end)s",
        "%(first)s and %(second)s",
    ):
        assert message in seen


# --- widths of Arabic text -------------------------------------------------------------------

# Widths at 14 px measured in Chromium: the widest of DejaVu Sans, Noto Sans Arabic, Noto Naskh
# Arabic and Noto Kufi Arabic, at weights 400 and 600 (divided by the estimate's bold factor).
MEASURED = {
    "تشرين الثاني 2024": 122.9,
    "سسسسسس": 84.4,
    "ب ب ب ب": 66.5,
    "ضصثقفغعهخحجد": 106.0,
    "الجيش العربي السوري": 141.3,
    "تنظيم الدولة الإسلامية": 142.0,
    "قوات سوريا الديمقراطية": 155.9,
    "متنازع عليه": 70.3,
}


@pytest.mark.parametrize(("text", "measured"), MEASURED.items())
def test_arabic_widths_are_estimated_wide(text: str, measured: float) -> None:
    assert text_width(text, 14) >= measured
    assert text_width(text, 14, bold=True) >= measured * 1.1
