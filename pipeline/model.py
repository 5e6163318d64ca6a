"""The objects that travel through the pipeline, one document at a time.

`RawDoc` is what an ingester returns (text as read, page ranges, tables found by the format
reader); `Doc` is the normalized document every segmenter and extractor reads. Extractors are
pure functions of a `Doc` and return rows (plain dicts keyed by the column names in
`schemas/tables.py`).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


class IngestError(Exception):
    """A document that cannot be read. `error_type` is short and machine-readable."""

    def __init__(self, error_type: str, message: str):
        super().__init__(message)
        self.error_type = error_type
        self.message = message


@dataclass
class Page:
    number: int            # 1-based
    char_start: int        # into the text (raw in RawDoc, normalized in Doc)
    char_end: int
    ocr: bool = False
    ocr_confidence: float | None = None
    needs_ocr: bool = False
    ocr_rotation: int | None = None


@dataclass
class SourceTable:
    """A table the format reader saw as a table (DOCX <w:tbl>, HTML <table>, PDF ruling).

    `char_start`/`char_end` locate its rendering (tab-separated rows) in the text.
    """
    rows: list[list[str | None]]
    char_start: int
    char_end: int


@dataclass
class RawDoc:
    text: str
    source_format: str
    pages: list[Page] = field(default_factory=list)
    tables: list[SourceTable] = field(default_factory=list)
    encoding: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (error_type, message)


@dataclass
class Doc:
    doc_id: str
    source_path: str
    source_format: str
    text: str
    pages: list[Page] = field(default_factory=list)
    tables: list[SourceTable] = field(default_factory=list)
    encoding: str | None = None
    # normalized index -> raw index (an array of int: array("q") or numpy); None when
    # normalization preserved every offset
    offset_map: Any = None
    # filled by segment
    meta: dict[str, Any] = field(default_factory=dict)
    sections: list[dict] = field(default_factory=list)
    footnotes: list[dict] = field(default_factory=list)
    table_rows: list[dict] = field(default_factory=list)
    debris: list[tuple[int, int]] = field(default_factory=list)
    _section_starts: list[int] = field(default_factory=list, repr=False)
    _section_ends: list[int] = field(default_factory=list, repr=False)
    _section_parent: list[int] = field(default_factory=list, repr=False)
    _page_starts: list[int] | None = field(default=None, repr=False)

    @property
    def ocr(self) -> bool:
        return any(p.ocr for p in self.pages)

    def section_at(self, pos: int) -> str | None:
        """section_id of the innermost section whose heading starts at or before `pos`."""
        if not self.sections:
            return None
        if len(self._section_starts) != len(self.sections):
            self._index_sections()
        ends = self._section_ends
        i = bisect.bisect_right(self._section_starts, pos) - 1
        # Jump to the enclosing section rather than the previous one: a position after a deep
        # subtree would otherwise walk back over all of it (thousands of articles in a law).
        while i >= 0:
            if pos < ends[i]:
                return self.sections[i]["section_id"]
            i = self._section_parent[i]
        return None

    def _index_sections(self) -> None:
        """Starts, ends and, per section, the last earlier section containing its start.

        The innermost section containing `pos` is the last-starting one among those that do;
        any earlier section containing `pos` also contains the start of every section between
        it and `pos`, so following these links from the bisected section misses none.
        """
        n = len(self.text)
        self._section_starts = [s["char_start"] for s in self.sections]
        self._section_ends = [s.get("body_end", n) for s in self.sections]
        parent: list[int] = []
        stack: list[int] = []
        for i, start in enumerate(self._section_starts):
            while stack and self._section_ends[stack[-1]] <= start:
                stack.pop()
            parent.append(stack[-1] if stack else -1)
            stack.append(i)
        self._section_parent = parent

    def page_at(self, pos: int) -> Page | None:
        if self._page_starts is None or len(self._page_starts) != len(self.pages):
            self._page_starts = [p.char_start for p in self.pages]
        i = bisect.bisect_right(self._page_starts, pos) - 1
        if i >= 0 and self.pages[i].char_start <= pos < self.pages[i].char_end:
            return self.pages[i]
        return None

    def is_ocr_at(self, pos: int) -> bool:
        p = self.page_at(pos)
        return bool(p and p.ocr)


def row_id(doc_id: str, kind: str, n: int) -> str:
    """Deterministic id of the n-th row of `kind` in a document: '<doc12>-<kind><n>'."""
    return f"{doc_id[:12]}-{kind}{n:04d}"
