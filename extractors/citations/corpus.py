"""Corpus-wide tables from the citation rows of every document: instruments and citation_edges.

instruments      one row per instrument_key: the most frequent doc_type, ref, year, issuer code,
                 issuing body (issuer_text) and date among its mentions; n_mentions, n_documents.
citation_edges   always in the active voice, src REL dst:
                 - every document cites each instrument it mentions:   doc:<doc_id> cites K
                   (one edge per document and instrument, on its first mention; self mentions,
                   the document's own number, are not citations);
                 - a relation between two mentions ("80/KH-UBND implements 112/KH-UBND"):
                   key(relation_source) REL key(mention);
                 - a relation of the containing document: active ones ("Căn cứ ...") give
                   doc:<doc_id> based_on K; passive notes ("[... được hướng dẫn bởi Nghị định
                   21/2021/NĐ-CP]") give K guides doc:<doc_id>.
"""
from __future__ import annotations

from collections import Counter

from extractors.citations.relations import ACTIVE_OF

# the citations columns these tables are built from (the corpus step reads no others)
CITATION_COLUMNS = ("doc_id", "citation_id", "char_start", "instrument_key", "symbol_doc_type", "doc_type",
                    "ref", "year", "issuer_code", "issuer_text", "date", "via", "relation", "relation_source")


def _most_common(values):
    """The value named most often (the first named among equals); None when none is."""
    vals = [v for v in values if v is not None]
    if len(vals) < 2:  # most instruments are named once: skip the Counter
        return vals[0] if vals else None
    return Counter(vals).most_common(1)[0][0]


def instruments_table(citation_rows: list[dict]) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for r in citation_rows:
        if r.get("instrument_key"):
            groups.setdefault(r["instrument_key"], []).append(r)
    out = []
    for key, rs in groups.items():
        out.append({
            "instrument_key": key,
            "doc_type": _most_common(r.get("symbol_doc_type") or r.get("doc_type") for r in rs),
            "ref": _most_common(r.get("ref") for r in rs),
            "year": _most_common(r.get("year") for r in rs),
            "issuer_code": _most_common(r.get("issuer_code") for r in rs),
            "issuing_body": _most_common(r.get("issuer_text") for r in rs),
            "date": _most_common(r.get("date") for r in rs),
            "n_mentions": len(rs),
            "n_documents": len({r["doc_id"] for r in rs}),
        })
    return out


def edges_table(citation_rows: list[dict]) -> list[dict]:
    key_of = {r["citation_id"]: r.get("instrument_key") for r in citation_rows}
    out = []
    seen_cites: set[tuple[str, str]] = set()
    for r in citation_rows:
        key, doc = r.get("instrument_key"), r["doc_id"]
        if not key:
            continue
        doc_key = f"doc:{doc}"
        if r.get("via") != "self" and (doc, key) not in seen_cites:
            seen_cites.add((doc, key))
            out.append({"src_key": doc_key, "dst_key": key, "relation": "cites", "doc_id": doc,
                        "citation_id": r["citation_id"]})
        rel = r.get("relation")
        if not rel:
            continue
        if r.get("relation_source"):
            src = key_of.get(r["relation_source"])
            if src:
                out.append({"src_key": src, "dst_key": key, "relation": ACTIVE_OF.get(rel, rel),
                            "doc_id": doc, "citation_id": r["citation_id"]})
        elif rel in ACTIVE_OF:
            out.append({"src_key": key, "dst_key": doc_key, "relation": ACTIVE_OF[rel], "doc_id": doc,
                        "citation_id": r["citation_id"]})
        else:
            out.append({"src_key": doc_key, "dst_key": key, "relation": rel, "doc_id": doc,
                        "citation_id": r["citation_id"]})
    return out


def corpus_tables(citation_rows: list[dict], document_rows: list[dict] | None = None) -> dict[str, list[dict]]:
    """{"instruments": [...], "citation_edges": [...]} (called by pipeline/run.py after all documents).

    The rows may come in any order (part files group documents by how runs happened to batch
    them); they are put in document order first, so ties ("most often named") break the same way.
    """
    citation_rows = sorted(citation_rows, key=lambda r: (r["doc_id"], r["char_start"], r["citation_id"]))
    return {"instruments": instruments_table(citation_rows), "citation_edges": edges_table(citation_rows)}
