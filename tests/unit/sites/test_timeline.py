"""The site timeline: its axis, bars and events, and the SVG macro, on Palmyra's history.

The conflict rules themselves are tested in test_conflicts.py, the drawing's geometry in
test_timeline_layout.py; here, how the timeline places what they decide.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from heritage.sites.conflicts import PeriodClaim
from heritage.sites.timeline import (
    DatedEvent,
    Timeline,
    build_timeline,
)
from heritage.sites.timeline_layout import event_lanes, layout_timeline
from heritage.vocab.dates import DatePrecision, format_fuzzy

REPO_ROOT = Path(__file__).resolve().parents[3]
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
TODAY = date(2026, 11, 25)
GOVERNMENT = "Syrian government forces"
SAA = "Syrian Arab Army with Russian air support"
SVG = "{http://www.w3.org/2000/svg}"


def claim(
    period_id: int,
    party: str,
    start: date,
    start_precision: DatePrecision,
    end: date | None = None,
    end_precision: DatePrecision | None = None,
    *,
    sources: int = 1,
    start_qualifier: str = "on",
    end_qualifier: str = "on",
) -> PeriodClaim:
    return PeriodClaim(
        period_id=period_id,
        party=party,
        start=start,
        start_precision=start_precision,
        start_qualifier=start_qualifier,
        end=end,
        end_precision=end_precision,
        end_qualifier=end_qualifier if end else None,
        source_count=sources,
    )


def event(
    key: str,
    label: str,
    start: date,
    precision: DatePrecision = DAY,
    end: date | None = None,
    url: str | None = None,
) -> DatedEvent:
    return DatedEvent(key=key, label=label, start=start, end=end, precision=precision, url=url)


# Palmyra's five control periods as most sources give them, plus one outlet's "May 2016".
PALMYRA_PERIODS = (
    claim(
        1,
        GOVERNMENT,
        date(2011, 1, 1),
        YEAR,
        date(2015, 5, 21),
        DAY,
        start_qualifier="before",
    ),
    claim(2, "ISIS", date(2015, 5, 1), MONTH, date(2016, 3, 27), DAY, sources=3),
    claim(3, SAA, date(2016, 3, 27), DAY, date(2016, 12, 11), DAY, sources=2),
    claim(4, "ISIS", date(2016, 12, 11), DAY, date(2017, 3, 2), DAY, sources=2),
    claim(5, GOVERNMENT, date(2017, 3, 2), DAY, sources=2),
    claim(6, "ISIS", date(2015, 5, 1), MONTH, date(2016, 5, 1), MONTH),
)
PALMYRA_EVENTS = (
    event("report-1", "Khaled al-Asaad killed", date(2015, 8, 18)),
    event("report-2", "Temple of Baalshamin destroyed", date(2015, 8, 23), url="/reports/2"),
    event("report-3", "Temple of Bel destroyed", date(2015, 8, 30), url="/reports/3"),
    event("report-4", "Tower tombs blown up", date(2015, 8, 1), MONTH, end=date(2015, 9, 1)),
    event("report-5", "Monumental Arch destroyed", date(2015, 10, 1), MONTH),
    event("report-6", "Tetrapylon destroyed", date(2017, 1, 1), MONTH),
)


@pytest.fixture
def palmyra() -> Timeline:
    timeline = build_timeline(PALMYRA_PERIODS, PALMYRA_EVENTS, TODAY)
    assert timeline is not None
    return timeline


def fraction(timeline: Timeline, day: date) -> float:
    return (day - timeline.start).days / (timeline.end - timeline.start).days


def bar(timeline: Timeline, period_id: int):
    return next(b for b in timeline.bars if b.period_id == period_id)


# --- conflicts -------------------------------------------------------------------------------


def test_palmyra_has_exactly_one_disagreement_and_one_contest(palmyra):
    found = {(c.kind, frozenset(c.period_ids)) for c in palmyra.conflicts}

    assert found == {
        ("disagree", frozenset({2, 6})),
        ("contested", frozenset({6, 3})),
    }
    assert len(palmyra.conflicts) == 2


def test_rounding_to_the_month_is_not_a_conflict(palmyra):
    """'To 21 May 2015' against 'from May 2015' is sources rounding, not two holders."""
    assert not [c for c in palmyra.conflicts if 1 in c.period_ids]
    alone = build_timeline(PALMYRA_PERIODS[:2], [], TODAY)
    assert alone is not None
    assert alone.conflicts == ()


def test_a_handover_day_shared_by_two_claims_is_not_a_conflict():
    timeline = build_timeline(PALMYRA_PERIODS[1:3], [], TODAY)

    assert timeline is not None
    assert timeline.conflicts == ()


def test_two_sources_giving_the_same_dates_corroborate():
    second = claim(9, "isis ", date(2015, 5, 20), MONTH, date(2016, 3, 27), DAY)

    timeline = build_timeline([PALMYRA_PERIODS[1], second], [], TODAY)

    assert timeline is not None
    assert timeline.conflicts == ()


def test_conflict_summaries_are_plain_sentences(palmyra):
    summaries = {c.kind: c.summary for c in palmyra.conflicts}

    assert summaries["disagree"] == (
        "Sources disagree about when ISIS's control ended: 27 March 2016 or May 2016."
    )
    assert summaries["contested"] == (
        f"Contested: ISIS and {SAA} are both claimed to have held the site "
        "between 27 March 2016 and May 2016."
    )


def test_the_disputed_dates_are_those_between_the_claims(palmyra):
    for conflict in palmyra.conflicts:
        assert (conflict.overlap_start, conflict.overlap_end) == (
            date(2016, 3, 27),
            date(2016, 5, 31),
        )
    assert len(palmyra.disputes) == len(palmyra.conflicts)
    for dispute, conflict in zip(palmyra.disputes, palmyra.conflicts, strict=True):
        assert (dispute.kind, dispute.period_ids) == (conflict.kind, conflict.period_ids)
        assert dispute.x0 == pytest.approx(fraction(palmyra, date(2016, 3, 27)))
        assert dispute.x1 == pytest.approx(fraction(palmyra, date(2016, 5, 31)))


def test_a_disputed_range_spans_the_rows_of_its_claims(palmyra):
    rows = {b.period_id: b.row for b in palmyra.bars}

    for dispute in palmyra.disputes:
        assert dispute.rows == tuple(rows[period_id] for period_id in dispute.period_ids)


def test_bars_in_a_conflict_say_which_kinds(palmyra):
    assert bar(palmyra, 2).conflict == "disagree"
    assert bar(palmyra, 6).conflict_kinds == ("disagree", "contested")
    assert bar(palmyra, 3).conflict == "contested"
    assert bar(palmyra, 1).conflict is None
    assert bar(palmyra, 4).conflict is None


def test_ongoing_claims_contested_up_to_today():
    timeline = build_timeline(
        [
            claim(1, "Turkish Army", date(2018, 3, 18), DAY),
            claim(2, "Syrian National Army", date(2018, 3, 1), MONTH),
        ],
        [],
        TODAY,
    )

    assert timeline is not None
    (conflict,) = timeline.conflicts
    assert conflict.kind == "contested"
    assert conflict.overlap_end == TODAY
    assert conflict.summary.endswith("held the site since 18 March 2018.")


# --- bars, colours, axis ---------------------------------------------------------------------


def test_rows_are_ordered_by_start_then_party(palmyra):
    assert [b.period_id for b in palmyra.bars] == [1, 2, 6, 3, 4, 5]
    assert [b.row for b in palmyra.bars] == list(range(6))


def test_each_party_keeps_one_colour_in_order_of_first_appearance(palmyra):
    colours = {b.period_id: b.colour for b in palmyra.bars}

    assert colours[1] == colours[5] == 0
    assert colours[2] == colours[4] == colours[6] == 1
    assert colours[3] == 2


def test_colours_do_not_depend_on_the_order_claims_arrive_in(palmyra):
    shuffled = build_timeline(PALMYRA_PERIODS[::-1], PALMYRA_EVENTS, TODAY)

    assert shuffled == palmyra


def test_an_ongoing_period_runs_off_the_right_edge_and_is_flagged(palmyra):
    current = bar(palmyra, 5)

    assert current.ongoing
    assert not current.fuzzy_end
    assert current.x1 == 1.0
    assert [b.period_id for b in palmyra.bars if b.ongoing] == [5]


def test_the_axis_ends_after_the_last_known_date_not_today(palmyra):
    """Stretching to today would squeeze Palmyra's eventful 2015-2017 into a sliver."""
    assert palmyra.end == date(2018, 1, 1)
    assert palmyra.end < TODAY


