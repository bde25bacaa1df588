"""Read a position pasted into one text field, and write positions back out.

Field archaeologists copy positions from maps, papers, GPS units and web pages: decimal
degrees with or without hemisphere letters, degrees-minutes-seconds written with any of half a
dozen quote marks, Arabic digits and hemisphere words, ``geo:`` URIs and Google Maps or
OpenStreetMap links. One text field takes them all, and the server reads it rather than a map
widget or the browser: the form then works without JavaScript, imports and the CLI share the
same rules, and a refusal can say exactly what was wrong.

A position misread by a few degrees puts a site in the wrong country and nobody notices, so
this reads only notations whose meaning is certain and refuses everything else with a sentence
that names the problem and shows what works. Only the standard library is used (and
:mod:`heritage.translate`, which words the refusals in the reader's language and is English
without the app), so the rules can be tested without the application.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import SplitResult, parse_qs, urlsplit

from heritage import translate
from heritage.translate import _, ngettext

EXAMPLE_DECIMAL = "34.5545, 38.2694"
EXAMPLE_POINT = (34.5514, 38.2681)  # written in degrees, minutes and seconds for the example
MAX_LENGTH = 2000  # a map link fits; refused before any parsing, so a huge paste costs nothing
EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius


class PositionError(ValueError):
    """The text is not a position this parser can read; str(error) is a clear, user-facing
    sentence that says what was wrong and gives an example of what works."""


@dataclass(frozen=True)
class Coordinates:
    latitude: float  # WGS84 decimal degrees, -90..90
    longitude: float  # -180..180


# --- Normalising: one spelling for each mark, so the grammar below stays small -------------

_IGNORED = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069\ufeff"  # invisible direction marks that Arabic text carries
        "\u0640",  # tatweel, the Arabic stretching stroke
    )
)
_ARABIC_VOWEL_MARKS = dict.fromkeys(range(0x064B, 0x0653))  # so شمالاً reads as شمالا
_SPELLINGS = str.maketrans(
    {
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Eastern (Persian) digits
        "٫": ".",  # Arabic decimal separator
        "،": ",",  # Arabic comma
        "؛": ";",  # Arabic semicolon
        **dict.fromkeys("′’‘ʹ´`", "'"),  # minutes
        **dict.fromkeys("″”“ʺ", '"'),  # seconds
        **dict.fromkeys("º˚", "°"),  # the ordinal and ring-above that stand in for a degree
        "−": "-",  # U+2212, the minus sign that Wikipedia prints
    }
)

# Letter units as GPS units and spreadsheets write them: 34d33m05s. An "s" is seconds only
# after a minutes "m" and touching its number, because everywhere else it means south.
_SECONDS_LETTER = re.compile(r"(?<=\dm)(\s*\d+(?:\.\d*)?)s")
_MINUTES_LETTER = re.compile(r"(?<=\d)m")
_DEGREES_LETTER = re.compile(r"(?<=\d)d(?:eg)?")


def _normalised(text: str) -> str:
    text = text.translate(_IGNORED).translate(_ARABIC_VOWEL_MARKS).translate(_SPELLINGS)
    return text.casefold().replace("''", '"').strip()


def _unit_marks(text: str) -> str:
    """34d33m05s as 34°33'05": letters only after the checks for links, which hold them."""
    text = _SECONDS_LETTER.sub(r'\1"', text)
    return _DEGREES_LETTER.sub("°", _MINUTES_LETTER.sub("'", text))


# --- Links and URIs -------------------------------------------------------------------------

