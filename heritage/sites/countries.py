"""Which country a position lies in, from the country outlines the app ships for its maps.

A position pasted with latitude and longitude swapped, or copied from the wrong site, lands in
another country and nothing else would notice: "40.4567, 35.1234" for a site in Syria is in
central Turkey. The outlines are Natural Earth's 1:110 million ones (world-atlas, vendored for
the maps), coarse near borders, so a position counts as outside its country only when no point
within about 10 km of it is inside.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

OUTLINES = Path(__file__).resolve().parent.parent / "static/vendor/world-atlas/countries-110m.json"
# About 10 km in degrees of latitude: what the coarse outlines may be off by near a border.
NEARBY = 0.1

Ring = list[tuple[float, float]]  # (longitude, latitude) points, closed


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    polygons: tuple[tuple[Ring, ...], ...]  # each an outer ring and its holes
    box: tuple[float, float, float, float]  # west, south, east, north

    def contains(self, longitude: float, latitude: float) -> bool:
        west, south, east, north = self.box
        if not (west <= longitude <= east and south <= latitude <= north):
            return False
        return any(_in_polygon(rings, longitude, latitude) for rings in self.polygons)


def country_at(latitude: float, longitude: float) -> str | None:
    """The ISO code of the country at a position, or None at sea or where unknown."""
    return next((c.code for c in _countries() if c.contains(longitude, latitude)), None)


def is_near_country(latitude: float, longitude: float, code: str) -> bool | None:
    """Whether the position is in country ``code`` or within about 10 km of it; None when the
    outlines do not know the country (a small island, a code they lack)."""
    country = next((c for c in _countries() if c.code == code.upper()), None)
    if country is None:
        return None
    return any(country.contains(lon, lat) for lat, lon in _around(latitude, longitude))


def _around(latitude: float, longitude: float) -> Iterator[tuple[float, float]]:
    yield latitude, longitude
    for d_lat, d_lon in ((NEARBY, 0), (-NEARBY, 0), (0, NEARBY), (0, -NEARBY)):
        yield latitude + d_lat, longitude + d_lon


@lru_cache(maxsize=1)
def _countries() -> tuple[Country, ...]:
    topology = json.loads(OUTLINES.read_text())
    arcs = _decoded_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = _alpha_2(geometry.get("id"))
        if code is None or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
            continue
        shapes = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons = tuple(tuple(_ring(arcs, ring) for ring in shape) for shape in shapes)
        points = [point for rings in polygons for point in rings[0]]
        box = (
            min(p[0] for p in points),
            min(p[1] for p in points),
            max(p[0] for p in points),
            max(p[1] for p in points),
        )
        countries.append(Country(code, polygons, box))
    return tuple(countries)


def _alpha_2(numeric: Any) -> str | None:
    country = pycountry.countries.get(numeric=str(numeric)) if numeric else None
    return country.alpha_2 if country else None


def _decoded_arcs(topology: dict[str, Any]) -> list[Ring]:
    """TopoJSON arcs are quantised and delta-encoded: undo both."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        decoded.append(points)
    return decoded


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """A ring from its arcs; ~i is arc i reversed; each arc repeats the previous one's end."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _in_polygon(rings: tuple[Ring, ...], x: float, y: float) -> bool:
    """Inside the outer ring and in none of its holes (even-odd rule over all rings)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside
