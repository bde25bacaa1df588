"""Account rules, tested without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from heritage.accounts import services
from heritage.accounts.models import Role
from heritage.accounts.permissions import has_role
from heritage.audit.models import AuditEvent


def only_event(db_session, action):
    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == action))
    return event


def test_create_user_normalises_the_email_and_hashes_the_password(db_session):
    user = services.create_user("  Ada@Example.ORG ", "Ada", "a long enough password")

    assert user.email == "ada@example.org"
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert "a long enough password" not in user.password_hash


@pytest.mark.parametrize("by_admin", [False, True], ids=["by-the-operator", "by-an-admin"])
def test_create_user_records_who_created_which_account(db_session, admin, by_admin):
    actor = admin if by_admin else None

    user = services.create_user(
        "Ada@Example.org", "Ada", "a long enough password", Role.REVIEWER, actor=actor
    )

    event = only_event(db_session, "user.created")
    assert event.actor_id == (admin.id if by_admin else None)
    assert (event.object_type, event.object_id) == ("users", str(user.id))
    assert event.details == {"email": "ada@example.org", "role": "reviewer"}


@pytest.mark.parametrize(
    ("email", "name", "password", "message"),
    [
        ("ada@example.org", "Ada", "short", "at least 12 characters"),
        ("not-an-email", "Ada", "a long enough password", "not an email address"),
        ("ada@example.org", "   ", "a long enough password", "display name"),
    ],
)
def test_create_user_refuses_bad_input(db_session, email, name, password, message):
    with pytest.raises(services.AccountError, match=message):
        services.create_user(email, name, password)


def test_create_user_refuses_a_duplicate_email(db_session, contributor):
    with pytest.raises(services.AccountError, match="already exists"):
        services.create_user(contributor.email.upper(), "Other", "a long enough password")


def test_authenticate_accepts_only_the_right_password(db_session):
    user = services.create_user("ada@example.org", "Ada", "a long enough password")

    assert services.authenticate("ADA@example.org", "a long enough password") is user
    assert services.authenticate("ada@example.org", "a wrong password!") is None
    assert services.authenticate("nobody@example.org", "a long enough password") is None


@pytest.mark.parametrize(
    ("role", "needed", "allowed"),
    [
        (Role.CONTRIBUTOR, Role.CONTRIBUTOR, True),
        (Role.CONTRIBUTOR, Role.REVIEWER, False),
        (Role.REVIEWER, Role.CONTRIBUTOR, True),
        (Role.REVIEWER, Role.ADMIN, False),
        (Role.ADMIN, Role.REVIEWER, True),
        (Role.ADMIN, Role.ADMIN, True),
    ],
)
def test_each_role_includes_the_ones_below(db_session, role, needed, allowed):
    user = services.create_user(f"{role}@example.org", "Someone", "a long enough password", role)

    assert has_role(user, needed) is allowed


def test_an_inactive_user_holds_no_role(db_session, admin):
    admin.active = False

    assert not has_role(admin, Role.CONTRIBUTOR)
    assert not admin.has_role(Role.CONTRIBUTOR)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/sites/palmyra", "/sites/palmyra"),
        ("/sources/?q=ap", "/sources/?q=ap"),
        ("https://evil.example/", None),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("\\\\evil.example", None),
        ("javascript:alert(1)", None),
        ("/ok\nLocation: evil", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_next_url(target, expected):
    assert services.safe_next_url(target) == expected


def test_set_role_records_before_and_after(db_session, admin, contributor):
    services.set_role(contributor, Role.REVIEWER, actor=admin)

    assert contributor.role == Role.REVIEWER
    event = only_event(db_session, "user.role_changed")
    assert (event.actor_id, event.object_id) == (admin.id, str(contributor.id))
    assert event.details == {"changes": {"role": ["contributor", "reviewer"]}}


def test_the_last_admin_cannot_be_deactivated(db_session, admin):
    with pytest.raises(services.AccountError, match="last active administrator"):
        services.deactivate_user(admin)


def test_a_second_admin_can_be_demoted(db_session, admin):
    other = services.create_user("boss@example.org", "Boss", "a long enough password", Role.ADMIN)

    services.set_role(other, Role.CONTRIBUTOR, actor=admin)

    assert other.role == Role.CONTRIBUTOR
