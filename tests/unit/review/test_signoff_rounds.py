"""The database's uniqueness rule for sign-offs says what the workflow's predicate says."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from heritage.reports.models import DamageReport, ReportVersion
from heritage.reports.states import VersionState
from heritage.review.models import SignOff
from heritage.review.workflow import Decision, can_approve, counting_approvals
from heritage.vocab.uncertain_dates import UncertainDate
from tests.factories import SiteFactory

CONTENT = "a" * 64


@pytest.fixture
def version_in_review(db_session, contributor):
    report = DamageReport(site=SiteFactory())
    version = ReportVersion(
        report=report,
        number=1,
        author_id=contributor.id,
        title="Temple of Bel destroyed",
        event=UncertainDate.from_edtf("2015-08-30"),
        state=VersionState.IN_REVIEW,
        content_hash=CONTENT,
        review_round=1,
    )
    db_session.add(version)
    db_session.commit()
    return version


def sign(db_session, version, reviewer, decision, comment=None):
    db_session.add(
        SignOff(
            version=version,
            reviewer_id=reviewer.id,
            review_round=version.review_round,
            decision=decision,
            comment=comment,
            content_hash=version.content_hash,
        )
    )
    db_session.commit()


def test_a_reviewer_may_approve_the_same_content_again_after_a_resubmission(
    db_session, version_in_review, reviewer, second_reviewer
):
    version = version_in_review
    sign(db_session, version, reviewer, Decision.APPROVE)
    sign(db_session, version, second_reviewer, Decision.REQUEST_CHANGES, "Cite the UNOSAT map.")
    version.state, version.review_round = VersionState.IN_REVIEW, 2  # resubmitted unchanged
    db_session.commit()

    assert can_approve(version, reviewer)
    sign(db_session, version, reviewer, Decision.APPROVE)

    assert counting_approvals(version) == {reviewer.id}


def test_the_database_refuses_a_second_approval_in_one_round(
    db_session, version_in_review, reviewer
):
    sign(db_session, version_in_review, reviewer, Decision.APPROVE)

    assert not can_approve(version_in_review, reviewer)
    with pytest.raises(IntegrityError):
        sign(db_session, version_in_review, reviewer, Decision.APPROVE)
