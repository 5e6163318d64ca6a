"""HTML ingest: the article, its headings and tables are kept; the portal around it is not."""
from __future__ import annotations

import html as html_lib
from pathlib import Path

import pytest

from conftest import SEEDS, load_gold
from pipeline.ingest import ingest
from pipeline.model import IngestError

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng TTĐT phường | Tin tức</title>
<style>.tieu-de {{ color: red }} /* STYLE-TEXT */</style>
<script>var widget = "SCRIPT-TEXT";</script></head>
<body class="has-sidebar">
<header><div class="logo">UBND PHƯỜNG PHÚ HỘI – CỔNG THÔNG TIN</div></header>
<nav class="main-menu"><a href="/">Trang chủ</a> | <a href="/gioi-thieu">Giới thiệu tổ chức</a></nav>
<div id="wrapper">
 <div class="col-left">
  <h1 class="title">Công tác cải cách hành chính quý 1 năm 2023</h1>
  <div class="news-detail">
   <p>Ngày cập nhật 06/03/2023</p>
   <h2>I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH</h2>
   <p>Ban hành Kế hoạch số 94/KH-UBND ngày 18/9/2018 về cải cách hành chính;
      tiếp nhận <b>1.234</b> hồ&nbsp;sơ<sup>1</sup>, giải quyết đúng hạn 98,5%.</p>
   <p>Dòng thứ nhất<br>Dòng thứ hai</p>
   <h2>II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ</h2>
   <table border="1">
    <tr><th>Lĩnh vực</th><th>Tiếp nhận</th><th>Đúng hạn</th></tr>
    <tr><td rowspan="2">Đất đai</td><td>120</td><td>118</td></tr>
    <tr><td colspan="2">45 &amp; 3</td></tr>
   </table>
   <p>Tập tin đính kèm:</p>
   <div class="tin-khac"><h3>Các tin khác</h3><ul><li>Hội nghị sơ kết NAV-OTHER-NEWS</li></ul></div>
  </div>
 </div>
 <aside><div>Thời tiết Huế 25°C ASIDE-TEXT</div></aside>
 <div class="box-weather">Dự báo WEATHER-BOX nắng</div>
 <div class="box-tygia"><b>Tỷ giá ngoại tệ</b> USD 23.450 TYGIA-BOX</div>
 <div id="thong-ke">COUNTER-BOX 9069228</div>
</div>
<div class="cot-phai">
 <p>Thời tiết</p>
 <p>Tỷ giá ngoại tệ</p>
 <p>Thống kê truy cập</p>
 <p>Đang online 19197 Tổng lượt truy cập 9069228</p>
