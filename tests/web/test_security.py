"""CSRF, security headers and error pages (HTML for people, JSON under /api/)."""

from __future__ import annotations

import re

import flask_migrate
import pytest
from flask import Flask

from heritage import create_app
from heritage.accounts.models import Role
from heritage.extensions import db
from heritage.security import SECURITY_HEADERS
from tests.conftest import app_settings, login_as


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(
    tokenless_client, admin, contributor, db_session
):
    client = login_as(tokenless_client, admin)

    response = client.post(f"/admin/users/{contributor.id}/role", data={"role": "admin"})

    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    db_session.refresh(contributor)
    assert contributor.role == Role.CONTRIBUTOR


def test_a_post_with_a_wrong_csrf_token_is_refused(client, admin, contributor, db_session):
    login_as(client, admin)

    response = client.post(
        f"/admin/users/{contributor.id}/deactivate", data={"csrf_token": "forged"}
    )

    assert response.status_code == 400
    db_session.refresh(contributor)
    assert contributor.active


def test_the_login_form_needs_its_token(tokenless_client, contributor):
    response = tokenless_client.post(
        "/login", data={"email": contributor.email, "password": "x" * 12}
    )

    assert response.status_code == 400


def test_a_form_with_its_token_is_accepted(tokenless_client, admin, contributor, db_session):
    client = login_as(tokenless_client, admin)
    page = client.get("/admin/users").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    response = client.post(
        f"/admin/users/{contributor.id}/role", data={"role": "reviewer", "csrf_token": token}
    )

    assert response.status_code == 302
    db_session.refresh(contributor)
    assert contributor.role == Role.REVIEWER


@pytest.mark.parametrize("path", ["/", "/sites/", "/login", "/no/such/page", "/admin/users"])
def test_security_headers_are_on_every_response(client, path):
    response = client.get(path)

    for header, value in SECURITY_HEADERS.items():
        assert response.headers[header] == value
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_carry_no_inline_script(client, contributor):
    login_as(client, contributor)
    for path in ["/", "/sites/", "/sources/", "/sites/new"]:
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page
        assert " on" + "click=" not in page


def test_an_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in response.get_data(as_text=True)


def test_errors_under_the_api_are_json(client):
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json == {
        "error": {
            "status": 404,
            "message": "There is nothing at this address. Check the link or search the registry.",
        }
    }
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_wrong_method_is_405_with_its_allow_header(client):
    response = client.put("/login")

    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_an_oversized_request_is_413(client):
    response = client.post("/login", data={"email": "x" * (27 * 1024 * 1024)})

    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True).lower()


@pytest.fixture
def failing_app(database_url, tmp_path) -> Flask:
    application = create_app(app_settings(database_url, tmp_path, PROPAGATE_EXCEPTIONS=False))

    @application.route("/boom")
    def boom() -> str:
        raise RuntimeError("a bug")

    @application.route("/api/v1/boom")
    def api_boom() -> str:
        raise RuntimeError("a bug")

    return application


def test_an_unexpected_error_shows_no_traceback(failing_app):
    response = failing_app.test_client().get("/boom")

    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "Traceback" not in page
    assert "a bug" not in page
    assert response.headers["Content-Security-Policy"]


def test_an_unexpected_api_error_is_json(failing_app):
    response = failing_app.test_client().get("/api/v1/boom")

    assert response.status_code == 500
    assert response.json["error"]["status"] == 500


def test_an_app_built_without_overrides_has_csrf_protection_on(tmp_path, monkeypatch):
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'default.sqlite3'}")
    monkeypatch.setenv("HERITAGE_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("HERITAGE_RATELIMIT_STORAGE_URI", "memory://")
    application = create_app()
    with application.app_context():
        flask_migrate.upgrade()

    response = application.test_client().post("/login", data={"email": "a@example.org"})

    assert application.config.get("WTF_CSRF_ENABLED", True) is True
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    with application.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", ["/sites/", "/sources/", "/admin/audit", "/sites/new"])
def test_signed_in_pages_are_never_stored_by_caches(as_admin, path):
    response = as_admin.get(path)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_public_pages_say_how_long_they_may_be_cached(client):
    response = client.get("/sites/")

    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in response.headers["Vary"]


def test_a_page_carrying_a_form_token_is_not_stored(client):
    assert client.get("/login").headers["Cache-Control"] == "private, no-store"


def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/css/heritage.css")
    response.close()

    assert response.headers["Cache-Control"] == "no-cache"


def test_untouched_fields_are_not_announced_as_invalid(client):
    page = client.get("/login").get_data(as_text=True)

    email_input = re.search(r'<input[^>]*id="email"[^>]*>', page)[0]
    assert "aria-invalid" not in email_input
    assert "aria-describedby" not in email_input
    assert '="None"' not in page
