"""Settings from the environment, and the refusals that keep production safe."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from heritage import create_app
from heritage.config import ConfigError, defaults, finalise, from_environment


def settings(tmp_path, **environment):
    config = defaults(tmp_path)
    config.update(from_environment(environment))
    finalise(config, tmp_path)
    return config


def test_laptop_defaults(tmp_path):
    config = settings(tmp_path)

    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'heritage.sqlite3'}"
    assert config["REQUIRED_SIGNOFFS"] == 2
    assert config["MAX_UPLOAD_MB"] == 25
    assert config["MAX_IMAGE_PIXELS"] == 60_000_000
    assert config["RATELIMIT_STORAGE_URI"] == f"sqlite:///{tmp_path / 'ratelimit.sqlite3'}"
    assert config["UPLOAD_DIR"].endswith("uploads")
    assert not config["SESSION_COOKIE_SECURE"]


def test_the_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    first = settings(tmp_path)["SECRET_KEY"]
    second = settings(tmp_path)["SECRET_KEY"]

    assert first == second
    assert len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_environment_variables_override_the_defaults(tmp_path):
    config = settings(
        tmp_path,
        HERITAGE_DATABASE_URL="postgresql+psycopg://db/registry",
        HERITAGE_SECRET_KEY="s3cret",
        HERITAGE_UPLOAD_DIR="/srv/photos",
        HERITAGE_REQUIRED_SIGNOFFS="3",
        HERITAGE_MAX_UPLOAD_MB="10",
        HERITAGE_MAX_IMAGE_PIXELS="1000",
        HERITAGE_RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
    )

    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/registry"
    assert config["SECRET_KEY"] == "s3cret"
    assert config["UPLOAD_DIR"] == "/srv/photos"
    assert config["REQUIRED_SIGNOFFS"] == 3
    assert config["MAX_CONTENT_LENGTH"] == 11 * 1024 * 1024
    assert config["MAX_IMAGE_PIXELS"] == 1000
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_production_needs_an_explicit_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="HERITAGE_SECRET_KEY must be set"):
        settings(tmp_path, HERITAGE_ENV="production")
    assert not (tmp_path / "secret_key").exists()


# Everything a production deployment must set.
PRODUCTION = {
    "HERITAGE_ENV": "production",
    "HERITAGE_SECRET_KEY": "x" * 32,
    "HERITAGE_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
}


def test_production_refuses_a_secret_key_shorter_than_32_characters(tmp_path):
    with pytest.raises(ConfigError, match="HERITAGE_SECRET_KEY must be at least 32 characters"):
        settings(tmp_path, **{**PRODUCTION, "HERITAGE_SECRET_KEY": "x" * 31})


def test_production_needs_the_rate_limit_storage_chosen_explicitly(tmp_path):
    """Workers each counting their own failures would multiply the sign-in limits, so the
    default is refused; memory:// is accepted when chosen, for a single-process server."""
    environment = {**PRODUCTION}
    del environment["HERITAGE_RATELIMIT_STORAGE_URI"]

    with pytest.raises(ConfigError, match="HERITAGE_RATELIMIT_STORAGE_URI must be set") as error:
        settings(tmp_path, **environment)
    assert "redis://" in str(error.value)

    config = settings(tmp_path, **environment, HERITAGE_RATELIMIT_STORAGE_URI="memory://")
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_production_cookies_are_secure(tmp_path):
    config = settings(tmp_path, **PRODUCTION)

    assert config["SESSION_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HERITAGE_REQUIRED_SIGNOFFS", "0"),
        ("HERITAGE_REQUIRED_SIGNOFFS", "two"),
        ("HERITAGE_MAX_UPLOAD_MB", "-5"),
        ("HERITAGE_ENV", "prod"),
    ],
)
def test_malformed_values_are_refused(tmp_path, variable, value):
    with pytest.raises(ConfigError, match=variable):
        settings(tmp_path, **{variable: value})


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path):
    app = create_app(
        {
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db",
            # Not the default file in the project's instance folder: the limiter is one object
            # per process, and later tests would count in a file other test runs share.
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    from heritage.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        db.engine.dispose()
