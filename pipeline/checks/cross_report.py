"""Checks across reports: `cross_findings`, rebuilt from the committed citations after every run.

citation_date — one instrument, two dates. The dated mentions of one instrument (citations
sharing an `instrument_key`) are compared across documents:
  * when the instrument is itself a document of the corpus (its own number: a `self` mention),
    that document's issue date (else the date its own mentions give most) is expected and another document's mention with another date fails
    as an error: the document says when it was signed;
  * otherwise, when two or more documents date it, the date most documents give is expected if
    no other date has as many; a mention with another date fails as a warning (a majority can
    copy a typo too); with a tie every mention fails as a warning, with no expected date;
  * a mention that agrees passes (severity info).
Instruments known only by a name or an unresolved short form are not compared (their keys are
not identities). Local keys ("94/KH-UBND@2018~Bắc Giang") are per province, and a province and
one of its districts may give plans the same number in the same year, so their failures are
warnings that say so. A mention read by OCR fails as a warning ("may be an OCR misreading").

One DuckDB query over the relations `cites` and `documents`: a national corpus cites one decree
from tens of thousands of reports, and SQL groups its mentions in C, on every core, spilling to
disk past DuckDB's memory limit, where Python rows cost 20 µs and a few hundred bytes each.
"""
from __future__ import annotations

RULE = "citation_date"
UNCOMPARED = ("named:", "short:")
# the columns read (the corpus step reads no others)
CITATION_COLUMNS = ("doc_id", "citation_id", "char_start", "char_end", "instrument_key", "ref", "date", "via", "ocr")
DOCUMENT_COLUMNS = ("doc_id", "issue_date")
MAX_OTHER_DOCS = 20   # other_doc_ids lists this many; n_other_docs counts them all
MAX_GIVERS = 5        # evidence: the mention, then this many mentions giving the expected date


def _dmy(date: str) -> str:
    return f"strftime({date}, '%d/%m/%Y')"


