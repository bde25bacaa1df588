"""The timeline's HTML: the phone's list (also the text equivalent), the legend, the event key
and the conflict sentences, rendered from templates/sites/_timeline.html on Palmyra.

What is checked: names isolated in <bdi>, the same badge words as the period cards (one set of
words, in Python, printed by templates/macros/actors.html), links to the cards and actor pages, and
nothing the Content-Security-Policy would refuse.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from jinja2 import Environment
from markupsafe import Markup

from heritage.sites.conflicts import CONFLICT_LABELS, CONFLICT_MEANINGS, CONTESTED, DISAGREE
from heritage.sites.timeline import PeriodBar, Timeline
from tests.unit.sites.test_conflicts import claim
from tests.unit.sites.test_timeline import (
    PALMYRA_EVENTS,
    PALMYRA_PERIODS,
    event,
    template_environment,
    timeline_of,
)

ARABIC = "الجيش (اللواء 5)"


def actor_url(endpoint: str, **values: object) -> str:
    assert endpoint == "public.actor"
    return f"/actors/{values['actor_id']}"


@pytest.fixture(scope="module")
def env() -> Environment:
    env = template_environment()
    env.globals["url_for"] = actor_url
    # As heritage.templating registers them for the app's templates.
    env.globals.update(conflict_labels=CONFLICT_LABELS, conflict_meanings=CONFLICT_MEANINGS)
    return env


@pytest.fixture(scope="module")
def macros(env):
    return env.get_template("sites/_timeline.html").module


@pytest.fixture(scope="module")
def palmyra() -> Timeline:
    return timeline_of(PALMYRA_PERIODS, PALMYRA_EVENTS)


class Items(HTMLParser):
    """The <li> of a list, each as its text and the <bdi> texts inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[dict[str, list[str]]] = []
        self.in_bdi = 0

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.items.append({"text": [], "bdi": [], "href": []})
        elif tag == "bdi":
            self.in_bdi += 1
            self.items[-1]["bdi"].append("")
        elif tag == "a" and self.items:
            self.items[-1]["href"].append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "bdi":
            self.in_bdi -= 1

    def handle_data(self, data):
        if self.items:
            self.items[-1]["text"].append(data)
            if self.in_bdi:
                self.items[-1]["bdi"][-1] += data


def items(html: str) -> list[dict[str, list[str]]]:
    parser = Items()
    parser.feed(html)
    return parser.items


def words(item) -> str:
    return " ".join("".join(item["text"]).split())


# --- one set of words for the two kinds of conflict ------------------------------------------


def test_the_cards_badges_say_what_the_chart_says(env):
    """The period cards' badges (macros/actors.html) print CONFLICT_LABELS, as the chart does."""
    actors = env.get_template("macros/actors.html").module

    for kind in (DISAGREE, CONTESTED):
        badge = str(actors.conflict_badge(kind))
        assert re.sub(r"<[^>]+>", "", badge).strip() == CONFLICT_LABELS[kind]


def test_the_glossary_explains_each_kind_in_the_same_words(env):
    glossary = " ".join(
        str(env.get_template("macros/actors.html").module.conflict_glossary()).split()
    )

    for kind in (DISAGREE, CONTESTED):
        assert str(CONFLICT_MEANINGS[kind]) in glossary


# --- the list --------------------------------------------------------------------------------


def test_the_list_has_every_period_and_event_in_date_order(macros, palmyra):
    listed = items(str(macros.timeline_list(palmyra)))

    assert len(listed) == len(palmyra.entries)
    names = [item["bdi"][0] for item in listed]
    expected = [
        entry.party if isinstance(entry, PeriodBar) else entry.label for entry in palmyra.entries
    ]
    assert names == expected


def test_a_period_in_the_list_says_who_when_how_disputed_and_how_sourced(macros, palmyra):
    listed = items(str(macros.timeline_list(palmyra)))
    isis_to_may = listed[3]
    recapture = next(item for item in listed if "Russian Armed Forces" in item["bdi"])

    assert words(isis_to_may) == "ISIS May 2015 to May 2016 Sources disagree Contested 1 source"
    assert isis_to_may["href"] == ["#period-3"]
    assert words(recapture) == (
        "Syrian government forces 27 March 2016 to 10–11 December 2016 "
        "Supported by Russian Armed Forces Contested 2 sources"
    )
    assert words(listed[0]).startswith("Syrian government forces Until 20–21 May 2015")


