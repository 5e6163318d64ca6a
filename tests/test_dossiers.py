"""extractors.dossiers: dossier figures with metric, scope, period and group."""
from __future__ import annotations

import pytest

from conftest import load_gold, read_table
from extractors import dossiers
from pipeline.model import Doc, Page


def make_doc(text: str, **meta) -> Doc:
    doc = Doc(doc_id="ab" * 32, source_path="t.txt", source_format="txt", text=text, pages=[Page(1, 0, len(text))])
    doc.meta.update(meta)
    return doc


def figures(text: str, **meta) -> list[dict]:
    return dossiers.extract(make_doc(text, **meta), {})["dossier_stats"]


def by_text(rows: list[dict]) -> dict[str, dict]:
    return {r["text"]: r for r in rows}


# ------------------------------------------------------------------ gold

@pytest.fixture(scope="module")
def seed_stats(seed_dataset):
    docs = {d["doc_id"]: d["source_path"].rsplit("/", 1)[-1][:-4] for d in read_table(seed_dataset, "documents")}
    out = {}
    for r in read_table(seed_dataset, "dossier_stats"):
        out[(docs[r["doc_id"]], r["char_start"], r["char_end"])] = r
    return out


def test_seed_figures_match_the_gold(seed_stats):
    gold = load_gold("dossier_stats")
    keys = {(g["doc"], g["start"], g["end"]) for g in gold}
    assert keys == set(seed_stats), "every gold figure found, nothing else"
    wrong = [(g["doc"], g["text"], g["metric"], seed_stats[(g["doc"], g["start"], g["end"])]["metric"])
             for g in gold if seed_stats[(g["doc"], g["start"], g["end"])]["metric"] != g["metric"]]
    assert wrong == []
    wrong = [(g["doc"], g["text"], g["scope"], seed_stats[(g["doc"], g["start"], g["end"])]["scope"])
             for g in gold if seed_stats[(g["doc"], g["start"], g["end"])]["scope"] != g["scope"]]
    assert wrong == []
    assert all(seed_stats[(g["doc"], g["start"], g["end"])]["value"] == g["value"] for g in gold)


def test_seed_groups_follow_the_gold_partition(seed_stats):
    """Figures the gold puts in one group share a group_id, and different gold groups differ."""
    gold = load_gold("dossier_stats")
    ours = {}
    for g in gold:
        ours.setdefault(g["group"], set()).add(seed_stats[(g["doc"], g["start"], g["end"])]["group_id"])
    assert all(len(v) == 1 for v in ours.values())
    assert len({next(iter(v)) for v in ours.values()}) == len(ours)


# ------------------------------------------------------------------ metrics

