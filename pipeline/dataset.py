"""The dataset on disk: part files per table, and the manifest that says which ones are live.

Layout of an output directory DIR:

    DIR/<table>/part-<id>.parquet      live part files (what pyarrow / DuckDB globs read)
    DIR/<table>/.part-<id>.parquet.tmp staged part files, invisible to those readers
    DIR/_baocao/manifest.json          the commit record: sources -> doc_id -> part, live parts
    DIR/_baocao/staged/<part id>.json  a batch a worker finished and staged, not yet committed

A dataset partitioned by `--partition-by` (pipeline/partitions.py) has the same files one or
more `key=value` directories down, `DIR/<table>/province=X/report_year=Y/part-<id>.parquet`; a part
then has a file in each partition its documents fall in, and the manifest lists them.

Commit protocol (crash safety): a run first writes every new part as a hidden `.tmp` file, then
replaces the manifest in one `os.replace` (the commit point), then renames the staged parts to
their visible names and deletes the parts the new manifest no longer lists. A run killed before
the commit leaves the previous dataset as it was (stray `.tmp` files are removed by the next
run); a run killed after it leaves the old visible parts, which the next run's `recover` turns
into the committed state before doing anything else. Part ids are content hashes, so re-doing
the same work writes the same names.

Resuming: a worker that has staged a batch's files records the batch under `_baocao/staged/`.
A run killed before its commit leaves those records and files; the next run that plans the same
batch (same documents, same bytes, same code) takes them instead of processing the batch again
(pipeline/batch.py, `resume_staged`). Its commit deletes the records, and `publish` the files no
record or manifest lists.
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
STAGED_RECORDS = "staged"
# tables rebuilt from the per-document tables at the end of every run
CORPUS_TABLES = ("instruments", "citation_edges", "cross_findings")
DOC_TABLES = tuple(t for t in TABLES if t not in CORPUS_TABLES)


def part_name(part_id: str, subdir: str = "") -> str:
    """Path of a part's file under its table's directory."""
    return f"{subdir}/part-{part_id}.parquet" if subdir else f"part-{part_id}.parquet"


def staged_name(rel: str) -> str:
    """The hidden name a part file is written under until its commit is published."""
    head, _, name = rel.rpartition("/")
    return f"{head}/.{name}.tmp" if head else f".{name}.tmp"


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
    # part_id -> {"tables": [table, ...], "keys": [source_path, ...],
    #             "files": {table: [path under the table's directory, ...]} when partitioned}
    parts: dict[str, dict] = field(default_factory=dict)
    partition_by: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        p = out / MANIFEST_DIR / MANIFEST
        if not p.exists():
            return cls()
        d = json.loads(p.read_text(encoding="utf-8"))
        return cls(d.get("pipeline_version", ""), d.get("schema_version", ""),
                   d.get("sources", {}), d.get("parts", {}), d.get("partition_by", []))

    def save(self, out: Path) -> None:
        """Atomically replace the manifest: this is the commit point of a run."""
        d = out / MANIFEST_DIR
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f".{MANIFEST}.{os.getpid()}.tmp"
        body = json.dumps({"pipeline_version": self.pipeline_version, "schema_version": self.schema_version,
                           "sources": dict(sorted(self.sources.items())),
                           "parts": dict(sorted(self.parts.items())),
                           "partition_by": list(self.partition_by)},
                          ensure_ascii=False, indent=1, sort_keys=True)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, d / MANIFEST)
        _fsync_dir(d)

    def live_files(self) -> dict[str, set[str]]:
        """table -> paths (under the table's directory) of the part files the manifest lists."""
        live: dict[str, set[str]] = {t: set() for t in TABLES}
        for pid, info in self.parts.items():
            for t in info["tables"]:
                live[t].update(part_files(pid, info, t))
        return live


def part_files(part_id: str, info: dict, table: str) -> list[str]:
    """Paths of one part's files of `table` (one per partition; one file when unpartitioned)."""
    return info.get("files", {}).get(table) or [part_name(part_id)]


def part_entry(tables: dict[str, list[str]], keys: list[str], **flags) -> dict:
    """A manifest part entry from table -> written paths; `files` only where partitioned."""
    entry = {"tables": sorted(tables), "keys": keys, **flags}
    files = {t: sorted(paths) for t, paths in tables.items() if any("/" in p for p in paths)}
    if files:
        entry["files"] = files
    return entry


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


def write_part(out: Path, table: str, part_id: str, arrow_table, subdir: str = "") -> str:
    """Write one staged (hidden) part file; it becomes visible at `publish`. Returns its path."""
    import pyarrow.parquet as pq

    rel = part_name(part_id, subdir)
    tmp = out / table / staged_name(rel)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(arrow_table, tmp, compression="zstd", row_group_size=64_000, write_statistics=True)
    return rel


def write_partitioned(out: Path, table: str, part_id: str, arrow_table, dirs: dict[str, str],
                      keys: tuple[str, ...] | list[str]) -> list[str]:
    """Write a part's rows of a per-document table, one file per partition; returns the paths."""
    from pipeline.partitions import split_by_partition

    return [write_part(out, table, part_id, piece, subdir)
            for subdir, piece in split_by_partition(arrow_table, dirs, tuple(keys)).items()]


def ensure_every_table(out: Path, manifest: Manifest) -> None:
    """A table with no rows still gets one empty part, so every reader finds its schema."""
    from pipeline.partitions import partition_dir
    from pipeline.writer import to_arrow

    live = manifest.live_files()
    missing = [t for t in DOC_TABLES if not live[t]]
    if missing:
        pid = part_id_for(["empty"] + missing, manifest.pipeline_version)
        subdir = partition_dir(None, tuple(manifest.partition_by))  # same depth as the other files
        written = {t: [write_part(out, t, pid, to_arrow(t, []), subdir)] for t in missing}
        manifest.parts[pid] = part_entry(written, [], empty=True)


def staged_records_dir(out: Path) -> Path:
    return out / MANIFEST_DIR / STAGED_RECORDS


def write_staged_record(out: Path, part_id: str, record: dict) -> None:
    """Record a batch whose files are all staged (atomically: a record is whole or absent)."""
    d = staged_records_dir(out)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f".{part_id}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, d / f"{part_id}.json")


def read_staged_records(out: Path) -> dict[str, dict]:
    """part id -> record of every batch staged by a run that did not commit it."""
    records = {}
    d = staged_records_dir(out)
    for f in sorted(d.glob("*.json")) if d.is_dir() else ():
        try:
            records[f.stem] = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # unreadable: that batch is processed again
    return records


def drop_staged_records(out: Path) -> None:
    """After a commit: what the records listed is committed now, or no longer wanted."""
    d = staged_records_dir(out)
    if d.is_dir():
        for f in d.iterdir():
            f.unlink(missing_ok=True)


def publish(out: Path, manifest: Manifest) -> None:
    """Make the visible files equal to what the committed manifest lists. Staged files of
    batches recorded under `_baocao/staged/` are kept for the next run to resume with.

    Idempotent: used after a commit and to recover from a run killed after its commit.
    """
    live = manifest.live_files()
    resumable: dict[str, set[str]] = {t: set() for t in TABLES}
    for record in read_staged_records(out).values():
        for t, paths in record.get("tables", {}).items():
            resumable.get(t, set()).update(paths)
    for table in TABLES:
        d = out / table
        d.mkdir(parents=True, exist_ok=True)
        names = live[table]
        for rel in names:
            staged = d / staged_name(rel)
            if staged.exists():
                os.replace(staged, d / rel)
        dirs = set()
        for f in list(d.rglob("*")):
            if f.is_dir():
                dirs.add(f)
                continue
            rel = f.relative_to(d).as_posix()
            if rel.endswith(".parquet") and rel not in names:
                f.unlink()
            elif f.name.endswith(".tmp") and _unstaged(rel) not in names and _unstaged(rel) not in resumable[table]:
                f.unlink()  # staged by a run that never committed, and not to be resumed
        for sub in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
            if not any(sub.iterdir()):
                sub.rmdir()  # a partition left empty
            else:
                _fsync_dir(sub)
        _fsync_dir(d)


def _unstaged(rel: str) -> str:
    head, _, name = rel.rpartition("/")
    name = name[1:-4] if name.startswith(".") and name.endswith(".tmp") else name
    return f"{head}/{name}" if head else name


def read_part_file(out: Path, table: str, rel: str):
    """A part file, visible or still staged (None when neither exists)."""
    import pyarrow.parquet as pq

    d = out / table
    for path in (d / rel, d / staged_name(rel)):
        if path.exists():
            return pq.read_table(path)
    return None
