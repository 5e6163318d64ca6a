"""Engines: run batches in this process, in a local process pool, or on a Dask cluster.

All three yield `BatchResult`s as batches finish. The pool and Dask engines survive a worker that
dies (segfault, kill -9, OOM killer) or hangs in C code: the batch it was running is split and
its documents are retried one by one, each in a fresh worker, and a document that kills its
worker again is recorded as failed (`errors.error_type = worker_died`); the run goes on.
"""
from __future__ import annotations

from typing import Iterator

from pipeline.batch import BatchResult, Job, failed_batch, process_batch
from pipeline.process import Settings
from pipeline.limits import hang_allowance, set_memory_ceiling

HANG_MARGIN = 60.0  # seconds on top of a batch's documents' hang allowances


def inline_map(batches: list[list[Job]], out: str, settings: Settings) -> Iterator[BatchResult]:
    """In this process (`--workers 0`): for debugging; no isolation from crashes."""
    for b in batches:
        yield process_batch(out, b, settings)


def preload() -> None:
    """Import the stages once per worker, so no document's time limit pays for the imports."""
    import importlib

    from pipeline.process import STAGES

    for mod in ["pipeline.segment", "pipeline.writer", *(spec.split(":")[0] for _, spec in STAGES)]:
        importlib.import_module(mod)


def _worker_init(max_memory_mb: int | None) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the client's to handle
    set_memory_ceiling(max_memory_mb)
    preload()


def _kill_pool(pool) -> None:
    for p in list(getattr(pool, "_processes", {}).values()):
        try:
            p.kill()
        except Exception:
            pass


def _pool_round(batches, workers, out, settings: Settings, max_memory_mb, broken: list):
    """Run batches in one pool; yield results; put batches of a broken or hung pool in `broken`."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # forkserver, not fork: a worker forked from a client that runs threads (DuckDB, a
    # notebook kernel, a browser driver) can inherit a held lock and crash or hang
    pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(batches))),
                               mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_worker_init, initargs=(max_memory_mb,))
    try:
        pending = {pool.submit(process_batch, out, b, settings): b for b in batches}
        # a batch that has not come back after its documents' allowances is presumed hung
        per_batch = max(sum(hang_allowance(j.path, settings.doc_timeout) for j in b) for b in batches) + HANG_MARGIN
        while pending:
            done, _ = wait(pending, timeout=per_batch, return_when=FIRST_COMPLETED)
            if not done:  # nothing came back in time: a worker is stuck below Python
                _kill_pool(pool)
                broken.extend(pending.values())
                return
            for f in done:
                if f not in pending:  # already given up with the rest of a broken pool
                    continue
                b = pending.pop(f)
                try:
                    yield f.result()
                except BrokenProcessPool:
                    broken.append(b)
                    broken.extend(pending.values())
                    pending.clear()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def pool_map(batches: list[list[Job]], out: str, settings: Settings, workers: int,
             max_memory_mb: int | None) -> Iterator[BatchResult]:
    broken: list[list[Job]] = []
    yield from _pool_round(batches, workers, out, settings, max_memory_mb, broken)
    # retry every document of a broken batch alone, in its own fresh worker
    for job in [j for b in broken for j in b]:
        again: list[list[Job]] = []
        yield from _pool_round([[job]], 1, out, settings, max_memory_mb, again)
        if again:
            yield failed_batch(out, job, settings, "worker_died",
                               "the worker process died or hung while processing this document "
                               "(crash in a native library, out of memory, or killed)")


def dask_map(batches: list[list[Job]], out: str, settings: Settings, workers: int, scheduler: str | None,
             max_memory_mb: int | None) -> Iterator[BatchResult]:
    """On Dask (dask.distributed).

    With `scheduler` (tcp://HOST:8786) the run uses an existing cluster (`dask scheduler` +
    `dask worker` on each machine); without it a LocalCluster of `workers` single-threaded
    worker processes is started for the run. Workers read inputs and write their part files
    themselves, so input and output paths must be the same on every machine.
    """
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        import dask

        # Tasks run on the workers' executor threads, and glibc gives threads malloc arenas of
        # their own: without this a worker's peak RSS on the 1000x corpus was 961 MB (350 MB
        # with it; a pool process, single-threaded, 310 MB).
        with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_ARENA_MAX": 1}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40,
                                   memory_limit=(max_memory_mb << 20) if max_memory_mb else "auto")
        client = Client(cluster)
    try:
        futures = {client.submit(process_batch, out, b, settings, pure=False): b for b in batches}
        retry: list[Job] = []
        for fut in as_completed(list(futures)):
            try:
                yield fut.result()
            except Exception:  # KilledWorker and friends: retry its documents alone
                retry.extend(futures[fut])
            fut.release()
        singles = {client.submit(process_batch, out, [j], settings, pure=False): j for j in retry}
        for fut in as_completed(list(singles)):
            try:
                yield fut.result()
            except Exception as e:
                yield failed_batch(out, singles[fut], settings, "worker_died",
                                   f"the Dask worker failed on this document twice: {type(e).__name__}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
