"""Repairs of OCR text, each validated by the number or citation grammar, never blind.

Forms repaired (only in OCR output; text layers are left as the author typed them):
  * Eth for D-stroke: "Ð" (U+00D0, what Tesseract often reads for "Đ") -> "Đ", and the doubled
    reading "ÐĐ" -> "Đ"; "ĐĐ" in a document symbol ("06/QĐĐ-UBND", Tesseract's usual reading of
    "QĐ" in DejaVu/Times) -> "Đ" when the single-Đ code is a known code of the citation grammar
    (`extractors.citations.codes.ALL_CODES`) and the doubled one is not ("ĐĐBQH" stays).
  * Look-alike letters inside numbers, dates and document numbers: O/o -> 0, l/I/| -> 1, when
    the token has real digits and reads, once repaired, as a number ("1.2O5" -> "1.205"), a date
    ("1O/l0/2018" -> "10/10/2018") or the number part of a symbol ("2O18/NĐ-CP"). Words are
    never touched: "lo", "Ol" have no digit.
  * A footnote mark read as "!" or "?" right after a figure ("năm 2020!" -> "năm 2020¹",
    "2019?" -> "2019²"); marks Tesseract boxes apart are already superscripts (`ocr_layout`).
  * A thousands dot read as a comma before exactly three digits in a figure followed by a
    counted noun ("2,473 hồ sơ" -> "2.473 hồ sơ"): Vietnamese writes decimals with a comma, so
    only a figure that cannot be a decimal (followed by hồ sơ / thủ tục / văn bản / lượt / ...)
    is repaired.
  * A thousands dot followed by a space ("2. 473 hồ sơ" -> "2.473 hồ sơ"), same condition.
  * "SIT" / "S1T" (or any 2-4 character reading starting with S) heading the first column of a
    table whose cells below are mostly ordinals (1, 2, 3 / I, II / a, b) -> "STT" (số thứ tự).
  * A Roman-numeral heading whose dot was lost or read as "L" ("II KẾT QUẢ", "IIL KẾT QUẢ")
    -> "II. KẾT QUẢ", when the rest of the line is in capitals (the heading grammar).
  * A code split at a printed line end after "-" or "/" ("KH-" | "UBND"): joined without a
    space when the joined token is a document number by the citation grammar
    (`extractors.citations.regexes.SYMBOL_RE`, imported read-only), with a space otherwise
    ("2011 -" | "2020" stays "2011 - 2020").
pypdfium2's U+0002 / U+FFFE line-end hyphen marks are restored by the PDF reader itself
(`pdf._clean`), before any of this.
"""
from __future__ import annotations

import regex

_ETH = regex.compile(r"Ð(?=Đ)|Ð")
_CONFUSABLE = "OolI|"
_DIGITISH = regex.compile(r"(?<![\p{L}\d])[\dOolI|]{1,5}(?:[./,][\dOolI|]{1,5}){0,3}(?![\p{L}\d])")
NUMBER_SHAPES = regex.compile(
    r"\d{1,3}(?:\.\d{3})+(?:,\d{1,3})?"          # 1.234 / 12.345,5
    r"|\d{1,5}(?:,\d{1,3})?"                      # 120 / 95,5
    r"|\d{1,2}/\d{1,2}/(?:19|20)\d\d"             # 10/10/2018
    r"|\d{1,2}/(?:19|20)\d\d"                     # 10/2018
    r"|\d{1,5}/(?:19|20)\d\d/?"                   # 61/2018 (number part of a QPPL symbol)
)
# counted nouns after a figure of things (a decimal never counts these)
_COUNTED = (r"(?:hồ[ \t]+sơ|thủ[ \t]+tục|TTHC|văn[ \t]+bản|lượt|cuộc|người|cán[ \t]+bộ|công[ \t]+chức|"
            r"đơn[ \t]+vị|cơ[ \t]+quan|trường[ \t]+hợp|tài[ \t]+khoản|giấy|bản|tin|bài)")
_COMMA_THOUSANDS = regex.compile(r"(?<![\d.,])(\d{1,3}),(\d{3})(?![\d,.])(?=[ \t]+" + _COUNTED + ")")
_SPACED_THOUSANDS = regex.compile(r"(?<![\d.,])(\d{1,3})\.[ \t](\d{3})(?![\d,.])(?=[ \t]+" + _COUNTED + ")")
# "2020!" / "2019?": a raised footnote mark 1 or 2 read as punctuation (reports do not exclaim
# or ask right after a figure)
_MARK_AFTER_DIGITS = regex.compile(r"(?<=\d)[!?](?=[\s,.;:)]|$)")
_TAIL = regex.compile(r"\S+$")
_HEAD = regex.compile(r"^\S+")
_SPLIT_END = regex.compile(r"[\p{Lu}\d][-/]$")


def join_split_code(line: str, nxt: str) -> str:
    """Join two printed lines of a paragraph: without a space when `line` ends a code with '-'
    or '/' and the joined token is a document number; else with one space."""
    if _SPLIT_END.search(line) and nxt[:1].isupper() or (_SPLIT_END.search(line) and nxt[:1].isdigit()):
        try:
            from extractors.citations.regexes import SYMBOL_RE
        except ImportError:
            return f"{line} {nxt}"
        tail = _TAIL.search(line).group()
        joined = tail + _HEAD.match(nxt).group()
        m = SYMBOL_RE.search(joined)
        if m is not None and m.start() < len(tail) < m.end():
            return line + nxt
    return f"{line} {nxt}"


