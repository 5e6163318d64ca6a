"""A dataset built from the hand-checked gold, for testing the surfaces (query, report, notebooks).

The surfaces read a dataset; whether the extractors find everything is scored elsewhere. Building
the dataset straight from tests/gold/*.jsonl and the seed texts lets the surface tests assert
exact gold numbers (11 failing findings on seed 003, 2.473 dossiers received in seed 000) that do
not move when an extractor improves. The same tests also run on the dataset the real pipeline
writes (`seed_dataset`), where they check the surface agrees with that dataset.

The layout is the one `baocao run` writes: DIR/<table>/part-<id>.parquet plus the manifest.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from conftest import SEEDS, load_gold

PART = "gold0000000000000000"


def _doc_ids() -> dict[str, tuple[str, str]]:
    """gold doc name -> (doc_id, text)."""
    out = {}
    for p in sorted(SEEDS.glob("*.txt")):
        data = p.read_bytes()
        out[p.stem] = (hashlib.sha256(data).hexdigest(), data.decode("utf-8"))
    return out


def _ref(c: dict) -> str | None:
    """Canonical reference as DESIGN.md §3 spells it, from the gold's number/symbol/year."""
    if not c.get("number") or not c.get("symbol"):
        return None
    if c["family"] == "party":
        return f"{c['number']}-{c['symbol']}"
    if c.get("year") and f"/{c['year']}/" in c["text"]:
        return f"{c['number']}/{c['year']}/{c['symbol']}"
    return f"{c['number']}/{c['symbol']}"


def _key(c: dict) -> str:
    ref = _ref(c)
    if ref:
        return ref
    return "named:" + re.sub(r"\s+", " ", c["text"].lower()).strip()


def gold_rows() -> dict[str, list[dict]]:
    ids = _doc_ids()
    rows: dict[str, list[dict]] = {t: [] for t in (
        "documents", "sections", "citations", "instruments", "citation_edges",
        "dossier_stats", "percentages", "findings", "errors")}
    for d in load_gold("documents"):
        doc_id, text = ids[d["doc"]]
        rows["documents"].append({
            "doc_id": doc_id, "source_path": f"seeds/{d['doc']}.txt", "source_format": "txt",
            "ocr": False, "n_pages": 1, "n_chars": len(text), "text": text, "encoding": "utf-8",
            "pipeline_version": "gold",
            **{k: d.get(k) for k in ("kind", "doc_number", "issue_date", "place", "title", "period_label",
                                     "period_start", "period_end", "issuing_body", "admin_level",
                                     "province", "signer", "signer_title")}})
    for n, s in enumerate(load_gold("sections")):
        doc_id = ids[s["doc"]][0]
        rows["sections"].append({"doc_id": doc_id, "section_id": f"{doc_id[:12]}-s{n:04d}",
                                 "level": s["level"], "numbering": s["numbering"], "heading": s["heading"],
                                 "char_start": s["start"], "char_end": s["end"], "anomaly": s["anomaly"]})

    by_doc_text: dict[tuple[str, str], str] = {}
    cites = [c for c in load_gold("citations") if not c.get("uncertain")]
    for n, c in enumerate(cites):
        doc_id = ids[c["doc"]][0]
        cid = f"{doc_id[:12]}-c{n:04d}"
        by_doc_text.setdefault((c["doc"], c["text"]), cid)
        via = "self" if c.get("self") else "footnote" if c.get("footnote") else \
            "short_form" if c.get("short") else "named" if c["family"] == "named" else "inline"
        rows["citations"].append({
            "doc_id": doc_id, "citation_id": cid, "char_start": c["start"], "char_end": c["end"],
            "text": c["text"], "via": via, "ref": _ref(c), "instrument_key": _key(c),
            **{k: c.get(k) for k in ("doc_type", "number", "year", "symbol", "type_code", "issuer_code",
                                     "family", "date", "issuer_text", "relation", "anomaly")}})
    for c, row in zip(cites, rows["citations"]):
        src = c.get("relation_source_text")
        if src:
            row["relation_source"] = by_doc_text.get((c["doc"], src))

    # corpus tables, as the corpus step would build them from the mentions
    inst: dict[str, dict] = {}
    for row in rows["citations"]:
        i = inst.setdefault(row["instrument_key"], {
            "instrument_key": row["instrument_key"], "doc_type": row["doc_type"], "ref": row["ref"],
            "year": row["year"], "issuer_code": row["issuer_code"], "date": row["date"],
            "n_mentions": 0, "docs": set()})
        i["n_mentions"] += 1
        i["docs"].add(row["doc_id"])
    for i in inst.values():
        i["n_documents"] = len(i.pop("docs"))
        rows["instruments"].append(i)
    by_id = {r["citation_id"]: r for r in rows["citations"]}
    seen = set()
    for row in rows["citations"]:
        if row["via"] == "self":
            continue
        edge = ("doc:" + row["doc_id"], row["instrument_key"], "cites", row["doc_id"])
        if edge not in seen:
            seen.add(edge)
            rows["citation_edges"].append(dict(zip(("src_key", "dst_key", "relation", "doc_id"), edge),
                                               citation_id=row["citation_id"]))
        if row["relation"] and row.get("relation_source") in by_id:
            rows["citation_edges"].append({
                "src_key": by_id[row["relation_source"]]["instrument_key"], "dst_key": row["instrument_key"],
                "relation": row["relation"], "doc_id": row["doc_id"], "citation_id": row["citation_id"]})

    for n, s in enumerate(load_gold("dossier_stats")):
        doc_id = ids[s["doc"]][0]
        rows["dossier_stats"].append({
            "doc_id": doc_id, "stat_id": f"{doc_id[:12]}-d{n:04d}", "char_start": s["start"],
            "char_end": s["end"], "text": s["text"], "value": s["value"], "metric": s["metric"],
            "scope": s["scope"], "group_id": s["group"], "period_text": s["period_text"]})
    for n, p in enumerate(load_gold("percentages")):
        doc_id = ids[p["doc"]][0]
        rows["percentages"].append({
            "doc_id": doc_id, "pct_id": f"{doc_id[:12]}-p{n:04d}", "char_start": p["start"],
            "char_end": p["end"], "text": p["text"], "value": p["value"], "numerator": p["numerator"],
            "denominator": p["denominator"], "base_text": p["base_text"]})
    spans = rows["dossier_stats"] + rows["percentages"]
    for n, f in enumerate(load_gold("findings")):
        doc_id = ids[f["doc"]][0]
        evidence = [r.get("stat_id") or r["pct_id"] for r in spans
                    if r["doc_id"] == doc_id and f["start"] <= r["char_start"] and r["char_end"] <= f["end"]]
        num = lambda v: v if isinstance(v, (int, float)) else None  # noqa: E731 (gold has prose there)
        rows["findings"].append({
            "doc_id": doc_id, "finding_id": f"{doc_id[:12]}-f{n:04d}", "rule": f["rule"],
            "severity": f["severity"] or ("info" if f["status"] == "pass" else "error"),
            "status": f["status"], "char_start": f["start"], "char_end": f["end"],
            "expected": num(f["expected"]), "reported": num(f["reported"]),
            "message": f["explanation"], "evidence": evidence})
    return rows


