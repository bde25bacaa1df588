"""Source rules tested directly."""

from __future__ import annotations

import pytest

from heritage.rules import RuleViolation
from heritage.sources import services
from tests.factories import PeriodFactory, SourceFactory


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://apnews.com/article", "https://apnews.com/article"),
        (" http://example.org ", "http://example.org"),
        ("", None),
        (None, None),
    ],
)
def test_web_addresses_that_are_accepted(url, accepted):
    assert services.check_web_address(url, "url") == accepted


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "ftp://x.org",
        "https://",
        "example.org",
        "//example.org",
    ],
)
def test_web_addresses_that_are_refused(url):
    with pytest.raises(RuleViolation) as refusal:
        services.check_web_address(url, "archive_url")
    assert refusal.value.field == "archive_url"


def fields(**changes):
    return services.SourceFields(
        **{"kind": "book", "title": "Palmyra", "reliability": "C", **changes}
    )


def test_create_and_update_a_source(db_session, contributor):
    source = services.create_source(contributor, fields(url="https://example.org/palmyra"))
    services.update_source(contributor, source, fields(title="Palmyra revisited"))

    assert source.title == "Palmyra revisited"
    assert source.url is None
    assert source.kind.code == "book"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"kind": "gossip"}, "kind"),
        ({"reliability": "Z"}, "reliability"),
        ({"credibility": 0}, "credibility"),
    ],
)
def test_bad_sources_are_refused(db_session, changes, field):
    with pytest.raises(RuleViolation) as refusal:
        services.create_source(None, fields(**changes))
    assert refusal.value.field == field


def test_usage_counts_every_citation(db_session):
    source = SourceFactory()
    PeriodFactory(sources=[source])
    PeriodFactory(sources=[source], start="2016-12-11", end="2017-03-02")

    assert services.usage_count(source) == 2
    with pytest.raises(RuleViolation, match="cited 2 times"):
        services.delete_source(None, source)
