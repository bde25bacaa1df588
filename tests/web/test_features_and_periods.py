"""Features and periods of control, managed from the site page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, insert, select

from heritage.actors.models import Actor
from heritage.audit.models import AuditEvent
from heritage.reports.models import DamageReport, ReportVersion, version_features
from heritage.sites.models import Feature, OccupationPeriod
from heritage.sources.models import Source
from tests.factories import (
    FeatureFactory,
    PeriodFactory,
    SiteFactory,
    SourceFactory,
    actor_named,
    when,
)
from tests.markup import field_blocks, fields_with_errors


@pytest.fixture
def palmyra(db_session):
    return SiteFactory(name="Palmyra", slug="palmyra")


@pytest.fixture
def source(db_session):
    return SourceFactory(title="ISIS retakes Syria's historic city of Palmyra")


@pytest.fixture
def isis(db_session):
    return actor_named("ISIS")


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
        event=when("2015-08-30"),
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


def period_form(source_id, actor_id=None, **changes):
    """The period form as a browser sends it, ISIS picked unless ``actor_id`` says otherwise."""
    return {
        "controlling_actor": str(actor_id or actor_named("ISIS").id),
        "controlling_actor-label": "ISIS",
        "certainty": "high",
        "start": "May 2015",
        "end": "27 March 2016",
        "notes": "Most sources give 27 March.",
        "citations-0-source": str(source_id),
        "citations-0-source-label": "ISIS retakes Syria's historic city of Palmyra",
        "citations-0-locator": "paragraph 9",
        "citations-0-credibility": "2",
        **changes,
    }


def test_adding_a_period_with_its_sources(
    as_contributor, contributor, palmyra, source, isis, db_session
):
    response = as_contributor.post(
        "/sites/palmyra/periods/new", data=period_form(source.id, isis.id)
    )

    assert response.status_code == 302
    period = db_session.scalar(select(OccupationPeriod))
    assert period.controlling_actor == isis
    assert (period.start.edtf, period.start.earliest, period.start.latest) == (
        "2015-05",
        when("2015-05-01").earliest,
        when("2015-05-31").latest,
    )
    assert period.end.edtf == "2016-03-27"
    assert period.created_by_id == contributor.id
    [citation] = period.citations
    assert (citation.source_id, citation.locator, citation.credibility) == (
        source.id,
        "paragraph 9",
        2,
    )
    assert actions(db_session, contributor) == ["period.added"]


def test_dates_are_kept_as_sources_write_them(as_contributor, palmyra, source, isis, db_session):
    as_contributor.post(
        "/sites/palmyra/periods/new",
        data=period_form(source.id, isis.id, start="20–21 May 2015", end="late March 2016"),
    )

    period = db_session.scalar(select(OccupationPeriod))
    assert period.start.edtf == "2015-05-20/2015-05-21"
    assert period.end.edtf == "2016-03-21/2016-03-31"
    page = as_contributor.get("/sites/palmyra").get_data(as_text=True)
    assert "From <time" in page
    assert "20–21 May 2015</time> to" in page
    assert "late March 2016</time>" in page


def test_an_ongoing_period_has_no_end(as_contributor, palmyra, source, isis, db_session):
    as_contributor.post("/sites/palmyra/periods/new", data=period_form(source.id, isis.id, end=""))

    period = db_session.scalar(select(OccupationPeriod))
    assert period.end is None
    assert (period.end_edtf, period.end_earliest, period.end_latest) == (None, None, None)


def test_a_period_may_have_no_known_start(as_contributor, palmyra, source, isis, db_session):
    as_contributor.post(
        "/sites/palmyra/periods/new",
        data=period_form(source.id, isis.id, start="", end="20–21 May 2015"),
    )

    period = db_session.scalar(select(OccupationPeriod))
    assert period.start is None
    assert period.end.edtf == "2015-05-20/2015-05-21"
    page = as_contributor.get("/sites/palmyra").get_data(as_text=True)
    assert "start not known" in page


def test_supporting_actors_are_saved_and_shown_beside_the_controlling_one(
    as_contributor, palmyra, source, isis, db_session
):
    russia = actor_named("Russian Armed Forces")
    as_contributor.post(
        "/sites/palmyra/periods/new",
        data=period_form(
            source.id,
            isis.id,
            **{
                "supporting_actors-0-actor": str(russia.id),
                "supporting_actors-0-actor-label": "Russian Armed Forces",
            },
        ),
    )

    period = db_session.scalar(select(OccupationPeriod))
    assert period.controlling_actor == isis
    assert period.supporting_actors == [russia]
    page = as_contributor.get("/sites/palmyra").get_data(as_text=True)
    assert "Supported by" in page
    assert ">Russian Armed Forces</bdi>" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": "2014"}, "end", "The end cannot be before the start"),
        ({"start": "", "end": ""}, "start", "Give the start, the end or both"),
        ({"start": "Maytime 2015"}, "start", "Maytime 2015"),
        ({"start": "31 February 2016"}, "start", "31 February 2016"),
        (
            {"controlling_actor": "", "controlling_actor-label": ""},
            "controlling_actor",
            "Say who controlled the site",
        ),
        (
            {"controlling_actor": "", "controlling_actor-label": "Islamic State Khorasan"},
            "controlling_actor",
            "Pick an actor from the list, or create it",
        ),
        (
            {"controlling_actor": "999999"},
            "controlling_actor",
            "Say who controlled the site",
        ),
        (
            {
                "citations-0-source": "",
                "citations-0-source-label": "",
                "citations-0-locator": "",
            },
            "citations",
            "Cite at least one source",
        ),
        (
            {"citations-0-source": "", "citations-0-source-label": "Some unknown report"},
            "citations-0-source",
            "Pick a source from the list, or create it",
        ),
        (
            {"citations-0-source": "", "citations-0-source-label": ""},
            "citations-0-source",
            "Pick the source this row cites, or clear the row",
        ),
        (
            {"citations-0-source": "999999"},
            "citations",
            "Choose each source from the source library",
        ),
        (
            {"citations-0-source": "abc", "citations-0-source-label": "Unheard-of report"},
            "citations-0-source",
            "Pick a source from the list",
        ),
        ({"citations-0-credibility": "9"}, "citations-0-credibility", "Not a valid choice"),
        ({"certainty": "aliens"}, "certainty", "Not a valid choice"),
    ],
)
def test_bad_period_input_is_a_form_error(
    as_contributor, palmyra, source, isis, db_session, changes, field, message
):
    response = as_contributor.post(
        "/sites/palmyra/periods/new", data=period_form(source.id, isis.id, **changes)
    )

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in field_blocks(page)[field]
    assert field in fields_with_errors(page)
    assert "Nothing was saved" in page
    assert db_session.scalar(select(OccupationPeriod)) is None


def test_text_typed_in_a_picker_but_never_picked_is_kept_and_refused(
    as_contributor, palmyra, source, isis, db_session
):
    """It used to vanish silently, and the form said only "Cite at least one source"."""
    response = as_contributor.post(
        "/sites/palmyra/periods/new",
        data=period_form(
            source.id,
            isis.id,
            **{"citations-1-source": "", "citations-1-source-label": "UNESCO report 2016"},
        ),
    )

    page = response.get_data(as_text=True)
    assert fields_with_errors(page) == ["citations-1-source"]
    assert "Pick a source from the list, or create it" in field_blocks(page)["citations-1-source"]
    assert 'value="UNESCO report 2016"' in page
    assert db_session.scalar(select(OccupationPeriod)) is None


def test_editing_a_period_is_audited_with_before_and_after(
    as_contributor, palmyra, source, isis, db_session
):
    as_contributor.post("/sites/palmyra/periods/new", data=period_form(source.id, isis.id))
    period = db_session.scalar(select(OccupationPeriod))

    page = as_contributor.get(f"/sites/palmyra/periods/{period.id}/edit").get_data(as_text=True)
    assert 'value="May 2015"' in page
    assert source.title.replace("'", "&#39;") in page
    assert 'value="ISIS"' in page

    as_contributor.post(
        f"/sites/palmyra/periods/{period.id}/edit",
        data=period_form(source.id, isis.id, end="May 2016"),
    )

    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "period.updated")
    ).one()
    assert event.details["changes"]["end"] == ["2016-03-27", "2016-05"]
    assert event.context_id == str(palmyra.id)


def test_deleting_a_period_keeps_a_record_of_it(as_contributor, palmyra, source, db_session):
    period = PeriodFactory(site=palmyra, sources=[source])

    as_contributor.post(f"/sites/palmyra/periods/{period.id}/delete")

    assert db_session.scalar(select(OccupationPeriod)) is None
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "period.deleted")
    ).one()
    assert event.details["values"]["controlling_actor"] == "ISIS"
    assert event.details["values"]["start"] == "2015-05-21"


def test_conflicting_claims_are_shown_side_by_side(client, palmyra, db_session):
    PeriodFactory(site=palmyra, start="2015-05", end="2016-03-27")
    PeriodFactory(site=palmyra, start="2015-05", end="2016-05")
    PeriodFactory(
        site=palmyra,
        controlling_actor=actor_named("Syrian Arab Army"),
        start="2016-03-27",
        end="2016-12-11",
    )

    page = client.get("/sites/palmyra").get_data(as_text=True)

    assert page.count("data-claim-group") == 1
    assert "Conflicting claims, side by side" in page
    assert "Sources disagree about when <bdi>ISIS</bdi>" in page
    assert "Contested: <bdi>ISIS</bdi> and <bdi>Syrian Arab Army</bdi>" in page
    assert "<svg" in page


def test_creating_a_source_from_the_picker_answers_json(as_contributor, db_session):
    response = as_contributor.post(
        "/sources/quick",
        data={"title": "UNESCO SOC 2016", "kind": "published_report", "reliability": "B"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 201
    created = db_session.scalar(select(Source).where(Source.title == "UNESCO SOC 2016"))
    assert response.get_json() == {
        "id": created.id,
        "title": "UNESCO SOC 2016",
        "detail": "",
        "reliability": "B",
    }


def test_the_picker_s_source_form_needs_a_kind(as_contributor, db_session):
    response = as_contributor.post(
        "/sources/quick",
        data={"title": "UNESCO SOC 2016", "kind": "", "reliability": "B"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 400
    assert response.get_json() == {"errors": {"kind": ["Say what kind of source this is."]}}
    assert db_session.scalar(select(Source)) is None


def test_creating_an_actor_from_the_picker_refuses_a_second_identity(
    as_contributor, isis, db_session
):
    isis.names  # noqa: B018 - loaded before the request
    response = as_contributor.post(
        "/actors/quick",
        data={"name": "isis", "actor_type": ""},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 400
    assert "already in the list of actors" in response.get_json()["errors"]["name"][0]
    assert db_session.scalar(select(func.count()).select_from(Actor)) == 1


def test_a_name_typed_exactly_without_picking_is_taken(
    as_contributor, palmyra, source, isis, db_session
):
    """Without JavaScript (or in a hurry): "daesh", an alias of ISIS, and the source's exact
    title are what was meant, and there is no other record they could mean."""
    from heritage.actors.models import ActorNameKind
    from heritage.actors.services import ActorFields, OtherName, update_actor

    update_actor(
        None, isis, ActorFields("ISIS", names=[OtherName("Daesh", None, ActorNameKind.ALIAS)])
    )
    db_session.commit()

    response = as_contributor.post(
        "/sites/palmyra/periods/new",
        data=period_form(
            source.id,
            isis.id,
            **{
                "controlling_actor": "",
                "controlling_actor-label": "daesh",
                "citations-0-source": "",
                "citations-0-source-label": source.title.upper(),
            },
        ),
    )

    assert response.status_code == 302
    period = db_session.scalar(select(OccupationPeriod))
    assert period.controlling_actor == isis
    assert [c.source_id for c in period.citations] == [source.id]


def test_a_source_cited_twice_in_one_period_is_refused(as_contributor, palmyra, source, db_session):
    response = as_contributor.post(
        "/sites/palmyra/periods/new",
        data=period_form(
            source.id,
            **{"citations-1-source": str(source.id), "citations-1-source-label": source.title},
        ),
    )

    assert (
        "The same source is cited twice"
        in field_blocks(response.get_data(as_text=True))["citations"]
    )
    assert db_session.scalar(select(OccupationPeriod)) is None


def opened_version(page: str) -> str:
    """The version of the record a form page was opened on."""
    [version] = re.findall(r'name="edit_version" type="hidden" value="([^"]+)"', page)
    return version


def test_a_period_saved_meanwhile_is_not_overwritten_unawares(
    as_contributor, palmyra, source, isis, db_session
):
    as_contributor.post("/sites/palmyra/periods/new", data=period_form(source.id, isis.id))
    period = db_session.scalar(select(OccupationPeriod))
    page = as_contributor.get(f"/sites/palmyra/periods/{period.id}/edit").get_data(as_text=True)
    opened = opened_version(page)
    as_contributor.post(
        f"/sites/palmyra/periods/{period.id}/edit",
        data=period_form(source.id, isis.id, end="May 2016", edit_version=opened),
    )

    stale = as_contributor.post(
        f"/sites/palmyra/periods/{period.id}/edit",
        data=period_form(source.id, isis.id, notes="Another view.", edit_version=opened),
    )

    text = stale.get_data(as_text=True)
    assert "Someone else saved changes to this period of control" in text
    db_session.refresh(period)
    assert (period.end.edtf, period.notes) == ("2016-05", "Most sources give 27 March.")
    [current] = re.findall(
        r'name="edit_version" type="hidden" value="([^"]+)"', text
    ) or re.findall(r'id="edit_version" name="edit_version" type="hidden" value="([^"]+)"', text)
    again = as_contributor.post(
        f"/sites/palmyra/periods/{period.id}/edit",
        data=period_form(source.id, isis.id, notes="Another view.", edit_version=current),
    )
    assert again.status_code == 302


def test_every_refused_rule_of_a_period_shows_at_once(as_contributor, palmyra, source, isis):
    """An end before the start and no source: both said on the first attempt, not one each."""
    no_source = {
        "citations-0-source": "",
        "citations-0-source-label": "",
        "citations-0-locator": "",
        "end": "2014",
    }

    response = as_contributor.post(
        "/sites/palmyra/periods/new", data=period_form(source.id, isis.id, **no_source)
    )

    blocks = field_blocks(response.get_data(as_text=True))
    assert "The end cannot be before the start" in blocks["end"]
    assert "Cite at least one source" in blocks["citations"]
