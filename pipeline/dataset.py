"""The dataset on disk: part files per table, and the manifest that says which ones are live.

Layout of an output directory DIR:

    DIR/<table>/part-<id>.parquet      live part files (what pyarrow / DuckDB globs read)
    DIR/<table>/.part-<id>.parquet.tmp staged part files, invisible to those readers
    DIR/_baocao/manifest.json          the commit record: sources -> doc_id -> part, live parts

Commit protocol (crash safety): a run first writes every new part as a hidden `.tmp` file, then
replaces the manifest in one `os.replace` (the commit point), then renames the staged parts to
their visible names and deletes the parts the new manifest no longer lists. A run killed before
the commit leaves the previous dataset as it was (stray `.tmp` files are removed by the next
run); a run killed after it leaves the old visible parts, which the next run's `recover` turns
into the committed state before doing anything else. Part ids are content hashes, so re-doing
the same work writes the same names.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from schemas.tables import SCHEMA_VERSION, TABLES

MANIFEST_DIR = "_baocao"
MANIFEST = "manifest.json"
# tables rebuilt from the per-document tables at the end of every run
CORPUS_TABLES = ("instruments", "citation_edges")
DOC_TABLES = tuple(t for t in TABLES if t not in CORPUS_TABLES)


def part_name(part_id: str) -> str:
    return f"part-{part_id}.parquet"


def staged_name(part_id: str) -> str:
    return f".part-{part_id}.parquet.tmp"


def part_id_for(keys: list[str], version: str) -> str:
    """Content id of a part: the documents it holds and the code that made it."""
    h = hashlib.sha256(version.encode())
    for k in sorted(keys):
        h.update(b"\0" + k.encode())
    return h.hexdigest()[:20]


@dataclass
class Manifest:
    pipeline_version: str = ""
    schema_version: str = SCHEMA_VERSION
    # source_path -> {"doc_id", "size", "mtime_ns", "part"}
    sources: dict[str, dict] = field(default_factory=dict)
    # part_id -> {"tables": [table, ...], "keys": [source_path, ...]}
    parts: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        p = out / MANIFEST_DIR / MANIFEST
        if not p.exists():
            return cls()
        d = json.loads(p.read_text(encoding="utf-8"))
        return cls(d.get("pipeline_version", ""), d.get("schema_version", ""),
                   d.get("sources", {}), d.get("parts", {}))

    def save(self, out: Path) -> None:
        """Atomically replace the manifest: this is the commit point of a run."""
        d = out / MANIFEST_DIR
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f".{MANIFEST}.{os.getpid()}.tmp"
        body = json.dumps({"pipeline_version": self.pipeline_version, "schema_version": self.schema_version,
                           "sources": dict(sorted(self.sources.items())),
                           "parts": dict(sorted(self.parts.items()))},
                          ensure_ascii=False, indent=1, sort_keys=True)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, d / MANIFEST)
        _fsync_dir(d)

    def live_files(self) -> dict[str, set[str]]:
        """table -> names of the part files the manifest lists."""
        live: dict[str, set[str]] = {t: set() for t in TABLES}
        for pid, info in self.parts.items():
            for t in info["tables"]:
                live[t].add(part_name(pid))
        return live


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_part(out: Path, table: str, part_id: str, arrow_table) -> None:
    """Write one staged (hidden) part file; it becomes visible at `publish`."""
    import pyarrow.parquet as pq

    d = out / table
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / staged_name(part_id)
    pq.write_table(arrow_table, tmp, compression="zstd", row_group_size=64_000, write_statistics=True)


def publish(out: Path, manifest: Manifest) -> None:
    """Make the visible files equal to what the committed manifest lists.

    Idempotent: used after a commit and to recover from a run killed after its commit.
    """
    live = manifest.live_files()
    for table in TABLES:
        d = out / table
        d.mkdir(parents=True, exist_ok=True)
        names = live[table]
        for name in names:
            staged = d / ("." + name + ".tmp")
            if staged.exists():
                os.replace(staged, d / name)
        for f in d.iterdir():
            if f.name.endswith(".parquet") and f.name not in names:
                f.unlink()
            elif f.name.endswith(".tmp") and f.name[1:-4] not in names:
                f.unlink()  # staged by a run that never committed
        _fsync_dir(d)


def read_part(out: Path, table: str, part_id: str):
    import pyarrow.parquet as pq

    d = out / table
    for name in (part_name(part_id), staged_name(part_id)):
        if (d / name).exists():
            return pq.read_table(d / name)
    return None
