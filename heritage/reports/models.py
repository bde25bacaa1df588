"""DamageReport, ReportVersion and what a version holds: features, terms, photos, citations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.actors.models import Actor
from heritage.extensions import Model, StrEnumType, UTCDateTime, db, enum_check, utcnow
from heritage.media.models import Photo
from heritage.reports.licences import DEFAULT_LICENCE, LICENCES
from heritage.reports.states import HASHED_STATES, PUBLIC_STATES, VersionState
from heritage.sites.models import Feature, Site
from heritage.sources.models import CitationMixin
from heritage.vocab.models import Term, uncertain_date
from heritage.vocab.uncertain_dates import UncertainDate


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _state_list(states: tuple[VersionState, ...]) -> str:
    return _quoted(state.value for state in states)


class DamageReport(Model):
    """The citable identity of one damage event at one site; its content is in versions."""

    __tablename__ = "damage_reports"
    __table_args__ = (
        CheckConstraint(
            "(retracted_at IS NULL) = (retraction_reason IS NULL)", name="retraction_complete"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="RESTRICT"), index=True)
    # The newest published version, kept by the review workflow so lists need no subquery.
    published_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_versions.id", use_alter=True)
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retraction_reason: Mapped[str | None] = mapped_column(Text)
    retracted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    site: Mapped[Site] = relationship()
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report",
        foreign_keys="ReportVersion.report_id",
        order_by="ReportVersion.number",
        cascade="all, delete-orphan",
    )
    published_version: Mapped[ReportVersion | None] = relationship(
        foreign_keys=[published_version_id], post_update=True
    )


version_causes = Table(
    "version_causes",
    db.metadata,
    Column("version_id", ForeignKey("report_versions.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("terms.id"), primary_key=True),
)

version_effects = Table(
    "version_effects",
    db.metadata,
    Column("version_id", ForeignKey("report_versions.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("terms.id"), primary_key=True),
)

version_features = Table(
    "version_features",
    db.metadata,
    Column("version_id", ForeignKey("report_versions.id", ondelete="CASCADE"), primary_key=True),
    Column("feature_id", ForeignKey("features.id", ondelete="RESTRICT"), primary_key=True),
)


class ReportVersion(Model):
    """The content of a report at one moment, numbered 1, 2, 3 per report.

    Frozen once submitted: ``content_hash`` (see ``canonical.py``) is what sign-offs bind to.
    """

    __tablename__ = "report_versions"
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        enum_check("state", VersionState),
        CheckConstraint(
            f"(published_at IS NOT NULL) = (state IN ({_state_list(PUBLIC_STATES)}))",
            name="published_at_iff_public",
        ),
        CheckConstraint(
            f"state NOT IN ({_state_list(HASHED_STATES)}) OR content_hash IS NOT NULL",
            name="hashed_once_submitted",
        ),
        CheckConstraint(
            "event_earliest IS NULL OR event_latest IS NULL OR event_latest >= event_earliest",
            name="event_ends_after",
        ),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(
            "review_round >= 1 OR state IN ('draft', 'withdrawn')", name="submitted_in_a_round"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("damage_reports.id"), index=True)
    number: Mapped[int]
    state: Mapped[VersionState] = mapped_column(
        StrEnumType(VersionState, 20), default=VersionState.DRAFT, index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # Each submission opens a new review round; only sign-offs of the current round count.
    review_round: Mapped[int] = mapped_column(default=0, server_default="0")

    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    # When it happened, as an uncertain date ("between 20 and 31 August 2015").
    event_edtf: Mapped[str] = mapped_column(String(100))
    event_earliest: Mapped[date | None] = mapped_column(Date)
    event_latest: Mapped[date | None] = mapped_column(Date)
    event: Mapped[UncertainDate] = uncertain_date("event")
    observed_on: Mapped[date | None] = mapped_column(Date)
    cause_category_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    extent_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    severity_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    condition_after_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    cause_certainty_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    effect_certainty_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    assessment_method_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    attribution_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    attribution_claim_status_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))

    report: Mapped[DamageReport] = relationship(back_populates="versions", foreign_keys=[report_id])
    cause_category: Mapped[Term | None] = relationship(foreign_keys=[cause_category_id])
    extent: Mapped[Term | None] = relationship(foreign_keys=[extent_id])
    severity: Mapped[Term | None] = relationship(foreign_keys=[severity_id])
    condition_after: Mapped[Term | None] = relationship(foreign_keys=[condition_after_id])
    cause_certainty: Mapped[Term | None] = relationship(foreign_keys=[cause_certainty_id])
    effect_certainty: Mapped[Term | None] = relationship(foreign_keys=[effect_certainty_id])
    assessment_method: Mapped[Term | None] = relationship(foreign_keys=[assessment_method_id])
    attribution_actor: Mapped[Actor | None] = relationship()
    attribution_claim_status: Mapped[Term | None] = relationship(
        foreign_keys=[attribution_claim_status_id]
    )
    causes: Mapped[list[Term]] = relationship(secondary=version_causes, order_by=Term.sort)
    effects: Mapped[list[Term]] = relationship(secondary=version_effects, order_by=Term.sort)
    features: Mapped[list[Feature]] = relationship(
        secondary=version_features, order_by=Feature.name
    )
    photos: Mapped[list[VersionPhoto]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="VersionPhoto.position"
    )
    citations: Mapped[list[ReportCitation]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ReportCitation.id"
    )

    if TYPE_CHECKING:
        # Given by review.models.SignOff's backref, so that reports never imports review.
        signoffs: list[Any]

    def __repr__(self) -> str:
        return f"<ReportVersion {self.report_id}/v{self.number} {self.state}>"


class VersionPhoto(Model):
    """A photo shown in a version, in order, with the caption, credit, licence and date that
    version gives it."""

    __tablename__ = "version_photos"
    __table_args__ = (
        UniqueConstraint("version_id", "position"),
        UniqueConstraint("version_id", "photo_id"),
        CheckConstraint(f"licence IN ({_quoted(LICENCES)})", name="licence_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("report_versions.id", ondelete="CASCADE"), index=True
    )
    photo_id: Mapped[int] = mapped_column(ForeignKey("photos.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int]
    # What this version says of the photo: another version may word, credit or date it anew,
    # and a published version's words must never change under its citations.
    caption: Mapped[str | None] = mapped_column(Text)
    credit: Mapped[str | None] = mapped_column(String(300))
    licence: Mapped[str] = mapped_column(String(40), default=DEFAULT_LICENCE)
    taken_on: Mapped[date | None] = mapped_column(Date)

    version: Mapped[ReportVersion] = relationship(back_populates="photos")
    photo: Mapped[Photo] = relationship()


class ReportCitation(CitationMixin, Model):
    """A source a version cites; ``supports_attribution`` marks those that name who did it,
    because blaming a party is a claim of its own and needs its own evidence."""

    __tablename__ = "report_citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("report_versions.id", ondelete="CASCADE"), index=True
    )
    supports_attribution: Mapped[bool] = mapped_column(default=False, server_default=false())

    version: Mapped[ReportVersion] = relationship(back_populates="citations")
