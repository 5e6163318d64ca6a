"""extractors.numbers: Vietnamese number forms, what is not a quantity, and round trips."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import numbers as N
from extractors.numbers import decimals_of, find_numbers, parse_exact, parse_number, render_decimal, render_int


def values(text: str) -> list:
    return [n.value for n in find_numbers(text)]


@pytest.mark.parametrize("written, value", [
    ("14.958", 14958), ("2.473", 2473), ("1.234.567", 1234567), ("05", 5), ("0", 0),
    ("84,09", 84.09), ("1.234,5", 1234.5), ("0,1", 0.1),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


def test_dot_is_a_decimal_mark_only_inside_percentages():
    assert parse_number("0.06", percent=True) == 0.06
    assert decimals_of("0.06", percent=True) == 2
    assert parse_number("1.234", percent=True) == 1234      # three digits after the dot: thousands
    with pytest.raises(ValueError):
        parse_number("0.06")


def test_forms_in_context():
    t = "tiếp nhận: 2.473 hồ sơ; quá hạn: 0 hồ sơ; có 05 phường; tỷ lệ đúng hạn 84,09%, đạt 95,45 % và 0.06%"
    nums = find_numbers(t)
    assert [n.value for n in nums] == [2473, 0, 5, 84.09, 95.45, 0.06]
    pct = [n for n in nums if n.percent]
    assert [n.text for n in pct] == ["84,09%", "95,45 %", "0.06%"]
    assert [n.decimals for n in pct] == [2, 2, 2]
    assert nums[2].text == "05"


def test_spans_cover_the_digits_and_the_sign():
    t = "đạt 95,45 % (lấy phiếu)"
    (n,) = find_numbers(t)
    assert t[n.start:n.end] == "95,45 %"


def test_fractions():
    t = "100% hồ sơ được số hoá (92/92); tính cả trưởng công an 22/23; 8/8 xã, phường"
    fr = [n for n in find_numbers(t) if n.is_fraction]
    assert [(n.value, n.den) for n in fr] == [(92, 92), (22, 23), (8, 8)]
    assert t[fr[1].start:fr[1].num_end] == "22"


@pytest.mark.parametrize("text, q, value", [
    ("gần 27.000 hồ sơ", "gần", 27000), ("hơn 99%", "hơn", 99), ("khoảng 300 tin, bài", "khoảng", 300),
    ("trên 90% hồ sơ", "trên", 90), ("4,52 ngàn hồ sơ", "ngàn", 4520), ("1,2 triệu đồng", "triệu", 1200000),
])
def test_approximate(text, q, value):
    (n,) = find_numbers(text)
    assert n.approximate and n.qualifier == q and n.value == value


def test_tren_tong_is_not_approximate():
    (a, b) = find_numbers("đã đăng 24 tin bài, trên tổng 35 tin bài")
    assert not b.approximate and b.value == 35


@pytest.mark.parametrize("text", [
    "ngày 18/9/2018", "Từ ngày 10/9/2018 đến 10/10/2018", "Tính đến ngày 25-5,", "trong tháng 10/2018",
    "quý 1/2023", "năm 2018", "giai đoạn 2011 - 2020", "(thời gian: 15/12/2022-06/3/2023)",
    "Kế hoạch số 94/KH-UBND", "Kế hoạch số 6192 /QĐ-UBND", "Kế hoạch số 47-KH/TU",
    "Nghị định số 61/2018/NĐ-CP", "Nghị quyết số 30c/NQ-CP", "theo Nghị định 130 của Chính phủ",
    "theo ND43", "HĐ 68", "Tiêu chí 1:", "mức độ 3, 4", "mực độ 3,4:", "Phụ lục 2",
    "ISO 9001:2015", "TCVN ISO 9001: 2008", "đường dây nóng (0373.825.609)", "tra cứu 24h/24h",
    "https://phuongduc.thuathienhue.gov.vn/?gd=4&cn=242&cd=11", "phiên bản 2.0", "(loại 1)",
    "Hồ sơ 4 tại chỗ", "niêm yết “3 không”", "tổng kết 05 năm ngày pháp luật (09/11)",
])
def test_not_quantities(text):
    assert [n for n in find_numbers(text) if n.text not in ("05",)] == []


def test_line_numbering_is_skipped_but_a_percentage_after_it_is_kept():
    t = "2.1.3.100% hồ sơ được số hoá (92/92)\n5.3.100% cán bộ\n1.Nơi đón tiếp:\n4.2. Ban hành"
    nums = find_numbers(t)
    assert [(n.text, n.percent) for n in nums if not n.is_fraction] == [("100%", True), ("100%", True)]


def test_table_stt_cells_are_skipped():
    t = "STT\tTiêu chí\tTổng số\n1.\tSố TTHC\t2.738\t2.285\t\t149\n"
    assert values(t) == [2738, 2285, 149]


def test_skip_spans():
    t = "tiếp nhận 12 hồ sơ\nTruy cập tổng 557.230"
    start = t.index("Truy")
    assert values(t) == [12, 557230]
    assert [n.value for n in find_numbers(t, skip=[(start, len(t))])] == [12]


# ------------------------------------------------------------------ property tests

@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 9), st.sampled_from(["tiếp nhận: {} hồ sơ;", "có {} đơn vị",
                                                                      "(trong đó {} cơ quan", "+Hài lòng: {}, đạt"]))
def test_counts_round_trip(n, template):
    """A count rendered the Vietnamese way and re-parsed in context gives the count back."""
    written = render_int(n, pad=2 if n < 10 else 0)
    text = template.format(written)
    nums = find_numbers(text)
    assert len(nums) == 1
    assert nums[0].value == n and nums[0].text == written


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 6), st.integers(min_value=1, max_value=10 ** 6),
       st.integers(min_value=0, max_value=3))
def test_percentages_round_trip(a, b, k):
    """A share rendered with k decimals and a comma re-parses to the same exact value."""
    written = render_decimal(Fraction(100 * a, b), k)
    (n,) = find_numbers(f"tỷ lệ {written}%.")
    assert n.percent and n.decimals == k
    assert parse_exact(written) == n.exact
    assert n.value == (float(n.exact) if k else int(n.exact))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=999))
def test_fractions_round_trip(a, b):
    (n,) = find_numbers(f"đạt 50% ({a}/{b})")[1:]
    assert (n.value, n.den) == (a, b)


# The word tests find_numbers runs before its qualifier and multiplier patterns are implied by them
_NEAR_PIECES = st.sampled_from(["gần", "Hơn", "KHOẢNG", "xấp xỉ", "ước tính", "ước", "trên", "tối đa", "ít nhất",
                                "ngàn", "Nghìn", "triệu", "TỶ", "tỉ lệ", "tr", "ng", "x", "(", ",", ";", ":", " ",
                                "  ", "\t", "\n", "\x1c", "\u00a0", "5"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_NEAR_PIECES, max_size=8).map("".join), st.lists(_NEAR_PIECES, max_size=8).map("".join))
def test_word_shortcuts_are_implied_by_the_patterns(before, after):
    if N._APPROX_BEFORE.search(before):
        assert N._last_word(before) in N._APPROX_LAST_WORDS
    if N._MULT.match(after, 0):
        assert N._next_word_opens(after, 0, N._MULT_OPENINGS)
