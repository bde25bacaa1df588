"""User accounts, each with a role on the ladder contributor < reviewer < admin."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String, true
from sqlalchemy.orm import Mapped, mapped_column

from heritage.accounts.roles import Role
from heritage.extensions import StrEnumType, UTCDateTime, db, enum_check, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        enum_check("role", Role),
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

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to sign in inactive users
        return self.active

    def has_role(self, role: Role) -> bool:
        return self.active and self.role.includes(role)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
