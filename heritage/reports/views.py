"""Damage report pages: writing a draft, its photos, reading a version, "My reports", and the
photo files themselves (``/media/…``), whose visibility follows the versions that show them.

The photo routes live here rather than in ``media`` because who may see a photo depends on
reports, which sit above media.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import role_required, viewer
from heritage.actors.forms import QuickActorForm
from heritage.extensions import MAX_DATABASE_ID, db
from heritage.media import services as media
from heritage.media.models import Photo
from heritage.media.storage import storage_for
from heritage.reports import services
from heritage.reports.forms import PhotoUploadForm, ReportForm
from heritage.reports.models import ReportVersion, VersionPhoto
from heritage.rules import RuleViolation, edit_version
from heritage.sites.services import get_site
from heritage.sources.forms import QuickSourceForm
from heritage.sources.services import grade_labels
from heritage.vocab.fields import Picked
from heritage.web import (
    abort_no_site,
    add_row_requested,
    apply_change,
    save_form,
    wants_json,
    with_user_text,
)

bp = Blueprint("reports", __name__, url_prefix="/reports")
media_bp = Blueprint("media", __name__, url_prefix="/media")


# --- writing ---------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def new() -> Response | str:
    slug = request.args.get("site", "")
    site = get_site(slug)
    if site is None:
        abort_no_site(slug)
    form = ReportForm(site=site)
    if add_row_requested(form):
        return _form_page(form, site, None)
    version = save_form(
        form,
        lambda: services.create_report(viewer(), site, _fields(form)),
        _("Draft saved. Add photos below, then submit it for review when it is ready."),
    )
    if version:
        return redirect(_edit_url(version, anchor="photos"))
    return _form_page(form, site, None)


@bp.route("/<int:report_id>/v/<int:number>/edit", methods=["GET", "POST"])
@role_required(Role.CONTRIBUTOR)
def edit(report_id: int, number: int) -> Response | str:
    version = _editable_or_403(report_id, number)
    site = version.report.site
    form = ReportForm(data=_form_data(version), site=site)
    if add_row_requested(form):
        return _form_page(form, site, version)
    if save_form(
        form,
        lambda: services.update_version(
            current_user, version, _fields(form), edited_since=form.edit_version.data
        ),
        _("Draft saved."),
    ):
        return redirect(_version_url(version))
    return _form_page(form, site, version)


@bp.post("/<int:report_id>/v/<int:number>/photos")
@role_required(Role.CONTRIBUTOR)
def upload_photos(report_id: int, number: int) -> Response | tuple[Response, int]:
    """Add the chosen photos to a draft, each on its own, so one refused file loses no other.

    The page's script sends one file per request to show each one's progress and asks for
    JSON; without JavaScript the browser sends them all at once and gets the page back.
    """
    version = _editable_or_403(report_id, number)
    form = PhotoUploadForm()
    if not form.validate_on_submit():
        return _upload_answer(version, [], [("", _error_text(form))])
    added: list[VersionPhoto] = []
    refused: list[tuple[str, str]] = []
    files = [
        upload
        for upload in request.files.getlist("photos")
        if upload.filename or upload.content_length
    ]
    limit = current_app.config["PHOTOS_PER_UPLOAD"]
    if not files:
        refused.append(("", _("Choose one or more photos to upload.")))
    elif len(files) > limit:
        refused.append(("", _("Upload at most %(num)d photos at a time.", num=limit)))
        files = []
    limits = media.limits_from(current_app.config)
    for upload in files:
        name = upload.filename or ""
        data = upload.read()
        upload.close()  # a large upload is spooled to a temporary file: let it go at once
        # Decoding takes seconds for a large photo: hold no database lock meanwhile.
        db.session.rollback()
        try:
            prepared = media.prepare_photo(name, data, limits=limits)
            added.append(_add_one(version, prepared, form))
        except media.PhotoRejected as rejected:
            refused.append((name, rejected.message))
        except RuleViolation as violation:
            db.session.rollback()
            refused.append((name, violation.message))
    return _upload_answer(version, added, refused)


def _add_one(
    version: ReportVersion, prepared: media.PreparedPhoto, form: PhotoUploadForm
) -> VersionPhoto:
    shown = services.add_photo(
        current_user,
        version,
        prepared,
        credit=form.credit.data,
        licence=form.licence.data,
        storage=storage_for(current_app),
    )
    db.session.commit()
    return shown


def _upload_answer(
    version: ReportVersion, added: list[VersionPhoto], refused: list[tuple[str, str]]
) -> Response | tuple[Response, int]:
    if wants_json():
        status = 201 if added and not refused else 400 if refused else 200
        return jsonify(
            added=[{"id": shown.id, "photo": shown.photo_id} for shown in added],
            errors=[{"file": name, "message": message} for name, message in refused],
        ), status
    if added:
        flash(ngettext("%(num)d photo added.", "%(num)d photos added.", len(added)), "success")
    for name, message in refused:
        flash(
            with_user_text(_("%(file)s: %(reason)s"), file=name, reason=message)
            if name
            else message,
            "danger",
        )
    return redirect(_edit_url(version, anchor="photos"))


@bp.post("/<int:report_id>/v/<int:number>/photos/<int:shown_id>/remove")
@role_required(Role.CONTRIBUTOR)
def remove_photo(report_id: int, number: int, shown_id: int) -> Response:
    version = _editable_or_403(report_id, number)
    shown = db.session.get(VersionPhoto, shown_id)
    if shown is None or shown.version_id != version.id:
        abort(404)
    apply_change(
        lambda: services.remove_photo(viewer(), shown, storage=storage_for(current_app)),
        _("Photo removed from this draft."),
    )
    return redirect(_edit_url(version, anchor="photos"))


# --- reading ---------------------------------------------------------------------------------


@bp.route("/<int:report_id>")
def report(report_id: int) -> str:
    found = services.get_report(report_id)
    version = services.published_version(found) if found else None
    if version is None:
        abort(404, _("There is no published report at this address."))
    return _version_page(version)


@bp.route("/<int:report_id>/v/<int:number>")
def version(report_id: int, number: int) -> str:
    found = services.get_version(report_id, number)
    if found is None or not services.can_view(found, viewer()):
        abort(404, _("There is no published report version at this address."))
    return _version_page(found)


@bp.route("/mine")
@role_required(Role.CONTRIBUTOR)
def mine() -> str:
    return render_template("reports/mine.html", versions=services.versions_by(viewer()))


def _version_page(version: ReportVersion) -> str:
    return render_template(
        "reports/version.html",
        version=version,
        report=version.report,
        site=version.report.site,
        grades=grade_labels(),
        can_edit=services.can_edit(version, viewer()),
        is_reviewer=services.is_reviewer(viewer()),
        sees_history=services.can_see_signoffs(version, viewer()),
    )


# --- photo files -----------------------------------------------------------------------------


@media_bp.route("/<int:photo_id>/<any(thumb, display):kind>")
def derivative(photo_id: int, kind: str) -> Response:
    photo = db.session.get(Photo, photo_id)
    # Asked once for the public, so a published photo costs one check, not two.
    public = photo is not None and services.can_see_photo(photo, None)
    if photo is None or not (public or services.can_see_photo(photo, viewer())):
        abort(404)
    response = send_file(
        media.open_file(storage_for(current_app), photo, kind),
        mimetype="image/jpeg",
        max_age=3600,
        etag=f"{photo.sha256}-{kind}",
    )
    # Published photos may be cached by anyone; others only by the signed-in browser.
    if not public:
        response.cache_control.public = False
        response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@media_bp.route("/<int:photo_id>/original")
def original(photo_id: int) -> Response:
    """The evidential copy, byte for byte, as a download: reviewers and admins only; the
    public is told nothing exists, signed-in contributors that it is not for them."""
    photo = db.session.get(Photo, photo_id)
    if not services.can_download_original(viewer()):
        abort(403 if current_user.is_authenticated else 404)
    if photo is None:
        abort(404)
    media.record_original_download(viewer(), photo)
    db.session.commit()
    response = send_file(
        media.open_file(storage_for(current_app), photo, "original"),
        mimetype=photo.media_type,
        as_attachment=True,
        download_name=media.download_name(photo),
        max_age=0,
    )
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- helpers ---------------------------------------------------------------------------------


def _editable_or_403(report_id: int, number: int) -> ReportVersion:
    """The version to change; 404 when it does not exist (or may not be seen), 403 when it
    may be seen but not changed by this user (another's draft, a submitted version)."""
    found = services.get_version(report_id, number)
    if found is None or not services.can_view(found, viewer()):
        abort(404)
    if not services.can_edit(found, viewer()):
        abort(403, services.why_not_editable(found, viewer()))
    return found


def _form_page(form: ReportForm, site: Any, version: ReportVersion | None) -> str:
    return render_template(
        "reports/form.html",
        form=form,
        site=site,
        version=version,
        # Credit goes with the photos; the uploader as the public pages name them is a start.
        upload_form=PhotoUploadForm(formdata=None, data={"credit": current_user.public_credit}),
        actor_form=QuickActorForm(formdata=None, meta={"csrf": False}),
        source_form=QuickSourceForm(formdata=None, meta={"csrf": False}),
        max_upload_mb=current_app.config["MAX_UPLOAD_MB"],
        photos_per_upload=current_app.config["PHOTOS_PER_UPLOAD"],
    )


def _fields(form: ReportForm) -> services.ReportFields:
    return services.ReportFields(
        title=form.title.data or "",
        event=form.event.data,
        summary=form.summary.data,
        observed_on=form.observed_on.data,
        feature_ids=list(form.features.data or []),
        **{name: form[name].data or None for name in services.TERM_FIELDS},
        causes=list(form.causes.data or []),
        effects=list(form.effects.data or []),
        attribution_actor_id=form.attribution_actor.data,
        attribution_claim_status=form.attribution_claim_status.data or None,
        citations=[
            services.ReportCitationFields(
                source_id=row.form.source.data,
                locator=row.form.locator.data,
                credibility=int(row.form.credibility.data),
                note=row.form.note.data,
                supports_attribution=bool(row.form.supports_attribution.data),
            )
            for row in form.citations
            if row.form.source.data
        ],
        photos=[
            services.PhotoWords(
                shown_id=int(row.form.shown_id.data),
                caption=row.form.caption.data,
                credit=row.form.credit.data,
                licence=row.form.licence.data,
                taken_on=row.form.taken_on.data,
                position=row.form.position.data or 0,
            )
            for row in form.photos
            if _is_id(row.form.shown_id.data)
        ],
    )


def _form_data(version: ReportVersion) -> dict[str, Any]:
    fields = services.report_fields(version)
    titles = {citation.source_id: citation.source.title for citation in version.citations}
    actor = version.attribution_actor
    return {
        "edit_version": edit_version(version.updated_at),
        "title": fields.title,
        "event": fields.event,
        "observed_on": fields.observed_on,
        "summary": fields.summary,
        "features": fields.feature_ids,
        **{name: getattr(fields, name) or "" for name in services.TERM_FIELDS},
        "causes": fields.causes,
        "effects": fields.effects,
        "attribution_actor": Picked(actor.id, actor.name) if actor else None,
        "attribution_claim_status": fields.attribution_claim_status or "",
        "citations": [
            {
                "source": Picked(citation.source_id, titles[citation.source_id]),
                "locator": citation.locator,
                "credibility": str(citation.credibility),
                "note": citation.note,
                "supports_attribution": citation.supports_attribution,
            }
            for citation in fields.citations
        ],
        "photos": [
            {
                "shown_id": str(words.shown_id),
                "caption": words.caption,
                "credit": words.credit,
                "licence": words.licence,
                "taken_on": words.taken_on,
                "position": words.position,
            }
            for words in fields.photos
        ],
    }


def _is_id(value: Any) -> bool:
    """Whether a hidden id came back as one: ASCII digits ("²" is a digit to Python, but
    not to int()) within what the database holds."""
    text = str(value or "")
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_DATABASE_ID


def _error_text(form: PhotoUploadForm) -> str:
    messages = [str(message) for errors in form.errors.values() for message in errors]
    return " ".join(messages) or _("The upload could not be read. Please try again.")


def _version_url(version: ReportVersion) -> str:
    return url_for("reports.version", report_id=version.report_id, number=version.number)


def _edit_url(version: ReportVersion, anchor: str | None = None) -> str:
    return url_for(
        "reports.edit", report_id=version.report_id, number=version.number, _anchor=anchor
    )
