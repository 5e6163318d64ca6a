"""OCR accuracy and speed on the five seeds turned into noisy 300 dpi scans.

    .venv/bin/python benchmarks/bench_ocr.py [--seeds 000,003] [--workers 2] [--out DIR] [--keep]

Each seed's text is laid out on A4 pages (DejaVu Serif, ruled tables for its tab-separated
lines; tests/scans.py), rasterized at 300 dpi, degraded (rotation up to ±1°, blur, Gaussian
noise, JPEG artefacts) and wrapped into an image-only PDF. Then:

  1. Speed, one process: `pipeline.ingest.pdf.read_pdf` on each scan; CPU seconds per page of
     this process (= seconds per page per core: Tesseract runs single-threaded).
  2. Accuracy: character error rate of the OCR text against the seed text, both NFC with every
     whitespace run folded to one space (Levenshtein distance / reference length).
  3. The full pipeline (`baocao run` on the scans, `--workers N`): wall-clock pages/s with the
     worker pool, and the extracted rows against the gold: citations (ref and date), dossier
     figures (value), and failing findings (rule) that the gold lists for the seed.
Prints a Markdown section for BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
SEEDS = ROOT / "corpora" / "seeds"
GOLD = ROOT / "tests" / "gold"


def folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(hypothesis: str, reference: str) -> float:
    from rapidfuzz.distance import Levenshtein

    ref = folded(reference)
    return Levenshtein.distance(folded(hypothesis), ref) / max(1, len(ref))


def gold(name: str) -> list[dict]:
    with open(GOLD / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def make_scans(names: list[str], out: Path) -> dict[str, int]:
    """Write <seed>.pdf scans into `out`; returns pages per seed."""
    import scans

    import pypdfium2 as pdfium

    pages = {}
    for i, name in enumerate(names):
        target = out / f"{name}.pdf"
        if not target.exists():  # the scans are deterministic: a kept --out dir is reused
            text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
            target.write_bytes(scans.scan_pdf(scans.text_pdf(text), seed=1000 + i))
        pages[name] = len(pdfium.PdfDocument(target.read_bytes()))
    return pages


def read_table(dataset: Path, table: str) -> list[dict]:
    import pyarrow.dataset as ds

    return ds.dataset(dataset / table, format="parquet", partitioning="hive").to_table().to_pylist()


def _date(v):
    return None if v is None else str(v)[:10]


def _cite_key(c: dict) -> tuple:
    """What makes a citation's ref and date: number, symbol, year, date."""
    return (str(c.get("number") or "").lstrip("0"), c.get("symbol"), c.get("year"), _date(c.get("date")))


