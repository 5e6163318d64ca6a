"""Old Word .doc: converted by LibreOffice headless when it is installed, else a clear error."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.ingest.doc import soffice
from pipeline.model import IngestError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_without_libreoffice_a_doc_is_an_error_that_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without soffice on its PATH
    assert soffice() is None
    with pytest.raises(IngestError) as e:
        ingest(OLE, Path("cu.doc"))
    assert e.value.error_type == "needs_libreoffice"
    assert "LibreOffice" in e.value.message


def test_a_file_that_is_no_word_file_is_malformed():
    with pytest.raises(IngestError) as e:
        ingest(b"plain text pretending", Path("cu.doc"))
    assert e.value.error_type == "malformed_doc"


def test_a_docx_saved_under_a_doc_name_is_read_as_docx():
    raw = ingest(_docx("Báo cáo số 12/BC-UBND"), Path("cu.doc"))
    assert raw.text == "Báo cáo số 12/BC-UBND\n" and raw.source_format == "doc"


@pytest.mark.slow
def test_a_real_doc_is_converted_by_libreoffice(tmp_path):
    import subprocess

    if not soffice():
        pytest.skip("LibreOffice is not installed")
    src = tmp_path / "a.docx"
    src.write_bytes(_docx("Kế hoạch số 94/KH-UBND ngày 18/9/2018"))
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to",
                    "doc", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=120)
    raw = ingest((tmp_path / "a.doc").read_bytes(), Path("a.doc"))
    assert "Kế hoạch số 94/KH-UBND ngày 18/9/2018" in raw.text
