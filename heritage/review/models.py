"""SignOff: one reviewer's decision on exactly the content they reviewed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from heritage.accounts.models import User
from heritage.extensions import Model, StrEnumType, UTCDateTime, enum_check, utcnow
from heritage.reports.models import ReportVersion
from heritage.review.workflow import Decision


class SignOff(Model):
    """One reviewer's decision in one review round of a version, bound to ``content_hash``.

    A reviewer approves at most once per round (the unique constraint says what the workflow's
    ``counting_approvals`` says); a resubmission opens a new round, in which they may again.
    """

    __tablename__ = "signoffs"
    __table_args__ = (
        enum_check("decision", Decision),
        CheckConstraint(
            "decision = 'approve' OR (comment IS NOT NULL AND length(trim(comment)) > 0)",
            name="comment_unless_approve",
        ),
        UniqueConstraint("version_id", "review_round", "reviewer_id", "decision"),
        CheckConstraint("review_round >= 1", name="review_round_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("report_versions.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    review_round: Mapped[int]
    decision: Mapped[Decision] = mapped_column(StrEnumType(Decision, 20))
    comment: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The backref gives ReportVersion its sign-offs without reports importing review.
    version: Mapped[ReportVersion] = relationship(
        backref=backref("signoffs", order_by="SignOff.at", cascade="all, delete-orphan")
    )
    reviewer: Mapped[User] = relationship()
