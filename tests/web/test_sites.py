"""Site forms: creation, editing, every kind of bad input, the slug rule and the audit trail."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from heritage.audit.models import AuditEvent
from heritage.sites.models import Site
from tests.factories import SiteFactory
from tests.markup import audit_rows, field_blocks, fields_with_errors

PALMYRA = {
    "name": "Palmyra",
    "country": "SY",
    "region": "Homs Governorate",
    "position": "34.5514, 38.2681",
    "location_sensitivity": "generalised",
    "unesco_whc_id": "23",
    "pleiades_id": "668331",
    "wikidata_id": "",
    "heritage_status": "World Heritage since 1980",
    "description": "An oasis city.",
    "names-0-name": "تدمر",
    "names-0-lang": "ar",
    "names-0-kind": "preferred",
    "names-1-name": "Tadmor",
    "names-1-lang": "arc",
    "names-1-kind": "historic",
}


def site_named(db_session, name):
    return db_session.scalar(select(Site).where(Site.name == name))


def audit_actions(db_session, site):
    return [
        event.action
        for event in db_session.scalars(
            select(AuditEvent)
            .where(AuditEvent.context_type == "sites", AuditEvent.context_id == str(site.id))
            .order_by(AuditEvent.id)
        )
    ]


def test_a_contributor_creates_a_site_with_names_in_other_languages(as_contributor, db_session):
    response = as_contributor.post("/sites/new", data=PALMYRA)

    assert response.status_code == 302
    assert response.headers["Location"] == "/sites/palmyra"
    site = site_named(db_session, "Palmyra")
    assert {(n.name, n.lang, n.kind) for n in site.names} == {
        ("تدمر", "ar", "preferred"),
        ("Tadmor", "arc", "historic"),
    }
    assert (site.latitude, site.longitude, site.unesco_whc_id) == (34.5514, 38.2681, "23")
    assert audit_actions(db_session, site) == ["site.created"]


def test_the_public_page_shows_arabic_right_to_left(as_contributor, client):
    as_contributor.post("/sites/new", data=PALMYRA)
    client.post("/logout")

    page = client.get("/sites/palmyra").get_data(as_text=True)

    assert '<span class="other-name" lang="ar" dir="rtl">تدمر</span>' in page
    assert "https://whc.unesco.org/en/list/23" in page
    assert "https://pleiades.stoa.org/places/668331" in page


def test_a_slug_is_made_from_the_name_and_numbered_when_taken(as_contributor, db_session):
    SiteFactory(name="Nimrud", slug="nimrud")

    as_contributor.post(
        "/sites/new",
        data={
            **PALMYRA,
            "name": "Nimrūd",
            "names-0-name": "",
            "names-1-name": "",
            "confirm_distinct": "y",
        },
    )

    assert site_named(db_session, "Nimrūd").slug == "nimrud-2"


def test_a_chosen_slug_that_is_taken_is_a_form_error(as_contributor, db_session):
    SiteFactory(name="Hatra", slug="hatra")

    response = as_contributor.post("/sites/new", data={**PALMYRA, "slug": "hatra"})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "/sites/hatra is already taken" in field_blocks(page)["slug"]
    assert fields_with_errors(page) == ["slug"]
    assert site_named(db_session, "Palmyra") is None


def test_renaming_keeps_the_slug(as_contributor, db_session):
    as_contributor.post("/sites/new", data=PALMYRA)

    response = as_contributor.post("/sites/palmyra/edit", data={**PALMYRA, "name": "Tadmur ruins"})

    assert response.headers["Location"] == "/sites/palmyra"
    site = site_named(db_session, "Tadmur ruins")
    assert site.slug == "palmyra"


def test_an_edit_is_audited_field_by_field(as_contributor, db_session):
    as_contributor.post("/sites/new", data=PALMYRA)

    as_contributor.post(
        "/sites/palmyra/edit", data={**PALMYRA, "region": "Homs", "names-1-name": ""}
    )

    site = site_named(db_session, "Palmyra")
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "site.updated")).one()
    assert event.details["changes"]["region"] == ["Homs Governorate", "Homs"]
    assert event.details["changes"]["names"] == [
        ["Tadmor (arc, historic)", "تدمر (ar, preferred)"],
        ["تدمر (ar, preferred)"],
    ]
    assert audit_actions(db_session, site) == ["site.created", "site.updated"]


def test_the_edit_form_is_prefilled(as_contributor):
    as_contributor.post("/sites/new", data={**PALMYRA, "outline": json.dumps(SQUARE)})

    page = as_contributor.get("/sites/palmyra/edit").get_data(as_text=True)

    blocks = field_blocks(page)
    assert 'value="Palmyra"' in blocks["name"]
    assert 'value="Homs Governorate"' in blocks["region"]
    assert 'value="34.551400° N, 38.268100° E"' in blocks["position"]
    assert 'value="تدمر"' in blocks["names-0-name"]
    assert 'value="Tadmor"' in blocks["names-1-name"]
    assert "&#34;Polygon&#34;" in blocks["outline"]
    assert "<code>/sites/palmyra</code>" in page  # the permanent address, not a slug field
    assert 'data-field="slug"' not in page


SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[38.26, 34.55], [38.27, 34.55], [38.27, 34.56], [38.26, 34.56], [38.26, 34.55]]
    ],
}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required"),
        ({"country": "XX"}, "country", "Not a valid choice"),
        ({"position": "91, 38.2681"}, "position", "looks like the longitude came first"),
        ({"position": "34.5514, -180.5"}, "position", "180"),
        ({"position": "north"}, "position", "For example"),
        ({"position": "nan, 38"}, "position", "For example"),
        ({"position": "34.5514"}, "position", "both a latitude and a longitude"),
        ({"position": "34°61′05″N 38°16′05″E"}, "position", "60"),
        ({"outline": "{not json"}, "outline", "not valid JSON"),
        (
            {"outline": json.dumps({"type": "Point", "coordinates": [1, 2]})},
            "outline",
            "must be a GeoJSON Polygon",
        ),
        (
            {
                "outline": json.dumps(
                    {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}
                )
            },
            "outline",
            "is not closed",
        ),
        (
            {"outline": json.dumps({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]})},
            "outline",
            "at least four positions",
        ),
        (
            {
                "outline": json.dumps(
                    {"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}
                )
            },
            "outline",
            "not [longitude, latitude] in range",
        ),
        ({"unesco_whc_id": "WHC-23"}, "unesco_whc_id", "should be the property"),
        ({"pleiades_id": "pleiades:668331"}, "pleiades_id", "should be digits"),
        ({"wikidata_id": "5747"}, "wikidata_id", "should be Q followed by digits"),
        (
            {"names-1-name": "تدمر", "names-1-lang": "ar"},
            "names",
            "listed twice in the same language",
        ),
        ({"names-0-lang": ""}, "names-0-lang", "Say which language"),
        ({"names-0-lang": "elvish"}, "names-0-lang", "Give the language as a name"),
        ({"slug": "Bad Slug!"}, "slug", "lower-case letters"),
        ({"location_sensitivity": "secret"}, "location_sensitivity", "Not a valid choice"),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(
    as_contributor, db_session, changes, field, message
):
    data = {**PALMYRA, **changes}

    response = as_contributor.post("/sites/new", data=data)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page
    blocks = field_blocks(page)
    # The message stands beside the field it is about, and only that field is marked.
    assert message in blocks[field]
    assert fields_with_errors(page) == [field]
    if field != "names":  # a fieldset of rows: its controls are not the ones at fault
        assert "is-invalid" in blocks[field]
    assert site_named(db_session, data["name"] or "Palmyra") is None
    # The user's input is still in the form.
    assert 'value="Homs Governorate"' in blocks["region"]


def test_markup_in_any_text_renders_as_text(as_contributor, client):
    script = "<script>alert(1)</script>"
    as_contributor.post(
        "/sites/new",
        data={
            **PALMYRA,
            "name": f"Palmyra {script}",
            "description": script,
            "names-1-name": script,
        },
    )

    for path in [
        "/sites/",
        "/sites/palmyra-script-alert-1-script",
        "/sites/palmyra-script-alert-1-script/history",
    ]:
        page = client.get(path).get_data(as_text=True)
        assert script not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


def test_an_unknown_site_is_404(client):
    response = client.get("/sites/atlantis")

    assert response.status_code == 404
    assert "There is no site at /sites/atlantis" in response.get_data(as_text=True)


def test_the_history_page_lists_every_change(as_contributor, client):
    as_contributor.post("/sites/new", data=PALMYRA)
    as_contributor.post("/sites/palmyra/edit", data={**PALMYRA, "region": "Homs"})
    as_contributor.post("/sites/palmyra/features/new", data={"name": "Temple of Bel"})
    client.post("/logout")

    page = client.get("/sites/palmyra/history").get_data(as_text=True)

    rows = audit_rows(page)
    assert [row.action for row in rows] == ["feature.added", "site.updated", "site.created"]
    assert [row.cells[1] for row in rows] == ["Ada Contributor"] * 3
    assert rows[1].changes == {"Region": ("Homs Governorate", "Homs")}


def test_a_flood_of_name_rows_is_capped_not_an_error(as_contributor, db_session):
    rows = {f"names-{n}-name": f"Name {n}" for n in range(60)}
    rows |= {f"names-{n}-lang": "en" for n in range(60)}

    response = as_contributor.post(
        "/sites/new", data={**PALMYRA, **rows, "names-0-name": "", "names-1-name": ""}
    )

    assert response.status_code == 302
    assert len(site_named(db_session, "Palmyra").names) == 38


@pytest.mark.parametrize(
    ("pasted", "latitude", "longitude"),
    [
        ("34°33′05″N 38°16′05″E", 34 + 33 / 60 + 5 / 3600, 38 + 16 / 60 + 5 / 3600),
        ("34.5545, 38.2694", 34.5545, 38.2694),
        ("N 34° 33.083' E 38° 16.083'", 34 + 33.083 / 60, 38 + 16.083 / 60),
        ("https://www.openstreetmap.org/?mlat=34.5514&mlon=38.2681", 34.5514, 38.2681),
    ],
)
def test_a_pasted_position_is_read_on_the_server(
    as_contributor, db_session, pasted, latitude, longitude
):
    as_contributor.post("/sites/new", data={**PALMYRA, "position": pasted})

    site = site_named(db_session, "Palmyra")
    assert site.latitude == pytest.approx(latitude, abs=1e-9)
    assert site.longitude == pytest.approx(longitude, abs=1e-9)


def test_the_position_read_back_speaks_in_words(as_contributor):
    answer = as_contributor.get("/sites/read/position?q=34°33′05″N 38°16′05″E").get_json()

    assert answer["words"] == "34.5514° N, 38.2681° E (34°33′05″ N, 38°16′05″ E)"
    refusal = as_contributor.get("/sites/read/position?q=91, 38")
    assert refusal.status_code == 400
    assert "longitude came first" in refusal.get_json()["error"]["message"]


def test_the_date_read_back_gives_the_days_a_date_may_mean(as_contributor):
    answer = as_contributor.get("/sites/read/date?q=late May 2015").get_json()

    assert answer == {
        "edtf": "2015-05-21/2015-05-31",
        "earliest": "2015-05-21",
        "latest": "2015-05-31",
        "words": "late May 2015: 21 May 2015 to 31 May 2015",
    }
    assert as_contributor.get("/sites/read/date?q=32 May 2015").status_code == 400


def test_a_western_position_is_shown_with_its_hemisphere_not_a_minus(as_contributor, client):
    as_contributor.post(
        "/sites/new", data={**PALMYRA, "position": "-13.1631, -72.5450", "confirm_position": "y"}
    )

    signed_in = as_contributor.get("/sites/palmyra").get_data(as_text=True)
    client.post("/logout")
    public = client.get("/sites/palmyra").get_data(as_text=True)

    exact = signed_in.split('data-position="exact"')[1].split("</div>")[0]
    assert "13.1631° S, 72.5450° W" in exact
    assert "-72" not in exact
    rounded = public.split('data-position="generalised"')[1].split("</div>")[0]
    assert "13.2° S, 72.5° W" in rounded
    assert "-72" not in rounded


def test_a_site_without_a_position_says_so(as_contributor, client):
    as_contributor.post("/sites/new", data={**PALMYRA, "position": ""})
    client.post("/logout")

    page = client.get("/sites/palmyra").get_data(as_text=True)

    assert "No position recorded for this site yet." in page
    assert "not shown publicly" not in page


def test_a_new_site_starts_generalised(as_contributor):
    page = as_contributor.get("/sites/new").get_data(as_text=True)

    [checked] = re.findall(r"<input checked[^>]*>", field_blocks(page)["location_sensitivity"])
    assert 'value="generalised"' in checked


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"name": "Palmyre", "names-0-name": "", "names-1-name": ""}, "similar name"),
        ({"name": "Tadmur ruins", "names-0-name": "تَدْمُر"}, "same name"),
        (
            {
                "name": "Camp near the oasis",
                "names-0-name": "",
                "names-1-name": "",
                "position": "34.56, 38.27",
            },
            "km away",
        ),
    ],
)
def test_a_possible_duplicate_is_shown_first_and_needs_confirming(
    as_contributor, db_session, changes, reason
):
    SiteFactory(
        name="Palmyra",
        slug="palmyra",
        names=[],
        latitude=34.5514,
        longitude=38.2681,
    )
    from heritage.sites.services import NameEntry, site_fields, update_site

    palmyra = site_named(db_session, "Palmyra")
    fields = site_fields(palmyra)
    fields.names = [NameEntry("تدمر", "ar")]
    update_site(None, palmyra, fields)
    db_session.commit()

    response = as_contributor.post("/sites/new", data={**PALMYRA, **changes})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    duplicates = page.split("data-duplicates")[1].split("</section>")[0]
    assert 'href="/sites/palmyra"' in duplicates
    assert reason in duplicates
    assert fields_with_errors(page) == ["confirm_distinct"]
    assert site_named(db_session, changes["name"]) is None

    confirmed = as_contributor.post(
        "/sites/new", data={**PALMYRA, **changes, "confirm_distinct": "y"}
    )
    assert confirmed.status_code == 302
    assert site_named(db_session, changes["name"]) is not None


def test_a_site_just_outside_both_limits_is_created_without_a_question(as_contributor, db_session):
    """3 km away (the limit is 2) and named like it only in part (below the similarity)."""
    SiteFactory(
        name="Palmyra Museum", slug="palmyra-museum", names=[], latitude=34.5784, longitude=38.2681
    )

    response = as_contributor.post("/sites/new", data=PALMYRA)

    assert response.status_code == 302
    assert site_named(db_session, "Palmyra") is not None


def test_the_history_speaks_the_reader_s_language(as_contributor, client, db_session):
    """Codes, ISO countries and raw dates were shown as stored (military_group_state, SY,
    "on 2017-03-02 (day)", period.added)."""
    from tests.factories import PeriodFactory, actor_named

    as_contributor.post("/sites/new", data=PALMYRA)
    site = site_named(db_session, "Palmyra")
    PeriodFactory(
        site=site,
        controlling_actor=actor_named("ISIS"),
        start="2015-05-20/2015-05-21",
        end=None,
        certainty="high",
    )
    client.post("/logout")

    page = client.get("/sites/palmyra/history").get_data(as_text=True)

    rows = {row.action: row for row in audit_rows(page)}
    created, added = rows["site.created"].cells[-1], rows["period.added"].cells[-1]
    assert "Country Syria" in created
    assert "SY" not in created.split()
    assert "Generalised: rounded to about 10 km" in created
    assert "From 20–21 May 2015" in added
    assert "To ongoing" in added
    assert "Certainty High" in added
    assert "Controlling actor ISIS" in added
    assert "period.added" not in rows["period.added"].cells[2]
    assert rows["period.added"].cells[2] == "Period of control added"


@pytest.mark.parametrize(("typed", "code"), [("Arabic", "ar"), ("العربية", "ar"), ("syc", "syc")])
def test_a_language_may_be_given_by_its_name(as_contributor, db_session, typed, code):
    as_contributor.post("/sites/new", data={**PALMYRA, "names-0-lang": typed})

    site = site_named(db_session, "Palmyra")
    assert ("تدمر", code) in {(n.name, n.lang) for n in site.names}


def test_a_position_in_another_country_is_confirmed_first(as_contributor, db_session):
    """Latitude and longitude swapped put a Syrian site in central Turkey without a word."""
    swapped = {**PALMYRA, "position": "38.2681, 34.5514"}

    response = as_contributor.post("/sites/new", data=swapped)

    page = response.get_data(as_text=True)
    assert fields_with_errors(page) == ["confirm_position"]
    message = field_blocks(page)["confirm_position"]
    assert "This position is in Türkiye, not in Syria" in message
    assert "may be swapped" in message
    assert site_named(db_session, "Palmyra") is None

    kept = as_contributor.post("/sites/new", data={**swapped, "confirm_position": "y"})
    assert kept.status_code == 302
    assert site_named(db_session, "Palmyra").latitude == 38.2681


def test_a_position_near_the_border_is_not_questioned(as_contributor, db_session):
    """The outlines are coarse: a site a few km from a border may fall just across it."""
    response = as_contributor.post("/sites/new", data={**PALMYRA, "position": "36.70, 37.30"})

    assert response.status_code == 302


def test_a_site_cannot_take_the_address_of_a_registry_page(as_contributor, db_session):
    """A site named "New" became /sites/new, which opens the form for a new site."""
    response = as_contributor.post("/sites/new", data={**PALMYRA, "name": "New"})
    explicit = as_contributor.post("/sites/new", data={**PALMYRA, "name": "Read", "slug": "read"})

    assert site_named(db_session, "New").slug == "new-2"
    assert response.headers["Location"] == "/sites/new-2"
    assert "one of the registry" in field_blocks(explicit.get_data(as_text=True))["slug"]


def test_a_site_saved_meanwhile_is_not_overwritten_unawares(as_contributor, db_session):
    """Two people editing at once: the second save used to undo the first without a word."""
    as_contributor.post("/sites/new", data=PALMYRA)
    form = as_contributor.get("/sites/palmyra/edit").get_data(as_text=True)
    [opened] = re.findall(r'name="edit_version" type="hidden" value="([^"]+)"', form)
    as_contributor.post(
        "/sites/palmyra/edit",
        data={**PALMYRA, "position": "34.5530, 38.2700", "edit_version": opened},
    )

    stale = as_contributor.post(
        "/sites/palmyra/edit",
        data={**PALMYRA, "description": "Rewritten.", "edit_version": opened},
    )

    page = stale.get_data(as_text=True)
    assert stale.status_code == 200
    assert "Someone else saved changes to this site" in page
    assert "Rewritten." in page  # the user's input is kept
    site = site_named(db_session, "Palmyra")
    assert (site.latitude, site.description) == (34.553, "An oasis city.")


def test_the_error_summary_names_each_field_and_row(as_contributor):
    response = as_contributor.post(
        "/sites/new", data={**PALMYRA, "name": "", "names-1-lang": "elvish"}
    )

    summary = response.get_data(as_text=True).split('id="error-summary"')[1].split("</div>")[0]
    assert '<a href="#name">Name: This field is required.</a>' in summary
    assert '<a href="#names-1-lang">Language, row 2: Give the language' in summary


@pytest.mark.parametrize("path", ["/sites/%E2%80%AEevil", "/sites/%E2%80%AEevil/history"])
def test_an_unknown_site_s_address_is_echoed_without_a_direction_override(client, path):
    """U+202E in the address would reverse the rest of the sentence on the 404 page."""
    response = client.get(path)

    assert response.status_code == 404
    message = response.get_data(as_text=True).split('<p class="lead">', 1)[1].split("</p>")[0]
    assert message == "There is no site at /sites/evil."
