"""Demo damage reports for Palmyra's well-documented events, with placeholder photos.

Each report is written by a demo contributor, submitted, and approved by the two demo
reviewers through the review services, so it is published exactly as a real one would be.
The photos are drawn by Pillow and say plainly that they are placeholders; they carry EXIF
with a camera, a date and a GPS position, so a reviewer sees what the pipeline keeps for
them and the public copies show that it is stripped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from heritage.accounts.models import User
from heritage.accounts.services import find_user_by_email
from heritage.extensions import db
from heritage.media.services import limits_from, prepare_photo
from heritage.media.storage import storage_for
from heritage.reports.models import DamageReport, ReportVersion
from heritage.reports.services import (
    ReportCitationFields,
    ReportFields,
    add_photo,
    create_report,
)
from heritage.review.services import approve, submit
from heritage.sites.models import Site
from heritage.vocab.uncertain_dates import parse_uncertain_date

AUTHOR = "contributor1@demo.heritage.example"
REVIEWERS = ("reviewer1@demo.heritage.example", "reviewer2@demo.heritage.example")
# Near the Temple of Bel: where a photographer at the site would have stood.
PALMYRA_GPS = (34.5474, 38.2736)
PLACEHOLDER_CREDIT = "Heritage Damage Registry demo data (placeholder image)"


@dataclass(frozen=True)
class DemoReport:
    title: str
    when: str
    summary: str
    features: tuple[str, ...]
    cause_category: str | None
    causes: tuple[str, ...]
    effects: tuple[str, ...]
    extent: str
    severity: str
    condition_after: str
    method: str
    # (source title key, where in it, credibility 1–6, names the party)
    citations: tuple[tuple[str, str, int, bool], ...]
    attributed_to: str | None = None
    photos: tuple[str, ...] = field(default=("",))
    # The sources say what happened; how sure they are of the cause is graded per report.
    cause_certainty: str = "high"


NOTES = "Palmyra: facts for the demo data"
AP = "ISIS retakes Syria's historic city of Palmyra"

DEMO_REPORTS = (
    DemoReport(
        title="A new road, earth berms, a breached wall and a fallen column",
        when="before November 2013",
        summary=(
            "Satellite images show, by November 2013 and so before ISIS took the city, a new "
            "road, earth berms, a breach in the city wall and a column that had collapsed.\n\n"
            "The images date the damage only to some time before November 2013. What caused "
            "each part of it, and who, is not established by the source cited here."
        ),
        features=(),
        cause_category=None,
        causes=("road_track",),
        effects=("alteration_of_terrain", "collapse_structural_damage"),
        extent="unknown",
        severity="moderate_damage",
        condition_after="unknown",
        cause_certainty="low",
        method="emergency_impact_assessment_image_interpretation",
        citations=((NOTES, "damage events, first item", 3, False),),
        photos=("Satellite view (placeholder)",),
    ),
    DemoReport(
        title="Temple of Baalshamin destroyed",
        when="23 August 2015",
        summary="The Temple of Baalshamin was destroyed while ISIS held Palmyra.",
        features=("Temple of Baalshamin",),
        cause_category="military_armed_conflict",
        causes=(),
        effects=("collapse_structural_damage",),
        extent="unknown",
        severity="destroyed",
        condition_after="destroyed",
        method="literature_interpretation_digitisation",
        citations=(
            (NOTES, "damage events", 2, False),
            (AP, "“destroyed several of the city’s famed ancient Roman monuments”", 3, True),
        ),
        attributed_to="ISIS",
        photos=("Temple ruins (placeholder)", "Scattered blocks (placeholder)"),
    ),
    DemoReport(
        title="Temple of Bel destroyed",
        when="30 August 2015",
        summary="The Temple of Bel was destroyed a week after the Temple of Baalshamin.",
        features=("Temple of Bel",),
        cause_category="military_armed_conflict",
        causes=(),
        effects=("collapse_structural_damage",),
        extent="unknown",
        severity="destroyed",
        condition_after="destroyed",
        method="literature_interpretation_digitisation",
        citations=(
            (NOTES, "damage events", 2, False),
            (AP, "“destroyed several of the city’s famed ancient Roman monuments”", 3, True),
        ),
        attributed_to="ISIS",
        photos=("Temple site (placeholder)", "Rubble (placeholder)"),
    ),
    DemoReport(
        title="Tower tombs blown up",
        when="August–September 2015",
        summary=(
            "Tower tombs in the Valley of the Tombs were blown up between late August and "
            "September 2015."
        ),
        features=("Valley of the Tombs",),
        cause_category="military_armed_conflict",
        causes=("planted_explosives",),
        effects=("collapse_structural_damage",),
        extent="unknown",
        severity="severe_damage",
        condition_after="unknown",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 3, False),),
    ),
    DemoReport(
        title="Monumental Arch destroyed",
        when="October 2015",
        summary="The Monumental Arch was destroyed in October 2015.",
        features=("Monumental Arch",),
        cause_category="military_armed_conflict",
        causes=(),
        effects=("collapse_structural_damage",),
        extent="unknown",
        severity="destroyed",
        condition_after="destroyed",
        method="literature_interpretation_digitisation",
        citations=(
            (NOTES, "damage events", 2, False),
            (AP, "“destroyed several of the city’s famed ancient Roman monuments”", 3, True),
        ),
        attributed_to="ISIS",
    ),
    DemoReport(
        title="Statues in the Palmyra Museum smashed",
        when="after May 2015",
        summary=(
            "Statues in the museum were smashed. The source cited gives no date; the museum "
            "was in the city ISIS took in May 2015."
        ),
        features=("Palmyra Museum",),
        cause_category="vandalism",
        causes=("breaking_smashing",),
        effects=("cracked_broken_missing_parts",),
        extent="unknown",
        severity="severe_damage",
        condition_after="unknown",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 3, False),),
    ),
    DemoReport(
        title="Tetrapylon destroyed",
        when="January 2017",
        summary="The Tetrapylon was destroyed in January 2017, during the second occupation.",
        features=("Tetrapylon",),
        cause_category="military_armed_conflict",
        causes=(),
        effects=("collapse_structural_damage",),
        extent="unknown",
        severity="destroyed",
        condition_after="destroyed",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 2, False),),
    ),
    DemoReport(
        title="Part of the Roman theatre's façade destroyed",
        when="January 2017",
        summary="Part of the Roman theatre's façade was destroyed in January 2017.",
        features=("Roman theatre",),
        cause_category="military_armed_conflict",
        causes=(),
        effects=("collapse_structural_damage",),
        extent="unknown",
        severity="moderate_damage",
        condition_after="unknown",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 2, False),),
        photos=("Theatre façade (placeholder)",),
    ),
)


def load_reports(site: Site, sources: dict[str, int], actors: dict[str, int]) -> int:
    """Publish each demo report the site does not have yet; return how many were added."""
    author = find_user_by_email(AUTHOR)
    reviewers = [find_user_by_email(email) for email in REVIEWERS]
    if author is None or None in reviewers:
        return 0
    existing = set(
        db.session.scalars(
            select(ReportVersion.title)
            .join(ReportVersion.report)
            .where(DamageReport.site_id == site.id)
        )
    )
    added = 0
    for demo in DEMO_REPORTS:
        if demo.title not in existing:
            _publish(demo, site, sources, actors, author, [r for r in reviewers if r])
            added += 1
    return added


def _publish(
    demo: DemoReport,
    site: Site,
    sources: dict[str, int],
    actors: dict[str, int],
    author: User,
    reviewers: list[User],
) -> None:
    features = {feature.name: feature.id for feature in site.features}
    version = create_report(
        author,
        site,
        ReportFields(
            title=demo.title,
            event=parse_uncertain_date(demo.when, today=datetime(2026, 1, 1).date()),
            summary=demo.summary,
            feature_ids=[features[name] for name in demo.features if name in features],
            cause_category=demo.cause_category,
            causes=list(demo.causes),
            effects=list(demo.effects),
            extent=demo.extent,
            severity=demo.severity,
            condition_after=demo.condition_after,
            cause_certainty=demo.cause_certainty,
            effect_certainty="high",
            assessment_method=demo.method,
            attribution_actor_id=actors[demo.attributed_to] if demo.attributed_to else None,
            attribution_claim_status="reported" if demo.attributed_to else None,
            citations=[
                ReportCitationFields(sources[key], locator, credibility, None, names_party)
                for key, locator, credibility, names_party in demo.citations
            ],
        ),
    )
    for number, label in enumerate(demo.photos, start=1):
        add_photo(
            author,
            version,
            prepare_photo(
                f"placeholder-{version.report_id}-{number}.jpg",
                placeholder_photo(demo.title, label or demo.title, demo.when),
                limits=limits_from(current_app.config),
            ),
            credit=PLACEHOLDER_CREDIT,
            licence="CC0-1.0",
            storage=storage_for(current_app),
            caption=f"{label or 'Placeholder'}: a generated stand-in, not a photograph.",
        )
    required = current_app.config["REQUIRED_SIGNOFFS"]
    submit(author, version, required_signoffs=required)
    for reviewer in reviewers[:required]:
        approve(reviewer, version, required_signoffs=required)


def placeholder_photo(title: str, label: str, when: str) -> bytes:
    """A JPEG that says it is a placeholder, with EXIF a phone would write (camera and GPS;
    no date, which would be invented), always the same bytes for the same words so a second
    load stores nothing new."""
    image = Image.new("RGB", (1200, 800))
    draw = ImageDraw.Draw(image)
    for row in range(800):  # a sand-coloured gradient, so the copy is visibly a picture
        shade = 200 - row // 10
        draw.line([(0, row), (1200, row)], fill=(shade + 30, shade + 10, shade - 30))
    big, small = ImageFont.load_default(size=64), ImageFont.load_default(size=34)
    draw.rectangle([(40, 40), (1160, 760)], outline=(90, 40, 20), width=8)
    draw.text((80, 90), "PLACEHOLDER IMAGE", font=big, fill=(90, 20, 10))
    draw.text((80, 190), "Demo data: not a photograph of the site.", font=small, fill=(30, 30, 30))
    draw.text((80, 260), title[:60], font=small, fill=(30, 30, 30))
    draw.text((80, 320), label[:60], font=small, fill=(30, 30, 30))
    draw.text((80, 380), f"Event: {when}", font=small, fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=_demo_exif())
    return buffer.getvalue()


def _demo_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Demo"  # Make
    exif[0x0110] = "Placeholder Camera"  # Model
    latitude, longitude = PALMYRA_GPS
    exif[0x8825] = {  # GPSInfo
        1: "N",
        2: _dms(latitude),
        3: "E",
        4: _dms(longitude),
    }
    return exif


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return (float(degrees), float(minutes), seconds)
