"""A site's history on one time axis: who held it when (sourced claims) and what was damaged.

Plain Python, no Flask and no database, so the rules that decide what a reader sees -- how a
fuzzy date is drawn, where a disputed range falls, which years the axis shortens -- are
unit-tested on their own. Which claims conflict is decided in :mod:`heritage.sites.conflicts`;
this module only places them. Every position is a fraction 0..1 of the axis, so
:mod:`heritage.sites.timeline_layout` can draw the same timeline at any width without
recomputing anything.

**A broken axis, not overview + detail.** Histories run for decades around a few dense years:
Palmyra changed hands five times between May 2015 and March 2017, then not for seven years,
and on a linear axis its eventful years shrank to a fifth of the width. Two cures were weighed.
An overview with a zoomed detail draws every bar twice, at two scales the reader has to match
up, and needs its own rules for what falls outside the detail. A broken axis keeps one drawing
with one row per claim and one place for each label: long stretches in which *nothing* is
drawn to happen -- no start or end of control, not even a roughly dated one, and no recorded
damage -- are drawn short, marked with a break, with ticks on each side naming its dates and
a note under the drawing in words. Its known cost, that lengths across a break cannot be
compared, falls only on stretches where there is nothing to compare. So the axis is a
piecewise linear :class:`Scale`; a stretch is shortened only when it is at least a year long
and ``QUIET_FACTOR`` times the typical (median) gap between changes, so a history whose changes
are spread evenly keeps a plain linear axis, and shortening never reorders two dates.

Any date a ``datetime.date`` can hold must draw, from 1 January of year 1 to 31 December 9999:
one period saved as ending in 9999 once took the public page down for every reader.
"""

from __future__ import annotations

import calendar
import math
import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, date, timedelta
from itertools import pairwise
from typing import ClassVar, NamedTuple

from heritage import translate
from heritage.sites.conflicts import (
    ClaimSpan,
    Conflict,
    PeriodClaim,
    dates_text,
    find_conflicts,
    kinds_by_period,
    ordered_spans,
    strongest_kind,
)
from heritage.translate import _, ngettext
from heritage.vocab.uncertain_dates import PHRASINGS, UncertainDate

MAX_TICKS = 10
SHORT_SPAN_DAYS = 3 * 365  # below this, years would leave a bar too thin to read
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
MONTH_STEPS = (1, 2, 3, 6, 12)

# The broken axis (see the module docstring).
QUIET_MIN_DAYS = 365  # a shorter quiet stretch is never shortened
QUIET_FACTOR = 4  # ... nor one shorter than this many typical gaps between changes
MIN_GAPS = 3  # with fewer gaps between changes there is no "typical" one to compare with
MAX_BREAKS = 3
BREAK_SHARE = 0.05  # of the axis, for each shortened stretch: room for its break mark
MARGIN_SHARE = 0.04  # of the unshortened days, kept either side of a change beside a break
MIN_MARGIN_DAYS = 31
LEAD_SHARE = 0.08  # shown before a claim whose start is not known, so its bar visibly begins
# A tick's month, by interface language: 'Mar 2016' in English; Arabic has no abbreviations in
# use, so the Levantine names of dates in words ('آذار 2016', as Babel's ar_SY gives them too).
TICK_MONTHS = {"ar": PHRASINGS["ar"].months}

_Frac = Callable[[date], float]  # a day's position on the axis, 0..1


@dataclass(frozen=True)
class DatedEvent:
    """A dated damage event; ``when`` may be a range ("20–31 August 2015") or open."""

    key: str
    label: str
    when: UncertainDate
    url: str | None
    # How bad the damage was: a code the page colours the marker by (a severity term), and
    # its label, said in words too (colour alone tells nothing to many readers).
    tone: str | None = None
    tone_label: str | None = None
    tone_lang: str | None = None  # the label's language, when not the page's


class Tick(NamedTuple):
    """A gridline: where (0..1), what it says ('2015', or 'Mar 2016'), which side of the
    line its label goes ('start': to the right; 'end': to the left, before a break), and
    whether it names the edge of a break (labelled before any other tick)."""

    fraction: float
    label: str
    anchor: str = "start"
    at_break: bool = False


