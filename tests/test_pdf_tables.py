"""Ruled tables found on pdfium's objects (`pipeline.ingest.pdf_tables`) against pdfplumber's own
`find_tables` and `Table.extract`, which parse the page again with pdfminer: an independent
reading of the same file. The PDFs come from three writers: fpdf2 (the seed reports' tables, laid
out by tests/scans.text_pdf), Chromium printing HTML tables with merged cells and several border
styles, and a hand-written PDF whose grid sits in a Form XObject under scaling matrices. (The
Công báo PDFs of ../shared have no ruled table.)"""
from __future__ import annotations

import pytest

from conftest import seed_texts
from scans import grid_pages


def readings(data: bytes) -> list[tuple[list, list]]:
    """(ours, pdfplumber's) tables of each page with a ruling grid: (rows, box in page space)
    with cell text whitespace-normalised as the reader stores it."""
    import pypdfium2.raw as pdfium_c

    from pipeline.ingest.pdf import _cell
    from pipeline.ingest.pdf_tables import find_ruled_tables

    def norm(rows, box):
        return [[_cell(c) for c in row] for row in rows], list(box)

    out = []
    for page, textpage, raw, pl_page in grid_pages(data):
        ours = [norm(rows, box) for rows, box in find_ruled_tables(page, textpage, raw, pdfium_c)]
        height, x_off, y_off = float(pl_page.height), float(pl_page.bbox[0]), float(pl_page.bbox[1])
        theirs = [norm(t.extract(), (t.bbox[0] + x_off, height - t.bbox[3] + y_off,
                                     t.bbox[2] + x_off, height - t.bbox[1] + y_off))
                  for t in pl_page.find_tables()]
        out.append((ours, theirs))
    return out


def assert_same_tables(data: bytes) -> int:
    pages = readings(data)
    for ours, theirs in pages:
        assert [rows for rows, _ in ours] == [rows for rows, _ in theirs]
        for (_, box), (_, their_box) in zip(ours, theirs):
            assert box == pytest.approx(their_box, abs=0.01)  # pdfium's coordinates are float32
    return sum(len(theirs) for _, theirs in pages)


def test_seed_report_tables_laid_out_by_fpdf():
    from scans import fonts_present, text_pdf

    if not fonts_present():
        pytest.skip("DejaVu fonts are not installed (apt-get install fonts-dejavu-core)")
    assert sum(assert_same_tables(text_pdf(t)) for t in seed_texts()) >= 8


MERGED = """<table>
<tr><th rowspan="2">STT</th><th rowspan="2">Lĩnh vực</th><th colspan="3">Số hồ sơ</th></tr>
<tr><th>Tiếp nhận</th><th>Đã giải quyết</th><th>Đang giải quyết</th></tr>
<tr><td>1</td><td>Đất đai</td><td>2.473</td><td>2.151</td><td>322</td></tr>
<tr><td>2</td><td>Tư pháp - Hộ tịch, chứng thực bản sao từ bản chính giấy tờ, văn bản</td>
<td>1.120</td><td>1.100</td><td>20</td></tr>
<tr><td colspan="2">Tổng cộng</td><td>3.593</td><td>3.251</td><td>342</td></tr></table>"""
MERGED_ROWS = [["STT", "Lĩnh vực", "Số hồ sơ", None, None],
               [None, None, "Tiếp nhận", "Đã giải quyết", "Đang giải quyết"],
               ["1", "Đất đai", "2.473", "2.151", "322"],
               ["2", "Tư pháp - Hộ tịch, chứng thực bản sao từ bản chính giấy tờ, văn bản", "1.120", "1.100", "20"],
               ["Tổng cộng", None, "3.593", "3.251", "342"]]


@pytest.mark.parametrize("border", ["1px solid #000", "0.5pt solid #333", "2px solid black"])
def test_chromium_printed_tables_with_merged_cells(browser, border):
    page = browser.new_page()
    page.set_content(f"""<html><head><meta charset="utf-8"><style>
        body {{ font-family: "DejaVu Serif"; font-size: 11pt }}
        table {{ border-collapse: collapse; margin: 12px 0 }} td, th {{ border: {border}; padding: 3px 6px }}
        table.apart {{ border-collapse: separate }}
        </style></head><body><p>II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ</p>{MERGED}
        <table class="apart"><tr><td>Kế hoạch số 94/KH-UBND</td><td>Đã triển khai</td></tr>
        <tr><td>Nghị định số 61/2018/NĐ-CP</td><td>Đang thực hiện</td></tr></table></body></html>""")
    data = page.pdf(format="A4")
    page.close()
    assert assert_same_tables(data) >= 2
    [(ours, _)] = readings(data)
    assert ours[0][0] == MERGED_ROWS


def form_pdf(page_matrix: str, form_matrix: str) -> bytes:
    """A one-page PDF whose 3x3 grid and cell text are drawn by a Form XObject: the frame one
    `re S`, row rules `m l S`, column rules thin filled rectangles; the page draws the form
    under `page_matrix` (cm), the form has /Matrix `form_matrix`."""
    x, y, widths, height = 50, 700, (120, 80, 80), 20
    rows = (("Linh vuc", "Tiep nhan", "Da giai quyet"), ("Dat dai", "120", "118"), ("Tu phap", "45", "45"))
    ops = [f"0.5 w {x} {y - 3 * height} {sum(widths)} {3 * height} re S"]
    ops += [f"{x} {y - k * height} m {x + sum(widths)} {y - k * height} l S" for k in (1, 2)]
    ops += [f"{x + sum(widths[:k]) - 0.25} {y - 3 * height} 0.5 {3 * height} re f" for k in (1, 2)]
    ops += [f"BT /F1 10 Tf {x + sum(widths[:k]) + 4} {y - (r + 1) * height + 6} Td ({cell}) Tj ET"
            for r, row in enumerate(rows) for k, cell in enumerate(row)]
    form = "\n".join(ops).encode()
    content = f"q {page_matrix} cm /G Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /G 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [%s] /Resources << /Font << /F1 6 0 R >> >> "
        b"/Length %d >>\nstream\n%s\nendstream" % (form_matrix.encode(), len(form), form),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("page_matrix, form_matrix, box", [
    ("1 0 0 1 0 0", "1 0 0 1 0 0", [50, 640, 330, 700]),
    ("0.8 0 0 0.8 40 60", "1 0 0 1 10 -20", [88, 556, 312, 604]),
    ("1.2 0 0 0.9 -30 50", "0.9 0 0 1.1 5 -80", [30, 611.6, 332.4, 671]),
])
def test_grid_inside_a_form_xobject_under_scaling(page_matrix, form_matrix, box):
    data = form_pdf(page_matrix, form_matrix)
    assert assert_same_tables(data) == 1
    [([(rows, ours_box)], _)] = readings(data)
    assert rows == [["Linh vuc", "Tiep nhan", "Da giai quyet"], ["Dat dai", "120", "118"], ["Tu phap", "45", "45"]]
    assert ours_box == pytest.approx(box, abs=0.01)  # the page-space box, computed by hand


def test_a_page_without_a_grid_is_not_searched():
    from scans import fonts_present, text_pdf

    if not fonts_present():
        pytest.skip("DejaVu fonts are not installed (apt-get install fonts-dejavu-core)")
    assert readings(text_pdf("I. KẾT QUẢ\nTiếp nhận 2.473 hồ sơ.\n")) == []

