"""Read the reporting period a title names, as a label and first/last day.

Textual forms handled (case-insensitive; the label keeps the text as written):
  "tháng 10 năm 2018", "tháng 10/2018"                      the calendar month
  "tháng 02, phương hướng nhiệm vụ tháng 3 năm 2020"        a month whose year is written later
                                                             in the same phrase (label 'tháng 02 năm 2020')
  "Quý 1 năm 2017", "quý I/2023", "Quý IV năm 2019"         the calendar quarter
  "6 tháng đầu năm 2018", "9 tháng đầu năm 2019"            the first N months of the year
  "6 tháng cuối năm 2018"                                   the last N months of the year
  "năm 2018"                                                the calendar year
  "giai đoạn 2021 - 2025", "giai đoạn 2021-2025"            whole years from first to last
  "từ 15/12/2022-06/3/2023", "từ ngày 10/9/2018 đến 10/10/2018"
                                                             an explicit range (`explicit_range`)
When a title names several periods, the first one written is the period of the report.
"""
from __future__ import annotations

import calendar
import datetime as dt

import regex

from pipeline.segment import regexes as rx

_V = regex.VERSION1 | regex.IGNORECASE
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_HALF = regex.compile(r"(?P<n>\d{1,2})[ \t]+tháng[ \t]+(?P<side>đầu|cuối)[ \t]+năm[ \t]*(?P<y>\d{4})", _V)
_QUARTER = regex.compile(r"quý[ \t]+(?P<q>IV|I{1,3}|[1-4])(?![\p{L}\d])[ \t]*(?:năm[ \t]+|/[ \t]*)(?P<y>\d{4})", _V)
_MONTH = regex.compile(r"(?<!\d[ \t])tháng[ \t]+(?P<m>\d{1,2})(?:[ \t]*(?:năm[ \t]+|/[ \t]*)(?P<y>\d{4}))?(?!\d)", _V)
_YEAR = regex.compile(r"(?<!tháng[ \t]+\d{1,2}[ \t]+)năm[ \t]+(?P<y>\d{4})(?!\d)", _V)
_SPAN_YEARS = regex.compile(r"giai đoạn[ \t]+(?P<y1>\d{4})[ \t]*-[ \t]*(?P<y2>\d{4})", _V)
_LATER_YEAR = regex.compile(r"năm[ \t]+(?P<y>\d{4})|/(?P<y2>\d{4})", _V)


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date | None:
    if not (1 <= m <= 12 and 1900 <= y <= 2100):
        return None
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _candidates(s: str):
    """(position, label, start, end) of every period phrase in `s`."""
    for m in _HALF.finditer(s):
        n, y = int(m["n"]), int(m["y"])
        if 1 <= n <= 12:
            if m["side"].lower() == "đầu":
                yield m.start(), m.group(0), _date(y, 1, 1), _month_end(y, n)
            else:
                yield m.start(), m.group(0), _date(y, 13 - n, 1), _month_end(y, 12)
    for m in _QUARTER.finditer(s):
        q = m["q"].lower()
        q = _ROMAN_Q.get(q) or int(q)
        y = int(m["y"])
        yield m.start(), m.group(0), _date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    for m in _MONTH.finditer(s):
        if any(h.start() <= m.start() < h.end() for h in _HALF.finditer(s)):
            continue
        mo = int(m["m"])
        if not 1 <= mo <= 12:
            continue
        if m["y"]:
            y, label = int(m["y"]), m.group(0)
        else:  # "tháng 02, ... tháng 3 năm 2020": the year written further on
            later = _LATER_YEAR.search(s, m.end())
            if not later:
                continue
            y = int(later["y"] or later["y2"])
            label = f"{m.group(0)} năm {y}"
        yield m.start(), label, _date(y, mo, 1), _month_end(y, mo)
    for m in _SPAN_YEARS.finditer(s):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 <= y2:
            yield m.start(), m.group(0), _date(y1, 1, 1), _date(y2, 12, 31)
    for m in _YEAR.finditer(s):
        y = int(m["y"])
        yield m.start() + 10_000, m.group(0), _date(y, 1, 1), _date(y, 12, 31)  # only when nothing finer


def parse_period(s: str | None) -> tuple[str | None, dt.date | None, dt.date | None]:
    """(label, first day, last day) of the first period `s` names; (None, None, None) if none."""
    if not s:
        return None, None, None
    s = s[:1000]
    found = [c for c in _candidates(s) if c[2] is not None and c[3] is not None]
    if not found:
        return None, None, None
    _, label, start, end = min(found, key=lambda c: c[0])
    return " ".join(label.split()), start, end


def explicit_range(s: str) -> tuple[dt.date, dt.date] | None:
    """The first 'dd/mm/yyyy - dd/mm/yyyy' range in `s`, as dates."""
    for m in rx.PERIOD_RANGE.finditer(s[:5000]):
        a = _date(int(m["y1"]), int(m["m1"]), int(m["d1"]))
        b = _date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
        if a and b and a <= b:
            return a, b
    return None
