"""Rules for damage reports: writing drafts, their photos and citations, and who sees what.

A report's content lives in numbered versions. Only a version's author changes it, and only
while it is a draft or sent back for changes (``states.editable_by``); everything else is
frozen. Functions flush; the view commits. Every change writes an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from heritage.accounts.models import User
from heritage.accounts.roles import Role
from heritage.actors.models import Actor
from heritage.audit.services import record, record_update
from heritage.extensions import db, utcnow
from heritage.media import services as media
from heritage.media.models import Photo
from heritage.media.storage import Storage
from heritage.reports.licences import DEFAULT_LICENCE, LICENCES
from heritage.reports.models import (
    DamageReport,
    ReportCitation,
    ReportVersion,
    VersionPhoto,
    version_features,
)
from heritage.reports.states import PUBLIC_STATES, VersionState, editable_by
from heritage.rules import NotPermitted, RuleViolation, check_all, check_unchanged
from heritage.sites.models import Feature, Site
from heritage.sources.services import CitationFields, cited_sources
from heritage.text import optional_text
from heritage.translate import _
from heritage.vocab.dates import out_of_range
from heritage.vocab.models import Term, Vocabulary
from heritage.vocab.services import optional_term
from heritage.vocab.uncertain_dates import UncertainDate


@dataclass
class ReportCitationFields(CitationFields):
    supports_attribution: bool = False


@dataclass
class PhotoWords:
    """What a version says of one of its photos; ``shown_id`` is the VersionPhoto's id."""

    shown_id: int
    caption: str | None = None
    credit: str | None = None
    licence: str = DEFAULT_LICENCE
    taken_on: date | None = None
    position: int = 0


# The single-choice vocabulary fields of a version: attribute name -> vocabulary.
TERM_FIELDS: dict[str, Vocabulary] = {
    "cause_category": Vocabulary.CAUSE_CATEGORY,
    "extent": Vocabulary.EXTENT,
    "severity": Vocabulary.SEVERITY,
    "condition_after": Vocabulary.CONDITION,
    "cause_certainty": Vocabulary.CERTAINTY,
    "effect_certainty": Vocabulary.CERTAINTY,
    "assessment_method": Vocabulary.ASSESSMENT_METHOD,
}


@dataclass
class ReportFields:
    """The content of a version as a form gives it: vocabulary values by code."""

    title: str
    event: UncertainDate | None
    summary: str | None = None
    observed_on: date | None = None
    feature_ids: list[int] = field(default_factory=list)
    cause_category: str | None = None
    causes: list[str] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)
    extent: str | None = None
    severity: str | None = None
    condition_after: str | None = None
    cause_certainty: str | None = None
    effect_certainty: str | None = None
    assessment_method: str | None = None
    attribution_actor_id: int | None = None
    attribution_claim_status: str | None = None
    citations: list[ReportCitationFields] = field(default_factory=list)
    photos: list[PhotoWords] = field(default_factory=list)


# --- who may do what -------------------------------------------------------------------------


def is_reviewer(user: User | None) -> bool:
    return user is not None and user.has_role(Role.REVIEWER)


def can_edit(version: ReportVersion, user: User | None) -> bool:
    """The edit page, the photo upload and removal: the author, while the version is open."""
    return editable_by(version.state, version.author_id, user)


def can_view(version: ReportVersion, user: User | None) -> bool:
    """Published and superseded versions are public; others are for the author and reviewers."""
    if version.state in PUBLIC_STATES:
        return True
    return user is not None and (user.id == version.author_id or is_reviewer(user))


def can_see_photo(photo: Photo, user: User | None) -> bool:
    """A photo's public copies are public once a version showing it is published; before,
    they are for reviewers and the authors of the versions that show it."""
    shown = select(VersionPhoto.id).join(ReportVersion).where(VersionPhoto.photo_id == photo.id)
    if db.session.scalar(select(exists(shown.where(ReportVersion.state.in_(PUBLIC_STATES))))):
        return True
    if user is None:
        return False
    if is_reviewer(user):
        return db.session.scalar(select(exists(shown))) or False
    return (
        db.session.scalar(select(exists(shown.where(ReportVersion.author_id == user.id)))) or False
    )


def can_download_original(user: User | None) -> bool:
    """Originals may carry the photographer's position: reviewers and admins only."""
    return is_reviewer(user)


