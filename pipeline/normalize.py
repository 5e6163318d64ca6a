"""Normalize raw text so that every extractor sees one spelling of each character.

What is changed, and why:
  * Unicode NFC: Vietnamese typed with combining tone marks (Windows-1258 keyboards, some PDFs)
    must compare equal to precomposed text.
  * Ð (U+00D0, Icelandic eth) -> Đ (U+0110) and ð -> đ: a look-alike common in old fonts and OCR.
  * Dash look-alikes (‐ ‑ ‒ – — −) -> "-" everywhere, because document
    symbols ('QĐ–UBND') and date ranges are written with any of them.
  * Space look-alikes (NBSP, thin, figure, ideographic spaces) -> ' '; zero-width characters,
    soft hyphens and stray BOMs are removed.
What is never done: NFKC (it would turn the footnote markers '¹²³' into digits).

Offsets: all 1:1 replacements keep the length; deletions and NFC compositions are recorded in an
offset map (normalized index -> raw index) so spans can be traced back to the source text.
"""
from __future__ import annotations

import unicodedata

_ONE_TO_ONE = {
    0x00D0: "\u0110", 0x00F0: "\u0111",
    **{cp: "-" for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xFE63, 0xFF0D)},
    **{cp: " " for cp in (0x00A0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
                          0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000)},
    0x0009: "\t",
}
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_TABLE = str.maketrans(_ONE_TO_ONE)


def normalize_text(raw: str) -> tuple[str, list[int] | None]:
    """Return (normalized text, offset map or None when offsets are unchanged)."""
    translated = raw.translate(_TABLE)
    if not any(c in _DROP for c in translated) and unicodedata.is_normalized("NFC", translated):
        return translated, None
    out: list[str] = []
    omap: list[int] = []
    i, n = 0, len(translated)
    while i < n:
        c = translated[i]
        if c in _DROP:
            i += 1
            continue
        # a base character with the combining marks that follow it is one NFC unit
        j = i + 1
        while j < n and unicodedata.combining(translated[j]):
            j += 1
        unit = "".join(ch for ch in translated[i:j] if ch not in _DROP)
        composed = unicodedata.normalize("NFC", unit)
        out.append(composed)
        omap.extend([i] * len(composed))
        i = j
    text = "".join(out)
    if not unicodedata.is_normalized("NFC", text):  # rare cross-unit compositions (Hangul jamo)
        text = unicodedata.normalize("NFC", text)
        omap = list(range(len(text))) if len(text) != len(omap) else omap
    return text, omap


def map_offset(pos: int, omap: list[int] | None) -> int:
    """Raw-text offset of normalized offset `pos`."""
    if omap is None:
        return pos
    if pos >= len(omap):
        return (omap[-1] + 1) if omap else 0
    return omap[pos]
