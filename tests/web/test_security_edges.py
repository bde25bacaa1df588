"""Rules of issue 7 that no test reached (review): caching of error pages, HSTS in production,
control characters beyond ASCII, and a route that forgets its decorator."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_login import current_user
from sqlalchemy import func, select

from heritage import create_app
from heritage.accounts import services as accounts
from heritage.accounts.models import Role, User
from heritage.extensions import db
from heritage.sites.models import Site
from heritage.web import apply_change
from tests.conftest import BrowserLikeClient, app_settings, login_as
from tests.markup import field_blocks


@pytest.mark.parametrize("path", ["/no/such/page", "/sites/no-such-site", "/sites/new"])
def test_answers_other_than_a_page_are_not_stored_by_shared_caches(client, path):
    """A 404 for a page being created, or a redirect to sign in, must not be served from a
    cache for a minute to everyone."""
    response = client.get(path)

    assert response.status_code != 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_production_answers_carry_hsts_and_development_does_not(database_url, tmp_path):
    production = create_app(
        app_settings(
            database_url,
            tmp_path,
            HERITAGE_ENV="production",
            SECRET_KEY="p" * 40,
            RATELIMIT_STORAGE_URI="memory://",
        )
    )
    development = create_app(app_settings(database_url, tmp_path))

    secure = production.test_client().get("/about", base_url="https://registry.example")
    plain = development.test_client().get("/about")

    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in plain.headers


@pytest.mark.parametrize("value", ["Pal\x7fmyra", "Pal\u0085myra", "Pal\u009bmyra"])
def test_delete_and_c1_control_characters_in_a_name_are_refused(as_contributor, db_session, value):
    before = db_session.scalar(select(func.count()).select_from(Site))

    response = as_contributor.post(
        "/sites/new", data={"name": value, "country": "SY", "location_sensitivity": "hidden"}
    )

    assert "invisible characters" in field_blocks(response.get_data(as_text=True))["name"]
    assert db_session.scalar(select(func.count()).select_from(Site)) == before


@pytest.fixture
def forgetful_app(database_url, tmp_path) -> Flask:
    """An app with a privileged route that forgot ``@role_required``."""
    application = create_app(app_settings(database_url, tmp_path))
    application.test_client_class = BrowserLikeClient

    @application.post("/forgot-the-decorator/<int:user_id>")
    def promote(user_id: int) -> str:
        user = db.get_or_404(User, user_id)
        apply_change(lambda: accounts.set_role(user, Role.ADMIN, actor=current_user), "Done.")
        return "promoted"

    return application


def test_a_route_that_forgets_its_decorator_still_refuses_with_403(
    forgetful_app, db_session, contributor
):
    client = login_as(forgetful_app.test_client(), contributor)

    response = client.post(f"/forgot-the-decorator/{contributor.id}")

    assert response.status_code == 403
    db_session.refresh(contributor)
    assert contributor.role is Role.CONTRIBUTOR


def test_a_search_with_nul_still_finds_the_site(client, db_session):
    """The search box's placeholder names Palmyra on every /sites/ page, so the existing test's
    ``"Palmyra" in page`` cannot tell a found site from an empty result; look for the link."""
    from tests.factories import SiteFactory

    SiteFactory(name="Dura-Europos", slug="dura-europos", country="SY")

    page = client.get("/sites/?q=Du%00ra&country=S%00Y").get_data(as_text=True)

    assert 'href="/sites/dura-europos"' in page


def test_the_source_lookup_with_nul_still_finds_the_source(as_contributor, db_session):
    from tests.factories import SourceFactory

    source = SourceFactory(title="Zenobia's city falls", publisher="Associated Press")

    found = as_contributor.get("/sources/lookup?q=%00%00Zeno").json["items"]

    assert [item["id"] for item in found] == [source.id]