def write_gold_dataset(out: Path, extra_rows: dict[str, list[dict]] | None = None) -> Path:
    """Write the gold dataset (plus `extra_rows`) to `out` in the layout `baocao run` writes."""
    import pyarrow.parquet as pq

    from pipeline.dataset import Manifest
    from pipeline.writer import to_arrow
    from schemas.tables import TABLES

    rows = gold_rows()
    for t, extra in (extra_rows or {}).items():
        rows.setdefault(t, []).extend(extra)
    for t in TABLES:
        (out / t).mkdir(parents=True, exist_ok=True)
        pq.write_table(to_arrow(t, rows.get(t, [])), out / t / f"part-{PART}.parquet")
    m = Manifest(pipeline_version="gold")
    m.parts[PART] = {"tables": list(TABLES), "keys": [d["source_path"] for d in rows["documents"]]}
    m.save(out)
    return out


def gold_failing(doc: str) -> list[dict]:
    """The gold's failing findings for a seed ('003' or the full stem)."""
    return [f for f in load_gold("findings") if f["doc"].startswith(doc) and f["status"] == "fail"]


def seed_doc_id(prefix: str) -> str:
    for name, (doc_id, _) in _doc_ids().items():
        if name.startswith(prefix):
            return doc_id
    raise KeyError(prefix)


if __name__ == "__main__":  # python tests/surfaces_data.py OUT: a gold dataset to look at
    import sys

    print(write_gold_dataset(Path(sys.argv[1])))
    print(json.dumps({t: len(r) for t, r in gold_rows().items()}))


HOSTILE_TEXT = ("BÁO CÁO <script>alert(1)</script> kết quả\n"
                "Theo Kế hoạch số 12/KH-UBND, đã tiếp nhận <img src=x onerror=alert(2)> 120 hồ sơ\n"
                "\"><svg onload=alert(3)> & ký tự &amp; đặc biệt\n")


def hostile_rows() -> dict[str, list[dict]]:
    """One document whose text, names and parse all try to become markup or leave the site."""
    text = HOSTILE_TEXT
    doc_id = hashlib.sha256(text.encode()).hexdigest()
    s = text.index("Kế hoạch số 12/KH-UBND")
    fig = text.index("120")
    script = text.index("<script>")
    return {
        "documents": [{"doc_id": doc_id, "source_path": "../../../etc/<script>alert(9)</script>.txt",
                       "source_format": "txt", "ocr": False, "n_pages": 1, "n_chars": len(text), "text": text,
                       "kind": "report", "title": "<b onmouseover=alert(6)>tiêu đề</b>", "province": "<i>Hà Nội</i>",
                       "pipeline_version": "gold"}],
        "citations": [{"doc_id": doc_id, "citation_id": "../../x", "char_start": s, "char_end": s + 22,
                       "text": text[s:s + 22], "via": "inline", "doc_type": "Kế hoạch",
                       "ref": "\"><script>alert(4)</script>", "instrument_key": "../../../../tmp/escaped"},
                      {"doc_id": doc_id, "citation_id": "h-script", "char_start": script, "char_end": script + 8,
                       "text": "<script>", "via": "named", "doc_type": "<script>", "ref": None,
                       "instrument_key": "named:<script>alert(7)</script>"}],
        "dossier_stats": [{"doc_id": doc_id, "stat_id": "h-d1", "char_start": fig, "char_end": fig + 3,
                           "text": "120", "value": 120, "metric": "received_total", "scope": "<u>x</u>"}],
        "findings": [{"doc_id": doc_id, "finding_id": "h-f1", "rule": "sum_total", "severity": "error",
                      "status": "fail", "char_start": fig, "char_end": fig + 3, "expected": 121.0,
                      "reported": 120.0, "message": "<img src=x onerror=alert(5)> 120 ≠ 121",
                      "evidence": ["h-d1"]},
                     {"doc_id": doc_id, "finding_id": "h-f2", "rule": "structure", "severity": "error",
                      "status": "fail", "message": "a check about the whole document (no span)"}],
    }