_NUMBER = r"[+-]?\d+(?:\.\d+)?"
_EXPONENT = re.compile(r"\d[eE][+-]?\d")  # 1e2: a spreadsheet's notation, never a map's
_EXPONENTS_ONLY = re.compile(r"[\s,;+\-\d.eE]+")  # no N, S or W: an E is not a hemisphere
_LINK = re.compile(r"[a-z][a-z0-9+.-]*://|www\.|maps\.google\.|google\.|openstreetmap\.")
_GOOGLE_HOST = re.compile(r"(?:.+\.)?google\.[a-z]{2,3}(?:\.[a-z]{2})?")
_SHORT_LINK_HOST = re.compile(r"(?:.+\.)?(?:goo\.gl|osm\.org)")
_GOOGLE_PIN = re.compile(rf"!3d({_NUMBER})!4d({_NUMBER})")  # the place itself
_GOOGLE_VIEW = re.compile(rf"/@({_NUMBER}),({_NUMBER})")  # the middle of the map on screen
# A place searched by its coordinates: /maps/place/34.5545,38.2694/@34.5,38.2,17z
_GOOGLE_PLACE = re.compile(rf"/place/({_NUMBER})(?:,|%2C)\+?({_NUMBER})(?:/|$)")
_OSM_VIEW = re.compile(rf"(?:^|&)map=\d+(?:\.\d+)?/({_NUMBER})/({_NUMBER})")
_PAIR = re.compile(rf"\s*({_NUMBER})\s*,\s*({_NUMBER})\s*")
_GEO_URI = re.compile(
    rf"""
    geo:\s*(?P<latitude>{_NUMBER})\s*,\s*(?P<longitude>{_NUMBER})
    (?:\s*,\s*{_NUMBER})?              # altitude, which a site record does not keep
    (?P<parameters>;.*)?               # ;u=35 (uncertainty), ;crs=...
    """,
    re.VERBOSE,
)
_OTHER_DATUM = re.compile(r";\s*crs=(?!wgs84(?:;|$))")


def _from_link(link: str) -> Coordinates:
    """Map links put the position in different places; take the most precise one present."""
    try:
        parts = urlsplit(link if "://" in link else f"https://{link}")
    except ValueError:
        raise _refuse(_("This link cannot be read.")) from None
    if _SHORT_LINK_HOST.fullmatch(parts.hostname or ""):
        raise _refuse(
            _(
                "A short link does not contain the position: open it, then copy the full "
                "address from the browser, or the coordinates."
            )
        )
    position = next(_positions_in(link, parts), None)
    if position is None:
        raise _refuse(
            _(
                "This link does not show a position that can be read here; Google Maps and "
                "OpenStreetMap links to a point work, or paste the coordinates themselves."
            )
        )
    latitude, longitude = position
    return _checked(float(latitude), float(longitude))


def _positions_in(link: str, parts: SplitResult) -> Iterator[tuple[str, ...]]:
    host = parts.hostname or ""
    if _GOOGLE_HOST.fullmatch(host):
        yield from _google_positions(link, parts.path, parse_qs(parts.query))
    elif host == "openstreetmap.org" or host.endswith(".openstreetmap.org"):
        yield from _osm_positions(parts.fragment, parse_qs(parts.query))


def _google_positions(
    link: str, path: str, query: dict[str, list[str]]
) -> Iterator[tuple[str, ...]]:
    """The dropped pin first, then a searched position, then the middle of the view."""
    pin = _GOOGLE_PIN.search(link)
    if pin:
        yield pin.groups()
    place = _GOOGLE_PLACE.search(path)
    if place:
        yield place.groups()
    for key in ("q", "query", "ll"):
        for value in query.get(key, []):
            pair = _PAIR.fullmatch(value)
            if pair:
                yield pair.groups()
    view = _GOOGLE_VIEW.search(path)
    if view:
        yield view.groups()


def _osm_positions(fragment: str, query: dict[str, list[str]]) -> Iterator[tuple[str, ...]]:
    """The marker (mlat, mlon), else the middle of the view (#map=zoom/lat/lon); a marker that
    cannot be read is not replaced by the view, which may be kilometres away."""
    if "mlat" in query or "mlon" in query:
        pair = _PAIR.fullmatch(f"{query.get('mlat', [''])[0]},{query.get('mlon', [''])[0]}")
        if pair:
            yield pair.groups()
        return
    view = _OSM_VIEW.search(fragment)
    if view:
        yield view.groups()