# The rows of cross_findings (in no particular order) from the relations `cites` (CITATION_COLUMNS)
# and `documents` (DOCUMENT_COLUMNS). Document order within an instrument (`pos`: by doc_id, then
# place) settles which own date is most common on a tie (a majority has none: a tie has no verdict).
# `n` numbers a document's findings by place, as row ids are numbered everywhere.
CROSS_FINDINGS_SQL = f"""
WITH dated AS (
    SELECT doc_id, citation_id, char_start, char_end, instrument_key AS k, date,
           coalesce(nullif(ref, ''), instrument_key) AS name,
           via IS NOT DISTINCT FROM 'self' AS own, coalesce(ocr, false) AS ocr
    FROM cites
    WHERE date IS NOT NULL AND coalesce(instrument_key, '') <> ''
      AND NOT ({" OR ".join(f"starts_with(instrument_key, '{p}')" for p in UNCOMPARED)})),
compared AS (
    SELECT *, row_number() OVER (PARTITION BY k ORDER BY doc_id, char_start, citation_id) AS pos,
           row_number() OVER (PARTITION BY doc_id, own ORDER BY char_start, citation_id) AS n
    FROM dated
    WHERE k IN (SELECT k FROM dated GROUP BY k HAVING count(DISTINCT doc_id) >= 2)),
by_date AS (
    SELECT k, date, count(DISTINCT doc_id) AS n_docs,
           count(*) FILTER (WHERE own) AS n_own, min(pos) FILTER (WHERE own) AS first_own_pos,
           max(count(DISTINCT doc_id)) OVER (PARTITION BY k) AS top
    FROM compared GROUP BY k, date),
per_date AS (
    SELECT k, first(date ORDER BY n_own DESC, first_own_pos) AS own_date,
           arg_max(date, n_docs) AS majority_date,
           count(*) FILTER (WHERE n_docs = top) > 1 AS tie,
           string_agg({_dmy("date")}, ', ' ORDER BY date) AS dates
    FROM by_date GROUP BY k),
per_instrument AS (
    SELECT k, count(DISTINCT doc_id) AS n_docs,
           first(doc_id ORDER BY pos) FILTER (WHERE own) AS own_doc,
           first(citation_id ORDER BY pos) FILTER (WHERE own) AS own_citation
    FROM compared GROUP BY k),
verdicts AS (
    SELECT k, n_docs, dates,
           CASE WHEN own_doc IS NOT NULL THEN 'self' WHEN NOT tie THEN 'majority' END AS source,
           CASE WHEN own_doc IS NOT NULL THEN coalesce(d.issue_date, own_date)
                WHEN NOT tie THEN majority_date END AS expected,
           own_citation
    FROM per_instrument JOIN per_date USING (k)
    LEFT JOIN (SELECT doc_id, max(issue_date) AS issue_date FROM documents GROUP BY doc_id) AS d
        ON d.doc_id = own_doc),
first_docs AS (
    SELECT k, list(doc_id ORDER BY doc_id) AS docs
    FROM (SELECT k, doc_id FROM (SELECT DISTINCT k, doc_id FROM compared)
          QUALIFY row_number() OVER (PARTITION BY k ORDER BY doc_id) <= {MAX_OTHER_DOCS + 1})
    GROUP BY k),
majority_givers AS (
    SELECT k, list(citation_id ORDER BY pos) AS ids
    FROM (SELECT c.k, c.citation_id, c.pos FROM compared AS c JOIN verdicts AS v
              ON c.k = v.k AND c.date = v.expected AND v.source = 'majority'
          QUALIFY row_number() OVER (PARTITION BY c.k ORDER BY c.pos) <= {MAX_GIVERS})
    GROUP BY k),
doc_dates AS (SELECT DISTINCT k, doc_id, date FROM compared),
checked AS (
    SELECT c.*, v.source, v.expected, v.n_docs, v.dates,
           v.expected IS NOT NULL AND c.date = v.expected AS agrees,
           CASE v.source WHEN 'self' THEN [v.own_citation] ELSE coalesce(g.ids, []) END AS givers,
           b.n_docs - (dd.doc_id IS NOT NULL)::INTEGER AS n_other_givers,
           f.docs, coalesce(list_position(f.docs, c.doc_id), 0) AS doc_at
    FROM compared AS c JOIN verdicts AS v USING (k) JOIN first_docs AS f USING (k)
    LEFT JOIN majority_givers AS g USING (k)
    LEFT JOIN by_date AS b ON b.k = c.k AND b.date = v.expected
    LEFT JOIN doc_dates AS dd ON dd.k = c.k AND dd.doc_id = c.doc_id AND dd.date = v.expected
    WHERE NOT c.own)
SELECT doc_id,
       printf('%s-x%04d', left(doc_id, 12), n) AS finding_id,
       '{RULE}' AS rule,
       CASE WHEN agrees THEN 'info' WHEN source = 'self' AND NOT ocr THEN 'error' ELSE 'warning' END AS severity,
       CASE WHEN agrees THEN 'pass' ELSE 'fail' END AS status,
       char_start, char_end, k AS instrument_key, expected AS expected_date, date AS reported_date,
       name || ' dated ' || {_dmy("date")} || CASE WHEN agrees THEN ' as in the other documents' ELSE
           ' here; ' || CASE source
               WHEN 'self' THEN 'the document ' || name || ' itself is dated ' || {_dmy("expected")}
               WHEN 'majority' THEN n_other_givers || ' other document(s) date it ' || {_dmy("expected")}
               ELSE 'the documents disagree: ' || dates END
           || CASE WHEN ocr THEN '; this may be an OCR misreading'
                   WHEN contains(k, '~') AND source IS DISTINCT FROM 'self'
                       THEN '; or two bodies of the province gave plans the same number'
                   ELSE '' END END AS message,
       CASE WHEN agrees THEN [citation_id] ELSE list_concat([citation_id], givers) END AS evidence,
       CASE WHEN doc_at = 0 THEN list_slice(docs, 1, {MAX_OTHER_DOCS})
            ELSE list_concat(list_slice(docs, 1, doc_at - 1), list_slice(docs, doc_at + 1, {MAX_OTHER_DOCS + 1}))
            END AS other_doc_ids,
       n_docs - 1 AS n_other_docs, ocr
FROM checked
"""


def cross_report_findings(citation_rows: list[dict], document_rows: list[dict] | None = None) -> list[dict]:
    """citation_date findings over citation (and document) rows, as rows in the table's sort
    order. `baocao run` queries the Parquet parts instead (pipeline/run.py)."""
    from pipeline.query import rows_from_sql

    return rows_from_sql({"cross_findings": CROSS_FINDINGS_SQL},
                         {"cites": ("citations", citation_rows, CITATION_COLUMNS),
                          "documents": ("documents", document_rows or [], DOCUMENT_COLUMNS)})["cross_findings"]
