"""Split a text into lines that keep their offsets, the unit every segmenter scans.

A `Line` is one line of `doc.text` without its "\\n": `start`/`end` are its offsets, `lstart`/`rend`
the offsets of its first and last-plus-one non-blank character (equal to `start` for a blank
line). Scanning line by line with anchored, bounded patterns keeps segmentation linear even on a
multi-megabyte text without a single newline: patterns only ever look at `Line.text` (the
first `HEAD_CHARS` characters of the stripped line).
"""
from __future__ import annotations

HEAD_CHARS = 600
_BLANKS = " \t\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"


class Line:
    """One line; a plain class, not a NamedTuple: compiled, it is built and read as a C struct,
    and a document has one per line."""

    __slots__ = ("index", "start", "end", "lstart", "rend", "text", "has_tab", "blank")

    def __init__(self, index: int, start: int, end: int, lstart: int, rend: int, text: str, has_tab: bool,
                 blank: bool) -> None:
        self.index = index
        self.start = start        # offset of the line's first character
        self.end = end            # offset of the "\n" (or the text end)
        self.lstart = lstart      # first non-blank character
        self.rend = rend          # last non-blank character + 1
        self.text = text          # the stripped line, cut to HEAD_CHARS
        self.has_tab = has_tab    # a tab anywhere in the raw line: a tab-separated table row
        self.blank = blank        # nothing but blanks on the line

    def __repr__(self) -> str:
        return f"Line({self.index}, {self.start}, {self.end}, {self.text[:40]!r})"


def split_lines(text: str) -> list[Line]:
    """Every line of `text`, blank ones included, in order."""
    out: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        end = pos + len(raw)
        left = raw.lstrip(_BLANKS)
        if not left:
            out.append(Line(i, pos, end, pos, pos, "", "\t" in raw, True))
        else:
            lstart = end - len(left)
            rend = lstart + len(left.rstrip(_BLANKS))
            out.append(Line(i, pos, end, lstart, rend, left[:min(rend - lstart, HEAD_CHARS)], "\t" in raw, False))
        pos = end + 1
    return out


def strip_markup(s: str) -> str:
    """The line without markdown emphasis and table pipes ('**KT. CHỦ TỊCH' -> 'KT. CHỦ TỊCH')."""
    return s.replace("**", "").replace("__", "").strip(" *_|#\t")
