"""The geometry of a timeline drawing: every element's SVG coordinates at one width.

A :class:`~heritage.sites.timeline.Timeline` places things as fractions of its axis; this turns
that into absolute positions for a drawing ``width`` units wide, so ``_timeline.html`` only
loops and prints. Label widths, clamping, rows and thinned ticks were once Jinja arithmetic
that no test could reach; here a test can check that no label runs off the drawing.

Text cannot be measured on the server, so widths are estimated per character from DejaVu
Sans, the widest sans-serif a browser is likely to fall back to: an estimate errs wide, and a
label clamped a little too far in is better than one cut off at the edge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from heritage.sites.conflicts import CONTESTED, DISAGREE
from heritage.sites.timeline import EventMark, PeriodBar, Timeline

DESKTOP_WIDTH = 1000  # the site page's full-width column
PHONE_WIDTH = 420  # drawn below Bootstrap's md breakpoint, where text must stay large
ONE_LINE_FROM = 640  # narrower, a party and its dates start on two lines
FONT_SIZE = 14
MAX_LANES = 6

# Advance widths in ems, by character class, from DejaVu Sans (see the module docstring).
_NARROW = frozenset(" .,:;'’‘·|!ijlIJ/\\")
_SEMI = frozenset('ftr()[]-"*')
_WIDE = frozenset("mwMW%@—…")
_SYMBOLS = frozenset("#+=<>~^_&$")  # DejaVu Sans draws these about 0.84 em wide
_BOLD = 1.1  # weight 600 renders as bold: DejaVu Sans Bold is at most this much wider
ELLIPSIS = "…"


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class TickDrawing:
    """A gridline from the axis to the bottom; ``label`` is None where labels would collide."""

    line: Segment
    label: str | None
    label_x: float
    label_y: float


@dataclass(frozen=True)
class GradientStop:
    offset: float
    faded: bool


@dataclass(frozen=True)
class Fade:
    """The gradient that fades a bar's roughly known ends; ``name`` follows the id prefix."""

    name: str
    colour: int
    stops: tuple[GradientStop, ...]


@dataclass(frozen=True)
class TextRun:
    """Part of a label line, in its own class (the party bold, conflict tags in red)."""

    text: str
    css_class: str | None


@dataclass(frozen=True)
class LabelLine:
    """One line of a bar's label; ``width`` is its estimated extent from ``x``."""

    x: float
    y: float
    anchor: str
    css_class: str
    runs: tuple[TextRun, ...]
    width: float


@dataclass(frozen=True)
class BarDrawing:
    """A claim's row: its label lines, its bar, an arrow if ongoing and an outline if in dispute.

    ``top`` and ``bottom`` bound the row; the next row starts at ``bottom``.
    """

    period_id: int
    title: str
    colour: int
    top: float
    bottom: float
    lines: tuple[LabelLine, ...]
    rect: Rect
    fade: str | None
    arrow: str | None
    outline: Rect | None


@dataclass(frozen=True)
class DisputeDrawing:
    """Hatching behind the rows of two conflicting claims, over the dates in dispute."""

    rect: Rect
    summary: str


@dataclass(frozen=True)
class EventDrawing:
    """A numbered marker in its lane, with a guide up to the rows and the span it may cover."""

    number: int
    url: str | None
    title: str
    cx: float
    cy: float
    r: float
    guide: Segment
    span: Segment | None
    number_y: float
    number_size: float


@dataclass(frozen=True)
class TimelineDrawing:
    """Everything ``_timeline.html`` draws for one width, in viewBox units."""

    width: int
    height: int
    font_size: float
    description: str
    axis: Segment
    ticks: tuple[TickDrawing, ...]
    fades: tuple[Fade, ...]
    disputes: tuple[DisputeDrawing, ...]
    bars: tuple[BarDrawing, ...]
    events_label: tuple[float, float] | None
    events: tuple[EventDrawing, ...]


@dataclass(frozen=True)
class _Metrics:
    """The sizes every part of a drawing derives from its width and font size."""

    width: int
    fs: float

    @property
    def margin(self) -> float:
        return self.fs

    @property
    def plot_w(self) -> float:
        return self.width - 2 * self.margin

    @property
    def line_h(self) -> float:
        return self.fs * 1.3

    @property
    def bar_h(self) -> float:
        return self.fs

    @property
    def axis_y(self) -> float:
        return self.fs * 2

    @property
    def r(self) -> float:
        return self.fs * 0.8

    @property
    def lane_h(self) -> float:
        return 2 * self.r + self.fs * 0.4

    def x(self, fraction: float) -> float:
        return self.margin + fraction * self.plot_w


