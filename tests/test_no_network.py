"""The pipeline never touches the network: no model or data download at run time."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS, read_table

# Every way out: name lookups and connections raise and are logged (workers are forked from
# this process, so they inherit the guard).
GUARD = r"""
import socket, sys
log = open(sys.argv[1], "a")
def refuse(*a, **k):
    log.write(f"network attempt: {a[:2]!r}\n"); log.flush()
    raise OSError("network disabled by test")
socket.getaddrinfo = refuse
socket.create_connection = refuse
_connect = socket.socket.connect
def connect(self, addr):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        refuse(addr)
    return _connect(self, addr)
socket.socket.connect = connect
socket.socket.connect_ex = connect
from pipeline.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_run_makes_no_network_attempt(tmp_path):
    log = tmp_path / "net.log"
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-c", GUARD, str(log), "run", str(SEEDS), "--out", str(out),
                        "--workers", "2", "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert not log.exists() or log.read_text() == ""
    assert len(read_table(out, "documents")) == 5


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare not available")
def test_a_run_in_a_namespace_without_network_gives_the_same_dataset(tmp_path, seed_dataset):
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("no permission to create a network namespace")
    out = tmp_path / "out"
    r = subprocess.run(["unshare", "-n", sys.executable, "-m", "pipeline.cli", "run", str(SEEDS),
                        "--out", str(out), "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for table in ("documents", "citations", "dossier_stats", "findings", "errors"):
        assert sorted(map(repr, read_table(out, table))) == sorted(map(repr, read_table(seed_dataset, table)))
