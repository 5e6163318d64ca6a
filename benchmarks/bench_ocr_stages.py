"""Where an OCR page's time goes: CPU seconds per page of each step of `ocr.ocr_image`.

    .venv/bin/python benchmarks/bench_ocr_stages.py SCAN.pdf [SCAN.pdf ...]
    .venv/bin/python benchmarks/bench_ocr_stages.py --floor [--pages N] SCAN.pdf [SCAN.pdf ...]

(scans: `benchmarks/bench_ocr.py --out DIR` keeps the seed scans in DIR/scans). Steps: getting
the page image (`render_pdf_page`: the scan's own pixels or a rendering), deskew, the ruled-grid
search, Tesseract's page pass and its table cells (with tesserocr), reading words out of
Tesseract (part of the two Tesseract columns), layout and repairs. CPU time of this process (Tesseract runs single-threaded), so the
figures are seconds per page per core; on a VM whose speed drifts, compare steps within a run.

`--floor` asks how fast Tesseract itself can read a page, whatever baocao does around it. On
the first N pages of each scan, prepared as `ocr_image` prepares them (deskewed, rules painted
out), each fastest of two: Tesseract's page pass as baocao runs it (PSM 3); the same pass on the
page at half the resolution; and the LSTM recognition alone: the page's text lines (found by
that pass) cut out as images of their own and read one by one with PSM 13 (raw line: no layout
analysis, no line finding; cut out because `SetRectangle` costs ~7 ms a call). The last is the
floor of Tesseract's recognizer at this resolution on this CPU.
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


def _fastest(fn, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def floor(paths: list[str], pages: int) -> None:
    import pypdfium2
    import tesserocr
    from PIL import Image

    from pipeline.ingest import ocr

    api = ocr._engine().api   # the page reader baocao uses, with its settings
    print("| scan | page | text lines | page pass (PSM 3) | page pass, half resolution | lines alone (PSM 13) |")
    print("|---|---:|---:|---:|---:|---:|")
    totals = Counter()
    for path in paths:
        pdf = pypdfium2.PdfDocument(path)
        for i in range(min(pages, len(pdf))):
            img, dpi = ocr.render_pdf_page(pdf, i)
            gray, _, _ = ocr.prepare_page(img.convert("L"), dpi)
            half = gray.resize((gray.width // 2, gray.height // 2), Image.LANCZOS)

            def page_pass(image, res):
                api.SetPageSegMode(tesserocr.PSM.AUTO)
                api.SetImage(image)
                api.SetSourceResolution(res)
                api.Recognize()

            full = _fastest(lambda: page_pass(gray, dpi))
            lines = [box for _, box, _, _ in api.GetComponentImages(tesserocr.RIL.TEXTLINE, True)]
            halved = _fastest(lambda: page_pass(half, dpi // 2))

            crops = [gray.crop((b["x"], b["y"], b["x"] + b["w"], b["y"] + b["h"])) for b in lines]

            def lines_alone():
                api.SetPageSegMode(tesserocr.PSM.RAW_LINE)
                for crop in crops:
                    api.SetImage(crop)
                    api.SetSourceResolution(dpi)
                    api.Recognize()

            alone = _fastest(lines_alone)
            totals.update({"pages": 1, "full": full, "half": halved, "alone": alone})
            print(f"| {Path(path).stem[:3]} | {i + 1} | {len(lines)} | {full:.2f} | {halved:.2f} | {alone:.2f} |", flush=True)
    n = totals["pages"]
    print(f"| **mean** | {n} pages | | **{totals['full'] / n:.2f}** | **{totals['half'] / n:.2f}** | **{totals['alone'] / n:.2f}** |")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("scans", nargs="+")
    ap.add_argument("--floor", action="store_true")
    ap.add_argument("--pages", type=int, default=2, help="pages per scan for --floor")
    a = ap.parse_args()
    if a.floor:
        floor(a.scans, a.pages)
    else:
        main(a.scans)
