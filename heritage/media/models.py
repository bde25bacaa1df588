"""Photo: the original's identity (its SHA-256) and what was read from it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from heritage.extensions import Model, UTCDateTime, utcnow


class Photo(Model):
    """One stored original, named by its hash, with the public derivatives made from it.

    GPS position and the original file name can endanger a photographer: only reviewers see
    them. ``taken_at`` is the camera's local clock as EXIF gives it, without a time zone.
    """

    __tablename__ = "photos"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint(
            "(gps_latitude IS NULL) = (gps_longitude IS NULL)", name="gps_position_complete"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int]
    height: Mapped[int]
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    camera: Mapped[str | None] = mapped_column(String(200))
    had_gps: Mapped[bool] = mapped_column(default=False)
    gps_latitude: Mapped[float | None]
    gps_longitude: Mapped[float | None]
    original_filename: Mapped[str | None] = mapped_column(String(255))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Photo {self.id} {self.sha256[:12]}>"
