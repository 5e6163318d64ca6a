"""Text of an OCR'd page rebuilt from Tesseract's word boxes: reading order, paragraphs, tables.

Tesseract's own text output reads a ruled table column by column or cell block by cell block
(most OCR errors measured on report tables were reading order, not letters), and it keeps the
printed line breaks. From the word boxes (TSV) this module rebuilds:
  * Table rows. Words whose centre lies in a ruled grid (`scan_prep.find_grids`) go to the
    cell under them (or each cell is read on its own); "words" closer than 0.2 x their height
    are one word there (Tesseract splits a narrow cell's "149" into "1 4 9"); a row band becomes one line of cells joined by "\\t" (a cell's words in
    reading order, joined by " "), and a `SourceTable` whose merged cells are None, as the
    DOCX and HTML readers write them.
  * Lines. The other words are grouped by Tesseract's text lines; lines on one baseline (a
    two-column header: "Số: 12/BC-UBND      Hà Nội, ngày ...") are merged, with "\\t" over a
    gap wider than 2 character heights, as the PDF text-layer reader does.
  * Paragraphs. Printed lines of one paragraph are joined into one line (" "), so a text
    reads as a DOCX does: one line per paragraph. A new paragraph starts after a vertical gap
    over 1.4x the usual line pitch, at an indented line, after a line that stops short of the
    right margin, at a line in capitals after one that is not (a heading: "1. MỤC ĐÍCH"), before
    a line that starts with a list mark ("- ", "+ ", "a) ") after a line ending in . ; :, and
    around tab-separated lines.
  * A line ending in "-" or "/" whose next line starts with a capital or digit ("KH-" then
    "UBND") is joined without a space only where `ocr_repair` validates the joined code.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

import regex

COLUMN_GAP = 2.0          # gap / character height above which two words are two columns
PARAGRAPH_PITCH = 1.4     # line pitch / usual pitch above which a paragraph ends
CELL_JOIN_GAP = 0.2       # in a table cell, words closer than this x height are one word
_LIST_MARK = regex.compile(r"^(?:[-+•*]\s|[a-zđ]\)\s|[IVXLC]+\.\s|\d+(?:\.\d+)*\.\s)")
_SENTENCE_END = regex.compile(r"[.;:!?]$")
_NUMBER_SO_FAR = regex.compile(r"\d{1,3}(?:\.\d{1,3})*(?:,\d{0,3})?|\d{4,6}")


@dataclass
class Word:
    text: str
    conf: float
    left: int
    top: int
    right: int
    bottom: int
    line_key: tuple[int, int, int] = (0, 0, 0)   # Tesseract's (block, paragraph, line)

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> int:
        return self.bottom - self.top


@dataclass
class _Line:
    words: list[Word]
    left: int
    top: int
    right: int
    bottom: int
    text: str = ""


_TRAILING = frozenset(".,;:)”\"'")
_D_READINGS = frozenset("ĐÐD")  # Tesseract reads one "Đ" as "ĐĐ" / "ĐÐ" on one box
_SUPERSCRIPT = {**{str(d): "⁰¹²³⁴⁵⁶⁷⁸⁹"[d] for d in range(10)}, "!": "¹", "?": "²"}


def raised_tail(ink, box: tuple[int, int, int, int], punctuation: bool = False) -> int | None:
    """x where a raised tail of the word in `box` starts (small marks above the baseline at its
    right end: a footnote mark), from the ink itself; None when the word ends on the baseline.
    `ink` is the page as a boolean array (True = ink). Tesseract's symbol boxes are too rough for
    this: a raised "2" after "2019" gets a box from the top of the line to below the baseline."""
    import numpy as np

    left, top, right, bottom = box
    region = ink[top:bottom, left:right]
    if region.size == 0:
        return None
    has_ink = region.any(axis=0)
    if has_ink.sum() < 4:
        return None
    height = bottom - top
    lowest = height - 1 - np.argmax(region[::-1, :], axis=0)   # lowest ink row of each column
    baseline = float(np.median(lowest[has_ink]))
    raised = has_ink & (lowest < baseline - 0.3 * height)
    start = None
    width = region.shape[1]
    if punctuation:  # the word ends in "," "." ";": step over that narrow last blob first
        x = width - 1
        while x >= 0 and not has_ink[x]:
            x -= 1
        blob_end = x
        while x >= 0 and has_ink[x]:
            x -= 1
        if blob_end - x > 0.3 * height:
            return None
        width = x + 1
    for x in range(width - 1, -1, -1):
        if not has_ink[x]:
            if start is not None:
                break  # white space before the mark: it stands apart, as a mark does
            continue
        if not raised[x]:
            return None  # joined to a glyph on the baseline: the top bar of a "7", not a mark
        start = x
    if start is None or start == 0 or (width - start) > 0.8 * height:
        return None
    # a mark is a glyph of some height, not a speck
    highest = np.argmax(region, axis=0)
    tail = has_ink[start:width]
    extent = lowest[start:width][tail].max() - highest[start:width][tail].min()
    if extent < 0.25 * height or (width - start) < 0.12 * height:
        return None
    return left + start


def symbols_to_text(symbols: list[tuple[str, tuple[int, int, int, int]]], raised_from: int | None = None) -> str:
    """A word's text from its symbols (text, (left, top, right, bottom)): a second reading of a
    "Đ" lying on the box of the one before (one glyph read twice: "QĐĐ") is dropped; trailing digits that sit high and
    small (bottom above the word's baseline by 30 % of the letter height, height under 3/4 of
    it), or that lie right of `raised_from` (`raised_tail`: where the ink of the word's end rises
    off the baseline), are footnote marks, written as superscripts ("!" and "?" are how
    Tesseract reads a raised 1 and 2)."""
    kept: list[tuple[str, tuple[int, int, int, int]]] = []
    for text, box in symbols:
        if kept:
            pl, pt, pr, pb = kept[-1][1]
            l, t, r, b = box
            inter = max(0, min(pr, r) - max(pl, l))
            if inter > 0.5 * min(pr - pl, r - l) and text in _D_READINGS and kept[-1][0] in _D_READINGS:
                continue
        kept.append((text, box))
    if len(kept) < 2:
        return "".join(t for t, _ in kept)
    heights = sorted(b - t for _, (_, t, _, b) in kept)
    bottoms = sorted(b for _, (_, _, _, b) in kept)
    height = heights[len(heights) // 2]
    baseline = bottoms[len(bottoms) // 2]
    end = len(kept)
    while end > 1 and kept[end - 1][0] in _TRAILING:  # "tỉnh³." / "2020¹," : marks before punctuation
        end -= 1
    tail = "".join(t for t, _ in kept[end:])
    kept = kept[:end]
    cut = len(kept)
    while cut > 1:
        text, (_, t, r, b) = kept[cut - 1]
        small_and_high = b < baseline - 0.3 * height and (b - t) < 0.75 * height
        if text in _SUPERSCRIPT and (small_and_high or (raised_from is not None and r > raised_from + 2)):
            cut -= 1
        else:
            break
    if cut == len(kept) or cut == 0:
        return "".join(t for t, _ in kept) + tail
    return "".join(t for t, _ in kept[:cut]) + "".join(_SUPERSCRIPT[t] for t, _ in kept[cut:]) + tail


def words_from_tsv(tsv: str) -> list[Word]:
    """Words (level 5 rows with text) of Tesseract's TSV output."""
    words = []
    for row in tsv.splitlines():
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        if not text:
            continue
        try:
            left, top, width, height = (int(v) for v in parts[6:10])
            conf = float(parts[10])
            key = (int(parts[2]), int(parts[3]), int(parts[4]))
        except ValueError:
            continue
        words.append(Word(text, conf, left, top, left + width, top + height, key))
    return words


