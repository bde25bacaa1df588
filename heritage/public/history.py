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
from datetime import date
from typing import Any

from flask import g
from markupsafe import Markup, escape
from sqlalchemy import select

from heritage.extensions import db
from heritage.i18n import list_separator
from heritage.sites.forms import NAME_KIND_LABELS
from heritage.sites.geo import WITHHELD_NOW, WITHHELD_THEN
from heritage.sites.models import NameKind
from heritage.sites.position import format_position
from heritage.text import country_name, language_label
from heritage.translate import LazyText, _, language, lazy
from heritage.vocab.dates import DatePrecision, FuzzyDate
from heritage.vocab.models import Term, Vocabulary
from heritage.vocab.uncertain_dates import UncertainDate

Formatter = Callable[[Any], Any]

SENSITIVITY_WORDS = {
    "public": lazy("Public: the exact position"),
    "generalised": lazy("Generalised: rounded to about 10 km"),
    "hidden": lazy("Hidden: no position"),
}
ROLE_WORDS = {
    "contributor": lazy("Contributor"),
    "reviewer": lazy("Reviewer"),
    "admin": lazy("Administrator"),
}
CREDIT_WORDS = {"name": lazy("By name"), "affiliation": lazy("By affiliation only")}
COPY_WORDS = {"display": lazy("display copy"), "thumb": lazy("thumbnail")}
PRECISION_WORDS = {
    "day": lazy("to the day"),
    "month": lazy("to the month"),
    "year": lazy("to the year"),
    "circa": lazy("roughly, to the year"),
}
# What separates a latitude from its longitude in format_position's words, in any language.
BETWEEN_COORDINATES = re.compile(r"[,،]\s*")
# A site's name as the audit log keeps it: "تدمر (ar, preferred)".
NAME_AS_RECORDED = re.compile(
    r"^(?P<name>.+) \((?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*), (?P<kind>[a-z]+)\)$"
)
# A period's citation as the audit log kept it before citations were kept field by field.
OLD_CITATION = re.compile(r"^(?P<cited>.+) \(claim graded (?P<grade>[1-6])\)$")
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
    changes = _published_as_known(details.get("changes"), pairs=True)
    values = _published_as_known(details.get("values"), pairs=False)
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


def _published_as_known(fields: Any, *, pairs: bool) -> Any:
    """``fields`` with ``published_on`` cut to ``published_precision`` where both are there
    (in ``changes`` each is a [before, after] pair)."""
    if not isinstance(fields, Mapping):
        return fields
    day, precision = fields.get("published_on"), fields.get("published_precision")
    if not pairs:
        return {**fields, "published_on": _as_known(day, precision)} if day else fields
    if isinstance(day, list) and isinstance(precision, list) and len(day) == len(precision) == 2:
        return {
            **fields,
            "published_on": [_as_known(*pair) for pair in zip(day, precision, strict=True)],
        }
    return fields


def _as_known(day: Any, precision: Any) -> Any:
    """A source's publication day as EDTF at the precision recorded beside it: "2016-03-01"
    known to the month is March 2016, not 1 March."""
    try:
        known = FuzzyDate(date.fromisoformat(day), DatePrecision(precision))
    except (TypeError, ValueError):  # not a day and a precision as the log keeps them
        return day
    return known.as_uncertain().edtf


def _entries(values: Mapping[str, Any], labels: Mapping[tuple[str, str], str]) -> list[Entry]:
    shown = [
        Entry(_label(name), _shown(name, value, labels))
        for name, value in sorted(values.items(), key=lambda item: _order(item[0]))
    ]
    return [entry for entry in shown if entry.value not in (None, "", [])]


def _words(words: Mapping[str, LazyText]) -> Formatter:
    """A formatter reading a recorded code as its words (None for a code it does not know)."""

    def read(code: Any) -> Any:
        word = words.get(code) if isinstance(code, str) else None
        return None if word is None else str(word)

    return read


