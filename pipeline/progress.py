"""Progress of a run: a live bar on a terminal, plain periodic lines otherwise, nothing with --quiet.

On a terminal one line is redrawn after every batch:
    [########............]  42%  2100/5000 documents, 310 pages, 3 errors, 52.1 docs/s, ETA 0:55
Elsewhere (a log file, CI) the same figures without the bar, every `every` seconds, and a last
line at the end when the figures moved since (or when the run outlasted `every` without one).
"""
from __future__ import annotations

import os
import sys
import time

BAR_WIDTH = 20


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    def __init__(self, total: int, quiet: bool = False, every: float = 10.0, stream=None):
        self.total, self.quiet, self.every = total, quiet, every
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.done = self.pages = self.errors = 0
        self.t0 = self.last = time.perf_counter()
        self.printed_at: int | None = None  # `done` when a plain line was last printed
        self._width = 0  # of the last line drawn on a terminal, to blank what a shorter one leaves

    def _figures(self) -> str:
        dt = max(time.perf_counter() - self.t0, 1e-9)
        rate = self.done / dt
        eta = f", ETA {_clock((self.total - self.done) / rate)}" if 0 < self.done < self.total else ""
        return (f"{self.done}/{self.total} documents, {self.pages} pages, {self.errors} errors, "
                f"{rate:.1f} docs/s{eta}")

    def _bar(self) -> str:
        frac = min(self.done / self.total, 1.0)
        filled = int(frac * BAR_WIDTH)
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {frac:4.0%}  {self._figures()}"

    def _columns(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return 0  # not known: draw the whole line

    def _draw(self, end: str = "") -> None:
        line = self._bar()
        cols = self._columns()
        if cols:  # a line longer than the terminal wraps, and "\r" then redraws only its tail
            line = line[:cols - 1]
        self.stream.write("\r" + line + " " * max(0, self._width - len(line)) + end)
        self.stream.flush()
        self._width = len(line)

    def _print(self) -> None:
        print(self._figures(), file=self.stream, flush=True)
        self.printed_at = self.done

    def update(self, docs: int, pages: int = 0, errors: int = 0) -> None:
        self.done += docs
        self.pages += pages
        self.errors += errors
        if self.quiet or not self.total:
            return
        now = time.perf_counter()
        if self.tty:
            self._draw()
        elif now - self.last >= self.every:
            self._print()
            self.last = now

    def close(self) -> None:
        if self.quiet or not self.total:
            return
        if self.tty:
            self._draw(end="\n")
        elif self.printed_at != self.done and (self.printed_at is not None
                                               or time.perf_counter() - self.t0 >= self.every):
            self._print()
