"""Administrators manage accounts; every change lands in the audit log."""

from __future__ import annotations

from sqlalchemy import select

from heritage.accounts.models import Role
from heritage.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.markup import audit_rows


def sign_in(client, email):
    return client.post("/login", data={"email": email, "password": PASSWORD})


def events(db_session, action):
    return db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_the_user_list_shows_every_account(as_admin, contributor, reviewer):
    page = as_admin.get("/admin/users").get_data(as_text=True)

    assert contributor.email in page
    assert reviewer.email in page


def test_changing_a_role_is_recorded_in_the_audit_log(as_admin, admin, contributor, db_session):
    response = as_admin.post(f"/admin/users/{contributor.id}/role", data={"role": "reviewer"})

    assert response.status_code == 302
    db_session.refresh(contributor)
    assert contributor.role == Role.REVIEWER
    [event] = events(db_session, "user.role_changed")
    assert event.actor_id == admin.id
    assert event.object_id == str(contributor.id)
    assert event.details == {"changes": {"role": ["contributor", "reviewer"]}}


def test_the_audit_page_shows_the_role_change(as_admin, contributor):
    as_admin.post(f"/admin/users/{contributor.id}/role", data={"role": "reviewer"})

    page = as_admin.get("/admin/audit").get_data(as_text=True)

    [row] = [row for row in audit_rows(page) if row.action == "user.role_changed"]
    assert row.cells[1:4] == [
        "Amal Admin",
        "Role changed",
        f"Account #{contributor.id}",
    ]
    assert row.changes == {"Role": ("Contributor", "Reviewer")}


def test_an_unknown_role_is_refused(as_admin, contributor, db_session):
    response = as_admin.post(
        f"/admin/users/{contributor.id}/role", data={"role": "emperor"}, follow_redirects=True
    )

    assert "Choose one of the listed roles." in response.get_data(as_text=True)
    db_session.refresh(contributor)
    assert contributor.role == Role.CONTRIBUTOR
    assert not events(db_session, "user.role_changed")


def test_deactivating_stops_sign_in_and_is_audited(as_admin, app, admin, contributor, db_session):
    as_admin.post(f"/admin/users/{contributor.id}/deactivate")

    db_session.refresh(contributor)
    assert not contributor.active
    [deactivated] = events(db_session, "user.deactivated")
    assert (deactivated.actor_id, deactivated.object_id) == (admin.id, str(contributor.id))
    refused = sign_in(app.test_client(), contributor.email)
    assert refused.status_code == 200
    assert "This account has been deactivated" in refused.get_data(as_text=True)

    as_admin.post(f"/admin/users/{contributor.id}/reactivate")
    db_session.refresh(contributor)
    assert contributor.active
    [reactivated] = events(db_session, "user.reactivated")
    assert (reactivated.actor_id, reactivated.object_id) == (admin.id, str(contributor.id))
    assert sign_in(app.test_client(), contributor.email).status_code == 302


def test_an_admin_cannot_deactivate_themselves(as_admin, admin, db_session):
    response = as_admin.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)

    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    db_session.refresh(admin)
    assert admin.active


def test_the_last_admin_keeps_the_role(as_admin, admin, db_session):
    response = as_admin.post(
        f"/admin/users/{admin.id}/role", data={"role": "reviewer"}, follow_redirects=True
    )

    assert "last active administrator" in response.get_data(as_text=True)
    db_session.refresh(admin)
    assert admin.role == Role.ADMIN
    assert not events(db_session, "user.role_changed")


def test_the_audit_log_is_newest_first_and_paginated(as_admin, db_session):
    people = UserFactory.create_batch(60)
    for person in people:
        as_admin.post(f"/admin/users/{person.id}/role", data={"role": "reviewer"})

    first = as_admin.get("/admin/audit").get_data(as_text=True)
    second = as_admin.get("/admin/audit?page=2").get_data(as_text=True)

    assert first.index(f"#{people[-1].id}<") < first.index(f"#{people[-2].id}<")
    assert f"#{people[0].id}<" in second
    assert "Page 1 of 2" in first


def test_a_missing_user_is_404(as_admin):
    assert as_admin.post("/admin/users/999999/role", data={"role": "admin"}).status_code == 404
