"""Every page, signed in and out, at desktop and phone width: axe-core finds no serious or
critical violation, and nothing is wider than the screen.

Forms are checked empty and again after a failed submission, where error messages, the error
summary and ``aria-invalid`` appear.
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from heritage.actors.models import Actor
from heritage.demo import DEMO_ACCOUNTS
from heritage.extensions import db
from heritage.sites.models import Feature, OccupationPeriod, Site
from heritage.sources.models import Source
from tests.e2e.conftest import screenshot, sign_in

DESKTOP, PHONE = 1280, 390
SERIOUS = {"serious", "critical"}

PUBLIC_PAGES = [
    "/",
    "/sites/",
    "/sites/?q=tadmur",
    "/sites/palmyra",
    "/sites/palmyra/history",
    "/sites/nimrud",
    "/sources/",
    "/sources/{source}",
    "/actors/",
    "/actors/{actor}",
    "/about",
    "/login",
    "/no-such-page",
]
CONTRIBUTOR_PAGES = [
    "/sites/palmyra",
    "/sites/new",
    "/sites/palmyra/edit",
    "/sites/palmyra/features/new",
    "/sites/palmyra/features/{feature}/edit",
    "/sites/palmyra/periods/new",
    "/sites/palmyra/periods/{period}/edit",
    "/sources/new",
    "/sources/{source}/edit",
    "/actors/new",
    "/actors/{actor}/edit",
    "/account",
]
ADMIN_PAGES = ["/admin/users", "/admin/audit"]
# Forms sent empty, so that every kind of error shows: (page, its submit button).
FAILED_FORMS = [
    ("/sites/new", "Create site"),
    ("/sites/palmyra/periods/new", "Add period"),
    ("/sites/palmyra/features/new", "Add feature"),
    ("/sources/new", "Add source"),
    ("/actors/new", "Add actor"),
]


def account(role: str) -> Any:
    return next(account for account in DEMO_ACCOUNTS if account.role == role)


@pytest.fixture(scope="module")
def ids(live_app) -> dict[str, int]:
    """Ids of demo records for the pages that name one."""
    with live_app.app_context():
        palmyra = db.session.scalar(select(Site).where(Site.slug == "palmyra"))
        return {
            "source": db.session.scalar(select(Source.id).order_by(Source.id)),
            "actor": db.session.scalar(select(Actor.id).where(Actor.name == "ISIS")),
            "feature": db.session.scalar(select(Feature.id).where(Feature.site_id == palmyra.id)),
            "period": db.session.scalar(
                select(OccupationPeriod.id).where(OccupationPeriod.site_id == palmyra.id)
            ),
        }


AXE_SCRIPT = Axe().axe_script
AXE_OPTIONS = {"resultTypes": ["violations"]}


def problems_on(page: Any, label: str) -> list[str]:
    """The serious axe violations and any sideways scrolling of the page as it is now, at
    desktop width and then at phone width (one load, two layouts)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    found = []
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        violations = page.evaluate(f"axe.run({AXE_OPTIONS}).then(r => r.violations)")
        for violation in violations:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.append(f"{label} @{width}: {violation['id']} {targets}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            found.append(f"{label} @{width}: the page is {wide} px wide")
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    return found


def sweep(browser: Any, live_server: str, role: str | None, paths: list[str], ids):
    context = browser.new_context(base_url=live_server, viewport={"width": DESKTOP, "height": 900})
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: script error {error}"))
    if role:
        sign_in(page, account(role).email, account(role).password)
    found = []
    for template in paths:
        path = template.format(**ids)
        page.goto(path)
        found += problems_on(page, path)
        screenshot(page, f"{role or 'public'}{path.replace('/', '_')}")
    return context, page, found + errors


def test_public_pages_are_accessible_and_fit_a_phone(browser, live_server, ids):
    context, _, found = sweep(browser, live_server, None, PUBLIC_PAGES, ids)
    context.close()

    assert found == []


def test_contributor_pages_and_forms_are_accessible_and_fit_a_phone(browser, live_server, ids):
    context, page, found = sweep(browser, live_server, "contributor", CONTRIBUTOR_PAGES, ids)
    for path, button in FAILED_FORMS:
        page.goto(path)
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").count() == 1, path
        found += problems_on(page, f"{path} with errors")
        screenshot(page, f"errors{path.replace('/', '_')}")
    context.close()

    assert found == []


def test_admin_pages_are_accessible_and_fit_a_phone(browser, live_server, ids):
    context, _, found = sweep(browser, live_server, "admin", ADMIN_PAGES, ids)
    context.close()

    assert found == []


def test_after_a_failed_submission_the_error_summary_has_the_focus_and_links_to_fields(page):
    sign_in(page, account("contributor").email, account("contributor").password)
    page.goto("/sites/new")
    page.get_by_role("button", name="Create site", exact=True).click()
    page.wait_for_load_state()

    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.locator("#error-summary a[href='#name']").click()
    assert page.evaluate("document.activeElement.id") == "name"
    # Untouched fields are not announced as invalid.
    assert page.locator("#region").get_attribute("aria-invalid") is None
    assert page.locator("#name").get_attribute("aria-invalid") == "true"
