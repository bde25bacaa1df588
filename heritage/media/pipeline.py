"""From uploaded bytes to an original's facts and its public derivatives (DESIGN.md "Photos").

Plain Python, Pillow and pillow-heif only: no Flask, no database and no file system, so
every rule is unit-tested on bytes. The storage layer writes what this returns. Anything wrong
with a file becomes a ``PhotoRejected`` whose message a form can show (in the reader's
language, through ``heritage.translate``); no Pillow exception escapes.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pillow_heif
from PIL import ExifTags, Image, ImageOps

from heritage.translate import _, lazy, ngettext

# Phones (iPhones by default, many Android phones) save HEIC. The opener is Pillow's plugin
# registry, global to the process, so registering it here keeps the pipeline the one place
# that knows about HEIF. Thumbnails, depth maps and auxiliary images are not wanted: the
# derivatives are made from the primary image alone, and every part not parsed is one less
# place for a malformed file to go wrong.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

ACCEPTED_TYPES: dict[str, str] = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "TIFF": "image/tiff",
    "HEIF": "image/heif",  # or image/heic, by the file's brands: see _heif_media_type
}
ACCEPTED_EXTENSIONS: frozenset[str] = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif"}
)
# ISO base media file ("ftyp") brands of HEIF still images and sequences. HEVC-coded ones
# are image/heic; mif1/msf1 only promise the HEIF structure. AVIF (the same container with
# AV1 pictures) is not accepted: the issue asks for HEIC, and its brand is refused even when
# it only appears among the compatible brands, since pillow-heif no longer decodes AV1.
HEVC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
HEIF_BRANDS = HEVC_BRANDS | {b"mif1", b"msf1"}
_REFUSED_BRANDS = frozenset({b"avif", b"avis"})
# Enough of the file's start for every magic number, including an ftyp box's brand list.
SNIFF_BYTES = 256
DISPLAY_MAX = 1600
THUMB_MAX = 400
DERIVATIVE_TYPE = "image/jpeg"
JPEG_QUALITY = 85

# Pillow reports a JPEG carrying an MPF index (iPhone and Ultra HDR gain maps, stereo
# cameras) as "MPO"; it is still a JPEG, and its first image is the photo.
_OPENED_AS = {
    "JPEG": {"JPEG", "MPO"},
    "PNG": {"PNG"},
    "WEBP": {"WEBP"},
    "TIFF": {"TIFF"},
    "HEIF": {"HEIF"},
}
_ORIENTATIONS_THAT_SWAP = frozenset({5, 6, 7, 8})
# Encoders pad after the end of an image with these; anything else there is hidden content.
_PADDING = b"\x00\xff \t\r\n"
_JPEG_SOI = b"\xff\xd8\xff"
# In entropy-coded JPEG data, 0xFF is followed by 0x00 (stuffing) or a restart marker; any
# other byte after it begins the next marker.
_JPEG_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_ZIP_END_RECORD = b"PK\x05\x06"
_ZIP_SEARCH_SPAN = 22 + 0xFFFF  # the end record plus the longest archive comment

# The sentences a form shows; translated when raised (``lazy``), so in the reader's language.
_EMPTY = lazy("The file is empty. Please choose the photo again.")
_WRONG_NAME = lazy(
    "Only JPEG, PNG, WebP, TIFF and HEIC photos can be uploaded "
    "(file names ending .jpg, .jpeg, .png, .webp, .tif, .tiff, .heic or .heif)."
)
_UNREADABLE = lazy(
    "The photo could not be read: the file seems to be damaged or incomplete. "
    "Please upload it again, or export a fresh copy from the camera or phone."
)
_HIDDEN_DATA = lazy(
    "The photo has other data attached to it after the picture, so it cannot be accepted "
    "as evidence. If your phone saved it as a motion or live photo, save it as a still "
    "photo and upload that."
)
_TOO_MANY_PIXELS = lazy(
    "The photo has too many pixels to be processed safely. "
    "Please upload a smaller version (for example, exported at a lower resolution)."
)
_SEVERAL_PAGES = lazy(
    "This TIFF file holds more than one page. Please upload each page as a photo of its own, "
    "or export the picture as a single-page TIFF, JPEG or PNG."
)


class PhotoRejected(ValueError):
    """An upload we will not store; ``message`` is a sentence to show beside the form field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PhotoFacts:
    """What the Photo row records about the original, read before anything is written.

    ``width``/``height`` are as the photo is meant to be seen (after EXIF orientation) at
    full size; ``taken_at`` is the camera's clock, naive, because EXIF rarely says its zone.
    """

    sha256: str
    media_type: str
    size_bytes: int
    width: int
    height: int
    taken_at: datetime | None
    camera: str | None
    had_gps: bool
    gps_latitude: float | None
    gps_longitude: float | None


