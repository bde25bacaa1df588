"""What the public pages show: the home page overview and a site's history.

These pages combine sites with published reports, which is why they live here, above both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from heritage.actors.models import Actor
from heritage.actors.services import get_actor
from heritage.audit.services import history_query
from heritage.extensions import db
from heritage.reports.models import DamageReport, ReportCitation, ReportVersion
from heritage.reports.services import published_versions_for_site
from heritage.reports.states import PUBLIC_STATES, VersionState
from heritage.sites.conflicts import Conflict, PeriodClaim, find_conflicts, kinds_by_period
from heritage.sites.geo import Position, visible_outline, visible_position
from heritage.sites.models import OccupationPeriod, PeriodCitation, Site
from heritage.sites.services import get_site, search_query
from heritage.sites.timeline import DatedEvent, Timeline, build_timeline
from heritage.sites.timeline_layout import (
    COMPACT_WIDTH,
    DESKTOP_WIDTH,
    TimelineDrawing,
    layout_timeline,
)
from heritage.sources.models import Source
from heritage.translate import language
from heritage.vocab.models import Term


@dataclass(frozen=True)
class Overview:
    site_count: int
    published_report_count: int
    source_count: int
    recent_publications: list[ReportVersion]
    recent_sites: list[Site]


@dataclass(frozen=True)
class SitePage:
    site: Site
    position: Position | None
    outline: dict[str, Any] | None
    timeline: Timeline | None
    timeline_drawings: tuple[TimelineDrawing, TimelineDrawing] | None  # desktop, compact
    claim_groups: list[list[OccupationPeriod]]
    conflicts_by_period: dict[int, tuple[str, ...]]
    # Newest event first, for the list; the timeline orders them itself.
    reports: list[ReportVersion]
    # The severities the markers are coloured by, for the key.
    severities: list[Term]


def registry_overview(limit: int = 6) -> Overview:
    return Overview(
        site_count=_count(select(func.count()).select_from(Site)),
        published_report_count=_count(
            select(func.count())
            .select_from(DamageReport)
            .where(DamageReport.published_version_id.is_not(None))
        ),
        source_count=_count(select(func.count()).select_from(Source)),
        recent_publications=list(
            db.session.scalars(
                select(ReportVersion)
                .where(ReportVersion.state == VersionState.PUBLISHED)
                .options(
                    joinedload(ReportVersion.report)
                    .joinedload(DamageReport.site)
                    .selectinload(Site.names)
                )
                .order_by(ReportVersion.published_at.desc())
                .limit(limit)
            )
        ),
        recent_sites=list(
            db.session.scalars(
                select(Site)
                .options(selectinload(Site.names))
                .order_by(Site.created_at.desc(), Site.id.desc())
                .limit(limit)
            )
        ),
    )


def site_page(
    slug: str, *, signed_in: bool, today: date, report_url: Callable[[int], str]
) -> SitePage | None:
    """Everything a site's page shows; ``report_url`` makes a report's address from its id
    (the view's ``url_for``), so the timeline's markers link to the reports."""
    site = get_site(slug)
    if site is None:
        return None
    reports = published_versions_for_site(site.id)
    timeline = build_timeline(
        [_claim(period) for period in site.periods],
        [_event(version, report_url) for version in reports],
        today,
    )
    conflicts = timeline.conflicts if timeline else ()
    return SitePage(
        site=site,
        position=visible_position(site, signed_in=signed_in),
        outline=visible_outline(site, signed_in=signed_in),
        timeline=timeline,
        timeline_drawings=_drawings(timeline),
        claim_groups=_claim_groups(
            site.periods, conflicts, [bar.period_id for bar in timeline.bars] if timeline else []
        ),
        conflicts_by_period=kinds_by_period(conflicts),
        reports=reports,
        severities=sorted(
            {version.severity for version in reports if version.severity},
            key=lambda term: term.sort,
        ),
    )


def site_history(site: Site) -> Any:
    """The audit events of a site and everything recorded with it as context."""
    return history_query(site)


def map_features(text: str | None, country: str | None, *, signed_in: bool) -> dict[str, Any]:
    """Sites matching a search as GeoJSON points, positioned as this viewer may see them."""
    features = []
    for site in db.session.scalars(search_query(text, country)):
        position = visible_position(site, signed_in=signed_in)
        if position is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [position.lon, position.lat]},
                "properties": {
                    "slug": site.slug,
                    "name": site.name_in(language()),
                    "precision": position.precision,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _claim(period: OccupationPeriod) -> PeriodClaim:
    return PeriodClaim(
        period_id=period.id,
        actor_id=period.controlling_actor_id,
        party=period.controlling_actor.name_in(language()),
        colour=period.controlling_actor.colour,
        start=period.start,
        end=period.end,
        source_count=len(period.citations),
        supporting=tuple(actor.name_in(language()) for actor in period.supporting_actors),
    )


def _event(version: ReportVersion, report_url: Callable[[int], str]) -> DatedEvent:
    return DatedEvent(
        key=f"report-{version.report_id}",
        label=version.title,
        when=version.event,
        url=report_url(version.report_id),
        tone=version.severity.code if version.severity else None,
        tone_label=version.severity.label if version.severity else None,
        tone_lang=version.severity.label_language if version.severity else None,
    )


def _drawings(timeline: Timeline | None) -> tuple[TimelineDrawing, TimelineDrawing] | None:
    """The timeline laid out for wide and for medium screens; phones get a list instead."""
    if timeline is None:
        return None
    return layout_timeline(timeline, DESKTOP_WIDTH), layout_timeline(timeline, COMPACT_WIDTH)


def _claim_groups(
    periods: list[OccupationPeriod], conflicts: Sequence[Conflict], order: list[int]
) -> list[list[OccupationPeriod]]:
    """Periods in the timeline's ``order`` (of period ids), with conflicting claims grouped
    so the page can set them side by side."""
    known = {period.id: period for period in periods}
    by_id = {period_id: known[period_id] for period_id in order}
    group_of: dict[int, set[int]] = {period_id: {period_id} for period_id in by_id}
    for conflict in conflicts:
        merged = set().union(*(group_of[period_id] for period_id in conflict.period_ids))
        for period_id in merged:
            group_of[period_id] = merged
    groups: list[list[OccupationPeriod]] = []
    seen: set[int] = set()
    for period_id in by_id:
        if period_id in seen:
            continue
        members = sorted(group_of[period_id], key=order.index)
        seen.update(members)
        groups.append([by_id[i] for i in members])
    return groups


def _count(query: Any) -> int:
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class SourceCiters:
    """What the public may see citing a source: periods of control (public as soon as they
    are recorded) and published report versions (never drafts or versions in review)."""

    periods: list[PeriodCitation]
    report_versions: list[ReportCitation]

    def __len__(self) -> int:
        return len(self.periods) + len(self.report_versions)


def source_citers(source: Source) -> SourceCiters:
    periods = db.session.scalars(
        select(PeriodCitation)
        .where(PeriodCitation.source_id == source.id)
        .options(
            joinedload(PeriodCitation.period)
            .joinedload(OccupationPeriod.site)
            .selectinload(Site.names),
            joinedload(PeriodCitation.period)
            .joinedload(OccupationPeriod.controlling_actor)
            .selectinload(Actor.names),
        )
        .order_by(PeriodCitation.id)
    )
    reports = db.session.scalars(
        select(ReportCitation)
        .join(ReportVersion, ReportCitation.version_id == ReportVersion.id)
        .join(DamageReport, ReportVersion.report_id == DamageReport.id)
        .where(
            ReportCitation.source_id == source.id,
            ReportVersion.state.in_(PUBLIC_STATES),
            DamageReport.retracted_at.is_(None),
        )
        .options(
            joinedload(ReportCitation.version)
            .joinedload(ReportVersion.report)
            .joinedload(DamageReport.site)
            .selectinload(Site.names)
        )
        .order_by(ReportCitation.id)
    )
    return SourceCiters(list(periods), list(reports))


@dataclass(frozen=True)
class ActorPage:
    actor: Actor
    controlled: list[OccupationPeriod]
    supported: list[OccupationPeriod]
    attributed: list[ReportVersion]
    # The conflicts each listed period is in, among all the claims about its site: an actor's
    # page must not present a disputed claim as settled.
    conflicts_by_period: dict[int, tuple[str, ...]]


def actor_page(actor_id: int, today: date) -> ActorPage | None:
    """An actor with the periods it controlled or supported and the published reports that
    attribute damage to it."""
    actor = get_actor(actor_id)
    if actor is None:
        return None
    periods = select(OccupationPeriod).options(
        joinedload(OccupationPeriod.site).selectinload(Site.names),
        selectinload(OccupationPeriod.controlling_actor).selectinload(Actor.names),
        selectinload(OccupationPeriod.citations),
    )
    controlled = db.session.scalars(
        periods.where(OccupationPeriod.controlling_actor_id == actor.id)
    )
    supported = db.session.scalars(
        periods.join(OccupationPeriod.supporting_actors).where(Actor.id == actor.id)
    )
    attributed = db.session.scalars(
        select(ReportVersion)
        .join(DamageReport, DamageReport.published_version_id == ReportVersion.id)
        .where(ReportVersion.attribution_actor_id == actor.id, DamageReport.retracted_at.is_(None))
        .options(
            joinedload(ReportVersion.report).joinedload(DamageReport.site).selectinload(Site.names)
        )
        .order_by(ReportVersion.event_earliest)
    )
    controlled_periods, supported_periods = _by_start(controlled), _by_start(supported)
    return ActorPage(
        actor,
        controlled_periods,
        supported_periods,
        list(attributed),
        _conflicts_at_sites({p.site_id for p in controlled_periods + supported_periods}, today),
    )


def _conflicts_at_sites(site_ids: set[int], today: date) -> dict[int, tuple[str, ...]]:
    """The conflicts of every period of these sites, judged among each site's claims."""
    if not site_ids:
        return {}
    periods = db.session.scalars(
        select(OccupationPeriod)
        .where(OccupationPeriod.site_id.in_(site_ids))
        .options(
            selectinload(OccupationPeriod.controlling_actor).selectinload(Actor.names),
            selectinload(OccupationPeriod.supporting_actors).selectinload(Actor.names),
            selectinload(OccupationPeriod.citations),
        )
    )
    by_site: dict[int, list[PeriodClaim]] = {}
    for period in periods:
        by_site.setdefault(period.site_id, []).append(_claim(period))
    kinds: dict[int, tuple[str, ...]] = {}
    for claims in by_site.values():
        kinds.update(kinds_by_period(find_conflicts(claims, today)))
    return kinds


def _by_start(periods: Any) -> list[OccupationPeriod]:
    """Periods by site, then by when they began (a start not known first)."""

    def key(period: OccupationPeriod) -> tuple[str, date]:
        start = period.start
        first = (start.earliest or start.latest) if start else None
        return period.site.name, first or date.min

    return sorted(periods, key=key)
