"""The local store: keys that cannot escape, atomic staged writes, listing without temporaries;
and the settings that choose the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from heritage import config as settings
from heritage.config import ConfigError, check_storage_url
from heritage.media.storage import (
    STAGED_PREFIX,
    STORAGE_EXTENSION,
    InvalidKey,
    LocalStorage,
    derivative_key,
    original_key,
    photo_file_key,
    storage_for,
    storage_from_config,
)

SHA = "ab" + "0" * 62


@pytest.fixture
def storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "uploads")


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_keys_name_files_by_hash() -> None:
    assert original_key(SHA) == f"originals/ab/{SHA}"
    assert derivative_key(SHA, "thumb") == f"derivatives/{SHA}/thumb.jpg"
    assert photo_file_key(SHA, "display") == f"derivatives/{SHA}/display.jpg"
    assert photo_file_key(SHA, "original") == original_key(SHA)
    with pytest.raises(ValueError, match="unknown photo file kind"):
        photo_file_key(SHA, "../original")


def test_put_open_exists_delete(storage: LocalStorage) -> None:
    key = original_key(SHA)
    assert not storage.exists(key)
    storage.put(key, b"evidence")
    assert storage.exists(key)
    with storage.open(key) as handle:
        assert handle.read() == b"evidence"
    assert _files(storage.root) == [key]
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # deleting what is not there is not an error
    with pytest.raises(FileNotFoundError):
        storage.open(key)
    # The folders the file left empty go too; the root stays.
    assert storage.root.is_dir()
    assert list(storage.root.iterdir()) == []


def test_a_staged_file_is_invisible_until_published(storage: LocalStorage) -> None:
    key = derivative_key(SHA, "display")
    staged = storage.stage(key, b"copy")
    assert not storage.exists(key)
    assert list(storage.iterate()) == []
    [temporary] = _files(storage.root)
    assert Path(temporary).name.startswith(STAGED_PREFIX)
    staged.publish()
    assert _files(storage.root) == [key]
    assert list(storage.iterate()) == [key]


def test_a_discarded_staged_file_leaves_nothing_and_keeps_the_old_file(
    storage: LocalStorage,
) -> None:
    key = original_key(SHA)
    storage.put(key, b"old")
    storage.stage(key, b"new").discard()
    assert _files(storage.root) == [key]
    with storage.open(key) as handle:
        assert handle.read() == b"old"


def test_publishing_replaces_atomically(storage: LocalStorage) -> None:
    key = original_key(SHA)
    storage.put(key, b"one")
    storage.put(key, b"two")
    with storage.open(key) as handle:
        assert handle.read() == b"two"
    assert _files(storage.root) == [key]


def test_iterate_lists_keys_sorted_by_prefix(storage: LocalStorage) -> None:
    keys = [original_key(SHA), derivative_key(SHA, "thumb"), derivative_key(SHA, "display")]
    for key in keys:
        storage.put(key, b"x")
    storage.stage(original_key("cd" + "1" * 62), b"pending")
    assert list(storage.iterate()) == sorted(keys)
    assert list(storage.iterate("derivatives/")) == sorted(keys[1:])
    assert list(storage.iterate("originals/")) == [keys[0]]
    assert list(LocalStorage(storage.root / "missing").iterate()) == []


@pytest.mark.parametrize(
    "key",
    [
        "",
        "../passwd",
        "originals/../../passwd",
        "/etc/passwd",
        "originals//x",
        "originals/x/",
        "Originals/x",
        "originals\\x",
        ".staged-1234-x",
        "originals/.hidden",
        "originals/x\x00.jpg",
        "originals/é",
        "a" * 401,
    ],
)
def test_keys_that_could_escape_or_collide_are_refused(storage: LocalStorage, key: str) -> None:
    for operation in (storage.exists, storage.delete, storage.open):
        with pytest.raises(InvalidKey):
            operation(key)
    with pytest.raises(InvalidKey):
        storage.put(key, b"x")
    assert not storage.root.exists() or _files(storage.root) == []


def test_a_symbolic_link_out_of_the_root_is_not_followed(
    storage: LocalStorage, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    storage.root.mkdir()
    (storage.root / "originals").symlink_to(outside)
    with pytest.raises(InvalidKey, match="leaves the root"):
        storage.put(original_key(SHA), b"x")
    assert list(outside.iterdir()) == []


# --- which store the settings choose --------------------------------------------------------------


def test_the_upload_folder_is_the_default_store(tmp_path: Path) -> None:
    store = storage_from_config({"UPLOAD_DIR": str(tmp_path), "STORAGE_URL": None})
    assert isinstance(store, LocalStorage)
    assert store.root == tmp_path.resolve()
    other = storage_from_config({"UPLOAD_DIR": "ignored", "STORAGE_URL": f"file://{tmp_path}/x"})
    assert isinstance(other, LocalStorage)
    assert other.root == (tmp_path / "x").resolve()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("s3://bucket/photos", "s3://… is not supported yet"),
        ("https://example.org/photos", "must be file:///absolute/path"),
        ("file://relative/path", "must be file:///absolute/path"),
    ],
)
def test_a_storage_url_this_version_cannot_serve_stops_the_start(
    url: str, says: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=says.replace(".", r"\.")):
        check_storage_url(url)
    environment = settings.from_environment({"HERITAGE_STORAGE_URL": url})
    assert environment == {"STORAGE_URL": url}
    config: dict[str, Any] = {**settings.defaults(tmp_path), **environment}
    config["SECRET_KEY"] = "x" * 40
    with pytest.raises(ConfigError, match=says.replace(".", r"\.")):
        settings.finalise(config, tmp_path)


def test_the_app_keeps_one_store(app: Flask) -> None:
    store = storage_for(app)
    assert storage_for(app) is store
    assert isinstance(store, LocalStorage)
    assert store.root == Path(app.config["UPLOAD_DIR"]).resolve()
    assert app.extensions[STORAGE_EXTENSION] is store
