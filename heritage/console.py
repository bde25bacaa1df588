"""The ``heritage`` console script: the Flask command line with the app built for it.

It sits above everything (it builds the app), so ``cli`` -- the commands themselves, which
``create_app`` registers -- never imports the app it belongs to.
"""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup

from heritage.app import create_app
from heritage.config import ConfigError


def main() -> None:
    """Entry point of the ``heritage`` console script."""
    cli = FlaskGroup(
        name="heritage",
        create_app=create_app,
        help="Manage the Heritage Damage Registry.",
        set_debug_flag=False,
        load_dotenv=False,
    )
    try:
        cli.main(prog_name="heritage")
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
