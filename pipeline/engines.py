"""Distributed execution on Dask (dask.distributed): the same batches, run on a cluster.

With `--scheduler tcp://HOST:8786` the run connects to an existing cluster (`dask scheduler` +
`dask worker` on each machine); without it a LocalCluster of `workers` single-threaded worker
processes is started for the run. Workers read inputs and write their part files themselves, so
input and output paths must be the same on every machine (a shared filesystem).
"""
from __future__ import annotations


def dask_map(batches, args, workers: int, scheduler: str | None):
    from distributed import Client, LocalCluster, as_completed

    from pipeline.batch import process_batch

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        futures = client.map(process_batch, [args[0]] * len(batches), batches, [args[1]] * len(batches), pure=False)
        for fut in as_completed(futures):
            yield fut.result()
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
