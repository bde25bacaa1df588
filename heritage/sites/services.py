"""Rules for sites, their features and occupation periods.

Sites are edited directly by contributors (no review), so every change writes an audit event
with the fields before and after; the site's history page reads them back. Functions flush;
the view commits.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Select, case, false, func, select
from sqlalchemy.orm import selectinload

from heritage.accounts.models import Role, User
from heritage.actors.models import Actor
from heritage.audit.models import AuditEvent
from heritage.audit.services import object_type_of, record, record_update
from heritage.extensions import count_references, db, utcnow
from heritage.rules import RuleViolation, check_all, check_unchanged
from heritage.sites.countries import country_at, is_near_country
from heritage.sites.geo import (
    POSITION_FIELDS,
    UNKNOWN_PROTECTION,
    RecordedUnder,
    parse_outline,
    relaxes,
)
from heritage.sites.models import (
    Feature,
    LocationSensitivity,
    NameKind,
    OccupationPeriod,
    PeriodCitation,
    Site,
    SiteName,
)
from heritage.sites.position import Coordinates, distance_km, format_position
from heritage.sources.models import Source
from heritage.sources.services import CitationFields, cited_sources
from heritage.text import (
    country_name,
    is_latin,
    optional_text,
    search_key,
    search_keys,
    search_text,
    slugify,
)
from heritage.translate import _, lazy, ngettext
from heritage.vocab.dates import out_of_range
from heritage.vocab.models import Vocabulary
from heritage.vocab.services import optional_term
from heritage.vocab.uncertain_dates import UncertainDate

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Each identifier's pattern, and the message for a value that does not match it.
IDENTIFIER_PATTERNS = {
    "unesco_whc_id": (
        re.compile(r"^\d{1,4}(?:bis|ter|quater)?$"),
        lazy(
            "This identifier should be the property's number, digits with bis or ter for an "
            "extension."
        ),
    ),
    "pleiades_id": (
        re.compile(r"^\d{1,10}$"),
        lazy("This identifier should be digits: the number that ends the place's address."),
    ),
    "wikidata_id": (
        re.compile(r"^Q[1-9]\d{0,11}$"),
        lazy("This identifier should be Q followed by digits."),
    ),
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
class PeriodFields:
    """A claim of control: who (an actor, with others supporting it) and from when to when.

    ``start`` None is not known; ``end`` None is ongoing. At least one of them is given.
    """

    controlling_actor_id: int | None
    start: UncertainDate | None = None
    end: UncertainDate | None = None
    supporting_actor_ids: list[int] = field(default_factory=list)
    certainty: str | None = None
    notes: str | None = None
    citations: list[CitationFields] = field(default_factory=list)


# --- sites -------------------------------------------------------------------------------


# Addresses the registry's own pages use under /sites/: a site there could never be opened.
RESERVED_SLUGS = frozenset({"new", "read", "map"})


def slug_taken(slug: str) -> bool:
    if slug in RESERVED_SLUGS:
        return True
    return db.session.scalar(select(func.count()).where(Site.slug == slug)) != 0


def slug_source(fields: SiteFields) -> str:
    """The name a site's address is made from: its name when written in Latin letters, else a
    Latin alternative or historic name if it has one ('Tell es-Sultan' for تل السلطان), else
    the name transliterated."""
    if is_latin(fields.name):
        return fields.name
    latin = [entry.name for entry in fields.names if entry.name.strip() and is_latin(entry.name)]
    return latin[0] if latin else fields.name


def available_slug(name: str) -> str:
    """The name's slug, numbered when taken: a second 'Nimrud' becomes 'nimrud-2'."""
    base = slugify(name) or "site"
    candidate, number = base, 1
    while slug_taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def create_site(
    actor: User | None,
    fields: SiteFields,
    *,
    slug: str | None = None,
    confirmed_distinct: bool = False,
    confirmed_position: bool = False,
) -> Site:
    """Create a site; its slug (chosen or generated) is permanent from here on.

    New sites start generalised: showing an exact position is a reviewer's decision. A site
    that may already be recorded (a name in common, or a position within 2 km) is created only
    once the user has seen those sites and confirmed that theirs is another; one positioned
    outside its country, once the user has confirmed the position.
    """
    _check_site(fields)
    if not confirmed_position:
        _check_position_in_country(fields)
    _check_protection(actor, NEW_SITE_PROTECTION, fields.location_sensitivity, confirmed=True)
    if slug:
        if not SLUG_PATTERN.match(slug):
            raise RuleViolation(
                _("Use lower-case letters, digits and single hyphens, e.g. aleppo-citadel."),
                "slug",
            )
        if slug in RESERVED_SLUGS:
            raise RuleViolation(
                _("/sites/%(slug)s is one of the registry's own pages.", slug=slug), "slug"
            )
        if slug_taken(slug):
            raise RuleViolation(
                _("The address /sites/%(slug)s is already taken.", slug=slug), "slug"
            )
    if not confirmed_distinct:
        duplicates = possible_duplicates(fields)
        if duplicates:
            raise PossibleDuplicates(duplicates)
    site = Site(
        slug=slug or available_slug(slug_source(fields)),
        created_by_id=actor.id if actor else None,
    )
    _apply_site_fields(site, fields)
    db.session.add(site)
    db.session.flush()
    record(actor, "site.created", site, context=site, values=_site_snapshot(site))
    return site


