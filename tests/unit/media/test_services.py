"""Ingesting photos against a real database and a folder: every bad file of issue 10 either
stored safely or refused with nothing left behind; files follow the commit; custody logged."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import event as session_events
from sqlalchemy import func, select

from heritage.accounts.models import User
from heritage.audit.models import AuditEvent
from heritage.extensions import db
from heritage.media import services
from heritage.media.aftercommit import pending_count
from heritage.media.models import Photo
from heritage.media.services import (
    Ingested,
    PhotoRejected,
    UploadLimits,
    clean_filename,
    discard_photo,
    download_name,
    ingest_photo,
    limits_from,
    open_file,
    record_original_download,
)
from heritage.media.storage import LocalStorage, derivative_key, original_key
from tests.unit.media.images import (
    HTML,
    assert_no_metadata,
    camera_exif,
    camera_jpeg,
    encode,
    heic,
    jpeg,
    multi_page_tiff,
    picture,
    png,
    png_declaring,
)

LIMITS = UploadLimits(max_bytes=25 * 1024 * 1024, max_pixels=60_000_000)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "uploads")


@pytest.fixture
def ingest(db_session: Any, contributor: User, storage: LocalStorage) -> Callable[..., Ingested]:
    def run(filename: str, data: bytes, limits: UploadLimits = LIMITS) -> Ingested:
        return ingest_photo(contributor, filename, data, limits=limits, storage=storage)

    return run


def _files(storage: LocalStorage) -> list[str]:
    """Every file under the root, temporary ones included."""
    root = storage.root
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _count(model: type[Any]) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _state(storage: LocalStorage) -> tuple[list[str], int, int]:
    return _files(storage), _count(Photo), _count(AuditEvent)


def _stored(storage: LocalStorage, photo: Photo) -> list[str]:
    return sorted(
        [original_key(photo.sha256)]
        + [derivative_key(photo.sha256, kind) for kind in ("display", "thumb")]
    )


# --- issue 10's bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "make", "says"),
    [
        ("photo.jpg", lambda: b"", "The file is empty."),
        ("empty.png", lambda: png_declaring(0, 0), "damaged or incomplete"),
        ("photo.jpg", lambda: jpeg()[:-300], "damaged or incomplete"),
        ("drawing.svg", lambda: SVG, "Only JPEG, PNG, WebP, TIFF and HEIC photos"),
        ("drawing.jpg", lambda: SVG, "This file is not a JPEG, PNG, WebP, TIFF or HEIC photo"),
        ("page.png", lambda: HTML, "This file is not a JPEG, PNG, WebP, TIFF or HEIC photo"),
        ("photo.jpg", lambda: jpeg() + b"<script>alert(1)</script>", "other data attached"),
        ("flat.png", lambda: png_declaring(50_000, 50_000), "too many pixels"),
        ("scan.tif", multi_page_tiff, "holds more than one page"),
        ("IMG_1.heic", lambda: heic()[:-200], "damaged or incomplete"),
    ],
    ids=[
        "empty",
        "zero-by-zero",
        "truncated-jpeg",
        "svg",
        "svg-named-jpg",
        "html-named-png",
        "jpeg-with-script",
        "decompression-bomb",
        "multi-page-tiff",
        "truncated-heic",
    ],
)
def test_bad_files_are_refused_leaving_nothing(
    ingest: Callable[..., Ingested],
    storage: LocalStorage,
    filename: str,
    make: Callable[[], bytes],
    says: str,
) -> None:
    ingest("existing.jpg", jpeg((90, 60)))  # so "unchanged" is not just "still empty"
    db.session.commit()
    before = _state(storage)
    with pytest.raises(PhotoRejected) as refused:
        ingest(filename, make())
    assert says in refused.value.message
    assert _state(storage) == before
    db.session.rollback()
    assert _state(storage) == before


def test_a_file_over_the_size_limit_is_refused_leaving_nothing(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    before = _state(storage)
    with pytest.raises(PhotoRejected) as refused:
        ingest("big.jpg", jpeg((400, 300)), UploadLimits(max_bytes=2048, max_pixels=10**6))
    assert "the largest accepted is 2 KB." in refused.value.message
    assert _state(storage) == before


@pytest.mark.parametrize(
    ("filename", "kept"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\rania\\Desktop\\IMG_0042.JPG", "IMG_0042.JPG"),
        ("صورة معبد بل.jpg", "صورة معبد بل.jpg"),
        ("Tempel des Bel – 2015 ✓.jpeg", "Tempel des Bel – 2015 ✓.jpeg"),
        ("evil\u202egpj\x07.jpg", "evilgpj.jpg"),
        ("e\u0301glise.jpg", "\u00e9glise.jpg"),  # NFC
    ],
)
def test_any_file_name_is_kept_for_reviewers_and_never_used_as_a_path(
    ingest: Callable[..., Ingested], storage: LocalStorage, tmp_path: Path, filename: str, kept: str
) -> None:
    result = ingest(filename, jpeg())
    db.session.commit()
    assert result.is_new
    assert result.photo.original_filename == kept
    assert _files(storage) == _stored(storage, result.photo)
    assert not (tmp_path / "etc").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["uploads"]


def test_a_png_named_jpg_is_stored_as_the_png_it_is(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    data = png()
    photo = ingest("forwarded.jpg", data).photo
    db.session.commit()
    assert photo.media_type == "image/png"
    with open_file(storage, photo, "original") as original:
        assert original.read() == data
    with open_file(storage, photo, "display") as display:
        assert_no_metadata(display.read())
    assert download_name(photo) == f"{photo.sha256}.png"


def test_long_names_are_shortened_keeping_the_extension() -> None:
    assert clean_filename("x" * 300 + ".jpeg") == "x" * 250 + ".jpeg"
    assert clean_filename("/") is None
    assert clean_filename("..") is None


# --- the stored files -----------------------------------------------------------------------------


def test_copies_carry_no_metadata_while_the_original_is_byte_exact(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    data = camera_jpeg()
    photo = ingest("IMG_0042.JPG", data).photo
    db.session.commit()
    assert photo.had_gps is True
    assert photo.gps_latitude is not None
    with open_file(storage, photo, "original") as original:
        kept = original.read()
    assert kept == data
    assert hashlib.sha256(kept).hexdigest() == photo.sha256
    for kind in ("display", "thumb"):
        with open_file(storage, photo, kind) as copy:
            assert_no_metadata(copy.read())


def test_a_heic_from_a_phone_round_trips(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    data = heic(exif=camera_exif(make="Apple", model="iPhone 12", orientation=6))
    photo = ingest("IMG_0001.HEIC", data).photo
    db.session.commit()
    assert (photo.media_type, photo.camera, photo.had_gps) == (
        "image/heic",
        "Apple iPhone 12",
        True,
    )
    assert (photo.width, photo.height) == (80, 120)
    assert round(photo.gps_latitude or 0, 4) == -34.5513
    with open_file(storage, photo, "original") as original:
        assert original.read() == data
    for kind in ("display", "thumb"):
        with open_file(storage, photo, kind) as copy:
            copied = copy.read()
        assert_no_metadata(copied)
        assert Image.open(io.BytesIO(copied)).size == (80, 120)
    assert download_name(photo) == f"{photo.sha256}.heic"


def test_the_same_bytes_twice_are_stored_once(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    first = ingest("a.jpg", jpeg())
    db.session.commit()
    second = ingest("copy of a.jpg", jpeg())
    db.session.commit()
    assert (first.is_new, second.is_new) == (True, False)
    assert second.photo.id == first.photo.id
    assert second.photo.original_filename == "a.jpg"
    assert _count(Photo) == 1
    assert _files(storage) == _stored(storage, first.photo)


def test_losing_a_race_with_an_identical_upload_returns_the_winner(
    ingest: Callable[..., Ingested], storage: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    winner = ingest("a.jpg", jpeg()).photo
    db.session.commit()
    real_find = services.find_photo
    calls: list[str] = []

    def not_yet_committed(sha256: str) -> Photo | None:
        # The first look happens before the other upload's commit: it finds nothing.
        calls.append(sha256)
        return None if len(calls) == 1 else real_find(sha256)

    monkeypatch.setattr(services, "find_photo", not_yet_committed)
    result = ingest("a.jpg", jpeg())
    db.session.commit()
    assert (result.is_new, result.photo.id) == (False, winner.id)
    assert _count(Photo) == 1
    assert _files(storage) == _stored(storage, winner)


# --- files follow the transaction -----------------------------------------------------------------


def test_files_appear_only_after_the_commit(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    photo = ingest("a.jpg", jpeg()).photo
    assert not any(storage.iterate())  # staged, not published
    assert len(_files(storage)) == 3
    db.session.commit()
    assert _files(storage) == _stored(storage, photo)
    assert pending_count(db.session()) == 0


def test_a_rollback_removes_the_staged_files(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    before = _state(storage)
    ingest("a.jpg", jpeg())
    db.session.rollback()
    assert _state(storage) == before
    assert _files(storage) == []


def _failing_on(action: str, calls: int = 1) -> Callable[..., Any]:
    real_record = services.record
    seen: list[str] = []

    def record(actor: Any, name: str, obj: Any, **details: Any) -> Any:
        seen.append(name)
        if seen.count(action) == calls:
            raise RuntimeError("the database went away")
        return real_record(actor, name, obj, **details)

    return record


def test_a_failure_after_some_files_are_staged_leaves_no_orphan(
    ingest: Callable[..., Ingested], storage: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _state(storage)
    monkeypatch.setattr(services, "record", _failing_on("photo.derivative_made", calls=2))
    with pytest.raises(RuntimeError):
        ingest("a.jpg", jpeg())
    assert _files(storage)  # the original and the display copy were staged
    db.session.rollback()
    assert _state(storage) == before


def test_a_failing_write_leaves_no_orphan(
    ingest: Callable[..., Ingested], storage: LocalStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stage = storage.stage

    def disk_full(key: str, data: bytes) -> Any:
        if key.endswith("thumb.jpg"):
            raise OSError(28, "No space left on device")
        return real_stage(key, data)

    monkeypatch.setattr(storage, "stage", disk_full)
    with pytest.raises(OSError, match="No space left"):
        ingest("a.jpg", jpeg())
    db.session.rollback()
    assert _state(storage) == ([], 0, 0)


@pytest.fixture
def failing_commit() -> Iterator[None]:
    """Make the next commit fail after the rows are flushed, as a lost connection would."""
    session = db.session()

    def refuse(session: Any) -> None:
        if not session.in_nested_transaction():  # a savepoint's release is not the commit
            raise RuntimeError("connection lost during commit")

    session_events.listen(session, "before_commit", refuse)
    yield
    session_events.remove(session, "before_commit", refuse)


def test_a_failed_commit_leaves_no_orphan_and_no_row(
    ingest: Callable[..., Ingested], storage: LocalStorage, failing_commit: None
) -> None:
    before = _state(storage)
    ingest("a.jpg", jpeg())
    with pytest.raises(RuntimeError, match="connection lost"):
        db.session.commit()
    db.session.rollback()
    assert _state(storage) == before
    assert _files(storage) == []


def test_closing_the_session_without_commit_removes_the_staged_files(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    ingest("a.jpg", jpeg())
    db.session.close()  # what the end of a request does after an unhandled error
    assert _files(storage) == []


def test_a_savepoint_rolled_back_takes_only_its_own_files(
    ingest: Callable[..., Ingested], storage: LocalStorage
) -> None:
    kept = ingest("kept.jpg", jpeg()).photo
    savepoint = db.session.begin_nested()
    ingest("dropped.png", png())
    savepoint.rollback()
    with db.session.begin_nested():
        also_kept = ingest("also.jpg", encode(picture((50, 50)), "JPEG")).photo
    db.session.commit()
    assert _files(storage) == sorted(_stored(storage, kept) + _stored(storage, also_kept))


# --- custody --------------------------------------------------------------------------------------


def _events(photo_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "photos", AuditEvent.object_id == str(photo_id))
            .order_by(AuditEvent.id)
        )
    )


def test_custody_entries_name_who_and_which_bytes(
    ingest: Callable[..., Ingested],
    storage: LocalStorage,
    contributor: User,
    reviewer: User,
) -> None:
    data = jpeg((2000, 1000))
    photo = ingest("a.jpg", data).photo
    db.session.commit()
    ingested, *made = _events(photo.id)
    assert (ingested.action, ingested.actor_id) == ("photo.ingested", contributor.id)
    assert ingested.details == {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": len(data),
        "media_type": "image/jpeg",
        "width": 2000,
        "height": 1000,
    }
    assert [event.action for event in made] == ["photo.derivative_made"] * 2
    for event, (kind, size) in zip(
        made, [("display", (1600, 800)), ("thumb", (400, 200))], strict=True
    ):
        with open_file(storage, photo, kind) as copy:
            copied = copy.read()
        assert event.actor_id == contributor.id
        assert event.details == {
            "copy": kind,
            "sha256": hashlib.sha256(copied).hexdigest(),
            "size_bytes": len(copied),
            "media_type": "image/jpeg",
            "width": size[0],
            "height": size[1],
            "source_sha256": photo.sha256,
        }

    record_original_download(reviewer, photo)
    ingest("again.jpg", data)
    db.session.commit()
    downloaded, reuploaded = _events(photo.id)[3:]
    assert (downloaded.action, downloaded.actor_id) == ("photo.original_downloaded", reviewer.id)
    assert downloaded.details == {"sha256": photo.sha256, "size_bytes": len(data)}
    assert (reuploaded.action, reuploaded.details["sha256"]) == ("photo.reuploaded", photo.sha256)


def test_a_discarded_photo_loses_its_files_once_the_deletion_commits(
    ingest: Callable[..., Ingested], storage: LocalStorage, contributor: User
) -> None:
    photo = ingest("a.jpg", jpeg()).photo
    db.session.commit()
    photo_id, files = photo.id, _files(storage)

    discard_photo(contributor, photo, storage=storage)
    db.session.rollback()  # changed their mind: nothing is lost
    assert _files(storage) == files

    photo = db.session.get(Photo, photo_id)
    assert photo is not None
    discard_photo(contributor, photo, storage=storage)
    assert _files(storage) == files  # not before the commit
    db.session.commit()
    assert _files(storage) == []
    assert db.session.get(Photo, photo_id) is None
    assert _events(photo_id)[-1].action == "photo.discarded"


def test_limits_come_from_the_settings() -> None:
    limits = limits_from({"MAX_UPLOAD_MB": 25, "MAX_IMAGE_PIXELS": 60_000_000})
    assert limits == UploadLimits(max_bytes=25 * 1024 * 1024, max_pixels=60_000_000)
