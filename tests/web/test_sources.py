"""The source library: forms, search, the picker's lookup and the delete rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from heritage.audit.models import AuditEvent
from heritage.sources.models import Source
from tests.factories import PeriodFactory, SiteFactory, SourceFactory, published_version
from tests.markup import field_blocks, fields_with_errors

AP = {
    "kind": "news_media_broadcast",
    "title": "ISIS retakes Syria's historic city of Palmyra",
    "author": "Associated Press",
    "publisher": "Associated Press (AP)",
    "published": "December 2016",
    "url": "https://apnews.com/example",
    "archive_url": "",
    "accessed_on": "2026-11-20",
    "language": "en",
    "reliability": "B",
    "credibility": "2",
    "notes": "",
}


def only_event(db_session, action):
    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == action))
    return event


def test_adding_a_source(as_contributor, contributor, db_session):
    response = as_contributor.post("/sources/new", data=AP)

    assert response.status_code == 302
    source = db_session.scalar(select(Source))
    assert (source.title, source.reliability, source.credibility) == (AP["title"], "B", 2)
    assert str(source.published_on) == "2016-12-01"
    assert source.published_precision == "month"
    assert source.kind.code == "news_media_broadcast"
    event = only_event(db_session, "source.created")
    assert (event.actor_id, event.object_id) == (contributor.id, str(source.id))
    assert event.details["values"]["title"] == AP["title"]


def test_the_detail_page_explains_the_grades(as_contributor, db_session):
    source = SourceFactory(reliability="B", credibility=2)

    page = as_contributor.get(f"/sources/{source.id}").get_data(as_text=True)

    assert "Usually reliable" in page
    assert "Probably true" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "This field is required"),
        ({"url": "javascript:alert(1)"}, "starting with http:// or https://"),
        ({"url": "ftp://example.org/file"}, "starting with http:// or https://"),
        ({"archive_url": "data:text/html,hi"}, "starting with http:// or https://"),
        ({"url": "https://"}, "starting with http:// or https://"),
        ({"reliability": "G"}, "Not a valid choice"),
        ({"credibility": "7"}, "Not a valid choice"),
        ({"kind": "rumour"}, "Not a valid choice"),
        ({"published": "the other day"}, "not a date this form understands"),
        ({"accessed_on": "yesterday"}, "Not a valid date value"),
        ({"language": "elvish"}, "Give the language as a name"),
    ],
)
def test_bad_source_input_is_a_form_error(as_contributor, db_session, changes, message):
    [field] = changes
    response = as_contributor.post("/sources/new", data={**AP, **changes})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in field_blocks(page)[field]
    assert fields_with_errors(page) == [field]
    assert db_session.scalar(select(Source)) is None
    assert 'value="Associated Press (AP)"' in field_blocks(page)["publisher"]


def test_editing_a_source_is_audited(as_contributor, contributor, db_session):
    as_contributor.post("/sources/new", data=AP)
    source = db_session.scalar(select(Source))

    as_contributor.post(f"/sources/{source.id}/edit", data={**AP, "reliability": "C"})

    event = only_event(db_session, "source.updated")
    assert (event.actor_id, event.object_id) == (contributor.id, str(source.id))
    assert event.details["changes"] == {"reliability": ["B", "C"]}


def test_an_unused_source_can_be_deleted_and_is_audited(as_contributor, contributor, db_session):
    source = SourceFactory(title="Palmyra retaken", publisher="Associated Press", reliability="B")
    source_id = source.id

    response = as_contributor.post(f"/sources/{source_id}/delete")

    assert response.headers["Location"] == "/sources/"
    assert db_session.scalar(select(Source)) is None
    # The event keeps what the source said, since the row itself is gone.
    event = only_event(db_session, "source.deleted")
    assert (event.actor_id, event.object_type, event.object_id) == (
        contributor.id,
        "sources",
        str(source_id),
    )
    values = event.details["values"]
    assert (values["title"], values["publisher"], values["reliability"], values["kind"]) == (
        "Palmyra retaken",
        "Associated Press",
        "B",
        "news_media_broadcast",
    )


def test_a_cited_source_cannot_be_deleted(as_contributor, db_session):
    source_id = PeriodFactory().citations[0].source_id

    response = as_contributor.post(f"/sources/{source_id}/delete", follow_redirects=True)

    assert "is cited 1 time and cannot be deleted" in response.get_data(as_text=True)
    assert db_session.get(Source, source_id) is not None
    assert not db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "source.deleted")
    ).all()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("palmyra", ["ISIS retakes Palmyra"]),
        ("unesco", ["State of Conservation"]),
        ("apnews.com", ["ISIS retakes Palmyra"]),
        ("100%", []),
    ],
)
def test_searching_the_library(as_contributor, db_session, query, found):
    SourceFactory(title="ISIS retakes Palmyra", publisher="AP", url="https://apnews.com/x")
    SourceFactory(title="State of Conservation", publisher="UNESCO")

    page = as_contributor.get(f"/sources/?q={query}").get_data(as_text=True)
    lookup = as_contributor.get(f"/sources/lookup?q={query}").json

    for title in ["ISIS retakes Palmyra", "State of Conservation"]:
        assert (f">{title}<" in page) is (title in found)
    assert [item["title"] for item in lookup["items"]] == found


def test_the_lookup_needs_two_characters(as_contributor, db_session):
    SourceFactory(title="A")

    assert as_contributor.get("/sources/lookup?q=A").json == {"items": []}


def test_the_library_is_public_and_editing_is_for_contributors(client, db_session):
    source = SourceFactory(title="ISIS retakes Palmyra")

    listing = client.get("/sources/").get_data(as_text=True)
    page = client.get(f"/sources/{source.id}").get_data(as_text=True)

    assert ">ISIS retakes Palmyra<" in listing
    assert ">ISIS retakes Palmyra<" in page
    assert "Add a source" not in listing
    assert f"/sources/{source.id}/edit" not in page


def test_a_source_page_lists_only_what_is_published_that_cites_it(client, contributor, db_session):
    from heritage.reports.models import ReportCitation
    from heritage.reports.states import VersionState

    source = SourceFactory(title="UNESCO SOC 2016")
    site = SiteFactory(name="Palmyra", slug="palmyra")
    PeriodFactory(site=site, sources=[source])
    published = published_version(site, contributor, "Temple of Bel destroyed", "2015-08-30")
    draft = published_version(site, contributor, "Draft about the theatre", "2017-01")
    draft.state, draft.published_at, draft.content_hash = VersionState.DRAFT, None, None
    draft.review_round = 0
    db_session.add_all(
        [
            ReportCitation(version=published, source=source),
            ReportCitation(version=draft, source=source),
        ]
    )
    db_session.commit()

    page = client.get(f"/sources/{source.id}").get_data(as_text=True)

    assert page.count('data-cited-by="periods"') == 1
    assert ">ISIS</bdi>" in page
    assert ">Temple of Bel destroyed</bdi>" in page
    assert "Draft about the theatre" not in page


def test_a_source_in_arabic_is_marked_as_arabic(client, db_session):
    source = SourceFactory(title="تدمر: تقرير", language="ar")

    page = client.get(f"/sources/{source.id}").get_data(as_text=True)

    assert '<h1 class="h3" lang="ar" dir="auto">تدمر: تقرير</h1>' in page


def test_a_title_already_in_the_library_is_refused(as_contributor, db_session):
    """The picker's "Create" made two identical entries of one bulletin."""
    SourceFactory(title="DGAM bulletin June 2015")

    response = as_contributor.post("/sources/new", data={**AP, "title": "dgam Bulletin  June 2015"})

    assert "already in the library" in field_blocks(response.get_data(as_text=True))["title"]
    assert len(db_session.scalars(select(Source)).all()) == 1


def test_an_oversized_request_is_explained(as_contributor, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)

    response = as_contributor.post("/sources/new", data={**AP, "notes": big})

    assert response.status_code == 413
    assert "a form with a very long text" in response.get_data(as_text=True)
