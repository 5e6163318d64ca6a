-- Convenience views over the dataset tables, created by `baocao query` (pipeline/query.py) after
-- one view per table. Plain SQL: read it to see exactly what each view computes.

-- One row per document, without its text: metadata and how much was found in it.
CREATE OR REPLACE VIEW document_overview AS
SELECT d.doc_id, d.source_path, d.source_format, d.kind, d.doc_number, d.issue_date, d.title,
       d.issuing_body, d.admin_level, d.province, d.period_label, d.period_start, d.period_end,
       d.n_chars, d.ocr,
       (SELECT count(*) FROM sections s WHERE s.doc_id = d.doc_id) AS n_sections,
       (SELECT count(*) FROM citations c WHERE c.doc_id = d.doc_id) AS n_citations,
       (SELECT count(*) FROM dossier_stats x WHERE x.doc_id = d.doc_id) AS n_dossier_stats,
       (SELECT count(*) FROM percentages p WHERE p.doc_id = d.doc_id) AS n_percentages,
       (SELECT count(*) FROM findings f WHERE f.doc_id = d.doc_id AND f.status = 'fail') AS n_failed,
       (SELECT count(*) FROM findings f WHERE f.doc_id = d.doc_id AND f.status = 'pass') AS n_passed
FROM documents d
ORDER BY d.source_path;

-- One row per figure group (the figures a text reports about one scope and period), metrics
-- pivoted to columns. A metric stated twice in a group keeps its largest value. Derived columns:
--   received = received_total, else received_new + carried_over
--   on_time  = resolved_on_or_before_time, else resolved_early + resolved_on_time
--   resolved = resolved_total, else on_time + resolved_late
--   on_time_rate = on_time / resolved (null when either is unknown or resolved is 0)
CREATE OR REPLACE VIEW dossier_groups AS
WITH p AS (
  SELECT doc_id, group_id,
         arg_max(scope, value) AS scope, any_value(period_text) AS period_text,
         min(char_start) AS char_start,
         max(value) FILTER (metric = 'received_total') AS received_total,
         max(value) FILTER (metric = 'received_new') AS received_new,
         max(value) FILTER (metric = 'carried_over') AS carried_over,
         max(value) FILTER (metric = 'resolved_total') AS resolved_total,
         max(value) FILTER (metric = 'resolved_early') AS resolved_early,
         max(value) FILTER (metric = 'resolved_on_time') AS resolved_on_time,
         max(value) FILTER (metric = 'resolved_on_or_before_time') AS resolved_on_or_before_time,
         max(value) FILTER (metric = 'resolved_late') AS resolved_late,
         max(value) FILTER (metric = 'pending_total') AS pending_total,
         max(value) FILTER (metric = 'pending_in_time') AS pending_in_time,
         max(value) FILTER (metric = 'pending_overdue') AS pending_overdue,
         max(value) FILTER (metric = 'overdue') AS overdue,
         max(value) FILTER (metric = 'online') AS online,
         max(value) FILTER (metric = 'postal') AS postal,
         max(value) FILTER (metric = 'digitized') AS digitized
  FROM dossier_stats
  GROUP BY doc_id, group_id
), q AS (
  SELECT *,
         coalesce(received_total, received_new + carried_over) AS received,
         coalesce(resolved_on_or_before_time, resolved_early + resolved_on_time) AS on_time
  FROM p
)
SELECT q.*, d.province, d.admin_level, d.period_label, d.period_start, d.period_end,
       coalesce(resolved_total, on_time + resolved_late) AS resolved,
       CASE WHEN coalesce(resolved_total, on_time + resolved_late) > 0
            THEN round(on_time / coalesce(resolved_total, on_time + resolved_late), 4) END AS on_time_rate
FROM q JOIN documents d USING (doc_id);

-- Dossier totals per province, administrative level, reporting period and scope. Within one
-- document the group with the most dossiers received stands for each scope (a report that
-- restates the same figures twice is counted once); documents of one period are then summed.
CREATE OR REPLACE VIEW dossier_totals AS
WITH one AS (
  SELECT * FROM dossier_groups
  QUALIFY row_number() OVER (PARTITION BY doc_id, scope
                             ORDER BY received DESC NULLS LAST, resolved DESC NULLS LAST, group_id) = 1
)
SELECT province, admin_level, period_label, period_start, period_end, scope,
       count(DISTINCT doc_id) AS n_documents,
       sum(received) AS received, sum(resolved) AS resolved, sum(on_time) AS on_time,
       sum(resolved_late) AS resolved_late, sum(pending_total) AS pending,
       sum(overdue) AS overdue,
       CASE WHEN sum(resolved) > 0 THEN round(sum(on_time) / sum(resolved), 4) END AS on_time_rate
FROM one
GROUP BY ALL
ORDER BY province NULLS LAST, period_start, admin_level, scope;

-- Every failing check with its document and the text it rests on (evidence_text is the
-- finding's span of documents.text; evidence_rows the figures and mentions it cites by id).
CREATE OR REPLACE VIEW failed_checks AS
WITH ev AS (
  SELECT stat_id AS id, text FROM dossier_stats
  UNION ALL SELECT pct_id, text FROM percentages
  UNION ALL SELECT citation_id, text FROM citations
), f AS (
  SELECT f.*, e.i AS evidence_id
  FROM findings f LEFT JOIN LATERAL (SELECT unnest(coalesce(f.evidence, [])) AS i) e ON true
  WHERE f.status = 'fail'
)
SELECT f.doc_id, d.source_path, d.doc_number, d.province, f.finding_id, f.rule, f.severity,
       f.expected, f.reported, f.message, f.char_start, f.char_end,
       CASE WHEN f.char_start IS NOT NULL
            THEN substring(d.text, f.char_start + 1, f.char_end - f.char_start) END AS evidence_text,
       list(ev.text ORDER BY ev.id) FILTER (ev.text IS NOT NULL) AS evidence_rows
FROM f JOIN documents d USING (doc_id) LEFT JOIN ev ON ev.id = f.evidence_id
GROUP BY ALL
ORDER BY source_path, char_start NULLS FIRST, finding_id;

-- How often each instrument is cited: mentions and documents, a document's own number excluded.
-- name: the reference, or for an instrument cited by name the way it is most often written.
CREATE OR REPLACE VIEW citation_counts AS
SELECT coalesce(c.instrument_key, c.ref) AS instrument_key,
       coalesce(any_value(c.ref), mode(c.text)) AS name,
       any_value(c.ref) AS ref, mode(c.doc_type) AS doc_type, max(c.year) AS year,
       count(*) AS n_mentions, count(DISTINCT c.doc_id) AS n_documents,
       list(DISTINCT d.source_path ORDER BY d.source_path) AS documents
FROM citations c JOIN documents d USING (doc_id)
WHERE coalesce(c.via, '') <> 'self' AND coalesce(c.instrument_key, c.ref) IS NOT NULL
GROUP BY 1
ORDER BY n_mentions DESC, n_documents DESC, instrument_key;

-- Relations between instruments (implements, amends, guides, ...), with both references.
CREATE OR REPLACE VIEW instrument_relations AS
SELECT e.src_key, coalesce(s.ref, e.src_key) AS src_ref, e.relation,
       e.dst_key, coalesce(t.ref, e.dst_key) AS dst_ref, e.doc_id, e.citation_id
FROM citation_edges e
LEFT JOIN instruments s ON s.instrument_key = e.src_key
LEFT JOIN instruments t ON t.instrument_key = e.dst_key
WHERE e.relation <> 'cites';
