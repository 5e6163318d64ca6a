"""Sentence, clause and line boundaries of report text, for reading the words around a number.

A sentence ends at a line break, or at "." / "!" / "?" followed by white space and an upper-case
letter, a digit or a list mark ("-", "+", "*"). A clause also ends at ";", "," and brackets; ":"
does not end a clause, because "đã giải quyết: trước hạn 64 hồ sơ" is one phrase.
"""
from __future__ import annotations

import bisect
import functools

import regex

from extractors.regex_at import KEEP_GIL

# the definition; `_sentence_starts` finds the ends of its matches with str.find, not a scan that
# stops at every character (tests/test_driven_scans.py holds the two equal)
_SENT_END = regex.compile(r"\n|[.!?](?=[ \t]+[\p{Lu}\d\-+*•(\"“])|[.!?](?=[ \t]*$)", regex.M)
_OPENS_SENTENCE = "-+*•(\"“"
_UPPER_OR_DIGIT = regex.compile(r"[\p{Lu}\d]")
CLAUSE_DELIMS = set(";,()\n[]")


@functools.lru_cache(maxsize=4)
def _sentence_starts(text: str) -> tuple[int, ...]:
    # cached: the dossier, percentage, breakdown and check stages each split the same document
    n = len(text)
    ends = {0, n}
    i = text.find("\n")
    while i >= 0:
        ends.add(i + 1)
        i = text.find("\n", i + 1)
    for mark in ".!?":
        i = text.find(mark)
        while i >= 0:
            j = i + 1
            while j < n and text[j] in " \t":
                j += 1
            if j == n or text[j] == "\n" or (j > i + 1 and _opens_sentence(text[j])):
                ends.add(i + 1)
            i = text.find(mark, i + 1)
    return tuple(sorted(ends))


def _opens_sentence(c: str) -> bool:
    """[\\p{Lu}\\d\\-+*•(\"“]: an upper-case letter, a digit, a list mark or an opening quote (the
    regex decides outside ASCII: its Unicode tables are newer than Python's)."""
    if c < "\x80":
        return c in _OPENS_SENTENCE or "A" <= c <= "Z" or "0" <= c <= "9"
    return c in _OPENS_SENTENCE or _UPPER_OR_DIGIT.match(c) is not None


