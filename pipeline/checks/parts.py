"""sum_total over the parts the text lists for a total (see `extractors.breakdowns` for the forms).

  bracket / list   the listed parts add up to the total: "131 TTHC (27 TTHC ...; 02 TTHC ...)",
                   "658 người, trong đó: 65 ...; 593 ...". After "trong đó" (of which) the text may
                   name only some parts: a shortfall there is not a finding, an excess is.
                   Parts counted in another unit than the total ("20 cán bộ, công chức ..., gồm 21
                   chức danh và 01 chức danh ...") make a mismatch a warning: one person may hold two
                   positions.
  survey           the answers of a survey question add up to the number surveyed
  enumeration      a stated count equals the number of names listed after it
  fraction_set     fractions of one base that together make the whole ("(28/35) và ... (07/35)")
"""
from __future__ import annotations

import regex

from extractors.numbers import render_int
from pipeline.checks.model import Context, Finding, Rule, severity_for

_TRAILING_VERBS = regex.compile(r"(?:\s+(?:được|là|đã|có|đều|chưa|gồm))+$")


def _n(v) -> str:
    return render_int(int(v))


def _evidence(ctx: Context, b) -> list[str]:
    starts = [p.start for p in b.parts] + ([b.total.start] if b.total is not None else [])
    ids = ctx.stat_ids(sorted(starts))
    pct_at = ctx.pct_id_at
    ids += [pct_at[p.pct.start] for p in b.parts if p.pct is not None and p.pct.start in pct_at]
    if not ids:
        sid = ctx.section_of(b.start)
        ids = [sid] if sid else []
    return ids


def run(ctx: Context):
    # legal texts state rules (durations, shares, formulas), not results: their mismatches are
    # reported, but as warnings
    legal = (ctx.doc.meta or {}).get("kind") == "legal_document"
    for f in _run(ctx):
        if legal and f.severity == "error":
            f.severity = "warning"
            f.message += " (A legal text: the figures may be rules or examples rather than results.)"
        yield f


def _run(ctx: Context):
    for b in ctx.breakdowns:
        counted = b.counted
        approx = bool(b.total is not None and b.total.approximate)
        if b.kind in ("bracket", "list"):
            s = sum(p.value for p in counted)
            t = b.total_value
            if s < t and (b.subset or b.cut):
                continue   # "trong đó" may name only some parts; a wrapped line may hide the rest
            ok = s == t
            terms = " + ".join(_n(p.value) for p in counted)
            unit = f" {b.total_unit}" if b.total_unit else ""
            msg = f"{_n(t)}{unit} {'=' if ok else '≠'} {terms} = {_n(s)} (the parts listed)."
            dropped = [p for p in b.parts if p.excluded]
            if dropped:
                msg += " Not counted as parts: " + "; ".join(f"{_n(p.value)} ({p.excluded})" for p in dropped) + "."
            heads = {(p.unit or "").split()[0] for p in counted if p.unit}
            base = "error"
            total_head = (b.total_unit or "").split()[0] if b.total_unit else None
            if not ok and total_head and heads and total_head not in heads:
                base = "warning"
                msg += (f" The parts are counted in '{sorted(heads)[0]}', the total in '{b.total_unit}': "
                        "the two may legitimately differ.")
            sev, note = ("info", "") if ok else severity_for(ctx, b.start, b.end, base, approx)
            yield Finding("sum_total", "pass" if ok else "fail", sev, b.start, b.end, msg + note,
                          float(s), float(t), _evidence(ctx, b))
        elif b.kind == "survey":
            if b.total is None:
                continue
            s = sum(p.value for p in b.parts)
            ok = s == b.total_value
            terms = " + ".join(f"{p.unit} {_n(p.value)}" for p in b.parts)
            msg = (f"Survey answers {terms} = {_n(s)} {'=' if ok else '≠'} the {_n(b.total_value)} surveyed "
                   f"(stated at {b.total.start}).")
            sev, note = ("info", "") if ok else severity_for(ctx, b.start, b.end, "warning")
            yield Finding("sum_total", "pass" if ok else "fail", sev, b.start, b.end, msg + note,
                          float(s), float(b.total_value), _evidence(ctx, b))
        elif b.kind == "enumeration":
            k = len(b.items)
            ok = k == b.total_value
            unit = _TRAILING_VERBS.sub("", b.total_unit or "")
            msg = (f"{_n(b.total_value)} {unit} stated, {k} listed: " + "; ".join(b.items) + ".")
            yield Finding("sum_total", "pass" if ok else "fail", "info" if ok else "warning", b.start, b.end,
                          msg, float(k), float(b.total_value), _evidence(ctx, b))
        elif b.kind == "fraction_set":
            s = sum(p.value for p in b.parts)
            terms = " + ".join(f"{_n(p.value)}/{_n(b.total_value)}" for p in b.parts)
            msg = f"{terms}: the numerators add up to the common base {_n(b.total_value)}."
            yield Finding("sum_total", "pass", "info", b.start, b.end, msg, float(s), float(b.total_value),
                          _evidence(ctx, b))


RULE = Rule("sum_total", ("text", "dossier_stats", "percentages"), run)
