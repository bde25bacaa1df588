"""Editing actors (contributors and above), and the picker's lookup and quick creation.

The public list and pages of actors live in ``public.views``: they show the periods and
reports that name an actor, and ``actors`` sits below both in the layering.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import role_required
from heritage.actors import services
from heritage.actors.forms import ActorForm, QuickActorForm
from heritage.actors.models import Actor, ActorNameKind
from heritage.extensions import db
from heritage.rules import edit_version
from heritage.translate import language
from heritage.vocab.fields import Picked
from heritage.web import (
    LOOKUP_LIMIT,
    add_row_requested,
    apply_change,
    save_form,
    save_form_as_json,
    with_user_text,
)

bp = Blueprint("actors", __name__, url_prefix="/actors")


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new() -> Response | str:
    form = ActorForm()
    if add_row_requested(form):
        return render_template("actors/form.html", form=form, actor=None)
    actor = save_form(
        form,
        lambda: services.create_actor(current_user, _actor_fields(form)),
        lambda actor: with_user_text(_("%(name)s added to the actors."), name=actor.name),
    )
    if actor:
        return redirect(url_for("public.actor", actor_id=actor.id))
    return render_template("actors/form.html", form=form, actor=None)


@bp.route("/<int:actor_id>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit(actor_id: int) -> Response | str:
    actor = _actor_or_404(actor_id)
    form = ActorForm(data=_actor_form_data(actor))
    if add_row_requested(form):
        return render_template("actors/form.html", form=form, actor=actor)
    if save_form(
        form,
        lambda: services.update_actor(
            current_user, actor, _actor_fields(form), version=form.edit_version.data
        ),
        _("Saved."),
    ):
        return redirect(url_for("public.actor", actor_id=actor.id))
    return render_template("actors/form.html", form=form, actor=actor)


@bp.post("/<int:actor_id>/delete")
@role_required(Role.CONTRIBUTOR)
def delete(actor_id: int) -> Response:
    actor = _actor_or_404(actor_id)
    name = actor.name
    if apply_change(
        lambda: services.delete_actor(current_user, actor),
        with_user_text(_("%(name)s deleted."), name=name),
    ):
        return redirect(url_for("public.actors"))
    return redirect(url_for("public.actor", actor_id=actor_id))


@bp.route("/lookup")
@role_required(Role.CONTRIBUTOR)
def lookup() -> Response:
    """Matches for the actor picker, by any name or alias in any script."""
    query = request.args.get("q", "").strip()[:200]
    if not query:
        return jsonify(items=[])
    actors = db.session.scalars(services.search_query(query).limit(LOOKUP_LIMIT))
    return jsonify(
        items=[lookup_item(actor, exact=services.answers_to(actor, query)) for actor in actors]
    )


@bp.post("/quick")
@role_required(Role.CONTRIBUTOR)
def quick() -> tuple[Response, int]:
    """Create an actor from the picker without leaving the form it was opened in."""
    form = QuickActorForm()
    return save_form_as_json(
        form,
        lambda: services.create_actor(
            current_user,
            services.ActorFields(name=form.name.data, actor_type=form.actor_type.data or None),
        ),
        lookup_item,
    )


def lookup_item(actor: Actor, *, exact: bool = False) -> dict[str, Any]:
    """How the picker lists an actor: its name as the reader knows it, what it is, its other
    names, and whether the typed text is one of them (``exact``: nothing to create)."""
    shown = actor.name_in(language())
    aliases = [name for name in [actor.name, *(n.name for n in actor.names)] if name != shown]
    return {
        "id": actor.id,
        "title": shown,
        "exact": exact,
        "detail": " · ".join(
            part
            for part in [actor.actor_type.label if actor.actor_type else "", *aliases[:3]]
            if part
        ),
        "colour": actor.colour,
    }


def _actor_or_404(actor_id: int) -> Actor:
    actor = services.get_actor(actor_id)
    if actor is None:
        abort(404, _("There is no such actor."))
    return actor


def _actor_fields(form: ActorForm) -> services.ActorFields:
    translations = [
        services.OtherName(row.form.name.data, row.form.lang.data, ActorNameKind.TRANSLATION)
        for row in form.translations
        if row.form.name.data and row.form.name.data.strip()
    ]
    aliases = [services.OtherName(line, None, ActorNameKind.ALIAS) for line in form.aliases.lines()]
    return services.ActorFields(
        name=form.name.data,
        actor_type=form.actor_type.data or None,
        wikidata_id=form.wikidata_id.data,
        parent_id=form.parent.data,
        colour=form.colour.data or None,
        description=form.description.data,
        names=translations + aliases,
    )


def _actor_form_data(actor: Actor) -> dict[str, Any]:
    return {
        "name": actor.name,
        "actor_type": actor.actor_type.code if actor.actor_type else "",
        "translations": [{"name": n.name, "lang": n.lang} for n in actor.translations],
        "aliases": "\n".join(n.name for n in actor.aliases),
        "parent": Picked(actor.parent.id, actor.parent.name) if actor.parent else None,
        "colour": actor.colour,
        "wikidata_id": actor.wikidata_id,
        "description": actor.description,
        "edit_version": edit_version(actor.updated_at),
    }
