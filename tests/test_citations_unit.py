"""Behaviours of the citation extractor beyond the spec cases: relations, anomalies, short and named
forms, negatives, the pipeline stage (self, footnotes, boilerplate) and the corpus tables."""
from __future__ import annotations

import datetime as dt

import pytest

from extractors.citations import corpus_tables, extract, find_citations
from pipeline.model import Doc


def by_text(cits):
    return {c.text: c for c in cits}


# --------------------------------------------------------------------------- relations

def test_implements_chain_points_each_mention_at_the_one_before():
    text = ("Tập trung thực hiện các nhiệm vụ theo Kế hoạch số 80/KH-UBND ngày 31/7/2018 của UBND thành phố "
            "về thực hiện Kế hoạch số 112/KH-UBND ngày 27/6/2018 của UBND tỉnh thực hiện Kế hoạch số "
            "47-KH/TU ngày 30/5/2018 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết Trung ương 6 (khóa XII) về")
    cits = find_citations(text)
    assert [c.ref or c.text for c in cits] == ["80/KH-UBND", "112/KH-UBND", "47-KH/TU",
                                                 "Nghị quyết Trung ương 6 (khóa XII)"]
    assert [c.relation for c in cits] == [None, "implements", "implements", "implements"]
    assert [c.relation_source for c in cits] == [None, 0, 1, 2]
    assert [c.issuer_text for c in cits[:3]] == ["UBND thành phố", "UBND tỉnh", "Ban Thường vụ Tỉnh ủy"]


def test_the_document_acting_gives_no_relation_source():
    cits = find_citations("- Tiếp tục chỉ đạo thực hiện Kế hoạch số 47-KH/TU ngày 30/5/2018 của Tỉnh ủy.")
    assert cits[0].relation is None and cits[0].relation_source is None


@pytest.mark.parametrize("text, rel", [
    ("Nghị định số 113/2018/NĐ-CP ngày 31/8/2018 của Chính phủ sửa đổi, bổ sung một số điều của "
     "Nghị định số 108/2014/NĐ-CP của Chính phủ", "amends"),
    ("Nghị định 34/2016/NĐ-CP ngày 14/5/2016 về quy định chi tiết một số điều và biện pháp thi hành "
     "Luật ban hành văn bản QPPL và", "guides"),
    ("Quyết định số 12/2020/QĐ-UBND thay thế Quyết định số 5/2015/QĐ-UBND", "replaces"),
])
def test_relations_between_two_mentions(text, rel):
    a, b = find_citations(text)
    assert (b.relation, b.relation_source, a.relation) == (rel, 0, None)


@pytest.mark.parametrize("text, rel", [
    ("1. Nội dung [Điều này được hướng dẫn bởi Điều 25 Nghị định 21/2021/NĐ-CP có hiệu lực từ ngày 15/5/2021]",
     "guided_by"),
    ("[Khoản này được sửa đổi bởi Khoản 1 Điều 1 Luật số 35/2018/QH14]", "amended_by"),
    ("[Cụm từ này bị bãi bỏ bởi Điểm c Khoản 4 Điều 7 Nghị định 226/2025/NĐ-CP có hiệu lực]", "repealed_by"),
    ("[Điểm này bị thay thế bởi Điểm c và d Khoản 3 Điều 2 Nghị định 01/2012/NĐ-CP]", "replaced_by"),
    ("[Điều này được hướng dẫn bởi Điều 24 và 25 Nghị định 74/2009/NĐ-CP]", "guided_by"),
    ("Nội dung hướng dẫn Điều này tại Thông tư 02/2016/TT-BXD được sửa đổi", "guided_by"),
    ("Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ;", "based_on"),
    ("QUYẾT ĐỊNH\nCăn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;", "based_on"),
])
def test_relations_of_the_containing_document(text, rel):
    (c,) = [c for c in find_citations(text) if c.relation]
    assert (c.relation, c.relation_source) == (rel, None)


# --------------------------------------------------------------------------- anomalies

def test_one_number_for_two_plans_is_number_reused():
    text = ("Ban hành kế hoạch số 03/KH-UBND ngày 11/1/2023 về kiểm soát thủ tục hành chính năm 2023.\n"
            "Ban hành kế hoạch số 03/KH-UBND ngày 19/1/2023 Triển khai xây dựng, áp dụng ISO 9001:2015.")
    assert [c.anomaly for c in find_citations(text)] == ["number_reused", "number_reused"]


def test_one_plan_with_two_dates_is_date_conflict():
    text = ("Kế hoạch số 15/KH-UBND ngày 11/1/2023 về kiểm soát thủ tục hành chính năm 2023.\n"
            "Thực hiện Kế hoạch số 15/KH-UBND ngày 12/1/2023 về kiểm soát thủ tục hành chính năm 2023.")
    assert [c.anomaly for c in find_citations(text)] == ["date_conflict", "date_conflict"]