def test_an_event_in_the_list_is_numbered_as_its_marker(macros, palmyra):
    listed = items(str(macros.timeline_list(palmyra)))
    looting = listed[1]
    bel = next(item for item in listed if "Temple of Bel destroyed" in item["bdi"])

    assert words(looting) == "Damage 1 Looting in the necropolis Before November 2013"
    assert words(bel) == "Damage 5 Temple of Bel destroyed 30 August 2015"
    assert bel["href"] == ["/reports/3"]


def test_each_period_shows_its_actors_colour_as_an_svg_fill(macros, palmyra):
    html = str(macros.timeline_list(palmyra))

    for bar in palmyra.bars:
        assert f'fill="{bar.colour}"' in html
    assert "style=" not in html
    assert "<style" not in html


def test_names_in_the_list_are_isolated_and_escaped(macros):
    timeline = timeline_of(
        [claim(1, ARABIC, "2015-05", "2016-03-27"), claim(2, "<b>x</b>", "2016-03-27")],
        [event("report-1", "تدمير المعبد (آب 2015)", "2015-08-30")],
    )
    html = str(macros.timeline_list(timeline))

    assert [item["bdi"] for item in items(html)] == [
        [ARABIC],
        ["تدمير المعبد (آب 2015)"],
        ["<b>x</b>"],
    ]
    assert "<bdi>&lt;b&gt;x&lt;/b&gt;</bdi>" in html


# --- the legend ------------------------------------------------------------------------------


def test_the_legend_links_each_actor_to_its_page_with_its_colour(macros, palmyra):
    html = str(macros.timeline_legend(palmyra))
    actors = items(html)[: len(palmyra.actors)]

    for item, actor in zip(actors, palmyra.actors, strict=True):
        assert item["bdi"] == [actor.name]
        assert item["href"] == [f"/actors/{actor.actor_id}"]
    for actor in palmyra.actors:
        assert f'fill="{actor.colour}"' in html
    assert "style=" not in html


def test_the_legend_explains_only_the_marks_the_drawing_uses(macros, palmyra):
    full = str(macros.timeline_legend(palmyra))
    plain = str(macros.timeline_legend(timeline_of([claim(1, "X", "2015-05-21", "2016-03-27")])))

    for mark in ("faded end", "arrow: still in control", "hatched", "zigzag: years shortened"):
        assert mark in full
        assert mark not in plain
    assert 'class="list-inline mb-1"' in plain
    assert plain.count("<svg") == 1  # the actor's swatch


def test_the_marks_can_be_hidden_where_there_is_no_drawing(macros, palmyra):
    html = str(macros.timeline_legend(palmyra, marks_class="d-none d-md-block"))

    assert "tl-legend-marks d-none d-md-block" in html


# --- the key and the sentences ---------------------------------------------------------------


def test_the_event_key_lists_the_numbered_events_with_their_links(macros, palmyra):
    key = str(macros.timeline_event_key(palmyra))

    assert '<li value="5"><a href="/reports/3"><bdi>Temple of Bel destroyed</bdi></a>' in key
    assert '<li value="1"><bdi>Looting in the necropolis</bdi>' in key


def test_a_conflict_sentence_isolates_each_name(macros):
    timeline = timeline_of(
        [claim(1, ARABIC, "2015-05", "2016-05"), claim(2, "ISIS", "2016-03-27", "2016-12-11")]
    )
    (conflict,) = timeline.conflicts
    html = str(macros.sentence(conflict.sentence))

    assert html == (
        f"Contested: <bdi>{ARABIC}</bdi> and <bdi>ISIS</bdi> are both claimed to have held "
        "the site between 27 March 2016 and May 2016."
    )


def test_a_conflict_sentence_escapes_a_name(macros):
    timeline = timeline_of(
        [claim(1, "<i>A</i>", "2015-05", "2016-05"), claim(2, "<i>A</i>", "2015-05", "2016-03")]
    )
    (conflict,) = timeline.conflicts
    html = macros.sentence(conflict.sentence)

    assert isinstance(html, Markup)
    assert "<bdi>&lt;i&gt;A&lt;/i&gt;</bdi>" in str(html)
