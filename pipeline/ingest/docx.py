"""Word .docx: paragraphs in order, tables as tables, list numbers and footnotes kept.

What the text holds, and how:
  * One line per paragraph, in body order (content controls and custom-XML wrappers are
    looked through; text boxes follow the paragraph that anchors them). Empty paragraphs give
    empty lines (runs of them fold to one).
  * Automatic list numbers are written out, as Word shows them: "I. CÔNG TÁC ..." for an
    upperRoman level with lvlText "%1.", "1.2. ..." for "%1.%2.", "a) ..." for lowerLetter with
    "%1)"; bullets become "- ". Numbering set on the paragraph or inherited from its style is
    counted per list (numId), with lower levels restarting. Without this a heading typed with
    Word's auto-numbering would lose its "I." and the section segmenter would miss it.
  * Tabs stay "\\t", line breaks (w:br, w:cr) "\\n", non-breaking hyphens "-"; soft hyphens,
    deleted text (tracked changes), field instructions and the mc:Fallback copy of drawings are
    skipped; inserted text and field results are kept.
  * Superscript digits (a run with vertAlign=superscript, e.g. a hand-typed footnote mark or
    "m2") become Unicode superscripts ("¹", "m²") so that "1.234¹" never reads as "1.2341".
  * Footnote and endnote references become superscript numbers in order of appearance
    (one sequence for both, as most reports have footnotes only); a reference with a custom mark
    keeps the typed mark instead. The note texts are appended after the body, after a blank
    line, one per line: "¹ Quyết định số 06/QĐ-UBND ngày 10/1/2023 ...".
  * A table becomes one line per row, cells separated by "\\t" (paragraphs inside a cell joined
    by " ", nested tables flattened into their cell) and a `SourceTable` whose rows keep the
    cell structure: a horizontally merged cell (gridSpan) or a vertical-merge continuation is
    None after the cell that holds the text.
  * Runs in a legacy Vietnamese font (.VnTime and other .Vn* fonts: TCVN3, .VnTimeH capitals;
    VNI-Times and other VNI-* fonts: VNI), by the run's, its style's, the paragraph style's or
    the document default font, are converted to Unicode (`legacy.convert`); without a telling
    font the text itself is tested (`legacy.detect_legacy`). `RawDoc.encoding` names it.
Guards, before python-docx sees the file: the zip must list at most 300 MB uncompressed and no
member may inflate more than 100x past 10 MB (zip bombs); no XML part may declare a DTD or an
entity (billion-laughs / external entities; python-docx's lxml parser also has
resolve_entities=False). An OLE file named .docx is reported as encrypted (an "EncryptedPackage"
stream: Word's password protection) or as a legacy .doc.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pipeline.ingest import as_superscript
from pipeline.model import IngestError, Page, RawDoc, SourceTable

MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 10 * 1024 * 1024  # small members may compress well; only large ones are checked
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def check_package(data: bytes) -> None:
    """Raise IngestError for what must not reach the XML parser."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise IngestError("encrypted", "the DOCX is password-protected (an encrypted OLE package)")
        raise IngestError("malformed_docx", "a legacy Word 97-2003 (.doc) file named .docx; save it as .docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise IngestError("malformed_docx", f"not a DOCX (zip) file: {e}") from None
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise IngestError("too_large", f"the DOCX inflates to {total} bytes (limit {MAX_UNCOMPRESSED})")
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise IngestError("too_large", f"member {info.filename} inflates {info.file_size // max(info.compress_size, 1)}x "
                                  "(a zip bomb?)")
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            raise IngestError("malformed_docx", "not a DOCX: no [Content_Types].xml in the zip")
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                head = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as e:
                raise IngestError("malformed_docx", f"cannot inflate {info.filename}: {e}") from None
            for needle in (b"<!DOCTYPE", b"<!ENTITY"):
                if needle in head or needle.decode().encode("utf-16-le") in head:
                    raise IngestError("malformed_docx", f"{info.filename} declares a DTD or entity, which DOCX never does")


def read_docx(data: bytes, path: Path | None = None) -> RawDoc:
    check_package(data)
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.parser import parse_xml

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise IngestError("malformed_docx", f"python-docx cannot open it: {e}") from None
    except Exception as e:  # lxml.etree.XMLSyntaxError and friends
        raise IngestError("malformed_docx", f"malformed XML in the DOCX: {type(e).__name__}: {e}") from None

    notes: dict[str, dict[str, object]] = {}
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.FOOTNOTES, RT.ENDNOTES):
            continue
        kind = "footnote" if rel.reltype == RT.FOOTNOTES else "endnote"
        try:
            root = parse_xml(rel.target_part.blob)
        except Exception as e:
            raise IngestError("malformed_docx", f"malformed {kind}s part: {e}") from None
        notes[kind] = {el.get(W + "id"): el for el in root.iter(W + kind)}

    numbering = _Numbering(document)
    writer = _Writer(numbering, notes, _Fonts(document))
    writer.blocks(document.element.body)
    return writer.finish(source_format=path.suffix.lower().lstrip(".") if path else "docx")


