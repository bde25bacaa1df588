"""What the public pages show: the home page overview and a site's history.

These pages combine sites with published reports, which is why they live here, above both.
"""

from __future__ import annotations

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
from heritage.sites.geo import Position, visible_outline, visible_position
from heritage.sites.models import OccupationPeriod, Site
from heritage.sites.services import get_site, search_query
from heritage.sites.timeline import DatedEvent, PeriodClaim, Timeline, build_timeline
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
    conflicts = _conflicts_by_period(timeline)
    return SitePage(
        site=site,
        position=visible_position(site, signed_in=signed_in),
        outline=visible_outline(site, signed_in=signed_in),
        timeline=timeline,
        claim_groups=_claim_groups(site.periods, timeline),
        conflicts_by_period=conflicts,
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
        key=f"period-{period.id}",
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


def _conflicts_by_period(timeline: Timeline | None) -> dict[int, str]:
    if timeline is None:
        return {}
    return {
        int(bar.key.removeprefix("period-")): bar.conflict for bar in timeline.bars if bar.conflict
    }


def _claim_groups(
    periods: list[OccupationPeriod], timeline: Timeline | None
) -> list[list[OccupationPeriod]]:
    """Periods in order, with conflicting claims grouped so the page can set them side by side."""
    by_key = {f"period-{period.id}": period for period in periods}
    group_of: dict[str, set[str]] = {key: {key} for key in by_key}
    for conflict in timeline.conflicts if timeline else []:
        merged = set().union(*(group_of[key] for key in conflict.keys))
        for key in merged:
            group_of[key] = merged
    groups: list[list[OccupationPeriod]] = []
    seen: set[str] = set()
    for key in by_key:
        if key in seen:
            continue
        members = sorted(group_of[key], key=lambda k: (by_key[k].start_on, by_key[k].id))
        seen.update(members)
        groups.append([by_key[k] for k in members])
    return groups


def _count(query: Any) -> int:
    return db.session.scalar(query) or 0
