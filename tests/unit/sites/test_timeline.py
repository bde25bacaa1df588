"""The site timeline: its bars, events, list and legend, and the SVG macro, on Palmyra's history.

The conflict rules themselves are tested in test_conflicts.py, the broken axis in
test_timeline_axis.py, the drawing's geometry in test_timeline_layout.py, the list and legend
templates in test_timeline_templates.py; here, how the timeline places what they decide.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from heritage.sites.conflicts import CONTESTED, DISAGREE, FSI, PDI
from heritage.sites.timeline import (
    DatedEvent,
    EventMark,
    PeriodBar,
    Timeline,
    build_timeline,
)
from heritage.sites.timeline_layout import (
    COMPACT_WIDTH,
    DESKTOP_WIDTH,
    event_lanes,
    layout_timeline,
)
from tests.unit.sites.test_conflicts import GOVERNMENT, TODAY, claim, when

REPO_ROOT = Path(__file__).resolve().parents[3]
SVG = "{http://www.w3.org/2000/svg}"
FREE_ARMY = "Syrian Free Army"


def event(key: str, label: str, edtf: str, url: str | None = None) -> DatedEvent:
    when_ = when(edtf)
    assert when_ is not None
    return DatedEvent(key=key, label=label, when=when_, url=url)


# Palmyra as the corrected periods give it (issue 8), with one outlet's "May 2016".
PALMYRA_PERIODS = (
    claim(1, GOVERNMENT, None, "2015-05-20/2015-05-21"),
    claim(2, "ISIS", "2015-05", "2016-03-27", sources=3),
    claim(3, "ISIS", "2015-05", "2016-05"),
    claim(
        4,
        GOVERNMENT,
        "2016-03-27",
        "2016-12-10/2016-12-11",
        sources=2,
        supporting=("Russian Armed Forces",),
    ),
    claim(5, "ISIS", "2016-12-10/2016-12-11", "2017-03-02", sources=2),
    claim(6, GOVERNMENT, "2017-03-02", "2024-12-07"),
    claim(7, FREE_ARMY, "2024-12-07"),
)
PALMYRA_EVENTS = (
    event("report-1", "Khaled al-Asaad killed", "2015-08-18"),
    event("report-2", "Temple of Baalshamin destroyed", "2015-08-23", url="/reports/2"),
    event("report-3", "Temple of Bel destroyed", "2015-08-30", url="/reports/3"),
    event("report-4", "Tower tombs blown up", "2015-08/2015-09"),
    event("report-5", "Monumental Arch destroyed", "2015-10"),
    event("report-6", "Tetrapylon destroyed", "2017-01"),
    event("report-7", "Looting in the necropolis", "../2013-11"),
)


def timeline_of(periods, events=()) -> Timeline:
    timeline = build_timeline(periods, events, TODAY)
    assert timeline is not None
    return timeline


@pytest.fixture
def palmyra() -> Timeline:
    return timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS)


def bar(timeline: Timeline, period_id: int) -> PeriodBar:
    return next(b for b in timeline.bars if b.period_id == period_id)


# --- conflicts on the axis -------------------------------------------------------------------


def test_palmyra_has_exactly_one_disagreement_and_one_contest(palmyra):
    found = {(c.kind, frozenset(c.period_ids)) for c in palmyra.conflicts}

    assert found == {(DISAGREE, frozenset({2, 3})), (CONTESTED, frozenset({3, 4}))}


def test_the_disputed_dates_are_hatched_where_they_fall(palmyra):
    assert len(palmyra.disputes) == len(palmyra.conflicts)
    for dispute, conflict in zip(palmyra.disputes, palmyra.conflicts, strict=True):
        assert dispute.conflict is conflict
        assert (dispute.kind, dispute.period_ids) == (conflict.kind, conflict.period_ids)
        assert dispute.x0 == bar(palmyra, 4).x0  # 27 March 2016
        assert dispute.x1 == pytest.approx(bar(palmyra, 3).x1)  # 31 May 2016


def test_a_disputed_range_spans_the_rows_of_its_claims(palmyra):
    rows = {b.period_id: b.row for b in palmyra.bars}

    for dispute in palmyra.disputes:
        assert dispute.rows == tuple(rows[period_id] for period_id in dispute.period_ids)


def test_bars_carry_every_kind_their_card_shows_in_the_same_order(palmyra):
    assert bar(palmyra, 2).conflict_kinds == (DISAGREE,)
    assert bar(palmyra, 3).conflict_kinds == (DISAGREE, CONTESTED)
    assert bar(palmyra, 3).conflict == CONTESTED
    assert bar(palmyra, 4).conflict_kinds == (CONTESTED,)
    for quiet in (1, 5, 6, 7):
        assert bar(palmyra, quiet).conflict is None
        assert bar(palmyra, quiet).conflict_kinds == ()


# --- bars ------------------------------------------------------------------------------------


def test_rows_are_ordered_by_start_a_start_not_known_first(palmyra):
    assert [b.period_id for b in palmyra.bars] == [1, 2, 3, 4, 5, 6, 7]
    assert [b.row for b in palmyra.bars] == list(range(7))


def test_each_bar_has_its_actors_colour_and_id(palmyra):
    government = {b.colour for b in palmyra.bars if b.party == GOVERNMENT}
    isis = {b.colour for b in palmyra.bars if b.party == "ISIS"}

    assert len(government) == len(isis) == 1
    assert government != isis
    assert all(re.fullmatch(r"#[0-9a-f]{6}", b.colour) for b in palmyra.bars)
    assert len({b.actor_id for b in palmyra.bars}) == 3


def test_the_order_claims_arrive_in_changes_nothing(palmyra):
    shuffled = build_timeline(PALMYRA_PERIODS[::-1], PALMYRA_EVENTS[::-1], TODAY)

    assert shuffled == palmyra


def test_a_start_not_known_runs_from_the_axis_start_and_fades(palmyra):
    first = bar(palmyra, 1)

    assert first.x0 == 0.0
    assert first.fuzzy_start
    assert first.fuzzy_end  # "20–21 May 2015" is two days
    assert first.dates_text == "until 20–21 May 2015"
    assert first.dates_line == "Until 20–21 May 2015"


def test_an_ongoing_period_runs_off_the_right_edge_and_is_flagged(palmyra):
    current = bar(palmyra, 7)

    assert current.ongoing
    assert not current.fuzzy_end
    assert current.x1 == 1.0
    assert [b.period_id for b in palmyra.bars if b.ongoing] == [7]
    assert current.dates_text == "since 7 December 2024"


def test_the_axis_ends_after_the_last_known_date_not_today(palmyra):
    assert date(2024, 12, 7) < palmyra.end < TODAY


def test_a_month_covers_the_whole_month(palmyra):
    may_2016 = bar(palmyra, 3)
    march = bar(palmyra, 2)

    assert may_2016.x0 == march.x0  # both from 1 May 2015
    assert may_2016.x1 > march.x1
    assert may_2016.fuzzy_start
    assert may_2016.fuzzy_end
    assert not march.fuzzy_end
    recaptured = bar(palmyra, 4)
    assert not recaptured.fuzzy_start
    assert recaptured.fuzzy_end


def test_a_bar_carries_its_supporting_actors_and_sources(palmyra):
    recaptured = bar(palmyra, 4)

    assert recaptured.supporting == ("Russian Armed Forces",)
    assert recaptured.sources_text == "2 sources"
    assert bar(palmyra, 3).sources_text == "1 source"


def test_every_position_is_a_fraction_in_order(palmyra):
    for b in palmyra.bars:
        assert 0 <= b.x0 <= b.x1 <= 1
    for e in palmyra.events:
        assert 0 <= e.x0 <= e.x <= e.x1 <= 1
    for c in palmyra.disputes:
        assert 0 <= c.x0 <= c.x1 <= 1
    fractions = [tick.fraction for tick in palmyra.ticks]
    assert fractions == sorted(fractions)
    assert all(0 <= f <= 1 for f in fractions)


def test_nothing_to_draw_gives_none():
    assert build_timeline([], [], TODAY) is None


def test_a_site_with_one_period_draws():
    timeline = timeline_of([claim(1, "ISIS", "2015-05-21", "2016-03-27")])

    (only,) = timeline.bars
    assert 0 < only.x0 < only.x1 < 1
    assert timeline.breaks == ()
    assert [entry.kind for entry in timeline.entries] == ["period"]


def test_events_alone_make_a_timeline():
    timeline = timeline_of([], [event("report-1", "Looting", "2014-02-03")])

    assert timeline.bars == ()
    assert timeline.actors == ()
    assert timeline.events[0].number == 1
    assert timeline.ticks


def test_a_period_with_neither_date_still_draws():
    timeline = timeline_of([claim(1, "X", None, None)])

    assert timeline.bars[0].dates_text == "dates not known"


# --- events ----------------------------------------------------------------------------------


def test_events_are_numbered_in_date_order(palmyra):
    assert [(e.number, e.key) for e in palmyra.events] == [
        (1, "report-7"),
        (2, "report-4"),
        (3, "report-1"),
        (4, "report-2"),
        (5, "report-3"),
        (6, "report-5"),
        (7, "report-6"),
    ]
    tombs = palmyra.events[1]
    assert tombs.date_text == "August–September 2015"
    assert tombs.x0 < tombs.x1
    assert tombs.x == pytest.approx((tombs.x0 + tombs.x1) / 2)


def test_an_event_known_only_as_before_a_date_is_placed_at_that_date(palmyra):
    looting = palmyra.events[0]

    assert looting.date_text == "before November 2013"
    assert looting.date_line == "Before November 2013"
    assert looting.x0 == looting.x1 > 0
    assert palmyra.start <= date(2013, 11, 30)


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
    timeline = timeline_of([], [event("report-1", "x", "2015-08-30", url=url)])

    assert timeline.events[0].url == kept


def test_close_event_markers_are_stacked_apart(palmyra):
    gap = 0.02
    lanes = event_lanes(palmyra.events, gap)

    assert len(lanes) == len(palmyra.events)
    for i, a in enumerate(palmyra.events):
        for j, b in enumerate(palmyra.events[i + 1 :], start=i + 1):
            if lanes[i] == lanes[j]:
                assert abs(a.x - b.x) >= gap
    assert max(lanes) >= 2  # four markers within a month of 2015
    assert max(event_lanes(palmyra.events, gap, max_lanes=2)) == 1


# --- the list, the text equivalent and the legend --------------------------------------------


def test_entries_are_every_period_and_event_in_date_order(palmyra):
    described = [
        (entry.kind, entry.period_id if isinstance(entry, PeriodBar) else entry.number)
        for entry in palmyra.entries
    ]

    assert described == [
        ("period", 1),  # start not known: first
        ("event", 1),  # before November 2013
        ("period", 2),
        ("period", 3),
        ("event", 2),
        ("event", 3),
        ("event", 4),
        ("event", 5),
        ("event", 6),
        ("period", 4),
        ("period", 5),
        ("event", 7),
        ("period", 6),
        ("period", 7),
    ]
    assert len(palmyra.entries) == len(palmyra.bars) + len(palmyra.events)


def test_entries_are_the_bars_and_marks_themselves(palmyra):
    """So the list shows exactly what the drawing does: the same dates, kinds and sources."""
    assert {id(e) for e in palmyra.entries if isinstance(e, PeriodBar)} == {
        id(b) for b in palmyra.bars
    }
    assert {id(e) for e in palmyra.entries if isinstance(e, EventMark)} == {
        id(e) for e in palmyra.events
    }


def test_no_sentence_embeds_a_name(palmyra):
    """Names reach the page as fields of their own, which the templates isolate (bdi)."""
    for entry in palmyra.entries:
        text = entry.dates_text if isinstance(entry, PeriodBar) else entry.date_text
        assert "ISIS" not in text
        assert GOVERNMENT not in text


def test_the_legend_lists_each_controlling_actor_once_in_order_of_appearance(palmyra):
    assert [(actor.name, actor.colour) for actor in palmyra.actors] == [
        (GOVERNMENT, bar(palmyra, 1).colour),
        ("ISIS", bar(palmyra, 2).colour),
        (FREE_ARMY, bar(palmyra, 7).colour),
    ]
    assert [actor.actor_id for actor in palmyra.actors] == [
        bar(palmyra, 1).actor_id,
        bar(palmyra, 2).actor_id,
        bar(palmyra, 7).actor_id,
    ]


def test_the_marks_in_use_are_known_to_the_legend(palmyra):
    assert palmyra.has_fuzzy_ends
    assert palmyra.has_ongoing
    exact = timeline_of([claim(1, "X", "2015-05-21", "2016-03-27")])
    assert not exact.has_fuzzy_ends
    assert not exact.has_ongoing


# --- the SVG macro ---------------------------------------------------------------------------


def template_environment() -> Environment:
    """The repository's templates without an app: English, and ``bdi`` as heritage.templating
    registers it."""
    env = Environment(
        loader=FileSystemLoader(REPO_ROOT / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # as Flask-Babel
    env.globals["bdi"] = lambda value: Markup("<bdi>{}</bdi>").format(value)
    return env


@pytest.fixture
def timeline_svg():
    """The macro as the site page calls it: on the timeline laid out at one width."""
    macro = template_environment().get_template("sites/_timeline.html").module.timeline_svg

    def render(timeline: Timeline, width: int, **options: str) -> str:
        return str(macro(layout_timeline(timeline, width), **options))

    return render


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own output, parsed to check its shape


def test_the_svg_is_a_named_group_whose_links_keep_their_names(palmyra, timeline_svg):
    """role="img" hid the links inside from screen readers (axe: nested-interactive)."""
    root = parse(timeline_svg(palmyra, DESKTOP_WIDTH, id_prefix="tl-wide"))

    assert root.get("role") == "group"
    assert root.find(f"{SVG}title").get("id") == root.get("aria-labelledby")
    for link in root.iter(f"{SVG}a"):
        assert link.find(f"{SVG}title").text.strip()
        assert link.get("aria-hidden") is None
    axis = root.find(f"{SVG}g[@class='tl-axis']")
    assert axis.get("aria-hidden") == "true"


def test_link_names_isolate_the_names_people_typed(palmyra, timeline_svg):
    root = parse(timeline_svg(palmyra, DESKTOP_WIDTH))
    titles = [a.find(f"{SVG}title").text for a in root.iter(f"{SVG}a")]

    assert f"{FSI}ISIS{PDI}, May 2015 to May 2016 (1 source): Sources disagree, Contested" in (
        titles
    )
    assert (
        f"{FSI}{GOVERNMENT}{PDI}, supported by {FSI}Russian Armed Forces{PDI}, "
        "27 March 2016 to 10–11 December 2016 (2 sources): Contested"
    ) in titles
    assert f"5. {FSI}Temple of Bel destroyed{PDI} (30 August 2015)" in titles


def test_a_party_in_the_drawing_is_a_bidi_isolate(timeline_svg):
    party = "الجيش (اللواء 5)"
    timeline = timeline_of([claim(1, party, "2015-05", "2016-03-27")])
    root = parse(timeline_svg(timeline, DESKTOP_WIDTH))

    (name,) = [t for t in root.iter(f"{SVG}tspan") if t.get("class") == "tl-party"]
    assert name.text == party
    # An isolate in the direction of its first letter, as <bdi>; a direction attribute made
    # Chromium anchor the whole line from its far end.
    assert name.get("unicode-bidi") == "plaintext"
    assert name.get("direction") is None


def test_the_svg_has_no_inline_style(palmyra, timeline_svg):
    for width in (DESKTOP_WIDTH, COMPACT_WIDTH):
        svg = timeline_svg(palmyra, width)
        assert "style=" not in svg
        assert "<style" not in svg


def test_actor_colours_are_presentation_attributes(palmyra, timeline_svg):
    svg = timeline_svg(palmyra, DESKTOP_WIDTH)

    for colour in {b.colour for b in palmyra.bars}:
        assert f'fill="{colour}"' in svg or f'stop-color="{colour}"' in svg


def test_two_renderings_on_one_page_have_unique_ids(palmyra, timeline_svg):
    page = (
        f"<div>{timeline_svg(palmyra, DESKTOP_WIDTH, id_prefix='tl-wide')}"
        f"{timeline_svg(palmyra, COMPACT_WIDTH, id_prefix='tl-narrow')}</div>"
    )
    ids = re.findall(r'\bid="([^"]+)"', page)
    gradients = [i for i in ids if "fade" in i]

    assert len(ids) == len(set(ids))
    assert len(gradients) == 2 * sum(1 for b in palmyra.bars if b.fuzzy_start or b.fuzzy_end)
    for target in re.findall(r"url\(#([^)]+)\)", page):
        assert target in ids


def test_user_text_is_escaped(timeline_svg):
    hostile = "<script>x</script>"
    timeline = timeline_of(
        [claim(1, hostile, "2015-05")],
        [event("report-1", '"><script>y</script>', "2016-01-01", url="/r?a=1&b=2")],
    )
    svg = timeline_svg(timeline, DESKTOP_WIDTH)

    assert "<script>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg
    assert 'href="/r?a=1&amp;b=2"' in svg
    parse(svg)


def test_events_with_a_link_are_wrapped_in_one(palmyra, timeline_svg):
    root = parse(timeline_svg(palmyra, DESKTOP_WIDTH))

    links = {a.get("href"): a for a in root.iter(f"{SVG}a") if not a.get("href").startswith("#")}
    assert set(links) == {"/reports/2", "/reports/3"}
    period_links = [a.get("href") for a in root.iter(f"{SVG}a") if a.get("href").startswith("#")]
    assert period_links == [f"#period-{b.period_id}" for b in palmyra.bars]


def test_conflicts_are_marked_on_the_drawing_in_the_cards_words(palmyra, timeline_svg):
    root = parse(timeline_svg(palmyra, DESKTOP_WIDTH))
    tags = [t.text for t in root.iter(f"{SVG}tspan") if t.get("class") == "tl-tag"]
    svg = timeline_svg(palmyra, DESKTOP_WIDTH)

    assert svg.count('class="tl-conflict-band"') == 2
    assert svg.count('class="tl-conflict-outline"') == 3
    assert sorted(tags) == ["Contested", "Contested", "Sources disagree", "Sources disagree"]


def test_a_break_is_drawn_with_its_band_zigzag_and_cuts(palmyra, timeline_svg):
    svg = timeline_svg(palmyra, DESKTOP_WIDTH)

    assert svg.count('class="tl-break-band"') == len(palmyra.breaks)
    assert svg.count('class="tl-break-zigzag"') == len(palmyra.breaks)
    assert 'class="tl-cut"' in svg  # 2017-2024 runs through a break
    assert "Axis shortened from May 2017 to November 2024" in svg


def test_the_drawing_grows_with_the_rows(timeline_svg):
    def height(timeline: Timeline) -> float:
        return float(parse(timeline_svg(timeline, DESKTOP_WIDTH)).get("viewBox").split()[3])

    one = timeline_of(PALMYRA_PERIODS[1:2])
    seven = timeline_of(PALMYRA_PERIODS)

    assert height(seven) > height(one) * 3
