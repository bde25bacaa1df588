"""Features and periods of control, managed from the site page."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select

from heritage.audit.models import AuditEvent
from heritage.reports.models import DamageReport, ReportVersion, version_features
from heritage.sites.models import Feature, OccupationPeriod
from tests.factories import FeatureFactory, PeriodCitationFactory, SiteFactory, SourceFactory
from tests.markup import field_blocks, fields_with_errors


@pytest.fixture
def palmyra(db_session):
    return SiteFactory(name="Palmyra", slug="palmyra")


@pytest.fixture
def source(db_session):
    return SourceFactory(title="ISIS retakes Syria's historic city of Palmyra")


def events_by(db_session, actor):
    """The events ``actor`` caused, oldest first (the factories' own events have no actor)."""
    return db_session.scalars(
        select(AuditEvent).where(AuditEvent.actor_id == actor.id).order_by(AuditEvent.id)
    ).all()


def actions(db_session, actor):
    return [event.action for event in events_by(db_session, actor)]


def test_adding_editing_and_removing_a_feature(as_contributor, contributor, palmyra, db_session):
    response = as_contributor.post("/sites/palmyra/features/new", data={"name": "Temple of Bel"})
    assert response.headers["Location"] == "/sites/palmyra#features"
    feature_id = db_session.scalar(select(Feature.id).where(Feature.site_id == palmyra.id))

    as_contributor.post(
        f"/sites/palmyra/features/{feature_id}/edit",
        data={"name": "Temple of Bel", "description": "Dedicated in AD 32."},
    )
    as_contributor.post(f"/sites/palmyra/features/{feature_id}/delete")

    assert db_session.scalar(select(Feature).where(Feature.site_id == palmyra.id)) is None
    added, updated, removed = events_by(db_session, contributor)
    assert (added.action, added.details) == ("feature.added", {"name": "Temple of Bel"})
    assert (updated.action, updated.details) == (
        "feature.updated",
        {"changes": {"description": [None, "Dedicated in AD 32."]}},
    )
    assert (removed.action, removed.details) == ("feature.removed", {"name": "Temple of Bel"})
    for event in (added, updated, removed):
        assert (event.object_id, event.context_id) == (str(feature_id), str(palmyra.id))


def test_a_feature_name_is_unique_within_its_site(as_contributor, palmyra, db_session):
    FeatureFactory(site=palmyra, name="Temple of Bel")

    response = as_contributor.post("/sites/palmyra/features/new", data={"name": "temple of bel"})

    assert response.status_code == 200
    assert "already has a feature called" in response.get_data(as_text=True)


def test_a_feature_named_in_a_report_cannot_be_removed(
    as_contributor, palmyra, contributor, db_session
):
    feature = FeatureFactory(site=palmyra, name="Temple of Bel")
    report = DamageReport(site=palmyra)
    version = ReportVersion(
        report=report,
        number=1,
        author_id=contributor.id,
        title="Temple destroyed",
        event_start=date(2015, 8, 30),
    )
    db_session.add_all([report, version])
    db_session.flush()
    db_session.execute(
        insert(version_features).values(version_id=version.id, feature_id=feature.id)
    )
    db_session.commit()

    response = as_contributor.post(
        f"/sites/palmyra/features/{feature.id}/delete", follow_redirects=True
    )

    assert "is named in 1 damage report version, so it cannot be removed" in response.get_data(
        as_text=True
    )
    assert db_session.get(Feature, feature.id) is not None


def test_a_feature_of_another_site_is_404(as_contributor, palmyra, db_session):
    elsewhere = FeatureFactory(site=SiteFactory(name="Hatra", slug="hatra"))

    assert as_contributor.get(f"/sites/palmyra/features/{elsewhere.id}/edit").status_code == 404


def period_form(source_id, **changes):
    return {
        "controlling_party": "ISIS",
        "actor_type": "military_group_non_state",
        "certainty": "high",
        "start_qualifier": "on",
        "start": "May 2015",
        "end_qualifier": "on",
        "end": "27 March 2016",
        "notes": "Most sources give 27 March.",
        "citations-0-source_id": str(source_id),
        "citations-0-locator": "paragraph 9",
        "citations-0-credibility": "2",
        **changes,
    }


def test_adding_a_period_with_its_sources(as_contributor, contributor, palmyra, source, db_session):
    response = as_contributor.post("/sites/palmyra/periods/new", data=period_form(source.id))

    assert response.status_code == 302
    period = db_session.scalar(select(OccupationPeriod))
    assert (period.start_on, period.start_precision) == (date(2015, 5, 1), "month")
    assert (period.end_on, period.end_precision) == (date(2016, 3, 27), "day")
    assert period.actor_type.code == "military_group_non_state"
    assert period.created_by_id == contributor.id
    [citation] = period.citations
    assert (citation.source_id, citation.locator, citation.credibility) == (
        source.id,
        "paragraph 9",
        2,
    )
    assert actions(db_session, contributor) == ["period.added"]


def test_an_ongoing_period_has_no_end(as_contributor, palmyra, source, db_session):
    as_contributor.post("/sites/palmyra/periods/new", data=period_form(source.id, end=""))

    period = db_session.scalar(select(OccupationPeriod))
    assert (period.end_on, period.end_precision, period.end_qualifier) == (None, None, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": "2014"}, "end", "The end cannot be before the start"),
        ({"start": ""}, "start", "Give the start date"),
        ({"start": "Maytime 2015"}, "start", "is not a month name"),
        ({"start": "31 February 2016"}, "start", "is not a real date"),
        ({"controlling_party": ""}, "controlling_party", "This field is required"),
        ({"citations-0-source_id": ""}, "citations", "Cite at least one source"),
        (
            {"citations-0-source_id": "999999"},
            "citations",
            "Choose each source from the source library",
        ),
        # A row's source is chosen with the picker, which sits in the citations fieldset.
        ({"citations-0-source_id": "abc"}, "citations", "Not a valid integer value"),
        ({"citations-0-credibility": "9"}, "citations-0-credibility", "Not a valid choice"),
        ({"actor_type": "aliens"}, "actor_type", "Not a valid choice"),
    ],
)
def test_bad_period_input_is_a_form_error(
    as_contributor, palmyra, source, db_session, changes, field, message
):
    response = as_contributor.post(
        "/sites/palmyra/periods/new", data=period_form(source.id, **changes)
    )

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in field_blocks(page)[field]
    assert fields_with_errors(page) == [field]
    assert "Nothing was saved" in page
    assert db_session.scalar(select(OccupationPeriod)) is None
    assert 'value="ISIS"' in page or changes.get("controlling_party") == ""


