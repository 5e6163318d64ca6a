"""One synthetic text per textual form the segmenter handles (see the pipeline/segment docstrings)."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.model import Doc, Page, SourceTable
from pipeline.segment import segment
from pipeline.segment.period import explicit_range, parse_period
from pipeline.segment.sections import parse_arabic


def seg(text: str, source_format: str = "txt", tables=None, pages=None) -> Doc:
    doc = Doc(doc_id="ab" * 32, source_path="t.txt", source_format=source_format, text=text,
              pages=pages or [Page(1, 0, len(text))], tables=tables or [])
    segment(doc)
    return doc


def outline(doc: Doc):
    return [(s["numbering"], s["level"], s["kind"], s["anomaly"]) for s in doc.sections]


def parent_numbering(doc: Doc, s: dict):
    by_id = {x["section_id"]: x for x in doc.sections}
    return by_id[s["parent_id"]]["numbering"] if s["parent_id"] else None


# ---------------------------------------------------------------------------- report sections

REPORT = """BÁO CÁO

Kết quả công tác cải cách hành chính quý 2 năm 2019

I. CÔNG TÁC CHỈ ĐẠO

1. Về kế hoạch

- Ban hành 2 kế hoạch; + tiếp nhận 2.473 hồ sơ.
* Ghi chú trong mục.
2.473 hồ sơ đã giải quyết.

2. Về kiểm tra

2.1. Kiểm tra định kỳ

a) Tại cấp huyện

b) Tại cấp xã

2.2.Kiểm tra đột xuất

II. KẾT QUẢ

1. Cải cách thể chế

3. Cải cách thủ tục

3. Cải cách thủ tục

2. Cải cách tổ chức

IV. KIẾN NGHỊ
"""


def test_roman_arabic_lettered_levels_and_anomalies():
    doc = seg(REPORT)
    assert outline(doc) == [
        ("I", 1, "roman", None), ("1", 2, "arabic", None), ("2", 2, "arabic", None),
        ("2.1", 3, "arabic", None), ("a", 4, "letter", None), ("b", 4, "letter", None),
        ("2.2", 3, "arabic", None),
        ("II", 1, "roman", None), ("1", 2, "arabic", None),
        ("3", 2, "arabic", "skipped_numbering"), ("3", 2, "arabic", "duplicate_numbering"),
        ("2", 2, "arabic", "out_of_order"),
        ("IV", 1, "roman", "skipped_numbering"),
    ]
    s = doc.sections
    assert [parent_numbering(doc, x) for x in s[:7]] == [None, "I", "I", "2", "2.1", "2.1", "2"]
    assert s[0]["heading"] == "CÔNG TÁC CHỈ ĐẠO"
    assert s[6]["heading"] == "Kiểm tra đột xuất"  # "2.2.Kiểm tra": no space after the numbering
    # bullets and a figure at a line start stay inside "1. Về kế hoạch"
    one = s[1]
    body = doc.text[one["char_end"]:one["body_end"]]
    assert "2.473 hồ sơ đã giải quyết" in body and "* Ghi chú" in body
    # body_end: "2." runs over its 2.1, a), b), 2.2 up to "II."
    assert s[2]["body_end"] == s[7]["char_start"]
    assert doc.meta["kind"] == "report"
    assert doc.meta["period_label"] == "quý 2 năm 2019"
    assert (doc.meta["period_start"], doc.meta["period_end"]) == (dt.date(2019, 4, 1), dt.date(2019, 6, 30))


def test_a_list_restarting_at_one_nests_and_is_not_flagged():
    text = "1. Mục một\n\n2. Mục hai\n\n2.1.Tiểu mục\n\n1.Nơi đón tiếp:\n\n2.Thái độ:\n\n2.2.Tiếp\n\n3. Mục ba\n"
    doc = seg(text)
    assert outline(doc) == [("1", 2, "arabic", None), ("2", 2, "arabic", None), ("2.1", 3, "arabic", None),
                            ("1", 2, "arabic", None), ("2", 2, "arabic", None), ("2.2", 3, "arabic", None),
                            ("3", 2, "arabic", None)]
    assert parent_numbering(doc, doc.sections[3]) == "2.1"


@pytest.mark.parametrize("line, expect", [
    ("1. Về chỉ đạo", ((1,), 3)),
    ("2.1.3.100% hồ sơ được số hoá", ((2, 1, 3), 6)),
    ("1.1.Quyết định số 06", ((1, 1), 4)),
    ("5.2 Lập danh mục", ((5, 2), 4)),
    ("10) Tăng cường", ((10,), 4)),
    ("2.473 hồ sơ", None),
    ("1.000.000 đồng", None),
    ("15.12.2022 họp", None),
    ("2019. Năm", None),
    ("3 hồ sơ", None),
    ("12", None),
])
def test_arabic_numbering_forms(line, expect):
    assert parse_arabic(line) == expect


def test_markdown_heading_and_quoted_amendment_lines():
    text = "**I. CÔNG TÁC**\n\nĐiều 1. Sửa đổi\n“Điều 5. Đối tượng\n1. Người lao động.\n2. Người sử dụng.”\n3. Khoản ba của Điều 1.\n"
    doc = seg(text)
    assert [s["numbering"] for s in doc.sections] == ["I", "Điều 1", "3"]
    assert doc.sections[0]["char_start"] == 2 and doc.sections[0]["heading"] == "CÔNG TÁC"


# ---------------------------------------------------------------------------- legal documents

LAW = """QUỐC HỘI

