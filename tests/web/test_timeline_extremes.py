"""A site page draws whatever dates and names were saved: the calendar's ends, long parties.

A period saved as ending on 31 December 9999 once made /sites/<slug> answer 500 for every
reader (``year 10000 is out of range``); and labels were clamped by a guess at their width
that let long names run off the drawing. Both are checked here on the page as served.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from PIL import ImageFont

from heritage.vocab.dates import DatePrecision
from tests.factories import PeriodCitationFactory, SiteFactory

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
COALITION = (
    "Coalition of the Free Syrian Army and Allied Local Defence Committees "
    "of the Northern Countryside"
)


def add_period(site, party, start, end, precision=DAY, **fields):
    """A sourced period of control, as the period form saves one."""
    return PeriodCitationFactory(
        period__site=site,
        period__controlling_party=party,
        period__start_on=start,
        period__start_precision=precision,
        period__end_on=end,
        period__end_precision=precision if end else None,
        period__end_qualifier="on" if end else None,
        **{f"period__{name}": value for name, value in fields.items()},
    ).period


def drawings(page: str) -> list[ET.Element]:
    """The page's timeline drawings (desktop and phone), parsed as the SVG they are."""
    found = re.findall(r'<svg class="tl-svg".*?</svg>', page, flags=re.DOTALL)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314 -- our own page, parsed to check it


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (date(2015, 5, 21), date(9999, 12, 31), DAY, "31 December 9999"),
        (date(2015, 5, 1), date(9999, 12, 1), MONTH, "December 9999"),
        (date(9999, 1, 1), date(9999, 1, 1), YEAR, "9999"),
        (date(1, 1, 1), date(2015, 5, 21), DAY, "1 January 1"),
        (date(1, 1, 1), date(9999, 12, 31), DAY, "31 December 9999"),
        (date(9999, 12, 31), None, DAY, "from 31 December 9999"),
        (date(1, 1, 1), None, YEAR, "from 1"),
    ],
)
def test_a_period_at_the_ends_of_the_calendar_keeps_the_page_up(
    client, db_session, start, end, precision, shown
):
    site = SiteFactory(name="Tell Extremes")
    extreme = add_period(site, "ISIS", start, end, precision)
    add_period(site, "Syrian Arab Army", date(2016, 3, 27), date(2016, 12, 11))

    response = client.get(f"/sites/{site.slug}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert len(drawings(page)) == 2
    assert shown in page
    assert page.count(f'href="#period-{extreme.id}"') == 2  # a bar in each drawing, to its card
    assert f'id="period-{extreme.id}"' in page


def text_width(element: ET.Element, font_size: float) -> float:
    """The width DejaVu Sans gives a label (a browser's usual fallback, and among the widest)."""
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), font_size)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), font_size)
    bold_line = "tl-party" in (element.get("class") or "")
    width = (bold if bold_line else regular).getlength(element.text or "")
    for run in element:
        bold_run = bold_line or run.get("class") in ("tl-party", "tl-tag")
        width += (bold if bold_run else regular).getlength(run.text or "")
        width += (bold if bold_line else regular).getlength(run.tail or "")
    return width


@pytest.mark.skipif(not (FONTS / "DejaVuSans-Bold.ttf").exists(), reason="needs DejaVu Sans")
def test_no_label_runs_off_either_drawing(client, db_session):
    site = SiteFactory(name="Tell Long Names")
    add_period(site, COALITION, date(2012, 1, 1), date(2013, 6, 1), start_qualifier="after")
    add_period(site, "Hay'at Tahrir al-Sham", date(2013, 3, 1), date(2018, 9, 30), MONTH)
    add_period(site, "ISIS", date(2015, 5, 1), date(2016, 3, 27), MONTH)
    add_period(site, "ISIS", date(2015, 5, 1), date(2016, 5, 1), MONTH)
    add_period(site, "Kurdish forces", date(2018, 10, 1), None, MONTH)

    page = client.get(f"/sites/{site.slug}").get_data(as_text=True)

    for svg in drawings(page):
        width = float(svg.get("viewBox").split()[2])
        font_size = float(svg.get("font-size"))
        for label in svg.iter(f"{SVG}text"):
            if "tl-label" not in (label.get("class") or ""):
                continue
            x, extent = float(label.get("x")), text_width(label, font_size)
            left = x if label.get("text-anchor") == "start" else x - extent
            text = "".join(label.itertext())
            assert left >= 0, f"{text!r} runs off the left of the {width:.0f} drawing"
            assert left + extent <= width, f"{text!r} runs off the right of the {width:.0f} drawing"
