"""Malformed input is a form error, a 400 or a 404 on both databases, never a 500, and it
saves nothing (issue "Hardening what exists", items 3, 6, 8 and 13)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from heritage.sites import services as sites_services
from heritage.sites.models import OccupationPeriod, Site
from tests.conftest import TEST_PASSWORD
from tests.factories import PeriodFactory, SiteFactory, SourceFactory
from tests.markup import field_blocks, fields_with_errors
from tests.web.test_features_and_periods import period_form

HUGE = "9" * 24


@pytest.fixture
def palmyra(db_session):
    return SiteFactory(name="Palmyra", slug="palmyra")


def site_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(Site))


@pytest.mark.parametrize(
    "path",
    ["/sites/?q=%00", "/sites/map.json?q=%00", "/sites/?q=Pal%00myra&country=S%00Y"],
)
def test_nul_in_a_query_string_is_ignored(client, palmyra, path):
    response = client.get(path)

    assert response.status_code == 200
    found = '"slug":"palmyra"' if path.startswith("/sites/map.json") else 'href="/sites/palmyra"'
    assert found in response.get_data(as_text=True).replace(" ", "")


def test_nul_in_the_source_lookup_is_ignored(as_contributor, db_session):
    SourceFactory(title="Associated Press report")

    response = as_contributor.get("/sources/lookup?q=%00%00Assoc")

    assert [item["title"] for item in response.json["items"]] == ["Associated Press report"]


@pytest.mark.parametrize("path", ["/sites/pal%00myra", "/sites/%00/history"])
def test_nul_in_a_path_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_nul_in_the_sign_in_email_is_a_form_error(client, contributor):
    response = client.post("/login", data={"email": "a\x00@example.org", "password": "x" * 12})

    assert response.status_code == 200
    assert "invisible characters" in field_blocks(response.get_data(as_text=True))["email"]


@pytest.mark.parametrize(
    ("value", "cleaned"),
    [
        ("Pal\x00myra", "Palmyra"),
        ("Palmyra\t", "Palmyra"),
        ("Tell\tBrak", "Tell Brak"),
        ("Pal\u202emyra", "Palmyra"),
        ("\u202bتدمر\u202c", "تدمر"),
        ("\u2067Palmyra\u2069", "Palmyra"),
    ],
)
def test_invisible_characters_in_a_name_are_refused_and_shown_removed(
    as_contributor, db_session, value, cleaned
):
    before = site_count(db_session)
    form = {"name": value, "country": "SY", "location_sensitivity": "hidden"}

    refused = as_contributor.post("/sites/new", data=form)

    block = field_blocks(refused.get_data(as_text=True))["name"]
    assert "invisible characters" in block
    assert f'value="{cleaned}"' in block
    assert site_count(db_session) == before
    saved_again = as_contributor.post("/sites/new", data={**form, "name": cleaned})
    assert saved_again.status_code == 302


def test_a_description_keeps_its_line_breaks_but_not_nul(as_contributor, db_session):
    form = {"name": "Dura", "country": "SY", "location_sensitivity": "hidden"}

    refused = as_contributor.post("/sites/new", data={**form, "description": "a\x00b"})
    accepted = as_contributor.post("/sites/new", data={**form, "description": "One.\r\n\r\nTwo."})

    assert fields_with_errors(refused.get_data(as_text=True)) == ["description"]
    assert "\nab</textarea>" in field_blocks(refused.get_data(as_text=True))["description"]
    assert accepted.status_code == 302
    description = db_session.scalar(select(Site.description).where(Site.name == "Dura"))
    assert description == "One.\r\n\r\nTwo."


@pytest.mark.parametrize(
    ("outline", "message"),
    [("[" * 100_000 + "]" * 100_000, "nested too deeply"), ('{"type": "Point"}', "Polygon")],
)
def test_a_malformed_outline_is_a_form_error(as_contributor, db_session, outline, message):
    before = site_count(db_session)
    response = as_contributor.post(
        "/sites/new",
        data={
            "name": "Ebla",
            "country": "SY",
            "location_sensitivity": "hidden",
            "outline": outline,
        },
    )

    assert response.status_code == 200
    assert message in field_blocks(response.get_data(as_text=True))["outline"]
    assert site_count(db_session) == before


def test_a_whitespace_outline_is_no_outline(as_contributor, db_session):
    response = as_contributor.post(
        "/sites/new",
        data={"name": "Mari", "country": "SY", "location_sensitivity": "hidden", "outline": "  "},
    )

    assert response.status_code == 302
    assert db_session.scalar(select(Site.outline).where(Site.name == "Mari")) is None


@pytest.mark.parametrize(
    "path",
    [
        "/sites/?page=" + HUGE,
        "/sites/palmyra/history?page=" + HUGE,
        "/sources/?page=" + HUGE,
        "/admin/users?page=" + HUGE,
        "/admin/audit?page=" + HUGE,
    ],
)
def test_a_page_number_too_large_for_the_database_is_not_found(as_admin, palmyra, path):
    assert as_admin.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/sites/palmyra/features/{HUGE}/edit",
        f"/sites/palmyra/periods/{HUGE}/edit",
        f"/sources/{HUGE}",
        "/sources/2147483648/edit",
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(as_admin, palmyra, path):
    assert as_admin.get(path).status_code == 404


def test_a_citation_of_a_source_id_too_large_is_a_form_error(as_contributor, palmyra, db_session):
    response = as_contributor.post("/sites/palmyra/periods/new", data=period_form(HUGE))

    assert response.status_code == 200
    assert "Pick a source from the list" in response.get_data(as_text=True)
    assert db_session.scalar(select(OccupationPeriod)) is None


@pytest.mark.parametrize("field", ["start", "end"])
@pytest.mark.parametrize("value", ["31 December 9999", "3000", "0", "0000-01-01"])
def test_dates_beyond_a_year_from_now_or_before_year_one_are_refused(
    as_contributor, palmyra, db_session, field, value
):
    source = SourceFactory()
    response = as_contributor.post(
        "/sites/palmyra/periods/new", data=period_form(source.id, **{field: value})
    )

    assert response.status_code == 200
    assert fields_with_errors(response.get_data(as_text=True)) == [field]
    assert db_session.scalar(select(OccupationPeriod)) is None


def test_a_citation_note_survives_editing_the_period(as_contributor, palmyra, db_session):
    period = PeriodFactory(site=palmyra, note="Quotes the museum director.")
    period_id, source_id = period.id, period.citations[0].source_id

    page = as_contributor.get(f"/sites/palmyra/periods/{period_id}/edit").get_data(as_text=True)
    assert "Quotes the museum director." in page
    as_contributor.post(
        f"/sites/palmyra/periods/{period_id}/edit",
        data=period_form(source_id, **{"citations-0-note": "Quotes the director."}),
    )

    period = db_session.get(OccupationPeriod, period_id)
    db_session.refresh(period)
    assert [c.note for c in period.citations] == ["Quotes the director."]


@pytest.mark.parametrize(
    "query", ["endpoint=x", "_method=POST", "_external=1", "_anchor=x", "slug=other", "page=2"]
)
def test_query_parameters_never_steer_the_pager_links(client, db_session, query):
    for number in range(25):
        SiteFactory(name=f"Tell {number:02d}")

    response = client.get(f"/sites/?{query}", headers={"Host": "evil.example"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "evil.example" not in page
    assert 'href="/sites/?' in page


def test_a_control_character_in_next_does_not_stop_a_sign_in(client, contributor):
    response = client.post(
        "/login",
        data={"email": contributor.email, "password": TEST_PASSWORD, "next": "/sites/\t"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_blank_start_and_end_dates_are_a_form_error(as_contributor, palmyra, db_session):
    response = as_contributor.post(
        "/sites/palmyra/periods/new", data=period_form(SourceFactory().id, start=" \t ", end=" ")
    )

    assert (
        "Give the start, the end or both" in field_blocks(response.get_data(as_text=True))["start"]
    )
    assert db_session.scalar(select(OccupationPeriod)) is None


def test_an_outline_with_a_number_too_large_for_a_float_is_a_form_error(as_contributor):
    huge = "9" * 400
    ring = f"[[{huge},1],[1,1],[1,2],[{huge},1]]"

    response = as_contributor.post(
        "/sites/new",
        data={
            "name": "Ebla",
            "country": "SY",
            "outline": f'{{"type": "Polygon", "coordinates": [{ring}]}}',
        },
    )

    assert response.status_code == 200
    assert "not [longitude, latitude]" in field_blocks(response.get_data(as_text=True))["outline"]


def test_a_clash_the_checks_could_not_see_is_a_form_error(
    as_contributor, palmyra, db_session, monkeypatch
):
    """Two requests saving the same slug at once both pass the check; the database refuses
    the second. Here the check is blinded so the second request is simply this one."""
    monkeypatch.setattr(sites_services, "slug_taken", lambda slug: False)

    response = as_contributor.post(
        "/sites/new",
        data={"name": "Palmyra", "country": "SY", "slug": "palmyra", "confirm_distinct": "y"},
    )

    assert response.status_code == 200
    assert "saved at the same moment" in response.get_data(as_text=True)
    assert site_count(db_session) == 1


def test_a_huge_date_is_refused_unread_and_not_echoed(as_contributor, palmyra, db_session):
    huge = "20–21 " * 20_000 + "May 2015"

    response = as_contributor.post(
        "/sites/palmyra/periods/new", data=period_form(SourceFactory().id, start=huge)
    )

    page = response.get_data(as_text=True)
    assert "A date is at most 100 characters" in field_blocks(page)["start"]
    assert page.count(huge) == 1  # kept in the box, not repeated in the messages
    assert db_session.scalar(select(OccupationPeriod)) is None