def test_a_month_covers_the_whole_month(palmyra):
    may_2016 = bar(palmyra, 6)

    assert may_2016.x0 == pytest.approx(fraction(palmyra, date(2015, 5, 1)))
    assert may_2016.x1 == pytest.approx(fraction(palmyra, date(2016, 5, 31)))
    assert may_2016.fuzzy_start
    assert may_2016.fuzzy_end
    recaptured = bar(palmyra, 3)
    assert not recaptured.fuzzy_start
    assert not recaptured.fuzzy_end
    assert bar(palmyra, 1).fuzzy_start  # "by 2011"


def test_date_texts_read_as_a_reader_would_write_them(palmyra):
    texts = {b.period_id: b.dates_text for b in palmyra.bars}

    assert texts[1] == "by 2011 – 21 May 2015"
    assert texts[2] == "May 2015 – 27 March 2016"
    assert texts[6] == "May 2015 – May 2016"
    assert texts[5] == "from 2 March 2017"


def test_a_long_span_is_snapped_to_whole_years(palmyra):
    assert palmyra.start == date(2011, 1, 1)
    assert palmyra.end == date(2018, 1, 1)
    assert all(re.fullmatch(r"\d{4}", label) for _, label in palmyra.ticks)


def test_every_position_is_a_fraction_in_order(palmyra):
    for b in palmyra.bars:
        assert 0 <= b.x0 <= b.x1 <= 1
    for e in palmyra.events:
        assert 0 <= e.x0 <= e.x <= e.x1 <= 1
    for c in palmyra.disputes:
        assert 0 <= c.x0 <= c.x1 <= 1
    fractions = [f for f, _ in palmyra.ticks]
    assert fractions == sorted(fractions)
    assert all(0 <= f <= 1 for f in fractions)


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2011, 1, 1), TODAY), (date(1900, 6, 1), TODAY), (date(1516, 1, 1), date(1918, 1, 1))],
)
def test_there_are_at_most_ten_ticks(start, end):
    timeline = build_timeline([claim(1, "X", start, DAY, end, DAY)], [], TODAY)

    assert timeline is not None
    assert 2 <= len(timeline.ticks) <= 10


