"""Positions as people paste them: every notation read to the same place, every refusal clear."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from heritage import translate
from heritage.sites.position import (
    Coordinates,
    PositionError,
    distance_km,
    format_dms,
    format_position,
    parse_position,
)

TOLERANCE = 1e-6

# Points at Palmyra: one in decimal degrees, one in whole seconds, one in decimal minutes.
DECIMAL = (34.5545, 38.2694)
DMS = (34 + 33 / 60 + 5 / 3600, 38 + 16 / 60 + 5 / 3600)
DDM = (34 + 33.083 / 60, 38 + 16.083 / 60)
SOUTH_WEST = (-33.8688, -70.5)

READABLE = [
    # Decimal degrees
    ("34.5545, 38.2694", DECIMAL),
    ("34.5545 38.2694", DECIMAL),
    ("34.5545;38.2694", DECIMAL),
    ("34.5545,38.2694", DECIMAL),
    ("  34.5545 ,\t38.2694\n", DECIMAL),
    ("-33.8688, 151.2093", (-33.8688, 151.2093)),
    ("−33.8688, 151.2093", (-33.8688, 151.2093)),  # U+2212, as Wikipedia prints it
    ("+34.5, +38.2", (34.5, 38.2)),
    ("34.5545°, 38.2694°", DECIMAL),
    ("34.5545º 38.2694º", DECIMAL),  # the ordinal sign typed for a degree
    ("34.5545 N, 38.2694 E", DECIMAL),
    ("34.5545 n, 38.2694 e", DECIMAL),
    ("N34.5545 E38.2694", DECIMAL),
    ("34.5545°N 38.2694°E", DECIMAL),
    ("34.5545N38.2694E", DECIMAL),
    ("34.5545\u00a0N, 38.2694\u00a0E", DECIMAL),  # no-break spaces from a web page
    ("34.5545 north, 38.2694 east", DECIMAL),
    ("33.8688 S, 70.5 W", SOUTH_WEST),
    ("S 33.8688 W 70.5", SOUTH_WEST),
    ("38.2694 E, 34.5545 N", DECIMAL),
    ("90, 180", (90.0, 180.0)),
    ("-90, -180", (-90.0, -180.0)),
    ("0, 0", (0.0, 0.0)),
    # Degrees, minutes and seconds
    ("34°33′05″N 38°16′05″E", DMS),
    ("34°33′05″ N, 38°16′05″ E", DMS),
    ("34°33'05\"N, 38°16'05\"E", DMS),
    ("34°33’05”N 38°16’05”E", DMS),
    ("34°33'05''N 38°16'05''E", DMS),
    ("34 33 05 N 38 16 05 E", DMS),
    ("34 33 05 38 16 05", DMS),
    ("34°33′05″ 38°16′05″", DMS),
    ("34d33m05sN 38d16m05sE", DMS),
    ("34D33M05SN 38D16M05SE", DMS),
    ("34d33m05s 38d16m05s", DMS),
    ("E38°16′05″ N34°33′05″", DMS),
    ("N 34° 33' 5.2\" E 38° 16' 5\"", (34 + 33 / 60 + 5.2 / 3600, DMS[1])),
    ("34°33′05.25″N 38°16′05.75″E", (34 + 33 / 60 + 5.25 / 3600, 38 + 16 / 60 + 5.75 / 3600)),
    ("34 deg 33' 5.00\" N, 38 deg 16' 5.00\" E", DMS),  # exiftool's GPS output
    ("33°52′08″S 151°12′33″E", (-(33 + 52 / 60 + 8 / 3600), 151 + 12 / 60 + 33 / 3600)),
    ("-33°52′08″, -70°30′", (-(33 + 52 / 60 + 8 / 3600), -70.5)),
    ("-0°30′, 0°30′", (-0.5, 0.5)),  # the sign is read from the text, not from -0
    # Degrees and decimal minutes
    ("34°33.083′N 38°16.083′E", DDM),
    ("N 34 33.083 E 38 16.083", DDM),
    ("34 33.083N, 38 16.083E", DDM),
    ("34 33.083 38 16.083", DDM),
    ("34°33.083 38°16.083", DDM),
    # Links and URIs
    ("geo:34.5545,38.2694", DECIMAL),
    ("geo:34.5545,38.2694;u=35", DECIMAL),
    ("GEO:34.5545,38.2694,410;crs=wgs84", DECIMAL),
    ("https://www.google.com/maps/@34.5545,38.2694,15z", DECIMAL),
    ("https://maps.google.com/?q=34.5545,38.2694", DECIMAL),
    ("https://www.google.com/maps/search/?api=1&query=34.5545%2C38.2694", DECIMAL),
    ("https://www.google.com/maps/place/Palmyra/@34.55,38.27,17z", (34.55, 38.27)),
    (
        "https://www.google.com/maps/place/Palmyra/@34.55,38.27,15z/data=!4m6!3m5!8m2"
        "!3d34.5514!4d38.2681",
        (34.5514, 38.2681),  # the pin, not the middle of the view
    ),
    ("www.google.de/maps/@-33.8688,-70.5,12z", SOUTH_WEST),
    ("https://www.openstreetmap.org/#map=15/34.5545/38.2694", DECIMAL),
    ("https://www.openstreetmap.org/?mlat=34.5545&mlon=38.2694", DECIMAL),
    ("https://www.openstreetmap.org/?mlat=34.5545&mlon=38.2694#map=12/34.6/38.3", DECIMAL),
    ("openstreetmap.org/#map=15/-33.8688/-70.5", SOUTH_WEST),
    # Arabic
    ("٣٤٫٥٥٤٥ ش، ٣٨٫٢٦٩٤ ق", DECIMAL),
    ("\u200f٣٤٫٥٥٤٥ ش، ٣٨٫٢٦٩٤ ق\u200f", DECIMAL),  # with the right-to-left marks copied along
    ("٣٤٫٥٥٤٥، ٣٨٫٢٦٩٤", DECIMAL),
    ("۳۴٫۵۵۴۵، ۳۸٫۲۶۹۴", DECIMAL),  # Eastern (Persian) digits
    ("34.5545ش 38.2694ق", DECIMAL),
    ("34°33′05″ شمالاً 38°16′05″ شرقاً", DMS),
    ("34°33′05″ شمالا 38°16′05″ شرقا", DMS),
    ("شمال 34°33′05″ شرق 38°16′05″", DMS),
    ("33.8688 جنوباً، 70.5 غرباً", SOUTH_WEST),
    ("٣٣٫٨٦٨٨ ج، ٧٠٫٥ غ", SOUTH_WEST),
    # Decimal commas, where nothing else could be meant
    ("34,5545 38,2694", DECIMAL),
    ("34,5545; 38,2694", DECIMAL),
    ("-33,8688 -70,5", SOUTH_WEST),
]


@pytest.mark.parametrize(("text", "expected"), READABLE)
def test_reads_each_notation(text: str, expected: tuple[float, float]) -> None:
    position = parse_position(text)
    assert position.latitude == pytest.approx(expected[0], abs=TOLERANCE)
    assert position.longitude == pytest.approx(expected[1], abs=TOLERANCE)


def test_keeps_full_precision() -> None:
    assert parse_position("34.123456789012, 38.987654321098") == Coordinates(
        34.123456789012, 38.987654321098
    )


@pytest.mark.parametrize("text", ["-0.0, -0.0", "-0, -0", "geo:-0,-0", "-0,0 -0,0"])
def test_negative_zero_comes_out_as_zero(text: str) -> None:
    position = parse_position(text)
    assert math.copysign(1, position.latitude) == 1
    assert math.copysign(1, position.longitude) == 1


REFUSED = [
    ("", "empty"),
    ("   \t ", "empty"),
    ("\u200f", "empty"),
    ("34.5545", "One number was found, but a position needs both a latitude and a longitude"),
    ("N", "No number was found"),
    ("34.5545,", "needs both a latitude and a longitude"),
    ("34 33 05", "3 numbers without degree signs"),
    ("34 33 05 38 16", "5 numbers without degree signs"),
    ("1 2 3 4 5 6 7 8", "8 numbers without degree signs"),
    ("34°33′05″ 38°16′05″ 12°", "reads as 3 values"),
    ("34 33 05 06 N, 38 E", "at most three numbers"),
    # Out of range
    ("151.2093, -33.8688", "it looks like the longitude came first"),
    (
        "151.2093, -33.8688",
        "(-33.8688, 151.2093) or add hemisphere letters (151.2093 E, 33.8688 S)",
    ),
    ("95, 38", "longitude came first"),
    ("95 N, 38 E", "Latitude must be between -90 and 90"),
    ("95, 120", "Latitude must be between -90 and 90"),
    ("200, 38", "Latitude must be between -90 and 90"),
    ("34, 190", "Longitude must be between -180 and 180"),
    ("34 N, 180.5 W", "Longitude must be between -180 and 180"),
    ("34,5545", "Longitude must be between -180 and 180 (180° W to 180° E), not 5545"),
    ("geo:134.5545,38.2694", "Latitude must be between"),
    ("https://www.openstreetmap.org/#map=15/34.5/238.2", "Longitude must be between"),
    # Minutes and seconds
    ("34°60′00″N 38°16′05″E", "Minutes must be less than 60, not 60"),
    ("34°33′60″N 38°16′05″E", "Seconds must be less than 60, not 60"),
    ("34°33′05″N 38°16′75.5″E", "Seconds must be less than 60, not 75.5"),
    ("34 -33 05 N 38 16 05 E", "minutes and seconds cannot be negative"),
    ("34 33 -05 38 16 05", "minutes and seconds cannot be negative"),
    ("34.5°33′ N 38°16′ E", "Only the last number of a value may have decimals"),
    ("34.5545 38.2694 34.1 38.1", "Only the last number of a value may have decimals"),
    ("34′ N, 38′ E", "in that order"),
    ("34″ 38″", "in that order"),
    ("° 34, 38", "“°” must follow a number"),
    ("34°′ N, 38° E", "“′” must follow a number"),
    # Hemispheres
    ("34.5545 N, 38.2694 S", "Both values are marked as latitude (N or S)"),
    ("34.5545 E 38.2694 W", "Both values are marked as longitude (E or W)"),
    ("٣٤ ش، ٣٨ ج", "Both values are marked as latitude"),
    ("-34 N, 38 E", "both a minus sign and the hemisphere letter N; use one or the other"),
    ("34 N, -38 E", "both a minus sign and the hemisphere letter E"),
    ("+34 S, 38 E", "both a plus sign and the hemisphere letter S"),
    ("−34°33′ ج، 38 ق", "both a minus sign and the hemisphere letter ج"),
    ("34.5545 N, 38.2694", "a hemisphere letter for both values or for neither"),
    ("34.5545 N 38.2694", "a hemisphere letter for both values or for neither"),
    ("N 34 E 38 N", "There are 3 hemisphere letters"),
    ("N34 38E", "either all before or all after"),
    ("34 N 38 E 5", "either all before or all after"),
    ("34.5545 N N, 38 E", "two hemisphere letters"),
    ("34 N 33, 38 E", "not inside it"),
    # Not numbers, not hemispheres
    ("nan, 38.2", "“nan” is not a number"),
    ("NaN NaN", "“nan” is not a number"),
    ("inf, 38.2", "“inf” is not a number"),
    ("34.5, -Infinity", "“-infinity” is not a number"),
    ("34.5x 38.2", "“x” is neither a number nor a hemisphere letter"),
    ("Palmyra", "“palmyra” is neither a number nor a hemisphere letter"),
    ("34.5545 38.2694 تدمر", "neither a number nor a hemisphere letter"),
    ("1e5, 2", "Write the numbers out in full"),  # a spreadsheet's notation, said so
    ("34.5-38.2", "right after a number is ambiguous"),
    ("34.5545 – 38.2694", "“–” cannot be part of a position"),
    ("34.5545 / 38.2694", "“/” cannot be part of a position"),
    ("34٬5545 38٬2694", "Arabic thousands separator"),
    # Separators
    ("34,5545, 38,2694", "Put one comma or semicolon between latitude and longitude"),
    ("34, 33, 05", "Put one comma or semicolon"),
    # Links
    ("https://www.google.com/maps/place/Palmyra", "This link does not show a position"),
    ("https://maps.google.com/?q=Palmyra", "This link does not show a position"),
    ("https://example.com/map?q=34.5545,38.2694", "This link does not show a position"),
    ("https://www.openstreetmap.org/?mlat=north&mlon=38.2694", "does not show a position"),
    ("https://www.openstreetmap.org/?mlat=34.5545#map=12/34.6/38.3", "does not show a position"),
    ("https://maps.app.goo.gl/5Dm2tVm2rNbq9", "A short link does not contain the position"),
    ("https://osm.org/go/xnDQGf", "A short link"),
    ("http://[::1", "This link cannot be read"),
    ("geo:palmyra", "This geo: link does not hold a latitude and a longitude"),
    ("geo:34.5545", "This geo: link does not hold"),
    ("geo:34.5545,38.2694;crs=epsg:3857", "Only geo: links in WGS84"),
    # Size
    ("3" * 2001, "2001 characters long, too long for a position"),
    ("34.5545, 38.2694" + " " * 10_000, "too long"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_refuses_with_a_specific_message(text: str, message: str) -> None:
    with pytest.raises(PositionError) as refusal:
        parse_position(text)
    assert message in str(refusal.value)


@pytest.mark.parametrize("text", [text for text, _ in REFUSED])
def test_every_refusal_shows_what_works(text: str) -> None:
    with pytest.raises(PositionError) as refusal:
        parse_position(text)

    assert str(refusal.value).endswith(
        " For example: 34.5545, 38.2694 or 34°33′05″ N, 38°16′05″ E."
    )


def test_a_refusal_is_a_value_error() -> None:
    assert issubclass(PositionError, ValueError)


def test_text_of_another_type_is_refused_like_any_other() -> None:
    with pytest.raises(PositionError, match="must be text"):
        parse_position(None)  # type: ignore[arg-type]


NOISE = [*"0123456789.,;:+-−°º'\"′″’”dmsnewNESWxq /@=&?#!٣٤٫،٬شجقغ\u00a0\u200f", "geo:", "@", "!3d"]


def garbled(generator: random.Random, text: str) -> str:
    """``text`` with a few characters dropped, repeated or replaced by likely noise."""
    for _ in range(generator.randint(1, 3)):
        at = generator.randint(0, len(text))
        edit = generator.choice(("drop", "repeat", "insert"))
        if edit == "drop":
            text = text[:at] + text[at + 1 :]
        elif edit == "repeat":
            text = text[:at] + text[at : at + 1] * 2 + text[at + 1 :]
        else:
            text = text[:at] + generator.choice(NOISE) + text[at:]
    return text


def test_garbled_text_is_read_or_refused_never_crashes() -> None:
    """Whatever is pasted, the form gets a position or a PositionError, never a 500."""
    generator = random.Random(20151012)  # noqa: S311 seeded so a failure can be replayed
    for _ in range(5000):
        if generator.random() < 0.5:
            text = garbled(generator, generator.choice(READABLE)[0])
        else:
            text = "".join(generator.choices(NOISE, k=generator.randint(0, 30)))
        try:
            position = parse_position(text)
        except PositionError:
            continue
        assert -90 <= position.latitude <= 90, text
        assert -180 <= position.longitude <= 180, text


# --- Writing positions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "decimals", "expected"),
    [
        (34.5545, 38.2694, 4, "34.5545° N, 38.2694° E"),
        (-33.8688, -70.5, 4, "33.8688° S, 70.5000° W"),
        (-33.8688, 151.2093, 4, "33.8688° S, 151.2093° E"),
        (0.0, 0.0, 4, "0.0000° N, 0.0000° E"),
        (-0.0, -0.0, 4, "0.0000° N, 0.0000° E"),
        (-0.00004, -0.00001, 4, "0.0000° N, 0.0000° E"),  # rounds to zero: no S or W
        (-0.00005, -0.00005, 4, "0.0001° S, 0.0001° W"),
        (34.55455, 38.26945, 4, "34.5546° N, 38.2695° E"),  # half up, as the number reads
        (34.55454, 38.26944, 4, "34.5545° N, 38.2694° E"),
        (34.5545, 38.2694, 2, "34.55° N, 38.27° E"),
        (34.5545, 38.2694, 0, "35° N, 38° E"),
        (34.5, 38.2, 6, "34.500000° N, 38.200000° E"),
        (90, 180, 4, "90.0000° N, 180.0000° E"),
        (-90, -180, 1, "90.0° S, 180.0° W"),
    ],
)
def test_format_position(latitude: float, longitude: float, decimals: int, expected: str) -> None:
    assert format_position(latitude, longitude, decimals) == expected


def test_format_position_defaults_to_four_decimals() -> None:
    assert format_position(34.5545, 38.2694) == "34.5545° N, 38.2694° E"


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (DMS[0], DMS[1], "34°33′05″ N, 38°16′05″ E"),
        (34.5545, 38.2694, "34°33′16″ N, 38°16′10″ E"),  # 124396.2″ and 137769.84″
        (-33.8688, -70.5, "33°52′08″ S, 70°30′00″ W"),
        (0.0, 0.0, "0°00′00″ N, 0°00′00″ E"),
        (-0.0000001, -0.0000001, "0°00′00″ N, 0°00′00″ E"),
        (34.999999, 38.999999, "35°00′00″ N, 39°00′00″ E"),  # 60″ and 60′ carried
        (34 + 33 / 60 + 59.6 / 3600, 38 + 59 / 60 + 59.7 / 3600, "34°34′00″ N, 39°00′00″ E"),
        (34 + 33 / 60 + 59.4 / 3600, 38.5, "34°33′59″ N, 38°30′00″ E"),
        (-90, -180, "90°00′00″ S, 180°00′00″ W"),
        (5.001, 5.0001, "5°00′04″ N, 5°00′00″ E"),
    ],
)
def test_format_dms(latitude: float, longitude: float, expected: str) -> None:
    assert format_dms(latitude, longitude) == expected


@pytest.mark.parametrize("write", [format_position, format_dms])
@pytest.mark.parametrize(
    ("latitude", "longitude"), [(91, 0), (0, 181), (math.nan, 0), (0, math.inf)]
)
def test_writing_refuses_what_is_not_a_position(write, latitude: float, longitude: float) -> None:
    with pytest.raises(PositionError, match="must be between"):
        write(latitude, longitude)


ROUND_TRIP = [
    DECIMAL,
    DMS,
    SOUTH_WEST,
    (-33.8688, 151.2093),
    (0.0, 0.0),
    (89.999999, -179.999999),
    (-12.3456789, 0.000001),
]


@pytest.mark.parametrize(("latitude", "longitude"), ROUND_TRIP)
def test_format_position_reads_back(latitude: float, longitude: float) -> None:
    position = parse_position(format_position(latitude, longitude, decimals=7))
    assert position.latitude == pytest.approx(latitude, abs=1e-7)
    assert position.longitude == pytest.approx(longitude, abs=1e-7)


@pytest.mark.parametrize(("latitude", "longitude"), ROUND_TRIP)
def test_format_dms_reads_back_to_the_second(latitude: float, longitude: float) -> None:
    position = parse_position(format_dms(latitude, longitude))
    assert position.latitude == pytest.approx(latitude, abs=0.5 / 3600 + 1e-9)
    assert position.longitude == pytest.approx(longitude, abs=0.5 / 3600 + 1e-9)


# --- Distances ------------------------------------------------------------------------------

PALMYRA = Coordinates(34.5514, 38.2681)
TADMUR = Coordinates(34.5570, 38.2720)  # in the modern town, north-east of the ruins
PARIS = Coordinates(48.8566, 2.3522)
LONDON = Coordinates(51.5074, -0.1278)


def test_palmyra_is_under_a_kilometre_from_tadmur() -> None:
    assert 0.5 < distance_km(PALMYRA, TADMUR) < 1.0


def test_paris_to_london() -> None:
    assert distance_km(PARIS, LONDON) == pytest.approx(343.5, abs=1.0)


def test_distance_is_symmetric_and_zero_to_itself() -> None:
    assert distance_km(PARIS, LONDON) == distance_km(LONDON, PARIS)
    assert distance_km(PALMYRA, PALMYRA) == 0.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Coordinates(0, 0), Coordinates(0, 180), math.pi * 6371.0088),
        (Coordinates(90, 0), Coordinates(-90, 0), math.pi * 6371.0088),
        (Coordinates(0, 0), Coordinates(90, 0), math.pi / 2 * 6371.0088),
        (Coordinates(0, 179.5), Coordinates(0, -179.5), math.pi / 180 * 6371.0088),
    ],
)
def test_distance_along_great_circles(a: Coordinates, b: Coordinates, expected: float) -> None:
    assert distance_km(a, b) == pytest.approx(expected, rel=1e-9)


def test_a_google_place_link_is_read_at_the_place_not_the_view():
    """The place part holds the coordinates searched; the @ part is the map's centre, 6 km off."""
    found = parse_position("https://www.google.com/maps/place/34.5545,38.2694/@34.5,38.2,17z")

    assert (found.latitude, found.longitude) == (34.5545, 38.2694)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e2, 1e1", "Write the numbers out in full"),
        ("9" * 600 + ", 3", "not a number that large"),
    ],
)
def test_numbers_no_map_writes_are_explained(text, message):
    with pytest.raises(PositionError, match=message):
        parse_position(text)


