"""Sign-in, sign-out and the administrators' pages for accounts and the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from heritage.accounts import services
from heritage.accounts.forms import LoginForm, LogoutForm, RoleForm
from heritage.accounts.models import Role, User
from heritage.accounts.permissions import role_required
from heritage.audit.services import events_query
from heritage.extensions import db, limiter
from heritage.web import apply_change

bp = Blueprint("accounts", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

LOGIN_FAILED_MESSAGE = "The email or password is incorrect."
# Failed sign-ins allowed per minute: per account slows guessing one password, per address
# slows trying many accounts from one machine.
ACCOUNT_LOGIN_LIMIT = "5 per minute"
ADDRESS_LOGIN_LIMIT = "20 per minute"


def _login_failed(response: Response) -> bool:
    return bool(g.get("login_failed"))


def _login_account_key() -> str:
    return "account:" + services.normalise_email(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    ACCOUNT_LOGIN_LIMIT, key_func=_login_account_key, methods=["POST"], deduct_when=_login_failed
)
@limiter.limit(
    ADDRESS_LOGIN_LIMIT, key_func=get_remote_address, methods=["POST"], deduct_when=_login_failed
)
def login() -> Response | str:
    form = LoginForm(next=request.args.get("next", ""))
    destination = services.safe_next_url(form.next.data) or url_for("public.home")
    if current_user.is_authenticated:
        return redirect(destination)
    error = None
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            g.login_failed = True
            error = LOGIN_FAILED_MESSAGE
        elif not user.active:
            error = "This account has been deactivated. Ask an administrator to restore it."
        else:
            session.clear()  # a fresh session, so nothing set before sign-in carries over
            login_user(user)
            services.note_login(user)
            db.session.commit()
            flash(f"Signed in as {user.display_name}.", "success")
            return redirect(destination)
    return render_template("accounts/login.html", form=form, error=error)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response | str:
    form = LogoutForm()
    if not current_user.is_authenticated:
        return redirect(url_for("public.home"))
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
        return redirect(url_for("public.home"))
    return render_template("accounts/logout.html", form=form)


@admin_bp.route("/users")
@role_required(Role.ADMIN)
def users() -> str:
    page = db.paginate(services.users_query(), per_page=50, error_out=False)
    return render_template(
        "accounts/users.html",
        page=page,
        role_form=RoleForm,
    )


@admin_bp.post("/users/<int:user_id>/role")
@role_required(Role.ADMIN)
def change_role(user_id: int) -> Response:
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        role = Role(form.role.data)
        apply_change(
            lambda: services.set_role(user, role, actor=current_user),
            f"{user.display_name} is now {role.label.lower()}.",
        )
    else:
        flash("Choose one of the listed roles.", "danger")
    return redirect(url_for("admin.users"))


# Whether an account may sign in: the service call and the message that confirms it.
ACTIVATION = {
    "deactivate": (services.deactivate_user, "{name} can no longer sign in."),
    "reactivate": (services.reactivate_user, "{name} can sign in again."),
}


@admin_bp.post("/users/<int:user_id>/<any(deactivate, reactivate):action>")
@role_required(Role.ADMIN)
def set_active(user_id: int, action: str) -> Response:
    user = db.get_or_404(User, user_id)
    change, message = ACTIVATION[action]
    apply_change(lambda: change(user, actor=current_user), message.format(name=user.display_name))
    return redirect(url_for("admin.users"))


@admin_bp.route("/audit")
@role_required(Role.ADMIN)
def audit() -> str:
    page = db.paginate(events_query(), per_page=50, error_out=False)
    return render_template("accounts/audit.html", page=page)