@dataclass(frozen=True)
class AxisPiece:
    """A stretch of the axis at one scale, from ``start`` to ``end`` at fractions ``x0`` to
    ``x1``; a ``compressed`` piece is a long quiet stretch drawn short, behind a break mark."""

    start: date
    end: date
    x0: float
    x1: float
    compressed: bool

    def fraction(self, day: date) -> float:
        """Where ``day`` falls; exactly ``x0`` and ``x1`` at the ends, so that a tick on the
        edge of a break is the same float whichever piece computes it."""
        days = (self.end - self.start).days
        if day == self.end:
            return self.x1
        if day == self.start or days <= 0:
            return self.x0
        return self.x0 + (self.x1 - self.x0) * (day - self.start).days / days

    @property
    def words(self) -> str:
        """'May 2017 to November 2024': a break starts and ends on the first of a month."""
        return _("%(start)s to %(end)s", start=month_words(self.start), end=month_words(self.end))


@dataclass(frozen=True)
class Scale:
    """Days to fractions of the axis: linear within each piece, the pieces end to end."""

    pieces: tuple[AxisPiece, ...]

    @classmethod
    def linear(cls, start: date, end: date) -> Scale:
        return cls((AxisPiece(start, end, 0.0, 1.0, compressed=False),))

    @property
    def start(self) -> date:
        return self.pieces[0].start

    @property
    def end(self) -> date:
        return self.pieces[-1].end

    def __call__(self, day: date) -> float:
        for piece in self.pieces:
            if day <= piece.end:
                return min(1.0, max(0.0, piece.fraction(day)))
        return 1.0


@dataclass(frozen=True)
class PeriodBar:
    """One claim drawn as a bar on its own row, so conflicting claims sit side by side."""

    kind: ClassVar[str] = "period"

    period_id: int
    actor_id: int
    party: str
    row: int
    x0: float
    x1: float
    fuzzy_start: bool
    fuzzy_end: bool
    ongoing: bool
    colour: str
    dates_text: str
    conflict: str | None  # "contested" wins over "disagree"; every kind is in conflict_kinds
    conflict_kinds: tuple[str, ...]  # as the period's card shows them (kinds_by_period)
    source_count: int
    supporting: tuple[str, ...] = ()

    @property
    def sources_text(self) -> str:
        return ngettext("%(num)d source", "%(num)d sources", self.source_count)

    @property
    def dates_line(self) -> str:
        """The dates on a line of their own: 'Until 20–21 May 2015', 'Since 7 December 2024'."""
        return _line_start(self.dates_text)


@dataclass(frozen=True)
class EventMark:
    """A numbered marker; ``x`` is the middle of the days the event may have happened on."""

    kind: ClassVar[str] = "event"

    key: str
    number: int
    label: str
    x: float
    x0: float
    x1: float
    date_text: str
    url: str | None
    tone: str | None = None
    tone_label: str | None = None
    tone_lang: str | None = None

    @property
    def date_line(self) -> str:
        """The date on a line of its own: 'Before November 2013'."""
        return _line_start(self.date_text)


def _line_start(text: str) -> str:
    """Text starting a line with a capital, except the abbreviation of circa ('c. 2013')."""
    return text if text.startswith("c. ") else text[:1].upper() + text[1:]


@dataclass(frozen=True)
class DisputedRange:
    """Where a conflict falls on the axis: its dates in dispute, across the rows of its claims."""

    kind: str
    period_ids: tuple[int, int]
    conflict: Conflict
    x0: float
    x1: float
    rows: tuple[int, int]


@dataclass(frozen=True)
class LegendActor:
    """An actor drawn on this timeline, in the colour it has everywhere in the registry."""

    actor_id: int
    name: str
    colour: str


