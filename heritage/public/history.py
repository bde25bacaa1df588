"""The audit log as people read it: field names in words, vocabulary codes as their labels,
countries by name, dates as written, positions with their hemispheres.

Audit events keep raw values (codes, EDTF, ISO country codes) so they stay exact and stable;
this turns them into what a reader of a site's change history or the audit log expects,
"Type of actor: Military group (state)" rather than ``actor_type: military_group_state``.
It runs as a template filter, so the site history and the administrators' audit log agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import g
from sqlalchemy import select

from heritage.extensions import db
from heritage.sites.geo import WITHHELD_NOW, WITHHELD_THEN
from heritage.sites.position import format_position
from heritage.text import country_name
from heritage.vocab.models import Term, Vocabulary
from heritage.vocab.uncertain_dates import UncertainDate

Formatter = Callable[[Any], Any]

SENSITIVITY_WORDS = {
    "public": "Public: the exact position",
    "generalised": "Generalised: rounded to about 10 km",
    "hidden": "Hidden: no position",
}
ROLE_WORDS = {"contributor": "Contributor", "reviewer": "Reviewer", "admin": "Administrator"}
CREDIT_WORDS = {"name": "By name", "affiliation": "By affiliation only"}
# A period's dates as the audit log kept them before dates became EDTF: "on 2017-03-02 (day)".
OLD_BOUND = re.compile(r"^(on|before|after) (\d{4})-(\d{2})-(\d{2}) \((day|month|year|circa)\)$")


@dataclass(frozen=True)
class Change:
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Entry:
    label: str
    value: Any


@dataclass(frozen=True)
class ReadableDetails:
    """An event's details, readable: the fields it changed, the values it recorded (of an
    object created or deleted), and anything else it noted."""

    changes: list[Change]
    values: list[Entry]
    notes: list[Entry]


def readable_details(details: Mapping[str, Any] | None) -> ReadableDetails:
    details = details or {}
    labels = _term_labels()
    changes = details.get("changes")
    values = details.get("values")
    return ReadableDetails(
        changes=[
            Change(_label(name), _shown(name, pair[0], labels), _shown(name, pair[1], labels))
            for name, pair in sorted((changes or {}).items(), key=lambda item: _order(item[0]))
            if isinstance(pair, list) and len(pair) == 2
        ],
        values=_entries(values if isinstance(values, Mapping) else {}, labels),
        notes=_entries(
            {key: value for key, value in details.items() if key not in {"changes", "values"}},
            labels,
        ),
    )


def _entries(values: Mapping[str, Any], labels: Mapping[tuple[str, str], str]) -> list[Entry]:
    shown = [
        Entry(_label(name), _shown(name, value, labels))
        for name, value in sorted(values.items(), key=lambda item: _order(item[0]))
    ]
    return [entry for entry in shown if entry.value not in (None, "", [])]


# Field name -> (label, vocabulary or formatter). Fields not listed read as their name.
FIELDS: dict[str, tuple[str, Vocabulary | Formatter | None]] = {
    "name": ("Name", None),
    "names": ("Other names", None),
    "aliases": ("Also called", None),
    "country": ("Country", lambda code: _country(code)),
    "region": ("Region", None),
    "latitude": ("Latitude", lambda value: _coordinate(value, "lat")),
    "longitude": ("Longitude", lambda value: _coordinate(value, "lon")),
    "outline": ("Outline", lambda value: "recorded" if value == "set" else value),
    "location_sensitivity": ("Who may see the exact position", SENSITIVITY_WORDS.get),
    "unesco_whc_id": ("UNESCO World Heritage id", None),
    "pleiades_id": ("Pleiades id", None),
    "wikidata_id": ("Wikidata id", None),
    "heritage_status": ("Heritage status", None),
    "description": ("Description", None),
    "controlling_actor": ("Controlling actor", None),
    "controlling_party": ("Controlling party", None),
    "supporting_actors": ("Supported by", None),
    "actor_type": ("Type of actor", Vocabulary.ACTOR_TYPE),
    "parent": ("Part of", None),
    "colour": ("Colour", None),
    "start": ("From", None),
    "end": ("To", None),
    "certainty": ("Certainty", Vocabulary.CERTAINTY),
    "notes": ("Notes", None),
    "sources": ("Sources", None),
    "kind": ("Kind of source", Vocabulary.SOURCE_TYPE),
    "title": ("Title", None),
    "author": ("Author or organisation", None),
    "publisher": ("Publisher", None),
    "published_on": ("Published", None),
    "published_precision": ("Published, known to the", None),
    "url": ("Web address", None),
    "archive_url": ("Archived copy", None),
    "accessed_on": ("Accessed", None),
    "language": ("Language", None),
    "reliability": ("Reliability", Vocabulary.SOURCE_RELIABILITY),
    "credibility": ("Credibility", Vocabulary.INFORMATION_CREDIBILITY),
    "email": ("Email", None),
    "role": ("Role", ROLE_WORDS.get),
    "display_name": ("Display name", None),
    "affiliation": ("Affiliation", None),
    "credit_mode": ("Public credit", CREDIT_WORDS.get),
}
ORDER = {name: position for position, name in enumerate(FIELDS)}
# What an empty date of a period means, which the history says rather than leave out.
EMPTY_DATE_MEANS = {"start": "not known", "end": "ongoing"}


def _order(name: str) -> tuple[int, str]:
    return ORDER.get(name, len(ORDER)), name


def _label(name: str) -> str:
    known = FIELDS.get(name)
    return known[0] if known else name.replace("_", " ").capitalize()


def _shown(name: str, value: Any, labels: Mapping[tuple[str, str], str]) -> Any:
    """``value`` as a reader should see it; a withheld position stays the reason it is."""
    if name in EMPTY_DATE_MEANS:
        return _date(value, EMPTY_DATE_MEANS[name])
    if value is None or value in (WITHHELD_NOW, WITHHELD_THEN):
        return value
    if isinstance(value, list):
        return [_shown(name, item, labels) for item in value]
    how = FIELDS.get(name, (name, None))[1]
    if isinstance(how, Vocabulary):
        return labels.get((how.value, str(value)), value)
    if how is not None:
        shown = how(value)
        return value if shown is None else shown
    return value


def _term_labels() -> dict[tuple[str, str], str]:
    """Every vocabulary label by (vocabulary, code), read once per request."""
    if "term_labels" not in g:
        g.term_labels = {
            (vocabulary, code): label
            for vocabulary, code, label in db.session.execute(
                select(Term.vocabulary, Term.code, Term.label_en)
            )
        }
    labels: dict[tuple[str, str], str] = g.term_labels
    return labels


def _country(code: Any) -> Any:
    return country_name(code) if isinstance(code, str) else code


def _coordinate(value: Any, axis: str) -> Any:
    if not isinstance(value, int | float):
        return value
    words = format_position(value if axis == "lat" else 0, value if axis == "lon" else 0, 6)
    latitude, longitude = words.split(", ")
    return latitude if axis == "lat" else longitude


def _date(value: Any, empty: str) -> Any:
    """EDTF as words ("20–21 May 2015"); the old "on 2017-03-02 (day)" form too."""
    if value in (None, ""):
        return empty
    if not isinstance(value, str):
        return value
    old = OLD_BOUND.match(value)
    if old:
        return _old_bound(*old.groups())
    # Shown, not validated: words() reads stored EDTF without parsing, and says back
    # anything it cannot read as it is.
    return UncertainDate(value, None, None).words()


def _old_bound(qualifier: str, year: str, month: str, day: str, precision: str) -> str:
    edtf = {
        "day": f"{year}-{month}-{day}",
        "month": f"{year}-{month}",
        "year": year,
        "circa": f"{year}~",
    }[precision]
    if qualifier == "before":
        edtf = f"../{edtf}"
    elif qualifier == "after":
        edtf = f"{edtf}/.."
    return UncertainDate(edtf, None, None).words()
