"""The timeline's geometry at the page's widths: labels beside their bars and inside the
drawing, rows apart, ticks clear of each other, breaks and markers in place."""

from __future__ import annotations

from itertools import pairwise

import pytest

from heritage.sites.conflicts import CONFLICT_LABELS
from heritage.sites.timeline import Timeline
from heritage.sites.timeline_layout import (
    COMPACT_WIDTH,
    DESKTOP_WIDTH,
    ELLIPSIS,
    OUTLINE_PAD,
    BarDrawing,
    TimelineDrawing,
    layout_timeline,
    text_width,
)
from tests.unit.sites.test_conflicts import GOVERNMENT, claim
from tests.unit.sites.test_timeline import PALMYRA_EVENTS, PALMYRA_PERIODS, event, timeline_of

NARROW = 420  # any width draws; the page uses the two above
WIDTHS = (DESKTOP_WIDTH, COMPACT_WIDTH, NARROW)
COALITION = (
    "Coalition of the Free Syrian Army and Allied Local Defence Committees "
    "of the Northern Countryside"
)
EPSILON = 0.2  # coordinates are rounded to a tenth

TIMELINES = {
    "palmyra": timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS),
    "long names": timeline_of(
        [
            claim(1, COALITION, "2012-01-01", "2013-06-01"),
            claim(2, "Hay'at Tahrir al-Sham", "2013-03", "2018-09-30"),
            claim(3, "Turkish-backed Syrian National Army factions", "2018-09/..", "../2019-02"),
            claim(4, "Kurdish forces", "2018-10"),
        ],
        [event("report-1", "Mosaic looted", "2018-12-24")],
    ),
    "the whole calendar": timeline_of(
        [
            claim(1, "Ancient holders", "0001", "2015-05-01"),
            claim(2, "ISIS", "2015-05-01", "9999-12-31"),
        ],
        [event("report-1", "Looting", "9999-12-31")],
    ),
    "one day": timeline_of(
        [
            claim(1, "Ancient holders", "1900", "2015-01-01"),
            claim(2, "Raiders", "2014-03-27", "2014-03-27"),
            claim(3, "ISIS", "2015-01-01", "2016-01-02"),
        ]
    ),
    "arabic": timeline_of(
        [
            claim(1, "الجيش (اللواء 5)", "2015-05", "2016-03-27"),
            claim(2, "تنظيم الدولة", "2016-03-27"),
        ]
    ),
}
CASES = [(name, width) for name in TIMELINES for width in WIDTHS]


@pytest.fixture(params=CASES, ids=[f"{name}-{width}" for name, width in CASES])
def drawn(request) -> tuple[Timeline, TimelineDrawing]:
    name, width = request.param
    return TIMELINES[name], layout_timeline(TIMELINES[name], width)


def line_text(line) -> str:
    return "".join(run.text for run in line.runs)


def bar_extent(drawing: BarDrawing) -> tuple[float, float]:
    """From the bar's outline on the left to its arrow or outline on the right."""
    left = drawing.outline.x if drawing.outline else drawing.rect.x
    right = drawing.rect.x + drawing.rect.width
    if drawing.outline:
        right = max(right, drawing.outline.x + drawing.outline.width)
    if drawing.arrow:
        right = max(right, *(float(p.split(",")[0]) for p in drawing.arrow.split()))
    return left, right


# --- labels ----------------------------------------------------------------------------------


def test_no_label_runs_past_either_edge(drawn):
    _, d = drawn
    left_edge, right_edge = d.font_size, d.width - d.font_size

    for bar in d.bars:
        for line in bar.lines:
            assert line.width >= text_width(line_text(line), d.font_size) - EPSILON
            assert line.left >= left_edge - EPSILON, line_text(line)
            assert line.right <= right_edge + EPSILON, line_text(line)