</div>
<footer>Bản quyền thuộc UBND phường FOOTER-TEXT</footer>
</body></html>
"""


def read(data: bytes, name: str = "page.html"):
    return ingest(data, Path(name))


def test_article_text_headings_and_table_are_kept():
    raw = read(PAGE.format().encode("utf-8"))
    lines = raw.text.split("\n")
    assert lines[0] == "Công tác cải cách hành chính quý 1 năm 2023"  # the h1 outside the block
    for heading in ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "II. KẾT QUẢ GIẢI QUYẾT HỒ SƠ"):
        assert heading in lines  # on a line of its own
    assert ("Ban hành Kế hoạch số 94/KH-UBND ngày 18/9/2018 về cải cách hành chính; "
            "tiếp nhận 1.234 hồ\u00a0sơ¹, giải quyết đúng hạn 98,5%.") in lines
    assert "Dòng thứ nhất" in lines and "Dòng thứ hai" in lines
    assert raw.source_format == "html" and raw.encoding == "utf-8"


def test_table_is_a_source_table_rendered_as_tab_separated_rows():
    raw = read(PAGE.format().encode("utf-8"), "page.htm")
    assert raw.source_format == "htm"
    [table] = raw.tables
    assert table.rows == [["Lĩnh vực", "Tiếp nhận", "Đúng hạn"],
                          ["Đất đai", "120", "118"],
                          [None, "45 & 3", None]]
    assert raw.text[table.char_start:table.char_end] == (
        "Lĩnh vực\tTiếp nhận\tĐúng hạn\nĐất đai\t120\t118\n\t45 & 3\t")


@pytest.mark.parametrize("dropped", [
    "STYLE-TEXT", "SCRIPT-TEXT", "CỔNG THÔNG TIN", "Giới thiệu tổ chức", "NAV-OTHER-NEWS",
    "ASIDE-TEXT", "WEATHER-BOX", "TYGIA-BOX", "COUNTER-BOX", "FOOTER-TEXT", "Thời tiết",
    "Tỷ giá", "Thống kê truy cập", "Đang online", "Ngày cập nhật", "Tập tin đính kèm", "Các tin khác",
])
def test_navigation_and_widgets_are_dropped(dropped):
    assert dropped not in read(PAGE.format().encode("utf-8")).text


def test_seed_web_copy_loses_exactly_its_boilerplate():
    """Seed 001 is a .txt copy of a web page: as HTML (paragraphs, widget lines in an unnamed
    side column) the reader must keep every content line and none of the gold boilerplate."""
    text = (SEEDS / "001_0c489bbf47c8f122.txt").read_text(encoding="utf-8")
    gold = next(d for d in load_gold("documents") if d["doc"] == "001_0c489bbf47c8f122")["boilerplate"]
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    content = [p for p in paragraphs if p not in gold]
    page = ("<html><body><div class='noi-dung'>"
            + "".join(f"<p>{html_lib.escape(p)}</p>" for p in content)
            + "</div><div class='cot-phai'>" + "".join(f"<div>{html_lib.escape(g)}</div>" for g in gold)
            + "</div></body></html>")
    raw = read(page.encode("utf-8"))
    assert [line for line in raw.text.split("\n") if line] == content


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese keyboards wrote it: base letter + combining tone mark."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
            out.append((base + "".join(c for c in nfd if c in tones)).encode("cp1258"))
    return b"".join(out)


def test_charset_from_meta_and_bom():
    import unicodedata

    sentence = "Ủy ban nhân dân phường báo cáo kết quả"
    legacy = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
              f"</head><body><p>{sentence}</p></body></html>")
    raw = read(to_cp1258(legacy))
    assert raw.encoding == "windows-1258"
    assert unicodedata.normalize("NFC", raw.text).strip() == sentence
    raw16 = read("\ufeff".encode("utf-16-le") + f"<html><body><p>{sentence}</p></body></html>".encode("utf-16-le"))
    assert raw16.text.strip() == sentence and raw16.encoding == "utf-16"


def test_undecodable_html_without_declaration():
    with pytest.raises(IngestError) as e:
        read("<html><body><p>Báo cáo</p></body></html>".encode("cp1258"))
    assert e.value.error_type == "undecodable" and "<meta charset>" in e.value.message


def test_unknown_declared_charset_is_reported():
    with pytest.raises(IngestError) as e:
        read(b'<meta charset="x-vni-fake"><p>B\xe1o c\xe1o</p>')
    assert e.value.error_type == "undecodable" and "x-vni-fake" in e.value.message


def test_page_without_text_is_empty():
    with pytest.raises(IngestError) as e:
        read(b"<html><body><nav>Trang ch\xe1\xbb\xa7</nav><script>x()</script></body></html>")
    assert e.value.error_type == "empty"


def test_layout_table_is_rendered_as_blocks_not_as_a_table():
    page = ("<html><body><table><tr><td><table><tr><td>Menu</td><td>Tin</td></tr></table></td>"
            "<td><p>I. CÔNG TÁC CHỈ ĐẠO</p><p>Ban hành 3 kế hoạch về cải cách hành chính.</p></td>"
            "</tr></table></body></html>")
    raw = read(page.encode("utf-8"))
    assert "I. CÔNG TÁC CHỈ ĐẠO" in raw.text.split("\n")
    assert all("Ban hành" not in " ".join(c or "" for r in t.rows for c in r) for t in raw.tables)


def test_any_markup_reads_or_fails_cleanly():
    """Random tag soup never crashes the reader: it gives text with table spans inside it, or
    an IngestError."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tokens = st.sampled_from(["<p>", "</p>", "<div class='menu'>", "</div>", "<table>", "<tr>", "<td>",
                              "<td colspan='3'>", "<td rowspan=x>", "</td>", "</tr>", "</table>", "<br>",
                              "<h1>", "</h1>", "<script>", "</script>", "Tỷ giá ngoại tệ", "Báo cáo số 12",
                              "&amp;", "&nbsp;", "<sup>2</sup>", "<article>", "</article>", "\n"])

    @settings(max_examples=150, deadline=None)
    @given(st.lists(tokens, min_size=1, max_size=40))
    def check(parts):
        try:
            raw = read("".join(parts).encode("utf-8"))
        except IngestError as e:
            assert e.error_type == "empty"
            return
        assert raw.text.strip()
        for t in raw.tables:
            assert 0 <= t.char_start <= t.char_end <= len(raw.text)
            assert raw.text[t.char_start:t.char_end] == "\n".join("\t".join(c or "" for c in r) for r in t.rows)

    check()


