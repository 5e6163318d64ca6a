"""Parse one match: the symbol's parts, its family and type, the words around it.

Symbol shapes (spec §2, §6 step 4), after the number:
    N/YYYY/QHkk, N/YYYY/UBTVQHkk               qppl, issuer and term from the tail, type = cited word
    N/YYYY/TYPE-ISSUER[-ISSUER...]             qppl ("UBTVQH11" as issuer -> UBTVQH, term 11)
    N-TYPE/ISSUER[-ISSUER...]                  party when TYPE is a Party type and ISSUER is not a
                                               state code (CP, CTN, TC, TCT, ...), else legacy
    N/SY-..., N/VBHN-..., N/CV-...             copy, vbhn, công văn written with CV
    N/TYPE-ISSUER[-X...]                       admin; công văn when TYPE is ambiguous (CT = Cục
                                               Thuế, TC = Bộ Tài chính ...) and ISSUER is a unit
    N/ISSUER-UNIT[-X...]                       công văn
Repairs recorded in flags: spaced, linebreak, eth_d, dash_variant, ascii_d, case_fixed.

Words before the symbol (§6 step 3):
    "Kế hoạch số 94/...", "Kế hoạch 218/...", "kế hoạch số 03/...", "thông báo số số 01/...",
    "Báo cáo số: 10/...", "chương trình giám sát số 01/..." (qualifier), "vàHướng dẫn số ..."
    (glued), "Quyết định của Bộ Chính trị số31-QĐ/TW" (qualifier, glued number), "QĐ 988/..."
    (abbreviation as a word), "Số: 417 /BC-UBND" at a line start (header, no type word),
    "(Kèm theo Báo cáo số: 10/BC-UBND ...)" (attached_to: the document's own number).
Skipped: form numbers "Mẫu số 04/ĐK-GCN", "Biểu số ...", and anything inside a URL.

Words after it: the date (dates.py), then the issuing body "của UBND tỉnh", "của Ban Thường vụ
Tỉnh ủy", "của Thủ tướng Chính phủ"; a body named without "của" is taken only when a date follows
it ("Quyết định số 187/QĐ-UBND UBND tỉnh Thừa Thiên Huế Ngày 16/01/2023").
"""
from __future__ import annotations

from typing import Any

import regex

from extractors.citations.codes import (
    ADMIN_TYPES, AMBIGUOUS_TYPE_CODES, ASCII_D_REPAIR, CANONICAL_CASE, COPY_CODES, NATIONAL_ISSUERS,
    PARTY_ISSUERS, PARTY_TYPES, QPPL_ONLY_CODES, STATE_LEGACY_ISSUERS, TT01_CODES, TYPE_ABBREVIATIONS,
    TYPE_WORDS,
)
from extractors.citations.models import SymbolParts
from extractors.regex_at import KEEP_GIL, group_numbers
from extractors.citations.regexes import (
    ATTACHED_TO_RE, BLANK_NUMBER_RE, DASH_CHARS, ETH_CHARS, FORM_NUMBER_RE, HYPHEN_SPLIT_RE,
    ISSUER_LEAD_RE, ISSUER_TOKEN_RE, SO_TAIL_RE, SYMBOL_RE,
)

# SYMBOL_RE's groups (also those of its copies compiled for `.match` at a position)
_NUM, _YEAR, _QH, _QCODES, _PTYPE, _PCODES, _SCODES = group_numbers(
    SYMBOL_RE, "num", "year", "qh", "qcodes", "ptype", "pcodes", "scodes")
_BLANK_NUM, _BLANK_SCODES = group_numbers(BLANK_NUMBER_RE, "num", "scodes")
_CUA, = group_numbers(ISSUER_LEAD_RE, "cua")

_TERM_CODE_RE = regex.compile(r"(UBTVQH|QH)(\d\d)")


