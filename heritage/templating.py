"""Names every template can use: the permission helper, date and country formatting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from urllib.parse import urlencode

from flask import Flask, request, url_for
from flask_babel import format_date, format_time, lazy_gettext
from markupsafe import Markup, escape

from heritage.accounts.permissions import current_user_has_role
from heritage.actors.models import Actor
from heritage.audit.services import action_label, record_label
from heritage.i18n import list_separator
from heritage.public.history import readable_details
from heritage.reports.licences import LICENCES
from heritage.reports.states import STATE_HINTS, STATE_LABELS
from heritage.review.workflow import DECISION_LABELS
from heritage.sites.conflicts import CONFLICT_LABELS, CONFLICT_MEANINGS
from heritage.sites.models import NameKind, Site
from heritage.sites.position import format_dms, format_position
from heritage.text import country_name, language_label, text_direction
from heritage.translate import language
from heritage.vocab.dates import DatePrecision, format_fuzzy
from heritage.vocab.fields import date_reading, error_summary
from heritage.vocab.models import Term


def language_name(code: str | None) -> Markup:
    """'Arabic (ar)' for a language code: its name, and the code people may need to type,
    isolated so that an Arabic page keeps its parentheses around it."""
    if not code:
        return Markup("")
    return Markup("{name} (<bdi>{code}</bdi>)").format(name=language_label(code), code=code)


class Named(Protocol):
    def name_in(self, language: str) -> str: ...


def named(record: Named | None) -> str:
    """A site's or actor's name as the reader knows it: تدمر on an Arabic page (name_in)."""
    return "" if record is None else record.name_in(language())


@dataclass(frozen=True)
class OtherName:
    """A name shown beside the one a page is headed with: its language and kind if known."""

    name: str
    lang: str | None = None
    kind: NameKind | None = None


def other_names(record: Site | Actor) -> list[OtherName]:
    """The names to list beside ``record|named``: the main name when the reader's language
    has its own, then the names in other languages (a site's historic ones included)."""
    shown = named(record)
    listed = record.translations if isinstance(record, Actor) else record.names
    main = [OtherName(record.name)] if shown != record.name else []
    return main + [
        OtherName(other.name, other.lang, getattr(other, "kind", None))
        for other in listed
        if other.name != shown
    ]


def fuzzy_date(day: date | None, precision: DatePrecision | str = DatePrecision.DAY) -> str:
    """A date known to the day, month or year, written for the reader's locale."""
    return "" if day is None else format_fuzzy(day, DatePrecision(precision))


def timestamp(moment: datetime | None) -> Markup:
    """A UTC time in a <time> element, readable in the reader's locale and machine-parsable."""
    if moment is None:
        return Markup("")
    text = f"{format_date(moment, 'd MMM y')}{list_separator()}{format_time(moment, 'HH:mm')} UTC"
    return Markup('<time datetime="{iso}">{text}</time>').format(iso=moment.isoformat(), text=text)


def term_label(term: Term | None) -> Markup:
    """A vocabulary term's label, marked ``lang="en"`` where an Arabic page falls back to the
    English label (no Arabic recorded yet)."""
    if term is None:
        return Markup("")
    if term.label_language != language():
        return Markup('<span lang="{}">{}</span>').format(term.label_language, term.label)
    return escape(term.label)


def bdi(value: Any) -> Markup:
    """User text isolated for a sentence it is placed in: ``_('… %(site)s …', site=bdi(name))``."""
    return Markup("<bdi>{}</bdi>").format(value)


def paragraphs(text: str | None) -> Markup:
    """Plain text with blank-line paragraphs as escaped <p> elements, each in the direction
    of its own script: an English paragraph under an Arabic one reads left to right."""
    if not text:
        return Markup("")
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return Markup("").join(
        Markup('<p dir="auto">{}</p>').format(
            Markup("<br>").join(escape(line) for line in block.split("\n"))
        )
        for block in blocks
        if block
    )


def url_with(**changes: Any) -> str:
    """The current URL with some query parameters replaced (for pagination and filters).

    The query string is carried as a query string, never as ``url_for`` arguments: a visitor's
    ``?endpoint=``, ``?_external=`` or ``?slug=`` must not choose what the link points at.
    """
    args = request.args.to_dict()
    args.update({key: value for key, value in changes.items() if value is not None})
    for key in [key for key, value in changes.items() if value is None]:
        args.pop(key, None)
    path = url_for(request.endpoint or "public.home", **(request.view_args or {}))
    return f"{path}?{urlencode(args)}" if args else path


# How a site's other names are introduced beside them.
NAME_KIND_WORDS = {
    "preferred": lazy_gettext("preferred name"),
    "alternative": lazy_gettext("also"),
    "historic": lazy_gettext("historic name"),
}


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        has_role=current_user_has_role,
        url_with=url_with,
        error_summary=error_summary,
        bdi=bdi,
        readable_details=readable_details,
        date_reading=date_reading,
        position_words=format_position,
        conflict_labels=CONFLICT_LABELS,
        name_kinds=NAME_KIND_WORDS,
        conflict_meanings=CONFLICT_MEANINGS,
        position_dms=format_dms,
        record_label=record_label,
        other_names=other_names,
        state_labels=STATE_LABELS,
        state_hints=STATE_HINTS,
        licences=LICENCES,
        decision_labels=DECISION_LABELS,
    )
    app.jinja_env.filters.update(
        action_label=action_label,
        country_name=country_name,
        fuzzy_date=fuzzy_date,
        timestamp=timestamp,
        paragraphs=paragraphs,
        text_direction=text_direction,
        language_name=language_name,
        language_label=language_label,
        term_label=term_label,
        named=named,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
