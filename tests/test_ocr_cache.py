"""Pages read by OCR are kept beside the dataset and taken from there when the same file is
processed again, unless the OCR code, engine or model changed (pipeline/ingest/ocr_cache.py).

Whether a page came from the cache is seen from the dataset itself: an entry edited on disk
shows up in the next run's rows, and is ignored once the OCR fingerprint changes.
"""
from __future__ import annotations

import ast
import json
import os
import time
from pathlib import Path

import pytest

import scans
from conftest import ROOT, read_table
from pipeline import run as run_mod
from pipeline.ingest import ocr_cache
from pipeline.ingest.ocr import unavailable_reason
from test_ocr import small_scan

needs_ocr = pytest.mark.skipif(unavailable_reason() is not None or not scans.fonts_present(),
                               reason=str(unavailable_reason() or "DejaVu fonts are not installed"))

LINES = ["Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ; đã giải quyết: 1.100 hồ sơ."]


def _entries(out: Path) -> list[Path]:
    return sorted(ocr_cache.cache_dir(out).rglob("*.json"))


def _figures(out: Path) -> list[int]:
    return sorted(r["value"] for r in read_table(out, "dossier_stats"))


@pytest.fixture(scope="module")
def scan_inputs(tmp_path_factory) -> Path:
    """A scanned PDF of one page and a PNG of another, each a strip of a report page."""
    d = tmp_path_factory.mktemp("scans")
    (d / "quet.pdf").write_bytes(scans.images_pdf([small_scan(LINES, seed=3, height_mm=22)]))
    small_scan(["Đang giải quyết: 150 hồ sơ."], seed=4, height_mm=16).save(d / "trang.png", dpi=(300, 300))
    return d


@needs_ocr
def test_a_rerun_takes_every_page_from_the_cache_until_the_ocr_code_changes(scan_inputs, tmp_path, monkeypatch):
    out = tmp_path / "ds"
    run_mod.run([scan_inputs], out, workers=1, quiet=True)   # pool workers write the entries
    entries = _entries(out)
    assert len(entries) == 2 and _figures(out) == [150, 1100, 1250]
    # edit the PDF page's entry: a forced re-run (every document processed again) must show it
    [pdf_entry] = [e for e in entries if "1.250" in json.loads(e.read_text(encoding="utf-8"))["text"]]
    page = json.loads(pdf_entry.read_text(encoding="utf-8"))
    page["text"] = page["text"].replace("1.250", "1.350")
    pdf_entry.write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    run_mod.run([scan_inputs], out, workers=0, quiet=True, force=True)
    assert _figures(out) == [150, 1100, 1350]
    # other OCR code: the page is read again, and the old code's entries are dropped
    monkeypatch.setattr(ocr_cache, "fingerprint", lambda: "other-ocr-code")
    run_mod.run([scan_inputs], out, workers=0, quiet=True, force=True)
    assert _figures(out) == [150, 1100, 1250]
    assert {p.name for p in ocr_cache.cache_dir(out).iterdir()} == {"other-ocr-code"}
    assert len(_entries(out)) == 2
    # a temporary entry left by a killed write goes at the end of a run once it is stale
    entry = _entries(out)[0]
    stale, fresh = entry.with_name(f".{entry.name}.1.2.tmp"), entry.with_name(f".{entry.name}.3.4.tmp")
    for tmp in (stale, fresh):
        tmp.write_text("{", encoding="utf-8")
    os.utime(stale, (time.time() - 2 * ocr_cache.STALE_TMP_SECONDS,) * 2)
    run_mod.run([scan_inputs], out, workers=0, quiet=True)
    assert not stale.exists() and fresh.exists()


@needs_ocr
def test_an_unreadable_entry_is_read_again_and_no_cache_means_no_entries(scan_inputs, tmp_path):
    out = tmp_path / "ds"
    run_mod.run([scan_inputs], out, workers=0, quiet=True)
    for e in _entries(out):
        e.write_text("{not json", encoding="utf-8")
    run_mod.run([scan_inputs], out, workers=0, quiet=True, force=True)
    assert _figures(out) == [150, 1100, 1250]
    assert read_table(out, "errors") == []
    assert all(json.loads(e.read_text(encoding="utf-8"))["text"] for e in _entries(out))

    bare = tmp_path / "bare"
    run_mod.run([scan_inputs], bare, workers=0, quiet=True, ocr_cache=False)
    assert _figures(bare) == [150, 1100, 1250] and not ocr_cache.cache_dir(bare).exists()


def _project_imports(rel: str) -> set[str]:
    tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] in ("pipeline", "extractors", "schemas"))
    return found


def test_the_fingerprint_covers_every_project_module_the_ocr_code_imports():
    """A module that shapes OCR pages but is left out of the fingerprint would let a code change
    serve stale pages."""
    covered = {m.removesuffix(".py").replace("/", ".") for m in ocr_cache.OCR_MODULES}
    for rel in ocr_cache.OCR_MODULES:
        for name in _project_imports(rel):
            module = next((c for c in (name, name.rpartition(".")[0]) if (ROOT / (c.replace(".", "/") + ".py")).is_file()
                           or (ROOT / c.replace(".", "/") / "__init__.py").is_file()), name)
            assert module in covered or module in ocr_cache.OCR_NEUTRAL_IMPORTS, f"{rel} imports {name}"
