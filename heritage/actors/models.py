"""Actor: one identity per party that controls sites or is said to have caused damage.

Periods and attributions point at an actor instead of spelling its name, so "ISIS", "ISIL"
and "داعش" are one party on every timeline, filter and API answer, drawn in one colour.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heritage.extensions import Model, StrEnumType, UTCDateTime, enum_check, utcnow
from heritage.text import primary_language
from heritage.vocab.models import Term

# Colours an actor may be drawn in, each at least 3:1 against the page's paper background
# (WCAG's contrast for graphics) and told apart by the common colour-vision deficiencies as
# far as twelve colours can be. New actors take the least used one; contributors may change it.
PALETTE = (
    "#1d5c63",  # teal
    "#b8430f",  # burnt orange
    "#3552a3",  # indigo
    "#7a3e9d",  # purple
    "#2f7d32",  # green
    "#a3174f",  # raspberry
    "#6b5a12",  # olive
    "#0f6e99",  # blue
    "#8c3b26",  # terracotta
    "#4a5a66",  # slate
    "#b0186e",  # magenta
    "#55601c",  # moss
)


class ActorNameKind(enum.StrEnum):
    """A name in another language (تنظيم الدولة), or an alias in any (ISIL, Daesh)."""

    TRANSLATION = "translation"
    ALIAS = "alias"


class Actor(Model):
    __tablename__ = "actors"
    __table_args__ = (
        CheckConstraint("colour LIKE '#%' AND length(colour) = 7", name="colour_hex"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name folded by sites.search.search_key: one party, one identity, however it is typed.
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    actor_type_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id"))
    wikidata_id: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="RESTRICT"), index=True
    )
    colour: Mapped[str] = mapped_column(String(7))
    description: Mapped[str | None] = mapped_column(Text)
    # Every name and alias folded, for search and the picker.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    actor_type: Mapped[Term | None] = relationship()
    parent: Mapped[Actor | None] = relationship(remote_side=[id], back_populates="units")
    units: Mapped[list[Actor]] = relationship(back_populates="parent", order_by="Actor.name")
    names: Mapped[list[ActorName]] = relationship(
        back_populates="actor", cascade="all, delete-orphan", order_by="ActorName.id"
    )

    @property
    def translations(self) -> list[ActorName]:
        return [n for n in self.names if n.kind is ActorNameKind.TRANSLATION]

    @property
    def aliases(self) -> list[ActorName]:
        return [n for n in self.names if n.kind is ActorNameKind.ALIAS]

    def name_in(self, language: str) -> str:
        """The name a reader of ``language`` knows the actor by: its first name in that
        language (داعش for an Arabic reader), else its main name (ISIS)."""
        return next(
            (n.name for n in self.translations if primary_language(n.lang) == language),
            self.name,
        )

    def __repr__(self) -> str:
        return f"<Actor {self.id} {self.name!r}>"


class ActorName(Model):
    __tablename__ = "actor_names"
    __table_args__ = (
        UniqueConstraint("actor_id", "kind", "name"),
        enum_check("kind", ActorNameKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str | None] = mapped_column(String(35))
    kind: Mapped[ActorNameKind] = mapped_column(StrEnumType(ActorNameKind, 12))

    actor: Mapped[Actor] = relationship(back_populates="names")
