"""Which claims about who controlled a site cannot all be true, and what is in dispute.

A domain rule, not a drawing: the timeline hatches the disputed dates, the period cards carry a
badge and sit side by side, and all of them must agree. So the rule lives here once, as plain
Python (no Flask, no database) that is unit-tested on its own. Claims are known by their
period's id, and every answer is keyed by it, so no caller parses an HTML anchor back into one.

The words for the two kinds live here too (:data:`CONFLICT_LABELS`, :data:`CONFLICT_MEANINGS`),
so that the chart's tags and the cards' badges cannot drift apart. A summary names parties
people typed, in any script: it is kept as :class:`Fragment` parts, so that a page can isolate
each name (``<bdi>``) instead of pasting it into a sentence. The sentence itself is one
translated message with placeholders (:mod:`heritage.translate`), cut around the names'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from heritage.translate import LazyText, _, lazy
from heritage.vocab.uncertain_dates import UncertainDate

CONTESTED, DISAGREE = "contested", "disagree"

# What a badge says, and what it means, in words a member of the public reads without a
# glossary of our own. The badges (templates/macros/actors.html) read them from here; they
# are translated when shown (``str()``), in the reader's language.
CONFLICT_LABELS: dict[str, LazyText] = {
    DISAGREE: lazy("Sources disagree"),
    CONTESTED: lazy("Contested"),
}
CONFLICT_MEANINGS: dict[str, LazyText] = {
    DISAGREE: lazy(
        "Sources give different dates for this control. Each claim is shown with its own "
        "sources, so you can judge which to trust."
    ),
    CONTESTED: lazy(
        "Two parties are each said to have held the site at the same time. One of the claims "
        "is wrong, or control was divided or changing hands."
    ),
}

# First strong isolate and pop directional isolate: what <bdi> does, for plain text (an SVG
# <title>, a tooltip) where no element can.
FSI, PDI = "\u2068", "\u2069"


@dataclass(frozen=True)
class Fragment:
    """Part of a sentence shown to readers: our words, or a ``name`` someone typed."""

    text: str
    name: bool = False


Sentence = tuple[Fragment, ...]


def plain(sentence: Sentence) -> str:
    """The sentence as plain text, for tests, logs and anything that is not shown."""
    return "".join(part.text for part in sentence)


def isolated(sentence: Sentence) -> str:
    """The sentence as plain text with every name in a bidi isolate (U+2068 ... U+2069)."""
    return "".join(f"{FSI}{part.text}{PDI}" if part.name else part.text for part in sentence)


@dataclass(frozen=True)
class PeriodClaim:
    """One source-backed claim that an actor controlled the site (an OccupationPeriod).

    ``start`` None means the start is not known; ``end`` None that the control is ongoing.
    """

    period_id: int
    actor_id: int
    party: str
    colour: str
    start: UncertainDate | None
    end: UncertainDate | None
    source_count: int
    supporting: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimSpan:
    """A claim's extent read widely (every day it may cover) and narrowly (days it surely does).

    'From May 2015' may start on 1 May and surely has by 31 May; an ongoing claim ends today.
    A start that is not known (or open, "before 2013") is ``open_start``, read widely as
    ``date.min``; it is surely in force only from its latest possible start, or at its end.
    An end that is ongoing (or open, "after 2016") is ``open_end``, read widely as today.
    """

    claim: PeriodClaim
    wide_start: date
    narrow_start: date
    wide_end: date
    narrow_end: date
    open_start: bool
    open_end: bool

    @property
    def known_start(self) -> date:
        """Where the claim begins as far as anyone can draw or compare it: its earliest start,
        or, when that is open, the first day it is surely in force."""
        return self.narrow_start if self.open_start else self.wide_start

    @classmethod
    def of(cls, claim: PeriodClaim, today: date) -> ClaimSpan:
        start, end = claim.start, claim.end
        start_earliest = start.earliest if start else None
        start_latest = start.latest if start else None
        end_earliest = end.earliest if end else None
        end_latest = end.latest if end else None
        # The days it surely covers: from its latest possible start to its earliest end.
        narrow_start = start_latest or end_earliest or end_latest or today
        if end is None:
            narrow_end = wide_end = max(today, narrow_start)
        else:
            wide_end = end_latest or max(today, narrow_start)
            narrow_end = max(end_earliest or narrow_start, narrow_start)
        return cls(
            claim,
            start_earliest or date.min,
            narrow_start,
            wide_end,
            narrow_end,
            open_start=start_earliest is None,
            open_end=end_latest is None,
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
    sentence: Sentence

    @property
    def summary(self) -> str:
        """'Sources disagree about when ISIS's control ended: 27 March 2016 or May 2016.'"""
        return plain(self.sentence)


