"""Where photo files live: a small interface, its local-directory implementation, staged writes.

Everything that reads or writes a photo file goes through ``Storage`` (put, open, exists,
delete, iterate, stage), so that an S3-compatible store can be added later as one more class
here and a branch in ``storage_from_config``: the pipeline never sees files, and the services
take a ``Storage`` as an argument. The app's storage is ``storage_for(app)``; this module
needs no Flask import for it, so scripts and tests can build a ``LocalStorage`` directly.

Keys are relative, slash-separated and lower-case (``originals/ab/<sha256>``,
``derivatives/<sha256>/display.jpg``); a key that could leave the storage root is refused.
Writes that must wait for a database commit are *staged*: written in full under a temporary
name, then published (moved into place atomically) or discarded. ``heritage.media.aftercommit``
ties the two to the session's commit and rollback.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from heritage.config import check_storage_url

# A key is segments of lower-case letters, digits, dot, dash and underscore, none starting
# with a dot: so no "..", no absolute path, no backslash and no clash with staged names.
_KEY = re.compile(r"[a-z0-9_][a-z0-9_.-]*(/[a-z0-9_][a-z0-9_.-]*)*")
MAX_KEY_LENGTH = 400
STAGED_PREFIX = ".staged-"
STORAGE_EXTENSION = "heritage.storage"
PHOTO_FILE_KINDS = ("thumb", "display", "original")


class InvalidKey(ValueError):
    """A storage key outside the rules: a programming error, never a user's input."""


class StagedFile(Protocol):
    """A file written in full under a temporary name, waiting for the database's verdict."""

    key: str

    def publish(self) -> None:
        """Move the file into place under its key, atomically; a reader never sees half."""

    def discard(self) -> None:
        """Remove the temporary file; the key is left as it was."""


class Storage(Protocol):
    """The operations the registry needs from a file store, and nothing file-system-specific."""

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` at once (replacing any file there), atomically."""

    def stage(self, key: str, data: bytes) -> StagedFile:
        """Write ``data`` to a temporary name, to be published under ``key`` or discarded."""

    def open(self, key: str) -> BinaryIO:
        """The stored file for reading; FileNotFoundError if there is none."""

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the file under ``key``; nothing happens if there is none."""

    def iterate(self, prefix: str = "") -> Iterator[str]:
        """Every stored key starting with ``prefix``, sorted; staged files are not listed."""


def original_key(sha256: str) -> str:
    """The original's key; the two-character folder keeps directories small."""
    return f"originals/{sha256[:2]}/{sha256}"


def derivative_key(sha256: str, kind: str) -> str:
    """A public copy's key, beside its siblings so a photo's copies are deleted together."""
    return f"derivatives/{sha256}/{kind}.jpg"


def photo_file_key(sha256: str, kind: str) -> str:
    """The key of one of a photo's files: ``thumb``, ``display`` or ``original``."""
    if kind not in PHOTO_FILE_KINDS:
        raise ValueError(f"unknown photo file kind {kind!r}")
    return original_key(sha256) if kind == "original" else derivative_key(sha256, kind)


def validate_key(key: str) -> str:
    if len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise InvalidKey(f"not a storage key: {key!r}")
    return key


class LocalStorage:
    """Files under one directory (``HERITAGE_UPLOAD_DIR``), the default store.

    A staged file is written beside its final place (same directory, so same file system)
    and published with ``os.replace``, which is atomic on POSIX and Windows: a reader or a
    crash sees the old file or the new one, never a part. Files are flushed to disk before
    the rename, so a power cut after the database commit cannot leave an empty photo.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def path(self, key: str) -> Path:
        """The file's path, checked to lie inside the root even through a symbolic link."""
        path = self.root / validate_key(key)
        if not path.resolve().is_relative_to(self.root):
            raise InvalidKey(f"storage key leaves the root: {key!r}")
        return path

    def put(self, key: str, data: bytes) -> None:
        self.stage(key, data).publish()

    def stage(self, key: str, data: bytes) -> _LocalStagedFile:
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(f"{STAGED_PREFIX}{secrets.token_hex(8)}-{final.name}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return _LocalStagedFile(key, temporary, final)

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        path = self.path(key)
        path.unlink(missing_ok=True)
        # Tidy the folders the file leaves empty (a photo's derivatives folder), up to the root.
        for folder in path.parents:
            if folder == self.root or not folder.is_relative_to(self.root):
                break
            try:
                folder.rmdir()
            except OSError:  # not empty, or already gone: leave it
                break

    def iterate(self, prefix: str = "") -> Iterator[str]:
        if not self.root.is_dir():
            return
        for folder, subfolders, names in os.walk(self.root):
            subfolders.sort()
            relative = Path(folder).relative_to(self.root).as_posix()
            for name in sorted(names):
                if name.startswith("."):
                    continue  # staged files, and anything else that is not a stored key
                key = name if relative == "." else f"{relative}/{name}"
                if key.startswith(prefix):
                    yield key


class _LocalStagedFile:
    def __init__(self, key: str, temporary: Path, final: Path) -> None:
        self.key = key
        self.temporary = temporary
        self.final = final

    def publish(self) -> None:
        os.replace(self.temporary, self.final)

    def discard(self) -> None:
        self.temporary.unlink(missing_ok=True)


def storage_from_config(config: Mapping[str, Any]) -> Storage:
    """The store the settings name: ``HERITAGE_STORAGE_URL`` if set, else the upload folder.

    ``check_storage_url`` has refused every URL this cannot serve when the app started; an
    S3 store is one more branch here.
    """
    url = check_storage_url(config.get("STORAGE_URL"))
    if url is None:
        return LocalStorage(config["UPLOAD_DIR"])
    return LocalStorage(url.removeprefix("file://"))


class _App(Protocol):
    """What ``storage_for`` needs of a Flask app (typed so, to keep Flask out of this module)."""

    config: Any
    extensions: dict[str, Any]


def storage_for(app: _App) -> Storage:
    """The app's store, made from its settings on first use and kept in ``app.extensions``
    (a test may put another there under ``STORAGE_EXTENSION``): one per process, so every
    request sees the same store."""
    if STORAGE_EXTENSION not in app.extensions:
        app.extensions[STORAGE_EXTENSION] = storage_from_config(app.config)
    storage: Storage = app.extensions[STORAGE_EXTENSION]
    return storage
