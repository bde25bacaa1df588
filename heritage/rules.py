"""The exception services raise when a request breaks a rule of the domain.

Views turn it into a form error beside ``field`` (or a flash message when there is no field);
the CLI prints it on stderr. Nothing is written when it is raised: services check before
they change anything.
"""

from __future__ import annotations

from typing import Any


class RuleViolation(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def show_on_form(violation: RuleViolation, form: Any) -> None:
    """Put a service's refusal beside the field it concerns, or at the top of the form.

    The violation itself is kept in ``form.rule_violations``, for a page that shows more of
    it than its message (the possible duplicates of a new site).
    """
    form.rule_violations = (*getattr(form, "rule_violations", ()), violation)
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
