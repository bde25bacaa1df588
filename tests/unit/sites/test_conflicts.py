"""Which claims about a site's control conflict, keyed by period id, on Palmyra's history.

Claims are built from EDTF text, as the period form stores them; the same party is the same
actor (one id), whatever the claims' order or ids.
"""

from __future__ import annotations

from datetime import date

import pytest

from heritage.sites.conflicts import (
    CONFLICT_LABELS,
    CONFLICT_MEANINGS,
    CONTESTED,
    DISAGREE,
    FSI,
    PDI,
    ClaimSpan,
    Fragment,
    PeriodClaim,
    dates_text,
    find_conflicts,
    isolated,
    kinds_by_period,
    ordered_spans,
    plain,
    strongest_kind,
)
from heritage.vocab.uncertain_dates import UncertainDate
from tests.unit.sites.test_position import translated

TODAY = date(2026, 11, 25)
GOVERNMENT = "Syrian government forces"
SAA = "Syrian Arab Army"
COLOURS = ("#1d5c63", "#b8430f", "#3552a3", "#7a3e9d", "#2f7d32", "#a3174f")
_ACTORS: dict[str, int] = {}


def when(edtf: str | None) -> UncertainDate | None:
    return UncertainDate.from_edtf(edtf) if edtf else None


def actor_id(party: str) -> int:
    """One id per party, as the actors table gives one identity per party."""
    return _ACTORS.setdefault(party, len(_ACTORS) + 1)


def claim(
    period_id: int,
    party: str,
    start: str | None,
    end: str | None = None,
    *,
    sources: int = 1,
    supporting: tuple[str, ...] = (),
) -> PeriodClaim:
    """A claim from EDTF text: ``claim(7, "ISIS", "2015-05", "2016-03-27")``; a start of None
    is not known, an end of None is ongoing."""
    actor = actor_id(party)
    return PeriodClaim(
        period_id=period_id,
        actor_id=actor,
        party=party,
        colour=COLOURS[actor % len(COLOURS)],
        start=when(start),
        end=when(end),
        source_count=sources,
        supporting=supporting,
    )


# Ids as a database hands them out: not in date order, and past 9 (string keys sorted
# "period-12" before "period-7").
BEFORE_ISIS = claim(31, GOVERNMENT, None, "2015-05-20/2015-05-21")
ISIS_TO_MARCH = claim(7, "ISIS", "2015-05", "2016-03-27", sources=3)
ISIS_TO_MAY = claim(12, "ISIS", "2015-05", "2016-05")
RECAPTURE = claim(205, SAA, "2016-03-27", "2016-12-10/2016-12-11", supporting=("Russia",))
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
    assert 31 not in kinds_by_period(conflicts)


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


def test_every_kind_has_words_a_reader_understands():
    assert CONFLICT_LABELS == {DISAGREE: "Sources disagree", CONTESTED: "Contested"}
    assert set(CONFLICT_MEANINGS) == {DISAGREE, CONTESTED}
    for meaning in map(str, CONFLICT_MEANINGS.values()):
        assert meaning.endswith(".")
        assert "EDTF" not in meaning
        assert "claim" in meaning or "Sources" in meaning


def test_the_answer_does_not_depend_on_the_order_claims_arrive_in():
    assert find_conflicts(PALMYRA[::-1], TODAY) == find_conflicts(PALMYRA, TODAY)


def test_claims_that_tie_on_their_dates_are_ordered_by_id_as_numbers():
    twelve, seven = claim(12, "ISIS", "2015-05-01"), claim(7, "ISIS", "2015-05-01")

    assert [s.claim.period_id for s in ordered_spans([twelve, seven], TODAY)] == [7, 12]


def test_a_claim_whose_start_is_not_known_comes_first():
    """'Until 21 May 2015' began before 'from May 2015', though it is surely in force only
    on its last day."""
    order = [s.claim.period_id for s in ordered_spans(PALMYRA[::-1], TODAY)]

    assert order == [31, 7, 12, 205]


def test_same_party_means_same_actor_not_same_spelling():
    """Two actors spelled alike are two parties (contested); one actor is one party."""
    other = PeriodClaim(
        period_id=99,
        actor_id=actor_id("ISIS") + 1000,
        party="ISIS",
        colour="#000000",
        start=when("2015-05"),
        end=when("2016-05"),
        source_count=1,
    )

    (conflict,) = find_conflicts([ISIS_TO_MARCH, other], TODAY)

    assert conflict.kind == CONTESTED