@dataclass(frozen=True)
class Derivative:
    """A public working copy: re-encoded from pixels alone, so it carries no metadata."""

    kind: str  # "display" or "thumb"
    data: bytes
    media_type: str
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedPhoto:
    """Everything the storage layer needs to write: the row's facts and the public copies."""

    facts: PhotoFacts
    derivatives: tuple[Derivative, ...]


# --- step 1: refuse before decoding -------------------------------------------------------


def sniff_type(head: bytes) -> str | None:
    """The Pillow format the magic bytes announce, or None: the name of a file proves nothing.

    ``head`` is the file's first ``SNIFF_BYTES``: a HEIF file is known by its ``ftyp`` box,
    whose brand list runs past the first 16 bytes.
    """
    if head.startswith(_JPEG_SOI):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if _heif_brands(head) is not None:
        return "HEIF"
    return None


def _heif_brands(head: bytes) -> frozenset[bytes] | None:
    """The major and compatible brands of a HEIF still image, or None if it is not one.

    The major brand must be a HEIF brand; an AVIF brand anywhere in the list refuses the file.
    """
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    size = struct.unpack_from(">I", head)[0]
    if size < 16 or size % 4:
        return None
    major = head[8:12]
    listed = head[16 : min(size, len(head))]
    brands = frozenset({major, *(listed[i : i + 4] for i in range(0, len(listed) - 3, 4))})
    if major not in HEIF_BRANDS or brands & _REFUSED_BRANDS:
        return None
    return brands


def _heif_media_type(data: bytes) -> str:
    """image/heic when the brands promise HEVC pictures (every phone's), else image/heif."""
    brands = _heif_brands(data[:SNIFF_BYTES]) or frozenset()
    return "image/heic" if brands & HEVC_BRANDS else "image/heif"


def check_upload(filename: str, data: bytes, *, max_bytes: int) -> str:
    """Refuse what needs no decoding to refuse, cheapest test first; return the sniffed format.

    A name and contents that are both accepted types but disagree (a PNG saved as
    ``photo.jpg``, as messaging apps do) are accepted: the contents decide what is stored.
    """
    if not data:
        raise PhotoRejected(str(_EMPTY))
    if len(data) > max_bytes:
        size, limit = _describe_sizes(len(data), max_bytes)
        raise PhotoRejected(
            _("The photo is %(size)s; the largest accepted is %(limit)s.", size=size, limit=limit)
        )
    extension = os.path.splitext(filename)[1].lower()
    if extension not in ACCEPTED_EXTENSIONS:
        raise PhotoRejected(str(_WRONG_NAME))
    sniffed = sniff_type(data[:SNIFF_BYTES])
    if sniffed is None:
        raise PhotoRejected(
            _(
                "This file is not a JPEG, PNG, WebP, TIFF or HEIC photo, although its name "
                "ends in %(extension)s. Please upload the photo file itself.",
                extension=extension,
            )
        )
    return sniffed


def _describe_sizes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes in the limit's unit; the file's rounded up so it never reads as "fits"."""
    unit = next((u for u in (1024**2, 1024) if limit >= u), 1)
    return _amount(math.ceil(size / unit), unit), _amount(limit // unit, unit)


def _amount(number: int, unit: int) -> str:
    shown = f"{number:,}"
    if unit == 1024**2:
        return _("%(number)s MB", number=shown)
    if unit == 1024:
        return _("%(number)s KB", number=shown)
    return ngettext("%(number)s byte", "%(number)s bytes", number, number=shown)


# --- step 2: decode safely -----------------------------------------------------------------


def process_photo(filename: str, data: bytes, *, max_bytes: int, max_pixels: int) -> ProcessedPhoto:
    """Check, hash, read and re-encode one upload; raise ``PhotoRejected`` for any bad file."""
    fmt = check_upload(filename, data, max_bytes=max_bytes)
    with _decoding():
        _verify(data, fmt, max_pixels)
        image = _open(data, fmt)
        facts = _read_facts(image, data, fmt)
        if fmt == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale when that still covers the display size: a
            # 24-megapixel photo then costs a quarter of the memory and time. The box is
            # square, so it is the same whichever way the photo is turned.
            image.draft("RGB", (DISPLAY_MAX, DISPLAY_MAX))
        image.load()
        # After decoding, so a file cut short is called damaged, not padded with other data.
        _refuse_hidden_data(fmt, data)
        derivatives = _make_derivatives(ImageOps.exif_transpose(image))
    return ProcessedPhoto(facts=facts, derivatives=derivatives)


@contextmanager
def _decoding() -> Iterator[None]:
    """Turn every Pillow failure into a form error, and a suspected bomb into its own.

    Pillow's own bomb check (its global ``MAX_IMAGE_PIXELS``) only warns up to twice the
    limit; the warning is made an error here so it refuses whatever the process's warning
    filters say. Other Pillow warnings (odd EXIF, palettes) are silenced: they must not
    refuse a photo in the test suite, where warnings are errors, yet pass in production.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except PhotoRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoRejected(str(_TOO_MANY_PIXELS)) from exc
        except Exception as exc:  # Pillow raises many types (OSError, SyntaxError, struct.error…)
            raise PhotoRejected(str(_UNREADABLE)) from exc


