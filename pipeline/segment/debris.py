"""Flag page-break debris: lines left over from page furniture, not part of the content.

Textual forms handled (a whole line, blanks around it ignored):
  1. A stray single letter, a number of up to 4 digits, "(2)" or a run of up to 3 dots/stars,
     standing alone between blank lines (or the text's start/end): "C", "U", "34", "0", "(2)"
     at the end of seed 003, left behind by a converted page footer.
  2. A gazette running head "CÔNG BÁO/Số 447 + 448/Ngày 25-6-2022" and the page number (up to
     6 digits, "- 12 -") on the lines next to it.
  3. A page number (up to 6 digits) that is the first or last non-blank line of a page, when the
     reader reported page boundaries.
Lines that are table rows (contain a tab) are never debris.
"""
from __future__ import annotations

from extractors.regex_at import KEEP_GIL
from pipeline.segment import regexes as rx
from pipeline.segment.lines import Line


def _neighbours(lines: list[Line], i: int, step: int, n: int) -> list[Line]:
    out: list[Line] = []
    j = i + step
    while 0 <= j < len(lines) and len(out) < n:
        if not lines[j].blank:
            out.append(lines[j])
        j += step
    return out


def _edge_of_page(lines: list[Line], i: int, step: int, boundary: int) -> bool:
    """True when only blank lines lie between line i and the page boundary in direction `step`."""
    j = i + step
    while 0 <= j < len(lines):
        ln = lines[j]
        if (step < 0 and ln.end < boundary) or (step > 0 and ln.start >= boundary):
            return True
        if not ln.blank:
            return False
        j += step
    return True


def find_debris(lines: list[Line], page_starts: list[int] | None = None) -> list[int]:
    """Indexes of the debris lines in `lines`."""
    found: set[int] = set()
    n = len(lines)
    for ln in lines:
        if ln.blank or ln.has_tab or len(ln.text) > 80:
            continue
        i = ln.index
        if rx.GAZETTE_RUNNING_HEAD.fullmatch(ln.text, None, None, KEEP_GIL):
            found.add(i)
            for nb in _neighbours(lines, i, -1, 2) + _neighbours(lines, i, 1, 2):
                if not nb.has_tab and rx.PAGE_NUMBER_LINE.fullmatch(nb.text, None, None, KEEP_GIL):
                    found.add(nb.index)
            continue
        if len(ln.text) <= 5 and rx.DEBRIS_LINE.fullmatch(ln.text, None, None, KEEP_GIL):
            before_blank = i == 0 or lines[i - 1].blank
            after_blank = i == n - 1 or lines[i + 1].blank
            if before_blank and after_blank:
                found.add(i)
    if page_starts and len(page_starts) > 1:
        import bisect
        starts = sorted(page_starts)
        for ln in lines:
            if ln.blank or ln.has_tab or len(ln.text) > 12 or not rx.PAGE_NUMBER_LINE.fullmatch(ln.text, None, None, KEEP_GIL):
                continue
            k = bisect.bisect_right(starts, ln.start)
            prev_b = starts[k - 1] if k > 0 else 0
            next_b = starts[k] if k < len(starts) else None
            if _edge_of_page(lines, ln.index, -1, prev_b) or (
                    next_b is not None and _edge_of_page(lines, ln.index, 1, next_b)):
                found.add(ln.index)
    return sorted(found)