# --- In the reader's language ---------------------------------------------------------------


@contextmanager
def translated(
    language: str = "ar", catalogue: dict[str, str] | None = None
) -> Iterator[list[str]]:
    """Every message through a stand-in translator, as the app installs Flask-Babel's: it
    brackets what it translates (from ``catalogue`` where that has it) and records each
    message id; the previous translator is put back."""
    seen: list[str] = []

    def gettext(message: str, **params: Any) -> str:
        seen.append(message)
        message = (catalogue or {}).get(message, message)
        return "⟦" + (message % params if params else message) + "⟧"

    def ngettext(singular: str, plural: str, num: int, **params: Any) -> str:
        seen.append(singular)
        return "⟦" + (singular if num == 1 else plural) % {"num": num, **params} + "⟧"

    saved = (translate._gettext, translate._ngettext, translate._language)
    translate.install(gettext, ngettext, lambda: language)
    try:
        yield seen
    finally:
        translate.install(*saved)


def ltr(value: str) -> str:
    """``value`` between the left-to-right isolates Arabic positions wrap their numbers in."""
    return f"\u2066{value}\u2069"


def test_arabic_positions_have_arabic_hemisphere_letters_and_comma() -> None:
    assert format_position(*DECIMAL, language="ar") == f"{ltr('34.5545°')} ش، {ltr('38.2694°')} ق"
    assert format_position(*SOUTH_WEST, language="ar") == (
        f"{ltr('33.8688°')} ج، {ltr('70.5000°')} غ"
    )
    assert format_dms(*DMS, language="ar") == f"{ltr('34°33′05″')} ش، {ltr('38°16′05″')} ق"
    assert format_dms(*SOUTH_WEST, language="ar") == (f"{ltr('33°52′08″')} ج، {ltr('70°30′00″')} غ")


