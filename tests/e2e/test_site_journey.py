"""A contributor records a site, a feature and two sourced periods; the public sees the timeline."""

from __future__ import annotations

from heritage.demo import DEMO_ACCOUNTS
from tests.e2e.conftest import screenshot, sign_in

CONTRIBUTOR = next(account for account in DEMO_ACCOUNTS if account.role == "contributor")


def pick_source(page, row: int, query: str) -> None:
    """Use the source picker: type, wait for the library's answer, choose the first match."""
    search = page.locator(".source-search").nth(row)
    search.fill(query)
    option = page.locator(".source-options").nth(row).locator("[role=option]").first
    option.wait_for()
    option.click()


def add_period(page, party: str, start: str, end: str, source_query: str) -> None:
    page.click("text=Add a period of control")
    page.fill("#controlling_party", party)
    page.select_option("#actor_type", "military_group_non_state")
    page.fill("#start", start)
    page.fill("#end", end)
    pick_source(page, 0, source_query)
    page.fill("#citations-0-locator", "opening paragraphs")
    page.select_option("#citations-0-credibility", "2")
    page.click("button:has-text('Add period')")
    page.wait_for_load_state()


def test_a_contributor_records_a_site_and_the_public_reads_its_history(page, browser, live_server):
    sign_in(page, CONTRIBUTOR.email, CONTRIBUTOR.password)
    page.goto("/sites/new")
    page.fill("#name", "Dura-Europos")
    page.select_option("#country", "SY")
    page.fill("#region", "Deir ez-Zor Governorate")
    page.fill("#latitude", "34.7469")
    page.fill("#longitude", "40.7297")
    page.fill("#names-0-name", "دورا أوروبوس")
    page.fill("#names-0-lang", "ar")
    page.fill("#description", "A Hellenistic and Roman city on the Euphrates.")
    page.click("button:has-text('Create site')")
    page.wait_for_url("**/sites/dura-europos")

    page.click("text=Add a feature")
    page.fill("#name", "Synagogue")
    page.click("button:has-text('Add feature')")
    assert "Synagogue" in page.locator("#features").inner_text()

    add_period(page, "Free Syrian Army", "2012", "2014", "Associated")
    add_period(page, "ISIS", "2014", "2017", "State of Conservation")
    assert page.locator(".period-card").count() == 2

    public = browser.new_context(base_url=live_server).new_page()
    public.goto("/sites/dura-europos")
    arabic = public.locator(".site-heading .other-name[lang=ar]")
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.inner_text() == "دورا أوروبوس"
    timeline = public.locator(".timeline-figure svg:visible")
    assert timeline.count() == 1
    labels = timeline.text_content()
    assert "Free Syrian Army" in labels
    assert "ISIS" in labels
    assert "ISIS retakes Syria" in public.locator(".period-card").first.inner_text()
    screenshot(public, "site-created-by-contributor")
    public.context.close()


def test_the_map_shows_markers_when_tiles_are_blocked(page):
    page.goto("/sites/")
    map_element = page.locator("#sites-map")
    page.locator("#sites-map[data-markers]").wait_for(state="attached")

    # Every listed demo site has a position; other tests may have added sites.
    listed = page.locator(".site-result").count()
    assert listed >= 4
    assert map_element.get_attribute("data-markers") == str(listed)
    # Generalised sites (Nimrud, and new sites, which start generalised) are areas, not pins.
    areas = page.locator("#sites-map path.site-area").count()
    pins = page.locator("#sites-map .leaflet-marker-icon").count()
    assert areas >= 1
    assert pins >= 3  # Palmyra, Hatra and Aleppo are public
    assert areas + pins == listed
    screenshot(page, "sites-list")


def test_the_site_map_shows_its_marker_without_tiles(page):
    page.goto("/sites/palmyra")

    page.locator("#site-map .leaflet-marker-icon").wait_for()
    assert page.locator("#site-map").get_attribute("data-markers") == "1"
    assert page.locator(".timeline-figure svg:visible").count() == 1


def test_the_timeline_reads_on_a_phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    phone = context.new_page()
    phone.goto("/sites/palmyra")

    timeline = phone.locator(".timeline-figure svg:visible")
    assert timeline.count() == 1
    assert timeline.get_attribute("viewBox").split()[2] == "420"
    box = timeline.bounding_box()
    assert box["width"] <= 390
    screenshot(phone, "palmyra-phone")
    context.close()


def test_a_generalised_site_is_drawn_as_an_area_not_a_pin(page):
    page.goto("/sites/nimrud")

    page.locator("#site-map path.site-area").wait_for()
    assert page.locator("#site-map .leaflet-marker-icon").count() == 0
    assert page.locator("#site-map").get_attribute("data-lat") == "36.1"


def test_the_offline_country_outlines_draw_beneath_the_markers(page):
    page.goto("/sites/")

    page.locator("#sites-map path.basemap-country").first.wait_for(state="attached")
    assert page.locator("#sites-map path.basemap-country").count() > 100
