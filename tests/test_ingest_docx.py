"""DOCX ingest: paragraphs in order, list numbers written out, tables as tables, footnotes,
and the guards against encrypted, malformed, DTD-bearing and zip-bomb files."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.model import IngestError

docx = pytest.importorskip("docx")
from docx.opc.constants import CONTENT_TYPE as CT  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.opc.packuri import PackURI  # noqa: E402
from docx.opc.part import Part  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402

W_NS = nsdecls("w")
FOOTNOTES = f"""<w:footnotes {W_NS}>
 <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
 <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
 <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Quyết định số 06/QĐ-UBND ngày 10/1/2023 của UBND tỉnh.</w:t></w:r></w:p></w:footnote>
 <w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Số liệu đến ngày 15/3/2023.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
LIST = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>"""


def numbered(document, text: str, level: int):
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    return p


def footnote_ref(paragraph, note_id: int):
    paragraph._p.append(parse_xml(f'<w:r {W_NS}><w:footnoteReference w:id="{note_id}"/></w:r>'))


def report_docx() -> bytes:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(LIST))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    notes = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, FOOTNOTES.encode("utf-8"), d.part.package)
    d.part.relate_to(notes, RT.FOOTNOTES)

    header = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "UBND TỈNH BẮC GIANG", (0, 1): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         (1, 0): "Số: 417/BC-UBND", (1, 1): "Bắc Giang, ngày 18 tháng 10 năm 2018"}.items():
        header.cell(r, c).text = text
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("")
    d.add_paragraph("")
    numbered(d, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 0)
    numbered(d, "Về ban hành văn bản", 1)
    p = numbered(d, "Ban hành Kế hoạch cải cách hành chính năm 2023", 2)
    footnote_ref(p, 1)
    p.add_run(";")
    numbered(d, "Kiện toàn tổ công tác", 2)
    numbered(d, "Về kiểm tra", 1)
    numbered(d, "KẾT QUẢ GIẢI QUYẾT HỒ SƠ", 0)
    numbered(d, "Tiếp nhận và trả kết quả", 1)
    p = d.add_paragraph("Tiếp nhận 1.234 hồ sơ")
    sup = p.add_run("2")
    sup.font.superscript = True
    p.add_run(", trả đúng hạn 98,5%")
    footnote_ref(p, 2)
    p.add_run(".")
    p._p.append(parse_xml(f'<w:del {W_NS} w:id="7" w:author="a" w:date="2023-03-01T00:00:00Z">'
                          '<w:r><w:delText>CÂU ĐÃ XÓA</w:delText></w:r></w:del>'))
    table = d.add_table(rows=4, cols=3)
    for r, cells in enumerate((("Lĩnh vực", "Tiếp nhận", "Đúng hạn"), ("Đất đai", "120", "118"),
                               ("Tư pháp", "45", "45"), ("Tổng cộng", "165", ""))):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    table.cell(3, 1).merge(table.cell(3, 2))  # horizontal merge: gridSpan 2
    tall = table.cell(1, 2)
    tall.merge(table.cell(2, 2))  # vertical merge: the continuation cell is None
    tall.text = "163"
    d.add_paragraph("Nơi nhận:\t- Như trên;")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def report():
    return ingest(report_docx(), Path("bao-cao.docx"))


def test_paragraphs_in_order_with_list_numbers_written_out(report):
    lines = report.text.split("\n")
    body = lines[lines.index("BÁO CÁO"):]
    assert body[:10] == [
        "BÁO CÁO",
        "",
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "I.1. Về ban hành văn bản",
        "a) Ban hành Kế hoạch cải cách hành chính năm 2023¹;",
        "b) Kiện toàn tổ công tác",
        "I.2. Về kiểm tra",
        "II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
        "II.1. Tiếp nhận và trả kết quả",
        "Tiếp nhận 1.234 hồ sơ², trả đúng hạn 98,5%².",
    ]
    assert report.source_format == "docx"
    assert [(p.number, p.char_start, p.char_end) for p in report.pages] == [(1, 0, len(report.text))]


def test_footnotes_are_marked_and_appended_at_the_end(report):
    assert report.text.endswith("\n\n¹ Quyết định số 06/QĐ-UBND ngày 10/1/2023 của UBND tỉnh.\n"
                                "² Số liệu đến ngày 15/3/2023.\n")


def test_deleted_text_is_not_read_and_tabs_are_kept(report):
    assert "CÂU ĐÃ XÓA" not in report.text
    assert "Nơi nhận:\t- Như trên;" in report.text.split("\n")


def test_tables_are_source_tables_with_merged_cells_as_none(report):
    header, figures = report.tables
    assert header.rows == [["UBND TỈNH BẮC GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                           ["Số: 417/BC-UBND", "Bắc Giang, ngày 18 tháng 10 năm 2018"]]
    assert header.char_start == 0
    assert report.text[header.char_start:header.char_end] == (
        "UBND TỈNH BẮC GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 417/BC-UBND\tBắc Giang, ngày 18 tháng 10 năm 2018")
    assert figures.rows == [["Lĩnh vực", "Tiếp nhận", "Đúng hạn"], ["Đất đai", "120", "163"],
                            ["Tư pháp", "45", None], ["Tổng cộng", "165", None]]
    assert report.text[figures.char_start:figures.char_end] == (
        "Lĩnh vực\tTiếp nhận\tĐúng hạn\nĐất đai\t120\t163\nTư pháp\t45\t\nTổng cộng\t165\t")


def zip_with(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_dtd_in_a_part_is_rejected_before_parsing():
    members = members_of(report_docx())
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahaha">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    members["word/document.xml"] = laughs + members["word/document.xml"].split(b"?>", 1)[1]
    with pytest.raises(IngestError) as e:
        ingest(zip_with(members), Path("x.docx"))
    assert e.value.error_type == "malformed_docx" and "DTD" in e.value.message


def test_zip_bomb_is_rejected_before_inflating():
    members = members_of(report_docx())
    members["word/media/image1.bin"] = bytes(20 * 1024 * 1024)  # 20 MB of zeros: ~1000x
    with pytest.raises(IngestError) as e:
        ingest(zip_with(members), Path("x.docx"))
    assert e.value.error_type == "too_large" and "image1.bin" in e.value.message


@pytest.mark.parametrize("data, error_type, says", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le"),
     "encrypted", "password"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "malformed_docx", ".doc"),
    (b"this is not a zip at all", "malformed_docx", "zip"),
    (zip_with({"word/document.xml": b"<w:document/>"}), "malformed_docx", "[Content_Types].xml"),
])
def test_bad_docx_files(data, error_type, says):
    with pytest.raises(IngestError) as e:
        ingest(data, Path("x.docx"))
    assert e.value.error_type == error_type and says in e.value.message


def test_docx_with_broken_xml_is_malformed():
    members = members_of(report_docx())
    members["word/document.xml"] = members["word/document.xml"][:-40]
    with pytest.raises(IngestError) as e:
        ingest(zip_with(members), Path("x.docx"))
    assert e.value.error_type == "malformed_docx"
