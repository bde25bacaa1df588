"""User accounts, each with a role on the ladder contributor < reviewer < admin."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String, true
from sqlalchemy.orm import Mapped, mapped_column

from heritage.accounts.roles import Role
from heritage.extensions import Model, StrEnumType, UTCDateTime, enum_check, utcnow


class CreditMode(enum.StrEnum):
    """How public pages credit a user's work: by name, or only by affiliation (for safety)."""

    NAME = "name"
    AFFILIATION = "affiliation"


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (
        enum_check("role", Role),
        enum_check("credit_mode", CreditMode),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("session_generation >= 0", name="session_generation_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(StrEnumType(Role, 20), default=Role.CONTRIBUTOR)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    affiliation: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    credit_mode: Mapped[CreditMode] = mapped_column(
        StrEnumType(CreditMode, 12), default=CreditMode.NAME, server_default=CreditMode.NAME.value
    )
    # Part of the id kept in the session cookie: bumping it ends every session signed in
    # before, on every device (sign-out, password change, deactivation, "sign out everywhere").
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to sign in inactive users
        return self.active

    def get_id(self) -> str:
        """The session's user id: ``"<id>.<generation>"``, so an ended session stays ended."""
        return f"{self.id}.{self.session_generation}"

    @property
    def public_credit(self) -> str:
        """The name public pages give this user's work; never the email."""
        if self.credit_mode is CreditMode.AFFILIATION:
            if self.affiliation:
                return f"A contributor at {self.affiliation}"
            return "An unnamed contributor"
        return self.display_name

    def has_role(self, role: Role) -> bool:
        return self.active and self.role.includes(role)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
