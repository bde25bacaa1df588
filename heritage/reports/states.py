"""The states of a report version, as plain Python shared by the models and the workflow."""

from __future__ import annotations

import enum
from typing import Protocol

from heritage.accounts.roles import Role
from heritage.translate import lazy


class VersionState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# What each state is called on pages; ``STATE_HINTS`` says what happens next, to the author.
STATE_LABELS = {
    VersionState.DRAFT: lazy("Draft"),
    VersionState.IN_REVIEW: lazy("In review"),
    VersionState.CHANGES_REQUESTED: lazy("Changes requested"),
    VersionState.PUBLISHED: lazy("Published"),
    VersionState.SUPERSEDED: lazy("Superseded"),
    VersionState.REJECTED: lazy("Rejected"),
    VersionState.WITHDRAWN: lazy("Withdrawn"),
}
STATE_HINTS = {
    VersionState.DRAFT: lazy("Submit it for review when it is ready."),
    VersionState.IN_REVIEW: lazy("Waiting for reviewers to check it against its sources."),
    VersionState.CHANGES_REQUESTED: lazy("A reviewer asked for changes: edit it and submit again."),
    VersionState.PUBLISHED: lazy("Public, and citable at its permanent address."),
    VersionState.SUPERSEDED: lazy("A newer version is public; this one stays citable."),
    VersionState.REJECTED: lazy("Reviewers turned it down; it will not be published."),
    VersionState.WITHDRAWN: lazy("You withdrew it; it will not be published."),
}

# The author may still change these versions.
EDITABLE_STATES = (VersionState.DRAFT, VersionState.CHANGES_REQUESTED)
# Not yet decided: the author may withdraw them.
OPEN_STATES = (*EDITABLE_STATES, VersionState.IN_REVIEW)
# Readable by the public at their own permalink.
PUBLIC_STATES = (VersionState.PUBLISHED, VersionState.SUPERSEDED)
# Content frozen by a submission and bound to by sign-offs.
HASHED_STATES = (
    VersionState.IN_REVIEW,
    VersionState.PUBLISHED,
    VersionState.SUPERSEDED,
    VersionState.REJECTED,
)


class Author(Protocol):
    id: int

    def has_role(self, role: Role) -> bool: ...


def editable_by(state: VersionState, author_id: int, user: Author | None) -> bool:
    """Whether ``user`` may change a version now: its author, still a contributor, while the
    version is a draft or sent back. Both the report views and the review workflow ask this."""
    return (
        user is not None
        and user.id == author_id
        and user.has_role(Role.CONTRIBUTOR)
        and state in EDITABLE_STATES
    )