def test_a_short_span_gets_month_ticks():
    timeline = build_timeline(
        [claim(1, "Kurdish forces", date(2018, 1, 20), DAY, date(2018, 3, 18), DAY)],
        [event("report-1", "Ain Dara temple hit", date(2018, 1, 28))],
        TODAY,
    )

    assert timeline is not None
    assert (timeline.start, timeline.end) == (date(2018, 1, 1), date(2018, 4, 1))
    assert [label for _, label in timeline.ticks] == [
        "Jan 2018",
        "Feb 2018",
        "Mar 2018",
        "Apr 2018",
    ]
    assert timeline.bars[0].x1 - timeline.bars[0].x0 > 0.5


def test_a_span_of_two_years_is_snapped_to_quarters():
    timeline = build_timeline(
        [claim(1, "X", date(2015, 5, 10), DAY, date(2017, 2, 3), DAY)], [], TODAY
    )

    assert timeline is not None
    assert (timeline.start, timeline.end) == (date(2015, 4, 1), date(2017, 4, 1))
    assert len(timeline.ticks) <= 10
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", label) for _, label in timeline.ticks)


def test_nothing_to_draw_gives_none():
    assert build_timeline([], [], TODAY) is None


def test_events_alone_make_a_timeline():
    timeline = build_timeline([], [event("report-1", "Looting", date(2014, 2, 3))], TODAY)

    assert timeline is not None
    assert timeline.bars == ()
    assert timeline.events[0].number == 1


def test_precision_given_as_a_string_still_counts():
    """Form data and old rows may carry 'month' rather than DatePrecision.MONTH."""
    loose = claim(1, "ISIS", date(2015, 5, 20), "month", date(2016, 5, 3), "month")  # type: ignore[arg-type]

    timeline = build_timeline([loose], [], TODAY)

    assert timeline is not None
    assert timeline.bars[0].dates_text == "May 2015 – May 2016"
    assert timeline.bars[0].x0 == pytest.approx(fraction(timeline, date(2015, 5, 1)))


# --- any date a date can hold ----------------------------------------------------------------

TICK_LABEL = re.compile(r"(?:[A-Z][a-z]{2} )?\d{1,4}")
FIRST, LAST = date(1, 1, 1), date(9999, 12, 31)


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        (date(2015, 5, 1), LAST, DAY),  # a typing slip for 2019: the page went down
        (date(2015, 5, 1), LAST, YEAR),
        (FIRST, date(2015, 5, 21), DAY),
        (FIRST, LAST, DAY),
        (date(9999, 11, 20), LAST, DAY),  # a short axis at the end: month ticks
        (date(9998, 3, 1), date(9999, 12, 1), MONTH),  # quarters
        (FIRST, date(1, 2, 1), DAY),
    ],
)
def test_a_period_anywhere_in_the_calendar_builds_a_timeline(start, end, precision):
    periods = [claim(1, "ISIS", start, precision, end, precision)]
    events = [event("report-1", "Looting", end, precision), event("report-2", "Fire", start)]

    timeline = build_timeline(periods, events, TODAY)

    assert timeline is not None
    assert timeline.start <= start
    assert timeline.end >= end
    assert 1 <= len(timeline.ticks) <= 10
    fractions = [f for f, _ in timeline.ticks]
    assert fractions == sorted(fractions)
    assert all(0 <= f <= 1 for f in fractions)
    assert all(TICK_LABEL.fullmatch(label) for _, label in timeline.ticks)
    assert 0 <= timeline.bars[0].x0 < timeline.bars[0].x1 <= 1
    assert {e.date_text for e in timeline.events} >= {format_fuzzy(end, precision)}