def test_english_positions_carry_no_invisible_direction_marks() -> None:
    assert "\u2066" not in format_position(*DECIMAL, language="en")
    assert "\u2066" not in format_dms(*DMS, language="en")


@pytest.mark.parametrize(("latitude", "longitude"), ROUND_TRIP)
def test_arabic_positions_read_back(latitude: float, longitude: float) -> None:
    decimal = parse_position(format_position(latitude, longitude, 7, language="ar"))
    assert decimal.latitude == pytest.approx(latitude, abs=1e-7)
    assert decimal.longitude == pytest.approx(longitude, abs=1e-7)
    dms = parse_position(format_dms(latitude, longitude, language="ar"))
    assert dms.latitude == pytest.approx(latitude, abs=0.5 / 3600 + 1e-9)
    assert dms.longitude == pytest.approx(longitude, abs=0.5 / 3600 + 1e-9)


def test_positions_are_written_in_the_readers_language() -> None:
    with translated("ar"):
        assert format_position(*DECIMAL) == f"{ltr('34.5545°')} ش، {ltr('38.2694°')} ق"
        assert format_dms(*DMS) == f"{ltr('34°33′05″')} ش، {ltr('38°16′05″')} ق"
        assert format_position(*DECIMAL, language="en") == "34.5545° N, 38.2694° E"
    assert format_position(*DECIMAL) == "34.5545° N, 38.2694° E"


