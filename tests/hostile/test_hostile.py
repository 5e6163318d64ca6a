"""Hostile inputs: each yields a document or one clear `errors` row, in bounded time and memory,
and never stops the other documents. The files are made by make_inputs.build."""
from __future__ import annotations

import time

import pytest

from conftest import read_table
from pipeline.run import run
from make_inputs import build

TIME_BOUND = 240.0       # the whole hostile set, 2 workers, seconds
MEMORY_BOUND_MB = 2048   # peak RSS of any worker


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    inp = d / "in"
    inp.mkdir()
    expect = build(inp)
    out = d / "out"
    t0 = time.perf_counter()
    summary = run([inp], out, workers=2, quiet=True)
    return expect, summary, time.perf_counter() - t0, out


def test_within_time_and_memory_bounds(hostile_run):
    _, summary, seconds, _ = hostile_run
    assert seconds < TIME_BOUND
    assert summary["worker_max_rss_mb"] < MEMORY_BOUND_MB


def test_each_hostile_input_has_its_outcome(hostile_run):
    expect, summary, _, out = hostile_run
    docs = {d["source_path"]: d for d in read_table(out, "documents")}
    errors: dict[str, list[dict]] = {}
    for e in read_table(out, "errors"):
        errors.setdefault(e["source_path"], []).append(e)
    for name, (outcome, types) in expect.items():
        if outcome == "ok":
            assert name in docs, (name, errors.get(name))
        elif outcome == "error":
            assert name not in docs, name
            assert len(errors.get(name, [])) == 1, (name, errors.get(name))
            (e,) = errors[name]
            assert e["error_type"] in types, (name, e)
            assert len(e["message"]) > 10
        else:  # a document or exactly one error row, either is a correct answer
            assert (name in docs) != (len(errors.get(name, [])) == 1) or name in docs, (name, errors.get(name))
    assert not [n for n in docs if n not in expect], "symlink loop produced phantom documents"


def test_no_secret_or_entity_expansion_leaks_into_text(hostile_run):
    _, _, _, out = hostile_run
    for d in read_table(out, "documents"):
        assert "root:x:0" not in d["text"]
        assert "lollollol" not in d["text"]


def test_names_with_shell_metacharacters_keep_their_names(hostile_run):
    _, _, _, out = hostile_run
    names = {d["source_path"] for d in read_table(out, "documents")}
    assert {"báo cáo tháng 10.txt", "a b; rm -rf x | y && z.txt", "$(echo pwned) `id` 'q\".txt", "-n.txt"} <= names
