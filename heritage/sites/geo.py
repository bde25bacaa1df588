"""Positions: what each viewer may see of a site's location, and outline validation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from heritage.rules import RuleViolation
from heritage.sites.models import LocationSensitivity, Site

# One decimal degree is about 11 km of latitude: "about 10 km", as DESIGN.md asks.
GENERALISED_DECIMALS = 1


@dataclass(frozen=True)
class Position:
    lat: float
    lon: float
    precision: str  # "exact" or "generalised"

    def as_json(self) -> dict[str, Any]:
        return {"lat": self.lat, "lon": self.lon, "precision": self.precision}


def visible_position(site: Site, *, signed_in: bool) -> Position | None:
    """The position ``site`` may show to this viewer; computed here for every output.

    Signed-in users see the exact position; the public sees it rounded for ``generalised``
    sites and not at all for ``hidden`` ones.
    """
    if site.latitude is None or site.longitude is None:
        return None
    if signed_in or site.location_sensitivity is LocationSensitivity.PUBLIC:
        return Position(site.latitude, site.longitude, "exact")
    if site.location_sensitivity is LocationSensitivity.GENERALISED:
        return Position(
            round(site.latitude, GENERALISED_DECIMALS),
            round(site.longitude, GENERALISED_DECIMALS),
            "generalised",
        )
    return None


def visible_outline(site: Site, *, signed_in: bool) -> dict[str, Any] | None:
    """An outline would reveal the exact place, so only an exact position comes with one."""
    position = visible_position(site, signed_in=signed_in)
    return site.outline if position is not None and position.precision == "exact" else None


def parse_outline(geometry: Any) -> dict[str, Any]:
    """A GeoJSON Polygon (or a Feature holding one), checked ring by ring; raise if malformed.

    RFC 7946: each ring has at least four positions, the first and last identical, positions
    as [longitude, latitude] in range.
    """
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        raise RuleViolation("The outline must be a GeoJSON Polygon.", "outline")
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise RuleViolation("The polygon has no coordinates.", "outline")
    for number, ring in enumerate(rings, start=1):
        _check_ring(ring, number)
    return {"type": "Polygon", "coordinates": rings}


def _check_ring(ring: Any, number: int) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise RuleViolation(f"Ring {number} needs at least four positions.", "outline")
    for position in ring:
        if not _is_position(position):
            raise RuleViolation(
                f"Ring {number} has a position that is not [longitude, latitude] in range: "
                f"{position!r}.",
                "outline",
            )
    if ring[0] != ring[-1]:
        raise RuleViolation(
            f"Ring {number} is not closed: its last position must repeat the first.", "outline"
        )


def _is_position(position: Any) -> bool:
    if not isinstance(position, list) or len(position) not in (2, 3):
        return False
    if not all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in position
    ):
        return False
    lon, lat = position[0], position[1]
    return math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90


POSITION_FIELDS = frozenset({"latitude", "longitude", "outline"})
WITHHELD = "withheld for this site's protection"


def visible_history_details(
    details: dict[str, Any], site: Site, *, signed_in: bool
) -> dict[str, Any]:
    """Audit details as this viewer may see them: a protected site's position is withheld.

    The change history is public, and it records coordinates as they were entered; without
    this a generalised or hidden site's exact position would leak through its history.
    """
    if signed_in or site.location_sensitivity is LocationSensitivity.PUBLIC:
        return details
    visible = dict(details)
    for key in ("values", "changes"):
        if isinstance(details.get(key), dict):
            visible[key] = {
                name: _withhold(value) if name in POSITION_FIELDS else value
                for name, value in details[key].items()
            }
    return visible


def _withhold(value: Any) -> Any:
    if isinstance(value, list):  # a change: [before, after]
        return [None if item is None else WITHHELD for item in value]
    return None if value is None else WITHHELD