def can_see_signoffs(version: ReportVersion, user: User | None) -> bool:
    """The sign-off history (who approved, who asked for changes and why): the author and
    reviewers. The public sees who signed a published version in its citation, not here."""
    return user is not None and (user.id == version.author_id or is_reviewer(user))


def why_not_editable(version: ReportVersion, user: User | None) -> str:
    if user is not None and user.id == version.author_id:
        return _("This version has been submitted, so it can no longer be changed.")
    return _("Only the author of this version can change it.")


def _check_editable(version: ReportVersion, actor: User | None) -> None:
    if not can_edit(version, actor):
        raise NotPermitted(why_not_editable(version, actor))


def lock(version: ReportVersion) -> None:
    """Lock the version's row until the transaction ends (PostgreSQL; SQLite's writers are
    serialised already) and read its state afresh.

    The row is locked by a query of its own: refreshing the object with FOR UPDATE would
    repeat the eager loads it was read with, and PostgreSQL refuses to lock the nullable
    side of their outer joins.
    """
    db.session.execute(
        select(ReportVersion.id).where(ReportVersion.id == version.id).with_for_update()
    )
    db.session.refresh(version)


def _lock_for_change(version: ReportVersion, actor: User | None) -> None:
    """Lock the version's row (on PostgreSQL) and check it may still be changed.

    A submission committed by another request after this one read the version would
    otherwise be followed by a change its content hash does not cover; with the lock, one
    waits for the other, and the later one sees the other's state.
    """
    lock(version)
    _check_editable(version, actor)


def _check_contributor(actor: User | None) -> User:
    if actor is None or not actor.has_role(Role.CONTRIBUTOR):
        raise NotPermitted(_("Only contributors can write damage reports."))
    return actor


# --- writing ---------------------------------------------------------------------------------


def create_report(actor: User | None, site: Site, fields: ReportFields) -> ReportVersion:
    """A new report about ``site`` with its first version, a draft by ``actor``."""
    author = _check_contributor(actor)
    version = ReportVersion(number=1, state=VersionState.DRAFT, author_id=author.id)
    _apply(version, site, fields)
    report = DamageReport(site=site, created_by_id=author.id)
    report.versions.append(version)
    db.session.add(report)
    db.session.flush()
    record(author, "report.created", report, site=site.slug)
    record(author, "report_version.created", version, context=report, values=snapshot(version))
    return version


def update_version(
    actor: User | None,
    version: ReportVersion,
    fields: ReportFields,
    *,
    edited_since: str | None = None,
) -> ReportVersion:
    """Change a draft; ``edited_since`` is the version the form was opened on."""
    _lock_for_change(version, actor)
    check_unchanged("report", version.updated_at, edited_since)
    before = snapshot(version)
    _apply(version, version.report.site, fields)
    version.updated_at = utcnow()
    db.session.flush()
    record_update(
        actor, "report_version.updated", version, before, snapshot(version), context=version.report
    )
    return version


def _apply(version: ReportVersion, site: Site, fields: ReportFields) -> None:
    """Check every field, then set them all: a broken rule changes nothing."""
    check_all(
        lambda: _check_title(fields.title),
        lambda: _check_dates(fields.event, fields.observed_on),
    )
    features = _features(site, fields.feature_ids)
    terms = {
        name: optional_term(vocab, getattr(fields, name), name)
        for name, vocab in TERM_FIELDS.items()
    }
    causes = _terms(Vocabulary.CAUSE, fields.causes, "causes")
    effects = _terms(Vocabulary.EFFECT, fields.effects, "effects")
    claim_status = optional_term(
        Vocabulary.CLAIM_STATUS, fields.attribution_claim_status, "attribution_claim_status"
    )
    actor = _attributed_actor(fields.attribution_actor_id)
    sources = cited_sources(fields.citations)
    _check_photo_words(version, fields.photos)

    version.title = fields.title.strip()
    version.summary = (fields.summary or "").strip()
    version.event = fields.event  # type: ignore[assignment]  # checked by _check_dates
    version.observed_on = fields.observed_on
    version.features = features
    for name, term in terms.items():
        setattr(version, name, term)
    version.causes = causes
    version.effects = effects
    version.attribution_actor = actor
    version.attribution_claim_status = claim_status
    version.citations.clear()
    for citation in fields.citations:
        version.citations.append(
            ReportCitation(
                source=sources[citation.source_id],
                locator=optional_text(citation.locator),
                credibility=citation.credibility,
                note=optional_text(citation.note),
                supports_attribution=citation.supports_attribution,
            )
        )
    _apply_photo_words(version, fields.photos)


