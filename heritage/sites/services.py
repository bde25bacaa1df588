"""Rules for sites, their features and occupation periods.

Sites are edited directly by contributors (no review), so every change writes an audit event
with the fields before and after; the site's history page reads them back. Functions flush;
the view commits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from heritage.accounts.models import Role, User
from heritage.audit.models import AuditEvent
from heritage.audit.services import object_type_of, record, record_update
from heritage.extensions import contains_pattern, count_references, db
from heritage.rules import RuleViolation
from heritage.sites.geo import (
    POSITION_FIELDS,
    UNKNOWN_PROTECTION,
    RecordedUnder,
    parse_outline,
    relaxes,
)
from heritage.sites.models import (
    BoundQualifier,
    Feature,
    LocationSensitivity,
    NameKind,
    OccupationPeriod,
    PeriodCitation,
    Site,
    SiteName,
)
from heritage.sites.search import search_key
from heritage.sources.models import Source
from heritage.vocab.dates import DatePrecision, out_of_range
from heritage.vocab.models import Term, Vocabulary
from heritage.vocab.services import find_term

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENTIFIER_PATTERNS = {
    "unesco_whc_id": (re.compile(r"^\d{1,4}(?:bis|ter|quater)?$"), "digits, e.g. 23 or 1000bis"),
    "pleiades_id": (re.compile(r"^\d{1,10}$"), "digits, e.g. 668331"),
    "wikidata_id": (re.compile(r"^Q[1-9]\d{0,11}$"), "Q followed by digits, e.g. Q42"),
}


@dataclass
class NameEntry:
    name: str
    lang: str
    kind: NameKind = NameKind.ALTERNATIVE


@dataclass
class SiteFields:
    """Everything a site form edits, as plain values."""

    name: str
    country: str
    region: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    outline: dict[str, Any] | None = None
    unesco_whc_id: str | None = None
    pleiades_id: str | None = None
    wikidata_id: str | None = None
    heritage_status: str | None = None
    description: str | None = None
    location_sensitivity: LocationSensitivity = LocationSensitivity.GENERALISED
    names: list[NameEntry] = field(default_factory=list)


# The fields copied as they are between a site and its form (names and outline need care).
PLAIN_SITE_FIELDS = tuple(
    key for key in SiteFields.__dataclass_fields__ if key not in {"names", "outline"}
)


@dataclass
class CitationFields:
    source_id: int
    locator: str | None = None
    credibility: int = 6
    note: str | None = None


@dataclass
class PeriodFields:
    controlling_party: str
    start_on: date
    start_precision: DatePrecision = DatePrecision.DAY
    start_qualifier: BoundQualifier = BoundQualifier.ON
    end_on: date | None = None
    end_precision: DatePrecision | None = None
    end_qualifier: BoundQualifier | None = None
    actor_type: str | None = None
    certainty: str | None = None
    notes: str | None = None
    citations: list[CitationFields] = field(default_factory=list)


# --- sites -------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """An ASCII slug from a name: 'Aleppo Citadel' -> 'aleppo-citadel'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100].strip("-")


def slug_taken(slug: str) -> bool:
    return db.session.scalar(select(func.count()).where(Site.slug == slug)) != 0


def available_slug(name: str) -> str:
    """The name's slug, numbered when taken: a second 'Nimrud' becomes 'nimrud-2'."""
    base = slugify(name) or "site"
    candidate, number = base, 1
    while slug_taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def create_site(actor: User | None, fields: SiteFields, *, slug: str | None = None) -> Site:
    """Create a site; its slug (chosen or generated) is permanent from here on.

    New sites start generalised: showing an exact position is a reviewer's decision.
    """
    _check_site(fields)
    _check_protection(actor, NEW_SITE_PROTECTION, fields.location_sensitivity, confirmed=True)
    if slug:
        if not SLUG_PATTERN.match(slug):
            raise RuleViolation(
                "Use lower-case letters, digits and single hyphens, e.g. aleppo-citadel.", "slug"
            )
        if slug_taken(slug):
            raise RuleViolation(f"The address /sites/{slug} is already taken.", "slug")
    site = Site(slug=slug or available_slug(fields.name), created_by_id=actor.id if actor else None)
    _apply_site_fields(site, fields)
    db.session.add(site)
    db.session.flush()
    record(actor, "site.created", site, context=site, values=_site_snapshot(site))
    return site


