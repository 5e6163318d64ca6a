"""Text-layer PDFs end to end: `baocao run` pages/s per core, with pdfplumber beside it.

    .venv/bin/python benchmarks/bench_pdf_run.py [--scale 4] [--repeat 2]

Corpus: the seed reports multiplied by benchmarks/gen_corpus.py (`--scale` copies each, figures
and dates varied) and laid out as text-layer PDFs on A4 in DejaVu Serif 12 pt (tests/scans.py
`text_pdf`: tab-separated lines as ruled tables, so pages with a painted grid are in the mix),
plus the five Công báo PDFs of ../shared/corpora/congbao-8chude when present.

  1. `baocao run` with one worker (every extractor and check on, Parquet written): wall-clock
     pages/s = pages per second per core; the fastest of `--repeat` fresh builds counts.
  2. In this process, CPU time: `pipeline.ingest.pdf.read_pdf` alone, and pdfplumber's
     `Page.extract_text()` on the same pages (what a pdfplumber-based reader would pay for
     the text alone, before any extraction).
Prints JSON lines; BENCHMARKS.md records them.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
CONGBAO = ROOT.parent / "shared" / "corpora" / "congbao-8chude" / "docs"


def corpus(scale: int) -> Path:
    """Seeds x scale as text-layer PDFs (built once per scale), plus the Công báo PDFs."""
    from gen_corpus import generate

    d = Path(f"/tmp/baocao-bench-pdf-{scale}x")
    if (d / ".done").exists():
        return d
    import scans

    texts = d.with_name(d.name + "-txt")
    shutil.rmtree(texts, ignore_errors=True)
    generate(scale, texts)
    for src in sorted(texts.rglob("*.txt")):
        target = d / src.relative_to(texts).with_suffix(".pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(scans.text_pdf(src.read_text(encoding="utf-8")))
    if CONGBAO.is_dir():
        for pdf in sorted(CONGBAO.rglob("*.pdf")):
            shutil.copy(pdf, d / pdf.name)
    (d / ".done").write_text("")
    return d


def cpu_pages_per_s(files: list[Path], read) -> tuple[int, float]:
    t = time.process_time()
    pages = sum(read(f.read_bytes()) for f in files)
    return pages, pages / (time.process_time() - t)


def read_pdf_pages(data: bytes) -> int:
    from pipeline.ingest.pdf import read_pdf

    return len(read_pdf(data).pages)


def plumber_pages(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for p in pdf.pages:
            p.extract_text()
        return len(pdf.pages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    from bench_run import machine

    from pipeline.run import run

    inp = corpus(a.scale)
    files = sorted(inp.rglob("*.pdf"))
    base = {"scale": a.scale, "files": len(files), "mb": round(sum(f.stat().st_size for f in files) / 1e6, 2),
            **machine()}
    out = Path("/tmp/baocao-bench-pdf-out")
    best = None
    for _ in range(a.repeat):
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        s = run([inp], out, workers=1, quiet=True)
        wall = time.perf_counter() - t0
        best = (wall, s) if best is None or wall < best[0] else best
    wall, s = best
    pages = s["rows"].get("pages", 0)
    print(json.dumps({**base, "what": "baocao run, 1 worker", "documents": s["documents"], "pages": pages,
                      "seconds": round(wall, 2), "pages_per_s_per_core": round(pages / wall, 1),
                      "stage_seconds": s["stage_seconds"]}), flush=True)
    read_pdf_pages(files[0].read_bytes())  # imports out of the timings
    plumber_pages(files[0].read_bytes())
    for name, read in (("read_pdf alone (CPU)", read_pdf_pages), ("pdfplumber extract_text (CPU)", plumber_pages)):
        n, rate = cpu_pages_per_s(files, read)
        print(json.dumps({**base, "what": name, "pages": n, "pages_per_s_per_core": round(rate, 1)}), flush=True)


if __name__ == "__main__":
    main()