def layout(words: list[Word], grids: list, cell_words: dict | None = None
           ) -> tuple[str, list[tuple[list[list[str | None]], int, int]]]:
    """(page text, [(rows, char_start, char_end)]) from word boxes and the page's ruled grids.
    `cell_words` ({(grid, band, cell): words}) holds the words of cells read one by one; without
    it the words lying in a grid are put in the cell under their centre."""
    in_grid: dict[int, list[Word]] = {k: [] for k in range(len(grids))}
    free: list[Word] = []
    for w in words:
        for k, g in enumerate(grids):
            if g.left <= w.cx <= g.right and g.top <= w.cy <= g.bottom:
                in_grid[k].append(w)
                break
        else:
            free.append(w)
    blocks: list[tuple[int, object]] = [(line.top, line) for line in _lines(free)]
    if cell_words is not None:
        for (k, b, c), ws in cell_words.items():
            in_grid[k].extend(ws)
    blocks += [(g.top, ("grid", k)) for k, g in enumerate(grids) if in_grid[k]]
    blocks.sort(key=lambda b: b[0])

    lines_only = [b for _, b in blocks if isinstance(b, _Line)]
    pitch = _usual_pitch(lines_only)
    margin_left, margin_right = _margins(lines_only)
    out: list[str] = []
    tables = []
    pos = 0
    paragraph: list[str] = []
    prev: _Line | None = None

    def flush():
        nonlocal pos, paragraph
        if paragraph:
            text = _join_printed_lines(paragraph)
            out.append(text + "\n")
            pos += len(text) + 1
            paragraph = []

    for _, block in blocks:
        if not isinstance(block, _Line):
            flush()
            prev = None
            k = block[1]
            per_cell = None if cell_words is None else {(b, c): ws for (g, b, c), ws in cell_words.items() if g == k}
            rows = _grid_rows(grids[k], in_grid[k], per_cell)
            rendering = "\n".join("\t".join(c or "" for c in row) for row in rows)
            tables.append((rows, pos, pos + len(rendering)))
            out.append(rendering + "\n")
            pos += len(rendering) + 1
            continue
        if prev is None or _starts_paragraph(prev, block, pitch, margin_left, margin_right):
            flush()
        paragraph.append(block.text)
        prev = block
    flush()
    return "".join(out), tables


