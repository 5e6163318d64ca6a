"""The schema is the single source of truth: the data dictionary in docs/ is generated from it."""
from __future__ import annotations

from conftest import ROOT
from schemas import TABLES, arrow_schema, data_dictionary

CONTRACT = {  # ../shared/DESIGN.md §3, the columns users and acceptance checks read
    "documents": "doc_id source_path source_format ocr n_pages n_chars text kind doc_number issue_date place title "
                 "period_label period_start period_end issuing_body admin_level province signer signer_title pipeline_version",
    "sections": "doc_id section_id parent_id level numbering heading char_start char_end anomaly",
    "citations": "doc_id citation_id section_id char_start char_end text via doc_type number year ref symbol type_code "
                 "issuer_code family date issuer_text relation relation_source anomaly instrument_key",
    "instruments": "instrument_key doc_type ref year issuer_code issuing_body date n_mentions n_documents",
    "citation_edges": "src_key dst_key relation doc_id citation_id",
    "dossier_stats": "doc_id stat_id section_id char_start char_end text value metric scope group_id period_text",
    "percentages": "doc_id pct_id char_start char_end text value numerator denominator base_text",
    "findings": "doc_id finding_id rule severity status char_start char_end expected reported message evidence",
    "errors": "source_path stage error_type message",
}


def test_every_contract_column_is_declared():
    for table, cols in CONTRACT.items():
        declared = {c.name for c in TABLES[table]}
        assert set(cols.split()) <= declared, (table, set(cols.split()) - declared)


def test_contract_types():
    s = arrow_schema("documents")
    assert str(s.field("issue_date").type) == "date32[day]"
    assert str(arrow_schema("dossier_stats").field("value").type) == "int64"
    assert str(arrow_schema("percentages").field("value").type) == "double"


def test_data_dictionary_is_up_to_date():
    doc = (ROOT / "docs" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert doc.strip() == data_dictionary().strip(), "regenerate: baocao schema --markdown > docs/DATA_DICTIONARY.md"
