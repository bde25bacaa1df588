"""A session ends for good: every copy of its cookie stops working (issue "Hardening", 5)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from heritage.accounts import services
from heritage.audit.models import AuditEvent
from heritage.rules import NotPermitted
from tests.conftest import TEST_PASSWORD, login_as


def signed_in_copy(app, client: FlaskClient) -> FlaskClient:
    """A second client holding a copy of ``client``'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def can_open_the_source_library(client: FlaskClient) -> bool:
    return client.get("/sources/").status_code == 200


@pytest.fixture
def signed_in(app, client, contributor):
    client.post("/login", data={"email": contributor.email, "password": TEST_PASSWORD})
    copy = signed_in_copy(app, client)
    assert can_open_the_source_library(copy)
    return copy


def test_signing_out_ends_every_copy_of_the_session(client, signed_in):
    client.post("/logout")

    assert not can_open_the_source_library(signed_in)
    assert not can_open_the_source_library(client)


def test_a_session_from_before_a_deactivation_stays_ended_after_reactivation(
    db_session, admin, contributor, signed_in
):
    services.deactivate_user(contributor, actor=admin)
    services.reactivate_user(contributor, actor=admin)
    db_session.commit()

    assert not can_open_the_source_library(signed_in)


def test_a_password_change_ends_earlier_sessions(db_session, contributor, signed_in):
    services.set_password(contributor, "a brand new passphrase", actor=contributor)
    db_session.commit()

    assert not can_open_the_source_library(signed_in)


def test_an_administrator_can_sign_a_user_out_everywhere(
    app, db_session, admin, contributor, signed_in
):
    admin_client = login_as(app.test_client(), admin)

    response = admin_client.post(f"/admin/users/{contributor.id}/sign-out")

    assert response.status_code == 302
    assert not can_open_the_source_library(signed_in)
    assert [event.action for event in _events(db_session, "user.sessions_ended")] == [
        "user.sessions_ended"
    ]


def test_a_contributor_cannot_end_someone_elses_sessions(db_session, contributor, reviewer):
    with pytest.raises(NotPermitted):
        services.end_sessions(reviewer, actor=contributor)
    assert reviewer.session_generation == 0


def test_a_forged_session_id_signs_nobody_in(app, contributor):
    client = app.test_client()
    for forged in [str(contributor.id), f"{contributor.id}.1", "x.y", f"{'9' * 30}.0", ""]:
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert not can_open_the_source_library(client), forged


def _events(db_session, action):
    return db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
