"""Segment a normalized Doc: header metadata, section tree, footnotes, appendix tables, debris.

`segment(doc)` fills doc.meta, doc.sections, doc.footnotes, doc.table_rows and doc.debris.
"""
from __future__ import annotations

from pipeline.model import Doc


def segment(doc: Doc) -> None:
    from pipeline.segment.sections import find_sections

    doc.sections = find_sections(doc)