def update_site(
    actor: User | None,
    site: Site,
    fields: SiteFields,
    *,
    relaxing_confirmed: bool = False,
    confirmed_position: bool = False,
    version: str | None = None,
) -> Site:
    """Change a site's fields; its slug stays, so links and citations keep working.

    Relaxing the location protection (hidden → generalised → public) is for reviewers and
    administrators, and only once they have confirmed what becomes public. ``version`` is the
    one the form was opened on: a site saved since is not overwritten unawares.
    """
    check_unchanged("site", site.updated_at, version)
    _check_site(fields)
    if not confirmed_position and _position_changed(site, fields):
        _check_position_in_country(fields)
    _check_protection(
        actor, site.location_sensitivity, fields.location_sensitivity, relaxing_confirmed
    )
    before = _site_snapshot(site)
    _apply_site_fields(site, fields)
    site.updated_at = utcnow()
    db.session.flush()
    record_update(actor, "site.updated", site, before, _site_snapshot(site), context=site)
    return site


def site_fields(site: Site) -> SiteFields:
    """The editable fields of an existing site, for prefilling its form."""
    values = {key: getattr(site, key) for key in (*PLAIN_SITE_FIELDS, "outline")}
    return SiteFields(**values, names=[NameEntry(n.name, n.lang, n.kind) for n in site.names])


NEW_SITE_PROTECTION = LocationSensitivity.GENERALISED

# How close two recorded positions must be to be taken for the same place, and how alike
# two folded names (rapidfuzz ratio, 0-100) to be taken for spellings of one name.
DUPLICATE_DISTANCE_KM = 2.0
DUPLICATE_NAME_SIMILARITY = 84


@dataclass(frozen=True)
class DuplicateCandidate:
    site: Site
    same_name: str | None  # the existing site's name that matched, if one did
    distance_km: float | None  # how far its position is, when within the limit
    similar_name: bool = False  # spelled alike rather than the same once folded


