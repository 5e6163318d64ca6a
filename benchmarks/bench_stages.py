"""Throughput of each stage of `process_file` on text inputs (figures for BENCHMARKS.md).

    python benchmarks/bench_stages.py [--scale 20] [--tvpl DIR] [--only seeds|tvpl] [--long-line KB] [--repeat N]

Runs `pipeline.process.process_file` in this process, one document after the other, over
(a) the synthetic seed corpus (`benchmarks/gen_corpus.py --scale N`, generated once under /tmp)
and (b) the TVPL crawl texts, and prints MB/s per stage (ingest, segment, citations, dossiers,
percentages, checks) and overall. Times are CPU time (`time.process_time`) so that other load
on a shared machine does not lower them; the five seed reports are processed first so imports,
the word segmenter's model and regex compilation are not counted. MB are the input files' UTF-8
bytes. With --repeat N each corpus is processed N times and the fastest pass counts, per stage
and overall (on a shared machine CPU time itself varies by half from pass to pass).

`--long-line KB` adds a third input: one seed report with its newlines replaced by spaces,
repeated to KB kilobytes on a single line (the shape of a badly extracted PDF), to expose stages
that are not linear in the length of a line.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TVPL = ROOT.parent / "shared" / "corpora" / "tvpl-johnpa02" / "crawl"
STAGE_ORDER = ("ingest", "segment", "citations", "dossiers", "percentages", "checks")

CPU_SECONDS: dict[str, float] = {}


def _install_cpu_timer() -> None:
    """Make process.py's per-stage timer also accumulate CPU time (it records wall time)."""
    import pipeline.process as process

    wall_timed = process._timed

    class _cpu_timed(wall_timed):
        def __enter__(self):
            self.c0 = time.process_time()
            return super().__enter__()

        def __exit__(self, *exc):
            CPU_SECONDS[self.name] = CPU_SECONDS.get(self.name, 0.0) + time.process_time() - self.c0
            return super().__exit__(*exc)

    process._timed = _cpu_timed


def seeds_corpus(scale: int) -> Path:
    from gen_corpus import generate

    d = Path(f"/tmp/bench-seeds{scale}")
    if not d.exists():
        generate(scale, d)
    return d


def long_line_file(kb: int, out_dir: Path) -> Path:
    seed = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    line = " ".join(seed.split("\n"))
    text = (line + " ") * (kb * 1024 // len(line.encode()) + 1)
    text = text.encode()[: kb * 1024].decode("utf-8", "ignore")
    p = out_dir / f"long-line-{kb}kb.txt"
    p.write_text(text, encoding="utf-8")
    return p


def bench(name: str, root: Path, files: list[Path], repeat: int = 1) -> dict:
    """Process `files` `repeat` times; per stage and overall, the fastest pass counts (the others
    were slowed by other load on the machine)."""
    from pipeline import process

    for warm in sorted((ROOT / "corpora" / "seeds").glob("*.txt")):
        process.process_file(warm.parent, warm)  # warm-up: imports, lazy models and tables, regexes
    mb = sum(f.stat().st_size for f in files) / 1e6
    best: dict[str, float] = {}
    cpu = wall = float("inf")
    for _ in range(repeat):
        CPU_SECONDS.clear()
        c0, w0 = time.process_time(), time.perf_counter()
        for f in files:
            process.process_file(root, f)
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
        for stage, sec in CPU_SECONDS.items():
            best[stage] = min(best.get(stage, float("inf")), sec)
    print(f"\n{name}: {len(files)} files, {mb:.2f} MB, best of {repeat}; overall {mb / cpu:.3f} MB/s per core "
          f"(CPU {cpu:.1f} s), {mb / wall:.3f} MB/s wall ({wall:.1f} s)")
    print(f"  {'stage':12} {'CPU s':>8} {'MB/s':>9} {'share':>6}")
    for stage in [*STAGE_ORDER, *sorted(set(best) - set(STAGE_ORDER))]:
        sec = best.get(stage)
        if sec is None:
            continue
        print(f"  {stage:12} {sec:8.2f} {mb / sec if sec else float('inf'):9.2f} {sec / cpu:6.1%}")
    return {"name": name, "mb": mb, "cpu": cpu, "wall": wall, "stages": best}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=20, help="copies of each seed (default 20)")
    ap.add_argument("--tvpl", type=Path, default=TVPL, help="directory of TVPL .txt files")
    ap.add_argument("--only", choices=("seeds", "tvpl"), help="run one corpus only")
    ap.add_argument("--long-line", type=int, metavar="KB", help="also a single-line report of KB kilobytes")
    ap.add_argument("--repeat", type=int, default=1, help="passes over each corpus; the fastest counts")
    args = ap.parse_args()

    _install_cpu_timer()
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.processor() or platform.machine()}, {time.strftime('%Y-%m-%d')}")
    if args.only != "tvpl":
        d = seeds_corpus(args.scale)
        bench(f"seeds x{args.scale}", d, sorted(d.rglob("*.txt")), args.repeat)
    if args.only != "seeds" and args.tvpl.is_dir():
        bench("tvpl", args.tvpl, sorted(args.tvpl.rglob("*.txt")), args.repeat)
    if args.long_line:
        with tempfile.TemporaryDirectory() as tmp:
            p = long_line_file(args.long_line, Path(tmp))
            bench(f"one line of {args.long_line} KB", p.parent, [p], args.repeat)


if __name__ == "__main__":
    main()
