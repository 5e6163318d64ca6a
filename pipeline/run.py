"""`baocao run`: plan what changed, process it in batches on an engine, commit, rebuild corpus tables.

Incremental: a source is skipped when its size and mtime are those the manifest recorded (or, when
they changed, its SHA-256 still is) and the pipeline version is the same. Changed sources are
reprocessed, removed ones dropped; parts holding stale rows are rewritten without them.

Resumable: batches a killed run's workers had already staged are taken as they are, not processed
again (pipeline/batch.py, `resume_staged`).
"""
from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.version import pipeline_version
from pipeline.batch import BatchResult, Job, resume_staged
from pipeline.process import Settings
from pipeline.ingest.ocr_cache import cache_dir as ocr_cache_dir
from pipeline.limits import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_MEMORY_MB
from pipeline.dataset import (CORPUS_TABLES, Manifest, drop_staged_records, ensure_every_table, part_entry,
                              part_files, part_id_for, part_name, publish, read_part_file, write_part)

BATCH_DOCS = 64
# A worker holds its batch's rows until it writes them, so its peak memory follows the batch's
# input size, not its document count: 64 long reports held 38 MB more than 25 (measured). Batches
# of about 1 MB keep a worker's peak the same whatever the corpus's mix of short and long files.
BATCH_BYTES = 1 << 20


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)
    unchanged: dict[str, dict] = field(default_factory=dict)  # source_path -> manifest entry kept
    stale: set[str] = field(default_factory=set)               # sources whose old rows must go
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # source_path -> (size, mtime_ns)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def plan(inputs: list[Path], out: Path, manifest: Manifest, version: str, force: bool = False) -> Plan:
    from pipeline.ingest import discover

    p = Plan()
    same_version = manifest.pipeline_version == version and not force
    out_real = os.path.realpath(out)
    inside_out = os.path.join(out_real, "")
    seen_ids: dict[str, str] = {}
    for root, path in discover(inputs):
        real = os.path.realpath(path)
        if real == out_real or real.startswith(inside_out):
            continue  # never read our own output
        rel = path.relative_to(root).as_posix()
        if rel in p.stats:
            continue  # the same relative path under two inputs: first one wins
        try:
            st = path.stat()
        except OSError:
            st = None
        stat = (st.st_size, st.st_mtime_ns) if st else (-1, -1)
        p.stats[rel] = stat
        old = manifest.sources.get(rel)
        if old and same_version and (old["size"], old["mtime_ns"]) == stat:
            p.unchanged[rel] = old
            if old.get("doc_id"):
                seen_ids.setdefault(old["doc_id"], rel)
            continue
        try:
            doc_id = _sha256(path) if st else None
        except OSError:
            doc_id = None
        if old and same_version and doc_id and old.get("doc_id") == doc_id:
            p.unchanged[rel] = {**old, "size": stat[0], "mtime_ns": stat[1]}
            seen_ids.setdefault(doc_id, rel)
            continue
        if old:
            p.stale.add(rel)
        p.jobs.append(Job(str(root), str(path), rel, doc_id))
    for job in p.jobs:  # identical bytes under two names are processed once
        if job.doc_id and job.doc_id in seen_ids:
            job.duplicate_of = seen_ids[job.doc_id]
        elif job.doc_id:
            seen_ids[job.doc_id] = job.source_path
    p.stale |= set(manifest.sources) - set(p.stats)  # removed from the inputs
    return p


def batches(jobs: list[Job], max_docs: int | None = None) -> list[list[Job]]:
    """Deterministic batches (sorted by path, fixed limits) so part ids do not depend on workers."""
    max_docs = max_docs or BATCH_DOCS
    out, cur, size = [], [], 0
    for job in sorted(jobs, key=lambda j: j.source_path):
        try:
            n = os.path.getsize(job.path)
        except OSError:
            n = 0
        if cur and (len(cur) >= max_docs or size + n > BATCH_BYTES):
            out.append(cur)
            cur, size = [], 0
        cur.append(job)
        size += n
    if cur:
        out.append(cur)
    return out


def _drop_stale(out: Path, manifest: Manifest, stale: set[str]) -> None:
    """Rewrite every live part that holds rows of stale sources, without those rows."""
    affected = {e["part"] for s, e in manifest.sources.items() if s in stale and e.get("part")}
    for pid in sorted(affected):
        import pyarrow.compute as pc  # here: a run with nothing stale need not load it

        info = manifest.parts.pop(pid, None)
        if info is None:
            continue
        keys = [k for k in info["keys"] if k not in stale]
        if not keys:
            continue
        new_pid = part_id_for(keys + ["rewrite", pid], manifest.pipeline_version)
        gone_ids = _pa_array([manifest.sources[s]["doc_id"] for s in stale
                              if s in manifest.sources and manifest.sources[s].get("doc_id")])
        gone_paths = _pa_array(sorted(stale))
        written: dict[str, list[str]] = {}
        for t in info["tables"]:
            col, gone = ("source_path", gone_paths) if t in ("documents", "errors") else ("doc_id", gone_ids)
            for rel in part_files(pid, info, t):  # a file per partition: each keeps its directory
                at = read_part_file(out, t, rel)
                if at is None:
                    continue
                at = at.filter(pc.invert(pc.is_in(at[col], value_set=gone)))
                if at.num_rows:
                    written.setdefault(t, []).append(write_part(out, t, new_pid, at, rel.rpartition("/")[0]))
        manifest.parts[new_pid] = part_entry(written, keys)
        for k in keys:
            manifest.sources[k]["part"] = new_pid
    for s in stale:
        manifest.sources.pop(s, None)


