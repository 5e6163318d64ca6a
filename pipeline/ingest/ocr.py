"""OCR of scanned pages: Tesseract 5 with the Vietnamese model, single-threaded per process.

Engines, in order of preference (both read the Debian package's `vie.traineddata`; nothing is
downloaded):
  * tesserocr (the C++ API in-process: the model is loaded once per worker, ~1.6 s/page/core);
  * the `tesseract` command (TSV output), when tesserocr is not installed.
Tesseract parallelises with OpenMP by default; in a process pool its threads fight the other
workers (measured by the issue author: 9.7 s/page on 2 cores instead of 1.6), so
OMP_THREAD_LIMIT=1 is set before the library loads and passed to the command.

A page goes through: grey -> `scan_prep.deskew` -> `scan_prep.find_grids` (ruled tables, whose
rules are painted out) -> Tesseract (word boxes and confidences, TSV; with tesserocr each
non-empty table cell is read on its own as one block, and the page pass skips the tables: a
cell's lone "52" is misread in a whole-page pass) -> `ocr_layout.layout`
(reading order, paragraphs, table rows) -> `ocr_repair.repair` (validated repairs of
look-alike characters in codes and numbers). The page's confidence is the mean word confidence
(0-100) of the words Tesseract read. A page that reads badly (mean confidence under 60) or
whose words stand on end (Tesseract reads a sideways page as vertical text, confidently and in
a scrambled order) is given to Tesseract's orientation model (`osd.traineddata`, Debian
tesseract-ocr-osd); when it finds the page turned by 90, 180 or 270°, the page is turned back
and read again (`OcrPage.rotation`, `pages.ocr_rotation`). An upright page pays nothing for this.

`BAOCAO_OCR=0` in the environment turns OCR off (pages then stay `needs_ocr`).
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

DPI = 300
LANG = "vie"
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
MAX_PIXELS = 12_000 * 12_000   # a page image larger than this is a trap (A0 at 300 dpi is ~10k x 14k)
LOW_CONFIDENCE = 60            # mean word confidence under which a page's text is flagged
INK_SHARE = 0.0001             # a page with less ink than this share of its pixels is blank
# Tesseract's orientation confidence under which a page is not turned (a sideways A4 page of
# text scores ~20; a strip of two lines ~3)
MIN_ORIENTATION_CONFIDENCE = 2.0


@dataclass
class OcrPage:
    text: str
    confidence: float | None
    tables: list = field(default_factory=list)   # (rows, char_start, char_end) within `text`
    n_words: int = 0
    skew: float = 0.0
    repairs: int = 0
    ink: bool = True             # whether the page image shows any ink at all
    rotation: int = 0            # degrees (counter-clockwise) the page was turned to be read upright


def tessdata_dir() -> str | None:
    """The directory holding vie.traineddata (TESSDATA_PREFIX first), or None."""
    candidates = [os.environ.get("TESSDATA_PREFIX", "")] + list(TESSDATA_DIRS)
    for d in candidates:
        if d and (Path(d) / f"{LANG}.traineddata").is_file():
            return d
    return None


def unavailable_reason() -> str | None:
    """Why OCR cannot run here (None when it can)."""
    if os.environ.get("BAOCAO_OCR", "1").strip().lower() in ("0", "no", "off", "false"):
        return "OCR is turned off (BAOCAO_OCR=0)"
    if tessdata_dir() is None:
        return ("the Vietnamese Tesseract model is not installed "
                "(apt-get install tesseract-ocr tesseract-ocr-vie)")
    if _engine_kind() is None:
        return "neither tesserocr nor the tesseract command is installed (apt-get install tesseract-ocr)"
    return None


_ENGINE = None
_MARK_READINGS = frozenset("0123456789!?")      # what a raised footnote digit is read as
_TRAILING_PUNCTUATION = frozenset(".,;:)”\"'")


def _engine_kind() -> str | None:
    import importlib.util

    if importlib.util.find_spec("tesserocr") is not None:
        return "tesserocr"
    if shutil.which("tesseract"):
        return "cli"
    return None


def _engine():
    global _ENGINE
    if _ENGINE is None:
        os.environ["OMP_THREAD_LIMIT"] = "1"  # before libtesseract is loaded in this process
        kind = _engine_kind()
        _ENGINE = _Tesserocr() if kind == "tesserocr" else _Cli()
    return _ENGINE


class _Tesserocr:
    name = "tesserocr"

    def __init__(self):
        import tesserocr

        self.api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=LANG, psm=tesserocr.PSM.AUTO)
        # inverted-text retries double the time of every doubtful line; reports are dark on light
        self.api.SetVariable("tessedit_do_invert", "0")
        self.version = tesserocr.tesseract_version().split()[1]
        self.osd = None  # the orientation model, loaded the first time a page reads badly

    def words(self, img, dpi: int) -> list:
        """The page's words (whole-page layout analysis)."""
        import tesserocr

        import numpy as np

        from pipeline.ingest.scan_prep import INK

        self.api.SetPageSegMode(tesserocr.PSM.AUTO)
        self.api.SetImage(img)
        self.api.SetSourceResolution(dpi)
        self.api.Recognize()
        return self._collect(np.asarray(img.convert("L")) < INK)

    def orientation(self, img, dpi: int) -> tuple[int, float] | None:
        """(degrees to turn the page counter-clockwise to read it, confidence) from Tesseract's
        orientation detection, or None when it cannot tell (too little text)."""
        import tesserocr

        if not (Path(tessdata_dir() or ".") / "osd.traineddata").is_file():
            return None  # Debian tesseract-ocr-osd is not installed: pages are read as they stand
        if self.osd is None:
            self.osd = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        self.osd.SetImage(img)
        self.osd.SetSourceResolution(dpi)
        found = self.osd.DetectOrientationScript()
        return (found["orient_deg"], found["orient_conf"]) if found else None

    def cell_words(self, img, dpi: int, rects: list[tuple[int, int, int, int]]) -> list[list]:
        """The words of each (left, top, right, bottom) rectangle read as one block of text (a
        table cell); boxes are in page coordinates."""
        import tesserocr

        self.api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
        self.api.SetImage(img)
        self.api.SetSourceResolution(dpi)
        out = []
        for left, top, right, bottom in rects:
            self.api.SetRectangle(left, top, right - left, bottom - top)
            self.api.Recognize()
            out.append(self._collect())
        return out

    def _collect(self, ink=None) -> list:
        """Words from Tesseract's symbols, so that two things its text output gets wrong are
        seen by their boxes: a glyph read twice (two symbols on one box: "QĐ" -> "QĐĐ") keeps
        one reading, and small raised digits ending a word (footnote marks: "2020¹", read
        "20201" or "2020!") become superscripts."""
        import tesserocr

        from pipeline.ingest.ocr_layout import Word, raised_tail, symbols_to_text

        def finish(word, symbols) -> None:
            raised = None
            end = len(symbols)
            while end > 1 and symbols[end - 1][0] in _TRAILING_PUNCTUATION:
                end -= 1
            if ink is not None and symbols[end - 1][0] in _MARK_READINGS:
                raised = raised_tail(ink, (word.left, word.top, word.right, word.bottom),
                                     punctuation=end < len(symbols))
            word.text = symbols_to_text(symbols, raised)

        RIL = tesserocr.RIL
        words: list = []
        keys = [0, 0, 0]
        symbols: list = []
        ri = self.api.GetIterator()
        if ri is None:
            return words
        for r in tesserocr.iterate_level(ri, RIL.SYMBOL):
            if r.Empty(RIL.SYMBOL):
                continue
            if r.IsAtBeginningOf(RIL.BLOCK):
                keys[0] += 1
            if r.IsAtBeginningOf(RIL.PARA):
                keys[1] += 1
            if r.IsAtBeginningOf(RIL.TEXTLINE):
                keys[2] += 1
            if r.IsAtBeginningOf(RIL.WORD):
                if words:
                    finish(words[-1], symbols)
                box = r.BoundingBox(RIL.WORD)
                if box is None:
                    continue
                words.append(Word("", r.Confidence(RIL.WORD), box[0], box[1], box[2], box[3], tuple(keys)))
                symbols = []
            sym_box = r.BoundingBox(RIL.SYMBOL)
            text = r.GetUTF8Text(RIL.SYMBOL)
            if sym_box is not None and text:
                symbols.append((text, sym_box))
        if words:
            finish(words[-1], symbols)
        return [w for w in words if w.text.strip()]