class PossibleDuplicates(RuleViolation):
    """The new site may already be recorded: the form shows ``candidates`` and asks."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        super().__init__(
            _(
                "This site may already be recorded: see the sites listed above. If yours is "
                "another place, tick the box to create it anyway."
            ),
            "confirm_distinct",
        )
        self.candidates = candidates


def possible_duplicates(fields: SiteFields) -> list[DuplicateCandidate]:
    """Recorded sites that share a name with ``fields`` (in any of either's names, folded, or
    spelled nearly alike) or lie within 2 km of its position; nearest and closest names first.
    """
    keys = {search_key(text) for text in [fields.name, *(n.name for n in fields.names)]}
    keys.discard("")
    here = (
        Coordinates(fields.latitude, fields.longitude)
        if fields.latitude is not None and fields.longitude is not None
        else None
    )
    found = []
    for site in db.session.scalars(select(Site).options(selectinload(Site.names))):
        same_name = _shared_name(site, keys)
        distance = _distance_to(site, here)
        if same_name is not None or distance is not None:
            similar = same_name is not None and search_key(same_name) not in keys
            found.append(DuplicateCandidate(site, same_name, distance, similar))
    return sorted(found, key=lambda c: (c.distance_km is None, c.distance_km or 0, c.site.name))


def _shared_name(site: Site, keys: set[str]) -> str | None:
    for name in [site.name, *(n.name for n in site.names)]:
        if any(_same_name(search_key(name), other) for other in keys):
            return name
    return None


def _same_name(a: str, b: str) -> bool:
    """Folded names spelled alike ("nimrud", "nimroud"); but "Tell Hamam 5" and "Tell Hamam
    6" are neighbours numbered apart, not one site misspelled."""
    return re.findall(r"\d+", a) == re.findall(r"\d+", b) and (
        fuzz.ratio(a, b) >= DUPLICATE_NAME_SIMILARITY
    )


def _distance_to(site: Site, here: Coordinates | None) -> float | None:
    if here is None or site.latitude is None or site.longitude is None:
        return None
    distance = distance_km(here, Coordinates(site.latitude, site.longitude))
    return distance if distance <= DUPLICATE_DISTANCE_KM else None


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
            _(
                "Only reviewers and administrators can show more of a position than "
                "“%(protection)s”; you can keep it or protect it further.",
                protection=str(PROTECTION_WORDS[current]),
            ),
            "location_sensitivity",
        )
    if not confirmed:
        raise RuleViolation(relaxing_warning(new), "confirm_relaxing")


# A protection level as the sentences above name it: its code, in the reader's language.
PROTECTION_WORDS = {
    LocationSensitivity.PUBLIC: lazy("public"),
    LocationSensitivity.GENERALISED: lazy("generalised"),
    LocationSensitivity.HIDDEN: lazy("hidden"),
}


def relaxing_warning(new: LocationSensitivity) -> str:
    """What the public will see once protection is relaxed to ``new``, for the confirmation."""
    if new is LocationSensitivity.PUBLIC:
        return _(
            "Everyone, signed in or not, will see the exact position and outline on the site "
            "page, the map and in downloads. Positions recorded while the site was more "
            "protected stay withheld in its change history. Tick the box to confirm."
        )
    return _(
        "Everyone, signed in or not, will see the position rounded to about 10 km on the site "
        "page, the map and in downloads. Positions recorded while the site was more protected "
        "stay withheld in its change history. Tick the box to confirm."
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
            selectinload(Site.periods)
            .selectinload(OccupationPeriod.controlling_actor)
            .selectinload(Actor.actor_type),
            selectinload(Site.periods)
            .selectinload(OccupationPeriod.controlling_actor)
            .selectinload(Actor.names),
            selectinload(Site.periods)
            .selectinload(OccupationPeriod.supporting_actors)
            .selectinload(Actor.names),
            selectinload(Site.periods).selectinload(OccupationPeriod.certainty),
            selectinload(Site.periods)
            .selectinload(OccupationPeriod.citations)
            .selectinload(PeriodCitation.source)
            .joinedload(Source.kind),
        )
    )


def search_query(text: str | None = None, country: str | None = None) -> Select[Site]:
    """Sites matching a text in any of their names (any language, any spelling close enough),
    optionally in one country: exact names first, then names containing the text, then the
    spellings nearest to it ("Tadmur" finds Tadmor, "Palmyre" Palmyra, "Nimroud" Nimrud)."""
    query = select(Site).options(selectinload(Site.names))
    if country:
        query = query.where(Site.country == country.upper())
    key = search_key(text or "")
    if not key:
        return query.order_by(Site.name, Site.id)
    ranked = ranked_matches(key, country)
    if not ranked:
        return query.where(false())
    closeness = case({site_id: rank for rank, site_id in enumerate(ranked)}, value=Site.id)
    return query.where(Site.id.in_(ranked)).order_by(closeness)