def test_no_conflict_without_an_overlap_every_reading_agrees_on():
    """Rounding to the month, a shared handover day and corroboration are not conflicts."""
    corroborating = claim(44, "ISIS", "2015-05", "2016-03-27")

    assert find_conflicts([BEFORE_ISIS, ISIS_TO_MARCH], TODAY) == ()
    assert find_conflicts([ISIS_TO_MARCH, RECAPTURE], TODAY) == ()
    assert find_conflicts([ISIS_TO_MARCH, corroborating], TODAY) == ()


def test_a_handover_known_to_two_days_is_not_a_conflict():
    """'To 10–11 December 2016' and 'from 10–11 December 2016' agree on a fuzzy handover."""
    lost = claim(1, "ISIS", "2016-12-10/2016-12-11", "2017-03-02")

    assert find_conflicts([RECAPTURE, lost], TODAY) == ()


def test_a_disagreement_names_what_is_in_dispute_and_when():
    (end,) = find_conflicts([ISIS_TO_MARCH, ISIS_TO_MAY], TODAY)
    began = claim(8, "ISIS", "2015-05-21", "2016-03-27")
    (start,) = find_conflicts([began, claim(9, "ISIS", "2015-06", "2016-03-27")], TODAY)
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
        "May 2015 to May 2016 or 21 May 2015 to 27 March 2016."
    )


def test_a_contest_names_both_parties_and_the_overlap():
    (contest,) = find_conflicts([ISIS_TO_MAY, RECAPTURE], TODAY)

    assert contest.summary == (
        f"Contested: ISIS and {SAA} are both claimed to have held the site "
        "between 27 March 2016 and May 2016."
    )
    assert (contest.overlap_start, contest.overlap_end) == (date(2016, 3, 27), date(2016, 5, 31))


def test_summaries_keep_the_names_apart_from_our_words():
    """So that a page can isolate each name (bdi) in an English sentence."""
    (end,) = find_conflicts([ISIS_TO_MARCH, ISIS_TO_MAY], TODAY)
    (contest,) = find_conflicts([ISIS_TO_MAY, RECAPTURE], TODAY)

    assert [part.text for part in end.sentence if part.name] == ["ISIS"]
    assert [part.text for part in contest.sentence if part.name] == ["ISIS", SAA]
    assert plain(contest.sentence) == contest.summary
    assert isolated(contest.sentence).startswith(f"Contested: {FSI}ISIS{PDI} and {FSI}{SAA}")
    assert "" not in [part.text for part in contest.sentence]


def test_an_arabic_party_is_a_name_of_its_own_in_the_summary():
    party = "الجيش (اللواء 5)"
    (disagreement,) = find_conflicts(
        [claim(1, party, "2015-05", "2016-03-27"), claim(2, party, "2015-05", "2016-05")], TODAY
    )

    assert disagreement.sentence[1] == Fragment(party, name=True)
    assert disagreement.sentence[2].text.startswith("'s control ended")


def test_ongoing_claims_are_contested_up_to_today_and_plural_parties_read_right():
    forces = claim(3, "Turkish-backed forces", "2018-03-18")
    army = claim(2, "Syrian National Army", "2018-03")
    later = claim(4, "Turkish-backed forces", "2018-04-01")

    (contest,) = find_conflicts([forces, army], TODAY)
    (disagreement,) = find_conflicts([forces, later], TODAY)

    assert contest.period_ids == (2, 3)
    assert contest.overlap_end == TODAY
    assert contest.summary.endswith("held the site since 18 March 2018.")
    assert disagreement.summary.startswith(
        "Sources disagree about when Turkish-backed forces' control began"
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "2015-05-21"), ("2015-05-01", "9999-12-31"), (None, "9999-12-31")],
)
def test_conflicts_are_found_at_the_ends_of_the_calendar(start, end):
    wide = claim(1, "ISIS", start, end)
    other = claim(2, SAA, "2015-05-10", "2015-05-20")

    found = find_conflicts([wide, other], date.max)

    if start is None:  # not known to have held the site before 9999
        assert found == ()
    else:
        (contest,) = found
        assert contest.kind == CONTESTED
        assert contest.period_ids == (1, 2)


# --- spans and dates in words ----------------------------------------------------------------


