"""The source library: list and search, create, edit, delete, and the picker's lookup."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import role_required
from heritage.extensions import db
from heritage.sources import services
from heritage.sources.forms import SourceForm
from heritage.sources.models import Source
from heritage.vocab.dates import DatePrecision, FuzzyDate
from heritage.web import apply_change, paginate, save_form

bp = Blueprint("sources", __name__, url_prefix="/sources")

LOOKUP_LIMIT = 12
SOURCES_PER_PAGE = 25


@bp.app_context_processor
def grades() -> dict[str, Any]:
    """``grade_labels()`` in every template, queried only where a page shows grades."""
    return {"grade_labels": services.grade_labels}


@bp.route("/")
@role_required(Role.CONTRIBUTOR)
def index() -> str:
    query = request.args.get("q", "").strip()
    page = paginate(services.search_query(query), SOURCES_PER_PAGE)
    return render_template("sources/index.html", page=page, query=query)


@bp.route("/lookup")
@role_required(Role.CONTRIBUTOR)
def lookup() -> Response:
    """Matches for the source picker, so forms never list the whole library."""
    query = request.args.get("q", "").strip()
    if len(query) < 2:
        return jsonify(items=[])
    sources = db.session.scalars(services.search_query(query).limit(LOOKUP_LIMIT))
    return jsonify(items=[_lookup_item(source) for source in sources])


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new() -> Response | str:
    form = SourceForm()
    source = save_form(
        form,
        lambda: services.create_source(current_user, _source_fields(form)),
        "Source added to the library.",
    )
    if source:
        return redirect(url_for("sources.detail", source_id=source.id))
    return render_template("sources/form.html", form=form, source=None)


@bp.route("/<int:source_id>")
@role_required(Role.CONTRIBUTOR)
def detail(source_id: int) -> str:
    source = db.get_or_404(Source, source_id)
    return render_template("sources/detail.html", source=source, uses=services.usage_count(source))


@bp.route("/<int:source_id>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit(source_id: int) -> Response | str:
    source = db.get_or_404(Source, source_id)
    form = SourceForm(data=_source_form_data(source))
    if save_form(
        form,
        lambda: services.update_source(current_user, source, _source_fields(form)),
        "Source saved.",
    ):
        return redirect(url_for("sources.detail", source_id=source.id))
    return render_template("sources/form.html", form=form, source=source)


@bp.post("/<int:source_id>/delete")
@role_required(Role.CONTRIBUTOR)
def delete(source_id: int) -> Response:
    source = db.get_or_404(Source, source_id)
    if apply_change(lambda: services.delete_source(current_user, source), "Source deleted."):
        return redirect(url_for("sources.index"))
    return redirect(url_for("sources.detail", source_id=source_id))


def _source_fields(form: SourceForm) -> services.SourceFields:
    published = form.published.data
    return services.SourceFields(
        kind=form.kind.data,
        title=form.title.data,
        author=form.author.data,
        publisher=form.publisher.data,
        published_on=published.day if published else None,
        published_precision=published.precision if published else DatePrecision.DAY,
        url=form.url.data,
        archive_url=form.archive_url.data,
        accessed_on=form.accessed_on.data,
        language=form.language.data,
        reliability=form.reliability.data,
        credibility=int(form.credibility.data) if form.credibility.data else None,
        notes=form.notes.data,
    )


def _source_form_data(source: Source) -> dict[str, Any]:
    fields = services.source_fields(source)
    data = vars(fields) | {}
    data["published"] = (
        FuzzyDate(fields.published_on, fields.published_precision) if fields.published_on else None
    )
    data["credibility"] = str(fields.credibility) if fields.credibility else ""
    return data


def _lookup_item(source: Source) -> dict[str, Any]:
    year = source.published_on.year if source.published_on else None
    return {
        "id": source.id,
        "title": source.title,
        "detail": ", ".join(
            str(part) for part in (source.publisher or source.author, year) if part
        ),
        "reliability": source.reliability,
    }