# How alike (rapidfuzz ratio, 0-100) a name or one of its words must be to a query of at
# least FUZZY_FROM characters to count as a spelling of it; shorter queries match exactly.
FUZZY_SIMILARITY = 80
FUZZY_FROM = 4
MAX_MATCHES = 200


def ranked_matches(key: str, country: str | None = None) -> list[int]:
    """Ids of the sites whose names match the folded ``key``, closest first.

    Every site's folded names are compared in Python (rapidfuzz): the same on SQLite and
    PostgreSQL, and a few milliseconds for thousands of sites.
    """
    rows = select(Site.id, Site.name, Site.search_text)
    if country:
        rows = rows.where(Site.country == country.upper())
    scored = []
    for site_id, name, folded in db.session.execute(rows):
        score = _closeness(key, search_keys(folded))
        if score is not None:
            scored.append((score, name.casefold(), site_id))
    return [site_id for *_, site_id in sorted(scored)[:MAX_MATCHES]]


def _closeness(key: str, names: list[str]) -> tuple[int, float] | None:
    """(0, 0) for a name equal to the query, (1, where) for a name containing it, (2, -how
    alike) for a spelling close enough; None for no match."""
    if key in names:
        return (0, 0.0)
    found = [name.find(key) for name in names if key in name]
    if found:
        return (1, float(min(found)))
    if len(key) < FUZZY_FROM:
        return None
    best = max(fuzz.ratio(key, part) for name in names for part in (name, *name.split(" ")) if part)
    return (2, -best) if best >= FUZZY_SIMILARITY else None


def countries_in_use() -> list[str]:
    return list(db.session.scalars(select(Site.country).distinct().order_by(Site.country)))


def demo_data_present() -> bool:
    return bool(db.session.scalar(select(Site.id).where(Site.is_demo).limit(1)))


class PositionElsewhere(RuleViolation):
    """The position lies in another country than the one chosen: asked, not refused."""


def _check_position_in_country(fields: SiteFields) -> None:
    """A position more than about 10 km outside the chosen country is confirmed first: a
    swapped latitude and longitude, or a position copied from another site, looks right."""
    if fields.latitude is None or fields.longitude is None or not fields.country:
        return
    latitude, longitude, country = fields.latitude, fields.longitude, fields.country.upper()
    if is_near_country(latitude, longitude, country) is not False:
        return
    found = country_at(latitude, longitude)
    chosen = country_name(country)
    if found:
        message = _(
            "This position is in %(found)s, not in %(chosen)s.",
            found=country_name(found),
            chosen=chosen,
        )
    else:
        message = _(
            "This position is outside any country (at sea?), not in %(chosen)s.", chosen=chosen
        )
    sentences = [message]
    if is_near_country(longitude, latitude, country):
        sentences.append(
            _(
                "Latitude and longitude may be swapped: %(position)s is in %(chosen)s.",
                position=format_position(longitude, latitude),
                chosen=chosen,
            )
        )
    sentences.append(_("Check it; if it is right, tick the box and save again."))
    raise PositionElsewhere(" ".join(sentences), "confirm_position")


def _position_changed(site: Site, fields: SiteFields) -> bool:
    stored = (site.latitude, site.longitude, site.country)
    return stored != (fields.latitude, fields.longitude, fields.country.upper())


