"""Rules for actors: one identity per party, a stable colour, names in every language.

Like sites and sources, actors are edited directly by contributors; every change writes an
audit event. Functions flush; the view (or CLI command) commits.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from heritage.accounts.models import User
from heritage.actors.models import PALETTE, Actor, ActorName, ActorNameKind
from heritage.audit.services import record, record_update
from heritage.extensions import contains_pattern, count_references, db, serialise, utcnow
from heritage.rules import RuleViolation, check_unchanged
from heritage.text import optional_text, search_key, search_keys, search_text
from heritage.translate import _, ngettext
from heritage.vocab.models import Vocabulary
from heritage.vocab.services import find_term

WIKIDATA_PATTERN = re.compile(r"^Q[1-9]\d{0,11}$")


@dataclass
class OtherName:
    name: str
    lang: str | None = None
    kind: ActorNameKind = ActorNameKind.TRANSLATION


@dataclass
class ActorFields:
    """Everything an actor form edits, as plain values."""

    name: str
    actor_type: str | None = None
    wikidata_id: str | None = None
    parent_id: int | None = None
    colour: str | None = None  # None: the least used colour of the palette
    description: str | None = None
    names: list[OtherName] = field(default_factory=list)


def create_actor(actor: User | None, fields: ActorFields) -> Actor:
    """Record a new party; refused when its name already belongs to one (a name or alias)."""
    new = Actor(created_by_id=actor.id if actor else None, colour=fields.colour or next_colour())
    _apply(new, fields)
    db.session.add(new)
    db.session.flush()
    record(actor, "actor.created", new, values=_snapshot(new))
    return new


def update_actor(
    actor: User | None, target: Actor, fields: ActorFields, *, version: str | None = None
) -> Actor:
    """Change an actor; ``version`` is the one the form was opened on."""
    check_unchanged("actor", target.updated_at, version)
    before = _snapshot(target)
    _apply(target, fields)
    target.updated_at = utcnow()
    db.session.flush()
    record_update(actor, "actor.updated", target, before, _snapshot(target))
    return target


def delete_actor(actor: User | None, target: Actor) -> None:
    """Delete an actor nothing refers to; one named by a period, report or unit must stay."""
    uses = count_references(target)
    if uses:
        raise RuleViolation(
            ngettext(
                "“%(name)s” is referred to %(num)d time (periods of control, reports or units) "
                "and cannot be deleted.",
                "“%(name)s” is referred to %(num)d times (periods of control, reports or units) "
                "and cannot be deleted.",
                uses,
                name=target.name,
            )
        )
    record(actor, "actor.deleted", target, values=_snapshot(target))
    db.session.delete(target)
    db.session.flush()


def actor_fields(target: Actor) -> ActorFields:
    return ActorFields(
        name=target.name,
        actor_type=target.actor_type.code if target.actor_type else None,
        wikidata_id=target.wikidata_id,
        parent_id=target.parent_id,
        colour=target.colour,
        description=target.description,
        names=[OtherName(n.name, n.lang, n.kind) for n in target.names],
    )


def next_colour() -> str:
    """The palette colour fewest actors have, so a new party stands apart from the others."""
    used = Counter(db.session.scalars(select(Actor.colour)))
    return min(PALETTE, key=lambda colour: (used[colour], PALETTE.index(colour)))


def get_actor(actor_id: int) -> Actor | None:
    return db.session.scalar(
        select(Actor)
        .where(Actor.id == actor_id)
        .options(
            selectinload(Actor.names),
            selectinload(Actor.units).selectinload(Actor.names),
            selectinload(Actor.parent).selectinload(Actor.names),
            selectinload(Actor.actor_type),
        )
    )


def search_query(text: str | None = None, actor_type: str | None = None) -> Select[Actor]:
    """Actors matching ``text`` in any name or alias, in any script, by name."""
    query = select(Actor).options(selectinload(Actor.names), selectinload(Actor.actor_type))
    key = search_key(text or "")
    if key:
        query = query.where(Actor.search_text.like(contains_pattern(key), escape="\\"))
    if actor_type:
        term = find_term(Vocabulary.ACTOR_TYPE, actor_type)
        query = query.where(Actor.actor_type_id == (term.id if term else -1))
    return query.order_by(func.lower(Actor.name), Actor.id)


def answers_to(actor: Actor, text: str) -> bool:
    """Whether ``text`` is one of the actor's names or aliases, however it is spelled: then a
    picker offers no "Create" beside it, which would only be refused."""
    key = search_key(text)
    return key == actor.name_key or any(search_key(other.name) == key for other in actor.names)


def find_by_name(name: str) -> Actor | None:
    """The actor called ``name``, in any of its names or aliases, however it is spelled
    (folded by :func:`search_key`): one identity per party."""
    key = search_key(name)
    if not key:
        return None
    candidates = db.session.scalars(
        select(Actor)
        .where(Actor.search_text.like(contains_pattern(key), escape="\\"))
        .options(selectinload(Actor.names))
    )
    for candidate in candidates:
        if key in search_keys(candidate.search_text):
            return candidate
    return None


# The longest name the database keeps, folded or not (folding "ß" gives "ss").
MAX_NAME_LENGTH = 200


def _apply(target: Actor, fields: ActorFields) -> None:
    serialise("actors")  # identities and units are checked, then written: one at a time
    name = fields.name.strip()
    if not name:
        raise RuleViolation(_("An actor needs a name."), "name")
    clash = find_by_name(name)
    if clash is not None and clash is not target:
        raise RuleViolation(
            _(
                "“%(name)s” is already in the list of actors: choose it rather than "
                "recording the same party twice.",
                name=clash.name,
            ),
            "name",
        )
    if len(search_key(name)) > MAX_NAME_LENGTH:
        raise RuleViolation(_("This name is too long to keep; shorten it."), "name")
    for other in fields.names:
        _check_other_name(target, other)
    wikidata = optional_text(fields.wikidata_id)
    if wikidata and not WIKIDATA_PATTERN.match(wikidata):
        raise RuleViolation(_("A Wikidata id is Q followed by digits, e.g. Q42."), "wikidata_id")
    colour = fields.colour or target.colour
    if colour not in PALETTE:
        raise RuleViolation(_("Choose one of the offered colours."), "colour")
    # Everything is looked up before anything is set: a new actor, not yet in the session,
    # must not be flushed half made by a lookup's autoflush.
    parent, actor_type = _parent(target, fields.parent_id), _actor_type(fields.actor_type)
    target.parent = parent
    target.actor_type = actor_type
    target.name = name
    target.name_key = search_key(name)
    target.wikidata_id = wikidata
    target.colour = colour
    target.description = optional_text(fields.description)
    _replace_names(target, fields.names)
    target.search_text = search_text([target.name, *(n.name for n in target.names)])


def _check_other_name(target: Actor, other: OtherName) -> None:
    """A name in another language or an alias: not too long, and no other actor's."""
    text, field = other.name.strip(), _names_field(other.kind)
    if not text:
        return
    if len(text) > MAX_NAME_LENGTH or len(search_key(text)) > MAX_NAME_LENGTH:
        raise RuleViolation(
            _("“%(name)s…” is too long for a name; shorten it.", name=text[:40]), field
        )
    owner = find_by_name(text)
    if owner is not None and owner is not target:
        raise RuleViolation(
            _("“%(name)s” is a name of “%(actor)s”, another actor.", name=text, actor=owner.name),
            field,
        )


