"""Who can open which page, and who sees which links (one predicate for both)."""

from __future__ import annotations

import pytest

from tests.conftest import login_as
from tests.factories import SiteFactory, SourceFactory

# path -> the lowest role that may open it (None: everyone)
PAGES = {
    "/": None,
    "/about": None,
    "/sites/": None,
    "/sites/{site}": None,
    "/sites/{site}/history": None,
    "/sites/new": "contributor",
    "/sites/{site}/edit": "contributor",
    "/sites/{site}/features/new": "contributor",
    "/sites/{site}/periods/new": "contributor",
    "/sources/": "contributor",
    "/sources/new": "contributor",
    "/sources/{source}": "contributor",
    "/sources/{source}/edit": "contributor",
    "/sources/lookup?q=ap": "contributor",
    "/admin/users": "admin",
    "/admin/audit": "admin",
}
ROLES = [None, "contributor", "reviewer", "admin"]
RANK = {None: 0, "contributor": 1, "reviewer": 2, "admin": 3}


@pytest.fixture
def paths(db_session):
    site, source = SiteFactory(name="Hatra"), SourceFactory()
    return {path: path.format(site=site.slug, source=source.id) for path in PAGES}


@pytest.fixture
def users(contributor, reviewer, admin):
    return {"contributor": contributor, "reviewer": reviewer, "admin": admin}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_only_its_pages(client, paths, users, role):
    if role:
        login_as(client, users[role])
    for template, needed in PAGES.items():
        response = client.get(paths[template])
        if RANK[role] >= RANK[needed]:
            assert response.status_code == 200, template
        elif role is None:
            assert response.status_code == 302, template
            assert response.headers["Location"].startswith("/login?next="), template
        else:
            assert response.status_code == 403, template


NAVIGATION = {
    None: {"Sign in"},
    "contributor": {"Sources", "Sign out"},
    "reviewer": {"Sources", "Sign out"},
    "admin": {"Sources", "Users", "Audit log", "Sign out"},
}
ALL_LINKS = set().union(*NAVIGATION.values())


@pytest.mark.parametrize("role", ROLES)
def test_navigation_follows_the_role(client, users, role):
    if role:
        login_as(client, users[role])
    page = client.get("/").get_data(as_text=True)
    navigation = page[page.index("<header") : page.index("</header>")]

    shown = {label for label in ALL_LINKS if f">{label}<" in navigation}
    assert shown == NAVIGATION[role]


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, contributor, db_session):
    login_as(client, contributor)
    assert client.get("/sources/").status_code == 200

    contributor.active = False
    db_session.commit()

    assert client.get("/sources/").status_code == 302
