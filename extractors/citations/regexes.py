"""Every pattern the citation extractor uses (spec ../shared/spec/doc-numbers.md §3, §5, §6).

All patterns are compiled with the `regex` module and are linear: codes use possessive
quantifiers, whitespace runs are bounded, and no quantifier is nested over the same characters.
They run on text whose look-alike characters were folded one-for-one (`find.fold_lookalikes`),
so offsets into that text are offsets into the caller's text.
"""
from __future__ import annotations

import regex

from extractors.regex_at import at_position


# --------------------------------------------------------------------------- look-alikes (§6.1)
# One-for-one replacements, so spans stay valid: Ð/Ɖ/ð, dash and slash look-alikes, NBSP.
LOOKALIKES = {
    0x00D0: "Đ", 0x0189: "Đ", 0x00F0: "đ",
    **{cp: "-" for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63, 0xFF0D)},
    **{cp: "/" for cp in (0x2044, 0x2215, 0xFF0F)},
    0x00A0: " ",
}
ETH_CHARS = frozenset("\u00d0\u0189\u00f0")
DASH_CHARS = frozenset(chr(c) for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63, 0xFF0D))

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# --------------------------------------------------------------------------- symbols (§3)
_UP = "A-ZĐ"
# CODE: upper-case start, at most one lower-case letter, never followed by a letter.
# Keeps TTg CTr TTr QyĐ TrS QĐi; stops at "Luật", "UBNDtỉnh".
CODE = rf"[{_UP}][{_UP}0-9&]*+(?:[a-zđ][{_UP}0-9&]*+)?(?![^\W\d_])"
_SP = r"[ \t]{0,3}"
_SPNL = r"[ \t]{0,3}(?:\r?\n[ \t]{0,3})?"   # a PDF line break may follow a separator: "NĐ-\nCP"
SLASH = _SP + "/" + _SPNL
HYPHEN = _SP + "-" + _SPNL
# Left boundary: right after "số" ("số31-QĐ/TW"), else not inside a word, number, date or path.
_LB = r"(?:(?<=[Ss]ố)|(?<![\w/.,\-]))"
_NUM = r"(?P<num>\d{1,5}[a-zđ]{0,2})"

SYMBOL_RE = regex.compile(
    _LB + _NUM + "(?:"
    # QPPL: N/YYYY/QHkk | N/YYYY/TYPE-ISSUER[-...]
    + SLASH + r"(?P<year>(?:19|20)\d\d)" + SLASH
    + r"(?:(?P<qh>(?:UBTVQH|QH)\d\d)(?![^\W\d_])(?!" + HYPHEN + CODE + ")"
    + r"|(?P<qcodes>" + CODE + "(?:" + HYPHEN + CODE + ")+))"
    # Party (and legacy state) hyphen form: N-TYPE/ISSUER[-ISSUER...]
    + "|" + HYPHEN + r"(?P<ptype>" + CODE + ")" + SLASH + r"(?P<pcodes>" + CODE + "(?:-" + CODE + ")*)"
    # slash form: admin / công văn / copy / VBHN
    + "|" + SLASH + r"(?P<scodes>" + CODE + "(?:" + HYPHEN + CODE + ")+)"
    + ")"
)
# Template header with the number left blank: "Số:      /QĐ-UBND".
BLANK_NUMBER_RE = regex.compile(
    r"(?<![^\W\d_])Số[ \t]{0,3}:?[ \t]{0,12}(?P<num>)/[ \t]{0,3}(?P<scodes>" + CODE + "(?:" + HYPHEN + CODE + ")+)"
)
HYPHEN_SPLIT_RE = regex.compile(r"[ \t]*-[ \t]*(?:\r?\n[ \t]*)?")

