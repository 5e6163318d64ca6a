"""Resolve mentions that are not full forms, and key every mention to an instrument.

Within one text (`resolve_in_text`):
    Short form 1: "Nghị định 130 của Chính phủ", "NĐ 130", "ND43"  -> the one full form with the
                  same type and number anywhere in the text (130/2005/NĐ-CP).
    Short form 2: "Kế hoạch CCHC nhà nước năm 2020" (a description) -> the earlier full form of
                  the same type whose subject ("... về cải cách hành chính nhà nước tỉnh Bắc Giang
                  năm 2020") covers the description's words (acronyms CCHC, TTHC ... expanded).
    Repeats:      a later "Nghị quyết số 52-NQ/TW" without a date takes the year of the dated one.
Within one document (`footnote_blocks`): footnote definitions ("¹ Kế hoạch số 4476/KH-UBND ...")
and their body anchors, used only when the segmenter gave none.
Across the corpus: `instrument_key` is deterministic from a mention's parsed fields (plus the
year found for its ref in the same text and the document's province for local issuers).
"""
from __future__ import annotations

import regex

from extractors.citations.models import Citation
from extractors.citations.regexes import FOOTNOTE_LINE_RE, SUBJECT_RE, SUPERSCRIPT_DIGITS

ACRONYMS = {
    "cchc": "cải cách hành chính", "tthc": "thủ tục hành chính", "cntt": "công nghệ thông tin",
    "qppl": "quy phạm pháp luật", "vbqppl": "văn bản quy phạm pháp luật", "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân", "kt-xh": "kinh tế - xã hội", "uỷ": "ủy",
}
_WORD_RE = regex.compile(r"[\w&-]+")
_YEAR_RE = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SUBJECT_YEAR_END_RE = regex.compile(r"năm[ \t]+(?:19|20)\d\d(?!\d)")
# Issuer codes whose numbers are only unique inside one province (or district, commune).
LOCAL_ISSUERS = frozenset({"UBND", "HĐND", "TU", "HU", "QU", "ThU", "ĐU", "ĐUK", "VP", "PNV", "BCĐ",
                           "VPTU", "BTCTU", "BTGTU", "BDVTU", "UBKTTU", "VPHU", "BCĐCCHC"})


def words(s: str) -> list[str]:
    """Lower-case words with acronyms expanded: 'Kế hoạch CCHC' -> ['kế', 'hoạch', 'cải', ...]."""
    out = []
    for w in _WORD_RE.findall(s.lower()):
        out.extend(ACRONYMS.get(w, w).split())
    return out


def subject_after(text: str, c: Citation) -> str:
    """The subject phrase right after a mention ("về ..."), cut after its 'năm YYYY'."""
    pos = c.tail_end if c.tail_end is not None else c.end
    m = SUBJECT_RE.match(text, pos)
    subj = m.group("subj") if m else ""
    y = _SUBJECT_YEAR_END_RE.search(subj)
    return subj[:y.end()] if y else subj


def norm_ref(ref: str) -> str:
    """Match key of a ref: leading zeros of the number removed ('06/QĐ-UBND' -> '6/QĐ-UBND')."""
    i = 0
    while i < len(ref) and ref[i].isdigit():
        i += 1
    digits = ref[:i].lstrip("0") or ("0" if i else "")
    return digits + ref[i:]


def _resolve_short(found: list[Citation], k: int, by_number: dict, memo: dict) -> None:
    c = found[k]
    key = (c.number, c.doc_type)
    if key not in memo:   # the candidates depend on these two only
        cands = [(j, f) for j, f in by_number.get(c.number, ()) if c.doc_type in (f.doc_type, f.cited)]
        memo[key] = (cands[0] if cands else None, len({norm_ref(f.ref) for _, f in cands}))
    first, n_refs = memo[key]
    if n_refs == 1:
        j, f = first
        c.resolved_ref, c.resolved_index = f.ref, j
        c.family = c.family or f.family


def _resolve_description(text: str, found: list[Citation], k: int, by_type: dict, subjects: dict,
                         memo: dict) -> None:
    c = found[k]
    name = words(c.name or "")
    if len(name) < 3:
        return
    name_set = set(name)
    name_years = set(_YEAR_RE.findall(c.name or ""))
    # the same description again goes on from where the last one stopped (the best match among
    # the mentions before it is the best before the last one, or one of those since)
    cands = by_type.get(c.doc_type, ())
    i, best = memo.get((c.name, c.doc_type), (0, None))
    while i < len(cands) and cands[i][0] < k:
        j, f = cands[i]
        i += 1
        subj_years, subj = subjects.get(j) or subjects.setdefault(j, _subject_words(text, f))
        if name_years and name_years != subj_years:
            continue
        if not subj:
            continue
        cover = len(name_set & subj) / len(name_set)
        jacc = len(name_set & subj) / len(name_set | subj)
        if cover >= 0.8 and (best is None or jacc > best[0]):
            best = (jacc, j, f)
    memo[(c.name, c.doc_type)] = (i, best)
    if best:
        _, j, f = best
        c.via, c.resolved_ref, c.resolved_index = "short_form", f.ref, j