def _from_geo_uri(uri: str) -> Coordinates:
    """RFC 5870: geo:latitude,longitude[,altitude][;parameters], in WGS84 unless crs= says."""
    match = _GEO_URI.fullmatch(uri)
    if match is None:
        raise _refuse(_("This geo: link does not hold a latitude and a longitude."))
    if _OTHER_DATUM.search(match["parameters"] or ""):
        raise _refuse(_("Only geo: links in WGS84 (the GPS datum) can be read."))
    return _checked(float(match["latitude"]), float(match["longitude"]))


# --- Decimal commas -------------------------------------------------------------------------

# "34,5545 38,2694" or "34,5545; 38,2694": with a comma inside each number and only a space or
# a semicolon between them, the commas cannot be separators. Any other comma use is refused
# below, so this reading never changes what another text would mean.
_DECIMAL_COMMAS = re.compile(
    r"""
    (?P<latitude>[+-]?\d+,\d+)
    (?:\s*;\s*|\s+)
    (?P<longitude>[+-]?\d+,\d+)
    """,
    re.VERBOSE,
)


def _from_decimal_commas(match: re.Match[str]) -> Coordinates:
    latitude, longitude = (match[name].replace(",", ".") for name in ("latitude", "longitude"))
    return _checked(float(latitude), float(longitude), in_written_order=True)