# --------------------------------------------------------------------------- before a symbol (§6.3)
# "số", "Số:", "số số" right before the number (reverse search: the match that ends the window).
SO_TAIL_RE = regex.compile(r"(?r)(?:[Ss]ố[ \t]{0,3}:?[ \t]{0,12}(?:\n[ \t]{0,3})?){1,2}\Z")
FORM_NUMBER_RE = regex.compile(r"(?r)(?<![^\W\d_])(?:[Mm]ẫu|[Bb]iểu|MẪU|BIỂU)[ \t]*\Z")
# An appendix header "(Kèm theo Báo cáo số ...)", "(Ban hành kèm theo Quyết định số ...)": the
# attachment's parent, usually the document itself ("ban hành kèm theo" in running text is not).
ATTACHED_TO_RE = regex.compile(r"(?r)\([ \t]*(?i:ban[ \t]+hành[ \t]+)?(?i:kèm[ \t]+theo)[ \t]*\Z")

# --------------------------------------------------------------------------- after a mention
# §5: a date that follows the symbol, optionally after a comma.
DATE_AFTER_RE = at_position(
    r"[ \t]{0,3},?[ \t]{0,3}(?:ban[ \t]+hành[ \t]+)?[Nn]gày[ \t]{0,3}(?P<d>\d{1,2})[ \t]{0,3}"
    r"(?:(?P<sep>[/.\-])[ \t]{0,3}(?P<m>\d{1,2})[ \t]{0,3}(?P=sep)[ \t]{0,3}(?P<y>\d{4})"
    r"|tháng[ \t]{0,3}(?P<m2>\d{1,2})[ \t]{0,3},?[ \t]{0,3}năm[ \t]{0,3}(?P<y2>\d{4}))(?!\d)"
)
# Words of an issuing body named after "của" (case-sensitive heads, lower-case name parts).
ISSUER_LEAD_RE = regex.compile(r"[ \t]{0,3},?[ \t]{0,3}(?:(?P<cua>của)[ \t]+)?")
ISSUER_TOKEN_RE = regex.compile(r" {0,3}([^\W_][\w&.]*(?:-[\w&]+)*)")

# --------------------------------------------------------------------------- short and named forms
# "Nghị định 130 của Chính phủ", "NĐ 130", "ND43" (§6.3 abbreviations used as words). Found by
# literal keyword search (find.keyword_hits), then these anchored patterns at the keyword's end.
SHORT_FORM_WORDS = ("Nghị định", "nghị định", "Nghị quyết", "nghị quyết", "Quyết định", "quyết định",
                    "Thông tư", "thông tư", "Chỉ thị", "chỉ thị", "Kết luận", "kết luận")
SHORT_FORM_ABBREVIATIONS = ("NĐ", "ND", "NQ", "QĐ", "QD")
# After the number: the end of the clause or a word that cannot continue a number ("6 tháng"
# is a period, "1.2" a numbering, "1.[21]" a list item).
_SHORT_END = (r"(?=[ \t]*(?:[\t\n\r,;:)\]]|\.(?:[ \t\n]|\Z)|\Z|(?:của|về|và|ngày|quy[ \t]định|hướng[ \t]dẫn"
              r"|sửa[ \t]đổi|thì|đã|được|do)(?![^\W\d_])))")
SHORT_AFTER_WORD_RE = regex.compile(r"[ \t]{1,2}(?:số[ \t]{1,2})?(?P<num>\d{1,4}[a-z]?)" + _SHORT_END)
SHORT_AFTER_ABBR_RE = regex.compile(r"[ \t]?(?P<num>\d{1,4}[a-z]?)" + _SHORT_END)
# str.find passes are shared: every keyword is found through one of these substrings.
KEYWORD_ANCHORS = {
    "Nghị định": "định", "nghị định": "định", "Quyết định": "định", "quyết định": "định",
    "Nghị quyết": "quyết", "nghị quyết": "quyết", "Thông tư": "ông tư", "thông tư": "ông tư",
    "Chỉ thị": "hỉ thị", "chỉ thị": "hỉ thị", "Kết luận": "ết luận", "kết luận": "ết luận",
    "Luật": "uật", "luật": "uật", "Bộ luật": "uật",
}
NAMED_KEYWORDS = ("Nghị quyết", "Hiến pháp", "Bộ luật", "Luật", "luật", "Pháp lệnh", "Kế hoạch", "Quy chế",
                  "Đề án", "Chương trình")
