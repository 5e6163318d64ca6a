"""Dates that follow a mention (spec §5).

Forms handled, most common first:
    "ngày 18/9/2018", "ngày 10/10/2018"      slash, padded or not
    "ngày 18 tháng 10 năm 2018"              words
    "ngày 10 tháng 1năm 2023"                missing space
    "ngày 25-10-2017", ", ngày 01-10-1997"   Party hyphen style, after a comma
    "ngày 01.10.2019"                        dots
    "ban hành ngày ..."                      with the verb
A date is valid when day 1-31, month 1-12, year 1945-2035 and the calendar has it.
"""
from __future__ import annotations

import datetime as dt

from extractors.citations.regexes import DATE_AFTER_RE, PLACE_DATE_RE
from extractors.regex_at import KEEP_GIL, group_numbers

_D, _M, _Y, _M2, _Y2 = group_numbers(DATE_AFTER_RE, "d", "m", "y", "m2", "y2")


def make_date(day: int, month: int, year: int) -> dt.date | None:
    if not (1945 <= year <= 2035 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_after(text: str, pos: int) -> tuple[dt.date, int] | None:
    """The date written right after `pos` and the offset where it ends, or None."""
    m = DATE_AFTER_RE.match(text, pos, None, KEEP_GIL)
    if not m:
        return None
    if m.group(_Y):
        d = make_date(int(m.group(_D)), int(m.group(_M)), int(m.group(_Y)))
    else:
        d = make_date(int(m.group(_D)), int(m.group(_M2)), int(m.group(_Y2)))
    return (d, m.end()) if d else None


def place_date(text: str, limit: int = 1500) -> dt.date | None:
    """The date of the place-and-date line near the top ('TP. Bắc Giang, ngày 18 tháng 10 năm 2018')."""
    m = PLACE_DATE_RE.search(text, 0, min(len(text), limit))
    return make_date(int(m.group("d")), int(m.group("m")), int(m.group("y"))) if m else None


def as_date(value) -> dt.date | None:
    """A date from what the segmenter stores: date, datetime or an ISO string."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
