"""The pipeline stage: one document's mentions as rows of the citations table.

`extract(doc, rows)` runs `find_citations` on doc.text, then adds what only the document knows:
    self       the mention at doc.meta["doc_number_span"] (the report's own number), or, when the
               segmenter gave none, the first header "Số: ..." near the top; "(Kèm theo Báo cáo
               số ...)" in appendices unless it names another number than the document's own.
               A self mention without a date takes doc.meta["issue_date"].
    footnote   a mention inside a footnote definition (doc.footnotes, or footnote lines found here
               when the segmenter gave none) keeps its span on the definition text; the body
               anchor goes to anchor_start / anchor_end and decides section_id.
    boilerplate mentions inside doc.meta["boilerplate"] spans are dropped.
Then anomalies are recomputed (date conflicts of the document's own number) and every mention
gets its instrument_key.

Row conventions: doc_type is the type the text names (the cited word; "Kế hoạch" in "Kế hoạch
số 6192/QĐ-UBND", with anomaly type_symbol_mismatch), symbol_doc_type the type its symbol
implies; number is as written ("06"); for short forms only what the mention says is filled and
ref carries the full form it resolves to.
"""
from __future__ import annotations

from extractors.citations.anomalies import mark_anomalies
from extractors.citations.dates import as_date, place_date
from extractors.citations.find import find_citations, fold_lookalikes
from extractors.citations.models import Citation
from extractors.citations.resolve import footnote_blocks, instrument_key, norm_ref, ref_years

HEADER_ZONE = 1500  # chars from the top where the document's own "Số: ..." is looked for


def _mark_self(found: list[Citation], meta: dict) -> None:
    span = meta.get("doc_number_span")
    own = None
    if span:
        s, e = span
        for c in found:
            if c.start < e and s < c.end and c.ref:
                own = c
                break
    elif "doc_number_span" not in meta:  # the segmenter did not say: the first header near the top
        own = next((c for c in found if c.header and c.start < HEADER_ZONE), None)
    own_ref = norm_ref(own.ref) if own else meta.get("doc_number")  # type: ignore[arg-type]
    if own_ref:
        own_ref = norm_ref("".join(str(own_ref).split()))
    for c in found:
        if c is own:
            c.via = "self"
        elif c.attached_to and c.ref and own_ref and norm_ref(c.ref) != own_ref:
            c.via = "inline"  # attached to another instrument than this document


def _mark_footnotes(found: list[Citation], footnotes: list[dict]) -> dict[int, dict]:
    """index in `found` -> the footnote whose definition contains the mention."""
    out: dict[int, dict] = {}
    defs = sorted((f for f in footnotes if f.get("char_start") is not None), key=lambda f: f["char_start"])
    if not defs:
        return out
    for i, c in enumerate(found):
        for f in defs:
            if f["char_start"] <= c.start < f["char_end"]:
                out[i] = f
                if c.via != "self":
                    c.via = "footnote"
                break
            if f["char_start"] > c.start:
                break
    return out


def _drop_boilerplate(found: list[Citation], spans) -> list[Citation]:
    if not spans:
        return found
    keep = [i for i, c in enumerate(found) if not any(s <= c.start < e for s, e in spans)]
    new_index = {old: new for new, old in enumerate(keep)}
    out = [found[i] for i in keep]
    for c in out:
        if c.relation_source is not None:
            c.relation_source = new_index.get(c.relation_source)
            if c.relation_source is None:
                c.relation = None
        if c.resolved_index is not None:
            c.resolved_index = new_index.get(c.resolved_index)
    return out


def row_doc_type(c: Citation) -> str | None:
    """The type the text names: the cited word, unless it is the generic 'văn bản' on a typed symbol."""
    if c.cited and (c.cited != "Văn bản" or c.family == "cong_van"):
        return c.cited
    return c.doc_type


def extract(doc, rows=None) -> dict[str, list[dict]]:
    """Pipeline stage: {"citations": [row, ...]} for one Doc."""
    from pipeline.model import row_id

    text = doc.text
    meta = doc.meta or {}
    found = _drop_boilerplate(find_citations(text), meta.get("boilerplate"))
    _mark_self(found, meta)
    footnotes = _mark_footnotes(found, doc.footnotes or footnote_blocks(text))
    issue_date = as_date(meta.get("issue_date"))
    for c in found:
        if c.via == "self" and c.date is None and c.header:
            c.date = issue_date or place_date(text)
            if c.year is None and c.date:
                c.year = c.date.year
    work = fold_lookalikes(text)
    mark_anomalies(work, found)
    years = ref_years(found)
    scope = meta.get("province")
    ids = [row_id(doc.doc_id, "C", n + 1) for n in range(len(found))]
    out = []
    for i, c in enumerate(found):
        fn = footnotes.get(i)
        anchor_start = fn.get("anchor_start") if fn else None
        anchor_end = fn.get("anchor_end") if fn else None
        out.append({
            "doc_id": doc.doc_id, "citation_id": ids[i],
            "section_id": doc.section_at(anchor_start if anchor_start is not None else c.start),
            "char_start": c.start, "char_end": c.end, "text": c.text, "via": c.via,
            "doc_type": row_doc_type(c), "symbol_doc_type": c.doc_type, "number": c.number_raw,
            "year": c.year, "ref": c.ref or c.resolved_ref, "symbol": c.symbol,
            "type_code": c.type_code, "issuer_code": c.issuer_code, "extra": list(c.extra) or None,
            "term": c.term, "family": c.family, "date": c.date, "issuer_text": c.issuer_text,
            "name": c.name, "relation": c.relation,
            "relation_source": ids[c.relation_source] if c.relation_source is not None else None,
            "anomaly": c.anomaly, "flags": list(c.flags) or None,
            "instrument_key": instrument_key(c, found, years, scope),
            "anchor_start": anchor_start, "anchor_end": anchor_end,
            "ocr": doc.is_ocr_at(c.start),
        })
    return {"citations": out}
