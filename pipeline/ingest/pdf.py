"""PDF with a text layer: page-by-page text, page ranges for provenance, ruled tables.

Engine choice (measured, see BENCHMARKS.md "PDF text layer"): pypdfium2 reads the text layer
about 45x faster per core than pdfplumber and its text is closer to the reference extraction of
the Công báo corpus, so every page goes through pdfium. A page on which pdfium sees a painted grid
of thin rules goes to `pdf_tables.find_ruled_tables` (pdfplumber's lattice table finder run on
pdfium's paths and characters), and a table it finds that passes the checks in `_ruled_tables`
becomes a `SourceTable` whose tab-separated rendering replaces the pdfium text of that region.

What pdfium's text is turned into, and why:
  * "\\r\\n" line ends -> "\\n".
  * U+FFFE / U+0002, pdfium's mark for a hyphen at a line end (it also drops the line break):
    -> "-\\n". In Vietnamese a line-end hyphen is a real one ("26/2016/TT-" + "BLĐTBXH"), so the
    printed hyphen and line break are restored; joining would move text between lines.
  * A run of spaces over a horizontal gap wider than 2 character heights (two columns on one
    baseline: "Số: 12/2022/TT-BLĐTBXH      Hà Nội, ngày 30 tháng 6 năm 2022") -> "\\t", the
    cell separator the DOCX and HTML readers use for the same layout table.
  * Other C0 control characters are dropped.
  * Widget annotations (the digital-signature stamp "Người ký: ... Thời gian ký: ...") are
    flattened into the page before reading, as a viewer prints them.
Pages are separated by one blank line; each `Page` range covers its own text only. A table
that runs over a page break (same number of columns, nothing but the break between) is one
`SourceTable`, so its rows on the next page keep their header. Between two
OCR'd pages a paragraph that runs over the page break (no closing punctuation, next page
starting with a small letter) stays one line.

A text layer in a legacy Vietnamese font (TCVN3 .VnTime, VNI-Times: "Céng hoµ x· héi") is
converted to Unicode (`legacy.detect_legacy`) and `RawDoc.encoding` names the legacy encoding.

A page without usable text (no characters, mostly unmapped glyphs, or a garbage layer over a
scan: fewer than half of 20+ words are Vietnamese syllables or ASCII words with a vowel, on a page that shows
an image) that shows an image or many vector paths (text drawn as outlines) is read by OCR (`ocr.ocr_image` on the page rendered
at 300 dpi; `Page.ocr`, `Page.ocr_confidence`); only those pages, so a mixed PDF keeps its text
layer elsewhere. An OCR'd page that shows ink but gives no words is an ("ocr_no_text", ...)
warning, pages read with a mean confidence under 60 a ("low_ocr_confidence", ...) one. When OCR
is unavailable (no Tesseract or no Vietnamese model, or BAOCAO_OCR=0) such pages are marked
`needs_ocr` and contribute no text; one ("needs_ocr", ...) warning lists them and says why. A
page with neither text nor image nor outlines is blank, not a scan.
"""
from __future__ import annotations

import regex

from pipeline.ingest.pdf_tables import HYPHEN_MARKS, find_ruled_tables, has_ruling_grid
from pipeline.model import IngestError, Page, RawDoc, SourceTable

MAX_PAGES = 20_000
MAX_PAGE_CHARS = 2_000_000      # a page with more characters than this is a trap, not a report
COLUMN_GAP = 2.0                # gap / character height above which two runs are two columns
OUTLINED_TEXT_PATHS = 50        # paths on a page without text above which it is text as outlines
_HYPHEN_MARKS = regex.compile(rf"[{HYPHEN_MARKS}](\r?\n)?")
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INNER_SPACES = regex.compile(r"(?<=\S) +(?=\S)")
_TAB_PADDING = regex.compile(r"\t +")
_UNMAPPED = regex.compile(r"[\ufffd\ue000-\uf8ff]")


