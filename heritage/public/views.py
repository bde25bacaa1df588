"""Public pages: home, about, and each site's history (with its published damage)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import has_role
from heritage.public import services
from heritage.sites.geo import visible_history_details
from heritage.sites.services import (
    countries_in_use,
    get_site,
    protection_when_recorded,
    search_query,
)
from heritage.web import paginate

bp = Blueprint("public", __name__)


@bp.route("/")
def home() -> str:
    return render_template("public/home.html", overview=services.registry_overview())


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
        slug, signed_in=current_user.is_authenticated, today=datetime.now(UTC).date()
    )
    if page is None:
        abort(404, f"There is no site at /sites/{slug}.")
    return render_template(
        "public/site.html", page=page, can_edit=has_role(current_user, Role.CONTRIBUTOR)
    )


@bp.route("/sites/<slug>/history")
def site_history(slug: str) -> str:
    site = get_site(slug)
    if site is None:
        abort(404, f"There is no site at /sites/{slug}.")
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
