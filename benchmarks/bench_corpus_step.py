"""Time the corpus step (instruments, citation_edges, cross_findings) on a finished dataset.

    .venv/bin/python benchmarks/bench_corpus_step.py DATASET_DIR

Rebuilds the corpus tables of DATASET_DIR as the end of `baocao run` does (`run._corpus_step`),
forced even when nothing changed, and prints the seconds, the row counts and this process's peak
RSS (the client's share of a run's memory). The part files it writes are not committed: the
next `baocao run` on the directory removes them. Use a scratch copy of a benchmark dataset, e.g.
the ×1000 one `bench_run.py --scale 1000 --workers 1` leaves in /tmp/baocao-bench-out-1-local.
"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(out: Path) -> None:
    from pipeline import run
    from pipeline.dataset import Manifest

    manifest = Manifest.load(out)
    manifest.parts["bench: force a rebuild"] = {"tables": [], "keys": []}
    t0 = time.perf_counter()
    counts = run._corpus_step(out, manifest)
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus step {seconds:.1f} s, {counts}, peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
