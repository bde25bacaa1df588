"""Writing a damage report over HTTP: the form keeps what was typed, photos go in several at a
time (each bad file refused alone, nothing half-written), and who sees what."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from heritage.audit.models import AuditEvent
from heritage.media.models import Photo
from heritage.media.storage import STORAGE_EXTENSION, LocalStorage
from heritage.reports.models import DamageReport, ReportVersion, VersionPhoto
from tests.conftest import login_as
from tests.factories import (
    FeatureFactory,
    SiteFactory,
    SourceFactory,
    draft_report,
    jpeg_bytes,
    published_version,
)
from tests.markup import field_blocks, fields_with_errors
from tests.unit.media import images


@pytest.fixture
def hatra(db_session: Any) -> Any:
    return SiteFactory(name="Hatra", slug="hatra")


@pytest.fixture
def store(app: Any, tmp_path: Path) -> Any:
    """A store of this test's own, so files can be counted."""
    storage = LocalStorage(tmp_path / "store")
    previous = app.extensions.get(STORAGE_EXTENSION)
    app.extensions[STORAGE_EXTENSION] = storage
    yield storage
    if previous is None:
        app.extensions.pop(STORAGE_EXTENSION)
    else:
        app.extensions[STORAGE_EXTENSION] = previous


def report_form(source_id: int, **changes: str) -> dict[str, Any]:
    return {
        "title": "Statues in the museum smashed",
        "event": "26 February 2015",
        "summary": "Statues were toppled and smashed with hammers.",
        "severity": "severe_damage",
        "causes": ["breaking_smashing"],
        "effects": ["cracked_broken_missing_parts"],
        "citations-0-source": str(source_id),
        "citations-0-source-label": "A video of the destruction",
        "citations-0-locator": "1:20",
        "citations-0-credibility": "2",
        **changes,
    }


def files_in(storage: LocalStorage) -> list[str]:
    return sorted(path.name for path in storage.root.rglob("*") if path.is_file())


def counts(db_session: Any, storage: LocalStorage) -> tuple[int, int, int, list[str]]:
    return (
        db_session.scalar(select(func.count()).select_from(Photo)),
        db_session.scalar(select(func.count()).select_from(VersionPhoto)),
        db_session.scalar(select(func.count()).select_from(AuditEvent)),
        files_in(storage),
    )


def upload(client: Any, version: ReportVersion, *files: tuple[bytes, str], **headers: str) -> Any:
    """Send photos as a browser does. The body is built here, in memory: Werkzeug's test
    client spools a large one to a temporary file it never closes."""
    boundary = "----heritage-test-boundary"
    fields = {"csrf_token": client.csrf_token(), "licence": "CC-BY-4.0", "credit": "Field team"}
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for data, filename in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return client.post(
        f"/reports/{version.report_id}/v/{version.number}/photos",
        data=b"".join(parts),
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=headers,
    )


def edit_token(client: Any, version: ReportVersion) -> str:
    """The version the edit form was opened on, as the page hands it back."""
    page = client.get(f"/reports/{version.report_id}/v/{version.number}/edit").get_data(
        as_text=True
    )
    return re.search(r'name="edit_version" type="hidden" value="([^"]+)"', page).group(1)


# --- the form -------------------------------------------------------------------------------


def test_a_new_report_is_saved_as_a_draft_and_opens_for_photos(as_contributor, hatra, db_session):
    temple = FeatureFactory(site=hatra, name="Temple of Shamash")
    source = SourceFactory()

    response = as_contributor.post(
        "/reports/new?site=hatra", data=report_form(source.id, features=str(temple.id))
    )

    version = db_session.scalar(select(ReportVersion))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reports/{version.report_id}/v/1/edit#photos"
    assert version.state == "draft"
    assert version.event.edtf == "2015-02-26"
    assert [f.name for f in version.features] == ["Temple of Shamash"]
    assert [t.code for t in version.causes] == ["breaking_smashing"]


def test_a_refused_report_comes_back_with_everything_typed(as_contributor, hatra, db_session):
    source = SourceFactory()

    page = as_contributor.post(
        "/reports/new?site=hatra",
        data=report_form(source.id, event="the thirty-second of Smarch", title=""),
    ).get_data(as_text=True)

    # (the quick source form at the end of the page has a "title" of its own)
    assert 'id="title-errors"' in page
    assert fields_with_errors(page)[0] == "event"
    blocks = field_blocks(page)
    assert "the thirty-second of Smarch" in blocks["event"]
    assert "Statues were toppled and smashed with hammers." in blocks["summary"]
    assert 'value="breaking_smashing" id="causes-breaking_smashing" checked' in page
    assert '<option selected value="severe_damage">' in blocks["severity"]
    assert "1:20" in page
    assert db_session.scalar(select(func.count()).select_from(DamageReport)) == 0


