"""extractors.percentages: every percentage, with the counts the text ties it to."""
from __future__ import annotations

import pytest

from conftest import load_gold, read_table
from extractors import dossiers, percentages
from pipeline.model import Doc, Page


def pcts(text: str) -> list[dict]:
    doc = Doc(doc_id="ef" * 32, source_path="t.txt", source_format="txt", text=text, pages=[Page(1, 0, len(text))])
    rows = dossiers.extract(doc, {})
    return percentages.extract(doc, rows)["percentages"]


def test_seed_percentages_match_the_gold(seed_dataset):
    docs = {d["doc_id"]: d["source_path"].rsplit("/", 1)[-1][:-4] for d in read_table(seed_dataset, "documents")}
    ours = {(docs[r["doc_id"]], r["char_start"], r["char_end"]): r for r in read_table(seed_dataset, "percentages")}
    gold = load_gold("percentages")
    assert {(g["doc"], g["start"], g["end"]) for g in gold} == set(ours)
    for g in gold:
        r = ours[(g["doc"], g["start"], g["end"])]
        assert abs(r["value"] - g["value"]) < 1e-9, g["text"]
        for f in ("numerator", "denominator"):
            if g[f] is not None:
                assert r[f] == g[f], (g["doc"], g["text"], f)


@pytest.mark.parametrize("text, pct, num, den, basis", [
    ("100% hồ sơ được số hoá (92/92)", "100%", 92, 92, "fraction"),
    ("chức danh được bố trí đạt 95,65% (tính cả trưởng công an 22/23; tính riêng ...)", "95,65%", 22, 23, "fraction"),
    ("Số hồ sơ được lấy phiếu khảo sát: 84 hồ sơ/88 hồ sơ, đạt 95,45 % (lấy phiếu trực tiếp)", "95,45 %", 84, 88,
     "fraction"),
    ("đã giải quyết mức độ 3 cho 5 hồ sơ/ tổng hồ sơ trong dạng mức độ 3,4 là 62 hồ sơ, đạt tỷ lệ: 0.06%.",
     "0.06%", 5, 62, "ratio"),
    ("UBND thành phố đã ban hành 467 văn bản trong đó gửi qua hệ thống thư điện tử là 460 văn bản đạt 98%.",
     "98%", 460, 467, "within_total"),
    ("Về số lượng công chức cấp xã tổng số: 78 đạt chuẩn 100% về chuyên môn, cụ thể trình độ chuyên môn: "
     "14 trung cấp tỷ lệ 17,95%; 05 Cao đẳng tỷ lệ 6,41%; 59 Đại học tỷ lệ 75,64%;", "6,41%", 5, 78, "breakdown"),
    ("+Tổng hồ sơ đã nhận: 94 hồ sơ, trong đó đã giải quyết: trước hạn 64 hồ sơ, đúng hạn 10 hồ sơ, trễ hạn "
     "14 hồ sơ, đang giải quyết 6 hồ sơ, tỷ lệ đúng hạn 84,09%, trễ hạn 15,91%.", "84,09%", 74, 88, "dossier_rate"),
    ("+Tổng hồ sơ đã nhận: 94 hồ sơ, trong đó đã giải quyết: trước hạn 64 hồ sơ, đúng hạn 10 hồ sơ, trễ hạn "
     "14 hồ sơ, đang giải quyết 6 hồ sơ, tỷ lệ đúng hạn 84,09%, trễ hạn 15,91%.", "15,91%", 14, 88, "dossier_rate"),
])
def test_numerator_and_denominator(text, pct, num, den, basis):
    row = next(r for r in pcts(text) if r["text"] == pct)
    assert (row["numerator"], row["denominator"], row["basis"]) == (num, den, basis)
    assert text[row["char_start"]:row["char_end"]] == pct
    assert row["context_start"] <= row["char_start"]


def test_survey_answers_take_the_surveyed_count():
    text = ("Số hồ sơ được lấy phiếu khảo sát: 84 hồ sơ/88 hồ sơ, đạt 95,45 %, cụ thể:\n\n1.Nơi đón tiếp:\n\n"
            "+Rất hài lòng: 43, đạt 51,19%.\n\n+Hài lòng: 41, đạt 48,81%\n\n+Không hài lòng: 0.\n")
    rows = {r["text"]: r for r in pcts(text)}
    assert (rows["51,19%"]["numerator"], rows["51,19%"]["denominator"], rows["51,19%"]["basis"]) == (43, 84, "survey")
    assert (rows["48,81%"]["numerator"], rows["48,81%"]["denominator"]) == (41, 84)


def test_a_general_claim_has_no_counts():
    (row,) = pcts("100% CBCC đều có hộp thư điện tử.")
    assert row["numerator"] is None and row["denominator"] is None and row["basis"] is None


def test_a_percentage_of_counted_things_takes_the_count_as_base():
    (row,) = pcts("Bộ phận tiếp nhận 78 phiếu đánh giá, góp ý; qua tổng hợp 100% các phiếu đều đánh giá hài lòng.")
    assert (row["numerator"], row["denominator"], row["basis"]) == (None, 78, "stated_total")


def test_table_rate_column_against_the_row_its_header_names():
    text = ("STT\tNhiệm vụ/Tiêu chí\tTổng số\tChia ra theo cấp hành chính\t\t\tTỷ lệ % (So với tổng số TTHC trong "
            "bộ TTHC)\tGhi chú\n\t\t\tCấp tỉnh\tCấp huyện\tCấp xã\t\t\n"
            "1.\tSố TTHC trong bộ thủ tục hành chính của bộ\t2.738\t2.285\t304\t149\t\t\n"
            "2.\tSố lượng các TTHC được giải quyết theo cơ chế một cửa\t339\t24\t225\t90\t12%\t\n")
    (row,) = pcts(text)
    assert (row["numerator"], row["denominator"], row["basis"]) == (339, 2738, "table_header")


def test_table_row_about_part_of_a_population_counted_in_the_body():
    text = ("Tổng số cán bộ, công chức xã phường là 158(80 cán bộ do bầu cử, 78 công chức chuyên môn).\n\n"
            "stt\tTiêu chí\tTổng số\tTỷ lệ % so với tổng số\tGhi chú\n"
            "1.\tSố lượng cán bộ, công chức cấp xã\t158\t100%\t\n"
            "2.\tSố cán bộ, công chức cấp xã được bồi dưỡng chuyên môn trong năm\t240 lượt\t152%\t\n")
    rows = {r["text"]: r for r in pcts(text)}
    assert (rows["152%"]["numerator"], rows["152%"]["denominator"], rows["152%"]["basis"]) == (240, 158,
                                                                                               "table_population")
    assert rows["100%"]["denominator"] is None       # the row is the population itself: base unknown
