"""Every pattern the segmenter uses, in one place (eyecite's `regexes.py` layout).

All patterns are anchored or bounded: they run on one line's head (`Line.text`, at most
`HEAD_CHARS` characters) or on a bounded window, so no input makes them slow.
"""
from __future__ import annotations

import regex

V1 = regex.VERSION1

# ---------------------------------------------------------------------------- section headings
# "I. CÔNG TÁC ...", "IV) ...": Roman numerals I..XXXIX, then "." or ")".
ROMAN_HEADING = regex.compile(
    r"(?P<num>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))(?P<term>[.)])[ \t]*(?P<rest>.*)", V1)
# "1. ", "2.1.", "2.1.3.100% ...", "1.1.Quyết định", "6.Phương hướng", "1) ...", "5.2 Lập ...":
# the digit groups; sections.parse_arabic decides how many of them are the numbering
ARABIC_GROUPS = regex.compile(r"\d{1,4}(?:\.\d{1,4}){0,5}", V1)
PERCENT_AHEAD = regex.compile(r"\d+(?:[.,]\d+)?[ \t]*%", V1)
# "a) ...", "đ) ...", "b/ ..." (not "b/c")
LETTER_HEADING = regex.compile(r"(?P<num>[a-zđ])(?:\)|/(?=[ \t]))[ \t]*(?P<rest>\S.*)", V1)
# legal structure: "Phần thứ nhất", "PHẦN II", "Chương I", "CHƯƠNG 2", "Mục 1", "Điều 5. Tên điều"
PART_HEADING = regex.compile(
    r"(?P<kw>Phần|PHẦN)[ \t]+(?P<num>(?:thứ|THỨ|Thứ)[ \t]+\p{L}+(?:[ \t]+(?:mươi|MƯƠI|một|MỘT|hai|HAI|ba|BA|tư|TƯ|năm|NĂM))?|[IVXLC]+|\d{1,2})"
    r"(?![\p{L}\d])[ \t]*[.:-]?[ \t]*(?P<rest>.*)", V1)
def _unit_heading(keywords: str):
    """'<keyword> <Roman or arabic number>[.:-] rest' — Chương and Mục share this form."""
    return regex.compile(
        rf"(?P<kw>{keywords})[ \t]+(?P<num>[IVXLC]+|\d{{1,3}})(?![\p{{L}}\d])[ \t]*[.:-]?[ \t]*(?P<rest>.*)", V1)


CHAPTER_HEADING = _unit_heading("Chương|CHƯƠNG")
MUC_HEADING = _unit_heading("Mục|MỤC")
ARTICLE_HEADING = regex.compile(
    r"(?P<kw>Điều|ĐIỀU)[ \t]+(?P<num>\d{1,4}[a-zđ]?)[ \t]*[.:][ \t]*(?P<rest>.*)", V1)
# a rest that shows the keyword line is running text, not a heading ("Chương II được sửa đổi")
LEGAL_REFERENCE_REST = regex.compile(
    r"(?:\p{Ll}|Điều\b|Chương\b|Mục\b|Khoản\b|khoản\b|điểm\b|của\b|,|;)", V1)
ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
            "tám": 8, "chín": 9, "mười": 10}

# ---------------------------------------------------------------------------- preamble
PREAMBLE_START = regex.compile(r"Căn cứ\b", V1)
PREAMBLE_CONTINUE = regex.compile(r"(?:Căn cứ|Theo đề nghị|Xét đề nghị|Theo đề xuất|Xét)\b", V1)
# the enacting formula that closes a preamble: "QUYẾT ĐỊNH:", "Chính phủ ban hành Nghị định ..."
ENACTING = regex.compile(
    r"(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT|CHỈ THỊ|BAN HÀNH)\s*:|.{0,80}\bban hành\s+(?:Nghị định|Thông tư|Quyết định|Nghị quyết|Luật|Pháp lệnh|Quy chế|Quy định)",
    V1)

