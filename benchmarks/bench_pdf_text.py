"""PDF text-layer throughput and fidelity: pypdfium2 vs pdfplumber vs baocao's reader.

    .venv/bin/python benchmarks/bench_pdf_text.py [PDF_DIR] [--repeat N]

PDF_DIR defaults to ../shared/corpora/congbao-8chude/docs (5 Công báo PDFs, each paired with
the .txt its publisher extracted with PyMuPDF). For each engine it reports pages per CPU-second
of this one process (= pages/s per core: every engine here is single-threaded) and wall-clock
pages/s, best of N repeats, and the character similarity of the engine's text to the paired
.txt (normalized Indel similarity after folding whitespace runs to one space).

Engines, on the same pages:
  pypdfium2        PdfTextPage.get_text_range() per page, nothing else
  pdfplumber       Page.extract_text() per page (pdfminer layout analysis)
  baocao read_pdf  pipeline.ingest.pdf.read_pdf: pypdfium2 + hyphen/column-gap/annotation
                   handling + pdfplumber find_tables on pages with a ruling grid
Prints a Markdown table for BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = ROOT.parent / "shared" / "corpora" / "congbao-8chude" / "docs"


def pdfium_text(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    out = []
    for page in pdf:
        tp = page.get_textpage()
        out.append(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return out


def plumber_text(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def baocao_text(data: bytes) -> list[str]:
    from pipeline.ingest.pdf import read_pdf

    raw = read_pdf(data)
    return [raw.text[p.char_start:p.char_end] for p in raw.pages]


ENGINES = {"pypdfium2": pdfium_text, "pdfplumber": plumber_text, "baocao read_pdf": baocao_text}


def folded(text: str) -> str:
    return " ".join(text.split())


def machine() -> str:
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({cpu}), {mem} RAM, Python {platform.python_version()}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    from importlib.metadata import version

    from rapidfuzz.distance import Indel

    files = sorted(args.pdf_dir.rglob("*.pdf"))
    if not files:
        print(f"no PDF under {args.pdf_dir}", file=sys.stderr)
        return 1
    docs = [(p, p.read_bytes(), p.with_suffix(".txt")) for p in files]
    for fn in ENGINES.values():  # imports and first-call costs out of the timings
        fn(docs[0][1])

    rows = []
    per_file: dict[str, dict[str, float]] = {}
    for name, fn in ENGINES.items():
        best_cpu = best_wall = float("inf")
        for _ in range(args.repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            n_pages = sum(len(fn(data)) for _, data, _ in docs)
            best_cpu = min(best_cpu, time.process_time() - c0)
            best_wall = min(best_wall, time.perf_counter() - w0)
        sims = []
        for path, data, txt in docs:
            if txt.exists():
                s = Indel.normalized_similarity(folded("\n".join(fn(data))), folded(txt.read_text(encoding="utf-8")))
                sims.append(s)
                per_file.setdefault(path.name, {})[name] = s
        rows.append((name, n_pages, n_pages / best_cpu, n_pages / best_wall, min(sims) if sims else None,
                     sum(sims) / len(sims) if sims else None))

    print(f"machine: {machine()}")
    print(f"date: {date.today().isoformat()}; pypdfium2 {version('pypdfium2')}, pdfplumber {version('pdfplumber')}"
          f" (pdfminer.six {version('pdfminer.six')}); {len(docs)} PDFs, best of {args.repeat}\n")
    print("| engine | pages | pages/s per core (CPU time) | pages/s (wall) | min similarity | mean similarity |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, n, cpu_rate, wall_rate, smin, smean in rows:
        sim = (f"{smin:.4%} | {smean:.4%}") if smin is not None else "- | -"
        print(f"| {name} | {n} | {cpu_rate:.1f} | {wall_rate:.1f} | {sim} |")
    print("\n| file | " + " | ".join(ENGINES) + " |")
    print("|---|" + "---:|" * len(ENGINES))
    for fname, sims in per_file.items():
        print(f"| {fname} | " + " | ".join(f"{sims.get(e, float('nan')):.4%}" for e in ENGINES) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
