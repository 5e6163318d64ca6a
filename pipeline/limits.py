"""Per-document limits inside a worker: a time limit and a memory ceiling.

The time limit raises `DocumentTimeout` in the thread that runs the document: a SIGALRM timer in
a process's main thread (pool workers), an asynchronous exception set by a watchdog thread
elsewhere (Dask runs tasks on executor threads, where signals cannot be delivered). It derives
from BaseException so that no stage's `except Exception` can swallow it. Neither can stop a
loop inside C code, which is why the engines also watch whole batches from outside and replace
a worker that does not come back (a pool process, or a Dask worker restarted by its nanny). The memory ceiling is RLIMIT_AS on the worker process: Python
allocations past it raise MemoryError (reported as that document's error); a C library that
aborts instead kills the worker, which the engine also survives.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

DEFAULT_DOC_TIMEOUT = 300.0   # seconds per document
OCR_SECONDS_PER_PAGE = 20.0   # added to a document's limit for each page that goes to OCR
# a scanned page at 300 dpi weighs at least this much in a PDF or image file (CCITT G4 ~30 KB)
MIN_SCAN_BYTES_PER_PAGE = 10_000
OCR_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
DEFAULT_MAX_MEMORY_MB = 4096  # address space per worker process


class DocumentTimeout(BaseException):
    def __str__(self) -> str:  # raised as a bare class by the thread timer
        return self.args[0] if self.args else "document took longer than its time limit"


class _Watchdog:
    """Deadlines of documents run on non-main threads, kept by one daemon thread per process.

    At a deadline it raises DocumentTimeout in the thread by an asynchronous exception. One
    long-lived thread, not a timer thread per document: a Dask worker that started a thread
    for each of 2 500 documents ended with a peak RSS of 884 MB instead of 345.
    """

    def __init__(self):
        self.cond = threading.Condition()
        self.deadlines: dict[int, float] = {}   # thread id -> time.monotonic() deadline
        self.thread: threading.Thread | None = None

    def start(self, seconds: float) -> None:
        import time

        with self.cond:
            self.deadlines[threading.get_ident()] = time.monotonic() + seconds
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._watch, name="baocao-time-limit", daemon=True)
                self.thread.start()
            self.cond.notify()

    def extend(self, seconds: float) -> None:
        with self.cond:
            tid = threading.get_ident()
            if tid in self.deadlines:
                self.deadlines[tid] += seconds

    def stop(self) -> None:
        with self.cond:
            self.deadlines.pop(threading.get_ident(), None)

    def _watch(self) -> None:
        import ctypes
        import time

        with self.cond:
            while True:
                now = time.monotonic()
                for tid, deadline in list(self.deadlines.items()):
                    if deadline <= now:  # under the lock: a stopped limit can no longer fire
                        del self.deadlines[tid]
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid),
                                                                   ctypes.py_object(DocumentTimeout))
                self.cond.wait(min(self.deadlines.values()) - now if self.deadlines else None)


_WATCHDOG = _Watchdog()


def set_memory_ceiling(max_mb: int | None) -> None:
    """Cap the address space of the current (worker) process."""
    if not max_mb:
        return
    import resource

    limit = int(max_mb) << 20
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def extend_time_limit(seconds: float) -> None:
    """Give the running `time_limit` `seconds` more (no-op when none runs in this thread).

    OCR calls it for each page it reads, so a document's limit grows with the pages that
    need OCR instead of one fixed limit that kills long scans or waits long on hung text.
    """
    if threading.current_thread() is not threading.main_thread():
        _WATCHDOG.extend(seconds)
        return
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if remaining > 0:
        signal.setitimer(signal.ITIMER_REAL, remaining + seconds)


def hang_allowance(path: str, doc_timeout: float | None) -> float:
    """Seconds after which an engine presumes a worker on this input hung below Python.

    Twice the document's limit, plus the OCR time its largest possible page count could earn
    (files that may be scans only: the page count is not known before the worker opens it).
    """
    import os

    seconds = 2.0 * (doc_timeout or DEFAULT_DOC_TIMEOUT)
    if path.lower().endswith(OCR_SUFFIXES):
        try:
            seconds += os.path.getsize(path) / MIN_SCAN_BYTES_PER_PAGE * OCR_SECONDS_PER_PAGE
        except OSError:
            pass
    return seconds


@contextmanager
def time_limit(seconds: float | None):
    """Raise DocumentTimeout in this thread after `seconds` (None or 0: no limit)."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        _WATCHDOG.start(seconds)
        try:
            yield
        finally:
            _WATCHDOG.stop()
        return

    def _expired(signum, frame):
        raise DocumentTimeout(f"document took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