# ---------------------------------------------------------------------------- footnotes
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_VALUE = {c: i for i, c in enumerate(SUPERSCRIPT_DIGITS)}
FOOTNOTE_DEF_SUPER = regex.compile(r"(?P<m>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})[ \t]*(?P<rest>\S.*)", V1)
FOOTNOTE_DEF_BRACKET = regex.compile(r"\[(?P<m>\d{1,3})\][ \t]*(?P<rest>\S.*)", V1)
SUPERSCRIPT_RUN = regex.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", V1)

# ---------------------------------------------------------------------------- debris
DEBRIS_LINE = regex.compile(r"(?:\p{L}|\d{1,4}|\(\d{1,3}\)|[*•·.]{1,3})", V1)
PAGE_NUMBER_LINE = regex.compile(r"(?:-\s*)?\d{1,6}(?:\s*-)?", V1)
GAZETTE_RUNNING_HEAD = regex.compile(r"CÔNG BÁO\s*/\s*Số\s*[\d +]+/\s*Ngày\s*[\d\-/.]+", V1)

# ---------------------------------------------------------------------------- appendices
APPENDIX_HEADING = regex.compile(
    r"(?P<kw>Phụ lục|PHỤ LỤC|Phụ Lục|PHỤ lục)(?:[ \t]+(?:số[ \t]*)?(?P<num>[IVXLC]+|\d{1,3}[a-z]?|[A-Z]))?"
    r"(?![\p{L}\d])[ \t]*(?:[.:-][ \t]*)?(?P<rest>.*)", V1)

# ---------------------------------------------------------------------------- header metadata
_REF_TOKEN = r"[0-9\p{L}]+"
_REF_SEP = r"[ ]*[/-](?:[ ]*\n)?[ ]*"
# the number and symbol: "417 /BC-UBND", "66.19/2026/NQ-CP", "01/2022/TTLT-VKSNDTC-\nTANDTC-BCA"
REF = rf"[0-9][0-9.]{{0,8}}[a-zA-Z]{{0,2}}{_REF_SEP}{_REF_TOKEN}(?:{_REF_SEP}{_REF_TOKEN}){{0,8}}"
DOC_NUMBER = regex.compile(
    r"(?<![\p{L}\d/])(?P<label>(?:(?:Luật|LUẬT|Bộ luật|BỘ LUẬT|Nghị quyết|NGHỊ QUYẾT|Pháp lệnh|PHÁP LỆNH|Lệnh|LỆNH)[ \t]+)?"
    rf"(?:Số|SỐ|số))[ \t]*(?P<colon>:)?\s*(?P<ref>{REF})", V1)
