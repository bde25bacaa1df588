"""The geometry of a timeline drawing: every element's SVG coordinates at one width.

A :class:`~heritage.sites.timeline.Timeline` places things as fractions of its axis; this turns
that into absolute positions for a drawing ``width`` units wide, so ``_timeline.html`` only
loops and prints. Label widths, clamping, rows and thinned ticks were once Jinja arithmetic
that no test could reach; here a test can check that no label runs off the drawing.

A bar's label sits beside it, on the bar's own row: to its right if it fits, else to its
left, else (on two lines) right or left, else above it, wrapped. Each claim has a row of its
own, so a label never meets another row's, and a one-day claim keeps its label like any other.

Text cannot be measured on the server, so widths are estimated per character from DejaVu
Sans, the widest sans-serif a browser is likely to fall back to: an estimate errs wide, and a
label clamped a little too far in is better than one cut off at the edge. Arabic letters are
estimated from the widest of DejaVu Sans and Noto Sans, Naskh and Kufi Arabic, with the wider
form a word's last letter takes.

Names people typed (parties) are isolated for bidi: in ``<text>`` as a ``<tspan>`` with
``unicode-bidi="plaintext"``, an isolate whose direction is its first strong letter's, as
``<bdi>`` does in HTML (a ``direction="rtl"`` attribute on a name made Chromium anchor the
whole line from its other end, off the drawing); in a ``<title>`` (plain text) between U+2068
and U+2069.

For a right-to-left reader (Arabic) the drawing is laid out as for a left-to-right one and
then mirrored (:func:`_mirrored`): time runs from right to left with the same data. The SVG
then takes the page's ``direction: rtl`` (static/css/timeline.css), in which a text-anchor of
'start' is a text's right end, so the anchors stay as they are and every label still extends
away from its bar or gridline.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from heritage import translate
from heritage.sites.conflicts import CONFLICT_LABELS, FSI, PDI, isolated
from heritage.sites.timeline import AxisPiece, EventMark, PeriodBar, Timeline, month_words
from heritage.translate import _

DESKTOP_WIDTH = 1000  # the site page's column from Bootstrap's lg breakpoint up
COMPACT_WIDTH = 700  # from md to lg: the desktop drawing would shrink its text to 10 px there
ONE_LINE_FROM = 640  # narrower, a label above its bar puts the party and its dates on two lines
FONT_SIZE = 14
MAX_LANES = 6
MIN_BAR_WIDTH = 3  # a day-long claim still shows
OUTLINE_PAD = 2  # the dashed outline of a claim in conflict, around its bar
ARROW_SHARE = 0.8  # an ongoing bar's arrow, as a share of the bar's height

# Advance widths in ems, by character class, from DejaVu Sans (see the module docstring).
_NARROW = frozenset(" .,:;'’‘·|!ijlIJ/\\")
_SEMI = frozenset('ftr()[]-"*')
_WIDE = frozenset("mwMW%@—…")
_SYMBOLS = frozenset("#+=<>~^_&$")  # DejaVu Sans draws these about 0.84 em wide
_BOLD = 1.1  # weight 600 renders as bold: DejaVu Sans Bold is at most this much wider
# Arabic letters, joined as in a word, by the widest of DejaVu Sans and Noto Sans, Naskh and
# Kufi Arabic (measured in Chromium, bold counted by _BOLD), rounded up; the last letter of a
# word takes its final or isolated form, up to half an em wider (a lone ب is twice a joined one).
_ARABIC_EMS = {
    **dict.fromkeys("سشصض", 1.05),
    **dict.fromkeys("طظه", 0.92),
    **dict.fromkeys("فقكکگحجخچم", 0.75),
    **dict.fromkeys("ةعغوؤدذرزژء", 0.62),
    **dict.fromkeys("بتثنيىئلپیټڅ", 0.5),
    **dict.fromkeys("اأإآٱـ", 0.35),
}
_ARABIC_LETTER_EMS = 0.75  # a letter not in the table
_ARABIC_WORD_END_EMS = 0.5
ELLIPSIS = "…"
SEPARATOR = " · "


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
    """A gridline from the axis to the bottom; ``label`` is None where labels would collide.

    ``anchor`` is the label's text-anchor: 'start' right of the line, 'end' left of it (the
    other way round in a right-to-left drawing, where text starts at its right end).
    """

    line: Segment
    label: str | None
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class BreakDrawing:
    """A shortened stretch: a faint band down the drawing and a zigzag in place of the axis."""

    band: Rect
    zigzag: str
    title: str


@dataclass(frozen=True)
class GradientStop:
    offset: float
    faded: bool


@dataclass(frozen=True)
class Fade:
    """The gradient that fades a bar's roughly known ends; ``name`` follows the id prefix."""

    name: str
    colour: str
    stops: tuple[GradientStop, ...]


