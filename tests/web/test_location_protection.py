"""Relaxing a site's location protection: who may, the confirmation, and what the change
history then shows (issue "Hardening what exists", item 2)."""

from __future__ import annotations

import re

import pytest

from heritage.accounts.models import CreditMode
from heritage.accounts.services import update_profile
from heritage.sites import services
from heritage.sites.models import LocationSensitivity
from tests.conftest import login_as
from tests.markup import field_blocks, fields_with_errors

HIDDEN_POSITION = ("36.098617", "43.328871")
LATER_POSITION = ("36.101122", "43.330144")


def edit_form(site, **changes):
    fields = services.site_fields(site)
    form = {
        "name": fields.name,
        "country": fields.country,
        "position": "" if fields.latitude is None else f"{fields.latitude}, {fields.longitude}",
        "location_sensitivity": fields.location_sensitivity.value,
    }
    return {**form, **changes}


@pytest.fixture
def hidden_site(db_session, reviewer):
    site = services.create_site(
        reviewer,
        services.SiteFields(
            name="Nimrud",
            country="IQ",
            latitude=float(HIDDEN_POSITION[0]),
            longitude=float(HIDDEN_POSITION[1]),
            location_sensitivity=LocationSensitivity.HIDDEN,
        ),
    )
    db_session.commit()
    return site


def test_a_contributor_cannot_relax_protection(client, contributor, hidden_site, db_session):
    login_as(client, contributor)

    response = client.post(
        "/sites/nimrud/edit", data=edit_form(hidden_site, location_sensitivity="public")
    )

    assert response.status_code == 200
    assert (
        "Only reviewers and administrators"
        in field_blocks(response.get_data(as_text=True))["location_sensitivity"]
    )
    db_session.refresh(hidden_site)
    assert hidden_site.location_sensitivity is LocationSensitivity.HIDDEN


def test_a_contributor_may_tighten_protection(client, contributor, db_session, reviewer):
    site = services.create_site(
        reviewer,
        services.SiteFields(name="Hatra", country="IQ", location_sensitivity="public"),
    )
    db_session.commit()
    login_as(client, contributor)

    response = client.post("/sites/hatra/edit", data=edit_form(site, location_sensitivity="hidden"))

    assert response.status_code == 302
    assert site.location_sensitivity is LocationSensitivity.HIDDEN


def test_a_contributor_creates_sites_generalised_or_hidden_only(as_contributor, db_session):
    refused = as_contributor.post(
        "/sites/new", data={"name": "Ebla", "country": "SY", "location_sensitivity": "public"}
    )
    accepted = as_contributor.post("/sites/new", data={"name": "Ebla", "country": "SY"})

    assert "Only reviewers" in field_blocks(refused.get_data(as_text=True))["location_sensitivity"]
    assert accepted.status_code == 302
    site = services.get_site("ebla")
    assert site.location_sensitivity is LocationSensitivity.GENERALISED
    assert site.created_by_id is not None


def test_a_reviewer_relaxes_protection_only_after_confirming(client, reviewer, hidden_site):
    login_as(client, reviewer)
    form = edit_form(hidden_site, location_sensitivity="public")

    asked = client.post("/sites/nimrud/edit", data=form)

    warning = field_blocks(asked.get_data(as_text=True))["confirm_relaxing"]
    assert "Everyone, signed in or not, will see the exact position" in warning
    assert hidden_site.location_sensitivity is LocationSensitivity.HIDDEN

    confirmed = client.post("/sites/nimrud/edit", data={**form, "confirm_relaxing": "y"})

    assert confirmed.status_code == 302
    assert hidden_site.location_sensitivity is LocationSensitivity.PUBLIC


def test_positions_recorded_while_protected_stay_withheld_after_relaxing(
    app, client, reviewer, hidden_site, db_session
):
    fields = services.site_fields(hidden_site)
    fields.location_sensitivity = LocationSensitivity.PUBLIC
    services.update_site(reviewer, hidden_site, fields, relaxing_confirmed=True)
    fields.latitude, fields.longitude = (float(value) for value in LATER_POSITION)
    services.update_site(reviewer, hidden_site, fields)
    db_session.commit()

    public = app.test_client().get("/sites/nimrud/history").get_data(as_text=True)

    for coordinate in HIDDEN_POSITION:
        assert coordinate not in public
    for coordinate in LATER_POSITION:
        assert coordinate in public
    assert "not shown: entered while the position was protected" in public
    signed_in = login_as(client, reviewer).get("/sites/nimrud/history").get_data(as_text=True)
    assert HIDDEN_POSITION[0] in signed_in


def test_a_history_shows_no_position_once_the_site_is_protected_again(app, reviewer, db_session):
    site = services.create_site(
        reviewer,
        services.SiteFields(
            name="Ashur",
            country="IQ",
            latitude=35.4564,
            longitude=43.2597,
            location_sensitivity=LocationSensitivity.PUBLIC,
        ),
    )
    fields = services.site_fields(site)
    fields.location_sensitivity = LocationSensitivity.GENERALISED
    services.update_site(reviewer, site, fields)
    db_session.commit()

    public = app.test_client().get("/sites/ashur/history").get_data(as_text=True)

    assert "35.4564" not in public
    assert "not shown: the position of this site is protected" in public


def test_the_public_history_credits_people_as_they_chose_never_by_email(
    app, reviewer, hidden_site, db_session
):
    update_profile(reviewer, reviewer.display_name, "DGAM", CreditMode.AFFILIATION)
    db_session.commit()

    public = app.test_client().get("/sites/nimrud/history").get_data(as_text=True)

    assert "A contributor at DGAM" in public
    assert reviewer.display_name not in public
    assert reviewer.email not in public


def test_a_contributor_is_offered_only_the_choices_they_may_make(client, contributor, hidden_site):
    page = login_as(client, contributor).get("/sites/nimrud/edit").get_data(as_text=True)

    radios = {
        value: attributes
        for attributes, value in re.findall(
            r'<input([^>]*?)value="(public|generalised|hidden)"', page
        )
    }
    assert "disabled" in radios["public"]
    assert "disabled" in radios["generalised"]
    assert "disabled" not in radios["hidden"]
    assert "Only reviewers and administrators can show the public more" in page


def test_the_confirmation_is_asked_with_the_other_errors(client, reviewer, hidden_site):
    login_as(client, reviewer)

    response = client.post(
        "/sites/nimrud/edit",
        data=edit_form(hidden_site, location_sensitivity="public", unesco_whc_id="not an id"),
    )

    page = response.get_data(as_text=True)
    assert set(fields_with_errors(page)) == {"confirm_relaxing", "unesco_whc_id"}
    assert hidden_site.location_sensitivity is LocationSensitivity.HIDDEN
