"""Per-document limits inside a worker: a time limit and a memory ceiling.

The time limit is a SIGALRM timer that raises `DocumentTimeout` in the worker's main thread; it
derives from BaseException so that no stage's `except Exception` can swallow it. It cannot stop a
loop inside C code, which is why the engines also watch whole batches from outside and replace a
worker that does not come back. The memory ceiling is RLIMIT_AS on the worker process: Python
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
    pass


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
    """Raise DocumentTimeout in this thread after `seconds` (main thread only; else no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
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
