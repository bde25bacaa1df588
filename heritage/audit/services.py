"""Writing and reading the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from heritage.audit.models import AuditEvent
from heritage.extensions import db
from heritage.translate import _, lazy


class Identified(Protocol):
    id: Any


def record(
    actor: Identified | None,
    action: str,
    obj: Identified,
    *,
    context: Identified | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the current transaction, so it commits or rolls back with the change.

    ``obj`` is any mapped object with an id (flushed here if new); its type is stored as its
    table name so the log stays readable if classes are renamed. ``context`` is the object whose
    history should also show this event: a feature's or a period's site.
    """
    if obj.id is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type_of(obj),
        object_id=str(obj.id),
        context_type=object_type_of(context) if context is not None else None,
        context_id=str(context.id) if context is not None else None,
        details=_jsonable(details),
    )
    db.session.add(event)
    return event


def record_update(
    actor: Identified | None,
    action: str,
    obj: Identified,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    context: Identified | None = None,
) -> AuditEvent | None:
    """Record an edit as the fields it changed, before and after; nothing if none changed."""
    difference = changes(before, after)
    if not difference:
        return None
    return record(actor, action, obj, context=context, changes=difference)


def object_type_of(obj: object) -> str:
    return getattr(obj, "__audit_type__", None) or obj.__tablename__  # type: ignore[attr-defined]


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as ``{field: [before, after]}``, for an ``updated`` event."""
    return {
        field: [before.get(field), value]
        for field, value in after.items()
        if before.get(field) != value
    }


def events_query() -> Select[AuditEvent]:
    """Every event, newest first, with its actor loaded."""
    return (
        select(AuditEvent)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


def history_query(obj: Identified) -> Select[AuditEvent]:
    """Events about ``obj`` itself or recorded with ``obj`` as their context, newest first."""
    kind, key = object_type_of(obj), str(obj.id)
    return events_query().where(
        or_(
            and_(AuditEvent.object_type == kind, AuditEvent.object_id == key),
            and_(AuditEvent.context_type == kind, AuditEvent.context_id == key),
        )
    )


def _jsonable(value: Any) -> Any:
    """Dates, enums and decimals as strings so details survive the JSON column unchanged."""
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


ACTION_LABELS = {
    "user.created": lazy("Account created"),
    "user.signed_in": lazy("Signed in"),
    "user.role_changed": lazy("Role changed"),
    "user.deactivated": lazy("Account deactivated"),
    "user.reactivated": lazy("Account reactivated"),
    "user.signed_out": lazy("Signed out"),
    "user.sessions_ended": lazy("Signed out everywhere"),
    "user.password_changed": lazy("Password changed"),
    "user.profile_updated": lazy("Account settings changed"),
    "site.created": lazy("Site recorded"),
    "site.updated": lazy("Site edited"),
    "feature.added": lazy("Feature added"),
    "feature.updated": lazy("Feature edited"),
    "feature.removed": lazy("Feature removed"),
    "period.added": lazy("Period of control added"),
    "period.updated": lazy("Period of control edited"),
    "period.deleted": lazy("Period of control deleted"),
    "source.created": lazy("Source added"),
    "source.updated": lazy("Source edited"),
    "source.deleted": lazy("Source deleted"),
    "actor.created": lazy("Actor added"),
    "actor.updated": lazy("Actor edited"),
    "actor.deleted": lazy("Actor deleted"),
    "report.created": lazy("Damage report started"),
    "report_version.created": lazy("Report version started"),
    "report_version.updated": lazy("Report draft edited"),
    "report_version.photo_added": lazy("Photo added to a report"),
    "report_version.photo_removed": lazy("Photo removed from a report"),
    "report_version.submitted": lazy("Report submitted for review"),
    "report_version.approved": lazy("Report approved by a reviewer"),
    "report_version.published": lazy("Report version published"),
    "report_version.superseded": lazy("Report version superseded"),
    "photo.ingested": lazy("Photo received and stored"),
    "photo.derivative_made": lazy("Public copy of a photo made"),
    "photo.reuploaded": lazy("Photo uploaded again (already stored)"),
    "photo.original_downloaded": lazy("Original photo downloaded"),
    "photo.discarded": lazy("Photo deleted (no report shows it)"),
}


# What each kind of audited record is called, by its stored type (a table name).
RECORD_KINDS = {
    "users": lazy("Account"),
    "sites": lazy("Site"),
    "features": lazy("Feature"),
    "occupation_periods": lazy("Period of control"),
    "sources": lazy("Source"),
    "actors": lazy("Actor"),
    "damage_reports": lazy("Damage report"),
    "report_versions": lazy("Report version"),
    "photos": lazy("Photo"),
}


def record_label(object_type: str, object_id: int) -> str:
    """'Site #12': the kind of record an audit event is about, in the reader's language."""
    kind = RECORD_KINDS.get(object_type)
    name = str(kind) if kind is not None else object_type.replace("_", " ")
    return _("%(kind)s #%(id)s", kind=name, id=object_id)


def action_label(action: str) -> str:
    """A sentence-case label for an audit action, for people reading the log."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    return action.replace(".", " ").replace("_", " ").capitalize()
