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
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, NamedTuple

from pipeline.model import row_id

RULE = "citation_date"
UNCOMPARED = ("named:", "short:")
# the columns read (the corpus step reads no others)
CITATION_COLUMNS = ("doc_id", "citation_id", "char_start", "char_end", "instrument_key", "ref", "date", "via", "ocr")
DOCUMENT_COLUMNS = ("doc_id", "issue_date")
MAX_OTHER_DOCS = 20   # other_doc_ids lists this many; n_other_docs counts them all
# The mentions `cross_report_findings` compares (dated, of an instrument with an identity, dated by
# two documents or more), from the DuckDB relation `cites` of the corpus step, each with `n`: its
# finding's number in its document (the order `cross_report_findings` numbers them in; none for a
# self mention). The others cannot give a row, and the corpus step reads only these into Python.
COMPARED_SQL = f"""
WITH dated AS (
    SELECT {", ".join(CITATION_COLUMNS)} FROM cites
    WHERE date IS NOT NULL AND coalesce(instrument_key, '') <> ''
      AND NOT ({" OR ".join(f"starts_with(instrument_key, '{p}')" for p in UNCOMPARED)})),
compared AS (
    SELECT * FROM dated WHERE instrument_key IN (
        SELECT instrument_key FROM dated GROUP BY instrument_key HAVING count(DISTINCT doc_id) >= 2))
SELECT *, CASE WHEN via IS DISTINCT FROM 'self' THEN row_number() OVER (
    PARTITION BY doc_id, via IS DISTINCT FROM 'self' ORDER BY char_start, citation_id) END AS n
FROM compared
"""
CHUNK_MENTIONS = 200_000  # compared mentions held in Python at once by `cross_report_arrow`


class _Verdict(NamedTuple):
    expected: Any               # the date expected of every mention, None on a tie
    source: str | None          # 'self' / 'majority' / None
    givers: list[dict]          # the mentions giving the expected date
    giver_docs: set[str]
    doc_ids: list[str]          # every document dating the instrument, sorted
    dates: str                  # every date given, sorted, as the message spells them


_DMY: dict = {}


def _dmy(d) -> str:
    """d as dd/mm/yyyy (strftime costs 3 µs; a corpus repeats few dates)."""
    s = _DMY.get(d)
    if s is None:
        s = _DMY[d] = f"{d:%d/%m/%Y}"
    return s


def _row(c: dict, n: int, status: str, severity: str, expected, message: str, evidence: list[str],
         others: list[str], n_others: int) -> dict:
    return {"doc_id": c["doc_id"], "finding_id": row_id(c["doc_id"], "x", n), "rule": RULE,
            "severity": severity, "status": status, "char_start": c["char_start"], "char_end": c["char_end"],
            "instrument_key": c["instrument_key"], "expected_date": expected, "reported_date": c["date"],
            "message": message, "evidence": evidence, "other_doc_ids": others, "n_other_docs": n_others, "ocr": bool(c.get("ocr"))}


def _expected(mentions: list[dict], issue_dates: dict) -> tuple[object, str | None, list[dict]]:
    """(expected date or None, its source: 'self' / 'majority' / None, the mentions giving it)."""
    own = [c for c in mentions if c.get("via") == "self"]
    if own:
        date = issue_dates.get(own[0]["doc_id"]) or Counter(c["date"] for c in own).most_common(1)[0][0]
        return date, "self", own[:1]
    docs_by_date: dict = defaultdict(set)
    for c in mentions:
        docs_by_date[c["date"]].add(c["doc_id"])
    ranked = Counter({d: len(docs) for d, docs in docs_by_date.items()}).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, None, []
    best = ranked[0][0]
    return best, "majority", [c for c in mentions if c["date"] == best]


