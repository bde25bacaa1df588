"""A session ends for good: every copy of its cookie stops working (issue "Hardening", 5).

Signing out ends this session only; a password change, deactivation and "sign out
everywhere" end all of a user's sessions."""

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
    """Whether the client is signed in: adding a source is for contributors."""
    return client.get("/sources/new").status_code == 200


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


def test_signing_out_leaves_the_users_other_devices_signed_in(app, client, contributor):
    laptop = login_as(app.test_client(), contributor)

    login_as(client, contributor).post("/logout")

    assert can_open_the_source_library(laptop)


def test_a_session_from_before_a_deactivation_stays_ended_after_reactivation(
    db_session, admin, contributor, signed_in
):
    services.deactivate_user(contributor, actor=admin)
    services.reactivate_user(contributor, actor=admin)
    db_session.commit()

    assert not can_open_the_source_library(signed_in)


def test_a_password_change_signs_out_the_other_devices_only(app, client, contributor, signed_in):
    laptop = login_as(app.test_client(), contributor)

    response = client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    )

    assert response.status_code == 302
    assert not can_open_the_source_library(laptop)
    assert can_open_the_source_library(client)
    assert services.authenticate(contributor.email, "a brand new passphrase") is contributor


def test_a_password_change_needs_the_current_password(client, contributor, signed_in):
    response = client.post(
        "/account/password",
        data={
            "current_password": "not my password at all",
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    )

    assert "This is not your current password." in response.get_data(as_text=True)
    assert services.authenticate(contributor.email, TEST_PASSWORD) is contributor
    assert can_open_the_source_library(signed_in)


def test_a_user_can_sign_out_their_other_devices(app, client, contributor, signed_in):
    laptop = login_as(app.test_client(), contributor)

    response = client.post("/account/sign-out-elsewhere")

    assert response.status_code == 302
    assert not can_open_the_source_library(laptop)
    assert can_open_the_source_library(client)


def test_an_administrator_can_sign_a_user_out_everywhere(
    app, db_session, admin, contributor, signed_in
):
    admin_client = login_as(app.test_client(), admin)

    response = admin_client.post(f"/admin/users/{contributor.id}/sign-out")

    assert response.status_code == 302
    assert not can_open_the_source_library(signed_in)
    [event] = _events(db_session, "user.sessions_ended")
    assert (event.actor_id, event.object_id) == (admin.id, str(contributor.id))


def test_a_contributor_cannot_end_someone_elses_sessions(app, contributor, reviewer):
    reviewers_browser = login_as(app.test_client(), reviewer)

    with pytest.raises(NotPermitted):
        services.end_sessions(reviewer, actor=contributor)

    assert can_open_the_source_library(reviewers_browser)


@pytest.mark.parametrize(
    ("user_id", "key"),
    [("{id}", None), ("{id}", "guessed"), ("x", "guessed"), ("9" * 30, "guessed"), ("", "")],
)
def test_a_session_without_a_live_sign_in_signs_nobody_in(app, contributor, user_id, key):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_id.format(id=contributor.id)
        if key is not None:
            session["sign_in"] = key

    assert not can_open_the_source_library(client)


def _events(db_session, action):
    return db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
