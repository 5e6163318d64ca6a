"""sum_total over appendix tables.

  row total     in a table with a total column ("Tổng số") and columns that split it ("Cấp tỉnh",
                "Cấp huyện", "Cấp xã", or any column under "Chia ra ..."), each row's total equals the
                sum of its parts. Empty cells are unknown, not zero:
                  all parts filled, sum differs            -> error
                  known parts already exceed the total     -> error (an empty cell cannot be negative)
                  known parts fall short, some cell empty  -> warning: it balances only if the empty
                                                              cells hold the difference
                  known parts equal the total              -> pass
  column total  a "Tổng số" / "Tổng cộng" row under a list equals, per column, the sum of the numbers
                above it, or the count of marks ("X") when the column is ticked
"""
from __future__ import annotations

import regex

from extractors.numbers import render_int
from extractors.tabular import cell_number
from pipeline.checks.model import Context, Finding, Rule, severity_for

_MARK = regex.compile(r"^\s*[xX✓✔√+]\s*$")
_TOTAL_LABEL = regex.compile(r"(?i)^\s*(?:tổng\s+số|tổng\s+cộng|cộng|tổng)\s*:?\s*$")


def _n(v) -> str:
    return render_int(int(v))


def _row_sums(ctx: Context, t):
    tcols = t.col(r"^tổng\s+số|tổng\s+cộng")
    pcols = t.col(r"cấp\s+(?:tỉnh|huyện|xã|trung\s+ương)|chia\s+ra")
    if not tcols or len(pcols) < 2:
        return
    tc, lc = tcols[0], t.label_col()
    pcols = [j for j in pcols if j != tc]
    for r in t.data:
        total = cell_number(r.cells[tc]) if tc < len(r.cells) else None
        if total is None:
            continue
        cells = [(j, r.cells[j] if j < len(r.cells) else None) for j in pcols]
        known = [(j, cell_number(c)) for j, c in cells if cell_number(c) is not None]
        unknown = [j for j, c in cells if c is None]
        if not known:
            continue
        s = sum(v for _, v in known)  # type: ignore[misc]
        label = (r.cells[lc] if lc < len(r.cells) else None) or f"row {r.index}"
        terms = " + ".join(f"{t.columns[j].split('/')[-1].strip().lower()} {_n(v)}" for j, v in known)
        empty = ", ".join(t.columns[j].split("/")[-1].strip().lower() for j in unknown)
        start, end = r.start, r.end
        if s == total:
            msg = f"'{label}': Tổng số {_n(total)} = {terms}" + (f" ({empty}: empty)." if empty else ".")
            yield Finding("sum_total", "pass", "info", start, end, msg, float(s), float(total), [r.row_ref])
        elif not unknown or s > total:
            msg = f"'{label}': Tổng số {_n(total)} ≠ {terms} = {_n(s)}"
            msg += f" ({empty} empty; the known parts already exceed the total)." if unknown else " (all cells filled)."
            sev, note = severity_for(ctx, start, end, "error")
            yield Finding("sum_total", "fail", sev, start, end, msg + note, float(s), float(total), [r.row_ref])
        else:
            msg = (f"'{label}': Tổng số {_n(total)} but {terms} = {_n(s)} with {empty} empty (unknown); "
                   f"it balances only if the empty cell{'s hold' if len(unknown) > 1 else ' holds'} {_n(total - s)}, "
                   "which the report does not state.")
            yield Finding("sum_total", "fail", "warning", start, end, msg, float(s), float(total), [r.row_ref])


def _column_totals(ctx: Context, t):
    lc = t.label_col()
    data = t.data
    block_start = 0
    for i, r in enumerate(data):
        label = r.cells[lc] if lc < len(r.cells) else None
        if not (label and _TOTAL_LABEL.match(label)):
            continue
        above = data[block_start:i]
        block_start = i + 1
        for j, c in enumerate(r.cells):
            if j == lc:
                continue
            total = cell_number(c)
            if total is None:
                continue
            col = [a.cells[j] if j < len(a.cells) else None for a in above]
            filled = [x for x in col if x]
            if not filled:
                continue
            if all(_MARK.match(x) for x in filled):
                s, how = len(filled), "marks"
            elif all(cell_number(x) is not None for x in filled):
                s, how = sum(cell_number(x) for x in filled), "sum"  # type: ignore[misc]
            else:
                continue
            ok = s == total
            name = t.columns[j] if j < len(t.columns) and t.columns[j] else f"column {j + 1}"
            what = f"{s} rows marked" if how == "marks" else f"the rows above add up to {_n(s)}"
            msg = f"'{name}': total {_n(total)} {'=' if ok else '≠'} {what}."
            sev, note = ("info", "") if ok else severity_for(ctx, r.start, r.end, "error")
            yield Finding("sum_total", "pass" if ok else "fail", sev, r.start, r.end, msg + note, float(s),
                          float(total), [r.row_ref] + [a.row_ref for a in above if j < len(a.cells) and a.cells[j]])


def run(ctx: Context):
    for t in ctx.tables:
        yield from _row_sums(ctx, t)
        yield from _column_totals(ctx, t)


RULE = Rule("sum_total", ("tables",), run)