def canonical_code(code: str, flags: list[str]) -> str:
    """Canonical spelling of one code: 'TTG' -> 'TTg', 'QD' -> 'QĐ' (ascii_d); unknown codes upper-cased."""
    up = code.upper()
    canon = CANONICAL_CASE.get(up)
    if canon is not None:
        if canon != code:
            flags.append("case_fixed")
        return canon
    repaired = ASCII_D_REPAIR.get(up)
    if repaired is not None:
        flags.append("ascii_d")
        return repaired
    return up


def strip_number(raw: str | None) -> str | None:
    """'06' -> '6', '030C' -> '30c'; None for a blank number."""
    if not raw:
        return None
    digits = raw.rstrip("abcdefghijklmnopqrstuvwxyzđ")
    suffix = raw[len(digits):].lower()
    return (digits.lstrip("0") or "0") + suffix


def _split(group: str, flags: list[str]) -> list[str]:
    pieces = group.split("-") if " " not in group and "\t" not in group and "\n" not in group \
        else HYPHEN_SPLIT_RE.split(group)
    return [canonical_code(c, flags) for c in pieces if c]


def parse_symbol(m: regex.Match, original: str) -> SymbolParts:
    """The parts of a SYMBOL_RE / BLANK_NUMBER_RE match; `original` is the caller's unfolded text."""
    flags: list[str] = []
    blank = m.re is BLANK_NUMBER_RE
    num_group, scodes_group = (_BLANK_NUM, _BLANK_SCODES) if blank else (_NUM, _SCODES)
    raw = m.group(num_group) or None
    if blank:
        year = qh = qcodes = ptype = pcodes = None
        scodes = m.group(scodes_group)
    else:
        year, qh, qcodes, ptype, pcodes, scodes = m.group(_YEAR, _QH, _QCODES, _PTYPE, _PCODES, _SCODES)
    if year:
        parts = SymbolParts("qppl", strip_number(raw), raw, int(year))
        if qh:
            t = _TERM_CODE_RE.fullmatch(qh)
            parts.qh, parts.term = t.group(1), int(t.group(2))
        else:
            parts.codes = _split(qcodes, flags)  # type: ignore[arg-type]  # a str whenever the year matched
    elif ptype:
        parts = SymbolParts("party", strip_number(raw), raw, None)
        parts.codes = [canonical_code(ptype, flags)] + _split(pcodes, flags)  # type: ignore[arg-type]
    else:
        parts = SymbolParts("slash", strip_number(raw), raw, None)
        parts.codes = _split(scodes, flags)
    body = original[m.start(num_group) if raw else m.start(scodes_group) - 1:m.end()]
    if "\n" in body:
        flags.append("linebreak")
    elif " " in body or "\t" in body:
        flags.append("spaced")
    if not ETH_CHARS.isdisjoint(body):
        flags.append("eth_d")
    if not DASH_CHARS.isdisjoint(body):
        flags.append("dash_variant")
    parts.flags = list(dict.fromkeys(flags))
    return parts


def is_top_level_issuer(code: str) -> bool:
    """T5 national issuers and ministries, UBND/HĐND, Sở (S...), BCĐ..., and Party codes (T7)."""
    if code in NATIONAL_ISSUERS or code in PARTY_ISSUERS:
        return True
    if code.startswith(("UBND", "HĐND", "BCĐ")):
        return True
    return len(code) >= 3 and code[0] in "SB" and code[1:].isupper()


