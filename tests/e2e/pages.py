"""The pages the browser tests visit, and the checks they make on each: axe-core's serious
and critical violations, and a page wider than the screen. Shared by the accessibility and
the Arabic interface tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from heritage.demo import DEMO_ACCOUNTS
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
    "/reports/{report}",
    "/reports/{report}/v/1",
    "/sites/palmyra/features/{feature}",
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
    "/reports/new?site=palmyra",
    "/reports/{draft}/v/1/edit",
    "/reports/{draft}/v/1",
    "/reports/mine",
]
# A reviewer sees a published report's originals and camera, and a draft before it is sent.
REVIEWER_PAGES = ["/reports/{report}", "/reports/{draft}/v/1"]
ADMIN_PAGES = ["/admin/users", "/admin/audit"]
# Forms sent empty, so that every kind of error shows: (page, its submit button).
FAILED_FORMS = [
    ("/sites/new", "Create site"),
    ("/sites/palmyra/periods/new", "Add period"),
    ("/sites/palmyra/features/new", "Add feature"),
    ("/sources/new", "Add source"),
    ("/actors/new", "Add actor"),
    ("/reports/new?site=palmyra", "Save draft"),
]


def account(role: str) -> Any:
    return next(account for account in DEMO_ACCOUNTS if account.role == role)


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


def sweep(
    browser: Any,
    live_server: str,
    role: str | None,
    paths: list[str],
    ids: dict[str, int],
    *,
    language: str = "en",
    check: Callable[[Any, str], list[str]] | None = None,
) -> tuple[Any, Any, list[str]]:
    """Visit ``paths`` as ``role`` (None: signed out) with the browser asking for ``language``;
    what problems_on finds, and ``check``'s findings too, on every page."""
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": DESKTOP, "height": 900},
        extra_http_headers={"Accept-Language": language},
    )
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
        if check:
            found += check(page, path)
        screenshot(page, f"{language}_{role or 'public'}{path.replace('/', '_')}")
    return context, page, found + errors
