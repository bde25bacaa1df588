"""A contributor writes a damage report with two photos and two sources, and finds it under
"My reports"; the form keeps what was typed when it is refused."""

from __future__ import annotations

import io
import re

from PIL import Image

from heritage.demo import DEMO_ACCOUNTS
from tests.e2e.conftest import screenshot, sign_in
from tests.e2e.test_site_journey import pick

# The second demo contributor: the first wrote the demo reports, and the sweeps use it.
WRITER = [account for account in DEMO_ACCOUNTS if account.role == "contributor"][1]


def phone_photo(shade: int) -> dict[str, object]:
    """A photo as a phone sends it: a JPEG with the camera's EXIF (date, make, GPS)."""
    image = Image.new("RGB", (1200, 900), (shade, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "Field"
    exif[0x0110] = "Phone 12"
    exif[0x0132] = "2015:09:02 08:30:00"
    exif[0x8825] = {1: "N", 2: (34.0, 33.0, 5.0), 3: "E", 4: (38.0, 16.0, 5.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return {"name": f"IMG_{shade}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_a_contributor_files_a_report_with_two_photos_and_two_sources(page):
    sign_in(page, WRITER.email, WRITER.password)
    page.goto("/sites/palmyra")
    page.get_by_role("link", name="Report damage").click()
    page.wait_for_url("**/reports/new?site=palmyra")

    # Refused first: what was typed stays, and the reasons are listed at the top.
    page.fill("#summary", "The cella was blown up; the gateway still stands.")
    page.get_by_role("button", name="Save draft", exact=True).click()
    page.locator("#error-summary").wait_for()
    assert page.input_value("#summary") == "The cella was blown up; the gateway still stands."
    screenshot(page, "report-form-with-errors")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "report-form-with-errors-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.fill("#title", "Cella of the Temple of Bel blown up")
    page.fill("#event", "between 20 and 31 August 2015")
    page.locator("#event-read", has_text="20 August 2015").wait_for()
    page.get_by_label("Temple of Bel", exact=True).check()
    page.fill("#causes-filter", "explos")
    assert page.locator("#causes-airstrike").is_visible()
    assert not page.locator("#causes-fire").is_visible()
    page.check("#causes-planted_explosives")
    page.select_option("#severity", "destroyed")
    pick(page, "citations-0-source", "ISIS retakes")
    pick(page, "citations-1-source", "facts for the demo")
    page.fill("#citations-1-locator", "damage events")
    page.get_by_role("button", name="Save draft", exact=True).click()
    page.wait_for_url("**/reports/*/v/1/edit#photos")

    # Typed but not saved when the photos go up: the draft is saved first, nothing is lost.
    page.fill("#summary", "The cella was blown up; the gateway still stands. Seen from the east.")
    page.set_input_files("#photo-files", [phone_photo(150), phone_photo(200)])
    page.get_by_role("button", name="Upload photos").click()
    page.locator(".photo-row").nth(1).wait_for()  # the page reloads once both are in
    assert page.locator(".photo-row").count() == 2
    assert page.input_value("#photos-0-taken_on") == "2015-09-02"  # from the camera
    assert page.input_value("#summary").endswith("Seen from the east.")
    page.fill("#photos-0-caption", "The gateway, seen from the east")
    page.get_by_role("button", name="Save draft", exact=True).click()
    # (the browser keeps the edit page's #photos across the redirect)
    page.wait_for_url(re.compile(r"/reports/\d+/v/1(#photos)?$"))

    gallery = page.locator(".gallery .photo-card")
    assert gallery.count() == 2
    assert "The gateway, seen from the east" in gallery.first.inner_text()
    assert page.locator(".citations .citation").count() == 2
    screenshot(page, "report-draft-page")
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "report-draft-page-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator("header .dropdown-toggle").click()  # the account menu
    page.get_by_role("link", name="My reports").click()
    row = page.locator(".my-reports tbody tr", has_text="Cella of the Temple of Bel blown up")
    assert "Draft" in row.inner_text()
    assert "2 photos" in row.inner_text()
    assert "2 sources" in row.inner_text()
    screenshot(page, "my-reports")


def test_a_photo_opens_in_its_display_size(page, ids):
    page.goto(f"/reports/{ids['report']}")
    link = page.locator(".gallery .photo-link").first
    href = link.get_attribute("href")

    response = page.request.get(href)

    assert response.ok
    assert response.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.body()))
    assert max(image.size) <= 1600
    assert not image.getexif()
    screenshot(page, "report-gallery")
