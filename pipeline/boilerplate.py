"""Find the lines of a text that are web-page furniture, not document content.

`boilerplate_spans(text)` is a pure function of the text. It returns the spans (start, end) of
whole lines (leading/trailing blanks, NBSPs included, excluded from the span) that a web portal
adds around an article: weather and exchange-rate widgets, visitor counters, link lists and
"other news" navigation. The HTML reader deletes these lines; the segmenter flags them (never
deletes) on plain-text inputs that are copies of web pages.

It is built for precision: a line is flagged only when the WHOLE line (case-insensitive, after
whitespace folding) is one of the forms below, so a sentence that merely mentions "lượt truy cập"
or "tỷ giá" is never touched.

Forms recognised anywhere (strong):
  1. Widget headings: "Thời tiết", "Dự báo thời tiết", "Tỷ giá", "Tỷ giá ngoại tệ" (also "tỉ giá"),
     "Giá vàng", "Thống kê truy cập", "Lượt truy cập", "Bộ đếm truy cập".
  2. Visitor counters: one or more (label number) pairs, at least one label about visits —
     "Đang online 19197 Tổng lượt truy cập 9069228", "Truy cập tổng 557.230",
     "Truy cập hiện tại 66", "Đang truy cập: 12", "Tổng số lượt truy cập: 1.234.567",
     "Lượt xem: 250". Labels such as "Hôm nay", "Hôm qua", "Trong tuần" count only next to a
     visit label ("Hôm nay 120 Tổng lượt truy cập 99").
  3. Navigation: "Các tin khác", "Tin khác", "Tin liên quan", "Bài viết liên quan",
     "Tin mới", "Tin mới nhất", "Tin mới hơn", "Tin cũ hơn", "Tin đọc nhiều", "Tin xem nhiều",
     "Xem tin theo ngày", "Xem thêm", "Về đầu trang", "Quay lại", "Trở về", "In trang",
     "In bài viết", "Bản in", "Gửi email", "Gửi bài viết", "Chia sẻ", "Trang chủ".
  4. Link-list headings: "Liên kết website", "Liên kết web", "Website liên kết", "Liên kết".
  5. Site badges and post metadata: "Chứng nhận Tín nhiệm mạng" (also written without
     diacritics, "Chung nhan Tin Nhiem Mang"), "Ngày cập nhật 06/03/2023" (optionally with a
     time and/or a colon), "Cập nhật lúc 10:20 06/03/2023", "Tập tin đính kèm:",
     "File đính kèm:", "Bản quyền thuộc ..." / "Copyright ..." / "© ..." lines.
  6. Exchange-rate rows: a currency code followed only by numbers ("USD 23.450 23.820").
  7. Weather rows: a place name followed only by a temperature ("Hà Nội 25°C", "Huế 22 - 28°C").

Forms recognised only inside a link list (weak):
  8. The short lines (at most 80 characters, no sentence-ending "." or ";") that follow a
     link-list heading (form 4) or a navigation heading "Các tin khác"/"Tin liên quan"/"Tin khác"
     — e.g. "Sở, Ban, Ngành", "UBND Huyện, Thị xã, Thành phố". Blank lines between the heading
     and the first item are allowed; after that the list ends at the first blank line or the
     first line that is not short.
"""
from __future__ import annotations

import regex

from extractors.regex_at import KEEP_GIL

_WS = regex.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_NUM = r"\d{1,3}(?:[.,\s]\d{3})+|\d{1,12}"

_HEADINGS = (
    r"(?:dự báo )?thời tiết(?: hôm nay)?",
    r"t[ỷỉ] giá(?: ngoại tệ)?",
    r"giá vàng",
    r"(?:thống kê|bộ đếm|số) (?:lượt )?truy cập",
    r"lượt truy cập",
)
_NAVIGATION = (
    r"các tin (?:khác|đã đưa)",
    r"tin (?:khác|liên quan|mới(?: nhất| hơn)?|cũ hơn|(?:đọc|xem) nhiều(?: nhất)?)",
    r"bài viết (?:liên quan|khác)",
    r"xem tin theo ngày",
    r"xem thêm",
    r"về đầu trang",
    r"quay lại|trở về|trang chủ",
    r"in (?:trang|bài viết|bài)|bản in",
    r"gửi (?:email|bài viết)|chia sẻ",
)
_LIST_HEADINGS = r"liên kết(?: web(?:site)?)?|website liên kết"
_BADGES = (
    r"chứng nhận tín nhiệm mạng|chung nhan tin nhiem mang",
    r"(?:ngày )?cập nhật(?: lúc)?:? ?(?:\d{1,2}:\d{2}(?::\d{2})?,? ?)?\d{1,2}/\d{1,2}/\d{4}(?:,? ?\d{1,2}:\d{2}(?::\d{2})?)?",
    r"(?:tập tin|file|tệp) đính kèm:?",
)
_COPYRIGHT = regex.compile(r"(?:bản quyền thuộc|bản quyền ©|copyright\b|©).{0,200}", regex.VERSION1)
# a label that makes a line a visitor counter on its own
_VISIT_LABEL = (r"(?:đang (?:online|truy cập|trực tuyến)|online|"
                r"(?:tổng )?(?:số )?lượt (?:truy cập|xem|người xem)|"
                r"truy cập (?:tổng|hiện tại|hôm nay|hôm qua|trong (?:ngày|tuần|tháng|năm))|"
                r"tổng (?:số )?(?:truy cập|lượt truy cập)|khách (?:online|truy cập))")
