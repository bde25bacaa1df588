"""Names every template can use: the permission helper, date and country formatting."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import pycountry
from flask import Flask, request, url_for
from markupsafe import Markup, escape

from heritage.accounts.permissions import current_user_has_role
from heritage.audit.services import action_label
from heritage.vocab.dates import DatePrecision, format_fuzzy


def country_name(code: str | None) -> str:
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def fuzzy_date(day: date | None, precision: DatePrecision | str = DatePrecision.DAY) -> str:
    return "" if day is None else format_fuzzy(day, DatePrecision(precision))


def timestamp(moment: datetime | None) -> Markup:
    """A UTC time in a <time> element, readable and machine-parsable."""
    if moment is None:
        return Markup("")
    return Markup('<time datetime="{iso}">{text}</time>').format(
        iso=moment.isoformat(), text=moment.strftime("%d %b %Y, %H:%M UTC")
    )


def paragraphs(text: str | None) -> Markup:
    """Plain text with blank-line paragraphs as escaped <p> elements."""
    if not text:
        return Markup("")
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in block.split("\n")))
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


def register(app: Flask) -> None:
    app.jinja_env.globals.update(has_role=current_user_has_role, url_with=url_with)
    app.jinja_env.filters.update(
        action_label=action_label,
        country_name=country_name,
        fuzzy_date=fuzzy_date,
        timestamp=timestamp,
        paragraphs=paragraphs,
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