def update_site(
    actor: User | None, site: Site, fields: SiteFields, *, relaxing_confirmed: bool = False
) -> Site:
    """Change a site's fields; its slug stays, so links and citations keep working.

    Relaxing the location protection (hidden → generalised → public) is for reviewers and
    administrators, and only once they have confirmed what becomes public.
    """
    _check_site(fields)
    _check_protection(
        actor, site.location_sensitivity, fields.location_sensitivity, relaxing_confirmed
    )
    before = _site_snapshot(site)
    _apply_site_fields(site, fields)
    db.session.flush()
    record_update(actor, "site.updated", site, before, _site_snapshot(site), context=site)
    return site


def site_fields(site: Site) -> SiteFields:
    """The editable fields of an existing site, for prefilling its form."""
    values = {key: getattr(site, key) for key in (*PLAIN_SITE_FIELDS, "outline")}
    return SiteFields(**values, names=[NameEntry(n.name, n.lang, n.kind) for n in site.names])


NEW_SITE_PROTECTION = LocationSensitivity.GENERALISED


def may_relax_protection(actor: User | None) -> bool:
    """Reviewers and administrators decide to show more of a position; ``None`` is the CLI."""
    return actor is None or actor.has_role(Role.REVIEWER)


def _check_protection(
    actor: User | None,
    current: LocationSensitivity,
    new: LocationSensitivity,
    confirmed: bool,
) -> None:
    new = LocationSensitivity(new)
    if not relaxes(current, new):
        return
    if not may_relax_protection(actor):
        raise RuleViolation(
            f"Only reviewers and administrators can show more of a position than "
            f"“{current.value}”; you can keep it or protect it further.",
            "location_sensitivity",
        )
    if not confirmed:
        raise RuleViolation(relaxing_warning(new), "confirm_relaxing")


def relaxing_warning(new: LocationSensitivity) -> str:
    """What the public will see once protection is relaxed to ``new``, for the confirmation."""
    if new is LocationSensitivity.PUBLIC:
        seen = "the exact position and outline"
    else:
        seen = "the position rounded to about 10 km"
    return (
        f"Everyone, signed in or not, will see {seen} on the site page, the map and in "
        "downloads. Positions recorded while the site was more protected stay withheld in its "
        "change history. Tick the box to confirm."
    )


