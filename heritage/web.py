"""How a view runs a service call (commit once on success, show a broken rule, change nothing)
and reads a page number.

Every editing view has the same shape (validate, call the service, commit or roll back), so
it lives here once. The commit happens in exactly this place for form and button views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import Response, abort, flash, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_sqlalchemy.pagination import Pagination
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from wtforms import FieldList

from heritage.extensions import db
from heritage.rules import NotPermitted, RuleViolation, show_on_form
from heritage.text import without_format_characters

T = TypeVar("T")


def save_form(
    form: FlaskForm, change: Callable[[], T], success: str | Callable[[T], str]
) -> T | None:
    """Run ``change`` when ``form`` validates; its result once committed, else None.

    A RuleViolation from the service rolls everything back and is shown beside its field, so
    the user sees their input again with the reason.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = _commit(change)
    except RuleViolation as violation:
        show_on_form(violation, form)
        return None
    flash(success(result) if callable(success) else success, "success")
    return result


def save_form_as_json(
    form: FlaskForm, change: Callable[[], T], serialise: Callable[[T], dict[str, Any]]
) -> tuple[Response, int]:
    """:func:`save_form` for a script (the picker creating a source or an actor in place):
    the new record as JSON with 201, or every field's errors as JSON with 400."""
    if form.validate_on_submit():
        try:
            return jsonify(serialise(_commit(change))), 201
        except RuleViolation as violation:
            show_on_form(violation, form)
    general = [*form.form_errors, *form.errors.get("csrf_token", [])]
    errors: dict[str, list[Any]] = {
        name: _as_text(messages)
        for name, messages in form.errors.items()
        if name and name != "csrf_token"
    }
    if general:
        errors[""] = _as_text(general)
    return jsonify(errors=errors), 400


def _as_text(messages: Any) -> Any:
    """Error messages as plain text for JSON: a lazily translated message (a form's own,
    given when the form class was made) becomes the text in the reader's language."""
    if isinstance(messages, dict):
        return {key: _as_text(value) for key, value in messages.items()}
    if isinstance(messages, list | tuple):
        return [_as_text(message) for message in messages]
    return messages if isinstance(messages, str) else str(messages)


def add_row_requested(form: FlaskForm) -> bool:
    """Whether the form was sent by one of its "Add another …" buttons (``add_row`` naming a
    list of rows): then one empty row is added and nothing is saved or checked yet, so the
    form grows without JavaScript and without showing errors for rows not filled in."""
    rows = (
        getattr(form, request.form.get("add_row", ""), None) if request.method == "POST" else None
    )
    if not isinstance(rows, FieldList):
        return False
    if rows.max_entries is None or len(rows.entries) < rows.max_entries:
        rows.append_entry()
    return True


def abort_no_site(slug: str) -> NoReturn:
    """404 for a site address that names no site, echoing the address without the invisible
    characters that could reverse the message around it."""
    abort(404, _("There is no site at /sites/%(slug)s.", slug=without_format_characters(slug)))


def with_user_text(message: str, **values: Any) -> Markup:
    """A translated ``message`` whose ``%(name)s`` placeholders take user text (a site's name):
    the message is escaped, and each value escaped once and isolated in ``<bdi>``, so a
    right-to-left name cannot reorder the sentence around it. For flash messages:
    ``with_user_text(_("%(name)s deleted."), name=actor.name)``."""
    return escape(message) % {
        name: Markup("<bdi>{}</bdi>").format(value) for name, value in values.items()
    }


def apply_change(change: Callable[[], Any], success: str) -> bool:
    """Run a change behind a button; flash the outcome. Whether it was committed."""
    try:
        _commit(change)
    except RuleViolation as violation:
        flash(violation.message, "danger")
        return False
    flash(success, "success")
    return True


# The database refused a row a rule had just allowed: another request made the same one
# between our check and our write (two people, or one double click, saving the same name).
SAVED_AT_THE_SAME_MOMENT = lazy_gettext(
    "Something with the same name or address was saved at the same moment. Nothing of "
    "yours was saved: check the form and save again."
)


def _commit(change: Callable[[], T]) -> T:
    """``change()`` committed; on a broken rule nothing is kept, and NotPermitted is a 403."""
    try:
        result = change()
        db.session.commit()
    except RuleViolation as violation:
        db.session.rollback()
        if isinstance(violation, NotPermitted):
            abort(403, violation.message)
        raise
    except IntegrityError:
        db.session.rollback()
        raise RuleViolation(str(SAVED_AT_THE_SAME_MOMENT)) from None
    return result


def wants_json() -> bool:
    """The API always answers JSON; so do the page's own scripts, which ask for it."""
    if request.path.startswith("/api/"):
        return True
    accepted = request.accept_mimetypes
    return accepted["application/json"] > accepted["text/html"]


# How many matches a picker offers; a more precise search finds the rest.
LOOKUP_LIMIT = 12

# Deeper than any list will grow; past it a page number is a mistake or a probe.
MAX_PAGE = 100_000


class ListPagination(Pagination):
    """A page of a list already loaded (the site page's reports, which its timeline needed
    whole anyway), with the same interface as a page of a query."""

    def _query_items(self) -> list[Any]:
        items: list[Any] = self._query_args["items"]
        start = (self.page - 1) * self.per_page
        return items[start : start + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["items"])


def _page_number() -> int:
    raw = request.args.get("page", "").strip()
    number = int(raw) if raw.isascii() and raw.isdigit() else 1
    if number > MAX_PAGE:
        abort(404, _("There is no such page."))
    return max(number, 1)


def paginate_list(items: list[Any], per_page: int) -> Pagination:
    """:func:`paginate` for a list in memory."""
    return ListPagination(
        page=_page_number(), per_page=per_page, max_per_page=None, error_out=False, items=items
    )


def paginate(query: Select[Any], per_page: int) -> Pagination:
    """One page of ``query``, numbered by ``?page=``.

    A number that is not one reads as the first page, as it always has; one past
    :data:`MAX_PAGE` is a 404 (too large for the database's OFFSET, it was a 500).
    """
    return db.paginate(query, page=_page_number(), per_page=per_page, error_out=False)
