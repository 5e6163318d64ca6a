"""Table definitions: the dataset contract of ../shared/DESIGN.md §3, plus what baocao adds.

Every span (`char_start`, `char_end`) is half-open, in code points, into `documents.text`.
Missing values are null, never "". Dates are date32.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

SCHEMA_VERSION = "1"


class Column(NamedTuple):
    name: str
    type: str  # string | int32 | int64 | float64 | bool | date32 | list<string> | list<int32>
    doc: str


def _c(name: str, type_: str, doc: str) -> Column:
    return Column(name, type_, doc)


_SPAN = [
    _c("char_start", "int64", "Start of the span in documents.text (code points, inclusive)."),
    _c("char_end", "int64", "End of the span in documents.text (code points, exclusive)."),
]

TABLES: dict[str, list[Column]] = {
    "documents": [
        _c("doc_id", "string", "Hex SHA-256 of the source bytes."),
        _c("source_path", "string", "Path relative to the input root given on the command line (POSIX separators)."),
        _c("source_format", "string", "txt / md / html / docx / pdf / image."),
        _c("ocr", "bool", "True when any of the text came from OCR."),
        _c("n_pages", "int32", "Pages in the source (1 for formats without pages)."),
        _c("n_chars", "int64", "Length of documents.text in code points."),
        _c("text", "string", "Normalized text (NFC, Đ for Ð, look-alike dashes/spaces folded); every span indexes into it."),
        _c("kind", "string", "report / news_article / web_page / legal_document / other."),
        _c("doc_number", "string", "The document's own number and symbol, spaces removed: '417/BC-UBND'."),
        _c("issue_date", "date32", "Date of issue from the place-and-date line, or the page's update date."),
        _c("place", "string", "Place name of the place-and-date line ('TP. Bắc Giang')."),
        _c("doc_type", "string", "Type of the document from its type heading ('Báo cáo', 'Nghị định'), null when it has none."),
        _c("title", "string", "Title under the type heading (the trích yếu)."),
        _c("period_label", "string", "The reporting period as written ('tháng 10 năm 2018', 'Quý 1 năm 2017')."),
        _c("period_start", "date32", "First day of the reporting period."),
        _c("period_end", "date32", "Last day of the reporting period."),
        _c("issuing_body", "string", "The body that issued the document ('UBND thành phố Bắc Giang')."),
        _c("admin_level", "string", "province / district / commune (or null)."),
        _c("province", "string", "Province the issuing body belongs to, official spelling."),
        _c("signer", "string", "Name of the signer."),
        _c("signer_title", "string", "Signer's title as written, markup removed ('KT. CHỦ TỊCH PHÓ CHỦ TỊCH')."),
        _c("recipients", "list<string>", "Recipients listed under 'Nơi nhận'."),
        _c("encoding", "string", "Detected source encoding: utf-8, utf-8-sig, utf-16, utf-32, a declared HTML charset, or a legacy Vietnamese one converted to Unicode (windows-1258, tcvn3, vni, viqr; a DOCX mixing legacy fonts: tcvn3+vni); null for PDF and image inputs without a legacy text layer."),
        _c("pipeline_version", "string", "baocao version that produced the row."),
    ],
    "pages": [
        _c("doc_id", "string", "Document."),
        _c("page", "int32", "1-based page number in the source."),
        *_SPAN,
        _c("ocr", "bool", "True when the page text came from OCR."),
        _c("ocr_confidence", "float64", "Mean OCR word confidence 0-100 (null when not OCR)."),
        _c("needs_ocr", "bool", "True when the page has no usable text layer and was not OCR'd."),
        _c("ocr_rotation", "int32", "Degrees (counter-clockwise: 90, 180, 270) an OCR'd page was turned to be read upright; 0 when it stood upright, null when not OCR."),
    ],
    "sections": [
        _c("doc_id", "string", "Document."),
        _c("section_id", "string", "Stable id of the section within the dataset."),
        _c("parent_id", "string", "section_id of the enclosing section (null at top level)."),
        _c("level", "int32", "Roman = 1; arabic of depth d = 1 + d; lettered item = parent level + 1; legal Chương/Mục/Điều/khoản/điểm by rank."),
        _c("numbering", "string", "Numbering as written without trailing dot: 'II', '2.1.3', 'a', 'Điều 5'."),
        _c("heading", "string", "Heading text after the numbering (null if none)."),
        *_SPAN[:1],
        _c("char_end", "int64", "End of the heading line (exclusive)."),
        _c("body_end", "int64", "End of the section's content: start of the next section at the same or a higher level."),
        _c("kind", "string", "roman / arabic / letter / part (Phần) / chapter (Chương) / section (Mục) / article (Điều) / clause (khoản) / point (điểm) / preamble (the 'Căn cứ' block)."),
        _c("anomaly", "string", "null / duplicate_numbering / skipped_numbering / out_of_order."),
    ],
    "footnotes": [
        _c("doc_id", "string", "Document."),
        _c("footnote_id", "string", "Stable id."),
        _c("marker", "string", "The marker as written ('1', '¹', '12')."),
        _c("anchor_start", "int64", "Start of the superscript anchor in the body (null if not found)."),
        _c("anchor_end", "int64", "End of the anchor."),
        *_SPAN,
        _c("text", "string", "Footnote text without its marker."),
    ],
    "tables": [
        _c("doc_id", "string", "Document."),
        _c("table_id", "string", "Stable id."),
        _c("section_id", "string", "Body section that contains the table (null for a table in an appendix: see `appendix`)."),
        _c("row", "int32", "0-based row index (the header row is 0 when present)."),
        _c("is_header", "bool", "True for the header row."),
        _c("cells", "list<string>", "Cell texts; empty cells are null."),
        *_SPAN,
        _c("cell_starts", "list<int64>", "Start of each cell's text in documents.text (null for an empty cell)."),
        _c("cell_ends", "list<int64>", "End of each cell's text in documents.text (null for an empty cell)."),
        _c("appendix", "string", "Label of the appendix the table is in ('Phụ lục 1'; null in the body)."),
        _c("caption", "string", "Title of that appendix ('KẾT QUẢ THỰC HIỆN CÁC KẾ HOẠCH')."),
    ],
    "citations": [
        _c("doc_id", "string", "Document."),
        _c("citation_id", "string", "Stable id."),
        _c("section_id", "string", "Section containing the mention."),
        *_SPAN,
        _c("text", "string", "The mention as written."),
        _c("via", "string", "inline / footnote / short_form / named / self."),
        _c("doc_type", "string", "Vietnamese type name as the text names it (the cited word): 'Kế hoạch', 'Công văn', 'Nghị định', ..."),
        _c("symbol_doc_type", "string", "Type name the symbol's type code implies ('Quyết định' for 'Kế hoạch số 6192/QĐ-UBND'); null without a code."),
        _c("number", "string", "Number as written ('06', '30c')."),
        _c("year", "int32", "From the number when it has one, else from the date."),
        _c("ref", "string", "Canonical reference: '94/KH-UBND', '61/2018/NĐ-CP', '47-KH/TU'."),
        _c("symbol", "string", "Ký hiệu without the number: 'KH-UBND'."),
        _c("type_code", "string", "Type abbreviation in the symbol ('KH', 'QĐ'); null for công văn."),
        _c("issuer_code", "string", "First agency code ('UBND', 'CP', 'TU')."),
        _c("extra", "list<string>", "Further hyphen groups after the issuer: unit or field ('NV' in 2661/UBND-NV), co-issuers."),
        _c("term", "int32", "Quốc hội term of a QHkk / UBTVQHkk symbol, or the Party khóa of a named resolution."),
        _c("family", "string", "admin / cong_van / qppl / party / copy / vbhn / legacy / named."),
        _c("date", "date32", "Date of the cited instrument from the 'ngày ...' phrase."),
        _c("issuer_text", "string", "Issuing body named after the mention ('UBND tỉnh')."),
        _c("name", "string", "Name of an instrument cited without a number ('Ban hành văn bản QPPL năm 2015')."),
        _c("relation", "string", "implements / amends / replaces / guides / repeals / based_on / guided_by / amended_by / replaced_by / repealed_by."),
        _c("relation_source", "string", "citation_id of the mention that acts on this one (null: the containing document)."),
        _c("anomaly", "string", "type_symbol_mismatch / typo_symbol / date_conflict / number_reused / term_conflict / null."),
        _c("flags", "list<string>", "Repairs applied while parsing (spaced, linebreak, eth_d, ascii_d, ...)."),
        _c("instrument_key", "string", "Key of the instrument in the instruments table."),
        _c("anchor_start", "int64", "For a mention inside a footnote definition: start of the footnote's anchor in the body."),
        _c("anchor_end", "int64", "End of that anchor."),
        _c("ocr", "bool", "True when the mention lies on an OCR page (it may be a misreading)."),
    ],
    "instruments": [
        _c("instrument_key", "string", "Corpus-wide key of an instrument."),
        _c("doc_type", "string", "Vietnamese type name."),
        _c("ref", "string", "Canonical reference."),
        _c("year", "int32", "Year."),
        _c("issuer_code", "string", "First agency code."),
        _c("issuing_body", "string", "Issuing body as most often named."),
        _c("date", "date32", "Date of issue as most often cited."),
        _c("n_mentions", "int64", "Mentions across the corpus."),
        _c("n_documents", "int64", "Documents that mention it."),
    ],
    "citation_edges": [
        _c("src_key", "string", "instrument_key of the acting instrument, or 'doc:<doc_id>' for a document."),
        _c("dst_key", "string", "instrument_key acted on."),
        _c("relation", "string", "Active voice: cites / implements / amends / replaces / guides / repeals / based_on."),
        _c("doc_id", "string", "Document where the relation is stated."),
        _c("citation_id", "string", "The mention the edge rests on."),
    ],
    "dossier_stats": [
        _c("doc_id", "string", "Document."),
        _c("stat_id", "string", "Stable id."),
        _c("section_id", "string", "Section containing the figure."),
        *_SPAN,
        _c("text", "string", "The number as written ('2.473')."),
        _c("value", "int64", "Parsed value."),
        _c("metric", "string", "received_total / received_new / carried_over / resolved_total / ... / other."),
        _c("scope", "string", "The unit the figure is about, lower-case ('thành phố', 'cấp xã')."),
        _c("group_id", "string", "Ties the figures reported about one scope and period."),
        _c("period_text", "string", "The period phrase the figure covers, as written."),
        _c("approximate", "bool", "True for 'gần', 'hơn', 'khoảng' figures."),
        _c("ocr", "bool", "True when the figure lies on an OCR page."),
    ],
    "percentages": [
        _c("doc_id", "string", "Document."),
        _c("pct_id", "string", "Stable id."),
        *_SPAN,
        _c("text", "string", "The percentage as written ('84,09%')."),
        _c("value", "float64", "Parsed value in percent."),
        _c("numerator", "float64", "Count the text ties it to as numerator (null when not determinable)."),
        _c("denominator", "float64", "Count the text ties it to as denominator."),
        _c("base_text", "string", "What the percentage is of, as written."),
        _c("approximate", "bool", "True for 'gần', 'hơn', 'trên' figures."),
        _c("ocr", "bool", "True when it lies on an OCR page."),
        _c("basis", "string", "How numerator/denominator were found: fraction / ratio / within_total / breakdown / survey / dossier_rate / group_received / stated_total / table_header / table_population / table_row / count_before (null: not tied to counts)."),
        _c("context_start", "int64", "Start of the counts the percentage is tied to (char_start when none); [context_start, char_end) covers the figures a check recomputes."),
        _c("decimals", "int32", "Digits after the decimal mark as written (the reported rounding: '95,45%' -> 2)."),
        _c("stat_ids", "list<string>", "dossier_stats ids (or table row refs '<table_id>:r<row>') the numerator/denominator come from."),
    ],
    "findings": [
        _c("doc_id", "string", "Document."),
        _c("finding_id", "string", "Stable id."),
        _c("rule", "string", "sum_total / percentage / rounding / fraction / consistency / cross_reference / structure / citation."),
        _c("severity", "string", "error / warning (truncation, inferred base, approximate or OCR figures, ambiguous reading) / info (passes)."),
        _c("status", "string", "fail / pass."),
        *_SPAN,
        _c("expected", "float64", "Value recomputed from the parts (null for structure and citation findings)."),
        _c("reported", "float64", "Value the text reports (null for structure and citation findings)."),
        _c("message", "string", "The arithmetic spelled out."),
        _c("evidence", "list<string>", "Ids of the rows the finding rests on: dossier_stats.stat_id, percentages.pct_id, citations.citation_id, sections.section_id, or '<table_id>:r<row>' for a row of the tables table."),
        _c("ocr", "bool", "True when the figures or mentions it rests on lie on an OCR page."),
    ],
    "cross_findings": [
        _c("doc_id", "string", "Document holding the mention checked."),
        _c("finding_id", "string", "Stable id."),
        _c("rule", "string", "citation_date: one instrument dated differently by different documents."),
        _c("severity", "string", "error (the cited document itself, in the corpus, says otherwise) / warning (other documents disagree; OCR; a local number two bodies may share) / info (passes)."),
        _c("status", "string", "fail / pass."),
        *_SPAN,
        _c("instrument_key", "string", "The instrument, as in instruments."),
        _c("expected_date", "date32", "The cited document's own date, else the date most documents give (null on a tie)."),
        _c("reported_date", "date32", "The date this mention gives."),
        _c("message", "string", "The comparison spelled out."),
        _c("evidence", "list<string>", "citations.citation_id of this mention, then of mentions giving the expected date."),
        _c("other_doc_ids", "list<string>", "The other documents that date this instrument (the first 20 by doc_id; citations.instrument_key gives them all)."),
        _c("n_other_docs", "int32", "How many other documents date this instrument."),
        _c("ocr", "bool", "True when this mention lies on an OCR page."),
    ],
    "errors": [
        _c("source_path", "string", "Input path relative to its root."),
        _c("doc_id", "string", "Hex SHA-256 of the bytes when they could be read."),
        _c("stage", "string", "discover / ingest / normalize / segment / extract / check / write."),
        _c("error_type", "string", "Short machine-readable reason (unsupported_format, undecodable, encrypted, empty, needs_ocr, ...)."),
        _c("message", "string", "Human-readable explanation."),
    ],
}

# Row order inside every table: deterministic, independent of worker scheduling.
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "pages": ["doc_id", "page"],
    "sections": ["doc_id", "char_start", "section_id"],
    "footnotes": ["doc_id", "char_start"],
    "tables": ["doc_id", "table_id", "row"],
    "citations": ["doc_id", "char_start", "citation_id"],
    "instruments": ["instrument_key"],
    "citation_edges": ["src_key", "dst_key", "relation", "doc_id", "citation_id"],
    "dossier_stats": ["doc_id", "char_start", "stat_id"],
    "percentages": ["doc_id", "char_start", "pct_id"],
    "findings": ["doc_id", "char_start", "finding_id"],
    "cross_findings": ["doc_id", "char_start", "finding_id"],
    "errors": ["source_path", "stage", "error_type", "message"],
}


def _arrow_type(spec: str):
    import pyarrow as pa

    if spec.startswith("list<") and spec.endswith(">"):
        return pa.list_(_arrow_type(spec[5:-1]))
    return {
        "string": pa.string(), "int32": pa.int32(), "int64": pa.int64(),
        "float64": pa.float64(), "bool": pa.bool_(), "date32": pa.date32(),
    }[spec]


@functools.lru_cache(maxsize=None)
def arrow_schema(table: str):
    """The pyarrow schema of `table`, column docs attached as field metadata (built once: every
    part file of every batch asks for it)."""
    import pyarrow as pa

    fields = [pa.field(c.name, _arrow_type(c.type), metadata={"doc": c.doc}) for c in TABLES[table]]
    return pa.schema(fields, metadata={"baocao.table": table, "baocao.schema_version": SCHEMA_VERSION})


def data_dictionary() -> str:
    """The data dictionary in Markdown, generated from TABLES (docs/DATA_DICTIONARY.md)."""
    out = ["# Data dictionary", "", "Generated from `schemas/tables.py` by `baocao schema --markdown`.",
           "Spans are half-open code-point offsets into `documents.text`.", ""]
    for name, cols in TABLES.items():
        out += [f"## {name}", "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.type} | {c.doc} |" for c in cols]
        out.append("")
    return "\n".join(out)
