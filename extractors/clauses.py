"""Sentence, clause and line boundaries of report text, for reading the words around a number.

A sentence ends at a line break, or at "." / "!" / "?" followed by white space and an upper-case
letter, a digit or a list mark ("-", "+", "*"). A clause also ends at ";", "," and brackets; ":"
does not end a clause, because "đã giải quyết: trước hạn 64 hồ sơ" is one phrase.
"""
from __future__ import annotations

import bisect

import regex

_SENT_END = regex.compile(r"\n|[.!?](?=[ \t]+[\p{Lu}\d\-+*•(\"“])|[.!?](?=[ \t]*$)", regex.M)
CLAUSE_DELIMS = set(";,()\n[]")


class Sentences:
    """Sentence spans of a text, looked up by position."""

    def __init__(self, text: str):
        self.text = text
        bounds = [0]
        for m in _SENT_END.finditer(text):
            bounds.append(m.end())
        bounds.append(len(text))
        self.starts = sorted(set(bounds))

    def span(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        s = self.starts[max(i, 0)]
        e = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return s, e


def line_span(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


def clause_start(text: str, pos: int, floor: int = 0, delims: set[str] = CLAUSE_DELIMS) -> int:
    """Start of the clause that ends at `pos` (just after the last delimiter before it)."""
    i = pos - 1
    while i >= floor:
        if text[i] in delims:
            return i + 1
        if text[i] == "." and i + 1 < len(text) and text[i + 1] in " \t\n" and not _abbrev_before(text, i):
            return i + 1
        i -= 1
    return floor


def clause_end(text: str, pos: int, ceil: int | None = None, delims: set[str] = CLAUSE_DELIMS) -> int:
    """End of the clause that starts at `pos` (the next delimiter after it)."""
    n = len(text) if ceil is None else ceil
    i = pos
    while i < n:
        c = text[i]
        if c in delims:
            return i
        if c == "." and (i + 1 >= len(text) or text[i + 1] in " \t\n"):
            return i
        i += 1
    return n


def _abbrev_before(text: str, i: int) -> bool:
    """"TP." / "TT." / "Tp." before a name: not a sentence end."""
    w = regex.search(r"(\w+)$", text[max(0, i - 6):i])
    return bool(w and w.group(1) in {"TP", "Tp", "TT", "Th", "PGS", "TS", "ThS", "KT", "TM"})