class Sentences:
    """Sentence spans of a text, looked up by position."""

    def __init__(self, text: str):
        self.text = text
        self.starts = _sentence_starts(text)

    def span(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        s = self.starts[max(i, 0)]
        e = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return s, e


# Boundaries are searched with str.rfind / str.find (C speed) over the WINDOW characters next to
# the position; past it they are looked up in an index of the text's boundaries, built on first
# need, so a clause or line of a megabyte (a report extracted without line breaks) costs a
# bisection per call, not a scan back to its start.
_WINDOW = 4096
_DELIM_CHARS = "".join(sorted(CLAUSE_DELIMS))


@functools.lru_cache(maxsize=4)
def _line_breaks(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in _NEWLINE.finditer(text, 0, None, False, KEEP_GIL))


@functools.lru_cache(maxsize=4)
def _clause_start_marks(text: str) -> tuple[int, ...]:
    """i + 1 for every i where clause_start stops (see there)."""
    return tuple(m.end() for m in _CLAUSE_START_DELIM.finditer(text, 0, None, False, KEEP_GIL)
                 if text[m.start()] != "." or not _abbrev_before(text, m.start()))


@functools.lru_cache(maxsize=4)
def _clause_end_marks(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in _CLAUSE_END_DELIM.finditer(text, 0, None, False, KEEP_GIL))


_NEWLINE = regex.compile(r"\n")
_CLAUSE_START_DELIM = regex.compile(r"[;,()\n\[\]]|\.(?=[ \t\n])")
_CLAUSE_END_DELIM = regex.compile(r"[;,()\n\[\]]|\.(?=[ \t\n]|\Z)")


def line_span(text: str, pos: int) -> tuple[int, int]:
    if pos < 0:
        s, e = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
        return s, (len(text) if e < 0 else e)
    s = text.rfind("\n", max(0, pos - _WINDOW), pos) + 1
    if s == 0 and pos > _WINDOW:
        breaks = _line_breaks(text)
        k = bisect.bisect_left(breaks, pos) - 1
        s = breaks[k] + 1 if k >= 0 else 0
    e = text.find("\n", pos, pos + _WINDOW)
    if e < 0 and pos + _WINDOW < len(text):
        breaks = _line_breaks(text)
        k = bisect.bisect_left(breaks, pos)
        e = breaks[k] if k < len(breaks) else -1
    return s, (len(text) if e < 0 else e)


def _walk_start(text: str, pos: int, floor: int, delims: set[str]) -> int:
    i = pos - 1
    while i >= floor:
        if text[i] in delims:
            return i + 1
        if text[i] == "." and i + 1 < len(text) and text[i + 1] in " \t\n" and not _abbrev_before(text, i):
            return i + 1
        i -= 1
    return floor


def clause_start(text: str, pos: int, floor: int = 0, delims: set[str] = CLAUSE_DELIMS) -> int:
    """Start of the clause that ends at `pos` (just after the last delimiter before it, or the
    last "." before white space that does not end an abbreviation such as "TP.")."""
    if delims is not CLAUSE_DELIMS or floor < 0 or pos > len(text):
        return _walk_start(text, pos, floor, delims)
    lo = max(floor, pos - _WINDOW)
    best = max(text.rfind(c, lo, pos) for c in _DELIM_CHARS)
    j = pos
    while True:   # a sentence dot after the last delimiter
        j = text.rfind(".", max(best + 1, lo), j)
        if j < 0:
            break
        if j + 1 < len(text) and text[j + 1] in " \t\n" and not _abbrev_before(text, j):
            return j + 1
    if best >= 0:
        return best + 1
    if lo == floor:
        return floor
    marks = _clause_start_marks(text)   # the last boundary before the window, if not before floor
    k = bisect.bisect_right(marks, lo) - 1
    return marks[k] if k >= 0 and marks[k] > floor else floor


def clause_end(text: str, pos: int, ceil: int | None = None, delims: set[str] = CLAUSE_DELIMS) -> int:
    """End of the clause that starts at `pos` (the next delimiter, or "." before white space or
    the end of the text)."""
    n = len(text) if ceil is None else ceil
    if delims is not CLAUSE_DELIMS or n > len(text) or pos < 0:
        i = pos
        while i < n:
            c = text[i]
            if c in delims:
                return i
            if c == "." and (i + 1 >= len(text) or text[i + 1] in " \t\n"):
                return i
            i += 1
        return n
    hi = min(n, pos + _WINDOW)
    found = [x for x in (text.find(c, pos, hi) for c in _DELIM_CHARS) if x >= 0]
    best = min(found) if found else hi
    j = pos
    while True:   # a sentence dot before the first delimiter
        j = text.find(".", j, best)
        if j < 0:
            break
        if j + 1 >= len(text) or text[j + 1] in " \t\n":
            return j
        j += 1
    if found:
        return best
    if hi >= n:
        return n
    marks = _clause_end_marks(text)   # the first boundary after the window, if before n
    k = bisect.bisect_left(marks, hi)
    return marks[k] if k < len(marks) and marks[k] < n else n


_LAST_WORD = regex.compile(r"(\w+)$")
_ABBREVIATIONS = {"TP", "Tp", "TT", "Th", "PGS", "TS", "ThS", "KT", "TM"}


def _abbrev_before(text: str, i: int) -> bool:
    """"TP." / "TT." / "Tp." before a name: not a sentence end."""
    w = _LAST_WORD.search(text[max(0, i - 6):i])
    return bool(w and w.group(1) in _ABBREVIATIONS)