def _open(data: bytes, fmt: str) -> Image.Image:
    """Open lazily (header only), with only the sniffed format's decoder allowed to try.

    Restricting ``formats`` and checking what Pillow reports means a file is decoded as the
    type its magic bytes claim, never as whatever other decoder happens to accept it.
    """
    image = Image.open(io.BytesIO(data), formats=[fmt])
    if image.format not in _OPENED_AS[fmt]:
        raise PhotoRejected(str(_UNREADABLE))
    return image


def _verify(data: bytes, fmt: str, max_pixels: int) -> None:
    """Refuse too many pixels from the header alone, then let Pillow check the structure.

    Our limit does not depend on ``Image.MAX_IMAGE_PIXELS`` having been set by anyone: a
    10,000 × 10,000 PNG of one colour is a few kilobytes that would decode to 300 MB.
    ``verify()`` checks PNG chunk checksums, which decoding alone does not; it spends the
    image object, so decoding reopens.
    """
    image = _open(data, fmt)
    width, height = image.size
    if width * height > max_pixels:
        wide, high = format(width, ","), format(height, ",")
        raise PhotoRejected(
            _(
                "The photo is %(width)s × %(height)s pixels: too many pixels to be processed "
                "safely. The largest accepted is %(megapixels)s million pixels; please upload "
                "a smaller version.",
                width=wide,
                height=high,
                megapixels=_megapixels(max_pixels),
            )
        )
    if fmt == "TIFF":
        _refuse_several_pages(image)
    image.verify()


def _refuse_several_pages(image: Image.Image) -> None:
    """Refuse a TIFF with a second page (IFD), whatever that page is said to be.

    Only the first page would become the public copies, yet the original, every page of it,
    is kept and handed on as evidence: a reviewer approving what the thumbnail shows would
    vouch for pages nobody looked at, and a caption describes one picture, not a document.
    Taking the first page silently would also hide a scan's other pages from its uploader.
    Pages flagged as reduced-resolution previews are refused too: the flag is the file's own
    claim, and nothing checks that the "preview" shows the same picture. Phones never write
    TIFF; a scanner's multi-page file is better uploaded page by page, each with its caption.
    Seeking to the second page reads only its directory, never its pixels.
    """
    try:
        image.seek(1)
    except EOFError:
        return
    raise PhotoRejected(str(_SEVERAL_PAGES))


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


# --- step 2: refuse polyglots ----------------------------------------------------------------


def _refuse_hidden_data(fmt: str, data: bytes) -> None:
    """Refuse a file that is also something else, e.g. a photo with a ZIP or page appended.

    The original is kept and handed to reviewers byte for byte, so it must be only a photo.
    For JPEG, PNG, WebP and HEIF we find where the image really ends and allow only padding
    after it (except further JPEG images of a multi-picture JPEG, which phones write for
    gain maps and depth). TIFF places data anywhere, so it only gets the archive test, which
    every format also gets because a ZIP reader finds an archive from the file's end.
    """
    end = _IMAGE_END[fmt](data)
    if end is not None and data[end:].strip(_PADDING):
        raise PhotoRejected(str(_HIDDEN_DATA))
    if _ends_with_zip_archive(data):
        raise PhotoRejected(str(_HIDDEN_DATA))


def _jpeg_end(data: bytes) -> int | None:
    """Offset after the last of the concatenated JPEG images, or None if it does not parse."""
    end = _jpeg_stream_end(data, 0)
    while end is not None and data.startswith(_JPEG_SOI, end):
        end = _jpeg_stream_end(data, end)
    return end


