"""Site names on the maps are text, never markup: a hostile name cannot inject or redirect.

Leaflet writes string tooltips and popups into the page as HTML, and any contributor can name a
site; an anonymous visitor hovering a marker must see the name, not run it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from heritage.extensions import db
from heritage.sites.models import LocationSensitivity, Site
from heritage.sites.services import SiteFields, create_site

INJECTED = (
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    "<img src=x id=pwned onerror=\"document.title='pwned'\">"
)
AREA_NAME = f"Tell {INJECTED}"
PIN_NAME = f"Qasr {INJECTED}"
HOSTILE = {
    # slug: (name, sensitivity, latitude, longitude) — away from the demo sites so no marker
    # hides another when hovered.
    "hostile-area": (AREA_NAME, LocationSensitivity.GENERALISED, 33.8, 40.9),
    "hostile-pin": (PIN_NAME, LocationSensitivity.PUBLIC, 35.95, 39.01),
}
# A meta refresh of 0 s fires on a later task: give it time to navigate before looking.
REFRESH_GRACE_MS = 500


@pytest.fixture(scope="module")
def hostile_sites(live_app: Flask) -> Iterator[None]:
    """Two sites named with markup, one generalised (an area) and one public (a pin).

    They are removed afterwards so the other browser tests see the demo data unchanged (their
    audit events stay: the log is append-only and nothing lists events of deleted sites).
    """
    with live_app.app_context():
        for slug, (name, sensitivity, lat, lon) in HOSTILE.items():
            fields = SiteFields(
                name=name,
                country="SY",
                latitude=lat,
                longitude=lon,
                location_sensitivity=sensitivity,
            )
            create_site(None, fields, slug=slug, confirmed_distinct=True, confirmed_position=True)
        db.session.commit()
    yield
    with live_app.app_context():
        for site in db.session.scalars(select(Site).where(Site.slug.in_(HOSTILE))):
            db.session.delete(site)
        db.session.commit()


def _watch(page: Any) -> tuple[list[str], list[str]]:
    """Record every main-frame navigation and every request to the attacker's host."""
    navigations: list[str] = []
    attacker_requests: list[str] = []

    def to_attacker(route: Any) -> None:
        attacker_requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>evil</title>")

    page.context.route("https://evil.example/**", to_attacker)
    page.on(
        "framenavigated",
        lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
    )
    return navigations, attacker_requests


def _assert_nothing_injected(page: Any, url: str, baseline_meta: int, attacker: list[str]) -> None:
    assert attacker == [], "the page was sent to the attacker's site"
    assert page.url == url, "the page navigated away"
    assert page.locator("#pwned").count() == 0, "an <img> from a site name was injected"
    assert page.locator("meta[http-equiv]").count() == baseline_meta, "a <meta> was injected"
    assert page.title() != "pwned"


@pytest.mark.usefixtures("hostile_sites")
@pytest.mark.parametrize("path", ["/sites/", "/sites/hostile-area", "/sites/hostile-pin"])
def test_hovering_and_opening_every_marker_shows_names_as_text(page: Any, path: str) -> None:
    navigations, attacker = _watch(page)
    page.goto(path)
    url = page.url
    map_element = page.locator("[data-map]")
    page.locator("[data-map][data-markers]").wait_for(state="attached")
    baseline_meta = page.locator("meta[http-equiv]").count()
    navigations.clear()

    shapes = map_element.locator(".leaflet-interactive")
    assert shapes.count() >= int(map_element.get_attribute("data-markers") or 0) >= 1
    tooltips: list[str] = []
    popups: list[str] = []
    for index in range(shapes.count()):
        shape = shapes.nth(index)
        shape.hover()
        tooltip = page.locator(".leaflet-tooltip")
        if tooltip.count():
            tooltips.append(tooltip.inner_text())
        _assert_nothing_injected(page, url, baseline_meta, attacker)
        if path == "/sites/":  # only the overview's markers carry a popup, a link to the site
            shape.click()
            popup = page.locator(".leaflet-popup")
            popup.wait_for()
            popups.append(popup.locator(".leaflet-popup-content a").inner_text())
            _assert_nothing_injected(page, url, baseline_meta, attacker)
            popup.locator(".leaflet-popup-close-button").click()
            # Leaflet removes the popup after its fade-out; on a loaded machine that can take
            # longer than Playwright's default wait.
            popup.wait_for(state="detached", timeout=20_000)

    page.wait_for_timeout(REFRESH_GRACE_MS)
    _assert_nothing_injected(page, url, baseline_meta, attacker)
    assert navigations == []

    # The names are shown literally: the area's tooltip, the pin's title, the popups' links.
    titles = map_element.locator(".leaflet-marker-icon").evaluate_all(
        "icons => icons.map(icon => icon.title)"
    )
    if path in ("/sites/", "/sites/hostile-area"):
        assert f"{AREA_NAME} (approximate position)" in tooltips
    if path in ("/sites/", "/sites/hostile-pin"):
        assert PIN_NAME in titles
    if path == "/sites/":
        assert {AREA_NAME, PIN_NAME} <= set(popups)
