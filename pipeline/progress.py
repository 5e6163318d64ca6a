"""Progress of a run: a live line on a terminal, plain periodic lines otherwise, nothing with --quiet."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, quiet: bool = False, every: float = 10.0, stream=None):
        self.total, self.quiet, self.every = total, quiet, every
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.done = self.pages = self.errors = 0
        self.t0 = self.last = time.perf_counter()

    def _line(self) -> str:
        dt = max(time.perf_counter() - self.t0, 1e-9)
        return (f"{self.done}/{self.total} documents, {self.pages} pages, {self.errors} errors, "
                f"{self.done / dt:.1f} docs/s")

    def update(self, docs: int, pages: int = 0, errors: int = 0) -> None:
        self.done += docs
        self.pages += pages
        self.errors += errors
        if self.quiet or not self.total:
            return
        now = time.perf_counter()
        if self.tty:
            self.stream.write("\r" + self._line() + " " * 4)
            self.stream.flush()
        elif now - self.last >= self.every:
            print(self._line(), file=self.stream, flush=True)
            self.last = now

    def close(self) -> None:
        if self.quiet or not self.total:
            return
        if self.tty:
            self.stream.write("\r" + self._line() + "\n")
        elif time.perf_counter() - self.t0 >= self.every:
            print(self._line(), file=self.stream)