def test_a_rule_of_the_service_is_shown_beside_its_field(as_contributor, hatra, db_session):
    page = as_contributor.post(
        "/reports/new?site=hatra", data=report_form(SourceFactory().id, observed_on="2015-01-01")
    ).get_data(as_text=True)

    assert fields_with_errors(page) == ["observed_on"]
    assert "cannot have been seen before it happened" in field_blocks(page)["observed_on"]


def test_adding_a_source_row_keeps_the_form_and_saves_nothing(as_contributor, hatra, db_session):
    page = as_contributor.post(
        "/reports/new?site=hatra", data={**report_form(SourceFactory().id), "add_row": "citations"}
    ).get_data(as_text=True)

    assert 'name="citations-2-source"' in page
    assert "Statues in the museum smashed" in page
    assert db_session.scalar(select(func.count()).select_from(DamageReport)) == 0


def test_a_new_report_for_no_site_is_404(as_contributor):
    assert as_contributor.get("/reports/new?site=atlantis").status_code == 404
    assert as_contributor.get("/reports/new").status_code == 404


def test_the_author_edits_a_draft_and_sees_it(client, contributor, hatra, db_session):
    draft = draft_report(hatra, contributor, "Column toppled")
    login_as(client, contributor)
    token = edit_token(client, draft)

    response = client.post(
        f"/reports/{draft.report_id}/v/1/edit",
        data={
            **report_form(draft.citations[0].source_id, title="Two columns toppled"),
            "edit_version": token,
        },
    )

    assert response.status_code == 302
    assert draft.title == "Two columns toppled"
    page = client.get(f"/reports/{draft.report_id}/v/1").get_data(as_text=True)
    assert "Two columns toppled" in page
    assert "Not public: only its author and the reviewers can see this version." in page


def test_nobody_edits_a_submitted_version(client, contributor, hatra, db_session):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    assert client.post(f"/reports/{draft.report_id}/v/1/submit").status_code == 302
    assert draft.state == "in_review"

    assert client.get(f"/reports/{draft.report_id}/v/1/edit").status_code == 403
    assert (
        client.post(
            f"/reports/{draft.report_id}/v/1/edit", data=report_form(SourceFactory().id)
        ).status_code
        == 403
    )
    assert "Edit draft" not in client.get(f"/reports/{draft.report_id}/v/1").get_data(as_text=True)


def test_submitting_without_a_source_says_why(client, contributor, hatra, db_session):
    draft = draft_report(hatra, contributor, citations=[])
    login_as(client, contributor)

    page = client.post(f"/reports/{draft.report_id}/v/1/submit", follow_redirects=True)

    assert "Cite at least one source before submitting" in page.get_data(as_text=True)
    assert draft.state == "draft"


# --- photos ---------------------------------------------------------------------------------


def test_several_photos_go_in_at_once(client, contributor, hatra, db_session, store):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)

    response = upload(client, draft, (jpeg_bytes(1), "one.jpg"), (images.png(), "two.png"))

    assert response.status_code == 302
    assert [shown.position for shown in draft.photos] == [1, 2]
    assert {shown.credit for shown in draft.photos} == {"Field team"}
    assert len(files_in(store)) == 6  # two originals, each with its display and thumbnail


def test_the_page_s_script_gets_json_for_each_file(client, contributor, hatra, db_session, store):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)

    added = upload(client, draft, (jpeg_bytes(2), "one.jpg"), Accept="application/json")
    refused = upload(client, draft, (b"<html></html>", "page.png"), Accept="application/json")

    assert added.status_code == 201
    assert added.json["added"][0]["photo"] == draft.photos[0].photo_id
    assert refused.status_code == 400
    assert refused.json["errors"][0]["file"] == "page.png"
    assert "not a JPEG, PNG, WebP, TIFF or HEIC photo" in refused.json["errors"][0]["message"]


