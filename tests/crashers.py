"""Stages that misbehave on purpose, added to pipeline.process.STAGES by the isolation tests.

They act only on documents whose text holds their marker, like a native library that crashes
on one malformed file.
"""
from __future__ import annotations

import os
import signal
import time


def kill_worker(doc, rows):
    if "KILL-ME" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return {}


def spin(doc, rows):
    if "SPIN-ME" in doc.text:
        while True:  # a pure-Python endless loop: the per-document timer stops it
            pass
    return {}


def hang_in_c(doc, rows):
    if "HANG-ME" in doc.text:
        # blocks the timer's signal, like C code that never returns to the interpreter
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return {}


def hog_memory(doc, rows):
    if "HOG-ME" in doc.text:
        blocks = [bytearray(256 << 20) for _ in range(64)]  # 16 GB, far past the ceiling
        del blocks
    return {}
