"""Engines: run batches in this process, in a local process pool, or on a Dask cluster.

All three yield `BatchResult`s as batches finish. The pool and Dask engines survive a worker that
dies (segfault, kill -9, OOM killer) or hangs in C code: the batch it was running is split and
its documents are retried one by one, each in a fresh worker, and a document that kills its
worker again is recorded as failed (`errors.error_type = worker_died`); the run goes on.

Before those retries the pool engine checks that a fresh worker can start at all: when none can
(an import that fails in the workers' environment, or a script that calls baocao without an
`if __name__ == "__main__":` guard, which every worker re-runs as it starts), the run stops with
`WorkersCannotStart` instead of spending a worker start on each document and recording every
one as worker_died.
"""
from __future__ import annotations

from typing import Iterator

from pipeline.batch import BatchResult, Job, failed_batch, process_batch
from pipeline.process import Settings
from pipeline.limits import hang_allowance, set_memory_ceiling

HANG_MARGIN = 60.0  # seconds on top of a batch's documents' hang allowances
START_SECONDS = 120.0  # a fresh worker that has not run a no-op task by then cannot start
# Arrow on malloc, which hands freed memory back: on its default allocator (mimalloc) a worker
# kept the high-water mark of its batches (peak RSS x10 273 MB, x100 313 MB; with malloc 253 and
# 274). Read by Arrow when a process first allocates, so set before the workers import it.
ARROW_ALLOCATOR = ("ARROW_DEFAULT_MEMORY_POOL", "system")
# What a Dask worker does beside its task, for a dashboard this engine does not open: sample the
# task's stack every 10 ms, wake its event loop every 20 ms, poll the system every 0.5 s. On the
# 1000x corpus they made every stage 11 % slower (the LocalCluster 17 % behind the pool; 5.5 %
# without them). README's `dask worker` line sets the same by environment.
QUIET_WORKERS = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
                 "distributed.admin.system-monitor.interval": "5s"}


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
    import os
    import signal

    os.environ.setdefault(*ARROW_ALLOCATOR)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the client's to handle
    set_memory_ceiling(max_memory_mb)
    preload()


class WorkersCannotStart(RuntimeError):
    """No worker process can start: a fault of the environment, not of any document."""


def _ping() -> bool:
    return True


def _new_pool(workers: int, max_memory_mb: int | None):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver, not fork: a worker forked from a client that runs threads (DuckDB, a
    # notebook kernel, a browser driver) can inherit a held lock and crash or hang
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_worker_init, initargs=(max_memory_mb,))


def check_workers_start(max_memory_mb: int | None) -> None:
    """Raise WorkersCannotStart unless a fresh pool worker starts and runs a no-op task."""
    pool = _new_pool(1, max_memory_mb)
    try:
        pool.submit(_ping).result(timeout=START_SECONDS)
    except Exception as e:
        raise WorkersCannotStart(
            f"worker processes die before they process any document ({type(e).__name__}). "
            "A Python script that calls baocao must do so under `if __name__ == \"__main__\":` "
            "(each worker imports the script as it starts); otherwise the workers' own error "
            "output, above, says what fails.") from e
    finally:
        _kill_pool(pool)
        pool.shutdown(wait=False, cancel_futures=True)


def _kill_pool(pool) -> None:
    for p in list(getattr(pool, "_processes", {}).values()):
        try:
            p.kill()
        except Exception:
            pass


def _pool_round(batches, workers, out, settings: Settings, max_memory_mb, broken: list):
    """Run batches in one pool; yield results; put batches of a broken or hung pool in `broken`."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = _new_pool(max(1, min(workers, len(batches))), max_memory_mb)
    try:
        pending = {pool.submit(process_batch, out, b, settings): b for b in batches}
        per_batch = _hang_seconds(batches, settings)
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
    if broken:
        check_workers_start(max_memory_mb)
    # retry every document of a broken batch alone, in its own fresh worker
    for job in [j for b in broken for j in b]:
        again: list[list[Job]] = []
        yield from _pool_round([[job]], 1, out, settings, max_memory_mb, again)
        if again:
            yield failed_batch(out, job, settings, "worker_died",
                               "the worker process died or hung while processing this document "
                               "(crash in a native library, out of memory, or killed)")


def _hang_seconds(batches: list[list[Job]], settings: Settings) -> float:
    """How long a batch may stay out before its worker is presumed hung below Python."""
    return max(sum(hang_allowance(j.path, settings.doc_timeout) for j in b) for b in batches) + HANG_MARGIN


def _dask_round(client, batches, out, settings: Settings, broken: list):
    """Run batches on Dask; yield results; put the batches that failed or hung in `broken`.

    A batch that fails (KilledWorker: its worker died) or has not come back within its hang
    allowance is given up: hung ones are cancelled and their workers restarted, as the pool
    engine replaces a stuck process.
    """
    from distributed import wait

    if not batches:
        return
    pending = {client.submit(process_batch, out, b, settings, pure=False): b for b in batches}
    limit = _hang_seconds(batches, settings)
    while pending:
        try:
            done, _ = wait(list(pending), timeout=limit, return_when="FIRST_COMPLETED")
        except TimeoutError:  # nothing came back in time: the running batches are stuck
            processing = client.processing()   # worker -> keys of the tasks it runs
            running = {k for keys in processing.values() for k in keys}
            stuck = [f for f in pending if f.key in running] or list(pending)
            stuck_keys = {f.key for f in stuck}
            hosts = [w for w, keys in processing.items() if stuck_keys.intersection(keys)]
            client.cancel(stuck)
            if hosts:
                client.restart_workers(hosts)
            broken.extend(pending.pop(f) for f in stuck)
            continue
        for f in done:
            b = pending.pop(f)
            try:
                yield f.result()
            except Exception:  # KilledWorker and friends
                broken.append(b)
            f.release()


def dask_map(batches: list[list[Job]], out: str, settings: Settings, workers: int, scheduler: str | None,
             max_memory_mb: int | None) -> Iterator[BatchResult]:
    """On Dask (dask.distributed).

    With `scheduler` (tcp://HOST:8786) the run uses an existing cluster (`dask scheduler` +
    `dask worker` on each machine); without it a LocalCluster of `workers` single-threaded
    worker processes is started for the run. Workers read inputs and write their part files
    themselves, so input and output paths must be the same on every machine.
    """
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        import dask

        # Tasks run on the workers' executor threads, and glibc gives threads malloc arenas of
        # their own: without this a worker's peak RSS on the 1000x corpus was 961 MB (350 MB
        # with it; a pool process, single-threaded, 310 MB).
        with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_ARENA_MAX": 1,
                              f"distributed.nanny.pre-spawn-environ.{ARROW_ALLOCATOR[0]}": ARROW_ALLOCATOR[1],
                              **QUIET_WORKERS}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40,
                                   memory_limit=(max_memory_mb << 20) if max_memory_mb else "auto")
        client = Client(cluster)
    try:
        broken: list[list[Job]] = []
        yield from _dask_round(client, batches, out, settings, broken)
        # retry every document of a failed or hung batch alone
        singles = [[j] for b in broken for j in b]
        again: list[list[Job]] = []
        yield from _dask_round(client, singles, out, settings, again)
        for (job,) in again:
            yield failed_batch(out, job, settings, "worker_died",
                               "the Dask worker died or hung while processing this document, twice")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
