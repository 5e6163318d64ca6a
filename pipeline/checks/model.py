"""What a check rule is, what it reads, and what it returns.

A rule is declared once (`Rule`): its name, the rows and document parts it reads, and a
function from a `Context` to `Finding`s. Every finding carries the arithmetic spelled out in
`message`, the value recomputed from the parts (`expected`) and the value the text reports
(`reported`), the span of the figures it rests on, and `evidence`: the ids of those rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

MAX_SPAN = 600   # a finding spans its figures when they are this close, else the reported figure


@dataclass
class Finding:
    rule: str
    status: str                   # fail / pass
    severity: str                 # error / warning / info
    start: int
    end: int
    message: str
    expected: float | None = None
    reported: float | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    name: str
    reads: tuple[str, ...]
    run: Callable[["Context"], Iterable[Finding]]


class Context:
    """The document and the rows earlier stages produced for it, with shared derived views."""

    def __init__(self, doc, rows: dict):
        self.doc = doc
        self.text = doc.text
        rows = rows or {}
        self.stats: list[dict] = list(rows.get("dossier_stats") or [])
        self.pcts: list[dict] = list(rows.get("percentages") or [])
        self.citations: list[dict] = list(rows.get("citations") or [])
        secs = list(doc.sections or []) or list(rows.get("sections") or [])
        self.sections: list[dict] = sorted(secs, key=lambda s: s.get("char_start", 0))
        self.stat_at = {s["char_start"]: s for s in self.stats}

    @cached_property
    def pct_id_at(self) -> dict[int, str]:
        """pct_id of the percentage row starting at each offset."""
        return {p["char_start"]: p["pct_id"] for p in self.pcts}

    @cached_property
    def nums(self):
        from extractors.dossiers import skip_spans
        from extractors.numbers import find_numbers
        return find_numbers(self.text, skip_spans(self.doc))

    @cached_property
    def breakdowns(self):
        from extractors.breakdowns import find_breakdowns
        return find_breakdowns(self.text, self.nums, self.stats)

    @cached_property
    def tables(self):
        from extractors.tabular import read_tables
        return read_tables(self.doc)

    def ocr(self, start: int, end: int) -> bool:
        return any(self.doc.is_ocr_at(p) for p in (start, max(start, end - 1)))

    def stat_ids(self, starts: Iterable[int]) -> list[str]:
        return [self.stat_at[s]["stat_id"] for s in starts if s in self.stat_at]

    def section_of(self, pos: int) -> str | None:
        return self.doc.section_at(pos)


def span_of(spans: list[tuple[int, int]], reported: tuple[int, int]) -> tuple[int, int]:
    """The figures' span when they sit together, else the reported figure's own span."""
    s = min(a for a, _ in spans)
    e = max(b for _, b in spans)
    return (s, e) if e - s <= MAX_SPAN else reported


def severity_for(ctx: Context, start: int, end: int, base: str, approximate: bool = False) -> tuple[str, str]:
    """(severity, note): an error on an OCR page or about approximate figures is only a warning."""
    if base != "error":
        return base, ""
    if ctx.ocr(start, end):
        return "warning", " The figures lie on an OCR page: this may be an OCR misreading."
    if approximate:
        return "warning", " The text gives the figures as approximate."
    return base, ""
