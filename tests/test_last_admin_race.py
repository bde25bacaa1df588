"""Two administrators demoting each other at the same moment leave one administrator.

Each request checks that another active administrator remains; without a lock both checks
pass on PostgreSQL and the registry is left with none.
"""

from __future__ import annotations

import threading

import flask_migrate
import pytest
from sqlalchemy import func, select, update

from heritage import create_app
from heritage.accounts import services
from heritage.accounts.models import Role, User
from heritage.extensions import db
from heritage.rules import RuleViolation
from tests.conftest import app_settings, empty_database

ROUNDS = 8


@pytest.fixture
def postgres_app(tmp_path):
    for url in empty_database("postgres", tmp_path):
        app = create_app(app_settings(url, tmp_path))
        with app.app_context():
            flask_migrate.upgrade()
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def demote(app, actor_id: int, target_id: int, barrier: threading.Barrier) -> None:
    with app.app_context():
        actor, target = db.session.get(User, actor_id), db.session.get(User, target_id)
        barrier.wait()
        try:
            services.set_role(target, Role.CONTRIBUTOR, actor=actor)
            db.session.commit()
        except RuleViolation:
            db.session.rollback()
        finally:
            db.session.remove()


def active_admins() -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active)
    )


def test_two_admins_demoting_each_other_at_once_leave_one(postgres_app):
    for number in range(ROUNDS):
        with postgres_app.app_context():
            first, second = (
                services.create_user(f"admin{number}{side}@example.org", "A", "x" * 12, Role.ADMIN)
                for side in "ab"
            )
            ids = first.id, second.id
            earlier = update(User).where(User.id.not_in(ids)).values(role=Role.CONTRIBUTOR)
            db.session.execute(earlier)
            db.session.commit()
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=demote, args=(postgres_app, ids[0], ids[1], barrier)),
            threading.Thread(target=demote, args=(postgres_app, ids[1], ids[0], barrier)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        with postgres_app.app_context():
            assert active_admins() == 1, f"round {number}"
            db.session.remove()