def test_a_label_beside_its_bar_sits_on_the_bars_row_clear_of_it(drawn):
    _, d = drawn

    for bar in d.bars:
        if bar.placement == "above":
            continue
        left, right = bar_extent(bar)
        middle = bar.rect.y + bar.rect.height / 2
        block_top = bar.lines[0].y - d.font_size
        block_bottom = bar.lines[-1].y + d.font_size * 0.3
        assert block_top - EPSILON <= middle <= block_bottom + EPSILON
        for line in bar.lines:
            if bar.placement == "right":
                assert line.anchor == "start"
                assert line.left >= right + d.font_size * 0.5 - EPSILON
            else:
                assert line.anchor == "end"
                assert line.right <= left - d.font_size * 0.5 + EPSILON


def test_a_label_above_its_bar_is_only_for_want_of_room_beside(drawn):
    """Above only when even the party and its dates on lines of their own fit on neither
    side (a row crossed by hatching may have less room: its label keeps clear of it)."""
    timeline, d = drawn
    disputed = {row for dispute in timeline.disputes for row in range(*sorted(dispute.rows))}
    disputed |= {max(dispute.rows) for dispute in timeline.disputes}

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        if drawing.placement != "above" or bar.row in disputed:
            continue
        left, right = bar_extent(drawing)
        tags = " · ".join(str(CONFLICT_LABELS[kind]) for kind in bar.conflict_kinds)
        narrowest = max(
            text_width(bar.party, d.font_size, bold=True),
            text_width(bar.dates_text, d.font_size),
            text_width(tags, d.font_size, bold=True),
        )
        room = max(d.width - d.font_size - right, left - d.font_size) - d.font_size * 0.5
        assert room < narrowest
        assert drawing.lines[-1].y + d.font_size * 0.3 <= drawing.rect.y + EPSILON


def test_the_label_is_right_of_the_bar_when_it_fits():
    d = layout_timeline(TIMELINES["palmyra"], DESKTOP_WIDTH)

    first = d.bars[0]  # "until 20–21 May 2015": a short bar at the left
    assert first.placement == "right"
    assert [(run.text, run.css_class) for run in first.lines[0].runs] == [
        (GOVERNMENT, "tl-party"),
        (" · ", None),
        ("until 20–21 May 2015", None),
    ]
    current = d.bars[-1]  # ongoing, against the right edge
    assert current.placement == "left"


def test_every_palmyra_label_sits_beside_its_bar_on_a_desktop():
    d = layout_timeline(TIMELINES["palmyra"], DESKTOP_WIDTH)

    assert {bar.placement for bar in d.bars} <= {"right", "left"}


def test_a_one_day_period_keeps_its_label(drawn):
    timeline, d = drawn

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        text = " ".join(line_text(line) for line in drawing.lines)
        party = " ".join(
            run.text for line in drawing.lines for run in line.runs if run.css_class == "tl-party"
        )
        assert party == bar.party or party.endswith(ELLIPSIS)
        assert " ".join(bar.dates_text.split()) in " ".join(text.split())
        assert drawing.rect.width >= 3


def test_labels_beside_a_bar_keep_clear_of_the_hatching_across_its_row(drawn):
    timeline, d = drawn
    hatched = {
        row: [
            drawing.rect
            for dispute, drawing in zip(timeline.disputes, d.disputes, strict=True)
            if min(dispute.rows) <= row <= max(dispute.rows)
        ]
        for row in range(len(d.bars))
    }

    for row, bar in enumerate(d.bars):
        if bar.placement == "above":
            continue
        for line in bar.lines:
            for rect in hatched[row]:
                assert line.right <= rect.x + EPSILON or line.left >= rect.x + rect.width - EPSILON


def test_conflict_tags_are_the_cards_badges_in_the_cards_order(drawn):
    timeline, d = drawn

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        tags = [
            run.text for line in drawing.lines for run in line.runs if run.css_class == "tl-tag"
        ]
        assert (
            " ".join(tags).split()
            == " ".join(str(CONFLICT_LABELS[kind]) for kind in bar.conflict_kinds).split()
        )


