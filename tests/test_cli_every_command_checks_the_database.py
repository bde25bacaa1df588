"""Every ``heritage`` command checks the database first (review of issue 7, item 8).

A command that forgets ``@needs_database``, or a database one migration behind, must not go
unnoticed: like the permission table, this table must name every command there is. One test
runs the real console script, to see what a user sees: the message on stderr, no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_the_console_explains_on_stderr_without_a_traceback(tmp_path):
    environment = {
        **os.environ,
        "HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'never-upgraded.sqlite3'}",
        "HERITAGE_SECRET_KEY": "k" * 40,
    }
    result = subprocess.run(
        [sys.executable, "-c", "from heritage.console import main; main()", "demo"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "The database is not set up yet. Run `heritage db upgrade` first." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
