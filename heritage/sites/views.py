"""Editing sites, features and occupation periods (contributors and above).

The public pages of a site live in ``public.views``: they show published damage reports too,
and ``sites`` sits below ``reports`` in the layering. Views commit through
``heritage.web``: once, after the service call succeeded.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import role_required
from heritage.actors.forms import QuickActorForm
from heritage.extensions import db
from heritage.rules import edit_version
from heritage.sites import services
from heritage.sites.forms import FeatureForm, PeriodForm, SiteForm
from heritage.sites.geo import relaxes
from heritage.sites.models import Feature, LocationSensitivity, OccupationPeriod, Site
from heritage.sites.position import (
    Coordinates,
    PositionError,
    format_dms,
    format_position,
    parse_position,
)
from heritage.sources.forms import QuickSourceForm
from heritage.vocab.fields import Picked, date_reading
from heritage.vocab.uncertain_dates import UncertainDateError, parse_uncertain_date
from heritage.web import (
    abort_no_site,
    add_row_requested,
    apply_change,
    save_form,
    with_user_text,
)

bp = Blueprint("sites", __name__, url_prefix="/sites")


@bp.app_context_processor
def demo_flag() -> dict[str, Any]:
    return {"demo_data_present": services.demo_data_present}


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new() -> Response | str:
    form = SiteForm()
    _offer_protection(form, services.NEW_SITE_PROTECTION, confirm=False)
    if add_row_requested(form):
        return render_template("sites/form.html", form=form, site=None, duplicates=[])
    site = save_form(
        form,
        lambda: services.create_site(
            current_user,
            _site_fields(form),
            slug=form.slug.data,
            confirmed_distinct=form.confirm_distinct.data,
            confirmed_position=form.confirm_position.data,
        ),
        lambda site: with_user_text(
            _("%(name)s is recorded. Add its features and periods of control below."),
            name=site.name,
        ),
    )
    if site:
        return redirect(url_for("public.site", slug=site.slug))
    duplicates = next(
        (v.candidates for v in form.rule_violations if isinstance(v, services.PossibleDuplicates)),
        [],
    )
    return render_template("sites/form.html", form=form, site=None, duplicates=duplicates)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit(slug: str) -> Response | str:
    site = _site_or_404(slug)
    form = SiteForm(data=_site_form_data(site))
    del form.slug  # the address is permanent once the site exists
    del form.confirm_distinct  # asked when a site is created
    _offer_protection(form, site.location_sensitivity, confirm=True)
    if add_row_requested(form):
        return render_template("sites/form.html", form=form, site=site, duplicates=[])
    if save_form(
        form,
        lambda: services.update_site(
            current_user,
            site,
            _site_fields(form),
            relaxing_confirmed=form.confirm_relaxing.data,
            confirmed_position=form.confirm_position.data,
            version=form.edit_version.data,
        ),
        _("Changes saved."),
    ):
        return redirect(url_for("public.site", slug=site.slug))
    return render_template("sites/form.html", form=form, site=site, duplicates=[])


@bp.route("/<slug>/features/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new_feature(slug: str) -> Response | str:
    site = _site_or_404(slug)
    form = FeatureForm()
    if save_form(
        form,
        lambda: services.add_feature(current_user, site, form.name.data, form.description.data),
        lambda feature: with_user_text(_("Feature “%(name)s” added."), name=feature.name),
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
        _("Feature saved."),
    ):
        return redirect(url_for("public.site", slug=site.slug, _anchor="features"))
    return render_template("sites/feature_form.html", form=form, site=site, feature=feature)


@bp.post("/<slug>/features/<int:feature_id>/delete")
@role_required(Role.CONTRIBUTOR)
def delete_feature(slug: str, feature_id: int) -> Response:
    site, feature = _child_or_404(slug, Feature, feature_id)
    apply_change(
        lambda: services.remove_feature(current_user, feature),
        with_user_text(_("Feature “%(name)s” removed."), name=feature.name),
    )
    return redirect(url_for("public.site", slug=site.slug, _anchor="features"))


@bp.route("/<slug>/periods/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new_period(slug: str) -> Response | str:
    site = _site_or_404(slug)
    form = PeriodForm()
    if add_row_requested(form):
        return _period_page(form, site, None)
    period = save_form(
        form,
        lambda: services.add_period(current_user, site, _period_fields(form)),
        _("Period of control added."),
    )
    if period:
        return redirect(url_for("public.site", slug=site.slug, _anchor=f"period-{period.id}"))
    return _period_page(form, site, None)


@bp.route("/<slug>/periods/<int:period_id>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit_period(slug: str, period_id: int) -> Response | str:
    site, period = _child_or_404(slug, OccupationPeriod, period_id)
    form = PeriodForm(data=_period_form_data(period))
    if add_row_requested(form):
        return _period_page(form, site, period)
    if save_form(
        form,
        lambda: services.update_period(
            current_user, period, _period_fields(form), version=form.edit_version.data
        ),
        _("Period of control saved."),
    ):
        return redirect(url_for("public.site", slug=site.slug, _anchor=f"period-{period.id}"))
    return _period_page(form, site, period)


@bp.post("/<slug>/periods/<int:period_id>/delete")
@role_required(Role.CONTRIBUTOR)
def delete_period(slug: str, period_id: int) -> Response:
    site, period = _child_or_404(slug, OccupationPeriod, period_id)
    apply_change(
        lambda: services.delete_period(current_user, period),
        _("Period of control deleted. The change history keeps what it said."),
    )
    return redirect(url_for("public.site", slug=site.slug, _anchor="periods"))


def _period_page(form: PeriodForm, site: Site, period: OccupationPeriod | None) -> str:
    """The period form, with the short forms its pickers open to add an actor or a source."""
    return render_template(
        "sites/period_form.html",
        form=form,
        site=site,
        period=period,
        actor_form=QuickActorForm(formdata=None, meta={"csrf": False}),
        source_form=QuickSourceForm(formdata=None, meta={"csrf": False}),
    )


def _site_or_404(slug: str) -> Site:
    site = services.get_site(slug)
    if site is None:
        abort_no_site(slug)
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
    plain = {
        key: form[key].data
        for key in services.PLAIN_SITE_FIELDS
        if key not in {"latitude", "longitude"}
    }
    position = form.position.data
    return services.SiteFields(
        **plain,
        latitude=position.latitude if position else None,
        longitude=position.longitude if position else None,
        outline=form.outline_data(),
        names=names,
    )


def _site_form_data(site: Site) -> dict[str, Any]:
    data = asdict(services.site_fields(site))
    data["outline"] = json.dumps(site.outline, indent=2) if site.outline else ""
    data["edit_version"] = edit_version(site.updated_at)
    if site.latitude is not None and site.longitude is not None:
        data["position"] = Coordinates(site.latitude, site.longitude)
    return data


def _period_fields(form: PeriodForm) -> services.PeriodFields:
    return services.PeriodFields(
        controlling_actor_id=form.controlling_actor.data,
        start=form.start.data,
        end=form.end.data,
        supporting_actor_ids=[
            row.form.actor.data for row in form.supporting_actors if row.form.actor.data
        ],
        certainty=form.certainty.data or None,
        notes=form.notes.data,
        citations=[
            services.CitationFields(
                source_id=row.form.source.data,
                locator=row.form.locator.data,
                credibility=int(row.form.credibility.data),
                note=row.form.note.data,
            )
            for row in form.citations
            if row.form.source.data
        ],
    )


def _period_form_data(period: OccupationPeriod) -> dict[str, Any]:
    titles = {citation.source_id: citation.source.title for citation in period.citations}
    fields = services.period_fields(period)
    return {
        "controlling_actor": Picked(period.controlling_actor.id, period.controlling_actor.name),
        "supporting_actors": [
            {"actor": Picked(actor.id, actor.name)} for actor in period.supporting_actors
        ],
        "start": fields.start,
        "end": fields.end,
        "certainty": fields.certainty or "",
        "notes": fields.notes,
        "edit_version": edit_version(period.updated_at),
        "citations": [
            {
                "source": Picked(citation.source_id, titles[citation.source_id]),
                "locator": citation.locator,
                "credibility": str(citation.credibility),
                "note": citation.note,
            }
            for citation in fields.citations
        ],
    }


@bp.route("/read/position")
@role_required(Role.CONTRIBUTOR)
def read_position() -> tuple[Response, int]:
    """What the position box will store for ``q``, in words, for the form to show as typed."""
    try:
        found = parse_position(request.args.get("q", ""))
    except PositionError as error:
        return jsonify(error={"status": 400, "message": str(error)}), 400
    return jsonify(
        latitude=found.latitude,
        longitude=found.longitude,
        words=f"{format_position(found.latitude, found.longitude)} "
        f"({format_dms(found.latitude, found.longitude)})",
    ), 200


@bp.route("/read/date")
@role_required(Role.CONTRIBUTOR)
def read_date() -> tuple[Response, int]:
    """How a typed date will be stored: in words, with the days it may mean."""
    try:
        found = parse_uncertain_date(request.args.get("q", ""), today=datetime.now(UTC).date())
    except UncertainDateError as error:
        return jsonify(error={"status": 400, "message": str(error)}), 400
    return jsonify(
        edtf=found.edtf,
        earliest=found.earliest.isoformat() if found.earliest else None,
        latest=found.latest.isoformat() if found.latest else None,
        words=date_reading(found),
    ), 200
