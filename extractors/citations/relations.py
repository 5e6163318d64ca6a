"""Relations between a mention and what acts on it (contract: relation / relation_source).

"relation_source REL this mention"; relation_source is null when the acting party is the
document (or the provision) that contains the mention.

Active, between neighbouring mentions A ... B (A's date and issuer skipped, no ';' or line break):
    "Kế hoạch số 80/KH-UBND ... về thực hiện Kế hoạch số 112/KH-UBND"     B implements, source A
    "Công văn số 2661/UBND-NV ... triển khai thực hiện Kế hoạch số 184"    B implements, source A
    "Nghị định số 113/2018/NĐ-CP ... sửa đổi, bổ sung một số điều của Nghị định số 108/2014/NĐ-CP"
                                                                           B amends, source A
    "... thay thế Quyết định số ...", "... bãi bỏ ..."                     replaces, repeals
    "Nghị định 34/2016/NĐ-CP ... về quy định chi tiết ... thi hành Luật ..."  B guides, source A
Of the containing document:
    "Căn cứ Nghị định số 61/2018/NĐ-CP ..." at a line start                based_on
Passive notes (TVPL brackets), source null:
    "[Điều này được hướng dẫn bởi Điều 25 Nghị định 21/2021/NĐ-CP ...]"    guided_by
    "được sửa đổi bởi / được bổ sung bởi", "bị thay thế bởi", "bị bãi bỏ bởi"
                                                 amended_by, replaced_by, repealed_by
"""
from __future__ import annotations

from extractors.citations.models import Citation
from extractors.citations.regexes import ACTIVE_GAP_RES, BASED_ON_BEFORE_RE, PASSIVE_BEFORE_RE

PASSIVE = {"hướng dẫn": "guided_by", "sửa đổi": "amended_by", "bổ sung": "amended_by",
           "thay thế": "replaced_by", "bãi bỏ": "repealed_by", "hủy bỏ": "repealed_by",
           "huỷ bỏ": "repealed_by"}
ACTIVE_OF = {"guided_by": "guides", "amended_by": "amends", "replaced_by": "replaces",
             "repealed_by": "repeals"}
MAX_GAP = 100


def _passive(verb: str) -> str:
    v = " ".join(verb.lower().split())
    for k, rel in PASSIVE.items():
        if v.startswith(k):
            return rel
    return "amended_by"


def assign_relations(text: str, found: list[Citation]) -> None:
    """Fill relation and relation_source (an index into `found`) in place."""
    for i, b in enumerate(found):
        if b.via == "self" or b.header:
            continue
        lo = max(0, b.start - 200)
        window = text[lo:b.start]
        # cheap prefilter: every passive note has one of these words before the provisions
        p = PASSIVE_BEFORE_RE.search(text, lo, b.start) if ("bởi" in window or "tại" in window
                                                              or "theo" in window) else None
        if p:
            b.relation, b.relation_source = _passive(p.group("verb") or p.group("guide")), None
            continue
        if "ăn cứ" in window[-30:] and BASED_ON_BEFORE_RE.search(text, max(0, b.start - 30), b.start):
            b.relation, b.relation_source = "based_on", None
            continue
        if i == 0:
            continue
        a = found[i - 1]
        gap_start = a.tail_end if a.tail_end is not None else a.end
        if gap_start > b.start or b.start - gap_start > MAX_GAP:
            continue
        gap = text[gap_start:b.start]
        if "\n" in gap or ";" in gap:
            continue
        for rel, rx in ACTIVE_GAP_RES:
            if rx.fullmatch(gap):
                b.relation, b.relation_source = rel, i - 1
                break
