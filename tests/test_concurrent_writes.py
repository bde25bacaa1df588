"""Contributors saving at the same moment on SQLite all succeed, none gets "database is locked".

Two gunicorn workers are two processes with their own connections, as deployed. A deferred
transaction that reads first and writes later cannot wait for the write lock (SQLite refuses at
once rather than risk a deadlock), so before writing transactions began IMMEDIATE some of these
saves failed with a 500 every time. The test client or a threaded server in this process could
not show that: it takes separate processes and simultaneous requests.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from heritage import create_app
from heritage.accounts.roles import Role
from heritage.accounts.services import create_user
from heritage.extensions import db
from heritage.sites.models import Site
from tests.servers import Deployment, gunicorn_server, migrated_deployment

SAVES = 20
PASSWORD = "concurrent-saves-password"
REQUEST_TIMEOUT_S = 30
CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    body: str


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Hand 3xx responses back instead of following them: the redirect is what we check."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Visitor:
    """One browser: its own cookie jar, so each thread is a separately signed-in contributor."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _KeepRedirects()
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> Reply:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base_url + path, data=data)  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT_S) as response:
                return Reply(response.status, response.headers.get("Location", ""), _text(response))
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            return Reply(error.code, error.headers.get("Location", ""), _text(error))

    def csrf_token(self, path: str) -> str:
        reply = self.request(path)
        assert reply.status == 200, f"GET {path} answered {reply.status}"
        match = CSRF_INPUT.search(reply.body)
        assert match, f"no csrf_token on {path}"
        return match.group(1)

    def sign_in(self, email: str, password: str) -> None:
        """Through the real login form, CSRF token included."""
        token = self.csrf_token("/login")
        reply = self.request("/login", {"email": email, "password": password, "csrf_token": token})
        assert reply.status == 302, f"signing in {email} answered {reply.status}"


def _text(response: http.client.HTTPResponse | urllib.error.HTTPError) -> str:
    return response.read().decode("utf-8", "replace")


def _app_over(deployment: Deployment) -> Flask:
    """An app in this process over the deployment's database, to set up and check its data."""
    environment = deployment.environment
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": deployment.database_url,
            "SECRET_KEY": environment["HERITAGE_SECRET_KEY"],
            "UPLOAD_DIR": environment["HERITAGE_UPLOAD_DIR"],
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


def _create_contributors(app: Flask, count: int) -> list[str]:
    emails = [f"contributor{number}@concurrent.example" for number in range(count)]
    with app.app_context():
        for number, email in enumerate(emails):
            create_user(email, f"Contributor {number}", PASSWORD, Role.CONTRIBUTOR)
        db.session.commit()
        db.engine.dispose()  # no connection of ours stays open beside the server's
    return emails


def test_simultaneous_saves_through_two_server_processes_all_succeed(tmp_path: Path) -> None:
    deployment = migrated_deployment(tmp_path)
    app = _app_over(deployment)
    with ThreadPoolExecutor(max_workers=1) as setup:
        # Hashing 20 passwords takes seconds: do it while gunicorn starts.
        accounts = setup.submit(_create_contributors, app, SAVES)
        with gunicorn_server(deployment, workers=2) as url:
            visitors = []
            for email in accounts.result():
                visitor = Visitor(url)
                visitor.sign_in(email, PASSWORD)  # one at a time: the saves are what is tested
                visitors.append(visitor)
            replies = _save_all_at_once(visitors)

    statuses = Counter(reply.status for reply in replies)
    assert statuses == {302: SAVES}, (
        f"answers {dict(statuses)}; the server logged {_errors_logged(deployment)}"
    )
    assert [urllib.parse.urlsplit(reply.location).path for reply in replies] == [
        f"/sites/concurrent-site-{number}" for number in range(SAVES)
    ]
    with app.app_context():
        names = set(db.session.scalars(select(Site.name)))
        db.engine.dispose()
    assert names == {f"Concurrent site {number}" for number in range(SAVES)}


def _errors_logged(deployment: Deployment) -> dict[str, int]:
    """The exceptions in the server's log, counted: a bare 500 page does not say what failed."""
    exception = re.compile(r"^[\w.]+(?:Error|Exception): .{0,80}", re.MULTILINE)
    return dict(Counter(exception.findall(deployment.log.read_text())))


def _save_all_at_once(visitors: list[Visitor]) -> list[Reply]:
    """Each visitor opens the new-site form, then all post it at the same moment."""
    barrier = threading.Barrier(len(visitors))

    def save(number: int) -> Reply:
        visitor = visitors[number]
        form = {
            "name": f"Concurrent site {number}",
            "country": "SY",
            "location_sensitivity": "generalised",
            "csrf_token": visitor.csrf_token("/sites/new"),
        }
        barrier.wait(timeout=REQUEST_TIMEOUT_S)
        return visitor.request("/sites/new", form)

    with ThreadPoolExecutor(max_workers=len(visitors)) as pool:
        return list(pool.map(save, range(len(visitors))))
