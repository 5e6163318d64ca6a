"""PDF ingest: text per page with page numbers, ruled tables, image-only pages (OCR'd, or
needs_ocr when OCR is off), encrypted, malformed, and the real Công báo PDFs against the text
their publisher extracted. OCR accuracy itself is tested in test_ocr.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.model import IngestError

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
fpdf = pytest.importorskip("fpdf")
if not (FONT_DIR / "DejaVuSans.ttf").exists():  # the Makefile installs fonts-dejavu-core
    pytest.skip("DejaVuSans.ttf is not installed (apt-get install fonts-dejavu-core)", allow_module_level=True)


def new_pdf():
    pdf = fpdf.FPDF()
    pdf.add_font("dejavu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", style="B", fname=str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("dejavu", size=12)
    return pdf


def report_pdf() -> bytes:
    """4 pages: a header with two columns, a ruled table, a scan (image only), a last page."""
    from PIL import Image

    pdf = new_pdf()
    pdf.add_page()
    pdf.cell(80, 8, "UBND TỈNH BẮC GIANG")
    pdf.cell(0, 8, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(80, 8, "Số: 12/BC-UBND")
    pdf.cell(0, 8, "Bắc Giang, ngày 05 tháng 4 năm 2024", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, "BÁO CÁO\nI. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\n"
                   "Thực hiện Thông tư số 26/2016/TT-\nBLĐTBXH; tiếp nhận 1.234 hồ sơ.\nTrang một kết thúc.")
    pdf.add_page()
    pdf.multi_cell(0, 8, "II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ")
    with pdf.table(col_widths=(60, 40, 40)) as table:
        for cells in (("Lĩnh vực", "Tiếp nhận", "Đúng hạn"), ("Đất đai", "120", "118"), ("Tư pháp", "45", "45")):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.multi_cell(0, 8, "Trang hai kết thúc.")
    pdf.add_page()
    pdf.image(Image.new("RGB", (200, 100), "white"), x=10, y=10, w=100)
    pdf.add_page()
    pdf.multi_cell(0, 8, "III. NHIỆM VỤ QUÝ II\nTrang bốn kết thúc.")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def report():
    return ingest(report_pdf(), Path("bao-cao.pdf"))


def page_text(raw, number):
    page = raw.pages[number - 1]
    return raw.text[page.char_start:page.char_end]


def test_pages_are_numbered_and_their_ranges_hold_their_text(report):
    assert [p.number for p in report.pages] == [1, 2, 3, 4]
    assert "Trang một kết thúc." in page_text(report, 1)
    assert "Trang hai kết thúc." in page_text(report, 2)
    assert page_text(report, 3) == ""
    assert "Trang bốn kết thúc." in page_text(report, 4)
    assert "Trang hai" not in page_text(report, 1) + page_text(report, 4)
    assert report.source_format == "pdf"


def test_headings_on_their_own_lines_and_columns_separated(report):
    lines = report.text.split("\n")
    assert "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in lines
    assert "III. NHIỆM VỤ QUÝ II" in lines
    # two columns on one baseline are two cells, as the DOCX reader renders the header table
    assert "Số: 12/BC-UBND\tBắc Giang, ngày 05 tháng 4 năm 2024" in lines


def test_line_end_hyphen_is_kept_with_its_line_break(report):
    assert "Thông tư số 26/2016/TT-\nBLĐTBXH; tiếp nhận 1.234 hồ sơ." in report.text
    assert "\ufffe" not in report.text and "\x02" not in report.text and "\r" not in report.text


def test_ruled_table_becomes_a_source_table(report):
    [table] = report.tables
    assert table.rows == [["Lĩnh vực", "Tiếp nhận", "Đúng hạn"], ["Đất đai", "120", "118"], ["Tư pháp", "45", "45"]]
    assert report.text[table.char_start:table.char_end] == "Lĩnh vực\tTiếp nhận\tĐúng hạn\nĐất đai\t120\t118\nTư pháp\t45\t45"
    page2 = report.pages[1]
    assert page2.char_start <= table.char_start < table.char_end <= page2.char_end


OFF = " (OCR unavailable: OCR is turned off (BAOCAO_OCR=0))"


def test_image_only_page_is_read_by_ocr_and_a_blank_scan_gives_no_text(report):
    from pipeline.ingest.ocr import unavailable_reason

    if unavailable_reason():
        pytest.skip(unavailable_reason())
    # page 3 is a white image: OCR'd (provenance kept), no text, no warning, nothing left to OCR
    assert [p.number for p in report.pages if p.ocr] == [3]
    assert not any(p.needs_ocr for p in report.pages) and report.warnings == []
    assert page_text(report, 3) == "" and report.pages[2].ocr_confidence is None


def test_image_only_page_needs_ocr_when_ocr_is_off(monkeypatch):
    monkeypatch.setenv("BAOCAO_OCR", "0")
    raw = ingest(report_pdf(), Path("bao-cao.pdf"))
    assert [p.number for p in raw.pages if p.needs_ocr] == [3]
    assert not any(p.ocr for p in raw.pages)
    assert raw.warnings == [("needs_ocr", "1 of 4 pages need OCR: page 3 has no text layer" + OFF)]


def test_needs_ocr_warning_becomes_an_errors_row(monkeypatch):
    from pipeline.process import process_bytes

    monkeypatch.setenv("BAOCAO_OCR", "0")
    rows = process_bytes(report_pdf(), Path("bao-cao.pdf"), "bao-cao.pdf")
    ingest_errors = [(r["stage"], r["error_type"]) for r in rows["errors"] if r["stage"] == "ingest"]
    assert ingest_errors == [("ingest", "needs_ocr")]
    assert [p["needs_ocr"] for p in rows["pages"]] == [False, False, True, False]


def gray_squares_pdf() -> bytes:
    from PIL import Image

    pdf = new_pdf()
    for _ in range(2):
        pdf.add_page()
        pdf.image(Image.new("RGB", (50, 50), "gray"), x=10, y=10, w=50)
    return bytes(pdf.output())


def test_scan_only_pdf_is_not_empty_but_all_pages_need_ocr(monkeypatch):
    monkeypatch.setenv("BAOCAO_OCR", "0")
    raw = ingest(gray_squares_pdf(), Path("scan.pdf"))
    assert raw.text == "" and all(p.needs_ocr for p in raw.pages)
    assert raw.warnings == [("needs_ocr", "2 of 2 pages need OCR: pages 1, 2 have no text layer" + OFF)]


def test_scan_of_no_words_is_empty_after_ocr():
    from pipeline.ingest.ocr import unavailable_reason

    if unavailable_reason():
        pytest.skip(unavailable_reason())
    with pytest.raises(IngestError) as e:  # ink (two grey squares) but no letters
        ingest(gray_squares_pdf(), Path("scan.pdf"))
    assert (e.value.error_type, e.value.message) == ("empty", "OCR read no text on any page")


def test_encrypted_pdf_with_user_password_is_reported():
    from fpdf.enums import EncryptionMethod

    pdf = new_pdf()
    pdf.set_encryption(owner_password="chu-so-huu", user_password="mat-khau",
                       encryption_method=EncryptionMethod.AES_128)
    pdf.add_page()
    pdf.cell(0, 8, "Tài liệu mật")
    with pytest.raises(IngestError) as e:
        ingest(bytes(pdf.output()), Path("mat.pdf"))
    assert e.value.error_type == "encrypted"


def test_owner_password_only_opens_with_the_empty_user_password():
    from fpdf.enums import EncryptionMethod

    pdf = new_pdf()
    pdf.set_encryption(owner_password="chu-so-huu", encryption_method=EncryptionMethod.AES_128)
    pdf.add_page()
    pdf.cell(0, 8, "Chỉ hạn chế quyền in")
    assert ingest(bytes(pdf.output()), Path("r.pdf")).text == "Chỉ hạn chế quyền in\n"


@pytest.mark.parametrize("data, error_type", [
    (b"PK\x03\x04 this is a zip, not a PDF", "malformed_pdf"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "malformed_pdf"),
    (None, "malformed_pdf"),  # a real PDF cut in half
])
def test_malformed_pdf(data, error_type):
    if data is None:
        whole = report_pdf()
        data = whole[: len(whole) // 3]
    with pytest.raises(IngestError) as e:
        ingest(data, Path("hong.pdf"))
    assert e.value.error_type == error_type


CONGBAO = "corpora/congbao-8chude/docs"


def folded(text: str) -> str:
    return " ".join(text.split())


def congbao_pairs(shared: Path):
    return sorted((p, p.with_suffix(".txt")) for p in (shared / CONGBAO).rglob("*.pdf"))


def test_congbao_pdfs_match_their_published_text(shared_dir, capsys):
    """The .txt beside each Công báo PDF was extracted by the corpus author (PyMuPDF get_text,
    pages joined by a newline). Our text must agree with it on >= 99 % of characters after
    whitespace folding (normalized Indel similarity)."""
    from rapidfuzz.distance import Indel

    pairs = congbao_pairs(shared_dir)
    assert len(pairs) == 5
    figures = {}
    for pdf_path, txt_path in pairs:
        raw = ingest(pdf_path.read_bytes(), pdf_path)
        reference = txt_path.read_text(encoding="utf-8")
        figures[pdf_path.name] = Indel.normalized_similarity(folded(raw.text), folded(reference))
        assert not raw.warnings and not any(p.needs_ocr for p in raw.pages)
        assert raw.encoding is None  # no legacy-encoding conversion of a Unicode text layer
    with capsys.disabled():
        print("\ncongbao PDF vs published .txt (Indel similarity, whitespace folded):")
        for name, sim in figures.items():
            print(f"  {sim:.4%}  {name}")
    assert all(sim >= 0.99 for sim in figures.values()), figures


def test_blank_page_is_neither_text_nor_a_scan():
    pdf = new_pdf()
    pdf.add_page()
    pdf.cell(0, 8, "Trang có chữ")
    pdf.add_page()
    pdf.line(10, 10, 100, 10)  # a ruled line and nothing else
    raw = ingest(bytes(pdf.output()), Path("r.pdf"))
    assert raw.warnings == [] and [p.needs_ocr for p in raw.pages] == [False, False]
    assert raw.pages[1].char_start == raw.pages[1].char_end