def protection_when_recorded(site: Site) -> dict[int, dict[str, RecordedUnder]]:
    """For each of the site's own audit events, the protection each position field's values
    were entered under, replayed from the history itself (so no event needs to repeat it).

    A change's "before" is the value entered by an earlier event, under that event's
    protection: relaxing protection later does not make it public.
    """
    events = db.session.execute(
        select(AuditEvent.id, AuditEvent.details)
        .where(AuditEvent.object_type == object_type_of(site))
        .where(AuditEvent.object_id == str(site.id))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    recorded: dict[int, dict[str, RecordedUnder]] = {}
    entered = dict.fromkeys(POSITION_FIELDS, UNKNOWN_PROTECTION.after)
    current = UNKNOWN_PROTECTION.after
    for event_id, recorded_details in events:
        details: dict[str, Any] = recorded_details if isinstance(recorded_details, dict) else {}
        values, changes = details.get("values"), details.get("changes")
        changes = changes if isinstance(changes, dict) else {}
        if isinstance(values, dict):
            current = _sensitivity(values.get("location_sensitivity"))
            entered = dict.fromkeys(POSITION_FIELDS, current)
        elif isinstance(changes.get("location_sensitivity"), list):
            current = _sensitivity(changes["location_sensitivity"][-1])
        recorded[event_id] = {
            name: RecordedUnder(entered[name], current) for name in POSITION_FIELDS
        }
        entered.update(dict.fromkeys(POSITION_FIELDS & changes.keys(), current))
    return recorded


def _sensitivity(value: Any) -> LocationSensitivity:
    """A recorded sensitivity, or the strictest when the record is unreadable."""
    try:
        return LocationSensitivity(value)
    except ValueError:
        return LocationSensitivity.HIDDEN


def get_site(slug: str) -> Site | None:
    """A site with everything its page shows, loaded in a fixed number of queries."""
    return db.session.scalar(
        select(Site)
        .where(Site.slug == slug)
        .options(
            selectinload(Site.names),
            selectinload(Site.features),
            selectinload(Site.periods).selectinload(OccupationPeriod.actor_type),
            selectinload(Site.periods).selectinload(OccupationPeriod.certainty),
            selectinload(Site.periods)
            .selectinload(OccupationPeriod.citations)
            .selectinload(PeriodCitation.source)
            .joinedload(Source.kind),
        )
    )


def search_query(text: str | None = None, country: str | None = None) -> Select[Site]:
    """Sites matching a text in any of their names (any language), optionally in one country."""
    query = select(Site).options(selectinload(Site.names)).order_by(Site.name, Site.id)
    key = search_key(text or "")
    if key:
        query = query.where(Site.search_text.like(contains_pattern(key), escape="\\"))
    if country:
        query = query.where(Site.country == country.upper())
    return query


def countries_in_use() -> list[str]:
    return list(db.session.scalars(select(Site.country).distinct().order_by(Site.country)))


def demo_data_present() -> bool:
    return bool(db.session.scalar(select(Site.id).where(Site.is_demo).limit(1)))


def _check_site(fields: SiteFields) -> None:
    if not fields.name.strip():
        raise RuleViolation("A site needs a name.", "name")
    if (fields.latitude is None) != (fields.longitude is None):
        missing = "longitude" if fields.longitude is None else "latitude"
        raise RuleViolation("Give both latitude and longitude, or neither.", missing)
    for key, (pattern, example) in IDENTIFIER_PATTERNS.items():
        value = getattr(fields, key)
        if value and not pattern.match(value):
            raise RuleViolation(f"This identifier should be {example}.", key)
    if fields.outline is not None:
        fields.outline = parse_outline(fields.outline)
    seen: set[tuple[str, str]] = set()
    for entry in fields.names:
        language_and_name = (entry.lang.lower(), search_key(entry.name))
        if language_and_name in seen:
            raise RuleViolation(
                f"The name “{entry.name}” is listed twice in the same language.", "names"
            )
        seen.add(language_and_name)


def _apply_site_fields(site: Site, fields: SiteFields) -> None:
    values = asdict(fields)
    names = values.pop("names")
    for key, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        setattr(site, key, value)
    site.name = fields.name.strip()
    # Stripping made the enum a plain str, which `is` comparisons would not recognise.
    site.location_sensitivity = LocationSensitivity(fields.location_sensitivity)
    site.country = fields.country.upper()
    site.outline = fields.outline
    _replace_names(site, [NameEntry(**entry) for entry in names])
    site.search_text = " | ".join(
        search_key(text) for text in [site.name, *(n.name for n in site.names)]
    )


def _replace_names(site: Site, entries: list[NameEntry]) -> None:
    """Keep names that stay (so their ids do not churn), drop removed ones, add new ones."""
    wanted = {(e.name.strip(), e.lang.strip().lower()): e.kind for e in entries if e.name.strip()}
    for existing in list(site.names):
        kind = wanted.pop((existing.name, existing.lang), None)
        if kind is None:
            site.names.remove(existing)
        else:
            existing.kind = NameKind(kind)
    for (name, lang), kind in wanted.items():
        site.names.append(SiteName(name=name, lang=lang, kind=NameKind(kind)))


def _site_snapshot(site: Site) -> dict[str, Any]:
    """What the audit log keeps of a site: every field, the outline only as set or not."""
    snapshot = {key: getattr(site, key) for key in PLAIN_SITE_FIELDS}
    snapshot["outline"] = "set" if site.outline else None
    snapshot["names"] = sorted(f"{n.name} ({n.lang}, {n.kind})" for n in site.names)
    return snapshot


# --- features ----------------------------------------------------------------------------


def add_feature(actor: User | None, site: Site, name: str, description: str | None) -> Feature:
    name = _feature_name(site, name)
    feature = Feature(site=site, name=name, description=description or None)
    db.session.add(feature)
    db.session.flush()
    record(actor, "feature.added", feature, context=site, name=name)
    return feature


def update_feature(
    actor: User | None, feature: Feature, name: str, description: str | None
) -> Feature:
    before = {"name": feature.name, "description": feature.description}
    feature.name = _feature_name(feature.site, name, feature)
    feature.description = description or None
    db.session.flush()
    after = {"name": feature.name, "description": feature.description}
    record_update(actor, "feature.updated", feature, before, after, context=feature.site)
    return feature


def remove_feature(actor: User | None, feature: Feature) -> None:
    """Remove a feature no report names; a cited one stays, or those reports would change."""
    cited_by = count_references(feature)
    if cited_by:
        raise RuleViolation(
            f"“{feature.name}” is named in {cited_by} damage report version"
            f"{'s' if cited_by != 1 else ''}, so it cannot be removed. Rename it instead."
        )
    record(actor, "feature.removed", feature, context=feature.site, name=feature.name)
    db.session.delete(feature)
    db.session.flush()


def _feature_name(site: Site, name: str, current: Feature | None = None) -> str:
    name = name.strip()
    if not name:
        raise RuleViolation("A feature needs a name.", "name")
    clash = db.session.scalar(
        select(Feature.id).where(
            Feature.site_id == site.id,
            func.lower(Feature.name) == name.lower(),
            Feature.id != (current.id if current else -1),
        )
    )
    if clash:
        raise RuleViolation(f"{site.name} already has a feature called “{name}”.", "name")
    return name


# --- occupation periods ------------------------------------------------------------------


def add_period(actor: User | None, site: Site, fields: PeriodFields) -> OccupationPeriod:
    period = OccupationPeriod(created_by_id=actor.id if actor else None)
    _apply_period_fields(period, fields)  # queries vocabularies: attach to the site afterwards
    period.site = site
    db.session.add(period)
    db.session.flush()
    record(actor, "period.added", period, context=site, values=_period_snapshot(period))
    return period


def update_period(
    actor: User | None, period: OccupationPeriod, fields: PeriodFields
) -> OccupationPeriod:
    before = _period_snapshot(period)
    _apply_period_fields(period, fields)
    db.session.flush()
    after = _period_snapshot(period)
    record_update(actor, "period.updated", period, before, after, context=period.site)
    return period


def delete_period(actor: User | None, period: OccupationPeriod) -> None:
    record(actor, "period.deleted", period, context=period.site, values=_period_snapshot(period))
    db.session.delete(period)
    db.session.flush()


def period_fields(period: OccupationPeriod) -> PeriodFields:
    return PeriodFields(
        controlling_party=period.controlling_party,
        start_on=period.start_on,
        start_precision=period.start_precision,
        start_qualifier=period.start_qualifier,
        end_on=period.end_on,
        end_precision=period.end_precision,
        end_qualifier=period.end_qualifier,
        actor_type=period.actor_type.code if period.actor_type else None,
        certainty=period.certainty.code if period.certainty else None,
        notes=period.notes,
        citations=[
            CitationFields(c.source_id, c.locator, c.credibility, c.note) for c in period.citations
        ],
    )


def _apply_period_fields(period: OccupationPeriod, fields: PeriodFields) -> None:
    party = fields.controlling_party.strip()
    if not party:
        raise RuleViolation("Say who controlled the site.", "controlling_party")
    today = datetime.now(UTC).date()
    for name, day in (("start", fields.start_on), ("end", fields.end_on)):
        problem = day and out_of_range(day, today)
        if problem:
            raise RuleViolation(problem, name)
    if fields.end_on is not None and fields.end_on < fields.start_on:
        raise RuleViolation("The end cannot be before the start.", "end")
    if not fields.citations:
        raise RuleViolation(
            "Cite at least one source: a period of control is a claim, not a fact.", "citations"
        )
    sources = _cited_sources([c.source_id for c in fields.citations])
    period.controlling_party = party
    period.start_on = fields.start_on
    period.start_precision = DatePrecision(fields.start_precision)
    period.start_qualifier = BoundQualifier(fields.start_qualifier)
    ongoing = fields.end_on is None
    period.end_on = fields.end_on
    period.end_precision = None if ongoing else DatePrecision(fields.end_precision or "day")
    period.end_qualifier = None if ongoing else BoundQualifier(fields.end_qualifier or "on")
    period.actor_type = _optional_term(Vocabulary.ACTOR_TYPE, fields.actor_type, "actor_type")
    period.certainty = _optional_term(Vocabulary.CERTAINTY, fields.certainty, "certainty")
    period.notes = (fields.notes or "").strip() or None
    period.citations.clear()
    for citation in fields.citations:
        period.citations.append(
            PeriodCitation(
                source=sources[citation.source_id],
                locator=(citation.locator or "").strip() or None,
                credibility=citation.credibility,
                note=(citation.note or "").strip() or None,
            )
        )


def _cited_sources(source_ids: list[int]) -> dict[int, Source]:
    found = {
        source.id: source
        for source in db.session.scalars(select(Source).where(Source.id.in_(source_ids)))
    }
    if set(source_ids) - set(found):
        raise RuleViolation("Choose each source from the source library.", "citations")
    return found


def _optional_term(vocabulary: Vocabulary, code: str | None, field_name: str) -> Term | None:
    if not code:
        return None
    term = find_term(vocabulary, code)
    if term is None or not term.active:
        raise RuleViolation("Choose one of the listed values.", field_name)
    return term


def _period_snapshot(period: OccupationPeriod) -> dict[str, Any]:
    return {
        "controlling_party": period.controlling_party,
        "actor_type": period.actor_type.code if period.actor_type else None,
        "start": f"{period.start_qualifier} {period.start_on} ({period.start_precision})",
        "end": (
            f"{period.end_qualifier} {period.end_on} ({period.end_precision})"
            if period.end_on
            else "ongoing"
        ),
        "certainty": period.certainty.code if period.certainty else None,
        "notes": period.notes,
        "sources": sorted(
            f"{c.source.title}" + (f", {c.locator}" if c.locator else "") + f" [{c.credibility}]"
            for c in period.citations
        ),
    }
