"""structure: section numbering that repeats.

A heading whose numbering an earlier sibling already used ("II. KẾT QUẢ ..." then "II. PHƯƠNG
HƯỚNG ...", "4.2." twice) is an error; the numbering it should have had is the successor of the
repeated one ("III", "4.3"). The same heading line repeated right after itself ("4. Xây dựng ..."
twice in a row) is a warning: a copy artefact rather than a numbering mistake. Other anomalies the
segmenter records (skipped_numbering, out_of_order) are warnings.
"""
from __future__ import annotations

import regex

from pipeline.checks.model import Context, Finding, Rule

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
    if regex.fullmatch(r"[IVXLCDM]+", numbering or ""):
        v = _roman_to_int(numbering)
        return _int_to_roman(v + 1) if v else None
    m = regex.fullmatch(r"((?:\d+\.)*)(\d+)", numbering or "")
    if m:
        return f"{m.group(1)}{int(m.group(2)) + 1}"
    if regex.fullmatch(r"[a-zđ]", numbering or ""):
        return "đ" if numbering == "d" else ("e" if numbering == "đ" else chr(ord(numbering) + 1))
    return None


def _norm(h: str | None) -> str:
    return regex.sub(r"\s+", " ", (h or "").strip(" .:")).casefold()


def _show(s: dict) -> str:
    return f"'{s.get('numbering')}. {(s.get('heading') or '')[:60]}' at {s.get('char_start')}"


def run(ctx: Context):
    secs = ctx.sections
    seen: dict[tuple, dict] = {}
    flagged = set()
    for i, s in enumerate(secs):
        num = s.get("numbering")
        if not num:
            continue
        key = (s.get("parent_id"), s.get("level"), num)
        first = seen.get(key)
        if first is None:
            seen[key] = s
            continue
        flagged.add(s.get("section_id"))
        prev = secs[i - 1] if i > 0 else None
        copy = prev is first and _norm(first.get("heading")) == _norm(s.get("heading"))
        nxt = successor(num)
        if copy:
            msg = (f"The heading {_show(s)} repeats the line right before it ({_show(first)}): "
                   "a duplicated heading, probably a copy artefact.")
        else:
            msg = (f"Section number {num} is used twice: {_show(first)} and {_show(s)}"
                   + (f"; the second should be {nxt}." if nxt else "."))
        yield Finding("structure", "fail", "warning" if copy else "error", s["char_start"],
                      s.get("char_end", s["char_start"] + len(num)), msg, None, None,
                      [x for x in (first.get("section_id"), s.get("section_id")) if x])
    for s in secs:
        a = s.get("anomaly")
        if not a or s.get("section_id") in flagged:
            continue
        if a == "duplicate_numbering":
            msg = f"The segmenter marks {_show(s)} as a repeated section number."
            sev = "error"
        else:
            msg = f"The segmenter marks {_show(s)} as {a.replace('_', ' ')}."
            sev = "warning"
        yield Finding("structure", "fail", sev, s["char_start"], s.get("char_end", s["char_start"] + 1), msg,
                      None, None, [s["section_id"]] if s.get("section_id") else [])


RULE = Rule("structure", ("sections",), run, __doc__)
