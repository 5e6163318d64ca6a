"""Arithmetic and consistency checks over one document's rows (statcheck / GRIM / XBRL style).

    check(doc, rows) -> {"findings": [...]}

`rows` holds what earlier stages produced for the document (dossier_stats, percentages,
citations; sections are read from `doc.sections`). Each rule is declared in its own module and
listed in RULES:

  flow            sum_total    received = resolved + pending; resolved = its parts; one measure, one value
  parts           sum_total    totals against the parts the text lists; survey answers; listed names
  table_sums      sum_total    appendix rows: Tổng số = sum of the level columns (empty = unknown);
                               a Tổng số row = its column
  percent         percentage / fraction / rounding   percentages recomputed with rounding intervals
  crossref        cross_reference  a table figure against the body's figure for the same instrument
  structure       structure    repeated section numbers
  citations       citation     conflicting citations

Both passing and failing checks are written (status pass / fail); severity separates errors from
warnings (truncation, inferred bases, approximate figures, OCR pages) and from info (passes).
"""
from __future__ import annotations

from pipeline.checks import citations, crossref, flow, parts, percent, structure, table_sums
from pipeline.checks.model import Context, Finding, Rule
from pipeline.model import row_id

RULES: list[Rule] = [flow.RULE, parts.RULE, table_sums.RULE, percent.RULE, crossref.RULE,
                     structure.RULE, citations.RULE]

__all__ = ["check", "RULES", "Finding", "Rule", "Context"]


def check(doc, rows) -> dict:
    ctx = Context(doc, rows)
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule.run(ctx))
    found.sort(key=lambda f: (f.start, f.end, f.rule, f.status, f.message))
    out = []
    for i, f in enumerate(found, 1):
        ocr = ctx.ocr(f.start, f.end)
        if ocr and f.status == "fail" and f.severity == "error":
            # rules that know their figures downgrade themselves; this catches the others
            f.severity = "warning"
            f.message += " It rests on an OCR page: this may be an OCR misreading."
        out.append({
            "doc_id": doc.doc_id,
            "finding_id": row_id(doc.doc_id, "F", i),
            "rule": f.rule,
            "severity": f.severity,
            "status": f.status,
            "char_start": int(f.start),
            "char_end": int(f.end),
            "expected": f.expected,
            "reported": f.reported,
            "message": f.message,
            "evidence": list(f.evidence),
            "ocr": ocr,
        })
    return {"findings": out}
