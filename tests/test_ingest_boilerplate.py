"""boilerplate_spans: exactly the gold web-furniture lines of the seeds, nothing of the content."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS, load_gold
from pipeline import boilerplate as bp
from pipeline.boilerplate import boilerplate_spans, is_boilerplate_line

GOLD = {d["doc"]: d["boilerplate"] for d in load_gold("documents")}


@pytest.mark.parametrize("doc", sorted(GOLD))
def test_seed_boilerplate_lines_match_gold(doc):
    text = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    spans = boilerplate_spans(text)
    assert [text[s:e] for s, e in spans] == GOLD[doc]
    for s, e in spans:  # whole lines: the span starts a line (after blanks) and ends one
        assert text[:s].rsplit("\n", 1)[-1].strip(" \u00a0\t") == ""
        assert text[e:].split("\n", 1)[0].strip(" \u00a0\t") == ""


@pytest.mark.parametrize("line", [
    "Thời tiết", "Dự báo thời tiết", "Tỷ giá ngoại tệ", "Tỉ giá", "Giá vàng", "Thống kê truy cập",
    "Đang online 19197 Tổng lượt truy cập 9069228", "Truy cập tổng 557.230", "Truy cập hiện tại 66",
    "Đang truy cập: 12", "Tổng số lượt truy cập: 1.234.567", "Hôm nay 120 | Tổng lượt truy cập 99",
    "Lượt xem: 250", "Các tin khác", "Tin liên quan", "Xem tin theo ngày\u00a0\u00a0", "Liên kết website",
    "Chung nhan Tin Nhiem Mang", "Chứng nhận Tín nhiệm mạng", "Ngày cập nhật 06/03/2023",
    "Cập nhật lúc 10:20 06/03/2023", "Tập tin đính kèm:", "USD 23.450 23.820", "Hà Nội 25°C",
    "Huế 22 - 28°C", "Bản quyền thuộc UBND phường Phường Đúc", "© 2023 Cổng thông tin điện tử",
])
def test_widget_lines_are_recognised(line):
    assert is_boilerplate_line(line)
    assert boilerplate_spans(f"Nội dung.\n{line}\n") == [(10, 10 + len(line.strip(" \u00a0")))]


@pytest.mark.parametrize("line", [
    # report sentences that mention the same words are content
    "Tổng lượt truy cập Cổng dịch vụ công đạt 9.069.228 lượt, tăng 20% so với cùng kỳ.",
    "Thời tiết mưa kéo dài làm chậm tiến độ số hóa hồ sơ.",
    "Tỷ giá ngoại tệ không ảnh hưởng đến thu phí, lệ phí.",
    "Tổng: 557",  # a table total is not a visitor counter
    "Hôm nay 120",
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "Liên kết với Cổng dịch vụ công quốc gia đạt 100%.",
    "Bản quyền tác giả và quyền liên quan",
    "Sở, Ban, Ngành",  # a link-list item only counts inside a link list
])
def test_content_lines_are_not_flagged(line):
    assert not is_boilerplate_line(line)
    assert boilerplate_spans(f"Nội dung.\n{line}\n") == []


def test_link_list_items_follow_their_heading_until_a_blank_line():
    text = "Liên kết website\nSở, Ban, Ngành\nUBND Huyện, Thị xã, Thành phố\n\nSở, Ban, Ngành\n"
    assert [text[s:e] for s, e in boilerplate_spans(text)] == [
        "Liên kết website", "Sở, Ban, Ngành", "UBND Huyện, Thị xã, Thành phố"]


def test_legal_corpus_has_no_web_furniture(shared_dir):
    """Precision on real text: 33 gazette documents (every fourth of 130, about 3 MB)
    contain no web widgets."""
    flagged = []
    for path in sorted((shared_dir / "corpora" / "congbao-8chude" / "docs").rglob("*.txt"))[::4]:
        text = path.read_text(encoding="utf-8")
        flagged += [(path.name, text[s:e]) for s, e in boilerplate_spans(text)]
    assert flagged == []


def test_spans_are_sorted_whole_stripped_lines_for_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(["Thời tiết", "Liên kết website", "Sở, Ban, Ngành", "Truy cập tổng 557.230",
                              "Báo cáo kết quả.", "", " ", "\u00a0", "USD 23.450", "Các tin khác", "x" * 90])

    @settings(max_examples=100, deadline=None)
    @given(st.lists(pieces, max_size=12), st.sampled_from(["\n", "\n\n", " \n"]))
    def check(lines, sep):
        text = sep.join(lines)
        spans = boilerplate_spans(text)
        assert spans == sorted(spans)
        for (s, e), nxt in zip(spans, spans[1:] + [(len(text) + 1, 0)]):
            assert 0 <= s < e <= len(text) and e < nxt[0] + 1
            assert "\n" not in text[s:e] and text[s:e] == text[s:e].strip(" \u00a0")

    check()


def test_link_list_may_start_after_blank_lines_but_ends_at_one():
    text = "Các tin khác\n\nHội nghị sơ kết quý I\nLễ ra quân\n\nII. NHIỆM VỤ QUÝ II\n"
    assert [text[s:e] for s, e in boilerplate_spans(text)] == [
        "Các tin khác", "Hội nghị sơ kết quý I", "Lễ ra quân"]


# The shortcuts of _is_strong and _fold_line say what the patterns they stand for say
_LINE_PIECES = st.sampled_from([
    "tin khác", "Tỷ giá", "thời tiết", "hôm nay", "Bản quyền thuộc", "©", "copyright", "online", "Đang",
    "truy cập", "trực tuyến", "lượt xem", "tổng", "123", "1.234", ":", " ", "  ", "\t", "\u00a0", "\u2003",
    "\u200b", "\ufeff", "\x1f", "a", "USD", "25°C", "Huế", "-", "|",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_LINE_PIECES, max_size=12).map("".join))
def test_shortcuts_agree_with_the_patterns(line):
    folded = bp._WS.sub(" ", line).lower()
    assert bp._fold_line(line) == folded
    assert (bp._STRONG_OR_COPYRIGHT.fullmatch(folded) is not None) == \
        (bp._STRONG.fullmatch(folded) is not None or bp._COPYRIGHT.fullmatch(folded) is not None)
    if bp._HAS_VISIT_LABEL.search(folded):
        assert any(w in folded for w in bp._VISIT_WORDS)
