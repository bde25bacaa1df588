"""Who did it (review of issue 7, items 10 and 16): ``created_by_id`` on every model that has
it, audit events for every account change, and a deactivated administrator holds no power
even when a service is called directly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from heritage.accounts import services as accounts
from heritage.accounts.models import Role
from heritage.audit.models import AuditEvent
from heritage.rules import NotPermitted
from heritage.sites.models import OccupationPeriod, Site
from heritage.sources.models import Source
from tests.conftest import login_as
from tests.web.test_features_and_periods import period_form
from tests.web.test_sources import AP


def only_event(db_session, action: str) -> AuditEvent:
    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == action))
    return event


def test_sites_periods_and_sources_record_who_created_them(as_contributor, contributor, db_session):
    as_contributor.post("/sources/new", data=AP)
    source_id = db_session.scalar(select(Source.id))
    as_contributor.post("/sites/new", data={"name": "Palmyra", "country": "SY"})
    as_contributor.post("/sites/palmyra/periods/new", data=period_form(source_id))

    assert db_session.scalar(select(Source.created_by_id)) == contributor.id
    assert db_session.scalar(select(Site.created_by_id)) == contributor.id
    assert db_session.scalar(select(OccupationPeriod.created_by_id)) == contributor.id


def test_a_password_change_is_audited_without_the_password(db_session, admin, contributor):
    accounts.set_password(contributor, "a brand new passphrase", actor=admin)

    event = only_event(db_session, "user.password_changed")
    assert (event.actor_id, event.object_id) == (admin.id, str(contributor.id))
    assert "passphrase" not in str(event.details)
    assert contributor.password_hash not in str(event.details)


def test_changing_how_one_is_credited_is_audited(as_contributor, contributor, db_session):
    response = as_contributor.post(
        "/account",
        data={"display_name": "Ada C.", "affiliation": "DGAM", "credit_mode": "affiliation"},
        follow_redirects=True,
    )

    assert "Your settings are saved." in response.get_data(as_text=True)
    event = only_event(db_session, "user.profile_updated")
    assert event.actor_id == contributor.id
    assert event.details == {
        "changes": {
            "display_name": ["Ada Contributor", "Ada C."],
            "affiliation": [None, "DGAM"],
            "credit_mode": ["name", "affiliation"],
        }
    }


def test_a_deactivated_administrator_holds_no_power(db_session, admin, contributor):
    """Sessions end at deactivation; a service handed the stale user object must refuse too."""
    admin.active = False

    assert not admin.has_role(Role.CONTRIBUTOR)
    with pytest.raises(NotPermitted):
        accounts.set_role(contributor, Role.ADMIN, actor=admin)
    assert contributor.role is Role.CONTRIBUTOR


def test_signing_oneself_out_everywhere_ends_up_at_the_sign_in_page(client, admin, db_session):
    login_as(client, admin)

    response = client.post(f"/admin/users/{admin.id}/sign-out")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert client.get("/admin/users").status_code == 302
