"""Separate footnote definitions from the body and link each to its anchor.

Textual forms handled:
  Definitions, at the start of a line: "¹ Kế hoạch số 4476/KH-UBND ngày 13/12/2019",
    "¹⁰ Kế hoạch số 18/KH-UBND ..." (superscript digits), "[3] Công văn số ..." (bracketed, only
    when the same "[3]" also appears in the body). A definition continues over the lines right
    below it (no blank line between) that are not another definition, at most 5 lines.
  Anchors: the same marker in running text — "năm 2020¹;", "Báo cáo⁴ kết quả", "[3]". Each
    definition takes the nearest unused anchor before it (seed 004 prints its 34 definitions in
    blocks at page breaks, after the paragraphs that cite them), else the first unused one after.
  Blocks: definitions that follow each other (blank lines between allowed) form a block that
    interrupts the body, often mid-sentence. `body_view` gives the body with the blocks cut out
    and a sentence broken by a block joined again, with an offset map into doc.text.
"""
from __future__ import annotations

from typing import Any

import bisect

import regex

from pipeline.model import row_id
from pipeline.segment import regexes as rx
from pipeline.segment.lines import Line

_BRACKETED_NUMBER = regex.compile(r"\[(\d{1,3})\]")
_MAX_CONTINUATION = 5


def _superscript_value(marker: str) -> int:
    v = 0
    for ch in marker:
        v = v * 10 + rx.SUPERSCRIPT_VALUE[ch]
    return v


def find_footnotes(doc_id: str, text: str, lines: list[Line], skip: set[int] | None = None
                   ) -> tuple[list[dict], set[int], list[tuple[int, int]]]:
    """(footnote rows, indexes of the definition lines, spans of the definition blocks)."""
    skip = skip or set()
    bracket_markers = None
    defs: list[tuple[str, Line, Any]] = []  # (form, line, match)
    for ln in lines:
        if ln.blank or ln.index in skip or ln.has_tab:
            continue
        c = ln.text[0]
        if c in rx.SUPERSCRIPT_DIGITS:
            m = rx.FOOTNOTE_DEF_SUPER.match(ln.text)
            if m:
                defs.append(("super", ln, m))
        elif c == "[":
            m = rx.FOOTNOTE_DEF_BRACKET.match(ln.text)
            if m:
                if bracket_markers is None:
                    bracket_markers = _bracket_anchor_counts(text)
                if bracket_markers.get(m.group("m"), 0) >= 2:  # itself plus an anchor
                    defs.append(("bracket", ln, m))
    if not defs:
        return [], set(), []

    def_lines: set[int] = set()
    spans: list[tuple[int, int, str, str, int]] = []  # start, end, marker, form, text start
    def_starts = {ln.index for _, ln, _ in defs}
    for form, ln, m in defs:
        end_line = ln
        def_lines.add(ln.index)
        for nxt in lines[ln.index + 1:ln.index + 1 + _MAX_CONTINUATION]:
            if nxt.blank or nxt.index in def_starts or nxt.index in skip or nxt.has_tab:
                break
            end_line = nxt
            def_lines.add(nxt.index)
        spans.append((ln.lstart, end_line.rend, m.group("m"), form, ln.lstart + m.start("rest")))

    # anchors: every occurrence of a marker outside the definition lines
    anchors: dict[tuple[str, str], list[int]] = {}
    def_ranges = sorted((s, e) for s, e, *_ in spans)
    starts = [s for s, _ in def_ranges]

    def inside_def(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < def_ranges[k][1]

    wanted_super = {mk for _, _, mk, form, _ in spans if form == "super"}
    if wanted_super:
        for m in rx.SUPERSCRIPT_RUN.finditer(text):
            if m.group(0) in wanted_super and not inside_def(m.start()):
                anchors.setdefault(("super", m.group(0)), []).append(m.start())
    wanted_bracket = {mk for _, _, mk, form, _ in spans if form == "bracket"}
    if wanted_bracket:
        for m in _BRACKETED_NUMBER.finditer(text):
            if m.group(1) in wanted_bracket and not inside_def(m.start()):
                anchors.setdefault(("bracket", m.group(1)), []).append(m.start())

    rows: list[dict] = []
    for n, (start, end, marker, form, text_start) in enumerate(spans, 1):
        avail = anchors.get((form, marker), [])  # sorted, unused anchors only
        k = bisect.bisect_left(avail, start)
        anchor = avail.pop(k - 1) if k > 0 else (avail.pop(0) if avail else None)
        alen = len(marker) + (2 if form == "bracket" else 0)
        rows.append({
            "footnote_id": row_id(doc_id, "F", n),
            "marker": marker,
            "anchor_start": anchor,
            "anchor_end": anchor + alen if anchor is not None else None,
            "char_start": start,
            "char_end": end,
            "text": " ".join(text[text_start:end].split()) or None,
        })
    return rows, def_lines, _blocks(lines, def_lines)


def _bracket_anchor_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in _BRACKETED_NUMBER.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return counts


def _blocks(lines: list[Line], def_lines: set[int]) -> list[tuple[int, int]]:
    """Spans of runs of definition lines (blank lines between them belong to the run)."""
    blocks: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for ln in lines:
        if ln.index in def_lines:
            if cur is None:
                cur = [ln.lstart, ln.rend]
            else:
                cur[1] = ln.rend
        elif not ln.blank and cur is not None:
            blocks.append((cur[0], cur[1]))
            cur = None
    if cur is not None:
        blocks.append((cur[0], cur[1]))
    return blocks


def body_view(text: str, blocks: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The text with footnote blocks cut out, and for each character its offset in `text`.

    Where a block interrupts a sentence (the text before it does not end a sentence and the text
    after it starts in lower case) the two halves are joined by one space, so 'rà soát văn' +
    block + 'bản và kiểm tra' reads 'rà soát văn bản và kiểm tra'.
    """
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for s, e in sorted(blocks):
        if s < pos:
            continue
        before = text[pos:s]
        j = e
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        head = before.rstrip()
        joins = head and not head.endswith((".", ":", ";", "!", "?")) and j < len(text) and text[j].islower()
        if joins:
            out.append(head)
            offsets.extend(range(pos, pos + len(head)))
            out.append(" ")
            offsets.append(pos + len(head))
            pos = j
        else:
            out.append(before)
            offsets.extend(range(pos, s))
            pos = e
    out.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(out), offsets
