"""HTML (.html, .htm): the article's text, headings and tables; the portal around it dropped.

Steps:
  1. Decode: a BOM wins; else UTF-8 when the bytes are valid UTF-8 (a page declaring a legacy
     charset but served as UTF-8 is common and UTF-8 cannot occur by chance in legacy text);
     else the charset of `<meta charset>` / `<meta http-equiv=Content-Type>`; else Vietnamese
     legacy bytes (Windows-1258, TCVN3, VNI: `legacy.decode_legacy_bytes`); else an
     "undecodable" error. Bytes invalid in the chosen charset are an error, never replaced.
     A page whose text carries TCVN3 or VNI code points (a .VnTime page declared Latin-1) is
     converted to Unicode (`legacy.detect_legacy`); `encoding` then names the legacy one.
  2. Parse with selectolax (lexbor): a forgiving HTML5 parser that expands character references
     but no XML entities, loads nothing and runs nothing.
  3. Drop elements that are never content: script, style, noscript, template, iframe, svg, form
     controls, nav, aside, form, header/footer outside an article, hidden elements, and elements
     whose class or id names web furniture (menu, nav, sidebar, footer, breadcrumb, banner,
     weather/thoi-tiet, ty-gia/exchange, counter/thong-ke/visitor, share, comment, related/
     tin-khac, lien-ket/weblink, widget, ads/quang-cao, cookie, popup) or, as a whole token, the
     masthead (header, logo, top, masthead).
  4. Pick the main block: the largest <article>/<main>/[role=main]/[itemprop=articleBody] when
     one holds a quarter of the page's text, else the element whose paragraphs hold the most text
     (each paragraph counts fully for its parent and half for its grandparent). The page's <h1>
     is put first when it lies outside that block.
  5. Render: block elements (p, div, h1-h6, ul, blockquote, figcaption, ...) end a line and
     are separated by a blank line; list items (li, dt, dd) and <br> end a line; whitespace runs fold to one space except in
     <pre>; <sup>1</sup> (a footnote mark, "m<sup>2</sup>") becomes "¹" / "m²". A data table (no nested table, 2+ cells) is rendered as tab-separated lines, one row
     per line, and recorded as a `SourceTable` (colspan/rowspan continuation cells are None);
     a layout table (nested tables, one cell, role=presentation) is rendered as blocks.
  6. Delete the lines `pipeline.boilerplate.boilerplate_spans` finds (weather, exchange rates,
     visitor counters, link lists that survived step 3), except inside tables.
"""
from __future__ import annotations

import re

import codecs
from pathlib import Path

import regex

from pipeline.boilerplate import boilerplate_spans
from pipeline.ingest import as_superscript
from pipeline.ingest.legacy import convert, decode_legacy_bytes, detect_legacy
from pipeline.ingest.text import decode_text
from pipeline.model import IngestError, Page, RawDoc, SourceTable

