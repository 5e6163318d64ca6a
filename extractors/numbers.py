"""Find the numbers of Vietnamese report text that are quantities, and parse them.

Textual forms handled (value in brackets):

  Form 1, grouped thousands: "." groups thousands, "," is the decimal mark
          "14.958" [14958], "1.234,5" [1234.5], "2.473 hồ sơ" [2473]
  Form 2, plain integers, leading zeros kept in `text`: "05 phường" [5], "0 hồ sơ" [0]
  Form 3, decimals with a comma: "84,09%" [84.09], "0,1 lần" [0.1]
  Form 4, percentages, with or without a space before the sign: "95,45 %" [95.45]; a few
          writers use "." as the decimal mark in percentages: "0.06%" [0.06] (a dot is read as
          a decimal mark only inside a percentage, and never before exactly three digits)
  Form 5, fractions "x/y": "22/23", "(92/92)", "8/8 xã" (numerator is the token's value,
          the denominator is kept in `den`)
  Form 6, approximate figures: "gần 27.000", "hơn 99%", "khoảng 300", "trên 90%" (but not
          "trên tổng số ..."), and figures with a word multiplier "4,52 ngàn" [4520],
          "1,2 triệu" [1200000]: value kept, `approximate` set, `qualifier` says why

Never returned as quantities (see `excluded_spans`):
  dates ("10/9/2018", "ngày 25-5", "tháng 10/2018", "quý 1/2023", "năm 2018", "2011 - 2020",
  "15/12/2022-06/3/2023"); coordinates ("21°33’12,485”") and map scales ("1:2.000"); identifiers
  after "số" with a slash ("mốc giới số 1088/2"); document numbers ("94/KH-UBND", "6192 /QĐ-UBND", "47-KH/TU",
  "61/2018/NĐ-CP"); numbered references ("Nghị định 130", "ND43", "HĐ 68", "Tiêu chí 1",
  "mức độ 3, 4", "Phụ lục 2", "khóa 12", "lần thứ 2"); standards ("ISO 9001:2015"); phone
  numbers ("0373.825.609"); clock times ("24h/24h"); web addresses and e-mail; section and
  list numbering at the start of a line ("2.1.3." before "100% hồ sơ ...") and the STT cell of
  tab-separated table rows; named concepts with a digit ("4 tại chỗ", "“3 không”").
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import regex

from extractors.regex_at import KEEP_GIL, at_position, group_numbers, matches_at

# ---------------------------------------------------------------------------- the token


@dataclass(unsafe_hash=True)
class Num:
    """A quantity written in the text. `start`/`end` cover the digits (and the % sign)."""

    start: int
    end: int
    text: str
    value: int | float
    decimals: int = 0             # digits after the decimal mark as written
    percent: bool = False
    approximate: bool = False
    qualifier: str | None = None  # "gần", "hơn", "ngàn", ...
    den: int | None = None        # denominator of an "x/y" fraction
    num_end: int | None = None    # end of the numerator digits of a fraction

    # Written out because mypyc compiles this one to C (70 ns a Num), while the __init__ that
    # @dataclass generates runs as Python (1.6 µs frozen: 1.5 % of a document's work). Not frozen
    # for the same reason: mypy forbids assigning a frozen field; nothing changes a Num.
    def __init__(self, start: int, end: int, text: str, value: int | float, decimals: int = 0,
                 percent: bool = False, approximate: bool = False, qualifier: str | None = None,
                 den: int | None = None, num_end: int | None = None) -> None:
        self.start, self.end, self.text, self.value = start, end, text, value
        self.decimals, self.percent, self.approximate = decimals, percent, approximate
        self.qualifier, self.den, self.num_end = qualifier, den, num_end

    @property
    def is_fraction(self) -> bool:
        return self.den is not None

    @property
    def exact(self) -> Fraction:
        """The value exactly as written (no binary floating point), for rounding checks."""
        digits = self.text.rstrip("% ").strip()
        if self.is_fraction:
            return Fraction(int(self.value))
        return parse_exact(digits)


# ---------------------------------------------------------------------------- parse / render

_GROUPED = regex.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_COMMA_DEC = regex.compile(r"^\d+(?:,\d+)?$")
_DOT_DEC = regex.compile(r"^\d+\.\d+$")


def parse_exact(s: str, percent: bool = False) -> Fraction:
    """Exact value of a Vietnamese-written number: "14.958" -> 14958, "84,09" -> 8409/100.

    With `percent=True` a lone dot not followed by exactly three digits is a decimal mark
    ("0.06" -> 6/100); otherwise dots group thousands.
    """
    return Fraction(*_parse_scaled(s, percent))


def parse_number(s: str, percent: bool = False) -> int | float:
    """Value of a Vietnamese-written number: int when it has no decimals, else float."""
    n, scale = _parse_scaled(s, percent)
    # what float(Fraction(n, scale)) and int(Fraction(n, scale)) give, without building one
    return n / scale if decimals_of(s, percent) else n // scale


def _parse_scaled(s: str, percent: bool = False) -> tuple[int, int]:
    """(n, scale) with value n / scale, read as `parse_exact` reads it."""
    s = s.strip().replace(" ", "")
    if _GROUPED.match(s, None, None, KEEP_GIL) and not (percent and s.split(".")[0] == "0"):
        s = s.replace(".", "")
    elif percent and _DOT_DEC.match(s, None, None, KEEP_GIL):
        s = s.replace(".", ",")
    if not _COMMA_DEC.match(s, None, None, KEEP_GIL):
        raise ValueError(f"not a Vietnamese number: {s!r}")
    whole, _, frac = s.partition(",")
    return int(whole + frac), 10 ** len(frac)


def decimals_of(s: str, percent: bool = False) -> int:
    """Digits after the decimal mark as written ("84,09" -> 2, "0.06" in a percentage -> 2)."""
    s = s.strip()
    if "," in s:
        return len(s.rsplit(",", 1)[1])
    if percent and _DOT_DEC.match(s) and not (_GROUPED.match(s) and s.split(".")[0] != "0"):
        return len(s.rsplit(".", 1)[1])
    return 0


def render_int(n: int, pad: int = 0) -> str:
    """An integer written the Vietnamese way: 14958 -> "14.958"; pad=2 writes 5 as "05"."""
    s = f"{n:,}".replace(",", ".")
    return s.zfill(pad) if n < 1000 else s


def render_decimal(x: Fraction | float, k: int) -> str:
    """A value rounded half-up to k decimals, comma as decimal mark: 84.0909 -> "84,09"."""
    if isinstance(x, Fraction):
        num, den = x.numerator, x.denominator
    elif isinstance(x, int):
        num, den = x, 1
    elif isinstance(x, float):
        num, den = x.as_integer_ratio()
    else:
        f = Fraction(x)
        num, den = f.numerator, f.denominator
    # q = x * 10^k = num / den; r = int(q), plus one when q - int(q) >= 1/2 (integers only:
    # Fraction arithmetic is interpreted and slow)
    num *= 10 ** k
    t = num // den if num >= 0 else -(-num // den)
    r = t + (1 if 2 * (num - t * den) >= den else 0)
    whole, frac = divmod(r, 10 ** k)
    out = render_int(whole)
    return f"{out},{frac:0{k}d}" if k else out


# ---------------------------------------------------------------------------- exclusions

_DOC_TYPES = (r"Nghị\s+định|Nghị\s+quyết|Quyết\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|Chỉ\s+thị|Luật|"
              r"Kết\s+luận|Công\s+văn|Kế\s+hoạch|Hướng\s+dẫn|Thông\s+báo|Báo\s+cáo|Văn\s+bản|"
              r"Chương\s+trình|Đề\s+án|Quy\s+định|Pháp\s+lệnh|Điều|Khoản|Điểm|Chương|Mục|Phụ\s+lục|"
              r"Tiêu\s+chí|M[ứự]c\s+độ|Mức|Hạng|Loại|Phiên\s+bản|Đối\s+tượng|Mẫu\s+số|Mẫu|Lần|Khóa|Khoá|Lần\s+thứ|Trung\s+ương|Tầng|Phòng\s+số|"
              r"Quý|Tháng|Ngày|Năm|Tuần|Đợt|Kỳ|Giai\s+đoạn|Bước|Câu|Số\s+nhà|Lô|Thửa|Tờ\s+bản\s+đồ")

# "(?:\.\d{1,2})*+[.)]" and the second branch say what "(?:\.\d{1,2})*[.)](?=...)" says (a match
# may end at the dot of the last group only when the digits after it are a percentage: "1.50%"),
# without backtracking over the groups, which the regex module does in quadratic time ("1.1.1...")
_LINE_NUMBERING_PATTERN = (r"(?m)^[ \t]*(?:[-+*•]\s*)?\d{1,2}(?:(?:\.\d{1,2})*+[.)](?=[ \t]|[^\d\s]|\d+\s?%)"
                           r"|(?:\.\d{1,2}(?=\.\d))*+\.(?=\d+\s?%))")

# web addresses and e-mail: anchored on a cheap marker, then the whole white-space-delimited token
_WEB_MARKS = [regex.compile(p) for p in (r"https?://", r"www\.", r"@[\w-]", r"\.(?:gov|com|net|org|edu|vn)\b")]
_TOKEN_OPENER = regex.compile(r"(?r)[ \t\n(<\[]")   # read backwards from the marker
_TOKEN_CLOSER = regex.compile(r"[ \t\n)>\]]")

# The words before a number that make it a numbered reference ("Nghị định 130", "Phụ lục 2"), and
# an upper-case abbreviation before a number ("ND43", "HĐ 68")
_DOC_REF_HEAD = r"\b(?:" + _DOC_TYPES + r") *(?:số *)?"
_DOC_REF_TAIL = (r"\d+[a-zđ]?(?![\d.,]*\s?%|\.\d{3}|\s+hồ\s+sơ)"
                 r"(?:\s*(?:,|và|/)\s*\d+(?![\d.]*\s*(?:%|hồ\s+sơ)))*")
_ABBREVIATION_HEAD = r"\b[A-ZĐ]{2,6} ?-?"
# The runs of digits where each of those heads can end (tested on the character before the run,
# see `_after_word_or_space` and `_after_capital`)
_AFTER_WORD_OR_SPACE = "after_word_or_space"
_AFTER_CAPITAL = "after_capital"
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")


def _type_phrases() -> list[str]:
    """The phrases _DOC_TYPES matches, lower-cased, one space between words."""
    out = []
    for alt in _DOC_TYPES.split("|"):
        alt = alt.replace(r"\s+", " ").lower()
        if "(?:" in alt:     # "thông tư(?: liên tịch)?": with and without the optional words
            base, optional = alt.split("(?:")
            out += [base, base + optional.removesuffix(")?")]
        else:                # "m[ứự]c độ"
            out += [alt.replace("[ứự]", "ứ"), alt.replace("[ứự]", "ự")]
    return out


_TYPE_PHRASES = _type_phrases()
_TYPE_LAST_WORDS = frozenset(p.split()[-1] for p in _TYPE_PHRASES) - {"số"}
_ONE_WORD_TYPES = frozenset(p for p in _TYPE_PHRASES if " " not in p)
_BEFORE_SO = frozenset(p.split()[-2] for p in _TYPE_PHRASES if p.endswith(" số"))   # "phòng số", "mẫu số"
_PHRASES_BY_LAST_WORD: dict[str, list[list[str]]] = {}
for _p in _TYPE_PHRASES:
    if " " in _p:
        _PHRASES_BY_LAST_WORD.setdefault(_p.split()[-1], []).append(_p.split())
# characters after which a letter starts a word for \b (any \W would do; these are the usual ones)
_NON_WORD = frozenset(" \t\n()[],.;:-/+*•\"'“”‘’")
_NO_HEAD, _ASK_THE_REGEX = -1, -2


def _letters_before(s: str, j: int) -> int:
    """Start of the run of letters that ends at j."""
    while j and s[j - 1].isalpha():
        j -= 1
    return j


def _doc_ref_head_start(text: str, low: str, r0: int) -> int:
    """Where the numbered-reference head that the digits at r0 follow ("Nghị định 130", "ngày 5",
    "Điều số 3") starts, read from the words before r0 without the regex; _NO_HEAD when no type
    word ends there, _ASK_THE_REGEX when the regex must decide (a word glued before the type,
    other white space inside it, "Mẫu số"). `low` is `text` lower-cased, offsets kept."""
    j = r0
    while j and text[j - 1] == " ":
        j -= 1
    k = _letters_before(low, j)
    word = low[k:j]
    if word.endswith("số"):
        # "số" between the type and the number ("Điều số 3", "ngàysố 5"): the word before it is
        # the type's, unless "số" ends the type ("Phòng số 2", "Phòng số số 2", "PHÒNG SỐsố 2")
        if len(word) > 2:
            word = word[:-2]
        else:
            j = k
            while j and text[j - 1] == " ":
                j -= 1
            k = _letters_before(low, j)
            word = low[k:j]
        if word in _BEFORE_SO or word == "số":
            return _ASK_THE_REGEX
    if word not in _TYPE_LAST_WORDS:
        return _NO_HEAD
    if word in _ONE_WORD_TYPES:
        return k if k == 0 or text[k - 1] in _NON_WORD else _ASK_THE_REGEX
    for words in _PHRASES_BY_LAST_WORD[word]:
        start = _phrase_start(text, low, k, words)
        if start >= 0:
            return start
    return _ASK_THE_REGEX


def _phrase_start(text: str, low: str, k: int, words: list[str]) -> int:
    """Start of the type phrase `words` whose last word starts at k ("nghị định" before "định"),
    with plain spaces, tabs or line breaks between its words and a \\b before it; -1 otherwise."""
    for w in reversed(words[:-1]):
        j = k
        while j and text[j - 1] in " \t\n":
            j -= 1
        if j == k:
            return -1
        k = _letters_before(low, j)
        if low[k:j] != w:
            return -1
    return k if k == 0 or text[k - 1] in _NON_WORD else -1


def _after_word_or_space(text: str, s: int) -> bool:
    """What the look-behind (?<=[\\p{L} ]) says at `s`: a letter (of a keyword or "số") or " "."""
    c = text[s - 1] if s else ""
    return c == " " or c.isalpha()


def _after_capital(text: str, s: int) -> bool:
    """What the look-behind (?<=[A-ZĐ] ?-?) says at `s`: a capital, then an optional " ", then an
    optional "-" (greedy is exact: a "-" or " " skipped can never be the capital itself)."""
    j = s
    if j and text[j - 1] == "-":
        j -= 1
    if j and text[j - 1] == " ":
        j -= 1
    return bool(j) and text[j - 1] in _CAPITALS

# Each pattern and how it is run. A regex scan costs the regex module 10-300 ms per MB unless the
# pattern opens with something it can search for fast (a literal, a short run of digits before a
# literal), so the others are only tried at the places where they can start, and what finditer
# returns is reproduced exactly (same matches, same non-overlapping order; no pattern can match the
# empty string):
#   "scan"            the engine scans the text
#   ("runs", test)    at the runs of digits whose length and next characters allow the pattern's
#                     opening (`_run_places`: "slash_date" 1-2 digits, "/", a digit; ...)
#   ("one_digit", c)  tried at each run of exactly one digit, and where the text has a character of c
#   ("before_digits", head, runs)  the pattern is `head` then a number: tried where `head`, read
#                     backwards from the start of a run of digits, begins (no alternative of a head
#                     is a word-final part of another, so that place is unique), and only at the
#                     runs of digits where the head can end (`runs` names the test)
#   "line"            at the line starts whose first non-blank character is a digit, a bullet or "("
#                     (all three line patterns in one pass, each in a lookahead)
#   ("words", w, ...) where the lower-cased text has one of the words ((?i) patterns opening with one)
#   ("chars", c)      where the text has one of the characters c
#   ("after", c)      right after the character c
_EXCLUSIONS: list[tuple[str, Any]] = [
    # full dates, ranges of dates: 10/9/2018, 15/12/2022-06/3/2023, 14.5.2016
    (r"\b\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{2,4}\b(?:\s?-\s?\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{2,4}\b)?", ("runs", "slash_date")),
    (r"\b\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}\b|\b\d{1,2}-\d{1,2}-(?:19|20)\d{2}\b", ("runs", "dot_or_dash")),
    # month/year, year ranges: 9/2018, 10/2018, 2011 - 2020, 2018-2019
    (r"(?<![\d/.,])\d{1,2}\s?/\s?(?:19|20)\d{2}\b", ("runs", "slash_year")),
    (r"\b(?:19|20)\d{2}\s?-\s?(?:19|20)\d{2}\b", ("runs", "year_range")),
    # a date after "ngày": ngày 25-5, ngày 10, (09/11) after "ngày ..."
    (r"(?i)\bngày\s+\d{1,2}(?:\s?[-/.]\s?\d{1,2})?(?:\s?[-/.]\s?\d{2,4})?", ("words", "ngày")),
    (r"(?i)\btháng\s+\d{1,2}(?:\s?(?:/|-|năm)\s?\d{2,4})?", ("words", "tháng")),
    (r"(?i)\b(?:năm|niên\s+khóa|niên\s+độ|khóa\s+học)\s+(?:19|20)\d{2}(?:\s?-\s?(?:19|20)?\d{2,4})?",
     ("words", "năm", "niên", "khóa")),
    (r"(?i)\bquý\s+(?:\d|[IV]+)(?:\s?(?:/|năm)\s?(?:19|20)\d{2})?", ("words", "quý")),
    # document numbers: 94/KH-UBND, 6192 /QĐ-UBND, 61/2018/NĐ-CP, 47-KH/TU, 30c/NQ-CP, 73/PNV-XDCQ
    (r"\b\d+[a-zđ]?\s?/\s?(?:(?:19|20)\d{2}\s?/\s?)?[A-ZĐÐ][\w.&-]*(?:/[\w.&-]+)*", ("runs", "code_slash")),
    (r"\b\d+[a-zđ]?\s?-\s?[A-ZĐÐ]{2,}[\w.&/-]*", ("runs", "code_dash")),
    # numbered references and ordinals: "Nghị định 130", "Tiêu chí 1", "mức độ 3, 4", "Phụ lục 2"
    (r"(?i)" + _DOC_REF_HEAD + _DOC_REF_TAIL, ("before_digits", "(?ri)" + _DOC_REF_HEAD, _AFTER_WORD_OR_SPACE)),
    # an upper-case abbreviation glued or next to a number: ND43, HĐ 68, NĐ 130, ND 115, COVID-19
    (_ABBREVIATION_HEAD + r"\d+\b", ("before_digits", "(?r)" + _ABBREVIATION_HEAD, _AFTER_CAPITAL)),
    # standards: ISO 9001:2015, TCVN ISO 9001: 2008
    (r"(?i)\b(?:TCVN\s+)?ISO\s*\d+(?:\s?:\s?\d{4})?", ("words", "tcvn", "iso")),
    # phone numbers: 0373.825.609, 0912 345 678, 0912345678, (0204) 3854 123
    (r"(?<![\d.,])0\d{2,3}[.\s]\d{3}[.\s]\d{3,4}\b|(?<![\d.,])0\d{9,10}\b|\(\d{3,4}\)\s?\d{3,4}[.\s]?\d{3,4}",
     ("runs", "phone")),
    # clock times and "24h/24h"
    (r"\b\d{1,2}h(?:\d{2})?(?!\w)(?:\s?/\s?\d{1,2}h(?!\w))?|\b\d{1,2}:\d{2}\b", ("runs", "clock")),
    # a day/month in brackets after "ngày ...": "ngày pháp luật (09/11)"
    (r"(?i)(?<=\bngày\b[^.;\n()]{0,40}\()\s*\d{1,2}\s?/\s?\d{1,2}\s*(?=\))", ("after", "(")),
    # coordinates and map scales: 21°33’12,485”, 106°45', tỷ lệ 1:2.000
    (r"\d+(?:[.,]\d+)?\s?°(?:\s?\d+(?:[.,]\d+)?\s?['’′])?(?:\s?\d+(?:[.,]\d+)?\s?[\"”″])?", "scan"),
    (r"\b1\s?:\s?\d{1,3}(?:\.\d{3})+\b|\b1\s?:\s?\d{3,}\b", ("runs", "scale")),
    # grid references and the coordinates after "tọa độ"; digits quoted as codes (“91”)
    (r"\b\d{4,}-\d{4,}\b", ("runs", "grid")),
    (r"(?i)\bt[ọo]ạ?\s*độ\s*[:(]?[^;()\n]{0,60}", ("words", "tọ", "to")),
    (r"[“\"]\d{1,4}[”\"]", ("chars", "“\"")),
    # an identifier after "số" with a slash ("mốc giới số 1088/2"), unless it is "tổng số"
    (r"(?i)(?<!tổng\s)\bsố\s+\d+\s?/\s?\d+\b(?!\s?%)", ("words", "số")),
    # named concepts with a digit
    (r"(?i)\b\d\s+tại\s+chỗ|[“\"]\s*\d\s+không\s*[”\"]", ("one_digit", "“\"")),
    # section / list numbering at the start of a line, and table STT cells
    (_LINE_NUMBERING_PATTERN, "line"),
    (r"(?m)^[ \t]*\d{1,3}\.?(?=\t)", "line"),
    # Roman-numbered or lettered items are not digits; footnote-like "(2)" lines on their own
    (r"(?m)^[ \t]*\(\d{1,2}\)[ \t]*$", "line"),
]
_EXCLUDE = [p for p, _ in _EXCLUSIONS]
_LINE_NUMBERING_INDEX = _EXCLUDE.index(_LINE_NUMBERING_PATTERN)
_DIGIT_RUN = regex.compile(r"\d+")
_INLINE_FLAGS = regex.compile(r"\(\?([a-z]+)\)")


def _kind(starts) -> str:
    return starts if isinstance(starts, str) else starts[0]


def _lookaheads(opening: str, members: list[int]) -> regex.Pattern:
    """One regex that, where `opening` matches, tries each member pattern in a lookahead (group
    x<i>) and fails unless one of them matched: finditer stops only where there is something."""
    parts, fail = [], "(?!)"
    for i in members:
        m = _INLINE_FLAGS.match(_EXCLUDE[i])
        scoped = f"(?{m.group(1)}:{_EXCLUDE[i][m.end():]})" if m else _EXCLUDE[i]
        parts.append(f"(?=(?P<x{i}>{scoped}))?")
        fail = f"(?(x{i})|{fail})"
    return regex.compile(opening + "".join(parts) + fail)


_LINE_MEMBERS = [i for i, (_, st) in enumerate(_EXCLUSIONS) if st == "line"]
_AT_LINES = _lookaheads(r"\n(?=[ \t]*[-+*•\d(])", _LINE_MEMBERS)
_AT_TEXT_START = _lookaheads(r"", _LINE_MEMBERS)
# (member, its group's number) in each
_LINE_GROUPS = list(zip(_LINE_MEMBERS, group_numbers(_AT_LINES, *(f"x{i}" for i in _LINE_MEMBERS))))
_START_GROUPS = list(zip(_LINE_MEMBERS, group_numbers(_AT_TEXT_START, *(f"x{i}" for i in _LINE_MEMBERS))))
_COMPILED = [regex.compile(p) for p in _EXCLUDE]


_MATCHERS = [at_position(p) for p in _EXCLUDE]   # for trying a pattern at one place
_HELPERS: dict[int, Any] = {i: ((regex.compile(st[1]), st[2]) if _kind(st) == "before_digits" else None)
            for i, (_, st) in enumerate(_EXCLUSIONS)}
_DOC_REF_TAIL_AT = at_position(r"(?i)" + _DOC_REF_TAIL)


# What must follow the opening of a pattern tried at its places for it to match there (each is
# implied by its pattern, so a place that fails it is not tried): (what, fewest blanks before it).
# A digit after "ngày", "tháng", "năm" (19|20), "số" and "(" ("ngày pháp luật (09/11)"); a digit,
# I or V after "quý"; "độ" after "tọ"/"to" (and "ạ"); "tại" after a one-digit number ("4 tại chỗ")
_THEN = {"ngày": ("digit", 1), "tháng": ("digit", 1), "năm": ("digit", 1), "số": ("digit", 1),
         "quý": ("digit_or_iv", 1), "tọ": ("độ", 0), "to": ("độ", 0), "(": ("digit", 0), "one_digit": ("tại", 1)}
_NON_ASCII_DIGIT = regex.compile(r"\d")


def _then(low: str, j: int, need: tuple[str, int]) -> bool:
    """Does `low` (the lower-cased text) at j hold what `need` says (see _THEN)? White space is what
    str.isspace says, a superset of the patterns' \\s, so no place where a pattern matches fails."""
    what, fewest = need
    n = len(low)
    if what == "độ" and j < n and low[j] == "ạ":
        j += 1
    k = j
    while k < n and low[k].isspace():
        k += 1
    if k - j < fewest or k == n:
        return False
    if what == "độ" or what == "tại":
        return low.startswith(what, k)
    c = low[k]
    if "0" <= c <= "9" or (c >= "\x80" and _NON_ASCII_DIGIT.match(c) is not None):
        return True
    return what == "digit_or_iv" and c in "iv"


