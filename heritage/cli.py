"""The ``heritage`` command: database migrations, accounts and the demo data.

Installed as a console script; the same commands work as ``flask --app heritage ...``.
Each command commits once at its end, so a failure leaves the database as it was.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from heritage.accounts import services as accounts
from heritage.accounts.models import Role, User
from heritage.config import PRODUCTION
from heritage.extensions import db, migrate

ROLE_CHOICE = click.Choice([role.value for role in Role])
F = TypeVar("F", bound=Callable[..., Any])


def needs_database(command: F) -> F:
    """Refuse to run ``command`` on a database that was never migrated, or is behind.

    Without this a fresh install's first command ends in a SQL traceback ("no such table").
    """

    @functools.wraps(command)
    def checked(*args: Any, **kwargs: Any) -> Any:
        problem = database_problem()
        if problem:
            raise click.ClickException(
                _("%(problem)s Run `heritage db upgrade` first.", problem=problem)
            )
        return command(*args, **kwargs)

    return checked  # type: ignore[return-value]


def database_problem() -> str | None:
    """Why the database cannot be used yet, or None when it is at the newest migration."""
    try:
        current = MigrationContext.configure(db.session.connection()).get_current_revision()
    except SQLAlchemyError as error:
        return _("The database cannot be reached (%(error)s).", error=type(error).__name__)
    head = ScriptDirectory.from_config(migrate.get_config()).get_current_head()
    if current is None:
        return _("The database is not set up yet.")
    if current != head:
        return _("The database needs the newest migrations.")
    return None


@click.group("users", help="Create accounts and change their roles.")
def users_cli() -> None:
    pass


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name shown beside the user's work.")
@click.option("--role", type=ROLE_CHOICE, default=Role.CONTRIBUTOR.value, show_default=True)
@click.option(
    "--password",
    help=f"At least {accounts.MIN_PASSWORD_LENGTH} characters; prompted for when left out.",
)
@click.option("--affiliation", help="Organisation the user works for.")
@needs_database
def create_user(
    email: str, name: str, role: str, password: str | None, affiliation: str | None
) -> None:
    """Create an account for EMAIL."""
    if password is None:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(email, name, password, Role(role), affiliation=affiliation)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(_("Created %(role)s %(email)s.", role=str(user.role), email=user.email))


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
@needs_database
def set_role(email: str, role: str) -> None:
    """Give EMAIL's account the role ROLE."""
    user = _change_account(email, lambda user: accounts.set_role(user, Role(role)))
    click.echo(_("%(email)s now has the role: %(role)s.", email=user.email, role=str(user.role)))


@users_cli.command("deactivate")
@click.argument("email")
@needs_database
def deactivate(email: str) -> None:
    """Stop EMAIL's account from signing in (its work and history stay)."""
    user = _change_account(email, accounts.deactivate_user)
    click.echo(_("%(email)s is deactivated.", email=user.email))


@users_cli.command("reactivate")
@click.argument("email")
@needs_database
def reactivate(email: str) -> None:
    """Let a deactivated account sign in again."""
    user = _change_account(email, accounts.reactivate_user)
    click.echo(_("%(email)s is active.", email=user.email))


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only into a registry that has no sites yet.")
@click.option(
    "--allow-production",
    is_flag=True,
    help="Load even when HERITAGE_ENV=production (the demo accounts have published passwords).",
)
@needs_database
def demo(if_empty: bool, allow_production: bool) -> None:
    """Load the Palmyra demo data; running it again adds nothing."""
    from heritage.demo import DEMO_ACCOUNTS, load_demo, registry_is_empty

    if current_app.config["HERITAGE_ENV"] == PRODUCTION and not allow_production:
        raise click.ClickException(
            _(
                "Refusing to load demo accounts with published passwords into production; "
                "pass --allow-production if you really mean it."
            )
        )
    if if_empty and not registry_is_empty():
        click.echo(_("The registry already holds sites; demo data not loaded."))
    else:
        click.echo(load_demo())
        db.session.commit()
    present = [account for account in DEMO_ACCOUNTS if accounts.find_user_by_email(account.email)]
    if present:
        click.echo("\n" + _("Demo accounts (sign in at /login):"))
        for account in present:
            click.echo(f"  {account.role:<12} {account.email:<36} {account.password}")


def _change_account(email: str, change: Callable[[User], None]) -> User:
    """Apply ``change`` to EMAIL's account and commit, or exit 1 with the rule it broke."""
    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException(_("There is no account with the email %(email)s.", email=email))
    try:
        change(user)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    return user


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo)