@dataclass(frozen=True)
class TextRun:
    """Part of a label line in its own class (the party bold, conflict tags in red).

    ``isolate`` is set on a name someone typed: the run is drawn as a bidi isolate.
    """

    text: str
    css_class: str | None
    isolate: bool = False


@dataclass(frozen=True)
class LabelLine:
    """One line of a bar's label; ``width`` is its estimated extent from ``x``."""

    x: float
    y: float
    anchor: str
    css_class: str
    runs: tuple[TextRun, ...]
    width: float
    right_to_left: bool = False  # then 'start' is the line's right end, as SVG anchors RTL text

    @property
    def left(self) -> float:
        starts_left = (self.anchor == "start") != self.right_to_left
        return self.x if starts_left else self.x - self.width

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True)
class BarDrawing:
    """A claim's row: its bar, label lines beside or above it, an arrow if ongoing, an outline
    if in dispute, and a cut where it crosses a break.

    ``top`` and ``bottom`` bound the row; the next row starts at ``bottom``. ``placement``
    says where the label went: 'right', 'left' or 'above'.
    """

    period_id: int
    title: str
    colour: str
    top: float
    bottom: float
    placement: str
    lines: tuple[LabelLine, ...]
    rect: Rect
    fade: str | None
    arrow: str | None
    outline: Rect | None
    cuts: tuple[str, ...]


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
    tone: str | None = None


@dataclass(frozen=True)
class TimelineDrawing:
    """Everything ``_timeline.html`` draws for one width, in viewBox units."""

    width: int
    height: int
    font_size: float
    axis: tuple[Segment, ...]  # one per stretch drawn to scale; breaks draw their zigzag
    ticks: tuple[TickDrawing, ...]
    breaks: tuple[BreakDrawing, ...]
    fades: tuple[Fade, ...]
    disputes: tuple[DisputeDrawing, ...]
    bars: tuple[BarDrawing, ...]
    events_label: tuple[float, float] | None
    events: tuple[EventDrawing, ...]
    right_to_left: bool = False  # time runs right to left; text anchors are the text's own


@dataclass(frozen=True)
class _Metrics:
    """The sizes every part of a drawing derives from its width and font size."""

    width: int
    fs: float

    @property
    def margin(self) -> float:
        return self.fs

    @property
    def right(self) -> float:
        return self.width - self.margin

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
    def gap(self) -> float:
        """Between a bar (or its arrow or outline) and a label beside it."""
        return self.fs * 0.5

    @property
    def row_gap(self) -> float:
        return self.fs * 0.6

    @property
    def axis_y(self) -> float:
        return self.fs * 2

    @property
    def rows_top(self) -> float:
        return self.axis_y + self.fs * 0.6

    @property
    def r(self) -> float:
        return self.fs * 0.8

    @property
    def lane_h(self) -> float:
        return 2 * self.r + self.fs * 0.4

    def x(self, fraction: float) -> float:
        return self.margin + fraction * self.plot_w


def layout_timeline(
    timeline: Timeline,
    width: int,
    font_size: float = FONT_SIZE,
    *,
    right_to_left: bool | None = None,
) -> TimelineDrawing:
    """Place every element of ``timeline`` on a drawing ``width`` units wide.

    ``right_to_left`` draws time from right to left, as an Arabic reader reads it; by default
    it does when the reader's language is written right to left.
    """
    if right_to_left is None:
        right_to_left = translate.right_to_left()
    drawing = _layout(timeline, width, font_size)
    return _mirrored(drawing) if right_to_left else drawing