def _places(starts: tuple, text: str, low: str, one_digits: list[int]) -> list[int]:
    """Where a pattern tried one place at a time can start."""
    kind = starts[0]
    found = []
    if kind == "words":
        for w in starts[1:]:
            need = _THEN.get(w)
            i = low.find(w)
            while i >= 0:
                if need is None or _then(low, i + len(w), need):
                    found.append(i)
                i = low.find(w, i + 1)
        return sorted(found)
    if kind == "one_digit":
        found = [s for s in one_digits if _then(low, s + 1, _THEN["one_digit"])]
    shift = 1 if kind == "after" else 0
    for c in starts[1]:
        need = _THEN.get(c) if kind == "after" else None
        i = text.find(c)
        while i >= 0:
            if need is None or _then(low, i + 1, need):
                found.append(i + shift)
            i = text.find(c, i + 1)
    return sorted(found)


@functools.lru_cache(maxsize=4)
def digit_runs(text: str) -> list[tuple[int, int]]:
    """The spans of the runs of digits in `text`: one scan, which the patterns below and the
    citation finder share (the last few texts are cached; callers must not change the list)."""
    return [m.span() for m in _DIGIT_RUN.finditer(text, 0, None, False, KEEP_GIL)]


def _after_blank(text: str, i: int) -> str:
    """The character at i, or after it when it is white space ("\\s?" then something)."""
    c = text[i] if i < len(text) else ""
    return text[i + 1] if i + 1 < len(text) and c.isspace() else c


