"""A contributor records a site, a feature and two sourced periods; the public sees the timeline."""

from __future__ import annotations

from typing import Any

from heritage.demo import DEMO_ACCOUNTS
from tests.e2e.conftest import screenshot, sign_in

CONTRIBUTOR = next(account for account in DEMO_ACCOUNTS if account.role == "contributor")


def pick(page, field_id: str, query: str) -> None:
    """Use a picker: type, wait for the answer, choose the first match."""
    page.wait_for_load_state()  # the picker listens once its script has run
    page.fill(f"#{field_id}-label", query)
    option = page.locator(f"#{field_id}-options [role=option]").first
    option.wait_for()
    option.click()


def create_in_picker(page, field_id: str, query: str) -> Any:
    """Type a name the list does not have and choose "Create “…”": the short form opens in
    place, in the picker, and is returned."""
    page.wait_for_load_state()  # text typed before the picker's script runs finds nothing
    page.fill(f"#{field_id}-label", query)
    page.locator(f"#{field_id}-options [role=option]", has_text=f"Create “{query}”").click()
    form = page.locator(f"[data-field='{field_id}'] .quick-form")
    form.wait_for()
    return form


def test_a_contributor_records_a_site_and_the_public_reads_its_history(page, browser, live_server):
    """The position pasted as degrees, minutes and seconds; a period whose party and source
    are both created from the period form, without leaving it."""
    sign_in(page, CONTRIBUTOR.email, CONTRIBUTOR.password)
    page.goto("/sites/new")
    page.fill("#name", "Dura-Europos")
    page.select_option("#country", "SY")
    page.fill("#region", "Deir ez-Zor Governorate")
    page.fill("#position", "34°44′49″N 40°43′47″E")
    page.locator("#position-read", has_text="34.7469° N, 40.7297° E").wait_for()
    page.fill("#names-0-name", "دورا أوروبوس")
    page.fill("#names-0-lang", "ar")
    page.fill("#description", "A Hellenistic and Roman city on the Euphrates.")
    page.get_by_role("button", name="Create site", exact=True).click()
    page.wait_for_url("**/sites/dura-europos")
    assert "34.7469° N, 40.7297° E" in page.locator("[data-position]").inner_text()

    page.click("text=Add a feature")
    page.fill("#name", "Synagogue")
    page.click("button:has-text('Add feature')")
    assert "Synagogue" in page.locator("#features").inner_text()

    page.click("text=Add a period of control")
    quick = create_in_picker(page, "controlling_actor", "Dura garrison militia")
    quick.locator("select").select_option("militia_non_state")
    quick.get_by_role("button", name="Add and choose").click()
    page.locator("[data-field='controlling_actor'].has-choice").wait_for()
    page.fill("#start", "c. 2013")
    page.fill("#end", "late May 2014")
    page.locator("#end-read", has_text="21 May 2014 to 31 May 2014").wait_for()
    source = create_in_picker(page, "citations-0-source", "Satellite survey of Dura 2014")
    source.get_by_label("Kind").select_option("satellite_imagery")
    source.get_by_role("button", name="Add and cite").click()
    page.locator("[data-field='citations-0-source'].has-choice").wait_for()
    page.fill("#citations-0-locator", "figure 3")
    page.get_by_role("button", name="Add period", exact=True).click()
    page.wait_for_url("**/sites/dura-europos#period-*")

    card = page.locator(".period-card")
    assert card.count() == 1
    assert "Dura garrison militia" in card.inner_text()
    assert "Satellite survey of Dura 2014" in card.inner_text()
    assert "late May 2014" in card.inner_text()

    public = browser.new_context(base_url=live_server).new_page()
    public.goto("/sites/dura-europos")
    arabic = public.locator(".site-heading .other-name[lang=ar]")
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.inner_text() == "دورا أوروبوس"
    assert "Dura garrison militia" in public.locator(".timeline-figure").inner_text()
    screenshot(public, "site-created-by-contributor")
    public.context.close()


def test_a_site_named_in_arabic_gets_a_readable_address(page):
    sign_in(page, CONTRIBUTOR.email, CONTRIBUTOR.password)
    page.goto("/sites/new")
    page.fill("#name", "تل السلطان")
    page.select_option("#country", "SY")
    page.fill("#position", "٣٥٫١٢, ٣٦٫٧٥")
    page.get_by_role("button", name="Create site", exact=True).click()
    page.wait_for_url("**/sites/tl-alsltan")

    assert page.locator("h1").inner_text() == "تل السلطان"
    screenshot(page, "arabic-named-site")


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
    assert page.locator("svg.tl-svg:visible").count() == 1


def test_the_timeline_reads_on_a_phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    phone = context.new_page()
    phone.goto("/sites/palmyra")

    assert phone.locator("svg.tl-svg:visible").count() == 0
    periods = phone.locator(".tl-list-phone:visible li.tl-list-period")
    assert periods.count() == 7
    first = periods.first.inner_text()
    assert "Syrian government forces" in first
    assert "20–21 May 2015" in first
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
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


def test_a_half_filled_new_source_is_not_lost_by_sending_the_page(page):
    """ "Add another source" sends the page; the short form in the picker is not part of it."""
    sign_in(page, CONTRIBUTOR.email, CONTRIBUTOR.password)
    page.goto("/sites/palmyra/periods/new")
    source = create_in_picker(page, "citations-0-source", "Field notes from Tadmur 2016")
    source.get_by_label("Author or organisation").fill("Syrian antiquities staff")

    page.get_by_role("button", name="Add another source").click()

    assert page.url.endswith("/sites/palmyra/periods/new")
    assert source.get_by_label("Author or organisation").input_value() == (
        "Syrian antiquities staff"
    )
    assert "Add this new record or cancel it first" in source.locator(".quick-errors").inner_text()