PARTY_PLENUM_RE = at_position(
    r"[ \t]+(?:Hội[ \t]+nghị[ \t]+)?(?:lần[ \t]+thứ[ \t]+\w+[ \t]+)?(?:Ban[ \t]+Chấp[ \t]+hành[ \t]+)?"
    r"Trung[ \t]+ương[ \t]+(?P<plenum>\d{1,2}|lần[ \t]+thứ[ \t]+\w+)"
    r"(?:[ \t]*\(?[ \t]*(?i:khóa|khoá)[ \t]+(?P<term>[IVXLC]{1,6})[ \t]*\)?)?"
)
PARTY_CONGRESS_RE = at_position(
    r"[ \t]+Đại[ \t]+hội(?:[ \t]+[^\W\d_]+){0,6}?[ \t]+lần[ \t]+thứ[ \t]+(?P<ord>[IVXLC]{1,6}|\d{1,2})(?![^\W\d_])"
)
CONSTITUTION_YEAR_RE = regex.compile(r"[ \t]+(?:năm[ \t]+)?(?P<y>(?:19|20)\d\d)(?!\d)")
NAME_TOKEN_RE = regex.compile(r" {0,3}(?P<tok>[^\s,;:.()\[\]“”\"'‘’⁰¹²³⁴⁵⁶⁷⁸⁹]+|,)")
# A run of such words separated by spaces (not tabs, not line breaks): one match per name.
_NAME_WORD = r"[^\s,;:.()\[\]“”\"'‘’⁰¹²³⁴⁵⁶⁷⁸⁹]+"
NAME_RUN_RE = regex.compile(r" {0,3}(?P<run>" + _NAME_WORD + "(?: {1,3}" + _NAME_WORD + "){0,23})")
YEAR_TOKEN_RE = regex.compile(r"(?:19|20)\d\d")
QUOTED_TITLE_RE = regex.compile(r"[ \t]{0,3}[“\"]")
LAW_JOINT_SUFFIX_RE = at_position(
    r"[ \t]+của[ \t]+(?:HĐND|Hội[ \t]+đồng[ \t]+nhân[ \t]+dân)[ \t]+và[ \t]+(?:UBND|Ủy[ \t]+ban[ \t]+nhân[ \t]+dân|Uỷ[ \t]+ban[ \t]+nhân[ \t]+dân)"
)
# Words before a named instrument that say it is being made, or is the subject of another one.
MADE_BEFORE_RE = regex.compile(
    r"(?r)(?i:ban[ \t]+hành|phê[ \t]+duyệt|xây[ \t]+dựng|về[ \t]+việc|về|các|những|dự[ \t]+thảo)[ \t]+\Z"
)