def test_a_start_not_known_is_open_and_surely_in_force_only_at_its_end():
    span = ClaimSpan.of(BEFORE_ISIS, TODAY)

    assert span.open_start
    assert span.wide_start == date.min
    assert span.known_start == date(2015, 5, 20)
    assert (span.narrow_end, span.wide_end) == (date(2015, 5, 20), date(2015, 5, 21))
    assert not span.open_end


def test_an_ongoing_claim_runs_to_today():
    span = ClaimSpan.of(claim(1, "X", "2024-12-07"), TODAY)

    assert span.open_end
    assert span.wide_end == span.narrow_end == TODAY


def test_an_open_end_reads_widely_to_today_and_narrowly_to_its_first_day():
    """'After 2016' (2016/..) ended some time from 1 January 2016 on."""
    span = ClaimSpan.of(claim(1, "X", "2011", "2016/.."), TODAY)

    assert span.open_end
    assert span.wide_end == TODAY
    assert span.narrow_end == date(2016, 1, 1)


def test_a_start_before_a_date_is_open_but_known_by_then():
    span = ClaimSpan.of(claim(1, "X", "../2013", "2015-05-21"), TODAY)

    assert span.open_start
    assert span.known_start == date(2013, 12, 31)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2015-05", "2016-03-27", "May 2015 to 27 March 2016"),
        ("2017-03-02", None, "since 2 March 2017"),
        (None, "2015-05-20/2015-05-21", "until 20–21 May 2015"),
        ("../2011", None, "since before 2011"),
        ("2015-05-21", "2015-05-21", "21 May 2015 to 21 May 2015"),
    ],
)
def test_dates_read_as_a_reader_writes_them(start, end, text):
    assert dates_text(claim(1, "X", start, end)) == text


def test_a_claim_with_no_date_at_all_reads_as_not_known():
    assert dates_text(claim(1, "X", None, None)) == "dates not known"


# --- in the reader's language ----------------------------------------------------------------


def test_a_summary_is_one_translated_message_cut_around_the_names():
    """The translation decides the order of the names and the words; each name stays a part
    of its own (isolated on the page), wherever the translation puts it."""
    contested = (
        "Contested: %(first)s and %(second)s are both claimed to have held the site "
        "between %(start)s and %(end)s."
    )
    catalogue = {contested: "%(second)s و%(first)s: بين %(start)s و%(end)s"}

    with translated("ar", catalogue) as seen:
        (contest,) = find_conflicts([ISIS_TO_MAY, RECAPTURE], TODAY)

    assert contested in seen
    assert contest.sentence == (
        Fragment("⟦"),
        Fragment(SAA, name=True),
        Fragment(" و"),
        Fragment("ISIS", name=True),
        Fragment(": بين 27 آذار 2016 وأيار 2016⟧"),
    )


def test_a_disagreement_is_translated_whole():
    with translated("ar") as seen:
        (end,) = find_conflicts([ISIS_TO_MARCH, ISIS_TO_MAY], TODAY)

    assert seen == [
        "Sources disagree about when %(party)s's control ended: %(first)s or %(second)s."
    ]
    assert plain(end.sentence) == (
        "⟦Sources disagree about when ISIS's control ended: 27 آذار 2016 or أيار 2016.⟧"
    )
    assert [part.text for part in end.sentence if part.name] == ["ISIS"]


def test_dates_and_badges_are_in_the_readers_language():
    with translated("ar") as seen:
        ended = claim(1, "ISIS", "2015-05", "2016-03-27")
        assert dates_text(ended) == "⟦أيار 2015 to 27 آذار 2016⟧"
        assert dates_text(claim(2, "ISIS", "2015-05")) == "⟦since أيار 2015⟧"
        assert dates_text(claim(3, "ISIS", None, "2016-03")) == "⟦until آذار 2016⟧"
        assert str(CONFLICT_LABELS[DISAGREE]) == "⟦Sources disagree⟧"
        assert str(CONFLICT_MEANINGS[CONTESTED]).startswith("⟦Two parties")
    assert seen == [
        "%(start)s to %(end)s",
        "since %(date)s",
        "until %(date)s",
        "Sources disagree",
        str(CONFLICT_MEANINGS[CONTESTED]),
    ]
    assert str(CONFLICT_LABELS[DISAGREE]) == "Sources disagree"