def _lines(words: list[Word], join_gap: float = 0.0) -> list[_Line]:
    """Tesseract's text lines, merged when they share a baseline, top to bottom. Words closer
    than `join_gap` x their height are one word (a narrow table cell read as "1 4 9")."""
    by_key: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        by_key.setdefault(w.line_key, []).append(w)
    lines = [_Line(ws, min(w.left for w in ws), min(w.top for w in ws), max(w.right for w in ws),
                   max(w.bottom for w in ws)) for ws in by_key.values()]
    lines.sort(key=lambda ln: (ln.top + ln.bottom) / 2)
    merged: list[_Line] = []
    for ln in lines:
        last = merged[-1] if merged else None
        if last is not None:
            overlap = min(last.bottom, ln.bottom) - max(last.top, ln.top)
            smaller = min(last.bottom - last.top, ln.bottom - ln.top)
            side_by_side = ln.left >= last.right or ln.right <= last.left
            if side_by_side and smaller > 0 and overlap >= smaller / 2:
                last.words.extend(ln.words)
                last.left, last.right = min(last.left, ln.left), max(last.right, ln.right)
                last.top, last.bottom = min(last.top, ln.top), max(last.bottom, ln.bottom)
                continue
        merged.append(ln)
    for ln in merged:
        ln.words.sort(key=lambda w: w.left)
        height = statistics.median(w.height for w in ln.words)
        parts = [ln.words[0].text]
        for a, b in zip(ln.words, ln.words[1:]):
            gap = b.left - a.right
            parts.append("\t" if gap > COLUMN_GAP * height else "" if gap < join_gap * height else " ")
            parts.append(b.text)
        ln.text = "".join(parts)
    return merged