def _digit_like(c: str) -> bool:
    return "0" <= c <= "9" or c >= "\x80"   # outside ASCII the pattern decides


def _run_places(text: str, runs: list[tuple[int, int]]) -> dict[str, list[int]]:
    """For each test of a ("runs", test) pattern, where the pattern can start: at the runs of
    digits (its opening) whose length and next characters allow it; each test is implied by its
    patterns ("slash_date": 1-2 digits, at most one white space, "/", at most one white space, a
    digit; ...)."""
    out: dict[str, list[int]] = {t: [] for t in ("slash_date", "slash_year", "dot_or_dash", "year_range",
                                                 "code_slash", "code_dash", "phone", "clock", "scale", "grid")}
    slash_date, slash_year, dot_or_dash = out["slash_date"], out["slash_year"], out["dot_or_dash"]
    year_range, code_slash, code_dash = out["year_range"], out["code_slash"], out["code_dash"]
    phone, clock, scale, grid = out["phone"], out["clock"], out["scale"], out["grid"]
    n = len(text)
    for k, (s, e) in enumerate(runs):
        length = e - s
        c = text[e] if e < n else ""
        after = _after_blank(text, e)
        if length <= 2:
            if after == "/":
                j = e + 1 if c == "/" else e + 2
                nxt = _after_blank(text, j)
                if _digit_like(nxt):
                    slash_date.append(s)   # 10/9/2018
                    k2 = j + 1 if nxt == text[j:j + 1] else j + 2
                    if text[k2 - 1:k2 + 1] in ("19", "20") or nxt >= "\x80":
                        slash_year.append(s)   # 9/2018
            if (c == "." or c == "-") and k + 1 < len(runs):
                s2, e2 = runs[k + 1]   # 14.5.2016, 1-2-2019: 1-2 digits, the same mark again
                if s2 == e + 1 and e2 - s2 <= 2 and text[e2:e2 + 1] == c:
                    dot_or_dash.append(s)
            if c == "h" or c == ":":
                clock.append(s)
            if length == 1 and text[s] == "1" and after == ":":
                scale.append(s)
        elif length >= 4:
            if c == "-":
                grid.append(s)
            if length == 4 and after == "-" and text[s:s + 2] in ("19", "20"):
                year_range.append(s)
        # a document number: the digits, one letter [a-zđ] at most, white space at most, "/" or
        # "-", white space at most, then a capital (or after "/" a year "19.."/"20..")
        j = e + 1 if "a" <= c <= "z" or c == "đ" else e
        sep = _after_blank(text, j)
        if sep == "/" or sep == "-":
            j = j + 1 if text[j:j + 1] == sep else j + 2
            nxt = _after_blank(text, j)
            j = j + 1 if text[j:j + 1] == nxt else j + 2
            capital = nxt != "" and ("A" <= nxt <= "Z" or nxt in "ĐÐ")
            if sep == "/" and (capital or (nxt + text[j:j + 1]) in ("19", "20")):
                code_slash.append(s)
            elif sep == "-" and capital:
                code_dash.append(s)
        # "(0204) 3854 123" opens at the bracket; "0373.825.609", "0912345678" at the "0"
        if (length == 3 or length == 4) and c == ")" and s and text[s - 1] == "(":
            phone.append(s - 1)
        elif text[s] == "0" and length in (3, 4, 10, 11):
            phone.append(s)
    return out


