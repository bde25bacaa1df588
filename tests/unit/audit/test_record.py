"""The audit log: written with the change, never changed afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from heritage.audit.models import AuditEvent, AuditLogIsAppendOnly
from heritage.audit.services import changes, history_query, record
from heritage.sites.models import BoundQualifier
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
        qualifier=BoundQualifier.ON,
    )
    db_session.flush()

    assert (event.object_type, event.object_id) == ("features", str(feature.id))
    assert (event.context_type, event.context_id) == ("sites", str(site.id))
    assert event.details == {"on": "2016-03-27", "qualifier": "on"}
    assert event.at.tzinfo is UTC or event.at.utcoffset().total_seconds() == 0


def test_an_event_rolls_back_with_its_change(db_session, admin):
    site = SiteFactory()
    record(admin, "site.updated", site)
    db_session.rollback()

    assert db_session.scalar(select(AuditEvent)) is None


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
    site, other = SiteFactory(), SiteFactory()
    record(admin, "site.created", site, context=site)
    record(admin, "feature.added", FeatureFactory(site=site), context=site)
    record(admin, "site.created", other, context=other)
    db_session.flush()

    actions = [event.action for event in db_session.scalars(history_query(site))]

    assert sorted(actions) == ["feature.added", "site.created"]


def test_naive_timestamps_are_refused(db_session, admin):
    event = record(admin, "site.created", SiteFactory())
    event.at = datetime(2026, 1, 1)

    with pytest.raises(Exception, match="timezone-aware"):
        db_session.flush()
