"""Commands on a database that was never set up say so and how to fix it (no traceback)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMANDS = [
    ["demo"],
    ["users", "create", "ada@example.org", "--name", "Ada", "--password", "x" * 12],
    ["users", "set-role", "ada@example.org", "admin"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_a_command_on_a_database_never_upgraded_explains_what_to_do(tmp_path, command):
    environment = {
        **os.environ,
        "HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path / 'never-upgraded.sqlite3'}",
        "HERITAGE_SECRET_KEY": "k" * 40,
    }
    result = subprocess.run(
        [sys.executable, "-c", "from heritage.console import main; main()", *command],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "The database is not set up yet. Run `heritage db upgrade` first." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
