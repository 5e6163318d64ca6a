"""One document from bytes to rows: the unit of work of every engine (in-process, pool, Dask).

`process_file` never raises for a bad document: whatever fails becomes an `errors` row and the
stages that still can run do run (a document whose extractor crashed keeps its sections).
"""
from __future__ import annotations

import hashlib
import importlib
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pipeline.version import pipeline_version
from pipeline.model import Doc, IngestError, Page

# (stage, "module:function"). Each function takes (doc, rows) and returns {table: [row, ...]};
# later stages read the rows of earlier ones (checks read dossier_stats and percentages).
STAGES: list[tuple[str, str]] = [
    ("extract", "extractors.citations:extract"),
    ("extract", "extractors.dossiers:extract"),
    ("extract", "extractors.percentages:extract"),
    ("check", "pipeline.checks:check"),
]

Rows = dict[str, list[dict]]


@dataclass(frozen=True)
class Settings:
    """What a worker needs to know about the run, besides its documents (set by the client)."""
    version: str                          # recorded in every documents row
    doc_timeout: float | None = None      # seconds per document
    extra_stages: tuple[str, ...] = ()    # "module:function" extractors run after the built-in ones
    partition_by: tuple[str, ...] = ()    # hive partition keys of the dataset (pipeline/partitions.py)
    ocr_cache: str | None = None          # directory of pages already read by OCR (pipeline/ingest/ocr_cache.py)

# Five times the longest real document seen (a 1.8 MB ministry decision): past it a file is
# reported, not processed, so one freak input cannot hold a worker for minutes.
MAX_DOC_CHARS = 10_000_000

# seconds spent per stage in this process (read by batches for the benchmarks' per-stage split)
STAGE_SECONDS: dict[str, float] = {}


class _timed:
    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.t0 = time.perf_counter()

    def __exit__(self, *exc):
        STAGE_SECONDS[self.name] = STAGE_SECONDS.get(self.name, 0.0) + time.perf_counter() - self.t0


def _load(spec: str) -> Callable:
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)


def error_row(source_path: str, stage: str, error_type: str, message: str, doc_id: str | None = None) -> dict:
    return {"source_path": source_path, "doc_id": doc_id, "stage": stage,
            "error_type": error_type, "message": message}


def _crash(source_path: str, stage: str, exc: BaseException, doc_id: str | None) -> dict:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    loc = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return error_row(source_path, stage, type(exc).__name__, f"{exc}{loc}", doc_id)


def load_doc(data: bytes, path: Path, source_path: str, ocr_cache_dir: str | None = None,
             doc_id: str | None = None) -> tuple[Doc, list[tuple[str, str]]]:
    """Ingest and normalize; returns the Doc and the reader's warnings (raises IngestError).
    `doc_id`: the SHA-256 of `data` when the caller has it already (hashing is 1.5 % of a text
    document's processing)."""
    from pipeline.ingest import ingest, ocr_cache
    from pipeline.normalize import normalize_text

    doc_id = doc_id or hashlib.sha256(data).hexdigest()
    with ocr_cache.using(ocr_cache_dir, doc_id):
        raw = ingest(data, path)
    if len(raw.text) > MAX_DOC_CHARS:
        raise IngestError("too_large", f"{len(raw.text):,} characters of text; the limit is {MAX_DOC_CHARS:,}")
    text, omap = normalize_text(raw.text)
    if omap is not None:  # carry page and table ranges over to normalized offsets
        import bisect
        to_norm = lambda p: bisect.bisect_left(omap, p)  # noqa: E731
        for p in raw.pages:
            p.char_start, p.char_end = to_norm(p.char_start), to_norm(p.char_end)
        for t in raw.tables:
            t.char_start, t.char_end = to_norm(t.char_start), to_norm(t.char_end)
    return Doc(
        doc_id=doc_id, source_path=source_path,
        source_format=raw.source_format, text=text, pages=raw.pages or [Page(1, 0, len(text))],
        tables=raw.tables, encoding=raw.encoding, offset_map=omap,
    ), raw.warnings


def document_row(doc: Doc, version: str) -> dict:
    m = doc.meta
    return {
        "doc_id": doc.doc_id, "source_path": doc.source_path, "source_format": doc.source_format,
        "ocr": doc.ocr, "n_pages": len(doc.pages), "n_chars": len(doc.text), "text": doc.text,
        "encoding": doc.encoding, "pipeline_version": version,
        **{k: m.get(k) for k in (
            "kind", "doc_number", "issue_date", "place", "title", "period_label", "period_start",
            "period_end", "issuing_body", "admin_level", "province", "signer", "signer_title",
            "recipients")},
        "doc_type": m["type_heading"].capitalize() if m.get("type_heading") else None,
    }


def process_bytes(data: bytes, path: Path, source_path: str, settings: Settings | None = None) -> Rows:
    settings = settings or Settings(pipeline_version())
    rows: Rows = {"errors": []}
    doc_id = hashlib.sha256(data).hexdigest() if data else None
    try:
        with _timed("ingest"):
            doc, warnings = load_doc(data, path, source_path, settings.ocr_cache, doc_id)
    except IngestError as e:
        rows["errors"].append(error_row(source_path, "ingest", e.error_type, e.message, doc_id))
        return rows
    except Exception as e:  # a reader crashed on malformed input: report, never propagate
        rows["errors"].append(_crash(source_path, "ingest", e, doc_id))
        return rows
    for error_type, message in warnings:
        rows["errors"].append(error_row(source_path, "ingest", error_type, message, doc_id))

    try:
        from pipeline.segment import segment
        with _timed("segment"):
            segment(doc)
    except Exception as e:
        rows["errors"].append(_crash(source_path, "segment", e, doc_id))

    for stage, spec in [*STAGES, *(("extract", x) for x in settings.extra_stages)]:
        try:
            fn = _load(spec)
            with _timed(spec.split(":")[0].rsplit(".", 1)[-1]):
                produced = fn(doc, rows)
            for table, new in produced.items():
                rows.setdefault(table, []).extend(new)
        except Exception as e:
            rows["errors"].append(_crash(source_path, stage, e, doc_id))

    rows["documents"] = [document_row(doc, settings.version)]
    rows["pages"] = [
        {"doc_id": doc.doc_id, "page": p.number, "char_start": p.char_start, "char_end": p.char_end,
         "ocr": p.ocr, "ocr_confidence": p.ocr_confidence, "needs_ocr": p.needs_ocr,
         "ocr_rotation": p.ocr_rotation}
        for p in doc.pages
    ]
    rows["sections"] = [{"doc_id": doc.doc_id, **s} for s in doc.sections]
    rows["footnotes"] = [{"doc_id": doc.doc_id, **f} for f in doc.footnotes]
    rows["tables"] = [{"doc_id": doc.doc_id, **t} for t in doc.table_rows]
    return rows


def process_file(root: Path, path: Path, source_path: str | None = None, settings: Settings | None = None) -> Rows:
    """Process one file under `root`; all failures end up in rows['errors']."""
    if source_path is None:
        try:
            source_path = path.relative_to(root).as_posix()
        except ValueError:
            source_path = path.name
    try:
        data = path.read_bytes()
    except OSError as e:
        return {"errors": [error_row(source_path, "ingest", "unreadable", f"cannot read file: {e.strerror or e}")]}
    return process_bytes(data, path, source_path, settings)