class _Fonts:
    """The font of a run as Word resolves it: run rFonts, run style, paragraph style (or the
    default paragraph style), document defaults; styles follow basedOn. Only what decides a
    legacy encoding is kept: the ascii/hAnsi font name."""

    def __init__(self, document):
        self.styles: dict[str, tuple[str | None, str | None]] = {}  # id -> (basedOn, font)
        self.default_para: str | None = None
        self.doc_default: str | None = None
        try:
            root = document.styles.element
        except Exception:
            return
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            based = st.find(W + "basedOn")
            self.styles[sid] = (based.get(W + "val") if based is not None else None, _rfonts(st.find(W + "rPr")))
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
                self.default_para = sid
        dd = root.find(W + "docDefaults")
        if dd is not None:
            rpr_default = dd.find(W + "rPrDefault")
            if rpr_default is not None:
                self.doc_default = _rfonts(rpr_default.find(W + "rPr"))

    def _style_font(self, sid: str | None, depth: int = 0) -> str | None:
        if sid is None or depth > 20 or sid not in self.styles:
            return None
        based, font = self.styles[sid]
        return font or self._style_font(based, depth + 1)

    def legacy(self, run) -> str | None:
        """'tcvn3', 'tcvn3-capitals', 'vni' or None for a w:r element."""
        from pipeline.ingest.legacy import font_encoding

        rpr = run.find(W + "rPr")
        font = _rfonts(rpr)
        if font is None and rpr is not None:
            rstyle = rpr.find(W + "rStyle")
            font = self._style_font(rstyle.get(W + "val")) if rstyle is not None else None
        if font is None:
            p = _nearest(run, W + "p")
            ppr = p.find(W + "pPr") if p is not None else None
            pstyle = ppr.find(W + "pStyle") if ppr is not None else None
            font = self._style_font(pstyle.get(W + "val") if pstyle is not None else self.default_para)
        return font_encoding(font or self.doc_default)


def _rfonts(rpr) -> str | None:
    if rpr is None:
        return None
    rf = rpr.find(W + "rFonts")
    if rf is None:
        return None
    return rf.get(W + "ascii") or rf.get(W + "hAnsi")