BAD_FILES = {
    "empty": (lambda: b"", "empty.jpg", "empty"),
    "0x0": (lambda: images.png_declaring(0, 0), "zero.png", "damaged or incomplete"),
    "truncated": (lambda: jpeg_bytes(3, (400, 300))[:300], "cut.jpg", "damaged or incomplete"),
    "svg": (
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "drawing.svg",
        "Only JPEG, PNG, WebP, TIFF and HEIC photos",
    ),
    "html as png": (lambda: images.HTML, "page.png", "not a JPEG, PNG, WebP, TIFF or HEIC"),
    "polyglot": (
        lambda: jpeg_bytes(4) + b"<script>alert(1)</script>",
        "photo.jpg",
        "other data attached",
    ),
    "bomb": (lambda: images.png_declaring(50_000, 50_000), "bomb.png", "too many pixels"),
    "multi-page tiff": (lambda: images.multi_page_tiff(), "scan.tif", "more than one page"),
}


@pytest.mark.parametrize("bad", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_alone_and_leaves_nothing(
    client, contributor, hatra, db_session, store, bad
):
    make, name, says = BAD_FILES[bad]
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    before = counts(db_session, store)

    page = upload(client, draft, (make(), name)).data.decode()
    shown = client.get(f"/reports/{draft.report_id}/v/1/edit").get_data(as_text=True)

    assert page == "" or "Redirecting" in page
    assert says in shown
    assert counts(db_session, store) == before


def test_a_good_file_beside_a_bad_one_is_kept(client, contributor, hatra, db_session, store):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)

    upload(client, draft, (b"", "empty.jpg"), (jpeg_bytes(5), "good.jpg"))

    assert len(draft.photos) == 1
    assert draft.photos[0].photo.original_filename == "good.jpg"


@pytest.mark.parametrize("name", ["../../etc/passwd.jpg", "صورة تدمر ١.jpg", "C:\\evil\\x.jpg"])
def test_a_file_name_is_never_a_path(client, contributor, hatra, db_session, store, name):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    data = jpeg_bytes(6)

    upload(client, draft, (data, name))

    sha256 = hashlib.sha256(data).hexdigest()
    assert store.exists(f"originals/{sha256[:2]}/{sha256}")
    assert all(
        path.resolve().is_relative_to(store.root.resolve()) for path in store.root.rglob("*")
    )
    assert "/" not in draft.photos[0].photo.original_filename
    assert "\\" not in draft.photos[0].photo.original_filename


def test_a_renamed_png_is_stored_as_the_png_it_is(client, contributor, hatra, db_session, store):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)

    upload(client, draft, (images.png(), "really-a-png.jpg"))

    assert draft.photos[0].photo.media_type == "image/png"


def test_an_upload_over_the_limit_gets_a_readable_413(client, contributor, hatra, app, db_session):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    too_big = b"\xff\xd8\xff" + bytes(app.config["MAX_PHOTO_BATCH_BYTES"])

    response = upload(client, draft, (too_big, "huge.jpg"))

    assert response.status_code == 413
    assert "larger than this registry accepts" in response.get_data(as_text=True)


def test_a_file_over_the_photo_limit_is_a_form_error(client, contributor, hatra, app, store):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    limit = app.config["MAX_UPLOAD_MB"] * 1024 * 1024

    upload(client, draft, (b"\xff\xd8\xff" + bytes(limit), "big.jpg"))
    page = client.get(f"/reports/{draft.report_id}/v/1/edit").get_data(as_text=True)

    assert "the largest accepted is" in page
    assert files_in(store) == []


def test_a_failure_before_the_commit_leaves_no_file_and_no_row(
    client, contributor, hatra, db_session, store, monkeypatch
):
    """The write is cut between the files being written and the row being committed."""
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    before = counts(db_session, store)

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    from heritage.reports import services

    monkeypatch.setattr(services, "record", crash)
    response = upload(client, draft, (jpeg_bytes(8), "photo.jpg"))

    assert response.status_code == 500
    db_session.rollback()
    assert counts(db_session, store) == before


def test_a_photo_can_be_removed_from_a_draft(client, contributor, hatra, db_session, store):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    upload(client, draft, (jpeg_bytes(9), "one.jpg"))
    shown = draft.photos[0]

    response = client.post(f"/reports/{draft.report_id}/v/1/photos/{shown.id}/remove")

    assert response.status_code == 302
    assert draft.photos == []
    assert files_in(store) == []


# --- serving photos -------------------------------------------------------------------------


