"""Editing the source library (contributors), and the picker's lookup and quick creation.

The library's public pages (the list, and each source with what published cites it) live in
``public.views``: they show periods and reports, which sit above ``sources``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import role_required
from heritage.extensions import db
from heritage.i18n import list_separator
from heritage.rules import edit_version
from heritage.sources import services
from heritage.sources.forms import QuickSourceForm, SourceForm
from heritage.sources.models import Source
from heritage.vocab.dates import DatePrecision, FuzzyDate
from heritage.web import LOOKUP_LIMIT, apply_change, save_form, save_form_as_json

bp = Blueprint("sources", __name__, url_prefix="/sources")


@bp.app_context_processor
def grades() -> dict[str, Any]:
    """``grade_labels()`` in every template, queried only where a page shows grades."""
    return {"grade_labels": services.grade_labels}


@bp.route("/lookup")
@role_required(Role.CONTRIBUTOR)
def lookup() -> Response:
    """Matches for the source picker, so forms never list the whole library."""
    query = request.args.get("q", "").strip()
    if len(query) < 2:
        return jsonify(items=[])
    sources = db.session.scalars(services.search_query(query).limit(LOOKUP_LIMIT))
    return jsonify(items=[lookup_item(source) for source in sources])


@bp.post("/quick")
@role_required(Role.CONTRIBUTOR)
def quick() -> tuple[Response, int]:
    """Add a source from the picker, without leaving the form that cites it."""
    form = QuickSourceForm()
    return save_form_as_json(
        form, lambda: services.create_source(current_user, _source_fields(form)), lookup_item
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new() -> Response | str:
    form = SourceForm()
    source = save_form(
        form,
        lambda: services.create_source(current_user, _source_fields(form)),
        _("Source added to the library."),
    )
    if source:
        return redirect(url_for("public.source", source_id=source.id))
    return render_template("sources/form.html", form=form, source=None)


@bp.route("/<int:source_id>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit(source_id: int) -> Response | str:
    source = db.get_or_404(Source, source_id)
    form = SourceForm(data=_source_form_data(source))
    if save_form(
        form,
        lambda: services.update_source(
            current_user, source, _source_fields(form), version=form.edit_version.data
        ),
        _("Source saved."),
    ):
        return redirect(url_for("public.source", source_id=source.id))
    return render_template("sources/form.html", form=form, source=source)


@bp.post("/<int:source_id>/delete")
@role_required(Role.CONTRIBUTOR)
def delete(source_id: int) -> Response:
    source = db.get_or_404(Source, source_id)
    if apply_change(lambda: services.delete_source(current_user, source), _("Source deleted.")):
        return redirect(url_for("public.sources"))
    return redirect(url_for("public.source", source_id=source_id))


def _source_fields(form: SourceForm | QuickSourceForm) -> services.SourceFields:
    """The fields either form has; the short form leaves the rest empty."""
    data = form.data
    published = data.get("published")
    credibility = data.get("credibility")
    return services.SourceFields(
        kind=data["kind"],
        title=data["title"],
        author=data.get("author"),
        publisher=data.get("publisher"),
        published_on=published.day if published else None,
        published_precision=published.precision if published else DatePrecision.DAY,
        url=data.get("url"),
        archive_url=data.get("archive_url"),
        accessed_on=data.get("accessed_on"),
        language=data.get("language"),
        reliability=data["reliability"],
        credibility=int(credibility) if credibility else None,
        notes=data.get("notes"),
    )


def _source_form_data(source: Source) -> dict[str, Any]:
    fields = services.source_fields(source)
    data = vars(fields) | {}
    data["published"] = (
        FuzzyDate(fields.published_on, fields.published_precision) if fields.published_on else None
    )
    data["credibility"] = str(fields.credibility) if fields.credibility else ""
    data["edit_version"] = edit_version(source.updated_at)
    return data


def lookup_item(source: Source) -> dict[str, Any]:
    year = source.published_on.year if source.published_on else None
    return {
        "id": source.id,
        "title": source.title,
        "detail": list_separator().join(
            str(part) for part in (source.publisher or source.author, year) if part
        ),
        "reliability": source.reliability,
    }