def test_names_and_only_names_are_isolated(drawn):
    _, d = drawn

    for drawing in d.bars:
        for line in drawing.lines:
            for run in line.runs:
                assert run.isolate == (run.css_class == "tl-party")


def test_a_party_too_long_for_a_line_wraps_between_words_without_losing_any():
    d = layout_timeline(TIMELINES["long names"], NARROW)

    coalition = d.bars[0]
    assert coalition.placement == "above"
    party_lines = [
        run.text for line in coalition.lines for run in line.runs if run.css_class == "tl-party"
    ]
    assert len(party_lines) >= 2
    assert " ".join(party_lines) == COALITION
    assert COALITION in coalition.title


def test_a_word_wider_than_the_drawing_is_cut_short_with_an_ellipsis():
    d = layout_timeline(timeline_of([claim(1, "W" * 80, "2015-05-01")]), NARROW)

    (party_line, *_) = d.bars[0].lines
    assert line_text(party_line).endswith(ELLIPSIS)
    assert party_line.width <= NARROW - 2 * d.font_size


# --- rows, bars, disputes, breaks ------------------------------------------------------------


def test_rows_do_not_overlap(drawn):
    _, d = drawn
    fs = d.font_size

    for bar in d.bars:
        assert bar.lines[0].y - fs >= bar.top - EPSILON  # the first line's capitals
        assert bar.lines[-1].y + fs * 0.3 <= bar.bottom + EPSILON  # the last line's descenders
        assert bar.rect.y >= bar.top - EPSILON
        assert bar.rect.y + bar.rect.height < bar.bottom
    for upper, lower in pairwise(d.bars):
        assert upper.bottom <= lower.top + EPSILON
    if d.bars:
        assert d.bars[0].top > d.axis[0].y1


def test_bars_stay_in_the_drawing(drawn):
    _, d = drawn

    for bar in d.bars:
        assert d.font_size - OUTLINE_PAD - EPSILON <= bar_extent(bar)[0]
        assert bar.rect.x + bar.rect.width <= d.width - d.font_size + EPSILON
        assert bar_extent(bar)[1] <= d.width - 2 + EPSILON
        assert bar.rect.width >= 3


def test_every_fuzzy_bar_has_its_fade(drawn):
    timeline, d = drawn
    fades = {fade.name: fade for fade in d.fades}

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        if not (bar.fuzzy_start or bar.fuzzy_end):
            assert drawing.fade is None
            continue
        stops = fades[drawing.fade].stops
        offsets = [stop.offset for stop in stops]
        assert offsets == sorted(offsets)
        assert offsets[0] == 0
        assert offsets[-1] == 1
        assert stops[0].faded == bar.fuzzy_start
        assert stops[-1].faded == bar.fuzzy_end
        assert fades[drawing.fade].colour == bar.colour == drawing.colour


def test_ongoing_bars_end_in_an_arrow_inside_the_drawing(drawn):
    timeline, d = drawn

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        assert (drawing.arrow is not None) == bar.ongoing


def test_a_dispute_is_hatched_across_the_rows_of_both_claims():
    timeline = TIMELINES["palmyra"]
    d = layout_timeline(timeline, DESKTOP_WIDTH)

    assert len(d.disputes) == 2
    for dispute, drawing in zip(timeline.disputes, d.disputes, strict=True):
        upper, lower = d.bars[min(dispute.rows)], d.bars[max(dispute.rows)]
        assert drawing.rect.y < upper.rect.y
        assert drawing.rect.y + drawing.rect.height > lower.rect.y + lower.rect.height
        assert drawing.summary.replace("\u2068", "").replace("\u2069", "") == (
            dispute.conflict.summary
        )
    conflicted = {period_id for c in timeline.conflicts for period_id in c.period_ids}
    outlined = {bar.period_id for bar in d.bars if bar.outline}
    assert outlined == conflicted


