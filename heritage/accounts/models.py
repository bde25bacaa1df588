"""User accounts, each with a role on the ladder contributor < reviewer < admin."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column

from heritage.accounts.roles import Role
from heritage.extensions import Model, StrEnumType, UTCDateTime, enum_check, utcnow
from heritage.translate import _


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
    # The interface language the user chose (en, ar); None: follow the browser.
    language: Mapped[str | None] = mapped_column(String(8))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to sign in inactive users
        return self.active

    @property
    def public_credit(self) -> str:
        """The name public pages give this user's work; never the email."""
        if self.credit_mode is CreditMode.AFFILIATION:
            if self.affiliation:
                return _("A contributor at %(affiliation)s", affiliation=self.affiliation)
            return _("An unnamed contributor")
        return self.display_name

    def has_role(self, role: Role) -> bool:
        return self.active and self.role.includes(role)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class SignIn(Model):
    """One live sign-in: a browser session's key, kept only as its SHA-256.

    The session cookie carries the key; a request is signed in only while its row exists.
    Signing out deletes the row, so every copy of that cookie stops working, while the
    user's other devices stay signed in; "sign out everywhere", a password change and
    deactivation delete all of a user's rows.
    """

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
