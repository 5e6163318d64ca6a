"""`baocao compact DIR`: merge the many small part files of incremental runs into few large ones.

Sources are regrouped in path order into parts of up to `docs_per_part` documents; the rewrite
uses the same staged-then-commit protocol as a run, so a killed compaction loses nothing.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.dataset import Manifest, part_id_for, publish, read_part, write_part
from schemas.tables import SORT_KEYS


def compact(out: Path, docs_per_part: int = 5000) -> dict:
    import pyarrow as pa
    import pyarrow.compute as pc

    manifest = Manifest.load(out)
    publish(out, manifest)
    doc_parts = {pid: info for pid, info in manifest.parts.items() if info["keys"]}
    before = len(doc_parts)
    sources = sorted(s for s, e in manifest.sources.items() if e.get("part") in doc_parts)
    groups = [sources[i:i + docs_per_part] for i in range(0, len(sources), docs_per_part)]
    for keys in groups:
        old = sorted({manifest.sources[k]["part"] for k in keys})
        pid = part_id_for(keys + ["compact"], manifest.pipeline_version)
        tables = sorted({t for p in old for t in manifest.parts[p]["tables"]})
        keyset = pa.array(keys, type=pa.string())
        ids = pa.array([manifest.sources[k]["doc_id"] for k in keys if manifest.sources[k].get("doc_id")],
                       type=pa.string())
        written = []
        for t in tables:
            pieces = [read_part(out, t, p) for p in old if t in manifest.parts[p]["tables"]]
            merged = pa.concat_tables([x for x in pieces if x is not None])
            col, values = ("source_path", keyset) if t in ("documents", "errors") else ("doc_id", ids)
            merged = merged.filter(pc.is_in(merged[col], value_set=values))
            if merged.num_rows:
                merged = merged.sort_by([(k, "ascending") for k in SORT_KEYS[t]])
                write_part(out, t, pid, merged)
                written.append(t)
        for k in keys:
            manifest.sources[k]["part"] = pid
        manifest.parts[pid] = {"tables": written, "keys": keys}
    live = {e["part"] for e in manifest.sources.values()}
    for p in list(doc_parts):
        if p not in live:
            del manifest.parts[p]
    manifest.save(out)
    publish(out, manifest)
    return {"parts_before": before, "parts_after": len(groups)}
