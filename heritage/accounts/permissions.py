"""One permission helper for routes and templates, so a link never shows for a page that 403s."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from heritage.accounts.models import Role
from heritage.extensions import login_manager
from heritage.web import wants_json

F = TypeVar("F", bound=Callable[..., Any])


def has_role(user: Any, role: Role | str) -> bool:
    """Whether ``user`` (possibly anonymous) holds ``role`` or a higher one."""
    return bool(user.is_authenticated and user.has_role(Role(role)))


def role_required(role: Role) -> Callable[[F], F]:
    """Anonymous visitors are sent to sign in; signed-in users below ``role`` get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if wants_json():  # a page's script: the sign-in page would not help it
                    abort(401)
                return login_manager.unauthorized()
            if not has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def current_user_has_role(role: Role | str) -> bool:
    """The template's form of :func:`has_role`: ``{% if has_role('reviewer') %}``."""
    return has_role(current_user, role)


def viewer() -> Any:
    """The signed-in user, or None for an anonymous visitor: what services that decide who
    may see something take (they know nothing of Flask-Login's anonymous object)."""
    return current_user if current_user.is_authenticated else None
