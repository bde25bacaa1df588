"""Who may use which endpoint with which method: one table over the whole URL map.

Every (endpoint, method) the app serves must have a row in ``ACCESS``: a new route without
one fails ``test_every_endpoint_and_method_is_in_the_table``. Each cell of the table is then
its own test, on fresh data: anonymous visitors must be sent to sign in and signed-in users
below the role must get 403 -- or the request must go through.

Routes whose answer depends on who wrote the record (a report draft, its photos) are marked
``AUTHOR`` there and have their own table, ``DRAFT_ACCESS``, with the draft's author and
another contributor among the roles.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, url_for

from tests.conftest import login_as
from tests.factories import (
    ActorFactory,
    FeatureFactory,
    PeriodFactory,
    SiteFactory,
    SourceFactory,
    draft_report,
    published_version,
)

ANYONE, CONTRIBUTOR, REVIEWER, ADMIN = None, "contributor", "reviewer", "admin"
AUTHOR = "author"  # decided by who wrote the record: see DRAFT_ACCESS
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
    ("public.feature", "GET"): ANYONE,
    # A published report, its versions and its photos' public copies are for everyone.
    ("reports.report", "GET"): ANYONE,
    ("reports.version", "GET"): ANYONE,
    ("media.derivative", "GET"): ANYONE,
    ("reports.new", "GET"): CONTRIBUTOR,
    ("reports.new", "POST"): CONTRIBUTOR,
    ("reports.mine", "GET"): CONTRIBUTOR,
    ("reports.edit", "GET"): AUTHOR,
    ("reports.edit", "POST"): AUTHOR,
    ("reports.upload_photos", "POST"): AUTHOR,
    ("reports.remove_photo", "POST"): AUTHOR,
    ("review.submit", "POST"): AUTHOR,
    ("media.original", "GET"): AUTHOR,
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
    """An object of each kind for the URLs to name; nothing cites the source, so it can go.
    The report is published, with a photo, by a contributor none of the roles is."""
    site = SiteFactory(name="Hatra")
    published = published_version(
        site, second_contributor, "Lion statue smashed", "2015-06", photos=1
    )
    return {
        "report_id": published.report_id,
        "number": published.number,
        "photo_id": published.photos[0].photo_id,
        "kind": "display",
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
        if endpoint == "reports.new":
            query = {"site": values["slug"]}
        return url_for(endpoint, **{key: values[key] for key in rule.arguments}, **query)


BY_ROLE = sorted(key for key, role in ACCESS.items() if role != AUTHOR)


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
@pytest.mark.parametrize(("endpoint", "method"), BY_ROLE, ids=[f"{e} {m}" for e, m in BY_ROLE])
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


# The draft's author, another contributor, and the roles above them, on a report draft with a
# photo. OK: the request goes through; LOGIN: sent to sign in; 403 and 404 as answered. A draft
# is not there for those who may not see it (404); those who may see it but not change it
# (reviewers, admins) get 403.
OK, LOGIN = "ok", "login"
DRAFT_ROLES = [None, "author", "other contributor", REVIEWER, ADMIN]
CHANGE_DRAFT = {None: LOGIN, "author": OK, "other contributor": 404, REVIEWER: 403, ADMIN: 403}
SEE_DRAFT = {None: 404, "author": OK, "other contributor": 404, REVIEWER: OK, ADMIN: OK}
DRAFT_ACCESS: dict[tuple[str, str], dict[str | None, Any]] = {
    ("reports.version", "GET"): SEE_DRAFT,
    ("media.derivative", "GET"): SEE_DRAFT,
    ("reports.edit", "GET"): CHANGE_DRAFT,
    ("reports.edit", "POST"): CHANGE_DRAFT,
    ("reports.upload_photos", "POST"): CHANGE_DRAFT,
    ("reports.remove_photo", "POST"): CHANGE_DRAFT,
    ("review.submit", "POST"): CHANGE_DRAFT,
    # Originals may reveal where the photographer stood: reviewers and admins only, even for
    # the photographer (who has the file); the public is not told one exists.
    ("media.original", "GET"): {
        None: 404,
        "author": 403,
        "other contributor": 403,
        REVIEWER: OK,
        ADMIN: OK,
    },
}


def test_every_author_dependent_route_is_in_the_draft_table():
    assert {key for key, role in ACCESS.items() if role == AUTHOR} <= DRAFT_ACCESS.keys()
    assert DRAFT_ACCESS.keys() <= ACCESS.keys()


@pytest.fixture
def draft_values(db_session, contributor) -> dict[str, Any]:
    draft = draft_report(SiteFactory(name="Dura-Europos"), contributor, photos=1)
    return {
        "report_id": draft.report_id,
        "number": draft.number,
        "photo_id": draft.photos[0].photo_id,
        "shown_id": draft.photos[0].id,
        "kind": "thumb",
    }


@pytest.mark.parametrize("role", DRAFT_ROLES, ids=lambda role: role or "anonymous")
@pytest.mark.parametrize(
    ("endpoint", "method"), sorted(DRAFT_ACCESS), ids=[f"{e} {m}" for e, m in sorted(DRAFT_ACCESS)]
)
def test_a_draft_is_for_its_author_and_reviewers(
    app, client, request, draft_values, endpoint, method, role
):
    user = {
        None: None,
        "author": "contributor",
        "other contributor": "second_contributor",
        REVIEWER: "reviewer",
        ADMIN: "admin",
    }[role]
    if user:
        login_as(client, request.getfixturevalue(user))
    url = url_for_endpoint(app, endpoint, draft_values)

    response = client.open(url, method=method, data={} if method == "POST" else None)
    response.close()

    expected = DRAFT_ACCESS[endpoint, method][role]
    sent_to_sign_in = response.status_code == 302 and response.headers["Location"].startswith(
        "/login?next="
    )
    if expected == OK:
        assert not sent_to_sign_in, f"{role} {method} {url}"
        assert response.status_code < 400, f"{role} {method} {url}: {response.status_code}"
    elif expected == LOGIN:
        assert sent_to_sign_in, f"{role} {method} {url}: {response.status_code}"
    else:
        assert response.status_code == expected, f"{role} {method} {url}: {response.status_code}"


NAVIGATION = {
    None: {"Sites", "Actors", "Sources", "About", "Sign in"},
    "contributor": {"Sites", "Actors", "Sources", "About", "My reports", "Sign out"},
    "reviewer": {"Sites", "Actors", "Sources", "About", "My reports", "Sign out"},
    "admin": {
        "Sites",
        "Actors",
        "Sources",
        "About",
        "My reports",
        "Users",
        "Audit log",
        "Sign out",
    },
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
