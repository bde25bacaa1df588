"""Which claims about who controlled a site cannot all be true, and what is in dispute.

A domain rule, not a drawing: the timeline hatches the disputed dates, the period cards carry a
badge and sit side by side, and all of them must agree. So the rule lives here once, as plain
Python (no Flask, no database) that is unit-tested on its own. Claims are known by their
period's id, and every answer is keyed by it, so no caller parses an HTML anchor back into one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from heritage.vocab.dates import DatePrecision, earliest, format_fuzzy, latest

# BoundQualifier values; spelled out here because sites.models imports SQLAlchemy.
ON, BEFORE, AFTER = "on", "before", "after"
CONTESTED, DISAGREE = "contested", "disagree"


@dataclass(frozen=True)
class PeriodClaim:
    """One source-backed claim that a party controlled the site (an OccupationPeriod)."""

    period_id: int
    party: str
    start: date
    start_precision: DatePrecision
    start_qualifier: str
    end: date | None
    end_precision: DatePrecision | None
    end_qualifier: str | None
    source_count: int

    def __post_init__(self) -> None:
        # dates.earliest() compares with `is`: a plain "month" string would silently act as DAY.
        object.__setattr__(self, "start_precision", DatePrecision(self.start_precision))
        if self.end_precision is not None:
            object.__setattr__(self, "end_precision", DatePrecision(self.end_precision))


@dataclass(frozen=True)
class ClaimSpan:
    """A claim's extent read widely (every day it may cover) and narrowly (days it surely does).

    'From May 2015' may start on 1 May and surely has by 31 May; an ongoing claim ends today.
    """

    claim: PeriodClaim
    wide_start: date
    narrow_start: date
    wide_end: date
    narrow_end: date

    @classmethod
    def of(cls, claim: PeriodClaim, today: date) -> ClaimSpan:
        start_p = claim.start_precision
        if claim.end is None or claim.end_precision is None:
            wide_end = narrow_end = max(today, latest(claim.start, start_p))
        else:
            wide_end = latest(claim.end, claim.end_precision)
            narrow_end = earliest(claim.end, claim.end_precision)
        return cls(
            claim,
            earliest(claim.start, start_p),
            latest(claim.start, start_p),
            wide_end,
            narrow_end,
        )


@dataclass(frozen=True)
class Conflict:
    """Two claims that cannot both be true, and the dates in dispute.

    For "contested" the dispute is the overlap, when both parties are said to hold the site;
    for "disagree" it is where the two claims about one party's control differ.
    """

    kind: str
    period_ids: tuple[int, int]
    overlap_start: date
    overlap_end: date
    summary: str


def ordered_spans(claims: Iterable[PeriodClaim], today: date) -> tuple[ClaimSpan, ...]:
    """Claims in the order a reader expects them: by start, then party, then end.

    The order must not depend on how the claims arrive (database order, an edit), or the
    conflicts, rows and colours drawn from it would shuffle between two page loads.
    """
    return tuple(
        sorted(
            (ClaimSpan.of(claim, today) for claim in claims),
            key=lambda s: (s.wide_start, party_key(s.claim.party), s.wide_end, s.claim.period_id),
        )
    )


def find_conflicts(claims: Iterable[PeriodClaim], today: date) -> tuple[Conflict, ...]:
    """Pairs of claims that cannot all be true, in the order of :func:`ordered_spans`.

    A conflict needs an overlap that survives every reading of the fuzzy dates: 'to 21 May
    2015' against 'from May 2015' is sources rounding differently, not two holders at once.
    Claims that share a handover day (to 27 March / from 27 March) do not overlap either.
    """
    found = []
    for a, b in combinations(ordered_spans(claims, today), 2):
        if max(a.narrow_start, b.narrow_start) >= min(a.narrow_end, b.narrow_end):
            continue
        same_party = party_key(a.claim.party) == party_key(b.claim.party)
        if same_party and _bounds(a) == _bounds(b):
            continue  # two sources for the same dates corroborate each other
        found.append(_disagreement(a, b) if same_party else _contest(a, b))
    return tuple(found)


def kinds_by_period(conflicts: Iterable[Conflict]) -> dict[int, tuple[str, ...]]:
    """Every kind of conflict each period is in, in the order found, without repeats."""
    kinds: dict[int, dict[str, None]] = {}
    for conflict in conflicts:
        for period_id in conflict.period_ids:
            kinds.setdefault(period_id, {})[conflict.kind] = None
    return {period_id: tuple(found) for period_id, found in kinds.items()}


def strongest_kind(kinds: Sequence[str]) -> str | None:
    """The one kind a badge shows: two holders at once ("contested") outweighs a date dispute."""
    if CONTESTED in kinds:
        return CONTESTED
    return DISAGREE if kinds else None


def kind_by_period(conflicts: Iterable[Conflict]) -> dict[int, str]:
    """The badge of every period in a conflict; periods in none are absent."""
    return {
        period_id: kind
        for period_id, kinds in kinds_by_period(conflicts).items()
        if (kind := strongest_kind(kinds))
    }


def party_key(party: str) -> str:
    """Parties compared as a reader would: 'ISIS' and 'isis ' are the same party."""
    return " ".join(party.split()).casefold()


def bound_text(day: date, precision: DatePrecision, qualifier: str | None) -> str:
    """'27 March 2016', 'by May 2016' (qualifier before) or 'after 2011'."""
    text = format_fuzzy(day, precision)
    if qualifier == BEFORE:
        return f"by {text}"
    if qualifier == AFTER:
        return f"after {text}"
    return text


def dates_text(claim: PeriodClaim) -> str:
    """'May 2015 – 27 March 2016', or 'from 2 March 2017' when the control is ongoing."""
    start = _start_text(claim)
    if claim.end is None or claim.end_precision is None:
        return f"{start} – ongoing" if claim.start_qualifier == BEFORE else f"from {start}"
    return f"{start} – {_end_text(claim)}"


# --- the two kinds ---------------------------------------------------------------------------


def _disagreement(a: ClaimSpan, b: ClaimSpan) -> Conflict:
    start, end = _disputed_range(a, b)
    return Conflict(
        kind=DISAGREE,
        period_ids=(a.claim.period_id, b.claim.period_id),
        overlap_start=start,
        overlap_end=end,
        summary=_disagree_summary(a, b),
    )


def _contest(a: ClaimSpan, b: ClaimSpan) -> Conflict:
    later_start = max(a, b, key=lambda s: s.wide_start)
    earlier_end = min(a, b, key=lambda s: s.wide_end)
    return Conflict(
        kind=CONTESTED,
        period_ids=(a.claim.period_id, b.claim.period_id),
        overlap_start=later_start.wide_start,
        overlap_end=earlier_end.wide_end,
        summary=_contested_summary(a, b, later_start, earlier_end),
    )


def _disputed_range(a: ClaimSpan, b: ClaimSpan) -> tuple[date, date]:
    """The dates two claims about the same control disagree on, which the page hatches.

    Where they agree (ISIS held Palmyra from May 2015 to March 2016 in both) is not in doubt;
    the doubt is between their ends (27 March or May 2016), or their starts, or both.
    """
    starts = sorted((a.wide_start, b.wide_start))
    ends = sorted((a.wide_end, b.wide_end))
    starts_differ, ends_differ = _what_differs(a, b)
    if starts_differ and not ends_differ:
        return starts[0], max(starts[1], a.narrow_start, b.narrow_start)
    if ends_differ and not starts_differ:
        return min(ends[0], a.narrow_end, b.narrow_end), ends[1]
    return starts[0], ends[1]


def _bounds(span: ClaimSpan) -> tuple[object, ...]:
    """What a claim says about its dates, ignoring how a month was typed in (1 or 15 May)."""
    claim = span.claim
    return (
        span.wide_start,
        span.narrow_start,
        claim.start_qualifier,
        claim.end is None,
        span.wide_end,
        span.narrow_end,
        claim.end_qualifier,
    )


def _what_differs(a: ClaimSpan, b: ClaimSpan) -> tuple[bool, bool]:
    """Whether two claims differ about the start, and about the end."""
    return _bounds(a)[:3] != _bounds(b)[:3], _bounds(a)[3:] != _bounds(b)[3:]


# --- summaries -------------------------------------------------------------------------------


def _start_text(claim: PeriodClaim) -> str:
    return bound_text(claim.start, claim.start_precision, claim.start_qualifier)


def _end_text(claim: PeriodClaim) -> str:
    if claim.end is None or claim.end_precision is None:
        return "ongoing"
    return bound_text(claim.end, claim.end_precision, claim.end_qualifier)


def _disagree_summary(a: ClaimSpan, b: ClaimSpan) -> str:
    """'Sources disagree about when ISIS's control ended: 27 March 2016 or May 2016.'"""
    owner = _possessive(a.claim.party)
    starts_differ, ends_differ = _what_differs(a, b)
    if starts_differ and ends_differ:
        return (
            f"Sources disagree about when {owner} control began and ended: "
            f"{dates_text(a.claim)} or {dates_text(b.claim)}."
        )
    if starts_differ:
        return (
            f"Sources disagree about when {owner} control began: "
            f"{_start_text(a.claim)} or {_start_text(b.claim)}."
        )
    return (
        f"Sources disagree about when {owner} control ended: "
        f"{_end_text(a.claim)} or {_end_text(b.claim)}."
    )


def _contested_summary(
    a: ClaimSpan, b: ClaimSpan, later_start: ClaimSpan, earlier_end: ClaimSpan
) -> str:
    """'Contested: ISIS and Syrian Arab Army are both claimed to have held the site between …'."""
    since = _start_text(later_start.claim)
    if earlier_end.claim.end is None:
        when = f"since {since}"
    else:
        when = f"between {since} and {_end_text(earlier_end.claim)}"
    return (
        f"Contested: {a.claim.party} and {b.claim.party} are both claimed "
        f"to have held the site {when}."
    )


def _possessive(party: str) -> str:
    """The possessive for a summary: ISIS's, but Syrian government forces' (a plural)."""
    return f"{party}'" if party.endswith("s") else f"{party}'s"
