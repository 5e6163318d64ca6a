"""Instruments cited by name, without a number.

Forms handled:
    "Luật Ban hành văn bản QPPL năm 2015", "luật Ban hành ...", "Luật ... của HĐND và UBND",
    "Bộ luật Dân sự", "Pháp lệnh ...", "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    "Hiến pháp", "Hiến pháp năm 2013"
    "Nghị quyết Trung ương 6 (khóa XII)", "Nghị quyết Hội nghị Trung ương lần thứ sáu khoá XII"
    "Nghị quyết Đại hội Đảng bộ Thị xã lần thứ X"
    "Kế hoạch Cải cách hành chính của tỉnh Thanh Hoá", "Kế hoạch CCHC nhà nước năm 2020"
    "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011-2020"
    "Quy chế văn hóa công sở"
    "Đề án của Thủ tướng Chính phủ: “...”", "Đề án “...”"
Not taken: "Luật này", "pháp luật", a plan or scheme that is being made or approved ("ban hành
Kế hoạch ...", "phê duyệt Đề án ..."), plurals ("các Nghị quyết"), names whose clause carries a
footnote anchor (the footnote cites the instrument), and a name that titles a symbol just
before it ("50/2014/QH13 - Luật Xây dựng").
"""
from __future__ import annotations

import bisect

from extractors.citations.dates import date_after
from extractors.citations.models import Citation
from extractors.citations.parse import issuer_after, starts_type_word
from extractors.citations.regexes import (
    CONSTITUTION_YEAR_RE, LAW_JOINT_SUFFIX_RE, MADE_BEFORE_RE, NAME_RUN_RE, NAME_TOKEN_RE,
    NAMED_KEYWORDS, PARTY_CONGRESS_RE, PARTY_PLENUM_RE, QUOTED_TITLE_RE, SUPERSCRIPT_DIGITS,
    YEAR_TOKEN_RE,
)

# Lower-case words that end a name.
STOP_WORDS = frozenset(
    "về đã được thì để theo tại trong có là nhằm số ngày với do đến cho các những này khi mà như "
    "nhưng hoặc từ sau trước phải không gửi đối thuộc trên dưới bởi cũng sẽ vẫn đang chưa nên vì "
    "hiện nêu tiếp thực triển đảm ban nay kể gồm".split()
)
# An amending law's name runs through "số", "của", "các", "về": "Luật sửa đổi, bổ sung một số điều
# của Luật Đấu thầu", "Luật sửa đổi các Luật về thuế 2014".
AMENDING_STOP_WORDS = STOP_WORDS - {"số", "của", "các", "về", "và"}
# Plan names may hold verbs: "Kế hoạch kiểm soát TTHC và thực hiện cơ chế một cửa ... năm 2020".
PLAN_STOP_WORDS = STOP_WORDS - {"thực", "hiện", "triển", "tiếp", "đảm"}
# First words after "Luật" that are not a law's name ("Luật này", "Luật sư", "luật pháp").
LAW_NOT_A_NAME = frozenset(
    "này sư khác có số định pháp hiện và của được thì là để theo tại trong nêu trên đã sẽ cũng mới gia "
    "lệ chung riêng liên quan cơ bản mẫu hóa hoá hình dân ngày năm chuyên".split()
)
LAW_NAME_STARTS = ("ban hành văn bản", "tổ chức", "cán bộ", "viên chức", "đất đai", "ngân sách",
                   "xử lý vi phạm", "thi đua", "khiếu nại", "tố cáo", "tiếp công dân", "doanh nghiệp",
                   "đầu tư", "xây dựng", "hộ tịch", "phòng, chống", "quy hoạch")
_ACRONYM_OK = frozenset("CCHC TTHC CNTT QPPL VBQPPL KT-XH".split())
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total += -v if v < prev else v
        prev = max(prev, v)
    return total or None


