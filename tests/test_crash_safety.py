"""A run killed with SIGKILL at any moment leaves a readable dataset, and the next run completes it
to exactly what an uninterrupted run writes."""
from __future__ import annotations

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
