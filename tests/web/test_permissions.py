"""Who may use which endpoint with which method: one table over the whole URL map.

Every (endpoint, method) the app serves must have a row in ``ACCESS``: a new route without
one fails ``test_every_endpoint_and_method_is_in_the_table``. Each cell of the table is then
its own test, on fresh data: anonymous visitors must be sent to sign in and signed-in users
below the role must get 403 -- or the request must go through.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, url_for

from tests.conftest import login_as
from tests.factories import ActorFactory, FeatureFactory, PeriodFactory, SiteFactory, SourceFactory

ANYONE, CONTRIBUTOR, REVIEWER, ADMIN = None, "contributor", "reviewer", "admin"
ROLES = [None, CONTRIBUTOR, REVIEWER, ADMIN]
RANK = {None: 0, CONTRIBUTOR: 1, REVIEWER: 2, ADMIN: 3}

# (endpoint, method) -> the lowest role that may use it (None: everyone)
ACCESS: dict[tuple[str, str], str | None] = {
    ("static", "GET"): ANYONE,
    ("public.home", "GET"): ANYONE,
    ("public.about", "GET"): ANYONE,
    ("public.sites", "GET"): ANYONE,
    ("public.sites_map", "GET"): ANYONE,
    ("public.site", "GET"): ANYONE,
    ("public.site_history", "GET"): ANYONE,
    ("accounts.login", "GET"): ANYONE,
    ("accounts.login", "POST"): ANYONE,
    ("accounts.logout", "GET"): ANYONE,
    ("accounts.logout", "POST"): ANYONE,
    ("accounts.set_language", "POST"): ANYONE,
    ("accounts.account", "GET"): CONTRIBUTOR,
    ("accounts.account", "POST"): CONTRIBUTOR,
    ("accounts.change_password", "POST"): CONTRIBUTOR,
    ("accounts.sign_out_elsewhere", "POST"): CONTRIBUTOR,
    ("sites.new", "GET"): CONTRIBUTOR,
    ("sites.new", "POST"): CONTRIBUTOR,
    ("sites.edit", "GET"): CONTRIBUTOR,
    ("sites.edit", "POST"): CONTRIBUTOR,
    ("sites.new_feature", "GET"): CONTRIBUTOR,
    ("sites.new_feature", "POST"): CONTRIBUTOR,
    ("sites.edit_feature", "GET"): CONTRIBUTOR,
    ("sites.edit_feature", "POST"): CONTRIBUTOR,
    ("sites.delete_feature", "POST"): CONTRIBUTOR,
    ("sites.new_period", "GET"): CONTRIBUTOR,
    ("sites.new_period", "POST"): CONTRIBUTOR,
    ("sites.edit_period", "GET"): CONTRIBUTOR,
    ("sites.edit_period", "POST"): CONTRIBUTOR,
    ("sites.delete_period", "POST"): CONTRIBUTOR,
    ("public.sources", "GET"): ANYONE,
    ("public.source", "GET"): ANYONE,
    ("public.actors", "GET"): ANYONE,
    ("public.actor", "GET"): ANYONE,
    ("sites.read_position", "GET"): CONTRIBUTOR,
    ("sites.read_date", "GET"): CONTRIBUTOR,
    ("sources.lookup", "GET"): CONTRIBUTOR,
    ("sources.quick", "POST"): CONTRIBUTOR,
    ("sources.new", "GET"): CONTRIBUTOR,
    ("sources.new", "POST"): CONTRIBUTOR,
    ("sources.edit", "GET"): CONTRIBUTOR,
    ("sources.edit", "POST"): CONTRIBUTOR,
    ("sources.delete", "POST"): CONTRIBUTOR,
    ("actors.new", "GET"): CONTRIBUTOR,
    ("actors.new", "POST"): CONTRIBUTOR,
    ("actors.edit", "GET"): CONTRIBUTOR,
    ("actors.edit", "POST"): CONTRIBUTOR,
    ("actors.delete", "POST"): CONTRIBUTOR,
    ("actors.lookup", "GET"): CONTRIBUTOR,
    ("actors.quick", "POST"): CONTRIBUTOR,
    ("admin.users", "GET"): ADMIN,
    ("admin.audit", "GET"): ADMIN,
    ("admin.change_role", "POST"): ADMIN,
    ("admin.set_active", "POST"): ADMIN,
    ("admin.sign_out_everywhere", "POST"): ADMIN,
}

# Methods every route answers by itself (HEAD as GET, OPTIONS with the allowed methods).
AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}


def served(app: Flask) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - AUTOMATIC_METHODS
    }


def test_every_endpoint_and_method_is_in_the_table(app):
    assert served(app) - ACCESS.keys() == set(), "add these to ACCESS"
    assert ACCESS.keys() - served(app) == set(), "these are no longer served"


@pytest.fixture
def url_values(db_session, second_contributor) -> dict[str, Any]:
    """An object of each kind for the URLs to name; nothing cites the source, so it can go."""
    site = SiteFactory(name="Hatra")
    return {
        "slug": site.slug,
        "feature_id": FeatureFactory(site=site).id,
        "period_id": PeriodFactory(site=site).id,
        "source_id": SourceFactory().id,
        "actor_id": ActorFactory(name="Unreferenced militia").id,
        "user_id": second_contributor.id,
        "action": "deactivate",
        "filename": "css/heritage.css",
    }


def url_for_endpoint(app: Flask, endpoint: str, values: dict[str, Any]) -> str:
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    with app.test_request_context():
        query = {"q": "ha"} if endpoint.endswith(("lookup", ".read_position", ".read_date")) else {}
        return url_for(endpoint, **{key: values[key] for key in rule.arguments}, **query)


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
@pytest.mark.parametrize(
    ("endpoint", "method"), sorted(ACCESS), ids=[f"{e} {m}" for e, m in sorted(ACCESS)]
)
def test_each_role_may_use_only_its_endpoints(
    app, client, request, url_values, endpoint, method, role
):
    if role:
        login_as(client, request.getfixturevalue(role))
    url = url_for_endpoint(app, endpoint, url_values)

    response = client.open(url, method=method, data={} if method == "POST" else None)
    response.close()

    refused_anonymous = response.status_code == 302 and response.headers["Location"].startswith(
        "/login?next="
    )
    if RANK[role] >= RANK[ACCESS[endpoint, method]]:
        assert not refused_anonymous, f"{method} {url} sent {role} to sign in"
        assert response.status_code not in {401, 403, 404, 405}, f"{method} {url}"
        assert response.status_code < 500, f"{method} {url}"
    elif role is None:
        assert refused_anonymous, f"anonymous {method} {url}: {response.status_code}"
    else:
        assert response.status_code == 403, f"{role} {method} {url}: {response.status_code}"


NAVIGATION = {
    None: {"Sites", "Actors", "Sources", "About", "Sign in"},
    "contributor": {"Sites", "Actors", "Sources", "About", "Sign out"},
    "reviewer": {"Sites", "Actors", "Sources", "About", "Sign out"},
    "admin": {"Sites", "Actors", "Sources", "About", "Users", "Audit log", "Sign out"},
}
ALL_LINKS = set().union(*NAVIGATION.values())


@pytest.mark.parametrize("role", ROLES)
def test_navigation_follows_the_role(client, request, role):
    if role:
        login_as(client, request.getfixturevalue(role))
    page = client.get("/").get_data(as_text=True)
    navigation = page[page.index("<header") : page.index("</header>")]

    shown = {label for label in ALL_LINKS if f">{label}<" in navigation}
    assert shown == NAVIGATION[role]


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, contributor, db_session):
    login_as(client, contributor)
    assert client.get("/account").status_code == 200

    contributor.active = False
    db_session.commit()

    assert client.get("/account").status_code == 302