class _Numbering:
    """List labels as Word computes them (the common subset: per-numId counters, lvlText
    patterns, decimal/roman/letter/bullet formats, start and startOverride values)."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numpr: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            abstract = {}
            for an in root.iter(W + "abstractNum"):
                abstract[an.get(W + "abstractNumId")] = self._read_levels(an)
            for num in root.iter(W + "num"):
                ref = num.find(W + "abstractNumId")
                levels = dict(abstract.get(ref.get(W + "val") if ref is not None else None, {}))
                for ov in num.iter(W + "lvlOverride"):
                    ilvl = int(ov.get(W + "ilvl") or 0)
                    lvl = ov.find(W + "lvl")
                    if lvl is not None:
                        levels.update(self._read_levels_from([lvl]))
                    so = ov.find(W + "startOverride")
                    if so is not None and ilvl in levels:
                        fmt, text, _ = levels[ilvl]
                        levels[ilvl] = (fmt, text, _int(so.get(W + "val"), 1))
                self.levels[num.get(W + "numId")] = levels
        try:
            styles = document.styles.element
        except Exception:
            styles = None
        if styles is not None:
            by_id = {s.get(W + "styleId"): s for s in styles.iter(W + "style")}
            for sid in by_id:
                found = self._style_numpr(by_id, sid)
                if found:
                    self.style_numpr[sid] = found

    @staticmethod
    def _read_levels(an) -> dict[int, tuple[str, str, int]]:
        return _Numbering._read_levels_from(an.findall(W + "lvl"))

    @staticmethod
    def _read_levels_from(lvls) -> dict[int, tuple[str, str, int]]:
        out = {}
        for lvl in lvls:
            ilvl = int(lvl.get(W + "ilvl") or 0)
            fmt_el, text_el, start_el = lvl.find(W + "numFmt"), lvl.find(W + "lvlText"), lvl.find(W + "start")
            fmt = fmt_el.get(W + "val") if fmt_el is not None else "decimal"
            text = text_el.get(W + "val") if text_el is not None else f"%{ilvl + 1}."
            out[ilvl] = (fmt or "decimal", text or "", _int(start_el.get(W + "val") if start_el is not None else None, 1))
        return out

    @staticmethod
    def _style_numpr(by_id, sid, depth=0):
        style = by_id.get(sid)
        if style is None or depth > 10:
            return None
        numpr = style.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            num_id = numpr.find(W + "numId")
            ilvl = numpr.find(W + "ilvl")
            if num_id is not None:
                return num_id.get(W + "val"), _int(ilvl.get(W + "val") if ilvl is not None else None, 0)
        based = style.find(W + "basedOn")
        return _Numbering._style_numpr(by_id, based.get(W + "val"), depth + 1) if based is not None else None

    def label(self, p) -> str | None:
        ppr = p.find(W + "pPr")
        num_id, ilvl = None, 0
        if ppr is not None:
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                n, lv = numpr.find(W + "numId"), numpr.find(W + "ilvl")
                num_id = n.get(W + "val") if n is not None else None
                ilvl = _int(lv.get(W + "val") if lv is not None else None, 0)
            if num_id is None:
                ps = ppr.find(W + "pStyle")
                if ps is not None and ps.get(W + "val") in self.style_numpr:
                    num_id, ilvl = self.style_numpr[ps.get(W + "val")]
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return None
        levels = self.levels[num_id]
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, {})
        fmt, pattern, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return pattern.replace("%", "") or None
        out = pattern
        for k in range(9):
            token = f"%{k + 1}"
            if token in out:
                kfmt, _, kstart = levels.get(k, ("decimal", "", 1))
                value = counters.get(k, kstart)
                out = out.replace(token, _format_number(value, kfmt))
        return out.strip() or None


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: a..z, aa..zz, ...


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Writer:
    """Collects lines and tables in body order, then lays out the text."""

    def __init__(self, numbering: _Numbering, notes: dict, fonts: "_Fonts | None" = None):
        self.numbering = numbering
        self.notes = notes
        self.fonts = fonts
        self.encodings: set[str] = set()   # legacy encodings converted from run fonts
        self.items: list = []            # str lines and ("table", rows)
        self.note_order: list[tuple[str, str, str]] = []  # (marker, kind, id)

    # -- block level -------------------------------------------------------------------
    def blocks(self, container) -> None:
        for el in container:
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el)
            elif tag == W + "tbl":
                self.items.append(("table", self.table_rows(el)))
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"):
                inner = el.find(W + "sdtContent") if tag == W + "sdt" else el
                if inner is not None:
                    self.blocks(inner)

    def paragraph(self, p) -> None:
        boxes: list = []
        text = self.inline(p, boxes)
        label = self.numbering.label(p)
        if label:
            text = f"{label} {text}" if text else label
        self.items.append(text)
        for box in boxes:
            self.blocks(box)

    def table_rows(self, tbl) -> list[list[str | None]]:
        rows: list[list[str | None]] = []
        for tr in tbl.iter(W + "tr"):
            if _nearest(tr, W + "tbl") is not tbl:
                continue  # a row of a nested table: flattened into its cell below
            row: list[str | None] = []
            trpr = tr.find(W + "trPr")
            before = trpr.find(W + "gridBefore") if trpr is not None else None
            row.extend([None] * _int(before.get(W + "val") if before is not None else None, 0))
            for tc in tr:
                if tc.tag == W + "sdt":  # a content control around cells
                    cells = [c for c in tc.iter(W + "tc") if _nearest(c, W + "tbl") is tbl]
                elif tc.tag == W + "tc":
                    cells = [tc]
                else:
                    continue
                for cell in cells:
                    tcpr = cell.find(W + "tcPr")
                    span = vmerge = None
                    if tcpr is not None:
                        span = tcpr.find(W + "gridSpan")
                        vmerge = tcpr.find(W + "vMerge")
                    continued = vmerge is not None and (vmerge.get(W + "val") in (None, "continue"))
                    row.append(None if continued else self.cell_text(cell))
                    row.extend([None] * (max(1, _int(span.get(W + "val") if span is not None else None, 1)) - 1))
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        return [r + [None] * (width - len(r)) for r in rows]

    def cell_text(self, tc) -> str:
        sub = _Writer(self.numbering, self.notes, self.fonts)
        sub.encodings = self.encodings
        sub.note_order = self.note_order  # footnote numbering runs through cells too
        sub.blocks(tc)
        parts = []
        for item in sub.items:
            if isinstance(item, tuple):
                parts.extend("\t".join(c or "" for c in row) for row in item[1])
            else:
                parts.append(item)
        return " ".join(" ".join(x.split()) for x in parts if x.strip())

    # -- run level ---------------------------------------------------------------------
    def inline(self, el, boxes: list) -> str:
        out: list[str] = []
        self._inline(el, out, boxes, superscript=False)
        return "".join(out)

    def _inline(self, el, out: list[str], boxes: list, superscript: bool, legacy: str | None = None) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "r":
                rpr = child.find(W + "rPr")
                va = rpr.find(W + "vertAlign") if rpr is not None else None
                run_legacy = self.fonts.legacy(child) if self.fonts is not None else None
                self._inline(child, out, boxes, va is not None and va.get(W + "val") == "superscript", run_legacy)
            elif tag == W + "t":
                text = child.text or ""
                if legacy and text:
                    from pipeline.ingest.legacy import convert

                    converted = convert(text, legacy)
                    if converted != text:
                        self.encodings.add(legacy.split("-")[0])
                        text = converted
                out.append((superscript and as_superscript(text)) or text)
            elif tag == W + "tab" or tag == W + "ptab":
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "sym":
                code = child.get(W + "char") or ""
                try:
                    cp = int(code, 16)
                except ValueError:
                    continue
                if not 0xF000 <= cp <= 0xF0FF:  # Symbol-font private-use glyphs have no meaning as text
                    out.append(chr(cp))
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                if child.get(W + "customMarkFollows") in ("1", "true", "on"):
                    continue  # the typed mark follows in the next run
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                marker = as_superscript(str(len(self.note_order) + 1))
                self.note_order.append((marker, kind, child.get(W + "id")))
                out.append(marker)
            elif tag == W + "txbxContent":
                boxes.append(child)
            elif tag in (W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "delInstrText",
                         W + "rPr", W + "pPr", W + "softHyphen", MC + "Fallback", W + "footnoteRef",
                         W + "endnoteRef"):
                continue
            else:  # hyperlinks, fields, smart tags, inserted runs, drawings (for text boxes)
                self._inline(child, out, boxes, superscript, legacy)

    # -- layout --------------------------------------------------------------------------
    def note_lines(self) -> list[str]:
        lines = []
        for marker, kind, note_id in self.note_order:
            el = self.notes.get(kind, {}).get(note_id)
            if el is None:
                continue
            sub = _Writer(self.numbering, self.notes, self.fonts)
            sub.encodings = self.encodings
            sub.note_order = []  # a note inside a note is not renumbered
            sub.blocks(el)
            body = " ".join(" ".join(x.split()) for x in sub.items if isinstance(x, str) and x.strip())
            lines.append(f"{marker} {body}".rstrip())
        return lines

    def finish(self, source_format: str) -> RawDoc:
        encoding = self._convert_legacy_text()
        lines: list = []
        for item in self.items:
            if isinstance(item, str) and item.strip() == "" and (not lines or lines[-1] == ""):
                continue  # leading empty paragraphs go; runs of them fold to one blank line
            lines.append(item if isinstance(item, tuple) else item.rstrip())
        notes = self.note_lines()
        if notes:
            while lines and lines[-1] == "":
                lines.pop()
            lines.append("")
            lines.extend(notes)
        parts: list[str] = []
        tables: list[SourceTable] = []
        pos = 0
        for item in lines:
            if isinstance(item, tuple):
                rows = item[1]
                rendered = "\n".join("\t".join(c or "" for c in row) for row in rows)
                if not rows:
                    continue
                tables.append(SourceTable(rows, pos, pos + len(rendered)))
                parts.append(rendered)
                pos += len(rendered) + 1
            else:
                parts.append(item)
                pos += len(item) + 1
        while parts and parts[-1] == "":
            parts.pop()
        text = "\n".join(parts)
        if text and not text.endswith("\n"):
            text += "\n"
        return RawDoc(text=text, source_format=source_format, pages=[Page(1, 0, len(text))], tables=tables,
                      encoding=encoding)

    def _convert_legacy_text(self) -> str | None:
        """Runs in a legacy font were converted as they were read; a document whose legacy text
        carries no telling font name (a Unicode font set over TCVN3 bytes) is detected here from
        the text itself and converted paragraph by paragraph and cell by cell."""
        from pipeline.ingest.legacy import convert, detect_legacy

        if self.encodings:
            return "+".join(sorted(self.encodings))
        pieces = [i for i in self.items if isinstance(i, str)]
        pieces += [c for i in self.items if isinstance(i, tuple) for row in i[1] for c in row if c]
        legacy = detect_legacy("\n".join(pieces))
        if legacy is None:
            return None
        for k, item in enumerate(self.items):
            if isinstance(item, str):
                self.items[k] = convert(item, legacy)
            else:
                self.items[k] = (item[0], [[convert(c, legacy) if c else c for c in row] for row in item[1]])
        return legacy


def _nearest(el, tag: str):
    p = el.getparent()
    while p is not None and p.tag != tag:
        p = p.getparent()
    return p
