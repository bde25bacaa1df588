"""Editing sites, features and occupation periods (contributors and above).

The public pages of a site live in ``public.views``: they show published damage reports too,
and ``sites`` sits below ``reports`` in the layering. Views commit through
``heritage.web``: once, after the service call succeeded.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, cast

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import role_required
from heritage.extensions import db
from heritage.sites import services
from heritage.sites.forms import FeatureForm, PeriodForm, SiteForm
from heritage.sites.geo import relaxes
from heritage.sites.models import Feature, LocationSensitivity, OccupationPeriod, Site
from heritage.sites.search import text_direction
from heritage.vocab.dates import DatePrecision, FuzzyDate
from heritage.web import apply_change, save_form

bp = Blueprint("sites", __name__, url_prefix="/sites")


@bp.app_context_processor
def demo_flag() -> dict[str, Any]:
    return {"demo_data_present": services.demo_data_present}


bp.add_app_template_filter(text_direction, "text_direction")


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new() -> Response | str:
    form = SiteForm()
    _offer_protection(form, services.NEW_SITE_PROTECTION, confirm=False)
    site = save_form(
        form,
        lambda: services.create_site(current_user, _site_fields(form), slug=form.slug.data),
        lambda site: Markup(
            "<bdi>{}</bdi> is recorded. Add its features and periods of control below."
        ).format(site.name),
    )
    if site:
        return redirect(url_for("public.site", slug=site.slug))
    return render_template("sites/form.html", form=form, site=None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit(slug: str) -> Response | str:
    site = _site_or_404(slug)
    form = SiteForm(data=_site_form_data(site))
    del form.slug  # the address is permanent once the site exists
    _offer_protection(form, site.location_sensitivity, confirm=True)
    if save_form(
        form,
        lambda: services.update_site(
            current_user,
            site,
            _site_fields(form),
            relaxing_confirmed=form.confirm_relaxing.data,
        ),
        "Changes saved.",
    ):
        return redirect(url_for("public.site", slug=site.slug))
    return render_template("sites/form.html", form=form, site=site)


@bp.route("/<slug>/features/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new_feature(slug: str) -> Response | str:
    site = _site_or_404(slug)
    form = FeatureForm()
    if save_form(
        form,
        lambda: services.add_feature(current_user, site, form.name.data, form.description.data),
        lambda feature: Markup("Feature “<bdi>{}</bdi>” added.").format(feature.name),
    ):
        return redirect(url_for("public.site", slug=site.slug, _anchor="features"))
    return render_template("sites/feature_form.html", form=form, site=site, feature=None)


@bp.route("/<slug>/features/<int:feature_id>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit_feature(slug: str, feature_id: int) -> Response | str:
    site, feature = _child_or_404(slug, Feature, feature_id)
    form = FeatureForm(obj=feature)
    if save_form(
        form,
        lambda: services.update_feature(
            current_user, feature, form.name.data, form.description.data
        ),
        "Feature saved.",
    ):
        return redirect(url_for("public.site", slug=site.slug, _anchor="features"))
    return render_template("sites/feature_form.html", form=form, site=site, feature=feature)


@bp.post("/<slug>/features/<int:feature_id>/delete")
@role_required(Role.CONTRIBUTOR)
def delete_feature(slug: str, feature_id: int) -> Response:
    site, feature = _child_or_404(slug, Feature, feature_id)
    apply_change(
        lambda: services.remove_feature(current_user, feature),
        Markup("Feature “<bdi>{}</bdi>” removed.").format(feature.name),
    )
    return redirect(url_for("public.site", slug=site.slug, _anchor="features"))


@bp.route("/<slug>/periods/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new_period(slug: str) -> Response | str:
    site = _site_or_404(slug)
    form = PeriodForm()
    period = save_form(
        form,
        lambda: services.add_period(current_user, site, _period_fields(form)),
        "Period of control added.",
    )
    if period:
        return redirect(url_for("public.site", slug=site.slug, _anchor=f"period-{period.id}"))
    return render_template("sites/period_form.html", form=form, site=site, period=None)


@bp.route("/<slug>/periods/<int:period_id>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit_period(slug: str, period_id: int) -> Response | str:
    site, period = _child_or_404(slug, OccupationPeriod, period_id)
    form = PeriodForm(data=_period_form_data(period))
    if save_form(
        form,
        lambda: services.update_period(current_user, period, _period_fields(form)),
        "Period of control saved.",
    ):
        return redirect(url_for("public.site", slug=site.slug, _anchor=f"period-{period.id}"))
    return render_template("sites/period_form.html", form=form, site=site, period=period)


@bp.post("/<slug>/periods/<int:period_id>/delete")
@role_required(Role.CONTRIBUTOR)
def delete_period(slug: str, period_id: int) -> Response:
    site, period = _child_or_404(slug, OccupationPeriod, period_id)
    apply_change(
        lambda: services.delete_period(current_user, period),
        "Period of control deleted. The change history keeps what it said.",
    )
    return redirect(url_for("public.site", slug=site.slug, _anchor="periods"))


def _site_or_404(slug: str) -> Site:
    site = services.get_site(slug)
    if site is None:
        abort(404, f"There is no site at /sites/{slug}.")
    return site


def _child_or_404(slug: str, model: type[Any], child_id: int) -> tuple[Site, Any]:
    site = _site_or_404(slug)
    child = db.session.get(model, child_id)
    if child is None or child.site_id != site.id:
        abort(404)
    return site, child


def _offer_protection(form: SiteForm, current: LocationSensitivity, *, confirm: bool) -> None:
    """Disable the options this user may not choose; ask reviewers to confirm relaxing."""
    may_relax = services.may_relax_protection(current_user)
    form.location_sensitivity.locked = (
        set() if may_relax else {s.value for s in LocationSensitivity if relaxes(current, s)}
    )
    form.protection_before = current if confirm and may_relax else None


def _site_fields(form: SiteForm) -> services.SiteFields:
    names = [
        services.NameEntry(row.form.name.data, row.form.lang.data, row.form.kind.data)
        for row in form.names
        if row.form.name.data and row.form.name.data.strip()
    ]
    plain = {key: form[key].data for key in services.PLAIN_SITE_FIELDS}
    return services.SiteFields(**plain, outline=form.outline_data(), names=names)


def _site_form_data(site: Site) -> dict[str, Any]:
    data = asdict(services.site_fields(site))
    data["outline"] = json.dumps(site.outline, indent=2) if site.outline else ""
    return data


def _period_fields(form: PeriodForm) -> services.PeriodFields:
    start, end = cast(FuzzyDate, form.start.data), form.end.data  # the start is required
    return services.PeriodFields(
        controlling_party=form.controlling_party.data,
        start_on=start.day,
        start_precision=start.precision,
        start_qualifier=form.start_qualifier.data,
        end_on=end.day if end else None,
        end_precision=end.precision if end else None,
        end_qualifier=form.end_qualifier.data if end else None,
        actor_type=form.actor_type.data or None,
        certainty=form.certainty.data or None,
        notes=form.notes.data,
        citations=[
            services.CitationFields(
                source_id=row.form.source_id.data,
                locator=row.form.locator.data,
                credibility=int(row.form.credibility.data),
                note=row.form.note.data,
            )
            for row in form.citations
            if row.form.source_id.data
        ],
    )


def _period_form_data(period: OccupationPeriod) -> dict[str, Any]:
    fields = services.period_fields(period)
    titles = {citation.source_id: citation.source.title for citation in period.citations}
    return {
        "controlling_party": fields.controlling_party,
        "actor_type": fields.actor_type or "",
        "certainty": fields.certainty or "",
        "start_qualifier": fields.start_qualifier.value,
        "start": FuzzyDate(fields.start_on, fields.start_precision),
        "end_qualifier": (fields.end_qualifier or "on"),
        "end": (
            FuzzyDate(fields.end_on, fields.end_precision or DatePrecision.DAY)
            if fields.end_on
            else None
        ),
        "notes": fields.notes,
        "citations": [
            {
                "source_id": citation.source_id,
                "source_label": titles[citation.source_id],
                "locator": citation.locator,
                "credibility": str(citation.credibility),
                "note": citation.note,
            }
            for citation in fields.citations
        ],
    }
