"""Response headers that keep pages from being framed, sniffed or made to run foreign script,
and the request hygiene that keeps malformed input from reaching the database."""

from __future__ import annotations

from typing import Any

import flask
from flask import Response, abort, current_app, request, session
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, Map
from werkzeug.utils import cached_property

from heritage.config import PRODUCTION
from heritage.extensions import MAX_DATABASE_ID

# Map tiles are the only third-party content: images from OpenStreetMap, loaded by the browser.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https://tile.openstreetmap.org",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# Anonymous pages are the same for everyone for a minute: shared caches may keep them.
PUBLIC_CACHE = "public, max-age=60"
# Anything personal (exact positions, emails, the audit log, a form's CSRF token).
PRIVATE_NO_STORE = "private, no-store"


def cache_policy(response: Response) -> str:
    """What caches may do with this response, unless the view said so itself."""
    personal = current_user.is_authenticated or session.modified
    cacheable = request.method in ("GET", "HEAD") and response.status_code == 200
    return PUBLIC_CACHE if cacheable and not personal else PRIVATE_NO_STORE


def add_security_headers(response: Response) -> Response:
    for header, value in SECURITY_HEADERS.items():
        response.headers.setdefault(header, value)
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = cache_policy(response)
        response.vary.add("Cookie")
    if current_app.config["HERITAGE_ENV"] == PRODUCTION:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    return response


class Request(flask.Request):
    """The request, with NUL characters removed from query parameters.

    NUL has no meaning in a search or a page number, and PostgreSQL refuses any string that
    holds one: without this, ``?q=%00`` would be a server error instead of an empty search.
    """

    @cached_property
    def args(self) -> ImmutableMultiDict[str, str]:
        raw = super().args
        return ImmutableMultiDict(
            (key.replace("\x00", ""), value.replace("\x00", ""))
            for key, value in raw.items(multi=True)
        )


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in URLs: an id the database can hold, so a 24-digit id is a 404, not a 500."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(map, *args, **kwargs)


def refuse_control_characters_in_paths(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """A path segment with a control character names nothing: 404 before any query runs."""
    for value in (values or {}).values():
        if isinstance(value, str) and any(ord(char) < 32 or ord(char) == 127 for char in value):
            abort(404)
