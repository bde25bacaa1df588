"""Sign-in and account administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext, lazy_ngettext
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from heritage.accounts.models import CreditMode, Role
from heritage.accounts.roles import ROLE_LABELS
from heritage.accounts.services import MIN_PASSWORD_LENGTH
from heritage.i18n import LANGUAGES
from heritage.vocab.fields import Form

ROLE_CHOICES = [SelectChoice(role.value, ROLE_LABELS[role]) for role in Role]


class LoginForm(Form):
    email = EmailField(
        lazy_gettext("Email"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(lazy_gettext("Sign in"))


class LogoutForm(Form):
    submit = SubmitField(lazy_gettext("Sign out"))


class LanguageForm(Form):
    """The language switch in the navigation: one button per language."""

    language = SelectField(
        lazy_gettext("Language"), choices=list(LANGUAGES), validators=[DataRequired()]
    )
    next = HiddenField()


class RoleForm(Form):
    role = SelectField(lazy_gettext("Role"), choices=ROLE_CHOICES, validators=[DataRequired()])
    submit = SubmitField(lazy_gettext("Change role"))


class ProfileForm(Form):
    display_name = StringField(
        lazy_gettext("Display name"), validators=[DataRequired(), Length(max=120)]
    )
    affiliation = StringField(
        lazy_gettext("Affiliation"),
        validators=[Optional(), Length(max=200)],
        description=lazy_gettext("The organisation you work for, if you want it shown."),
    )
    credit_mode = RadioField(
        lazy_gettext("How public pages credit your work"),
        choices=[
            SelectChoice(CreditMode.NAME.value, lazy_gettext("By my display name")),
            SelectChoice(
                CreditMode.AFFILIATION.value,
                lazy_gettext("By my affiliation only (“A contributor at …”), for my safety"),
            ),
        ],
        default=CreditMode.NAME.value,
    )


class PasswordForm(Form):
    current_password = PasswordField(
        lazy_gettext("Current password"),
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        lazy_gettext("New password"),
        validators=[DataRequired(), Length(max=1024)],
        description=lazy_ngettext(
            "At least %(num)d character; a few unrelated words make a strong password.",
            "At least %(num)d characters; a few unrelated words make a strong password.",
            MIN_PASSWORD_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        lazy_gettext("New password again"),
        validators=[
            DataRequired(),
            EqualTo("new_password", lazy_gettext("The two new passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
