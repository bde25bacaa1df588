"""Site, its names and features, and occupation periods with the citations behind them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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
from heritage.extensions import Model, StrEnumType, UTCDateTime, enum_check, utcnow
from heritage.sources.models import CitationMixin
from heritage.text import primary_language
from heritage.vocab.models import Term, uncertain_date
from heritage.vocab.uncertain_dates import UncertainDate


class LocationSensitivity(enum.StrEnum):
    """How much of a site's position the public may see (exact positions help looters)."""

    PUBLIC = "public"
    GENERALISED = "generalised"
    HIDDEN = "hidden"


class NameKind(enum.StrEnum):
    PREFERRED = "preferred"
    ALTERNATIVE = "alternative"
    HISTORIC = "historic"


class Site(Model):
    __tablename__ = "sites"
    __table_args__ = (
        enum_check("location_sensitivity", LocationSensitivity),
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="position_complete"),
        CheckConstraint("country = upper(country) AND length(country) = 2", name="country_iso"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    outline: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    unesco_whc_id: Mapped[str | None] = mapped_column(String(20))
    pleiades_id: Mapped[str | None] = mapped_column(String(20))
    wikidata_id: Mapped[str | None] = mapped_column(String(20))
    heritage_status: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    location_sensitivity: Mapped[LocationSensitivity] = mapped_column(
        StrEnumType(LocationSensitivity, 12), default=LocationSensitivity.PUBLIC
    )
    # Every name of the site folded by search.search_key, kept by the services for search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    names: Mapped[list[SiteName]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="SiteName.id"
    )
    features: Mapped[list[Feature]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="Feature.name"
    )
    periods: Mapped[list[OccupationPeriod]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="OccupationPeriod.id"
    )

    def name_in(self, language: str) -> str:
        """The name a reader of ``language`` knows the site by: its preferred name in that
        language (تدمر for an Arabic reader), else the registry's main name (Palmyra)."""
        return next(
            (
                other.name
                for other in self.names
                if other.kind is NameKind.PREFERRED and primary_language(other.lang) == language
            ),
            self.name,
        )

    def __repr__(self) -> str:
        return f"<Site {self.slug}>"


class SiteName(Model):
    """A name in some language: تدمر in Arabic, the historic Tadmor."""

    __tablename__ = "site_names"
    __table_args__ = (UniqueConstraint("site_id", "lang", "name"), enum_check("kind", NameKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(35))
    kind: Mapped[NameKind] = mapped_column(StrEnumType(NameKind, 12), default=NameKind.ALTERNATIVE)

    site: Mapped[Site] = relationship(back_populates="names")


class Feature(Model):
    """A part of a site that can be damaged on its own, such as the Temple of Bel."""

    __tablename__ = "features"
    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    site: Mapped[Site] = relationship(back_populates="features")


period_supporting_actors = Table(
    "period_supporting_actors",
    Model.metadata,
    Column("period_id", ForeignKey("occupation_periods.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id", ondelete="RESTRICT"), primary_key=True),
)


class OccupationPeriod(Model):
    """A sourced claim that an actor controlled the site from one date to another.

    Either end may be uncertain (EDTF); an empty start is not known, an empty end ongoing.
    """

    __tablename__ = "occupation_periods"
    __table_args__ = (
        CheckConstraint(
            "start_edtf IS NOT NULL OR (start_earliest IS NULL AND start_latest IS NULL)",
            name="start_complete",
        ),
        CheckConstraint(
            "end_edtf IS NOT NULL OR (end_earliest IS NULL AND end_latest IS NULL)",
            name="end_complete",
        ),
        CheckConstraint(
            "end_latest IS NULL OR start_earliest IS NULL OR end_latest >= start_earliest",
            name="ends_after_start",
        ),
        CheckConstraint("start_edtf IS NOT NULL OR end_edtf IS NOT NULL", name="dated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    controlling_actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    start_edtf: Mapped[str | None] = mapped_column(String(100))
    start_earliest: Mapped[date | None] = mapped_column(Date)
    start_latest: Mapped[date | None] = mapped_column(Date)
    end_edtf: Mapped[str | None] = mapped_column(String(100))
    end_earliest: Mapped[date | None] = mapped_column(Date)
    end_latest: Mapped[date | None] = mapped_column(Date)
    start: Mapped[UncertainDate | None] = uncertain_date("start")
    end: Mapped[UncertainDate | None] = uncertain_date("end")
    certainty_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    site: Mapped[Site] = relationship(back_populates="periods")
    controlling_actor: Mapped[Actor] = relationship()
    supporting_actors: Mapped[list[Actor]] = relationship(
        secondary=period_supporting_actors, order_by=Actor.name
    )
    certainty: Mapped[Term | None] = relationship(foreign_keys=[certainty_id])
    citations: Mapped[list[PeriodCitation]] = relationship(
        back_populates="period",
        cascade="all, delete-orphan",
        order_by="PeriodCitation.id",
    )


class PeriodCitation(CitationMixin, Model):
    __tablename__ = "period_citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(
        ForeignKey("occupation_periods.id", ondelete="CASCADE"), index=True
    )

    period: Mapped[OccupationPeriod] = relationship(back_populates="citations")
