"""Corpus-wide tables from the citation rows of every document: instruments and citation_edges.

instruments      one row per instrument_key: the most frequent doc_type, ref, year, issuer code,
                 issuing body (issuer_text) and date among its mentions (the first named, in
                 document order, among equals); n_mentions, n_documents.
citation_edges   always in the active voice, src REL dst:
                 - every document cites each instrument it mentions:   doc:<doc_id> cites K
                   (one edge per document and instrument, on its first mention; self mentions,
                   the document's own number, are not citations);
                 - a relation between two mentions ("80/KH-UBND implements 112/KH-UBND"):
                   key(relation_source) REL key(mention);
                 - a relation of the containing document: active ones ("Căn cứ ...") give
                   doc:<doc_id> based_on K; passive notes ("[... được hướng dẫn bởi Nghị định
                   21/2021/NĐ-CP]") give K guides doc:<doc_id>.

Both are DuckDB queries over a relation named `cites` (the committed Parquet parts of a run, or
rows registered as an Arrow table), so a corpus of millions of mentions is grouped in C, spilling
to disk past DuckDB's memory limit, instead of being held as Python rows.
"""
from __future__ import annotations

from extractors.citations.relations import ACTIVE_OF

# the citations columns these tables are built from (the corpus step reads no others)
CITATION_COLUMNS = ("doc_id", "citation_id", "char_start", "instrument_key", "symbol_doc_type", "doc_type",
                    "ref", "year", "issuer_code", "issuer_text", "date", "via", "relation", "relation_source")

# instruments column <- the expression over a mention whose most frequent value it is
_MOST_COMMON = {"doc_type": "coalesce(symbol_doc_type, doc_type)", "ref": "ref", "year": "year",
                "issuer_code": "issuer_code", "issuing_body": "issuer_text", "date": "date"}


def _most_common_join(column: str, expr: str) -> str:
    return f"""
    LEFT JOIN (
        SELECT instrument_key, first(v ORDER BY n DESC, f) AS {column}
        FROM (SELECT instrument_key, v, count(*) AS n, min(rn) AS f
              FROM (SELECT instrument_key, {expr} AS v, rn FROM mentions) WHERE v IS NOT NULL
              GROUP BY instrument_key, v)
        GROUP BY instrument_key) USING (instrument_key)"""


INSTRUMENTS_SQL = f"""
WITH mentions AS (
    SELECT *, row_number() OVER (ORDER BY doc_id, char_start, citation_id) AS rn
    FROM cites WHERE coalesce(instrument_key, '') <> '')
SELECT instrument_key, {", ".join(_MOST_COMMON)}, n_mentions, n_documents
FROM (SELECT instrument_key, count(*) AS n_mentions, count(DISTINCT doc_id) AS n_documents
      FROM mentions GROUP BY instrument_key)
{"".join(_most_common_join(c, e) for c, e in _MOST_COMMON.items())}
"""

_ACTIVE = "CASE rel " + " ".join(f"WHEN '{p}' THEN '{a}'" for p, a in ACTIVE_OF.items()) + " ELSE rel END"
_PASSIVE = ", ".join(f"'{p}'" for p in ACTIVE_OF)

EDGES_SQL = f"""
WITH c AS (
    SELECT doc_id, citation_id, char_start, instrument_key AS k, via,
           nullif(relation, '') AS rel, nullif(relation_source, '') AS rs
    FROM cites WHERE coalesce(instrument_key, '') <> ''),
first_mention AS (
    SELECT doc_id, citation_id, k,
           row_number() OVER (PARTITION BY doc_id, k ORDER BY char_start, citation_id) AS i
    FROM c WHERE via IS DISTINCT FROM 'self')
SELECT 'doc:' || doc_id AS src_key, k AS dst_key, 'cites' AS relation, doc_id, citation_id
FROM first_mention WHERE i = 1
UNION ALL
SELECT s.instrument_key, c.k, {_ACTIVE}, c.doc_id, c.citation_id
FROM c JOIN cites AS s ON s.citation_id = c.rs
WHERE c.rel IS NOT NULL AND coalesce(s.instrument_key, '') <> ''
UNION ALL
SELECT c.k, 'doc:' || c.doc_id, {_ACTIVE}, c.doc_id, c.citation_id
FROM c WHERE c.rel IN ({_PASSIVE}) AND c.rs IS NULL
UNION ALL
SELECT 'doc:' || c.doc_id, c.k, c.rel, c.doc_id, c.citation_id
FROM c WHERE c.rel IS NOT NULL AND c.rel NOT IN ({_PASSIVE}) AND c.rs IS NULL
"""


# table -> the query giving its rows (in no particular order) from the relation `cites`
CORPUS_SQL = {"instruments": INSTRUMENTS_SQL, "citation_edges": EDGES_SQL}


def corpus_tables(citation_rows: list[dict]) -> dict[str, list[dict]]:
    """{"instruments": [...], "citation_edges": [...]} from citation rows (any order), as rows in
    each table's sort order. `baocao run` queries the Parquet parts instead (pipeline/run.py)."""
    from pipeline.query import rows_from_sql

    return rows_from_sql(CORPUS_SQL, {"cites": ("citations", citation_rows, CITATION_COLUMNS)})
