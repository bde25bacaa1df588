"""Account rules: creating users, checking passwords, changing roles, deactivating.

Every function here flushes; the caller (a view or a CLI command) commits once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from urllib.parse import urlsplit

from sqlalchemy import Select, delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from heritage.accounts.models import CreditMode, Role, SignIn, User
from heritage.audit.services import record, record_update
from heritage.extensions import db, utcnow
from heritage.rules import NotPermitted, RuleViolation
from heritage.text import optional_text
from heritage.translate import _, lazy, ngettext

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
        return ngettext(
            "Passwords must be at least %(num)d character long.",
            "Passwords must be at least %(num)d characters long.",
            MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return ngettext(
            "Passwords must be at most %(num)d character long.",
            "Passwords must be at most %(num)d characters long.",
            MAX_PASSWORD_LENGTH,
        )
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
        raise AccountError(_("%(email)s is not an email address.", email=repr(email)))
    if not display_name.strip():
        raise AccountError(_("A display name is required."))
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_user_by_email(email) is not None:
        raise AccountError(_("An account with the email %(email)s already exists.", email=email))
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


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials belong to, or None; the caller cannot tell which part failed."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        return None
    return user if password_matches(user, password) else None


def note_login(user: User) -> None:
    user.last_login_at = utcnow()
    record(user, "user.signed_in", user)
    db.session.flush()


def require_role(actor: User | None, role: Role) -> None:
    """Refuse unless ``actor`` holds ``role``; ``None`` is the operator at the command line."""
    if actor is not None and not actor.has_role(role):
        raise NotPermitted(str(ONLY_ROLE[role]))


# Who may do what is refused: one sentence per role.
ONLY_ROLE = {
    Role.CONTRIBUTOR: lazy("Only contributors may do this."),
    Role.REVIEWER: lazy("Only reviewers may do this."),
    Role.ADMIN: lazy("Only admins may do this."),
}


def set_role(user: User, role: Role, *, actor: User | None = None) -> None:
    require_role(actor, Role.ADMIN)
    role = Role(role)
    if user.role == role:
        return
    if user.role == Role.ADMIN and _is_last_active_admin(user):
        raise AccountError(_("The last active administrator cannot be given a lower role."))
    record(actor, "user.role_changed", user, changes={"role": [user.role, role]})
    user.role = role
    db.session.flush()


def deactivate_user(user: User, *, actor: User | None = None) -> None:
    require_role(actor, Role.ADMIN)
    if not user.active:
        return
    if actor is not None and actor.id == user.id:
        raise AccountError(_("You cannot deactivate your own account."))
    if user.role == Role.ADMIN and _is_last_active_admin(user):
        raise AccountError(_("The last active administrator cannot be deactivated."))
    user.active = False
    _end_sign_ins(user)
    record(actor, "user.deactivated", user)
    db.session.flush()


def reactivate_user(user: User, *, actor: User | None = None) -> None:
    require_role(actor, Role.ADMIN)
    if user.active:
        return
    user.active = True
    record(actor, "user.reactivated", user)
    db.session.flush()


def open_sign_in(user: User) -> str:
    """Start a sign-in for ``user``; the key to keep in their session cookie."""
    key = secrets.token_urlsafe(32)
    db.session.add(SignIn(user_id=user.id, key_hash=_key_hash(key)))
    db.session.flush()
    return key


def signed_in_user(user_id: str, key: str | None) -> User | None:
    """The active user whose live sign-in ``key`` is, or None (ended, forged, deactivated)."""
    if not key or not user_id.isascii() or not user_id.isdigit() or len(user_id) > 9:
        return None
    return db.session.scalar(
        select(User)
        .join(SignIn, SignIn.user_id == User.id)
        .where(User.id == int(user_id), User.active, SignIn.key_hash == _key_hash(key))
    )


def close_sign_in(user: User, key: str | None) -> None:
    """Sign out this session: every copy of its cookie stops working; other devices stay."""
    if key:
        db.session.execute(
            delete(SignIn).where(SignIn.user_id == user.id, SignIn.key_hash == _key_hash(key))
        )
    record(user, "user.signed_out", user)
    db.session.flush()


def end_sessions(user: User, *, actor: User | None = None, keep: str | None = None) -> None:
    """Sign ``user`` out on every device (but the session whose key is ``keep``).

    Users end their own other sessions; an administrator may end anyone's.
    """
    if actor is not None and actor.id != user.id:
        require_role(actor, Role.ADMIN)
    _end_sign_ins(user, keep=keep)
    record(actor, "user.sessions_ended", user)
    db.session.flush()


def set_password(
    user: User,
    password: str,
    *,
    actor: User | None = None,
    current_password: str | None = None,
    keep: str | None = None,
) -> User:
    """Give ``user`` a new password; every other session signed in with the old one ends.

    Users changing their own password prove it is theirs with the current one, so a
    borrowed, still signed-in browser cannot take the account over.
    """
    if actor is not None and actor.id != user.id:
        require_role(actor, Role.ADMIN)
    if (
        actor is not None
        and actor.id == user.id
        and not password_matches(user, current_password or "")
    ):
        raise AccountError(_("This is not your current password."), "current_password")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "new_password")
    user.password_hash = generate_password_hash(password)
    _end_sign_ins(user, keep=keep)
    record(actor, "user.password_changed", user)
    db.session.flush()
    return user


def _end_sign_ins(user: User, *, keep: str | None = None) -> None:
    query = delete(SignIn).where(SignIn.user_id == user.id)
    if keep:
        query = query.where(SignIn.key_hash != _key_hash(keep))
    db.session.execute(query)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def update_profile(
    user: User, display_name: str, affiliation: str | None, credit_mode: CreditMode
) -> User:
    """Change how a user is named and credited; public pages show the credit, never the email."""
    display_name = display_name.strip()
    if not display_name:
        raise AccountError(_("A display name is required."), "display_name")
    affiliation = optional_text(affiliation)
    credit_mode = CreditMode(credit_mode)
    before = {"display_name": user.display_name, "affiliation": user.affiliation}
    before["credit_mode"] = user.credit_mode
    user.display_name, user.affiliation, user.credit_mode = display_name, affiliation, credit_mode
    after = {"display_name": display_name, "affiliation": affiliation, "credit_mode": credit_mode}
    record_update(user, "user.profile_updated", user, before, after)
    db.session.flush()
    return user


def users_query() -> Select[User]:
    """Every account, by name, for the admin list."""
    return select(User).order_by(func.lower(User.display_name), User.id)


def set_language(user: User, language: str, languages: Collection[str]) -> None:
    """Keep the interface language a user chose, for every device they sign in on."""
    if language not in languages:
        raise AccountError(_("Choose one of the offered languages."), "language")
    user.language = language
    db.session.flush()


# Longer than any page of the registry; a redirect header longer than this breaks clients.
MAX_NEXT_LENGTH = 2000


def safe_next_url(target: str | None) -> str | None:
    """``target`` if it stays on this site (a path like ``/sites/``), else None.

    Refuses absolute URLs, scheme-relative ``//host`` and backslash tricks that browsers
    read as another host, and addresses too long for a Location header that every client
    and proxy accepts.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if len(target) > MAX_NEXT_LENGTH:
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _is_last_active_admin(user: User) -> bool:
    """Whether no other active administrator would remain.

    Every active administrator's row is locked (in id order, so two requests queue rather
    than deadlock) until the change commits: two admins demoting each other at the same
    moment on PostgreSQL would otherwise each see the other and leave none.
    """
    admins = db.session.scalars(
        select(User.id)
        .where(User.role == Role.ADMIN, User.active)
        .order_by(User.id)
        .with_for_update()
    )
    return not any(admin_id != user.id for admin_id in admins)
