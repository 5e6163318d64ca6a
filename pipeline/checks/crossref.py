"""cross_reference: a figure an appendix table reports against the same figure in the body.

A table row that names a legal instrument ("Số đơn vị sự nghiệp ... theo ND43": 23) is compared
with the body's count of the same kind of unit after a mention of that instrument ("theo Nghị
định 43 của Chính phủ, đến nay thị xã ... giao 32 đơn vị sự nghiệp công lập"). A count that
follows "trong đó" is a part, not the figure. Equal: pass; different: warning (the body and the
table may count at different dates).
"""
from __future__ import annotations

import bisect
import itertools

import regex

from extractors.breakdowns import unit_after
from extractors.clauses import Sentences
from extractors.numbers import render_int
from extractors.tabular import cell_number
from pipeline.checks.model import Context, Finding, Rule

_INSTR = regex.compile(r"(?i)(?:nghị\s+định|nđ|nd)\s*(?:số\s*)?(?P<n>\d{1,4})(?:/(?P<y>\d{4})/n[đd]-cp)?\b")
_TRONG_DO_BEFORE = regex.compile(r"(?i)trong\s+đó(?:\s+có)?\s*:?\s*$")
_SUBJECT = regex.compile(r"(?i)^\s*(?:tổng\s+)?số\s+(?:lượng\s+)?(?:các\s+)?(?P<h>[^\W\d_]+)")


def run(ctx: Context):
    text = ctx.text
    table_spans = sorted((r.start, r.end) for t in ctx.tables for r in t.rows)
    span_starts = [s for s, _ in table_spans]
    ends_so_far = list(itertools.accumulate((e for _, e in table_spans), max))

    def in_table(pos):   # does a row span [s, e) hold pos? (the latest end among rows starting at or before pos)
        k = bisect.bisect_right(span_starts, pos) - 1
        return k >= 0 and ends_so_far[k] > pos

    sents = Sentences(text)
    mentions: dict[str, list[regex.Match]] | None = None   # read once a table row names an instrument
    counts = [n for n in ctx.nums if not n.percent and isinstance(n.value, int)]
    count_starts = [n.start for n in counts]
    for t in ctx.tables:
        tcols = t.col(r"^tổng\s+số|tổng\s+cộng")
        if not tcols:
            continue
        tc, lc = tcols[0], t.label_col()
        for r in t.data:
            label = r.cells[lc] if lc < len(r.cells) else None
            total = cell_number(r.cells[tc]) if tc < len(r.cells) else None
            if not label or total is None:
                continue
            im = _INSTR.search(label)
            sm = _SUBJECT.match(label)
            if not im or not sm:
                continue
            head = sm.group("h").lower()
            if mentions is None:
                mentions = {}
                for m in _INSTR.finditer(text):
                    if not in_table(m.start()):
                        mentions.setdefault(m.group("n"), []).append(m)
            found = []
            for m in mentions.get(im.group("n"), []):
                s0, s1 = sents.span(m.start())
                j = bisect.bisect_left(count_starts, m.end())   # the first count after the mention
                if j == len(counts) or counts[j].start >= min(s1, m.end() + 200):
                    continue
                n = counts[j]
                if _TRONG_DO_BEFORE.search(text[max(s0, n.start - 20):n.start]):
                    continue
                u = unit_after(text, n.end, 1)
                if u and u.split()[0] == head:
                    found.append(n)
            if not found:
                continue
            values = sorted({int(n.value) for n in found})
            ok = values == [total]
            where = ", ".join(f"{render_int(int(n.value))} at {n.start}" for n in found)
            msg = (f"Table row '{label}' reports {render_int(total)}; the body, after the mention of "
                   f"Nghị định {im.group('n')}, gives {where}.")
            if not ok:
                msg += " The two should agree (a typo or a different reference date?)."
            body = [v for v in values if v != total] or values
            yield Finding("cross_reference", "pass" if ok else "fail", "info" if ok else "warning",
                          r.start, r.end, msg, float(body[0]), float(total), [r.row_ref])


RULE = Rule("cross_reference", ("tables", "text"), run)
