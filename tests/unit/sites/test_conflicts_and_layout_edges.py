"""Conflict and timeline-geometry rules no test reached (review of issue 7, item 18)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from heritage.sites.conflicts import CONTESTED, DISAGREE, dates_text, find_conflicts
from heritage.sites.timeline import build_timeline
from heritage.sites.timeline_layout import DESKTOP_WIDTH, PHONE_WIDTH, layout_timeline
from tests.unit.sites.test_conflicts import DAY, MONTH, SAA, TODAY, YEAR, claim

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def test_an_end_known_only_to_the_year_puts_the_whole_year_in_dispute():
    """'Until 2016' may mean 1 January 2016: the doubt starts there, not on 31 December."""
    to_2016 = claim(1, "ISIS", date(2015, 5, 1), MONTH, date(2016, 1, 1), YEAR)
    to_2017 = claim(2, "ISIS", date(2015, 5, 1), MONTH, date(2017, 3, 27), DAY)

    (conflict,) = find_conflicts([to_2016, to_2017], TODAY)

    assert conflict.kind == DISAGREE
    assert (conflict.overlap_start, conflict.overlap_end) == (date(2016, 1, 1), date(2017, 3, 27))


def test_an_end_known_to_the_month_does_not_contest_a_start_later_that_month():
    """'Until May 2016' may have ended on 1 May, before the other party took over on 15 May."""
    isis = claim(1, "ISIS", date(2015, 5, 1), MONTH, date(2016, 5, 1), MONTH)
    army = claim(2, SAA, date(2016, 5, 15), DAY, date(2016, 12, 11), DAY)

    assert find_conflicts([isis, army], TODAY) == ()
    later = claim(3, SAA, date(2016, 6, 1), DAY, date(2016, 12, 11), DAY)
    assert find_conflicts([isis, later], TODAY) == ()
    earlier = claim(4, SAA, date(2016, 4, 20), DAY, date(2016, 12, 11), DAY)
    assert [c.kind for c in find_conflicts([isis, earlier], TODAY)] == [CONTESTED]


def test_an_ongoing_claim_known_only_to_have_started_by_a_date_reads_as_ongoing():
    ongoing = claim(1, "Syrian government forces", date(2011, 1, 1), YEAR, start_qualifier="before")

    assert dates_text(ongoing) == "by 2011 – ongoing"


@pytest.mark.parametrize("width", [DESKTOP_WIDTH, PHONE_WIDTH])
def test_a_one_day_claim_and_a_one_day_dispute_stay_visible_on_a_long_axis(width):
    timeline = build_timeline(
        [
            claim(1, "Ancient holders", date(1, 1, 1), YEAR, date(2015, 1, 1), DAY),
            claim(2, "ISIS", date(2015, 1, 1), DAY, date(2016, 1, 2), DAY),
            claim(3, SAA, date(2016, 1, 1), DAY, date(2016, 12, 31), DAY),
            claim(4, "Raiders", date(2016, 3, 27), DAY, date(2016, 3, 27), DAY),
        ],
        [],
        TODAY,
    )
    assert timeline is not None
    drawing = layout_timeline(timeline, width)

    raid = next(bar for bar in drawing.bars if bar.period_id == 4)
    assert raid.rect.width >= 3
    assert drawing.disputes
    assert all(dispute.rect.width >= 6 for dispute in drawing.disputes)


@pytest.mark.skipif(not (FONTS / "DejaVuSans-Bold.ttf").exists(), reason="needs DejaVu Sans")
@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_the_width_estimate_errs_wide_on_ordinary_labels(bold):
    """The module promises an estimate that errs wide, so a clamped label never runs off."""
    from PIL import ImageFont

    from heritage.sites.timeline_layout import FONT_SIZE, text_width

    font = ImageFont.truetype(
        str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), FONT_SIZE
    )
    for label in [
        "Syrian Arab Army",
        "Hay'at Tahrir al-Sham",
        "Kurdish forces · contested",
        "YPG/SDF",
        "27 March 2016 – 11 December 2016",
        "by 2011 – 21 May 2015",
        "Coalition of the Free Syrian Army",
    ]:
        assert text_width(label, FONT_SIZE, bold=bold) >= font.getlength(label), label


@pytest.mark.skipif(not (FONTS / "DejaVuSans-Bold.ttf").exists(), reason="needs DejaVu Sans")
def test_a_party_full_of_symbols_stays_inside_the_phone_drawing():
    from PIL import ImageFont

    from heritage.sites.timeline_layout import FONT_SIZE, _is_bold

    fonts = {
        bold: ImageFont.truetype(
            str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), FONT_SIZE
        )
        for bold in (False, True)
    }
    party = " + ".join(f"#{number}" for number in range(1, 16))
    timeline = build_timeline(
        [
            claim(1, party, date(2015, 1, 1), DAY, date(2016, 5, 1), MONTH),
            claim(2, SAA, date(2015, 6, 1), DAY, date(2020, 5, 1), MONTH),
        ],
        [],
        TODAY,
    )
    assert timeline is not None
    drawing = layout_timeline(timeline, PHONE_WIDTH)

    for bar in drawing.bars:
        for line in bar.lines:
            real = sum(
                fonts[_is_bold(run, line.css_class)].getlength(run.text) for run in line.runs
            )
            left = line.x if line.anchor == "start" else line.x - real
            text = [run.text for run in line.runs]
            assert left >= 0, text
            assert left + real <= PHONE_WIDTH, text


def test_a_two_year_axis_is_ticked_every_quarter():
    """``test_a_span_of_two_years_is_snapped_to_quarters`` checks the ends and an ``all()`` over
    the labels' shape; this checks the ticks themselves."""
    timeline = build_timeline(
        [claim(1, "X", date(2015, 5, 10), DAY, date(2017, 2, 3), DAY)], [], TODAY
    )
    assert timeline is not None

    assert [label for _, label in timeline.ticks] == [
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
