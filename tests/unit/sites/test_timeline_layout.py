"""The timeline's geometry at the site page's two widths: labels inside, rows apart."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from heritage.sites.timeline import Timeline, build_timeline
from heritage.sites.timeline_layout import (
    DESKTOP_WIDTH,
    ELLIPSIS,
    PHONE_WIDTH,
    TimelineDrawing,
    layout_timeline,
    text_width,
)
from tests.unit.sites.test_timeline import (
    DAY,
    MONTH,
    PALMYRA_EVENTS,
    PALMYRA_PERIODS,
    SAA,
    TODAY,
    YEAR,
    claim,
    event,
)

WIDTHS = (DESKTOP_WIDTH, PHONE_WIDTH)
COALITION = (
    "Coalition of the Free Syrian Army and Allied Local Defence Committees "
    "of the Northern Countryside"
)
EPSILON = 0.2  # coordinates are rounded to a tenth


def timeline_of(periods, events=()) -> Timeline:
    timeline = build_timeline(periods, events, TODAY)
    assert timeline is not None
    return timeline


TIMELINES = {
    "palmyra": timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS),
    "long names": timeline_of(
        [
            claim(1, COALITION, date(2012, 1, 1), DAY, date(2013, 6, 1), DAY),
            claim(2, "Hay'at Tahrir al-Sham", date(2013, 3, 1), MONTH, date(2018, 9, 30), DAY),
            claim(
                3,
                "Turkish-backed Syrian National Army factions",
                date(2018, 9, 1),
                MONTH,
                date(2019, 2, 1),
                MONTH,
                start_qualifier="after",
                end_qualifier="before",
            ),
            claim(4, "Kurdish forces", date(2018, 10, 1), MONTH),
        ],
        [event("report-1", "Mosaic looted", date(2018, 12, 24))],
    ),
    "the whole calendar": timeline_of(
        [
            claim(1, "Ancient holders", date(1, 1, 1), YEAR, date(2015, 5, 1), DAY),
            claim(2, "ISIS", date(2015, 5, 1), DAY, date(9999, 12, 31), DAY),
        ],
        [event("report-1", "Looting", date(9999, 12, 31))],
    ),
}
CASES = [(name, width) for name in TIMELINES for width in WIDTHS]


@pytest.fixture(params=CASES, ids=[f"{name}-{width}" for name, width in CASES])
def drawn(request) -> tuple[Timeline, TimelineDrawing]:
    name, width = request.param
    return TIMELINES[name], layout_timeline(TIMELINES[name], width)


def line_text(line) -> str:
    return "".join(run.text for run in line.runs)


# --- labels ----------------------------------------------------------------------------------


def test_no_label_runs_past_either_edge(drawn):
    _, d = drawn
    left_edge, right_edge = d.font_size, d.width - d.font_size

    for bar in d.bars:
        for line in bar.lines:
            assert line.width >= text_width(line_text(line), d.font_size) - EPSILON
            left = line.x if line.anchor == "start" else line.x - line.width
            assert left >= left_edge - EPSILON, line_text(line)
            assert left + line.width <= right_edge + EPSILON, line_text(line)


def test_a_label_reads_from_its_bar(drawn):
    """Beside the bar's start in the left half, ending at its end in the right half; moved
    only as far as keeps it inside the drawing."""
    timeline, d = drawn
    left, right = d.font_size, d.width - d.font_size

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        anchors = {line.anchor for line in drawing.lines}
        (x,) = {line.x for line in drawing.lines}
        widest = max(line.width for line in drawing.lines)
        bar_start, bar_end = drawing.rect.x, drawing.rect.x + drawing.rect.width
        if bar.x0 < 0.5:
            assert anchors == {"start"}
            assert x == pytest.approx(bar_start, abs=EPSILON) or x + widest == pytest.approx(
                right, abs=EPSILON
            )
        else:
            assert anchors == {"end"}
            assert x == pytest.approx(min(bar_end, right), abs=EPSILON) or (
                x - widest == pytest.approx(left, abs=EPSILON)
            )


def test_palmyra_recaptured_is_labelled_from_the_end_of_its_bar():
    timeline = TIMELINES["palmyra"]
    row = next(b.row for b in timeline.bars if b.party == SAA)

    desktop = layout_timeline(timeline, DESKTOP_WIDTH).bars[row]
    phone = layout_timeline(timeline, PHONE_WIDTH).bars[row]

    assert {line.anchor for line in desktop.lines} == {"end"}
    assert desktop.lines[0].x == pytest.approx(desktop.rect.x + desktop.rect.width, abs=EPSILON)
    # On a phone its label is wider than the room left of the bar's end: moved right.
    assert {line.anchor for line in phone.lines} == {"end"}
    assert min(line.x - line.width for line in phone.lines) == pytest.approx(14, abs=EPSILON)


def test_the_desktop_drawing_keeps_each_palmyra_label_on_one_line():
    d = layout_timeline(TIMELINES["palmyra"], DESKTOP_WIDTH)

    assert [len(bar.lines) for bar in d.bars] == [1] * len(PALMYRA_PERIODS)
    first = d.bars[0].lines[0]
    assert [(run.text, run.css_class) for run in first.runs] == [
        ("Syrian government forces", "tl-party"),
        (" · by 2011 – 21 May 2015", None),
    ]


@pytest.mark.parametrize("timeline", TIMELINES.values(), ids=TIMELINES.keys())
def test_on_a_phone_the_party_goes_above_its_dates(timeline):
    d = layout_timeline(timeline, PHONE_WIDTH)

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        party_lines = [line for line in drawing.lines if "tl-party" in line.css_class]
        assert " ".join(line_text(line) for line in party_lines) == bar.party
        assert bar.dates_text in " ".join(line_text(line) for line in drawing.lines)


def test_conflict_tags_are_in_the_label(drawn):
    timeline, d = drawn

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        tags = [
            run.text for line in drawing.lines for run in line.runs if run.css_class == "tl-tag"
        ]
        if "contested" in bar.conflict_kinds:
            assert any("contested" in tag for tag in tags)
        if not bar.conflict_kinds:
            assert tags == []


def test_a_party_too_long_for_a_line_wraps_between_words_without_losing_any():
    d = layout_timeline(TIMELINES["long names"], PHONE_WIDTH)

    coalition = d.bars[0]
    party_lines = [line_text(line) for line in coalition.lines if "tl-party" in line.css_class]
    assert len(party_lines) >= 2
    assert " ".join(party_lines) == COALITION
    assert coalition.title.startswith(COALITION)


def test_a_word_wider_than_the_drawing_is_cut_short_with_an_ellipsis():
    d = layout_timeline(timeline_of([claim(1, "W" * 80, date(2015, 5, 1), DAY)]), PHONE_WIDTH)

    (party_line, *_) = d.bars[0].lines
    assert line_text(party_line).endswith(ELLIPSIS)
    assert party_line.width <= PHONE_WIDTH - 2 * d.font_size


# --- rows, bars, disputes --------------------------------------------------------------------


def test_rows_do_not_overlap(drawn):
    _, d = drawn
    fs = d.font_size

    for bar in d.bars:
        assert bar.lines[0].y - fs >= bar.top - EPSILON  # the first line's capitals
        assert bar.lines[-1].y + fs * 0.3 <= bar.rect.y + EPSILON  # the last line's descenders
        assert bar.rect.y + bar.rect.height < bar.bottom
    for upper, lower in pairwise(d.bars):
        assert upper.bottom <= lower.top + EPSILON
    if d.bars:
        assert d.bars[0].top > d.axis.y1


def test_bars_stay_in_the_drawing(drawn):
    _, d = drawn

    for bar in d.bars:
        assert d.font_size - EPSILON <= bar.rect.x
        assert bar.rect.x + bar.rect.width <= d.width - d.font_size + EPSILON
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
        assert fades[drawing.fade].colour == bar.colour


def test_ongoing_bars_end_in_an_arrow_inside_the_drawing(drawn):
    timeline, d = drawn

    for bar, drawing in zip(timeline.bars, d.bars, strict=True):
        assert (drawing.arrow is not None) == bar.ongoing
        if drawing.arrow:
            xs = [float(point.split(",")[0]) for point in drawing.arrow.split()]
            assert max(xs) <= d.width - 2


def test_a_dispute_is_hatched_across_the_rows_of_both_claims():
    timeline = TIMELINES["palmyra"]
    d = layout_timeline(timeline, DESKTOP_WIDTH)

    assert len(d.disputes) == 2
    for dispute, drawing in zip(timeline.disputes, d.disputes, strict=True):
        upper, lower = d.bars[min(dispute.rows)], d.bars[max(dispute.rows)]
        assert drawing.rect.y < upper.rect.y
        assert drawing.rect.y + drawing.rect.height > lower.rect.y + lower.rect.height
        assert drawing.summary == dispute.summary
    conflicted = {period_id for c in timeline.conflicts for period_id in c.period_ids}
    outlined = {bar.period_id for bar in d.bars if bar.outline}
    assert outlined == conflicted


# --- axis and events -------------------------------------------------------------------------


def test_tick_labels_neither_collide_nor_leave_the_drawing(drawn):
    _, d = drawn
    labelled = [tick for tick in d.ticks if tick.label]

    assert labelled
    for tick in labelled:
        assert tick.label_x + text_width(tick.label, d.font_size) <= d.width
    for left, right in pairwise(labelled):
        assert left.label_x + text_width(left.label, d.font_size) < right.label_x
    for tick in d.ticks:
        assert tick.line.y2 < d.height


def test_markers_in_one_lane_do_not_cover_each_other(drawn):
    _, d = drawn
    last_row = d.bars[-1].bottom if d.bars else d.axis.y1

    for e in d.events:
        assert e.cy - e.r > last_row
        assert e.cy + e.r < d.height
        assert d.font_size - EPSILON <= e.cx <= d.width - d.font_size + EPSILON
    for i, a in enumerate(d.events):
        for b in d.events[i + 1 :]:
            if a.cy == b.cy:
                assert abs(a.cx - b.cx) >= 2 * a.r


def test_the_description_is_the_text_equivalent_and_the_conflicts(drawn):
    timeline, d = drawn

    for sentence in (*timeline.text_summary, *(c.summary for c in timeline.conflicts)):
        assert sentence in d.description


def test_the_drawing_is_as_tall_as_its_rows_and_lanes():
    one = layout_timeline(timeline_of(PALMYRA_PERIODS[:1]), DESKTOP_WIDTH)
    six = layout_timeline(timeline_of(PALMYRA_PERIODS), DESKTOP_WIDTH)
    with_events = layout_timeline(TIMELINES["palmyra"], DESKTOP_WIDTH)

    assert six.height > one.height * 3
    assert with_events.height > six.height
    assert one.events_label is None
    assert with_events.events_label is not None