def test_public_copies_carry_no_metadata_and_the_original_is_the_evidence(
    client, contributor, reviewer, hatra, db_session, store
):
    original = images.camera_jpeg()
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    upload(client, draft, (original, "IMG_0001.jpg"))
    photo = draft.photos[0].photo

    display = client.get(f"/media/{photo.id}/display")
    shown_bytes = display.get_data()
    display.close()
    login_as(client, reviewer)
    download = client.get(f"/media/{photo.id}/original")
    original_bytes = download.get_data()
    download.close()

    assert display.mimetype == "image/jpeg"
    images.assert_no_metadata(shown_bytes)
    assert not Image.open(io.BytesIO(shown_bytes)).getexif()
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "private" in download.headers["Cache-Control"]
    assert "no-store" in download.headers["Cache-Control"]
    assert "public" not in download.headers["Cache-Control"]
    assert (
        hashlib.sha256(original_bytes).hexdigest()
        == photo.sha256
        == hashlib.sha256(original).hexdigest()
    )
    downloads = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "photo.original_downloaded")
    ).all()
    assert [(event.actor_id, event.details["sha256"]) for event in downloads] == [
        (reviewer.id, photo.sha256)
    ]


def test_reviewers_see_where_and_with_what_a_photo_was_taken_and_the_public_does_not(
    client, contributor, reviewer, hatra, db_session, store
):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    upload(client, draft, (images.camera_jpeg(), "IMG_0001.jpg"))
    photo = draft.photos[0].photo
    from heritage.review import services as review

    review.submit(contributor, draft, required_signoffs=1)
    review.approve(reviewer, draft, required_signoffs=1)
    db_session.commit()

    client.get("/logout")
    public = client.get(f"/reports/{draft.report_id}").get_data(as_text=True)
    login_as(client, reviewer)
    reviewed = client.get(f"/reports/{draft.report_id}").get_data(as_text=True)

    assert photo.camera
    assert photo.camera in reviewed
    assert f"/media/{photo.id}/original" in reviewed
    assert photo.camera not in public
    assert "/original" not in public
    assert "Position in the original" not in public


def test_the_public_sees_no_draft_and_no_draft_photo(client, contributor, hatra, db_session):
    draft = draft_report(hatra, contributor, photos=1)
    photo_id = draft.photos[0].photo_id

    assert client.get(f"/reports/{draft.report_id}").status_code == 404
    assert client.get(f"/reports/{draft.report_id}/v/1").status_code == 404
    for kind in ("thumb", "display", "original"):
        assert client.get(f"/media/{photo_id}/{kind}").status_code == 404


def test_published_photos_may_be_cached_by_anyone_and_drafts_only_privately(
    client, contributor, hatra, db_session
):
    published = published_version(hatra, contributor, "Lion smashed", "2015-06", photos=1)
    draft = draft_report(hatra, contributor, photos=1)
    login_as(client, contributor)

    public = client.get(f"/media/{published.photos[0].photo_id}/thumb")
    private = client.get(f"/media/{draft.photos[0].photo_id}/thumb")
    public.close()
    private.close()

    assert "public" in public.headers["Cache-Control"]
    assert "private" in private.headers["Cache-Control"]
    assert "public" not in private.headers["Cache-Control"]


# --- reading --------------------------------------------------------------------------------


def test_my_reports_lists_each_version_with_its_state(
    client, contributor, second_contributor, hatra, db_session
):
    draft_report(hatra, contributor, "Column toppled")
    published_version(hatra, contributor, "Lion smashed", "2015-06")
    draft_report(SiteFactory(name="Nimrud"), second_contributor, "Not mine")
    login_as(client, contributor)

    page = client.get("/reports/mine").get_data(as_text=True)

    assert "Column toppled" in page
    assert "Lion smashed" in page
    assert "Not mine" not in page
    assert page.count('class="badge state state-draft"') == 1
    assert page.count('class="badge state state-published"') == 1


def test_the_site_page_lists_published_reports_with_thumbnails(
    client, contributor, hatra, db_session
):
    published = published_version(hatra, contributor, "Lion smashed", "2015-06", photos=1)
    draft_report(hatra, contributor, "Still a draft")

    page = client.get("/sites/hatra").get_data(as_text=True)

    reports = page[page.index('id="reports"') : page.index('id="features"')]
    assert f'href="/reports/{published.report_id}"' in reports
    assert f'src="/media/{published.photos[0].photo_id}/thumb"' in reports
    assert "Still a draft" not in page