def _subject_words(text: str, f: Citation) -> tuple[set[str], set[str]]:
    subj_text = subject_after(text, f)
    return set(_YEAR_RE.findall(subj_text)), set(words(subj_text))


def resolve_in_text(text: str, found: list[Citation]) -> None:
    """Resolve short forms and descriptions in place (see the module docstring)."""
    # the inline and self mentions with a ref, by number and by type (doc_type or cited), in text
    # order: a short form or a description is compared with those only, not with every mention
    by_number: dict = {}
    by_type: dict = {}
    for j, f in enumerate(found):
        if f.ref and f.via in ("inline", "self"):
            by_number.setdefault(f.number, []).append((j, f))
            for t in {f.doc_type, f.cited}:
                by_type.setdefault(t, []).append((j, f))
    subjects: dict = {}   # the subject words after each of them, read once
    short_memo: dict = {}
    description_memo: dict = {}
    for k, c in enumerate(found):
        if c.via == "short_form" and c.number:
            _resolve_short(found, k, by_number, short_memo)
        elif c.via == "named" and c.doc_type in ("Kế hoạch", "Chương trình", "Đề án", "Quy chế") and c.name:
            _resolve_description(text, found, k, by_type, subjects, description_memo)


def ref_years(found: list[Citation]) -> dict[str, int]:
    """The year of each ref, where the text's dated mentions agree on one."""
    seen: dict[str, set[int]] = {}
    for c in found:
        if c.ref and c.year:
            seen.setdefault(norm_ref(c.ref), set()).add(c.year)
    return {r: next(iter(ys)) for r, ys in seen.items() if len(ys) == 1}


def _name_key(c: Citation) -> str:
    ws = words(c.name or "")
    while len(ws) >= 2 and ws[-2] == "năm" and _YEAR_RE.fullmatch(ws[-1]):
        ws = ws[:-2]
    return f"named:{c.doc_type}:{' '.join(ws)}"


def instrument_key(c: Citation, found: list[Citation], years: dict[str, int],
                   scope: str | None = None) -> str:
    """Corpus-wide key of the instrument a mention cites.

    '61/2018/NĐ-CP' (QPPL: the number carries the year); '94/KH-UBND@2018~Bắc Giang' (numbers
    restart each year and each province); '47-KH/TU~Bắc Giang' (Party: numbered per term);
    '3/KH-UBND@2023#2023-01-19' for a number given to two instruments; 'named:Luật:ban hành văn bản
    quy phạm pháp luật'; 'short:Nghị định:130' when a short form is not resolved.
    """
    src = c
    if c.ref is None and c.resolved_index is not None:
        src = found[c.resolved_index]
    if src.ref is None:
        if c.via == "short_form" and c.number:
            return f"short:{c.doc_type}:{c.number}"
        return _name_key(c)
    base = norm_ref(src.ref)
    key = base
    if src.family not in ("qppl", "party", "legacy"):
        year = src.year or years.get(base)
        if year:
            key += f"@{year}"
    if scope and src.issuer_code in LOCAL_ISSUERS:
        key += f"~{scope}"
    if src.anomaly == "number_reused" and src.date:
        key += f"#{src.date.isoformat()}"
    return key


def footnote_blocks(text: str) -> list[dict]:
    """Footnote definitions written as lines that start with superscript digits, with the body
    anchor: the nearest earlier occurrence of the same marker inside a line (not a definition)."""
    if not any(ch in text for ch in SUPERSCRIPT_DIGITS):
        return []
    out = []
    for m in FOOTNOTE_LINE_RE.finditer(text):
        marker = m.group("marker")
        anchor = None
        k = m.start("marker")
        while True:
            k = text.rfind(marker, 0, k)
            if k == -1:
                break
            before = text[k - 1] if k else "\n"
            after = text[k + len(marker)] if k + len(marker) < len(text) else ""
            line_start = text.rfind("\n", 0, k) + 1
            if before not in SUPERSCRIPT_DIGITS and after not in SUPERSCRIPT_DIGITS \
                    and text[line_start:k].strip():
                anchor = k
                break
        out.append({"footnote_id": None, "marker": marker, "anchor_start": anchor,
                    "anchor_end": None if anchor is None else anchor + len(marker),
                    "char_start": m.start(), "char_end": m.end(), "text": m.group("body")})
    return out