def score_rows(dataset: Path, names: list[str]) -> dict:
    """Gold recovered from the dataset built from the scans (matched by doc, not by span)."""
    docs = {d["source_path"].rsplit("/", 1)[-1].rsplit(".", 1)[0]: d["doc_id"] for d in read_table(dataset, "documents")}
    cits = read_table(dataset, "citations")
    stats = read_table(dataset, "dossier_stats")
    finds = read_table(dataset, "findings")
    out = {"citations": [0, 0], "dossier_stats": [0, 0], "findings": [0, 0], "missed": []}
    for name in names:
        doc_id = docs.get(name)
        have_c = Counter(_cite_key(c) for c in cits if c["doc_id"] == doc_id)
        for g in gold("citations"):
            if g["doc"] != name or g.get("uncertain") or not g.get("number"):
                continue
            key = _cite_key(g)
            out["citations"][1] += 1
            if have_c[key] > 0:
                have_c[key] -= 1
                out["citations"][0] += 1
            else:
                out["missed"].append(("citation", name, key))
        have_s = Counter(s["value"] for s in stats if s["doc_id"] == doc_id)
        for g in gold("dossier_stats"):
            if g["doc"] != name:
                continue
            out["dossier_stats"][1] += 1
            if have_s[g["value"]] > 0:
                have_s[g["value"]] -= 1
                out["dossier_stats"][0] += 1
            else:
                out["missed"].append(("figure", name, g["value"], g.get("text")))
        have_f = Counter(f["rule"] for f in finds if f["doc_id"] == doc_id and f["status"] == "fail")
        for g in gold("findings"):
            if g["doc"] != name or g.get("status") != "fail":
                continue
            out["findings"][1] += 1
            if have_f[g["rule"]] > 0:
                have_f[g["rule"]] -= 1
                out["findings"][0] += 1
            else:
                out["missed"].append(("finding", name, g["rule"], g.get("message", "")[:80]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="", help="comma-separated seed prefixes (default: all five)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path, default=None, help="keep the scans and dataset here")
    ap.add_argument("--repeat", type=int, default=1,
                    help="read each scan N times; the fastest pass counts (the CPU time of the same "
                         "pages varies by up to 1.7x between minutes on a shared machine)")
    args = ap.parse_args()

    names = sorted(p.stem for p in SEEDS.glob("*.txt"))
    if args.seeds:
        wanted = args.seeds.split(",")
        names = [n for n in names if any(n.startswith(w) for w in wanted)]
    work = args.out or Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    scans_dir = work / "scans"
    scans_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    pages = make_scans(names, scans_dir)
    print(f"built {sum(pages.values())} scanned pages in {time.time() - t0:.0f} s", file=sys.stderr)

    from pipeline.ingest import ocr
    from pipeline.ingest.pdf import read_pdf

    rows = []
    cpu_total = 0.0
    # passes over all the scans, not repeats of one: a slow spell of the machine then costs
    # every scan one pass instead of all the passes of one scan
    best = {name: float("inf") for name in names}
    texts: dict[str, object] = {}
    for _ in range(args.repeat):
        for name in names:
            data = (scans_dir / f"{name}.pdf").read_bytes()
            c0 = time.process_time()
            texts[name] = read_pdf(data)
            best[name] = min(best[name], time.process_time() - c0)
    for name in names:
        raw, cpu = texts[name], best[name]
        cpu_total += cpu
        ref = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
        confs = [p.ocr_confidence for p in raw.pages if p.ocr_confidence is not None]
        rows.append((name, pages[name], cpu / pages[name], cer(raw.text, ref), sum(confs) / max(1, len(confs))))
        (work / f"{name}.ocr.txt").write_text(raw.text, encoding="utf-8")
        print(f"{name}: {pages[name]} pages, {cpu / pages[name]:.2f} s/page, CER {rows[-1][3]:.2%}", file=sys.stderr)
    total_pages = sum(pages.values())
    all_ref = "".join((SEEDS / f"{n}.txt").read_text(encoding="utf-8") + "\n" for n in names)
    all_hyp = "".join((work / f"{n}.ocr.txt").read_text(encoding="utf-8") + "\n" for n in names)
    overall_cer = cer(all_hyp, all_ref)

    from pipeline.run import run

    dataset = work / "dataset"
    w0 = time.time()
    run([scans_dir], dataset, workers=args.workers, quiet=True)
    wall = time.time() - w0
    scores = score_rows(dataset, names)
    # the same pipeline on the UTF-8 seeds: what the text makes findable at all
    text_dataset = work / "dataset-text"
    text_dir = work / "text"
    text_dir.mkdir(exist_ok=True)
    for n in names:
        (text_dir / f"{n}.txt").write_bytes((SEEDS / f"{n}.txt").read_bytes())
    run([text_dir], text_dataset, workers=args.workers, quiet=True)
    text_scores = score_rows(text_dataset, names)

    print(f"## OCR (scanned PDFs)\n")
    print(f"Measured {date.today()} on {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {ocr.engine_version()}; command: "
          f"`.venv/bin/python benchmarks/bench_ocr.py --workers {args.workers} --repeat {args.repeat}` "
          f"(s/page/core: the fastest of {args.repeat} passes). Scans: the five seeds laid out "
          f"in DejaVu Serif 12 pt with ruled tables, 300 dpi, rotated up to ±1°, blurred, noised, JPEG q55.\n")
    print("| seed | pages | s/page/core | CER | mean confidence |")
    print("|---|---:|---:|---:|---:|")
    for name, n, spp, e, conf in rows:
        print(f"| {name} | {n} | {spp:.2f} | {e:.2%} | {conf:.1f} |")
    print(f"| **all** | {total_pages} | **{cpu_total / total_pages:.2f}** | **{overall_cer:.2%}** | |\n")
    c_ok, c_n = scores["citations"]
    s_ok, s_n = scores["dossier_stats"]
    f_ok, f_n = scores["findings"]
    print(f"Full pipeline on the scans, `--workers {args.workers}`: {total_pages} pages in {wall:.1f} s = "
          f"**{total_pages / wall:.2f} pages/s**.\n")
    tc_ok, _ = text_scores["citations"]
    ts_ok, _ = text_scores["dossier_stats"]
    tf_ok, _ = text_scores["findings"]
    print("| gold item | from the scans | from the UTF-8 text | scans / text |")
    print("|---|---:|---:|---:|")
    print(f"| citations (number, symbol, year, date) | {c_ok}/{c_n} | {tc_ok}/{c_n} | {c_ok / max(1, tc_ok):.1%} |")
    print(f"| dossier figures (value) | {s_ok}/{s_n} | {ts_ok}/{s_n} | {s_ok / max(1, ts_ok):.1%} |")
    print(f"| failing findings (rule) | {f_ok}/{f_n} | {tf_ok}/{f_n} | {f_ok / max(1, tf_ok):.1%} |")
    text_missed = set(map(repr, text_scores["missed"]))
    ocr_only = [m for m in scores["missed"] if repr(m) not in text_missed]
    if ocr_only:
        print("\nMissed from the scans but found in the text:")
        for m in ocr_only[:40]:
            print(f"- {m}")
    print(f"\n(work dir: {work})", file=sys.stderr)


if __name__ == "__main__":
    main()
