"""A site's history on one time axis: who held it when (sourced claims) and what was damaged.

Plain Python, no Flask and no database, so the rules that decide what a reader sees -- how a
fuzzy date is drawn, where a disputed range falls -- are unit-tested on their own. Which claims
conflict is decided in :mod:`heritage.sites.conflicts`; this module only places them. Every
position is a fraction 0..1 of the axis, so :mod:`heritage.sites.timeline_layout` can draw the
same timeline at a desktop and a phone width without recomputing anything.

Any date a ``datetime.date`` can hold must draw, from 1 January of year 1 to 31 December 9999:
one period saved as ending in 9999 once took the public page down for every reader.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, date
from typing import NamedTuple

from heritage.sites.conflicts import (
    AFTER,
    BEFORE,
    ON,
    ClaimSpan,
    Conflict,
    PeriodClaim,
    dates_text,
    find_conflicts,
    kinds_by_period,
    ordered_spans,
    party_key,
    strongest_kind,
)
from heritage.vocab.dates import DatePrecision, earliest, format_fuzzy, latest

PALETTE_SIZE = 8  # colour classes tl-colour-0..7 in static/css/timeline.css
MAX_TICKS = 10
SHORT_SPAN_DAYS = 3 * 365  # below this, years would leave a bar too thin to read
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
MONTH_STEPS = (1, 2, 3, 6, 12)

_Frac = Callable[[date], float]  # a day's position on the axis, 0..1


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

    period_id: int
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
class DisputedRange:
    """Where a conflict falls on the axis: its dates in dispute, across the rows of its claims."""

    kind: str
    period_ids: tuple[int, int]
    summary: str
    x0: float
    x1: float
    rows: tuple[int, int]


@dataclass(frozen=True)
class Timeline:
    """Everything there is to draw, positions as fractions of the axis from start to end.

    ``conflicts`` are the domain's answer (dates, summaries); ``disputes`` place them.
    """

    start: date
    end: date
    today: date
    ticks: tuple[Tick, ...]
    bars: tuple[PeriodBar, ...]
    events: tuple[EventMark, ...]
    conflicts: tuple[Conflict, ...]
    disputes: tuple[DisputedRange, ...]
    text_summary: tuple[str, ...]


def build_timeline(
    periods: Sequence[PeriodClaim], events: Sequence[DatedEvent], today: date
) -> Timeline | None:
    """Lay out a site's periods and events on one axis; None when there is nothing to draw."""
    if not periods and not events:
        return None
    spans = ordered_spans(periods, today)
    ordered_events = sorted(events, key=_event_sort_key)
    start, end, short = _axis(spans, ordered_events)

    def frac(day: date) -> float:
        return min(1.0, max(0.0, (day - start).days / (end - start).days))

    conflicts = find_conflicts(periods, today)
    return Timeline(
        start=start,
        end=end,
        today=today,
        ticks=_month_ticks(start, end, frac) if short else _year_ticks(start, end, frac),
        bars=tuple(_bars(spans, conflicts, frac)),
        events=tuple(_event_marks(ordered_events, frac)),
        conflicts=conflicts,
        disputes=tuple(_disputes(spans, conflicts, frac)),
        text_summary=_text_summary(spans, ordered_events),
    )


# --- the axis --------------------------------------------------------------------------------


def _axis(spans: Sequence[ClaimSpan], events: Sequence[DatedEvent]) -> tuple[date, date, bool]:
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
        return date(first.year, 1, 1), _month_start((last.year + 1) * 12), False
    months = 3 if span_days > 365 else 1
    start_month = (first.month - 1) // months * months + 1
    start = date(first.year, start_month, 1)
    end_index = last.year * 12 + (last.month - 1) // months * months + months
    return start, _month_start(end_index), True


def _month_start(index: int) -> date:
    """The first day of month ``index`` (year * 12 + month - 1), or the calendar's last day.

    The axis ends on the first day after the last date; after December 9999 there is none, and
    date(10000, 1, 1) raised on every page load. Ending one day short at 9999 moves nothing a
    reader can see.
    """
    year, month = divmod(index, 12)
    return date(year, month + 1, 1) if year <= MAXYEAR else date.max


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
    """The first of every month from start's to end's, counted so as never to pass 9999."""
    for index in range(start.year * 12 + start.month - 1, end.year * 12 + end.month):
        yield _month_start(index)


# --- periods ---------------------------------------------------------------------------------


def _bars(
    spans: Sequence[ClaimSpan], conflicts: Sequence[Conflict], frac: _Frac
) -> Iterator[PeriodBar]:
    colours: dict[str, int] = {}
    kinds = kinds_by_period(conflicts)
    for row, span in enumerate(spans):
        claim = span.claim
        colour = colours.setdefault(party_key(claim.party), len(colours) % PALETTE_SIZE)
        own_kinds = kinds.get(claim.period_id, ())
        yield PeriodBar(
            period_id=claim.period_id,
            party=claim.party,
            row=row,
            x0=frac(span.wide_start),
            x1=frac(span.wide_end),
            fuzzy_start=_is_fuzzy(claim.start_precision, claim.start_qualifier),
            fuzzy_end=claim.end is not None and _is_fuzzy(claim.end_precision, claim.end_qualifier),
            ongoing=claim.end is None,
            colour=colour,
            dates_text=dates_text(claim),
            conflict=strongest_kind(own_kinds),
            conflict_kinds=own_kinds,
            source_count=claim.source_count,
        )


def _is_fuzzy(precision: DatePrecision | None, qualifier: str | None) -> bool:
    """Whether a bound is drawn as a faded edge: known only to the month or year, or bounded."""
    return precision is not DatePrecision.DAY or qualifier != ON


def _disputes(
    spans: Sequence[ClaimSpan], conflicts: Sequence[Conflict], frac: _Frac
) -> Iterator[DisputedRange]:
    rows = {span.claim.period_id: row for row, span in enumerate(spans)}
    for conflict in conflicts:
        first, second = conflict.period_ids
        yield DisputedRange(
            kind=conflict.kind,
            period_ids=conflict.period_ids,
            summary=conflict.summary,
            x0=frac(conflict.overlap_start),
            x1=frac(conflict.overlap_end),
            rows=(rows[first], rows[second]),
        )


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


def _text_summary(spans: Sequence[ClaimSpan], events: Sequence[DatedEvent]) -> tuple[str, ...]:
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
