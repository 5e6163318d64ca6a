"""`baocao compact DIR`: merge the many small part files of incremental runs into few large ones.

Sources are regrouped in path order into parts of up to `docs_per_part` documents — within each
hive partition when the dataset is partitioned, so a merged file holds one partition's rows.
`partition_by` re-lays the dataset out under other keys (or none) on the way. The rewrite uses
the same staged-then-commit protocol as a run, so a killed compaction loses nothing.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.dataset import (Manifest, ensure_every_table, part_entry, part_files, part_id_for, publish,
                              read_part_file, write_part)
from schemas.tables import SORT_KEYS


def _partition_of_sources(out: Path, manifest: Manifest, keys: tuple[str, ...]) -> dict[str, str]:
    """source_path -> partition directory under `keys`, from the live documents rows."""
    from pipeline.partitions import partition_dir

    if not keys:
        return {}
    dirs = {}
    for pid, info in manifest.parts.items():
        if "documents" not in info["tables"]:
            continue
        for rel in part_files(pid, info, "documents"):
            at = read_part_file(out, "documents", rel)
            if at is None:
                continue
            for doc in at.select(["source_path", "province", "period_end", "issue_date"]).to_pylist():
                dirs[doc["source_path"]] = partition_dir(doc, keys)
    return dirs


def compact(out: Path, docs_per_part: int = 5000, partition_by: tuple[str, ...] | None = None) -> dict:
    import pyarrow as pa
    import pyarrow.compute as pc

    from pipeline.partitions import partition_dir

    manifest = Manifest.load(out)
    publish(out, manifest)
    layout = tuple(manifest.partition_by) if partition_by is None else tuple(partition_by)
    doc_parts = {pid: info for pid, info in manifest.parts.items() if info["keys"]}
    before = len(doc_parts)
    sources = sorted(s for s, e in manifest.sources.items() if e.get("part") in doc_parts)
    where = _partition_of_sources(out, manifest, layout)
    null_dir = partition_dir(None, layout)
    by_dir: dict[str, list[str]] = {}
    for s in sources:
        by_dir.setdefault(where.get(s, null_dir), []).append(s)
    groups = [(d, ss[i:i + docs_per_part]) for d, ss in sorted(by_dir.items())
              for i in range(0, len(ss), docs_per_part)]
    for subdir, keys in groups:
        old = sorted({manifest.sources[k]["part"] for k in keys})
        pid = part_id_for(keys + ["compact", subdir], manifest.pipeline_version)
        tables = sorted({t for p in old for t in manifest.parts[p]["tables"]})
        keyset = pa.array(keys, type=pa.string())
        ids = pa.array([manifest.sources[k]["doc_id"] for k in keys if manifest.sources[k].get("doc_id")],
                       type=pa.string())
        written = {}
        for t in tables:
            pieces = [read_part_file(out, t, rel) for p in old if t in manifest.parts[p]["tables"]
                      for rel in part_files(p, manifest.parts[p], t)]
            merged = pa.concat_tables([x for x in pieces if x is not None])
            col, values = ("source_path", keyset) if t in ("documents", "errors") else ("doc_id", ids)
            merged = merged.filter(pc.is_in(merged[col], value_set=values))
            if merged.num_rows:
                merged = merged.sort_by([(k, "ascending") for k in SORT_KEYS[t]])
                written[t] = [write_part(out, t, pid, merged, subdir)]
        for k in keys:
            manifest.sources[k]["part"] = pid
        manifest.parts[pid] = part_entry(written, keys)
    live = {e["part"] for e in manifest.sources.values()}
    for p, info in list(manifest.parts.items()):
        if (p in doc_parts and p not in live) or (info.get("empty") and layout != tuple(manifest.partition_by)):
            del manifest.parts[p]
    manifest.partition_by = list(layout)
    ensure_every_table(out, manifest)
    manifest.save(out)
    publish(out, manifest)
    return {"parts_before": before, "parts_after": len(groups), "partition_by": list(layout)}
