"""Forms for sites, features and occupation periods."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pycountry
from flask_babel import LazyString, lazy_gettext
from flask_babel import gettext as _
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
from heritage.sites.position import (
    Coordinates,
    PositionError,
    format_position,
    parse_position,
)
from heritage.sites.position import examples as position_examples
from heritage.sites.services import (
    IDENTIFIER_PATTERNS,
    NO_CONTROLLING_ACTOR,
    SLUG_PATTERN,
    UNDATED_PERIOD,
    relaxing_warning,
)
from heritage.sources.services import find_by_title
from heritage.text import country_name
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

COUNTRY_CODES = tuple(country.alpha_2 for country in pycountry.countries)


def country_choices() -> list[SelectChoice]:
    """Every country, named and sorted in the reader's language, after the blank choice."""
    return [
        SelectChoice("", _("Choose a country")),
        *sorted(
            (SelectChoice(code, country_name(code)) for code in COUNTRY_CODES),
            key=lambda choice: _alphabetical(str(choice.label)),
        ),
    ]


def _alphabetical(name: str) -> str:
    """A name as it sorts in a list: case and accents (and Arabic hamza) set aside."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(char for char in letters if not unicodedata.combining(char)).casefold()


SENSITIVITY_CHOICES = [
    SelectChoice(
        LocationSensitivity.PUBLIC.value, lazy_gettext("Public: everyone sees the exact position")
    ),
    SelectChoice(
        LocationSensitivity.GENERALISED.value,
        lazy_gettext("Generalised: the public sees it rounded to about 10 km"),
    ),
    SelectChoice(
        LocationSensitivity.HIDDEN.value, lazy_gettext("Hidden: the public sees no position at all")
    ),
]
NAME_KIND_LABELS = {
    NameKind.PREFERRED: lazy_gettext("Preferred"),
    NameKind.ALTERNATIVE: lazy_gettext("Alternative"),
    NameKind.HISTORIC: lazy_gettext("Historic"),
}
NAME_KIND_CHOICES = [SelectChoice(kind.value, NAME_KIND_LABELS[kind]) for kind in NameKind]


def identifier(key: str) -> Regexp:
    pattern, mismatch = IDENTIFIER_PATTERNS[key]
    return Regexp(pattern, message=mismatch)


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

    name = StringField(lazy_gettext("Name"), validators=[Optional(), Length(max=200)])
    lang = StringField(lazy_gettext("Language"), validators=[Length(max=35), language_tag])
    kind = SelectField(
        lazy_gettext("Kind"), choices=NAME_KIND_CHOICES, default=NameKind.ALTERNATIVE.value
    )

    def validate_lang(self, field: Any) -> None:
        if self.name.data and not field.data:
            raise ValidationError(_("Say which language this name is in."))


class SiteForm(Form):
    # When the record was last saved as this form was opened (rules.EditedMeanwhile).
    edit_version = HiddenField()

    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        lazy_gettext("Web address"),
        validators=[
            Optional(),
            Length(max=100),
            Regexp(
                SLUG_PATTERN,
                message=lazy_gettext("Use lower-case letters, digits and single hyphens."),
            ),
        ],
        description=lazy_gettext(
            "The last part of the site's permanent address, /sites/…: lower-case "
            "Latin letters, digits and hyphens. Left empty, it is made from the name (or from a "
            "name in Latin letters among the other names). It never changes afterwards, so "
            "citations keep working."
        ),
    )
    country = SelectField(
        lazy_gettext("Country"), choices=country_choices, validators=[DataRequired()]
    )
    region = StringField(lazy_gettext("Region"), validators=[Optional(), Length(max=200)])
    position = PositionField(
        lazy_gettext("Position"),
        description=lazy_gettext(
            "Paste it from a map, a paper or a GPS, for example %(example)s; "
            "or click the map. WGS84. Leave empty if the position is not known.",
            example=LazyString(position_examples),
        ),
    )
    location_sensitivity = RadioField(
        lazy_gettext("Who may see the exact position"),
        choices=SENSITIVITY_CHOICES,
        default=LocationSensitivity.GENERALISED.value,
        description=lazy_gettext(
            "Signed-in contributors always see the exact position. Only reviewers "
            "and administrators can show the public more than it sees now."
        ),
    )
    confirm_position = BooleanField(
        lazy_gettext("The position is right: keep it"),
        description=lazy_gettext("Asked only when the position lies outside the chosen country."),
    )
    confirm_distinct = BooleanField(
        lazy_gettext("This is another site: create it anyway"),
        description=lazy_gettext(
            "Asked only when a recorded site has the same name or lies within 2 km."
        ),
    )
    confirm_relaxing = BooleanField(
        lazy_gettext("Yes, show the public more of this site's position"),
        description=lazy_gettext(
            "Needed only when you choose a less protective option than the site has."
        ),
    )
    outline = TextAreaField(
        lazy_gettext("Outline (GeoJSON)"),
        validators=[Optional(), Length(max=200_000)],
        description=lazy_gettext(
            'A GeoJSON Polygon: {"type": "Polygon", "coordinates": [[[lon, lat], …]]}.'
        ),
    )
    unesco_whc_id = StringField(
        lazy_gettext("UNESCO World Heritage id"),
        validators=[Optional(), identifier("unesco_whc_id")],
        description=lazy_gettext(
            "The property's number on the World Heritage List: digits, with bis or "
            "ter for an extension."
        ),
    )
    pleiades_id = StringField(
        lazy_gettext("Pleiades id"),
        validators=[Optional(), identifier("pleiades_id")],
        description=lazy_gettext(
            "Digits: the number that ends the place's address on pleiades.stoa.org."
        ),
    )
    wikidata_id = StringField(
        lazy_gettext("Wikidata id"),
        validators=[Optional(), identifier("wikidata_id")],
        description=lazy_gettext("Q followed by digits. Only an identifier you have checked."),
    )
    heritage_status = TextAreaField(
        lazy_gettext("Heritage status"),
        validators=[Optional(), Length(max=2000)],
        description=lazy_gettext(
            "Listings and protection, with their years: World Heritage, national "
            "registers, the List in Danger."
        ),
    )
    description = TextAreaField(
        lazy_gettext("Description"), validators=[Optional(), Length(max=20_000)]
    )
    names = FieldList(
        FormField(NameForm), label=lazy_gettext("Other names"), min_entries=3, max_entries=40
    )

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
            raise ValidationError(_("This is not valid JSON.")) from None
        except RecursionError:
            raise ValidationError(_("This JSON is nested too deeply to be an outline.")) from None

    def outline_data(self) -> Any:
        """The outline as parsed JSON (checked as GeoJSON by the service), or None if empty."""
        text = (self.outline.data or "").strip()
        return json.loads(text) if text else None


class FeatureForm(Form):
    name = StringField(
        lazy_gettext("Name"),
        validators=[DataRequired(lazy_gettext("Give the feature a name.")), Length(max=200)],
        description=lazy_gettext(
            "A part of the site that can be damaged on its own: a temple, a tomb, a gate, a museum."
        ),
    )
    description = TextAreaField(
        lazy_gettext("Description"), validators=[Optional(), Length(max=5000)]
    )


def id_of(record: Any) -> int | None:
    return record.id if record is not None else None


class CitationForm(SubForm):
    """A source cited for a claim, picked from the library (or created in place)."""

    source = PickerField(
        lazy_gettext("Source"),
        not_picked=lazy_gettext("Pick a source from the list, or create it."),
        resolve=lambda text: id_of(find_by_title(text)),
    )
    locator = StringField(
        lazy_gettext("Where in the source"),
        validators=[Optional(), Length(max=200)],
        description=lazy_gettext("Page, paragraph or timestamp."),
    )
    credibility = TermSelectField(
        lazy_gettext("Credibility of this claim"),
        vocabulary=Vocabulary.INFORMATION_CREDIBILITY,
        blank=None,
        show_code=True,
        default="6",
    )
    note = StringField(
        lazy_gettext("Note"),
        validators=[Optional(), Length(max=1000)],
        description=lazy_gettext("What this source says about the claim, if it needs saying."),
    )

    def validate_source(self, field: Any) -> None:
        if field.data is None and (
            (self.locator.data or "").strip() or (self.note.data or "").strip()
        ):
            raise ValidationError(_("Pick the source this row cites, or clear the row."))


class SupportingActorForm(SubForm):
    actor = PickerField(
        lazy_gettext("Supporting actor"),
        not_picked=lazy_gettext("Pick an actor from the list, or create it."),
    )


class PeriodForm(Form):
    # When the record was last saved as this form was opened (rules.EditedMeanwhile).
    edit_version = HiddenField()

    controlling_actor = PickerField(
        lazy_gettext("Controlling actor"),
        not_picked=lazy_gettext("Pick an actor from the list, or create it."),
        resolve=lambda text: id_of(find_by_name(text)),
        description=lazy_gettext(
            "Who held the site. Search by any name or abbreviation, in any language."
        ),
    )
    supporting_actors = FieldList(
        FormField(SupportingActorForm),
        label=lazy_gettext("Supported by"),
        min_entries=1,
        max_entries=10,
        description=lazy_gettext(
            "Others that helped hold it, e.g. an air force giving support. Optional."
        ),
    )
    start = UncertainDateField(
        lazy_gettext("From"),
        description=lazy_gettext(
            "As the sources give it: 20–21 May 2015, late May 2015, c. 2013, "
            "before March 2016. Leave empty when the start is not known."
        ),
    )
    end = UncertainDateField(
        lazy_gettext("To"), description=lazy_gettext("Leave empty while the control is ongoing.")
    )
    certainty = TermSelectField(lazy_gettext("Certainty"), vocabulary=Vocabulary.CERTAINTY)
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Optional(), Length(max=5000)])
    citations = FieldList(
        FormField(CitationForm), label=lazy_gettext("Sources"), min_entries=2, max_entries=30
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spare_rows(self.citations, lambda row: row.form.source.data, spare=1)
        add_spare_rows(self.supporting_actors, lambda row: row.form.actor.data, spare=1)

    def validate_controlling_actor(self, field: Any) -> None:
        if field.data is None:
            raise ValidationError(str(NO_CONTROLLING_ACTOR))

    def validate_start(self, field: Any) -> None:
        if not field.raw_text and not self.end.raw_text:
            raise ValidationError(str(UNDATED_PERIOD))
