"""Segment a normalized Doc: header metadata, section tree, footnotes, appendix tables, debris.

`segment(doc)` fills
  doc.meta       kind, doc_number, doc_number_span, issue_date, place, title, period_label,
                 period_start, period_end, issuing_body, admin_level, province, signer,
                 signer_title, recipients, boilerplate (spans of web furniture lines), plus
                 self_mentions (spans of "Kèm theo Báo cáo số ..." in appendix headers),
                 appendices ({label, title, char_start, char_end}), footnote_blocks (spans)
  doc.sections   section rows (sections.py), sorted by char_start
  doc.footnotes  footnote rows (footnotes.py)
  doc.table_rows table rows with cell spans (tables.py); section_id, appendix, caption
  doc.debris     spans of page-break debris lines (debris.py)
Pure line scanning with bounded patterns: linear in the text, no NLP model.

One verb per module: lines (split), debris, appendices, tables, footnotes, sections, header,
signature, issuer, period; places holds the province gazetteer, regexes every pattern.
"""
from __future__ import annotations

import bisect

from pipeline.model import Doc

_HEADER_ZONE_MAX = 8000


def _boilerplate_spans(text: str) -> list[tuple[int, int]]:
    try:
        from pipeline.boilerplate import boilerplate_spans
    except ImportError:  # the HTML helper's module is not there: no web furniture flagged
        return []
    return [(a, b) for a, b in boilerplate_spans(text)]


def _lines_touched(lines, spans) -> set[int]:
    starts = [ln.start for ln in lines]
    out: set[int] = set()
    for s, e in spans:
        i = bisect.bisect_right(starts, s) - 1
        while 0 <= i < len(lines) and lines[i].start <= max(s, e - 1):
            out.add(i)
            i += 1
    return out


def segment(doc: Doc) -> None:
    from pipeline.segment import header as hdr
    from pipeline.segment.appendices import find_appendices
    from pipeline.segment.debris import find_debris
    from pipeline.segment.footnotes import find_footnotes
    from pipeline.segment.issuer import read_issuer
    from pipeline.segment.lines import split_lines
    from pipeline.segment.period import explicit_range, parse_period
    from pipeline.segment import regexes as rx
    from pipeline.segment.sections import find_sections
    from pipeline.segment.signature import read_closing
    from pipeline.segment.tables import find_tables

    text = doc.text
    lines = split_lines(text)
    boilerplate = _boilerplate_spans(text)
    boiler_lines = _lines_touched(lines, boilerplate)
    page_starts = [p.char_start for p in doc.pages] if len(doc.pages) > 1 else None
    debris_lines = set(find_debris(lines, page_starts))
    appendices = find_appendices(lines, skip=boiler_lines | debris_lines, text_len=len(text))
    appendix_lines = {a["line"] for a in appendices}
    table_rows, table_lines = find_tables(doc.doc_id, text, lines, debris=debris_lines,
                                          stops=appendix_lines, source_tables=doc.tables)
    noise = boiler_lines | debris_lines | table_lines
    footnotes, footnote_lines, footnote_blocks = find_footnotes(doc.doc_id, text, lines, skip=noise)
    skip = noise | footnote_lines | appendix_lines
    line_starts = [ln.start for ln in lines]
    for a in appendices:  # an appendix's title lines are not headings
        skip.update(range(bisect.bisect_left(line_starts, a["char_start"]),
                          bisect.bisect_left(line_starts, a["title_end"])))

    main_end = appendices[0]["char_start"] if appendices else len(text)
    region_starts = [0] + [a["char_start"] for a in appendices]
    sections = find_sections(doc.doc_id, text, lines, skip, stops=region_starts[1:], region_starts=region_starts)

    # the header lies before the first heading (or the preamble) of the body
    body_sections = [s for s in sections if s["char_start"] < main_end]
    zone_end = min([main_end, _HEADER_ZONE_MAX if not body_sections else len(text)]
                   + [s["char_start"] for s in body_sections[:1]])
    meta = hdr.read_header(text, lines, skip=noise | footnote_lines, zone_end=zone_end, appendices=appendices)

    first_body_line = bisect.bisect_left(line_starts, zone_end)
    stop_line = appendices[0]["line"] if appendices else len(lines)
    closing = read_closing(lines, first_body_line, stop_line)
    cs = closing.pop("closing_start")
    if cs is not None:
        for s in sections:
            if s["char_start"] < cs < s["body_end"]:
                s["body_end"] = max(cs, s["char_end"])
    meta.update(closing)

    n_articles = sum(1 for s in sections if s["kind"] == "article")
    web = bool(boilerplate) or doc.source_format in ("html", "htm")
    kind = hdr.decide_kind(meta, n_sections=len(body_sections), n_articles=n_articles, web=web)
    meta["kind"] = kind

    # the issuer lines: above the type heading and the number in the header, or right above
    # a number found elsewhere (the certification block of a consolidated text)
    heading_line = meta.pop("_heading_line")
    upto, first = heading_line, 0
    if meta["doc_number_span"] is not None and meta.get("doc_number_ref_span") is not None:
        num_line = bisect.bisect_right(line_starts, meta["doc_number_span"][0]) - 1
        if meta["doc_number_span"][0] < zone_end:
            upto = num_line if upto is None else min(upto, num_line)
        else:
            upto, first = num_line, max(0, num_line - 4)
    body_text = text[:main_end]
    meta.update(read_issuer(text, lines, header_from=first, header_upto=upto or 0, skip=noise, place=meta["place"],
                            annex_bodies=meta.pop("annex_bodies"), kind=kind, body_text=body_text))
    meta.pop("_annex_types", None)

    label, start, end = parse_period(meta["title"])
    if label is None and kind in ("report", "web_page", "news_article"):
        label, start, end = parse_period(text[:min(zone_end, 1500)])
    if kind != "legal_document":
        intro_end = body_sections[0]["char_start"] if body_sections else min(len(text), 3000)
        for ln in lines:
            if ln.start >= intro_end:
                break
            if ln.blank or ln.index in skip or not rx.PERIOD_CONTEXT.search(ln.text):
                continue
            rng = explicit_range(ln.text)
            if rng:
                start, end = rng
                break
    meta["period_label"], meta["period_start"], meta["period_end"] = label, start, end

    meta["boilerplate"] = boilerplate
    meta["footnote_blocks"] = footnote_blocks
    meta["appendices"] = [{k: a[k] for k in ("label", "title", "char_start", "char_end")} for a in appendices]

    doc.meta = meta
    doc.sections = sections
    doc._section_starts = []   # the section index is rebuilt on first use
    doc.footnotes = footnotes
    doc.debris = [(lines[i].lstart, lines[i].rend) for i in sorted(debris_lines)]
    app_starts = [a["char_start"] for a in appendices]
    for r in table_rows:
        r["section_id"] = doc.section_at(r["char_start"])
        k = bisect.bisect_right(app_starts, r["char_start"]) - 1
        r["appendix"] = appendices[k]["label"] if k >= 0 else None
        r["caption"] = appendices[k]["title"] if k >= 0 else None
    doc.table_rows = table_rows
