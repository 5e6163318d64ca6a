"""Noisy 300 dpi scans of report text, built from scratch for the OCR tests and benchmark.

`text_pdf(text)` lays report text out on A4 pages with a Vietnamese-capable font (DejaVu):
paragraphs separated by space, runs of tab-separated lines as ruled tables (one row per line,
cells wrapped). `scan_pdf(pdf_bytes)` rasterizes each page at 300 dpi (pypdfium2) and degrades it
as an office scanner does: a rotation of up to ±1°, a slight blur, Gaussian noise and JPEG
artefacts, then wraps the images into an image-only PDF (no text layer). Everything is seeded:
the same input gives the same scan. `grid_pages(pdf_bytes)` gives the pages with a ruling grid as
both table finders see them (tests/test_pdf_tables.py and benchmarks/bench_pdf_tables.py).
"""
from __future__ import annotations

import io
import random
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DPI = 300


def fonts_present() -> bool:
    return all((FONT_DIR / f).exists() for f in ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"))


def _blocks(text: str):
    """("para", line) and ("table", [cells...] rows) in order; blank lines separate nothing."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows = []
            while i < len(lines) and ("\t" in lines[i] or (not lines[i].strip() and i + 1 < len(lines)
                                                           and "\t" in lines[i + 1])):
                if lines[i].strip() or "\t" in lines[i]:
                    rows.append(lines[i].split("\t"))
                i += 1
            yield "table", rows
            continue
        if line.strip():
            yield "para", line.strip()
        i += 1


def text_pdf(text: str, font_size: float = 12) -> bytes:
    """A text-layer PDF of `text` (A4, 20 mm margins)."""
    import fpdf

    pdf = fpdf.FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("serif", fname=str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font("serif", style="B", fname=str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.set_font("serif", size=font_size)
    pdf.add_page()
    line_h = font_size * 0.5
    for kind, content in _blocks(text):
        if kind == "para":
            pdf.multi_cell(0, line_h, content, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(line_h * 0.6)
            continue
        width = max(len(r) for r in content)
        rows = [[c.strip() for c in r] + [""] * (width - len(r)) for r in content]
        # column widths follow the longest cell of each column, within bounds, and are never
        # narrower than the column's longest word (a printed table does not break "2.738")
        longest = [max(len(r[k]) for r in rows) for k in range(width)]
        longest_word = [max((len(w) for r in rows for w in r[k].split()), default=0) for k in range(width)]
        # in mm: room for the longest word (~2.1 mm a character at 10 pt, plus padding), the
        # rest of the 170 mm shared by text length
        floor = [2.1 * max(w, 2) + 5 for w in longest_word]
        spare = max(0.0, 170 - sum(floor))
        share = [min(max(n, 1), 40) for n in longest]
        weights = [f + spare * s / sum(share) for f, s in zip(floor, share)]
        pdf.set_font("serif", size=font_size - 2)
        with pdf.table(col_widths=weights, first_row_as_headings=False, line_height=line_h * 0.85,
                       padding=1.5) as table:
            for r in rows:
                row = table.row()
                for cell in r:
                    row.cell(cell)
        pdf.set_font("serif", size=font_size)
        pdf.ln(line_h * 0.6)
    return bytes(pdf.output())


def degrade(img, rng: random.Random, max_angle: float = 1.0, noise: float = 12.0, blur: float = 0.7,
            jpeg_quality: int = 55):
    """Rotate (±max_angle degrees), blur, add Gaussian noise and JPEG artefacts to a grey page."""
    import numpy as np
    from PIL import Image, ImageFilter

    img = img.convert("L")
    angle = rng.uniform(-max_angle, max_angle)
    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(img, dtype=np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    arr = arr + nrng.normal(0.0, noise, arr.shape)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=jpeg_quality)
    buf.seek(0)
    return Image.open(buf).convert("L")


def page_images(pdf_bytes: bytes, seed: int = 0, pages: list[int] | None = None, **degrade_args):
    """Rasterized, degraded page images (PIL, 300 dpi) of a PDF; `pages` are 0-based indices."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf_bytes)
    out = []
    for i in (pages if pages is not None else range(len(doc))):
        page = doc[i]
        img = page.render(scale=DPI / 72, grayscale=True).to_pil()
        page.close()
        out.append(degrade(img, rng, **degrade_args))
    doc.close()
    return out


def images_pdf(images) -> bytes:
    """An image-only PDF, one 300 dpi page per image (JPEG-compressed, no text layer)."""
    buf = io.BytesIO()
    first, *rest = images
    first.save(buf, "PDF", resolution=DPI, save_all=True, append_images=rest)
    return buf.getvalue()


def scan_pdf(pdf_bytes: bytes, seed: int = 0, pages: list[int] | None = None, **degrade_args) -> bytes:
    return images_pdf(page_images(pdf_bytes, seed, pages, **degrade_args))


def page_texts(pdf_bytes: bytes) -> list[str]:
    """The text layer of each page of the clean PDF (what the scan of that page shows)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_bytes)
    out = []
    for page in doc:
        tp = page.get_textpage()
        out.append(tp.get_text_range())
        tp.close()
        page.close()
    doc.close()
    return out


def grid_pages(pdf_bytes: bytes):
    """(pdfium page, its text page, the page's text, pdfplumber's page) of each unrotated page of
    the PDF on which `pdf_tables.has_ruling_grid` holds."""
    import pdfplumber
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from pipeline.ingest.pdf_tables import has_ruling_grid

    doc = pdfium.PdfDocument(pdf_bytes)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as plumbed:
        for i in range(len(doc)):
            page = doc[i]
            if page.get_rotation() == 0 and has_ruling_grid(page, pdfium_c):
                textpage = page.get_textpage()
                yield page, textpage, textpage.get_text_range(), plumbed.pages[i]
