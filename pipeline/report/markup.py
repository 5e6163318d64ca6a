"""A document's text as HTML with its citations, figures and check marks inline.

Every character of the text is escaped (a report that contains `<script>` shows it as text);
the only markup is what this module adds, with attribute values escaped too.

What is drawn:
  - citations:     <a class="ann cite">  linking to the instrument's page
  - dossier stats: <span class="ann fig">
  - percentages:   <span class="ann pct">
  each with data-parse (the extracted row as JSON, shown by report.js on hover) and a title.
  - findings:      <span class="mark mark-fail"> (red) or "mark mark-pass" (green, hidden until
    asked for) placed right after the figure the check says is wrong (the evidence row whose
    value is the reported one), else at the end of the finding's span. Findings without a span
    are returned separately and shown above the text.

Spans that overlap an earlier, longer one are not drawn inline (HTML cannot cross elements);
they are counted in `Marked.hidden` so the page can say so.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from markupsafe import Markup, escape

CITE_FIELDS = ("doc_type", "ref", "number", "year", "symbol", "date", "issuer_text", "family", "via",
               "relation", "anomaly", "instrument_key")
FIG_FIELDS = ("metric", "value", "scope", "period_text", "group_id", "approximate")
PCT_FIELDS = ("value", "numerator", "denominator", "base_text", "approximate")


@dataclass
class Marked:
    html: Markup
    doc_level: list[Markup] = field(default_factory=list)  # marks of findings without a span
    hidden: int = 0                                        # overlapping spans not drawn inline
    element_ids: dict[str, str] = field(default_factory=dict)  # row id -> element id


def num(v) -> str:
    """2473.0 -> '2473', 15.909 -> '15.909', None -> '?'."""
    if v is None:
        return "?"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def _attrs(**kw) -> Markup:
    parts = []
    for k, v in kw.items():
        if v is None:
            continue
        parts.append(f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"')
    return Markup("".join(parts))


def _parse(kind: str, row: dict, fields: tuple[str, ...]) -> tuple[str, str]:
    d = {"kind": kind, "text": row.get("text")}
    d.update({f: row.get(f) for f in fields if row.get(f) is not None})
    as_json = json.dumps(d, ensure_ascii=False, default=str)
    title = "\n".join(f"{k}: {v}" for k, v in d.items())
    return as_json, title


def finding_label(f: dict) -> str:
    sign = "✗" if f.get("status") == "fail" else "✓"
    if f.get("expected") is not None and f.get("reported") is not None:
        rel = "≠" if f.get("status") == "fail" else "="
        return f"{sign} {f.get('rule')}: reported {num(f['reported'])} {rel} expected {num(f['expected'])}"
    return f"{sign} {f.get('rule')}"


def mark_html(f: dict, n: int, evidence_elements: list[str]) -> Markup:
    status = "fail" if f.get("status") == "fail" else "pass"
    note = f"{f.get('severity') or ''} · {f.get('message') or ''}".strip(" ·")
    return Markup('<span class="mark mark-{s}" tabindex="0"{a}>{label}<span class="mark-note">{note}</span></span>').format(
        s=status, a=_attrs(id=f"finding-{n}", data_evidence=" ".join(evidence_elements) or None,
                           data_rule=f.get("rule")),
        label=finding_label(f), note=note)


def _marker_position(f: dict, rows_by_id: dict[str, dict]) -> int | None:
    """Right after the evidence figure whose value is the reported one, else the span's end."""
    rep = f.get("reported")
    if rep is not None:
        for rid in f.get("evidence") or []:
            r = rows_by_id.get(rid)
            if r is not None and r.get("value") is not None and abs(float(r["value"]) - float(rep)) < 1e-9:
                return r["char_end"]
    return f.get("char_end")


def mark_up(text: str, citations: list[dict], stats: list[dict], pcts: list[dict], findings: list[dict],
            cite_href) -> Marked:
    """The annotated HTML of `text`. `cite_href(row)` gives a citation's link (or None)."""
    n = len(text)
    ents = []  # (start, end, kind, row, id_field, element_id)
    for kind, rows, id_field, prefix in (("cite", citations, "citation_id", "c"), ("fig", stats, "stat_id", "d"),
                                         ("pct", pcts, "pct_id", "p")):
        for i, r in enumerate(rows):
            s, e = r.get("char_start"), r.get("char_end")
            if s is None or e is None or not (0 <= s < e <= n):
                continue
            ents.append((s, e, kind, r, id_field, f"{prefix}{i}"))
    ents.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept, hidden, last_end = [], 0, 0
    for t in ents:
        if t[0] >= last_end:
            kept.append(t)
            last_end = t[1]
        else:
            hidden += 1
    element_ids = {t[3][t[4]]: t[5] for t in kept if t[3].get(t[4]) is not None}

    rows_by_id = {r[k]: r for rows, k in ((stats, "stat_id"), (pcts, "pct_id"), (citations, "citation_id"))
                  for r in rows if r.get(k) is not None}
    marks, doc_level = [], []
    for i, f in enumerate(findings):
        ev = [element_ids[x] for x in (f.get("evidence") or []) if x in element_ids]
        html = mark_html(f, i, ev)
        pos = _marker_position(f, rows_by_id)
        if pos is None or not (0 <= pos <= n):
            doc_level.append(html)
        else:
            marks.append((pos, i, html))
    # a mark that falls inside a drawn span goes right after it
    starts = [t[0] for t in kept]
    import bisect
    placed = []
    for pos, i, html in marks:
        j = bisect.bisect_right(starts, pos - 1) - 1
        if j >= 0 and kept[j][0] < pos < kept[j][1]:
            pos = kept[j][1]
        placed.append((pos, 0, i, html))

    items = sorted([(t[0], 1, k, t) for k, t in enumerate(kept)] + placed, key=lambda x: x[:3])
    out, pos = [], 0
    for at, kind, _, obj in items:
        if at > pos:
            out.append(escape(text[pos:at]))
            pos = at
        if kind == 0:
            out.append(obj)
            continue
        s, e, ekind, row, _, eid = obj
        fields = CITE_FIELDS if ekind == "cite" else FIG_FIELDS if ekind == "fig" else PCT_FIELDS
        as_json, title = _parse(ekind, row, fields)
        href = cite_href(row) if ekind == "cite" else None
        tag = "a" if href else "span"
        out.append(Markup("<{t} class=\"ann {k}\"{a}>{body}</{t}>").format(
            t=Markup(tag), k=ekind, a=_attrs(id=eid, href=href, data_parse=as_json, title=title),
            body=text[s:e]))
        pos = e
    out.append(escape(text[pos:]))
    return Marked(Markup("").join(out), doc_level, hidden, element_ids)