def _check_title(title: str) -> None:
    if not title.strip():
        raise RuleViolation(_("Give the report a title."), "title")


def _check_dates(event: UncertainDate | None, observed_on: date | None) -> None:
    if event is None:
        raise RuleViolation(
            _("Say when the damage happened, as exactly as the sources allow."), "event"
        )
    today = datetime.now(UTC).date()
    first_day = event.earliest or event.latest
    problem = first_day and out_of_range(first_day, today)
    if problem:
        raise RuleViolation(problem, "event")
    if observed_on is not None:
        problem = out_of_range(observed_on, today)
        if problem:
            raise RuleViolation(problem, "observed_on")
        if event.earliest is not None and observed_on < event.earliest:
            raise RuleViolation(
                _("The damage cannot have been seen before it happened: check both dates."),
                "observed_on",
            )


def check_submittable(version: ReportVersion) -> None:
    """What a draft may still lack but a submitted report may not: reviewers check it against
    its sources, so it cites one; blaming a party is a claim of its own, so an attribution
    has a status and a source that names the party; and a photo under a licence that
    requires credit names whom to credit. Every gap is reported at once."""
    naming = [c for c in version.citations if c.supports_attribution]
    check_all(
        lambda: _require(
            version.citations,
            _("Cite at least one source before submitting: reviewers check the report against it."),
            "citations",
        ),
        lambda: _check_attribution(
            version.attribution_actor_id is not None,
            version.attribution_claim_status is not None,
            bool(naming),
        ),
        lambda: _check_credits(version),
    )


def _check_attribution(named: bool, has_status: bool, has_source: bool) -> None:
    if not named:
        if has_status:
            raise RuleViolation(
                _("Pick who is said to have caused the damage, or clear the claim status."),
                "attribution_actor",
            )
        if has_source:
            raise RuleViolation(
                _("A source is marked as naming who caused the damage, but no one is named."),
                "attribution_actor",
            )
        return
    check_all(
        lambda: _require(
            has_status,
            _("Say how firm the attribution is: reported, alleged, suspected or confirmed."),
            "attribution_claim_status",
        ),
        lambda: _require(
            has_source,
            _(
                "Mark at least one cited source as the one that names who caused the "
                "damage: an attribution needs its own source."
            ),
            "citations",
        ),
    )


def _check_credits(version: ReportVersion) -> None:
    uncredited = [
        str(shown.position)
        for shown in version.photos
        if LICENCES[shown.licence].needs_credit and not shown.credit
    ]
    if uncredited:
        raise RuleViolation(
            _(
                "Say whom to credit for photo %(photos)s: its licence requires credit.",
                photos=", ".join(uncredited),
            ),
            "photos",
        )


def _require(value: object, message: str, field_name: str) -> None:
    if not value:
        raise RuleViolation(message, field_name)


def _features(site: Site, feature_ids: list[int]) -> list[Feature]:
    ids = list(dict.fromkeys(feature_ids))
    found = (
        list(
            db.session.scalars(
                select(Feature).where(Feature.id.in_(ids), Feature.site_id == site.id)
            )
        )
        if ids
        else []
    )
    if len(found) != len(ids):
        raise RuleViolation(_("Choose the affected features from this site's list."), "features")
    return found


def _terms(vocabulary: Vocabulary, codes: list[str], field_name: str) -> list[Term]:
    wanted = list(dict.fromkeys(codes))
    found = (
        list(
            db.session.scalars(
                select(Term).where(
                    Term.vocabulary == vocabulary, Term.code.in_(wanted), Term.active
                )
            )
        )
        if wanted
        else []
    )
    if len(found) != len(wanted):
        raise RuleViolation(_("Choose only the listed values."), field_name)
    return found


def _attributed_actor(actor_id: int | None) -> Actor | None:
    if actor_id is None:
        return None
    found = db.session.get(Actor, actor_id)
    if found is None:
        raise RuleViolation(_("Pick an actor from the list, or create it."), "attribution_actor")
    return found


def _check_photo_words(version: ReportVersion, words: list[PhotoWords]) -> None:
    for entry in words:
        if entry.licence not in LICENCES:
            raise RuleViolation(_("Choose one of the listed licences."), "photos")
        if entry.taken_on is not None:
            problem = out_of_range(entry.taken_on, datetime.now(UTC).date())
            if problem:
                raise RuleViolation(problem, "photos")


