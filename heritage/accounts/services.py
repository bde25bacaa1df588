"""Account rules: creating users, checking passwords, changing roles, deactivating.

Every function here flushes; the caller (a view or a CLI command) commits once.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import Select, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from heritage.accounts.models import CreditMode, Role, User
from heritage.audit.services import record, record_update
from heritage.extensions import db, utcnow
from heritage.rules import NotPermitted, RuleViolation

MIN_PASSWORD_LENGTH = 12
SESSION_ID = re.compile(r"([0-9]{1,9})\.([0-9]{1,9})")
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


def require_role(actor: User | None, role: Role) -> None:
    """Refuse unless ``actor`` holds ``role``; ``None`` is the operator at the command line."""
    if actor is not None and not actor.has_role(role):
        raise NotPermitted(f"Only {role.label.lower()}s may do this.")


def set_role(user: User, role: Role, *, actor: User | None = None) -> None:
    require_role(actor, Role.ADMIN)
    role = Role(role)
    if user.role == role:
        return
    if user.role == Role.ADMIN and _is_last_active_admin(user):
        raise AccountError("The last active administrator cannot be given a lower role.")
    record(actor, "user.role_changed", user, changes={"role": [user.role, role]})
    user.role = role
    db.session.flush()


def deactivate_user(user: User, *, actor: User | None = None) -> None:
    require_role(actor, Role.ADMIN)
    if not user.active:
        return
    if actor is not None and actor.id == user.id:
        raise AccountError("You cannot deactivate your own account.")
    if user.role == Role.ADMIN and _is_last_active_admin(user):
        raise AccountError("The last active administrator cannot be deactivated.")
    user.active = False
    user.session_generation += 1
    record(actor, "user.deactivated", user)
    db.session.flush()


def reactivate_user(user: User, *, actor: User | None = None) -> None:
    require_role(actor, Role.ADMIN)
    if user.active:
        return
    user.active = True
    record(actor, "user.reactivated", user)
    db.session.flush()


def end_sessions(user: User, *, actor: User | None = None) -> None:
    """Sign ``user`` out everywhere: every copy of every earlier session cookie stops working.

    Users end their own sessions by signing out; an administrator may end anyone's.
    """
    if actor is not None and actor.id != user.id:
        require_role(actor, Role.ADMIN)
    user.session_generation += 1
    record(actor, "user.sessions_ended", user)
    db.session.flush()


def set_password(user: User, password: str, *, actor: User | None = None) -> None:
    """Give ``user`` a new password; sessions signed in with the old one end."""
    if actor is not None and actor.id != user.id:
        require_role(actor, Role.ADMIN)
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = generate_password_hash(password)
    user.session_generation += 1
    record(actor, "user.password_changed", user)
    db.session.flush()


def update_profile(
    user: User, display_name: str, affiliation: str | None, credit_mode: CreditMode
) -> None:
    """Change how a user is named and credited; public pages show the credit, never the email."""
    display_name = display_name.strip()
    if not display_name:
        raise AccountError("A display name is required.", "display_name")
    affiliation = (affiliation or "").strip() or None
    credit_mode = CreditMode(credit_mode)
    before = {"display_name": user.display_name, "affiliation": user.affiliation}
    before["credit_mode"] = user.credit_mode
    user.display_name, user.affiliation, user.credit_mode = display_name, affiliation, credit_mode
    after = {"display_name": display_name, "affiliation": affiliation, "credit_mode": credit_mode}
    record_update(user, "user.profile_updated", user, before, after)
    db.session.flush()


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader: ``"<id>.<generation>"`` from the session cookie, or None.

    A cookie from before the last sign-out, password change or deactivation carries an old
    generation and no longer signs anyone in; nor does a deactivated account.
    """
    match = SESSION_ID.fullmatch(session_id)
    if match is None:
        return None
    user_id, generation = match.groups()
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def users_query() -> Select[User]:
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
