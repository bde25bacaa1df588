"""Fixtures: the app on each database, per-test rollback, users of every role, a browser.

The app is built once per database (SQLite always; PostgreSQL when HERITAGE_TEST_POSTGRES_URL
is set) and migrated with the real migrations. Each test runs inside a transaction on one
connection and every commit inside it only releases a SAVEPOINT, so the test ends with a
rollback and the next one starts clean (Warehouse's pattern).
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from flask_sqlalchemy.session import _app_ctx_id
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from heritage import create_app
from heritage.accounts.models import Role, User
from heritage.accounts.services import open_sign_in
from heritage.accounts.views import SIGN_IN_KEY
from heritage.extensions import db, limiter
from tests import factories

# Outside a request the interface speaks the shell's language (heritage.i18n): the suite
# expects English whatever the developer's locale.
os.environ["LC_ALL"] = "C.UTF-8"

POSTGRES_URL = os.environ.get("HERITAGE_TEST_POSTGRES_URL")
TEST_PASSWORD = "correct horse battery staple"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres_only" in item.keywords and "[sqlite]" in item.nodeid:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL"))


def app_settings(database_url: str, upload_dir: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_DIR": str(upload_dir),
        "RATELIMIT_STORAGE_URI": "memory://",
        **overrides,
    }


def empty_database(backend: str, folder: Path) -> Iterator[str]:
    """Yield the URL of a fresh, empty database: a SQLite file in ``folder``, or a PostgreSQL
    schema dropped afterwards (skipped when HERITAGE_TEST_POSTGRES_URL is not set)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'registry.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("HERITAGE_TEST_POSTGRES_URL is not set")
    with PostgresSchema(POSTGRES_URL) as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The database every test of this session shares, rolled back after each test."""
    yield from empty_database(request.param, tmp_path_factory.mktemp("db"))


class PostgresSchema:
    """A throw-away schema in the given PostgreSQL database, dropped afterwards."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.schema = f"heritage_test_{uuid.uuid4().hex[:10]}"

    def __enter__(self) -> str:
        self.engine = create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        with self.engine.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        url = make_url(self.base_url).update_query_dict({"options": f"-csearch_path={self.schema}"})
        return url.render_as_string(hide_password=False)

    def __exit__(self, *exc_info: object) -> None:
        with self.engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.engine.dispose()


class BrowserLikeClient(FlaskClient):
    """A test client that sends the CSRF token with every form, as a browser that loaded the
    form would; CSRF protection itself stays on. ``sends_csrf_token = False`` sends none.

    The token is made the way Flask-WTF makes the one it puts in forms: the session's random
    value, signed with the app's secret key.
    """

    sends_csrf_token = True

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if self.sends_csrf_token and str(kwargs.get("method", "GET")).upper() == "POST":
            data = kwargs.get("data")
            if isinstance(data, dict) and "csrf_token" not in data:
                kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
            elif data is None and "json" not in kwargs:
                kwargs["data"] = {"csrf_token": self.csrf_token()}
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        signer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return signer.dumps(raw)


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = create_app(app_settings(database_url, tmp_path_factory.mktemp("uploads")))
    application.test_client_class = BrowserLikeClient

    @application.teardown_request
    def forget_request_globals(exc: BaseException | None) -> None:
        # Tests keep an app context open across requests, so Flask reuses it and its `g`;
        # production gets a fresh `g` per request, and so must the tests (signed-in user...).
        for key in list(g):
            g.pop(key)

    with application.app_context():
        flask_migrate.upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Any]:
    """The session every service and view uses, inside a transaction rolled back afterwards."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        limiter.reset()
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app: Flask, db_session: Any) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db_session: Any) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def tokenless_client(client: BrowserLikeClient) -> BrowserLikeClient:
    """A client that posts forms without their CSRF token, as a forged request would."""
    client.sends_csrf_token = False
    return client


def make_user(role: Role, email: str, name: str) -> User:
    return factories.UserFactory(role=role, email=email, display_name=name)


@pytest.fixture
def contributor(db_session: Any) -> User:
    return make_user(Role.CONTRIBUTOR, "contributor@example.org", "Ada Contributor")


@pytest.fixture
def second_contributor(db_session: Any) -> User:
    return make_user(Role.CONTRIBUTOR, "contributor2@example.org", "Basil Contributor")


@pytest.fixture
def reviewer(db_session: Any) -> User:
    return make_user(Role.REVIEWER, "reviewer@example.org", "Rania Reviewer")


@pytest.fixture
def second_reviewer(db_session: Any) -> User:
    return make_user(Role.REVIEWER, "reviewer2@example.org", "Ravi Reviewer")


@pytest.fixture
def admin(db_session: Any) -> User:
    return make_user(Role.ADMIN, "admin@example.org", "Amal Admin")


def login_as(client: FlaskClient, user: User) -> FlaskClient:
    """Sign ``user`` in without the form (the form itself has its own tests)."""
    key = open_sign_in(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session[SIGN_IN_KEY] = key
    return client


@pytest.fixture
def as_contributor(client: FlaskClient, contributor: User) -> FlaskClient:
    return login_as(client, contributor)


@pytest.fixture
def as_reviewer(client: FlaskClient, reviewer: User) -> FlaskClient:
    return login_as(client, reviewer)


@pytest.fixture
def as_admin(client: FlaskClient, admin: User) -> FlaskClient:
    return login_as(client, admin)