Luật số: 69/2020/QH14
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

LUẬT
NGƯỜI LAO ĐỘNG VIỆT NAM ĐI LÀM VIỆC Ở NƯỚC NGOÀI
THEO HỢP ĐỒNG

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Căn cứ Luật Tổ chức Quốc hội số 57/2014/QH13 đã được sửa đổi, bổ sung
một số điều theo Luật số 65/2020/QH14;
Quốc hội ban hành Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng.

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về quyền của người lao động.
Điều 2. Đối tượng áp dụng
1. Người lao động Việt Nam.
2. Doanh nghiệp, gồm:
a) Doanh nghiệp dịch vụ;
b) Đơn vị sự nghiệp;
đ) Tổ chức khác.
Chương II
QUYỀN VÀ NGHĨA VỤ

Mục 1
NGƯỜI LAO ĐỘNG

Điều 3. Quyền
Điều 3. Nghĩa vụ
Điều 5. Trách nhiệm
Chương V Nghị định này được sửa đổi.
"""


def test_legal_units_kinds_levels_and_numbering():
    doc = seg(LAW)
    rows = [(s["kind"], s["numbering"], s["level"], s["anomaly"]) for s in doc.sections]
    assert rows == [
        ("preamble", None, 1, None),
        ("chapter", "Chương I", 1, None),
        ("article", "Điều 1", 3, None), ("article", "Điều 2", 3, None),
        ("clause", "1", 4, None), ("clause", "2", 4, None),
        ("point", "a", 5, None), ("point", "b", 5, None), ("point", "đ", 5, "skipped_numbering"),
        ("chapter", "Chương II", 1, None), ("section", "Mục 1", 2, None),
        ("article", "Điều 3", 3, None), ("article", "Điều 3", 3, "duplicate_numbering"),
        ("article", "Điều 5", 3, "skipped_numbering"),
    ]
    chapter = doc.sections[1]
    assert chapter["heading"] == "NHỮNG QUY ĐỊNH CHUNG"
    assert doc.text[chapter["char_start"]:chapter["char_end"]] == "Chương I\nNHỮNG QUY ĐỊNH CHUNG"
    # Điều numbers run through the chapters: Điều 3 under Chương II/Mục 1 follows Điều 2
    art3 = doc.sections[11]
    assert parent_numbering(doc, art3) == "Mục 1"
    pre = doc.sections[0]
    block = doc.text[pre["char_start"]:pre["body_end"]]
    assert block.startswith("Căn cứ Hiến pháp") and block.endswith("theo Luật số 65/2020/QH14;")
    assert doc.section_at(LAW.index("57/2014/QH13")) == pre["section_id"]
    m = doc.meta
    assert (m["kind"], m["doc_number"], m["issuing_body"]) == ("legal_document", "69/2020/QH14", "Quốc hội")
    assert m["title"] == "NGƯỜI LAO ĐỘNG VIỆT NAM ĐI LÀM VIỆC Ở NƯỚC NGOÀI THEO HỢP ĐỒNG"
    assert m["admin_level"] is None and m["province"] is None


DECREE = """CÔNG BÁO/Số 327/Ngày 14-06-2026
3

CHÍNH PHỦ
_________

Số: 189/2026/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
  Hà Nội, ngày 28 tháng 5 năm 2026

NGHỊ ĐỊNH
Quy định về phát hành, phổ biến phim
phục vụ nhiệm vụ chính trị

Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
Theo đề nghị của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch;
Chính phủ ban hành Nghị định quy định về phát hành phim.

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát hành phim.

4
CÔNG BÁO/Số 327/Ngày 14-06-2026

Điều 2. Hiệu lực
Nghị định này có hiệu lực từ ngày ký./.

TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG

Hồ Quốc Dũng
"""


def test_gazette_decree_header_signature_and_page_debris():
    doc = seg(DECREE)
    m = doc.meta
    assert m["doc_number"] == "189/2026/NĐ-CP"
    assert doc.text[slice(*m["doc_number_span"])] == "Số: 189/2026/NĐ-CP"
    assert (m["place"], m["issue_date"]) == ("Hà Nội", dt.date(2026, 5, 28))
    assert m["title"] == "Quy định về phát hành, phổ biến phim phục vụ nhiệm vụ chính trị"
    assert (m["issuing_body"], m["kind"]) == ("Chính phủ", "legal_document")
    assert (m["signer"], m["signer_title"]) == ("Hồ Quốc Dũng", "TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG")
    assert [doc.text[s:e] for s, e in doc.debris] == [
        "CÔNG BÁO/Số 327/Ngày 14-06-2026", "3", "4", "CÔNG BÁO/Số 327/Ngày 14-06-2026"]
    assert [s["numbering"] for s in doc.sections] == [None, "Điều 1", "Điều 2"]
    pre = doc.sections[0]
    assert doc.text[pre["char_start"]:pre["body_end"]].endswith("Du lịch;")
    # the last article ends where the signature block starts
    assert doc.sections[-1]["body_end"] == DECREE.index("TM. CHÍNH PHỦ")


@pytest.mark.parametrize("header, number", [
    ("Số: 417 /BC-UBND\n", "417/BC-UBND"),
    ("Số:188/2026/NĐ-CP \n", "188/2026/NĐ-CP"),
    ("Số:  372 /QĐ-BTC \n", "372/QĐ-BTC"),
    ("Số: 66.19/2026/NQ-CP\n", "66.19/2026/NQ-CP"),
    ("Nghị quyết số: 17/2022/UBTVQH15\n", "17/2022/UBTVQH15"),
    ("Số 36-HD/VPTW\n", "36-HD/VPTW"),
    ("Số: 01/2022/TTLT-VKSNDTC-\nTANDTC-BCA-BQP-BLĐTBXH\n", "01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH"),
    ("| Số: 49/2012/QĐ-UBND | Thành phố Hồ Chí Minh, ngày 23 tháng 10 năm 2012 |\n", "49/2012/QĐ-UBND"),
    ("CÔNG BÁO/Số 327/Ngày 14-06-2026\nSố: …/…\n", None),
])
def test_header_number_forms(header, number):
    doc = seg(header + "\nQUYẾT ĐỊNH\nVề việc thử\n\nĐiều 1. Nội dung\n")
    assert doc.meta["doc_number"] == number


def test_consolidated_text_number_in_its_certificate():
    text = ("THÔNG TƯ\nQuy định về xuất xứ\n\nĐiều 1. Phạm vi\nNội dung.\n"
            "BỘ CÔNG THƯƠNG\nSố: 49/VBHN-BCT\nXÁC THỰC VĂN BẢN HỢP NHẤT\nHà Nội, ngày 04 tháng 6 năm 2026\n\n"
            "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nNguyễn Sinh Nhật Tân\n")
    m = seg(text).meta
    assert (m["doc_number"], m["issue_date"], m["issuing_body"]) == ("49/VBHN-BCT", dt.date(2026, 6, 4), "Bộ Công Thương")
    assert (m["signer"], m["signer_title"]) == ("Nguyễn Sinh Nhật Tân", "KT. BỘ TRƯỞNG THỨ TRƯỞNG")


# ---------------------------------------------------------------------------- issuer, period

def test_issuer_from_header_lines_of_a_locality_agency():
    text = ("UBND TỈNH BẮC GIANG\nSỞ NỘI VỤ\n\nSố: 12/BC-SNV\n\nBắc Giang, ngày 05 tháng 3 năm 2020\n\n"
            "BÁO CÁO\nKết quả công tác cải cách hành chính 6 tháng cuối năm 2019\n\nI. KẾT QUẢ\n")
    m = seg(text).meta
    assert (m["issuing_body"], m["admin_level"], m["province"]) == ("Sở Nội Vụ tỉnh Bắc Giang", "province", "Bắc Giang")
    assert (m["period_label"], m["period_start"], m["period_end"]) == (
        "6 tháng cuối năm 2019", dt.date(2019, 7, 1), dt.date(2019, 12, 31))


def test_issuer_commune_spelling_and_province_from_mentions():
    text = ("BÁO CÁO\n\nThực hiện cải cách hành chính năm 2017\n\n1. Kết quả\n\nUBND xã Tân Lap đã triển khai; "
            "UBND xã Tân Lập báo cáo UBND tỉnh Thanh Hoá.\n\nUBND xã Tân Lap\n")
    m = seg(text).meta
    assert m["issuing_body"] == "UBND xã Tân Lập"
    assert (m["admin_level"], m["province"]) == ("commune", "Thanh Hóa")
    assert m["period_label"] == "năm 2017"


@pytest.mark.parametrize("title, label, start, end", [
    ("Kết quả công tác tháng 10 năm 2018", "tháng 10 năm 2018", (2018, 10, 1), (2018, 10, 31)),
    ("Báo cáo tháng 02, phương hướng nhiệm vụ tháng 3 năm 2020", "tháng 02 năm 2020", (2020, 2, 1), (2020, 2, 29)),
    ("Công tác CCHC Quý IV/2019", "Quý IV/2019", (2019, 10, 1), (2019, 12, 31)),
    ("Đánh giá 6 tháng đầu năm 2018", "6 tháng đầu năm 2018", (2018, 1, 1), (2018, 6, 30)),
    ("Kế hoạch giai đoạn 2021 - 2025", "giai đoạn 2021 - 2025", (2021, 1, 1), (2025, 12, 31)),
    ("Về tổ chức bộ máy", None, None, None),
])
def test_period_forms(title, label, start, end):
    got = parse_period(title)
    assert got == (label, dt.date(*start) if start else None, dt.date(*end) if end else None)


def test_explicit_reporting_window_overrides_the_quarter():
    assert explicit_range("(thời điểm báo cáo từ 15/12/2022-06/3/2023)") == (dt.date(2022, 12, 15), dt.date(2023, 3, 6))
    assert explicit_range("Từ ngày 10/9/2018 đến 10/10/2018") == (dt.date(2018, 9, 10), dt.date(2018, 10, 10))
    text = "Công tác CCHC quý 1 năm 2023\nNgày cập nhật 06/03/2023\n\n(thời điểm báo cáo từ 15/12/2022-06/3/2023)\n\n1. Một\n\n2. Hai\n\n3. Ba\n"
    m = seg(text, source_format="html").meta
    assert (m["period_label"], m["period_start"], m["period_end"]) == ("quý 1 năm 2023", dt.date(2022, 12, 15), dt.date(2023, 3, 6))
    assert (m["issue_date"], m["kind"]) == (dt.date(2023, 3, 6), "web_page")


# ---------------------------------------------------------------------------- footnotes

def test_footnote_definitions_link_to_their_anchors():
    text = ("Sở Tư pháp ban hành Kế hoạch¹ và Quyết định² về rà soát văn\n\n"
            "¹ Kế hoạch số 05/KH-STP ngày 17/01/2020\n\n² Quyết định số 139/QĐ-UBND\nngày 21/01/2020\n\n"
            "bản quy phạm năm 2020; Báo cáo¹⁰ kết quả.\n\n¹⁰ Báo cáo số 18/BC-STP\n")
    doc = seg(text)
    f = {x["marker"]: x for x in doc.footnotes}
    assert set(f) == {"¹", "²", "¹⁰"}
    assert f["¹"]["anchor_start"] == text.index("¹") and f["¹"]["text"] == "Kế hoạch số 05/KH-STP ngày 17/01/2020"
    assert f["²"]["text"] == "Quyết định số 139/QĐ-UBND ngày 21/01/2020"  # a definition wrapped over two lines
    assert f["¹⁰"]["anchor_start"] == text.index("¹⁰") and f["¹⁰"]["anchor_end"] == text.index("¹⁰") + 2
    for x in doc.footnotes:
        assert text[x["char_start"]:x["char_end"]].startswith(x["marker"])
    from pipeline.segment.footnotes import body_view
    body, _ = body_view(text, doc.meta["footnote_blocks"])
    assert "về rà soát văn bản quy phạm năm 2020" in body


def test_bracketed_footnotes_need_an_anchor():
    text = "Theo Công văn [1] của Sở.\n\n[1] Công văn số 12/SNV-CCHC\n[2] Không có neo\n"
    doc = seg(text)
    assert [(x["marker"], x["anchor_start"]) for x in doc.footnotes] == [("1", text.index("[1]"))]


# ---------------------------------------------------------------------------- appendices, tables

APPENDIX = """BÁO CÁO
Kết quả năm 2020