def test_a_refusal_is_made_of_translated_sentences() -> None:
    with translated() as seen, pytest.raises(PositionError) as refused:
        parse_position("   ")

    assert str(refused.value) == (
        "⟦The position is empty: enter a latitude and a longitude.⟧ "
        f"⟦For example: ⟦{ltr('34.5545, 38.2694')} or {ltr('34°33′05″')} ش، {ltr('38°16′05″')} ق⟧.⟧"
    )
    assert seen == [
        "The position is empty: enter a latitude and a longitude.",
        "%(decimal)s or %(dms)s",
        "For example: %(examples)s.",
    ]


@pytest.mark.parametrize(
    ("text", "message_id", "shown"),
    [
        ("34.5, abc", "“%(word)s” is neither a number nor a hemisphere letter", "“abc”"),
        ("1 2 3", "%(num)d number without degree signs", "⟦3 numbers without"),
        ("34 N 38 N", "Both values are marked as latitude (N or S)", "latitude"),
        ("34°61′ N, 38° E", "Minutes must be less than 60, not %(value)s.", "not 61."),
        ("x" * 2001, "This is %(num)d character long", "This is 2001 characters long"),
    ],
)
def test_refusals_with_values_are_one_message_with_placeholders(
    text: str, message_id: str, shown: str
) -> None:
    with translated() as seen, pytest.raises(PositionError) as refused:
        parse_position(text)

    assert any(seen_id.startswith(message_id) for seen_id in seen), seen
    assert shown in str(refused.value)


