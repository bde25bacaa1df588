"""A live server with the demo data, and Debian's Chromium driven by Playwright.

Browser tests skip when Chromium or Playwright is missing, unless HERITAGE_REQUIRE_BROWSER=1
(as in CI), where a missing browser fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from heritage import create_app
from heritage.accounts.services import find_user_by_email
from heritage.actors.models import Actor
from heritage.demo import load_demo
from heritage.demo.reports import AUTHOR as DEMO_CONTRIBUTOR
from heritage.extensions import db
from heritage.reports.models import ReportVersion
from heritage.sites.models import Feature, OccupationPeriod, Site
from heritage.sources.models import Source
from tests.conftest import app_settings
from tests.factories import draft_report

CHROMIUM = os.environ.get("HERITAGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> None:
    if os.environ.get("HERITAGE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests are required (HERITAGE_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        _unavailable(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """Its own SQLite database with the demo data, CSRF on, as a user's laptop would run it."""
    folder = tmp_path_factory.mktemp("e2e")
    app = create_app(
        app_settings(
            f"sqlite:///{folder / 'e2e.sqlite3'}", folder / "uploads", WTF_CSRF_ENABLED=True
        )
    )
    with app.app_context():
        flask_migrate.upgrade()
        load_demo()
        db.session.commit()
    return app


def buffered(app: Any) -> Any:
    """The app with each response read whole (and its file closed) before it is sent.

    A browser drops requests it no longer needs (a favicon, when a test closes its page);
    werkzeug's test server then leaves a static file open, and the ResourceWarning surfaces
    in whichever test runs next.
    """

    def respond(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            if hasattr(answer, "close"):
                answer.close()

    return respond


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, buffered(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with live_app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh browser context per test; map tiles from the internet are always blocked."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    context.set_default_timeout(10_000)
    tab = context.new_page()
    script_errors: list[str] = []
    tab.on("pageerror", lambda error: script_errors.append(str(error)))
    yield tab
    context.close()
    assert script_errors == [], "the page's scripts failed"


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def screenshot(page: Any, name: str) -> None:
    """Keep a screenshot when HERITAGE_SCREENSHOTS names a folder, for people to look at."""
    folder = os.environ.get("HERITAGE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def ids(live_app) -> dict[str, int]:
    """Ids of demo records for the pages that name one, and of a draft report (with a
    photo) by the demo contributor the sweeps sign in as."""
    with live_app.app_context():
        palmyra = db.session.scalar(select(Site).where(Site.slug == "palmyra"))
        author = find_user_by_email(DEMO_CONTRIBUTOR)
        draft = draft_report(palmyra, author, "Draft: cracks in the colonnade", photos=1)
        return {
            "source": db.session.scalar(select(Source.id).order_by(Source.id)),
            "actor": db.session.scalar(select(Actor.id).where(Actor.name == "ISIS")),
            "feature": db.session.scalar(select(Feature.id).where(Feature.site_id == palmyra.id)),
            "period": db.session.scalar(
                select(OccupationPeriod.id).where(OccupationPeriod.site_id == palmyra.id)
            ),
            "report": db.session.scalar(
                select(ReportVersion.report_id).where(
                    ReportVersion.title == "Temple of Bel destroyed"
                )
            ),
            "draft": draft.report_id,
        }