@dataclass(frozen=True)
class Timeline:
    """Everything there is to draw, positions as fractions of the axis from start to end.

    ``conflicts`` are the domain's answer (dates, summaries); ``disputes`` place them.
    ``entries`` are the bars and events in date order: the phone's list and the text
    equivalent, whose names the page isolates (so no sentence here embeds one).
    """

    start: date
    end: date
    today: date
    pieces: tuple[AxisPiece, ...]
    ticks: tuple[Tick, ...]
    bars: tuple[PeriodBar, ...]
    events: tuple[EventMark, ...]
    conflicts: tuple[Conflict, ...]
    disputes: tuple[DisputedRange, ...]
    entries: tuple[PeriodBar | EventMark, ...]
    actors: tuple[LegendActor, ...]

    @property
    def breaks(self) -> tuple[AxisPiece, ...]:
        return tuple(piece for piece in self.pieces if piece.compressed)

    @property
    def axis_note(self) -> str | None:
        """'The axis is shortened from May 2017 to November 2024: …'; None if it is not."""
        if not self.breaks:
            return None
        stretches = [
            _(
                "from %(start)s to %(end)s",
                start=month_words(piece.start),
                end=month_words(piece.end),
            )
            for piece in self.breaks
        ]
        listed = stretches[0]
        for stretch in stretches[1:]:
            listed = _("%(first)s and %(second)s", first=listed, second=stretch)
        return _(
            "The axis is shortened %(stretches)s: no change of control and no damage is "
            "recorded then.",
            stretches=listed,
        )

    @property
    def has_fuzzy_ends(self) -> bool:
        return any(bar.fuzzy_start or bar.fuzzy_end for bar in self.bars)

    @property
    def has_ongoing(self) -> bool:
        return any(bar.ongoing for bar in self.bars)


def build_timeline(
    periods: Sequence[PeriodClaim], events: Sequence[DatedEvent], today: date
) -> Timeline | None:
    """Lay out a site's periods and events on one axis; None when there is nothing to draw."""
    if not periods and not events:
        return None
    spans = ordered_spans(periods, today)
    ordered_events = sorted(events, key=_event_sort_key)
    scale, short = _scale(spans, ordered_events)
    conflicts = find_conflicts(periods, today)
    bars = tuple(_bars(spans, conflicts, scale))
    marks = tuple(_event_marks(ordered_events, scale))
    return Timeline(
        start=scale.start,
        end=scale.end,
        today=today,
        pieces=scale.pieces,
        ticks=_ticks(scale, short),
        bars=bars,
        events=marks,
        conflicts=conflicts,
        disputes=tuple(_disputes(spans, conflicts, scale)),
        entries=_entries(spans, bars, ordered_events, marks),
        actors=_legend(bars),
    )


# --- the axis --------------------------------------------------------------------------------


def _scale(spans: Sequence[ClaimSpan], events: Sequence[DatedEvent]) -> tuple[Scale, bool]:
    """The axis: its range snapped outwards, broken where long and quiet; and if it is short.

    Snapping pads the drawing and puts ticks on the edges a reader expects. The axis ends
    after the last *known* date: an ongoing period runs off the right edge with an arrow
    rather than stretching the axis to today.
    """
    busy = _busy_stretches(spans, events)
    first, last = busy[0][0], max(end for __, end in busy)
    quiet = _quiet_stretches(busy)
    linear_days = (last - first).days - sum((end - start).days for start, end in quiet)
    margin = max(MIN_MARGIN_DAYS, round(linear_days * MARGIN_SHARE))
    open_starts = [span.known_start for span in spans if span.open_start]
    if open_starts:
        lead = max(margin, round(linear_days * LEAD_SHARE))
        first = min(first, _shift(min(open_starts), -lead))
    span_days = (last - first).days
    if span_days < SHORT_SPAN_DAYS:
        return _short_scale(first, last), True
    cuts = [cut for start, end in quiet if (cut := _cut(start, end, margin))]
    if not cuts:
        return Scale.linear(date(first.year, 1, 1), _month_start((last.year + 1) * 12)), False
    start = _month_floor(_shift(first, -margin))
    end = _month_ceil(_shift(last, margin))
    return _broken(start, end, cuts), False