class _Cli:
    name = "tesseract-cli"

    def words(self, img, dpi: int) -> list:
        from pipeline.ingest.ocr_layout import words_from_tsv

        return words_from_tsv(self.tsv(img, dpi))

    def __init__(self):
        import subprocess

        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
        self.version = (out.stdout or out.stderr).split()[1] if (out.stdout or out.stderr) else "?"

    def tsv(self, img, dpi: int) -> str:
        return self._run(img, dpi, ["-l", LANG, "--psm", "3", "-c", "tessedit_do_invert=0", "tsv"])

    def orientation(self, img, dpi: int) -> tuple[int, float] | None:
        import re

        try:
            found = self._run(img, dpi, ["-l", "osd", "--psm", "0"])
        except RuntimeError:  # "Too few characters" and the like: it cannot tell
            return None
        deg = re.search(r"Orientation in degrees: (\d+)", found)
        conf = re.search(r"Orientation confidence: ([\d.]+)", found)
        return (int(deg.group(1)), float(conf.group(1))) if deg and conf else None

    def _run(self, img, dpi: int, args: list[str]) -> str:
        import subprocess
        import tempfile

        env = {**os.environ, "OMP_THREAD_LIMIT": "1", "TESSDATA_PREFIX": tessdata_dir() or ""}
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "page.png"
            img.save(src, dpi=(dpi, dpi))
            done = subprocess.run(["tesseract", str(src), "stdout", "--dpi", str(dpi), *args],
                                  capture_output=True, env=env, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"tesseract failed: {done.stderr.decode('utf-8', 'replace')[-300:]}")
        return done.stdout.decode("utf-8", "replace")