@pytest.mark.parametrize("sentence, metric", [
    ("+ Tại thành phố đã tiếp nhận: 2.473 hồ sơ.", "received_total"),
    ("Trung tâm tiếp nhận mới tổng số 14.958 hồ sơ.", "received_new"),
    ("Trung tâm HCC thành phố tiếp tục giải quyết 447 hồ sơ.", "carried_over"),
    ("Kỳ trước chuyển sang 31 hồ sơ.", "carried_over"),
    ("Trong đó đã giải quyết: 2.151 hồ sơ.", "resolved_total"),
    ("Số hồ sơ đã hoàn thành là 88, còn lại chờ bổ sung.", "resolved_total"),
    ("Giải quyết trước hạn: 1.206 hồ sơ.", "resolved_early"),
    ("Giải quyết đúng hạn: 945 hồ sơ.", "resolved_on_time"),
    ("Trả kết quả đúng hạn và trước hạn là 5.561 hồ sơ.", "resolved_on_or_before_time"),
    ("Đã giải quyết đúng và trước hạn 8.412 hồ sơ.", "resolved_on_or_before_time"),
    ("Đã giải quyết: trễ hạn 14 hồ sơ.", "resolved_late"),
    ("Đã giải quyết: trể hạn 14 hồ sơ.", "resolved_late"),
    ("Văn phòng UBND tỉnh trả quá hạn 11 hồ sơ liên thông.", "resolved_late"),
    ("Đang giải quyết: 322 hồ sơ.", "pending_total"),
    ("Hồ sơ đang xử lý 6.", "pending_total"),
    ("Hồ sơ tồn đọng: 12 hồ sơ.", "pending_total"),
    ("Đang giải quyết chưa đến hạn: 2.129 hồ sơ.", "pending_in_time"),
    ("Còn 448 hồ sơ đang trong thời hạn giải quyết.", "pending_in_time"),
    ("Đang giải quyết quá hạn 9 hồ sơ.", "pending_overdue"),
    ("Số hồ sơ quá hạn: 319 hồ sơ.", "overdue"),
    ("Trả lại 3 hồ sơ không đủ điều kiện.", "returned_or_withdrawn"),
    ("Công dân rút 2 hồ sơ.", "returned_or_withdrawn"),
    ("Đến nay đã tiếp nhận và giải quyết 5 hồ sơ trực tuyến.", "online"),
    ("Đã giải quyết mức độ 3 cho 5 hồ sơ.", "online"),
    ("Tiếp nhận và trả kết quả qua dịch vụ bưu chính viễn thông 3.251 hồ sơ.", "postal"),
    ("Hồ sơ được số hoá: 92 hồ sơ.", "digitized"),
    ("Kết quả có 307 hồ sơ đăng ký dự tuyển.", "other"),
    ("Trong quý 1 có 67 hồ sơ cấp CCCD mới.", "other"),
    ("Hồ sơ 4 tại chỗ: Tiếp nhận - Thẩm định - Trả kết quả TTHC: 19 hồ sơ.", "other"),
    ("Thu xử phạt vi phạm hành chính giao thông 698 hồ sơ.", "other"),
    ("Đã tổ chức thực hiện 94 giao dịch thủ tục hành chính.", "received_total"),
])
def test_metric(sentence, metric):
    (row,) = figures(sentence)
    assert row["metric"] == metric


def test_counts_of_other_things_are_not_dossier_figures():
    text = ("Đài phát thanh biên tập 38 lượt tin bài; ban hành 467 văn bản; có 150 dịch vụ công mức độ 3, 4 "
            "phát sinh nhiều hồ sơ; cấp định danh cho 1254 công dân; 22 hợp đồng giáo viên.")
    assert figures(text) == []


def test_a_flow_statement():
    text = ("+ Tại phường, xã đã tiếp nhận: 12.512 hồ sơ; trong đó: đã giải quyết: 12.511 hồ sơ, gồm: giải quyết "
            "trước hạn: 5.638 hồ sơ, giải quyết đúng hạn: 6.873 hồ sơ, đang giải quyết: 1 hồ sơ; quá hạn 0 hồ sơ.")
    rows = figures(text)
    assert [(r["text"], r["metric"]) for r in rows] == [
        ("12.512", "received_total"), ("12.511", "resolved_total"), ("5.638", "resolved_early"),
        ("6.873", "resolved_on_time"), ("1", "pending_total"), ("0", "overdue")]
    assert {r["scope"] for r in rows} == {"phường, xã"}
    assert len({r["group_id"] for r in rows}) == 1
    assert all(text[r["char_start"]:r["char_end"]] == r["text"] for r in rows)


