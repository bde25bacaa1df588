"""Review actions on a version. Submitting is the author's; the queue and the reviewers'
decisions are built on this module."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from heritage.accounts.models import Role
from heritage.accounts.permissions import role_required, viewer
from heritage.reports.services import can_view, get_version
from heritage.review import services
from heritage.web import apply_change

bp = Blueprint("review", __name__)


@bp.post("/reports/<int:report_id>/v/<int:number>/submit")
@role_required(Role.CONTRIBUTOR)
def submit(report_id: int, number: int) -> Response:
    version = get_version(report_id, number)
    if version is None or not can_view(version, viewer()):
        abort(404)
    apply_change(
        lambda: services.submit(
            current_user, version, required_signoffs=current_app.config["REQUIRED_SIGNOFFS"]
        ),
        _("Submitted for review. Reviewers will check it against its sources and photos."),
    )
    return redirect(url_for("reports.version", report_id=report_id, number=number))