def _apply_photo_words(version: ReportVersion, words: list[PhotoWords]) -> None:
    """Set captions, credits, licences and dates, and put the photos in the order asked.

    Rows the form did not know (a photo uploaded in another tab meanwhile) keep their words
    and follow the others. Positions are unique per version, so they are parked at negative
    numbers first: a swap must never meet itself halfway.
    """
    given = {entry.shown_id: entry for entry in words}
    for shown in version.photos:
        entry = given.get(shown.id)
        if entry is not None:
            shown.caption = optional_text(entry.caption)
            shown.credit = optional_text(entry.credit)
            shown.licence = entry.licence
            shown.taken_on = entry.taken_on
    order = sorted(
        version.photos,
        key=lambda shown: (
            (0, given[shown.id].position) if shown.id in given else (1, shown.position)
        ),
    )
    if [shown.id for shown in order] == [shown.id for shown in version.photos]:
        return
    for index, shown in enumerate(order, start=1):
        shown.position = -index
    db.session.flush()
    for index, shown in enumerate(order, start=1):
        shown.position = index
    version.photos.sort(key=lambda shown: shown.position)


def _term_codes(version: ReportVersion) -> dict[str, str | None]:
    """The version's single-choice vocabulary values by field name, as codes."""
    terms: dict[str, Term | None] = {name: getattr(version, name) for name in TERM_FIELDS}
    return {name: term.code if term else None for name, term in terms.items()}


def snapshot(version: ReportVersion) -> dict[str, Any]:
    """What the audit log keeps of a version's content: codes and names rather than ids."""
    return {
        "title": version.title,
        "summary": version.summary,
        "event": version.event.edtf if version.event else None,
        "observed_on": version.observed_on,
        "features": sorted(feature.name for feature in version.features),
        **_term_codes(version),
        "causes": sorted(term.code for term in version.causes),
        "effects": sorted(term.code for term in version.effects),
        "attribution": version.attribution_actor.name if version.attribution_actor else None,
        "attribution_claim_status": version.attribution_claim_status.code
        if version.attribution_claim_status
        else None,
        "sources": [
            {
                "source": citation.source.title,
                "locator": citation.locator,
                "credibility": citation.credibility,
                "supports_attribution": citation.supports_attribution,
            }
            for citation in version.citations
        ],
        "photos": [
            {"sha256": shown.photo.sha256, "caption": shown.caption, "licence": shown.licence}
            for shown in version.photos
        ],
    }


def report_fields(version: ReportVersion) -> ReportFields:
    """A version's content as fields: what an edit form opens with."""
    return ReportFields(
        title=version.title,
        event=version.event,
        summary=version.summary,
        observed_on=version.observed_on,
        feature_ids=[feature.id for feature in version.features],
        **_term_codes(version),
        causes=[term.code for term in version.causes],
        effects=[term.code for term in version.effects],
        attribution_actor_id=version.attribution_actor_id,
        attribution_claim_status=version.attribution_claim_status.code
        if version.attribution_claim_status
        else None,
        citations=[
            ReportCitationFields(
                c.source_id, c.locator, c.credibility, c.note, c.supports_attribution
            )
            for c in version.citations
        ],
        photos=[
            PhotoWords(s.id, s.caption, s.credit, s.licence, s.taken_on, s.position)
            for s in version.photos
        ],
    )


# --- photos ---------------------------------------------------------------------------------


def add_photo(
    actor: User | None,
    version: ReportVersion,
    prepared: media.PreparedPhoto,
    *,
    credit: str | None,
    licence: str,
    storage: Storage,
    caption: str | None = None,
) -> VersionPhoto:
    """Store a prepared upload (or find it already stored) and show it last in the draft.

    The date taken starts as the camera's; the author may correct it with the other words.
    """
    _lock_for_change(version, actor)
    if licence not in LICENCES:
        raise RuleViolation(_("Choose one of the listed licences."), "licence")
    photo = media.store_photo(actor, prepared, storage=storage).photo
    if any(shown.photo_id == photo.id for shown in version.photos):
        raise RuleViolation(_("This photo is already in the report."), "photos")
    shown = VersionPhoto(
        photo=photo,
        position=max((s.position for s in version.photos), default=0) + 1,
        caption=optional_text(caption),
        credit=optional_text(credit),
        licence=licence,
        taken_on=photo.taken_at.date() if photo.taken_at else None,
    )
    version.photos.append(shown)
    db.session.flush()
    record(
        actor,
        "report_version.photo_added",
        version,
        context=version.report,
        sha256=photo.sha256,
        position=shown.position,
    )
    return shown


