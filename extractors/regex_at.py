"""Compile a regex that is matched at one position of a long text (`rx.match(text, pos)`).

Before trying a match at `pos`, the regex module searches the rest of the string for a literal
the pattern cannot match without ("/" in r"[ \t]*/", "của" in r"[ \t]+của[ \t]+..."). When that
literal is far away or absent, every match call costs a scan of the remaining text, and a loop of
match calls over a long document becomes quadratic. An alternative that never matches, "|(?!)",
turns that search off and changes nothing else.
"""
from __future__ import annotations

import regex

_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


def at_position(pattern: str, flags: int = 0) -> regex.Pattern:
    """`pattern` compiled for `.match(text, pos)` calls (leading inline flags kept in front)."""
    m = _INLINE_FLAGS.match(pattern)
    lead, body = (m.group(0), pattern[m.end():]) if m else ("", pattern)
    return regex.compile(f"{lead}(?:{body}|(?!))", flags)
