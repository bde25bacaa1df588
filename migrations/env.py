"""Alembic environment: runs migrations on the app's own engine (Flask-Migrate)."""

import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy.types import TypeDecorator

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging_setup"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def render_item(type_, obj, autogen_context):
    """Write the project's column types as the plain SQLAlchemy types they store.

    Migrations must not import application code, which changes after they are written.
    """
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def process_revision_directives(context, revision, directives):
    """Don't write an empty migration when autogenerate finds no change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_offline():
    context.configure(
        url=str(target_db.engine.url),
        target_metadata=target_db.metadata,
        literal_binds=True,
        render_item=render_item,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    options = dict(current_app.extensions["migrate"].configure_args)
    options.setdefault("process_revision_directives", process_revision_directives)
    options.setdefault("render_item", render_item)
    options.setdefault("compare_type", True)
    connection = config.attributes.get("connection")
    if connection is not None:  # the test suite hands over its own connection
        _run(connection, options)
        return
    with target_db.engine.connect() as connection:
        _run(connection, options)


def _run(connection, options):
    context.configure(connection=connection, target_metadata=target_db.metadata, **options)
    with _foreign_keys_deferred_on_sqlite(connection), context.begin_transaction():
        context.run_migrations()
        _check_foreign_keys_on_sqlite(connection)


@contextmanager
def _foreign_keys_deferred_on_sqlite(connection):
    """Switch SQLite's foreign keys off while migrations run, then check them all.

    A batch migration rebuilds a table (copy, drop, rename). With foreign keys on, dropping
    the old table deletes through every ON DELETE CASCADE pointing at it: rebuilding
    occupation_periods would delete every citation of every period. SQLite ignores the
    pragma inside a transaction, so it is set on the raw connection before Alembic begins.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def _check_foreign_keys_on_sqlite(connection):
    """Refuse (and so roll back) a migration that left rows pointing at nothing."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"The migration left rows pointing at nothing: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
