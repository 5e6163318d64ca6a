"""A batch of documents -> staged part files. The unit a worker (pool process or Dask) runs.

Workers write their own part files (to a filesystem the client shares) and return only a small
summary, so the client's memory does not grow with the corpus.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.dataset import (DOC_TABLES, part_id_for, read_staged_records, staged_name, write_partitioned,
                              write_staged_record)
from pipeline.limits import DocumentTimeout, time_limit
from pipeline.process import Settings, error_row, process_file


@dataclass
class Job:
    root: str
    path: str
    source_path: str
    doc_id: str | None = None
    duplicate_of: str | None = None  # same bytes as this source path: recorded, not processed


@dataclass
class BatchResult:
    part_id: str
    keys: list[str]
    tables: dict[str, list[str]]  # table -> paths of the files written (one per partition)
    doc_ids: dict[str, str | None] = field(default_factory=dict)  # source_path -> doc_id (None: failed)
    counts: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    max_rss_mb: float = 0.0  # peak resident memory of the worker process so far


# error types that depend on the run's limits (--doc-timeout, --max-memory-mb) rather than on the
# document: a batch holding one is not resumed, so a run with other limits decides again
LIMIT_ERRORS = frozenset({"timeout", "memory_limit", "MemoryError"})


def batch_part_id(jobs: list[Job], version: str) -> str:
    return part_id_for([j.source_path for j in jobs] + [j.doc_id or "" for j in jobs], version)


def _job_keys(jobs: list[Job]) -> list[list]:
    """What makes two plans of a batch the same work: paths, content hashes, duplicates."""
    return [[j.source_path, j.doc_id, j.duplicate_of] for j in jobs]


def resume_staged(out: str, batches: list[list[Job]], settings: Settings) -> tuple[list[BatchResult], list[list[Job]]]:
    """Split planned batches into those a killed run already staged (their results, read from
    `_baocao/staged/`) and those still to process. A record is taken only for the same documents,
    bytes, duplicates, code and layout, and when every file it lists is staged and holds the
    rows it says (a file cut short by the kill fails to read)."""
    records = read_staged_records(Path(out))
    if not records:
        return [], batches
    import pyarrow.parquet as pq

    done, todo = [], []
    for jobs in batches:
        pid = batch_part_id(jobs, settings.version)
        r = records.get(pid)
        try:
            ok = (r is not None and r["jobs"] == _job_keys(jobs) and r["version"] == settings.version
                  and r["partition_by"] == list(settings.partition_by)
                  and all(sum(pq.read_metadata(Path(out) / t / staged_name(rel)).num_rows for rel in paths)
                          == r["counts"][t] for t, paths in r["tables"].items()))
        except (OSError, KeyError, TypeError, ValueError):  # pyarrow's errors are OSError / ValueError
            ok = False
        if ok:
            done.append(BatchResult(part_id=pid, keys=[j.source_path for j in jobs], tables=r["tables"],
                                    doc_ids=r["doc_ids"], counts=r["counts"], pages=r["pages"]))
        else:
            todo.append(jobs)
    return done, todo


def _run_job(job: Job, settings: Settings) -> dict[str, list[dict]]:
    if job.duplicate_of:
        return {"errors": [error_row(job.source_path, "discover", "duplicate_content",
                                     f"same bytes as {job.duplicate_of}; processed once there", job.doc_id)]}
    return process_file(Path(job.root), Path(job.path), source_path=job.source_path, settings=settings)


def _run_limited(job: Job, settings: Settings) -> dict[str, list[dict]]:
    try:
        with time_limit(settings.doc_timeout):
            return _run_job(job, settings)
    except DocumentTimeout as e:
        return {"errors": [error_row(job.source_path, "limits", "timeout", str(e), job.doc_id)]}
    except MemoryError:
        return {"errors": [error_row(job.source_path, "limits", "memory_limit",
                                     "document needed more memory than the worker's ceiling", job.doc_id)]}


def failed_batch(out: str, job: Job, settings: Settings, error_type: str, message: str) -> BatchResult:
    """The result for a document whose worker died: one errors row, written by the client."""
    from pipeline.writer import to_arrow

    pid = part_id_for([job.source_path, job.doc_id or "", "failed"], settings.version)
    rows = to_arrow("errors", [error_row(job.source_path, "limits", error_type, message, job.doc_id)])
    files = write_partitioned(Path(out), "errors", pid, rows, {}, settings.partition_by)
    return BatchResult(part_id=pid, keys=[job.source_path], tables={"errors": files},
                       doc_ids={job.source_path: None}, counts={"errors": 1})


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB. VmHWM rather than ru_maxrss where there is
    one: Linux carries a parent's peak over fork and exec into ru_maxrss, so a Dask worker spawned
    by a client holding 600 MB reported 600 MB whatever it used."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_batches_begun = 0


def _freeze_settled_heap() -> None:
    """Before a worker's second batch, when its imports, models, compiled patterns and caches
    are loaded, put every object then alive out of the cyclic garbage collector's sight
    (`gc.freeze`). Its full collections walked all of them again and again, and hardly any
    ever dies: 1.3 % of a document's instructions (seeds x100, 200 documents in batches).
    Once per process, so what such an object holds if it ever becomes a cycle is bounded."""
    global _batches_begun
    _batches_begun += 1
    if _batches_begun == 2:
        import gc

        gc.collect()
        gc.freeze()


def process_batch(out: str, jobs: list[Job], settings: Settings) -> BatchResult:
    import time

    from pipeline.process import STAGE_SECONDS
    from pipeline.writer import to_arrow

    _freeze_settled_heap()
    t0 = time.perf_counter()
    stages0 = dict(STAGE_SECONDS)
    tables: dict[str, list[dict]] = {}
    doc_ids: dict[str, str | None] = {}
    for job in jobs:
        rows = _run_limited(job, settings)
        docs = rows.get("documents") or []
        doc_ids[job.source_path] = docs[0]["doc_id"] if docs else None
        for t, new in rows.items():
            tables.setdefault(t, []).extend(new)
    keys = [j.source_path for j in jobs]
    pid = batch_part_id(jobs, settings.version)
    written = {}
    t1 = time.perf_counter()
    dirs = {}
    if settings.partition_by:
        from pipeline.partitions import partition_dir

        dirs = {d["doc_id"]: partition_dir(d, settings.partition_by) for d in tables.get("documents", [])}
    for t in DOC_TABLES:
        if tables.get(t):
            written[t] = write_partitioned(Path(out), t, pid, to_arrow(t, tables[t]), dirs, settings.partition_by)
    counts = {t: len(v) for t, v in tables.items()}
    pages = len(tables.get("pages", []))
    if not any(e["error_type"] in LIMIT_ERRORS for e in tables.get("errors", [])):
        write_staged_record(Path(out), pid, {"jobs": _job_keys(jobs), "version": settings.version,
                                             "partition_by": list(settings.partition_by), "tables": written,
                                             "doc_ids": doc_ids, "counts": counts, "pages": pages})
    stages = {k: v - stages0.get(k, 0.0) for k, v in STAGE_SECONDS.items()}
    stages["write"] = time.perf_counter() - t1
    return BatchResult(part_id=pid, keys=keys, tables=written, doc_ids=doc_ids, counts=counts, pages=pages,
                       seconds=time.perf_counter() - t0, stage_seconds=stages, max_rss_mb=peak_rss_mb())
