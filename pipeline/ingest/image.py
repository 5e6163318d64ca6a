"""Page images (.png, .jpg/.jpeg, .tif/.tiff): every frame is a page, read by OCR.

Resolution: the image's own DPI when it states a plausible one (>= 100), else the DPI at which
its width fills an A4 page (210 mm), clamped to 150-600. A page under 250 dpi is enlarged to
300 dpi before OCR (Tesseract reads small type badly below ~250 dpi). A multi-page TIFF gives one
`Page` per frame, separated by a blank line as the PDF reader separates pages.

Guards: Pillow's decompression-bomb limit is set to the OCR page limit (`ocr.MAX_PIXELS`); a
file Pillow cannot open is `malformed_image`; when OCR is unavailable the document is an
`needs_ocr` error (an image has no text without it).
"""
from __future__ import annotations

import io
from pathlib import Path

from pipeline.model import IngestError, Page, RawDoc, SourceTable

A4_WIDTH_INCHES = 210 / 25.4
MAX_FRAMES = 2_000


def _dpi(img) -> int:
    dpi = img.info.get("dpi")
    if dpi:
        try:
            value = float(dpi[0])
        except (TypeError, ValueError, IndexError):
            value = 0.0
        if value >= 100:
            return int(round(value))
    return int(min(600, max(150, img.width / A4_WIDTH_INCHES)))


def _ocr_frame(frame):
    from PIL import Image

    from pipeline.ingest import ocr

    dpi = _dpi(frame)
    page_img = frame.convert("L")
    if dpi < 250:
        scale = min(4.0, ocr.DPI / dpi)
        page_img = page_img.resize((round(page_img.width * scale), round(page_img.height * scale)),
                                   Image.LANCZOS)
        dpi = round(dpi * scale)
    return ocr.ocr_image(page_img, dpi)


def read_image(data: bytes, path: Path | None = None) -> RawDoc:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from pipeline.ingest import ocr, ocr_cache

    reason = ocr.unavailable_reason()
    if reason is not None:
        raise IngestError("needs_ocr", f"an image has no text without OCR, which is unavailable: {reason}")
    Image.MAX_IMAGE_PIXELS = ocr.MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise IngestError("malformed_image", f"Pillow cannot read the image: {e}") from None
    except Image.DecompressionBombError as e:
        raise IngestError("too_large", str(e)) from None

    parts: list[str] = []
    pages: list[Page] = []
    tables: list[SourceTable] = []
    pos = 0
    for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
        if number > MAX_FRAMES:
            raise IngestError("too_large", f"more than {MAX_FRAMES} frames")
        read = ocr_cache.read_page(number, lambda: _ocr_frame(frame))
        text = read.text
        if pos and text:
            parts.append("\n")
            pos += 1
        parts.append(text)
        pages.append(Page(number, pos, pos + len(text), ocr=True, ocr_confidence=read.confidence,
                          ocr_rotation=read.rotation))
        tables.extend(SourceTable(rows, pos + s, pos + e) for rows, s, e in read.tables)
        pos += len(text)
    fmt = (path.suffix.lower().lstrip(".") if path else "image").replace("jpeg", "jpg").replace("tiff", "tif")
    return RawDoc(text="".join(parts), source_format=fmt, pages=pages, tables=tables)
