"""Forms for sites, features and occupation periods."""

from __future__ import annotations

import json
from typing import Any

import pycountry
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from heritage.actors.services import find_by_name
from heritage.sites.geo import relaxes
from heritage.sites.models import LocationSensitivity, NameKind
from heritage.sites.position import EXAMPLE as POSITION_EXAMPLE
from heritage.sites.position import Coordinates, PositionError, format_position, parse_position
from heritage.sites.services import (
    IDENTIFIER_PATTERNS,
    NO_CONTROLLING_ACTOR,
    SLUG_PATTERN,
    UNDATED_PERIOD,
    relaxing_warning,
)
from heritage.sources.services import find_by_title
from heritage.vocab.fields import (
    Form,
    PickerField,
    SubForm,
    TermSelectField,
    UncertainDateField,
    add_spare_rows,
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


def identifier(key: str) -> Regexp:
    pattern, example = IDENTIFIER_PATTERNS[key]
    return Regexp(pattern, message=f"This identifier should be {example}.")


class PositionField(StringField):
    """One box for a position as people copy it from maps and papers ("34.5545, 38.2694",
    "34°33′05″N 38°16′05″E"), read on the server; ``data`` is Coordinates or None.

    Two number inputs let browsers mangle pasted text silently ("34.5545, 38.2694" became
    34.5545382694 in the latitude box); one text box read here says what it understood.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if raw:
            try:
                self.data = parse_position(raw)
            except PositionError as error:
                raise ValueError(str(error)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if isinstance(self.data, Coordinates):
            return format_position(self.data.latitude, self.data.longitude, decimals=6)
        return ""


class NameForm(SubForm):
    """One other name of a site. Blank rows are ignored."""

    name = StringField("Name", validators=[Optional(), Length(max=200)])
    lang = StringField("Language", validators=[Length(max=35), language_tag])
    kind = SelectField("Kind", choices=NAME_KIND_CHOICES, default=NameKind.ALTERNATIVE.value)

    def validate_lang(self, field: Any) -> None:
        if self.name.data and not field.data:
            raise ValidationError("Say which language this name is in.")


class SiteForm(Form):
    # When the record was last saved as this form was opened (rules.EditedMeanwhile).
    edit_version = HiddenField()

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        "Web address",
        validators=[
            Optional(),
            Length(max=100),
            Regexp(SLUG_PATTERN, message="Use lower-case letters, digits and single hyphens."),
        ],
        description="The last part of the site's permanent address, /sites/…: lower-case "
        "Latin letters, digits and hyphens. Left empty, it is made from the name (or from a "
        "name in Latin letters among the other names). It never changes afterwards, so "
        "citations keep working.",
    )
    country = SelectField("Country", choices=COUNTRY_CHOICES, validators=[DataRequired()])
    region = StringField("Region", validators=[Optional(), Length(max=200)])
    position = PositionField(
        "Position",
        description=f"Paste it from a map, a paper or a GPS, for example {POSITION_EXAMPLE}; "
        "or click the map. WGS84. Leave empty if the position is not known.",
    )
    location_sensitivity = RadioField(
        "Who may see the exact position",
        choices=SENSITIVITY_CHOICES,
        default=LocationSensitivity.GENERALISED.value,
        description="Signed-in contributors always see the exact position. Only reviewers "
        "and administrators can show the public more than it sees now.",
    )
    confirm_position = BooleanField(
        "The position is right: keep it",
        description="Asked only when the position lies outside the chosen country.",
    )
    confirm_distinct = BooleanField(
        "This is another site: create it anyway",
        description="Asked only when a recorded site has the same name or lies within 2 km.",
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
        "UNESCO World Heritage id",
        validators=[Optional(), identifier("unesco_whc_id")],
        description="The property's number on the World Heritage List: digits, with bis or "
        "ter for an extension.",
    )
    pleiades_id = StringField(
        "Pleiades id",
        validators=[Optional(), identifier("pleiades_id")],
        description="Digits: the number that ends the place's address on pleiades.stoa.org.",
    )
    wikidata_id = StringField(
        "Wikidata id",
        validators=[Optional(), identifier("wikidata_id")],
        description="Q followed by digits. Only an identifier you have checked.",
    )
    heritage_status = TextAreaField(
        "Heritage status",
        validators=[Optional(), Length(max=2000)],
        description="Listings and protection, with their years: World Heritage, national "
        "registers, the List in Danger.",
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
    name = StringField(
        "Name",
        validators=[DataRequired("Give the feature a name."), Length(max=200)],
        description="A part of the site that can be damaged on its own: a temple, a tomb, "
        "a gate, a museum.",
    )
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])


def _id_of(record: Any) -> int | None:
    return record.id if record is not None else None


class CitationForm(SubForm):
    """A source cited for a claim, picked from the library (or created in place)."""

    source = PickerField(
        "Source",
        not_picked="Pick a source from the list, or create it.",
        resolve=lambda text: _id_of(find_by_title(text)),
    )
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

    def validate_source(self, field: Any) -> None:
        if field.data is None and (
            (self.locator.data or "").strip() or (self.note.data or "").strip()
        ):
            raise ValidationError("Pick the source this row cites, or clear the row.")


class SupportingActorForm(SubForm):
    actor = PickerField("Supporting actor", not_picked="Pick an actor from the list, or create it.")


class PeriodForm(Form):
    # When the record was last saved as this form was opened (rules.EditedMeanwhile).
    edit_version = HiddenField()

    controlling_actor = PickerField(
        "Controlling actor",
        not_picked="Pick an actor from the list, or create it.",
        resolve=lambda text: _id_of(find_by_name(text)),
        description="Who held the site. Search by any name or abbreviation, in any language.",
    )
    supporting_actors = FieldList(
        FormField(SupportingActorForm),
        label="Supported by",
        min_entries=1,
        max_entries=10,
        description="Others that helped hold it, e.g. an air force giving support. Optional.",
    )
    start = UncertainDateField(
        "From",
        description="As the sources give it: 20–21 May 2015, late May 2015, c. 2013, "
        "before March 2016. Leave empty when the start is not known.",
    )
    end = UncertainDateField("To", description="Leave empty while the control is ongoing.")
    certainty = TermSelectField("Certainty", vocabulary=Vocabulary.CERTAINTY)
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)])
    citations = FieldList(FormField(CitationForm), label="Sources", min_entries=2, max_entries=30)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spare_rows(self.citations, lambda row: row.form.source.data, spare=1)
        add_spare_rows(self.supporting_actors, lambda row: row.form.actor.data, spare=1)

    def validate_controlling_actor(self, field: Any) -> None:
        if field.data is None:
            raise ValidationError(NO_CONTROLLING_ACTOR)

    def validate_start(self, field: Any) -> None:
        if not field.raw_text and not self.end.raw_text:
            raise ValidationError(UNDATED_PERIOD)
