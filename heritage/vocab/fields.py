"""What every domain's forms share: the base forms, fuzzy dates and vocabulary choices."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

import pycountry
import wtforms
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import StopValidation, ValidationError

from heritage.vocab.dates import (
    FUZZY_DATE_EXAMPLES,
    FuzzyDate,
    FuzzyDateError,
    out_of_range,
    parse_fuzzy,
)
from heritage.vocab.models import Vocabulary
from heritage.vocab.services import terms

LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
# Control characters: invisible, and NUL breaks PostgreSQL. Lines may not hold any; longer
# texts keep their tabs and line breaks.
LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: they make a name read as something else.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


INVISIBLE_REMOVED = (
    "This text held invisible characters (tabs, line breaks, or codes that control the "
    "direction of writing), often copied along from a word processor or a web page. They "
    "are removed now: check the text and save again."
)


def plain_line(form: Any, field: Field) -> None:
    """A one-line value: no control characters and no direction overrides.

    Nothing is saved with them; the field shows the text without them, so the person who
    pasted it (they cannot see what is wrong) only has to save again.
    """
    if isinstance(field.data, str):
        _refuse_and_clean(field, LINE_CONTROLS, DIRECTION_CONTROLS)


def plain_text(form: Any, field: Field) -> None:
    """A longer text: line breaks and tabs are fine, other control characters are not."""
    if isinstance(field.data, str):
        _refuse_and_clean(field, TEXT_CONTROLS)


def _refuse_and_clean(field: Field, *patterns: re.Pattern[str]) -> None:
    if not any(pattern.search(field.data) for pattern in patterns):
        return
    cleaned = field.data
    if LINE_CONTROLS in patterns:  # a tab or line break in a name was meant as a space
        cleaned = " ".join(cleaned.split())
    for pattern in patterns:
        cleaned = pattern.sub("", cleaned)
    field.data = cleaned
    field.raw_data = [cleaned]
    raise ValidationError(INVISIBLE_REMOVED)


class PlainTextMeta(wtforms.meta.DefaultMeta):
    """Gives every text field of a form the check for its kind, so no form can forget it."""

    def bind_field(self, form: Any, unbound_field: Any, options: Any) -> Field:
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, TextAreaField):
            field.validators = [*field.validators, plain_text]
        elif isinstance(field, StringField) and not isinstance(field, PasswordField | HiddenField):
            # Hidden fields carry what the page itself wrote (a ``next`` address, a picked
            # source's title): checked where they are used, never shown as an error.
            field.validators = [*field.validators, plain_line]
        return field


class Form(FlaskForm):
    """The base of every page's form: CSRF (from Flask-WTF) and plain-text checks."""

    class Meta(PlainTextMeta):
        pass


class SubForm(wtforms.Form):
    """The base of a repeated row inside a Form (a name, a citation)."""

    Meta = PlainTextMeta


class FuzzyDateField(StringField):
    """A date typed as sources give it ('May 2016'); ``data`` is a FuzzyDate or None."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("description", f"E.g. {FUZZY_DATE_EXAMPLES}.")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw_text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not self.raw_text:
            return
        try:
            self.data = parse_fuzzy(self.raw_text)
        except FuzzyDateError as error:
            raise ValueError(str(error)) from None
        problem = out_of_range(self.data.day, datetime.now(UTC).date())
        if problem:
            raise ValueError(problem)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return str(self.data) if isinstance(self.data, FuzzyDate) else ""


class DateRequired:
    """A FuzzyDateField must not be left blank (spaces and tabs are blank too).

    Unlike DataRequired it keeps the field's own message for a date it could not read.
    """

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if not getattr(field, "raw_text", ""):
            field.errors[:] = []
            raise StopValidation(self.message)


class TermSelectField(SelectField):
    """A choice among the active terms of one vocabulary, read when the field first renders."""

    def __init__(
        self,
        label: str | None = None,
        validators: Any = None,
        *,
        vocabulary: Vocabulary,
        blank: str | None = "—",
        show_code: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.vocabulary = vocabulary
        self.blank = blank
        self.show_code = show_code
        self.choices = self._term_choices

    def _term_choices(self) -> list[SelectChoice]:
        options = [
            SelectChoice(
                term.code, f"{term.code} · {term.label_en}" if self.show_code else term.label_en
            )
            for term in terms(self.vocabulary)
        ]
        return ([SelectChoice("", self.blank)] if self.blank is not None else []) + options


def add_spare_rows(rows: FieldList, is_filled: Callable[[Any], Any], spare: int = 2) -> None:
    """Append blank rows until ``spare`` follow the filled ones, so a form can grow without JS."""
    filled = sum(1 for row in rows.entries if is_filled(row))
    wanted = min(filled + spare, rows.max_entries or filled + spare)
    while len(rows.entries) < wanted:
        rows.append_entry()


def language_tag(form: Any, field: Any) -> None:
    """A BCP 47 tag whose first part is an ISO 639 language: ar, en, syc, tr-Latn..."""
    if not field.data:
        return
    primary = field.data.split("-")[0].lower()
    known = pycountry.languages.get(alpha_2=primary) or pycountry.languages.get(alpha_3=primary)
    if not LANGUAGE_TAG.match(field.data) or known is None:
        raise ValidationError("Use a language code such as ar, en, fr or syc.")


def not_far_ahead(form: Any, field: Field) -> None:
    """For a plain date field: refuse a date more than a year from now (a mistyped year)."""
    problem = field.data and out_of_range(field.data, datetime.now(UTC).date())
    if problem:
        raise ValidationError(problem)


def finite(form: Any, field: Field) -> None:
    """Refuse NaN and infinity, which pass WTForms' NumberRange unnoticed."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Enter an ordinary number.")
