"""Site rules tested directly: addresses, outlines, positions, fuzzy dates."""

from __future__ import annotations

from datetime import date

import pytest

from heritage.rules import RuleViolation
from heritage.sites import services
from heritage.sites.geo import parse_outline, visible_position
from heritage.sites.models import LocationSensitivity, Site
from heritage.vocab.dates import DatePrecision, FuzzyDateError, format_fuzzy, parse_fuzzy
from tests.factories import SiteFactory


@pytest.mark.parametrize(
    ("name", "other_names", "slug"),
    [
        ("Palmyra", [], "palmyra"),
        ("تل السلطان", [], "tl-alsltan"),
        ("تل الحمام (الموقع 5)", [], "tl-alhmam-almwq-5"),
        ("تل السلطان", [("Tell es-Sultan", "en")], "tell-es-sultan"),
        ("تدمر", [("Tadmor", "arc"), ("Palmyra", "en")], "tadmor"),
        ("قلعة حلب", [("قلعة", "ar")], "qla-hlb"),
    ],
)
def test_a_site_named_in_another_script_gets_a_readable_address(
    db_session, name, other_names, slug
):
    """Arabic names became /sites/site and /sites/5: they are transliterated now, and a Latin
    alternative name, when the site has one, is used instead."""
    fields = services.SiteFields(
        name=name, country="SY", names=[services.NameEntry(n, lang) for n, lang in other_names]
    )

    site = services.create_site(None, fields)

    assert site.slug == slug


def test_a_feature_wrapping_a_polygon_is_accepted():
    polygon = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}

    assert parse_outline({"type": "Feature", "geometry": polygon, "properties": {}}) == polygon


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        [],
        {"type": "Polygon"},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0.5]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, "0"], [1, 1], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, True], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 95], [0, 0]]]},
        {"type": "MultiPoint", "coordinates": [[0, 0]]},
    ],
)
def test_malformed_outlines_are_refused(geometry):
    with pytest.raises(RuleViolation) as refusal:
        parse_outline(geometry)
    assert refusal.value.field == "outline"


@pytest.mark.parametrize(
    ("sensitivity", "signed_in", "expected"),
    [
        ("public", False, (34.5514, 38.2681, "exact")),
        ("generalised", False, (34.6, 38.3, "generalised")),
        ("generalised", True, (34.5514, 38.2681, "exact")),
        ("hidden", False, None),
        ("hidden", True, (34.5514, 38.2681, "exact")),
    ],
)
def test_visible_position(sensitivity, signed_in, expected):
    site = Site(
        latitude=34.5514, longitude=38.2681, location_sensitivity=LocationSensitivity(sensitivity)
    )

    position = visible_position(site, signed_in=signed_in)

    assert (
        None if position is None else (position.lat, position.lon, position.precision)
    ) == expected


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("27 March 2016", date(2016, 3, 27), "day"),
        ("2016-03-27", date(2016, 3, 27), "day"),
        ("March 27, 2016", date(2016, 3, 27), "day"),
        ("May 2016", date(2016, 5, 1), "month"),
        ("Sept 2015", date(2015, 9, 1), "month"),
        ("2016-05", date(2016, 5, 1), "month"),
        ("2015", date(2015, 1, 1), "year"),
        ("c. 2013", date(2013, 1, 1), "circa"),
        ("circa 2013", date(2013, 1, 1), "circa"),
    ],
)
def test_fuzzy_dates_are_read_as_sources_write_them(text, day, precision):
    parsed = parse_fuzzy(text)

    assert (parsed.day, parsed.precision) == (day, precision)
    assert parse_fuzzy(str(parsed)) == parsed


@pytest.mark.parametrize(
    "text", ["", "someday", "31 February 2016", "2016-13", "Maytime 2016", "0"]
)
def test_unreadable_dates_are_refused(text):
    with pytest.raises(FuzzyDateError):
        parse_fuzzy(text)


def test_format_fuzzy():
    assert format_fuzzy(date(2016, 5, 1), DatePrecision.MONTH) == "May 2016"
    assert format_fuzzy(date(2013, 1, 1), DatePrecision.CIRCA) == "c. 2013"


def test_services_refuse_what_forms_would(db_session):
    with pytest.raises(RuleViolation, match="both latitude and longitude") as refusal:
        services.create_site(None, services.SiteFields(name="X", country="SY", latitude=1.0))
    assert refusal.value.field == "position"
    with pytest.raises(RuleViolation, match="Latitude runs from 90° S to 90° N"):
        services.create_site(
            None, services.SiteFields(name="X", country="SY", latitude=91.0, longitude=1.0)
        )
    with pytest.raises(RuleViolation, match="should be Q"):
        services.create_site(None, services.SiteFields(name="X", country="SY", wikidata_id="42"))


def test_a_feature_description_of_nothing_but_blanks_is_kept_as_none(db_session):
    site = SiteFactory()

    feature = services.add_feature(None, site, "West gate", "   \t \n\n  ")
    assert feature.description is None

    services.update_feature(None, feature, "West gate", " \t ")
    assert feature.description is None