def test_term_conflicts():
    cits = find_citations("Nghị quyết Trung ương 6 (khóa XII) và sau đó Nghị quyết Trung ương 6 (khóa VII) về")
    assert [(c.term, c.anomaly) for c in cits] == [(12, "term_conflict"), (7, "term_conflict")]
    (law,) = find_citations("Luật số 80/2020/QH13")  # QH13 sat 2011-2016
    assert law.anomaly == "term_conflict"
    (ok,) = find_citations("Luật số 80/2015/QH13")
    assert ok.anomaly is None


def test_type_mismatch_and_typo():
    a, b = find_citations("Kế hoạch số 6192 /QĐ-UBND ngày 30/12/2016; Quyết định số 04/QD-UBND ngày 10/1/2023")
    assert (a.anomaly, a.cited, a.doc_type) == ("type_symbol_mismatch", "Kế hoạch", "Quyết định")
    assert (b.anomaly, b.ref) == ("typo_symbol", "04/QĐ-UBND")


# --------------------------------------------------------------------------- short and named forms

def test_short_forms_resolve_to_the_full_form_anywhere_in_the_text():
    text = ("Thực hiện Nghị định 130 của Chính phủ, các cơ quan ... (theo Nghị định số 130/2005/NĐ-CP).\n"
            "Số đơn vị thực hiện cơ chế tự chủ theo ND43\t23\n"
            "b) (theo Nghị định số 43/2006/NĐ-CP)\nTheo NQ 01, thời gian")
    cits = by_text(find_citations(text))
    assert cits["Nghị định 130"].resolved_ref == "130/2005/NĐ-CP"
    assert cits["Nghị định 130"].issuer_text == "Chính phủ"
    assert (cits["ND43"].resolved_ref, cits["ND43"].anomaly) == ("43/2006/NĐ-CP", "typo_symbol")
    assert cits["NQ 01"].via == "short_form" and cits["NQ 01"].resolved_ref is None


@pytest.mark.parametrize("text", [
    "Kế hoạch 2020 của tỉnh",           # a year, not a number
    "Nghị quyết 6 tháng đầu năm",       # a period
    "Nghị định 1.2 quy định",           # a numbering
    "bản án, quyết định 1. Tòa án",     # a list item
])
def test_not_short_forms(text):
    assert find_citations(text) == []


@pytest.mark.parametrize("text, name, year", [
    ("theo quy định của luật Ban hành văn bản QPPL năm 2015. Năm", "Ban hành văn bản QPPL năm 2015", 2015),
    ("đúng theo các quy định của Luật Ban hành văn bản QPPL của HĐND và UBND; Luật",
     "Ban hành văn bản QPPL của HĐND và UBND", None),
    ("được sửa đổi bởi Khoản 22 Điều 1 Luật Xử lý vi phạm hành chính sửa đổi 2025 có hiệu lực",
     "Xử lý vi phạm hành chính sửa đổi 2025", 2025),
    ("tại khoản 1 Điều 3 Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu; Luật",
     "sửa đổi, bổ sung một số điều của Luật Đấu thầu", None),
    ("Áp dụng Luật Đầu tư theo phương thức đối tác công tư.", "Đầu tư theo phương thức đối tác công tư", None),
])
def test_named_laws(text, name, year):
    c = find_citations(text)[0]
    assert (c.via, c.family, c.doc_type, c.name, c.year) == ("named", "named", "Luật", name, year)


def test_named_party_resolutions_constitution_and_plans():
    cits = by_text(find_citations(
        "bám sát vào Nghị quyết Đại hội Đảng bộ Thị xã lần thứ X, phù hợp với Hiến pháp và các văn bản; "
        "như: Kế hoạch CCHC nhà nước năm 2020, theo Đề án của Thủ tướng Chính phủ: “Đăng ký”."))
    assert set(cits) == {"Nghị quyết Đại hội Đảng bộ Thị xã lần thứ X", "Hiến pháp",
                         "Kế hoạch CCHC nhà nước năm 2020", "Đề án"}
    assert cits["Đề án"].issuer_text == "Thủ tướng Chính phủ"


@pytest.mark.parametrize("text", [
    "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2025.",
    "theo quy định của pháp luật về đất đai",
    "1.1.Quyết định số 06/QĐ-UBND ngày 10/1/2023 Ban hành Kế hoạch cải cách hành chính năm 2023.",
    "Chủ tịch UBND tỉnh đã phê duyệt Đề án “Xác định Chỉ số cải cách hành chính”",
    "ban hành Đề án¹² xét thăng hạng chức danh nghề nghiệp viên chức năm 2020",
    "các Nghị quyết Trung ương 6 của Đảng",
])
def test_not_named_instruments(text):
    assert [c for c in find_citations(text) if c.via == "named"] == []


