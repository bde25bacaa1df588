"""A site's history on one time axis: who held it when (sourced claims) and what was damaged.

Plain Python, no Flask and no database, so the rules that decide what a reader sees -- how a
fuzzy date is drawn, which overlapping claims are flagged -- are unit-tested on their own.
Every position is a fraction 0..1 of the axis, so ``templates/sites/_timeline.html`` can draw
the same timeline at a desktop and a phone width without recomputing anything.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from typing import NamedTuple

from heritage.vocab.dates import DatePrecision, earliest, format_fuzzy, latest

# BoundQualifier values; spelled out here because sites.models imports SQLAlchemy.
ON, BEFORE, AFTER = "on", "before", "after"
CONTESTED, DISAGREE = "contested", "disagree"

PALETTE_SIZE = 8  # colour classes tl-colour-0..7 in static/css/timeline.css
MAX_TICKS = 10
SHORT_SPAN_DAYS = 3 * 365  # below this, years would leave a bar too thin to read
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
MONTH_STEPS = (1, 2, 3, 6, 12)

_Frac = Callable[[date], float]  # a day's position on the axis, 0..1


@dataclass(frozen=True)
class PeriodClaim:
    """One source-backed claim that a party controlled the site (an OccupationPeriod)."""

    key: str
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
class DatedEvent:
    """A dated damage event; ``end`` is set when it is only known to lie between two dates."""

    key: str
    label: str
    start: date
    end: date | None
    precision: DatePrecision
    url: str | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", DatePrecision(self.precision))


class Tick(NamedTuple):
    """A gridline: where (0..1) and what it says ('2015', or 'Mar 2016' on a short axis)."""

    fraction: float
    label: str


@dataclass(frozen=True)
class PeriodBar:
    """One claim drawn as a bar on its own row, so conflicting claims sit side by side."""

    key: str
    party: str
    row: int
    x0: float
    x1: float
    fuzzy_start: bool
    fuzzy_end: bool
    ongoing: bool
    colour: int
    dates_text: str
    conflict: str | None  # "contested" wins over "disagree"; every kind is in conflict_kinds
    conflict_kinds: tuple[str, ...]
    source_count: int


@dataclass(frozen=True)
class EventMark:
    """A numbered marker; ``x`` is the middle of the days the event may have happened on."""

    key: str
    number: int
    label: str
    x: float
    x0: float
    x1: float
    date_text: str
    url: str | None


@dataclass(frozen=True)
class Conflict:
    """Two claims that cannot both be true, and the dates in dispute (hatched on the page).

    For "contested" the dispute is the overlap, when both parties are said to hold the site;
    for "disagree" it is where the two claims about one party's control differ.
    """

    kind: str
    keys: tuple[str, str]
    overlap_start: date
    overlap_end: date
    summary: str
    x0: float
    x1: float
    rows: tuple[int, int]


@dataclass(frozen=True)
class Timeline:
    """Everything the template draws, positions as fractions of the axis from start to end."""

    start: date
    end: date
    today: date
    ticks: tuple[Tick, ...]
    bars: tuple[PeriodBar, ...]
    events: tuple[EventMark, ...]
    conflicts: tuple[Conflict, ...]
    text_summary: tuple[str, ...]

    def event_lanes(self, min_gap: float, max_lanes: int = 6) -> tuple[int, ...]:
        """The lane of each event marker so that none hide another at the drawing's width.

        Markers are far wider than a day (Palmyra's temples fell a week apart), so close
        events are stacked; ``min_gap`` is a marker's width as a fraction of the axis. Past
        ``max_lanes`` markers share the lane that frees first rather than grow the drawing.
        """
        half = min_gap / 2
        lane_ends: list[float] = []
        lanes = [0] * len(self.events)
        # In number order, so a stack of close markers reads 2, 3, 4 from the top down.
        extents = [(min(e.x0, e.x - half), max(e.x1, e.x + half)) for e in self.events]
        for i, (left, right) in enumerate(extents):
            free = [lane for lane, end in enumerate(lane_ends) if end <= left]
            if free:
                lane = free[0]
            elif len(lane_ends) < max_lanes:
                lane = len(lane_ends)
                lane_ends.append(right)
            else:
                lane = min(range(len(lane_ends)), key=lane_ends.__getitem__)
            lane_ends[lane] = right
            lanes[i] = lane
        return tuple(lanes)


@dataclass(frozen=True)
class _Span:
    """A claim's extent read widely (every day it may cover) and narrowly (days it surely does).

    'From May 2015' may start on 1 May and surely has by 31 May; an ongoing claim ends today.
    """

    claim: PeriodClaim
    wide_start: date
    narrow_start: date
    wide_end: date
    narrow_end: date

    @classmethod
    def of(cls, claim: PeriodClaim, today: date) -> _Span:
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


def build_timeline(
    periods: Sequence[PeriodClaim], events: Sequence[DatedEvent], today: date
) -> Timeline | None:
    """Lay out a site's periods and events on one axis; None when there is nothing to draw."""
    if not periods and not events:
        return None
    spans = sorted(
        (_Span.of(p, today) for p in periods),
        key=lambda s: (s.wide_start, _party_id(s.claim.party), s.wide_end, s.claim.key),
    )
    ordered_events = sorted(events, key=_event_sort_key)
    start, end, short = _axis(spans, ordered_events)

    def frac(day: date) -> float:
        return min(1.0, max(0.0, (day - start).days / (end - start).days))

    rows = {s.claim.key: row for row, s in enumerate(spans)}
    conflicts = tuple(_conflicts(spans, rows, frac))
    return Timeline(
        start=start,
        end=end,
        today=today,
        ticks=_month_ticks(start, end, frac) if short else _year_ticks(start, end, frac),
        bars=tuple(_bars(spans, conflicts, frac)),
        events=tuple(_event_marks(ordered_events, frac)),
        conflicts=conflicts,
        text_summary=_text_summary(spans, ordered_events),
    )


# --- the axis --------------------------------------------------------------------------------


def _axis(spans: Sequence[_Span], events: Sequence[DatedEvent]) -> tuple[date, date, bool]:
    """The axis range snapped to whole years (quarters or months when short), and if short.

    Snapping outwards pads the drawing and puts ticks on the edges a reader expects. The axis
    ends after the last *known* date: an ongoing period runs off the right edge with an arrow
    rather than stretching the axis to today, which would squeeze a few eventful years (Palmyra
    2015-2017) into a sliver beside a decade of unchanged control.
    """
    firsts = [s.wide_start for s in spans] + [earliest(e.start, e.precision) for e in events]
    lasts = [s.wide_end if s.claim.end is not None else s.narrow_start for s in spans]
    lasts += [_event_last_day(e) for e in events]
    first, last = min(firsts), max(lasts)
    span_days = (last - first).days
    if span_days >= SHORT_SPAN_DAYS:
        return date(first.year, 1, 1), date(last.year + 1, 1, 1), False
    months = 3 if span_days > 365 else 1
    start_month = (first.month - 1) // months * months + 1
    start = date(first.year, start_month, 1)
    end_index = last.year * 12 + (last.month - 1) // months * months + months
    return start, date(end_index // 12, end_index % 12 + 1, 1), True


def _year_ticks(start: date, end: date, frac: _Frac) -> tuple[Tick, ...]:
    """Ticks on 1 January, every 1, 2, 5, 10 ... years so that there are at most ten."""
    years = range(start.year, end.year + 1)
    step = next(s for s in YEAR_STEPS if sum(1 for y in years if y % s == 0) <= MAX_TICKS)
    return tuple(Tick(frac(date(y, 1, 1)), str(y)) for y in years if y % step == 0)


def _month_ticks(start: date, end: date, frac: _Frac) -> tuple[Tick, ...]:
    """Ticks on the first of every 1, 2, 3, 6 or 12 months, labelled 'Mar 2016'."""
    months = list(_month_starts(start, end))
    step = next(
        s for s in MONTH_STEPS if sum(1 for m in months if (m.month - 1) % s == 0) <= MAX_TICKS
    )
    return tuple(
        Tick(frac(m), f"{calendar.month_abbr[m.month]} {m.year}")
        for m in months
        if (m.month - 1) % step == 0
    )


def _month_starts(start: date, end: date) -> Iterator[date]:
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day + timedelta(days=32)).replace(day=1)


# --- periods ---------------------------------------------------------------------------------


def _bars(
    spans: Sequence[_Span], conflicts: Sequence[Conflict], frac: _Frac
) -> Iterator[PeriodBar]:
    colours: dict[str, int] = {}
    for row, span in enumerate(spans):
        claim = span.claim
        party = _party_id(claim.party)
        colour = colours.setdefault(party, len(colours) % PALETTE_SIZE)
        kinds = tuple(dict.fromkeys(c.kind for c in conflicts if claim.key in c.keys))
        yield PeriodBar(
            key=claim.key,
            party=claim.party,
            row=row,
            x0=frac(span.wide_start),
            x1=frac(span.wide_end),
            fuzzy_start=_is_fuzzy(claim.start_precision, claim.start_qualifier),
            fuzzy_end=claim.end is not None and _is_fuzzy(claim.end_precision, claim.end_qualifier),
            ongoing=claim.end is None,
            colour=colour,
            dates_text=_dates_text(claim),
            conflict=CONTESTED if CONTESTED in kinds else (DISAGREE if kinds else None),
            conflict_kinds=kinds,
            source_count=claim.source_count,
        )


def _is_fuzzy(precision: DatePrecision | None, qualifier: str | None) -> bool:
    """Whether a bound is drawn as a faded edge: known only to the month or year, or bounded."""
    return precision is not DatePrecision.DAY or qualifier != ON


def _bound_text(day: date, precision: DatePrecision, qualifier: str | None) -> str:
    """'27 March 2016', 'by May 2016' (qualifier before) or 'after 2011'."""
    text = format_fuzzy(day, precision)
    if qualifier == BEFORE:
        return f"by {text}"
    if qualifier == AFTER:
        return f"after {text}"
    return text


def _dates_text(claim: PeriodClaim) -> str:
    """'May 2015 – 27 March 2016', or 'from 2 March 2017' when the control is ongoing."""
    start = _bound_text(claim.start, claim.start_precision, claim.start_qualifier)
    if claim.end is None or claim.end_precision is None:
        return f"{start} – ongoing" if claim.start_qualifier == BEFORE else f"from {start}"
    return f"{start} – {_bound_text(claim.end, claim.end_precision, claim.end_qualifier)}"


def _party_id(party: str) -> str:
    """Parties compared as a reader would: 'ISIS' and 'isis ' are the same party."""
    return " ".join(party.split()).casefold()


# --- conflicts -------------------------------------------------------------------------------


def _conflicts(spans: Sequence[_Span], rows: dict[str, int], frac: _Frac) -> Iterator[Conflict]:
    """Pairs of claims that cannot all be true, in row order.

    A conflict needs an overlap that survives every reading of the fuzzy dates: 'to 21 May
    2015' against 'from May 2015' is sources rounding differently, not two holders at once.
    Claims that share a handover day (to 27 March / from 27 March) do not overlap either.
    """
    for a, b in combinations(spans, 2):
        if max(a.narrow_start, b.narrow_start) >= min(a.narrow_end, b.narrow_end):
            continue
        same_party = _party_id(a.claim.party) == _party_id(b.claim.party)
        if same_party and _bounds(a) == _bounds(b):
            continue  # two sources for the same dates corroborate each other
        if same_party:
            kind, summary = DISAGREE, _disagree_summary(a, b)
            overlap_start, overlap_end = _disputed_range(a, b)
        else:
            later_start = max(a, b, key=lambda s: s.wide_start)
            earlier_end = min(a, b, key=lambda s: s.wide_end)
            kind = CONTESTED
            summary = _contested_summary(a, b, later_start, earlier_end)
            overlap_start, overlap_end = later_start.wide_start, earlier_end.wide_end
        yield Conflict(
            kind=kind,
            keys=(a.claim.key, b.claim.key),
            overlap_start=overlap_start,
            overlap_end=overlap_end,
            summary=summary,
            x0=frac(overlap_start),
            x1=frac(overlap_end),
            rows=(rows[a.claim.key], rows[b.claim.key]),
        )


def _disputed_range(a: _Span, b: _Span) -> tuple[date, date]:
    """The dates two claims about the same control disagree on, which the page hatches.

    Where they agree (ISIS held Palmyra from May 2015 to March 2016 in both) is not in doubt;
    the doubt is between their ends (27 March or May 2016), or their starts, or both.
    """
    starts = sorted((a.wide_start, b.wide_start))
    ends = sorted((a.wide_end, b.wide_end))
    starts_differ = _bounds(a)[:3] != _bounds(b)[:3]
    ends_differ = _bounds(a)[3:] != _bounds(b)[3:]
    if starts_differ and not ends_differ:
        return starts[0], max(starts[1], a.narrow_start, b.narrow_start)
    if ends_differ and not starts_differ:
        return min(ends[0], a.narrow_end, b.narrow_end), ends[1]
    return starts[0], ends[1]


def _bounds(span: _Span) -> tuple[object, ...]:
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


def _start_text(claim: PeriodClaim) -> str:
    return _bound_text(claim.start, claim.start_precision, claim.start_qualifier)


def _end_text(claim: PeriodClaim) -> str:
    if claim.end is None or claim.end_precision is None:
        return "ongoing"
    return _bound_text(claim.end, claim.end_precision, claim.end_qualifier)


def _disagree_summary(a: _Span, b: _Span) -> str:
    """'Sources disagree about when ISIS's control ended: 27 March 2016 or May 2016.'"""
    owner = _possessive(a.claim.party)
    starts_differ = _bounds(a)[:3] != _bounds(b)[:3]
    ends_differ = _bounds(a)[3:] != _bounds(b)[3:]
    if starts_differ and ends_differ:
        return (
            f"Sources disagree about when {owner} control began and ended: "
            f"{_dates_text(a.claim)} or {_dates_text(b.claim)}."
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


def _contested_summary(a: _Span, b: _Span, later_start: _Span, earlier_end: _Span) -> str:
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


# --- events ----------------------------------------------------------------------------------


def _event_sort_key(event: DatedEvent) -> tuple[date, date, str, str]:
    return (earliest(event.start, event.precision), _event_last_day(event), event.label, event.key)


def _event_last_day(event: DatedEvent) -> date:
    return latest(event.end or event.start, event.precision)


def _event_date_text(event: DatedEvent) -> str:
    """'30 August 2015', or 'August 2015 – September 2015' for an event known only between."""
    start = format_fuzzy(event.start, event.precision)
    if event.end is None or event.end == event.start:
        return start
    return f"{start} – {format_fuzzy(event.end, event.precision)}"


def _event_marks(events: Sequence[DatedEvent], frac: _Frac) -> Iterator[EventMark]:
    for number, event in enumerate(events, start=1):
        x0 = frac(earliest(event.start, event.precision))
        x1 = frac(_event_last_day(event))
        yield EventMark(
            key=event.key,
            number=number,
            label=event.label,
            x=(x0 + x1) / 2,
            x0=x0,
            x1=x1,
            date_text=_event_date_text(event),
            url=_safe_url(event.url),
        )


def _safe_url(url: str | None) -> str | None:
    """Only site-relative and http(s) links: escaping alone lets 'javascript:' through."""
    if url and (url.startswith(("http://", "https://")) or url.startswith("/")):
        return url
    return None


# --- the text equivalent ---------------------------------------------------------------------


def _text_summary(spans: Sequence[_Span], events: Sequence[DatedEvent]) -> tuple[str, ...]:
    """One plain sentence per period and event, in date order, for readers who cannot see it."""
    dated = [(s.wide_start, 0, row, _period_sentence(s.claim)) for row, s in enumerate(spans)]
    dated += [
        (earliest(e.start, e.precision), 1, number, _event_sentence(number, e))
        for number, e in enumerate(events, start=1)
    ]
    return tuple(sentence for *_, sentence in sorted(dated))


def _period_sentence(claim: PeriodClaim) -> str:
    """'From May 2015 to 27 March 2016: ISIS (3 sources).'"""
    start = format_fuzzy(claim.start, claim.start_precision)
    if claim.start_qualifier == BEFORE:
        start = f"{start} or earlier"
    elif claim.start_qualifier == AFTER:
        start = f"some time after {start}"
    if claim.end is None or claim.end_precision is None:
        when = f"From {start}, ongoing"
    else:
        end = format_fuzzy(claim.end, claim.end_precision)
        if claim.end_qualifier == BEFORE:
            end = f"{end} or earlier"
        elif claim.end_qualifier == AFTER:
            end = f"some time after {end}"
        when = f"From {start} to {end}"
    sources = "1 source" if claim.source_count == 1 else f"{claim.source_count} sources"
    return f"{when}: {claim.party} ({sources})."


def _event_sentence(number: int, event: DatedEvent) -> str:
    """'Event 3, 30 August 2015: Temple of Bel destroyed.' The number is the marker's."""
    return f"Event {number}, {_event_date_text(event)}: {event.label}."
