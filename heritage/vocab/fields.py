"""What every domain's forms share: the base forms, fuzzy dates and vocabulary choices."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, ClassVar, NamedTuple

import pycountry
import wtforms
from flask_babel import LazyString, lazy_gettext, ngettext
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from heritage.extensions import MAX_DATABASE_ID
from heritage.text import primary_language
from heritage.translate import language
from heritage.vocab.dates import (
    FuzzyDate,
    FuzzyDateError,
    fuzzy_date_examples,
    out_of_range,
    parse_fuzzy,
)
from heritage.vocab.models import Term, Vocabulary
from heritage.vocab.services import term_tree, terms
from heritage.vocab.uncertain_dates import (
    UncertainDate,
    UncertainDateError,
    date_examples,
    parse_uncertain_date,
)

LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
# Control characters: invisible, and NUL breaks PostgreSQL. Lines may not hold any; longer
# texts keep their tabs and line breaks.
LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: they make a name read as something else.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that show nothing (zero-width spaces, direction marks, soft hyphens, word
# joiners, byte-order marks) and the replacement character of text that was not UTF-8: in a
# name they let "IS\u200bIS" pass for a party of its own. The zero-width joiner and
# non-joiner stay: Persian and Kurdish spelling needs them.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2060-\u2064\ufeff\ufffd]"
)


INVISIBLE_REMOVED = lazy_gettext(
    "This text held invisible characters (tabs, line breaks, zero-width spaces or codes that "
    "control the direction of writing), often copied along from a word processor or a web "
    "page. They are removed now: check the text and save again."
)


def plain_line(form: Any, field: Field) -> None:
    """A one-line value: no control characters and no direction overrides.

    Nothing is saved with them; the field shows the text without them, so the person who
    pasted it (they cannot see what is wrong) only has to save again.
    """
    if isinstance(field.data, str):
        _refuse_and_clean(field, LINE_CONTROLS, DIRECTION_CONTROLS, INVISIBLE)


def plain_lines(form: Any, field: Field) -> None:
    """A list of names, one per line: each line is held to :func:`plain_line`."""
    if isinstance(field.data, str):
        _refuse_and_clean(field, TEXT_CONTROLS, DIRECTION_CONTROLS, INVISIBLE)


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
    raise ValidationError(str(INVISIBLE_REMOVED))


class LinesField(TextAreaField):
    """A text area of names, one per line (aliases): each line is held to the rules of a
    one-line name; :meth:`lines` gives the non-empty ones."""

    def lines(self) -> list[str]:
        return [line.strip() for line in (self.data or "").splitlines() if line.strip()]


class PlainTextMeta(wtforms.meta.DefaultMeta):
    """Gives every text field of a form the check for its kind, so no form can forget it."""

    def bind_field(self, form: Any, unbound_field: Any, options: Any) -> Field:
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, LinesField):
            field.validators = [*field.validators, plain_lines]
        elif isinstance(field, TextAreaField):
            field.validators = [*field.validators, plain_text]
        elif isinstance(field, StringField) and not isinstance(field, PasswordField | HiddenField):
            # Hidden fields carry what the page itself wrote (a ``next`` address, a picked
            # source's title): checked where they are used, never shown as an error.
            field.validators = [*field.validators, plain_line]
        return field


class Form(FlaskForm):
    """The base of every page's form: CSRF (from Flask-WTF) and plain-text checks."""

    # The services' refusals shown on this form (see rules.show_on_form).
    rule_violations: tuple[Any, ...] = ()

    class Meta(PlainTextMeta):
        pass


class SubForm(wtforms.Form):
    """The base of a repeated row inside a Form (a name, a citation)."""

    Meta = PlainTextMeta


class FuzzyDateField(StringField):
    """A date typed as sources give it ('May 2016'); ``data`` is a FuzzyDate or None."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "description",
            lazy_gettext("For example %(examples)s.", examples=LazyString(fuzzy_date_examples)),
        )
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw_text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not self.raw_text:
            return
        try:
            self.data = parse_fuzzy(self.raw_text, today=datetime.now(UTC).date())
        except FuzzyDateError as error:
            raise ValueError(str(error)) from None

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
        if blank is not None:
            kwargs.setdefault("default", "")  # a list left out of the request: no choice
        super().__init__(label, validators, **kwargs)
        self.vocabulary = vocabulary
        self.blank = blank
        self.show_code = show_code
        self.choices = self._term_choices

    def _term_choices(self) -> list[SelectChoice]:
        """The terms as options; a term with narrower terms heads a group holding itself and
        them ("Desk-based", then its kinds), so a long list reads as its scheme does."""
        options: list[SelectChoice] = []
        for term, children in term_tree(self.vocabulary):
            group = term.label if children else None
            options.extend(self._option(each, group) for each in (term, *children))
        return ([SelectChoice("", self.blank)] if self.blank is not None else []) + options

    def _option(self, term: Term, group: str | None) -> SelectChoice:
        return SelectChoice(
            term.code,
            f"{term.code} · {term.label}" if self.show_code else term.label,
            render_kw=_language_of(term),
            optgroup=group,
        )


class TermChecklistField(SelectMultipleField):
    """Several terms of one vocabulary, as checkboxes grouped under their parents; the page
    offers a filter box when the list is long (``static/js/checklist.js``)."""

    def __init__(
        self,
        label: str | None = None,
        validators: Any = None,
        *,
        vocabulary: Vocabulary,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.vocabulary = vocabulary
        self.choices = lambda: [SelectChoice(term.code, term.label) for term in terms(vocabulary)]

    def pre_validate(self, form: Any) -> None:
        """Unknown codes are the service's to refuse, by name, with the rest of the form."""

    def tree(self) -> list[tuple[Term, list[Term]]]:
        return term_tree(self.vocabulary)

    def checked(self, term: Term) -> bool:
        return term.code in (self.data or ())


