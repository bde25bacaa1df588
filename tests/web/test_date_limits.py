"""Every date field refuses a date more than a year ahead, each layer on its own (review of
issue 7, item 3: the period form and the period service were each only tested through the
other, and the source form's two date fields not at all)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from heritage.rules import RuleViolation
from heritage.sites import services
from heritage.sites.models import OccupationPeriod
from heritage.sources.models import Source
from heritage.vocab.dates import out_of_range
from tests.factories import SiteFactory, SourceFactory, actor_named, when
from tests.markup import fields_with_errors
from tests.web.test_features_and_periods import period_form
from tests.web.test_sources import AP


def today() -> date:
    return datetime.now(UTC).date()


@pytest.mark.parametrize("bound", ["start", "end"])
def test_the_period_service_itself_refuses_a_date_beyond_a_year_from_now(
    db_session, contributor, bound
):
    """The CLI, the demo loader and later imports call the service without any form."""
    site = SiteFactory()
    fields = services.PeriodFields(
        controlling_actor_id=actor_named("ISIS").id,
        start=when("2015-05-21"),
        end=when("2016-03-27"),
        citations=[services.CitationFields(source_id=SourceFactory().id)],
    )
    setattr(fields, bound, when("9999-12-31"))
    if bound == "start":
        fields.end = None

    with pytest.raises(RuleViolation) as refusal:
        services.add_period(contributor, site, fields)

    assert refusal.value.field == bound
    assert db_session.scalar(select(func.count()).select_from(OccupationPeriod)) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("published", "31 December 9999"), ("published", "3000"), ("accessed_on", "9999-12-31")],
)
def test_a_source_dated_beyond_a_year_from_now_is_a_form_error(
    as_contributor, db_session, field, value
):
    response = as_contributor.post("/sources/new", data={**AP, field: value})

    assert response.status_code == 200
    assert fields_with_errors(response.get_data(as_text=True)) == [field]
    assert db_session.scalar(select(Source)) is None


def test_a_date_within_the_coming_year_is_accepted(as_contributor, db_session):
    """The allowance is a year, not zero: an announced handover or a scheduled report."""
    source = SourceFactory()
    SiteFactory(name="Palmyra", slug="palmyra")
    soon = (today() + timedelta(days=300)).isoformat()

    response = as_contributor.post(
        "/sites/palmyra/periods/new", data=period_form(source.id, end=soon)
    )

    assert response.status_code == 302
    assert db_session.scalar(select(OccupationPeriod.end_edtf)) == soon


def test_the_allowance_ends_a_year_and_a_day_from_today():
    day = date(2026, 11, 25)

    assert out_of_range(day + timedelta(days=366), day) is None
    assert out_of_range(day + timedelta(days=367), day) is not None