def _jpeg_stream_end(data: bytes, start: int) -> int | None:
    """Walk one JPEG's segments from SOI to EOI, skipping entropy-coded scans."""
    pos = start + 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
        elif marker == 0xD9:  # EOI
            return pos + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            pos += 2
        else:
            pos += 2 + struct.unpack_from(">H", data, pos + 2)[0]
            if marker == 0xDA:  # SOS: the scan data runs to the next real marker
                found = _JPEG_NEXT_MARKER.search(data, pos)
                if found is None:
                    return None
                pos = found.start()
    if pos + 2 <= len(data) and data[pos : pos + 2] == b"\xff\xd9":
        return pos + 2
    return None


def _png_end(data: bytes) -> int | None:
    """Offset after the IEND chunk, or None if the chunks run out before it."""
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        pos += 12 + length
        if kind == b"IEND":
            return pos if pos <= len(data) else None
    return None


def _webp_end(data: bytes) -> int | None:
    """Offset after the RIFF container, whose header states its own size (padded to even)."""
    if len(data) < 12:
        return None
    size = struct.unpack_from("<I", data, 4)[0]
    end = 8 + size + (size & 1)
    return end if end <= len(data) else None


def _tiff_end(data: bytes) -> int | None:
    return None


def _bmff_end(data: bytes) -> int:
    """Where the HEIF file's top-level boxes stop: the offset of the first bytes that are not
    a whole box of a type the ISO base media format allows at the top level.

    Boxes come in any order, but each states its size, so the walk needs no knowledge of
    what they hold. A box running past the end counts as not a box: a truncated file has
    already failed to decode by the time this runs, so what is left is data that a decoder
    skips, such as a script behind a forged box header.
    """
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1 and pos + 16 <= len(data):  # a 64-bit size follows the type
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:  # "to the end of the file"
            size = len(data) - pos
        if kind not in _BMFF_TOP_LEVEL_BOXES or size < header or pos + size > len(data):
            break
        pos += size
    return pos


# ISO/IEC 14496-12 and 23008-12 boxes that may stand at a file's top level.
_BMFF_TOP_LEVEL_BOXES = frozenset(
    {
        *(b"ftyp", b"meta", b"mdat", b"moov", b"free", b"skip", b"uuid", b"pdin", b"moof"),
        *(b"mfra", b"styp", b"sidx", b"ssix", b"prft", b"meco", b"etyp", b"otyp"),
    }
)


_IMAGE_END = {
    "JPEG": _jpeg_end,
    "PNG": _png_end,
    "WEBP": _webp_end,
    "TIFF": _tiff_end,
    "HEIF": _bmff_end,
}


def _ends_with_zip_archive(data: bytes) -> bool:
    """Whether a ZIP reader would find an archive: an end record whose directory fits before it.

    Requiring the directory to fit keeps the chance that pixel data merely contains the
    four-byte signature from refusing a genuine photo negligible.
    """
    floor = max(0, len(data) - _ZIP_SEARCH_SPAN)
    pos = data.rfind(_ZIP_END_RECORD, floor)
    while pos != -1:
        if pos + 22 <= len(data):
            dir_size, dir_offset = struct.unpack_from("<II", data, pos + 12)
            if dir_offset == 0xFFFFFFFF or dir_offset + dir_size <= pos:  # 0xFF…: ZIP64
                return True
        pos = data.rfind(_ZIP_END_RECORD, floor, pos)
    return False


# --- steps 3 and 4: facts from the original --------------------------------------------------


def _read_facts(image: Image.Image, data: bytes, fmt: str) -> PhotoFacts:
    """Facts from the header and EXIF, before draft mode changes the decoded size."""
    exif = _exif(image)
    width, height = image.size
    if exif.get(ExifTags.Base.Orientation) in _ORIENTATIONS_THAT_SWAP:
        width, height = height, width
    gps = _gps_ifd(exif)
    latitude, longitude = _gps_position(gps)
    return PhotoFacts(
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=_heif_media_type(data) if fmt == "HEIF" else ACCEPTED_TYPES[fmt],
        size_bytes=len(data),
        width=width,
        height=height,
        taken_at=_taken_at(exif),
        camera=_camera(exif),
        had_gps=_has_coordinates(gps),
        gps_latitude=latitude,
        gps_longitude=longitude,
    )


def _exif(image: Image.Image) -> Image.Exif:
    """The EXIF block, or an empty one: damaged metadata is no reason to refuse evidence."""
    try:
        return image.getexif()
    except Exception:  # malformed EXIF raises assorted errors; the pixels may still be good
        return Image.Exif()


