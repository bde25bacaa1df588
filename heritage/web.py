"""How a view runs a service call: commit once on success, show a broken rule, change nothing.

Every editing view has the same shape (validate, call the service, commit or roll back), so
it lives here once. The commit happens in exactly this place for form and button views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash
from flask_wtf import FlaskForm

from heritage.extensions import db
from heritage.rules import RuleViolation, show_on_form

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
        result = change()
    except RuleViolation as violation:
        db.session.rollback()
        show_on_form(violation, form)
        return None
    db.session.commit()
    flash(success(result) if callable(success) else success, "success")
    return result


def apply_change(change: Callable[[], Any], success: str) -> bool:
    """Run a change behind a button; flash the outcome. Whether it was committed."""
    try:
        change()
    except RuleViolation as violation:
        db.session.rollback()
        flash(violation.message, "danger")
        return False
    db.session.commit()
    flash(success, "success")
    return True
