"""The application factory: settings, extensions, blueprints, errors, templates, CLI."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request
from flask_babel import lazy_gettext
from werkzeug.middleware.proxy_fix import ProxyFix

from heritage import config as settings
from heritage import i18n
from heritage.extensions import csrf, db, limiter, login_manager, migrate
from heritage.security import DatabaseIdConverter, Request

MIGRATIONS_DIR = settings.PROJECT_ROOT / "migrations"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, error pages, templates, CLI.

    ``config`` overrides everything else; tests pass a mapping with their database URL.
    """
    # Named after the package, not this module: its logger, paths and name stay "heritage".
    app = Flask("heritage", template_folder="../templates", instance_relative_config=True)
    app.request_class = Request
    app.url_map.converters["int"] = DatabaseIdConverter
    load_settings(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def load_settings(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    instance_path = Path(app.instance_path)
    app.config.update(settings.defaults(instance_path))
    app.config.update(settings.from_environment(os.environ))
    app.config.update(overrides or {})
    settings.finalise(app.config, instance_path)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        instance_path.mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from heritage import models  # noqa: F401 - every table known before the first query
    from heritage.accounts.views import load_signed_in_user

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    # Registered before CSRFProtect, whose check is the first to read a request's body.
    app.before_request(_allow_photo_batches)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = lazy_gettext("Please sign in to open that page.")
    login_manager.localize_callback = str  # flashed as text in the reader's language
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_signed_in_user)
    i18n.init_app(app)


def _allow_photo_batches() -> None:
    """Let the photo upload take several photos at once (a browser without JavaScript sends
    them in one request); every other request keeps the one-photo limit."""
    if request.endpoint == "reports.upload_photos":
        request.max_content_length = current_app.config["MAX_PHOTO_BATCH_BYTES"]


def register_blueprints(app: Flask) -> None:
    from heritage.accounts.views import admin_bp
    from heritage.accounts.views import bp as accounts_bp
    from heritage.actors.views import bp as actors_bp
    from heritage.public.views import bp as public_bp
    from heritage.reports.views import bp as reports_bp
    from heritage.reports.views import media_bp
    from heritage.review.views import bp as review_bp
    from heritage.sites.views import bp as sites_bp
    from heritage.sources.views import bp as sources_bp

    for blueprint in (
        public_bp,
        accounts_bp,
        admin_bp,
        sites_bp,
        sources_bp,
        actors_bp,
        reports_bp,
        media_bp,
        review_bp,
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from heritage.errors import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from heritage.security import add_security_headers, refuse_control_characters_in_paths

    app.url_value_preprocessor(refuse_control_characters_in_paths)
    app.after_request(add_security_headers)


def register_template_helpers(app: Flask) -> None:
    from heritage.templating import register

    register(app)


def register_commands(app: Flask) -> None:
    from heritage.cli import register

    register(app)
