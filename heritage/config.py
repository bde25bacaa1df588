"""Settings: laptop defaults, then ``HERITAGE_*`` environment variables, then create_app's mapping.

Everything a deployment may change is read here, once, so the rest of the code only ever reads
``current_app.config`` and a typo in the environment fails at start-up with a clear message
instead of surfacing as odd behaviour later.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = "production"
# A shorter key can be brute-forced offline from any signed cookie, and sessions then forged.
MIN_SECRET_KEY_LENGTH = 32
_KEY_RECIPE = "generate one with `python -c 'import secrets; print(secrets.token_hex(32))'`"


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def _positive_int(name: str, minimum: int = 1) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
        if value < minimum:
            raise ConfigError(f"{name} must be at least {minimum}, not {value}.")
        return value

    return parse


def check_storage_url(url: str | None) -> str | None:
    """The photo store's URL as given, if one this version can use; None for the upload folder.

    ``file:///absolute/path`` names another local folder. An S3 store (``s3://bucket/prefix``)
    is planned (DESIGN.md "Photos") but not written yet: refusing it at start-up is better than
    writing a shared deployment's photos to one server's disk while the operator thinks
    otherwise.
    """
    if not url:
        return None
    if url.startswith("s3://"):
        raise ConfigError(
            "HERITAGE_STORAGE_URL=s3://… is not supported yet: photos can only be stored in a "
            "local folder. Unset HERITAGE_STORAGE_URL to use HERITAGE_UPLOAD_DIR, or set it to "
            "file:///absolute/path."
        )
    if not url.startswith("file:///"):
        raise ConfigError(
            f"HERITAGE_STORAGE_URL must be file:///absolute/path (or unset, for "
            f"HERITAGE_UPLOAD_DIR), not {url!r}."
        )
    return url


def _environment(raw: str) -> str:
    if raw not in {"development", PRODUCTION}:
        raise ConfigError(f"HERITAGE_ENV must be 'development' or 'production', not {raw!r}.")
    return raw


# environment variable -> (Flask config key, parser)
ENVIRONMENT_SETTINGS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "HERITAGE_ENV": ("HERITAGE_ENV", _environment),
    "HERITAGE_DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "HERITAGE_SECRET_KEY": ("SECRET_KEY", str),
    "HERITAGE_UPLOAD_DIR": ("UPLOAD_DIR", str),
    "HERITAGE_STORAGE_URL": ("STORAGE_URL", str),
    "HERITAGE_REQUIRED_SIGNOFFS": (
        "REQUIRED_SIGNOFFS",
        _positive_int("HERITAGE_REQUIRED_SIGNOFFS"),
    ),
    "HERITAGE_MAX_UPLOAD_MB": ("MAX_UPLOAD_MB", _positive_int("HERITAGE_MAX_UPLOAD_MB")),
    "HERITAGE_MAX_IMAGE_PIXELS": (
        "MAX_IMAGE_PIXELS",
        _positive_int("HERITAGE_MAX_IMAGE_PIXELS"),
    ),
    "HERITAGE_RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "HERITAGE_TRUSTED_PROXIES": (
        "TRUSTED_PROXIES",
        _positive_int("HERITAGE_TRUSTED_PROXIES", minimum=0),
    ),
}


def defaults(instance_path: Path) -> dict[str, Any]:
    """Settings that suit a laptop: SQLite in the instance folder, photos under ``uploads/``."""
    return {
        "HERITAGE_ENV": "development",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'heritage.sqlite3'}",
        "UPLOAD_DIR": "uploads",
        "REQUIRED_SIGNOFFS": 2,
        "MAX_UPLOAD_MB": 25,
        "MAX_IMAGE_PIXELS": 60_000_000,
        "RATELIMIT_HEADERS_ENABLED": True,
        "TRUSTED_PROXIES": 0,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # A long report takes longer than the default hour to write; the token is tied to the
        # session anyway, which ends at sign-out.
        "WTF_CSRF_TIME_LIMIT": None,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SITES_PER_PAGE": 20,
        "AUDIT_PER_PAGE": 50,
        "HISTORY_PER_PAGE": 50,
        "SOURCES_PER_PAGE": 25,
        "ACTORS_PER_PAGE": 30,
        "REPORTS_PER_PAGE": 20,
        "PHOTOS_PER_UPLOAD": 10,
    }


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Parse every ``HERITAGE_*`` variable that is set; raise ConfigError on a bad value."""
    settings: dict[str, Any] = {}
    for variable, (key, parse) in ENVIRONMENT_SETTINGS.items():
        raw = environ.get(variable)
        if raw is not None and raw != "":
            settings[key] = parse(raw)
    return settings


def finalise(config: dict[str, Any], instance_path: Path) -> None:
    """Derive the settings that depend on others and refuse unsafe production setups."""
    production = config["HERITAGE_ENV"] == PRODUCTION
    if not config.get("SECRET_KEY"):
        if production:
            raise ConfigError(
                f"HERITAGE_SECRET_KEY must be set when HERITAGE_ENV=production: {_KEY_RECIPE}."
            )
        config["SECRET_KEY"] = _instance_secret_key(instance_path)
    if production and len(config["SECRET_KEY"]) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"HERITAGE_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters when "
            f"HERITAGE_ENV=production (it has {len(config['SECRET_KEY'])}): {_KEY_RECIPE}."
        )
    if not config.get("RATELIMIT_STORAGE_URI"):
        if production:
            raise ConfigError(
                "HERITAGE_RATELIMIT_STORAGE_URI must be set when HERITAGE_ENV=production, so "
                "that every worker and server counts the same failed sign-ins: for example "
                "redis://127.0.0.1:6379/0 (sqlite:///PATH serves the workers of one machine; "
                "memory:// only a single process)."
            )
        # A file every process of this machine opens: `flask run` and gunicorn -w N alike.
        config["RATELIMIT_STORAGE_URI"] = f"sqlite:///{instance_path / 'ratelimit.sqlite3'}"
    upload_dir = Path(config["UPLOAD_DIR"])
    if not upload_dir.is_absolute():
        upload_dir = PROJECT_ROOT / upload_dir
    config["UPLOAD_DIR"] = str(upload_dir)
    config["STORAGE_URL"] = check_storage_url(config.get("STORAGE_URL"))
    # Room for the form fields around the largest accepted photo; the photo itself is checked
    # against MAX_UPLOAD_MB exactly, so the user gets a form error rather than a bare 413.
    config["MAX_CONTENT_LENGTH"] = (config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024
    # The photo upload alone takes up to PHOTOS_PER_UPLOAD of them in one request.
    config["MAX_PHOTO_BATCH_BYTES"] = (
        (config["PHOTOS_PER_UPLOAD"] * config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024
    )
    config["SESSION_COOKIE_SECURE"] = production
    config["REMEMBER_COOKIE_SECURE"] = production
    if config["REQUIRED_SIGNOFFS"] < 1:
        raise ConfigError("HERITAGE_REQUIRED_SIGNOFFS must be at least 1.")


def _instance_secret_key(instance_path: Path) -> str:
    """Read the laptop's secret key, creating it on first start so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