def _language_of(term: Term) -> dict[str, str]:
    """``lang`` for an option whose label is not in the page's language (an English fallback)."""
    return {"lang": term.label_language} if term.label_language != language() else {}


def add_spare_rows(rows: FieldList, is_filled: Callable[[Any], Any], spare: int = 2) -> None:
    """Append blank rows until ``spare`` follow the filled ones, so a form can grow without JS."""
    filled = sum(1 for row in rows.entries if is_filled(row))
    wanted = min(filled + spare, rows.max_entries or filled + spare)
    while len(rows.entries) < wanted:
        rows.append_entry()


# Language names people type in Arabic, for the languages a site's names come in most often.
ARABIC_LANGUAGE_NAMES = {
    "العربية": "ar",
    "عربي": "ar",
    "عربية": "ar",
    "الإنجليزية": "en",
    "الانجليزية": "en",
    "انجليزي": "en",
    "إنجليزي": "en",
    "الفرنسية": "fr",
    "فرنسي": "fr",
    "التركية": "tr",
    "تركي": "tr",
    "الكردية": "ku",
    "كردي": "ku",
    "الفارسية": "fa",
    "فارسي": "fa",
    "السريانية": "syc",
    "سرياني": "syc",
    "الآرامية": "arc",
    "آرامي": "arc",
    "العبرية": "he",
    "الأكادية": "akk",
    "اليونانية": "grc",
    "اللاتينية": "la",
}


def language_tag(form: Any, field: Any) -> None:
    """A BCP 47 tag whose first part is an ISO 639 language: ar, en, syc, tr-Latn...

    A language's name is understood too ("Arabic", "Aramaic", "العربية") and replaced by its
    code, so nobody has to know that Syriac is ``syc``.
    """
    if not field.data:
        return
    value = field.data.strip()
    primary = primary_language(value)
    known = pycountry.languages.get(alpha_2=primary) or pycountry.languages.get(alpha_3=primary)
    if LANGUAGE_TAG.match(value) and known is not None:
        return
    code = _language_code(value)
    if code is None:
        raise ValidationError(
            _("Give the language as a name (Arabic, Syriac) or a code (ar, syc).")
        )
    field.data = code


def _language_code(name: str) -> str | None:
    """The shortest ISO 639 code of a language named in English or (commonly) in Arabic."""
    if name in ARABIC_LANGUAGE_NAMES:
        return ARABIC_LANGUAGE_NAMES[name]
    try:
        language = pycountry.languages.lookup(name)
    except LookupError:
        return None
    return getattr(language, "alpha_2", None) or language.alpha_3


def not_far_ahead(form: Any, field: Field) -> None:
    """For a plain date field: refuse a date more than a year from now (a mistyped year)."""
    problem = field.data and out_of_range(field.data, datetime.now(UTC).date())
    if problem:
        raise ValidationError(problem)


def finite(form: Any, field: Field) -> None:
    """Refuse NaN and infinity, which pass WTForms' NumberRange unnoticed."""
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError(_("Enter a finite number; infinity and NaN are not positions."))


# Longer than any name or title in the registry; text beyond it is refused unread.
MAX_PICKER_TEXT = 1000


class Picked(NamedTuple):
    """A record chosen in a picker: its id and the name the search box shows for it."""

    id: int
    label: str


