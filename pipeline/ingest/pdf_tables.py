"""Ruled tables of a PDF page, found on pdfium's own objects.

`has_ruling_grid` is the cheap test every page gets: at least 3 thin horizontal and 3 thin
vertical painted rules (a grid of 2x2 cells or more), an outlined rectangle counting as two of
each; filled rectangles (text backgrounds, shading) and white or transparent rules (the borders
of a layout table set to "none") do not count. Only a page that passes goes to `find_ruled_tables`.

pdfplumber's lattice method (`TableFinder` with its default "lines" settings), fed with the
page's paths and characters as pdfium reads them. pdfplumber would parse the page a second time
with pdfminer to get them: ~0.2 s a table page, more than pdfium takes for the whole page.
The geometry is pdfplumber's own code (`merge_edges`, `edges_to_intersections`,
`intersections_to_cells`, `cells_to_tables`, `Table.rows`); this module builds its input the
way pdfminer and pdfplumber would, and reads each cell's text from pdfium's text layer.

Edges, as pdfminer classifies a painted path (each subpath on its own; inside Form XObjects too):
  * "m l" or "m l h" (one segment): a line, horizontal if both ends have the same y, else
    vertical (pdfplumber's rule; a slanted line is dropped as too short or never crosses).
  * "m l l l h" or "m l l l l" closed on its start with sides parallel to the axes (what `re`
    gives): a rectangle, its four sides.
  * anything else (polylines, Bézier curves: their end points only): each consecutive pair of
    points, kept when it is exactly horizontal or vertical.
Unpainted and white paths count, as in pdfplumber; clipping paths are not page objects.

Cell text: the characters whose loose box (font ascent to descent, as pdfminer's) has its centre
in the cell (left and top edges inclusive), in the text layer's order; whitespace or a line
break anywhere between two of them in that order (other cells' text may lie between) becomes one
space, pdfium's line-end hyphen mark a "-" and a space (pdfplumber's reading: "-" ending a line).

Checked against pdfplumber's own `find_tables` + `extract` (tests/test_pdf_tables.py): the same
rows on 140 tables from fpdf2, Chromium and LibreOffice, and on grids in Form XObjects.
"""
from __future__ import annotations

import bisect
import ctypes

import regex

RULE_THICKNESS = 2.0            # points: a path object this thin is a ruling line
SNAP = JOIN = INTERSECTION = 3.0   # pdfplumber's default tolerances, in points
EDGE_MIN_LENGTH = 3.0
EDGE_MIN_LENGTH_PREFILTER = 1.0
HYPHEN_MARKS = "\ufffe\x02"      # pdfium's marks for a hyphen that ends a line
_SPACE = regex.compile(r"\s")
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def has_ruling_grid(page, pdfium_c) -> bool:
    horizontal = vertical = 0
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    rgba = tuple(ctypes.c_uint() for _ in range(4))
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for obj, outer in _paths(page, pdfium_c):
        if not pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
            continue
        if not _painted(obj, pdfium_c, fill_mode, stroke, rgba):
            continue
        (x0, y0), (x1, y1) = _apply(outer, (l.value, b.value)), _apply(outer, (r.value, t.value))
        width, height = abs(x1 - x0), abs(y1 - y0)
        if height <= RULE_THICKNESS and width >= 2 * RULE_THICKNESS:
            horizontal += 1
        elif width <= RULE_THICKNESS and height >= 2 * RULE_THICKNESS:
            vertical += 1
        elif min(width, height) >= 2 * RULE_THICKNESS and _is_outlined_rectangle(obj, pdfium_c, fill_mode, stroke):
            horizontal += 2  # a cell drawn as `x y w h re S`: 2 rules each way
            vertical += 2
        if horizontal >= 3 and vertical >= 3:
            return True
    return False


def _painted(obj, pdfium_c, fill_mode, stroke, rgba) -> bool:
    """Whether the path leaves visible ink: a stroke or fill in a colour that is not white."""
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return False
    r, g, b, a = rgba
    if stroke.value and pdfium_c.FPDFPageObj_GetStrokeColor(obj, r, g, b, a):
        if a.value > 0 and min(r.value, g.value, b.value) < 230:
            return True
    if fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE and pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        if a.value > 0 and min(r.value, g.value, b.value) < 230:
            return True
    return False


def _is_outlined_rectangle(obj, pdfium_c, fill_mode, stroke) -> bool:
    """A stroked, unfilled path of one closed 4-sided subpath (how `re` is stored)."""
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return False
    if not stroke.value or fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE:
        return False
    if pdfium_c.FPDFPath_CountSegments(obj) != 5:
        return False
    return bool(pdfium_c.FPDFPathSegment_GetClose(pdfium_c.FPDFPath_GetPathSegment(obj, 4)))


def _paths(page, pdfium_c):
    """(path object, matrix from the space it is drawn in to page space) of every path on the
    page, inside Form XObjects too."""
    matrix = pdfium_c.FS_MATRIX()

    def walk(count, get, parent, outer):
        for k in range(count(parent)):
            obj = get(parent, k)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield obj, outer
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                inner = _compose(outer, (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f))
                yield from walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, inner)

    return walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page, _IDENTITY)