def test_a_longitude_first_is_explained_with_the_readers_hemisphere_letters() -> None:
    with translated("ar"), pytest.raises(PositionError) as refused:
        parse_position("120, 45")

    assert "(45, 120)" in str(refused.value)
    assert "(120 ق, 45 ش)" in str(refused.value)


@pytest.mark.parametrize(
    ("western", "eastern"),
    [
        ("34.55-38.26", "٣٤٫٥٥-٣٨٫٢٦"),
        ("34.55 38.26 12", "٣٤٫٥٥ ٣٨٫٢٦ ١٢"),
        ("1e2, 38", "١e٢، ٣٨"),
    ],
)
def test_arabic_digits_are_refused_exactly_as_western_ones(western: str, eastern: str) -> None:
    """Arabic-Indic digits become Western ones before anything is read: the same text in
    either set of digits gets the same answer, a refusal included."""
    with pytest.raises(PositionError) as in_western:
        parse_position(western)
    with pytest.raises(PositionError) as in_eastern:
        parse_position(eastern)

    assert str(in_eastern.value) == str(in_western.value)


def test_the_arabic_stretching_stroke_is_ignored_in_hemisphere_words() -> None:
    assert parse_position("34.5545 شـمـال، 38.2694 شـرق") == parse_position("34.5545 N, 38.2694 E")
