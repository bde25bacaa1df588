"""Public pages: home, about, sites and their history, the source library, the actors.

They combine records with the published reports and periods that refer to them, which is why
they live here, above every domain they show.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import has_role
from heritage.actors.services import search_query as actor_search
from heritage.extensions import count_references, db
from heritage.public import services
from heritage.reports.services import published_versions_for_feature
from heritage.sites.geo import visible_history_details
from heritage.sites.models import Feature
from heritage.sites.services import (
    countries_in_use,
    get_site,
    protection_when_recorded,
    search_query,
)
from heritage.sources.models import Source
from heritage.sources.services import search_query as source_search
from heritage.vocab.models import Vocabulary
from heritage.vocab.services import terms
from heritage.web import abort_no_site, paginate, paginate_list

bp = Blueprint("public", __name__)


@bp.route("/")
def home() -> str:
    return render_template(
        "public/home.html",
        overview=services.registry_overview(),
        can_create=has_role(current_user, Role.CONTRIBUTOR),
    )


@bp.route("/about")
def about() -> str:
    return render_template("public/about.html")


@bp.route("/sites/")
def sites() -> str:
    text = request.args.get("q", "").strip()[:200]
    country = request.args.get("country", "").strip().upper()[:2] or None
    page = paginate(search_query(text, country), current_app.config["SITES_PER_PAGE"])
    return render_template(
        "public/sites.html",
        page=page,
        query=text,
        country=country,
        countries=countries_in_use(),
        can_create=has_role(current_user, Role.CONTRIBUTOR),
    )


@bp.route("/sites/map.json")
def sites_map() -> Response:
    collection = services.map_features(
        request.args.get("q", "").strip()[:200],
        request.args.get("country", "").strip().upper()[:2] or None,
        signed_in=current_user.is_authenticated,
    )
    return jsonify(collection)


@bp.route("/sites/<slug>")
def site(slug: str) -> str:
    page = services.site_page(
        slug,
        signed_in=current_user.is_authenticated,
        today=datetime.now(UTC).date(),
        report_url=lambda report_id: url_for("reports.report", report_id=report_id),
    )
    if page is None:
        abort_no_site(slug)
    return render_template(
        "public/site.html",
        page=page,
        reports=paginate_list(page.reports, current_app.config["REPORTS_PER_PAGE"]),
        can_edit=has_role(current_user, Role.CONTRIBUTOR),
    )


@bp.route("/sites/<slug>/features/<int:feature_id>")
def feature(slug: str, feature_id: int) -> str:
    """A feature's damage history: the published reports that name it, newest event first."""
    site = get_site(slug)
    if site is None:
        abort_no_site(slug)
    found = db.session.get(Feature, feature_id)
    if found is None or found.site_id != site.id:
        abort(404, _("This site has no such feature."))
    return render_template(
        "public/feature.html",
        site=site,
        feature=found,
        reports=published_versions_for_feature(found.id),
        can_report=has_role(current_user, Role.CONTRIBUTOR),
    )


@bp.route("/sites/<slug>/history")
def site_history(slug: str) -> str:
    site = get_site(slug)
    if site is None:
        abort_no_site(slug)
    page = paginate(services.site_history(site), current_app.config["HISTORY_PER_PAGE"])
    recorded = protection_when_recorded(site)
    details = {
        event.id: visible_history_details(
            event.details,
            recorded.get(event.id, {}),
            site,
            signed_in=current_user.is_authenticated,
        )
        for event in page.items
    }
    return render_template("public/site_history.html", site=site, page=page, details=details)


@bp.route("/sources/")
def sources() -> str:
    query = request.args.get("q", "").strip()[:200]
    page = paginate(source_search(query), current_app.config["SOURCES_PER_PAGE"])
    return render_template(
        "sources/index.html",
        page=page,
        query=query,
        can_edit=has_role(current_user, Role.CONTRIBUTOR),
    )


@bp.route("/sources/<int:source_id>")
def source(source_id: int) -> str:
    found = db.get_or_404(Source, source_id, description=_("There is no such source."))
    return render_template(
        "sources/detail.html",
        source=found,
        citers=services.source_citers(found),
        can_edit=has_role(current_user, Role.CONTRIBUTOR),
        references=count_references(found) if current_user.is_authenticated else None,
    )


@bp.route("/actors/")
def actors() -> str:
    query = request.args.get("q", "").strip()[:200]
    actor_type = request.args.get("type", "").strip()[:80] or None
    page = paginate(actor_search(query, actor_type), current_app.config["ACTORS_PER_PAGE"])
    return render_template(
        "actors/index.html",
        page=page,
        query=query,
        actor_type=actor_type,
        actor_types=terms(Vocabulary.ACTOR_TYPE),
        can_edit=has_role(current_user, Role.CONTRIBUTOR),
    )


@bp.route("/actors/<int:actor_id>")
def actor(actor_id: int) -> str:
    page = services.actor_page(actor_id, today=datetime.now(UTC).date())
    if page is None:
        abort(404, _("There is no such actor."))
    return render_template(
        "actors/detail.html", page=page, can_edit=has_role(current_user, Role.CONTRIBUTOR)
    )
