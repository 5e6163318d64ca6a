"""Pathological and random text through every stage: no exception, bounded time.

Every pattern must be linear or bounded (issue 8): long runs of digits, dots and slashes,
"số số số", thousands of footnote markers, near-citations and near-numbers.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.process import process_bytes

STAGE_CRASH = {"segment", "extract", "check"}


def _run(text: str) -> tuple[dict, float]:
    t0 = time.perf_counter()
    rows = process_bytes(text.encode("utf-8"), Path("fuzz.txt"), "fuzz.txt")
    return rows, time.perf_counter() - t0


def _crashes(rows: dict) -> list[dict]:
    return [e for e in rows["errors"] if e["stage"] in STAGE_CRASH]


PATHOLOGICAL = {
    "digits": "1" * 200_000,
    "dotted digits": "1." * 100_000,
    "slashes": "12/" * 60_000,
    "dashes and slashes": "-/" * 100_000,
    "so so so": "số " * 60_000,
    "so colon": "Số: " * 50_000 + "12/",
    "footnote markers": "năm 2020" + "¹²³⁴⁵⁶⁷⁸⁹⁰" * 5_000,
    "percent run": "%" * 100_000 + " 12,5%" * 10_000,
    "hồ sơ run": "hồ sơ " * 40_000 + "tiếp nhận 12 hồ sơ",
    "dates": "ngày 18/9/2018 " * 20_000,
    "open brackets": "(" * 50_000 + "131 TTHC" + ")" * 50_000,
    "roman lines": "I.\nII.\nIII.\nIV.\n" * 20_000,
    "bullets": "- + * " * 50_000,
    "tabs": "\t1\t2\t3\n" * 40_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_finishes_quickly_without_crashing(name):
    rows, seconds = _run(PATHOLOGICAL[name])
    assert not _crashes(rows), _crashes(rows)[:2]
    assert seconds < 20, f"{name}: {seconds:.1f}s"


NEAR = st.sampled_from([
    "Kế hoạch số ", "Quyết định ", "số ", "Số: ", "/KH-UBND", "/QĐ-", "-KH/TU", "/2018/NĐ-CP", "ngày ",
    " tháng ", " năm ", "của UBND tỉnh", "hồ sơ", "tiếp nhận ", "đã giải quyết ", "đang giải quyết ",
    "trước hạn", "quá hạn", "đạt ", "%", "tỷ lệ ", "Tổng số", "\t", "\n", "\n\n", "I. ", "1. ", "a) ",
    "(", ")", ";", ":", ",", ".", "¹", "²", "Phụ lục", "Nơi nhận:", "CHỦ TỊCH", "gần ", "hơn ",
    "V/v", "…/…/NĐ-CP", "http://x.vn/a/1", "0912.345.678",
])
NUM = st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n:,}".replace(",", "."))
TEXT = st.lists(st.one_of(NEAR, NUM, st.text(max_size=8)), max_size=120).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_random_near_citations_and_figures_never_crash(text):
    rows, seconds = _run(text)
    assert not _crashes(rows), _crashes(rows)[:2]
    assert seconds < 5