def _overlaps(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    i = bisect.bisect_left(taken, (e, -1))
    return i > 0 and taken[i - 1][1] > s


def _title_of_symbol(text: str, taken: list[tuple[int, int]], s: int) -> bool:
    """'50/2014/QH13 - Luật Xây dựng': a name that titles the symbol right before it."""
    j = s
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == 0 or text[j - 1] not in "-:":
        return False
    j -= 1
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    i = bisect.bisect_left(taken, (j, -1))
    return any(e == j for _, e in taken[max(0, i - 2):i + 1])


def _clause_has_anchor(text: str, s: int) -> bool:
    end = len(text)
    for ch in ".;\n":
        k = text.find(ch, s, s + 400)
        if k != -1:
            end = min(end, k)
    seg = text[s:min(end, s + 400)]
    return any(c in seg for c in SUPERSCRIPT_DIGITS)


# Stop words that can open a name: "Luật ban hành văn bản ...", "Luật tiếp công dân", "Luật thực hiện
# dân chủ ở cơ sở" ("Luật hiện hành" is refused by LAW_NOT_A_NAME).
_MAY_START_A_NAME = frozenset({"ban", "tiếp", "thực", "triển", "đảm"})
# Stop words that continue a name when this word follows: "Luật Đầu tư theo phương thức đối tác công tư".
_THROUGH = {"theo": ("phương",)}
# Stop words that end a name only before this word ("đối với", not "đối tác").
_ONLY_BEFORE = {"đối": ("với",)}


def _continues_name(text: str, tok: str, pos: int) -> bool:
    nxt = NAME_TOKEN_RE.match(text, pos)
    nxt_tok = nxt.group("tok") if nxt else None
    if tok in _ONLY_BEFORE:
        return nxt_tok not in _ONLY_BEFORE[tok]
    return nxt_tok in _THROUGH.get(tok, ())


def scan_name(text: str, pos: int, max_tokens: int = 18, stop_words: frozenset = STOP_WORDS,
              laws_inside: bool = False):
    """Tokens of a name starting at `pos`: [(token, start, end)], stopping at punctuation, a tab,
    a stop word, or a capitalised type word (a new mention). Commas are kept as ',' tokens when
    a lower-case word that is neither a stop word nor a type word follows. One regex match takes
    a whole run of words; the words are then checked with set lookups."""
    toks: list[tuple[str, int, int]] = []
    i = pos
    while len(toks) < max_tokens:
        m = NAME_RUN_RE.match(text, i)
        if not m:
            break
        off = m.start("run")
        for tok in m.group("run").split(" "):
            if not tok:
                off += 1
                continue
            start, off = off, off + len(tok) + 1
            if toks and tok in stop_words and not _continues_name(text, tok, start + len(tok)):
                return _trim(toks)
            if toks and tok[:1].isupper() and starts_type_word(text, start) \
                    and not (laws_inside and tok in ("Luật", "Bộ", "Pháp")):
                return _trim(toks)
            if not toks and tok in stop_words and tok not in _MAY_START_A_NAME:
                return _trim(toks)
            toks.append((tok, start, start + len(tok)))
            if len(toks) >= max_tokens:
                return _trim(toks)
        j = m.end()
        if not toks or not text.startswith(",", j):
            break
        nxt = NAME_RUN_RE.match(text, j + 1)
        first = nxt.group("run").split(" ", 1)[0] if nxt else ""
        if not first[:1].islower() or first in stop_words or starts_type_word(text, nxt.start("run")):
            break
        toks.append((",", j, j + 1))
        i = j + 1
    return _trim(toks)


def _trim(toks):
    while toks and toks[-1][0] in (",", "-"):
        toks.pop()
    return toks


def _cut_at(toks, words=("và", "của", ",")):
    for k, (t, _, _) in enumerate(toks):
        if t in words:
            return toks[:k]
    return toks


def _year_end(toks) -> int | None:
    """Index just after the first 'năm YYYY' or 'giai đoạn YYYY-YYYY' in the tokens."""
    for k, (t, _, _) in enumerate(toks):
        if t == "năm" and k + 1 < len(toks) and YEAR_TOKEN_RE.fullmatch(toks[k + 1][0]):
            return k + 2
        if t == "đoạn" and k + 1 < len(toks) and YEAR_TOKEN_RE.match(toks[k + 1][0]):
            if k + 3 < len(toks) and toks[k + 2][0] == "-" and YEAR_TOKEN_RE.fullmatch(toks[k + 3][0]):
                return k + 4
            return k + 2
    return None


def _finish(text: str, kw_start: int, name_end: int, doc_type: str, **fields) -> Citation:
    end = name_end
    d = date_after(text, end)
    date = None
    if d:
        date, end = d
    iss = issuer_after(text, end)
    c = Citation(start=kw_start, end=end, text=text[kw_start:end], via="named", family="named",
                 doc_type=doc_type, cited=doc_type, date=date, **fields)
    c.symbol_start, c.symbol_end = kw_start, name_end
    c.tail_end = iss[2] if iss else end
    if iss:
        c.issuer_text = iss[0]
    if c.year is None and date:
        c.year = date.year
    return c


def _law(text: str, s0: int, e0: int, kw: str, doc_type: str) -> Citation | None:
    before = text[max(0, s0 - 6):s0].lower()
    if before.endswith(("pháp ", "dự thảo ")):
        return None
    toks = scan_name(text, e0)
    if not toks or toks[0][0].lower() in LAW_NOT_A_NAME or toks[0][0][:1].isdigit():
        return None
    if toks[0][0] == "sửa":
        toks = scan_name(text, e0, max_tokens=24, stop_words=AMENDING_STOP_WORDS, laws_inside=True)
    else:
        toks = _cut_law_name(text, toks)
    if not toks:
        return None
    name = text[toks[0][1]:toks[-1][2]]
    if kw == "luật" and not (toks[0][0][:1].isupper() or name.lower().startswith(LAW_NAME_STARTS)):
        return None
    end = toks[-1][2]
    joint = LAW_JOINT_SUFFIX_RE.match(text, end)
    if joint:
        end = joint.end()
    year = None
    ye = _year_end(toks)
    if ye is not None:
        year = int(toks[ye - 1][0][:4])
    elif len(toks) > 1 and YEAR_TOKEN_RE.fullmatch(toks[-1][0]):  # TVPL: "Luật Đất đai 2013"
        year = int(toks[-1][0])
    return _finish(text, s0, end, doc_type, name=text[toks[0][1]:end], year=year)


def _cut_law_name(text: str, toks):
    """A law's name ends at "của" and at "và" unless a capitalised word that is not a type word
    follows ("Luật Bảo vệ và Phát triển rừng", but "Luật Đất đai và Nghị định ...")."""
    for k, (t, _, _) in enumerate(toks):
        if t == "của":
            return toks[:k]
        if t == "và":
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if not nxt or not nxt[0][:1].isupper() or starts_type_word(text, nxt[1]):
                return toks[:k]
    return toks


def _plan(text: str, s0: int, e0: int, kw: str, doc_type: str) -> Citation | None:
    """Kế hoạch / Chương trình with a proper or dated name."""
    if MADE_BEFORE_RE.search(text, max(0, s0 - 20), s0) or _clause_has_anchor(text, s0):
        return None
    toks = scan_name(text, e0, max_tokens=22, stop_words=PLAN_STOP_WORDS)
    if not toks:
        return None
    ye = _year_end(toks)
    if ye is not None and len(_cut_at(toks, ("của",))) >= ye:  # "... năm 2020": the year closes the name
        toks = toks[:ye]
    else:
        ye = None
        toks = _cut_at(toks)
    if not toks:
        return None
    first = toks[0][0]
    proper = first[:1].isupper() or first in _ACRONYM_OK or (first.isupper() and len(first) > 1)
    if doc_type == "Chương trình":
        name = " ".join(t for t, _, _ in toks).lower()
        if not ("tổng thể" in name or ye is not None):
            return None
    elif not (proper or ye is not None):
        return None
    # "năm 2020" in a plan's name is the period it plans for, not its year of issue: year stays null
    return _finish(text, s0, toks[-1][2], doc_type, name=text[toks[0][1]:toks[-1][2]])


def _rules(text: str, s0: int, e0: int, kw: str, doc_type: str) -> Citation | None:
    """Quy chế with a descriptive name ("Quy chế văn hóa công sở")."""
    if MADE_BEFORE_RE.search(text, max(0, s0 - 20), s0) or _clause_has_anchor(text, s0):
        return None
    toks = _cut_at(scan_name(text, e0), ("và", "của"))
    if len(toks) < 2 or toks[0][0][:1].isdigit():
        return None
    return _finish(text, s0, toks[-1][2], doc_type, name=text[toks[0][1]:toks[-1][2]])


def _scheme(text: str, s0: int, e0: int, kw: str, doc_type: str) -> Citation | None:
    """Đề án of a named body or with a quoted title."""
    if MADE_BEFORE_RE.search(text, max(0, s0 - 20), s0) or _clause_has_anchor(text, s0):
        return None
    if issuer_after(text, e0) is None and not QUOTED_TITLE_RE.match(text, e0):
        return None
    return _finish(text, s0, e0, doc_type)


def _resolution(text: str, s0: int, e0: int, kw: str, doc_type: str) -> Citation | None:
    """Party resolutions named by plenum or congress."""
    if MADE_BEFORE_RE.search(text, max(0, s0 - 12), s0):
        pre = text[max(0, s0 - 12):s0].lower()
        if pre.rstrip().endswith(("các", "những")):
            return None
    p = PARTY_PLENUM_RE.match(text, e0)
    if p:
        term = roman_to_int(p.group("term")) if p.group("term") else None
        return _finish(text, s0, p.end(), doc_type, name=text[e0:p.end()].strip(), term=term)
    g = PARTY_CONGRESS_RE.match(text, e0)
    if g:
        return _finish(text, s0, g.end(), doc_type, name=text[e0:g.end()].strip())
    return None


def _constitution(text: str, s0: int, e0: int, kw: str, doc_type: str) -> Citation | None:
    y = CONSTITUTION_YEAR_RE.match(text, e0)
    end = y.end() if y else e0
    return _finish(text, s0, end, doc_type, name="Hiến pháp", year=int(y.group("y")) if y else None)


_HANDLERS = {
    "Luật": (_law, "Luật"), "luật": (_law, "Luật"), "Bộ luật": (_law, "Bộ luật"),
    "Pháp lệnh": (_law, "Pháp lệnh"), "Kế hoạch": (_plan, "Kế hoạch"),
    "Chương trình": (_plan, "Chương trình"), "Quy chế": (_rules, "Quy chế"), "Đề án": (_scheme, "Đề án"),
    "Nghị quyết": (_resolution, "Nghị quyết"), "Hiến pháp": (_constitution, "Hiến pháp"),
}


def find_named(text: str, taken: list[tuple[int, int]], hits=None) -> list[Citation]:
    """Named mentions in `text` (look-alikes folded) that do not overlap the sorted spans `taken`;
    `hits` are the (position, keyword) pairs of find.keyword_hits when the caller has them."""
    if hits is None:
        from extractors.citations.find import keyword_hits
        hits = keyword_hits(text, NAMED_KEYWORDS)
    out = []
    for s0, kw in hits:
        if kw not in _HANDLERS:
            continue
        e0 = s0 + len(kw)
        if kw == "luật" and text[max(0, s0 - 3):s0] == "Bộ ":
            continue  # the "Bộ luật" hit handles it
        if _overlaps(taken, s0, e0) or _title_of_symbol(text, taken, s0):
            continue
        handler, doc_type = _HANDLERS[kw]
        c = handler(text, s0, e0, kw, doc_type)
        if c is not None and not _overlaps(taken, c.start, c.end):
            out.append(c)
    return out
