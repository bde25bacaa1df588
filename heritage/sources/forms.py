"""The source form: what a reference is, where to find it, and how far to trust it."""

from __future__ import annotations

from flask_babel import lazy_gettext
from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from heritage.vocab.fields import (
    Form,
    FuzzyDateField,
    TermSelectField,
    language_tag,
    not_far_ahead,
)
from heritage.vocab.models import Vocabulary


class SourceForm(Form):
    # When the record was last saved as this form was opened (rules.EditedMeanwhile).
    edit_version = HiddenField()

    kind = TermSelectField(
        lazy_gettext("Kind"),
        vocabulary=Vocabulary.SOURCE_TYPE,
        blank=lazy_gettext("Choose the kind of source"),
        validators=[DataRequired(lazy_gettext("Say what kind of source this is."))],
    )
    title = StringField(lazy_gettext("Title"), validators=[DataRequired(), Length(max=500)])
    author = StringField(
        lazy_gettext("Author or organisation"), validators=[Optional(), Length(max=300)]
    )
    publisher = StringField(lazy_gettext("Publisher"), validators=[Optional(), Length(max=300)])
    published = FuzzyDateField(lazy_gettext("Publication date"))
    url = StringField(
        lazy_gettext("Web address"),
        validators=[Optional(), Length(max=2000)],
        description=lazy_gettext("http:// or https://"),
    )
    archive_url = StringField(
        lazy_gettext("Archived copy"),
        validators=[Optional(), Length(max=2000)],
        description=lazy_gettext(
            "A permanent copy, e.g. on the Internet Archive, in case the page changes."
        ),
    )
    accessed_on = DateField(lazy_gettext("Date accessed"), validators=[Optional(), not_far_ahead])
    language = StringField(
        lazy_gettext("Language"),
        validators=[Optional(), Length(max=35), language_tag],
        description=lazy_gettext("A language code, e.g. en, ar, fr."),
    )
    reliability = TermSelectField(
        lazy_gettext("Reliability of the source"),
        vocabulary=Vocabulary.SOURCE_RELIABILITY,
        blank=None,
        show_code=True,
        default="F",
        description=lazy_gettext(
            "Admiralty scale: the source's track record, judged apart from this item."
        ),
    )
    credibility = TermSelectField(
        lazy_gettext("Credibility of its information"),
        vocabulary=Vocabulary.INFORMATION_CREDIBILITY,
        blank=lazy_gettext("Not graded"),
        show_code=True,
        description=lazy_gettext(
            "Admiralty scale: how well the content is corroborated. Each citation "
            "also grades the particular claim it supports."
        ),
    )
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=5000)])


class QuickSourceForm(Form):
    """The short source form the picker opens in place: enough to cite it now, the rest can be
    added on the source's own page later."""

    kind = SourceForm.kind
    title = SourceForm.title
    author = SourceForm.author
    publisher = SourceForm.publisher
    published = SourceForm.published
    url = SourceForm.url
    language = SourceForm.language
    reliability = SourceForm.reliability
