"""Form fields shared by every domain's forms: fuzzy dates and vocabulary choices."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pycountry
from wtforms import Field, FieldList, SelectChoice, SelectField, StringField
from wtforms.validators import ValidationError

from heritage.vocab.dates import FUZZY_DATE_EXAMPLES, FuzzyDate, FuzzyDateError, parse_fuzzy
from heritage.vocab.models import Vocabulary
from heritage.vocab.services import terms

LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")


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

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return str(self.data) if isinstance(self.data, FuzzyDate) else ""


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


def finite(form: Any, field: Field) -> None:
    """Refuse NaN and infinity, which pass WTForms' NumberRange unnoticed."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Enter an ordinary number.")