def layout_timeline(
    timeline: Timeline, width: int, font_size: float = FONT_SIZE
) -> TimelineDrawing:
    """Place every element of ``timeline`` on a drawing ``width`` units wide."""
    m = _Metrics(width, font_size)
    bars = _bar_rows(timeline.bars, m)
    events_top = bars[-1].bottom if bars else m.axis_y + m.fs * 0.6
    lanes = event_lanes(timeline.events, (2 * m.r + m.fs * 0.3) / m.plot_w)
    lane_count = max(lanes) + 1 if lanes else 0
    events_h = (m.line_h + m.fs * 0.3 + lane_count * m.lane_h) if timeline.events else 0
    height = events_top + events_h + m.fs * 0.5
    return TimelineDrawing(
        width=width,
        height=round(height),
        font_size=font_size,
        description=" ".join([*timeline.text_summary, *(c.summary for c in timeline.conflicts)]),
        axis=Segment(m.margin, m.axis_y, width - m.margin, m.axis_y),
        ticks=_ticks(timeline, m, height),
        fades=tuple(_fade(bar, m) for bar in timeline.bars if bar.fuzzy_start or bar.fuzzy_end),
        disputes=tuple(_disputes(timeline, bars, m)),
        bars=bars,
        events_label=(m.margin, _r(events_top + m.fs)) if timeline.events else None,
        events=tuple(_events(timeline.events, lanes, events_top, m)),
    )


def event_lanes(
    events: Sequence[EventMark], min_gap: float, max_lanes: int = MAX_LANES
) -> tuple[int, ...]:
    """The lane of each event marker so that none hide another at the drawing's width.

    Markers are far wider than a day (Palmyra's temples fell a week apart), so close
    events are stacked; ``min_gap`` is a marker's width as a fraction of the axis. Past
    ``max_lanes`` markers share the lane that frees first rather than grow the drawing.
    """
    half = min_gap / 2
    lane_ends: list[float] = []
    lanes = [0] * len(events)
    # In number order, so a stack of close markers reads 2, 3, 4 from the top down.
    extents = [(min(e.x0, e.x - half), max(e.x1, e.x + half)) for e in events]
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


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """An estimate of the width ``text`` takes, generous rather than tight."""
    ems = sum(_char_ems(char) for char in text)
    return ems * font_size * (_BOLD if bold else 1.0)


def _char_ems(char: str) -> float:
    if char in _NARROW:
        return 0.32
    if char in _SEMI:
        return 0.45
    if char in _WIDE:
        return 1.0
    if char in _SYMBOLS:
        return 0.84
    if "A" <= char <= "Z":
        return 0.78
    return 0.64 if char.isascii() else 0.7


def _r(value: float) -> float:
    """One decimal is finer than a pixel at any width the page draws, and keeps the HTML short."""
    return round(value, 1)


# --- the axis --------------------------------------------------------------------------------


def _ticks(timeline: Timeline, m: _Metrics, height: float) -> tuple[TickDrawing, ...]:
    """Gridlines with their labels just right of them, thinned so that no two collide."""
    ticks = timeline.ticks
    widest = max((text_width(t.label, m.fs) for t in ticks), default=text_width("0000", m.fs))
    gap = (ticks[1].fraction - ticks[0].fraction) * m.plot_w if len(ticks) > 1 else m.width
    every = math.ceil((widest + m.fs) / max(gap, 1))
    drawn = []
    for index, tick in enumerate(ticks):
        x = m.x(tick.fraction)
        fits = x + 4 + text_width(tick.label, m.fs) <= m.width
        drawn.append(
            TickDrawing(
                line=Segment(_r(x), _r(m.axis_y - m.fs * 0.5), _r(x), _r(height - m.fs * 0.5)),
                label=tick.label if index % every == 0 and fits else None,
                label_x=_r(x + 4),
                label_y=_r(m.axis_y - m.fs * 0.5),
            )
        )
    return tuple(drawn)


# --- rows ------------------------------------------------------------------------------------


