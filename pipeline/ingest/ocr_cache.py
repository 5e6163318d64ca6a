"""Pages already read by OCR, kept beside the dataset so that they are not read again.

Any change to the code reprocesses every document (pipeline/version.py), and Tesseract costs
~100x the rest of the pipeline per page: without this, fixing an extractor meant re-reading a
whole scanned archive. A page is taken from the cache only when its entry was made from the
same file bytes, page number and OCR fingerprint — the source of every module whose code shapes
an OCR page (OCR_MODULES), the OCR engine, its reading and orientation models, and the libraries
that render and decode pages — so a cached page is exactly what reading it again would give.

Layout: DIR/_baocao/ocr/<fingerprint>/<2 hex>/<key>.json, one JSON object per page (OcrPage's
fields), written to a temporary name and renamed, so a killed run leaves no half-written entry
and workers that read the same page at once (pool, Dask on a shared filesystem) both write a
whole one. `prune` removes the entries of other fingerprints (other code), and temporary files
older than an hour, at the end of a local run.

A run sets the directory, and the hash of the document being read, with `using(dir, sha256)`
(pipeline/process.py, which hashes the bytes for the doc_id anyway); without a directory (a
library call of `ingest`, `--no-ocr-cache`) pages are always read.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Callable

# project modules whose code decides what an OCR page holds (tests/test_ocr_cache.py checks that
# every project module they import is here or in OCR_NEUTRAL_IMPORTS)
OCR_MODULES = ("pipeline/ingest/ocr.py", "pipeline/ingest/ocr_layout.py", "pipeline/ingest/ocr_repair.py",
               "pipeline/ingest/scan_prep.py", "pipeline/ingest/image.py", "pipeline/ingest/legacy.py",
               "extractors/citations/codes.py", "extractors/citations/regexes.py",
               "extractors/regex_at.py")
# imported by those modules without bearing on an OCR page's content
OCR_NEUTRAL_IMPORTS = ("pipeline.model", "pipeline.limits", "pipeline.ingest", "pipeline.ingest.ocr_cache")
SUBDIR = ("_baocao", "ocr")

# (cache directory, sha256 of the document being read), or None: no cache
_CONTEXT: contextvars.ContextVar[tuple[Path, str] | None] = contextvars.ContextVar("ocr_cache", default=None)


def cache_dir(out: Path) -> Path:
    """Where a dataset at `out` keeps its OCR pages."""
    return out.joinpath(*SUBDIR)


@contextlib.contextmanager
def using(directory: str | os.PathLike | None, source_sha256: str):
    """Inside this block, pages of the document whose bytes hash to `source_sha256` are read
    from and written to `directory` (None: no cache)."""
    token = _CONTEXT.set((Path(directory), source_sha256) if directory else None)
    try:
        yield
    finally:
        _CONTEXT.reset(token)


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """The OCR code, engine, model and page libraries this process reads pages with."""
    from importlib.metadata import PackageNotFoundError, version

    from pipeline.ingest import ocr

    root = Path(__file__).resolve().parent.parent.parent
    h = hashlib.sha256()
    for rel in OCR_MODULES:
        h.update(rel.encode() + b"\0" + (root / rel).read_bytes())
    h.update(ocr.engine_version().encode())
    for lang in (ocr.LANG, "osd"):  # the reading model and the orientation model
        model = Path(ocr.tessdata_dir() or ".") / f"{lang}.traineddata"
        h.update(hashlib.sha256(model.read_bytes()).digest() if model.is_file() else b"no " + lang.encode())
    for dist in ("pypdfium2", "pillow", "numpy"):
        try:
            h.update(f"{dist}={version(dist)}".encode())
        except PackageNotFoundError:
            h.update(f"{dist}=none".encode())
    return h.hexdigest()[:16]


def read_page(number: int, read: Callable[[], object]):
    """The OCR page `number` of the document being read (`using`): from the cache, or by calling
    `read()` (and then stored). Returns an ocr.OcrPage."""
    from pipeline.ingest.ocr import OcrPage

    context = _CONTEXT.get()
    if context is None:
        return read()
    directory, source_sha256 = context
    key = hashlib.sha256(f"{source_sha256}:{number}".encode()).hexdigest()
    path = directory / fingerprint() / key[:2] / f"{key}.json"
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        fields["tables"] = [(rows, start, end) for rows, start, end in fields["tables"]]
        return OcrPage(**fields)
    except (OSError, ValueError, TypeError, KeyError):
        pass  # not cached yet, or an entry this code cannot read: read the page again
    page = read()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(page), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full disk costs the next run time, not this run its result
    return page


STALE_TMP_SECONDS = 3600  # a temporary entry this old was left by a write that was killed


def prune(directory: Path) -> None:
    """Remove the entries made by other OCR code, and temporary files that killed writes left."""
    import time

    if not directory.is_dir():
        return
    current = fingerprint()
    for d in directory.iterdir():
        if d.is_dir() and d.name != current:
            shutil.rmtree(d, ignore_errors=True)
    for tmp in (directory / current).glob("*/.*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass  # renamed or removed by a worker meanwhile