def test_a_name_after_a_symbol_titles_it():
    (c,) = find_citations("50/2014/QH13 - Luật Xây dựng")
    assert c.ref == "50/2014/QH13" and c.doc_type is None


# --------------------------------------------------------------------------- negatives and offsets

@pytest.mark.parametrize("text", [
    "Mẫu số 04/ĐK-GCN", "Biểu số 02/BC-TTHC kèm theo", "https://dichvucong.gov.vn/?gd=4&cn=242/QĐ-UBND",
    "ngày 08/11/2011", "ISO 9001:2015", "đạt 22/23 xã", "mức độ 3/tổng hồ sơ", "giai đoạn 2016-2020",
    "Nghị định số … /… /NĐ-CP ngày ...", "V/v tăng cường",
])
def test_negatives(text):
    assert find_citations(text) == []


def test_lookalikes_are_read_without_moving_offsets():
    text = "Theo\u00a0Quyết định số 1234/Q\u00d0\u2013UBND ngày 05\u201102\u20112020 của UBND tỉnh"
    (c,) = find_citations(text)
    assert text[c.start:c.end] == c.text and c.text.startswith("Quyết định")
    assert (c.ref, c.date) == ("1234/QĐ-UBND", dt.date(2020, 2, 5))
    assert {"eth_d", "dash_variant"} <= set(c.flags)


def test_line_break_inside_the_symbol_and_before_it():
    (c,) = find_citations("sửa đổi Thông tư số\n12/2015/TT-BTC  ngày 30 tháng 01 năm 2015 của Bộ")
    assert c.text.startswith("Thông tư số\n12") and c.ref == "12/2015/TT-BTC" and c.date == dt.date(2015, 1, 30)


# --------------------------------------------------------------------------- the pipeline stage

def make_doc(text, **meta):
    return Doc(doc_id="d" * 64, source_path="x.txt", source_format="txt", text=text, meta=meta)


def test_stage_marks_self_footnotes_and_drops_boilerplate():
    text = ("\nSố: 417 /BC-UBND\n\nTP. Bắc Giang, ngày 18 tháng 10 năm 2018\n\nBÁO CÁO\n"
            "Chủ tịch UBND tỉnh đã ban hành kế hoạch kiểm tra năm 2020¹; theo Nghị định số 61/2018/NĐ-CP.\n"
            "¹ Kế hoạch số 4476/KH-UBND ngày 13/12/2019\n"
            "Trang chủ | Liên hệ | Quyết định số 99/QĐ-UBND\n")
    anchor = text.index("¹")
    fn_start = text.index("¹ Kế")
    junk = text.index("Trang chủ")
    doc = make_doc(text, doc_number_span=(1, 17), issue_date=dt.date(2018, 10, 18),
                   boilerplate=[(junk, len(text))])
    doc.footnotes = [{"footnote_id": "f1", "marker": "¹", "anchor_start": anchor, "anchor_end": anchor + 1,
                      "char_start": fn_start, "char_end": text.index("\n", fn_start), "text": "..."}]
    rows = extract(doc, {})["citations"]
    assert [r["via"] for r in rows] == ["self", "inline", "footnote"]
    own, nd, fn = rows
    assert (own["ref"], own["date"], own["year"], own["doc_type"]) == ("417/BC-UBND", dt.date(2018, 10, 18), 2018,
                                                                        "Báo cáo")
    assert (fn["anchor_start"], fn["anchor_end"], fn["text"]) == (anchor, anchor + 1,
                                                                  "Kế hoạch số 4476/KH-UBND ngày 13/12/2019")
    assert nd["instrument_key"] == "61/2018/NĐ-CP" and nd["number"] == "61"
    assert all(r["citation_id"].startswith("d" * 12 + "-C") for r in rows)


def test_stage_without_segmenter_output_finds_header_and_footnote_lines_itself():
    text = "Số: 12/BC-UBND\nBÁO CÁO\nđã ban hành Quyết định² bãi bỏ\n² Quyết định số 111/QĐ-UBND ngày 17/01/2020\n"
    rows = extract(make_doc(text), {})["citations"]
    assert [r["via"] for r in rows] == ["self", "footnote"]
    assert rows[1]["anchor_start"] == text.index("²")


