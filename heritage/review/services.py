"""Moving versions through the review workflow: the rules are in ``workflow``; this applies
them to the database, in one transaction with their audit events.

Functions flush; the view commits.
"""

from __future__ import annotations

from heritage.accounts.models import User
from heritage.audit.services import record
from heritage.extensions import db, utcnow
from heritage.reports.canonical import content_hash
from heritage.reports.models import ReportVersion
from heritage.reports.services import check_submittable, lock
from heritage.reports.states import VersionState
from heritage.review.models import SignOff
from heritage.review.workflow import Action, Decision, NotAllowed, decide
from heritage.rules import NotPermitted
from heritage.translate import _


def submit(actor: User | None, version: ReportVersion, *, required_signoffs: int) -> ReportVersion:
    """Send a draft to the reviewers: its content is frozen and hashed from now on.

    A report must cite its evidence before anyone is asked to check it against that. The
    row is locked first, so a change in progress is either in the hash or refused.
    """
    lock(version)
    try:
        state = decide(version, actor, Action.SUBMIT, required_signoffs=required_signoffs)
    except NotAllowed as refusal:
        raise NotPermitted(str(refusal)) from None
    check_submittable(version)
    digest = content_hash(version)  # before any change: reading may flush the session
    version.state = state
    version.review_round += 1
    version.submitted_at = utcnow()
    version.content_hash = digest
    db.session.flush()
    record(
        actor,
        "report_version.submitted",
        version,
        context=version.report,
        content_hash=version.content_hash,
        review_round=version.review_round,
    )
    return version


def approve(actor: User | None, version: ReportVersion, *, required_signoffs: int) -> ReportVersion:
    """Sign the version's content; with enough approvals from distinct reviewers, publish it.

    The version row is locked first (PostgreSQL) so two reviewers approving at once are
    counted one after the other: the second sees the first's sign-off.
    """
    if actor is None:
        raise NotPermitted(_("Sign in first."))
    lock(version)
    try:
        state = decide(version, actor, Action.APPROVE, required_signoffs=required_signoffs)
    except NotAllowed as refusal:
        raise NotPermitted(str(refusal)) from None
    db.session.add(
        SignOff(
            version=version,
            reviewer_id=actor.id,
            review_round=version.review_round,
            decision=Decision.APPROVE,
            content_hash=version.content_hash,
        )
    )
    record(
        actor,
        "report_version.approved",
        version,
        context=version.report,
        content_hash=version.content_hash,
    )
    if state is VersionState.PUBLISHED:
        _publish(actor, version)
    db.session.flush()
    return version


def _publish(actor: User, version: ReportVersion) -> None:
    """The version becomes the report's public one; the one it replaces stays citable."""
    report = version.report
    previous = report.published_version
    now = utcnow()
    if previous is not None and previous.id != version.id:
        previous.state = VersionState.SUPERSEDED
        record(actor, "report_version.superseded", previous, context=report, by=version.number)
    version.state = VersionState.PUBLISHED
    version.published_at = now
    report.published_version = version
    record(actor, "report_version.published", version, context=report, number=version.number)
