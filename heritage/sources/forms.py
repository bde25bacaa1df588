"""The source form: what a reference is, where to find it, and how far to trust it."""

from __future__ import annotations

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
        "Kind",
        vocabulary=Vocabulary.SOURCE_TYPE,
        blank="Choose the kind of source",
        validators=[DataRequired("Say what kind of source this is.")],
    )
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    author = StringField("Author or organisation", validators=[Optional(), Length(max=300)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=300)])
    published = FuzzyDateField("Publication date")
    url = StringField(
        "Web address", validators=[Optional(), Length(max=2000)], description="http:// or https://"
    )
    archive_url = StringField(
        "Archived copy",
        validators=[Optional(), Length(max=2000)],
        description="A permanent copy, e.g. on the Internet Archive, in case the page changes.",
    )
    accessed_on = DateField("Date accessed", validators=[Optional(), not_far_ahead])
    language = StringField(
        "Language",
        validators=[Optional(), Length(max=35), language_tag],
        description="A language code, e.g. en, ar, fr.",
    )
    reliability = TermSelectField(
        "Reliability of the source",
        vocabulary=Vocabulary.SOURCE_RELIABILITY,
        blank=None,
        show_code=True,
        default="F",
        description="Admiralty scale: the source's track record, judged apart from this item.",
    )
    credibility = TermSelectField(
        "Credibility of its information",
        vocabulary=Vocabulary.INFORMATION_CREDIBILITY,
        blank="Not graded",
        show_code=True,
        description="Admiralty scale: how well the content is corroborated. Each citation "
        "also grades the particular claim it supports.",
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)])


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