def remove_photo(actor: User | None, shown: VersionPhoto, *, storage: Storage) -> None:
    """Take a photo out of a draft; its files go too unless another version shows it."""
    version = shown.version
    _lock_for_change(version, actor)
    photo = shown.photo
    version.photos.remove(shown)
    db.session.flush()
    record(
        actor, "report_version.photo_removed", version, context=version.report, sha256=photo.sha256
    )
    if not photo_rows(photo):
        media.discard_photo(actor, photo, storage=storage)


# --- reading ---------------------------------------------------------------------------------


def _with_content(query: Select[Any]) -> Select[Any]:
    """Everything a version page shows, loaded in a fixed number of queries."""
    return query.options(
        joinedload(ReportVersion.report).joinedload(DamageReport.site),
        selectinload(ReportVersion.features),
        selectinload(ReportVersion.causes),
        selectinload(ReportVersion.effects),
        *(joinedload(getattr(ReportVersion, name)) for name in TERM_FIELDS),
        joinedload(ReportVersion.attribution_actor),
        joinedload(ReportVersion.attribution_claim_status),
        selectinload(ReportVersion.citations).joinedload(ReportCitation.source),
        selectinload(ReportVersion.photos).joinedload(VersionPhoto.photo),
    )


def get_version(report_id: int, number: int) -> ReportVersion | None:
    return db.session.scalar(
        _with_content(
            select(ReportVersion).where(
                ReportVersion.report_id == report_id, ReportVersion.number == number
            )
        )
    )


def get_report(report_id: int) -> DamageReport | None:
    return db.session.get(DamageReport, report_id)


def published_version(report: DamageReport) -> ReportVersion | None:
    """The version the public sees at ``/reports/<id>``: the newest published one."""
    if report.published_version_id is None:
        return None
    return db.session.scalar(
        _with_content(select(ReportVersion).where(ReportVersion.id == report.published_version_id))
    )


def versions_by(user: User) -> list[ReportVersion]:
    """Every version ``user`` wrote, newest report first: their "My reports" page."""
    return list(
        db.session.scalars(
            select(ReportVersion)
            .where(ReportVersion.author_id == user.id)
            .options(
                joinedload(ReportVersion.report).joinedload(DamageReport.site),
                selectinload(ReportVersion.citations),
                selectinload(ReportVersion.photos),
            )
            .order_by(ReportVersion.updated_at.desc(), ReportVersion.id.desc())
        )
    )


def _published(query: Select[Any]) -> Select[Any]:
    return (
        query.join(DamageReport, DamageReport.published_version_id == ReportVersion.id)
        .where(DamageReport.retracted_at.is_(None))
        .options(
            selectinload(ReportVersion.features),
            joinedload(ReportVersion.severity),
            joinedload(ReportVersion.extent),
            joinedload(ReportVersion.attribution_claim_status),
            joinedload(ReportVersion.attribution_actor).selectinload(Actor.names),
            selectinload(ReportVersion.photos).joinedload(VersionPhoto.photo),
        )
        .order_by(
            ReportVersion.event_latest.desc().nulls_last(),
            ReportVersion.event_earliest.desc().nulls_last(),
            ReportVersion.id.desc(),
        )
    )


def published_versions_for_site(site_id: int) -> list[ReportVersion]:
    """The newest published version of each of a site's reports (retracted ones left out),
    newest event first."""
    return list(
        db.session.scalars(_published(select(ReportVersion)).where(DamageReport.site_id == site_id))
    )


def published_versions_for_feature(feature_id: int) -> list[ReportVersion]:
    """The published reports that name a feature: its damage history in one place."""
    named = select(version_features.c.version_id).where(version_features.c.feature_id == feature_id)
    return list(
        db.session.scalars(_published(select(ReportVersion)).where(ReportVersion.id.in_(named)))
    )


def photo_rows(photo: Photo) -> int:
    """How many versions show ``photo``."""
    return db.session.scalar(select(func.count()).where(VersionPhoto.photo_id == photo.id)) or 0