def cross_report_findings(citation_rows: list[dict], document_rows: list[dict] | None = None) -> list[dict]:
    """citation_date findings over the citation (and document) rows of the whole corpus.

    Linear in the mentions: what a mention's row says about the others (their documents, the
    dates they give) is worked out once per instrument, which a national corpus may cite from
    tens of thousands of reports.
    """
    issue_dates = {d["doc_id"]: d.get("issue_date") for d in document_rows or []}
    groups: dict[str, list[dict]] = defaultdict(list)
    for c in citation_rows:
        key = c.get("instrument_key")
        if key and c.get("date") and not key.startswith(UNCOMPARED):
            groups[key].append(c)
    verdicts: dict[str, _Verdict] = {}
    for key, mentions in groups.items():
        doc_ids = sorted({c["doc_id"] for c in mentions})
        if len(doc_ids) < 2:
            continue  # one document: its own date_conflict anomaly covers it
        expected, source, givers = _expected(sorted(mentions, key=lambda c: (c["doc_id"], c["char_start"])), issue_dates)
        verdicts[key] = _Verdict(expected, source, givers, {g["doc_id"] for g in givers}, doc_ids,
                                 ", ".join(_dmy(d) for d in sorted({c["date"] for c in mentions})))
    out: list[dict] = []
    counters: dict[str, int] = defaultdict(int)
    order = sorted((c for key in verdicts for c in groups[key]),
                   key=lambda c: (c["doc_id"], c["char_start"], c["citation_id"]))
    for c in order:
        if c.get("via") == "self":
            continue
        key, doc = c["instrument_key"], c["doc_id"]
        v = verdicts[key]
        others = [d for d in v.doc_ids[:MAX_OTHER_DOCS + 1] if d != doc][:MAX_OTHER_DOCS]
        if "n" in c:  # numbered over the whole corpus by COMPARED_SQL (the corpus step reads a
            # bucket of instruments at a time); rows given as a list are numbered here, which
            # tests/test_cross_report.py holds the SQL numbering to
            n = c["n"]
        else:
            counters[doc] += 1
            n = counters[doc]
        if v.expected is not None and c["date"] == v.expected:
            out.append(_row(c, n, "pass", "info", v.expected,
                            f"{c.get('ref') or key} dated {_dmy(c['date'])} as in the other documents",
                            [c["citation_id"]], others, len(v.doc_ids) - 1))
            continue
        evidence = [c["citation_id"]] + [g["citation_id"] for g in v.givers[:5]]
        if v.source == "self":
            severity, why = "error", f"the document {c.get('ref') or key} itself is dated {_dmy(v.expected)}"
        elif v.source == "majority":
            n_docs = len(v.giver_docs) - (doc in v.giver_docs)
            severity, why = "warning", f"{n_docs} other document(s) date it {_dmy(v.expected)}"
        else:
            severity, why = "warning", "the documents disagree: " + v.dates
        if c.get("ocr"):
            severity, why = "warning", why + "; this may be an OCR misreading"
        elif "~" in key and v.source != "self":
            why += "; or two bodies of the province gave plans the same number"
        out.append(_row(c, n, "fail", severity, v.expected,
                        f"{c.get('ref') or key} dated {_dmy(c['date'])} here; {why}", evidence, others,
                        len(v.doc_ids) - 1))
    return out


def cross_report_arrow(con, chunk: int = CHUNK_MENTIONS):
    """`cross_findings` as a pyarrow.Table (unsorted) from the relations `cites` and `documents`
    of the DuckDB connection `con`: the compared mentions are read into Python an instrument
    bucket at a time (about `chunk` mentions each), so a corpus of any size fits in memory. Every
    verdict is about one instrument and the findings are numbered in SQL, so the buckets' rows
    are those of one call over all the mentions."""
    import pyarrow as pa

    from pipeline.query import fetch_arrow
    from pipeline.writer import to_arrow

    def rows(sql: str) -> list[dict]:
        return fetch_arrow(con, sql).to_pylist()

    docs = rows("SELECT * FROM documents")
    con.execute(f"CREATE OR REPLACE TEMP TABLE compared AS {COMPARED_SQL}")  # callable again on `con`
    (total,), = con.execute("SELECT count(*) FROM compared").fetchall()
    buckets = max(1, -(-total // chunk))
    parts = [to_arrow("cross_findings", cross_report_findings(rows(
        f"SELECT * FROM compared WHERE hash(instrument_key) % {buckets} = {b}"), docs)) for b in range(buckets)]
    return pa.concat_tables(parts)