def _bar_rows(bars: Sequence[PeriodBar], m: _Metrics) -> tuple[BarDrawing, ...]:
    """One row per claim, each as tall as its label needs, stacked from below the axis."""
    top = m.axis_y + m.fs * 0.6
    rows = []
    for bar in bars:
        row = _bar(bar, top, m)
        rows.append(row)
        top = row.bottom
    return tuple(rows)


def _bar(bar: PeriodBar, top: float, m: _Metrics) -> BarDrawing:
    bx0 = m.x(bar.x0)
    bw = max((bar.x1 - bar.x0) * m.plot_w, 3)  # a day-long claim still shows
    lines = _label(bar, top, bx0, bx0 + bw, m)
    by = top + len(lines) * m.line_h
    tip = min(bx0 + bw + m.bar_h * 0.8, m.width - 2)
    arrow = (
        f"{_r(bx0 + bw - 1)},{_r(by - 3)} {_r(tip)},{_r(by + m.bar_h / 2)} "
        f"{_r(bx0 + bw - 1)},{_r(by + m.bar_h + 3)}"
    )
    return BarDrawing(
        period_id=bar.period_id,
        title=_bar_title(bar),
        colour=bar.colour,
        top=_r(top),
        bottom=_r(by + m.bar_h + m.fs * 0.9),
        lines=lines,
        rect=Rect(_r(bx0), _r(by), _r(bw), m.bar_h),
        fade=f"fade-{bar.row}" if bar.fuzzy_start or bar.fuzzy_end else None,
        arrow=arrow if bar.ongoing else None,
        outline=Rect(_r(bx0 - 2), _r(by - 2), _r(bw + 4), m.bar_h + 4) if bar.conflict else None,
    )


def _tags(bar: PeriodBar) -> str:
    """What the label says about the claim's conflicts, as the period cards' badges do."""
    tags = ["sources disagree"] if DISAGREE in bar.conflict_kinds else []
    tags += ["contested"] if CONTESTED in bar.conflict_kinds else []
    return " · ".join(tags)


def _bar_title(bar: PeriodBar) -> str:
    """'ISIS, May 2015 – May 2016 (1 source): sources disagree · contested' (the tooltip)."""
    sources = "1 source" if bar.source_count == 1 else f"{bar.source_count} sources"
    tags = _tags(bar)
    return f"{bar.party}, {bar.dates_text} ({sources})" + (f": {tags}" if tags else "")


_Line = tuple[str, tuple[TextRun, ...]]  # a line's class and its runs, before placing


def _label(
    bar: PeriodBar, top: float, bar_start: float, bar_end: float, m: _Metrics
) -> tuple[LabelLine, ...]:
    """The label above a bar: on as few lines as fit, clamped inside the drawing.

    Beside the bar's start when it is in the left half, ending at the bar's end in the right
    half, so a label reads from its bar; moved in from an edge it would cross.
    """
    lines = _fitting_lines(bar, m)
    widths = [_line_width(runs, css, m.fs) for css, runs in lines]
    widest = max(widths)
    left, right = m.margin, m.width - m.margin
    if bar.x0 < 0.5:
        anchor, x = "start", min(max(bar_start, left), max(left, right - widest))
    else:
        anchor, x = "end", max(min(bar_end, right), min(right, left + widest))
    return tuple(
        LabelLine(_r(x), _r(top + m.fs + i * m.line_h), anchor, css, runs, _r(width))
        for i, ((css, runs), width) in enumerate(zip(lines, widths, strict=True))
    )


def _fitting_lines(bar: PeriodBar, m: _Metrics) -> tuple[_Line, ...]:
    """Party, dates and tags on one line if they fit; else the party above its dates.

    On a phone the party is always above its dates. Whatever still does not fit is wrapped
    between words, so nothing is lost; only a single word wider than the drawing is cut short.
    """
    tags = _tags(bar)
    tag_run = (TextRun(f" · {tags}", "tl-tag"),) if tags else ()
    one_line: _Line = (
        "tl-label",
        (TextRun(bar.party, "tl-party"), TextRun(f" · {bar.dates_text}", None), *tag_run),
    )
    if m.width >= ONE_LINE_FROM and _fits(one_line, m):
        return (one_line,)
    dates_line: _Line = ("tl-label", (TextRun(bar.dates_text, None), *tag_run))
    if _fits(dates_line, m):
        rest: tuple[_Line, ...] = (dates_line,)
    else:
        rest = _wrapped(bar.dates_text, "tl-label", None, m)
        rest += _wrapped(tags, "tl-label", "tl-tag", m) if tags else ()
    return _wrapped(bar.party, "tl-label tl-party", None, m) + rest


