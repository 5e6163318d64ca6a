"""Read a report file of any supported format into a `RawDoc`.

One reader per format, chosen by extension; an unknown extension is reported, never guessed.
Directories are walked recursively by `discover`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from pipeline.model import IngestError, RawDoc

# extension -> "module:function"; imported lazily so `baocao --help` stays fast
READERS: dict[str, str] = {
    ".txt": "pipeline.ingest.text:read_text",
    ".md": "pipeline.ingest.text:read_text",
    ".html": "pipeline.ingest.html:read_html",
    ".htm": "pipeline.ingest.html:read_html",
    ".docx": "pipeline.ingest.docx:read_docx",
    ".pdf": "pipeline.ingest.pdf:read_pdf",
    ".png": "pipeline.ingest.image:read_image",
    ".jpg": "pipeline.ingest.image:read_image",
    ".jpeg": "pipeline.ingest.image:read_image",
    ".tif": "pipeline.ingest.image:read_image",
    ".tiff": "pipeline.ingest.image:read_image",
    ".doc": "pipeline.ingest.doc:read_doc",
}


_SUPERSCRIPT = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")


def as_superscript(text: str) -> str | None:
    """"12" -> "¹²" when every character has a Unicode superscript form, else None.

    Readers write superscript marks (DOCX vertAlign=superscript runs, HTML <sup>, footnote
    references) this way so that "1.234" followed by mark 2 never reads as "1.2342".
    """
    if not text or any(c not in "0123456789+-=()" for c in text):
        return None
    return text.translate(_SUPERSCRIPT)


def reader_for(path: Path) -> Callable[[bytes, Path], RawDoc]:
    spec = READERS.get(path.suffix.lower())
    if spec is None:
        raise IngestError("unsupported_format", f"no reader for extension {path.suffix or '(none)'!r}")
    module, func = spec.split(":")
    import importlib

    return getattr(importlib.import_module(module), func)


def ingest(data: bytes, path: Path) -> RawDoc:
    """Turn the bytes of `path` into a RawDoc; raises IngestError with a clear reason."""
    if not data:
        raise IngestError("empty", "the file is empty (0 bytes)")
    raw = reader_for(path)(data, path)
    if not raw.text.strip() and not any(p.needs_ocr for p in raw.pages):
        if any(p.ocr for p in raw.pages):
            raise IngestError("empty", "OCR read no text on any page")
        raise IngestError("empty", "no text in the document")
    return raw


IGNORE_FILE = ".baocaoignore"


def _ignore_patterns(root: Path) -> list[str]:
    """Glob patterns (fnmatch, relative to the input root) from ROOT/.baocaoignore."""
    f = root / IGNORE_FILE
    if not f.is_file():
        return []
    lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def discover(inputs: list[Path]) -> Iterator[tuple[Path, Path]]:
    """Yield (root, file) for every file under the inputs, sorted, following no symlink loops.

    A file given directly has its parent as root. Hidden files and directories are skipped, and
    so are paths matching a pattern in the root's `.baocaoignore` (e.g. `README.md`, `*/notes/*`).
    """
    from fnmatch import fnmatch

    for inp in inputs:
        if inp.is_file():
            yield inp.parent, inp
            continue
        if not inp.is_dir():
            raise FileNotFoundError(f"input not found: {inp}")
        ignore = _ignore_patterns(inp)
        seen: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(inp, followlinks=True):
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
            if key in seen:  # a symlink loop: do not descend again
                dirnames[:] = []
                continue
            seen.add(key)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(inp).as_posix()
                if not name.startswith(".") and not any(fnmatch(rel, pat) for pat in ignore):
                    yield inp, path