_DOUBLED_D = regex.compile(r"(?<=[\d/-])([A-ZĐ]{0,6}?)ĐĐ([A-ZĐ]{0,6})(?=[-/]|[^\w]|$)")


def _undouble_d(m) -> str:
    """'QĐĐ' -> 'QĐ' in a document symbol when 'QĐ' is a known code and 'QĐĐ' is not
    ('ĐĐBQH', a real code, stays)."""
    try:
        from extractors.citations.codes import ALL_CODES
    except ImportError:
        return m.group()
    single = m.group(1) + "Đ" + m.group(2)
    doubled = m.group()
    return single if single in ALL_CODES and doubled not in ALL_CODES else doubled


def _digits_repair(m) -> str:
    token = m.group()
    if not any(c in _CONFUSABLE for c in token):
        return token
    digits = sum(c.isdigit() for c in token)
    confusables = sum(c in _CONFUSABLE for c in token)
    if digits < 1 or confusables > digits:
        return token
    fixed = token.translate(str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}))
    return fixed if NUMBER_SHAPES.fullmatch(fixed) else token


# "II KẾT QUẢ ..." / "IIL KẾT QUẢ": the dot of a Roman-numeral heading lost or read as L/1,
# when the rest of the line is an all-capitals heading
_ROMAN_HEADING = regex.compile(r"^([IVX]{1,4})(?:[L1l|]|(?=\s))\s+(?=\p{Lu}{2,})")


def _heading_dot(line: str) -> str:
    m = _ROMAN_HEADING.match(line)
    if m is None:
        return line
    rest = line[m.end():]
    letters = [c for c in rest if c.isalpha()]
    if len(letters) < 6 or sum(c.isupper() for c in letters) < 0.9 * len(letters):
        return line
    return f"{m.group(1)}. {rest}"


def repair_line(line: str) -> tuple[str, int]:
    """(repaired line, number of repairs)."""
    count = 0
    fixed = _heading_dot(line)
    count += fixed != line
    line = fixed

    def counted(fn):
        def inner(m):
            nonlocal count
            out = fn(m)
            count += out != m.group()
            return out
        return inner

    line = _ETH.sub(counted(lambda m: "Đ" if m.group() == "Ð" else ""), line)
    if "ĐĐ" in line:
        line = _DOUBLED_D.sub(counted(_undouble_d), line)
    line = _DIGITISH.sub(counted(_digits_repair), line)
    line = _MARK_AFTER_DIGITS.sub(counted(lambda m: "¹" if m.group() == "!" else "²"), line)
    line = _COMMA_THOUSANDS.sub(counted(lambda m: f"{m.group(1)}.{m.group(2)}"), line)
    line = _SPACED_THOUSANDS.sub(counted(lambda m: f"{m.group(1)}.{m.group(2)}"), line)
    return line, count


_STT = regex.compile(r"[S5$][TIl1|][TIl1|]\.?", regex.IGNORECASE)
_ORDINAL = regex.compile(r"\d{1,3}\.?|[IVX]{1,4}\.?|[a-zđ]\)?")


def _header_stt(rows: list) -> int:
    """'SIT' / 'S1T' in the first header cell of a column of ordinals (1, 2, 3 / I, II) is
    'STT' (số thứ tự), the usual first column of a Vietnamese table."""
    if len(rows) < 3 or not rows[0] or not rows[0][0] or rows[0][0].upper() in ("STT", "STT."):
        return 0
    cell = rows[0][0].replace(" ", "")  # "5 T T": STT printed letter under letter
    below = [r[0] for r in rows[1:] if r and r[0]]
    if (_STT.fullmatch(cell) or (cell[:1] in "S5$" and len(cell) <= 4)) and below and sum(bool(_ORDINAL.fullmatch(c)) for c in below) * 2 > len(below):
        rows[0][0] = "STT" if cell[:1].isupper() else "stt"
        return 1
    return 0


def repair_page(text: str, tables: list) -> tuple[str, list, int]:
    """Repair every line of a page; tables are repaired cell by cell and their spans recomputed."""
    total = 0
    lines = text.split("\n")
    # line index ranges of each table rendering
    pos = 0
    line_at = {}
    for i, ln in enumerate(lines):
        line_at[pos] = i
        pos += len(ln) + 1
    table_lines = {}
    for t, (rows, s, e) in enumerate(tables):
        first = line_at[s]
        table_lines[first] = (t, len(rows))
    out: list[str] = []
    new_tables = []
    i = 0
    pos = 0
    while i < len(lines):
        if i in table_lines:
            t, n = table_lines[i]
            rows = []
            total += _header_stt(tables[t][0])
            for row in tables[t][0]:
                new_row = []
                for cell in row:
                    if cell is None:
                        new_row.append(None)
                        continue
                    fixed, k = repair_line(cell)
                    total += k
                    new_row.append(fixed)
                rows.append(new_row)
            rendering = "\n".join("\t".join(c or "" for c in r) for r in rows)
            new_tables.append((rows, pos, pos + len(rendering)))
            out.extend(rendering.split("\n"))
            pos += len(rendering) + 1
            i += n
            continue
        fixed, k = repair_line(lines[i])
        total += k
        out.append(fixed)
        pos += len(fixed) + 1
        i += 1
    return "\n".join(out), new_tables, total