def _check_site(fields: SiteFields) -> None:
    if not fields.name.strip():
        raise RuleViolation(_("A site needs a name."), "name")
    if (fields.latitude is None) != (fields.longitude is None):
        raise RuleViolation(_("Give both latitude and longitude, or neither."), "position")
    if fields.latitude is not None and not -90 <= fields.latitude <= 90:
        raise RuleViolation(_("Latitude runs from 90° S to 90° N."), "position")
    if fields.longitude is not None and not -180 <= fields.longitude <= 180:
        raise RuleViolation(_("Longitude runs from 180° W to 180° E."), "position")
    for key, (pattern, mismatch) in IDENTIFIER_PATTERNS.items():
        value = getattr(fields, key)
        if value and not pattern.match(value):
            raise RuleViolation(str(mismatch), key)
    if fields.outline is not None:
        fields.outline = parse_outline(fields.outline)
    seen: set[tuple[str, str]] = set()
    for entry in fields.names:
        language_and_name = (entry.lang.lower(), search_key(entry.name))
        if language_and_name in seen:
            raise RuleViolation(
                _("The name “%(name)s” is listed twice in the same language.", name=entry.name),
                "names",
            )
        seen.add(language_and_name)


def _apply_site_fields(site: Site, fields: SiteFields) -> None:
    values = asdict(fields)
    names = values.pop("names")
    for key, value in values.items():
        setattr(site, key, optional_text(value) if isinstance(value, str) else value)
    site.name = fields.name.strip()
    # Stripping made the enum a plain str, which `is` comparisons would not recognise.
    site.location_sensitivity = LocationSensitivity(fields.location_sensitivity)
    site.country = fields.country.upper()
    site.outline = fields.outline
    _replace_names(site, [NameEntry(**entry) for entry in names])
    site.search_text = search_text([site.name, *(n.name for n in site.names)])


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
    feature = Feature(site=site, name=name, description=optional_text(description))
    db.session.add(feature)
    db.session.flush()
    record(actor, "feature.added", feature, context=site, name=name)
    return feature


def update_feature(
    actor: User | None, feature: Feature, name: str, description: str | None
) -> Feature:
    before = {"name": feature.name, "description": feature.description}
    feature.name = _feature_name(feature.site, name, feature)
    feature.description = optional_text(description)
    db.session.flush()
    after = {"name": feature.name, "description": feature.description}
    record_update(actor, "feature.updated", feature, before, after, context=feature.site)
    return feature


def remove_feature(actor: User | None, feature: Feature) -> None:
    """Remove a feature no report names; a cited one stays, or those reports would change."""
    cited_by = count_references(feature)
    if cited_by:
        raise RuleViolation(
            ngettext(
                "“%(name)s” is named in %(num)d damage report version, so it cannot be removed. "
                "Rename it instead.",
                "“%(name)s” is named in %(num)d damage report versions, so it cannot be "
                "removed. Rename it instead.",
                cited_by,
                name=feature.name,
            )
        )
    record(actor, "feature.removed", feature, context=feature.site, name=feature.name)
    db.session.delete(feature)
    db.session.flush()


def _feature_name(site: Site, name: str, current: Feature | None = None) -> str:
    name = name.strip()
    if not name:
        raise RuleViolation(_("A feature needs a name."), "name")
    clash = db.session.scalar(
        select(Feature.id).where(
            Feature.site_id == site.id,
            func.lower(Feature.name) == name.lower(),
            Feature.id != (current.id if current else -1),
        )
    )
    if clash:
        raise RuleViolation(
            _(
                "%(site)s already has a feature called “%(name)s”.",
                site=site.name,
                name=name,
            ),
            "name",
        )
    return name


# --- occupation periods ------------------------------------------------------------------


def add_period(actor: User | None, site: Site, fields: PeriodFields) -> OccupationPeriod:
    period = OccupationPeriod(created_by_id=actor.id if actor else None)
    _apply_period_fields(period, fields)  # queries: attach to the site afterwards
    period.site = site
    db.session.add(period)
    db.session.flush()
    record(actor, "period.added", period, context=site, values=_period_snapshot(period))
    return period


def update_period(
    actor: User | None,
    period: OccupationPeriod,
    fields: PeriodFields,
    *,
    version: str | None = None,
) -> OccupationPeriod:
    """Change a period; ``version`` is the one the form was opened on."""
    check_unchanged("period of control", period.updated_at, version)
    before = _period_snapshot(period)
    _apply_period_fields(period, fields)
    period.updated_at = utcnow()
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
        controlling_actor_id=period.controlling_actor_id,
        start=period.start,
        end=period.end,
        supporting_actor_ids=[a.id for a in period.supporting_actors],
        certainty=period.certainty.code if period.certainty else None,
        notes=period.notes,
        citations=[
            CitationFields(c.source_id, c.locator, c.credibility, c.note) for c in period.citations
        ],
    )