def _usual_pitch(lines: list[_Line]) -> float:
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top]
    if not pitches:
        return 0.0
    pitches.sort()
    return pitches[len(pitches) // 4]  # the lower quartile: pitch inside a paragraph


def _margins(lines: list[_Line]) -> tuple[int, int]:
    if not lines:
        return 0, 0
    lefts = sorted(ln.left for ln in lines)
    rights = sorted(ln.right for ln in lines)
    return lefts[len(lefts) // 10], rights[len(rights) * 9 // 10]


def _starts_paragraph(prev: _Line, line: _Line, pitch: float, left: int, right: int) -> bool:
    height = statistics.median(w.height for w in line.words) or 1
    if "\t" in prev.text or "\t" in line.text:
        return True
    if pitch and line.top - prev.top > PARAGRAPH_PITCH * pitch:
        return True
    if line.left - left > 1.5 * height:
        return True
    if right - prev.right > 6 * height:
        return True
    if _capitals(line.text) and not _capitals(prev.text):
        return True  # a heading in capitals ("1. MỤC ĐÍCH") after ordinary text
    return bool(_LIST_MARK.match(line.text) and _SENTENCE_END.search(prev.text))


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _join_printed_lines(lines: list[str]) -> str:
    from pipeline.ingest.ocr_repair import join_split_code

    text = lines[0]
    for nxt in lines[1:]:
        text = join_split_code(text, nxt)
    return text


def _grid_rows(grid, words: list[Word], per_cell: dict | None = None) -> list[list[str | None]]:
    """One row per band: each cell's words in reading order; merged cells None after the first."""
    cols = grid.columns
    rows: list[list[str | None]] = []
    for b, ((top, bottom), walls) in enumerate(zip(grid.bands, grid.band_walls)):
        cells: list[list[Word]] = [[] for _ in range(len(walls) - 1)]
        if per_cell is not None:
            for k in range(len(walls) - 1):
                cells[k] = per_cell.get((b, k), [])
        else:
            for w in words:
                if top <= w.cy < bottom:
                    for k in range(len(walls) - 1):
                        if walls[k] <= w.cx < walls[k + 1]:
                            cells[k].append(w)
                            break
        row: list[str | None] = []
        for k in range(len(walls) - 1):
            span = max(1, cols.index(walls[k + 1]) - cols.index(walls[k]))
            row.append(_cell_text(cells[k]))
            row.extend([None] * (span - 1))
        rows.append(row)
    width = len(cols) - 1
    rows = [r + [None] * (width - len(r)) for r in rows]
    return [r for r in rows if any(c for c in r)] or rows


def _cell_text(words: list[Word]) -> str:
    if not words:
        return ""
    lines = [ln.text.replace("\t", " ") for ln in _lines(words, CELL_JOIN_GAP)]
    text = lines[0]
    for nxt in lines[1:]:
        text = _join_cell_lines(text, nxt)
    return text


def _join_cell_lines(text: str, nxt: str) -> str:
    """Join the printed lines of a narrow cell: a number or word broken by the cell's width
    ("2." | "738", "Cấ" | "p") is rejoined when the joined token is a number, or a Vietnamese
    syllable whose second piece is not one; anything else is joined with a space."""
    from pipeline.ingest.legacy import is_syllable
    from pipeline.ingest.ocr_repair import join_split_code

    tail = text.rsplit(" ", 1)[-1]
    head = nxt.split(" ", 1)[0]
    joined = tail + head
    if tail and head and (
            (tail[-1] in "0123456789." and head[0].isdigit() and _NUMBER_SO_FAR.fullmatch(joined))
            or (tail.isalpha() and head.isalpha() and is_syllable(joined) and not is_syllable(head))):
        return text + nxt
    return join_split_code(text, nxt)
