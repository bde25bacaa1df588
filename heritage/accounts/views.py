"""Sign-in, sign-out and the administrators' pages for accounts and the audit log."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from heritage.accounts import services
from heritage.accounts.forms import (
    LanguageForm,
    LoginForm,
    LogoutForm,
    PasswordForm,
    ProfileForm,
    RoleForm,
)
from heritage.accounts.models import Role, User
from heritage.accounts.permissions import role_required
from heritage.audit.services import events_query
from heritage.extensions import csrf, db, limiter
from heritage.i18n import COOKIE_AGE, LANGUAGE_COOKIE, LANGUAGES
from heritage.ratelimit import LoginThrottle, TooManyAttempts
from heritage.web import apply_change, paginate, save_form, with_user_text

bp = Blueprint("accounts", __name__)

# Where the session keeps the key of its sign-in (see accounts.models.SignIn).
SIGN_IN_KEY = "sign_in"
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

USERS_PER_PAGE = 50

# The message a failed sign-in shows, in English (the view shows it translated).
LOGIN_FAILED_MESSAGE = "The email or password is incorrect."


def _login_throttle() -> LoginThrottle:
    """The sign-in rules (heritage.ratelimit), counted in the storage the limiter was given."""
    return LoginThrottle(limiter.limiter)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    form = LoginForm(next=request.args.get("next", ""))
    destination = services.safe_next_url(form.next.data) or url_for("public.home")
    if current_user.is_authenticated:
        return redirect(destination)
    error = None
    if form.validate_on_submit():
        account, address = services.normalise_email(form.email.data), get_remote_address()
        throttle = _login_throttle()
        try:
            throttle.wait_turn(account, address)
        except TooManyAttempts as refusal:
            raise TooManyRequests(retry_after=refusal.retry_after) from None
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            throttle.record_failure(account, address)
            error = _("The email or password is incorrect.")
        elif not user.active:
            error = _("This account has been deactivated. Ask an administrator to restore it.")
        else:
            session.clear()  # a fresh session, so nothing set before sign-in carries over
            login_user(user)
            session[SIGN_IN_KEY] = services.open_sign_in(user)
            services.note_login(user)
            db.session.commit()
            flash(with_user_text(_("Signed in as %(name)s."), name=user.display_name), "success")
            return redirect(destination)
    return render_template("accounts/login.html", form=form, error=error)


@bp.post("/language")
@csrf.exempt
def set_language() -> Response:
    """The language switch: kept in a cookie, and in the account of a signed-in user. The
    page comes back at the same address, now in the chosen language.

    Signed out, the switch only sets a cookie on the visitor's own browser, so it asks for
    no CSRF token (one on every public page would keep them out of shared caches); changing
    a signed-in user's account needs the token as every other form does.
    """
    if current_user.is_authenticated:
        csrf.protect()
    form = LanguageForm(meta={"csrf": False})
    destination = services.safe_next_url(form.next.data) or url_for("public.home")
    if not form.validate_on_submit():
        abort(400, _("Choose one of the offered languages."))
    language = form.language.data
    if current_user.is_authenticated:
        services.set_language(current_user, language, LANGUAGES)
        db.session.commit()
    response = redirect(destination)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response | str:
    """Signing out ends this session and every copy of it (a copied cookie included)."""
    form = LogoutForm()
    if not current_user.is_authenticated:
        return redirect(url_for("public.home"))
    if form.validate_on_submit():
        services.close_sign_in(current_user, session.get(SIGN_IN_KEY))
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("You are signed out."), "info")
        return redirect(url_for("public.home"))
    return render_template("accounts/logout.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def account() -> Response | str:
    """A user's own settings: how their name appears beside their work."""
    form = ProfileForm(obj=current_user)
    if save_form(
        form,
        lambda: services.update_profile(
            current_user, form.display_name.data, form.affiliation.data, form.credit_mode.data
        ),
        _("Your settings are saved."),
    ):
        return redirect(url_for("accounts.account"))
    return _account_page(profile_form=form)


@bp.post("/account/password")
@role_required(Role.CONTRIBUTOR)
def change_password() -> Response | str:
    """A new password; the user's other sessions end, this one stays signed in."""
    form = PasswordForm()
    if save_form(
        form,
        lambda: services.set_password(
            current_user,
            form.new_password.data,
            actor=current_user,
            current_password=form.current_password.data,
            keep=session.get(SIGN_IN_KEY),
        ),
        _("Your password is changed; your other devices are signed out."),
    ):
        return redirect(url_for("accounts.account"))
    return _account_page(password_form=form)


@bp.post("/account/sign-out-elsewhere")
@role_required(Role.CONTRIBUTOR)
def sign_out_elsewhere() -> Response:
    apply_change(
        lambda: services.end_sessions(
            current_user, actor=current_user, keep=session.get(SIGN_IN_KEY)
        ),
        _("You are signed out on every other device."),
    )
    return redirect(url_for("accounts.account"))


def _account_page(
    profile_form: ProfileForm | None = None, password_form: PasswordForm | None = None
) -> str:
    return render_template(
        "accounts/account.html",
        form=profile_form or ProfileForm(formdata=None, obj=current_user),
        password_form=password_form or PasswordForm(formdata=None),
        elsewhere_form=LogoutForm(formdata=None),
    )


def load_signed_in_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user, only while this session's sign-in is live."""
    return services.signed_in_user(user_id, session.get(SIGN_IN_KEY))


@admin_bp.route("/users")
@role_required(Role.ADMIN)
def users() -> str:
    page = paginate(services.users_query(), USERS_PER_PAGE)
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
            with_user_text(str(NOW_ROLE[role]), name=user.display_name),
        )
    else:
        flash(_("Choose one of the listed roles."), "danger")
    return redirect(url_for("admin.users"))


# The message that confirms a change of role: one sentence per role.
NOW_ROLE = {
    Role.CONTRIBUTOR: lazy_gettext("%(name)s is now contributor."),
    Role.REVIEWER: lazy_gettext("%(name)s is now reviewer."),
    Role.ADMIN: lazy_gettext("%(name)s is now admin."),
}

# Whether an account may sign in: the service call and the message that confirms it.
ACTIVATION = {
    "deactivate": (services.deactivate_user, lazy_gettext("%(name)s can no longer sign in.")),
    "reactivate": (services.reactivate_user, lazy_gettext("%(name)s can sign in again.")),
}


@admin_bp.post("/users/<int:user_id>/<any(deactivate, reactivate):action>")
@role_required(Role.ADMIN)
def set_active(user_id: int, action: str) -> Response:
    user = db.get_or_404(User, user_id)
    change, message = ACTIVATION[action]
    apply_change(
        lambda: change(user, actor=current_user),
        with_user_text(str(message), name=user.display_name),
    )
    return redirect(url_for("admin.users"))


@admin_bp.post("/users/<int:user_id>/sign-out")
@role_required(Role.ADMIN)
def sign_out_everywhere(user_id: int) -> Response:
    user = db.get_or_404(User, user_id)
    apply_change(
        lambda: services.end_sessions(user, actor=current_user),
        with_user_text(_("%(name)s is signed out on every device."), name=user.display_name),
    )
    if user.id == current_user.id:
        logout_user()
        return redirect(url_for("accounts.login"))
    return redirect(url_for("admin.users"))


@admin_bp.route("/audit")
@role_required(Role.ADMIN)
def audit() -> str:
    page = paginate(events_query(), current_app.config["AUDIT_PER_PAGE"])
    return render_template("accounts/audit.html", page=page)
