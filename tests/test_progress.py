"""The progress display of `baocao run`: a bar on a terminal, plain lines in a log, silence with --quiet."""
from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios

from conftest import SEEDS
from pipeline.progress import BAR_WIDTH, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_redrawn_bar_with_counts_rate_and_eta():
    term = Terminal()
    p = Progress(total=4, stream=term)
    p.update(1, pages=3)
    p.update(2, errors=1)
    p.close()
    out = term.getvalue()
    assert out.endswith("\n") and out.count("\n") == 1
    draws = out.rstrip("\n").split("\r")[1:]
    assert len(draws) == 3
    for draw, done in zip(draws, (1, 3, 3)):
        filled = done * BAR_WIDTH // 4
        assert draw.startswith(f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done * 100 // 4:3d}%  {done}/4 documents")
        assert re.search(r"\d+\.\d docs/s, ETA \d+:\d\d", draw)
    assert "3 pages, 1 errors" in draws[-1]


def test_the_finished_bar_is_full_and_has_no_eta():
    term = Terminal()
    p = Progress(total=2, stream=term)
    p.update(2)
    p.close()
    last = term.getvalue().rstrip().split("\r")[-1]
    assert last.startswith(f"[{'#' * BAR_WIDTH}] 100%  2/2 documents") and "ETA" not in last


def test_a_log_gets_plain_lines_and_no_repeated_last_line():
    log = io.StringIO()
    p = Progress(total=3, stream=log, every=0)
    for _ in range(3):
        p.update(1, pages=2)
    p.close()
    lines = log.getvalue().splitlines()
    assert [ln.split(" documents")[0] for ln in lines] == ["1/3", "2/3", "3/3"]
    assert not any("\r" in ln or "[" in ln for ln in lines)
    assert lines[-1].startswith("3/3 documents, 6 pages, 0 errors")


def test_a_short_run_in_a_log_prints_nothing_and_quiet_prints_nothing_anywhere():
    log, term = io.StringIO(), Terminal()
    short = Progress(total=2, stream=log, every=3600)
    quiet = Progress(total=2, stream=term, quiet=True)
    for p in (short, quiet):
        p.update(2)
        p.close()
    assert log.getvalue() == "" and term.getvalue() == ""


def test_a_narrow_terminal_gets_the_line_cut_to_its_width():
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))  # 40 columns
    with os.fdopen(slave, "w") as term:
        p = Progress(total=10, stream=term)
        p.update(3)
        p.close()
    out = os.read(master, 4096).decode()
    os.close(master)
    draws = [d for d in out.replace("\r\n", "\n").strip("\n").split("\r") if d]
    assert draws == ["[######..............]  30%  3/10 documents"[:39]] * 2  # the update, then the close


def test_the_cli_draws_the_bar_on_a_real_terminal(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("000_eb60bfc273ad20a5.txt", "001_0c489bbf47c8f122.txt"):
        shutil.copy(SEEDS / name, inp)
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(inp), "--out", str(tmp_path / "out"),
                             "--workers", "0", "--batch-size", "1"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 0
    out = b"".join(chunks).decode()
    assert f"\r[{'#' * (BAR_WIDTH // 2)}{'.' * (BAR_WIDTH // 2)}]  50%  1/2 documents" in out
    assert f"\r[{'#' * BAR_WIDTH}] 100%  2/2 documents" in out
