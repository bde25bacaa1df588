"""The review rules of DESIGN.md as tables: who may do what in which state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from heritage.accounts.roles import Role
from heritage.reports.states import VersionState
from heritage.review.workflow import (
    Action,
    Decision,
    NotAllowed,
    allowed_actions,
    can_approve,
    counting_approvals,
    decide,
)

S = VersionState
A = Action
START = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class User:
    id: int
    role: Role
    active: bool = True

    def has_role(self, role: Role) -> bool:
        return self.active and self.role.includes(role)


@dataclass
class SignOff:
    reviewer_id: int
    review_round: int
    decision: Decision
    content_hash: str
    at: datetime


@dataclass
class Version:
    state: VersionState
    author_id: int = 1
    content_hash: str | None = "hash-1"
    review_round: int = 1
    signoffs: list[SignOff] = field(default_factory=list)

    def sign(self, reviewer: User, decision: Decision, content_hash: str | None = None) -> None:
        at = START + timedelta(minutes=len(self.signoffs))
        content_hash = content_hash or self.content_hash or ""
        self.signoffs.append(SignOff(reviewer.id, self.review_round, decision, content_hash, at))

    def resubmit(self) -> None:
        """The author sends it back for review (here with the same content): a new round."""
        self.state = S.IN_REVIEW
        self.review_round += 1


AUTHOR = User(1, Role.CONTRIBUTOR)
OTHER_CONTRIBUTOR = User(2, Role.CONTRIBUTOR)
REVIEWER = User(3, Role.REVIEWER)
SECOND_REVIEWER = User(4, Role.REVIEWER)
ADMIN = User(5, Role.ADMIN)
REVIEWING_AUTHOR = User(1, Role.REVIEWER)

WHO = {
    "author": AUTHOR,
    "other contributor": OTHER_CONTRIBUTOR,
    "reviewer": REVIEWER,
    "admin": ADMIN,
    "author who is a reviewer": REVIEWING_AUTHOR,
}
REVIEW = {A.APPROVE, A.REQUEST_CHANGES, A.REJECT}
OWN = {A.EDIT, A.SUBMIT, A.WITHDRAW}


@pytest.mark.parametrize(
    ("state", "who", "expected"),
    [
        (S.DRAFT, "author", OWN),
        (S.DRAFT, "other contributor", set()),
        (S.DRAFT, "reviewer", set()),
        (S.DRAFT, "author who is a reviewer", OWN),
        (S.CHANGES_REQUESTED, "author", OWN),
        (S.CHANGES_REQUESTED, "reviewer", set()),
        (S.IN_REVIEW, "author", {A.WITHDRAW}),
        (S.IN_REVIEW, "author who is a reviewer", {A.WITHDRAW}),
        (S.IN_REVIEW, "other contributor", set()),
        (S.IN_REVIEW, "reviewer", REVIEW),
        (S.IN_REVIEW, "admin", REVIEW),
        (S.PUBLISHED, "author", set()),
        (S.PUBLISHED, "reviewer", set()),
        (S.SUPERSEDED, "admin", set()),
        (S.REJECTED, "author", set()),
        (S.WITHDRAWN, "author", set()),
    ],
)
def test_allowed_actions(state, who, expected):
    assert allowed_actions(Version(state), WHO[who]) == expected


def test_nobody_signed_out_or_deactivated_may_act():
    assert allowed_actions(Version(S.DRAFT), None) == frozenset()
    assert allowed_actions(Version(S.DRAFT), User(1, Role.CONTRIBUTOR, active=False)) == set()


def test_a_reviewer_cannot_approve_twice():
    version = Version(S.IN_REVIEW)
    version.sign(REVIEWER, Decision.APPROVE)

    assert not can_approve(version, REVIEWER)
    assert can_approve(version, SECOND_REVIEWER)


@pytest.mark.parametrize(
    ("required", "earlier_approvals", "expected"),
    [(1, 0, S.PUBLISHED), (2, 0, S.IN_REVIEW), (2, 1, S.PUBLISHED), (3, 1, S.IN_REVIEW)],
)
def test_approval_publishes_when_enough_reviewers_agree(required, earlier_approvals, expected):
    version = Version(S.IN_REVIEW)
    if earlier_approvals:
        version.sign(SECOND_REVIEWER, Decision.APPROVE)

    assert decide(version, REVIEWER, A.APPROVE, required_signoffs=required) is expected


def test_approvals_before_a_request_for_changes_never_count_again():
    version = Version(S.IN_REVIEW)
    version.sign(REVIEWER, Decision.APPROVE)
    version.sign(SECOND_REVIEWER, Decision.REQUEST_CHANGES)
    version.resubmit()

    assert counting_approvals(version) == set()
    assert can_approve(version, REVIEWER)
    assert decide(version, REVIEWER, A.APPROVE, required_signoffs=2) is S.IN_REVIEW


def test_approvals_of_other_content_do_not_count():
    version = Version(S.IN_REVIEW, content_hash="hash-2")
    version.sign(REVIEWER, Decision.APPROVE, content_hash="hash-1")

    assert counting_approvals(version) == set()
    assert decide(version, SECOND_REVIEWER, A.APPROVE, required_signoffs=2) is S.IN_REVIEW


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        (S.DRAFT, A.SUBMIT, S.IN_REVIEW),
        (S.CHANGES_REQUESTED, A.SUBMIT, S.IN_REVIEW),
        (S.DRAFT, A.EDIT, S.DRAFT),
        (S.DRAFT, A.WITHDRAW, S.WITHDRAWN),
        (S.IN_REVIEW, A.WITHDRAW, S.WITHDRAWN),
    ],
)
def test_author_transitions(state, action, expected):
    assert decide(Version(state), AUTHOR, action, required_signoffs=2) is expected


@pytest.mark.parametrize(
    ("action", "expected"),
    [(A.REQUEST_CHANGES, S.CHANGES_REQUESTED), (A.REJECT, S.REJECTED)],
)
def test_reviewer_decisions_need_a_comment(action, expected):
    version = Version(S.IN_REVIEW)

    with pytest.raises(NotAllowed, match="Say what needs to change"):
        decide(version, REVIEWER, action, required_signoffs=2, comment="  ")
    assert (
        decide(version, REVIEWER, action, required_signoffs=2, comment="Cite the UNOSAT map")
        is expected
    )


@pytest.mark.parametrize(
    ("state", "who", "action", "message"),
    [
        (S.IN_REVIEW, "author who is a reviewer", A.APPROVE, "your own report"),
        (S.IN_REVIEW, "other contributor", A.APPROVE, "Only reviewers"),
        (S.DRAFT, "reviewer", A.APPROVE, "not in review"),
        (S.DRAFT, "other contributor", A.EDIT, "Only the author"),
        (S.PUBLISHED, "author", A.EDIT, "can no longer be changed"),
        (S.REJECTED, "author", A.SUBMIT, "can no longer be changed"),
    ],
)
def test_forbidden_actions_are_refused_with_a_reason(state, who, action, message):
    with pytest.raises(NotAllowed, match=message):
        decide(Version(state), WHO[who], action, required_signoffs=2)


def test_a_second_approval_by_the_same_reviewer_is_refused():
    version = Version(S.IN_REVIEW)
    version.sign(REVIEWER, Decision.APPROVE)

    with pytest.raises(NotAllowed, match="already approved"):
        decide(version, REVIEWER, A.APPROVE, required_signoffs=3)
