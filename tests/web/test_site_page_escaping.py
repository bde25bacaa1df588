"""Every piece of user text on the site page is escaped, not only the site's own fields, and
user text sits in bidi isolation where the review found it promised (issue 7, items 1 and 6)."""

from __future__ import annotations

from datetime import date

from markupsafe import escape

from tests.factories import SiteFactory, SourceFactory, published_version
from tests.web.test_features_and_periods import period_form

HOSTILE = '<img src=x onerror="alert(1)">'


def test_a_period_typed_with_markup_renders_as_text(as_contributor, client, db_session):
    SiteFactory(name="Palmyra", slug="palmyra")
    source = SourceFactory()
    as_contributor.post(
        "/sites/palmyra/periods/new",
        data=period_form(
            source.id,
            controlling_party=f"ISIS {HOSTILE}",
            notes=HOSTILE,
            **{"citations-0-locator": HOSTILE, "citations-0-note": HOSTILE},
        ),
    )

    page = client.get("/sites/palmyra").get_data(as_text=True)

    assert HOSTILE not in page
    assert str(escape(HOSTILE)) in page


def test_a_published_report_title_with_markup_renders_as_text(client, contributor, db_session):
    site = SiteFactory(name="Palmyra", slug="palmyra")
    published_version(site, contributor, f"Temple of Bel {HOSTILE}", date(2015, 8, 30))

    page = client.get("/sites/palmyra").get_data(as_text=True)

    assert HOSTILE not in page
    assert str(escape(HOSTILE)) in page


def test_names_in_running_text_are_isolated(client, contributor, db_session):
    SiteFactory(name="تدمر", slug="tadmur")

    history = client.get("/sites/tadmur/history").get_data(as_text=True)
    signed_in = client.post(
        "/login",
        data={"email": contributor.email, "password": "correct horse battery staple"},
        follow_redirects=True,
    ).get_data(as_text=True)

    assert "Change history of <bdi>تدمر</bdi>" in history
    assert f"Signed in as <bdi>{contributor.display_name}</bdi>." in signed_in
