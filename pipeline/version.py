"""The version a dataset row was made by: the release plus a fingerprint of the code and schema.

Incremental runs reprocess a document when this changes, so a changed extractor or a new column
can never leave stale rows beside fresh ones, even between releases.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from pipeline import __version__

_PACKAGES = ("pipeline", "extractors", "schemas")


@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for pkg in _PACKAGES:
        for f in sorted((root / pkg).rglob("*")):
            if f.suffix in (".py", ".sql", ".json", ".txt", ".tsv") and "__pycache__" not in f.parts:
                h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"
