"""The rules of writing a report: fields checked together, the author alone changing a draft,
nothing changing once submitted, attribution needing its own source, photos kept while used."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from heritage.audit.models import AuditEvent
from heritage.extensions import db
from heritage.media.models import Photo
from heritage.media.storage import original_key, storage_for
from heritage.reports import services
from heritage.reports.canonical import content_hash
from heritage.reports.models import DamageReport
from heritage.reports.services import ReportCitationFields, ReportFields
from heritage.reports.states import VersionState
from heritage.review import services as review
from heritage.rules import NotPermitted, RuleViolation, RuleViolations
from tests.factories import (
    ActorFactory,
    FeatureFactory,
    SiteFactory,
    SourceFactory,
    attach_photo,
    draft_report,
    jpeg_bytes,
    published_version,
    when,
)


@pytest.fixture
def site(db_session: Any) -> Any:
    return SiteFactory(name="Hatra")


def fields(**changes: Any) -> ReportFields:
    base = ReportFields(
        title="Statues smashed",
        event=when("2015-02-26"),
        citations=[ReportCitationFields(SourceFactory().id, "video, 1:20", 2)],
    )
    return replace(base, **changes)


def refusal_fields(error: RuleViolation) -> set[str | None]:
    found = error.violations if isinstance(error, RuleViolations) else [error]
    return {violation.field for violation in found}


def test_a_new_report_is_a_draft_version_1_by_its_author(site, contributor):
    feature = FeatureFactory(site=site, name="Temple of Shamash")

    version = services.create_report(
        contributor,
        site,
        fields(feature_ids=[feature.id], causes=["breaking_smashing"], severity="severe_damage"),
    )

    assert (version.number, version.state, version.author_id) == (1, "draft", contributor.id)
    assert version.report.site == site
    assert [f.name for f in version.features] == ["Temple of Shamash"]
    assert [t.code for t in version.causes] == ["breaking_smashing"]
    assert version.severity.code == "severe_damage"
    assert version.citations[0].locator == "video, 1:20"
    actions = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.object_type.in_(["damage_reports", "report_versions"])
        )
    ).all()
    assert sorted(actions) == ["report.created", "report_version.created"]


def test_every_broken_rule_is_reported_at_once_and_nothing_is_saved(site, contributor):
    with pytest.raises(RuleViolation) as refused:
        services.create_report(
            contributor, site, fields(title="  ", event=None, observed_on=date(2099, 1, 1))
        )

    assert refusal_fields(refused.value) == {"title", "event"}
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(DamageReport)) == 0


def test_a_draft_may_be_incomplete_but_a_submission_may_not(site, contributor):
    """Every gap is named at once when the author submits, not in waves while writing."""
    draft = draft_report(site, contributor, citations=[], attribution_actor_id=ActorFactory().id)
    attach_photo(draft, contributor, jpeg_bytes(3), credit=None)  # under CC BY 4.0

    with pytest.raises(RuleViolation) as refused:
        review.submit(contributor, draft, required_signoffs=2)

    assert refusal_fields(refused.value) == {"citations", "attribution_claim_status", "photos"}
    assert draft.state is VersionState.DRAFT


def test_an_attribution_is_submitted_with_its_status_and_the_source_naming_the_party(
    site, contributor
):
    isis = ActorFactory(name="ISIS")
    unnamed = draft_report(
        site, contributor, attribution_actor_id=isis.id, attribution_claim_status="alleged"
    )
    named = draft_report(
        site,
        contributor,
        attribution_actor_id=isis.id,
        attribution_claim_status="alleged",
        citations=[ReportCitationFields(SourceFactory().id, supports_attribution=True)],
    )

    with pytest.raises(RuleViolation, match="an attribution needs its own source"):
        review.submit(contributor, unnamed, required_signoffs=2)
    review.submit(contributor, named, required_signoffs=2)

    assert named.state is VersionState.IN_REVIEW
    assert named.attribution_actor == isis


def test_a_photo_under_a_licence_that_needs_credit_needs_a_credit(site, contributor):
    draft = draft_report(site, contributor, photos=2)
    words = services.report_fields(draft).photos
    words[0].licence, words[0].credit = "CC0-1.0", None  # no credit needed
    words[1].licence, words[1].credit = "CC-BY-SA-4.0", None
    services.update_version(
        contributor, draft, replace(services.report_fields(draft), photos=words)
    )

    with pytest.raises(RuleViolation, match="credit for photo 2:"):
        review.submit(contributor, draft, required_signoffs=2)


@pytest.mark.parametrize(
    "changes",
    [{"attribution_claim_status": "alleged"}, {"citations": "names the party"}],
    ids=["status without a party", "a source naming nobody"],
)
def test_attribution_parts_without_a_party_cannot_be_submitted(site, contributor, changes):
    if changes.get("citations"):
        changes = {
            "citations": [ReportCitationFields(SourceFactory().id, supports_attribution=True)]
        }
    draft = draft_report(site, contributor, **changes)

    with pytest.raises(RuleViolation) as refused:
        review.submit(contributor, draft, required_signoffs=2)

    assert refused.value.field == "attribution_actor"


def test_features_must_belong_to_the_report_s_site(site, contributor):
    elsewhere = FeatureFactory(site=SiteFactory(name="Nimrud"), name="Ziggurat")

    with pytest.raises(RuleViolation) as refused:
        services.create_report(contributor, site, fields(feature_ids=[elsewhere.id]))

    assert refused.value.field == "features"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"causes": ["no_such_cause"]}, "causes"),
        ({"effects": ["breaking_smashing"]}, "effects"),  # a cause, not an effect
        ({"severity": "catastrophic"}, "severity"),
        ({"event": when("2099-01")}, "event"),
    ],
)
def test_values_off_their_lists_are_refused(site, contributor, changes, field):
    with pytest.raises(RuleViolation) as refused:
        services.create_report(contributor, site, fields(**changes))

    assert field in refusal_fields(refused.value)


def test_damage_cannot_be_observed_before_it_happened(site, contributor):
    with pytest.raises(RuleViolation) as refused:
        services.create_report(contributor, site, fields(observed_on=date(2015, 1, 1)))

    assert refused.value.field == "observed_on"


def test_only_the_author_changes_a_draft(site, contributor, second_contributor, reviewer):
    draft = draft_report(site, contributor)

    for other in (second_contributor, reviewer, None):
        with pytest.raises(NotPermitted):
            services.update_version(other, draft, fields(title="Taken over"))
        with pytest.raises(NotPermitted):
            attach_photo(draft, other, jpeg_bytes(5))
    services.update_version(contributor, draft, fields(title="Statues and reliefs smashed"))

    assert draft.title == "Statues and reliefs smashed"


def test_nobody_changes_a_submitted_version(site, contributor, app):
    draft = draft_report(site, contributor)
    review.submit(contributor, draft, required_signoffs=2)

    with pytest.raises(NotPermitted, match="can no longer be changed"):
        services.update_version(contributor, draft, fields(title="Changed after review"))
    with pytest.raises(NotPermitted):
        attach_photo(draft, contributor, jpeg_bytes(7))


def test_submitting_needs_a_source(site, contributor):
    draft = draft_report(site, contributor, citations=[])

    with pytest.raises(RuleViolation) as refused:
        review.submit(contributor, draft, required_signoffs=2)

    assert refused.value.field == "citations"
    assert draft.state is VersionState.DRAFT


def test_submitting_freezes_the_content_hash_of_what_was_sent(site, contributor):
    draft = draft_report(site, contributor, photos=1)
    expected = content_hash(draft)

    review.submit(contributor, draft, required_signoffs=2)

    assert (draft.state, draft.content_hash, draft.review_round) == ("in_review", expected, 1)


def test_the_content_hash_changes_with_the_content_and_only_with_it(site, contributor):
    draft = draft_report(site, contributor, photos=1)
    before = content_hash(draft)
    db.session.expire_all()
    assert content_hash(draft) == before

    words = services.report_fields(draft).photos
    words[0].caption = "The north wall"
    services.update_version(
        contributor, draft, replace(services.report_fields(draft), photos=words)
    )

    assert content_hash(draft) != before


def test_photos_keep_their_order_and_can_be_reordered(site, contributor):
    draft = draft_report(site, contributor, photos=3)
    first, second, third = (shown.id for shown in draft.photos)
    words = services.report_fields(draft).photos
    for entry, position in zip(words, (3, 1, 2), strict=True):
        entry.position = position

    services.update_version(
        contributor, draft, replace(services.report_fields(draft), photos=words)
    )

    assert [shown.id for shown in draft.photos] == [second, third, first]
    assert [shown.position for shown in draft.photos] == [1, 2, 3]


def test_the_date_taken_starts_as_the_camera_s(site, contributor):
    from tests.unit.media.images import camera_jpeg

    draft = draft_report(site, contributor)
    shown = attach_photo(draft, contributor, camera_jpeg())

    assert shown.taken_on is not None
    assert shown.taken_on == shown.photo.taken_at.date()


def test_the_same_photo_twice_in_one_report_is_refused(site, contributor):
    draft = draft_report(site, contributor)
    attach_photo(draft, contributor, jpeg_bytes(1))

    with pytest.raises(RuleViolation, match="already in the report"):
        attach_photo(draft, contributor, jpeg_bytes(1), name="copy.jpg")


def test_a_removed_photo_s_files_stay_while_another_version_shows_it(
    app, site, contributor, second_contributor
):
    storage = storage_for(app)
    data = jpeg_bytes(42)
    mine = draft_report(site, contributor)
    theirs = draft_report(site, second_contributor)
    shared = attach_photo(mine, contributor, data)
    attach_photo(theirs, second_contributor, data)
    db.session.commit()
    key = original_key(shared.photo.sha256)

    services.remove_photo(contributor, mine.photos[0], storage=storage)
    db.session.commit()
    assert storage.exists(key)
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 1

    services.remove_photo(second_contributor, theirs.photos[0], storage=storage)
    db.session.commit()
    assert not storage.exists(key)
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 0


def test_who_sees_a_draft_and_its_photos(site, contributor, second_contributor, reviewer):
    draft = draft_report(site, contributor, photos=1)
    photo = draft.photos[0].photo

    assert services.can_view(draft, contributor)
    assert services.can_view(draft, reviewer)
    assert not services.can_view(draft, second_contributor)
    assert not services.can_view(draft, None)
    assert services.can_see_photo(photo, contributor)
    assert services.can_see_photo(photo, reviewer)
    assert not services.can_see_photo(photo, second_contributor)
    assert not services.can_see_photo(photo, None)


def test_a_published_version_and_its_photos_are_public(site, contributor):
    version = published_version(site, contributor, "Reliefs defaced", "2015-03", photos=1)

    assert version.state is VersionState.PUBLISHED
    assert version.report.published_version == version
    assert services.can_view(version, None)
    assert services.can_see_photo(version.photos[0].photo, None)
    assert not services.can_download_original(contributor)


def test_the_site_and_feature_lists_show_published_reports_newest_event_first(site, contributor):
    temple = FeatureFactory(site=site, name="Temple of Shamash")
    older = published_version(site, contributor, "Older", "2014-05", features=[temple])
    newer = published_version(site, contributor, "Newer", "2015-03")
    draft_report(site, contributor, "Not yet published", features=[temple])

    assert services.published_versions_for_site(site.id) == [newer, older]
    assert services.published_versions_for_feature(temple.id) == [older]


def test_nobody_but_the_author_removes_a_photo_and_not_once_submitted(
    app, site, contributor, second_contributor, reviewer
):
    storage = storage_for(app)
    draft = draft_report(site, contributor, photos=1)
    shown = draft.photos[0]

    for other in (second_contributor, reviewer, None):
        with pytest.raises(NotPermitted):
            services.remove_photo(other, shown, storage=storage)
    review.submit(contributor, draft, required_signoffs=2)
    with pytest.raises(NotPermitted, match="can no longer be changed"):
        services.remove_photo(contributor, shown, storage=storage)
    db.session.commit()

    assert len(draft.photos) == 1
    assert storage.exists(original_key(shown.photo.sha256))


def test_a_licence_off_the_list_is_refused(app, site, contributor):
    draft = draft_report(site, contributor, photos=1)
    words = services.report_fields(draft).photos
    words[0].licence = "WTFPL"

    with pytest.raises(RuleViolation) as refused:
        services.update_version(
            contributor, draft, replace(services.report_fields(draft), photos=words)
        )

    assert refused.value.field == "photos"
    db.session.rollback()
    assert draft.photos[0].licence == "CC-BY-4.0"


def test_only_contributors_write_reports(site):
    with pytest.raises(NotPermitted):
        services.create_report(None, site, fields())


def test_a_feature_lists_only_the_reports_that_name_it(site, contributor):
    temple, gate = FeatureFactory(site=site, name="Temple"), FeatureFactory(site=site, name="Gate")
    named = published_version(site, contributor, "Temple hit", "2015-03", features=[temple])
    published_version(site, contributor, "Gate hit", "2015-04", features=[gate])

    assert services.published_versions_for_feature(temple.id) == [named]