def read_pdf(data: bytes, path=None) -> RawDoc:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if b"%PDF-" not in data[:1024]:
        raise IngestError("malformed_pdf", "not a PDF: no '%PDF-' header in the first 1024 bytes")
    try:
        pdf = pdfium.PdfDocument(data)  # pdfium tries the empty user password by itself
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise IngestError("encrypted", "the PDF is password-protected (the empty password does not open it)") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise IngestError("encrypted", "the PDF uses an unsupported security handler") from None
        raise IngestError("malformed_pdf", f"pdfium cannot open the PDF: {e}") from None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise IngestError("empty", "the PDF has no pages")
        if n_pages > MAX_PAGES:
            raise IngestError("too_large", f"the PDF has {n_pages} pages (limit {MAX_PAGES})")
        page_texts: list[str] = []
        page_tables: list[list[tuple[list[list[str | None]], int, int]]] = []
        no_text: list[int] = []
        unmapped: list[int] = []
        for i in range(n_pages):
            text, tables, status = _read_page(pdf, i, pdfium_c)
            page_texts.append(text)
            page_tables.append(tables)
            if status == "no_text":
                no_text.append(i + 1)
            elif status == "unmapped":
                unmapped.append(i + 1)
        encoding = _convert_legacy(page_texts, page_tables)
        garbage = [i + 1 for i, text in enumerate(page_texts)
                   if text and _is_garbage(text) and _shows_image(pdf, i, pdfium_c)]
        ocr_pages, ocr_note = _ocr_pages(pdf, no_text + unmapped + garbage)
    finally:
        pdf.close()

    parts: list[str] = []
    pages: list[Page] = []
    tables: list[SourceTable] = []
    pos = 0
    previous_ocr = False
    for number, (text, found) in enumerate(zip(page_texts, page_tables), start=1):
        read = ocr_pages.get(number)
        if read is not None:
            text, found = read.text, read.tables
        if pos and text and read is not None and previous_ocr and _continues(parts[-1], text):
            # OCR rebuilt paragraphs as lines: one running over the page break stays one line
            parts[-1] = parts[-1][:-1] + " "
        elif pos and text:  # a blank line between pages that have text
            parts.append("\n")
            pos += 1
        if text:
            previous_ocr = read is not None
        parts.append(text)
        pages.append(Page(number, pos, pos + len(text), ocr=read is not None,
                          ocr_confidence=read.confidence if read is not None else None,
                          ocr_rotation=read.rotation if read is not None else None,
                          needs_ocr=read is None and (number in no_text or number in unmapped)))
        tables.extend(SourceTable(rows, pos + s, pos + e) for rows, s, e in found)
        pos += len(text)
    text = "".join(parts)
    tables = _join_continued_tables(text, tables)
    warnings = _ocr_warnings(ocr_pages)
    if (no_text or unmapped) and not ocr_pages:
        why = []
        if no_text:
            why.append(f"{_plural(no_text)} {_list(no_text)} {'has' if len(no_text) == 1 else 'have'} no text layer")
        if unmapped:
            why.append(f"{_plural(unmapped)} {_list(unmapped)} {'has' if len(unmapped) == 1 else 'have'} "
                       "a text layer of unmapped glyphs")
        warnings.append(("needs_ocr", f"{len(no_text) + len(unmapped)} of {n_pages} pages need OCR: "
                         + "; ".join(why) + (f" ({ocr_note})" if ocr_note else "")))
    return RawDoc(text=text, source_format="pdf", pages=pages, tables=tables, warnings=warnings,
                  encoding=encoding)


def _join_continued_tables(text: str, tables: list[SourceTable]) -> list[SourceTable]:
    """A table that ends one page and one of as many columns that starts the next, with only
    the page break between them, is one table: its rows on the second page keep the header."""
    out: list[SourceTable] = []
    for t in tables:
        last = out[-1] if out else None
        if (last is not None and not text[last.char_end:t.char_start].strip()
                and "\n" in text[last.char_end:t.char_start]
                and last.rows and t.rows and len(last.rows[0]) == len(t.rows[0])):
            out[-1] = SourceTable(last.rows + t.rows, last.char_start, t.char_end)
            continue
        out.append(t)
    return out


def _convert_legacy(page_texts: list[str], page_tables: list[list]) -> str | None:
    """A text layer in a TCVN3 or VNI font ("Céng hoµ ...") -> Unicode, page by page and cell
    by cell; returns the legacy encoding found, or None. Table spans are found again in the
    converted page (VNI shortens the text)."""
    from pipeline.ingest.legacy import convert, detect_legacy

    legacy = detect_legacy("\n".join(page_texts))
    if legacy not in ("tcvn3", "vni"):
        return None
    for i, text in enumerate(page_texts):
        page_texts[i] = convert(text, legacy)
        placed = []
        cursor = 0
        for rows, _, _ in page_tables[i]:
            rows = [[convert(c, legacy) if c else c for c in row] for row in rows]
            rendering = "\n".join("\t".join(c or "" for c in row) for row in rows)
            at = page_texts[i].find(rendering, cursor)
            if at >= 0:
                placed.append((rows, at, at + len(rendering)))
                cursor = at + len(rendering)
        page_tables[i] = placed
    return legacy


_LETTERS = regex.compile(r"\p{L}+")
_VOWEL = regex.compile(r"[aeiouyAEIOUY]")


