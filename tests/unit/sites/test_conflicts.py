"""Which claims about a site's control conflict, keyed by period id, on Palmyra's history."""

from __future__ import annotations

from datetime import date

import pytest

from heritage.sites.conflicts import (
    CONTESTED,
    DISAGREE,
    PeriodClaim,
    find_conflicts,
    kind_by_period,
    kinds_by_period,
    ordered_spans,
    strongest_kind,
)
from heritage.vocab.dates import DatePrecision

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
TODAY = date(2026, 11, 25)
SAA = "Syrian Arab Army"


def claim(
    period_id: int,
    party: str,
    start: date,
    start_precision: DatePrecision = DAY,
    end: date | None = None,
    end_precision: DatePrecision | None = DAY,
    *,
    start_qualifier: str = "on",
    end_qualifier: str = "on",
) -> PeriodClaim:
    return PeriodClaim(
        period_id=period_id,
        party=party,
        start=start,
        start_precision=start_precision,
        start_qualifier=start_qualifier,
        end=end,
        end_precision=end_precision if end else None,
        end_qualifier=end_qualifier if end else None,
        source_count=1,
    )


# Ids as a database hands them out: not in date order, and past 9 (string keys sorted
# "period-12" before "period-7").
BEFORE_ISIS = claim(
    31,
    "Syrian government forces",
    date(2011, 1, 1),
    YEAR,
    date(2015, 5, 21),
    DAY,
    start_qualifier="before",
)
ISIS_TO_MARCH = claim(7, "ISIS", date(2015, 5, 1), MONTH, date(2016, 3, 27))
ISIS_TO_MAY = claim(12, "ISIS", date(2015, 5, 1), MONTH, date(2016, 5, 1), MONTH)
RECAPTURE = claim(205, SAA, date(2016, 3, 27), DAY, date(2016, 12, 11))
PALMYRA = (BEFORE_ISIS, ISIS_TO_MARCH, ISIS_TO_MAY, RECAPTURE)


def test_conflicts_name_the_periods_by_their_ids():
    found = {(c.kind, c.period_ids) for c in find_conflicts(PALMYRA, TODAY)}

    assert found == {(DISAGREE, (7, 12)), (CONTESTED, (12, 205))}


def test_every_period_in_a_conflict_is_keyed_by_its_id():
    conflicts = find_conflicts(PALMYRA, TODAY)

    assert kinds_by_period(conflicts) == {
        7: (DISAGREE,),
        12: (DISAGREE, CONTESTED),
        205: (CONTESTED,),
    }
    assert kind_by_period(conflicts) == {7: DISAGREE, 12: CONTESTED, 205: CONTESTED}
    assert 31 not in kind_by_period(conflicts)


@pytest.mark.parametrize(
    ("kinds", "badge"),
    [
        ((), None),
        ((DISAGREE,), DISAGREE),
        ((CONTESTED,), CONTESTED),
        ((DISAGREE, CONTESTED), CONTESTED),
        ((CONTESTED, DISAGREE), CONTESTED),
    ],
)
def test_two_holders_at_once_outweigh_a_date_dispute(kinds, badge):
    assert strongest_kind(kinds) == badge


def test_the_answer_does_not_depend_on_the_order_claims_arrive_in():
    assert find_conflicts(PALMYRA[::-1], TODAY) == find_conflicts(PALMYRA, TODAY)


def test_claims_that_tie_on_their_dates_are_ordered_by_id_as_numbers():
    twelve, seven = claim(12, "ISIS", date(2015, 5, 1)), claim(7, "ISIS", date(2015, 5, 1))

    assert [s.claim.period_id for s in ordered_spans([twelve, seven], TODAY)] == [7, 12]


def test_no_conflict_without_an_overlap_every_reading_agrees_on():
    """Rounding to the month, a shared handover day and corroboration are not conflicts."""
    corroborating = claim(44, "isis ", date(2015, 5, 20), MONTH, date(2016, 3, 27))

    assert find_conflicts([BEFORE_ISIS, ISIS_TO_MARCH], TODAY) == ()
    assert find_conflicts([ISIS_TO_MARCH, RECAPTURE], TODAY) == ()
    assert find_conflicts([ISIS_TO_MARCH, corroborating], TODAY) == ()


def test_a_disagreement_names_what_is_in_dispute_and_when():
    (end,) = find_conflicts([ISIS_TO_MARCH, ISIS_TO_MAY], TODAY)
    began = claim(8, "ISIS", date(2015, 5, 21), DAY, date(2016, 3, 27))
    (start,) = find_conflicts(
        [began, claim(9, "ISIS", date(2015, 6, 1), MONTH, date(2016, 3, 27))], TODAY
    )
    (both,) = find_conflicts([ISIS_TO_MAY, began], TODAY)

    assert end.summary == (
        "Sources disagree about when ISIS's control ended: 27 March 2016 or May 2016."
    )
    assert (end.overlap_start, end.overlap_end) == (date(2016, 3, 27), date(2016, 5, 31))
    assert start.summary == (
        "Sources disagree about when ISIS's control began: 21 May 2015 or June 2015."
    )
    assert (start.overlap_start, start.overlap_end) == (date(2015, 5, 21), date(2015, 6, 30))
    assert both.summary == (
        "Sources disagree about when ISIS's control began and ended: "
        "May 2015 – May 2016 or 21 May 2015 – 27 March 2016."
    )


def test_a_contest_names_both_parties_and_the_overlap():
    (contest,) = find_conflicts([ISIS_TO_MAY, RECAPTURE], TODAY)

    assert contest.summary == (
        f"Contested: ISIS and {SAA} are both claimed to have held the site "
        "between 27 March 2016 and May 2016."
    )
    assert (contest.overlap_start, contest.overlap_end) == (date(2016, 3, 27), date(2016, 5, 31))


def test_ongoing_claims_are_contested_up_to_today_and_plural_parties_read_right():
    forces = claim(3, "Turkish-backed forces", date(2018, 3, 18))
    army = claim(2, "Syrian National Army", date(2018, 3, 1), MONTH)
    later = claim(4, "Turkish-backed forces", date(2018, 4, 1))

    (contest,) = find_conflicts([forces, army], TODAY)
    (disagreement,) = find_conflicts([forces, later], TODAY)

    assert contest.period_ids == (2, 3)
    assert contest.overlap_end == TODAY
    assert contest.summary.endswith("held the site since 18 March 2018.")
    assert disagreement.summary.startswith(
        "Sources disagree about when Turkish-backed forces' control began"
    )


@pytest.mark.parametrize(
    ("start", "end"), [(date(1, 1, 1), date(2015, 5, 21)), (date(2015, 5, 1), date(9999, 12, 31))]
)
def test_conflicts_are_found_at_the_ends_of_the_calendar(start, end):
    wide = claim(1, "ISIS", start, DAY, end, DAY)
    other = claim(2, SAA, date(2015, 5, 10), DAY, date(2015, 5, 20))

    (contest,) = find_conflicts([wide, other], date.max)

    assert contest.kind == CONTESTED
    assert contest.period_ids == (1, 2)
