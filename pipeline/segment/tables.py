"""Parse tables into rows and cells with spans.

Textual forms handled:
  Tab-separated rows, one per line ("STT\\tKế hoạch\\tThời gian ban hành ..." then
  "1\\tKế hoạch cải cách hành chính năm 2017\\t12/2016\\t06\\t06\\t"). A table is a run of such
  lines; blank lines and page-break debris between two rows do not end it (seed 003's Phụ lục 2
  goes on after a page break and stray "C" lines). A run needs two rows, or one row of three
  or more non-empty cells; "1.\\tVề công tác" alone (a numbered paragraph the DOCX reader wrote
  with a tab) is not a table.
  Empty cells ("\\t\\t", a trailing tab) are null.
  Header rows: the first row when none of its cells is a figure ("STT\\tTiêu chí\\tTổng số"),
  and the rows right after it whose first cell is empty and whose other cells are not figures
  ("\\t\\t\\tCấp tỉnh\\tCấp huyện\\tCấp xã"). A group row such as "CẤP TỈNH\\t\\t\\t" is data.
  Tables the format reader saw as tables (`doc.tables`, DOCX <w:tbl> / HTML <table>) take their
  cells from the reader; their spans are found in the rendering the reader wrote into the text.
Each row carries its span (the line) and each non-empty cell its span (`cell_starts`, `cell_ends`).
"""
from __future__ import annotations

import bisect

import regex

from pipeline.model import SourceTable, row_id
from pipeline.segment.lines import Line

_FIGURE = regex.compile(r"[-+]?\d[\d.,]*\s*%?|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{2,4}", regex.VERSION1)
_NUMBERING = regex.compile(r"(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[IVX]+[.)]?|[a-zđ][.)]|[-+•*])", regex.VERSION1)
_MAX_GAP_LINES = 12


def _cells_of_line(text: str, ln: Line) -> tuple[list[str | None], list[int | None], list[int | None]]:
    cells: list[str | None] = []
    starts: list[int | None] = []
    ends: list[int | None] = []
    pos = ln.start
    raw = text[ln.start:ln.end]
    for part in raw.split("\t"):
        stripped = part.strip()
        if stripped:
            s = pos + part.index(stripped)
            cells.append(" ".join(stripped.split()))
            starts.append(s)
            ends.append(s + len(stripped))
        else:
            cells.append(None)
            starts.append(None)
            ends.append(None)
        pos += len(part) + 1
    return cells, starts, ends


def _is_figure(c: str | None) -> bool:
    return c is not None and _FIGURE.fullmatch(c) is not None


def _header_rows(rows: list[list[str | None]]) -> int:
    """How many leading rows are header rows."""
    if not rows or any(_is_figure(c) for c in rows[0]) or not any(c for c in rows[0]):
        return 0
    n = 1
    while n < len(rows) and rows[n] and rows[n][0] is None and any(rows[n]) \
            and not any(_is_figure(c) for c in rows[n]):
        n += 1
    return n


def _runs(lines: list[Line], debris: set[int], stops: set[int]) -> list[list[Line]]:
    runs: list[list[Line]] = []
    cur: list[Line] = []
    gap = 0
    for ln in lines:
        if ln.index in stops:
            if cur:
                runs.append(cur)
            cur, gap = [], 0
            continue
        if ln.has_tab and not ln.blank:
            cur.append(ln)
            gap = 0
        elif cur and (ln.blank or ln.index in debris) and gap < _MAX_GAP_LINES:
            gap += 1
        else:
            if cur:
                runs.append(cur)
            cur, gap = [], 0
    if cur:
        runs.append(cur)
    return runs


def _is_table(text: str, run: list[Line]) -> bool:
    parsed = [_cells_of_line(text, ln)[0] for ln in run]
    if len(run) == 1:
        return sum(1 for c in parsed[0] if c) >= 3
    # numbered paragraphs written with a tab after the numbering: "1.\tVề ..."
    if all(sum(1 for c in cells if c) <= 2 for cells in parsed) and all(
            cells[0] and _NUMBERING.fullmatch(cells[0]) for cells in parsed):
        return False
    return True


def _rows_from_source(text: str, lines: list[Line], starts: list[int], st: SourceTable):
    """Rows of a reader table, with cell spans located in its tab-separated rendering."""
    lo, hi = bisect.bisect_left(starts, st.char_start), bisect.bisect_left(starts, st.char_end)
    rendered = [ln for ln in lines[lo:hi] if not ln.blank]
    out = []
    for i, cells in enumerate(st.rows):
        values = [(" ".join(c.split()) if isinstance(c, str) and c.strip() else None) for c in cells]
        if i < len(rendered):
            ln = rendered[i]
            _, cell_starts, cell_ends = _cells_of_line(text, ln)
            found_starts: list[int | None] = list(cell_starts)
            found_ends: list[int | None] = list(cell_ends)
            if len(cell_starts) != len(values):  # rendering differs: locate each cell by search
                found_starts, found_ends, pos = [], [], ln.start
                for v in values:
                    k = text.find(v, pos, ln.end) if v else -1
                    found_starts.append(k if k >= 0 else None)
                    found_ends.append(k + len(v) if v and k >= 0 else None)
                    if v and k >= 0:
                        pos = k + len(v)
            out.append((values, found_starts, found_ends, ln.start, ln.end))
        else:
            out.append((values, [None] * len(values), [None] * len(values), st.char_start, st.char_end))
    return out


def find_tables(doc_id: str, text: str, lines: list[Line], debris: set[int] | None = None,
                stops: set[int] | None = None, source_tables: list[SourceTable] | None = None
                ) -> tuple[list[dict], set[int]]:
    """(table rows without doc_id/section_id/appendix, indexes of the lines that are table rows).

    `stops`: line indexes that end any table (appendix headings).
    """
    debris = debris or set()
    stops = stops or set()
    tables: list[tuple[int, list]] = []  # (start, [(cells, starts, ends, s, e)])
    used: set[int] = set()
    starts_sorted = [ln.start for ln in lines]
    for st in source_tables or []:
        if not st.rows:
            continue
        rows = _rows_from_source(text, lines, starts_sorted, st)
        lo = bisect.bisect_left(starts_sorted, st.char_start)
        hi = bisect.bisect_left(starts_sorted, st.char_end)
        used.update(range(lo, hi))
        tables.append((st.char_start, rows))
    table_lines: set[int] = set(used)
    for run in _runs([ln for ln in lines if ln.index not in used], debris, stops):
        if not _is_table(text, run):
            continue
        rows = []
        for ln in run:
            cells, cs, ce = _cells_of_line(text, ln)
            rows.append((cells, cs, ce, ln.start, ln.end))
            table_lines.add(ln.index)
        tables.append((run[0].start, rows))
    tables.sort(key=lambda t: t[0])
    out: list[dict] = []
    for k, (_, rows) in enumerate(tables, 1):
        n_header = _header_rows([r[0] for r in rows])
        tid = row_id(doc_id, "T", k)
        for i, (cells, cs, ce, s, e) in enumerate(rows):
            out.append({"table_id": tid, "row": i, "is_header": i < n_header, "cells": cells,
                        "cell_starts": cs, "cell_ends": ce, "char_start": s, "char_end": e})
    return out, table_lines
