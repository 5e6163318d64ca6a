"""`baocao run`: discover inputs, process each document (in a process pool), write the dataset."""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.process import Rows, error_row, process_file


def _corpus_tables(tables: dict[str, list[dict]]) -> None:
    """Corpus-wide tables built from the per-document rows (instruments, citation edges)."""
    try:
        from extractors.citations import corpus_tables
    except ImportError:
        return
    tables.update(corpus_tables(tables.get("citations", []), tables.get("documents", [])))


def _process(args: tuple[Path, Path]) -> Rows:
    return process_file(*args)


def run(inputs: list[Path], out: Path, workers: int | None = None, quiet: bool = False) -> dict:
    """Process every file under `inputs` and write the dataset to `out`; returns a summary."""
    from pipeline.ingest import READERS, discover
    from pipeline.writer import write_tables

    t0 = time.perf_counter()
    tables: dict[str, list[dict]] = {"errors": []}
    jobs: list[tuple[Path, Path]] = []
    out_abs = out.resolve()
    for root, path in discover(inputs):
        if out_abs in path.resolve().parents:  # never read our own output
            continue
        if path.suffix.lower() not in READERS:
            rel = path.relative_to(root).as_posix()
            tables["errors"].append(error_row(rel, "discover", "unsupported_format",
                                              f"no reader for extension {path.suffix or '(none)'!r}; skipped"))
            continue
        jobs.append((root, path))

    workers = workers or os.cpu_count() or 1
    results = (map(_process, jobs) if workers == 1 or len(jobs) < 2
               else ProcessPoolExecutor(max_workers=min(workers, len(jobs))).map(_process, jobs, chunksize=1))
    for rows in results:
        for table, new in rows.items():
            tables.setdefault(table, []).extend(new)
    _corpus_tables(tables)
    counts = write_tables(tables, out)
    n_docs = counts["documents"]
    summary = {
        "inputs": len(jobs), "documents": n_docs, "failed": len(jobs) - n_docs,
        "seconds": round(time.perf_counter() - t0, 2), "rows": counts, "out": str(out),
    }
    return summary


def print_summary(s: dict, file=sys.stdout) -> None:
    r = s["rows"]
    print(f"baocao: {s['documents']}/{s['inputs']} documents -> {s['out']} in {s['seconds']:.2f}s", file=file)
    parts = [f"{r.get(k, 0)} {k}" for k in ("sections", "citations", "dossier_stats", "percentages", "findings", "errors")]
    print("  " + ", ".join(parts), file=file)