def classify(parts: SymbolParts, cited: str | None) -> dict:
    """family, doc_type, type_code, issuer_code, extra, term, ref, symbol and flags of a symbol."""
    codes, flags = parts.codes, list(parts.flags)
    num = parts.number_raw or ""
    out: dict[str, Any] = {"type_code": None, "issuer_code": None, "extra": (), "term": parts.term}
    if parts.shape == "qppl":
        if parts.qh:
            out.update(family="qppl", doc_type=cited, issuer_code=parts.qh)
            tail = f"{parts.qh}{parts.term:02d}"
        else:
            tc, issuers = codes[0], codes[1:]
            issuer = issuers[0]
            t = _TERM_CODE_RE.fullmatch(issuer)
            if t:  # pre-2016 "NQ-UBTVQH11": the issuer carries the term
                issuer, out["term"] = t.group(1), int(t.group(2))
            out.update(family="vbhn" if tc == "VBHN" else "qppl", type_code=tc, issuer_code=issuer,
                       extra=tuple(issuers[1:]), doc_type=ADMIN_TYPES.get(tc) or cited)
            tail = "-".join(codes)
        out["ref"] = f"{num}/{parts.year}/{tail}"
        out["symbol"] = tail
    elif parts.shape == "party":
        tc, issuers = codes[0], codes[1:]
        tail = f"{tc}/{'-'.join(issuers)}"
        out.update(type_code=tc, issuer_code=issuers[0], extra=tuple(issuers[1:]),
                   ref=f"{num}-{tail}", symbol=tail)
        if tc in PARTY_TYPES and issuers[0] not in STATE_LEGACY_ISSUERS:
            doc_type = PARTY_TYPES[tc]
            if tc == "QĐ" and cited == "Quy định":  # Party QĐ used for Quy định; the cited word decides
                doc_type = "Quy định"
            out.update(family="party", doc_type=doc_type)
        else:
            out.update(family="legacy", doc_type=cited or ADMIN_TYPES.get(tc))
            flags.append("legacy_hyphen")
    else:
        g1, rest = codes[0], codes[1:]
        tail = "-".join(codes)
        out.update(ref=f"{num}/{tail}", symbol=tail)
        if g1 in COPY_CODES:
            out.update(family="copy", doc_type=ADMIN_TYPES[g1], type_code=g1, issuer_code=rest[0],
                       extra=tuple(rest[1:]))
        elif g1 == "VBHN":
            out.update(family="vbhn", doc_type=ADMIN_TYPES[g1], type_code=g1, issuer_code=rest[0],
                       extra=tuple(rest[1:]))
        elif g1 == "CV":
            out.update(family="cong_van", doc_type="Công văn", type_code="CV", issuer_code=rest[0],
                       extra=tuple(rest[1:]))
            flags.append("nonstandard_cv")
        elif g1 in ADMIN_TYPES and not (
            cited == "Công văn"
            or (g1 in AMBIGUOUS_TYPE_CODES and cited != ADMIN_TYPES[g1] and not is_top_level_issuer(rest[0]))
        ):
            out.update(family="admin", doc_type=ADMIN_TYPES[g1], type_code=g1, issuer_code=rest[0],
                       extra=tuple(rest[1:]))
            if g1 in TT01_CODES:
                flags.append("tt01_abbr")
            if g1 in QPPL_ONLY_CODES:
                flags.append("qppl_type_without_year")
        elif g1 in PARTY_TYPES and rest[0] in PARTY_ISSUERS and g1 not in ADMIN_TYPES:
            out.update(family="party", doc_type=PARTY_TYPES[g1], type_code=g1, issuer_code=rest[0],
                       extra=tuple(rest[1:]))
        else:
            out.update(family="cong_van", doc_type="Công văn", issuer_code=g1, extra=tuple(rest))
    if cited and out.get("doc_type") and cited != out["doc_type"] and not _benign(cited, out):
        flags.append("type_mismatch")
    out["flags"] = tuple(dict.fromkeys(flags))
    return out


_SAME_TYPE = {frozenset({"Luật", "Bộ luật"}), frozenset({"Thông tư", "Thông tư liên tịch"}),
              frozenset({"Nghị quyết", "Nghị quyết liên tịch"})}


def _benign(cited: str, out: dict) -> bool:
    """A cited word that differs from the symbol's type without naming another instrument type."""
    if cited == "Văn bản" or out["family"] == "legacy":
        return True
    if out["family"] == "cong_van" and cited == "Công văn":
        return True
    return frozenset({cited, out["doc_type"]}) in _SAME_TYPE


