"""Sign-in and account administration forms."""

from __future__ import annotations

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
from heritage.i18n import LANGUAGES
from heritage.vocab.fields import Form

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class LoginForm(Form):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField("Sign in")


class LogoutForm(Form):
    submit = SubmitField("Sign out")


class LanguageForm(Form):
    """The language switch in the navigation: one button per language."""

    language = SelectField("Language", choices=list(LANGUAGES), validators=[DataRequired()])
    next = HiddenField()


class RoleForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])
    submit = SubmitField("Change role")


class ProfileForm(Form):
    display_name = StringField("Display name", validators=[DataRequired(), Length(max=120)])
    affiliation = StringField(
        "Affiliation",
        validators=[Optional(), Length(max=200)],
        description="The organisation you work for, if you want it shown.",
    )
    credit_mode = RadioField(
        "How public pages credit your work",
        choices=[
            SelectChoice(CreditMode.NAME.value, "By my display name"),
            SelectChoice(
                CreditMode.AFFILIATION.value,
                "By my affiliation only (“A contributor at …”), for my safety",
            ),
        ],
        default=CreditMode.NAME.value,
    )


class PasswordForm(Form):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=1024)],
        description="At least 12 characters; a few unrelated words make a strong one.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new_password", "The two new passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )
