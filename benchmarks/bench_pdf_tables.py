"""Ruled-table pages: baocao's table finder against pdfplumber's, CPU seconds per page.

    .venv/bin/python benchmarks/bench_pdf_tables.py [--scale 4] [PDF ...]

Pages: every page of the PDFs (default: the corpus `bench_pdf_run.py --scale N` builds, the seed
reports laid out as text-layer PDFs plus the Công báo PDFs) on which `has_ruling_grid` holds.
On each: `pdf_tables.find_ruled_tables` (pdfplumber's lattice geometry on pdfium's paths and
characters), then pdfplumber's own `Page.find_tables()` + `Table.extract()` on a page it opens
and parses with pdfminer. Prints JSON: pages, tables, how many tables have the same rows (cell
text whitespace-normalised), and ms per page for each.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=4)
    ap.add_argument("pdfs", nargs="*", type=Path)
    a = ap.parse_args()
    import pdfplumber  # noqa: F401  (imported before the timings)
    import pypdfium2.raw as pdfium_c
    from bench_pdf_run import corpus
    from bench_run import machine
    from scans import grid_pages

    from pipeline.ingest.pdf import _cell
    from pipeline.ingest.pdf_tables import find_ruled_tables

    files = a.pdfs or sorted(corpus(a.scale).rglob("*.pdf"))
    pages = tables = same = 0
    ours_s = theirs_s = 0.0
    for f in files:
        for page, textpage, raw, pl_page in grid_pages(f.read_bytes()):
            t = time.process_time()
            ours = [rows for rows, _ in find_ruled_tables(page, textpage, raw, pdfium_c)]
            ours_s += time.process_time() - t
            t = time.process_time()
            theirs = [table.extract() for table in pl_page.find_tables()]
            theirs_s += time.process_time() - t
            pages += 1
            tables += len(theirs)
            same += sum(1 for x, y in zip(ours, theirs)
                        if [[_cell(c) for c in r] for r in x] == [[_cell(c) for c in r] for r in y])
    print(json.dumps({**machine(), "files": len(files), "grid_pages": pages, "tables": tables, "same_rows": same,
                      "baocao_ms_per_page": round(1000 * ours_s / max(pages, 1), 1),
                      "pdfplumber_ms_per_page": round(1000 * theirs_s / max(pages, 1), 1)}))


if __name__ == "__main__":
    main()