def test_link_list_in_the_article_block_is_dropped_with_its_items():
    page = ("<html><body><div><h2>I. KẾT QUẢ</h2><p>Giải quyết 1.234 hồ sơ đúng hạn, đạt tỷ lệ 98,5% tổng số hồ sơ.</p>"
            "<p>Tiếp tục rà soát thủ tục hành chính thuộc thẩm quyền của phường trong quý II.</p>"
            "<h3>Các tin khác</h3><ul><li>Hội nghị sơ kết công tác quý I</li>"
            "<li>Lễ ra quân tháng thanh niên (12/03/2023)</li></ul></div></body></html>")
    raw = read(page.encode("utf-8"))
    assert raw.text == ("I. KẾT QUẢ\n\nGiải quyết 1.234 hồ sơ đúng hạn, đạt tỷ lệ 98,5% tổng số hồ sơ.\n\n"
                        "Tiếp tục rà soát thủ tục hành chính thuộc thẩm quyền của phường trong quý II.\n")


def test_site_masthead_h1_is_not_taken_for_the_title():
    page = ("<html><body><div id='header'><h1>CỔNG THÔNG TIN ĐIỆN TỬ PHƯỜNG</h1></div>"
            "<div class='content'><h2 class='article-header'>Kết quả cải cách hành chính quý 1</h2>"
            "<p>Giải quyết 1.234 hồ sơ đúng hạn, đạt tỷ lệ 98,5% tổng số hồ sơ tiếp nhận.</p></div></body></html>")
    raw = read(page.encode("utf-8"))
    assert raw.text == ("Kết quả cải cách hành chính quý 1\n\n"
                        "Giải quyết 1.234 hồ sơ đúng hạn, đạt tỷ lệ 98,5% tổng số hồ sơ tiếp nhận.\n")


def test_aspnet_form_wrapping_the_whole_page_is_kept():
    page = ("<html><body><form id='form1' method='post'><div class='menu'>Trang chủ | Tin tức</div>"
            "<div><p>I. CÔNG TÁC CHỈ ĐẠO</p><p>Ban hành 3 kế hoạch về cải cách hành chính trong quý.</p></div>"
            "<input type='hidden' value='VIEWSTATE'></form></body></html>")
    raw = read(page.encode("utf-8"))
    assert raw.text == "I. CÔNG TÁC CHỈ ĐẠO\n\nBan hành 3 kế hoạch về cải cách hành chính trong quý.\n"


def test_freakishly_deep_nesting_is_refused_before_parsing():
    import time

    from pipeline.ingest.html import MAX_DEPTH, nesting_depth, read_html

    page = "<html><body>" + "<div><br><img src=x>" * 50_000 + "Báo cáo" + "</div>" * 50_000 + "</body></html>"
    assert nesting_depth(page) == 50_002
    t0 = time.perf_counter()
    with pytest.raises(IngestError) as e:
        read_html(page.encode(), Path("sau.html"))
    assert e.value.error_type == "too_deep" and time.perf_counter() - t0 < 10
    ok = "<html><body>" + "<div>" * (MAX_DEPTH - 10) + "Báo cáo kết quả" + "</div>" * (MAX_DEPTH - 10) + "</body></html>"
    assert "Báo cáo kết quả" in read_html(ok.encode(), Path("ok.html")).text