@pytest.mark.parametrize(
    "ongoing",
    [claim(1, "X", date(9999, 6, 1), MONTH), claim(1, "X", LAST, DAY), claim(1, "X", FIRST, YEAR)],
)
def test_an_ongoing_period_at_either_end_of_the_calendar_builds(ongoing):
    timeline = build_timeline([ongoing], [], TODAY)

    assert timeline is not None
    assert timeline.bars[0].ongoing
    assert timeline.ticks


def test_the_far_future_keeps_its_ticks_in_whole_thousands():
    timeline = build_timeline([claim(1, "ISIS", date(2015, 5, 1), DAY, LAST, DAY)], [], TODAY)

    assert timeline is not None
    assert (timeline.start, timeline.end) == (date(2015, 1, 1), LAST)
    assert [label for _, label in timeline.ticks] == [str(y) for y in range(3000, 10000, 1000)]


# --- events ----------------------------------------------------------------------------------


def test_events_are_numbered_in_date_order(palmyra):
    assert [(e.number, e.key) for e in palmyra.events] == [
        (1, "report-4"),
        (2, "report-1"),
        (3, "report-2"),
        (4, "report-3"),
        (5, "report-5"),
        (6, "report-6"),
    ]
    tombs = palmyra.events[0]
    assert tombs.date_text == "August 2015 – September 2015"
    assert tombs.x0 == pytest.approx(fraction(palmyra, date(2015, 8, 1)))
    assert tombs.x1 == pytest.approx(fraction(palmyra, date(2015, 9, 30)))
    assert tombs.x == pytest.approx((tombs.x0 + tombs.x1) / 2)


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("/reports/3", "/reports/3"),
        ("https://example.org/r?a=1&b=2", "https://example.org/r?a=1&b=2"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        (None, None),
    ],
)
def test_only_safe_event_links_are_kept(url, kept):
    timeline = build_timeline([], [event("report-1", "x", date(2015, 8, 30), url=url)], TODAY)

    assert timeline is not None
    assert timeline.events[0].url == kept


def test_close_event_markers_are_stacked_apart(palmyra):
    gap = 0.02
    lanes = event_lanes(palmyra.events, gap)

    assert len(lanes) == len(palmyra.events)
    for i, a in enumerate(palmyra.events):
        for j, b in enumerate(palmyra.events[i + 1 :], start=i + 1):
            if lanes[i] == lanes[j]:
                assert abs(a.x - b.x) >= gap
    assert max(lanes) >= 2  # five markers within two months of 2015
    assert max(event_lanes(palmyra.events, gap, max_lanes=2)) == 1


# --- the text equivalent ---------------------------------------------------------------------


def test_text_summary_names_every_party_and_event_in_date_order(palmyra):
    text = " ".join(palmyra.text_summary)

    for party in (GOVERNMENT, "ISIS", SAA):
        assert party in text
    assert "From May 2015 to 27 March 2016: ISIS (3 sources)." in palmyra.text_summary
    assert "From 2 March 2017, ongoing: Syrian government forces (2 sources)." in (
        palmyra.text_summary
    )
    assert "Event 4, 30 August 2015: Temple of Bel destroyed." in palmyra.text_summary
    assert len(palmyra.text_summary) == len(PALMYRA_PERIODS) + len(PALMYRA_EVENTS)
    assert palmyra.text_summary[0].startswith("From 2011 or earlier to 21 May 2015")
    assert palmyra.text_summary[-1].startswith("From 2 March 2017")


# --- the SVG macro ---------------------------------------------------------------------------


