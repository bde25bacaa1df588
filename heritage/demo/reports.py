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
from heritage.media.services import limits_from
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
    cause_category: str
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


NOTES = "Palmyra: facts for the demo data"
AP = "ISIS retakes Syria's historic city of Palmyra"

DEMO_REPORTS = (
    DemoReport(
        title="Earthworks, a new road and a breached wall seen from orbit",
        when="before November 2013",
        summary=(
            "Satellite images from before the city fell to ISIS already show a new road "
            "cut across the ancient city, earth berms thrown up for military positions, a "
            "breach in the city wall and a column that had fallen.\n\n"
            "The images date the damage only to some time before November 2013; who caused "
            "each part of it is not established by the sources cited here."
        ),
        features=("Great Colonnade",),
        cause_category="military_armed_conflict",
        causes=("militarisation", "road_track"),
        effects=("alteration_of_terrain", "earth_displacement", "collapse_structural_damage"),
        extent="11_30_percent",
        severity="moderate_damage",
        condition_after="poor",
        method="emergency_impact_assessment_image_interpretation",
        citations=((NOTES, "damage events, first item", 3, False),),
        photos=("Satellite view (placeholder)",),
    ),
    DemoReport(
        title="Temple of Baalshamin blown up",
        when="23 August 2015",
        summary=(
            "The Temple of Baalshamin, one of the best preserved buildings of ancient "
            "Palmyra, was destroyed with explosives while ISIS held the city. Only parts of "
            "its base and scattered blocks remain."
        ),
        features=("Temple of Baalshamin",),
        cause_category="military_armed_conflict",
        causes=("planted_explosives",),
        effects=("collapse_structural_damage", "loss_removal_of_archaeological_material"),
        extent="91_100_percent",
        severity="destroyed",
        condition_after="destroyed",
        method="literature_interpretation_digitisation",
        citations=(
            (NOTES, "damage events", 2, True),
            (AP, "“destroyed several of the city’s famed ancient Roman monuments”", 2, True),
        ),
        attributed_to="ISIS",
        photos=("Temple ruins (placeholder)", "Scattered blocks (placeholder)"),
    ),
    DemoReport(
        title="Temple of Bel destroyed",
        when="30 August 2015",
        summary=(
            "The cella of the Temple of Bel, the largest temple of Palmyra, was blown up a "
            "week after the Temple of Baalshamin. Its monumental gateway was left standing "
            "amid the rubble."
        ),
        features=("Temple of Bel",),
        cause_category="military_armed_conflict",
        causes=("planted_explosives",),
        effects=("collapse_structural_damage",),
        extent="61_90_percent",
        severity="destroyed",
        condition_after="destroyed",
        method="literature_interpretation_digitisation",
        citations=(
            (NOTES, "damage events", 2, True),
            (AP, "“destroyed several of the city’s famed ancient Roman monuments”", 2, True),
        ),
        attributed_to="ISIS",
        photos=("Temple gateway (placeholder)", "Rubble of the cella (placeholder)"),
    ),
    DemoReport(
        title="Tower tombs in the Valley of the Tombs blown up",
        when="between late August and September 2015",
        summary=(
            "Several of the funerary towers in the Valley of the Tombs, the Tower of "
            "Elahbel among them, were destroyed with explosives over a few weeks."
        ),
        features=("Valley of the Tombs",),
        cause_category="military_armed_conflict",
        causes=("planted_explosives",),
        effects=("collapse_structural_damage",),
        extent="31_60_percent",
        severity="severe_damage",
        condition_after="very_bad",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 3, True),),
        attributed_to="ISIS",
    ),
    DemoReport(
        title="Monumental Arch destroyed",
        when="October 2015",
        summary=(
            "The Monumental Arch at the head of the Great Colonnade was blown up. Parts of "
            "its piers survived."
        ),
        features=("Monumental Arch",),
        cause_category="military_armed_conflict",
        causes=("planted_explosives",),
        effects=("collapse_structural_damage",),
        extent="61_90_percent",
        severity="destroyed",
        condition_after="destroyed",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 2, True),),
        attributed_to="ISIS",
    ),
    DemoReport(
        title="Statues in the Palmyra Museum smashed",
        when="between May 2015 and March 2016",
        summary=(
            "Statues and funerary busts left in the museum were smashed, many of them "
            "defaced, during the first occupation of the city."
        ),
        features=("Palmyra Museum",),
        cause_category="vandalism",
        causes=("breaking_smashing",),
        effects=("cracked_broken_missing_parts",),
        extent="unknown",
        severity="severe_damage",
        condition_after="poor",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 3, True),),
        attributed_to="ISIS",
    ),
    DemoReport(
        title="Tetrapylon destroyed",
        when="January 2017",
        summary=(
            "During the second occupation, most of the columns of the Tetrapylon, the "
            "four-part monument at the crossing of the main street, were blown down."
        ),
        features=("Tetrapylon",),
        cause_category="military_armed_conflict",
        causes=("planted_explosives",),
        effects=("collapse_structural_damage",),
        extent="61_90_percent",
        severity="severe_damage",
        condition_after="very_bad",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 2, True),),
        attributed_to="ISIS",
    ),
    DemoReport(
        title="Façade of the Roman theatre partly destroyed",
        when="January 2017",
        summary=(
            "Part of the stage façade (the scaenae frons) of the Roman theatre was "
            "destroyed in the same weeks as the Tetrapylon."
        ),
        features=("Roman theatre",),
        cause_category="military_armed_conflict",
        causes=("planted_explosives",),
        effects=("collapse_structural_damage",),
        extent="11_30_percent",
        severity="moderate_damage",
        condition_after="poor",
        method="literature_interpretation_digitisation",
        citations=((NOTES, "damage events", 2, True),),
        attributed_to="ISIS",
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
            cause_certainty="high",
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
            f"placeholder-{version.report_id}-{number}.jpg",
            placeholder_photo(demo.title, label or demo.title, demo.when),
            credit=PLACEHOLDER_CREDIT,
            licence="CC0-1.0",
            limits=limits_from(current_app.config),
            storage=storage_for(current_app),
            caption=f"{label or 'Placeholder'}: a generated stand-in, not a photograph.",
        )
    required = current_app.config["REQUIRED_SIGNOFFS"]
    submit(author, version, required_signoffs=required)
    for reviewer in reviewers[:required]:
        approve(reviewer, version, required_signoffs=required)


def placeholder_photo(title: str, label: str, when: str) -> bytes:
    """A JPEG that says it is a placeholder, with EXIF a phone would write (camera, time,
    GPS), always the same bytes for the same words so a second load stores nothing new."""
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
    exif[0x0132] = "2016:04:02 10:15:00"  # DateTime
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