VBHN_CERTIFICATE = regex.compile(r"XÁC THỰC VĂN BẢN HỢP NHẤT", V1)
NATIONAL_MOTTO = regex.compile(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM", V1)
DATE_WORDS = r"ngày[ \t]+(?P<d>\d{1,2})[ \t]+tháng[ \t]+(?P<m>\d{1,2})[ \t]+năm[ \t]+(?P<y>\d{4})"
DATE_SLASH = r"ngày[ \t]+(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})"
PLACE_DATE = regex.compile(rf",[ \t]*(?:{DATE_WORDS}|{DATE_SLASH})", V1 | regex.IGNORECASE)
UPDATED_DATE = regex.compile(
    r"(?:Ngày cập nhật|Cập nhật lúc|Cập nhật|Ngày đăng|Ngày đăng tải|Ngày xuất bản)[ \t]*:?[ \t]*"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?[ \t,]*)?(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", V1 | regex.IGNORECASE)
# "(Kèm theo Báo cáo số: 10/BC-UBND ngày 14 tháng 02 năm 2017 của UBND thị xã Bim Sơn)"
ANNEX_OF = regex.compile(
    r"[Kk]èm theo[ \t]+(?P<type>\p{L}+(?:[ \t]+\p{L}+){0,3}?)[ \t]+số[ \t]*:?[ \t]*"
    rf"(?P<ref>{REF})"
    r"(?:[ \t,]*(?:" + DATE_WORDS + r"|ngày[ \t]+(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})))?"
    r"(?:[ \t]+của[ \t]+(?P<body>[^)\n]{3,100}))?", V1)

# document type headings, in capitals on their own line: type -> kind
TYPE_HEADINGS = {
    "BÁO CÁO": "report",
    "NGHỊ ĐỊNH": "legal_document", "QUYẾT ĐỊNH": "legal_document", "THÔNG TƯ": "legal_document",
    "THÔNG TƯ LIÊN TỊCH": "legal_document", "LUẬT": "legal_document", "BỘ LUẬT": "legal_document",
    "NGHỊ QUYẾT": "legal_document", "PHÁP LỆNH": "legal_document", "CHỈ THỊ": "legal_document",
    "LỆNH": "legal_document", "VĂN BẢN HỢP NHẤT": "legal_document", "HIẾN PHÁP": "legal_document",
    "KẾ HOẠCH": "other", "THÔNG BÁO": "other", "TỜ TRÌNH": "other", "HƯỚNG DẪN": "other",
    "CHƯƠNG TRÌNH": "other", "ĐỀ ÁN": "other", "QUY CHẾ": "other", "QUY ĐỊNH": "other",
    "BIÊN BẢN": "other", "CÔNG VĂN": "other", "CÔNG ĐIỆN": "other", "DỰ THẢO": "other",
}
TYPE_HEADING_LINE = regex.compile(
    r"(?P<type>" + "|".join(sorted((regex.escape(k) for k in TYPE_HEADINGS), key=len, reverse=True)) + r")"
    r"[\d¹²³⁰⁴⁵⁶⁷⁸⁹]{0,2}(?:[ \t]+(?P<rest>\p{Lu}[\p{Lu}\p{N} ,\-–]*))?[ \t]*", V1)
# lines of the national motto block and gazette furniture, never an issuer or a title
MOTTO = regex.compile(
    r"(?:CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập|ĐỘC LẬP|CÔNG BÁO|VĂN BẢN QUY PHẠM PHÁP LUẬT|VĂN BẢN HỢP NHẤT$"
    r"|XÁC THỰC VĂN BẢN HỢP NHẤT|Ký bởi|Cơ quan:|Ngày ký|[-_=.…]{3,})", V1)
# the header number line, as opposed to a wrapped title line that starts with "số 18-KL/TW"
HEADER_NUMBER_LINE = regex.compile(r"(?:(?:Luật|Bộ luật|Nghị quyết|Pháp lệnh)[ \t]+)?(?:Số|SỐ|số)[ \t]*:", V1)
RULE_LINE = regex.compile(r"[-_=.…*\s]{3,}", V1)
NOI_NHAN = regex.compile(r"(?:\*{0,2})(?:Nơi nhận|NƠI NHẬN)\s*:?", V1)
ELECTRONIC_COPY = regex.compile(r"(?:Bản điện tử|Bản điện tử gửi)\s*:?", V1)

# ---------------------------------------------------------------------------- signature
_SIGN_PREFIX = r"(?:KT|TM|TL|TUQ|Q|QUYỀN|THỪA LỆNH|THỪA ỦY QUYỀN)\.?"
_PERSON_TITLES = (r"CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG PHÒNG|TRƯỞNG BAN|TRƯỞNG ĐOÀN|THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|"
                  r"CHÁNH VĂN PHÒNG|VIỆN TRƯỞNG|CHÁNH ÁN|TỔNG KIỂM TOÁN|THỐNG ĐỐC|TỔNG CỤC TRƯỞNG|"
                  r"CỤC TRƯỞNG|VỤ TRƯỞNG|CHÁNH THANH TRA|BÍ THƯ|TỔNG THƯ KÝ|THƯ KÝ|ỦY VIÊN|TRƯỞNG|"
                  r"CHỦ NHIỆM|NGƯỜI KÝ|CHỦ TỊCH QUỐC HỘI|CHỦ TỊCH NƯỚC|TỔNG GIÁM ĐỐC|HIỆU TRƯỞNG")
_INSTITUTIONS = (r"ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|CHÍNH PHỦ|QUỐC HỘI|"
                 r"ỦY BAN THƯỜNG VỤ QUỐC HỘI|BAN THƯỜNG VỤ|SỞ|BỘ|ỦY BAN|UỶ BAN|BAN|BAN CHỈ ĐẠO|HỘI ĐỒNG")
# "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN" (an institution needs the
# TM./KT. prefix: a bare "BỘ TÀI CHÍNH" is an issuer line, not a title)
SIGNER_TITLE = regex.compile(
    rf"(?:(?:{_SIGN_PREFIX}[ \t]+)?(?:PHÓ[ \t]+)?(?:{_PERSON_TITLES})|{_SIGN_PREFIX}[ \t]+(?:{_INSTITUTIONS}))"
    r"\b[\p{Lu}\p{N} .,\-–]*", V1)
# "Nguyễn Tiến Dũng", "Mai Đình Lâm": 2-5 capitalised words, nothing else on the line
PERSON_NAME = regex.compile(r"\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}*){1,4}", V1)

# ---------------------------------------------------------------------------- issuer
UNIT_WORDS = r"tỉnh|thành phố|huyện|quận|thị xã|phường|xã|thị trấn"
UBND_SPELLINGS = ("UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN")
UBND = "(?:" + "|".join(UBND_SPELLINGS) + ")"
NAME = r"\p{Lu}[\p{L}]*(?:[ \t]+\p{Lu}[\p{L}]*){0,3}"
# "Chủ tịch UBND thành phố báo cáo", "UBND phường Phường Đúc báo cáo"
UBND_REPORTS = regex.compile(
    rf"(?:Chủ tịch[ \t]+)?{UBND}[ \t]+(?P<unit>{UNIT_WORDS})(?:[ \t]+(?P<name>{NAME}))?[ \t]+(?:xin[ \t]+)?báo cáo", V1)
# "Sở Nội vụ báo cáo", "Phòng Nội vụ báo cáo"
AGENCY_REPORTS = regex.compile(
    r"(?P<agency>(?:Sở|Phòng|Ban|Văn phòng|Thanh tra|Trung tâm)[ \t]+\p{Lu}[\p{L}&,]*(?:[ \t]+[\p{L}&,]+){0,5}?)[ \t]+(?:xin[ \t]+)?báo cáo",
    V1)
UBND_UNIT = regex.compile(rf"{UBND}[ \t]+(?P<unit>{UNIT_WORDS})(?![\p{{L}}])(?:[ \t]+(?P<name>{NAME}))?", V1)
UNIT_NAMED = regex.compile(rf"(?<![\p{{L}}])(?P<unit>{UNIT_WORDS}|TP\.|Tp\.|TX\.)[ \t]*(?P<name>{NAME})", V1)
PROVINCE_MENTION = regex.compile(rf"(?<![\p{{L}}])(?:tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ|TP\.)[ \t]*(?P<name>{NAME})", V1)
# the strings every match of these patterns opens with (regex_at.finditer_from)
UBND_REPORTS_OPENINGS = ("Chủ tịch", *UBND_SPELLINGS)
AGENCY_REPORTS_OPENINGS = ("Sở", "Phòng", "Ban", "Văn phòng", "Thanh tra", "Trung tâm")
UNIT_NAMED_OPENINGS = (*UNIT_WORDS.split("|"), "TP.", "Tp.", "TX.")
PROVINCE_MENTION_OPENINGS = ("tỉnh", "Tỉnh", "TỈNH", "thành phố", "Thành phố", "THÀNH PHỐ", "TP.")

# ---------------------------------------------------------------------------- periods
PERIOD_RANGE = regex.compile(
    r"(?:từ[ \t]+)?(?:ngày[ \t]+)?(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})[ \t]*(?:-|–|đến(?:[ \t]+ngày)?)[ \t]*"
    r"(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})", V1 | regex.IGNORECASE)
PERIOD_CONTEXT = regex.compile(r"(?:thời điểm|kỳ|thời gian|số liệu)[ \t]+(?:báo cáo|tính)|^\s*\(", V1 | regex.IGNORECASE)
