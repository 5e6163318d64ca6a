"""Scans driven from the places a pattern can open find exactly what the pattern's `finditer` finds.

`find._symbol_matches` tries the document-symbol pattern only at the runs of digits that can open
a symbol; `breakdowns.survey_lines` tries the survey-answer pattern only at the lines that open
with a list mark; `clauses._sentence_starts` finds the sentence ends with str.find (see their
docstrings). The reference is the plain scan. Compared on the seed
reports, on the opening of every text of ../shared, and on random text built from the pieces the
patterns are made of.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import seed_texts, shared_texts
from extractors import breakdowns, clauses
from extractors.citations import find
from extractors.citations.regexes import SYMBOL_RE
from extractors.regex_at import finditer_from
from pipeline.segment import regexes as rx


# the issuer's patterns, tried only where one of the strings they open with occurs
FROM_OPENINGS = [(rx.UNIT_NAMED, rx.UNIT_NAMED_OPENINGS), (rx.PROVINCE_MENTION, rx.PROVINCE_MENTION_OPENINGS),
                 (rx.UBND_UNIT, rx.UBND_SPELLINGS), (rx.UBND_REPORTS, rx.UBND_REPORTS_OPENINGS),
                 (rx.AGENCY_REPORTS, rx.AGENCY_REPORTS_OPENINGS)]


def assert_same(text: str) -> None:
    work = find.fold_lookalikes(text)
    assert [m.span() for m in find._symbol_matches(work)] == [m.span() for m in SYMBOL_RE.finditer(work)]
    assert [m.span() for m in breakdowns.survey_lines(text)] == \
        [m.span() for m in breakdowns._SURVEY_LINE.finditer(text)]
    for pattern, openings in FROM_OPENINGS:
        assert [m.span() for m in finditer_from(pattern, text, openings)] == [m.span() for m in pattern.finditer(text)]
    if breakdowns._INTRO.search(text):
        assert breakdowns._may_introduce(text)
    assert clauses._sentence_starts(text) == \
        tuple(sorted({0, *(m.end() for m in clauses._SENT_END.finditer(text)), len(text)}))


def test_seed_reports():
    for text in seed_texts():
        assert_same(text)


def test_shared_corpora(shared_dir):
    for text in shared_texts(shared_dir, 20_000):
        assert_same(text)


PIECES = st.sampled_from([
    "số", "Số", "Số:", "số ", "0", "1", "12", "123", "12345", "123456", "2018", "2020", "a", "b", "c", "đ", "ab",
    "/", "-", " ", "  ", "\t", "\n", ".", ",", "_", "QĐ", "UBND", "KH", "NĐ", "CP", "TU", "QH14", "UBTVQH15",
    "TTg", "x", "Ð", "–", "⁄", "(", ")", ":", "é", "Ư",
    "\n- ", "\n+ ", "\n\t* ", "•", "Rất hài lòng", ": ", "phiếu", "%", "đạt ", ", chiếm ", "tỷ\nlệ ", ";",
    "!", "?", ". ", ".\t", "“", "Ă", "ǅ", "Ⅳ", "٣", "\r", "\U00010d40", "\ua7cb",
    "tỉnh", "Tỉnh", "TỈNH", "thành phố", "Thành phố", "TP.", "Tp.", "TX.", "thị xã", "xã", "phường", "thị trấn",
    "Ủy ban nhân dân", "ỦY BAN NHÂN DÂN", "Chủ tịch", "Sở", "Nội vụ", "báo cáo", "xin", "Bắc Giang", "Hà", "Nội",
    "Phòng", "Văn phòng", "Trung tâm", "trong đó", "TRONG\tĐÓ", "gồm", "Cụ thể", "chia ra",
])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=40).map("".join))
def test_random_texts_of_the_patterns_pieces(text):
    assert_same(text)


def test_survey_lines_are_found():
    text = "Kết quả khảo sát 84 phiếu:\n- Rất hài lòng: 60 phiếu (71,4%)\n  + Hài lòng: 24 phiếu, đạt 28,6%;\nx - y: 5"
    assert [m.group("label") for m in breakdowns.survey_lines(text)] == ["Rất hài lòng", "Hài lòng"]
    assert_same(text)


def test_every_symbol_form_is_found():
    text = ("Kế hoạch số 94/KH-UBND ngày 18/9/2018; Nghị định 61/2018/NĐ-CP; Kế hoạch số47-KH/TU; "
            "Luật 80/2015/QH13; 6192 /QĐ-UBND; 30c/NQ-CP; 12 - QĐ/TW")
    work = find.fold_lookalikes(text)
    got = [work[m.start():m.end()] for m in find._symbol_matches(work)]
    assert got == ["94/KH-UBND", "61/2018/NĐ-CP", "47-KH/TU", "80/2015/QH13", "6192 /QĐ-UBND", "30c/NQ-CP",
                   "12 - QĐ/TW"]
    assert_same(text)