def test_a_one_day_dispute_stays_visible():
    d = layout_timeline(
        timeline_of(
            [
                claim(1, "ISIS", "2015-01-01", "2016-01-02"),
                claim(2, "Syrian Arab Army", "2016-01-01", "2016-12-31"),
                claim(3, "Ancient holders", "1900", "2015-01-01"),
            ]
        ),
        DESKTOP_WIDTH,
    )

    assert d.disputes
    assert all(dispute.rect.width >= 6 for dispute in d.disputes)


def test_breaks_are_drawn_where_the_axis_is_shortened(drawn):
    timeline, d = drawn

    assert len(d.breaks) == len(timeline.breaks)
    for piece, drawing in zip(timeline.breaks, d.breaks, strict=True):
        x0 = d.font_size + piece.x0 * (d.width - 2 * d.font_size)
        assert drawing.band.x == pytest.approx(x0, abs=EPSILON)
        points = [tuple(map(float, p.split(","))) for p in drawing.zigzag.split()]
        xs = [x for x, _ in points]
        assert xs == sorted(xs)
        assert xs[0] == pytest.approx(drawing.band.x, abs=EPSILON)
        assert xs[-1] == pytest.approx(drawing.band.x + drawing.band.width, abs=EPSILON)
    # The axis line is drawn over the unbroken stretches only.
    assert len(d.axis) == len(timeline.pieces) - len(timeline.breaks)


def test_a_bar_through_a_break_is_cut_there(drawn):
    timeline, d = drawn
    plot = d.width - 2 * d.font_size
    middles = [d.font_size + (p.x0 + p.x1) / 2 * plot for p in timeline.breaks]

    for bar in d.bars:
        through = [m for m in middles if bar.rect.x + 4 < m < bar.rect.x + bar.rect.width - 4]
        assert len(bar.cuts) == len(through)


def test_palmyras_seven_quiet_years_cut_the_bar_that_spans_them():
    d = layout_timeline(TIMELINES["palmyra"], DESKTOP_WIDTH)

    assert {bar.period_id for bar in d.bars if bar.cuts} == {1, 6}


# --- axis and events -------------------------------------------------------------------------


def test_tick_labels_neither_collide_nor_leave_the_drawing(drawn):
    _, d = drawn
    labelled = [tick for tick in d.ticks if tick.label]

    assert labelled
    extents = []
    for tick in labelled:
        width = text_width(tick.label, d.font_size)
        left = tick.label_x if tick.anchor == "start" else tick.label_x - width
        assert left >= 0
        assert left + width <= d.width
        extents.append((left, left + width))
    extents.sort()
    for (_, right), (left, _) in pairwise(extents):
        assert right < left
    for tick in d.ticks:
        assert tick.line.y2 < d.height


def test_the_edges_of_each_break_are_labelled_on_a_desktop():
    timeline = TIMELINES["palmyra"]
    d = layout_timeline(timeline, DESKTOP_WIDTH)
    labels = {tick.label for tick in d.ticks if tick.label}

    assert {"Jan 2014", "Mar 2015", "May 2017", "Nov 2024"} <= labels


def test_markers_in_one_lane_do_not_cover_each_other(drawn):
    _, d = drawn
    last_row = d.bars[-1].bottom if d.bars else d.axis[0].y1

    for e in d.events:
        assert e.cy - e.r > last_row
        assert e.cy + e.r < d.height
        assert d.font_size - EPSILON <= e.cx <= d.width - d.font_size + EPSILON
    for i, a in enumerate(d.events):
        for b in d.events[i + 1 :]:
            if a.cy == b.cy:
                assert abs(a.cx - b.cx) >= 2 * a.r


def test_the_drawing_is_as_tall_as_its_rows_and_lanes():
    one = layout_timeline(timeline_of(PALMYRA_PERIODS[1:2]), DESKTOP_WIDTH)
    seven = layout_timeline(timeline_of(PALMYRA_PERIODS), DESKTOP_WIDTH)
    with_events = layout_timeline(TIMELINES["palmyra"], DESKTOP_WIDTH)

    assert seven.height > one.height * 3
    assert with_events.height > seven.height
    assert one.events_label is None
    assert with_events.events_label is not None