# Field name -> (label, vocabulary or formatter). Fields not listed read as their name.
FIELDS: dict[str, tuple[LazyText, Vocabulary | Formatter | None]] = {
    "name": (lazy("Name"), None),
    "names": (lazy("Other names"), lambda value: _site_name(value)),
    "aliases": (lazy("Also called"), None),
    "country": (lazy("Country"), lambda code: _country(code)),
    "region": (lazy("Region"), None),
    "latitude": (lazy("Latitude"), lambda value: _coordinate(value, "lat")),
    "longitude": (lazy("Longitude"), lambda value: _coordinate(value, "lon")),
    "outline": (lazy("Outline"), lambda value: _("recorded") if value == "set" else value),
    "location_sensitivity": (lazy("Who may see the exact position"), _words(SENSITIVITY_WORDS)),
    "unesco_whc_id": (lazy("UNESCO World Heritage id"), None),
    "pleiades_id": (lazy("Pleiades id"), None),
    "wikidata_id": (lazy("Wikidata id"), None),
    "heritage_status": (lazy("Heritage status"), None),
    "description": (lazy("Description"), None),
    "controlling_actor": (lazy("Controlling actor"), None),
    "controlling_party": (lazy("Controlling party"), None),
    "supporting_actors": (lazy("Supported by"), None),
    "actor_type": (lazy("Type of actor"), Vocabulary.ACTOR_TYPE),
    "parent": (lazy("Part of"), None),
    "colour": (lazy("Colour"), None),
    "start": (lazy("From"), None),
    "end": (lazy("To"), None),
    "certainty": (lazy("Certainty"), Vocabulary.CERTAINTY),
    "notes": (lazy("Notes"), None),
    "sources": (lazy("Sources"), lambda value: _citation(value)),
    "kind": (lazy("Kind of source"), Vocabulary.SOURCE_TYPE),
    "title": (lazy("Title"), None),
    "author": (lazy("Author or organisation"), None),
    "publisher": (lazy("Publisher"), None),
    "published_on": (lazy("Published"), lambda value: _date(value, "")),
    "published_precision": (lazy("Publication date known"), _words(PRECISION_WORDS)),
    "url": (lazy("Web address"), None),
    "archive_url": (lazy("Archived copy"), None),
    "accessed_on": (lazy("Accessed"), lambda value: _date(value, "")),
    "language": (lazy("Language"), None),
    "reliability": (lazy("Reliability"), Vocabulary.SOURCE_RELIABILITY),
    "credibility": (lazy("Credibility"), Vocabulary.INFORMATION_CREDIBILITY),
    "email": (lazy("Email"), None),
    "role": (lazy("Role"), _words(ROLE_WORDS)),
    "display_name": (lazy("Display name"), None),
    "affiliation": (lazy("Affiliation"), None),
    "credit_mode": (lazy("Public credit"), _words(CREDIT_WORDS)),
    # Damage reports
    "summary": (lazy("Summary"), None),
    "event": (lazy("When it happened"), None),
    "observed_on": (lazy("Observed or assessed"), lambda value: _date(value, "")),
    "features": (lazy("Affected features"), None),
    "cause_category": (lazy("Cause category"), Vocabulary.CAUSE_CATEGORY),
    "causes": (lazy("Causes"), Vocabulary.CAUSE),
    "effects": (lazy("Effects"), Vocabulary.EFFECT),
    "extent": (lazy("Extent"), Vocabulary.EXTENT),
    "severity": (lazy("Severity"), Vocabulary.SEVERITY),
    "condition_after": (lazy("Condition afterwards"), Vocabulary.CONDITION),
    "cause_certainty": (lazy("Certainty of the cause"), Vocabulary.CERTAINTY),
    "effect_certainty": (lazy("Certainty of the effect"), Vocabulary.CERTAINTY),
    "assessment_method": (lazy("Assessment method"), Vocabulary.ASSESSMENT_METHOD),
    "attribution": (lazy("Said to have caused it"), None),
    "attribution_claim_status": (lazy("How firm the attribution is"), Vocabulary.CLAIM_STATUS),
    "photos": (lazy("Photos"), lambda value: _photo(value)),
    "site": (lazy("Site"), None),
    "version": (lazy("Version"), None),
    "number": (lazy("Version"), None),
    "by": (lazy("Replaced by version"), None),
    "review_round": (lazy("Review round"), None),
    "content_hash": (lazy("Content hash"), None),
    "position": (lazy("Place among the photos"), None),
    # Photos: the custody of each file
    "sha256": (lazy("SHA-256 of the file"), None),
    "source_sha256": (lazy("SHA-256 of the original"), None),
    "copy": (lazy("Copy"), _words(COPY_WORDS)),
    "size_bytes": (lazy("Size in bytes"), None),
    "media_type": (lazy("File type"), None),
    "width": (lazy("Width in pixels"), None),
    "height": (lazy("Height in pixels"), None),
}
ORDER = {name: position for position, name in enumerate(FIELDS)}
# What an empty date of a period means, which the history says rather than leave out.
EMPTY_DATE_MEANS = {"start": lazy("not known"), "end": lazy("ongoing")}