def at_line_start(text: str, pos: int) -> bool:
    """Only blanks or an opening parenthesis between the previous line break and `pos`."""
    j = pos
    while j > 0 and text[j - 1] in " \t(":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


class Before:
    """What precedes a symbol: where the mention starts and the cited type word."""

    __slots__ = ("start", "cited", "header", "attached_to", "skip")

    def __init__(self, start, cited=None, header=False, attached_to=False, skip=False):
        self.start, self.cited, self.header = start, cited, header
        self.attached_to, self.skip = attached_to, skip


_OPENERS = "([“\"'‘-–•*+"


def _tokens_before(head: str, n: int) -> list[tuple[str, int]]:
    """The last `n` whitespace-separated tokens of `head`, right to left, with their offsets."""
    out = []
    end = len(head)
    for tok in reversed(head.rsplit(None, n)[-n:]):
        k = head.rfind(tok, 0, end)
        out.append((tok, k))
        end = k
    return out


def _by_last_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for canon, spellings in TYPE_WORDS.items():
        for sp in spellings:
            ws = tuple(sp.split())
            out.setdefault(ws[-1], []).append((ws, canon))
    for v in out.values():
        v.sort(key=lambda e: -len(e[0]))  # longest first: "thông tư liên tịch" before "liên tịch"
    return out


_BY_LAST = _by_last_word()
_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _entries in _BY_LAST.values():
    for _ws, _ in _entries:
        _BY_FIRST.setdefault(_ws[0], []).append(_ws)
for _v in _BY_FIRST.values():
    _v.sort(key=len, reverse=True)
_PUNCT = ",;:.()[]“”\"'‘’"


def starts_type_word(text: str, pos: int) -> bool:
    """True when a type word ("Nghị định", "kế hoạch", "QĐ") starts at `pos`: the word opens a new
    mention, so a name or an issuer that is being read ends before it. Dictionary lookups."""
    words = text[pos:pos + 40].split(None, 4)
    if not words:
        return False
    first = words[0].rstrip(_PUNCT)
    if first in TYPE_ABBREVIATIONS:
        return True
    for ws in _BY_FIRST.get(first.lower(), ()):
        if len(words) >= len(ws) and all(words[k].rstrip(_PUNCT).lower() == ws[k] for k in range(len(ws))):
            return True
    return False


def _first_word_at(tok: str, target: str) -> int | None:
    """Offset in `tok` where the type word's first word `target` starts: after an opening
    bracket or quote, or after a previous word glued to a capitalised type word ("vàHướng")."""
    low = tok.lower()
    if not low.endswith(target):
        return None
    k = len(tok) - len(target)
    if k == 0:
        return 0
    head = tok[:k]
    if head.strip(_OPENERS) == "":
        return k
    if head.isalpha() and tok[k].isupper():
        return k
    return None


def _type_word(head: str, with_so: bool) -> tuple[str, int] | None:
    """(canonical type, offset) of the type word that closes `head`: right before "số" after at
    most 5 qualifier words, or touching the number when there is no "số". Looked up by its last
    word in a dictionary (a regex alternation of every spelling costs ~50 µs per mention)."""
    toks = _tokens_before(head, 10)
    if not toks:
        return None
    tail = head[toks[0][1] + len(toks[0][0]):]
    if tail.count("\n") > 1:  # a PDF line break between the type word and "số" or the number
        return None
    max_q = min(5 if with_so else 0, len(toks) - 1)
    for q in range(max_q + 1):
        tok, at = toks[q]
        if q and "\n" in head[at:toks[q - 1][1]]:
            return None
        if tok in TYPE_ABBREVIATIONS:
            return TYPE_ABBREVIATIONS[tok], at
        low = tok.lower()
        cands = _BY_LAST.get(low) or _BY_LAST.get(low.lstrip(_OPENERS))
        if cands is None and not tok[1:].islower():  # "vàLuật": a one-word type glued to a word
            for k in range(1, len(tok)):
                if tok[k].isupper():
                    cands = _BY_LAST.get(low[k:])
                    break
        for words, canon in cands or ():
            n = len(words)
            if q + n > len(toks):
                continue
            if any(toks[q + i][0].lower() != words[n - 1 - i] for i in range(1, n - 1)):
                continue
            first, first_at = toks[q + n - 1]
            off = _first_word_at(first, words[0])
            if off is not None:
                return canon, first_at + off
        if not tok.isalpha():
            return None  # a qualifier is a plain word
    return None


