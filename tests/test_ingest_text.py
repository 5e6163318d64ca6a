"""Plain-text ingest: encodings by BOM, a clear error for undecodable bytes, unknown formats."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.model import IngestError

VI = "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\nTiếp nhận 1.234 hồ sơ, đúng hạn 98,5%.\n"


@pytest.mark.parametrize("data, encoding", [
    (VI.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + VI.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + VI.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + VI.encode("utf-16-be"), "utf-16"),
])
def test_text_encodings_decode_to_the_same_text(data, encoding):
    raw = ingest(data, Path("r.txt"))
    assert raw.text == VI
    assert raw.encoding == encoding
    assert raw.source_format == "txt"
    assert [(p.number, p.char_start, p.char_end) for p in raw.pages] == [(1, 0, len(VI))]


def test_markdown_and_crlf_line_ends():
    raw = ingest(VI.replace("\n", "\r\n").encode(), Path("r.md"))
    assert raw.text == VI and raw.source_format == "md"


def test_undecodable_bytes_are_an_error_not_replacement_characters():
    legacy = "Báo cáo".encode("cp1258")  # a legacy Vietnamese code page: á is byte 0xE1
    with pytest.raises(IngestError) as e:
        ingest(b"Bao cao " + legacy, Path("r.txt"))
    assert e.value.error_type == "undecodable"
    assert "0xe1 at offset 9" in e.value.message


def test_empty_file_and_blank_text_are_empty():
    for data in (b"", b"  \n\n\t "):
        with pytest.raises(IngestError) as e:
            ingest(data, Path("r.txt"))
        assert e.value.error_type == "empty"


def test_unknown_extension_is_reported_not_guessed():
    with pytest.raises(IngestError) as e:
        ingest(VI.encode(), Path("bao-cao.rtf"))
    assert e.value.error_type == "unsupported_format"
    assert ".rtf" in e.value.message