@pytest.fixture
def timeline_svg():
    """The macro as the site page calls it: on the timeline laid out at one width."""
    env = Environment(
        loader=FileSystemLoader(REPO_ROOT / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.do"],
    )
    macro = env.get_template("sites/_timeline.html").module.timeline_svg

    def render(timeline: Timeline, width: int, **options: str) -> str:
        return macro(layout_timeline(timeline, width), **options)

    return render


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 -- our own output, parsed to check its shape


def test_the_svg_is_an_accessible_image(palmyra, timeline_svg):
    svg = str(timeline_svg(palmyra, 1000, id_prefix="tl-wide"))
    root = parse(svg)

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert "From May 2015 to 27 March 2016: ISIS (3 sources)." in desc.text
    assert "Sources disagree about when ISIS's control ended" in desc.text


def test_the_svg_has_no_inline_style(palmyra, timeline_svg):
    for width in (1000, 420):
        svg = str(timeline_svg(palmyra, width))
        assert "style=" not in svg
        assert "<style" not in svg


def test_two_renderings_on_one_page_have_unique_ids(palmyra, timeline_svg):
    page = (
        f"<div>{timeline_svg(palmyra, 1000, id_prefix='tl-wide')}"
        f"{timeline_svg(palmyra, 420, id_prefix='tl-narrow')}</div>"
    )
    ids = re.findall(r'\bid="([^"]+)"', page)
    gradients = [i for i in ids if "fade" in i]

    assert len(ids) == len(set(ids))
    assert len(gradients) == 2 * sum(1 for b in palmyra.bars if b.fuzzy_start or b.fuzzy_end)
    for target in re.findall(r"url\(#([^)]+)\)", page):
        assert target in ids


def test_user_text_is_escaped(timeline_svg):
    hostile = "<script>x</script>"
    timeline = build_timeline(
        [claim(1, hostile, date(2015, 5, 1), MONTH)],
        [event("report-1", '"><script>y</script>', date(2016, 1, 1), url="/r?a=1&b=2")],
        TODAY,
    )
    svg = str(timeline_svg(timeline, 1000))

    assert "<script>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg
    assert 'href="/r?a=1&amp;b=2"' in svg
    parse(svg)


def test_events_with_a_link_are_wrapped_in_one(palmyra, timeline_svg):
    root = parse(timeline_svg(palmyra, 1000))

    links = {a.get("href"): a for a in root.iter(f"{SVG}a") if not a.get("href").startswith("#")}
    assert set(links) == {"/reports/2", "/reports/3"}
    assert links["/reports/3"].find(f"{SVG}title").text == (
        "4. Temple of Bel destroyed (30 August 2015)"
    )
    period_links = [a.get("href") for a in root.iter(f"{SVG}a") if a.get("href").startswith("#")]
    assert period_links == [f"#period-{b.period_id}" for b in palmyra.bars]


def test_the_phone_rendering_keeps_text_readable(palmyra, timeline_svg):
    root = parse(timeline_svg(palmyra, 420))

    assert root.get("viewBox").startswith("0 0 420 ")
    assert float(root.get("font-size")) >= 13
    assert [t.text for t in root.iter(f"{SVG}text") if "tl-party" in (t.get("class") or "")][
        :2
    ] == [GOVERNMENT, "ISIS"]


def test_the_drawing_grows_with_the_rows(timeline_svg):
    one = build_timeline([PALMYRA_PERIODS[0]], [], TODAY)
    six = build_timeline(PALMYRA_PERIODS, [], TODAY)

    def height(timeline: Timeline) -> float:
        return float(parse(timeline_svg(timeline, 1000)).get("viewBox").split()[3])

    assert height(six) > height(one) * 3


def test_conflicts_are_marked_on_the_drawing(palmyra, timeline_svg):
    svg = str(timeline_svg(palmyra, 1000))

    assert svg.count('class="tl-conflict-band"') == 2
    assert svg.count('class="tl-conflict-outline"') == 3
    assert "sources disagree" in svg
    assert "contested" in svg


@pytest.mark.parametrize("width", [1000, 420])
def test_the_svg_draws_periods_at_both_ends_of_the_calendar(timeline_svg, width):
    timeline = build_timeline(
        [
            claim(1, "Ancient holders", FIRST, YEAR, date(2015, 5, 1), DAY),
            claim(2, "ISIS", date(2015, 5, 1), DAY, LAST, DAY),
        ],
        [event("report-1", "Looting", LAST)],
        TODAY,
    )
    assert timeline is not None

    root = parse(timeline_svg(timeline, width))

    assert root.get("viewBox").startswith(f"0 0 {width} ")
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "tl-tick"]
    assert labels
    assert all(TICK_LABEL.fullmatch(label) for label in labels)


def test_the_event_key_lists_the_numbered_events_with_their_links(palmyra):
    env = Environment(loader=FileSystemLoader(REPO_ROOT / "templates"), autoescape=True)
    key = str(env.get_template("sites/_timeline.html").module.timeline_event_key(palmyra))

    assert '<li value="4"><a href="/reports/3">Temple of Bel destroyed</a>' in key
