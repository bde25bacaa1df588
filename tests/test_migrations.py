"""Migrations upgrade, downgrade and upgrade again on each database, and match the models."""

from __future__ import annotations

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect, select, text

from heritage import create_app
from heritage.extensions import db
from heritage.vocab.models import Term
from tests.conftest import app_settings, empty_database


@pytest.fixture(params=["sqlite", "postgres"])
def migration_database(request, tmp_path):
    """Not the session's database: these tests build and tear down the schema themselves."""
    yield from empty_database(request.param, tmp_path)


@pytest.fixture
def fresh_app(migration_database, tmp_path):
    app = create_app(app_settings(migration_database, tmp_path))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(fresh_app):
    flask_migrate.upgrade()
    assert tables() == set(db.metadata.tables)
    assert db.session.scalar(select(text("count(*)")).select_from(Term)) > 150
    db.session.commit()

    flask_migrate.downgrade(revision="base")
    assert tables() == set()

    flask_migrate.upgrade()
    assert tables() == set(db.metadata.tables)


def test_models_and_migrations_agree(fresh_app):
    flask_migrate.upgrade()

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        difference = compare_metadata(context, db.metadata)

    assert difference == []


def check_constraint_names(table) -> set[str]:
    """The CHECK constraints a model declares (naming convention applied), by name."""
    return {
        constraint.name
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint) and constraint.name
    }


def test_the_database_has_every_check_constraint_of_the_models(fresh_app):
    """Alembic's comparison ignores CHECK constraints; a migration that forgets one (or a
    batch operation that drops one on SQLite) would otherwise go unnoticed."""
    flask_migrate.upgrade()
    inspector = inspect(db.engine)

    for name, table in db.metadata.tables.items():
        reflected = {check["name"] for check in inspector.get_check_constraints(name)}
        assert reflected == check_constraint_names(table), name


def test_the_audit_log_triggers_survive_every_migration(fresh_app):
    flask_migrate.upgrade()

    if db.engine.dialect.name == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass"
        expected = {"audit_events_no_change", "audit_events_no_truncate"}
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        expected = {"audit_events_no_update", "audit_events_no_delete", "audit_events_no_replace"}
    found = set(db.session.scalars(text(query)))

    assert expected <= found


def test_every_vocabulary_is_seeded_with_its_labels(fresh_app):
    flask_migrate.upgrade()
    terms = db.session.scalars(select(Term)).all()
    by_vocabulary: dict[str, list[Term]] = {}
    for term in terms:
        by_vocabulary.setdefault(term.vocabulary, []).append(term)

    assert {name: len(items) for name, items in by_vocabulary.items()} == {
        "cause_category": 25,
        "cause": 36,
        "effect": 22,
        "extent": 7,
        "severity": 6,
        "unosat_class": 4,
        "condition": 6,
        "certainty": 6,
        "claim_status": 4,
        "actor_type": 10,
        "assessment_method": 12,
        "date_qualifier": 3,
        "date_precision": 4,
        "source_type": 22,
        "source_reliability": 6,
        "information_credibility": 6,
    }
    military = next(
        t for t in by_vocabulary["cause_category"] if t.code == "military_armed_conflict"
    )
    assert military.label_ar == "عسكري/ نزاع مسلح"
    airstrike = next(t for t in by_vocabulary["cause"] if t.code == "airstrike")
    assert (airstrike.parent_code, airstrike.source) == ("explosion_heavy_weaponry", "local")
    possible = next(t for t in by_vocabulary["unosat_class"] if t.code == "possible_damage")
    assert possible.maps_to == {"severity": "slight_damage", "certainty": "low"}
