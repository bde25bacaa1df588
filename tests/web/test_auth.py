"""Signing in and out through the real form: messages, rate limits, redirects, sessions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from heritage.accounts.models import User
from heritage.accounts.views import LOGIN_FAILED_MESSAGE
from heritage.audit.models import AuditEvent
from tests.conftest import TEST_PASSWORD


def sign_in(client: FlaskClient, email: str, password: str = TEST_PASSWORD, next_url: str = ""):
    return client.post("/login", data={"email": email, "password": password, "next": next_url})


def test_signing_in_with_the_form_shows_the_user_in_the_navigation(client, contributor):
    response = sign_in(client, contributor.email)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert contributor.display_name in page
    assert "Sign out" in page


def test_email_is_matched_whatever_its_case(client, contributor):
    assert sign_in(client, contributor.email.upper()).status_code == 302


def test_wrong_password_and_unknown_email_read_the_same(client, contributor):
    wrong_password = sign_in(client, contributor.email, "not the password at all")
    unknown_email = sign_in(client, "nobody@example.org", "not the password at all")

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert LOGIN_FAILED_MESSAGE in wrong_password.get_data(as_text=True)
    assert LOGIN_FAILED_MESSAGE in unknown_email.get_data(as_text=True)
    assert _error_block(wrong_password) == _error_block(unknown_email)


def _error_block(response) -> str:
    page = response.get_data(as_text=True)
    start = page.index("data-login-error")
    return page[start : page.index("</div>", start)]


def test_a_deactivated_account_cannot_sign_in(client, contributor, db_session):
    contributor.active = False
    db_session.commit()

    response = sign_in(client, contributor.email)

    assert response.status_code == 200
    assert "deactivated" in response.get_data(as_text=True)
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_the_sixth_failed_sign_in_within_a_minute_is_refused(client, contributor):
    for _ in range(5):
        assert sign_in(client, contributor.email, "wrong password!!").status_code == 200

    refused = sign_in(client, contributor.email, "wrong password!!")

    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    # Even the right password waits out the minute: that is what stops guessing.
    assert sign_in(client, contributor.email).status_code == 429


def test_the_limit_counts_failures_per_account(client, contributor, second_contributor):
    for _ in range(5):
        sign_in(client, contributor.email, "wrong password!!")

    assert sign_in(client, second_contributor.email).status_code == 302


def test_many_accounts_tried_from_one_address_are_refused(client):
    statuses = [
        sign_in(client, f"guess{number}@example.org", "wrong password!!").status_code
        for number in range(21)
    ]

    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_successful_sign_ins_do_not_count_against_the_limit(client, contributor):
    for _ in range(6):
        assert sign_in(client, contributor.email).status_code == 302
        client.post("/logout")


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_next_never_leaves_the_site(client, contributor, next_url):
    response = sign_in(client, contributor.email, next_url=next_url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_within_the_site_is_followed(client, contributor):
    response = sign_in(client, contributor.email, next_url="/sources/?q=unesco")

    assert response.headers["Location"] == "/sources/?q=unesco"


def test_the_login_page_carries_next_into_the_form(client):
    page = client.get("/login?next=/sources/").get_data(as_text=True)

    assert 'value="/sources/"' in page


def test_signing_in_starts_a_fresh_session(client, contributor):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"

    sign_in(client, contributor.email)

    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == contributor.get_id()


def test_session_cookie_is_httponly_and_samesite_lax(client, contributor):
    response = sign_in(client, contributor.email)

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_signing_out_needs_a_post(client, contributor):
    sign_in(client, contributor.email)

    confirmation = client.get("/logout")
    assert confirmation.status_code == 200
    assert "Sign out?" in confirmation.get_data(as_text=True)
    assert "Sign out" in client.get("/").get_data(as_text=True)

    assert client.post("/logout").status_code == 302
    assert "Sign in" in client.get("/").get_data(as_text=True)


def test_signing_in_records_the_time_and_an_audit_event(client, contributor: User, db_session):
    before = datetime.now(UTC)
    sign_in(client, contributor.email)

    db_session.refresh(contributor)
    assert before <= contributor.last_login_at <= datetime.now(UTC)
    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "user.signed_in"))
    assert event.actor_id == contributor.id
    assert (event.object_type, event.object_id) == ("users", str(contributor.id))


def test_a_refused_sign_in_records_no_sign_in(client, contributor, second_contributor, db_session):
    second_contributor.active = False
    db_session.commit()

    sign_in(client, contributor.email, "not the password at all")
    sign_in(client, second_contributor.email)

    signed_in = select(AuditEvent).where(AuditEvent.action == "user.signed_in")
    assert db_session.scalars(signed_in).all() == []


def redis_available() -> bool:
    try:
        import redis
    except ImportError:
        return False
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379")
def test_limits_are_shared_through_redis_when_configured(
    app, database_url, tmp_path, db_session, contributor
):
    """Several servers behind one proxy must count the same failures."""
    import redis

    from heritage import create_app
    from heritage.extensions import limiter
    from tests.conftest import app_settings

    # Keys of this run only: other runs on the same Redis (CI, a colleague) keep theirs.
    prefix = f"heritage-test-{uuid.uuid4().hex}"
    options = {
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix},
    }
    servers = [create_app(app_settings(database_url, tmp_path, **options)) for _ in range(2)]
    for server in servers:
        server.test_client_class = app.test_client_class  # posts the form's CSRF token
    try:
        statuses = [
            sign_in(
                servers[attempt % 2].test_client(), contributor.email, "wrong password!!"
            ).status_code
            for attempt in range(6)
        ]
    finally:
        connection = redis.Redis.from_url(REDIS_URL)
        for key in connection.scan_iter(f"{prefix}*"):
            connection.delete(key)
        # The limiter is one object per process, bound to the storage of the last app built
        # and keeping the storage options it was ever given: drop the prefix, and build one
        # more app with memory storage so later tests do not depend on Redis.
        limiter._storage_options.pop("key_prefix", None)
        create_app(app_settings(database_url, tmp_path))

    assert statuses == [200] * 5 + [429]
