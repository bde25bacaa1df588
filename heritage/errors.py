"""Error responses: a page for people, a JSON body under /api/, never a traceback."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from heritage.extensions import db
from heritage.web import wants_json

# What each status means to someone using the site, in place of Werkzeug's developer wording.
PAGE_MESSAGES = {
    400: (
        lazy_gettext("Bad request"),
        lazy_gettext(
            "The request could not be understood. If you were sending a form, go back and try "
            "again."
        ),
    ),
    401: (
        lazy_gettext("Signed out"),
        lazy_gettext(
            "You are not signed in any more. Sign in again in another tab, then try once more."
        ),
    ),
    403: (
        lazy_gettext("Not allowed"),
        lazy_gettext("Your account does not have permission to open this page."),
    ),
    404: (
        lazy_gettext("Page not found"),
        lazy_gettext("There is nothing at this address. Check the link or search the registry."),
    ),
    405: (
        lazy_gettext("Method not allowed"),
        lazy_gettext("This address does not accept that kind of request."),
    ),
    410: (lazy_gettext("Gone"), lazy_gettext("This record has been withdrawn from the registry.")),
    413: (
        lazy_gettext("Too large"),
        lazy_gettext(
            "What was sent is larger than this registry accepts: a file over the upload limit, "
            "or a form with a very long text. Make it smaller and try again."
        ),
    ),
    429: (
        lazy_gettext("Too many attempts"),
        lazy_gettext(
            "You have made too many requests in a short time. Wait a minute and try again."
        ),
    ),
    500: (
        lazy_gettext("Something went wrong"),
        lazy_gettext(
            "The registry hit an unexpected error. Nothing you entered was saved; please try "
            "again. If it keeps happening, tell the administrators."
        ),
    ),
}
# The page for a status not listed above.
OTHER_ERROR = (lazy_gettext("Error"), lazy_gettext("The request could not be completed."))

CSRF_MESSAGE = lazy_gettext(
    "The form could not be accepted because its security token is missing or expired. "
    "Reload the page and send it again."
)


def error_response(status: int, message: str | None = None) -> Response:
    """Render ``status`` as JSON or HTML; ``message`` replaces the generic explanation."""
    title, explanation = (str(text) for text in PAGE_MESSAGES.get(status, OTHER_ERROR))
    if wants_json():
        response = jsonify(error={"status": status, "message": message or explanation})
    else:
        page = render_template(
            "errors/error.html", status=status, title=title, message=message or explanation
        )
        response = make_response(page)
    response.status_code = status
    return response


def handle_http_exception(error: HTTPException) -> Response | HTTPException:
    if error.code is None or error.code < 400:
        return error  # redirects raised as exceptions pass through untouched
    response = error_response(error.code, _custom_message(error))
    original = error.get_response()
    for header in ("Retry-After", "Allow"):
        if header in original.headers:
            response.headers[header] = original.headers[header]
    return response


def handle_csrf_error(error: CSRFError) -> Response:
    return error_response(400, str(CSRF_MESSAGE))


def handle_unexpected(error: Exception) -> Response:
    """Log the traceback for operators; show users the plain 500 page."""
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    db.session.rollback()  # the error page must not trip over the failed transaction
    return error_response(500)


def _custom_message(error: HTTPException) -> str | None:
    """The description the raising code gave (``abort(404, "No such site")``), if any.

    Werkzeug's class-level descriptions are written for developers, and Flask-Limiter's names
    the limit; both are replaced by the messages above.
    """
    if isinstance(error, InternalServerError | RateLimitExceeded):
        return None
    if error.description and error.description != type(error).description:
        return error.description
    return None


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
