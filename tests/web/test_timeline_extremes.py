"""A site page draws whatever dates and names were saved, and says the same thing everywhere.

A period saved as ending on 31 December 9999 once made /sites/<slug> answer 500 for every
reader (``year 10000 is out of range``); labels were clamped by a guess at their width that let
long names run off the drawing; and the chart's conflict tags once said less than the cards'
badges. Each is checked here on the page as served: the two drawings (from Bootstrap's md
breakpoint up), the list that replaces them on phones, the legend and the period cards.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import ImageFont

from tests.factories import PeriodFactory, SiteFactory, actor_named, published_version, when

SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
COALITION = (
    "Coalition of the Free Syrian Army and Allied Local Defence Committees "
    "of the Northern Countryside"
)
ARABIC = "الجيش (اللواء 5)"


def add_period(site, party, start, end, **fields):
    """A sourced period of control, as the period form saves one (dates as EDTF)."""
    return PeriodFactory(
        site=site, controlling_actor=actor_named(party), start=start, end=end, **fields
    )


def add_stored_period(db_session, site, party, start, end):
    """A period with dates the form now refuses (years ahead), as older rows or an import may
    hold them: saved with ordinary dates, then given these."""
    period = add_period(site, party, "2015-05-21", "2016-03-27")
    period.start, period.end = when(start) if start else None, when(end) if end else None
    db_session.commit()
    return period


def drawings(page: str) -> list[ET.Element]:
    """The page's timeline drawings (desktop and compact), parsed as the SVG they are."""
    found = re.findall(r'<svg class="tl-svg".*?</svg>', page, flags=re.DOTALL)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314 -- our own page, parsed to check it


def page_of(client, site) -> str:
    response = client.get(f"/sites/{site.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
)


