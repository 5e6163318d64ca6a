"""clause_start / clause_end / line_span give what a plain walk over the characters gives.

Past a few dozen characters they look boundaries up in an index of the text (so long lines cost a
bisection, not a scan); the reference here is the walk they were first written as.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.clauses import CLAUSE_DELIMS, _abbrev_before, clause_end, clause_start, line_span


def walk_start(text, pos, floor=0):
    i = pos - 1
    while i >= floor:
        if text[i] in CLAUSE_DELIMS:
            return i + 1
        if text[i] == "." and i + 1 < len(text) and text[i + 1] in " \t\n" and not _abbrev_before(text, i):
            return i + 1
        i -= 1
    return floor


def walk_end(text, pos, ceil=None):
    n = len(text) if ceil is None else ceil
    i = pos
    while i < n:
        c = text[i]
        if c in CLAUSE_DELIMS:
            return i
        if c == "." and (i + 1 >= len(text) or text[i + 1] in " \t\n"):
            return i
        i += 1
    return n


def walk_line(text, pos):
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


PIECE = st.sampled_from(["a", "bc ", " ", ".", ". ", ".\n", ",", ";", "(", ")", "\n", "TP. ", "Tp.", "x" * 70,
                         " " * 90, "hồ sơ ", "12", "\t", "[", "]"])
TEXT = st.lists(PIECE, min_size=1, max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.data())
def test_same_as_walking(text, data):
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, pos))
    ceil = data.draw(st.integers(pos, len(text)))
    assert clause_start(text, pos, floor) == walk_start(text, pos, floor)
    assert clause_start(text, pos) == walk_start(text, pos)
    assert clause_end(text, pos) == walk_end(text, pos)
    assert clause_end(text, pos, ceil) == walk_end(text, pos, ceil)
    assert line_span(text, pos) == walk_line(text, pos)


def test_long_line_positions():
    text = ("Số hồ sơ đã giải quyết là 88 " * 600 + "TP. Hà Nội; ") * 3 + "\n" + "x" * 9000
    for pos in range(0, len(text), 397):
        assert clause_start(text, pos, 10) == walk_start(text, pos, 10)
        assert clause_end(text, pos) == walk_end(text, pos)
        assert line_span(text, pos) == walk_line(text, pos)
