"""The audit log: written with the change, never changed afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from heritage.audit.models import AuditEvent, AuditLogIsAppendOnly
from heritage.audit.services import changes, history_query, record
from heritage.sites.models import LocationSensitivity, Site
from tests.factories import FeatureFactory, SiteFactory


def test_record_stores_the_actor_object_context_and_details(db_session, admin):
    site = SiteFactory()
    feature = FeatureFactory(site=site)

    event = record(
        admin,
        "feature.added",
        feature,
        context=site,
        on=date(2016, 3, 27),
        protection=LocationSensitivity.HIDDEN,
    )
    db_session.flush()

    assert (event.actor_id, event.action) == (admin.id, "feature.added")
    assert (event.object_type, event.object_id) == ("features", str(feature.id))
    assert (event.context_type, event.context_id) == ("sites", str(site.id))
    assert event.details == {"on": "2016-03-27", "protection": "hidden"}
    assert event.at.tzinfo is UTC or event.at.utcoffset().total_seconds() == 0


def updated_events(db_session) -> int:
    return db_session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "site.updated")
    )


def test_an_event_rolls_back_with_its_change(db_session, admin):
    site = SiteFactory(region="Homs")
    site_id = site.id
    site.region = "Homs Governorate"
    record(admin, "site.updated", site, changes={"region": ["Homs", "Homs Governorate"]})
    db_session.flush()
    assert updated_events(db_session) == 1  # the change and its event are in the transaction

    db_session.rollback()

    assert updated_events(db_session) == 0
    assert db_session.scalar(select(Site.region).where(Site.id == site_id)) == "Homs"


def test_recorded_events_cannot_be_changed_or_deleted(db_session, admin):
    event = record(admin, "site.created", SiteFactory())
    db_session.commit()

    event.action = "site.forged"
    with pytest.raises(AuditLogIsAppendOnly):
        db_session.flush()
    db_session.rollback()

    db_session.delete(db_session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db_session.flush()


def test_changes_lists_only_fields_that_differ():
    before = {"name": "Palmyra", "region": "Homs", "latitude": 34.5}
    after = {"name": "Palmyra", "region": "Homs Governorate", "latitude": 34.5514}

    assert changes(before, after) == {
        "region": ["Homs", "Homs Governorate"],
        "latitude": [34.5, 34.5514],
    }


def test_history_includes_events_recorded_with_the_object_as_context(db_session, admin):
    site, other = SiteFactory(), SiteFactory()  # each with the service's site.created event
    feature = FeatureFactory(site=site)
    record(admin, "feature.added", feature, context=site)
    record(admin, "feature.updated", feature)  # about the feature alone: not the site's history
    record(admin, "feature.added", FeatureFactory(site=other), context=other)
    db_session.flush()

    history = [
        (event.action, event.object_type) for event in db_session.scalars(history_query(site))
    ]

    assert history == [("feature.added", "features"), ("site.created", "sites")]


def test_naive_timestamps_are_refused(db_session, admin):
    event = record(admin, "site.created", SiteFactory())
    event.at = datetime(2026, 1, 1)

    with pytest.raises(Exception, match="timezone-aware"):
        db_session.flush()
