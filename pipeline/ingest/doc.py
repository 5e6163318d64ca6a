"""Old Word 97-2003 .doc: converted to .docx by LibreOffice headless, then read as a .docx.

The conversion runs `soffice --headless --convert-to docx` in a private temporary directory
with its own user profile (`-env:UserInstallation`), so parallel workers never share or lock a
profile, under a time limit. No LibreOffice (`soffice` not on PATH) is an `errors` row of type
`needs_libreoffice`, never a guess at the binary format. Legacy fonts in the converted runs
(.VnTime, VNI-Times) are converted to Unicode by the DOCX reader like any other DOCX.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.model import IngestError, RawDoc

CONVERT_SECONDS = 120
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(data: bytes, path: Path | None = None) -> RawDoc:
    import subprocess
    import tempfile

    if data.startswith(b"PK\x03\x04"):  # a .docx saved under a .doc name
        from pipeline.ingest.docx import read_docx

        raw = read_docx(data, path)
        raw.source_format = "doc"
        return raw
    if not data.startswith(_OLE_MAGIC):
        raise IngestError("malformed_doc", "not a Word 97-2003 file (no OLE compound-file header)")
    binary = soffice()
    if binary is None:
        raise IngestError("needs_libreoffice", "a Word 97-2003 .doc needs LibreOffice to convert it "
                          "(apt-get install libreoffice-writer-nogui); soffice is not installed")
    with tempfile.TemporaryDirectory(prefix="baocao-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        try:
            done = subprocess.run(
                [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(Path(tmp) / "out"), str(src)],
                capture_output=True, timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            raise IngestError("timeout", f"LibreOffice did not convert the .doc in {CONVERT_SECONDS} s") from None
        out = Path(tmp) / "out" / "in.docx"
        if done.returncode != 0 or not out.is_file():
            why = done.stderr.decode("utf-8", "replace").strip()[-300:] or f"exit code {done.returncode}"
            raise IngestError("malformed_doc", f"LibreOffice could not convert the .doc: {why}")
        converted = out.read_bytes()
    from pipeline.ingest.docx import read_docx

    raw = read_docx(converted, Path("converted.docx"))
    raw.source_format = "doc"
    return raw