def engine_version() -> str:
    e = _engine()
    return f"{e.name} (Tesseract {e.version}, {LANG})"


def ocr_image(img, dpi: int = DPI) -> OcrPage:
    """OCR one page image (PIL, any mode); `dpi` is its resolution. A page whose words read
    with a mean confidence under LOW_CONFIDENCE is checked for orientation (Tesseract's `osd`
    model), and read again turned upright when that reads better."""
    from pipeline.ingest import scan_prep

    if img.width * img.height > MAX_PIXELS:
        from pipeline.model import IngestError

        raise IngestError("too_large", f"page image of {img.width}x{img.height} pixels (limit {MAX_PIXELS})")
    import numpy as np

    from pipeline.limits import OCR_SECONDS_PER_PAGE, extend_time_limit

    extend_time_limit(OCR_SECONDS_PER_PAGE)
    gray = img.convert("L")
    if float((np.asarray(gray.reduce(4) if min(gray.size) > 800 else gray) < scan_prep.INK).mean()) < INK_SHARE:
        return OcrPage(text="", confidence=None, ink=False)
    page, upright = _read_upright(gray, dpi)
    if upright and page.confidence is not None and page.confidence >= LOW_CONFIDENCE:
        return page
    # a page that reads badly, or whose words stand on end, may be sideways or upside down (a
    # landscape table scanned in portrait): ask Tesseract's orientation model
    found = _engine().orientation(gray, dpi)
    if found is None or found[0] == 0 or found[1] < MIN_ORIENTATION_CONFIDENCE:
        return page
    extend_time_limit(OCR_SECONDS_PER_PAGE)
    turned, _ = _read_upright(gray.rotate(found[0], expand=True, fillcolor=255), dpi)
    turned.rotation = found[0]
    return turned if not upright or (turned.confidence or 0) > (page.confidence or 0) else page


def _words_stand_upright(words: list) -> bool:
    """Whether most words of 3+ letters are wider than tall: Tesseract reads the lines of a
    sideways page as vertical text, with good confidence and in a scrambled order."""
    long_words = [w for w in words if len(w.text) >= 3]
    return 2 * sum(1 for w in long_words if w.bottom - w.top > w.right - w.left) <= len(long_words)


def prepare_page(gray, dpi: int):
    """(page, skew angle, ruled grids): the grey page deskewed, its ruling lines painted white."""
    from pipeline.ingest import scan_prep

    gray, angle = scan_prep.deskew(gray)
    grids, rule_mask = scan_prep.find_grids(gray, dpi)
    if rule_mask is not None:
        from PIL import Image

        gray = Image.composite(Image.new("L", gray.size, 255), gray, rule_mask)
    return gray, angle, grids


def _read_upright(gray, dpi: int) -> tuple[OcrPage, bool]:
    """OCR a grey page image that stands (about) upright; and whether its words do."""
    from pipeline.ingest import ocr_layout, ocr_repair, scan_prep

    gray, angle, grids = prepare_page(gray, dpi)
    engine = _engine()
    cell_words = None
    if grids and hasattr(engine, "cell_words"):
        # table cells one by one (a cell's few digits are misread in a whole-page pass), and
        # the rest of the page with the tables painted out
        cells = [(g, b, k, rect) for g, grid in enumerate(grids) for b, k, rect in scan_prep.cell_boxes(grid, gray)]
        read = engine.cell_words(scan_prep.binarize(gray), dpi, [c[3] for c in cells])
        cell_words = {(g, b, k): [w for w in ws if w.conf >= 0] for (g, b, k, _), ws in zip(cells, read)}
        gray = scan_prep.blank_grids(gray, grids)
    words = [w for w in engine.words(gray, dpi) if w.conf >= 0]
    text, tables = ocr_layout.layout(words, grids, cell_words)
    if cell_words:
        words = words + [w for ws in cell_words.values() for w in ws]
    text, tables, n_repairs = ocr_repair.repair_page(text, tables)
    confidence = round(sum(w.conf for w in words) / len(words), 2) if words else None
    return OcrPage(text=text, confidence=confidence, tables=tables, n_words=len(words),
                   skew=angle, repairs=n_repairs), _words_stand_upright(words)


def render_pdf_page(pdf, index: int, dpi: int = DPI):
    """A page of an open pypdfium2 document as a grey PIL image at `dpi`."""
    page = pdf[index]
    try:
        w, h = page.get_size()
        scale = dpi / 72
        if w * scale * h * scale > MAX_PIXELS:  # an oversized page is rendered at what fits
            scale = (MAX_PIXELS / (w * h)) ** 0.5
        return page.render(scale=scale, grayscale=True).to_pil(), round(72 * scale)
    finally:
        page.close()