I. KẾT QUẢ
Số liệu tại Phụ lục kèm theo.

Phụ lục 2

THỐNG KÊ SỐ LƯỢNG CƠ QUAN
(Kèm theo Báo cáo số: 12/BC-UBND ngày 05 tháng 01 năm 2021 của UBND huyện Yên Dũng)

STT\tTiêu chí\tTổng số\tChia ra\t\tGhi chú
\t\t\tCấp huyện\tCấp xã\t
1\tSố cơ quan\t09\t01\t08\t
2\tSố đơn vị\t\t\t\t

C

\tcòn lại\t\t\t\t
3.\tTổng số\t10\t02\t08\t
"""


def test_appendix_table_rows_cells_and_headers():
    doc = seg(APPENDIX)
    rows = doc.table_rows
    assert len({r["table_id"] for r in rows}) == 1
    assert [r["is_header"] for r in rows] == [True, True, False, False, False, False]
    assert rows[0]["cells"] == ["STT", "Tiêu chí", "Tổng số", "Chia ra", None, "Ghi chú"]
    assert rows[2]["cells"] == ["1", "Số cơ quan", "09", "01", "08", None]
    assert rows[3]["cells"] == ["2", "Số đơn vị", None, None, None, None]
    assert [r["row"] for r in rows] == list(range(6))
    assert rows[0]["appendix"] == "Phụ lục 2" and rows[0]["caption"] == "THỐNG KÊ SỐ LƯỢNG CƠ QUAN"
    assert rows[0]["section_id"] is None  # the appendix is not inside section I
    for r in rows:
        assert [c.strip() or None for c in APPENDIX[r["char_start"]:r["char_end"]].split("\t")] == r["cells"]
        for c, s, e in zip(r["cells"], r["cell_starts"], r["cell_ends"]):
            assert (c is None and s is None and e is None) or APPENDIX[s:e] == c
    assert [doc.text[s:e] for s, e in doc.debris] == ["C"]
    assert doc.sections[-1]["body_end"] == APPENDIX.index("Phụ lục 2")
    m = doc.meta
    assert (m["doc_number"], m["issue_date"], m["issuing_body"]) == ("12/BC-UBND", dt.date(2021, 1, 5), "UBND huyện Yên Dũng")
    assert m["appendices"][0]["label"] == "Phụ lục 2"


def test_numbered_paragraphs_written_with_a_tab_are_headings_not_tables():
    doc = seg("I.\tKẾT QUẢ\n1.\tVề chỉ đạo\n2.\tVề kiểm tra\n")
    assert doc.table_rows == []
    assert [s["numbering"] for s in doc.sections] == ["I", "1", "2"]


def test_reader_tables_keep_their_cells_and_get_spans():
    text = "Bảng\nA\tB\n1\t\n"
    st = SourceTable(rows=[["A", "B"], ["1", ""]], char_start=5, char_end=len(text))
    doc = seg(text, source_format="docx", tables=[st])
    assert [r["cells"] for r in doc.table_rows] == [["A", "B"], ["1", None]]
    assert doc.table_rows[1]["cell_starts"] == [text.index("1"), None]


def test_page_numbers_at_reported_page_boundaries_are_debris():
    text = "Nội dung trang một.\n12\nNội dung trang hai.\n"
    pages = [Page(1, 0, 23), Page(2, 23, len(text))]
    doc = seg(text, pages=pages)
    assert [doc.text[s:e] for s, e in doc.debris] == ["12"]


def test_news_byline_is_not_a_signer_but_a_noi_nhan_block_signs():
    news = "Hội nghị giao ban CCHC\n\nNgày 16-7, đồng chí Chủ tịch chủ trì hội nghị.\n\nHồng Nhung\n\nThời tiết\n"
    m = seg(news).meta
    assert (m["kind"], m["signer"]) == ("news_article", None)
    report = ("BÁO CÁO\nKết quả\n\n1. Một\n\nNơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.\n\n\nMai Đình Lâm\n")
    m = seg(report).meta
    assert (m["signer"], m["signer_title"], m["recipients"]) == ("Mai Đình Lâm", None, ["Sở Nội vụ", "Lưu: VT"])


def test_section_at_equals_the_innermost_containing_section():
    """section_at against its definition (the last-starting section whose span holds pos), on
    random trees and on overlapping spans that are not properly nested."""
    import random

    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(1, 40)
        starts = sorted(rng.sample(range(500), n))
        sections = [{"section_id": f"s{i}", "char_start": st,
                     "body_end": st + rng.randint(1, 200)} for i, st in enumerate(starts)]
        doc = Doc(doc_id="x", source_path="x", source_format="txt", text=" " * 800, sections=sections)
        for pos in range(0, 800, 7):
            inside = [s for s in sections if s["char_start"] <= pos < s["body_end"]]
            want = max(inside, key=lambda s: s["char_start"])["section_id"] if inside else None
            assert doc.section_at(pos) == want, (sections, pos)
