"""Anomalies a text shows about the instruments it cites (one code per mention).

    type_symbol_mismatch  the cited word names another type than the symbol: "Kế hoạch số
                          6192/QĐ-UBND", "Quy định số 31/2019/QĐ-UBND"
    number_reused         one number and symbol given to two instruments: "kế hoạch số 03/KH-UBND
                          ngày 11/1/2023 về kiểm soát TTHC" and "kế hoạch số 03/KH-UBND ngày
                          19/1/2023 Triển khai ... ISO" (different dates, different subjects)
    date_conflict         one instrument cited with two dates (same subject, or the document's own
                          number in its appendix headers: 14/02/2017 once, 17/02/2017 five times)
    term_conflict         "Nghị quyết Trung ương 6 (khóa XII)" and "(khóa VII)" in one text; a
                          QHkk / UBTVQHkk term whose years do not contain the year in the number
    typo_symbol           a code written wrongly and repaired: QD, ND, HDND without Đ ("ND43"),
                          wrong case ("QĐ-TTG")
When several apply, the first in this list wins. Recomputed from scratch on each call, so a
caller that learns more (which mention is the document's own number) can call again.
"""
from __future__ import annotations

from typing import Any

from extractors.citations.codes import QH_TERMS
from extractors.citations.models import Citation
from extractors.citations.resolve import norm_ref, subject_after, words

PRIORITY = ["type_symbol_mismatch", "number_reused", "date_conflict", "term_conflict", "typo_symbol"]
_RANK = {a: i for i, a in enumerate(PRIORITY)}
SAME_SUBJECT = 0.34  # Jaccard of the first subject words above which two dates are one instrument


def _set(c: Citation, code: str) -> None:
    if c.anomaly is None or _RANK[code] < _RANK[c.anomaly]:
        c.anomaly = code


def _plenum(c: Citation) -> str | None:
    name = c.name or ""
    k = name.find("ương")
    if c.family != "named" or c.doc_type != "Nghị quyết" or k == -1 or c.term is None:
        return None
    return " ".join(name[k + 4:].split("(")[0].split()[:3])


def mark_anomalies(text: str, found: list[Citation]) -> None:
    """Set `anomaly` on every mention of `found` (in place)."""
    for c in found:
        c.anomaly = None
        if "type_mismatch" in c.flags:
            _set(c, "type_symbol_mismatch")
        if "ascii_d" in c.flags or "case_fixed" in c.flags:
            _set(c, "typo_symbol")
        if c.term and c.year and c.issuer_code in ("QH", "UBTVQH") and c.term in QH_TERMS:
            first, last = QH_TERMS[c.term]
            if not first <= c.year <= last:
                _set(c, "term_conflict")
    plenums: dict[str, list[Citation]] = {}
    for c in found:
        p = _plenum(c)
        if p:
            plenums.setdefault(p, []).append(c)
    for group in plenums.values():
        if len({c.term for c in group}) > 1:
            for c in group:
                _set(c, "term_conflict")
    by_ref: dict[str, list[Citation]] = {}
    for c in found:
        if c.ref and c.number and c.date and c.via in ("inline", "self"):
            by_ref.setdefault(norm_ref(c.ref), []).append(c)
    for group in by_ref.values():
        dates = {c.date for c in group}
        if len(dates) < 2:
            continue
        if any(c.via == "self" for c in group):
            code = "date_conflict"
        else:
            subjects: dict[Any, set[str]] = {}   # date -> subject words
            for c in group:
                subjects.setdefault(c.date, set(words(subject_after(text, c))[:6]))
            sets = list(subjects.values())
            overlap = min(len(a & b) / max(1, len(a | b)) for i, a in enumerate(sets) for b in sets[i + 1:])
            code = "date_conflict" if overlap >= SAME_SUBJECT else "number_reused"
        for c in group:
            _set(c, code)