def find_ruled_tables(page, textpage, raw: str, pdfium_c) -> list[tuple[list[list[str | None]], tuple]]:
    """(rows, box) of each table on the page; `box` is (left, bottom, right, top) in page space.
    A row lists one entry per column: the cell's text, or None where a merged cell covers it."""
    from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = [e for e in _edges(page, pdfium_c) if _length(e) >= EDGE_MIN_LENGTH_PREFILTER]
    edges = [e for e in merge_edges(edges, SNAP, SNAP, JOIN, JOIN) if _length(e) >= EDGE_MIN_LENGTH]
    cells = intersections_to_cells(edges_to_intersections(edges, INTERSECTION, INTERSECTION))
    groups = cells_to_tables(cells)
    if not groups:
        return []
    chars = _char_centres(textpage, raw, pdfium_c)
    found = []
    for group in groups:
        table = Table(None, group)
        rows = [[None if cell is None else _cell_text(raw, chars, cell) for cell in row.cells]
                for row in table.rows]
        x0, top, x1, bottom = table.bbox
        found.append((rows, (x0, -bottom, x1, -top)))
    return found


def _edges(page, pdfium_c) -> list[dict]:
    """Edges of every path on the page, in pdfplumber's form (top = -y: y grows downwards)."""
    edges: list[dict] = []
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, outer in _paths(page, pdfium_c):
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        m = _compose(outer, (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f))
        for points, closed in _subpaths(obj, pdfium_c, x, y):
            edges.extend(_subpath_edges([_apply(m, p) for p in points], closed))
    return edges


def _subpaths(obj, pdfium_c, x, y):
    """(points, closed) per subpath: the move-to point, then each segment's end point."""
    points: list[tuple[float, float]] = []
    closed = False
    pending_bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                yield points, closed
            points, closed, pending_bezier = [], False, 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            pending_bezier += 1
            if pending_bezier < 3:  # two control points, then the end point
                continue
            pending_bezier = 0
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        points.append((x.value, y.value))
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            closed = True
    if len(points) > 1:
        yield points, closed


def _subpath_edges(points: list[tuple[float, float]], closed: bool) -> list[dict]:
    pts = [(px, -py) for px, py in points]
    if closed and pts[-1] != pts[0]:
        pts.append(pts[0])  # pdfminer: "h" is a point back at the start (pdfium mostly has it)
    if len(pts) == 2 or (len(pts) == 3 and closed):
        (ax, at), (bx, bt) = pts[0], pts[1]
        return [_edge(min(ax, bx), min(at, bt), max(ax, bx), max(at, bt), "h" if at == bt else "v")]
    if len(pts) == 5 and pts[0] == pts[4]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
            left, right = min(x0, x1, x2, x3), max(x0, x1, x2, x3)
            top, bottom = min(y0, y1, y2, y3), max(y0, y1, y2, y3)
            return [_edge(left, top, right, top, "h"), _edge(left, bottom, right, bottom, "h"),
                    _edge(left, top, left, bottom, "v"), _edge(right, top, right, bottom, "v")]
    edges = []
    for (ax, at), (bx, bt) in zip(pts, pts[1:]):
        orientation = "v" if ax == bx else ("h" if at == bt else None)
        if orientation:
            edges.append(_edge(min(ax, bx), min(at, bt), max(ax, bx), max(at, bt), orientation))
    return edges


def _length(edge: dict) -> float:
    return edge["height"] if edge["orientation"] == "v" else edge["width"]


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _compose(outer: tuple, inner: tuple) -> tuple:
    """The matrix that applies `inner`, then `outer` (PDF's a b c d e f)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _apply(m: tuple, p: tuple[float, float]) -> tuple[float, float]:
    a, b, c, d, e, f = m
    if m == _IDENTITY:
        return p  # keep the exact coordinates: pdfplumber compares them with ==
    return a * p[0] + c * p[1] + e, b * p[0] + d * p[1] + f


def _char_centres(textpage, raw: str, pdfium_c) -> tuple[list[tuple[float, float, int]], list[float]]:
    """(top, x, index) of the centre of each visible character's loose box, sorted by top, and
    the tops alone (to bisect: a cell reads only the characters of its own band)."""
    rect = pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    out = []
    for i, ch in enumerate(raw):
        if ch.isspace():
            continue
        loose_box(textpage, i, rect)
        out.append((-(rect.bottom + rect.top) / 2, (rect.left + rect.right) / 2, i))
    out.sort()
    return out, [t for t, _, _ in out]


def _cell_text(raw: str, chars: tuple[list[tuple[float, float, int]], list[float]], cell: tuple) -> str:
    x0, top, x1, bottom = cell
    by_top, tops = chars
    inside = sorted(i for _, x, i in by_top[bisect.bisect_left(tops, top):bisect.bisect_left(tops, bottom)]
                    if x0 <= x < x1)
    parts: list[str] = []
    last = None
    for i in inside:
        if last is not None and (raw[last] in HYPHEN_MARKS or _SPACE.search(raw, last + 1, i)):
            parts.append(" ")
        parts.append("-" if raw[i] in HYPHEN_MARKS else raw[i])
        last = i
    return "".join(parts)