def test_editing_a_period_is_audited_with_before_and_after(
    as_contributor, palmyra, source, db_session
):
    as_contributor.post("/sites/palmyra/periods/new", data=period_form(source.id))
    period = db_session.scalar(select(OccupationPeriod))

    page = as_contributor.get(f"/sites/palmyra/periods/{period.id}/edit").get_data(as_text=True)
    assert 'value="May 2015"' in page
    assert source.title.replace("'", "&#39;") in page

    as_contributor.post(
        f"/sites/palmyra/periods/{period.id}/edit", data=period_form(source.id, end="May 2016")
    )

    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "period.updated")
    ).one()
    assert event.details["changes"]["end"] == ["on 2016-03-27 (day)", "on 2016-05-01 (month)"]
    assert event.context_id == str(palmyra.id)


def test_deleting_a_period_keeps_a_record_of_it(as_contributor, palmyra, source, db_session):
    citation = PeriodCitationFactory(period__site=palmyra, source=source)

    as_contributor.post(f"/sites/palmyra/periods/{citation.period_id}/delete")

    assert db_session.scalar(select(OccupationPeriod)) is None
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "period.deleted")
    ).one()
    assert event.details["values"]["controlling_party"] == "ISIS"


def test_conflicting_claims_are_shown_side_by_side(client, palmyra, db_session):
    PeriodCitationFactory(period__site=palmyra, period__end_on=date(2016, 3, 27))
    PeriodCitationFactory(
        period__site=palmyra, period__end_on=date(2016, 5, 1), period__end_precision="month"
    )
    PeriodCitationFactory(
        period__site=palmyra,
        period__controlling_party="Syrian Arab Army",
        period__start_on=date(2016, 3, 27),
        period__end_on=date(2016, 12, 11),
    )

    page = client.get("/sites/palmyra").get_data(as_text=True)

    assert page.count("data-claim-group") == 1
    assert "Conflicting claims, side by side" in page
    assert "Sources disagree about when ISIS" in page
    assert "Contested: ISIS and Syrian Arab Army" in page
    assert "<svg" in page
    assert 'role="img"' in page
