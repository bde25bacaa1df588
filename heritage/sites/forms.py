"""Forms for sites, features and occupation periods."""

from __future__ import annotations

import json
from typing import Any

import pycountry
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from heritage.extensions import MAX_DATABASE_ID
from heritage.sites.geo import relaxes
from heritage.sites.models import BoundQualifier, LocationSensitivity, NameKind
from heritage.sites.services import IDENTIFIER_PATTERNS, SLUG_PATTERN, relaxing_warning
from heritage.vocab.fields import (
    DateRequired,
    Form,
    FuzzyDateField,
    SubForm,
    TermSelectField,
    add_spare_rows,
    finite,
    language_tag,
)
from heritage.vocab.models import Vocabulary

COUNTRY_CHOICES = [
    SelectChoice("", "Choose a country"),
    *sorted(
        (
            SelectChoice(country.alpha_2, getattr(country, "common_name", country.name))
            for country in pycountry.countries
        ),
        key=lambda choice: choice.label,
    ),
]
SENSITIVITY_CHOICES = [
    SelectChoice(LocationSensitivity.PUBLIC.value, "Public: everyone sees the exact position"),
    SelectChoice(
        LocationSensitivity.GENERALISED.value,
        "Generalised: the public sees it rounded to about 10 km",
    ),
    SelectChoice(LocationSensitivity.HIDDEN.value, "Hidden: the public sees no position at all"),
]
NAME_KIND_CHOICES = [SelectChoice(kind.value, kind.value.capitalize()) for kind in NameKind]
QUALIFIER_CHOICES = [
    SelectChoice(BoundQualifier.ON.value, "On"),
    SelectChoice(BoundQualifier.BEFORE.value, "By (at the latest)"),
    SelectChoice(BoundQualifier.AFTER.value, "After"),
]


def identifier(key: str) -> Regexp:
    pattern, example = IDENTIFIER_PATTERNS[key]
    return Regexp(pattern, message=f"This identifier should be {example}.")


class NameForm(SubForm):
    """One other name of a site. Blank rows are ignored."""

    name = StringField("Name", validators=[Optional(), Length(max=200)])
    lang = StringField("Language", validators=[Length(max=35), language_tag])
    kind = SelectField("Kind", choices=NAME_KIND_CHOICES, default=NameKind.ALTERNATIVE.value)

    def validate_lang(self, field: Any) -> None:
        if self.name.data and not field.data:
            raise ValidationError("Say which language this name is in.")


class SiteForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        "Address",
        validators=[
            Optional(),
            Length(max=100),
            Regexp(SLUG_PATTERN, message="Use lower-case letters, digits and single hyphens."),
        ],
        description="The site's permanent address, /sites/<address>. Leave empty to make one "
        "from the name. It never changes afterwards, so citations keep working.",
    )
    country = SelectField("Country", choices=COUNTRY_CHOICES, validators=[DataRequired()])
    region = StringField("Region", validators=[Optional(), Length(max=200)])
    latitude = FloatField(
        "Latitude",
        validators=[Optional(), finite, NumberRange(-90, 90, "Latitude runs from -90 to 90.")],
        description="Decimal degrees, WGS84; north is positive.",
    )
    longitude = FloatField(
        "Longitude",
        validators=[Optional(), finite, NumberRange(-180, 180, "Longitude runs from -180 to 180.")],
        description="Decimal degrees, WGS84; east is positive.",
    )
    location_sensitivity = RadioField(
        "Who may see the exact position",
        choices=SENSITIVITY_CHOICES,
        default=LocationSensitivity.GENERALISED.value,
        description="Signed-in contributors always see the exact position. Only reviewers "
        "and administrators can show the public more than it sees now.",
    )
    confirm_relaxing = BooleanField(
        "Yes, show the public more of this site's position",
        description="Needed only when you choose a less protective option than the site has.",
    )
    outline = TextAreaField(
        "Outline (GeoJSON)",
        validators=[Optional(), Length(max=200_000)],
        description='A GeoJSON Polygon: {"type": "Polygon", "coordinates": [[[lon, lat], …]]}.',
    )
    unesco_whc_id = StringField(
        "UNESCO World Heritage id", validators=[Optional(), identifier("unesco_whc_id")]
    )
    pleiades_id = StringField("Pleiades id", validators=[Optional(), identifier("pleiades_id")])
    wikidata_id = StringField("Wikidata id", validators=[Optional(), identifier("wikidata_id")])
    heritage_status = TextAreaField(
        "Heritage status",
        validators=[Optional(), Length(max=2000)],
        description="E.g. World Heritage since 1980; on the List in Danger since 2013.",
    )
    description = TextAreaField("Description", validators=[Optional(), Length(max=20_000)])
    names = FieldList(FormField(NameForm), label="Other names", min_entries=3, max_entries=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spare_rows(self.names, lambda row: row.form.name.data)

    # The site's protection before this edit (None for a new site) and whether this user may
    # relax it: set by the view, so the confirmation is asked with the form's other errors.
    protection_before: LocationSensitivity | None = None

    def validate_confirm_relaxing(self, field: Any) -> None:
        try:
            chosen = LocationSensitivity(self.location_sensitivity.data)
        except ValueError:
            return
        if self.protection_before and relaxes(self.protection_before, chosen) and not field.data:
            raise ValidationError(relaxing_warning(chosen))

    def validate_outline(self, field: Any) -> None:
        if not (field.data or "").strip():
            return
        try:
            json.loads(field.data)
        except ValueError:
            raise ValidationError("This is not valid JSON.") from None
        except RecursionError:
            raise ValidationError("This JSON is nested too deeply to be an outline.") from None

    def outline_data(self) -> Any:
        """The outline as parsed JSON (checked as GeoJSON by the service), or None if empty."""
        text = (self.outline.data or "").strip()
        return json.loads(text) if text else None


class FeatureForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])


class CitationForm(SubForm):
    """A source cited for a claim; the picker fills ``source_id`` from the library."""

    source_id = IntegerField(
        "Source",
        validators=[Optional(), NumberRange(1, MAX_DATABASE_ID, "Choose a source from the list.")],
    )
    source_label = HiddenField()
    locator = StringField(
        "Where in the source",
        validators=[Optional(), Length(max=200)],
        description="Page, paragraph or timestamp.",
    )
    credibility = TermSelectField(
        "Credibility of this claim",
        vocabulary=Vocabulary.INFORMATION_CREDIBILITY,
        blank=None,
        show_code=True,
        default="6",
    )
    note = StringField(
        "Note",
        validators=[Optional(), Length(max=1000)],
        description="What this source says about the claim, if it needs saying.",
    )


class PeriodForm(Form):
    controlling_party = StringField(
        "Controlling party",
        validators=[DataRequired(), Length(max=200)],
        description="Who controlled the site, e.g. ISIS or Syrian government forces.",
    )
    actor_type = TermSelectField("Actor type", vocabulary=Vocabulary.ACTOR_TYPE)
    start_qualifier = SelectField("Start", choices=QUALIFIER_CHOICES, default="on")
    start = FuzzyDateField("Start date", validators=[DateRequired("Give the start date.")])
    end_qualifier = SelectField("End", choices=QUALIFIER_CHOICES, default="on")
    end = FuzzyDateField(
        "End date",
        description="Leave empty while the control is ongoing. "
        "E.g. 27 March 2016, May 2016 or 2017.",
    )
    certainty = TermSelectField("Certainty", vocabulary=Vocabulary.CERTAINTY)
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)])
    citations = FieldList(FormField(CitationForm), label="Sources", min_entries=3, max_entries=30)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spare_rows(self.citations, lambda row: row.form.source_id.data)
