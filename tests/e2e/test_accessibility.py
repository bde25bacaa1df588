"""Every page, signed in and out, at desktop and phone width: axe-core finds no serious or
critical violation, and nothing is wider than the screen.

Forms are checked empty and again after a failed submission, where error messages, the error
summary and ``aria-invalid`` appear.
"""

from __future__ import annotations

from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.pages import (
    ADMIN_PAGES,
    CONTRIBUTOR_PAGES,
    FAILED_FORMS,
    PUBLIC_PAGES,
    REVIEWER_PAGES,
    account,
    problems_on,
    sweep,
)


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


def test_reviewer_pages_are_accessible_and_fit_a_phone(browser, live_server, ids):
    context, _, found = sweep(browser, live_server, "reviewer", REVIEWER_PAGES, ids)
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
