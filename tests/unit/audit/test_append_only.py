"""The database itself refuses to change or delete audit events, whatever the code does."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DatabaseError

from heritage.audit.models import AuditEvent
from heritage.audit.services import record
from tests.factories import SiteFactory


@pytest.fixture
def event_id(db_session, admin):
    event = record(admin, "site.created", SiteFactory())
    db_session.commit()
    return event.id


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param(lambda id_: update(AuditEvent).values(action="x"), id="bulk update"),
        pytest.param(lambda id_: delete(AuditEvent), id="bulk delete"),
        pytest.param(
            lambda id_: text("UPDATE audit_events SET details = '{}' WHERE id = :id"),
            id="raw update",
        ),
        pytest.param(lambda id_: text("DELETE FROM audit_events WHERE id = :id"), id="raw delete"),
        pytest.param(
            lambda id_: text(
                "INSERT INTO audit_events (id, at, action, object_type, object_id, details) "
                "VALUES (:id, '2020-01-01', 'forged', 'sites', '1', '{}') "
                "ON CONFLICT (id) DO UPDATE SET action = 'forged'"
            ),
            id="upsert",
        ),
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event(db_session, event_id, statement):
    savepoint = db_session.begin_nested()
    with pytest.raises(DatabaseError, match="append-only"):
        db_session.execute(statement(event_id), {"id": event_id})
    savepoint.rollback()

    assert db_session.get(AuditEvent, event_id).action == "site.created"


@pytest.mark.postgres_only
def test_postgresql_refuses_to_truncate_the_log(db_session, event_id):
    savepoint = db_session.begin_nested()
    with pytest.raises(DatabaseError, match="append-only"):
        db_session.execute(text("TRUNCATE audit_events CASCADE"))
    savepoint.rollback()

    assert db_session.get(AuditEvent, event_id) is not None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_refuses_to_replace_an_event(db_session, event_id):
    savepoint = db_session.begin_nested()
    with pytest.raises(DatabaseError, match="append-only"):
        db_session.execute(
            text(
                "REPLACE INTO audit_events (id, at, action, object_type, object_id, details) "
                "VALUES (:id, '2020-01-01', 'forged', 'sites', '1', '{}')"
            ),
            {"id": event_id},
        )
    savepoint.rollback()

    assert db_session.get(AuditEvent, event_id).action == "site.created"
