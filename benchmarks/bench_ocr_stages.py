"""Where an OCR page's time goes: CPU seconds per page of each step of `ocr.ocr_image`.

    .venv/bin/python benchmarks/bench_ocr_stages.py SCAN.pdf [SCAN.pdf ...]

(scans: `benchmarks/bench_ocr.py --out DIR` keeps the seed scans in DIR/scans). Steps: getting
the page image (`render_pdf_page`: the scan's own pixels or a rendering), deskew, the ruled-grid
search, Tesseract's page pass and its table cells (with tesserocr), reading words out of
Tesseract (part of the two Tesseract columns), layout and repairs. CPU time of this process (Tesseract runs single-threaded), so the
figures are seconds per page per core; on a VM whose speed drifts, compare steps within a run.
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _timed(owner, name: str, step: str, seconds: Counter) -> None:
    inner = getattr(owner, name)

    def timed(*args, **kwargs):
        t = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            seconds[step] += time.process_time() - t

    setattr(owner, name, timed)


def main(paths: list[str]) -> None:
    import pypdfium2

    from pipeline.ingest import ocr, ocr_layout, ocr_repair, scan_prep

    seconds: Counter = Counter()
    engine = type(ocr._engine())
    for owner, name, step in [(scan_prep, "deskew", "deskew"), (scan_prep, "find_grids", "grids"),
                              (ocr_layout, "layout", "layout"), (ocr_repair, "repair_page", "repair"),
                              (engine, "words", "tesseract page"), (engine, "cell_words", "tesseract cells"),
                              (engine, "_collect", "words out")]:
        if hasattr(owner, name):
            _timed(owner, name, step, seconds)
    print("| scan | pages | s/page | image | deskew | grids | tesseract page | tesseract cells | words out | layout + repair |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in paths:
        seconds.clear()
        pdf = pypdfium2.PdfDocument(path)
        n = len(pdf)
        t0 = time.process_time()
        for i in range(n):
            t = time.process_time()
            img, dpi = ocr.render_pdf_page(pdf, i)
            seconds["image"] += time.process_time() - t
            ocr.ocr_image(img, dpi)
        total = time.process_time() - t0
        per = {k: v / n for k, v in seconds.items()}
        print(f"| {Path(path).stem} | {n} | {total / n:.2f} | {per.get('image', 0):.2f} | {per.get('deskew', 0):.2f} | "
              f"{per.get('grids', 0):.2f} | {per.get('tesseract page', 0):.2f} | {per.get('tesseract cells', 0):.2f} | "
              f"{per.get('words out', 0):.2f} | {per.get('layout', 0) + per.get('repair', 0):.3f} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