# --------------------------------------------------------------------------- relations
# Text between mention A (after its date and issuer) and mention B: A REL B.
ACTIVE_GAP_RES: list[tuple[str, regex.Pattern]] = [
    ("implements", regex.compile(
        r"(?i)[ \t,]*(?:(?:của|về|việc|để|nhằm|triển[ \t]+khai|tổ[ \t]+chức|tiếp[ \t]+tục)[ \t]+){0,4}thực[ \t]+hiện[ \t]*")),
    ("amends", regex.compile(
        r"(?i)[ \t,]*(?:về[ \t]+(?:việc[ \t]+)?)?(?:sửa[ \t]+đổi(?:[ \t]*,?[ \t]*bổ[ \t]+sung)?|bổ[ \t]+sung)"
        r"(?:[ \t]+(?:một[ \t]+số|các)[ \t]+(?:điều|khoản)(?:[ \t]+của)?)?[ \t]*")),
    ("replaces", regex.compile(r"(?i)[ \t,]*(?:về[ \t]+(?:việc[ \t]+)?)?thay[ \t]+thế[ \t]*")),
    ("repeals", regex.compile(r"(?i)[ \t,]*(?:về[ \t]+(?:việc[ \t]+)?)?(?:bãi[ \t]+bỏ|hủy[ \t]+bỏ|huỷ[ \t]+bỏ)[ \t]*")),
    ("guides", regex.compile(
        r"(?i)[ \t,]*(?:về[ \t]+(?:việc[ \t]+)?)?(?:quy[ \t]+định[ \t]+chi[ \t]+tiết|hướng[ \t]+dẫn)"
        r"(?:[ \t]+(?:thi[ \t]+hành|thực[ \t]+hiện|một[ \t]+số[ \t]+điều|các[ \t]+điều|điều|và|biện[ \t]+pháp|của|chi[ \t]+tiết|việc)){0,8}[ \t]*")),
]
# TVPL bracket notes: "[Điều này được hướng dẫn bởi Điều 25 Nghị định 21/2021/NĐ-CP ...]".
# "... bởi Điểm c và d Khoản 3 Điều 2 ", "... bởi Mục 2 Chương II và Điều 23 ", "từ Khoản 1 đến Khoản 5 Điều 3 "
# "... bởi Tiết b2 Điểm b Khoản 21 Điều 1 ", "... bởi Điểm b Khoản 1; Khoản 2 Điều 27 ", "Chương II Phần thứ ba "
# Each element is a whole word (never followed by a letter or digit) and elements are separated by
# blanks or punctuation, so a run splits one way only: no backtracking over "123" as "1"+"23".
_PROVISION = (r"(?:(?i:điểm|khoản|điều|mục|tiểu[ \t]+mục|tiết|chương|phần|phụ[ \t]+lục|và|đến|từ|các)"
              r"|(?i:thứ)[ \t]+[^\W\d_]{1,5}|\d{1,3}[a-zđ]?|[IVXLC]{1,6}|[a-zđ]\d{0,2})(?![^\W_])")
_PROVISIONS = r"(?:" + _PROVISION + r"(?:[ \t]*[,;.][ \t]*|[ \t]+)){0,30}"
PASSIVE_BEFORE_RE = regex.compile(
    r"(?r)(?:(?i:được|bị)[ \t]+(?P<verb>(?i:hướng[ \t]+dẫn|sửa[ \t]+đổi[ \t]*,?[ \t]*bổ[ \t]+sung|sửa[ \t]+đổi|bổ[ \t]+sung"
    r"|thay[ \t]+thế|bãi[ \t]+bỏ|hủy[ \t]+bỏ|huỷ[ \t]+bỏ))[ \t]+(?i:bởi|tại|theo)"
    # "Nội dung hướng dẫn Điều này tại Thông tư 02/2016/TT-BXD": that circular guides this article
    r"|(?P<guide>(?i:hướng[ \t]+dẫn))[ \t]+(?i:điều|khoản|điểm|chương|mục|phần)[ \t]+(?i:này)[ \t]+(?i:tại))"
    r"[ \t]+" + _PROVISIONS
    # "... bởi Chương II Quy trình ban hành kèm theo Quyết định 08/2016/QĐ-KTNN"
    + r"(?:(?i:của)[ \t]+)?(?:(?:[^\W\d_]+[ \t]*,?[ \t]+){0,10}(?i:ban[ \t]+hành[ \t]+)?(?i:kèm[ \t]+theo)[ \t]+)?\Z"
)
BASED_ON_BEFORE_RE = regex.compile(r"(?r)(?:\A|\n)[ \t\-–•*+]{0,4}(?i:căn[ \t]+cứ)[ \t]+\Z")

# --------------------------------------------------------------------------- document-level helpers
FOOTNOTE_LINE_RE = regex.compile(r"(?m)^[ \t]*(?P<marker>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[ \t]*(?P<body>\S[^\n]*)$")
PLACE_DATE_RE = regex.compile(
    r",[ \t]*ngày[ \t]*(?P<d>\d{1,2})[ \t]*tháng[ \t]*(?P<m>\d{1,2})[ \t]*năm[ \t]*(?P<y>\d{4})"
)
SUBJECT_RE = regex.compile(r"[ \t,]*(?:(?i:về)[ \t]+(?:(?i:việc)[ \t]+)?)?(?P<subj>[^\n;.]{0,80})")