def _is_garbage(text: str) -> bool:
    """A text layer that is not text: fewer than half of its words are Vietnamese syllables or
    plain ASCII words (a scan's hidden layer from a poor OCR, or a font with wrong mappings)."""
    from pipeline.ingest.legacy import is_syllable

    words = _LETTERS.findall(text)[:300]
    if len(words) < 20:
        return False
    fine = sum(1 for w in words if is_syllable(w) or (w.isascii() and _VOWEL.search(w)))
    return fine * 2 < len(words)


def _shows_image(pdf, index: int, pdfium_c) -> bool:
    page = pdf[index]
    try:
        return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=4))
    finally:
        page.close()


_SENTENCE_END = regex.compile(r"[.:;!?…)\]\t]\s*\Z")


def _continues(before: str, after: str) -> bool:
    """Whether a page's text continues the paragraph the page before ended in: that one stops
    without closing punctuation (nor a table row) and this one starts with a small letter."""
    if not before.endswith("\n") or before.endswith("\n\n") or _SENTENCE_END.search(before):
        return False
    if "\t" in before[before.rfind("\n", 0, len(before) - 1) + 1:]:
        return False  # a table row
    return after.lstrip()[:1].islower()


def _ocr_pages(pdf, numbers: list[int]) -> tuple[dict, str | None]:
    """{page number: OcrPage} for the pages without a usable text layer (read, or taken from the
    OCR cache), and why none were read when OCR is unavailable (then they stay `needs_ocr`)."""
    if not numbers:
        return {}, None
    from pipeline.ingest import ocr, ocr_cache

    reason = ocr.unavailable_reason()
    if reason is not None:
        return {}, f"OCR unavailable: {reason}"
    read = {}
    for number in sorted(numbers):
        read[number] = ocr_cache.read_page(number, lambda: ocr.ocr_image(*ocr.render_pdf_page(pdf, number - 1)))
    return read, None


def _ocr_warnings(ocr_pages: dict) -> list[tuple[str, str]]:
    """An OCR'd page that shows ink but gave no words, and pages read with low confidence."""
    from pipeline.ingest.ocr import LOW_CONFIDENCE

    empty = [n for n, r in sorted(ocr_pages.items()) if not r.text.strip() and r.ink]
    low = [(n, r.confidence) for n, r in sorted(ocr_pages.items())
           if r.confidence is not None and r.confidence < LOW_CONFIDENCE]
    out = []
    if empty:
        out.append(("ocr_no_text", f"OCR read no text on {_plural(empty)} {_list(empty)}, "
                    f"which {'shows' if len(empty) == 1 else 'show'} ink"))
    if low:
        out.append(("low_ocr_confidence", f"OCR confidence below {LOW_CONFIDENCE}: "
                    + ", ".join(f"page {n} ({c:.0f})" for n, c in low[:40])
                    + "; the text of these pages may be unreliable"))
    return out


def _plural(numbers: list[int]) -> str:
    return "page" if len(numbers) == 1 else "pages"


def _list(numbers: list[int], limit: int = 40) -> str:
    shown = ", ".join(map(str, numbers[:limit]))
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


def _read_page(pdf, index: int, pdfium_c) -> tuple[str, list, str]:
    """(text, tables, status) of one page; status is "ok", "no_text", "unmapped" or "blank"."""
    page = pdf[index]
    try:
        if pdfium_c.FPDFPage_GetAnnotCount(page) > 0:
            if pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY) == pdfium_c.FLATTEN_SUCCESS:
                page.close()  # pdfium reads a flattened page's new content only after a reload
                page = pdf[index]
        textpage = page.get_textpage()
        try:
            n_chars = textpage.count_chars()
            if n_chars > MAX_PAGE_CHARS:
                raise IngestError("too_large", f"page {index + 1} has {n_chars} characters (limit {MAX_PAGE_CHARS})")
            raw = textpage.get_text_range() if n_chars > 0 else ""
            visible = [c for c in raw if not c.isspace()]
            if not visible:
                return "", [], "no_text" if _shows_something(page, pdfium_c) else "blank"
            if len(_UNMAPPED.findall(raw)) * 2 >= len(visible):
                return "", [], "unmapped"
            if len(raw) == n_chars:  # one str char per pdfium char: boxes can be looked up
                raw = _tab_column_gaps(raw, textpage)
                tables = _ruled_tables(page, textpage, raw, pdfium_c)
            else:
                tables = []
            text = _clean(raw)
            if tables:
                text, tables = _splice_tables(raw, tables)
        finally:
            textpage.close()
    finally:
        page.close()
    return text, tables, "ok"