def _fits(line: _Line, m: _Metrics) -> bool:
    css, runs = line
    return _line_width(runs, css, m.fs) <= m.plot_w


def _wrapped(text: str, css: str, run_class: str | None, m: _Metrics) -> tuple[_Line, ...]:
    """``text`` broken between words into lines of one run that each fit the plot."""
    bold = _is_bold(TextRun(text, run_class), css)
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(joined, m.fs, bold=bold) <= m.plot_w:
            lines[-1] = joined
        else:
            lines.append(_cut(word, bold, m))
    return tuple((css, (TextRun(line, run_class),)) for line in lines)


def _cut(word: str, bold: bool, m: _Metrics) -> str:
    """A word wider than the drawing, shortened to fit with an ellipsis."""
    if text_width(word, m.fs, bold=bold) <= m.plot_w:
        return word
    while word and text_width(word + ELLIPSIS, m.fs, bold=bold) > m.plot_w:
        word = word[:-1]
    return word + ELLIPSIS


def _is_bold(run: TextRun, line_class: str) -> bool:
    classes = f"{line_class} {run.css_class or ''}".split()
    return "tl-party" in classes or "tl-tag" in classes


def _line_width(runs: Sequence[TextRun], css: str, fs: float) -> float:
    return sum(text_width(run.text, fs, bold=_is_bold(run, css)) for run in runs)


def _fade(bar: PeriodBar, m: _Metrics) -> Fade:
    """Faded ends a fixed width wide, at most 40% of the bar each, so short bars keep a body."""
    fade = max(m.width * 0.025, m.fs)
    f = round(min(fade / max((bar.x1 - bar.x0) * m.plot_w, 1), 0.4), 3)
    start = (GradientStop(0, True), GradientStop(f, False)) if bar.fuzzy_start else ()
    end = (GradientStop(round(1 - f, 3), False), GradientStop(1, True)) if bar.fuzzy_end else ()
    return Fade(
        name=f"fade-{bar.row}",
        colour=bar.colour,
        stops=(start or (GradientStop(0, False),)) + (end or (GradientStop(1, False),)),
    )


def _disputes(
    timeline: Timeline, rows: Sequence[BarDrawing], m: _Metrics
) -> tuple[DisputeDrawing, ...]:
    """Hatching from just above the upper bar to just below the lower, at least 6 units wide."""
    drawn = []
    for dispute in timeline.disputes:
        upper, lower = rows[min(dispute.rows)], rows[max(dispute.rows)]
        real_w = (dispute.x1 - dispute.x0) * m.plot_w
        width = max(real_w, 6)
        y0 = upper.rect.y - m.fs * 0.3
        y1 = lower.rect.y + m.bar_h + m.fs * 0.3
        rect = Rect(_r(m.x(dispute.x0) - (width - real_w) / 2), _r(y0), _r(width), _r(y1 - y0))
        drawn.append(DisputeDrawing(rect, dispute.summary))
    return tuple(drawn)


# --- events ----------------------------------------------------------------------------------


def _events(
    events: Sequence[EventMark], lanes: Sequence[int], top: float, m: _Metrics
) -> list[EventDrawing]:
    """Markers in their lanes; a guide runs up to the rows (not through them: it struck out
    the party labels), and a line shows the days an imprecise event may have happened on."""
    drawn = []
    for event, lane in zip(events, lanes, strict=True):
        cx = m.x(event.x)
        cy = top + m.line_h + m.fs * 0.3 + lane * m.lane_h + m.r
        span = None
        if event.x1 - event.x0 > 0.002:
            span = Segment(_r(m.x(event.x0)), _r(cy), _r(m.x(event.x1)), _r(cy))
        drawn.append(
            EventDrawing(
                number=event.number,
                url=event.url,
                title=f"{event.number}. {event.label} ({event.date_text})",
                cx=_r(cx),
                cy=_r(cy),
                r=_r(m.r),
                guide=Segment(_r(cx), _r(top + m.line_h * 0.5), _r(cx), _r(cy)),
                span=span,
                number_y=_r(cy + m.fs * 0.3),
                number_size=_r(m.fs * 0.8),
            )
        )
    return drawn
