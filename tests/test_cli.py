"""The `heritage` command: accounts and the demo data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.support import Translations
from sqlalchemy import func, select

from heritage.accounts.models import Role, User
from heritage.accounts.services import find_user_by_email
from heritage.extensions import db
from heritage.models import (
    AuditEvent,
    Feature,
    OccupationPeriod,
    PeriodCitation,
    Site,
    SiteName,
    Source,
)

PASSWORD = "a long enough password"


def create(runner, *args):
    return runner.invoke(args=["users", "create", *args])


def test_users_create_makes_an_account(runner, db_session):
    result = create(
        runner, "ada@example.org", "--name", "Ada", "--role", "reviewer", "--password", PASSWORD
    )

    assert result.exit_code == 0, result.output
    user = find_user_by_email("ada@example.org")
    assert user.role == Role.REVIEWER
    # The operator at the command line has no account: the event's actor is empty.
    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "user.created"))
    assert (event.actor_id, event.object_type, event.object_id) == (None, "users", str(user.id))
    assert event.details == {"email": "ada@example.org", "role": "reviewer"}


def test_users_create_prompts_for_the_password(runner, db_session):
    result = runner.invoke(
        args=["users", "create", "ada@example.org", "--name", "Ada"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    assert find_user_by_email("ada@example.org") is not None


def test_users_create_refuses_a_duplicate(runner, db_session, contributor):
    result = create(runner, contributor.email, "--name", "Again", "--password", PASSWORD)

    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert db_session.scalar(select(func.count()).select_from(User)) == 1
    assert db_session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_users_create_refuses_a_short_password(runner, db_session):
    result = create(runner, "ada@example.org", "--name", "Ada", "--password", "too-short")

    assert result.exit_code == 1
    assert "at least 12 characters" in result.stderr
    assert find_user_by_email("ada@example.org") is None


def test_users_set_role_and_deactivate(runner, db_session, contributor):
    assert runner.invoke(args=["users", "set-role", contributor.email, "reviewer"]).exit_code == 0
    assert runner.invoke(args=["users", "deactivate", contributor.email]).exit_code == 0

    db_session.refresh(contributor)
    assert contributor.role == Role.REVIEWER
    assert not contributor.active


def test_users_commands_refuse_an_unknown_email(runner, db_session):
    result = runner.invoke(args=["users", "set-role", "nobody@example.org", "admin"])

    assert result.exit_code == 1
    assert "no account" in result.stderr


def test_users_set_role_refuses_an_unknown_role(runner, db_session, contributor):
    result = runner.invoke(args=["users", "set-role", contributor.email, "emperor"])

    assert result.exit_code == 2
    assert "emperor" in result.stderr


COUNTED = (User, Site, SiteName, Feature, OccupationPeriod, PeriodCitation, Source, AuditEvent)


def row_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in COUNTED
    }


def test_demo_twice_leaves_the_same_row_counts(runner, db_session):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after_first = row_counts()

    second = runner.invoke(args=["demo"])

    assert second.exit_code == 0, second.output
    assert row_counts() == after_first
    assert after_first["Site"] == 4
    assert after_first["User"] == 5
    assert "admin@demo.heritage.example" in second.output
    assert "demo-admin-palmyra" in second.output


def test_demo_if_empty_leaves_a_registry_with_sites_alone(runner, db_session):
    from tests.factories import SiteFactory

    SiteFactory()

    result = runner.invoke(args=["demo", "--if-empty"])

    assert result.exit_code == 0
    assert "not loaded" in result.output
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


def test_demo_refuses_production_without_the_flag(runner, db_session, app):
    app.config["HERITAGE_ENV"] = "production"
    try:
        result = runner.invoke(args=["demo"])
    finally:
        app.config["HERITAGE_ENV"] = "development"

    assert result.exit_code == 1
    assert "production" in result.stderr


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"HERITAGE_ENV": "production"}, "HERITAGE_SECRET_KEY must be set"),
        ({"HERITAGE_REQUIRED_SIGNOFFS": "zero"}, "must be a whole number"),
        ({"HERITAGE_REQUIRED_SIGNOFFS": "0"}, "at least 1"),
        ({"HERITAGE_ENV": "staging"}, "HERITAGE_ENV must be"),
    ],
)
def test_the_console_script_explains_bad_configuration(tmp_path, environment, message):
    result = subprocess.run(
        [sys.executable, "-c", "from heritage.console import main; main()", "users", "--help"],
        env={"PATH": "", "HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path}/x.db", **environment},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


PRINT_WSGI_APP = "import wsgi; print(wsgi.app.name, wsgi.app.config['HERITAGE_ENV'])"


def test_wsgi_exposes_the_app_for_gunicorn(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PRINT_WSGI_APP],
        env={
            "PATH": "",
            "HERITAGE_ENV": "production",
            "HERITAGE_SECRET_KEY": "x" * 32,
            "HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            "HERITAGE_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "heritage production"


NOT_SET_UP = "The database is not set up yet."
ARABIC = Translations.load(
    str(Path(__file__).parent.parent / "heritage" / "translations"), ["ar"], domain="messages"
)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ar_SY.UTF-8", ARABIC.gettext(NOT_SET_UP)), ("en_GB.UTF-8", NOT_SET_UP)],
)
def test_the_console_script_speaks_the_language_of_the_shell(tmp_path, locale, expected):
    command = ["users", "deactivate", "ada@example.org"]
    result = subprocess.run(
        [sys.executable, "-c", "from heritage.console import main; main()", *command],
        env={"PATH": "", "HERITAGE_DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "LANG": locale},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
