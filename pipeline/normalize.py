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
from array import array

import regex

_ONE_TO_ONE = {
    0x00D0: "\u0110", 0x00F0: "\u0111",
    **{cp: "-" for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xFE63, 0xFF0D)},
    **{cp: " " for cp in (0x00A0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
                          0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000)},
}
_DROP = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_FOLD = {chr(k): v for k, v in _ONE_TO_ONE.items()}
# what may change length: runs of dropped characters, and a base character with the combining
# marks after it (one NFC unit); everything between matches is copied as it is
_UNIT = regex.compile(f"[{_DROP}]+|[^{_DROP}]?\\p{{M}}+")


_DROP_RE = regex.compile(f"[{_DROP}]+")
_MARKS = None  # bool per BMP code point: a combining mark (built on first use)


def _composed_by_units(translated: str):
    """Whole-text NFC in C, when every NFC unit (a kept base + its marks) becomes one character.

    That is the normal case of decomposed Vietnamese (base letter + tone/vowel marks): the offset
    map is then just the positions of the base characters, found with numpy, not a Python loop.
    Returns None when the shortcut does not hold (a mark that composes with nothing, ...).
    """
    global _MARKS
    import numpy as np

    if _MARKS is None:
        _MARKS = np.array([unicodedata.combining(chr(i)) > 0 for i in range(0x10000)], dtype=bool)
    cp = np.frombuffer(translated.encode("utf-32-le"), dtype=np.uint32)
    keep = ~np.isin(cp, [ord(c) for c in _DROP])
    bmp = cp < 0x10000
    mark = np.zeros(len(cp), dtype=bool)
    mark[bmp] = _MARKS[cp[bmp]]
    base = keep & ~mark
    text = unicodedata.normalize("NFC", _DROP_RE.sub("", translated))
    starts = np.flatnonzero(base)
    if len(text) != len(starts) or (len(cp) and keep[0] and mark[0]):
        return None
    return text, starts


def _fold(raw: str) -> str:
    """The 1:1 replacements of _FOLD. `ch in s` and str.replace search with memchr; a regex class
    scan (and str.translate with a dict) stops at every character, ten times slower here."""
    for ch, repl in _FOLD.items():
        if ch in raw:
            raw = raw.replace(ch, repl)
    return raw


def normalize_text(raw: str) -> tuple[str, "array[int] | None"]:
    """Return (normalized text, offset map or None when offsets are unchanged).

    Linear either way: a whole-text shortcut for ordinary decomposed text, otherwise only the
    matches of _UNIT are looked at one by one and the rest is copied in slices.
    """
    translated = _fold(raw)
    if not any(c in translated for c in _DROP) and unicodedata.is_normalized("NFC", translated):
        return translated, None
    fast = _composed_by_units(translated)
    if fast is not None:
        return fast
    out: list[str] = []
    omap = array("q")
    pos = 0
    for m in _UNIT.finditer(translated):
        a, b = m.span()
        out.append(translated[pos:a])
        omap.extend(range(pos, a))
        unit = m.group()
        if unit[0] not in _DROP:
            composed = unicodedata.normalize("NFC", _DROP_RE.sub("", unit))
            out.append(composed)
            omap.extend([a] * len(composed))
        pos = b
    out.append(translated[pos:])
    omap.extend(range(pos, len(translated)))
    text = "".join(out)
    if not unicodedata.is_normalized("NFC", text):  # rare compositions across units (Hangul jamo)
        text = unicodedata.normalize("NFC", text)
        if len(text) != len(omap):
            omap = array("q", range(len(text)))
    return text, omap


def map_offset(pos: int, omap) -> int:
    """Raw-text offset of normalized offset `pos`."""
    if omap is None:
        return pos
    if pos >= len(omap):
        return (omap[-1] + 1) if omap else 0
    return omap[pos]
