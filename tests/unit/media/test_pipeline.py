"""The photo pipeline on bytes: facts read, metadata stripped, bad files refused with reasons.

Every image is drawn with Pillow (``images``), so no binary fixture is committed and each test
shows exactly what the file holds.
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Callable
from datetime import datetime

import pytest
from PIL import ExifTags, Image, ImageFile

from heritage.media.pipeline import (
    DISPLAY_MAX,
    THUMB_MAX,
    PhotoRejected,
    ProcessedPhoto,
    check_upload,
    process_photo,
    sniff_type,
)
from tests.unit.media.images import HTML, assert_no_metadata
from tests.unit.media.images import camera_exif as _exif
from tests.unit.media.images import camera_jpeg as _camera_jpeg
from tests.unit.media.images import encode as _encode
from tests.unit.media.images import heic as _heic
from tests.unit.media.images import jpeg as _jpeg
from tests.unit.media.images import multi_page_tiff as _multi_page_tiff
from tests.unit.media.images import picture as _picture
from tests.unit.media.images import png as _png
from tests.unit.media.images import png_header_bomb as _png_header_bomb
from tests.unit.media.images import rational as _rational
from tests.unit.media.images import zip_archive as _zip

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 60_000_000


def _process(name: str, data: bytes, **limits: int) -> ProcessedPhoto:
    return process_photo(
        name,
        data,
        max_bytes=limits.get("max_bytes", MAX_BYTES),
        max_pixels=limits.get("max_pixels", MAX_PIXELS),
    )


def _refusal(name: str, data: bytes, **limits: int) -> str:
    with pytest.raises(PhotoRejected) as refused:
        _process(name, data, **limits)
    return refused.value.message


@pytest.fixture(scope="module")
def camera_jpeg() -> bytes:
    return _camera_jpeg()


@pytest.fixture(scope="module")
def processed(camera_jpeg: bytes) -> ProcessedPhoto:
    return _process("IMG_0042.JPG", camera_jpeg)


# --- facts -------------------------------------------------------------------------------------


def test_facts_are_read_from_the_original(camera_jpeg: bytes, processed: ProcessedPhoto) -> None:
    facts = processed.facts
    assert facts.sha256 == hashlib.sha256(camera_jpeg).hexdigest()
    assert facts.media_type == "image/jpeg"
    assert facts.size_bytes == len(camera_jpeg)
    assert facts.taken_at == datetime(2016, 3, 27, 14, 5, 9)
    assert facts.taken_at.tzinfo is None
    assert facts.camera == "Canon EOS R5"
    assert facts.had_gps is True
    assert facts.gps_latitude == pytest.approx(-(34 + 33 / 60 + 4.7 / 3600), abs=1e-4)
    assert facts.gps_longitude == pytest.approx(-(38 + 16 / 60 + 0.25 / 3600), abs=1e-4)
    assert round(facts.gps_latitude, 4) == -34.5513
    assert round(facts.gps_longitude, 4) == -38.2667


def test_orientation_6_swaps_the_size_and_turns_the_copies(processed: ProcessedPhoto) -> None:
    # Stored 120 × 80 with the red half on the left; orientation 6 turns it a quarter
    # clockwise, so it is seen 80 × 120 with red at the top.
    assert (processed.facts.width, processed.facts.height) == (80, 120)
    for derivative in processed.derivatives:
        copy = Image.open(io.BytesIO(derivative.data)).convert("RGB")
        assert copy.size == (derivative.width, derivative.height)
        assert copy.width < copy.height
        top, bottom = (
            copy.getpixel((copy.width // 2, 2)),
            copy.getpixel((copy.width // 2, copy.height - 3)),
        )
        assert top[0] > 150 > top[2]
        assert bottom[2] > 150 > bottom[0]


def test_a_photo_without_exif_has_no_facts_to_report() -> None:
    facts = _process("plain.png", _png()).facts
    assert (facts.width, facts.height) == (120, 80)
    assert facts.taken_at is facts.camera is facts.gps_latitude is facts.gps_longitude is None
    assert facts.had_gps is False


@pytest.mark.parametrize(
    ("taken", "written", "expected"),
    [
        ("2016:03:27 14:05:09", "2016:04:02 09:00:00", datetime(2016, 3, 27, 14, 5, 9)),
        (None, "2016:04:02 09:00:00", datetime(2016, 4, 2, 9, 0, 0)),
        ("0000:00:00 00:00:00", "2016:04:02 09:00:00", datetime(2016, 4, 2, 9, 0, 0)),
        ("    :  :     :  :  ", None, None),
        ("2016:03:27 14:05:09\x00", None, datetime(2016, 3, 27, 14, 5, 9)),
    ],
    ids=["original", "fallback-to-DateTime", "blank-original", "unparseable", "nul-padded"],
)
def test_taken_at(taken: str | None, written: str | None, expected: datetime | None) -> None:
    data = _jpeg(exif=_exif(taken=taken, written=written, gps=False))
    assert _process("a.jpg", data).facts.taken_at == expected


@pytest.mark.parametrize(
    ("make", "model", "expected"),
    [
        ("Canon", "Canon EOS R5", "Canon EOS R5"),
        ("NIKON CORPORATION", "NIKON D850", "NIKON D850"),
        ("Apple", "iPhone 12", "Apple iPhone 12"),
        (None, "X100V", "X100V"),
        ("FUJIFILM", None, "FUJIFILM"),
        ("  ", None, None),
    ],
)
def test_camera_names_the_make_once(
    make: str | None, model: str | None, expected: str | None
) -> None:
    data = _jpeg(exif=_exif(make=make, model=model, gps=False))
    assert _process("a.jpg", data).facts.camera == expected


def test_a_gps_block_without_a_position_is_not_a_position() -> None:
    exif = _exif(gps=False)
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSVersionID] = b"\x02\x02\x00\x00"
    facts = _process("a.jpg", _jpeg(exif=exif)).facts
    assert (facts.had_gps, facts.gps_latitude, facts.gps_longitude) == (False, None, None)


def test_an_unreadable_position_still_counts_as_gps() -> None:
    exif = _exif(gps=False)
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = tuple(map(_rational, (95, 0, 0)))
    facts = _process("a.jpg", _jpeg(exif=exif)).facts
    assert (facts.had_gps, facts.gps_latitude, facts.gps_longitude) == (True, None, None)


# --- derivatives carry pixels and nothing else ------------------------------------------------


@pytest.mark.parametrize("index", [0, 1], ids=["display", "thumb"])
def test_derivatives_carry_no_metadata(processed: ProcessedPhoto, index: int) -> None:
    derivative = processed.derivatives[index]
    assert derivative.kind == ("display", "thumb")[index]
    assert derivative.media_type == "image/jpeg"
    assert_no_metadata(derivative.data)


@pytest.mark.parametrize(
    ("size", "display", "thumb"),
    [
        ((4000, 3400), (1600, 1360), (400, 340)),  # a large JPEG, decoded in draft mode
        ((300, 200), (300, 200), (300, 200)),  # small: never enlarged
        ((1000, 250), (1000, 250), (400, 100)),
    ],
)
def test_derivative_sizes_fit_their_box_and_keep_the_aspect(
    size: tuple[int, int], display: tuple[int, int], thumb: tuple[int, int]
) -> None:
    result = _process("big.jpg", _jpeg(size))
    assert (result.facts.width, result.facts.height) == size
    made = {d.kind: (d.width, d.height) for d in result.derivatives}
    assert made == {"display": display, "thumb": thumb}
    assert max(made["display"]) <= DISPLAY_MAX
    assert max(made["thumb"]) <= THUMB_MAX


def test_transparency_is_flattened_onto_white() -> None:
    image = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (20, 0, 40, 30))
    result = _process("logo.png", _encode(image, "PNG"))
    assert result.facts.media_type == "image/png"
    for derivative in result.derivatives:
        copy = Image.open(io.BytesIO(derivative.data))
        assert (derivative.media_type, copy.mode) == ("image/jpeg", "RGB")
        assert min(copy.getpixel((3, 15))) > 240
        assert copy.getpixel((36, 15))[0] > 150


def test_a_16_bit_scan_keeps_its_tones() -> None:
    result = _process("scan.png", _encode(Image.new("I;16", (30, 20), 40000), "PNG"))
    grey = Image.open(io.BytesIO(result.derivatives[0].data)).getpixel((15, 10))
    assert grey == pytest.approx((156, 156, 156), abs=3)


# --- what is accepted -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "media_type"),
    [
        ("scan.tif", "TIFF", "image/tiff"),
        ("scan.TIFF", "TIFF", "image/tiff"),
        ("photo.webp", "WEBP", "image/webp"),
        ("photo.jpeg", "JPEG", "image/jpeg"),
        ("screenshot.png", "PNG", "image/png"),
        ("forwarded.jpg", "PNG", "image/png"),  # a PNG renamed by a messaging app
    ],
)
def test_accepted_types(name: str, fmt: str, media_type: str) -> None:
    result = _process(name, _encode(_picture(), fmt))
    assert result.facts.media_type == media_type
    assert (result.facts.width, result.facts.height) == (120, 80)
    assert [d.kind for d in result.derivatives] == ["display", "thumb"]


def test_a_multi_picture_jpeg_is_a_jpeg() -> None:
    # iPhones and Ultra HDR phones append a gain map as a second JPEG, indexed by MPF.
    data = _encode(_picture(), "MPO", save_all=True, append_images=[_picture((60, 40))])
    assert _process("IMG_1.jpg", data).facts.media_type == "image/jpeg"


def test_padding_after_the_image_is_allowed() -> None:
    assert _process("a.jpg", _jpeg() + bytes(64) + b"\xff" * 8).facts.width == 120


# --- step 1: refused before decoding ---------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WEBP"),
        (b"II*\x00\x08\x00\x00\x00", "TIFF"),
        (b"MM\x00*\x00\x00\x00\x08", "TIFF"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (b"GIF89a\x01\x00", None),
        (b"<!DOCTYPE html>", None),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_sniff_type(head: bytes, expected: str | None) -> None:
    assert sniff_type(head) == expected


def test_check_upload_returns_what_the_bytes_are() -> None:
    assert check_upload("photo.jpg", _png(), max_bytes=MAX_BYTES) == "PNG"


def test_too_big_says_both_sizes() -> None:
    message = _refusal("a.jpg", bytes(31 * 1024 * 1024), max_bytes=25 * 1024 * 1024)
    assert message == "The photo is 31 MB; the largest accepted is 25 MB."
    message = _refusal("a.jpg", bytes(5000), max_bytes=2048)
    assert message == "The photo is 5 KB; the largest accepted is 2 KB."


def _gif() -> bytes:
    return _encode(_picture(), "GIF")


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _bad_png_checksum() -> bytes:
    data = bytearray(_png())
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("photo.jpg", lambda: b"", "The file is empty"),
        ("notes.txt", _jpeg, "Only JPEG, PNG, WebP, TIFF and HEIC photos"),
        ("photo", _jpeg, "Only JPEG, PNG, WebP, TIFF and HEIC photos"),
        ("animation.gif", _gif, "Only JPEG, PNG, WebP, TIFF and HEIC photos"),
        (
            "photo.jpg",
            _gif,
            "not a JPEG, PNG, WebP, TIFF or HEIC photo, although its name ends in .jpg",
        ),
        ("photo.png", lambda: HTML, "not a JPEG, PNG, WebP, TIFF or HEIC photo"),
        ("photo.jpg", lambda: _half(_jpeg()), "damaged or incomplete"),
        ("photo.png", lambda: _half(_png()), "damaged or incomplete"),
        ("photo.png", _bad_png_checksum, "damaged or incomplete"),
        ("photo.jpg", lambda: _jpeg() + _zip(), "other data attached"),
        ("photo.jpg", lambda: _jpeg() + b"x" * 1024, "other data attached"),
        ("photo.png", lambda: _png() + HTML, "other data attached"),
        ("photo.webp", lambda: _encode(_picture(), "WEBP") + HTML, "other data attached"),
        ("scan.tif", lambda: _encode(_picture(), "TIFF") + _zip(), "other data attached"),
        ("photo.jpg", lambda: _jpeg(comment=_zip()), "other data attached"),
    ],
    ids=[
        "empty",
        "txt-name",
        "no-extension",
        "gif-name",
        "gif-named-jpg",
        "html-named-png",
        "truncated-jpeg",
        "truncated-png",
        "png-bad-checksum",
        "jpeg-then-zip",
        "jpeg-then-junk",
        "png-then-html",
        "webp-then-html",
        "tiff-then-zip",
        "zip-inside-jpeg-comment",
    ],
)
def test_refusals_explain_themselves(name: str, make: Callable[[], bytes], says: str) -> None:
    message = _refusal(name, make())
    assert says in message
    assert message.endswith(".")
    for jargon in ("PIL", "Pillow", "Error", "errno", "0x", "IDAT"):
        assert jargon not in message


@pytest.mark.parametrize("pillow_limit", [None, Image.MAX_IMAGE_PIXELS], ids=["unset", "default"])
@pytest.mark.parametrize(
    "size",
    [(3_000, 3_000), (10_000, 10_000), (20_000, 10_000)],
    ids=["over-our-limit", "over-pillow-warning", "over-pillow-error"],
)
def test_a_decompression_bomb_is_refused_from_its_header(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], pillow_limit: int | None
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", pillow_limit)
    decoded: list[object] = []
    real_load = ImageFile.ImageFile.load

    def spy(image: ImageFile.ImageFile) -> object:
        decoded.append(image)
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    data = _png_header_bomb(*size)
    assert len(data) < 200_000
    message = _refusal("flat.png", data, max_pixels=1_000_000)
    assert "too many pixels" in message
    assert decoded == []


# --- no Pillow exception escapes -----------------------------------------------------------------


# The refusals a damaged file may earn: the same plain sentences a form shows for any bad file.
DAMAGED_FILE_REFUSALS = (
    "The photo could not be read: the file seems to be damaged or incomplete.",
    "The photo has other data attached to it after the picture,",
)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_damaged_files_are_processed_or_refused_never_crash(fmt: str) -> None:
    original = _encode(_picture((48, 32)), fmt)
    name = f"photo.{fmt.lower()}"
    chance = random.Random(fmt)  # noqa: S311 seeded so a failure can be replayed; not secret
    processed: list[tuple[bytes, ProcessedPhoto]] = []
    refusals: list[str] = []
    for _ in range(25):
        data = bytearray(original)
        for _ in range(chance.randint(1, 6)):
            data[chance.randrange(12, len(data))] = chance.randrange(256)
        try:
            processed.append((bytes(data), _process(name, bytes(data))))
        except PhotoRejected as refusal:
            refusals.append(refusal.message)

    # The seeded damage makes both outcomes, so neither is checked vacuously.
    assert processed
    assert refusals
    for message in refusals:
        assert message.startswith(DAMAGED_FILE_REFUSALS), message
    for data, result in processed:
        assert result.facts.sha256 == hashlib.sha256(data).hexdigest()
        assert [d.kind for d in result.derivatives] == ["display", "thumb"]
        for derivative in result.derivatives:
            copy = Image.open(io.BytesIO(derivative.data))
            assert (copy.format, copy.size) == ("JPEG", (derivative.width, derivative.height))
            assert 0 < max(copy.size) <= DISPLAY_MAX


# --- HEIC / HEIF (phones) -------------------------------------------------------------------


def _with_brands(data: bytes, major: bytes, *compatible: bytes) -> bytes:
    """The same HEIF with its ftyp box rewritten (same length) to announce other brands."""
    brands = (compatible + (major,) * 3)[:3]
    return data[:8] + major + data[12:16] + b"".join(brands) + data[28:]


@pytest.fixture(scope="module")
def phone_heic() -> bytes:
    return _heic(exif=_exif(make="Apple", model="iPhone 12", orientation=6))


def test_a_heic_is_read_kept_as_sent_and_copied_as_jpeg(phone_heic: bytes) -> None:
    assert phone_heic[4:12] == b"ftypheic"
    result = _process("IMG_0001.HEIC", phone_heic)
    facts = result.facts
    assert facts.sha256 == hashlib.sha256(phone_heic).hexdigest()
    assert (facts.media_type, facts.size_bytes) == ("image/heic", len(phone_heic))
    assert facts.camera == "Apple iPhone 12"
    assert facts.taken_at == datetime(2016, 3, 27, 14, 5, 9)
    assert facts.had_gps is True
    assert round(facts.gps_latitude or 0, 4) == -34.5513
    assert round(facts.gps_longitude or 0, 4) == -38.2667
    # Stored 120 × 80, red on the left, turned a quarter clockwise: seen 80 × 120, red on top.
    assert (facts.width, facts.height) == (80, 120)
    for derivative in result.derivatives:
        assert derivative.media_type == "image/jpeg"
        assert_no_metadata(derivative.data)
        copy = Image.open(io.BytesIO(derivative.data)).convert("RGB")
        assert copy.size == (80, 120)
        top, bottom = copy.getpixel((40, 3)), copy.getpixel((40, 116))
        assert top[0] > 150 > top[2]
        assert bottom[2] > 150 > bottom[0]


@pytest.mark.parametrize(
    ("name", "brands", "media_type"),
    [
        ("IMG_0001.heic", (b"heic", b"mif1"), "image/heic"),
        ("IMG_0001.HEIF", (b"heix", b"mif1"), "image/heic"),
        ("camera.heif", (b"mif1", b"heic"), "image/heic"),  # generic major, HEVC promised
        ("camera.heif", (b"mif1", b"miaf"), "image/heif"),
        ("forwarded.jpg", (b"heic", b"mif1"), "image/heic"),  # renamed: the bytes decide
    ],
)
def test_heif_names_and_brands(name: str, brands: tuple[bytes, ...], media_type: str) -> None:
    data = _with_brands(_heic(), *brands)
    result = _process(name, data)
    assert result.facts.media_type == media_type
    assert (result.facts.width, result.facts.height) == (120, 80)
    assert result.facts.had_gps is False


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIF"),
        (b"\x00\x00\x00\x18ftypmsf1\x00\x00\x00\x00msf1hevc", "HEIF"),
        (b"\x00\x00\x00\x18ftyphevx\x00\x00\x00\x00mif1msf1", "HEIF"),
        (b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00mif1miaf", None),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00avifmiaf", None),  # AVIF under a HEIF major
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isomavc1", None),  # an MP4 video
        (b"\x00\x00\x00\x18ftypqt  \x00\x00\x00\x00qt  heic", None),  # a QuickTime movie
        (b"\x00\x00\x00\x07ftypheic\x00\x00\x00\x00", None),  # a box shorter than its header
    ],
)
def test_sniff_heif_brands(head: bytes, expected: str | None) -> None:
    assert sniff_type(head) == expected


def test_avif_is_not_accepted_even_named_heic() -> None:
    message = _refusal("photo.heic", _encode(_picture(), "AVIF"))
    assert "not a JPEG, PNG, WebP, TIFF or HEIC photo" in message


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda heic: heic[: len(heic) // 2], "damaged or incomplete"),
        (lambda heic: heic + HTML, "other data attached"),
        (lambda heic: heic + _zip(), "other data attached"),
        (lambda heic: heic + b"\x00\x00\x00\x10free" + bytes(8) + HTML, "other data attached"),
    ],
    ids=["truncated", "then-html", "then-zip", "box-then-html"],
)
def test_bad_heic_files_are_refused(make: Callable[[bytes], bytes], says: str) -> None:
    assert says in _refusal("IMG_0001.heic", make(_heic()))


def test_a_heic_over_the_pixel_limit_is_refused() -> None:
    assert "too many pixels" in _refusal("IMG_0001.heic", _heic(), max_pixels=5_000)


def test_padding_after_a_heic_is_allowed() -> None:
    assert _process("IMG_0001.heic", _heic() + bytes(16)).facts.width == 120


# --- TIFF with several pages ----------------------------------------------------------------


@pytest.mark.parametrize("preview", [False, True], ids=["two-pages", "page-and-preview"])
def test_a_tiff_with_several_pages_is_refused(preview: bool) -> None:
    message = _refusal("scan.tif", _multi_page_tiff(preview=preview))
    assert message.startswith("This TIFF file holds more than one page.")
    assert "as a photo of its own" in message