class PickerField(Field):
    """A choice among many records (a source, an actor), made by searching as you type.

    The page shows a search box named ``<name>-label`` and keeps the chosen record's id in a
    hidden input named ``<name>``; ``static/js/picker.js`` fills both. ``data`` is the id (or
    None), ``label_text`` what the search box held. Text typed but never picked is an error:
    it used to vanish silently, and the citation it was meant to be with it — unless it
    names exactly one record (see :meth:`pre_validate`).
    """

    data: int | None

    def __init__(
        self,
        label: str | None = None,
        validators: Any = None,
        *,
        not_picked: str,
        resolve: Callable[[str], int | None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.not_picked = not_picked
        self.resolve = resolve
        self.label_text = ""

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.label_text = " ".join(str(formdata.get(f"{self.name}-label", "")).split())

    def process_data(self, value: Any) -> None:
        if isinstance(value, Picked):
            self.data, self.label_text = value.id, value.label
        else:
            self.data = value if isinstance(value, int) else None

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = str(valuelist[0]).strip() if valuelist else ""
        self.data = int(raw) if raw.isascii() and raw.isdigit() else None
        if self.data is not None and not 1 <= self.data <= MAX_DATABASE_ID:
            self.data = None
        # An id the page could not have written (letters, 24 digits): refused, not ignored.
        self.unreadable = bool(raw) and self.data is None

    def pre_validate(self, form: Any) -> None:
        """Text typed but not picked is taken when it is exactly one record's name (``resolve``:
        "Daesh", an alias of ISIS, without JavaScript); otherwise it is an error."""
        if len(self.label_text) > MAX_PICKER_TEXT:  # no name is this long: not worth a search
            raise StopValidation(self.not_picked)
        if self.data is None and self.label_text and self.resolve:
            self.data = self.resolve(self.label_text)
        if self.data is None and (self.label_text or getattr(self, "unreadable", False)):
            raise StopValidation(self.not_picked)

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)

    @property
    def picked(self) -> bool:
        return self.data is not None


# Longer than any date a source writes ("between 20 and 31 August 2015"); refused unread.
MAX_DATE_LENGTH = 100


class UncertainDateField(StringField):
    """A date as sources give it ("late May 2015", "20–21 May 2015", "before March 2016"),
    read into an EDTF :class:`UncertainDate`; ``data`` is that or None when left empty."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "description",
            lazy_gettext("For example %(examples)s.", examples=LazyString(date_examples)),
        )
        super().__init__(label, validators, **kwargs)
        self.raw_text = ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.raw_text = " ".join(str(valuelist[0]).split()) if valuelist else ""
        self.data = None
        if not self.raw_text:
            return
        if len(self.raw_text) > MAX_DATE_LENGTH:
            raise ValueError(
                ngettext(
                    "A date is at most %(num)d character: write it as the source gives it, for "
                    "example %(examples)s.",
                    "A date is at most %(num)d characters: write it as the source gives it, for "
                    "example %(examples)s.",
                    MAX_DATE_LENGTH,
                    examples=date_examples(),
                )
            )
        try:
            self.data = parse_uncertain_date(self.raw_text, today=datetime.now(UTC).date())
        except UncertainDateError as error:
            raise ValueError(str(error)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return str(self.data) if isinstance(self.data, UncertainDate) else ""


class ErrorLink(NamedTuple):
    """One line of a form's error summary: the control to focus, its label, the message."""

    target: str
    label: str
    message: str


def error_summary(form: Any) -> list[ErrorLink]:
    """Every field error of ``form`` (rows of repeated fields included), in page order, with
    the id of the control a link should focus."""
    links: list[ErrorLink] = []
    for field in form:
        links.extend(_field_errors(field, _text(field.label.text)))
    return links


def _is_message(error: Any) -> bool:
    """A field's error message: text, or text translated when shown (not a row's errors)."""
    return isinstance(error, str) or hasattr(error, "__html__")


def _text(message: Any) -> str:
    """A message as text (Markup stays Markup); a lazily translated one, in the reader's
    language."""
    return message if isinstance(message, str) else str(message)


def _field_errors(field: Field, label: str) -> list[ErrorLink]:
    if isinstance(field, FieldList):
        found = [ErrorLink(field.id, label, _text(e)) for e in field.errors if _is_message(e)]
        for number, row in enumerate(field.entries, start=1):
            found.extend(_field_errors(row, _("row %(number)d", number=number)))
        return found
    if isinstance(field, wtforms.FormField):  # a row: "Source, row 2"
        found = []
        for sub in field.form:
            found.extend(
                _field_errors(sub, _("%(field)s, %(row)s", field=sub.label.text, row=label))
            )
        return found
    target = f"{field.id}-label" if isinstance(field, PickerField) else field.id
    if isinstance(field, wtforms.RadioField):
        target = f"{field.id}-0"
    if isinstance(field, wtforms.BooleanField):  # a confirmation: its message says it all
        label = ""
    return [
        ErrorLink(target, label, _text(message)) for message in field.errors if _is_message(message)
    ]


def date_reading(value: UncertainDate) -> str:
    """A date in words with the days it may mean: "late May 2015: 21 May 2015 to 31 May 2015",
    so the person who typed it sees how it will be compared and sorted."""
    words = value.words()
    first, last = value.earliest, value.latest
    if first is not None and first == last:
        return words
    if first is not None and last is not None:
        return _("%(date)s: %(first)s to %(last)s", date=words, first=_day(first), last=_day(last))
    if last is not None:
        return _("%(date)s: on or before %(last)s", date=words, last=_day(last))
    if first is not None:
        return _("%(date)s: on or after %(first)s", date=words, first=_day(first))
    return words


def _day(day: date) -> str:
    return UncertainDate.of_day(day).words()


def each_line_at_most(length: int) -> Callable[[Any, Field], None]:
    """A validator for a :class:`LinesField`: no line longer than ``length`` characters."""

    def check(form: Any, field: Field) -> None:
        if any(len(line) > length for line in field.lines()):
            raise ValidationError(
                ngettext(
                    "Each line can hold at most %(num)d character.",
                    "Each line can hold at most %(num)d characters.",
                    length,
                )
            )

    return check