def _exclusion_matches(text: str, runs: list[tuple[int, int]] | None = None) -> list[list[tuple[int, int]]]:
    """Per pattern of _EXCLUDE, the spans `finditer` finds in `text` (`runs`: its `digit_runs`)."""
    low = text.lower()
    if len(low) != len(text) or "ſ" in text:
        # lower-casing must keep every offset, and (?i) "s" also matches "ſ": scan instead
        return [[m.span() for m in rx.finditer(text)] for rx in _COMPILED]
    if runs is None:
        runs = digit_runs(text)
    one_digits = [s for s, e in runs if e - s == 1]
    at_runs = _run_places(text, runs)
    found: list[list[tuple[int, int]]] = [[] for _ in _EXCLUDE]
    for m in _AT_LINES.finditer(text):
        for i, group in _LINE_GROUPS:
            span = m.span(group)
            if span[0] >= 0:
                found[i].append(span)
    m = _AT_TEXT_START.match(text)
    for i, group in _START_GROUPS if m else ():
        if m.start(group) >= 0:
            found[i].insert(0, m.span(group))
    for i, (_, starts) in enumerate(_EXCLUSIONS):
        kind = _kind(starts)
        if kind == "line":
            # a match may run over the next line start ("-\n1."): keep what finditer keeps
            kept, end = [], 0
            for s, e in found[i]:
                if s >= end:
                    kept.append((s, e))
                    end = e
            found[i] = kept
        elif kind == "scan":
            found[i] = [m.span() for m in _COMPILED[i].finditer(text)]
        elif kind == "before_digits":
            found[i] = _after_heads(i, text, low, runs)
        else:
            places = at_runs[starts[1]] if kind == "runs" else _places(starts, text, low, one_digits)
            found[i] = [m.span() for m in matches_at(_MATCHERS[i], text, places)]
    return found


