"""Forms for actors: the full record, and the short one the picker opens in place."""

from __future__ import annotations

from typing import Any

from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from heritage.actors.models import PALETTE
from heritage.actors.services import WIKIDATA_PATTERN, find_by_name
from heritage.vocab.fields import (
    Form,
    LinesField,
    PickerField,
    SubForm,
    TermSelectField,
    add_spare_rows,
    each_line_at_most,
    language_tag,
)
from heritage.vocab.models import Vocabulary

COLOUR_NAMES = dict(
    zip(
        PALETTE,
        (
            "Teal",
            "Burnt orange",
            "Indigo",
            "Purple",
            "Green",
            "Raspberry",
            "Olive",
            "Blue",
            "Terracotta",
            "Slate",
            "Magenta",
            "Moss",
        ),
        strict=True,
    )
)


class TranslationForm(SubForm):
    """The actor's name in another language. Blank rows are ignored."""

    name = StringField("Name", validators=[Optional(), Length(max=200)])
    lang = StringField(
        "Language", validators=[Length(max=35), language_tag], description="e.g. ar, fr"
    )

    def validate_lang(self, field: Any) -> None:
        if self.name.data and self.name.data.strip() and not field.data:
            raise ValidationError("Say which language this name is in.")


class ActorForm(Form):
    # When the record was last saved as this form was opened (rules.EditedMeanwhile).
    edit_version = HiddenField()

    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=200)],
        description="The name most sources use, in full.",
    )
    actor_type = TermSelectField("Type of actor", vocabulary=Vocabulary.ACTOR_TYPE)
    translations = FieldList(
        FormField(TranslationForm), label="In other languages", min_entries=2, max_entries=30
    )
    aliases = LinesField(
        "Other names and abbreviations",
        validators=[Optional(), Length(max=4000), each_line_at_most(200)],
        description="One per line: the spellings and short forms sources use.",
    )
    parent = PickerField(
        "Part of",
        not_picked="Pick the larger force from the list, or leave the box empty.",
        resolve=lambda text: actor.id if (actor := find_by_name(text)) else None,
        description="For a unit: the army or movement it belongs to.",
    )
    colour = RadioField(
        "Colour on timelines",
        choices=[SelectChoice(colour, name) for colour, name in COLOUR_NAMES.items()],
        validators=[Optional()],
        description="Used for this actor on every timeline and map of the registry.",
    )
    wikidata_id = StringField(
        "Wikidata id",
        validators=[
            Optional(),
            Regexp(WIKIDATA_PATTERN, message="A Wikidata id is Q followed by digits."),
        ],
        description="Only if you have checked it: Q followed by digits.",
    )
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spare_rows(self.translations, lambda row: row.form.name.data, spare=1)


class QuickActorForm(Form):
    """What the picker asks when a party is missing from the list: its name and type."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    actor_type = TermSelectField("Type of actor", vocabulary=Vocabulary.ACTOR_TYPE)
