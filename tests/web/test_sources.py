"""The source library: forms, search, the picker's lookup and the delete rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from heritage.audit.models import AuditEvent
from heritage.sources.models import Source
from tests.factories import PeriodCitationFactory, SourceFactory

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


def test_adding_a_source(as_contributor, db_session):
    response = as_contributor.post("/sources/new", data=AP)

    assert response.status_code == 302
    source = db_session.scalar(select(Source))
    assert (source.title, source.reliability, source.credibility) == (AP["title"], "B", 2)
    assert str(source.published_on) == "2016-12-01"
    assert source.published_precision == "month"
    assert source.kind.code == "news_media_broadcast"
    assert db_session.scalar(select(AuditEvent.action)) == "source.created"


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
        ({"language": "english"}, "Use a language code"),
    ],
)
def test_bad_source_input_is_a_form_error(as_contributor, db_session, changes, message):
    response = as_contributor.post("/sources/new", data={**AP, **changes})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert db_session.scalar(select(Source)) is None
    assert "Associated Press (AP)" in page


def test_editing_a_source_is_audited(as_contributor, db_session):
    as_contributor.post("/sources/new", data=AP)
    source = db_session.scalar(select(Source))

    as_contributor.post(f"/sources/{source.id}/edit", data={**AP, "reliability": "C"})

    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "source.updated"))
    assert event.details["changes"] == {"reliability": ["B", "C"]}


def test_an_unused_source_can_be_deleted(as_contributor, db_session):
    source = SourceFactory()

    response = as_contributor.post(f"/sources/{source.id}/delete")

    assert response.headers["Location"] == "/sources/"
    assert db_session.scalar(select(Source)) is None


def test_a_cited_source_cannot_be_deleted(as_contributor, db_session):
    citation = PeriodCitationFactory()

    response = as_contributor.post(f"/sources/{citation.source_id}/delete", follow_redirects=True)

    assert "is cited 1 time and cannot be deleted" in response.get_data(as_text=True)
    assert db_session.get(Source, citation.source_id) is not None


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