def _after_heads(i: int, text: str, low: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the ("before_digits", head, test) pattern i, as finditer finds them: tried
    where its head, read backwards from a run of digits, begins (sorted, as the runs are; none
    inside the previous match). Where `_doc_ref_head_start` knows that start, the head matches
    from it up to the digits and can end nowhere else (it ends in letters or spaces; the rest
    opens with a digit), so only the rest is matched, at the digits. (Matching the whole pattern
    there ran the head's case-insensitive alternation of ~60 type phrases again: 4 µs a place.)"""
    head, where = _HELPERS[i]
    refs = where == _AFTER_WORD_OR_SPACE
    can_end = _after_word_or_space if refs else _after_capital
    spans: list[tuple[int, int]] = []
    end = 0
    for r0, _ in runs:
        if not can_end(text, r0):
            continue
        at = _doc_ref_head_start(text, low, r0) if refs else _ASK_THE_REGEX
        if at >= 0:
            if at >= end:
                m = _DOC_REF_TAIL_AT.match(text, r0, None, KEEP_GIL)
                if m:
                    end = m.end()
                    spans.append((at, end))
        elif at == _ASK_THE_REGEX:
            h = head.match(text, 0, r0)
            if h and h.start() >= end:
                m = _MATCHERS[i].match(text, h.start(), None, KEEP_GIL)
                if m:
                    end = m.end()
                    spans.append(m.span())
    return spans


def _web_spans(text: str) -> list[tuple[int, int]]:
    """The white-space-delimited tokens that hold a web address or e-mail marker."""
    marks = sorted(m.span() for rx in _WEB_MARKS for m in rx.finditer(text))
    spans = []
    # token start: the last opener before the marker; token end: the first closer after it. Each
    # search stops at the previous marker's answer, so many markers in one token ("@a@a@a...")
    # cost one pass over it, not one each
    prev_ms, prev_s, prev_me, prev_e = 0, 0, -1, -1
    for ms, me in marks:
        o = _TOKEN_OPENER.search(text, prev_ms, ms)
        s = o.end() if o else prev_s
        if prev_me <= me <= prev_e:
            e = prev_e
        else:
            c = _TOKEN_CLOSER.search(text, me)
            e = c.start() if c else len(text)
        spans.append((s, e))
        prev_ms, prev_s, prev_me, prev_e = ms, s, me, e
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _exclusions(text: str, runs: list[tuple[int, int]] | None = None) -> tuple[list[tuple[int, int]], set[int]]:
    """excluded_spans(text), and the ends of the line numbering ("2.1.3.") a number may follow."""
    per_pattern = _exclusion_matches(text, runs)
    spans = _web_spans(text)
    for found in per_pattern:
        spans.extend((s, e) for s, e in found if e > s)
    return _merge(spans), {e for _, e in per_pattern[_LINE_NUMBERING_INDEX]}


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Spans (sorted, merged) of text whose digits are not quantities: dates, ids, numbering ..."""
    return _exclusions(text)[0]

_CAND = regex.compile(
    r"(?P<dot>\d+\.\d{1,2}(?!\d)|\d+\.\d{4,})(?=\s?%)"             # 0.06% (dot decimal, only before %)
    r"|(?P<grp>\d{1,3}(?:\.\d{3})+(?![\d]))(?:,(?P<gdec>\d+))?"    # 14.958 / 1.234,5
    r"|(?P<int>\d+)(?:,(?P<dec>\d+))?"                            # 05 / 84,09
)
_PCT_AFTER = regex.compile(r"\s?%")
_FRAC_AFTER = regex.compile(r"\s?/\s?(?P<d>\d{1,3}(?:\.\d{3})+|\d+)(?![\d/.,]*\d)(?!\s?[/-]\s?\w)")
_MULT = regex.compile(r"\s+(?P<m>ngàn|nghìn|ngìn|triệu|tỷ|tỉ)\b(?!\s+lệ)", regex.I)
_MULTS = {"ngàn": 1000, "nghìn": 1000, "ngìn": 1000, "triệu": 10 ** 6, "tỷ": 10 ** 9, "tỉ": 10 ** 9}
_TOTAL_AFTER = regex.compile(r"\s*tổng")
_APPROX_BEFORE = regex.compile(
    r"(?i)(?:^|[\s(,;:])(?P<q>gần|hơn|khoảng|xấp\s+xỉ|ước\s+tính|ước\s+đạt|ước|chừng|trên|dưới|tối\s+thiểu|"
    r"tối\s+đa|ít\s+nhất)\s+$")
# the last words of those qualifiers, and the openings of the multipliers: a number whose
# neighbours have none of them is not tried against the patterns
_APPROX_LAST_WORDS = frozenset(("gần", "hơn", "khoảng", "xỉ", "tính", "đạt", "ước", "chừng", "trên", "dưới", "thiểu",
                                "đa", "nhất"))
_MULT_OPENINGS = ("ng", "tr", "tỷ", "tỉ")

_DOT, = group_numbers(_CAND, "dot")
_DEN, = group_numbers(_FRAC_AFTER, "d")
_MULT_WORD, = group_numbers(_MULT, "m")
_QUALIFIER, = group_numbers(_APPROX_BEFORE, "q")


def _last_word(before: str) -> str:
    """The run of letters that ends `before` once its trailing white space is dropped, lower-cased."""
    t = before.rstrip()
    return t[_letters_before(t, len(t)):].lower()


def _next_word_opens(text: str, e: int, openings: tuple[str, ...]) -> bool:
    """Does the word after the white space at e open with one of `openings` (lower-cased)?"""
    n = len(text)
    while e < n and text[e].isspace():
        e += 1
    return text[e:e + 2].lower().startswith(openings)


def find_numbers(text: str, skip: list[tuple[int, int]] | None = None) -> list[Num]:
    """Every quantity in `text` (see the module docstring), in text order.

    `skip`: extra spans to ignore (page furniture, web widgets such as "Truy cập tổng 557.230").
    The last few results are cached: the dossier, percentage and check stages read one document.
    """
    return list(_find_numbers_cached(text, tuple(tuple(x) for x in (skip or ()))))


@functools.lru_cache(maxsize=4)
def _find_numbers_cached(text: str, skip: tuple) -> tuple[Num, ...]:
    return tuple(_find_numbers(text, list(skip)))


def _find_numbers(text: str, skip: list[tuple[int, int]] | None = None) -> list[Num]:
    runs = digit_runs(text)
    excl, starts_ok = _exclusions(text, runs)
    if skip:
        excl = sorted(excl + [(a, b) for a, b in skip])
    ex_starts = [a for a, _ in excl]
    ex_ends = [b for _, b in excl]

    def inside(p: int) -> bool:   # in the excluded span that starts last at or before p
        i = bisect.bisect_right(ex_starts, p) - 1
        return i >= 0 and p < ex_ends[i]

    out: list[Num] = []
    pos = 0
    n = len(text)
    k, n_runs = 0, len(runs)
    while True:
        # _CAND matches at every digit, so `_CAND.search(text, pos)` is a match at the first digit
        # at or after pos: in the run that holds pos, or at the start of the next run
        while k < n_runs and runs[k][1] <= pos:
            k += 1
        if k == n_runs:
            break
        m = _CAND.match(text, max(pos, runs[k][0]), None, KEEP_GIL)
        if not m:
            break
        s, e = m.start(), m.end()
        pos = e
        prev = text[s - 1] if s > 0 else " "
        if (prev.isalnum() or prev in "._,/-") and s not in starts_ok:
            # glued to a word or another number ("HĐ68", "1.2.3", "a-5"): not a quantity
            if not ((prev == "-" and (s < 2 or text[s - 2] in " \t\n("))
                    or (prev == "/" and s >= 2 and (text[s - 2].islower() or text[s - 2] == " "))):
                # nor is any number starting inside its first run of digits (glued to a digit; no
                # line numbering ends in a digit): go on after that run, which the match covers
                pos = runs[k][1]
                continue
        if e < n and (text[e].isalpha() or text[e] == "_"):
            continue  # "30c", "24h", "5S": an id or a unit glued on
        if e + 1 < n and text[e] == "." and text[e + 1].isdigit():
            continue  # "2.0", "1.2.3": a version or reference number, not a quantity
        if inside(s):
            continue
        digits = m.group(0)
        is_pct = False
        after = text[e:e + 1]
        pm = _PCT_AFTER.match(text, e, None, KEEP_GIL) if after == "%" or after.isspace() else None
        if pm:
            is_pct = True
            e = pm.end()
        elif m.group(_DOT):
            continue
        try:
            if "." in digits or "," in digits:
                units, scale = _parse_scaled(digits, is_pct)
                dec = decimals_of(digits, percent=is_pct)
                value = units / scale if dec else units // scale   # parse_number(digits, is_pct)
            else:
                value, dec = int(digits), 0   # digits only: what _parse_scaled and decimals_of give
        except ValueError:   # not a number as written, or more digits than int() reads
            continue
        qualifier = None
        approximate = False
        # the qualifier ends in white space right before the number; "/" and a multiplier's white
        # space come at once after it: test those characters (and words) before running the patterns
        am = None
        if s and text[s - 1].isspace():
            before = text[max(0, s - 20):s]
            if _last_word(before) in _APPROX_LAST_WORDS:
                am = _APPROX_BEFORE.search(before)
        if am and not (am.group(_QUALIFIER).lower() == "trên" and _TOTAL_AFTER.match(text[e:e + 8])):
            qualifier, approximate = am.group(_QUALIFIER).lower(), True
        den = None
        num_end = None
        if not is_pct:
            fm = _FRAC_AFTER.match(text, e) if "/" in text[e:e + 2] else None
            if fm and not inside(fm.start(_DEN)) and not dec:
                try:
                    den_v = parse_number(fm.group(_DEN))
                except ValueError:
                    den_v = None
                if isinstance(den_v, int) and den_v > 0:
                    den, num_end, e = den_v, e, fm.end()
                    pos = e
            if den is None and text[e:e + 1].isspace() and _next_word_opens(text, e, _MULT_OPENINGS):
                mm = _MULT.match(text, e)
                if mm:
                    mult = _MULTS[mm.group(_MULT_WORD).lower()]
                    value = int(round(parse_exact(digits) * mult))
                    qualifier, approximate = mm.group(_MULT_WORD).lower(), True
                    e = mm.end()
        out.append(Num(s, e, text[s:e], value, dec, is_pct, approximate, qualifier, den, num_end))
        pos = max(pos, e)
    return out
