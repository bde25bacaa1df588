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


BEFORE_ACTORS = "4621e3e42a03"
ACTORS = "b7e2f1a9c3d4"


def _insert(table: str, **values) -> int:
    columns = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    return db.session.execute(
        text(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"),  # noqa: S608
        values,
    ).scalar_one()


def _palmyra(now: str) -> int:
    """A site row as every revision since the first keeps it."""
    return _insert(
        "sites",
        slug="palmyra",
        name="Palmyra",
        country="SY",
        location_sensitivity="public",
        search_text="palmyra",
        is_demo=False,
        created_at=now,
        updated_at=now,
    )


def _old_registry() -> dict[str, int]:
    """Rows as the registry kept them before actors: parties and attributions as free text."""
    now = "2026-11-30 12:00:00"
    term = {
        code: db.session.scalar(text("SELECT id FROM terms WHERE code = :code"), {"code": code})
        for code in ("military_group_non_state", "military_group_state", "news_media_broadcast")
    }
    user = _insert(
        "users",
        email="a@example.org",
        display_name="A",
        password_hash="x",
        role="contributor",
        active=True,
        created_at=now,
        credit_mode="name",
    )
    site = _palmyra(now)
    source = _insert(
        "sources",
        kind_id=term["news_media_broadcast"],
        title="AP",
        published_precision="day",
        reliability="B",
        created_at=now,
        updated_at=now,
    )
    periods = {}
    for key, party, actor_type, start, end in [
        (
            "isis",
            "ISIS",
            "military_group_non_state",
            ("2015-05-01", "month", "on"),
            ("2016-03-27", "day", "on"),
        ),
        ("isis_again", "isis ", None, ("2016-12-11", "day", "on"), ("2017-03-02", "day", "on")),
        (
            "government",
            "Syrian government forces",
            "military_group_state",
            ("2013-01-01", "year", "before"),
            (None, None, None),
        ),
    ]:
        periods[key] = _insert(
            "occupation_periods",
            site_id=site,
            controlling_party=party,
            actor_type_id=term[actor_type] if actor_type else None,
            start_on=start[0],
            start_precision=start[1],
            start_qualifier=start[2],
            end_on=end[0],
            end_precision=end[1],
            end_qualifier=end[2],
            created_at=now,
        )
        _insert("period_citations", period_id=periods[key], source_id=source, credibility=2)
    report = _insert("damage_reports", site_id=site, created_at=now)
    version = _insert(
        "report_versions",
        report_id=report,
        number=1,
        state="draft",
        author_id=user,
        created_at=now,
        updated_at=now,
        title="Temple destroyed",
        summary="",
        event_qualifier="between",
        event_start="2015-08-20",
        event_end="2015-08-31",
        event_precision="day",
        attribution_actor="ISIS",
        review_round=0,
    )
    return {**periods, "version": version}


def test_free_text_parties_become_one_actor_each_and_come_back(fresh_app):
    """Spellings that fold alike are one actor; dates become EDTF with their bounds; the
    downgrade gives back the party names and dates the old columns can hold."""
    flask_migrate.upgrade(revision=BEFORE_ACTORS)
    ids = _old_registry()
    db.session.commit()

    flask_migrate.upgrade(revision=ACTORS)

    actors = dict(db.session.execute(text("SELECT name, id FROM actors")).all())
    assert set(actors) == {"ISIS", "Syrian government forces"}
    periods = {
        row.id: row
        for row in db.session.execute(
            text(
                "SELECT id, controlling_actor_id, start_edtf, start_earliest, start_latest,"
                " end_edtf, end_earliest, end_latest FROM occupation_periods"
            )
        )
    }
    isis = periods[ids["isis"]]
    assert (isis.controlling_actor_id, isis.start_edtf, isis.end_edtf) == (
        actors["ISIS"],
        "2015-05",
        "2016-03-27",
    )
    assert (str(isis.start_earliest), str(isis.start_latest)) == ("2015-05-01", "2015-05-31")
    assert periods[ids["isis_again"]].controlling_actor_id == actors["ISIS"]
    government = periods[ids["government"]]
    assert (government.start_edtf, government.start_earliest, str(government.start_latest)) == (
        "../2013",
        None,
        "2013-12-31",
    )
    assert government.end_edtf is None
    version = db.session.execute(
        text("SELECT event_edtf, attribution_actor_id FROM report_versions")
    ).one()
    assert tuple(version) == ("2015-08-20/2015-08-31", actors["ISIS"])
    assert db.session.scalar(text("SELECT count(*) FROM period_citations")) == 3
    db.session.commit()

    flask_migrate.downgrade(revision=BEFORE_ACTORS)

    restored = {
        row.id: tuple(row)[1:]
        for row in db.session.execute(
            text(
                "SELECT id, controlling_party, start_on, start_precision, start_qualifier,"
                " end_on FROM occupation_periods"
            )
        )
    }
    assert [str(value) for value in restored[ids["isis"]]] == [
        "ISIS",
        "2015-05-01",
        "month",
        "on",
        "2016-03-27",
    ]
    assert restored[ids["isis_again"]][0] == "ISIS"
    assert [str(value) for value in restored[ids["government"]][:4]] == [
        "Syrian government forces",
        "2013-01-01",
        "year",
        "before",
    ]
    event = db.session.execute(
        text(
            "SELECT event_qualifier, event_start, event_end, attribution_actor FROM report_versions"
        )
    ).one()
    assert [str(value) for value in event] == ["between", "2015-08-20", "2015-08-31", "ISIS"]
    assert db.session.scalar(text("SELECT count(*) FROM period_citations")) == 3


def test_each_new_actor_keeps_its_party_s_type_and_has_a_colour_of_its_own(fresh_app):
    flask_migrate.upgrade(revision=BEFORE_ACTORS)
    _old_registry()
    db.session.commit()

    flask_migrate.upgrade(revision=ACTORS)

    rows = db.session.execute(
        text(
            "SELECT a.name, t.code, a.colour FROM actors a"
            " LEFT JOIN terms t ON t.id = a.actor_type_id"
        )
    ).all()
    assert {name: code for name, code, _ in rows} == {
        "ISIS": "military_group_non_state",
        "Syrian government forces": "military_group_state",
    }
    assert len({colour for *_, colour in rows}) == 2


def test_an_after_date_and_supporting_actors_go_both_ways(fresh_app):
    flask_migrate.upgrade(revision=BEFORE_ACTORS)
    ids = _old_registry()
    db.session.execute(
        text(
            "UPDATE occupation_periods SET start_on = '2011-01-01', start_precision = 'year',"
            " start_qualifier = 'after' WHERE id = :id"
        ),
        {"id": ids["government"]},
    )
    db.session.commit()

    flask_migrate.upgrade(revision=ACTORS)

    start = db.session.execute(
        text(
            "SELECT start_edtf, start_earliest, start_latest FROM occupation_periods WHERE id = :id"
        ),
        {"id": ids["government"]},
    ).one()
    assert (start[0], str(start[1]), start[2]) == ("2011/..", "2011-01-01", None)
    government = db.session.scalar(
        text("SELECT id FROM actors WHERE name = 'Syrian government forces'")
    )
    db.session.execute(
        text("INSERT INTO period_supporting_actors (period_id, actor_id) VALUES (:p, :a)"),
        {"p": ids["isis"], "a": government},
    )
    db.session.commit()

    flask_migrate.downgrade(revision=BEFORE_ACTORS)

    party = db.session.scalar(
        text("SELECT controlling_party FROM occupation_periods WHERE id = :id"), {"id": ids["isis"]}
    )
    assert party == "ISIS (with Syrian government forces)"
    qualifier = db.session.scalar(
        text("SELECT start_qualifier FROM occupation_periods WHERE id = :id"),
        {"id": ids["government"]},
    )
    assert qualifier == "after"


BEFORE_TERM_LABELS = "c3d9e5f7a1b2"


def arabic_label(vocabulary: str, code: str) -> str:
    """Read on a connection of its own, so no open transaction blocks the next migration."""
    with db.engine.connect() as connection:
        return connection.scalar(
            text("SELECT label_ar FROM terms WHERE vocabulary = :vocabulary AND code = :code"),
            {"vocabulary": vocabulary, "code": code},
        )


def test_the_admiralty_grades_get_arabic_labels_and_lose_only_those_on_the_way_down(fresh_app):
    flask_migrate.upgrade(revision=BEFORE_TERM_LABELS)
    # An administrator's own Arabic for one grade, before the migration: it must survive both ways.
    db.session.execute(
        text(
            "UPDATE terms SET label_ar = 'مؤكدة' WHERE vocabulary = 'information_credibility'"
            " AND code = '1'"
        )
    )
    db.session.commit()

    flask_migrate.upgrade()

    assert arabic_label("source_reliability", "B") == "موثوق عادةً"
    assert arabic_label("information_credibility", "1") == "مؤكدة"
    assert arabic_label("cause", "graffiti") == ""  # EAMENA's terms wait for a reviewer

    flask_migrate.downgrade(revision=BEFORE_TERM_LABELS)

    assert arabic_label("source_reliability", "B") == ""
    assert arabic_label("information_credibility", "1") == "مؤكدة"


BEFORE_NARROWER_BOUNDS = "d8a4c6e2f0b1"


def _period(site: int, actor: int, start: tuple, end: tuple) -> int:
    now = "2026-12-03 12:00:00"
    return _insert(
        "occupation_periods",
        site_id=site,
        controlling_actor_id=actor,
        start_edtf=start[0],
        start_earliest=start[1],
        start_latest=start[2],
        end_edtf=end[0],
        end_earliest=end[1],
        end_latest=end[2],
        created_at=now,
        updated_at=now,
    )


def _bounds(period: int, prefix: str) -> tuple[str, str]:
    with db.engine.connect() as connection:
        row = connection.execute(
            text(
                f"SELECT {prefix}_earliest, {prefix}_latest FROM occupation_periods"  # noqa: S608
                " WHERE id = :id"
            ),
            {"id": period},
        ).one()
    return tuple(str(day) if day else None for day in row)


def test_qualified_dates_get_narrower_bounds_and_the_package_s_back_on_the_way_down(fresh_app):
    flask_migrate.upgrade(revision=BEFORE_NARROWER_BOUNDS)
    now = "2026-12-03 12:00:00"
    site = _palmyra(now)
    actor = _insert(
        "actors",
        name="ISIS",
        name_key="isis",
        colour="#1f5f8b",
        search_text="isis",
        created_at=now,
        updated_at=now,
    )
    # As the package bounded them: "c. May 2015" from April 2014, "before March 2016?" to 2017.
    wide = _period(
        site,
        actor,
        ("2015-05~", "2014-04-01", "2016-06-30"),
        ("../2016-03?", None, "2017-04-30"),
    )
    # Narrowed, "c. May 2016" would start after this period's end: it keeps its bounds.
    kept = _period(
        site,
        actor,
        ("2016-05~", "2015-04-01", "2017-06-30"),
        ("2016-03", "2016-03-01", "2016-03-31"),
    )
    db.session.commit()

    flask_migrate.upgrade()

    assert _bounds(wide, "start") == ("2015-04-01", "2015-06-30")
    assert _bounds(wide, "end") == (None, "2016-04-30")
    assert _bounds(kept, "start") == ("2015-04-01", "2017-06-30")

    flask_migrate.downgrade(revision=BEFORE_NARROWER_BOUNDS)

    assert _bounds(wide, "start") == ("2014-04-01", "2016-06-30")
    assert _bounds(wide, "end") == (None, "2017-04-30")
