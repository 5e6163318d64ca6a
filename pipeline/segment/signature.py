"""Read the closing block: recipients (Nơi nhận), signer title and signer name.

Textual forms handled:
  "Nơi nhận:" then "- TT. Thành ủy, HĐND TP (để b/c);" ... "- Lưu: VT." lines, and a further
  "Bản điện tử:" list; items on the "Nơi nhận:" line itself ("Nơi nhận: - Như Điều 3; - Lưu").
  Title lines in capitals, possibly wrapped in markdown bold over two lines:
  "**KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH**", "GIÁM ĐỐC", "TM. CHÍNH PHỦ" / "KT. THỦ TƯỚNG" /
  "PHÓ THỦ TƯỚNG"; joined with single spaces, markup removed ('KT. CHỦ TỊCH PHÓ CHỦ TỊCH').
  The signer: a line holding only a personal name ("Nguyễn Tiến Dũng", 2 to 5 capitalised
  words) within 8 lines below the title lines, or — when the text has no title lines — the
  first name line after the Nơi nhận list. A name with neither (a news byline such as
  "Hồng Nhung") is not a signer.
"""
from __future__ import annotations

from typing import Any

from extractors.regex_at import KEEP_GIL
from pipeline.segment import regexes as rx
from pipeline.segment.lines import Line, strip_markup

_NAME_WINDOW = 8


def _is_title_line(t: str) -> bool:
    if len(t) > 70 or not rx.SIGNER_TITLE.fullmatch(t, None, None, KEEP_GIL):
        return False
    letters = [ch for ch in t if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def _is_name_line(t: str) -> bool:
    if len(t) > 50 or not rx.PERSON_NAME.fullmatch(t, None, None, KEEP_GIL):
        return False
    words = t.split()
    return not all(w.isupper() for w in words) and all(len(w) <= 8 for w in words)


def _recipients(lines: list[Line], i: int) -> tuple[list[str], int]:
    """Items of the Nơi nhận list starting at line i; (items, index of the last list line)."""
    items: list[str] = []
    first = strip_markup(lines[i].text)
    m = rx.NOI_NHAN.match(first)
    tail = first[m.end():] if m else ""
    for part in tail.split(" - "):
        part = part.strip(" -+•;.,")
        if part:
            items.append(part)
    last = i
    blanks = 0
    for ln in lines[i + 1:i + 80]:
        if ln.blank:
            blanks += 1
            if blanks > 2:
                break
            continue
        blanks = 0
        t = strip_markup(ln.text)
        if rx.ELECTRONIC_COPY.fullmatch(t):
            last = ln.index
            continue
        if t[:1] in "-+•":
            item = t.lstrip("-+• \t").rstrip(" ;.,")
            if item:
                items.append(item)
            last = ln.index
            continue
        break
    return items, last


def read_closing(lines: list[Line], first: int, stop: int) -> dict:
    """Signer, title, recipients and where the closing block starts, from lines [first, stop)."""
    out: dict[str, Any] = {"signer": None, "signer_title": None, "recipients": None, "closing_start": None}
    noi_nhan = None
    groups: list[list[Line]] = []
    for ln in lines[first:stop]:
        if ln.blank:
            continue
        t = strip_markup(ln.text)
        if noi_nhan is None and len(t) < 200 and rx.NOI_NHAN.match(t, None, None, KEEP_GIL):
            noi_nhan = ln.index
        if _is_title_line(t):
            if groups and ln.index - groups[-1][-1].index <= 2:
                groups[-1].append(ln)
            else:
                groups.append([ln])
    title_group: list[Line] = []
    name_line = None
    for k, g in enumerate(groups):  # the first title block with a name right under it signs
        name_line = _name_after(lines, g[-1].index, stop)
        if name_line is not None and not (k + 1 < len(groups) and groups[k + 1][0].index < name_line):
            title_group = g
            break
        name_line = None
    if noi_nhan is not None:
        items, last = _recipients(lines, noi_nhan)
        out["recipients"] = items or None
        if name_line is None:
            name_line = _name_after(lines, last, stop, window=15)
    if name_line is not None:
        out["signer"] = " ".join(strip_markup(lines[name_line].text).split())
        if title_group:
            out["signer_title"] = " ".join(" ".join(strip_markup(ln.text) for ln in title_group).split())
    starts = [lines[i].start for i in (noi_nhan, name_line) if i is not None]
    if title_group:
        starts.append(title_group[0].start)
    out["closing_start"] = min(starts) if starts else None
    return out


def _name_after(lines: list[Line], i: int, stop: int, window: int = _NAME_WINDOW) -> int | None:
    seen = 0
    for ln in lines[i + 1:stop]:
        if ln.blank:
            continue
        seen += 1
        if seen > window:
            return None
        t = strip_markup(ln.text)
        if _is_name_line(t):
            return ln.index
        if len(t) > 80:
            return None
    return None