def _busy_stretches(
    spans: Sequence[ClaimSpan], events: Sequence[DatedEvent]
) -> list[tuple[date, date]]:
    """The days on which something is drawn to happen, merged where they touch, in order.

    Every day a start or an end may mean ("May 2015" is all of May), and every day an event
    may have happened on. Nothing between two of these may be shortened.
    """
    stretches = [(span.known_start, span.known_start) for span in spans]
    for span in spans:
        for bound in (span.claim.start, span.claim.end):
            days = [day for day in (bound.earliest, bound.latest) if day] if bound else []
            if days:
                stretches.append((min(days), max(days)))
    stretches += [(_event_first_day(event), _event_last_day(event)) for event in events]
    stretches.sort()
    merged = [stretches[0]]
    for start, end in stretches[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _quiet_stretches(busy: Sequence[tuple[date, date]]) -> list[tuple[date, date]]:
    """The gaps between changes long enough to shorten, in date order (at most MAX_BREAKS).

    Long is relative: a gap counts when it is QUIET_FACTOR times the median gap, so only a
    history that is dense somewhere has anything shortened, and at least a year.
    """
    gaps = [(end, start) for (_, end), (start, _) in pairwise(busy)]
    if len(gaps) < MIN_GAPS:
        return []
    typical = statistics.median((end - start).days for start, end in gaps)
    threshold = max(QUIET_MIN_DAYS, QUIET_FACTOR * typical)
    long = [gap for gap in gaps if (gap[1] - gap[0]).days >= threshold]
    longest = sorted(long, key=lambda gap: (gap[1] - gap[0]).days, reverse=True)
    return sorted(longest[:MAX_BREAKS])


def _cut(start: date, end: date, margin: int) -> tuple[date, date] | None:
    """What is shortened of a quiet stretch: all but ``margin`` days at each end (so a change
    beside a break is not drawn against it), whole months, and at least half a year."""
    cut_start = _month_ceil(_shift(start, margin))
    cut_end = _month_floor(_shift(end, -margin))
    if (cut_end - cut_start).days < QUIET_MIN_DAYS // 2:
        return None
    return cut_start, cut_end


def _broken(start: date, end: date, cuts: Sequence[tuple[date, date]]) -> Scale:
    """Linear pieces sharing the axis by their days, each cut drawn BREAK_SHARE wide."""
    spans: list[tuple[date, date, bool]] = []
    cursor = start
    for cut_start, cut_end in cuts:
        if cut_start > cursor:
            spans.append((cursor, cut_start, False))
        spans.append((cut_start, cut_end, True))
        cursor = cut_end
    if end > cursor:
        spans.append((cursor, end, False))
    linear_days = sum((b - a).days for a, b, compressed in spans if not compressed)
    linear_share = 1 - BREAK_SHARE * len(cuts)
    pieces = []
    x = 0.0
    for index, (a, b, compressed) in enumerate(spans):
        width = BREAK_SHARE if compressed else linear_share * (b - a).days / linear_days
        x1 = 1.0 if index == len(spans) - 1 else x + width
        pieces.append(AxisPiece(a, b, x, x1, compressed))
        x = x1
    return Scale(tuple(pieces))


def _short_scale(first: date, last: date) -> Scale:
    """Under three years: snapped to quarters, or to months under one."""
    months = 3 if (last - first).days > 365 else 1
    start_month = (first.month - 1) // months * months + 1
    start = date(first.year, start_month, 1)
    end_index = last.year * 12 + (last.month - 1) // months * months + months
    return Scale.linear(start, _month_start(end_index))


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at the ends of the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _month_floor(day: date) -> date:
    return day.replace(day=1)


def _month_ceil(day: date) -> date:
    return day if day.day == 1 else _month_start(day.year * 12 + day.month)


def _month_start(index: int) -> date:
    """The first day of month ``index`` (year * 12 + month - 1), or the calendar's last day.

    The axis ends on the first day after the last date; after December 9999 there is none, and
    date(10000, 1, 1) raised on every page load. Ending one day short at 9999 moves nothing a
    reader can see.
    """
    year, month = divmod(index, 12)
    return date(year, month + 1, 1) if year <= MAXYEAR else date.max


def month_words(day: date) -> str:
    """'May 2017' (the month of ``day``, in the reader's language), for a break's edges."""
    phrasing = PHRASINGS.get(translate.language(), PHRASINGS["en"])
    return phrasing.month.format(month=phrasing.months[day.month - 1], year=day.year)


def _ticks(scale: Scale, short: bool) -> tuple[Tick, ...]:
    """Gridlines: ten at most on a plain axis; on a broken one, each piece ticked at its own
    scale, and both edges of each break named."""
    if len(scale.pieces) == 1:
        start, end = scale.start, scale.end
        if short:
            return _month_ticks(start, end, scale, MAX_TICKS)
        return _year_ticks(start, end, scale, MAX_TICKS)
    ticks: list[Tick] = []
    pieces = scale.pieces
    for index, piece in enumerate(pieces):
        if piece.compressed:
            continue
        limit = max(1, math.ceil(MAX_TICKS * 1.25 * (piece.x1 - piece.x0)))
        long = (piece.end - piece.start).days >= SHORT_SPAN_DAYS
        inner = (
            _year_ticks(piece.start, piece.end, scale, limit)
            if long
            else _month_ticks(piece.start, piece.end, scale, limit)
        )
        after_break = index > 0 and pieces[index - 1].compressed
        before_break = index < len(pieces) - 1 and pieces[index + 1].compressed
        edges = []
        if after_break:
            edges.append(Tick(piece.x0, _tick_label(piece.start, long), "start", at_break=True))
        if before_break:
            edges.append(Tick(piece.x1, _tick_label(piece.end, long), "end", at_break=True))
        taken = {edge.fraction for edge in edges}
        ticks += sorted([*edges, *(t for t in inner if t.fraction not in taken)])
    return tuple(sorted(ticks, key=lambda tick: tick.fraction))


def _tick_label(day: date, years: bool) -> str:
    return str(day.year) if years and (day.month, day.day) == (1, 1) else _month_label(day)


def _month_label(day: date) -> str:
    """'Mar 2016', 'آذار 2016'."""
    months = TICK_MONTHS.get(translate.language())
    month = months[day.month - 1] if months else calendar.month_abbr[day.month]
    return f"{month} {day.year}"


def _year_ticks(start: date, end: date, frac: _Frac, limit: int) -> tuple[Tick, ...]:
    """Ticks on 1 January, every 1, 2, 5, 10 ... years so that there are at most ``limit``."""
    years = [y for y in range(start.year, end.year + 1) if start <= date(y, 1, 1) <= end]
    step = next(
        (s for s in YEAR_STEPS if sum(1 for y in years if y % s == 0) <= limit), YEAR_STEPS[-1]
    )
    return tuple(Tick(frac(date(y, 1, 1)), str(y)) for y in years if y % step == 0)


def _month_ticks(start: date, end: date, frac: _Frac, limit: int) -> tuple[Tick, ...]:
    """Ticks on the first of every 1, 2, 3, 6 or 12 months, labelled 'Mar 2016'."""
    months = [m for m in _month_starts(start, end) if start <= m <= end]
    step = next(
        (s for s in MONTH_STEPS if sum(1 for m in months if (m.month - 1) % s == 0) <= limit),
        MONTH_STEPS[-1],
    )
    return tuple(Tick(frac(m), _month_label(m)) for m in months if (m.month - 1) % step == 0)


def _month_starts(start: date, end: date) -> Iterator[date]:
    """The first of every month from start's to end's, counted so as never to pass 9999."""
    for index in range(start.year * 12 + start.month - 1, end.year * 12 + end.month):
        yield _month_start(index)


# --- periods ---------------------------------------------------------------------------------


def _bars(
    spans: Sequence[ClaimSpan], conflicts: Sequence[Conflict], frac: _Frac
) -> Iterator[PeriodBar]:
    kinds = kinds_by_period(conflicts)
    for row, span in enumerate(spans):
        claim = span.claim
        own_kinds = kinds.get(claim.period_id, ())
        yield PeriodBar(
            period_id=claim.period_id,
            actor_id=claim.actor_id,
            party=claim.party,
            row=row,
            x0=frac(span.wide_start),
            x1=frac(span.wide_end),
            fuzzy_start=_is_fuzzy(claim.start),
            fuzzy_end=claim.end is not None and _is_fuzzy(claim.end),
            ongoing=claim.end is None,
            colour=claim.colour,
            dates_text=dates_text(claim),
            conflict=strongest_kind(own_kinds),
            conflict_kinds=own_kinds,
            source_count=claim.source_count,
            supporting=claim.supporting,
        )


def _is_fuzzy(when: UncertainDate | None) -> bool:
    """Whether a bound is drawn as a faded edge: not known, not known to the day, or open."""
    return when is None or when.earliest is None or when.earliest != when.latest


def _disputes(
    spans: Sequence[ClaimSpan], conflicts: Sequence[Conflict], frac: _Frac
) -> Iterator[DisputedRange]:
    rows = {span.claim.period_id: row for row, span in enumerate(spans)}
    for conflict in conflicts:
        first, second = conflict.period_ids
        yield DisputedRange(
            kind=conflict.kind,
            period_ids=conflict.period_ids,
            conflict=conflict,
            x0=frac(conflict.overlap_start),
            x1=frac(conflict.overlap_end),
            rows=(rows[first], rows[second]),
        )


def _legend(bars: Sequence[PeriodBar]) -> tuple[LegendActor, ...]:
    """Each controlling actor once, in the order the rows first show it."""
    seen: dict[int, LegendActor] = {}
    for bar in bars:
        seen.setdefault(bar.actor_id, LegendActor(bar.actor_id, bar.party, bar.colour))
    return tuple(seen.values())


# --- events ----------------------------------------------------------------------------------


def _event_sort_key(event: DatedEvent) -> tuple[date, date, str, str]:
    return (_event_first_day(event), _event_last_day(event), event.label, event.key)


def _event_first_day(event: DatedEvent) -> date:
    """An event known only as "before X" is placed at X: the axis must not run to year 1."""
    return event.when.earliest or _event_last_day(event)


def _event_last_day(event: DatedEvent) -> date:
    return event.when.latest or event.when.earliest or date.max


def _event_marks(events: Sequence[DatedEvent], frac: _Frac) -> Iterator[EventMark]:
    for number, event in enumerate(events, start=1):
        x0 = frac(_event_first_day(event))
        x1 = frac(_event_last_day(event))
        yield EventMark(
            key=event.key,
            number=number,
            label=event.label,
            x=(x0 + x1) / 2,
            x0=x0,
            x1=x1,
            date_text=event.when.words(),
            url=_safe_url(event.url),
            tone=event.tone,
            tone_label=event.tone_label,
            tone_lang=event.tone_lang,
        )


def _safe_url(url: str | None) -> str | None:
    """Only site-relative and http(s) links: escaping alone lets 'javascript:' through."""
    if url and (url.startswith(("http://", "https://")) or url.startswith("/")):
        return url
    return None


# --- the list and the text equivalent --------------------------------------------------------


def _entries(
    spans: Sequence[ClaimSpan],
    bars: Sequence[PeriodBar],
    events: Sequence[DatedEvent],
    marks: Sequence[EventMark],
) -> tuple[PeriodBar | EventMark, ...]:
    """Periods and events in date order, a period before an event of the same day.

    A period whose start is not known comes first: it began before anything else it is
    compared with (see :func:`~heritage.sites.conflicts.ordered_spans`).
    """
    dated: list[tuple[date, int, int, PeriodBar | EventMark]] = [
        (span.wide_start, 0, bar.row, bar) for span, bar in zip(spans, bars, strict=True)
    ]
    dated += [
        (_event_first_day(event), 1, mark.number, mark)
        for event, mark in zip(events, marks, strict=True)
    ]
    return tuple(item for *_, item in sorted(dated, key=lambda entry: entry[:3]))