def _ifd(exif: Image.Exif, tag: int) -> dict[int, Any]:
    try:
        return dict(exif.get_ifd(tag))
    except Exception:  # a sub-IFD pointer to nowhere: treat as absent
        return {}


def _gps_ifd(exif: Image.Exif) -> dict[int, Any]:
    return _ifd(exif, ExifTags.IFD.GPSInfo) if ExifTags.IFD.GPSInfo in exif else {}


def _text(value: object) -> str | None:
    """An EXIF ASCII value as clean text: cameras pad with NULs and spaces, some give bytes."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    cleaned = value.replace("\x00", " ").strip()
    return cleaned or None


def _taken_at(exif: Image.Exif) -> datetime | None:
    """DateTimeOriginal (when the shutter fired), else DateTime (when the file was written)."""
    candidates = (
        _ifd(exif, ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal),
        exif.get(ExifTags.Base.DateTime),
    )
    for value in candidates:
        text = _text(value)
        for pattern in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M"):
            try:
                return datetime.strptime(text or "", pattern)  # naive: the camera's clock
            except ValueError:
                continue
    return None


def _camera(exif: Image.Exif) -> str | None:
    """ "Make Model", without the make twice ("Canon Canon EOS R5", "NIKON CORPORATION NIKON
    D850"): when the model starts with the make's first word, the model says it all."""
    make = _text(exif.get(ExifTags.Base.Make))
    model = _text(exif.get(ExifTags.Base.Model))
    if make and model and model.casefold().split()[0] == make.casefold().split()[0]:
        make = None
    camera = " ".join(part for part in (make, model) if part)
    return camera[:200] or None  # the column's length


def _has_coordinates(gps: dict[int, Any]) -> bool:
    """True when the GPS block holds a position, even one we cannot parse: the flag warns
    reviewers that the original may reveal where the photographer stood. A block with only
    a version or a timestamp, as some phones write with location off, does not count."""
    return ExifTags.GPS.GPSLatitude in gps or ExifTags.GPS.GPSLongitude in gps


def _gps_position(gps: dict[int, Any]) -> tuple[float | None, float | None]:
    """Decimal degrees, south and west negative; both or neither, as the Photo row requires."""
    latitude = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef))
    longitude = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef))
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        return None, None
    return latitude, longitude


def _degrees(value: object, ref: object) -> float | None:
    """Degrees, minutes, seconds (EXIF rationals) to signed decimal degrees."""
    values = value if isinstance(value, tuple) else (value,)
    try:
        parts = [float(part) for part in values]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    degrees = sum(part / 60**index for index, part in enumerate(parts[:3]))
    if not math.isfinite(degrees):
        return None
    return -degrees if _text(ref) in ("S", "W") else degrees


# --- step 4: derivatives ------------------------------------------------------------------------


def _make_derivatives(image: Image.Image) -> tuple[Derivative, ...]:
    """Display and thumbnail, each fitting its square box and never enlarged.

    Always JPEG: one type for every public copy keeps serving and caching simple, and photos
    of damage have no use for transparency, which is flattened onto white. The thumbnail is
    made from the display copy, which is cheaper and indistinguishable at 400 px.
    """
    display = _flatten(_fit(_resizable(image), DISPLAY_MAX))
    thumb = _fit(display, THUMB_MAX)
    return _encode("display", display), _encode("thumb", thumb)


def _resizable(image: Image.Image) -> Image.Image:
    """A mode that resamples well: RGBA when transparent, else RGB (16-bit scaled, not clipped)."""
    if image.mode == "I" or image.mode.startswith("I;16"):
        # Pillow's conversion clips 16-bit values at 255, which turns a scan white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.has_transparency_data:
        return image.convert("RGBA")
    return image.convert("RGB")


def _fit(image: Image.Image, box: int) -> Image.Image:
    scale = min(1.0, box / image.width, box / image.height)
    if scale == 1.0:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image
    background = Image.new("RGBA", image.size, "white")
    return Image.alpha_composite(background, image).convert("RGB")


def _encode(kind: str, image: Image.Image) -> Derivative:
    """Copy the pixels into a new image and save that, so nothing but pixels can follow.

    Pillow carries ``info`` (comment, XMP, ICC profile, EXIF) through conversions and some
    savers reuse it; an image made from raw bytes has an empty ``info`` to carry.
    """
    clean = Image.frombytes("RGB", image.size, image.tobytes())
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return Derivative(
        kind=kind,
        data=buffer.getvalue(),
        media_type=DERIVATIVE_TYPE,
        width=clean.width,
        height=clean.height,
    )