def _layout(timeline: Timeline, width: int, font_size: float) -> TimelineDrawing:
    """The drawing with time running from left to right."""
    m = _Metrics(width, font_size)
    bars = _bar_rows(timeline, m)
    events_top = bars[-1].bottom if bars else m.rows_top
    lanes = event_lanes(timeline.events, (2 * m.r + m.fs * 0.3) / m.plot_w)
    lane_count = max(lanes) + 1 if lanes else 0
    events_h = (m.line_h + m.fs * 0.3 + lane_count * m.lane_h) if timeline.events else 0
    height = events_top + events_h + m.fs * 0.5
    return TimelineDrawing(
        width=width,
        height=math.ceil(height),
        font_size=font_size,
        axis=tuple(
            Segment(_r(m.x(piece.x0)), m.axis_y, _r(m.x(piece.x1)), m.axis_y)
            for piece in timeline.pieces
            if not piece.compressed
        ),
        ticks=_ticks(timeline, m, height),
        breaks=tuple(_break(piece, m, height) for piece in timeline.breaks),
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
    ems = sum(_char_ems(char) for char in text) + _ARABIC_WORD_END_EMS * _arabic_word_ends(text)
    return ems * font_size * (_BOLD if bold else 1.0)


def _is_arabic_letter(char: str) -> bool:
    return unicodedata.bidirectional(char) == "AL" and unicodedata.category(char) == "Lo"


def _arabic_word_ends(text: str) -> int:
    """How many Arabic letters end a word (or a run of Arabic letters)."""
    letters = [_is_arabic_letter(char) for char in text if unicodedata.category(char) != "Mn"]
    return sum(1 for letter, after in pairwise([*letters, False]) if letter and not after)


def _char_ems(char: str) -> float:
    if char in _ARABIC_EMS:
        return _ARABIC_EMS[char]
    if unicodedata.category(char) == "Mn":
        return 0.0  # a vowel mark or shadda, drawn over or under its letter
    if _is_arabic_letter(char):
        return _ARABIC_LETTER_EMS
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
    """Every gridline; labels where they fit without touching another, inside the drawing.

    The edges of a break are labelled first (they say which years it hides), then the other
    ticks from left to right, each when it keeps clear of every label already placed. A label
    that would overrun an edge of the drawing is moved in, as long as it still reaches its
    line.
    """
    ticks = timeline.ticks
    placed: list[tuple[float, float]] = []
    label_xs: dict[int, float] = {}
    clearance = m.fs * 0.5
    order = sorted(range(len(ticks)), key=lambda i: (not ticks[i].at_break, i))
    for i in order:
        tick = ticks[i]
        label_x, left, right = _tick_label_extent(tick.fraction, tick.label, tick.anchor, m)
        clear = all(right + clearance <= a or left >= b + clearance for a, b in placed)
        if label_x is not None and clear:
            placed.append((left, right))
            label_xs[i] = label_x
    drawn = []
    for i, tick in enumerate(ticks):
        x = m.x(tick.fraction)
        offset = 4 if tick.anchor == "start" else -4
        drawn.append(
            TickDrawing(
                line=Segment(_r(x), _r(m.axis_y - m.fs * 0.5), _r(x), _r(height - m.fs * 0.5)),
                label=tick.label if i in label_xs else None,
                label_x=_r(label_xs.get(i, x + offset)),
                label_y=_r(m.axis_y - m.fs * 0.5),
                anchor=tick.anchor,
            )
        )
    return tuple(drawn)


def _tick_label_extent(
    fraction: float, label: str, anchor: str, m: _Metrics
) -> tuple[float | None, float, float]:
    """Where a tick's label is drawn (its text-anchor x) and its left and right; the x is
    None when the label cannot be inside the drawing without moving off its line by more
    than half its width."""
    x = m.x(fraction)
    width = text_width(label, m.fs)
    if anchor == "start":
        left = min(x + 4, m.width - 1 - width)
        fits = left >= max(0, x + 4 - width / 2)
        return (left if fits else None), left, left + width
    right = max(x - 4, width + 1)
    fits = right <= min(m.width, x - 4 + width / 2)
    return (right if fits else None), right - width, right


def _break(piece: AxisPiece, m: _Metrics, height: float) -> BreakDrawing:
    """A band over the shortened stretch and a zigzag along the axis where its line would be."""
    x0, x1 = m.x(piece.x0), m.x(piece.x1)
    teeth = max(2, round((x1 - x0) / 6))
    step = (x1 - x0) / teeth
    amplitude = m.fs * 0.3
    points = [
        f"{_r(x0 + i * step)},{_r(m.axis_y + (0 if i in (0, teeth) else (-1) ** i * amplitude))}"
        for i in range(teeth + 1)
    ]
    top = m.axis_y - m.fs * 0.5
    return BreakDrawing(
        band=Rect(_r(x0), _r(top), _r(x1 - x0), _r(height - m.fs * 0.5 - top)),
        zigzag=" ".join(points),
        title=_(
            "Axis shortened from %(start)s to %(end)s",
            start=month_words(piece.start),
            end=month_words(piece.end),
        ),
    )


# --- rows ------------------------------------------------------------------------------------


def _bar_rows(timeline: Timeline, m: _Metrics) -> tuple[BarDrawing, ...]:
    """One row per claim, each as tall as its label needs, stacked from below the axis."""
    top = m.rows_top
    rows = []
    for bar in timeline.bars:
        hatched = [
            _dispute_extent(dispute.x0, dispute.x1, m)
            for dispute in timeline.disputes
            if min(dispute.rows) <= bar.row <= max(dispute.rows)
        ]
        row = _bar(bar, top, m, timeline.breaks, hatched)
        rows.append(row)
        top = row.bottom
    return tuple(rows)


def _bar(
    bar: PeriodBar,
    top: float,
    m: _Metrics,
    breaks: Sequence[AxisPiece],
    hatched: Sequence[tuple[float, float]] = (),
) -> BarDrawing:
    bw = max((bar.x1 - bar.x0) * m.plot_w, MIN_BAR_WIDTH)
    bx0 = min(m.x(bar.x0), m.right - bw)
    bx1 = bx0 + bw
    pad = OUTLINE_PAD if bar.conflict else 0
    arrow_w = m.bar_h * ARROW_SHARE if bar.ongoing else 0
    placement, lines, content_h, bar_y = _place_label(
        bar, top, (bx0, bx1), pad, arrow_w, hatched, m
    )
    tip = min(bx1 + arrow_w, m.width - 2)
    arrow = (
        f"{_r(bx1 - 1)},{_r(bar_y - 3)} {_r(tip)},{_r(bar_y + m.bar_h / 2)} "
        f"{_r(bx1 - 1)},{_r(bar_y + m.bar_h + 3)}"
    )
    return BarDrawing(
        period_id=bar.period_id,
        title=_bar_title(bar),
        colour=bar.colour,
        top=_r(top),
        bottom=_r(top + content_h + m.row_gap),
        placement=placement,
        lines=lines,
        rect=Rect(_r(bx0), _r(bar_y), _r(bw), m.bar_h),
        fade=f"fade-{bar.row}" if bar.fuzzy_start or bar.fuzzy_end else None,
        arrow=arrow if bar.ongoing else None,
        outline=(
            Rect(_r(bx0 - pad), _r(bar_y - pad), _r(bw + 2 * pad), m.bar_h + 2 * pad)
            if bar.conflict
            else None
        ),
        cuts=tuple(_cuts(bx0, bx1, bar_y, breaks, m)),
    )


_Line = tuple[TextRun, ...]  # a line's runs, before placing


def _place_label(
    bar: PeriodBar,
    top: float,
    extent: tuple[float, float],
    pad: float,
    arrow_w: float,
    hatched: Sequence[tuple[float, float]],
    m: _Metrics,
) -> tuple[str, tuple[LabelLine, ...], float, float]:
    """Where the label goes, its lines, the row's height above its gap, and the bar's top.

    Beside the bar (on one line, two, then three) when there is room right of it, or else left;
    otherwise above it, wrapped to the drawing's width. A label beside its bar keeps clear of
    the hatching of a dispute across its row, moving past it if it must.
    """
    bx0, bx1 = extent
    party, details = _party_run(bar), _detail_runs(bar)
    options: list[tuple[_Line, ...]] = [
        ((party, TextRun(SEPARATOR, None), *details),),
        ((party,), details),
    ]
    if len(details) > 1:  # the party, its dates, and the conflict tags on a line of their own
        options.append(((party,), details[:1], _tag_runs(bar)))
    for lines in options:
        widest = max(_line_width(runs, m.fs) for runs in lines)
        start = _clear_right(bx1 + max(arrow_w, pad) + m.gap, widest, hatched, m.gap)
        if start + widest <= m.right:
            return _beside("right", start, "start", lines, top, pad, m)
        end = _clear_left(bx0 - pad - m.gap, widest, hatched, m.gap)
        if end - widest >= m.margin:
            return _beside("left", end, "end", lines, top, pad, m)
    return _above(bar, top, bx0, bx1, pad, m)


def _clear_right(
    start: float, width: float, hatched: Sequence[tuple[float, float]], gap: float
) -> float:
    """The first x from ``start`` at which ``width`` of text crosses no hatching."""
    for left, right in sorted(hatched):
        if left < start + width and start < right:
            start = right + gap
    return start


def _clear_left(
    end: float, width: float, hatched: Sequence[tuple[float, float]], gap: float
) -> float:
    """The last x up to ``end`` at which ``width`` of text, ending there, crosses no hatching."""
    for left, right in sorted(hatched, reverse=True):
        if left < end and end - width < right:
            end = left - gap
    return end


def _beside(
    placement: str,
    x: float,
    anchor: str,
    lines: tuple[_Line, ...],
    top: float,
    pad: float,
    m: _Metrics,
) -> tuple[str, tuple[LabelLine, ...], float, float]:
    """Lines beside the bar, the bar centred on the block of lines (or the lines on the bar)."""
    block_h = len(lines) * m.line_h
    content_h = max(m.bar_h + 2 * pad, block_h)
    first_line_top = top + (content_h - block_h) / 2
    placed = tuple(
        LabelLine(
            _r(x),
            _r(first_line_top + m.fs + i * m.line_h),
            anchor,
            "tl-label",
            runs,
            _r(_line_width(runs, m.fs)),
        )
        for i, runs in enumerate(lines)
    )
    return placement, placed, content_h, top + (content_h - m.bar_h) / 2


def _above(
    bar: PeriodBar, top: float, bx0: float, bx1: float, pad: float, m: _Metrics
) -> tuple[str, tuple[LabelLine, ...], float, float]:
    """The label above its bar, on as few lines as fit, clamped inside the drawing.

    Beside the bar's start when it is in the left half, ending at the bar's end in the right
    half, so a label reads from its bar; moved in from an edge it would cross.
    """
    lines = _fitting_lines(bar, m)
    widths = [_line_width(runs, m.fs) for runs in lines]
    widest = max(widths)
    left, right = m.margin, m.right
    if bar.x0 < 0.5:
        anchor, x = "start", min(max(bx0, left), max(left, right - widest))
    else:
        anchor, x = "end", max(min(bx1, right), min(right, left + widest))
    placed = tuple(
        LabelLine(_r(x), _r(top + m.fs + i * m.line_h), anchor, "tl-label", runs, _r(width))
        for i, (runs, width) in enumerate(zip(lines, widths, strict=True))
    )
    bar_y = top + len(lines) * m.line_h + pad
    return "above", placed, bar_y + m.bar_h + pad - top, bar_y


def _party_run(bar: PeriodBar, text: str | None = None) -> TextRun:
    """The party's name (or a line of it), isolated in its own writing direction."""
    return TextRun(bar.party if text is None else text, "tl-party", isolate=True)


def _detail_runs(bar: PeriodBar) -> _Line:
    """The dates, and the conflict tags in the words and order of the period's card."""
    tags = [(TextRun(SEPARATOR, None), TextRun(tag, "tl-tag")) for tag in _tags(bar)]
    return (TextRun(bar.dates_text, None), *(run for pair in tags for run in pair))


def _tag_runs(bar: PeriodBar) -> _Line:
    """The conflict tags alone: 'Sources disagree · Contested'."""
    return _detail_runs(bar)[2:]


def _tags(bar: PeriodBar) -> tuple[str, ...]:
    """What the label says about the claim's conflicts: the badges of the period's card."""
    return tuple(str(CONFLICT_LABELS[kind]) for kind in bar.conflict_kinds)


def _listed(items: Sequence[str]) -> str:
    """'a, b, c' with the reader's language's comma."""
    listed = items[0]
    for item in items[1:]:
        listed = _("%(first)s, %(second)s", first=listed, second=item)
    return listed


def _bar_title(bar: PeriodBar) -> str:
    """'ISIS, May 2015 to May 2016 (1 source): Sources disagree, Contested' (the tooltip and
    the link's accessible name), with the names isolated."""
    party = f"{FSI}{bar.party}{PDI}"
    if bar.supporting:
        party = _(
            "%(party)s, supported by %(supporters)s",
            party=party,
            supporters=_listed([f"{FSI}{name}{PDI}" for name in bar.supporting]),
        )
    title = _(
        "%(party)s, %(dates)s (%(sources)s)",
        party=party,
        dates=bar.dates_text,
        sources=bar.sources_text,
    )
    tags = _tags(bar)
    return _("%(title)s: %(tags)s", title=title, tags=_listed(tags)) if tags else title


def _fitting_lines(bar: PeriodBar, m: _Metrics) -> tuple[_Line, ...]:
    """Party, dates and tags on one line if they fit; else the party above its dates.

    On a narrow drawing the party is always above its dates. Whatever still does not fit is
    wrapped between words, so nothing is lost; only a word wider than the drawing is cut short.
    """
    party, details = _party_run(bar), _detail_runs(bar)
    one_line: _Line = (party, TextRun(SEPARATOR, None), *details)
    if m.width >= ONE_LINE_FROM and _line_width(one_line, m.fs) <= m.plot_w:
        return (one_line,)
    if _line_width(details, m.fs) <= m.plot_w:
        rest: tuple[_Line, ...] = (details,)
    else:
        rest = tuple((TextRun(line, None),) for line in _wrapped(bar.dates_text, False, m))
        rest += tuple(
            (TextRun(line, "tl-tag"),) for tag in _tags(bar) for line in _wrapped(tag, True, m)
        )
    names = tuple((_party_run(bar, line),) for line in _wrapped(bar.party, True, m))
    return names + rest


def _wrapped(text: str, bold: bool, m: _Metrics) -> tuple[str, ...]:
    """``text`` broken between words into lines that each fit the plot."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(joined, m.fs, bold=bold) <= m.plot_w:
            lines[-1] = joined
        else:
            lines.append(_shortened(word, bold, m))
    return tuple(lines)


def _shortened(word: str, bold: bool, m: _Metrics) -> str:
    """A word wider than the drawing, shortened to fit with an ellipsis."""
    if text_width(word, m.fs, bold=bold) <= m.plot_w:
        return word
    while word and text_width(word + ELLIPSIS, m.fs, bold=bold) > m.plot_w:
        word = word[:-1]
    return word + ELLIPSIS


def is_bold(run: TextRun) -> bool:
    return run.css_class in ("tl-party", "tl-tag")


def _line_width(runs: Sequence[TextRun], fs: float) -> float:
    return sum(text_width(run.text, fs, bold=is_bold(run)) for run in runs)


def _cuts(
    bx0: float, bx1: float, bar_y: float, breaks: Sequence[AxisPiece], m: _Metrics
) -> list[str]:
    """A slanted gap across the bar in the middle of each break it runs through."""
    cuts = []
    for piece in breaks:
        mid = m.x((piece.x0 + piece.x1) / 2)
        if bx0 + 4 < mid < bx1 - 4:
            half, slant = 1.5, m.bar_h * 0.25
            y0, y1 = bar_y - OUTLINE_PAD - 1, bar_y + m.bar_h + OUTLINE_PAD + 1
            cuts.append(
                f"{_r(mid - half + slant)},{_r(y0)} {_r(mid + half + slant)},{_r(y0)} "
                f"{_r(mid + half - slant)},{_r(y1)} {_r(mid - half - slant)},{_r(y1)}"
            )
    return cuts


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


def _dispute_extent(x0: float, x1: float, m: _Metrics) -> tuple[float, float]:
    """The hatching's left and right: the disputed dates, widened to at least 6 units."""
    real_w = (x1 - x0) * m.plot_w
    widen = max(6 - real_w, 0) / 2
    return m.x(x0) - widen, m.x(x1) + widen


def _disputes(
    timeline: Timeline, rows: Sequence[BarDrawing], m: _Metrics
) -> tuple[DisputeDrawing, ...]:
    """Hatching from just above the upper bar to just below the lower, at least 6 units wide."""
    drawn = []
    for dispute in timeline.disputes:
        upper, lower = rows[min(dispute.rows)], rows[max(dispute.rows)]
        x0, x1 = _dispute_extent(dispute.x0, dispute.x1, m)
        y0 = upper.rect.y - m.fs * 0.3
        y1 = lower.rect.y + m.bar_h + m.fs * 0.3
        rect = Rect(_r(x0), _r(y0), _r(x1 - x0), _r(y1 - y0))
        drawn.append(DisputeDrawing(rect, isolated(dispute.conflict.sentence)))
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
        isolated_label = f"{FSI}{event.label}{PDI}"
        drawn.append(
            EventDrawing(
                number=event.number,
                url=event.url,
                title=_(
                    "%(number)s. %(label)s (%(date)s; %(severity)s)",
                    number=event.number,
                    label=isolated_label,
                    date=event.date_text,
                    severity=event.tone_label,
                )
                if event.tone_label
                else _(
                    "%(number)s. %(label)s (%(date)s)",
                    number=event.number,
                    label=isolated_label,
                    date=event.date_text,
                ),
                cx=_r(cx),
                cy=_r(cy),
                r=_r(m.r),
                guide=Segment(_r(cx), _r(top + m.line_h * 0.5), _r(cx), _r(cy)),
                span=span,
                number_y=_r(cy + m.fs * 0.3),
                number_size=_r(m.fs * 0.8),
                tone=event.tone,
            )
        )
    return drawn


# --- right to left ---------------------------------------------------------------------------


def _mirrored(d: TimelineDrawing) -> TimelineDrawing:
    """The drawing for a right-to-left reader: the same data, every x reflected in the middle.

    Time runs from right to left, a label beside its bar's end goes to the bar's left, an
    ongoing bar's arrow points left, a faded start fades at the right and the zigzags and cuts
    are mirror images. Text is not reflected, only placed: its anchors stay as they are, because
    in a right-to-left page (``<html dir="rtl">``, inherited by the SVG) a text-anchor of
    'start' is the right end of the text, so every label extends away from its bar or line
    exactly as the left-to-right one does.
    """
    w = d.width

    def x(value: float) -> float:
        return _r(w - value)

    def segment(s: Segment) -> Segment:
        return Segment(x(s.x1), s.y1, x(s.x2), s.y2)

    def rect(r: Rect) -> Rect:
        return Rect(x(r.x + r.width), r.y, r.width, r.height)

    def points(text: str) -> str:
        pairs = (point.split(",") for point in text.split())
        return " ".join(f"{x(float(px))},{py}" for px, py in pairs)

    def line(label: LabelLine) -> LabelLine:
        return replace(label, x=x(label.x), right_to_left=True)

    return replace(
        d,
        axis=tuple(segment(s) for s in d.axis),
        ticks=tuple(
            replace(tick, line=segment(tick.line), label_x=x(tick.label_x)) for tick in d.ticks
        ),
        breaks=tuple(
            replace(cut, band=rect(cut.band), zigzag=points(cut.zigzag)) for cut in d.breaks
        ),
        fades=tuple(
            replace(
                fade,
                stops=tuple(
                    GradientStop(round(1 - stop.offset, 3), stop.faded)
                    for stop in reversed(fade.stops)
                ),
            )
            for fade in d.fades
        ),
        disputes=tuple(replace(dispute, rect=rect(dispute.rect)) for dispute in d.disputes),
        bars=tuple(
            replace(
                bar,
                placement=_MIRRORED_PLACEMENTS[bar.placement],
                lines=tuple(line(label) for label in bar.lines),
                rect=rect(bar.rect),
                arrow=points(bar.arrow) if bar.arrow else None,
                outline=rect(bar.outline) if bar.outline else None,
                cuts=tuple(points(cut) for cut in bar.cuts),
            )
            for bar in d.bars
        ),
        events_label=(x(d.events_label[0]), d.events_label[1]) if d.events_label else None,
        events=tuple(
            replace(
                event,
                cx=x(event.cx),
                guide=segment(event.guide),
                span=segment(event.span) if event.span else None,
            )
            for event in d.events
        ),
        right_to_left=True,
    )


_MIRRORED_PLACEMENTS = {"right": "left", "left": "right", "above": "above"}