def test_bracketed_parts_inherit_the_metric_and_name_their_agency():
    text = ("- Cấp tỉnh: Trung tâm Phục vụ hành chính công tiếp nhận 900 hồ sơ, quá hạn là 20 hồ sơ "
            "(Sở Kế hoạch và Đầu tư: 01 hồ sơ; Sở Tư pháp: 19 hồ sơ). Số hồ sơ TTHC được tiếp nhận và trả kết "
            "quả qua dịch vụ bưu chính công ích là 567 hồ sơ.")
    rows = by_text(figures(text))
    assert rows["01"]["metric"] == rows["19"]["metric"] == "overdue"
    assert rows["01"]["scope"] == "sở kế hoạch và đầu tư" and rows["19"]["scope"] == "sở tư pháp"
    assert rows["01"]["group_id"] == rows["19"]["group_id"] != rows["20"]["group_id"]
    assert rows["900"]["scope"] == rows["567"]["scope"] == "cấp tỉnh"      # inherited by the next sentence
    assert rows["567"]["metric"] == "postal" and rows["567"]["group_id"] == rows["900"]["group_id"]


def test_denominators_take_the_metric_of_the_same_value():
    text = ("Số hồ sơ đã hoàn thành là 88, hồ sơ đang xử lý 6. Số hồ sơ được lấy phiếu khảo sát: "
            "84 hồ sơ/88 hồ sơ, đạt 95,45 %. 100% hồ sơ được số hoá (92/92).")
    rows = figures(text)
    assert [(r["text"], r["metric"]) for r in rows] == [
        ("88", "resolved_total"), ("6", "pending_total"), ("84", "other"), ("88", "resolved_total"),
        ("92", "digitized"), ("92", "other")]


@pytest.mark.parametrize("text, scope", [
    ("+ Tại thành phố đã tiếp nhận: 2.473 hồ sơ.", "thành phố"),
    ("- Cấp huyện: Bộ phận Một cửa cấp huyện tiếp nhận 10.847 hồ sơ.", "cấp huyện"),
    ("Bộ phận tiếp nhận và trả kết quả xã, phường tiếp nhận tổng số 17.278 hồ sơ.", "xã, phường"),
    ("Tính đến ngày 25-5, Trung tâm HCC thành phố tiếp tục giải quyết 447 hồ sơ.", "trung tâm hcc thành phố"),
    ("Sở Tư pháp tiếp nhận 120 hồ sơ.", "sở tư pháp"),
])
def test_scope(text, scope):
    (row,) = figures(text)
    assert row["scope"] == scope


def test_default_scope_is_the_reporting_unit():
    (row,) = figures("Trong tháng 9/2018 đã trả kết quả cho 185 hồ sơ qua dịch vụ bưu chính.",
                     issuing_body="UBND thành phố Bắc Giang")
    assert row["scope"] == "thành phố"
    (row,) = figures("Chủ tịch UBND phường báo cáo.\n\nĐã tiếp nhận 12 hồ sơ.")
    assert row["scope"] == "phường"


def test_period_from_the_statement_or_the_header_line_above():
    text = ("- Kết quả tiếp nhận, giải quyết TTHC: (Từ ngày 10/9/2018 đến 10/10/2018)\n\n"
            "+ Tại thành phố đã tiếp nhận: 2.473 hồ sơ.\n\n"
            "- Trong tháng 9/2018 đã trả kết quả cho 185 hồ sơ qua dịch vụ bưu chính.")
    rows = by_text(figures(text))
    assert rows["2.473"]["period_text"] == "Từ ngày 10/9/2018 đến 10/10/2018"
    assert rows["185"]["period_text"] == "Trong tháng 9/2018"
    assert rows["2.473"]["group_id"] != rows["185"]["group_id"]


def test_approximate_and_ocr_flags():
    text = "Trung tâm đã tiếp nhận gần 27.000 hồ sơ."
    doc = make_doc(text)
    doc.pages = [Page(1, 0, len(text), ocr=True)]
    (row,) = dossiers.extract(doc, {})["dossier_stats"]
    assert row["value"] == 27000 and row["approximate"] and row["ocr"]


def test_boilerplate_is_never_counted():
    text = "Đã tiếp nhận 12 hồ sơ.\nTruy cập tổng 557.230 hồ sơ"
    s = text.index("Truy")
    rows = figures(text, boilerplate=[(s, len(text))])
    assert [r["value"] for r in rows] == [12]
