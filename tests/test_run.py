"""End-to-end runs of `baocao run`: contract tables, bad input, incremental re-runs, engines."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, read_table
from pipeline import run as run_mod
from pipeline.cli import main
from schemas.tables import TABLES


def dataset_rows(out: Path) -> dict[str, list[dict]]:
    """Every table as sorted rows: equal datasets give equal dicts whatever their part files."""
    return {t: sorted(read_table(out, t), key=repr) for t in TABLES}


def test_seed_dataset_has_every_table_and_the_seed_texts(seed_dataset):
    for t in TABLES:
        assert (seed_dataset / t).is_dir(), t
    docs = {d["source_path"]: d for d in read_table(seed_dataset, "documents")}
    assert len(docs) == 5
    for f in sorted(SEEDS.glob("*.txt")):
        d = docs[f.name]
        data = f.read_bytes()
        assert d["doc_id"] == hashlib.sha256(data).hexdigest()
        # UTF-8, NFC, LF seeds: normalization only folds look-alikes one for one, so every span
        # is a file offset
        src = data.decode("utf-8")
        assert len(d["text"]) == len(src)
        assert {(a, b) for a, b in zip(src, d["text"]) if a != b} <= {("\xa0", " "), ("\u2013", "-")}
        assert d["n_chars"] == len(d["text"]) and d["source_format"] == "txt" and d["ocr"] is False


def test_bad_inputs_become_error_rows_and_the_rest_is_written(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SEEDS / "000_eb60bfc273ad20a5.txt", inp / "good.txt")
    (inp / "empty.txt").write_bytes(b"")
    (inp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (inp / "notes.xyz").write_text("hello")
    out = tmp_path / "out"
    assert main(["run", str(inp), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    errors = {e["source_path"]: e for e in read_table(out, "errors")}
    assert errors["empty.txt"]["error_type"] == "empty"
    assert errors["binary.txt"]["error_type"] == "undecodable"
    assert "offset" in errors["binary.txt"]["message"]
    assert errors["notes.xyz"]["error_type"] == "unsupported_format"
    assert [d["source_path"] for d in read_table(out, "documents")] == ["good.txt"]


def test_exit_status_is_1_only_when_every_input_failed(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_bytes(b"")
    (inp / "b.docx").write_bytes(b"not a zip")
    assert main(["run", str(inp), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert len(read_table(tmp_path / "out", "errors")) == 2


def test_rerun_skips_unchanged_redoes_changed_and_drops_removed(tmp_path):
    inp = tmp_path / "in"
    shutil.copytree(SEEDS, inp)
    out = tmp_path / "out"
    s1 = run_mod.run([inp], out, workers=1, quiet=True)
    assert (s1["processed"], s1["documents"]) == (5, 5)
    s2 = run_mod.run([inp], out, workers=1, quiet=True)
    assert (s2["processed"], s2["skipped"]) == (0, 5)

    seed3 = inp / "003_4b702f54e3f3f105.txt"
    seed3.write_text(seed3.read_text(encoding="utf-8").replace("Quý 1 năm 2017", "Quý 2 năm 2017"), encoding="utf-8")
    (inp / "001_0c489bbf47c8f122.txt").unlink()
    s3 = run_mod.run([inp], out, workers=1, quiet=True)
    assert (s3["processed"], s3["skipped"], s3["removed"]) == (1, 3, 1)

    fresh = tmp_path / "fresh"
    run_mod.run([inp], fresh, workers=1, quiet=True)
    assert dataset_rows(out) == dataset_rows(fresh)
    assert len(read_table(out, "documents")) == 4


def test_the_summary_splits_the_wall_clock_into_the_clients_phases(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SEEDS / "000_eb60bfc273ad20a5.txt", inp)
    s = run_mod.run([inp], tmp_path / "out", workers=0, quiet=True)
    split = s["client_seconds"]
    assert list(split) == ["plan", "workers", "commit", "corpus"] and min(split.values()) >= 0
    assert sum(split.values()) == pytest.approx(s["seconds"], abs=0.01)
    # inline, the document's stages run inside the "workers" phase
    assert split["workers"] >= sum(s["stage_seconds"].values()) - 0.01


def test_urls_and_missing_inputs_are_refused_before_anything_is_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for argv in (["run", "s3://bucket/reports", "--out", "ds"], ["run", str(SEEDS), "--out", "gs://bucket/ds"],
                 ["compact", "s3://bucket/ds"], ["query", "https://example.org/ds", "SELECT 1"],
                 ["report", "ds", "--out", "file:///tmp/site"]):
        with pytest.raises(SystemExit) as e:
            main(argv)
        assert e.value.code == 2
        assert "is a URL; baocao reads and writes files: mount the bucket" in capsys.readouterr().err
    assert main(["run", "no-such-dir", "--out", "ds"]) == 2
    assert "input not found: no-such-dir" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no "s3:" directory, no empty dataset


def test_identical_bytes_under_two_names_are_processed_once(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SEEDS / "000_eb60bfc273ad20a5.txt", inp / "a.txt")
    shutil.copy(SEEDS / "000_eb60bfc273ad20a5.txt", inp / "b.txt")
    out = tmp_path / "out"
    run_mod.run([inp], out, workers=1, quiet=True)
    assert [d["source_path"] for d in read_table(out, "documents")] == ["a.txt"]
    (err,) = [e for e in read_table(out, "errors") if e["stage"] == "discover"]
    assert (err["source_path"], err["error_type"]) == ("b.txt", "duplicate_content")


def part_files(d: Path) -> dict[str, bytes]:
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in d.glob("*/*.parquet")}


def test_worker_count_does_not_change_a_byte(tmp_path, monkeypatch):
    monkeypatch.setattr(run_mod, "BATCH_DOCS", 2)  # three batches, so two workers share the work
    inline, one, two = tmp_path / "inline", tmp_path / "one", tmp_path / "two"
    run_mod.run([SEEDS], inline, workers=0, quiet=True)
    run_mod.run([SEEDS], one, workers=1, quiet=True)
    run_mod.run([SEEDS], two, workers=2, quiet=True)
    assert part_files(inline) == part_files(one) == part_files(two)
    assert len(list((one / "documents").glob("*.parquet"))) == 3


def test_dask_local_cluster_writes_the_same_bytes_as_the_local_pool(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(run_mod, "BATCH_DOCS", 2)
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_mod.run([SEEDS], local, workers=2, quiet=True)
    run_mod.run([SEEDS], dask, workers=2, quiet=True, engine="dask")
    assert dataset_rows(dask) == dataset_rows(local)
    assert part_files(dask) == part_files(local)


def test_a_cluster_started_with_the_readmes_dask_commands_writes_the_same_bytes(tmp_path):
    """The README's multi-machine recipe, on one machine: `dask scheduler`, `dask worker` with
    its environment, then `baocao run --engine dask --scheduler tcp://...`."""
    import json
    import os
    import time

    distributed = pytest.importorskip("distributed")
    dask_cli = Path(sys.executable).with_name("dask")
    env = {**os.environ, "MALLOC_ARENA_MAX": "1", "ARROW_DEFAULT_MEMORY_POOL": "system",
           "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False", "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "1s",
           "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL": "5s"}
    log, info = tmp_path / "cluster.log", tmp_path / "scheduler.json"
    local, dask = tmp_path / "local", tmp_path / "dask"
    procs = []
    try:
        with open(log, "w") as out:
            # the scheduler picks its port and says which: a port chosen here and handed over
            # could be taken meanwhile (by a worker's nanny, say)
            procs.append(subprocess.Popen([dask_cli, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                           "--no-dashboard", "--scheduler-file", info],
                                          stdout=out, stderr=subprocess.STDOUT))
            deadline = time.monotonic() + 120
            while not info.exists() and time.monotonic() < deadline and procs[0].poll() is None:
                time.sleep(0.1)
            address = json.loads(info.read_text())["address"]
            procs.append(subprocess.Popen([dask_cli, "worker", address, "--nthreads", "1", "--nworkers", "2",
                                           "--no-dashboard"], env=env, cwd=tmp_path, stdout=out,
                                          stderr=subprocess.STDOUT))
        with distributed.Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=120)
        run_mod.run([SEEDS], local, workers=2, quiet=True, batch_size=2)
        assert main(["run", str(SEEDS), "--out", str(dask), "--engine", "dask", "--scheduler", address,
                     "--batch-size", "2", "--quiet"]) == 0
        with distributed.Client(address, timeout=120) as client:  # the batches ran there, not elsewhere
            assert sum(client.run(lambda dask_worker: dask_worker.state.executed_count).values()) >= 3
    except BaseException:
        print(log.read_text(errors="replace")[-5000:])  # pytest shows it beside the failure
        raise
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(timeout=30)
    assert address.startswith("tcp://127.0.0.1:")
    assert len(list((dask / "documents").glob("*.parquet"))) == 3
    assert part_files(dask) == part_files(local)


def test_help_answers_without_importing_heavy_modules():
    code = ("import sys; from pipeline.cli import build_parser; build_parser().format_help(); "
            "heavy = [m for m in ('pyarrow', 'pandas', 'underthesea', 'pypdfium2', 'pdfplumber', 'duckdb', 'spacy') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_compact_merges_parts_without_changing_the_data(tmp_path):
    out = tmp_path / "out"
    run_mod.run([SEEDS], out, workers=1, quiet=True, batch_size=1)
    before = dataset_rows(out)
    assert len(list((out / "documents").glob("*.parquet"))) == 5
    assert main(["compact", str(out), "--docs-per-part", "3"]) == 0
    assert len(list((out / "documents").glob("*.parquet"))) == 2
    assert dataset_rows(out) == before
    s = run_mod.run([SEEDS], out, workers=1, quiet=True)  # still incremental after compaction
    assert (s["processed"], s["skipped"]) == (0, 5)


def test_corpus_tables_do_not_depend_on_row_order(seed_dataset):
    from extractors.citations import corpus_tables

    cites = read_table(seed_dataset, "citations")
    a = corpus_tables(cites)
    b = corpus_tables(list(reversed(cites)))
    assert a == b and a["instruments"]


def test_batches_hold_about_a_megabyte_of_input_whatever_the_file_sizes(tmp_path):
    from pipeline.batch import Job

    jobs = []
    for i, size in enumerate([300_000] * 7 + [10_000] * 100):  # long reports, then short ones
        f = tmp_path / f"{i:03d}.txt"
        f.write_bytes(b"x" * size)
        jobs.append(Job(str(tmp_path), str(f), f.name))
    sizes = [[Path(j.path).stat().st_size for j in b] for b in run_mod.batches(jobs)]
    assert [len(b) for b in sizes] == [3, 3, 64, 37]  # 3 long ones fill a megabyte; 64 documents at most
    assert all(sum(b) <= run_mod.BATCH_BYTES for b in sizes)
    assert sorted(j.source_path for b in run_mod.batches(jobs) for j in b) == sorted(j.source_path for j in jobs)


def test_a_spawned_worker_reports_its_own_peak_memory_not_its_parents():
    import multiprocessing

    from pipeline.batch import peak_rss_mb

    ballast = bytearray(400 << 20)  # noqa: F841 — the client's memory at the time it starts workers
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        child = pool.apply(peak_rss_mb)
    assert peak_rss_mb() > 400 and child < 200


def test_spill_files_a_killed_corpus_step_left_are_removed(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "data"
    shutil.copytree(SEEDS, inputs)
    run_mod.run([inputs], out, workers=0, quiet=True)
    stale = out / "_baocao" / "duckdb-tmp" / "duckdb_temp_storage-0.tmp"
    stale.parent.mkdir()
    stale.write_bytes(b"\0" * 1024)
    next(inputs.iterdir()).unlink()  # a change, so the corpus tables are rebuilt
    run_mod.run([inputs], out, workers=0, quiet=True)
    assert not stale.exists()
