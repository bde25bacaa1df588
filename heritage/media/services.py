"""Photos in and out: ingest with de-duplication, custody entries, files tied to the commit.

The caller owns the transaction, as with every service: these add rows and audit entries to
the session and stage files, and the caller commits (or rolls back). Files follow the
database's verdict through ``aftercommit``: a new photo's original and copies are moved into
place only once its row has committed and removed if it does not; a discarded photo's files
are deleted only once the row's deletion has committed.

Custody (DESIGN.md "Photo", after the Berkeley Protocol): the ingest of an original, each
derivative made from it, each download of the original and the removal of a photo are audit
entries naming who, and the SHA-256 of the bytes concerned, in the same transaction as the
change they record.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from heritage.accounts.models import User
from heritage.audit.services import record
from heritage.extensions import db
from heritage.media.aftercommit import defer
from heritage.media.models import Photo
from heritage.media.pipeline import PhotoRejected, ProcessedPhoto, process_photo
from heritage.media.storage import (
    PHOTO_FILE_KINDS,
    Storage,
    derivative_key,
    original_key,
    photo_file_key,
    storage_for,
)
from heritage.text import without_format_characters

__all__ = [
    "Ingested",
    "PhotoRejected",
    "PreparedPhoto",
    "UploadLimits",
    "clean_filename",
    "discard_photo",
    "download_name",
    "find_photo",
    "ingest_photo",
    "limits_from",
    "open_file",
    "photo_file_keys",
    "prepare_photo",
    "record_original_download",
    "storage_for",
    "store_photo",
]

MAX_FILENAME_LENGTH = 255  # the column's
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "image/heic": ".heic",
    "image/heif": ".heif",
}


@dataclass(frozen=True)
class UploadLimits:
    """The largest upload and the most pixels accepted (HERITAGE_MAX_UPLOAD_MB and
    HERITAGE_MAX_IMAGE_PIXELS), passed in so this module never reads the app's settings."""

    max_bytes: int
    max_pixels: int


def limits_from(config: Mapping[str, Any]) -> UploadLimits:
    return UploadLimits(
        max_bytes=config["MAX_UPLOAD_MB"] * 1024 * 1024, max_pixels=config["MAX_IMAGE_PIXELS"]
    )


@dataclass(frozen=True)
class Ingested:
    """The stored photo and whether this upload created it (False: the same bytes were
    already stored, and that photo is returned instead of a second copy)."""

    photo: Photo
    is_new: bool


@dataclass(frozen=True)
class PreparedPhoto:
    """An upload checked and decoded, with its public copies made: everything that needs no
    database, so it is done before the caller's transaction takes any lock."""

    filename: str
    data: bytes
    processed: ProcessedPhoto

    @property
    def sha256(self) -> str:
        return self.processed.facts.sha256


def prepare_photo(filename: str, data: bytes, *, limits: UploadLimits) -> PreparedPhoto:
    """Run the pipeline on an upload; raise ``PhotoRejected`` (its message is for the form).

    Seconds of decoding for a large photo must not hold the database: on SQLite a writing
    transaction locks every other writer, so callers prepare first and open it after.
    """
    processed = process_photo(
        filename, data, max_bytes=limits.max_bytes, max_pixels=limits.max_pixels
    )
    return PreparedPhoto(filename=filename, data=data, processed=processed)


def ingest_photo(
    actor: User | None,
    filename: str,
    data: bytes,
    *,
    limits: UploadLimits,
    storage: Storage,
) -> Ingested:
    """:func:`prepare_photo` then :func:`store_photo`, for a caller with nothing to release."""
    return store_photo(actor, prepare_photo(filename, data, limits=limits), storage=storage)


def store_photo(actor: User | None, prepared: PreparedPhoto, *, storage: Storage) -> Ingested:
    """Store a prepared upload and log its custody; files follow the caller's commit.

    ``filename`` is the name the browser sent: it is kept, cleaned, for reviewers, and never
    used for a path (files are named by their hash). Identical bytes already stored are not
    stored again: the existing photo is returned and the re-upload is a custody entry of its
    own, since who submitted a file is evidence.
    """
    sha256 = prepared.sha256
    existing = find_photo(sha256)
    if existing is not None:
        return _reused(actor, existing)
    processed = prepared.processed
    photo = _new_photo(actor, prepared.filename, processed)
    try:
        # A savepoint, so that losing a race with an identical upload leaves the caller's
        # transaction usable: the other upload's row is the photo.
        with db.session.begin_nested():
            db.session.add(photo)
    except IntegrityError:
        winner = find_photo(sha256)
        if winner is None:
            raise
        return _reused(actor, winner)
    facts = processed.facts
    record(
        actor,
        "photo.ingested",
        photo,
        sha256=sha256,
        size_bytes=facts.size_bytes,
        media_type=facts.media_type,
        width=facts.width,
        height=facts.height,
    )
    _stage(storage, original_key(sha256), prepared.data)
    for derivative in processed.derivatives:
        record(
            actor,
            "photo.derivative_made",
            photo,
            copy=derivative.kind,
            sha256=hashlib.sha256(derivative.data).hexdigest(),
            size_bytes=len(derivative.data),
            media_type=derivative.media_type,
            width=derivative.width,
            height=derivative.height,
            source_sha256=sha256,
        )
        _stage(storage, derivative_key(sha256, derivative.kind), derivative.data)
    db.session.flush()
    return Ingested(photo=photo, is_new=True)


