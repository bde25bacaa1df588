"""Privileged account services refuse a user without the role, even if a route forgot to."""

from __future__ import annotations

import pytest

from heritage.accounts import services
from heritage.accounts.models import CreditMode, Role
from heritage.rules import NotPermitted


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda user, actor: services.set_role(user, Role.ADMIN, actor=actor), id="role"
        ),
        pytest.param(lambda user, actor: services.deactivate_user(user, actor=actor), id="off"),
        pytest.param(lambda user, actor: services.end_sessions(user, actor=actor), id="sessions"),
        pytest.param(
            lambda user, actor: services.set_password(user, "x" * 20, actor=actor), id="password"
        ),
    ],
)
@pytest.mark.parametrize("actor_role", ["contributor", "reviewer"])
def test_only_an_administrator_may_change_another_account(
    request, db_session, second_contributor, change, actor_role
):
    actor = request.getfixturevalue(actor_role)
    before = (second_contributor.role, second_contributor.active, second_contributor.password_hash)
    key = services.open_sign_in(second_contributor)

    with pytest.raises(NotPermitted):
        change(second_contributor, actor)

    after = (second_contributor.role, second_contributor.active, second_contributor.password_hash)
    assert after == before
    assert services.signed_in_user(str(second_contributor.id), key) is second_contributor


def test_reactivation_is_for_administrators(db_session, admin, reviewer, second_contributor):
    services.deactivate_user(second_contributor, actor=admin)

    with pytest.raises(NotPermitted):
        services.reactivate_user(second_contributor, actor=reviewer)
    assert not second_contributor.active


def test_the_command_line_acts_as_the_operator(db_session, second_contributor):
    services.set_role(second_contributor, Role.REVIEWER, actor=None)

    assert second_contributor.role is Role.REVIEWER


def test_an_affiliation_only_credit_hides_the_name(db_session, contributor):
    services.update_profile(contributor, "Ada", "DGAM Homs", CreditMode.AFFILIATION)

    assert contributor.public_credit == "A contributor at DGAM Homs"
    services.update_profile(contributor, "Ada", "", CreditMode.AFFILIATION)
    assert contributor.public_credit == "An unnamed contributor"
    services.update_profile(contributor, "Ada", None, CreditMode.NAME)
    assert contributor.public_credit == "Ada"
