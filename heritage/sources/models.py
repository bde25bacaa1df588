"""Source, and the columns every citation shares (citations live with what cites them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from heritage.extensions import Model, StrEnumType, UTCDateTime, enum_check, utcnow
from heritage.vocab.dates import DatePrecision
from heritage.vocab.models import Term

RELIABILITY_GRADES = "ABCDEF"
CREDIBILITY_GRADES = range(1, 7)


class Source(Model):
    """A reference that supports claims: an article, a report, a satellite assessment..."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint("reliability IN ('A', 'B', 'C', 'D', 'E', 'F')", name="reliability_valid"),
        CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility_valid"),
        enum_check("published_precision", DatePrecision),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    title: Mapped[str] = mapped_column(String(500))
    # The title folded by text.search_key: one source, one entry in the library.
    title_key: Mapped[str] = mapped_column(Text, index=True, default="")
    author: Mapped[str | None] = mapped_column(String(300))
    publisher: Mapped[str | None] = mapped_column(String(300))
    published_on: Mapped[date | None] = mapped_column(Date)
    published_precision: Mapped[DatePrecision] = mapped_column(
        StrEnumType(DatePrecision, 10), default=DatePrecision.DAY
    )
    url: Mapped[str | None] = mapped_column(String(2000))
    archive_url: Mapped[str | None] = mapped_column(String(2000))
    accessed_on: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(35))
    reliability: Mapped[str] = mapped_column(String(1), default="F")
    credibility: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    kind: Mapped[Term] = relationship(lazy="joined", innerjoin=True)

    def __repr__(self) -> str:
        return f"<Source {self.id} {self.title[:40]!r}>"


class CitationMixin:
    """A source cited in support of something, with where in the source and how credible.

    Report citations (``reports``) and period citations (``sites``) both use it, so the
    source library never needs to import what cites it.
    """

    @declared_attr
    def source_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("sources.id", ondelete="RESTRICT"), index=True)

    @declared_attr
    def source(cls) -> Mapped[Source]:
        return relationship(Source)

    locator: Mapped[str | None] = mapped_column(String(200))
    credibility: Mapped[int] = mapped_column(SmallInteger, default=6)
    note: Mapped[str | None] = mapped_column(Text)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[CheckConstraint, ...]:
        return (CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility_valid"),)