def _photo(value: Any) -> Any:
    """A photo of a report version as the log keeps it: its caption, else its hash's start."""
    if not isinstance(value, Mapping):
        return value
    return value.get("caption") or str(value.get("sha256", ""))[:12]


def _order(name: str) -> tuple[int, str]:
    return ORDER.get(name, len(ORDER)), name


def _label(name: str) -> str:
    known = FIELDS.get(name)
    return str(known[0]) if known else name.replace("_", " ").capitalize()


def _shown(name: str, value: Any, labels: Mapping[tuple[str, str], str]) -> Any:
    """``value`` as a reader should see it; a withheld position stays the reason it is."""
    if name in EMPTY_DATE_MEANS:
        return _date(value, str(EMPTY_DATE_MEANS[name]))
    if value is None:
        return value
    if value in (WITHHELD_NOW, WITHHELD_THEN):
        return str(value)
    if isinstance(value, list):
        return [_shown(name, item, labels) for item in value]
    how = FIELDS[name][1] if name in FIELDS else None
    if isinstance(how, Vocabulary):
        return labels.get((how.value, str(value)), value)
    if how is not None:
        shown = how(value)
        return value if shown is None else shown
    return value


def _term_labels() -> dict[tuple[str, str], str]:
    """Every vocabulary label by (vocabulary, code) in the reader's language (English where
    no Arabic is recorded), read once per request."""
    if "term_labels" not in g:
        arabic = language() == "ar"
        g.term_labels = {
            (vocabulary, code): label_ar if arabic and label_ar else label_en
            for vocabulary, code, label_en, label_ar in db.session.execute(
                select(Term.vocabulary, Term.code, Term.label_en, Term.label_ar)
            )
        }
    labels: dict[tuple[str, str], str] = g.term_labels
    return labels


def _site_name(recorded: Any) -> Any:
    """ "تدمر (ar, preferred)" as "تدمر (العربية، مفضّل)": the language and kind in words."""
    found = NAME_AS_RECORDED.match(recorded) if isinstance(recorded, str) else None
    if found is None or found["kind"] not in NAME_KIND_LABELS:
        return None
    # The catalogue's sentence and the language and kind words are ours; the name is escaped.
    return Markup(  # noqa: S704
        _(
            "%(name)s (%(language)s, %(kind)s)",
            name=Markup("<bdi>{}</bdi>").format(found["name"]),
            language=escape(language_label(found["lang"])),
            kind=escape(str(NAME_KIND_LABELS[NameKind(found["kind"])]).lower()),
        )
    )


def _citation(recorded: Any) -> Any:
    """A period's citation: the source's title and the locator, each isolated, and the grade
    of the claim in the reader's language."""
    if isinstance(recorded, Mapping):
        source, locator = recorded.get("source"), recorded.get("locator")
        grade = recorded.get("credibility")
    else:
        found = OLD_CITATION.match(recorded) if isinstance(recorded, str) else None
        if found is None:
            return None
        source, locator, grade = found["cited"], None, found["grade"]
    cited = Markup("<bdi>{}</bdi>").format(source)
    if locator:
        cited = Markup("{}{}<bdi>{}</bdi>").format(cited, list_separator(), locator)
    return Markup("{} ({})").format(cited, _("claim graded %(grade)s", grade=grade))


def _country(code: Any) -> Any:
    return country_name(code) if isinstance(code, str) else code


def _coordinate(value: Any, axis: str) -> Any:
    if not isinstance(value, int | float):
        return value
    words = format_position(value if axis == "lat" else 0, value if axis == "lon" else 0, 6)
    # The pair is written "34.5° N, 0.0° E" (in Arabic with the Arabic comma): one half of it.
    latitude, longitude = BETWEEN_COORDINATES.split(words, maxsplit=1)
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
