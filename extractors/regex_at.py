"""Compile a regex that is matched at one position of a long text (`rx.match(text, pos)`), and scan
a text for a pattern from the places it can open.

Before trying a match at `pos`, the regex module searches the rest of the string for a literal
the pattern cannot match without ("/" in r"[ \t]*/", "của" in r"[ \t]+của[ \t]+..."). When that
literal is far away or absent, every match call costs a scan of the remaining text, and a loop of
match calls over a long document becomes quadratic. An alternative that never matches, "|(?!)",
turns that search off and changes nothing else.
"""
from __future__ import annotations

import regex

# `regex` lets go of the GIL around every match on a str and takes it back before it returns (and
# once more at the start, to look for signals): about 0.3 µs a call that a single-threaded worker
# pays for nothing. Passed as the `concurrent` argument at the call sites that run thousands of
# times per document, positionally (`rx.match(text, pos, None, KEEP_GIL)`; finditer takes
# `overlapped` before it): a keyword argument costs more than the GIL's round trips.
KEEP_GIL = False


def group_numbers(rx: regex.Pattern, *names: str) -> tuple[int, ...]:
    """The numbers of `rx`'s named groups, for the hot call sites: given a name, `m.group`,
    `m.span`, `m.start` and `m.end` first try it as a number, and the error they format and drop
    makes each call 4x the cost of the same call with the group's number (~0.7 µs more). The
    numbers hold for the `at_position` copy of a pattern too (it adds no group)."""
    return tuple(rx.groupindex[n] for n in names)


_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def at_position(pattern: str, flags: int = 0) -> regex.Pattern:
    """`pattern` compiled for `.match(text, pos)` calls (leading inline flags kept in front)."""
    m = _INLINE_FLAGS.match(pattern)
    lead, body = (m.group(0), pattern[m.end():]) if m else ("", pattern)
    return regex.compile(f"{lead}(?:{body}|(?!))", flags)


_AT: dict[tuple[str, int], regex.Pattern] = {}


def finditer_from(rx: regex.Pattern, text: str, openings: tuple[str, ...]) -> list:
    """What `rx.finditer(text)` finds, for a pattern whose every match starts with one of the
    strings `openings`: the pattern is tried only where str.find finds one of them. A regex scan
    for an alternation of words stops at every character of the text; str.find runs at memory
    speed. Matches are kept as finditer keeps them: none starts inside the previous one."""
    key = (rx.pattern, rx.flags)
    at = _AT.get(key)
    if at is None:
        at = _AT[key] = at_position(rx.pattern, rx.flags)
    places = set()
    for w in openings:
        i = text.find(w)
        while i >= 0:
            places.add(i)
            i = text.find(w, i + 1)
    return matches_at(at, text, sorted(places))


def matches_at(at: regex.Pattern, text: str, places: list[int]) -> list:
    """The matches of `at` (compiled by `at_position`) tried at the sorted `places`, kept as
    finditer keeps them: a place inside the previous match is not tried. The same as finditer
    when every match of the pattern starts at one of the places."""
    out = []
    end = 0
    for p in places:
        if p >= end:
            m = at.match(text, p, None, KEEP_GIL)
            if m:
                out.append(m)
                end = m.end()
    return out