def _pa_array(values):
    import pyarrow as pa

    return pa.array(values, type=pa.string())


def _corpus_step(out: Path, manifest: Manifest) -> dict[str, int]:
    """Rebuild the corpus tables (instruments, citation_edges, cross_findings) from the committed
    per-document tables.

    Skipped when the parts they were built from are the ones live now (a run that changed
    nothing): reading every citation of a large corpus is most of a no-change re-run's time.
    """
    old = [p for p, i in manifest.parts.items() if i.get("corpus")]
    pid = part_id_for(["corpus"] + sorted(p for p in manifest.parts if p not in old), manifest.pipeline_version)
    if old == [pid] and all((out / t / part_name(pid)).exists() for t in CORPUS_TABLES):
        return {}
    for p in old:
        del manifest.parts[p]
    from concurrent.futures import ThreadPoolExecutor

    import duckdb

    from extractors.citations.corpus import CITATION_COLUMNS, CORPUS_SQL
    from pipeline.checks import cross_report
    from pipeline.query import fetch_arrow, view_sql
    from pipeline.writer import conform

    live = manifest.live_files()
    views = (("cites", "citations", set(CITATION_COLUMNS) | set(cross_report.CITATION_COLUMNS)),
             ("documents", "documents", cross_report.DOCUMENT_COLUMNS))
    queries = {**CORPUS_SQL, "cross_findings": cross_report.CROSS_FINDINGS_SQL}
    spill = out / "_baocao" / "duckdb-tmp"
    shutil.rmtree(spill, ignore_errors=True)  # what a run killed while DuckDB spilled left behind
    with duckdb.connect(config={"temp_directory": str(spill), "preserve_insertion_order": False}) as con:
        for view, table, cols in views:
            con.execute(view_sql(view, table, out / table, [out / table / f for f in sorted(live[table])], cols))

        def build(table: str) -> int:
            with con.cursor() as cur:
                arrow = conform(table, fetch_arrow(cur, queries[table]))
            write_part(out, table, pid, arrow)
            return arrow.num_rows

        # a thread per table: DuckDB, Arrow's sort and the Parquet writer all let go of the GIL,
        # and no one query keeps every core busy (x1000 seeds, the whole step: 3.4 s one after
        # another, 2.9 s so; medians of five)
        with ThreadPoolExecutor(len(CORPUS_TABLES)) as pool:
            counts = dict(zip(CORPUS_TABLES, pool.map(build, CORPUS_TABLES)))
    manifest.parts[pid] = {"tables": list(CORPUS_TABLES), "keys": [], "corpus": True}
    return counts


def _engine_map(engine: str, workers: int, scheduler: str | None, out: Path, todo: list[list[Job]],
                settings: Settings, max_memory_mb: int | None):
    from pipeline import engines

    if not todo:
        return iter(())
    if engine == "dask":
        return engines.dask_map(todo, str(out), settings, workers, scheduler, max_memory_mb)
    if workers == 0:
        return engines.inline_map(todo, str(out), settings)
    return engines.pool_map(todo, str(out), settings, workers, max_memory_mb)


def run_version(extra_stages: tuple[str, ...] = ()) -> str:
    """The version recorded in the manifest: the code's, plus the extra stages of this run."""
    v = pipeline_version()
    if extra_stages:
        v += "+stages." + hashlib.sha256("\0".join(extra_stages).encode()).hexdigest()[:8]
    return v


