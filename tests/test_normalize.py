"""Normalization: what changes, what never does, and offsets that lead back to the source."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import _FOLD, _fold, map_offset, normalize_text


def test_length_preserving_folds_keep_offsets():
    text, omap = normalize_text("Số: 6192\u00a0/QĐ\u2013UBND, \u00d0ảng")
    assert text == "Số: 6192 /QĐ-UBND, Đảng" and omap is None


def test_footnote_markers_survive_and_nfkc_is_never_applied():
    text, _ = normalize_text("năm 2020¹²³ và ⁴")
    assert text == "năm 2020¹²³ và ⁴"


def test_decomposed_vietnamese_is_composed_and_mapped_back():
    raw = unicodedata.normalize("NFD", "Kế hoạch số 94") + "\u200b!"
    text, omap = normalize_text(raw)
    assert text == "Kế hoạch số 94!"
    for i, ch in enumerate(text):
        src = raw[map_offset(i, omap)]
        assert unicodedata.normalize("NFD", ch)[0] == src[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeoAĐđ \n9") + ["\u0301", "\u0323", "\u0302", "\u200b", "\u00ad", "\u00a0", "–"]),
               max_size=60))
def test_normalized_text_is_nfc_and_every_offset_maps_into_the_source(raw):
    text, omap = normalize_text(raw)
    assert unicodedata.is_normalized("NFC", text)
    assert not any(c in text for c in "\u200b\u00ad")
    if omap is not None:
        assert len(omap) == len(text)
        assert list(omap) == sorted(omap) and all(0 <= i < len(raw) for i in omap)


@given(st.text(alphabet=st.sampled_from([*_FOLD, "a", "Đ", "-", " ", "\u200b", "\u0301"]), max_size=30))
def test_fold_replaces_each_look_alike_by_its_table_entry(s):
    assert _fold(s) == "".join(_FOLD.get(c, c) for c in s)
