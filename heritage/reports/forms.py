"""The damage report form: content, citations and the words given to each photo."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from heritage.actors.services import find_by_name
from heritage.extensions import MAX_DATABASE_ID
from heritage.reports.licences import DEFAULT_LICENCE, LICENCES
from heritage.sites.forms import CitationForm, id_of
from heritage.sites.models import Site
from heritage.vocab.fields import (
    DateRequired,
    Form,
    PickerField,
    SubForm,
    TermChecklistField,
    TermSelectField,
    UncertainDateField,
    add_spare_rows,
    not_far_ahead,
)
from heritage.vocab.models import Vocabulary


def licence_choices() -> list[tuple[str, str]]:
    return [(code, f"{licence.name}: {licence.description}") for code, licence in LICENCES.items()]


class ReportCitationForm(CitationForm):
    supports_attribution = BooleanField(lazy_gettext("This source names who caused the damage"))


class PhotoWordsForm(SubForm):
    """What this version says of one of its photos (the photo itself is uploaded apart)."""

    shown_id = HiddenField()
    caption = TextAreaField(lazy_gettext("Caption"), validators=[Optional(), Length(max=2000)])
    credit = StringField(
        lazy_gettext("Credit"),
        validators=[Optional(), Length(max=300)],
        description=lazy_gettext("Who took it, or the organisation to credit."),
    )
    licence = SelectField(lazy_gettext("Licence"), choices=licence_choices, default=DEFAULT_LICENCE)
    taken_on = DateField(
        lazy_gettext("Date taken"),
        validators=[Optional(), not_far_ahead],
        description=lazy_gettext("Filled in from the camera where the photo records it."),
    )
    position = IntegerField(
        lazy_gettext("Order"), validators=[Optional(), NumberRange(min=1, max=1000)]
    )


class ReportForm(Form):
    # When the version was last saved as this form was opened (rules.EditedMeanwhile).
    edit_version = HiddenField()

    title = StringField(
        lazy_gettext("Title"),
        validators=[DataRequired(), Length(max=300)],
        description=lazy_gettext("What happened to what, in a line."),
    )
    event = UncertainDateField(
        lazy_gettext("When it happened"),
        # Not DataRequired: it would replace "not a date this form understands" with "required".
        validators=[
            DateRequired(
                lazy_gettext("Say when the damage happened, as exactly as the sources allow.")
            )
        ],
        description=lazy_gettext(
            "As exactly as the sources allow: 30 August 2015, between 20 and 31 August "
            "2015, before November 2013."
        ),
    )
    observed_on = DateField(
        lazy_gettext("Date observed or assessed"),
        validators=[Optional(), not_far_ahead],
        description=lazy_gettext("When the damage was seen or the images were taken."),
    )
    summary = TextAreaField(
        lazy_gettext("Summary"),
        render_kw={"rows": 6},
        validators=[Optional(), Length(max=20000)],
        description=lazy_gettext(
            "What was damaged and how, in plain words. Blank lines start new paragraphs."
        ),
    )
    features = SelectMultipleField(
        lazy_gettext("Affected features"), coerce=int, choices=[], validate_choice=False
    )
    cause_category = TermSelectField(
        lazy_gettext("Cause category"), vocabulary=Vocabulary.CAUSE_CATEGORY
    )
    causes = TermChecklistField(lazy_gettext("Causes"), vocabulary=Vocabulary.CAUSE)
    effects = TermChecklistField(lazy_gettext("Effects"), vocabulary=Vocabulary.EFFECT)
    extent = TermSelectField(lazy_gettext("Extent"), vocabulary=Vocabulary.EXTENT)
    severity = TermSelectField(lazy_gettext("Severity"), vocabulary=Vocabulary.SEVERITY)
    condition_after = TermSelectField(
        lazy_gettext("Condition afterwards"), vocabulary=Vocabulary.CONDITION
    )
    cause_certainty = TermSelectField(
        lazy_gettext("Certainty of the cause"), vocabulary=Vocabulary.CERTAINTY
    )
    effect_certainty = TermSelectField(
        lazy_gettext("Certainty of the effect"), vocabulary=Vocabulary.CERTAINTY
    )
    assessment_method = TermSelectField(
        lazy_gettext("Assessment method"), vocabulary=Vocabulary.ASSESSMENT_METHOD
    )
    attribution_actor = PickerField(
        lazy_gettext("Said to have caused it"),
        not_picked=lazy_gettext("Pick an actor from the list, or create it."),
        resolve=lambda text: id_of(find_by_name(text)),
        description=lazy_gettext(
            "Optional. Name a party only as the sources do, and mark the source that names it."
        ),
    )
    attribution_claim_status = TermSelectField(
        lazy_gettext("How firm the attribution is"), vocabulary=Vocabulary.CLAIM_STATUS
    )
    citations = FieldList(
        FormField(ReportCitationForm), label=lazy_gettext("Sources"), min_entries=2, max_entries=30
    )
    photos = FieldList(FormField(PhotoWordsForm), label=lazy_gettext("Photos"), max_entries=200)

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.features.choices = [(feature.id, feature.name) for feature in site.features]

    def validate_features(self, field: Any) -> None:
        """The service refuses another site's features; an id no database could hold is
        refused here, before it reaches a query."""
        if any(not 1 <= value <= MAX_DATABASE_ID for value in field.data or ()):
            raise ValidationError(_("Choose the affected features from this site's list."))
        add_spare_rows(self.citations, lambda row: row.form.source.data, spare=1)


class PhotoUploadForm(Form):
    """Several photos at once; the words here go with every photo of this upload."""

    photos = MultipleFileField(
        lazy_gettext("Photos"),
        id="photo-files",  # "photos" is the section the page links to
        # The types the pipeline takes; phones offer their camera and library for image/*.
        render_kw={"accept": "image/*,.heic,.heif"},
    )
    credit = StringField(
        lazy_gettext("Credit"),
        validators=[Optional(), Length(max=300)],
        description=lazy_gettext("Who took them, or the organisation to credit."),
    )
    licence = SelectField(lazy_gettext("Licence"), choices=licence_choices, default=DEFAULT_LICENCE)