def test_a_long_report_list_is_paginated(client, contributor, hatra, db_session, app, monkeypatch):
    monkeypatch.setitem(app.config, "REPORTS_PER_PAGE", 2)
    for day in range(1, 4):
        published_version(hatra, contributor, f"Damage {day}", f"2015-06-0{day}")

    first = client.get("/sites/hatra").get_data(as_text=True)
    second = client.get("/sites/hatra?page=2").get_data(as_text=True)

    first_list = first[first.index('id="reports"') : first.index('id="features"')]
    second_list = second[second.index('id="reports"') : second.index('id="features"')]
    assert "Damage 3" in first_list
    assert "Damage 2" in first_list
    assert "Damage 1" not in first_list
    assert "Damage 1" in second_list


def test_a_feature_page_reads_as_its_damage_history(client, contributor, hatra, db_session):
    temple = FeatureFactory(site=hatra, name="Temple of Shamash")
    gate = FeatureFactory(site=hatra, name="North gate")
    published_version(hatra, contributor, "Gate blown up", "2015-03", features=[temple])
    published_version(hatra, contributor, "Elsewhere", "2015-04", features=[gate])
    SiteFactory(name="Nimrud", slug="nimrud")

    page = client.get(f"/sites/hatra/features/{temple.id}").get_data(as_text=True)

    assert "Gate blown up" in page
    assert "Elsewhere" not in page
    assert client.get(f"/sites/nimrud/features/{temple.id}").status_code == 404


def test_a_missing_report_is_404(client, db_session):
    assert client.get("/reports/999").status_code == 404
    assert client.get("/reports/999/v/1").status_code == 404


# --- found by the attack review -------------------------------------------------------------


def test_a_date_the_form_cannot_read_says_why_not_that_it_is_missing(as_contributor, hatra):
    page = as_contributor.post(
        "/reports/new?site=hatra", data=report_form(SourceFactory().id, event="2015-02-30")
    ).get_data(as_text=True)

    event = field_blocks(page)["event"]
    assert "There is no 30 February 2015" in event
    assert "This field is required" not in event


@pytest.mark.parametrize("feature", ["9" * 24, str(2**63), "0", "-3"])
def test_a_feature_id_no_database_holds_is_a_form_error(as_contributor, hatra, db_session, feature):
    response = as_contributor.post(
        "/reports/new?site=hatra", data=report_form(SourceFactory().id, features=feature)
    )

    assert response.status_code == 200
    assert (
        "Choose the affected features from this site"
        in field_blocks(response.get_data(as_text=True))["features"]
    )
    assert db_session.scalar(select(func.count()).select_from(DamageReport)) == 0


def test_a_photo_row_id_that_is_not_one_is_ignored(client, contributor, hatra, db_session):
    draft = draft_report(hatra, contributor, photos=1)
    login_as(client, contributor)
    token = edit_token(client, draft)

    response = client.post(
        f"/reports/{draft.report_id}/v/1/edit",
        data={
            **report_form(draft.citations[0].source_id),
            "edit_version": token,
            "photos-0-shown_id": "²",
            "photos-0-caption": "Not for any photo",
            "photos-0-licence": "CC-BY-4.0",
        },
    )

    assert response.status_code == 302
    assert draft.photos[0].caption is None


def test_a_picker_text_longer_than_any_name_is_refused_unread(as_contributor, hatra, db_session):
    page = as_contributor.post(
        "/reports/new?site=hatra",
        data=report_form(SourceFactory().id, **{"attribution_actor-label": "A" * 50_001}),
    ).get_data(as_text=True)

    assert "Pick an actor from the list, or create it." in page
    assert db_session.scalar(select(func.count()).select_from(DamageReport)) == 0


def test_a_refused_file_s_name_cannot_turn_the_message_around(client, contributor, hatra, store):
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)

    upload(client, draft, (b"MZ", "x\u202egpj.exe"))
    page = client.get(f"/reports/{draft.report_id}/v/1/edit").get_data(as_text=True)

    assert "<bdi>x\u202egpj.exe</bdi>" in page


def test_photos_are_decoded_outside_any_database_transaction(
    client, contributor, hatra, db_session, store, monkeypatch
):
    """Decoding a large photo takes seconds; on SQLite an open writing transaction would
    lock every other writer meanwhile."""
    from heritage.extensions import db
    from heritage.media import services as media

    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    prepare = media.prepare_photo
    in_transaction = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        in_transaction.append(db.session().in_transaction())
        return prepare(*args, **kwargs)

    monkeypatch.setattr(media, "prepare_photo", watched)
    upload(client, draft, (jpeg_bytes(11), "one.jpg"), (jpeg_bytes(12), "two.jpg"))

    assert in_transaction == [False, False]
    assert len(draft.photos) == 2