# --- Tokens ---------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))
    | (?P<unit>[°'"])
    | (?P<separator>[,;])
    | (?P<word>[+-]?(?:[a-z]+|[\u0621-\u064a]+))
    """,
    re.VERBOSE,
)
_HEMISPHERES = {
    **dict.fromkeys(("n", "north", "ش", "شمال", "شمالا"), ("latitude", 1)),
    **dict.fromkeys(("s", "south", "ج", "جنوب", "جنوبا"), ("latitude", -1)),
    **dict.fromkeys(("e", "east", "ق", "شرق", "شرقا"), ("longitude", 1)),
    **dict.fromkeys(("w", "west", "غ", "غرب", "غربا"), ("longitude", -1)),
}
_NOT_NUMBERS = frozenset(("nan", "inf", "infinity"))
_UNITS = ("°", "'", '"')
_UNIT_NAMES = {"°": "°", "'": "′", '"': "″"}


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "unit", "separator" or "hemisphere"
    text: str  # the number as written, or the unit: ° ' "
    axis: str = ""  # a hemisphere's: "latitude" or "longitude"
    sign: int = 1  # a hemisphere's: -1 for south and west


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _refuse(
                _("“%(character)s” cannot be part of a position.", character=text[position])
            )
        kind, written = match.lastgroup, match[0]
        if kind == "number" and written[0] in "+-" and _follows_number(text, position):
            raise _refuse(
                _(
                    "“%(sign)s” right after a number is ambiguous: put a comma or a space "
                    "between latitude and longitude.",
                    sign=written[0],
                )
            )
        if kind == "word":
            tokens.append(_word(written))
        elif kind != "space":
            tokens.append(_Token(str(kind), written))
        position = match.end()
    return tokens


def _follows_number(text: str, position: int) -> bool:
    """A sign touching the number before it, as in 34.5-38.2, could be a minus or a dash."""
    return position > 0 and text[position - 1] in "0123456789.°'\""


def _word(word: str) -> _Token:
    if word.lstrip("+-") in _NOT_NUMBERS:
        raise _refuse(
            _("“%(word)s” is not a number; a position needs two real numbers.", word=word)
        )
    if word == "deg":
        return _Token("unit", "°")
    if word not in _HEMISPHERES:
        raise _refuse(
            _(
                "“%(word)s” is neither a number nor a hemisphere letter "
                "(N, S, E, W, or ش ج ق غ in Arabic).",
                word=word,
            )
        )
    axis, sign = _HEMISPHERES[word]
    return _Token("hemisphere", word, axis, sign)


# --- Splitting into latitude and longitude --------------------------------------------------


def _halves(tokens: list[_Token]) -> list[list[_Token]]:
    """Two values: cut at a comma, at the hemisphere letters, at the degree signs or in the
    middle of the numbers, whichever the text gives first."""
    numbers = sum(token.kind == "number" for token in tokens)
    if numbers < 2:
        raise _refuse(
            _(
                "One number was found, but a position needs both a latitude and a longitude, "
                "the latitude first."
            )
            if numbers
            else _(
                "No number was found, but a position needs both a latitude and a longitude, "
                "the latitude first."
            )
        )
    separators = [index for index, token in enumerate(tokens) if token.kind == "separator"]
    if len(separators) > 1:
        raise _refuse(
            _(
                "Put one comma or semicolon between latitude and longitude and no other; "
                "with decimal commas, write 34,5545 38,2694."
            )
        )
    if separators:
        return [tokens[: separators[0]], tokens[separators[0] + 1 :]]
    if any(token.kind == "hemisphere" for token in tokens):
        return _cut_at_hemispheres(tokens)
    degree_signs = [index for index, token in enumerate(tokens) if token.text == "°"]
    if len(degree_signs) > 1:
        return _cut_before_degrees(tokens, degree_signs)
    return _cut_in_half(tokens)


def _cut_at_hemispheres(tokens: list[_Token]) -> list[list[_Token]]:
    letters = [index for index, token in enumerate(tokens) if token.kind == "hemisphere"]
    if len(letters) == 1:
        raise _both_or_neither()
    if len(letters) > 2:
        raise _refuse(
            ngettext(
                "There is %(num)d hemisphere letter; a position has two, "
                "one for latitude and one for longitude.",
                "There are %(num)d hemisphere letters; a position has two, "
                "one for latitude and one for longitude.",
                len(letters),
            )
        )
    letters_first, letters_last = letters[0] == 0, letters[1] == len(tokens) - 1
    if letters_first and not letters_last:
        middle = letters[1]
    elif letters_last and not letters_first:
        middle = letters[0] + 1
    else:
        raise _refuse(
            _(
                "Put the hemisphere letters either all before or all after the numbers, "
                "like 34.5545 N 38.2694 E or N 34.5545 E 38.2694."
            )
        )
    return [tokens[:middle], tokens[middle:]]


def _cut_before_degrees(tokens: list[_Token], degree_signs: list[int]) -> list[list[_Token]]:
    starts = sorted({0, *(index - 1 for index in degree_signs if index > 0)})
    if len(starts) != 2:
        raise _refuse(
            ngettext(
                "This reads as %(num)d value; a position has two, latitude and longitude.",
                "This reads as %(num)d values; a position has two, latitude and longitude.",
                len(starts),
            )
        )
    return [tokens[: starts[1]], tokens[starts[1] :]]


def _cut_in_half(tokens: list[_Token]) -> list[list[_Token]]:
    """Bare numbers split evenly: 2 are decimal degrees, 4 degrees and minutes, 6 with seconds."""
    numbers = [index for index, token in enumerate(tokens) if token.kind == "number"]
    if len(numbers) not in (2, 4, 6):
        raise _refuse(
            ngettext(
                "%(num)d number without degree signs, hemisphere letters or a comma "
                "cannot be split into latitude and longitude.",
                "%(num)d numbers without degree signs, hemisphere letters or a comma "
                "cannot be split into latitude and longitude.",
                len(numbers),
            )
        )
    middle = numbers[len(numbers) // 2]
    return [tokens[:middle], tokens[middle:]]


# --- One value ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Value:
    degrees: float  # signed
    axis: str  # "latitude", "longitude", or "" without a hemisphere letter


def _value(tokens: list[_Token]) -> _Value:
    """Degrees, optional minutes and seconds, and at most one hemisphere at either end."""
    letters = [token for token in tokens if token.kind == "hemisphere"]
    if len(letters) > 1:
        raise _refuse(_("One of the values has two hemisphere letters."))
    if letters and letters[0] not in (tokens[0], tokens[-1]):
        raise _refuse(_("A hemisphere letter belongs before or after a value, not inside it."))
    parts = _parts([token for token in tokens if token.kind != "hemisphere"])
    magnitude = _magnitude(parts)
    written_sign = parts[0][0][0]
    if letters and written_sign in "+-":
        letter = letters[0].text.upper()
        raise _refuse(
            _(
                "A value has both a minus sign and the hemisphere letter %(letter)s; "
                "use one or the other.",
                letter=letter,
            )
            if written_sign == "-"
            else _(
                "A value has both a plus sign and the hemisphere letter %(letter)s; "
                "use one or the other.",
                letter=letter,
            )
        )
    sign = letters[0].sign if letters else -1 if written_sign == "-" else 1
    return _Value(sign * magnitude, letters[0].axis if letters else "")


def _parts(tokens: list[_Token]) -> list[tuple[str, str]]:
    """(number, unit) pairs, the unit "" where none was written, checked for order."""
    parts: list[tuple[str, str]] = []
    for token in tokens:
        if token.kind == "number":
            parts.append((token.text, ""))
        elif parts and not parts[-1][1]:
            parts[-1] = (parts[-1][0], token.text)
        else:
            raise _refuse(_("“%(unit)s” must follow a number.", unit=_UNIT_NAMES[token.text]))
    if not parts:
        raise _refuse(_("A position needs both a latitude and a longitude, the latitude first."))
    if len(parts) > 3:
        raise _refuse(_("A value has at most three numbers: degrees, minutes and seconds."))
    for (__, unit), expected in zip(parts, _UNITS, strict=False):
        if unit not in ("", expected):
            raise _refuse(_("Write degrees, minutes and seconds in that order, like 34°33′05″."))
    return parts


def _magnitude(parts: list[tuple[str, str]]) -> float:
    if any(number[0] in "+-" for number, __ in parts[1:]):
        raise _refuse(
            _("Only the degrees may carry a sign; minutes and seconds cannot be negative.")
        )
    if any("." in number for number, __ in parts[:-1]):
        raise _refuse(
            _(
                "Only the last number of a value may have decimals: "
                "write 34°33.083′ or 34°33′05.2″, not 34.5°33′."
            )
        )
    numbers = [float(number.lstrip("+-")) for number, __ in parts]
    degrees, minutes, seconds = [*numbers, 0.0, 0.0][:3]
    if minutes >= 60:
        raise _refuse(_("Minutes must be less than 60, not %(value)s.", value=_shown(minutes)))
    if seconds >= 60:
        raise _refuse(_("Seconds must be less than 60, not %(value)s.", value=_shown(seconds)))
    return degrees + minutes / 60 + seconds / 3600


# --- Both values ----------------------------------------------------------------------------


def _assign(first: _Value, second: _Value) -> Coordinates:
    """Hemisphere letters say which value is latitude; without them latitude comes first."""
    if not first.axis and not second.axis:
        return _checked(first.degrees, second.degrees, in_written_order=True)
    if not first.axis or not second.axis:
        raise _both_or_neither()
    if first.axis == second.axis:
        raise _refuse(
            _("Both values are marked as latitude (N or S); one needs N or S and the other E or W.")
            if first.axis == "latitude"
            else _(
                "Both values are marked as longitude (E or W); "
                "one needs N or S and the other E or W."
            )
        )
    latitude, longitude = (first, second) if first.axis == "latitude" else (second, first)
    return _checked(latitude.degrees, longitude.degrees)


def _checked(latitude: float, longitude: float, *, in_written_order: bool = False) -> Coordinates:
    """Coordinates within range, with -0.0 made 0.0 so that nothing ever shows as -0."""
    if not -90 <= latitude <= 90:
        if in_written_order and abs(latitude) <= 180 and abs(longitude) <= 90:
            raise _longitude_first(latitude, longitude)
        raise _refuse(
            _(
                "Latitude must be between -90 and 90 (90° S to 90° N), not %(value)s.",
                value=_shown(latitude),
            )
        )
    if not -180 <= longitude <= 180:
        raise _refuse(
            _(
                "Longitude must be between -180 and 180 (180° W to 180° E), not %(value)s.",
                value=_shown(longitude),
            )
        )
    return Coordinates(latitude + 0.0, longitude + 0.0)


def parse_position(text: str) -> Coordinates:
    """The position ``text`` holds, read without guessing; raise PositionError otherwise.

    Nothing is rounded: the caller decides how much precision to store or show.
    """
    if not isinstance(text, str):
        raise _refuse(_("A position must be text."))
    if len(text) > MAX_LENGTH:
        raise _refuse(
            ngettext(
                "This is %(num)d character long, too long for a position (at most "
                "%(most)d); paste only the coordinates.",
                "This is %(num)d characters long, too long for a position (at most "
                "%(most)d); paste only the coordinates.",
                len(text),
                most=MAX_LENGTH,
            )
        )
    text = _normalised(text)
    if not text:
        raise _refuse(_("The position is empty: enter a latitude and a longitude."))
    if "٬" in text:
        raise _refuse(
            _(
                "The Arabic thousands separator ٬ has no place in a position: use ٫ as the "
                "decimal point and ، between latitude and longitude."
            )
        )
    if _EXPONENTS_ONLY.fullmatch(text) and _EXPONENT.search(text):
        raise _refuse(_("Write the numbers out in full: 1e2 and the like are not read here."))
    if text.startswith("geo:"):
        return _from_geo_uri(text)
    if _LINK.match(text):
        return _from_link(text)
    decimal_commas = _DECIMAL_COMMAS.fullmatch(text)
    if decimal_commas:
        return _from_decimal_commas(decimal_commas)
    first, second = (_value(half) for half in _halves(_tokens(_unit_marks(text))))
    return _assign(first, second)


# --- Messages -------------------------------------------------------------------------------


def _refuse(problem: str) -> PositionError:
    """Every refusal ends with notations that work, so the person can fix the text at once.

    The problem is a sentence (or two) of its own, already in the reader's language, and so is
    the example, so the two are joined as sentences, never as parts of one.
    """
    example = _("For example: %(examples)s.", examples=examples())
    return PositionError(f"{problem} {example}")


def examples() -> str:
    """Two notations the reader can copy, the second with the reader's hemisphere letters.
    On an Arabic page the decimal pair is isolated left to right, or it would read back to
    front ("38.2694 ,34.5545")."""
    decimal = _left_to_right(EXAMPLE_DECIMAL, None)
    return _("%(decimal)s or %(dms)s", decimal=decimal, dms=format_dms(*EXAMPLE_POINT))


def _both_or_neither() -> PositionError:
    return _refuse(
        _(
            "Give a hemisphere letter for both values or for neither, "
            "like 34.5545 N, 38.2694 E or 34.5545, 38.2694."
        )
    )


def _longitude_first(first: float, second: float) -> PositionError:
    return _refuse(
        _(
            "The first number, %(first)s, cannot be a latitude (latitudes run from -90 to "
            "90): it looks like the longitude came first. Give the latitude first "
            "(%(second)s, %(first)s) or add hemisphere letters (%(longitude)s, %(latitude)s).",
            first=_shown(first),
            second=_shown(second),
            longitude=_lettered(first, "longitude"),
            latitude=_lettered(second, "latitude"),
        )
    )


def _shown(value: float) -> str:
    """A number for a message; one too large to be a coordinate at all is said so."""
    if math.isfinite(value) and abs(value) < 1e9:
        return f"{value:.10g}"
    return _("a number that large")


def _lettered(value: float, axis: str) -> str:
    """'38.2694 E': a number with the hemisphere letter of the reader's language."""
    letters = _letters(None)
    positive, negative = letters[:2] if axis == "latitude" else letters[2:]
    return f"{_shown(abs(value))} {negative if value < 0 else positive}"


# --- Writing positions ----------------------------------------------------------------------


def _as_written(value: float) -> Decimal:
    """The shortest decimal that is ``value``: 34.55455 rounds as typed, not as the binary
    34.554549999… it is stored as."""
    return Decimal(repr(value))


# Hemisphere letters (north, south, east, west) and what comes between latitude and longitude,
# in each interface language: '34.5545° N, 38.2694° E', '34.5545° ش، 38.2694° ق'. Not gettext:
# the reader above must read back whatever is written here, so no catalogue may change it.
HEMISPHERE_LETTERS = {"en": ("N", "S", "E", "W"), "ar": ("ش", "ج", "ق", "غ")}
BETWEEN_VALUES = {"en": ", ", "ar": "، "}


def _letters(language: str | None) -> tuple[str, ...]:
    code = language or translate.language()
    return HEMISPHERE_LETTERS.get(code, HEMISPHERE_LETTERS["en"])


def _pair(latitude: str, longitude: str, language: str | None) -> str:
    between = BETWEEN_VALUES.get(language or translate.language(), BETWEEN_VALUES["en"])
    return f"{latitude}{between}{longitude}"


def format_position(
    latitude: float, longitude: float, decimals: int = 4, *, language: str | None = None
) -> str:
    """'34.5545° N, 38.2694° E' -- hemisphere letters, never a minus sign; e.g. -33.8688, -70.5
    -> '33.8688° S, 70.5000° W'; in Arabic '34.5545° ش، 38.2694° ق'.

    A minus sign is easily lost in copying and a lost one moves a site to another continent;
    a letter is not. The output reads back through parse_position, in either language.
    ``language`` ('en' or 'ar') is the reader's unless given.
    """
    _checked(latitude, longitude)
    step = Decimal(1).scaleb(-decimals)
    north, south, east, west = _letters(language)
    return _pair(
        _decimal_degrees(latitude, step, north, south, language),
        _decimal_degrees(longitude, step, east, west, language),
        language,
    )


def _decimal_degrees(
    value: float, step: Decimal, positive: str, negative: str, language: str | None
) -> str:
    rounded = _as_written(value).quantize(step, ROUND_HALF_UP)
    letter = negative if rounded < 0 else positive
    return f"{_left_to_right(f'{abs(rounded):f}°', language)} {letter}"


def format_dms(latitude: float, longitude: float, *, language: str | None = None) -> str:
    """'34°33′05″ N, 38°16′05″ E' (seconds rounded to whole; carry 60″ into minutes and 60′
    into degrees correctly); in Arabic '34°33′05″ ش، 38°16′05″ ق'."""
    _checked(latitude, longitude)
    north, south, east, west = _letters(language)
    return _pair(
        _dms(latitude, north, south, language), _dms(longitude, east, west, language), language
    )


def _dms(value: float, positive: str, negative: str, language: str | None) -> str:
    """Rounding the total in seconds first makes the carry automatic: 34.999999 is 35°00′00″."""
    total = int((abs(_as_written(value)) * 3600).quantize(Decimal(1), ROUND_HALF_UP))
    minutes, seconds = divmod(total, 60)
    degrees, minutes = divmod(minutes, 60)
    letter = negative if value < 0 and total else positive
    return f"{_left_to_right(f'{degrees}°{minutes:02d}′{seconds:02d}″', language)} {letter}"


def _left_to_right(text: str, language: str | None) -> str:
    """``text`` (numbers, degree signs, a comma) isolated left to right (U+2066 ... U+2069)
    for a right-to-left reader: otherwise the page moves the degree sign to the other side of
    the number, or puts the longitude first. The reader above ignores the isolates."""
    return f"\u2066{text}\u2069" if translate.right_to_left(language) else text


def distance_km(a: Coordinates, b: Coordinates) -> float:
    """Great-circle (haversine) distance in kilometres, Earth radius 6371.0088 km.

    Haversine stays accurate for the short distances between a site and its neighbours, where
    the spherical law of cosines loses precision; the sphere's error (under 0.5 %) is far
    below the uncertainty of a pasted position.
    """
    latitude_a, latitude_b = math.radians(a.latitude), math.radians(b.latitude)
    half_chord = (
        math.sin((latitude_b - latitude_a) / 2) ** 2
        + math.cos(latitude_a)
        * math.cos(latitude_b)
        * math.sin(math.radians(b.longitude - a.longitude) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(half_chord)))
