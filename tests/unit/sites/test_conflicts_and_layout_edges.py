"""Conflict and timeline-geometry rules at their edges: rough and open dates, tiny claims,
widths measured with a real font."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from heritage.sites.conflicts import CONTESTED, DISAGREE, dates_text, find_conflicts
from heritage.sites.timeline_layout import (
    COMPACT_WIDTH,
    DESKTOP_WIDTH,
    FONT_SIZE,
    is_bold,
    layout_timeline,
    text_width,
)
from tests.unit.sites.test_conflicts import SAA, TODAY, claim
from tests.unit.sites.test_timeline import timeline_of

FONTS = Path("/usr/share/fonts/truetype/dejavu")
NARROW = 420
needs_dejavu = pytest.mark.skipif(
    not (FONTS / "DejaVuSans-Bold.ttf").exists(), reason="needs DejaVu Sans"
)


def test_an_end_known_only_to_the_year_puts_the_whole_year_in_dispute():
    """'Until 2016' may mean 1 January 2016: the doubt starts there, not on 31 December."""
    to_2016 = claim(1, "ISIS", "2015-05", "2016")
    to_2017 = claim(2, "ISIS", "2015-05", "2017-03-27")

    (conflict,) = find_conflicts([to_2016, to_2017], TODAY)

    assert conflict.kind == DISAGREE
    assert (conflict.overlap_start, conflict.overlap_end) == (date(2016, 1, 1), date(2017, 3, 27))


def test_an_end_known_to_the_month_does_not_contest_a_start_later_that_month():
    """'Until May 2016' may have ended on 1 May, before the other party took over on 15 May."""
    isis = claim(1, "ISIS", "2015-05", "2016-05")
    army = claim(2, SAA, "2016-05-15", "2016-12-11")

    assert find_conflicts([isis, army], TODAY) == ()
    later = claim(3, SAA, "2016-06-01", "2016-12-11")
    assert find_conflicts([isis, later], TODAY) == ()
    earlier = claim(4, SAA, "2016-04-20", "2016-12-11")
    assert [c.kind for c in find_conflicts([isis, earlier], TODAY)] == [CONTESTED]


def test_an_approximate_year_widens_to_the_years_either_side():
    """'c. 2013' may mean any day of 2012-2014: a claim ending in 2014 does not contest it."""
    about = claim(1, "A", "2013~", "2016")
    before = claim(2, "B", "2010", "2014-06")

    assert find_conflicts([about, before], TODAY) == ()


def test_an_ongoing_claim_known_only_to_have_started_before_a_date_reads_as_ongoing():
    ongoing = claim(1, "Syrian government forces", "../2011")

    assert dates_text(ongoing) == "since before 2011"
    timeline = timeline_of([ongoing])
    assert timeline.bars[0].ongoing
    assert timeline.bars[0].fuzzy_start


def test_an_end_after_a_date_is_drawn_faded_not_ongoing():
    """'Until after 2016' (2016/..) ended, some time after 1 January 2016."""
    timeline = timeline_of([claim(1, "X", "2011-06", "2016/.."), claim(2, "Y", "2018-01-01")])

    ended = timeline.bars[0]
    assert not ended.ongoing
    assert ended.fuzzy_end
    assert ended.dates_text == "June 2011 to after 2016"


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, COMPACT_WIDTH, NARROW])
def test_a_one_day_claim_and_a_one_day_dispute_stay_visible_on_a_long_axis(width):
    timeline = timeline_of(
        [
            claim(1, "Ancient holders", "0001", "2015-01-01"),
            claim(2, "ISIS", "2015-01-01", "2016-01-02"),
            claim(3, SAA, "2016-01-01", "2016-12-31"),
            claim(4, "Raiders", "2016-03-27", "2016-03-27"),
        ]
    )
    drawing = layout_timeline(timeline, width)

    raid = next(bar for bar in drawing.bars if bar.period_id == 4)
    assert raid.rect.width >= 3
    assert any("Raiders" in run.text for line in raid.lines for run in line.runs)
    assert drawing.disputes
    assert all(dispute.rect.width >= 6 for dispute in drawing.disputes)


@needs_dejavu
@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_the_width_estimate_errs_wide_on_ordinary_labels(bold):
    """The module promises an estimate that errs wide, so a clamped label never runs off."""
    from PIL import ImageFont

    font = ImageFont.truetype(
        str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), FONT_SIZE
    )
    for label in [
        "Syrian Arab Army",
        "Hay'at Tahrir al-Sham",
        "Sources disagree · Contested",
        "YPG/SDF",
        "27 March 2016 to 10–11 December 2016",
        "until 20–21 May 2015",
        "since before 2011",
        "Coalition of the Free Syrian Army",
        "Nov 2024",
        "الجيش (اللواء 5)",
    ]:
        assert text_width(label, FONT_SIZE, bold=bold) >= font.getlength(label), label


@needs_dejavu
@pytest.mark.parametrize("width", [DESKTOP_WIDTH, COMPACT_WIDTH, NARROW])
def test_a_party_full_of_symbols_stays_inside_the_drawing(width):
    from PIL import ImageFont

    fonts = {
        bold: ImageFont.truetype(
            str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), FONT_SIZE
        )
        for bold in (False, True)
    }
    party = " + ".join(f"#{number}" for number in range(1, 16))
    timeline = timeline_of(
        [claim(1, party, "2015-01-01", "2016-05"), claim(2, SAA, "2015-06-01", "2020-05")]
    )
    drawing = layout_timeline(timeline, width)

    for bar in drawing.bars:
        for line in bar.lines:
            real = sum(fonts[is_bold(run)].getlength(run.text) for run in line.runs)
            left = line.x if line.anchor == "start" else line.x - real
            text = [run.text for run in line.runs]
            assert left >= 0, text
            assert left + real <= width, text


def test_a_label_never_overlaps_its_own_bar_even_when_tiny():
    timeline = timeline_of(
        [claim(1, "A", "2015-01-01", "2015-01-02"), claim(2, "B", "2015-01-02", "2016-12-31")]
    )

    for width in (DESKTOP_WIDTH, COMPACT_WIDTH, NARROW):
        tiny = layout_timeline(timeline, width).bars[0]
        for line in tiny.lines:
            if tiny.placement == "right":
                assert line.x > tiny.rect.x + tiny.rect.width
            elif tiny.placement == "left":
                assert line.x < tiny.rect.x
            else:
                assert line.y < tiny.rect.y
