"""A run killed with SIGKILL at any moment leaves a readable dataset, and the next run completes it
to exactly what an uninterrupted run writes."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from conftest import SEEDS
from test_run import dataset_rows


def _corpus(tmp_path: Path, copies: int = 4) -> Path:
    inp = tmp_path / "in"
    inp.mkdir()
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        for k in range(copies):
            (inp / f"{f.stem}-{k}.txt").write_text(text + f"\nBản sao {k}.\n", encoding="utf-8")
    return inp


def _cmd(inp: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "run", str(inp), "--out", str(out),
            "--workers", "2", "--batch-size", "2", "--quiet"]


def _visible_files_all_readable(out: Path) -> None:
    for f in out.glob("*/*.parquet"):
        pq.read_table(f)  # raises on a half-written file


def test_sigkill_at_random_points_then_rerun_equals_uninterrupted(tmp_path):
    inp = _corpus(tmp_path)
    ref = tmp_path / "ref"
    t0 = time.perf_counter()
    subprocess.run(_cmd(inp, ref), check=True)
    full = time.perf_counter() - t0
    expected = dataset_rows(ref)

    rng = random.Random(20261122)
    for seed in range(4):
        out = tmp_path / f"killed-{seed}"
        # a first complete run on half the corpus: the "previous dataset" a crash must not damage
        half = tmp_path / f"half-{seed}"
        half.mkdir()
        for f in sorted(inp.iterdir())[::2]:
            (half / f.name).write_bytes(f.read_bytes())
        subprocess.run(_cmd(half, out), check=True)
        before = dataset_rows(out)
        manifest = (out / "_baocao" / "manifest.json").read_bytes()

        proc = subprocess.Popen(_cmd(inp, out), start_new_session=True)
        time.sleep(rng.uniform(0.05, full))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        _visible_files_all_readable(out)
        if (out / "_baocao" / "manifest.json").read_bytes() == manifest:
            assert dataset_rows(out) == before  # killed before its commit: nothing changed

        subprocess.run(_cmd(inp, out), check=True)
        assert dataset_rows(out) == expected
        assert not list(out.glob("*/.*.tmp"))


def _kill_when_staged(cmd: list[str], out: Path, batches: int) -> int:
    """Start `cmd`, SIGKILL its process group once its workers have staged `batches` batches;
    return how many they had staged by then."""
    proc = subprocess.Popen(cmd, start_new_session=True)
    records = out / "_baocao" / "staged"
    deadline = time.monotonic() + 120
    while len(list(records.glob("*.json"))) < batches and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return len(list(records.glob("*.json")))


def _cmd_one_worker(inp: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "run", str(inp), "--out", str(out),
            "--workers", "1", "--batch-size", "2", "--quiet"]


def _part_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.glob("*/*.parquet")}


def test_a_killed_run_is_resumed_from_the_batches_its_workers_staged(tmp_path):
    from pipeline.run import run

    inp = _corpus(tmp_path)  # 20 documents, 10 batches of 2
    ref, out = tmp_path / "ref", tmp_path / "out"
    run([inp], ref, workers=1, quiet=True, batch_size=2)
    staged = _kill_when_staged(_cmd_one_worker(inp, out), out, batches=3)
    assert 3 <= staged < 10
    assert not (out / "_baocao" / "manifest.json").exists()  # killed before its commit
    recorded = [json.loads(r.read_text(encoding="utf-8")) for r in (out / "_baocao" / "staged").glob("*.json")]
    inodes = {rel: (out / "documents" / f".{rel}.tmp").stat().st_ino
              for r in recorded for rel in r["tables"]["documents"]}

    s = run([inp], out, workers=1, quiet=True, batch_size=2)
    assert (s["processed"], s["resumed"]) == (20, 2 * staged)
    # the staged files themselves were published (renamed), not written again
    assert {rel: (out / "documents" / rel).stat().st_ino for rel in inodes} == inodes
    assert _part_bytes(out) == _part_bytes(ref)
    assert not list((out / "_baocao" / "staged").iterdir()) and not list(out.glob("*/.*.tmp"))


def test_a_staged_batch_cut_short_or_of_changed_bytes_is_processed_again(tmp_path):
    from pipeline.run import run

    inp = _corpus(tmp_path)
    out = tmp_path / "out"
    staged = _kill_when_staged(_cmd_one_worker(inp, out), out, batches=3)
    records = sorted((out / "_baocao" / "staged").glob("*.json"))
    cut, changed = (json.loads(r.read_text(encoding="utf-8")) for r in records[:2])
    rel = cut["tables"]["documents"][0]  # every batch has documents rows (not every one has sections)
    f = out / "documents" / f".{rel}.tmp"
    f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])  # as if the kill had come mid-write
    edited = inp / changed["jobs"][0][0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSửa đổi.\n", encoding="utf-8")

    s = run([inp], out, workers=1, quiet=True, batch_size=2)
    assert s["resumed"] == 2 * (staged - 2)
    ref = tmp_path / "ref"
    run([inp], ref, workers=1, quiet=True, batch_size=2)
    assert _part_bytes(out) == _part_bytes(ref)


def test_a_batch_that_hit_a_limit_is_not_kept_for_resuming(tmp_path):
    from pipeline.batch import Job, process_batch
    from pipeline.process import Settings

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Báo cáo số 1. Tiếp nhận 12 hồ sơ.\n", encoding="utf-8")
    (inp / "b.txt").write_text("Báo cáo số 2. SPIN-ME\n", encoding="utf-8")
    out = tmp_path / "out"
    settings = Settings("test-version", doc_timeout=1, extra_stages=("crashers:spin",))
    ok = process_batch(str(out), [Job(str(inp), str(inp / "a.txt"), "a.txt", "id-a")], settings)
    timed_out = process_batch(str(out), [Job(str(inp), str(inp / "b.txt"), "b.txt", "id-b")], settings)
    assert timed_out.counts["errors"] == 1
    assert sorted(p.stem for p in (out / "_baocao" / "staged").glob("*.json")) == [ok.part_id]
