"""Images drawn with Pillow (or built byte by byte) for the media tests: no binary fixtures.

Shared by the pipeline's and the services' tests, so the camera photo with every kind of
metadata, and the bomb, are made one way.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from fractions import Fraction

from PIL import ExifTags, Image, ImageCms, TiffImagePlugin

RED, BLUE = (220, 20, 20), (20, 20, 220)
CAMERA_MAKE = "Canon"
XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/"
COMMENT = "secret comment: shot from the roof of the school"
HTML = b"<!DOCTYPE html><html><script>fetch('/admin')</script></html>"


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def picture(size: tuple[int, int] = (120, 80), mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue, so a test can tell which way up a copy is."""
    image = Image.new(mode, size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def jpeg(size: tuple[int, int] = (120, 80), **params: object) -> bytes:
    return encode(picture(size), "JPEG", **params)


def png(size: tuple[int, int] = (120, 80)) -> bytes:
    return encode(picture(size), "PNG")


def rational(value: float) -> TiffImagePlugin.IFDRational:
    fraction = Fraction(value).limit_denominator(1000)
    return TiffImagePlugin.IFDRational(fraction.numerator, fraction.denominator)


def camera_exif(
    *,
    make: str | None = CAMERA_MAKE,
    model: str | None = "Canon EOS R5",
    taken: str | None = "2016:03:27 14:05:09",
    written: str | None = "2016:04:02 09:00:00",
    orientation: int | None = None,
    gps: bool = True,
) -> Image.Exif:
    exif = Image.Exif()
    for tag, value in (
        (ExifTags.Base.Make, make),
        (ExifTags.Base.Model, model),
        (ExifTags.Base.DateTime, written),
        (ExifTags.Base.Orientation, orientation),
    ):
        if value is not None:
            exif[tag] = value
    if taken is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    if gps:
        position = exif.get_ifd(ExifTags.IFD.GPSInfo)
        position[ExifTags.GPS.GPSLatitudeRef] = "S"
        position[ExifTags.GPS.GPSLatitude] = tuple(map(rational, (34, 33, 4.7)))
        position[ExifTags.GPS.GPSLongitudeRef] = "W"
        position[ExifTags.GPS.GPSLongitude] = tuple(map(rational, (38, 16, 0.25)))
    return exif


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


def png_header_bomb(width: int, height: int) -> bytes:
    """A 1-bit PNG of one colour: a few kilobytes on disk, width × height bytes once decoded."""
    return png_declaring(width, height, zlib.compress(bytes((1 + (width + 7) // 8) * height), 1))


def png_declaring(width: int, height: int, rows: bytes = zlib.compress(bytes(64))) -> bytes:
    """A 1-bit grey PNG whose header declares ``width`` × ``height``, with valid checksums,
    whatever the pixel data holds: for sizes Pillow will not write (0 × 0) or that would
    take too long to compress (50,000 × 50,000)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def camera_jpeg() -> bytes:
    """A phone photo as it arrives: EXIF with date, camera, GPS and orientation 6, an ICC
    profile, XMP and a comment, every one of which must stay out of the public copies."""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="' + XMP_NAMESPACE + b'"/>'
    return jpeg(
        exif=camera_exif(orientation=6), icc_profile=icc, xmp=xmp + b"</x:xmpmeta>", comment=COMMENT
    )


def assert_no_metadata(data: bytes) -> None:
    """A public copy: a JPEG with pixels only, no EXIF (so no GPS), ICC, XMP or comment, and
    none of the camera photo's telltale bytes anywhere in the file."""
    copy = Image.open(io.BytesIO(data))
    assert copy.format == "JPEG"
    assert not copy.getexif()
    for key in ("exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"):
        assert key not in copy.info
    for marker in (b"Exif\x00\x00", CAMERA_MAKE.encode(), XMP_NAMESPACE, b"ICC_PROFILE", b"secret"):
        assert marker not in data


def heic(size: tuple[int, int] = (120, 80), *, exif: Image.Exif | None = None) -> bytes:
    """A HEIC as an iPhone writes one: ``ftyp`` brands heic/mif1, EXIF inside the file and,
    for an EXIF orientation, the ``irot`` box that tells decoders to turn the picture.

    EXIF must be given as bytes: pillow-heif writes the orientation box only then.
    """
    params: dict[str, object] = {"quality": 90}
    if exif is not None:
        params["exif"] = exif.tobytes()
    return encode(picture(size), "HEIF", **params)


def multi_page_tiff(*, preview: bool = False) -> bytes:
    """Two pages; with ``preview`` the second is flagged as a reduced-resolution copy."""
    second = picture((60, 40))
    info = TiffImagePlugin.ImageFileDirectory_v2()
    if preview:
        info[254] = 1  # NewSubfileType: reduced-resolution version of another page
    second.encoderinfo = {"tiffinfo": info}  # type: ignore[attr-defined]
    return encode(picture(), "TIFF", save_all=True, append_images=[second])
