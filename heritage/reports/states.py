"""The states of a report version, as plain Python shared by the models and the workflow."""

from __future__ import annotations

import enum


class VersionState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


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
