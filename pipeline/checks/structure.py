"""structure: section numbering that repeats.

A heading whose numbering an earlier sibling already used ("II. KẾT QUẢ ..." then "II. PHƯƠNG
HƯỚNG ...", "4.2." twice) is an error; the numbering it should have had is the successor of the
repeated one ("III", "4.3"). The same heading line repeated right after itself ("4. Xây dựng ..."
twice in a row) is a warning: a copy artefact rather than a numbering mistake.

When the segmenter marks anomalies, its duplicate_numbering marks are used (it knows where
numbering legitimately restarts: parts, appendices, amending articles); otherwise repeats among
siblings are found here. Skipped or out-of-order numbering stays an attribute of the sections
table: it is common in legal texts and says nothing about the figures.
"""
from __future__ import annotations

import regex

from pipeline.checks.model import Context, Finding, Rule

_ROMAN_NUMBERING = regex.compile(r"[IVXLCDM]+")
_DOTTED = regex.compile(r"((?:\d+\.)*)(\d+)")
_LETTER = regex.compile(r"[a-zđ]")
_SPACES = regex.compile(r"\s+")

_ROMAN = [("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50),
          ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1)]


def _roman_to_int(s: str) -> int | None:
    s, i, v = s.upper(), 0, 0
    for sym, val in _ROMAN:
        while s.startswith(sym, i):
            v += val
            i += len(sym)
    return v if i == len(s) and v else None


def _int_to_roman(n: int) -> str:
    out = ""
    for sym, val in _ROMAN:
        while n >= val:
            out += sym
            n -= val
    return out


def successor(numbering: str) -> str | None:
    """The numbering after `numbering`: "II" -> "III", "2.1.3" -> "2.1.4", "a" -> "b"."""
    if _ROMAN_NUMBERING.fullmatch(numbering or ""):
        v = _roman_to_int(numbering)
        return _int_to_roman(v + 1) if v else None
    m = _DOTTED.fullmatch(numbering or "")
    if m:
        return f"{m.group(1)}{int(m.group(2)) + 1}"
    if _LETTER.fullmatch(numbering or ""):
        return "đ" if numbering == "d" else ("e" if numbering == "đ" else chr(ord(numbering) + 1))
    return None


def _norm(h: str | None) -> str:
    return _SPACES.sub(" ", (h or "").strip(" .:")).casefold()


def _show(s: dict) -> str:
    return f"'{s.get('numbering')}. {(s.get('heading') or '')[:60]}' at {s.get('char_start')}"


def _earlier_twin(secs: list[dict], i: int) -> dict | None:
    s = secs[i]
    for j in range(i - 1, -1, -1):
        o = secs[j]
        if o.get("numbering") == s.get("numbering") and o.get("level") == s.get("level") \
                and o.get("parent_id") == s.get("parent_id"):
            return o
    for j in range(i - 1, -1, -1):
        o = secs[j]
        if o.get("numbering") == s.get("numbering") and o.get("level") == s.get("level"):
            return o
    return None


def _duplicates(secs: list[dict]) -> list[int]:
    """Indexes of repeated numbering: the segmenter's judgement when it gives one (it knows the
    document's parts and appendices, where numbering legitimately restarts), else every heading
    whose numbering an earlier sibling used."""
    if any("anomaly" in s for s in secs):
        return [i for i, s in enumerate(secs) if s.get("anomaly") == "duplicate_numbering"]
    seen, out = set(), []
    for i, s in enumerate(secs):
        key = (s.get("parent_id"), s.get("level"), s.get("numbering"))
        if s.get("numbering") and key in seen:
            out.append(i)
        seen.add(key)
    return out


def run(ctx: Context):
    secs = ctx.sections
    for i in _duplicates(secs):
        s = secs[i]
        num = s.get("numbering")
        first = _earlier_twin(secs, i)
        prev = secs[i - 1] if i > 0 else None
        copy = first is not None and prev is first and _norm(first.get("heading")) == _norm(s.get("heading"))
        nxt = successor(num)  # type: ignore[arg-type]
        if copy:
            msg = (f"The heading {_show(s)} repeats the line right before it ({_show(first)}): "  # type: ignore[arg-type]
                   "a duplicated heading, probably a copy artefact.")
        elif first is not None:
            msg = (f"Section number {num} is used twice: {_show(first)} and {_show(s)}"
                   + (f"; the second should be {nxt}." if nxt else "."))
        else:
            msg = f"Section number {num} of {_show(s)} repeats an earlier one."
        yield Finding("structure", "fail", "warning" if copy else "error", s["char_start"],
                      s.get("char_end", s["char_start"] + len(num or "")), msg, None, None,
                      [x.get("section_id") for x in (first, s) if x and x.get("section_id")])  # type: ignore[misc]


RULE = Rule("structure", ("sections",), run)