def words_before(text: str, start: int, window: int = 90) -> Before:
    """The type word, "số" and header / attachment / form-number context before `start`."""
    lo = max(0, start - window)
    pre = text[lo:start]
    so = SO_TAIL_RE.search(pre, None, None, KEEP_GIL)
    head = pre[:so.start()] if so else pre
    tw = _type_word(head, so is not None)
    cited, cite_at = tw if tw else (None, None)
    if cited is None and so and FORM_NUMBER_RE.search(head):
        return Before(start, skip=True)
    first = cite_at if cite_at is not None else (so.start() if so else len(pre))
    header = cited is None and so is not None and pre[so.start()] == "S" and at_line_start(text, lo + so.start())
    attached = ATTACHED_TO_RE.search(pre, 0, first) is not None
    return Before(lo + first, cited, header, attached)


# Lower-case words that belong to the name of an issuing body ("Sở tài chính", "UBND tỉnh").
AGENCY_WORDS = frozenset(
    "tỉnh thành phố thị xã huyện phường trấn quận nhân dân chính phủ đạo vụ trưởng tướng tịch thư ủy "
    "uỷ trị nội tài pháp thường trực ban cải cách hành tư khoa học công nghệ thông tin truyền lao động "
    "xây dựng giáo dục đào tạo y tế kế hoạch đầu văn hóa hoá thể thao du lịch giao vận tải nông nghiệp "
    "phát triển nguyên môi trường quốc hội đồng thẩm phán kiểm sát tối cao nhà nước an ninh quân sự "
    "chấp tổ chức tuyên giáo kinh bộ đảng".split()
)
_BARE_HEADS = frozenset({"UBND", "HĐND", "Ủy", "Uỷ", "Bộ", "Sở", "Chính", "Thủ", "Ban", "Tỉnh", "Huyện",
                         "Hội", "Văn", "Thành", "Chủ"})
_STOP_HEADS = frozenset({"Ngày", "Về", "Số", "Theo", "Tại", "Trong"})


def issuer_after(text: str, pos: int, bare: bool = False) -> tuple[str, int, int] | None:
    """(issuer_text, start, end) of "của <body>" at `pos`; with bare=True also "<body>" alone."""
    lead = ISSUER_LEAD_RE.match(text, pos, None, KEEP_GIL)
    if not lead.group(_CUA) and not bare:
        return None
    i = lead.end()
    start = end = None
    n = 0
    while n < 12:
        m = ISSUER_TOKEN_RE.match(text, i, None, KEEP_GIL)
        if not m:
            break
        tok = m.group(1)
        if tok == "của":  # "Ban Chỉ đạo ... của Chính phủ": keep going only into a proper name
            nxt = ISSUER_TOKEN_RE.match(text, m.end(), None, KEEP_GIL)
            if start is None or not nxt or not nxt.group(1)[:1].isupper():
                break
        elif tok in _STOP_HEADS or starts_type_word(text, m.start(1)):
            break
        elif not (tok[:1].isupper() or tok.lower() in AGENCY_WORDS or tok == "&"):
            break
        if start is None:
            if not lead.group(_CUA) and tok not in _BARE_HEADS:
                return None
            start = m.start(1)
        end = m.end(1)
        i = m.end()
        n += 1
    if start is None:
        return None
    return text[start:end].rstrip(".,"), start, start + len(text[start:end].rstrip(".,"))