def ordered_spans(claims: Iterable[PeriodClaim], today: date) -> tuple[ClaimSpan, ...]:
    """Claims in the order a reader expects them: by start, then party, then end.

    A start that is not known comes first: "until 21 May 2015" began before "from May 2015",
    though the first day it surely held is later. The order must not depend on how the claims
    arrive (database order, an edit), or the conflicts and rows drawn from it would shuffle
    between two page loads.
    """
    return tuple(
        sorted(
            (ClaimSpan.of(claim, today) for claim in claims),
            key=lambda s: (
                s.wide_start,
                s.claim.party.casefold(),
                s.wide_end,
                s.claim.period_id,
            ),
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
        same_party = a.claim.actor_id == b.claim.actor_id
        if same_party and _what_differs(a, b) == (False, False):
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


def dates_text(claim: PeriodClaim) -> str:
    """'May 2015 to 27 March 2016'; 'since 2 March 2017' while ongoing; 'until 21 May 2015'
    when the start is not known (in the reader's language)."""
    start = claim.start.words() if claim.start else None
    if claim.end is None:
        return _("since %(date)s", date=start) if start else _("dates not known")
    end = claim.end.words()
    if start:
        return _("%(start)s to %(end)s", start=start, end=end)
    return _("until %(date)s", date=end)


# --- the two kinds ---------------------------------------------------------------------------


def _disagreement(a: ClaimSpan, b: ClaimSpan) -> Conflict:
    start, end = _disputed_range(a, b)
    return Conflict(
        kind=DISAGREE,
        period_ids=(a.claim.period_id, b.claim.period_id),
        overlap_start=start,
        overlap_end=end,
        sentence=_disagree_summary(a, b),
    )


def _contest(a: ClaimSpan, b: ClaimSpan) -> Conflict:
    later_start = max(a, b, key=lambda s: s.known_start)
    earlier_end = min(a, b, key=lambda s: s.wide_end)
    return Conflict(
        kind=CONTESTED,
        period_ids=(a.claim.period_id, b.claim.period_id),
        overlap_start=later_start.known_start,
        overlap_end=earlier_end.wide_end,
        sentence=_contested_summary(a, b, later_start, earlier_end),
    )


def _disputed_range(a: ClaimSpan, b: ClaimSpan) -> tuple[date, date]:
    """The dates two claims about the same control disagree on, which the page hatches.

    Where they agree (ISIS held Palmyra from May 2015 to March 2016 in both) is not in doubt;
    the doubt is between their ends (27 March or May 2016), or their starts, or both.
    """
    starts = sorted((a.known_start, b.known_start))
    ends = sorted((a.wide_end, b.wide_end))
    starts_differ, ends_differ = _what_differs(a, b)
    if starts_differ and not ends_differ:
        return starts[0], max(starts[1], a.narrow_start, b.narrow_start)
    if ends_differ and not starts_differ:
        return min(ends[0], a.narrow_end, b.narrow_end), ends[1]
    return starts[0], ends[1]


def _what_differs(a: ClaimSpan, b: ClaimSpan) -> tuple[bool, bool]:
    """Whether two claims differ about the start, and about the end (as EDTF, so "May 2015"
    and "2015-05" are the same claim)."""
    return _edtf(a.claim.start) != _edtf(b.claim.start), _edtf(a.claim.end) != _edtf(b.claim.end)


def _edtf(value: UncertainDate | None) -> str | None:
    return value.edtf if value else None


# --- summaries -------------------------------------------------------------------------------


def _start_text(claim: PeriodClaim) -> str:
    return claim.start.words() if claim.start else _("an unknown date")


def _end_text(claim: PeriodClaim) -> str:
    return claim.end.words() if claim.end else _("ongoing")


def _disagree_summary(a: ClaimSpan, b: ClaimSpan) -> Sentence:
    """'Sources disagree about when ISIS's control ended: 27 March 2016 or May 2016.'"""
    names = {"party": a.claim.party}
    starts_differ, ends_differ = _what_differs(a, b)
    if starts_differ and ends_differ:
        return message_parts(
            _(
                "Sources disagree about when %(party)s's control began and ended: "
                "%(first)s or %(second)s."
            ),
            names,
            first=dates_text(a.claim),
            second=dates_text(b.claim),
        )
    if starts_differ:
        return message_parts(
            _("Sources disagree about when %(party)s's control began: %(first)s or %(second)s."),
            names,
            first=_start_text(a.claim),
            second=_start_text(b.claim),
        )
    return message_parts(
        _("Sources disagree about when %(party)s's control ended: %(first)s or %(second)s."),
        names,
        first=_end_text(a.claim),
        second=_end_text(b.claim),
    )


def _contested_summary(
    a: ClaimSpan, b: ClaimSpan, later_start: ClaimSpan, earlier_end: ClaimSpan
) -> Sentence:
    """'Contested: ISIS and Syrian Arab Army are both claimed to have held the site between …'."""
    names = {"first": a.claim.party, "second": b.claim.party}
    since = _start_text(later_start.claim)
    if earlier_end.claim.end is None:
        return message_parts(
            _(
                "Contested: %(first)s and %(second)s are both claimed to have held the site "
                "since %(date)s."
            ),
            names,
            date=since,
        )
    return message_parts(
        _(
            "Contested: %(first)s and %(second)s are both claimed to have held the site "
            "between %(start)s and %(end)s."
        ),
        names,
        start=since,
        end=_end_text(earlier_end.claim),
    )


_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def message_parts(template: str, names: Mapping[str, str], **values: str) -> Sentence:
    """A translated message as parts: each placeholder in ``names`` a :class:`Fragment` of
    its own (a name someone typed, which a page isolates), the others filled in as text.

    ``template`` is the message as ``_()`` gives it without values ('Contested: %(first)s and
    %(second)s …'), so the reader's language decides the order of the names and our words.
    """
    parts: list[Fragment] = []
    text, at = "", 0
    for match in _PLACEHOLDER.finditer(template):
        text += template[at : match.start()]
        at = match.end()
        key = match[1]
        if key is None:
            text += "%"
        elif key in names:
            if text:
                parts.append(Fragment(text))
            parts.append(Fragment(names[key], name=True))
            text = ""
        else:
            text += str(values[key])
    text += template[at:]
    if text:
        parts.append(Fragment(text))
    return tuple(_possessives(parts))


def _possessives(parts: Sequence[Fragment]) -> Iterator[Fragment]:
    """English possessives after a name: ISIS's, but Syrian government forces' (the message
    says "%(party)s's"; a translation without "'s" is left as it is)."""
    for index, part in enumerate(parts):
        before = parts[index - 1] if index else None
        if (
            before is not None
            and before.name
            and before.text.endswith("s")
            and part.text.startswith("'s")
        ):
            yield Fragment("'" + part.text[2:], part.name)
        else:
            yield part
