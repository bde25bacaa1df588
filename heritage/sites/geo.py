"""Positions: what each viewer may see of a site's location, and outline validation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from heritage.rules import RuleViolation
from heritage.sites.models import LocationSensitivity, Site
from heritage.translate import LazyText, _, lazy

# One decimal degree is about 11 km of latitude: "about 10 km", as DESIGN.md asks.
GENERALISED_DECIMALS = 1


@dataclass(frozen=True)
class Position:
    lat: float
    lon: float
    precision: str  # "exact" or "generalised"


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
        raise RuleViolation(_("The outline must be a GeoJSON Polygon."), "outline")
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise RuleViolation(_("The polygon has no coordinates."), "outline")
    for number, ring in enumerate(rings, start=1):
        _check_ring(ring, number)
    return {"type": "Polygon", "coordinates": rings}


def _check_ring(ring: Any, number: int) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise RuleViolation(
            _("Ring %(number)d needs at least four positions.", number=number), "outline"
        )
    for position in ring:
        if not _is_position(position):
            raise RuleViolation(
                _(
                    "Ring %(number)d has a position that is not [longitude, latitude] in "
                    "range: %(position)s.",
                    number=number,
                    position=repr(position),
                ),
                "outline",
            )
    if ring[0] != ring[-1]:
        raise RuleViolation(
            _(
                "Ring %(number)d is not closed: its last position must repeat the first.",
                number=number,
            ),
            "outline",
        )


def _is_position(position: Any) -> bool:
    if not isinstance(position, list) or len(position) not in (2, 3):
        return False
    if not all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in position
    ):
        return False
    lon, lat = position[0], position[1]
    # Compared, not converted (an integer of 400 digits has no float); NaN fails every
    # comparison and infinity is out of range.
    return bool(-180 <= lon <= 180 and -90 <= lat <= 90)


POSITION_FIELDS = frozenset({"latitude", "longitude", "outline"})
# Why a recorded position is not shown: the site is protected now, or (though public now)
# the value was entered while it was. Put in place of the value, and translated when shown
# (public.history compares a value with them: LazyText compares as its text).
WITHHELD_NOW = lazy("not shown: the position of this site is protected")
WITHHELD_THEN = lazy("not shown: entered while the position was protected")


# Least protective first: relaxing protection moves left along this list.
PROTECTION_ORDER = (
    LocationSensitivity.PUBLIC,
    LocationSensitivity.GENERALISED,
    LocationSensitivity.HIDDEN,
)


def relaxes(current: LocationSensitivity, new: LocationSensitivity) -> bool:
    """Whether going from ``current`` to ``new`` shows the public more of the position."""
    return PROTECTION_ORDER.index(new) < PROTECTION_ORDER.index(current)


@dataclass(frozen=True)
class RecordedUnder:
    """The protection a history entry's positions were recorded under: its values before the
    change were entered under ``before``, its new values under ``after``."""

    before: LocationSensitivity
    after: LocationSensitivity


# What an entry is assumed to have been recorded under when its history says nothing.
UNKNOWN_PROTECTION = RecordedUnder(LocationSensitivity.HIDDEN, LocationSensitivity.HIDDEN)


def visible_history_details(
    details: dict[str, Any],
    recorded: Mapping[str, RecordedUnder],
    site: Site,
    *,
    signed_in: bool,
) -> dict[str, Any]:
    """Audit details as this viewer may see them: a position is shown to the public only if
    the site was public when it was recorded *and* is public now.

    The change history is public and keeps coordinates as they were entered; without this a
    protected site's exact position would leak through it, and relaxing a site's protection
    would publish every position it had while it was protected.
    """
    if signed_in:
        return details
    public_now = site.location_sensitivity is LocationSensitivity.PUBLIC
    reason = WITHHELD_THEN if public_now else WITHHELD_NOW

    def shown(name: str) -> tuple[bool, bool]:
        under = recorded.get(name, UNKNOWN_PROTECTION)
        public = LocationSensitivity.PUBLIC
        return public_now and under.before is public, public_now and under.after is public

    visible = dict(details)
    for key in ("values", "changes"):
        if not isinstance(details.get(key), dict):
            continue
        visible[key] = {
            name: _visible(value, *shown(name), reason) if name in POSITION_FIELDS else value
            for name, value in details[key].items()
        }
    return visible


def _visible(value: Any, before_shown: bool, after_shown: bool, reason: LazyText) -> Any:
    """A recorded value, or a change [before, after], with what may not be seen withheld."""
    if not isinstance(value, list):
        return value if after_shown else _withhold(value, reason)
    if len(value) != 2:
        return reason
    before, after = value
    return [
        before if before_shown else _withhold(before, reason),
        after if after_shown else _withhold(after, reason),
    ]


def _withhold(value: Any, reason: LazyText) -> Any:
    return None if value is None else reason
