"""Extensions created unbound here and bound in create_app, plus the declarative base.

The base carries a naming convention so every constraint has a predictable name: Alembic can
then drop and alter constraints on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flask import has_request_context, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Engine,
    MetaData,
    String,
    event,
    func,
    inspect,
    select,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from heritage import ratelimit  # noqa: F401 - registers the sqlite:/// storage for the limiter

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    # What db.Model is, as far as the type checker needs to know (it cannot follow
    # Flask-SQLAlchemy's dynamically made class).
    class Model(Base):
        __abstract__ = True

else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)


# PostgreSQL's integer, the type of every id column: a larger id names nothing.
MAX_DATABASE_ID = 2**31 - 1


def utcnow() -> datetime:
    """The current time, timezone-aware, for column defaults (called per row, not at import)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps.

    SQLite has no time zones and hands back naive values; PostgreSQL's timestamptz does. This
    type stores UTC everywhere and returns aware datetimes, so comparisons never mix the two.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Refusing a naive datetime: timestamps must be timezone-aware.")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class StrEnumType(TypeDecorator[enum.StrEnum]):
    """Store a StrEnum as its string value and read it back as the member.

    Pair it with :func:`enum_check` so the database refuses values the code does not know.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[enum.StrEnum], length: int = 32) -> None:
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else self.enum_class(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> enum.StrEnum | None:
        return None if value is None else self.enum_class(value)


def enum_check(column: str, enum_class: type[enum.StrEnum]) -> CheckConstraint:
    """A CHECK constraint holding ``column`` to the values of ``enum_class``."""
    values = ", ".join(f"'{member.value}'" for member in enum_class)
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own % and _ taken literally.

    Use with ``escape="\\"``.
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def count_references(obj: Any) -> int:
    """How many rows in other tables point at ``obj`` through a foreign key.

    Lets a lower domain refuse to delete something a higher one cites (a source cited by a
    report, a feature named in a report) without importing the higher domain.
    """
    table = inspect(obj).mapper.local_table
    total = 0
    for other in db.metadata.sorted_tables:
        if other is table:
            continue
        for foreign_key in other.foreign_keys:
            # Rows deleted along with ``obj`` (an actor's other names) do not hold it back.
            if foreign_key.column.table is table and foreign_key.ondelete != "CASCADE":
                where = foreign_key.parent == getattr(obj, foreign_key.column.key)
                query = select(func.count()).select_from(other).where(where)
                total += db.session.scalar(query) or 0
    return total


def serialise(topic: str) -> None:
    """Let one transaction at a time through a check-then-write about ``topic``.

    Rules that read several rows before writing (no two actors share a name; no actor is its
    own ancestor) can be broken by two requests checking at the same moment. On PostgreSQL a
    transaction-level advisory lock queues them; SQLite writers already queue at BEGIN
    IMMEDIATE (see ``_begin_sqlite``).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(topic))))


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    """Foreign keys on, WAL for readers beside a writer, a busy timeout instead of errors.

    pysqlite's own transaction handling is switched off (``isolation_level = None``) and
    ``_begin_sqlite`` emits BEGIN instead, as SQLAlchemy's documentation advises: without it
    SAVEPOINTs and transactional DDL do not work on SQLite.
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


# Requests that only read; every other transaction may write.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection: Any) -> None:
    """BEGIN IMMEDIATE for anything that may write, so concurrent writers queue, not fail.

    A deferred transaction takes the write lock only at its first write; if another process
    holds it by then, SQLite answers "database is locked" at once instead of waiting out the
    busy timeout (upgrading a read lock cannot wait without risking deadlock). Taking the
    write lock at BEGIN makes the busy timeout apply. Page views stay deferred so readers
    never queue behind each other.
    """
    if connection.dialect.name != "sqlite":
        return
    reads_only = has_request_context() and request.method in READ_ONLY_METHODS
    connection.exec_driver_sql("BEGIN" if reads_only else "BEGIN IMMEDIATE")
