"""The whole interface in Arabic, as a reader whose browser asks for it sees it: every page
right to left, no English interface text left, and as accessible as the English one.

English may still show where it is data (a site's name as recorded, in ``<bdi>`` or
``dir="auto"``), where a vocabulary term has no Arabic label yet (marked ``lang="en"``), and
in the few names and codes that are not translated (UTC, WGS84, UNESCO's and Pleiades' names).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.support import Translations

from tests.e2e.conftest import screenshot
from tests.e2e.pages import (
    ADMIN_PAGES,
    CONTRIBUTOR_PAGES,
    FAILED_FORMS,
    PUBLIC_PAGES,
    REVIEWER_PAGES,
    problems_on,
    sweep,
)

ARABIC = Translations.load(
    str(Path(__file__).parents[2] / "heritage" / "translations"), ["ar"], domain="messages"
)
# Latin-letter words an Arabic page may show on their own: names of things, codes and units.
KEPT_AS_WRITTEN = {
    "UTC",
    "WGS",
    "EDTF",
    "UNESCO",
    "Pleiades",
    "Wikidata",
    "OpenStreetMap",
    "Leaflet",
    "SHA",  # SHA-256, the name of the hash
}
# Text inside these is data (isolated by a dir attribute, <bdi> or SVG's plaintext), marked as
# another language, or on a map (its markers are titled with the sites' names).
NOT_INTERFACE = (
    "script, style, code, kbd, bdi, [dir]:not(html), [unicode-bidi=plaintext], [lang]:not(html), "
    "textarea, .map"
)
# A text or attribute with Latin words and no Arabic letter was left in English; an Arabic
# sentence may hold codes and names on purpose (GeoJSON, "ar", https://).
ENGLISH_WORDS_ON_PAGE = """([notInterface, kept]) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(notInterface)) continue;
    if (!parent.checkVisibility() && !parent.closest('.visually-hidden')) continue;
    const words = (node.data.match(/[A-Za-z]{2,}/g) || []).filter(w => !kept.includes(w));
    if (words.length && !/[\u0600-\u06ff]/.test(node.data)) found.push(node.data.trim());
  }
  for (const element of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    if (element.closest(notInterface)) continue;
    for (const name of ['placeholder', 'aria-label', 'title']) {
      const value = element.getAttribute(name) || '';
      const words = (value.match(/[A-Za-z]{2,}/g) || []).filter(w => !kept.includes(w));
      if (words.length && !/[\u0600-\u06ff]/.test(value)) found.push(`${name}="${value}"`);
    }
  }
  return found;
}"""


def english_left(page: Any, label: str) -> list[str]:
    """English interface text on an Arabic page, and a page not declared right to left."""
    found = []
    if page.evaluate("[document.documentElement.lang, document.documentElement.dir]") != [
        "ar",
        "rtl",
    ]:
        found.append(f"{label}: not declared lang=ar dir=rtl")
    words = page.evaluate(ENGLISH_WORDS_ON_PAGE, [NOT_INTERFACE, sorted(KEPT_AS_WRITTEN)])
    found += [f"{label}: English “{text}”" for text in words]
    return found


def test_public_pages_in_arabic_have_no_english_interface_and_pass_axe(browser, live_server, ids):
    context, _, found = sweep(
        browser, live_server, None, PUBLIC_PAGES, ids, language="ar", check=english_left
    )
    context.close()

    assert found == []


def test_contributor_pages_and_failed_forms_in_arabic(browser, live_server, ids):
    context, page, found = sweep(
        browser,
        live_server,
        "contributor",
        CONTRIBUTOR_PAGES,
        ids,
        language="ar",
        check=english_left,
    )
    for path, button in FAILED_FORMS:
        page.goto(path)
        page.get_by_role("button", name=ARABIC.gettext(button), exact=True).click()
        page.wait_for_load_state()
        assert page.locator("#error-summary").count() == 1, path
        found += problems_on(page, f"{path} with errors")
        found += english_left(page, f"{path} with errors")
        screenshot(page, f"ar_errors{path.replace('/', '_')}")
    context.close()

    assert found == []


def test_reviewer_pages_in_arabic(browser, live_server, ids):
    context, _, found = sweep(
        browser, live_server, "reviewer", REVIEWER_PAGES, ids, language="ar", check=english_left
    )
    context.close()

    assert found == []


def test_admin_pages_in_arabic(browser, live_server, ids):
    context, _, found = sweep(
        browser, live_server, "admin", ADMIN_PAGES, ids, language="ar", check=english_left
    )
    context.close()

    assert found == []