def _names_field(kind: ActorNameKind | str) -> str:
    """The form field a name came from: the aliases box or the rows of other languages."""
    return "aliases" if ActorNameKind(kind) is ActorNameKind.ALIAS else "translations"


def _actor_type(code: str | None) -> Any:
    if not code:
        return None
    term = find_term(Vocabulary.ACTOR_TYPE, code)
    if term is None or not term.active:
        raise RuleViolation(_("Choose one of the listed actor types."), "actor_type")
    return term


def _parent(target: Actor, parent_id: int | None) -> Actor | None:
    """The unit's parent; a chain that leads back to the actor itself is refused.

    The walk up the chain stops at an actor already seen, so even a cycle that got into the
    database some other way cannot hang it.
    """
    if parent_id is None:
        return None
    parent = db.session.get(Actor, parent_id)
    if parent is None:
        raise RuleViolation(_("Choose the larger force from the list of actors."), "parent")
    seen: set[int] = set()
    ancestor: Actor | None = parent
    while ancestor is not None and id(ancestor) not in seen:
        if ancestor is target:
            raise RuleViolation(
                _("An actor cannot be part of itself or of its own units."), "parent"
            )
        seen.add(id(ancestor))
        ancestor = ancestor.parent
    return parent


def _replace_names(target: Actor, entries: list[OtherName]) -> None:
    """Keep names that stay, drop removed ones, add new ones; a name listed twice is refused."""
    wanted: dict[tuple[str, ActorNameKind], str | None] = {}
    for entry in entries:
        name = entry.name.strip()
        if not name:
            continue
        kind = ActorNameKind(entry.kind)
        if (name, kind) in wanted:
            raise RuleViolation(_("“%(name)s” is listed twice.", name=name), _names_field(kind))
        wanted[name, kind] = (entry.lang or "").strip().lower() or None
    for existing in list(target.names):
        if (existing.name, existing.kind) in wanted:
            existing.lang = wanted.pop((existing.name, existing.kind))
        else:
            target.names.remove(existing)
    for (name, kind), lang in wanted.items():
        target.names.append(ActorName(name=name, lang=lang, kind=kind))


def _snapshot(target: Actor) -> dict[str, Any]:
    """What the audit log keeps of an actor, readable without the actor table."""
    return {
        "name": target.name,
        "actor_type": target.actor_type.code if target.actor_type else None,
        "wikidata_id": target.wikidata_id,
        "parent": target.parent.name if target.parent else None,
        "colour": target.colour,
        "description": target.description,
        "names": sorted(f"{n.name} ({n.lang})" if n.lang else n.name for n in target.translations),
        "aliases": sorted(n.name for n in target.aliases),
    }
