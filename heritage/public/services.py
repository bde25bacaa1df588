"""What the public pages show: the home page overview and a site's history.

These pages combine sites with published reports, which is why they live here, above both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from heritage.audit.services import history_query
from heritage.extensions import db
from heritage.reports.models import DamageReport, ReportVersion
from heritage.reports.services import published_versions_for_site
from heritage.reports.states import VersionState
from heritage.sites.conflicts import Conflict, PeriodClaim, kind_by_period
from heritage.sites.geo import Position, visible_outline, visible_position
from heritage.sites.models import OccupationPeriod, Site
from heritage.sites.services import get_site, search_query
from heritage.sites.timeline import DatedEvent, Timeline, build_timeline
from heritage.sites.timeline_layout import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    TimelineDrawing,
    layout_timeline,
)
from heritage.sources.models import Source


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
    timeline_drawings: tuple[TimelineDrawing, TimelineDrawing] | None  # desktop, phone
    claim_groups: list[list[OccupationPeriod]]
    conflicts_by_period: dict[int, str]
    reports: list[ReportVersion]


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
                .options(joinedload(ReportVersion.report).joinedload(DamageReport.site))
                .order_by(ReportVersion.published_at.desc())
                .limit(limit)
            )
        ),
        recent_sites=list(
            db.session.scalars(
                select(Site).order_by(Site.created_at.desc(), Site.id.desc()).limit(limit)
            )
        ),
    )


def site_page(slug: str, *, signed_in: bool, today: date) -> SitePage | None:
    site = get_site(slug)
    if site is None:
        return None
    reports = published_versions_for_site(site.id)
    timeline = build_timeline(
        [_claim(period) for period in site.periods],
        [_event(version) for version in reports],
        today,
    )
    conflicts = timeline.conflicts if timeline else ()
    return SitePage(
        site=site,
        position=visible_position(site, signed_in=signed_in),
        outline=visible_outline(site, signed_in=signed_in),
        timeline=timeline,
        timeline_drawings=_drawings(timeline),
        claim_groups=_claim_groups(site.periods, conflicts),
        conflicts_by_period=kind_by_period(conflicts),
        reports=reports,
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
                    "name": site.name,
                    "precision": position.precision,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _claim(period: OccupationPeriod) -> PeriodClaim:
    return PeriodClaim(
        period_id=period.id,
        party=period.controlling_party,
        start=period.start_on,
        start_precision=period.start_precision,
        start_qualifier=period.start_qualifier.value,
        end=period.end_on,
        end_precision=period.end_precision,
        end_qualifier=period.end_qualifier.value if period.end_qualifier else None,
        source_count=len(period.citations),
    )


def _event(version: ReportVersion) -> DatedEvent:
    return DatedEvent(
        key=f"report-{version.report_id}",
        label=version.title,
        start=version.event_start,
        end=version.event_end,
        precision=version.event_precision,
        url=None,
    )


def _drawings(timeline: Timeline | None) -> tuple[TimelineDrawing, TimelineDrawing] | None:
    """The timeline laid out for desktops and for phones; the page shows one of the two."""
    if timeline is None:
        return None
    return layout_timeline(timeline, DESKTOP_WIDTH), layout_timeline(timeline, PHONE_WIDTH)


def _claim_groups(
    periods: list[OccupationPeriod], conflicts: Sequence[Conflict]
) -> list[list[OccupationPeriod]]:
    """Periods in order, with conflicting claims grouped so the page can set them side by side."""
    by_id = {period.id: period for period in periods}
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
        members = sorted(group_of[period_id], key=lambda i: (by_id[i].start_on, i))
        seen.update(members)
        groups.append([by_id[i] for i in members])
    return groups


def _count(query: Any) -> int:
    return db.session.scalar(query) or 0