# labels that only count when a visit label is on the same line
_TIME_LABEL = r"(?:hôm nay|hôm qua|trong (?:ngày|tuần|tháng|năm)|tuần (?:này|trước)|tháng (?:này|trước)|năm nay|tổng(?: cộng)?)"
_PAIR = rf"(?:{_VISIT_LABEL}|{_TIME_LABEL}) ?:? ?(?:{_NUM})"
_COUNTER = rf"(?:{_PAIR})(?: ?[|,;-]? ?{_PAIR}){{0,7}}"
_CURRENCY_ROW = r"(?:usd|eur|jpy|gbp|cny|aud|sgd|krw|thb|chf|cad|hkd|rub|twd)(?: ?[\d.,]+){1,4}"
_WEATHER_ROW = r"\p{L}[\p{L}. ]{0,30}? ?-?\d{1,2}(?: ?[-/] ?-?\d{1,2})? ?°c?"

_STRONG = regex.compile(
    "(?:" + "|".join((*_HEADINGS, *_NAVIGATION, _LIST_HEADINGS, *_BADGES,
                      _CURRENCY_ROW, _WEATHER_ROW)) + ")",
    regex.VERSION1,
)
# one fullmatch for both: the alternation matches a whole line when either pattern does
_STRONG_OR_COPYRIGHT = regex.compile(f"(?:{_STRONG.pattern}|{_COPYRIGHT.pattern})", regex.VERSION1)
_COUNTER_LINE = regex.compile(_COUNTER, regex.VERSION1)
_HAS_VISIT_LABEL = regex.compile(_VISIT_LABEL, regex.VERSION1)
_OPENS_LIST = regex.compile(rf"(?:{_LIST_HEADINGS}|các tin khác|tin khác|tin liên quan)", regex.VERSION1)
_MAX_SHORT = 80  # every form but the copyright line is shorter than this
_MAX_LINE = 300  # longer lines are prose, never furniture
_LONG_FORM_STARTS = ("bản quyền", "copyright", "©")
_MAX_LIST_ITEM = 80


_BLANKS = (" \t\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
           "\u200a\u200b\u202f\u205f\u3000\ufeff")


def _lines(text: str):
    """Yield (start, end, folded) for every line; start/end exclude surrounding blanks.

    `folded` is "" for a blank line, None for a line too long to be furniture (folding every
    prose line would cost more than all the matching), else the line lower-cased with its
    whitespace runs folded to one space.
    """
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        stripped = line.strip(_BLANKS)
        if not stripped:
            yield pos, pos, ""
        else:
            s = pos + len(line) - len(line.lstrip(_BLANKS))
            if len(stripped) > _MAX_LINE or (
                    len(stripped) > _MAX_SHORT and not stripped[:10].lower().startswith(_LONG_FORM_STARTS)):
                yield s, s + len(stripped), None
            else:
                yield s, s + len(stripped), _fold_line(stripped)
        if nl < 0:
            break
        pos = nl + 1


def _fold_line(stripped: str) -> str:
    """The line lower-cased with its white-space runs folded to one space. Most lines have only
    single spaces: every other character of _WS is unprintable, so the regex runs only when a
    line has two spaces in a row or an unprintable character."""
    if "  " in stripped or not stripped.isprintable():
        stripped = _WS.sub(" ", stripped)
    return stripped.lower()


# every label of _VISIT_LABEL has one of these
_VISIT_WORDS = ("online", "truy cập", "trực tuyến", "lượt")


def _is_strong(folded: str) -> bool:
    """`folded` is stripped, whitespace-folded and lower-cased."""
    if not folded or len(folded) > _MAX_LINE:
        return False
    if len(folded) > _MAX_SHORT:
        return _COPYRIGHT.fullmatch(folded, None, None, KEEP_GIL, False, 1.0) is not None
    if _STRONG_OR_COPYRIGHT.fullmatch(folded, None, None, KEEP_GIL, False, 1.0):
        return True
    # counters: cheap pre-checks first (the visit label is rare), the pair grammar only on lines
    # that can be one
    return (any(w in folded for w in _VISIT_WORDS) and _HAS_VISIT_LABEL.search(folded, timeout=1.0) is not None
            and any(map(str.isdigit, folded)) and _COUNTER_LINE.fullmatch(folded, timeout=1.0) is not None)


def is_boilerplate_line(line: str) -> bool:
    """True when the whole line is one of the strong forms 1-7."""
    return _is_strong(_fold_line(line.strip()))


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of `text` that are web furniture (forms 1-8 of the module docstring)."""
    spans: list[tuple[int, int]] = []
    in_list = False
    list_has_items = False
    for start, end, folded in _lines(text):
        if not folded:  # a blank line ends a link list (blanks between heading and items don't)
            in_list = in_list and not list_has_items
            continue
        if _is_strong(folded):
            spans.append((start, end))
            if _OPENS_LIST.fullmatch(folded, timeout=1.0):
                in_list, list_has_items = True, False
            continue
        if in_list and len(folded) <= _MAX_LIST_ITEM and not folded.endswith((".", ";")):
            spans.append((start, end))
            list_has_items = True
            continue
        in_list = False
    return spans
