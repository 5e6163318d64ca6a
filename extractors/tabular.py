"""Appendix tables as rows of cells with named columns, for the percentage and sum checks.

    read_tables(doc) -> [Table]

Rows come from the segmenter (`doc.table_rows`: table_id, row, is_header, cells, cell_starts,
cell_ends, char_start, char_end) when it found them; otherwise from the text itself: a table is a
run of tab-separated lines, which may be interrupted by blank lines and by page-break debris of at
most three characters ("C", "U") but not by a line of prose ("Phụ lục 3").

Header rows are the leading rows before the first row whose first cell is an STT number (or that
is a group label such as "CẤP TỈNH" with nothing else); a column's name joins the header cells
above it ("Chia ra theo cấp hành chính / Cấp tỉnh"). Data rows that are shorter than the header
keep their cells from the left. Empty cells are None: unknown, not zero.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from extractors.numbers import parse_number
from extractors.regex_at import group_numbers


@dataclass
class Row:
    table_id: str
    index: int
    cells: list[str | None]
    cell_spans: list[tuple[int, int]]
    start: int
    end: int
    is_header: bool = False

    # written out: compiled by mypyc this __init__ is C; @dataclass's own runs as Python (see Num)
    def __init__(self, table_id: str, index: int, cells: list[str | None], cell_spans: list[tuple[int, int]],
                 start: int, end: int, is_header: bool = False) -> None:
        self.table_id, self.index, self.cells, self.cell_spans = table_id, index, cells, cell_spans
        self.start, self.end, self.is_header = start, end, is_header

    @property
    def row_ref(self) -> str:
        return f"{self.table_id}:r{self.index}"


@functools.lru_cache(maxsize=64)
def _column_pattern(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, regex.I)


@dataclass
class Table:
    table_id: str
    rows: list[Row]
    columns: list[str] = field(default_factory=list)
    section_id: str | None = None

    @property
    def data(self) -> list[Row]:
        return [r for r in self.rows if not r.is_header]

    def col(self, pattern: str) -> list[int]:
        rx = _column_pattern(pattern)
        return [j for j, c in enumerate(self.columns) if c and rx.search(c)]

    def label_col(self) -> int:
        """The column that names each row (the first wide text column after STT)."""
        best, width = 1 if len(self.columns) > 1 else 0, -1
        for j in range(min(3, len(self.columns))):
            w = sum(len(r.cells[j] or "") for r in self.data if j < len(r.cells))
            if w > width and not self._numeric_col(j):
                best, width = j, w
        return best

    def _numeric_col(self, j: int) -> bool:
        vals = [r.cells[j] for r in self.data if j < len(r.cells) and r.cells[j]]
        return bool(vals) and all(cell_number(v) is not None for v in vals)


_NUM_CELL = regex.compile(r"^\s*(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?:\s+[^\W\d_]+)?\s*$")
_PCT_CELL = regex.compile(r"^\s*(?P<n>\d+(?:[,.]\d+)?)\s?%\s*$")
_STT = regex.compile(r"^\s*(?:\d{1,3}|[IVX]{1,5}|[a-z])\.?\s*$")
_TOTAL_CELL = regex.compile(r"(?i)tổng|cộng")
_CELL_COUNT, = group_numbers(_NUM_CELL, "n")


def cell_number(cell: str | None) -> int | None:
    """The count in a cell ("2.738", "09", "240 lượt"), None when empty or not a count."""
    if cell is None:
        return None
    m = _NUM_CELL.match(cell)
    if not m:
        return None
    try:
        v = parse_number(m.group(_CELL_COUNT))
    except ValueError:
        return None
    return v if isinstance(v, int) else None


def cell_percent(cell: str | None) -> bool:
    return bool(cell and _PCT_CELL.match(cell))


def _from_segmenter(doc) -> list[Table]:
    tables: dict[str, list[Row]] = {}
    for r in doc.table_rows or []:
        cells = [c if (c is not None and str(c).strip() != "") else None for c in (r.get("cells") or [])]
        starts = r.get("cell_starts") or [r.get("char_start", 0)] * len(cells)
        ends = r.get("cell_ends") or [r.get("char_end", 0)] * len(cells)
        row = Row(str(r.get("table_id")), int(r.get("row") or 0), cells, list(zip(starts, ends)),
                  int(r.get("char_start") or 0), int(r.get("char_end") or 0), bool(r.get("is_header")))
        tables.setdefault(row.table_id, []).append(row)
    out = []
    for tid, rows in tables.items():
        rows.sort(key=lambda r: r.index)
        out.append(_finish(Table(tid, rows), doc, header_known=any(r.is_header for r in rows)))
    return out


def _from_text(doc) -> list[Table]:
    text = doc.text
    out: list[Table] = []
    cur: list[Row] = []
    pos = 0
    n_tab = 0

    def flush():
        nonlocal cur, n_tab
        if len(cur) >= 2:
            n_tab += 1
            tid = f"{doc.doc_id[:12]}-T{n_tab:02d}"
            for i, r in enumerate(cur):
                r.table_id, r.index = tid, i
            out.append(_finish(Table(tid, cur), doc, header_known=False))
        cur = []

    for line in text.splitlines(keepends=True):
        ls, body = pos, line.rstrip("\n")
        pos += len(line)
        if "\t" in body:
            cells, spans, c0 = [], [], ls
            for part in body.split("\t"):
                stripped = part.strip()
                lead = len(part) - len(part.lstrip())
                cells.append(stripped if stripped else None)
                spans.append((c0 + lead, c0 + lead + len(stripped)))
                c0 += len(part) + 1
            while cells and cells[-1] is None and len(cells) > 2:
                cells.pop()
                spans.pop()
            cur.append(Row("", 0, cells, spans, ls, ls + len(body)))
        elif len(body.strip()) <= 3:
            continue   # blank line or page-break debris inside a table
        else:
            flush()
    flush()
    return out


def _finish(t: Table, doc, header_known: bool) -> Table:
    if not header_known:
        for r in t.rows:
            first = r.cells[0] if r.cells else None
            rest = [c for c in r.cells[1:] if c]
            if first is not None and _STT.match(first):
                break
            if first and not rest:
                break   # a group label row ("CẤP TỈNH") starts the data
            if first is None and rest and any(_TOTAL_CELL.match(c) for c in rest):
                break   # a total row
            r.is_header = True
    width = max(len(r.cells) for r in t.rows)
    cols: list[list[str]] = [[] for _ in range(width)]
    for r in t.rows:
        if r.is_header:
            for j, c in enumerate(r.cells):
                if c:
                    cols[j].append(c)
    t.columns = [" / ".join(c) if c else "" for c in cols]
    t.section_id = doc.section_at(t.rows[0].start) if t.rows else None
    return t


def read_tables(doc) -> list[Table]:
    """The document's tables: the segmenter's rows when present, else the tab-separated text."""
    tables = _from_segmenter(doc) if doc.table_rows else []
    return tables or _from_text(doc)
