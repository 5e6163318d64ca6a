"""OCR route: scanned PDF pages and page images read by Tesseract (Vietnamese model).

The scans are built here (tests/scans.py): report text laid out with DejaVu, rasterized at
300 dpi, rotated up to ±1°, blurred, noised and JPEG-compressed, wrapped in an image-only PDF.
The test suite OCRs only a few pages (one full report page, the rest small); accuracy over the
five seeds is measured by benchmarks/bench_ocr.py.
"""
from __future__ import annotations

import io
import os
import random
import unicodedata
from pathlib import Path

import pytest

import scans
from conftest import SEEDS
from pipeline.ingest import ingest
from pipeline.ingest.ocr import unavailable_reason
from pipeline.ingest.ocr_layout import Word, layout
from pipeline.ingest.ocr_repair import join_split_code, repair_line

needs_ocr_engine = pytest.mark.skipif(unavailable_reason() is not None, reason=str(unavailable_reason()))
needs_fonts = pytest.mark.skipif(not scans.fonts_present(), reason="DejaVu fonts are not installed")


def folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(hypothesis: str, reference: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(folded(hypothesis), folded(reference)) / max(1, len(folded(reference)))


def small_scan(lines: list[str], seed: int = 7, height_mm: float = 60):
    """A strip of an A4 page (full width, `height_mm` high) with `lines`, scanned at 300 dpi."""
    import fpdf

    pdf = fpdf.FPDF(format=(210, height_mm))
    pdf.set_margins(15, 8, 15)
    pdf.add_font("serif", fname=str(scans.FONT_DIR / "DejaVuSerif.ttf"))
    pdf.set_font("serif", size=12)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return scans.page_images(bytes(pdf.output()), seed=seed)[0]


# ----------------------------------------------------------------------------- pure functions
def test_two_columns_on_one_baseline_become_one_line_with_a_tab():
    h = 40
    words = [Word("Số:", 95, 100, 100, 170, 100 + h, (1, 1, 1)), Word("12/BC-UBND", 95, 185, 100, 420, 100 + h, (1, 1, 1)),
             Word("Hà", 95, 1300, 102, 1350, 102 + h, (2, 1, 1)), Word("Nội,", 95, 1365, 102, 1440, 102 + h, (2, 1, 1)),
             Word("Kết", 95, 100, 300, 170, 300 + h, (3, 1, 1)), Word("quả", 95, 185, 300, 260, 300 + h, (3, 1, 1))]
    text, tables = layout(words, [])
    assert text == "Số: 12/BC-UBND\tHà Nội,\nKết quả\n" and tables == []


def test_printed_lines_of_a_paragraph_are_joined_and_a_gap_starts_a_new_one():
    h, pitch = 40, 60

    def line(y, texts, key, x0=100):
        out, x = [], x0
        for t in texts:
            out.append(Word(t, 90, x, y, x + 30 * len(t), y + h, key))
            x += 30 * len(t) + 15
        return out

    words = (line(100, ["Thực", "hiện", "Kế", "hoạch", "số", "94/KH-"] + ["xxxxxxxxxxx"] * 4, (1, 1, 1))
             + line(100 + pitch, ["UBND", "ngày", "18/9/2018."], (1, 1, 2))
             + line(100 + 3 * pitch, ["II.", "KẾT", "QUẢ"], (1, 2, 1)))
    text, _ = layout(words, [])
    first, second = text.rstrip("\n").split("\n")
    assert first.startswith("Thực hiện Kế hoạch số 94/KH-") and first.endswith("xxxxxxxxxxx UBND ngày 18/9/2018.")
    assert second == "II. KẾT QUẢ"


@needs_ocr_engine
@needs_fonts
def test_a_raised_mark_after_a_year_is_not_part_of_the_year_and_a_seven_is_not_raised():
    from pipeline.ingest.ocr import ocr_image

    text = folded(ocr_image(small_scan(["Năm 2020¹ và năm 2019², theo Quyết định số 5/QĐ-UBND."],
                                       seed=2, height_mm=22)).text)
    assert text.startswith("Năm 2020¹ và năm 2019") and text[len("Năm 2020¹ và năm 2019")] in "¹²³⁴⁵⁶⁷⁸⁹"
    text = folded(ocr_image(small_scan(["Số: 417 /BC-UBND, 1.247 hồ sơ, 27 lượt, năm 2017."],
                                       seed=5, height_mm=22)).text)
    assert text == "Số: 417 /BC-UBND, 1.247 hồ sơ, 27 lượt, năm 2017."


def test_a_heading_in_capitals_starts_a_paragraph():
    h, pitch = 40, 60

    def line(y, texts, key):
        out, x = [], 100
        for t in texts:
            out.append(Word(t, 90, x, y, x + 30 * len(t), y + h, key))
            x += 30 * len(t) + 15
        return out

    words = (line(100, ["Quy", "trình", "khám,", "chữa", "bệnh"] + ["xxxxxxxxxxx"] * 5, (1, 1, 1))
             + line(100 + pitch, ["1.", "MỤC", "ĐÍCH"] + ["XXXXXXXXXXX"] * 5, (1, 1, 2)))
    text, _ = layout(words, [])
    assert text.split("\n")[1].startswith("1. MỤC ĐÍCH")


@pytest.mark.parametrize("line, repaired", [
    ("ngày 1O/l0/2O18 tiếp nhận 1.2O5 hồ sơ", "ngày 10/10/2018 tiếp nhận 1.205 hồ sơ"),
    ("Nghị định số 61/2O18/NĐ-CP", "Nghị định số 61/2018/NĐ-CP"),
    ("Quyết định số l2/QÐ-UBND", "Quyết định số 12/QĐ-UBND"),
    ("tiếp nhận 2,473 hồ sơ; tỷ lệ 95,5 %", "tiếp nhận 2.473 hồ sơ; tỷ lệ 95,5 %"),
    ("đã giải quyết 2. 151 hồ sơ", "đã giải quyết 2.151 hồ sơ"),
    ("lo lắng, Ol, ISO 9001, Io", "lo lắng, Ol, ISO 9001, Io"),          # words are left alone
    ("năm 2018. 473 người dự", "năm 2018. 473 người dự"),                # a sentence end stays
    ("năm 2020! và 2019?, tại sao?", "năm 2020¹ và 2019², tại sao?"),      # footnote marks
    ("II KẾT QUẢ THỰC HIỆN", "II. KẾT QUẢ THỰC HIỆN"), ("IIL ĐÁNH GIÁ CHUNG.", "II. ĐÁNH GIÁ CHUNG."),
    ("II Kết quả", "II Kết quả"), ("VI TRÍ", "VI TRÍ"),                   # not a heading line
])
def test_repairs_are_validated_by_the_number_grammar(line, repaired):
    assert repair_line(line)[0] == repaired


def test_codes_split_at_a_line_end_are_joined_only_when_they_form_a_document_number():
    assert join_split_code("Kế hoạch số 94/KH-", "UBND ngày 18/9/2018") == "Kế hoạch số 94/KH-UBND ngày 18/9/2018"
    assert join_split_code("Thông tư số 26/2016/TT-", "BLĐTBXH") == "Thông tư số 26/2016/TT-BLĐTBXH"
    assert join_split_code("Quyết định số 12/", "QĐ-UBND") == "Quyết định số 12/QĐ-UBND"
    assert join_split_code("giai đoạn 2011 -", "2020") == "giai đoạn 2011 - 2020"
    assert join_split_code("đơn vị A-", "Hà Nội") == "đơn vị A- Hà Nội"


# ----------------------------------------------------------------------------- OCR
@needs_ocr_engine
@needs_fonts
def test_a_noisy_scan_of_a_report_page_reads_back(tmp_path):
    text = (SEEDS / "000_eb60bfc273ad20a5.txt").read_text(encoding="utf-8")
    clean = scans.text_pdf(text)
    reference = scans.page_texts(clean)[0]
    raw = ingest(scans.scan_pdf(clean, seed=3, pages=[0]), Path("scan.pdf"))
    [page] = raw.pages
    assert page.ocr and not page.needs_ocr and page.ocr_confidence > 85
    assert cer(raw.text, reference) <= 0.015, raw.text[:500]
    for fact in ("Số: 417 /BC-UBND", "Kế hoạch số 94/KH-UBND ngày 18/9/2018",
                 "Công văn số 2661/UBND-NV ngày 10/10/2018", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"):
        assert fact in raw.text


@needs_ocr_engine
@needs_fonts
def test_a_ruled_table_is_read_row_by_row():
    import fpdf

    rows = [["STT", "Lĩnh vực", "Tiếp nhận", "Đúng hạn", "Quá hạn"],
            ["1", "Đất đai", "1.250", "1.198", "52"],
            ["2", "Tư pháp - Hộ tịch", "845", "845", ""],
            ["3", "Xây dựng", "317", "", "17"],
            ["", "Tổng cộng", "2.412", "2.043", "69"]]
    pdf = fpdf.FPDF(format=(210, 80))
    pdf.add_font("serif", fname=str(scans.FONT_DIR / "DejaVuSerif.ttf"))
    pdf.set_font("serif", size=11)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Biểu 01. Kết quả giải quyết hồ sơ", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 40, 20, 20, 20), first_row_as_headings=False, padding=1.5) as table:
        for r in rows:
            row = table.row()
            for c in r:
                row.cell(c)
    raw = ingest(scans.scan_pdf(bytes(pdf.output()), seed=11), Path("bieu.pdf"))
    [table] = raw.tables
    assert table.rows == rows
    assert raw.text[table.char_start:table.char_end] == "\n".join("\t".join(r) for r in rows)
    assert raw.text.startswith("Biểu 01. Kết quả giải quyết hồ sơ\n")


def _table_strip(rows, seed):
    import fpdf

    pdf = fpdf.FPDF(format=(210, 25 + 12 * len(rows)))
    pdf.add_font("serif", fname=str(scans.FONT_DIR / "DejaVuSerif.ttf"))
    pdf.set_font("serif", size=11)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    with pdf.table(col_widths=(15, 60, 30), first_row_as_headings=False, padding=1.5) as table:
        for r in rows:
            row = table.row()
            for c in r:
                row.cell(c)
    return scans.page_images(bytes(pdf.output()), seed=seed)[0]


@needs_ocr_engine
@needs_fonts
def test_a_table_running_over_a_page_break_is_one_table():
    first = [["STT", "Đơn vị", "Tiếp nhận"], ["1", "Phường Trần Phú", "1.250"]]
    second = [["2", "Xã Song Mai", "845"], ["3", "Xã Đa Mai", "317"]]
    raw = ingest(scans.images_pdf([_table_strip(first, 21), _table_strip(second, 22)]), Path("bang.pdf"))
    [table] = raw.tables
    assert table.rows == first + second
    assert raw.pages[0].char_start <= table.char_start < raw.pages[0].char_end < table.char_end


@needs_ocr_engine
@needs_fonts
def test_sideways_and_upside_down_pages_are_turned_upright_and_say_so():
    """A page scanned turned by 90° (which Tesseract reads with good confidence as scrambled
    vertical text) or by 180° (read as garbage) is turned by what the orientation model finds and
    read again; pages.ocr_rotation records the turn."""
    lines = ["II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
             "Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ; trong đó: đã giải quyết: 1.100 hồ sơ.",
             "Kế hoạch số 94/KH-UBND ngày 18/9/2018 của UBND tỉnh."]
    strip = small_scan(lines, seed=9, height_mm=34)
    pages = [strip, strip.rotate(270, expand=True, fillcolor=255), strip.rotate(180, fillcolor=255)]
    raw = ingest(scans.images_pdf(pages), Path("xoay.pdf"))
    assert [p.ocr_rotation for p in raw.pages] == [0, 90, 180]
    for p in raw.pages:
        assert folded(raw.text[p.char_start:p.char_end]) == folded(" ".join(lines))
        assert p.ocr_confidence > 80


@needs_ocr_engine
@needs_fonts
def test_a_mixed_pdf_ocrs_only_its_scanned_page():
    import fpdf

    strip = small_scan(["Trang hai là bản quét: tiếp nhận 1.234 hồ sơ."], seed=5, height_mm=25)
    pdf = fpdf.FPDF()
    pdf.add_font("sans", fname=str(scans.FONT_DIR / "DejaVuSerif.ttf"))
    pdf.set_font("sans", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Trang một có lớp chữ: Kế hoạch số 94/KH-UBND.")
    pdf.add_page()
    pdf.image(strip, x=0, y=0, w=210)
    raw = ingest(bytes(pdf.output()), Path("mixed.pdf"))
    assert [(p.ocr, p.needs_ocr) for p in raw.pages] == [(False, False), (True, False)]
    assert raw.pages[0].ocr_confidence is None and raw.pages[1].ocr_confidence > 80
    one, two = (raw.text[p.char_start:p.char_end] for p in raw.pages)
    assert one == "Trang một có lớp chữ: Kế hoạch số 94/KH-UBND.\n"
    assert folded(two) == "Trang hai là bản quét: tiếp nhận 1.234 hồ sơ."


@needs_ocr_engine
@needs_fonts
def test_footnote_marks_stay_superscripts_and_qd_is_not_doubled():
    """Raised small digits after a word are footnote marks ("2020¹", not the number 20201), and
    the "Đ" of "QĐ" that Tesseract reads twice ("QĐĐ") is read once."""
    from pipeline.ingest.ocr import ocr_image

    line = "Năm 2020¹ và theo Quyết định số 5/QĐ-UBND của UBND tỉnh."
    assert folded(ocr_image(small_scan([line], seed=2, height_mm=22)).text) == line


@needs_ocr_engine
@needs_fonts
def test_a_garbage_text_layer_over_a_scan_is_replaced_by_ocr():
    import fpdf

    strip = small_scan(["Đã giải quyết 945 hồ sơ đúng hạn."], seed=4, height_mm=20)
    pdf = fpdf.FPDF()
    pdf.add_font("sans", fname=str(scans.FONT_DIR / "DejaVuSerif.ttf"))
    pdf.set_font("sans", size=8)
    pdf.add_page()
    pdf.image(strip, x=0, y=0, w=210)
    rng = random.Random(1)
    junk = " ".join("".join(rng.choice("bcdfgjklmnpqrstvwxz") for _ in range(5)) for _ in range(40))
    pdf.set_xy(10, 5)
    pdf.text_mode = "INVISIBLE"  # the hidden layer of a bad OCR over the scan: consonant soup
    pdf.multi_cell(0, 5, junk)
    raw = ingest(bytes(pdf.output()), Path("lop-rac.pdf"))
    assert raw.pages[0].ocr and folded(raw.text) == "Đã giải quyết 945 hồ sơ đúng hạn."


@needs_ocr_engine
@needs_fonts
def test_a_paragraph_running_over_a_scanned_page_break_stays_one_line():
    one = small_scan(["Đến nay được bố trí 20 cán bộ, công chức, gồm 21 chức danh"], seed=12, height_mm=20)
    two = small_scan(["và 01 chức danh Trưởng công an phường."], seed=13, height_mm=20)
    raw = ingest(scans.images_pdf([one, two]), Path("hai-trang.pdf"))
    assert raw.text == ("Đến nay được bố trí 20 cán bộ, công chức, gồm 21 chức danh "
                        "và 01 chức danh Trưởng công an phường.\n")
    assert [p.number for p in raw.pages if p.ocr] == [1, 2]
    assert raw.pages[0].char_end == raw.pages[1].char_start


@needs_ocr_engine
@needs_fonts
def test_png_jpeg_and_multipage_tiff_inputs_go_the_same_route():
    first = small_scan(["Báo cáo số 12/BC-UBND ngày 05/4/2024."], seed=1, height_mm=20)
    second = small_scan(["Đã giải quyết 945 hồ sơ đúng hạn."], seed=2, height_mm=20)
    for fmt, name in (("PNG", "a.png"), ("JPEG", "a.jpg")):
        buf = io.BytesIO()
        first.save(buf, fmt, dpi=(300, 300))
        raw = ingest(buf.getvalue(), Path(name))
        assert folded(raw.text) == "Báo cáo số 12/BC-UBND ngày 05/4/2024." and raw.pages[0].ocr
        assert raw.source_format == name.rsplit(".", 1)[1]
    buf = io.BytesIO()
    first.save(buf, "TIFF", save_all=True, append_images=[second], dpi=(300, 300), compression="tiff_lzw")
    raw = ingest(buf.getvalue(), Path("hai-trang.tif"))
    assert [p.number for p in raw.pages] == [1, 2] and all(p.ocr for p in raw.pages)
    assert [folded(raw.text[p.char_start:p.char_end]) for p in raw.pages] == [
        "Báo cáo số 12/BC-UBND ngày 05/4/2024.", "Đã giải quyết 945 hồ sơ đúng hạn."]


def test_a_broken_image_is_reported():
    from pipeline.model import IngestError

    if unavailable_reason():
        pytest.skip(unavailable_reason())
    with pytest.raises(IngestError) as e:
        ingest(b"\x89PNG\r\n\x1a\n not really", Path("hong.png"))
    assert e.value.error_type == "malformed_image"


@needs_ocr_engine
@needs_fonts
def test_figures_and_findings_from_an_ocr_page_carry_their_provenance():
    """A sum that does not add up on a scanned page is a warning that says it may be an OCR
    misreading, not an error in the source; the figures are marked ocr."""
    from pipeline.process import process_bytes

    lines = ["II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
             "Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ; trong đó: đã giải quyết: 1.100 hồ sơ; "
             "đang giải quyết: 120 hồ sơ."]
    data = scans.images_pdf([small_scan(lines, seed=9, height_mm=40)])
    rows = process_bytes(data, Path("quet.pdf"), "quet.pdf")
    [doc] = rows["documents"]
    assert doc["ocr"] is True and rows["pages"][0]["ocr"] and rows["pages"][0]["ocr_confidence"] > 80
    stats = rows["dossier_stats"]
    assert sorted(s["value"] for s in stats) == [120, 1100, 1250] and all(s["ocr"] for s in stats)
    [sum_fail] = [f for f in rows["findings"] if f["rule"] == "sum_total" and f["status"] == "fail"]
    assert sum_fail["severity"] == "warning" and "OCR misreading" in sum_fail["message"]


@needs_fonts
def test_the_tesseract_command_is_the_fallback_engine(monkeypatch):
    """Without tesserocr the `tesseract` command (TSV output, OMP_THREAD_LIMIT=1) reads the page."""
    import shutil

    from pipeline.ingest import ocr

    if unavailable_reason() or not shutil.which("tesseract"):
        pytest.skip("the tesseract command is not installed")
    monkeypatch.setattr(ocr, "_ENGINE", ocr._Cli())
    page = ocr.ocr_image(small_scan(["Tiếp nhận 2.473 hồ sơ, đã giải quyết 2.151 hồ sơ."], seed=8, height_mm=20))
    assert folded(page.text) == "Tiếp nhận 2.473 hồ sơ, đã giải quyết 2.151 hồ sơ." and page.confidence > 80
    lines = ["II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ", "Kế hoạch số 94/KH-UBND ngày 18/9/2018 của UBND tỉnh."]
    upside_down = small_scan(lines, seed=8, height_mm=26).rotate(180)
    page = ocr.ocr_image(upside_down)
    assert page.rotation == 180 and folded(page.text) == folded(" ".join(lines))


def test_tesseract_is_single_threaded_in_this_process():
    if unavailable_reason():
        pytest.skip(unavailable_reason())
    from pipeline.ingest import ocr

    ocr._engine()
    assert os.environ["OMP_THREAD_LIMIT"] == "1"


# ----------------------------------------------------------------------------- the real scan
@pytest.mark.shared
@needs_ocr_engine
def test_the_real_scanned_pdf_reads_as_vietnamese(shared_dir, capsys):
    """Two pages of the 15-page scanned hospital procedure (no text layer): end to end, readable
    Vietnamese (most words are valid syllables), and its mean OCR confidence reported."""
    import pypdfium2 as pdfium
    import regex

    from pipeline.ingest.legacy import is_syllable
    from pipeline.process import process_bytes

    src = next((shared_dir / "corpora" / "tvpl-johnpa02" / "ocr" / "data").glob("*.pdf"))
    whole = pdfium.PdfDocument(src.read_bytes())
    part = pdfium.PdfDocument.new()
    part.import_pages(whole, [0, 1])
    buf = io.BytesIO()
    part.save(buf)
    rows = process_bytes(buf.getvalue(), Path(src.name), src.name)
    assert not [e for e in rows["errors"] if e["stage"] == "ingest"], rows["errors"]
    [doc] = rows["documents"]
    assert doc["ocr"] and doc["n_pages"] == 2
    confidences = [p["ocr_confidence"] for p in rows["pages"]]
    words = regex.findall(r"\p{L}+", doc["text"])
    viet = [w for w in words if any(ord(c) > 0x7F for c in w)]
    valid = sum(is_syllable(w) for w in words) / len(words)
    with capsys.disabled():
        print(f"\nreal scan, pages 1-2: mean OCR confidence {sum(confidences) / 2:.1f} "
              f"(per page {confidences}), {len(words)} words, {valid:.1%} valid Vietnamese syllables")
    assert len(words) > 150 and len(viet) > 50 and valid > 0.85
    assert min(confidences) > 70
