"""The review state machine of DESIGN.md, as plain Python: who may do what to a version.

No Flask and no database here (an import-linter contract holds it), so the rules are tested
as tables. Services call :func:`decide` before changing anything; templates call
:func:`allowed_actions` (or ``can_*``) so a button never shows for a forbidden action.
Objects are read through small protocols: the ORM's ReportVersion, SignOff and User fit them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from heritage.accounts.roles import Role
from heritage.reports.states import OPEN_STATES, STATE_LABELS, VersionState, editable_by
from heritage.translate import _, lazy


class Decision(enum.StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"


class Action(enum.StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    WITHDRAW = "withdraw"


DECISION_LABELS = {
    Decision.APPROVE: lazy("approved"),
    Decision.REQUEST_CHANGES: lazy("asked for changes"),
    Decision.REJECT: lazy("rejected"),
}

# Reviewers must say why they send a version back or turn it down.
NEEDS_COMMENT = frozenset({Action.REQUEST_CHANGES, Action.REJECT})
SIGNOFF_MEANING = "I have checked this report against its sources and photos."


class SignOffView(Protocol):
    reviewer_id: int
    review_round: int
    decision: Decision
    content_hash: str
    at: datetime


class VersionView(Protocol):
    state: VersionState
    author_id: int
    content_hash: str | None
    review_round: int

    @property
    def signoffs(self) -> Sequence[SignOffView]: ...


class UserView(Protocol):
    id: int

    def has_role(self, role: Role) -> bool: ...


class NotAllowed(Exception):
    """The user may not take this action on this version now; the message says why."""


def counting_approvals(version: VersionView) -> set[int]:
    """Reviewers who approved the current content in the current review round.

    Each submission opens a round and a request for changes ends it, so earlier approvals
    never count again, even when the author resubmits the same content. The database holds
    the same rule: one approval per reviewer per round (``SignOff``'s unique constraint).
    """
    return {
        signoff.reviewer_id
        for signoff in version.signoffs
        if signoff.review_round == version.review_round
        and signoff.decision is Decision.APPROVE
        and signoff.content_hash == version.content_hash
    }


def allowed_actions(version: VersionView, user: UserView | None) -> frozenset[Action]:
    """Everything ``user`` may do to ``version`` now."""
    if user is None or not user.has_role(Role.CONTRIBUTOR):
        return frozenset()
    actions: set[Action] = set()
    is_author = user.id == version.author_id
    if editable_by(version.state, version.author_id, user):
        actions |= {Action.EDIT, Action.SUBMIT}
    if is_author and version.state in OPEN_STATES:
        actions.add(Action.WITHDRAW)
    if version.state is VersionState.IN_REVIEW and user.has_role(Role.REVIEWER) and not is_author:
        actions |= {Action.REQUEST_CHANGES, Action.REJECT}
        if user.id not in counting_approvals(version):
            actions.add(Action.APPROVE)
    return frozenset(actions)


def can_edit(version: VersionView, user: UserView | None) -> bool:
    return Action.EDIT in allowed_actions(version, user)


def can_approve(version: VersionView, user: UserView | None) -> bool:
    return Action.APPROVE in allowed_actions(version, user)


def can_review(version: VersionView, user: UserView | None) -> bool:
    """Whether ``user`` may take any reviewer decision on ``version``."""
    return bool(allowed_actions(version, user) & {Action.APPROVE, Action.REQUEST_CHANGES})


def decide(
    version: VersionView,
    user: UserView | None,
    action: Action,
    *,
    required_signoffs: int,
    comment: str | None = None,
) -> VersionState:
    """The state ``version`` moves to when ``user`` takes ``action``; raise if not allowed."""
    if action not in allowed_actions(version, user):
        raise NotAllowed(_refusal(version, user, action))
    if action in NEEDS_COMMENT and not (comment or "").strip():
        raise NotAllowed(_("Say what needs to change, or why the report is rejected."))
    if action is Action.APPROVE:
        approvals = len(counting_approvals(version)) + 1
        return VersionState.PUBLISHED if approvals >= required_signoffs else VersionState.IN_REVIEW
    return {
        Action.EDIT: version.state,
        Action.SUBMIT: VersionState.IN_REVIEW,
        Action.REQUEST_CHANGES: VersionState.CHANGES_REQUESTED,
        Action.REJECT: VersionState.REJECTED,
        Action.WITHDRAW: VersionState.WITHDRAWN,
    }[action]


def _refusal(version: VersionView, user: UserView | None, action: Action) -> str:
    if user is None:
        return _("Sign in first.")
    is_author = user.id == version.author_id
    state = str(STATE_LABELS[version.state]).lower()
    if action in {Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT}:
        if is_author:
            return _("You cannot review your own report.")
        if not user.has_role(Role.REVIEWER):
            return _("Only reviewers can sign off reports.")
        if version.state is not VersionState.IN_REVIEW:
            return _("This version is %(state)s, not in review.", state=state)
        return _("You have already approved this version.")
    if not is_author:
        return _("Only the author of this version can do that.")
    return _("This version is %(state)s; it can no longer be changed.", state=state)