def test_appendix_self_references_disagreeing_on_the_date():
    text = ("BÁO CÁO\n...\nPhụ lục 1\n(Kèm theo Báo cáo số: 10/BC-UBND ngày 14 tháng 02 năm 2017 của UBND thị xã)\n"
            "Phụ lục 2\n(Kèm theo Báo cáo số: 10/BC-UBND ngày 17 tháng 02 năm 2017 của UBND thị xã)\n")
    rows = extract(make_doc(text, doc_number_span=None), {})["citations"]
    assert [(r["via"], r["anomaly"]) for r in rows] == [("self", "date_conflict")] * 2


def test_instrument_keys_are_scoped_and_deterministic():
    text = "Kế hoạch số 06/KH-UBND ngày 04/01/2017. Nghị quyết số 52-NQ/TW ngày 27/9/2019; Nghị quyết số 52-NQ/TW"
    rows = extract(make_doc(text, province="Thanh Hóa"), {})["citations"]
    keys = [r["instrument_key"] for r in rows]
    assert keys == ["6/KH-UBND@2017~Thanh Hóa", "52-NQ/TW", "52-NQ/TW"]
    assert keys == [r["instrument_key"] for r in extract(make_doc(text, province="Thanh Hóa"), {})["citations"]]


# --------------------------------------------------------------------------- corpus tables

def test_corpus_tables_voice_and_counts():
    text_a = ("Kế hoạch số 11/KH-UBND ngày 17/01/2020 của UBND tỉnh thực hiện Nghị quyết số 01/NQ-CP ngày "
              "01/01/2020 của Chính phủ.\nCăn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018;\n")
    text_b = "[Điều này được hướng dẫn bởi Điều 25 Nghị định 61/2018/NĐ-CP]"
    rows_a = extract(Doc("a" * 64, "a.txt", "txt", text_a), {})["citations"]
    rows_b = extract(Doc("b" * 64, "b.txt", "txt", text_b), {})["citations"]
    t = corpus_tables(rows_a + rows_b)
    inst = {r["instrument_key"]: r for r in t["instruments"]}
    assert inst["61/2018/NĐ-CP"]["n_mentions"] == 2 and inst["61/2018/NĐ-CP"]["n_documents"] == 2
    assert inst["61/2018/NĐ-CP"]["date"] == dt.date(2018, 4, 23)
    edges = {(e["src_key"], e["relation"], e["dst_key"]) for e in t["citation_edges"]}
    assert ("11/KH-UBND@2020", "implements", "1/NQ-CP@2020") in edges
    assert ("doc:" + "a" * 64, "based_on", "61/2018/NĐ-CP") in edges
    assert ("61/2018/NĐ-CP", "guides", "doc:" + "b" * 64) in edges
    assert ("doc:" + "b" * 64, "cites", "61/2018/NĐ-CP") in edges
    assert len([e for e in t["citation_edges"] if e["relation"] == "cites"]) == 4


def test_no_catastrophic_backtracking_on_runs_of_numbers():
    """A run of provision numbers before a mention once made the TVPL-note pattern backtrack for
    30 s per document; every pattern must stay linear (the bound here is 100x the normal time)."""
    import time
    text = ("x " + "123 456 789 XII VII " * 20 + "Nghị định 12/2020/NĐ-CP; ") * 20 \
        + "[Điều này được hướng dẫn bởi " + "Khoản 1, 2, 3 Điều 45 " * 5 + "Nghị định 21/2021/NĐ-CP]"
    t0 = time.process_time()
    cits = find_citations(text)
    assert time.process_time() - t0 < 1.0
    assert len(cits) == 21 and cits[-1].relation == "guided_by"


def test_instruments_take_the_value_named_most_and_the_first_named_among_equals():
    def row(doc, start, **kw):
        return {"doc_id": doc * 64, "citation_id": f"{doc}-{start}", "char_start": start,
                "instrument_key": "61/2018/NĐ-CP", **kw}

    rows = [row("b", 5, issuer_text="UBND tỉnh", date=dt.date(2018, 4, 23), year=2018, doc_type="Nghị định"),
            row("b", 9, date=dt.date(2018, 4, 23), year=2018, symbol_doc_type="Nghị định"),
            row("a", 50, issuer_text="Chính phủ", date=dt.date(2018, 4, 25), year=2019, doc_type="Quyết định"),
            row("a", 60, date=dt.date(2018, 4, 25), year=2018, doc_type="Quyết định", symbol_doc_type="Nghị định")]
    (inst,) = corpus_tables(rows)["instruments"]
    # issuer and date: one each / two each, so the one named first in document order (doc "a...")
    assert inst["issuing_body"] == "Chính phủ" and inst["date"] == dt.date(2018, 4, 25)
    assert inst["year"] == 2018 and inst["doc_type"] == "Nghị định"  # the symbol's type comes first
    assert (inst["n_mentions"], inst["n_documents"]) == (4, 2)
    assert inst["ref"] is None
