"""The role ladder, as plain Python so the review workflow can use it without the database."""

from __future__ import annotations

import enum

from heritage.translate import lazy


class Role(enum.StrEnum):
    """Each role can do everything the one before it can."""

    CONTRIBUTOR = "contributor"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def includes(self, other: Role) -> bool:
        return self.rank >= other.rank

    @property
    def label(self) -> str:
        """The role's name in the reader's language ("Contributor")."""
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.CONTRIBUTOR: lazy("Contributor"),
    Role.REVIEWER: lazy("Reviewer"),
    Role.ADMIN: lazy("Admin"),
}