_META_CHARSET = regex.compile(
    rb"""<meta\b[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", regex.IGNORECASE)
_NEVER_CONTENT = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "svg",
                  "math", "canvas", "object", "embed", "map", "button", "select", "input",
                  "textarea", "nav", "aside", "form", "dialog", "head")
_FURNITURE_NAME = regex.compile(
    r"(?:^|[-_ ])(?:menu|menus|nav|navbar|navigation|sidebar|side-bar|sidebox|footer|site-header|"
    r"page-header|top-?bar|breadcrumbs?|banner|weather|thoi-?tiet|ty-?gia|exchange(?:-?rates?)?|"
    r"counter|thong-?ke|visitors?|statistics?|share|social|comments?|related|tin-?khac|"
    r"tin-?lien-?quan|lien-?ket|weblinks?|widget|ads|advert|advertisement|quang-?cao|cookies?|"
    r"popup|modal)(?:$|[-_ ]|\d)", regex.IGNORECASE)
# whole class/id tokens that name the site's masthead ("article-header" is the article's own)
_SITE_HEADER_TOKENS = frozenset(("header", "head", "logo", "masthead", "top", "topbar", "top-bar"))
_STRUCTURAL = ("nav", "aside", "form")  # never content, unless a page misuses one as its wrapper
_PROTECTED = frozenset(("html", "body", "main", "article"))
_MAIN_SELECTORS = "article, main, [role=main], [itemprop=articleBody]"
_BLOCK = frozenset((
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "li", "dl", "dt", "dd", "blockquote", "figure", "figcaption", "address", "hr", "center",
    "header", "footer", "details", "summary", "caption", "fieldset", "legend", "body", "html",
    "tr", "td", "th", "thead", "tbody", "tfoot", "table", "pre"))
_LINE_ITEMS = frozenset(("li", "dt", "dd"))
_PARAGRAPH_LIKE = frozenset(("p", "pre", "blockquote", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                             "td", "dd", "figcaption"))
_WS = regex.compile(r"[ \t\n\r\f]+")
_LINE_BLANKS = " \t\r\f\v\u00a0\u200b\ufeff"
_MAX_DEPTH = 400  # deeper nesting is rendered as flat text rather than recursed into


def decode_html(data: bytes) -> tuple[str, str]:
    """(text, encoding) by BOM, then UTF-8 validity, then the declared charset."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    m = _META_CHARSET.search(data[:8192])
    if not m:
        legacy = decode_legacy_bytes(data)
        if legacy is not None:
            return legacy
        raise IngestError("undecodable", f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset "
                          f"{utf8_error.start}) and no <meta charset> declaration")
    declared = m.group(1).decode("ascii").lower()
    # WHATWG: pages labelled latin-1 / ascii are windows-1252 in every browser
    name = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252"}.get(declared, declared)
    try:
        codecs.lookup(name)
    except LookupError:
        raise IngestError("undecodable", f"unknown charset {declared!r} declared in <meta>") from None
    try:
        return data.decode(name), name
    except UnicodeDecodeError as e:
        raise IngestError("undecodable", f"invalid {declared} bytes at offset {e.start}") from None


# Real pages nest a few dozen elements deep; lexbor's parse time grows with the square of the
# depth (20 000 levels: 2.7 s, 100 000: minutes), so a freak page is refused before parsing.
MAX_DEPTH = 2000
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def nesting_depth(text: str) -> int:
    """Deepest element nesting, counted from the tags (void and self-closed ones excluded)."""
    depth = deepest = 0
    for m in _TAG.finditer(text):
        if m.group(3) or m.group(2).lower() in _VOID:
            continue
        depth = max(depth - 1, 0) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def read_html(data: bytes, path: Path | None = None) -> RawDoc:
    from selectolax.lexbor import LexborHTMLParser

    text, encoding = decode_html(data)
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise IngestError("too_deep", f"HTML elements nested {depth:,} deep (the limit is {MAX_DEPTH:,})")
    legacy = detect_legacy(text) if encoding not in ("tcvn3", "vni", "windows-1258") else None
    if legacy in ("tcvn3", "vni"):  # a page in a .VnTime / VNI-Times font, declared as Latin-1
        text, encoding = convert(text, legacy), legacy
    tree = LexborHTMLParser(text)
    body = tree.body
    if body is None:
        raise IngestError("empty", "the HTML has no body")
    _drop_furniture(tree, body)
    main = _main_block(tree, body)
    renderer = _Renderer()
    heading = _outside_h1(tree, main)
    if heading:
        renderer.block_boundary()
        renderer.inline(heading)
        renderer.block_boundary()
    renderer.walk(main, 0)
    lines = renderer.finish()
    out_text, tables = _assemble(lines)
    return RawDoc(text=out_text, source_format=(path.suffix.lower().lstrip(".") if path else "html"),
                  pages=[Page(1, 0, len(out_text))], tables=tables, encoding=encoding)


def _drop_furniture(tree, body) -> None:
    # remove() detaches; decompose() would free the subtree while nodes of it that the same
    # css() list holds (a <script> inside a <nav>) are still to be visited
    for node in tree.css(", ".join(t for t in _NEVER_CONTENT if t not in _STRUCTURAL)):
        node.remove()
    body_len = len(body.text(deep=True, separator=" "))

    def holds_the_page(node) -> bool:
        # ASP.NET wraps the whole page in <form>; a wrapper named "has-sidebar" holds everything:
        # removing either would take the article with it
        return _holds_main(node) or len(node.text(deep=True, separator=" ")) * 2 > body_len

    for node in tree.css(", ".join(_STRUCTURAL)):
        if not holds_the_page(node):
            node.remove()
    for node in tree.css("header, footer"):
        if not _inside(node, ("article", "main")) and not holds_the_page(node):
            node.remove()
    for node in tree.css("[hidden], [aria-hidden=true], [style*='display:none'], [style*='display: none']"):
        if node.tag not in _PROTECTED:
            node.remove()
    for node in tree.css("[class], [id]"):
        if node.tag in _PROTECTED:
            continue
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if not (_FURNITURE_NAME.search(names, timeout=1.0) or _SITE_HEADER_TOKENS.intersection(names.lower().split())):
            continue
        if not holds_the_page(node):
            node.remove()


def _inside(node, tags: tuple[str, ...]) -> bool:
    p = node.parent
    while p is not None:
        if p.tag in tags:
            return True
        p = p.parent
    return False


def _holds_main(node) -> bool:
    # selectolax's css() matches the node itself too
    return any(m.mem_id != node.mem_id for m in node.css(_MAIN_SELECTORS))


def _main_block(tree, body):
    body_len = len(body.text(deep=True, separator=" ").strip())
    best, best_len = None, 0
    for node in tree.css(_MAIN_SELECTORS):
        n = len(node.text(deep=True, separator=" ").strip())
        if n > best_len:
            best, best_len = node, n
    if best is not None and best_len * 4 >= body_len:
        return best
    scores: dict[int, float] = {}
    nodes: dict[int, object] = {}
    for node in body.traverse():
        if node.tag in _PARAGRAPH_LIKE:
            n = len(_WS.sub(" ", node.text(deep=True)).strip())
        elif node.tag == "div":
            n = sum(len(c.text_content.strip()) for c in node.iter(include_text=True)
                    if c.tag == "-text" and c.text_content)
        else:
            continue
        if n < 25:
            continue
        for share, anc in ((1.0, node.parent), (0.5, node.parent.parent if node.parent else None)):
            if anc is None:
                continue
            scores[anc.mem_id] = scores.get(anc.mem_id, 0.0) + share * n
            nodes[anc.mem_id] = anc
    if not scores:
        return body
    return nodes[max(scores, key=scores.get)]


def _outside_h1(tree, main) -> str | None:
    if main.tag == "body" or main.tag == "h1" or main.css_first("h1") is not None:
        return None
    h1 = tree.css_first("h1")
    if h1 is None:
        return None
    text = _WS.sub(" ", h1.text(deep=True)).strip()
    return text or None


class _Renderer:
    """Walks the DOM and collects lines; a line is a str, a table is ("table", rows)."""

    def __init__(self):
        self.lines: list = []
        self.current: list[str] = []

    def inline(self, text: str) -> None:
        self.current.append(text)

    def end_line(self) -> None:
        line = _WS.sub(" ", "".join(self.current)).strip(_LINE_BLANKS)
        self.current = []
        if line:
            self.lines.append(line)

    def block_boundary(self) -> None:
        self.end_line()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def walk(self, node, depth: int) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.inline(child.text_content or "")
            elif tag in ("-comment", "-doctype") or tag in _NEVER_CONTENT:
                continue
            elif tag == "br":
                self.end_line()
            elif tag == "sup" and as_superscript(child.text(deep=True).strip()):
                self.inline(as_superscript(child.text(deep=True).strip()))
            elif depth >= _MAX_DEPTH:
                self.inline(" " + child.text(deep=True) + " ")
            elif tag == "table":
                rows = _table_rows(child) if _is_data_table(child) else None
                self.block_boundary()
                if rows is None:
                    self.walk_layout_table(child, depth + 1)
                else:
                    self.lines.append(("table", rows))
                    self.lines.append("")
            elif tag == "pre":
                self.block_boundary()
                for line in (child.text(deep=True) or "").splitlines():
                    self.lines.append(line.rstrip(_LINE_BLANKS) or "")
                self.block_boundary()
            elif tag in _LINE_ITEMS:  # list items are lines of one block, as a link list reads
                self.end_line()
                self.walk(child, depth + 1)
                self.end_line()
            elif tag in _BLOCK:
                self.block_boundary()
                self.walk(child, depth + 1)
                self.block_boundary()
            else:
                self.walk(child, depth + 1)

    def walk_layout_table(self, table, depth: int) -> None:
        for cell in table.css("td, th"):
            if _nearest_table(cell).mem_id == table.mem_id:
                self.block_boundary()
                self.walk(cell, depth + 1)
                self.block_boundary()

    def finish(self) -> list:
        self.end_line()
        return self.lines


def _nearest_table(node):
    p = node.parent
    while p is not None and p.tag != "table":
        p = p.parent
    return p


def _is_data_table(table) -> bool:
    if (table.attributes.get("role") or "").lower() in ("presentation", "none"):
        return False
    if len(table.css("table")) > 1:  # css() includes the table itself
        return False
    return len(table.css("td, th")) >= 2


def _cell_text(cell) -> str:
    r = _Renderer()
    r.walk(cell, 0)
    parts = [x for x in r.finish() if isinstance(x, str) and x]
    return " ".join(parts)


def _span(cell, name: str, limit: int) -> int:
    try:
        return max(1, min(limit, int((cell.attributes.get(name) or "1").strip())))
    except ValueError:
        return 1


def _table_rows(table) -> list[list[str | None]]:
    grid: list[list[str | None]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in table.css("tr"):
        row: list[str | None] = []
        col = 0
        for cell in tr.iter():
            if cell.tag not in ("td", "th"):
                continue
            while pending.get(col):
                row.append(None)
                pending[col] -= 1
                col += 1
            colspan, rowspan = _span(cell, "colspan", 100), _span(cell, "rowspan", 1000)
            row.append(_cell_text(cell))
            row.extend([None] * (colspan - 1))
            if rowspan > 1:
                for k in range(colspan):
                    pending[col + k] = rowspan - 1
            col += colspan
        for c in sorted(k for k, v in pending.items() if v and k >= col):
            row.extend([None] * (c - len(row)))
            row.append(None)
            pending[c] -= 1
        if row:
            grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [None] * (width - len(r)) for r in grid]


def _assemble(lines: list) -> tuple[str, list[SourceTable]]:
    """Join rendered lines, delete boilerplate lines outside tables, record table spans."""
    # expand tables into their row lines, remembering which lines belong to which table
    flat: list[str] = []
    owner: list[int] = []  # table index or -1
    tables_rows: list[list[list[str | None]]] = []
    for item in lines:
        if isinstance(item, tuple):
            tables_rows.append(item[1])
            for row in item[1]:
                flat.append("\t".join(_WS.sub(" ", c or "").strip() for c in row))
                owner.append(len(tables_rows) - 1)
        else:
            flat.append(item)
            owner.append(-1)
    draft = "\n".join(flat)
    starts, pos = [], 0
    for line in flat:
        starts.append(pos)
        pos += len(line) + 1
    import bisect

    drop = set()
    for s, _e in boilerplate_spans(draft):
        i = bisect.bisect_right(starts, s) - 1
        if owner[i] == -1:
            drop.add(i)
    kept = [(line, own) for i, (line, own) in enumerate(zip(flat, owner)) if i not in drop]
    # fold blank-line runs left by the deletions; no leading or trailing blank lines
    folded: list[tuple[str, int]] = []
    for line, own in kept:
        if line == "" and own == -1 and (not folded or folded[-1][0] == ""):
            continue
        folded.append((line, own))
    while folded and folded[-1][0] == "" and folded[-1][1] == -1:
        folded.pop()
    out: list[str] = []
    spans: dict[int, list[int]] = {}
    pos = 0
    for line, own in folded:
        if own >= 0:
            span = spans.setdefault(own, [pos, pos])
            span[1] = pos + len(line)
        out.append(line)
        pos += len(line) + 1
    text = "\n".join(out) + ("\n" if out else "")
    tables = [SourceTable(tables_rows[k], s, e) for k, (s, e) in sorted(spans.items())]
    return text, tables