def _apply_period_fields(period: OccupationPeriod, fields: PeriodFields) -> None:
    controlling = _actor(fields.controlling_actor_id, "controlling_actor")
    supporting = _supporting_actors(fields, controlling)
    check_all(
        lambda: _check_period_dates(fields.start, fields.end),
        lambda: _check_cited(fields.citations),
    )
    sources = cited_sources(fields.citations)
    period.controlling_actor = controlling
    period.supporting_actors = supporting
    period.start = fields.start
    period.end = fields.end
    period.certainty = optional_term(Vocabulary.CERTAINTY, fields.certainty, "certainty")
    period.notes = optional_text(fields.notes)
    period.citations.clear()
    for citation in fields.citations:
        period.citations.append(
            PeriodCitation(
                source=sources[citation.source_id],
                locator=optional_text(citation.locator),
                credibility=citation.credibility,
                note=optional_text(citation.note),
            )
        )


NO_CONTROLLING_ACTOR = lazy("Say who controlled the site: pick an actor from the list.")
UNDATED_PERIOD = lazy("Give the start, the end or both: a period needs at least one date.")


def _actor(actor_id: int | None, field_name: str) -> Actor:
    found = db.session.get(Actor, actor_id) if actor_id else None
    if found is None:
        raise RuleViolation(str(NO_CONTROLLING_ACTOR), field_name)
    return found


def _supporting_actors(fields: PeriodFields, controlling: Actor) -> list[Actor]:
    ids = list(dict.fromkeys(fields.supporting_actor_ids))
    if controlling.id in ids:
        raise RuleViolation(
            _(
                "“%(name)s” is the controlling actor; list only others as supporting it.",
                name=controlling.name,
            ),
            "supporting_actors",
        )
    found = list(db.session.scalars(select(Actor).where(Actor.id.in_(ids)))) if ids else []
    if len(found) != len(ids):
        raise RuleViolation(_("Pick each supporting actor from the list."), "supporting_actors")
    return found


def _check_period_dates(start: UncertainDate | None, end: UncertainDate | None) -> None:
    """A period is dated at one end at least, ends no earlier than it starts, and is not
    dated far in the future (a mistyped year)."""
    if start is None and end is None:
        raise RuleViolation(str(UNDATED_PERIOD), "start")
    today = datetime.now(UTC).date()
    for name, value in (("start", start), ("end", end)):
        first_day = value and (value.earliest or value.latest)
        problem = first_day and out_of_range(first_day, today)
        if problem:
            raise RuleViolation(problem, name)
    if (
        start is not None
        and end is not None
        and start.earliest is not None
        and end.latest is not None
        and end.latest < start.earliest
    ):
        raise RuleViolation(_("The end cannot be before the start."), "end")


def _check_cited(citations: list[CitationFields]) -> None:
    if not citations:
        raise RuleViolation(
            _("Cite at least one source: a period of control is a claim, not a fact."),
            "citations",
        )


def _period_snapshot(period: OccupationPeriod) -> dict[str, Any]:
    """What the audit log keeps of a period: names rather than ids, dates as EDTF."""
    return {
        "controlling_actor": period.controlling_actor.name,
        "supporting_actors": sorted(actor.name for actor in period.supporting_actors),
        "start": period.start.edtf if period.start else None,
        "end": period.end.edtf if period.end else None,
        "certainty": period.certainty.code if period.certainty else None,
        "notes": period.notes,
        "sources": sorted(
            (
                {"source": c.source.title, "locator": c.locator, "credibility": c.credibility}
                for c in period.citations
            ),
            key=lambda cited: (cited["source"], cited["locator"] or "", cited["credibility"]),
        ),
    }
