"""Each document runs under a time limit and a memory ceiling; a worker that dies or hangs costs
only its document, and the run goes on with fresh workers."""
from __future__ import annotations

import pytest

from conftest import SEEDS, read_table
from pipeline import engines
from pipeline.run import run

SEED = (SEEDS / "000_eb60bfc273ad20a5.txt").read_text(encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("a", "b", "c", "d"):
        (inp / f"{name}.txt").write_text(SEED + f"\nbản {name}\n", encoding="utf-8")
    return inp


def _stage(func: str) -> tuple[str, ...]:
    return (f"crashers:{func}",)  # tests/ is on the workers' sys.path, as on this process's


def _outcome(out):
    docs = sorted(d["source_path"] for d in read_table(out, "documents"))
    limits = {e["source_path"]: e["error_type"] for e in read_table(out, "errors") if e["stage"] == "limits"}
    return docs, limits


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_killed_by_its_document_costs_only_that_document(tmp_path, corpus, workers):
    (corpus / "b.txt").write_text(SEED + "\nKILL-ME\n", encoding="utf-8")
    out = tmp_path / "out"
    s = run([corpus], out, workers=workers, quiet=True, batch_size=2, extra_stages=_stage("kill_worker"))
    assert _outcome(out) == (["a.txt", "c.txt", "d.txt"], {"b.txt": "worker_died"})
    assert s["documents"] == 3


def test_a_python_endless_loop_hits_the_document_time_limit(tmp_path, corpus):
    (corpus / "c.txt").write_text(SEED + "\nSPIN-ME\n", encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, workers=1, quiet=True, doc_timeout=5, extra_stages=_stage("spin"))
    assert _outcome(out) == (["a.txt", "b.txt", "d.txt"], {"c.txt": "timeout"})


def test_a_hang_below_python_is_caught_by_the_pool_watchdog(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(engines, "HANG_MARGIN", 3.0)
    (corpus / "a.txt").write_text(SEED + "\nHANG-ME\n", encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, workers=2, quiet=True, doc_timeout=5, batch_size=1, extra_stages=_stage("hang_in_c"))
    assert _outcome(out) == (["b.txt", "c.txt", "d.txt"], {"a.txt": "worker_died"})


def test_memory_past_the_ceiling_fails_the_document_not_the_run(tmp_path, corpus):
    (corpus / "d.txt").write_text(SEED + "\nHOG-ME\n", encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, workers=1, quiet=True, max_memory_mb=2048, extra_stages=_stage("hog_memory"))
    docs = sorted(d["source_path"] for d in read_table(out, "documents"))
    errors = [e for e in read_table(out, "errors") if e["source_path"] == "d.txt"]
    assert "a.txt" in docs and "b.txt" in docs and "c.txt" in docs
    assert [e["error_type"] for e in errors if "crashers" in e["message"]] == ["MemoryError"]


def test_each_ocr_page_extends_the_document_time_limit():
    import time

    from pipeline.limits import DocumentTimeout, extend_time_limit, time_limit

    with time_limit(0.4):
        extend_time_limit(1.0)   # what ocr_image does for each page it reads
        time.sleep(0.8)
    with pytest.raises(DocumentTimeout):
        with time_limit(0.4):
            time.sleep(0.8)


def test_the_watchdog_allows_a_file_that_may_be_a_scan_its_possible_ocr_pages(tmp_path):
    from pipeline.limits import MIN_SCAN_BYTES_PER_PAGE, OCR_SECONDS_PER_PAGE, hang_allowance

    scan, text = tmp_path / "scan.pdf", tmp_path / "report.txt"
    for f in (scan, text):
        f.write_bytes(b"x" * (50 * MIN_SCAN_BYTES_PER_PAGE))
    assert hang_allowance(str(text), 300) == 600
    assert hang_allowance(str(scan), 300) == 600 + 50 * OCR_SECONDS_PER_PAGE


def test_the_time_limit_reaches_a_document_run_on_a_thread():
    """Dask runs tasks on executor threads, where SIGALRM cannot be delivered."""
    import threading
    import time

    from pipeline.limits import DocumentTimeout, extend_time_limit, time_limit

    outcome = {}

    def spin_then_finish(extend: float):
        t0 = time.monotonic()
        try:
            with time_limit(0.3):
                extend_time_limit(extend)
                while time.monotonic() - t0 < 1.0:
                    pass
            outcome[extend] = "finished"
        except DocumentTimeout:
            outcome[extend] = round(time.monotonic() - t0, 1)

    for extend in (0.0, 2.0):
        worker = threading.Thread(target=spin_then_finish, args=(extend,))
        worker.start()
        worker.join(10)
    assert outcome == {0.0: 0.3, 2.0: "finished"}


def test_a_python_endless_loop_hits_the_time_limit_on_dask(tmp_path, corpus):
    pytest.importorskip("distributed")
    (corpus / "c.txt").write_text(SEED + "\nSPIN-ME\n", encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, workers=2, quiet=True, doc_timeout=5, engine="dask", extra_stages=_stage("spin"))
    assert _outcome(out) == (["a.txt", "b.txt", "d.txt"], {"c.txt": "timeout"})


def test_a_hang_below_python_is_caught_on_dask(tmp_path, corpus, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(engines, "HANG_MARGIN", 3.0)
    (corpus / "a.txt").write_text(SEED + "\nHANG-ME\n", encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, workers=2, quiet=True, doc_timeout=5, batch_size=1, engine="dask",
        extra_stages=_stage("hang_in_c"))
    assert _outcome(out) == (["b.txt", "c.txt", "d.txt"], {"a.txt": "worker_died"})


def test_workers_that_cannot_start_stop_the_run_at_once(tmp_path, corpus):
    """A script that calls run() without a __main__ guard: every worker re-runs it as it starts
    and dies. The run must stop with WorkersCannotStart, commit nothing, and not spend a fresh
    worker on each document (recording each as worker_died)."""
    import subprocess
    import sys
    import time

    from conftest import ROOT

    out = tmp_path / "out"
    script = tmp_path / "unguarded.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pathlib import Path\n"
                      f"from pipeline.run import run\n"
                      f"run([Path({str(corpus)!r})], Path({str(out)!r}), workers=1, quiet=True, batch_size=1)\n")
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "WorkersCannotStart" in done.stderr and '__name__ == "__main__"' in done.stderr
    assert not (out / "_baocao" / "manifest.json").exists()
    assert not list(out.glob("*/*.parquet"))
    assert time.perf_counter() - t0 < 120
