"""Reading barcodes from photos (zxing-cpp: no system library needed).

A phone photo of a book's EAN-13 (the ISBN), of a library item label (Code 128 / Code 39), or of
a reader's QR code. Decoding is CPU work, so callers run it in a thread (``decode_in_thread``).
"""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import dataclass

import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
_MAX_SIDE = 2000  # a phone photo is downscaled to this before decoding: faster, still readable


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    format: str  # "EAN13", "Code128", "QRCode", ...

    @property
    def is_ean13(self) -> bool:
        return self.format in ("EAN13", "ISBN")


def decode_barcodes(data: bytes) -> list[Decoded]:
    """Every barcode zxing-cpp finds in the image, in any rotation; ``[]`` if none or not an image."""
    try:
        with Image.open(io.BytesIO(data)) as raw:
            if raw.width * raw.height > MAX_PIXELS:
                return []
            image = ImageOps.exif_transpose(raw).convert("L")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return []
    if max(image.size) > _MAX_SIDE:
        image.thumbnail((_MAX_SIDE, _MAX_SIDE))
    try:
        found = zxingcpp.read_barcodes(image, try_rotate=True, try_downscale=True)
    except Exception:  # a decoder failure must not become the reader's problem
        log.exception("barcode decoder failed")
        return []
    return [Decoded(b.text, b.format.name) for b in found if b.text]


async def decode_in_thread(data: bytes) -> list[Decoded]:
    return await asyncio.to_thread(decode_barcodes, data)
