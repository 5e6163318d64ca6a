"""Throughput of `find_citations` on the TVPL legal corpus, with underthesea's `ner()` beside it.

    .venv/bin/python benchmarks/bench_citations.py [--repeat 3] [--ner-kb 60]

1. find_citations over the 167 texts of ../shared/corpora/tvpl-johnpa02/crawl (27 MB UTF-8),
   one process: MB/s per core on CPU time (`time.process_time`, so that other load on a shared
   machine does not lower it; best of --repeat passes) and on wall time; mentions found.
2. underthesea `ner()` (the CRF model shipped in its wheel) on a sample: the first --ner-kb KB
   of the corpus, as lines; find_citations on the same lines for comparison. Sockets are
   disabled first, so a model download would show up as an error instead of happening.
Prints a Markdown section for BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import socket
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "tvpl-johnpa02" / "crawl"


def _ram_gib() -> float:
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        return kb / 2**20
    except (OSError, StopIteration, ValueError):
        return float("nan")


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown CPU"


def _no_network() -> None:
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("network disabled by bench_citations.py")
    socket.socket.connect = refuse  # type: ignore[assignment]
    socket.create_connection = refuse  # type: ignore[assignment]


def _pieces(line: str, limit: int = 400):
    while line:
        if len(line) <= limit:
            yield line
            return
        k = line.rfind(". ", 0, limit)
        k = k + 1 if k > 0 else line.rfind(" ", 0, limit)
        k = k if k > 0 else limit
        yield line[:k].strip()
        line = line[k:].strip()


def time_find(texts: list[str], repeat: int) -> tuple[float, float, int, Counter]:
    from extractors.citations import find_citations

    best_cpu = best_wall = float("inf")
    n = 0
    kinds: Counter = Counter()
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        found = [find_citations(t) for t in texts]
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
        n = sum(len(f) for f in found)
        kinds = Counter(c.via for f in found for c in f)
    return best_cpu, best_wall, n, kinds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ner-kb", type=int, default=60, help="size of the sample given to underthesea ner()")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    files = sorted(CORPUS.rglob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    cpu, wall, n, kinds = time_find(texts, args.repeat)

    lines, size = [], 0  # ner() is given sentences: lines cut after ". " into pieces of at most 400 chars
    for t in texts:
        for line in t.splitlines():
            for piece in _pieces(line.strip()):
                if size < args.ner_kb * 1000:
                    lines.append(piece)
                    size += len(piece.encode("utf-8"))
    sample_mb = size / 1e6
    s_cpu, s_wall, s_n, _ = time_find(lines, args.repeat)
    _no_network()
    ner_note = ""
    try:
        from underthesea import ner
        import underthesea
        ner(lines[0])  # loads the models
        c0, w0 = time.process_time(), time.perf_counter()
        for line in lines:
            ner(line)
        ner_cpu, ner_wall = time.process_time() - c0, time.perf_counter() - w0
        ner_row = (f"| underthesea {underthesea.__version__} `ner()` (CRF) | {sample_mb * 1000:.0f} KB sample |"
                   f" {sample_mb / ner_cpu * 1000:.1f} KB/s | {sample_mb / ner_wall * 1000:.1f} KB/s | - |")
    except Exception as e:  # a model that is not shipped would try the network here
        ner_row = f"| underthesea `ner()` | - | not run | not run | - |"
        ner_note = f"underthesea ner() failed: {type(e).__name__}: {e}"

    print("## Citations (find_citations)\n")
    print("Command (from the repository root, with `../shared` present):\n")
    print(f"    .venv/bin/python benchmarks/bench_citations.py --repeat {args.repeat} --ner-kb {args.ner_kb}\n")
    print(f"Machine: {os.cpu_count()} cores ({_cpu_name()}, shared with other jobs), {_ram_gib():.0f} GiB RAM, "
          f"Python {platform.python_version()}. Date: {date.today().isoformat()}.")
    print(f"Input: the {len(files)} TVPL texts of `../shared/corpora/tvpl-johnpa02/crawl` ({mb:.1f} MB UTF-8); "
          f"for the comparison, their first {args.ner_kb} KB as {len(lines)} sentences (lines cut at '. ', "
          "at most 400 characters: the unit `ner()` is meant for).\n")
    print("| extractor | input | per core (CPU time) | wall | mentions |")
    print("|---|---|---:|---:|---:|")
    print(f"| baocao `find_citations` | whole corpus | {mb / cpu:.2f} MB/s | {mb / wall:.2f} MB/s | {n} |")
    print(f"| baocao `find_citations` | {sample_mb * 1000:.0f} KB sample | {sample_mb / s_cpu:.2f} MB/s |"
          f" {sample_mb / s_wall:.2f} MB/s | {s_n} |")
    print(ner_row)
    print()
    print("Mentions by kind on the whole corpus: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()) + ".")
    if ner_note:
        print("\n" + ner_note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
