"""Error responses: a page for people, a JSON body under /api/, never a traceback."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, make_response, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from heritage.extensions import db
from heritage.web import wants_json

# What each status means to someone using the site, in place of Werkzeug's developer wording.
PAGE_MESSAGES = {
    400: (
        "Bad request",
        "The request could not be understood. If you were sending a form, go back and try again.",
    ),
    401: (
        "Signed out",
        "You are not signed in any more. Sign in again in another tab, then try once more.",
    ),
    403: ("Not allowed", "Your account does not have permission to open this page."),
    404: (
        "Page not found",
        "There is nothing at this address. Check the link or search the registry.",
    ),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    410: ("Gone", "This record has been withdrawn from the registry."),
    413: (
        "Too large",
        "What was sent is larger than this registry accepts: a file over the upload limit, "
        "or a form with a very long text. Make it smaller and try again.",
    ),
    429: (
        "Too many attempts",
        "You have made too many requests in a short time. Wait a minute and try again.",
    ),
    500: (
        "Something went wrong",
        "The registry hit an unexpected error. Nothing you entered was saved; please try again. "
        "If it keeps happening, tell the administrators.",
    ),
}

CSRF_MESSAGE = (
    "The form could not be accepted because its security token is missing or expired. "
    "Reload the page and send it again."
)


def error_response(status: int, message: str | None = None) -> Response:
    """Render ``status`` as JSON or HTML; ``message`` replaces the generic explanation."""
    title, explanation = PAGE_MESSAGES.get(status, ("Error", "The request could not be completed."))
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
    return error_response(400, CSRF_MESSAGE)


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
