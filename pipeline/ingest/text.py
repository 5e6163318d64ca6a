"""Plain text (.txt, .md): UTF-8, UTF-8 with BOM, UTF-16/32 with BOM.

Bytes that are not valid in the detected encoding are an error, not replaced: a silent U+FFFD
would corrupt figures an auditor relies on. Bytes that are not UTF-8 are tried as the legacy
Vietnamese encodings (Windows-1258, TCVN3, VNI: `legacy.decode_legacy_bytes`), and Unicode text
that carries legacy code points (TCVN3 or VNI saved as UTF-8, VIQR) is converted
(`legacy.detect_legacy`); `RawDoc.encoding` names what was found.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.model import IngestError, Page, RawDoc

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes to str; returns (text, encoding). Raises IngestError('undecodable')."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise IngestError("undecodable", f"{enc} BOM but invalid bytes at offset {e.start}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        from pipeline.ingest.legacy import decode_legacy_bytes

        legacy = decode_legacy_bytes(data)
        if legacy is not None:
            return legacy
        raise IngestError(
            "undecodable",
            f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}) and no BOM, "
            "and not Vietnamese in Windows-1258, TCVN3 or VNI",
        ) from None


def read_text(data: bytes, path: Path) -> RawDoc:
    from pipeline.ingest.legacy import convert, detect_legacy

    text, encoding = decode_text(data)
    legacy = detect_legacy(text) if encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32") else None
    if legacy is not None:  # legacy code points saved as Unicode ("Céng hoµ", "Co^.ng ho`a")
        text, encoding = convert(text, legacy), legacy
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDoc(text=text, source_format=path.suffix.lower().lstrip("."),
                  pages=[Page(1, 0, len(text))], encoding=encoding)
