"""Account rules: creating users, checking passwords, changing roles, deactivating.

Every function here flushes; the caller (a view or a CLI command) commits once.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import Select, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from heritage.accounts.models import Role, User
from heritage.audit.services import record
from heritage.extensions import db, utcnow
from heritage.rules import RuleViolation

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024

# Checked against when the email is unknown, so a failed login takes as long either way and
# timing does not reveal which emails have accounts.
_UNKNOWN_USER_HASH = generate_password_hash("timing-equaliser-not-a-real-password")


class AccountError(RuleViolation):
    """A request about accounts that breaks a rule; the message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str) -> str | None:
    """Why ``password`` is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters long."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Passwords must be at most {MAX_PASSWORD_LENGTH} characters long."
    return None


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    display_name: str,
    password: str,
    role: Role = Role.CONTRIBUTOR,
    *,
    affiliation: str | None = None,
    actor: User | None = None,
) -> User:
    email = normalise_email(email)
    if not email or "@" not in email:
        raise AccountError(f"{email!r} is not an email address.")
    if not display_name.strip():
        raise AccountError("A display name is required.")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_user_by_email(email) is not None:
        raise AccountError(f"An account with the email {email} already exists.")
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=generate_password_hash(password),
        role=Role(role),
        affiliation=affiliation or None,
    )
    db.session.add(user)
    db.session.flush()
    record(actor, "user.created", user, email=email, role=user.role)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials belong to, or None; the caller cannot tell which part failed."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def note_login(user: User) -> None:
    user.last_login_at = utcnow()
    record(user, "user.signed_in", user)
    db.session.flush()


def set_role(user: User, role: Role, *, actor: User | None = None) -> None:
    role = Role(role)
    if user.role == role:
        return
    if user.role == Role.ADMIN and _is_last_active_admin(user):
        raise AccountError("The last active administrator cannot be given a lower role.")
    record(actor, "user.role_changed", user, changes={"role": [user.role, role]})
    user.role = role
    db.session.flush()


def deactivate_user(user: User, *, actor: User | None = None) -> None:
    if not user.active:
        return
    if actor is not None and actor.id == user.id:
        raise AccountError("You cannot deactivate your own account.")
    if user.role == Role.ADMIN and _is_last_active_admin(user):
        raise AccountError("The last active administrator cannot be deactivated.")
    user.active = False
    record(actor, "user.deactivated", user)
    db.session.flush()


def reactivate_user(user: User, *, actor: User | None = None) -> None:
    if user.active:
        return
    user.active = True
    record(actor, "user.reactivated", user)
    db.session.flush()


def load_user_from_session(user_id: str) -> User | None:
    """Flask-Login's loader: a deactivated account is signed out on its next request."""
    try:
        user = db.session.get(User, int(user_id))
    except ValueError:
        return None
    return user if user is not None and user.active else None


def users_query() -> Select[tuple[User]]:
    """Every account, by name, for the admin list."""
    return select(User).order_by(func.lower(User.display_name), User.id)


def safe_next_url(target: str | None) -> str | None:
    """``target`` if it stays on this site (a path like ``/sites/``), else None.

    Refuses absolute URLs, scheme-relative ``//host`` and backslash tricks that browsers
    read as another host.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _is_last_active_admin(user: User) -> bool:
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.active, User.id != user.id)
    )
    return others == 0
