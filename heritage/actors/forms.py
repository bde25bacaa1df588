"""Forms for actors: the full record, and the short one the picker opens in place."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext
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
            lazy_gettext("Teal"),
            lazy_gettext("Burnt orange"),
            lazy_gettext("Indigo"),
            lazy_gettext("Purple"),
            lazy_gettext("Green"),
            lazy_gettext("Raspberry"),
            lazy_gettext("Olive"),
            lazy_gettext("Blue"),
            lazy_gettext("Terracotta"),
            lazy_gettext("Slate"),
            lazy_gettext("Magenta"),
            lazy_gettext("Moss"),
        ),
        strict=True,
    )
)


class TranslationForm(SubForm):
    """The actor's name in another language. Blank rows are ignored."""

    name = StringField(lazy_gettext("Name"), validators=[Optional(), Length(max=200)])
    lang = StringField(
        lazy_gettext("Language"),
        validators=[Length(max=35), language_tag],
        description=lazy_gettext("e.g. ar, fr"),
    )

    def validate_lang(self, field: Any) -> None:
        if self.name.data and self.name.data.strip() and not field.data:
            raise ValidationError(_("Say which language this name is in."))


class ActorForm(Form):
    # When the record was last saved as this form was opened (rules.EditedMeanwhile).
    edit_version = HiddenField()

    name = StringField(
        lazy_gettext("Name"),
        validators=[DataRequired(), Length(max=200)],
        description=lazy_gettext("The name most sources use, in full."),
    )
    actor_type = TermSelectField(lazy_gettext("Type of actor"), vocabulary=Vocabulary.ACTOR_TYPE)
    translations = FieldList(
        FormField(TranslationForm),
        label=lazy_gettext("In other languages"),
        min_entries=2,
        max_entries=30,
    )
    aliases = LinesField(
        lazy_gettext("Other names and abbreviations"),
        validators=[Optional(), Length(max=4000), each_line_at_most(200)],
        description=lazy_gettext("One per line: the spellings and short forms sources use."),
    )
    parent = PickerField(
        lazy_gettext("Part of"),
        not_picked=lazy_gettext("Pick the larger force from the list, or leave the box empty."),
        resolve=lambda text: actor.id if (actor := find_by_name(text)) else None,
        description=lazy_gettext("For a unit: the army or movement it belongs to."),
    )
    colour = RadioField(
        lazy_gettext("Colour on timelines"),
        choices=[SelectChoice(colour, name) for colour, name in COLOUR_NAMES.items()],
        validators=[Optional()],
        description=lazy_gettext("Used for this actor on every timeline and map of the registry."),
    )
    wikidata_id = StringField(
        lazy_gettext("Wikidata id"),
        validators=[
            Optional(),
            Regexp(
                WIKIDATA_PATTERN, message=lazy_gettext("A Wikidata id is Q followed by digits.")
            ),
        ],
        description=lazy_gettext("Only if you have checked it: Q followed by digits."),
    )
    description = TextAreaField(
        lazy_gettext("Description"), validators=[Optional(), Length(max=5000)]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_spare_rows(self.translations, lambda row: row.form.name.data, spare=1)


class QuickActorForm(Form):
    """What the picker asks when a party is missing from the list: its name and type."""

    name = StringField(lazy_gettext("Name"), validators=[DataRequired(), Length(max=200)])
    actor_type = TermSelectField(lazy_gettext("Type of actor"), vocabulary=Vocabulary.ACTOR_TYPE)