class _Badges(HTMLParser):
    """The conflict badges inside each element whose ``attr`` is ``#period-<id>``-like."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: dict[int, list[str]] = {}
        self.lists: dict[int, list[str]] = {}
        self.stack: list[tuple[str, int | None, str]] = []  # tag, period id, where
        self.badge = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        period, where = None, ""
        if tag == "article" and (attrs.get("id") or "").startswith("period-"):
            period, where = int(attrs["id"].removeprefix("period-")), "card"
        elif tag == "li" and "tl-list-period" in (attrs.get("class") or ""):
            where = "list"
        elif tag == "a" and (attrs.get("href") or "").startswith("#period-"):
            # The list item's link names its period: the item is that period's.
            items = [i for i, (_, _, at) in enumerate(self.stack) if at == "list"]
            if items:
                self.stack[items[-1]] = ("li", int(attrs["href"].removeprefix("#period-")), "list")
        self.badge = "conflict-badge" in (attrs.get("class") or "")
        if tag not in VOID:
            self.stack.append((tag, period, where))

    def handle_startendtag(self, tag, attrs):
        """<rect/>, <stop/>: nothing is inside them, so nothing is pushed."""

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _, _ in self.stack):
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self.badge or not data.strip():
            return
        self.badge = False
        for _, period, where in reversed(self.stack):
            if period is not None and where == "card":
                self.cards.setdefault(period, []).append(data.strip())
                return
            if period is not None and where == "list":
                self.lists.setdefault(period, []).append(data.strip())
                return


def badges(page: str) -> _Badges:
    parser = _Badges()
    parser.feed(page)
    return parser


# --- the calendar's ends ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2015-05-21", "9999-12-31", "21 May 2015 to 31 December 9999"),
        ("2015-05", "9999-12", "May 2015 to December 9999"),
        ("9999", "9999", "9999 to 9999"),
        ("0001-01-01", "2015-05-21", "1 January 0001 to 21 May 2015"),
        ("0001-01-01", "9999-12-31", "1 January 0001 to 31 December 9999"),
        ("9999-12-31", None, "Since 31 December 9999"),
        ("0001", None, "Since 0001"),
        (None, "2015-05-20/2015-05-21", "Until 20–21 May 2015"),
        ("../2011", None, "Since before 2011"),
    ],
)
def test_a_period_anywhere_in_the_calendar_keeps_the_page_up(client, db_session, start, end, shown):
    site = SiteFactory(name="Tell Extremes")
    extreme = add_stored_period(db_session, site, "ISIS", start, end)
    add_period(site, "Syrian Arab Army", "2016-03-27", "2016-12-11")

    page = page_of(client, site)

    assert len(drawings(page)) == 2
    assert shown in page
    # A bar in each drawing, an item in the phone's list and in the text equivalent.
    assert page.count(f'href="#period-{extreme.id}"') == 4
    assert f'id="period-{extreme.id}"' in page


def test_a_site_with_one_period_draws(client, db_session):
    site = SiteFactory(name="Tell One")
    add_period(site, "ISIS", "2015-05-21", "2016-03-27")

    page = page_of(client, site)

    assert len(drawings(page)) == 2
    assert 'class="tl-list list-unstyled tl-list-phone"' in page
    assert "The axis is shortened" not in page


def test_a_site_with_only_damage_draws(client, db_session, contributor):
    site = SiteFactory(name="Tell Events")
    mosaic = published_version(site, contributor, "Mosaic looted", "2018-12-24")
    published_version(site, contributor, "Looting seen on imagery", "../2013-11")

    page = page_of(client, site)

    for drawing in drawings(page):
        assert len(list(drawing.iter(f"{SVG}circle"))) == 2
    assert "Before November 2013" in page
    assert f'<li value="2"><a href="/reports/{mosaic.report_id}"><bdi>Mosaic looted</bdi>' in page


# --- Palmyra: a broken axis, and one set of words for its conflicts --------------------------


@pytest.fixture
def palmyra(db_session, contributor):
    site = SiteFactory(name="Palmyra", slug="palmyra")
    government = "Syrian government forces"
    periods = [
        add_period(site, government, None, "2015-05-20/2015-05-21"),
        add_period(site, "ISIS", "2015-05", "2016-03-27"),
        add_period(site, "ISIS", "2015-05", "2016-05"),
        add_period(site, government, "2016-03-27", "2016-12-10/2016-12-11"),
        add_period(site, "ISIS", "2016-12-10/2016-12-11", "2017-03-02"),
        add_period(site, government, "2017-03-02", "2024-12-07"),
        add_period(site, "Syrian Free Army", "2024-12-07", None),
    ]
    for title, day in [
        ("Temple of Baalshamin destroyed", "2015-08-23"),
        ("Temple of Bel destroyed", "2015-08-30"),
        ("Tetrapylon destroyed", "2017-01"),
        ("Looting in the necropolis", "../2013-11"),
    ]:
        published_version(site, contributor, title, day)
    return site, periods


def test_the_palmyra_drawing_shortens_its_quiet_years(client, palmyra):
    site, _ = palmyra

    page = page_of(client, site)

    assert "The axis is shortened from" in page
    assert "May 2017 to November 2024" in page
    for drawing in drawings(page):
        assert len(drawing.findall(f".//{SVG}rect[@class='tl-break-band']")) == 2
        assert drawing.findall(f".//{SVG}polygon[@class='tl-cut']")


def test_the_chart_the_list_and_the_cards_show_the_same_conflicts(client, palmyra):
    site, periods = palmyra

    page = page_of(client, site)
    found = badges(page)

    for drawing in drawings(page):
        for link in drawing.iter(f"{SVG}a"):
            href = link.get("href")
            if not href.startswith("#period-"):
                continue
            period = int(href.removeprefix("#period-"))
            tags = [t.text for t in link.iter(f"{SVG}tspan") if t.get("class") == "tl-tag"]
            assert " ".join(tags).split() == " ".join(found.cards.get(period, [])).split()
    for period in periods:  # the list is on the page twice: for phones, and as text
        assert found.lists.get(period.id, []) == found.cards.get(period.id, []) * 2
    assert found.cards[periods[2].id] == ["Sources disagree", "Contested"]
    assert found.cards[periods[1].id] == ["Sources disagree"]
    assert found.cards[periods[3].id] == ["Contested"]


def test_the_legend_links_each_actor_to_its_page(client, palmyra):
    site, periods = palmyra

    page = page_of(client, site)
    legend = page[page.index('<div class="tl-legend') :]
    legend = legend[: legend.index("</div>")]

    actor_ids = {p.controlling_actor_id for p in periods}
    assert {int(i) for i in re.findall(r'href="/actors/(\d+)"', legend)} == actor_ids
    assert legend.count("<bdi>") == len(actor_ids)


def test_the_conflicts_are_explained_where_they_appear(client, palmyra):
    site, _ = palmyra

    page = page_of(client, site)

    assert "Sources disagree about when <bdi>ISIS</bdi>&#39;s control ended" in page
    assert "Two parties are each said to have held the site at the same time" in page
    assert "Sources give different dates for this control" in page


# --- names in any script, at any length ------------------------------------------------------


def test_an_arabic_party_is_isolated_in_the_drawing_and_the_list(client, db_session):
    site = SiteFactory(name="Tell Bidi")
    add_period(site, ARABIC, "2015-05", "2016-03-27")

    page = page_of(client, site)

    for drawing in drawings(page):
        (name,) = [t for t in drawing.iter(f"{SVG}tspan") if t.text == ARABIC]
        assert name.get("unicode-bidi") == "plaintext"  # <bdi>'s isolate, in SVG
    assert page.count(f"<bdi>{ARABIC}</bdi>") >= 3  # phone list, text equivalent, legend


def text_width(element: ET.Element, font_size: float) -> float:
    """The width DejaVu Sans gives a label (a browser's usual fallback, and among the widest)."""
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), font_size)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), font_size)
    width = regular.getlength(element.text or "")
    for run in element:
        bold_run = run.get("class") in ("tl-party", "tl-tag")
        width += (bold if bold_run else regular).getlength(run.text or "")
        width += regular.getlength(run.tail or "")
    return width


@pytest.mark.skipif(not (FONTS / "DejaVuSans-Bold.ttf").exists(), reason="needs DejaVu Sans")
def test_no_label_runs_off_either_drawing(client, db_session):
    site = SiteFactory(name="Tell Long Names")
    add_period(site, COALITION, "2012-01-01", "2013-06-01")
    add_period(site, "Hay'at Tahrir al-Sham", "2013-03", "2018-09-30")
    add_period(site, "ISIS", "2015-05", "2016-03-27")
    add_period(site, "ISIS", "2015-05", "2016-05")
    add_period(site, "Kurdish forces", "2018-10", None)
    add_period(site, "Raiders", "2016-03-27", "2016-03-27")

    page = page_of(client, site)

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


def test_today_does_not_stretch_the_axis(client, db_session):
    """An ongoing claim runs off the right edge with an arrow; the axis ends after the last
    date anyone gave, not at today."""
    site = SiteFactory(name="Tell Today")
    add_period(site, "ISIS", "2015-05-21", "2016-03-27")
    add_period(site, "Syrian Arab Army", "2016-03-27", None)

    page = page_of(client, site)

    for drawing in drawings(page):
        ticks = [t.text for t in drawing.iter(f"{SVG}text") if t.get("class") == "tl-tick"]
        assert str(date.today().year) not in ticks
        assert drawing.findall(f".//{SVG}polygon[@class='tl-arrow']")
