"""The exception services raise when a request breaks a rule of the domain.

Views turn it into a form error beside ``field`` (or a flash message when there is no field);
the CLI prints it on stderr. Nothing is written when it is raised: services check before
they change anything.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from heritage.translate import _, lazy


class RuleViolation(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class RuleViolations(RuleViolation):
    """Several independent refusals of one request, each beside its own field: a form shows
    them all at once rather than one per attempt."""

    def __init__(self, violations: list[RuleViolation]) -> None:
        super().__init__(" ".join(v.message for v in violations), violations[0].field)
        self.violations = violations


def check_all(*checks: Callable[[], object]) -> None:
    """Run every check; raise what they refused, together (nothing when all pass)."""
    refused = []
    for check in checks:
        try:
            check()
        except RuleViolations as several:  # a check that itself checks several things
            refused.extend(several.violations)
        except RuleViolation as violation:
            refused.append(violation)
    if len(refused) == 1:
        raise refused[0]
    if refused:
        raise RuleViolations(refused)


class EditedMeanwhile(RuleViolation):
    """Someone saved the record after this form was opened: saving it would undo their work.

    The form is shown again with the user's input and the record's current version, so that
    saving once more (after a look at the record) replaces the other change knowingly.
    """

    def __init__(self, what: str, current_version: str) -> None:
        message = EDITED_MEANWHILE.get(what)
        super().__init__(
            str(message)
            if message is not None
            else _(
                "Someone else saved changes to this record after you opened this form, so "
                "nothing of yours was saved. Open it in another tab to see their changes; to "
                "replace them with what this form shows, save again."
            ),
            "edit_version",
        )
        self.current_version = current_version


# The message for each kind of record (``what``), whole: the noun is not slotted into a
# sentence, as its gender and form change the sentence in other languages.
EDITED_MEANWHILE = {
    "actor": lazy(
        "Someone else saved changes to this actor after you opened this form, so nothing of "
        "yours was saved. Open the actor in another tab to see their changes; to replace them "
        "with what this form shows, save again."
    ),
    "site": lazy(
        "Someone else saved changes to this site after you opened this form, so nothing of "
        "yours was saved. Open the site in another tab to see their changes; to replace them "
        "with what this form shows, save again."
    ),
    "period of control": lazy(
        "Someone else saved changes to this period of control after you opened this form, so "
        "nothing of yours was saved. Open the period of control in another tab to see their "
        "changes; to replace them with what this form shows, save again."
    ),
    "source": lazy(
        "Someone else saved changes to this source after you opened this form, so nothing of "
        "yours was saved. Open the source in another tab to see their changes; to replace them "
        "with what this form shows, save again."
    ),
}


def edit_version(moment: datetime) -> str:
    """The version a form carries of the record it edits: when the record was last saved."""
    return moment.isoformat()


def check_unchanged(what: str, saved_at: datetime, expected: str | None) -> None:
    """Refuse a form opened before the record's last save (``expected`` None: no form)."""
    if expected is not None and expected != edit_version(saved_at):
        raise EditedMeanwhile(what, edit_version(saved_at))


def show_on_form(violation: RuleViolation, form: Any) -> None:
    """Put a service's refusal beside the field it concerns, or at the top of the form.

    The violation itself is kept in ``form.rule_violations``, for a page that shows more of
    it than its message (the possible duplicates of a new site).
    """
    if isinstance(violation, RuleViolations):
        for each in violation.violations:
            show_on_form(each, form)
        return
    form.rule_violations = (*getattr(form, "rule_violations", ()), violation)
    if isinstance(violation, EditedMeanwhile) and hasattr(form, "edit_version"):
        form.edit_version.data = violation.current_version
        form.form_errors.append(violation.message)
        return
    field = getattr(form, violation.field, None) if violation.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, violation.message]
    else:
        form.form_errors.append(violation.message)


class NotPermitted(RuleViolation):
    """The acting user may not do this at all: views answer 403, the CLI exits 1.

    Privileged services raise it themselves, so a route that forgets its decorator still
    refuses.
    """
