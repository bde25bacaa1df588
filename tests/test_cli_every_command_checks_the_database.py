"""Every ``heritage`` command checks the database first (review of issue 7, item 8).

``tests/test_cli_database.py`` runs three commands of five, and only on a database that was
never upgraded: a command that forgets ``@needs_database`` or a database one migration behind
went unnoticed. Like the permission table, this table must name every command there is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click
import flask_migrate
import pytest
from flask import Flask

from heritage import create_app
from heritage.extensions import db
from tests.conftest import app_settings

ARGUMENTS = {
    "demo": [],
    "users create": ["ada@example.org", "--name", "Ada", "--password", "x" * 12],
    "users set-role": ["ada@example.org", "admin"],
    "users deactivate": ["ada@example.org"],
    "users reactivate": ["ada@example.org"],
}
# The revision before the newest: a deployment that pulled new code but did not upgrade.
PREVIOUS_REVISION = "c5a183667b0d"


def command_names(group: click.Group, prefix: str = "") -> set[str]:
    names = set()
    for name, command in group.commands.items():
        if not prefix and name == "db":
            continue  # Flask-Migrate's own commands: they are how the database gets set up
        if isinstance(command, click.Group):
            names |= command_names(command, f"{prefix}{name} ")
        else:
            names.add(f"{prefix}{name}")
    return names


@pytest.fixture
def unmigrated_app(tmp_path) -> Iterator[Flask]:
    app = create_app(app_settings(f"sqlite:///{tmp_path / 'registry.sqlite3'}", tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()


def invoke(app: Flask, command: str) -> Any:
    """Run ``command`` as the ``heritage`` script does: inside an application context."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=[*command.split(), *ARGUMENTS[command]])


def test_every_command_is_in_the_table(unmigrated_app):
    assert command_names(unmigrated_app.cli) == set(ARGUMENTS)


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_a_command_on_a_database_never_upgraded_explains_what_to_do(unmigrated_app, command):
    result = invoke(unmigrated_app, command)

    assert result.exit_code == 1
    assert "The database is not set up yet. Run `heritage db upgrade` first." in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_a_command_on_a_database_behind_the_code_asks_for_the_upgrade(unmigrated_app, command):
    with unmigrated_app.app_context():
        flask_migrate.upgrade(revision=PREVIOUS_REVISION)

    result = invoke(unmigrated_app, command)

    assert result.exit_code == 1
    assert "The database needs the newest migrations." in result.output
