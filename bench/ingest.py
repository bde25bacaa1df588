"""Ingesting a 24-megapixel JPEG against Pillow's naive open → resize → save (issue 10).

The photo pipeline does far more than make one copy (it checks, hashes, reads EXIF, makes a
display copy and a thumbnail, re-encodes both from bare pixels), yet it must not be slower
than the naive way of making a single 1600 px JPEG, because it decodes large JPEGs in draft
mode (at 1/2, 1/4 or 1/8 scale) rather than in full. This script makes a realistic photo
once (6000 × 4000, noise over gradients so it compresses like a photo, EXIF with GPS), times
both in the same process, alternating, and prints the medians and their ratio. It exits 1
if the pipeline is slower.

    python bench/ingest.py              # the comparison
    python bench/ingest.py --rounds 9   # more rounds on a noisy machine
    python bench/ingest.py --only ours  # one run of one side, for timing whole processes
                                        # (e.g. with /usr/bin/time -v)
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import ExifTags, Image, TiffImagePlugin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from heritage.media.pipeline import DISPLAY_MAX, JPEG_QUALITY, process_photo

SIZE = (6000, 4000)
PHOTO = Path(tempfile.gettempdir()) / "heritage-bench-24mp-v1.jpg"
MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 60_000_000


def make_photo(path: Path) -> bytes:
    """A 24-megapixel camera JPEG: sensor-like noise over colour gradients, with EXIF."""
    noise = Image.effect_noise(SIZE, 48)
    across = Image.linear_gradient("L").resize(SIZE)
    down = Image.linear_gradient("L").rotate(90).resize(SIZE)
    red = Image.blend(noise, across, 0.6)
    green = Image.blend(noise, down, 0.5)
    blue = Image.blend(across, down, 0.5)
    image = Image.merge("RGB", (red, green, blue))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS 6D"
    exif[ExifTags.Base.DateTime] = "2016:03:27 14:05:09"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = tuple(TiffImagePlugin.IFDRational(v) for v in (34, 33, 4))
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = tuple(TiffImagePlugin.IFDRational(v) for v in (38, 16, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    data = buffer.getvalue()
    path.write_bytes(data)
    return data


def photo() -> bytes:
    if PHOTO.exists():
        return PHOTO.read_bytes()
    return make_photo(PHOTO)


def ours(path: Path) -> None:
    """The whole pipeline: checks, hash, EXIF, display copy and thumbnail."""
    result = process_photo(path.name, path.read_bytes(), max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS)
    display = result.derivatives[0]
    if max(display.width, display.height) != DISPLAY_MAX:
        raise SystemExit(f"unexpected display copy {display.width} × {display.height}")


def naive(path: Path) -> None:
    """What one would write first: open, resize the full decode to fit 1600 px, save."""
    with Image.open(path) as image:
        scale = DISPLAY_MAX / max(image.size)
        size = (round(image.width * scale), round(image.height * scale))
        resized = image.resize(size, Image.Resampling.LANCZOS)
    resized.save(io.BytesIO(), "JPEG", quality=JPEG_QUALITY)


def seconds(work: Callable[[Path], None], path: Path) -> float:
    start = time.perf_counter()
    work(path)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", choices=("ours", "naive"))
    args = parser.parse_args()
    data = photo()
    if args.only:
        {"ours": ours, "naive": naive}[args.only](PHOTO)
        return 0
    with Image.open(PHOTO) as image:
        print(f"photo: {image.width} × {image.height}, {len(data) / 1024**2:.1f} MB, {PHOTO}")
    ours(PHOTO), naive(PHOTO)  # warm-up: imports, caches, the file in the page cache
    timings: dict[str, list[float]] = {"ours": [], "naive": []}
    for _ in range(args.rounds):
        timings["ours"].append(seconds(ours, PHOTO))
        timings["naive"].append(seconds(naive, PHOTO))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"\n{'':36} {'median':>8} {'min':>8} {'max':>8}   ({args.rounds} rounds, seconds)")
    labels = {
        "ours": "pipeline (2 copies, EXIF, hash)",
        "naive": "Pillow open → resize → save",
    }
    for name, values in timings.items():
        print(f"{labels[name]:36} {medians[name]:8.3f} {min(values):8.3f} {max(values):8.3f}")
    ratio = medians["ours"] / medians["naive"]
    print(f"\npipeline / naive = {ratio:.2f} (below 1: the pipeline is faster)")
    if ratio > 1:
        print("FAIL: the pipeline is slower than the naive resize", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
