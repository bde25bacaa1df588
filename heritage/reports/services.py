"""Reading reports. Writing them (drafts, versions) arrives with the reports issue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from heritage.extensions import db
from heritage.reports.models import DamageReport, ReportVersion


def published_versions_for_site(site_id: int) -> list[ReportVersion]:
    """The newest published version of each of a site's reports (retracted ones left out)."""
    return list(
        db.session.scalars(
            select(ReportVersion)
            .join(DamageReport, DamageReport.published_version_id == ReportVersion.id)
            .where(DamageReport.site_id == site_id, DamageReport.retracted_at.is_(None))
            .options(selectinload(ReportVersion.features), selectinload(ReportVersion.severity))
            .order_by(ReportVersion.event_earliest, ReportVersion.event_latest, ReportVersion.id)
        )
    )