# --- found by the test-suite review ---------------------------------------------------------


def test_a_photo_is_removed_only_through_its_own_version(client, contributor, hatra, db_session):
    mine = draft_report(hatra, contributor, photos=1)
    other = draft_report(hatra, contributor, "Another draft", photos=1)
    login_as(client, contributor)

    response = client.post(f"/reports/{mine.report_id}/v/1/photos/{other.photos[0].id}/remove")

    assert response.status_code == 404
    assert len(other.photos) == 1


@pytest.mark.parametrize(
    ("user", "status"),
    [(None, 404), ("contributor", 403), ("second_contributor", 403), ("reviewer", 200)],
)
def test_a_published_photo_s_original_is_still_for_reviewers_only(
    client, request, contributor, hatra, db_session, user, status
):
    published = published_version(hatra, contributor, "Lion smashed", "2015-06", photos=1)
    if user:
        login_as(client, request.getfixturevalue(user))

    response = client.get(f"/media/{published.photos[0].photo_id}/original")
    response.close()

    assert response.status_code == status


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_more_photos_than_the_batch_limit_are_refused_together(
    client, contributor, hatra, app, db_session, store, monkeypatch, accept
):
    monkeypatch.setitem(app.config, "PHOTOS_PER_UPLOAD", 2)
    draft = draft_report(hatra, contributor)
    login_as(client, contributor)
    before = counts(db_session, store)

    response = upload(
        client, draft, *((jpeg_bytes(20 + n), f"{n}.jpg") for n in range(3)), Accept=accept
    )

    if accept == "application/json":
        assert response.status_code == 400
        assert "Upload at most 2 photos at a time" in response.json["errors"][0]["message"]
    else:
        page = client.get(f"/reports/{draft.report_id}/v/1/edit").get_data(as_text=True)
        assert "Upload at most 2 photos at a time" in page
    assert counts(db_session, store) == before


@pytest.mark.parametrize("user", [None, "second_contributor"])
def test_the_sign_off_history_is_for_the_author_and_reviewers(
    client, request, contributor, reviewer, hatra, db_session, user
):
    published = published_version(hatra, contributor, "Lion smashed", "2015-06")
    path = f"/reports/{published.report_id}/v/1"
    if user:
        login_as(client, request.getfixturevalue(user))
    hidden = client.get(path).get_data(as_text=True)
    login_as(client, contributor)
    authored = client.get(path).get_data(as_text=True)
    login_as(client, reviewer)
    reviewed = client.get(path).get_data(as_text=True)

    assert 'id="signoffs-heading"' not in hidden
    assert published.content_hash not in hidden
    for page in (authored, reviewed):
        assert 'id="signoffs-heading"' in page
        assert published.content_hash in page


ARABIC = "معبد بل"


def test_user_text_on_report_pages_is_isolated(client, contributor, hatra, db_session):
    """A right-to-left title, summary, caption or credit cannot reorder the page around it."""
    from dataclasses import replace

    from heritage.reports import services

    temple = FeatureFactory(site=hatra, name=f"{ARABIC} feature")
    draft = draft_report(hatra, contributor, f"{ARABIC} title", features=[temple], photos=1)
    fields = services.report_fields(draft)
    fields.photos[0].caption = f"{ARABIC} caption"
    fields.photos[0].credit = f"{ARABIC} credit"
    services.update_version(contributor, draft, replace(fields, summary=f"{ARABIC} summary"))
    db_session.commit()
    login_as(client, contributor)

    version = client.get(f"/reports/{draft.report_id}/v/1").get_data(as_text=True)
    mine = client.get("/reports/mine").get_data(as_text=True)

    assert f"<bdi>{ARABIC} title</bdi>" in version
    assert f'<p dir="auto">{ARABIC} summary</p>' in version
    assert f'<div dir="auto" class="mb-1">{ARABIC} caption</div>' in version
    assert f"<bdi>{ARABIC} credit</bdi>" in version
    assert f"<bdi>{ARABIC} feature</bdi>" in version
    assert f"<bdi>{ARABIC} title</bdi>" in mine