def run(inputs: list[Path], out: Path, workers: int | None = None, quiet: bool = False,
        engine: str = "local", scheduler: str | None = None, force: bool = False,
        batch_size: int | None = None, doc_timeout: float | None = DEFAULT_DOC_TIMEOUT,
        max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB, extra_stages: tuple[str, ...] = (),
        partition_by: tuple[str, ...] | None = None, ocr_cache: bool = True) -> dict:
    """Bring the dataset at `out` up to date with `inputs`; returns a summary dict.

    `ocr_cache`: keep pages read by OCR under OUT/_baocao/ocr and take them from there when the
    same file is processed again by other code (pipeline/ingest/ocr_cache.py).

    `partition_by` (keys of pipeline/partitions.py) is fixed when the dataset is created; None
    keeps the existing dataset's layout. `baocao compact --partition-by` changes it.
    """
    from pipeline.progress import Progress

    t0 = time.perf_counter()
    for inp in inputs:  # before OUT is made: a mistyped input leaves no empty dataset behind
        if not inp.exists():
            raise FileNotFoundError(f"input not found: {inp}")
    out.mkdir(parents=True, exist_ok=True)
    manifest = Manifest.load(out)
    publish(out, manifest)  # recover from a run killed after its commit; drop uncommitted stages
    version = run_version(tuple(extra_stages))
    layout = tuple(manifest.partition_by)
    if partition_by is not None and tuple(partition_by) != layout:
        if manifest.parts and manifest.pipeline_version == version and not force:
            raise ValueError(f"{out} is partitioned by {','.join(layout) or 'nothing'}; "
                             f"re-lay it out with `baocao compact {out} --partition-by "
                             f"{','.join(partition_by) or 'none'}` (or rebuild it with --force)")
        layout = tuple(partition_by)
    p = plan(inputs, out, manifest, version, force=force)
    if manifest.pipeline_version != version:  # every part was made by other code: start afresh
        manifest = Manifest(pipeline_version=version)
        p.stale = set()
    manifest.partition_by = list(layout)
    _drop_stale(out, manifest, p.stale)
    t_planned = time.perf_counter()

    if workers is None:
        workers = os.cpu_count() or 1
    cache = ocr_cache_dir(out) if ocr_cache else None
    settings = Settings(version, doc_timeout, tuple(extra_stages), layout, str(cache) if cache else None)
    todo = batches(p.jobs, batch_size)
    resumed: list[BatchResult] = []
    if not force:  # --force redoes every document, staged by a killed run or not
        resumed, todo = resume_staged(str(out), todo, settings)
    progress = Progress(total=len(p.jobs), quiet=quiet)
    totals: dict[str, int] = {}
    stage_seconds: dict[str, float] = {}
    max_rss = 0.0
    failed = 0
    for res in itertools.chain(resumed, _engine_map(engine, workers, scheduler, out, todo, settings, max_memory_mb)):
        res: BatchResult
        manifest.parts[res.part_id] = part_entry(res.tables, res.keys)
        for k in res.keys:
            size, mtime = p.stats[k]
            manifest.sources[k] = {"doc_id": res.doc_ids.get(k), "size": size, "mtime_ns": mtime, "part": res.part_id}
        for t, n in res.counts.items():
            totals[t] = totals.get(t, 0) + n
        for k, v in res.stage_seconds.items():
            stage_seconds[k] = stage_seconds.get(k, 0.0) + v
        max_rss = max(max_rss, res.max_rss_mb)
        n_failed = sum(1 for v in res.doc_ids.values() if v is None)
        failed += n_failed
        progress.update(len(res.keys), pages=res.pages, errors=res.counts.get("errors", 0))
    progress.close()
    t_processed = time.perf_counter()
    manifest.pipeline_version = version
    ensure_every_table(out, manifest)
    manifest.save(out)
    drop_staged_records(out)
    publish(out, manifest)
    t_committed = time.perf_counter()
    corpus = _corpus_step(out, manifest)
    manifest.save(out)
    publish(out, manifest)
    if cache is not None and engine == "local" and cache.is_dir():
        _prune_ocr_cache(cache)
    t_end = time.perf_counter()

    n_ok = sum(1 for e in manifest.sources.values() if e.get("doc_id"))
    return {
        "inputs": len(p.stats), "processed": len(p.jobs), "skipped": len(p.unchanged),
        "resumed": sum(len(r.keys) for r in resumed),
        "removed": len(p.stale - set(p.stats)), "documents": n_ok, "failed_now": failed,
        "seconds": round(t_end - t0, 2), "rows": {**totals, **corpus}, "out": str(out),
        "stage_seconds": {k: round(v, 3) for k, v in sorted(stage_seconds.items())},
        # the wall clock of this process: what the workers' stage seconds do not show
        "client_seconds": {"plan": round(t_planned - t0, 3), "workers": round(t_processed - t_planned, 3),
                           "commit": round(t_committed - t_processed, 3), "corpus": round(t_end - t_committed, 3)},
        "worker_max_rss_mb": round(max_rss, 1),
    }


def _prune_ocr_cache(cache: Path) -> None:
    """Drop the pages read by other OCR code. Only after local runs: there this process reads
    pages with the workers' code; a Dask cluster's workers may not share its environment."""
    from pipeline.ingest import ocr, ocr_cache

    if ocr.unavailable_reason() is None:
        ocr_cache.prune(cache)


def _resumed(s: dict) -> str:
    return f" of which {s['resumed']} staged by an interrupted run" if s.get("resumed") else ""


def print_summary(s: dict, file=sys.stdout) -> None:
    r = s["rows"]
    print(f"baocao: {s['documents']}/{s['inputs']} documents in {s['out']} "
          f"({s['processed']} processed{_resumed(s)}, {s['skipped']} unchanged, {s['removed']} removed) "
          f"in {s['seconds']:.2f}s", file=file)
    if s["processed"]:
        parts = [f"{r.get(k, 0)} {k}" for k in ("sections", "citations", "dossier_stats", "percentages",
                                                "findings", "errors")]
        print("  this run: " + ", ".join(parts), file=file)