def _new_photo(actor: User | None, filename: str, processed: ProcessedPhoto) -> Photo:
    facts = processed.facts
    return Photo(
        sha256=facts.sha256,
        media_type=facts.media_type,
        size_bytes=facts.size_bytes,
        width=facts.width,
        height=facts.height,
        taken_at=facts.taken_at,
        camera=facts.camera,
        had_gps=facts.had_gps,
        gps_latitude=facts.gps_latitude,
        gps_longitude=facts.gps_longitude,
        original_filename=clean_filename(filename),
        uploaded_by_id=actor.id if actor is not None else None,
    )


def _reused(actor: User | None, photo: Photo) -> Ingested:
    record(actor, "photo.reuploaded", photo, sha256=photo.sha256, size_bytes=photo.size_bytes)
    return Ingested(photo=photo, is_new=False)


def _stage(storage: Storage, key: str, data: bytes) -> None:
    """Write a file under a temporary name, to be moved into place when the session commits.

    Each file is registered as soon as it exists, so a failure while writing the next one
    still removes it when the transaction is rolled back.
    """
    staged = storage.stage(key, data)
    defer(_session(), on_commit=staged.publish, on_rollback=staged.discard)


def _session() -> Session:
    """The request's session itself, not its scoped proxy: session events are per session."""
    return db.session()


def find_photo(sha256: str) -> Photo | None:
    return db.session.scalar(select(Photo).where(Photo.sha256 == sha256))


def clean_filename(filename: str) -> str | None:
    """The sent name as reviewers may see it: its last path segment only (a browser on
    Windows may send ``C:\\Users\\…``), NFC, without control or invisible format characters
    (a right-to-left override can make ``gpj.exe`` read as ``exe.jpg``), at most 255
    characters with the extension kept. Display only: files are named by their hash.
    """
    name = re.split(r"[\\/]", filename)[-1]
    name = unicodedata.normalize("NFC", without_format_characters(name))
    name = "".join(char for char in name if unicodedata.category(char) != "Cc").strip()
    if name in ("", ".", ".."):
        return None
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if not dot or len(extension) > 10:
            return name[:MAX_FILENAME_LENGTH]
        return stem[: MAX_FILENAME_LENGTH - len(extension) - 1] + "." + extension
    return name


def photo_file_keys(photo: Photo) -> list[str]:
    """Every file a photo has in storage: its original and its public copies."""
    return [photo_file_key(photo.sha256, kind) for kind in PHOTO_FILE_KINDS]


def open_file(storage: Storage, photo: Photo, kind: str) -> BinaryIO:
    """One of the photo's files for reading: ``thumb``, ``display`` or ``original``.

    Who may read which is the caller's decision; reading the original must be logged with
    ``record_original_download``.
    """
    return storage.open(photo_file_key(photo.sha256, kind))


def download_name(photo: Photo) -> str:
    """The original's name in a reviewer's downloads: its hash, so the file names itself as
    the evidence it is and can be checked with ``sha256sum``; never the sent name, which
    may identify the photographer and is shown to reviewers separately."""
    return photo.sha256 + _EXTENSIONS.get(photo.media_type, "")


def record_original_download(actor: User | None, photo: Photo) -> None:
    """A custody entry: this person received a copy of the evidentiary original."""
    record(
        actor,
        "photo.original_downloaded",
        photo,
        sha256=photo.sha256,
        size_bytes=photo.size_bytes,
    )


def discard_photo(actor: User | None, photo: Photo, *, storage: Storage) -> None:
    """Delete a photo no version uses any more; its files go once the deletion commits.

    The caller checks that nothing refers to the photo (the foreign keys refuse it anyway).
    The custody entry keeps the hash, so the log still says which file existed and when.
    """
    keys = photo_file_keys(photo)
    record(
        actor,
        "photo.discarded",
        photo,
        sha256=photo.sha256,
        size_bytes=photo.size_bytes,
        media_type=photo.media_type,
    )
    db.session.delete(photo)
    db.session.flush()

    def delete_files() -> None:
        for key in keys:
            storage.delete(key)

    defer(_session(), on_commit=delete_files)