def _shows_something(page, pdfium_c) -> bool:
    """An image (a scan), or enough paths to be text drawn as outlines."""
    paths = 0
    for obj in page.get_objects(max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= OUTLINED_TEXT_PATHS:
                return True
    return False


def _clean(raw: str) -> str:
    text = _HYPHEN_MARKS.sub("-\n", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TAB_PADDING.sub("\t", _CONTROLS.sub("", text))
    return text if text.endswith("\n") or not text else text + "\n"


def _tab_column_gaps(raw: str, textpage) -> str:
    """Replace the spaces over a column-wide horizontal gap by one tab (same length kept out)."""
    import pypdfium2.raw as pdfium_c

    rect = pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox

    def box(i: int) -> tuple[float, float, float, float]:
        loose_box(textpage, i, rect)  # the wrapper costs more than the call: 44k calls per 18 pages
        return rect.left, rect.bottom, rect.right, rect.top

    out: list[str] = []
    last = 0
    for m in _INNER_SPACES.finditer(raw):
        la, ba, ra, ta = box(m.start() - 1)
        lb, bb, rb, tb = box(m.end())
        height = max(ta - ba, tb - bb)
        same_baseline = height > 0 and abs(ba - bb) < height / 2
        if same_baseline and lb - ra > COLUMN_GAP * height:
            out.append(raw[last:m.start()])
            out.append("\t" + " " * (m.end() - m.start() - 1))  # keep indices aligned with pdfium
            last = m.end()
    if not out:
        return raw
    out.append(raw[last:])
    return "".join(out)


def _ruled_tables(page, textpage, raw: str, pdfium_c) -> list:
    """Data tables on a page that has a grid of ruling lines, as (rows, first_char, end_char)
    in pdfium character indices; [] when none or not mappable."""
    if page.get_rotation() != 0 or not has_ruling_grid(page, pdfium_c):
        return []
    found = []
    for rows, box in find_ruled_tables(page, textpage, raw, pdfium_c):
        rows = [[_cell(c) for c in row] for row in rows]
        if not _looks_like_data_table(rows):
            continue
        span = _chars_in_box(raw, textpage, box)
        if span is None:
            continue
        # every character of the table's lines must be in some cell: with text between the
        # cells (a caption drawn inside the frame) the pdfium text is the safer reading
        region = sum(1 for c in raw[span[0]:span[1]] if not c.isspace() and c not in HYPHEN_MARKS)
        cells = sum(len(c.replace(" ", "")) for row in rows for c in row if c)
        if abs(region - cells) <= max(2, region // 20):
            found.append((rows, *span))
    return found


def _looks_like_data_table(rows: list[list[str | None]]) -> bool:
    """At least 2 rows with 2 or more filled cells, and merged cells not the majority
    (a signature block or a single framed paragraph is not a table)."""
    if len(rows) < 2:
        return False
    filled_rows = sum(1 for row in rows if sum(1 for c in row if c) >= 2)
    merged = sum(1 for row in rows for c in row if c is None)
    total = sum(len(row) for row in rows)
    return filled_rows >= 2 and merged * 2 <= total


def _cell(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split())


def _chars_in_box(raw: str, textpage, box) -> tuple[int, int] | None:
    """(start, end) of the whole lines of `raw` holding the table in `box`, or None when text
    outside the box shares those lines (then the table's text cannot be cut out cleanly)."""
    left, bottom, right, top = box
    inside: list[int] = []
    for i, c in enumerate(raw):
        if c.isspace() or c in HYPHEN_MARKS:
            continue
        l, b, r, t = textpage.get_charbox(i)
        cx, cy = (l + r) / 2, (b + t) / 2
        if left <= cx <= right and bottom <= cy <= top:
            inside.append(i)
    if not inside:
        return None
    start = raw.rfind("\n", 0, inside[0]) + 1
    end = raw.find("\n", inside[-1])
    end = len(raw) if end < 0 else end
    inside_set = set(inside)
    outside = sum(1 for i in range(start, end) if not raw[i].isspace() and i not in inside_set
                  and raw[i] not in HYPHEN_MARKS)
    return None if outside else (start, end)


def _splice_tables(raw: str, tables: list) -> tuple[str, list]:
    """Clean `raw` and put each table's tab rendering in place of its region."""
    pieces: list[str] = []
    placed = []
    pos = 0
    out_len = 0
    for rows, start, end in sorted(tables, key=lambda t: t[1]):
        if start < pos:  # overlapping detections: keep the first
            continue
        before = _clean(raw[pos:start]).rstrip("\n") + "\n" if raw[pos:start].strip() else ""
        pieces.append(before)
        out_len += len(before)
        rendering = "\n".join("\t".join(c or "" for c in row) for row in rows)
        placed.append((rows, out_len, out_len + len(rendering)))
        pieces.append(rendering + "\n")
        out_len += len(rendering) + 1
        pos = end + 1 if end < len(raw) and raw[end] == "\n" else end
    pieces.append(_clean(raw[pos:]) if raw[pos:].strip() else "")
    return "".join(pieces), placed
