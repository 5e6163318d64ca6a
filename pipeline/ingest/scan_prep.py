"""Prepare a scanned page for OCR: straighten it and find the ruled tables on it.

`deskew(gray)`: the skew angle is the rotation that makes the horizontal projection profile of
the ink sharpest (text lines and rules become single rows of dark pixels), searched on the ink
pixels of a 1/4 scale copy between -3 and +3 degrees, coarse then fine (0.05 degree; for such
small angles a rotation of the profile is a shear, one bincount per angle); the page is rotated
back at full resolution. Tesseract copes with a small skew by itself, but the table grid below and
the line grouping of `ocr_layout` need horizontal rows.

`find_grids(gray)`: ruling lines are runs of ink at least ~1 cm long (horizontal) or ~4 mm long
with both ends on a horizontal rule (vertical); letters are shorter than either. Rules that
cross form a grid; a grid with 2+ horizontal and 2+ vertical rules (at least one cell) is a
table. Each table is returned as its row bands (between consecutive horizontal rules) and, for
each band, the x positions of the vertical rules that cross it, so merged cells stay merged.
The rules are painted white on the page given to Tesseract: ink touching letters spoils them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

INK = 160                 # grey level below which a pixel is ink
MIN_H_RULE_MM = 10.0      # a horizontal rule is at least this long
MIN_V_RULE_MM = 4.0       # a vertical rule at least this long (one row of 8 pt text)
SNAP_MM = 0.8             # rules closer than this are one rule; ends this close touch


@dataclass
class Grid:
    """A ruled table: row bands (top, bottom) and, per band, the x of each crossing vertical rule."""
    left: int
    top: int
    right: int
    bottom: int
    bands: list[tuple[int, int]] = field(default_factory=list)
    band_walls: list[list[int]] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)   # every vertical rule's x, left to right


def deskew(gray, max_angle: float = 3.0):
    """(straightened image, angle in degrees it was rotated by)."""
    import math

    import numpy as np
    from PIL import Image

    small = gray.reduce(4) if min(gray.size) > 800 else gray
    ys, xs = np.nonzero(np.asarray(small) < INK)
    if len(ys) < 50:
        return gray, 0.0
    if len(ys) > 40_000:  # a sample of the ink is as sharp a witness and keeps this cheap
        step = len(ys) // 40_000 + 1
        ys, xs = ys[::step], xs[::step]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - small.width / 2

    def sharpness(angle: float) -> float:
        # a small rotation is a shear for the row projection: row of (x, y) -> y + x tan(angle)
        rows = np.rint(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        profile = np.bincount(rows - rows.min())
        return float(np.square(np.diff(profile.astype(np.float64))).sum())

    best = 0.0
    for step, span in ((0.25, max_angle), (0.05, 0.25)):
        centre = best
        candidates = [centre + k * step for k in range(-round(span / step), round(span / step) + 1)]
        best = max(candidates, key=sharpness)
    if abs(best) < 0.1:  # 0.1 degree drifts 4 px over a 2400 px line: not worth a resampling
        return gray, 0.0
    # the shear that levels the rows is undone by rotating the other way
    return gray.rotate(-best, resample=Image.NEAREST, fillcolor=255), -best


def _runs(mask_1d):
    """(start, end) of each run of True in a 1-D boolean array."""
    import numpy as np

    padded = np.concatenate(([False], mask_1d, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist()))


def _long_runs(ink, length: int, axis: int):
    """Boolean mask of the pixels lying on a run of ink at least `length` long along `axis`."""
    import numpy as np

    a = ink if axis == 1 else ink.T
    out = np.zeros(a.shape, dtype=bool)
    # only a line holding `length` ink pixels can hold such a run: most lines of a page do not
    lines = np.flatnonzero(np.count_nonzero(a, axis=1) >= length)
    if lines.size:
        sub = a[lines]
        c = np.zeros((sub.shape[0], sub.shape[1] + 1), dtype=np.int32)
        np.cumsum(sub, axis=1, out=c[:, 1:])
        starts = (c[:, length:] - c[:, :-length]) == length       # window [x, x+length) all ink
        s = np.zeros((sub.shape[0], sub.shape[1] + 1), dtype=np.int32)
        np.cumsum(starts, axis=1, out=s[:, 1:starts.shape[1] + 1])
        s[:, starts.shape[1] + 1:] = s[:, starts.shape[1]:starts.shape[1] + 1]
        # pixel x is covered when a full window starts in [x-length+1, x]
        x = np.arange(sub.shape[1])
        lo = np.clip(x - length + 1, 0, None)
        out[lines] = (s[:, x + 1] - s[:, lo]) > 0
    return out if axis == 1 else out.T


def _segments(mask, axis: int, snap: int) -> list[tuple[int, int, int]]:
    """Rules as (position across, start, end along): rows (axis=1) or columns (axis=0) of the
    mask holding a run, merged when they touch across (a rule a few pixels thick is one)."""
    import numpy as np

    m = mask if axis == 1 else mask.T
    found: list[list[int]] = []  # [pos_first, pos_last, start, end]
    for pos in np.flatnonzero(m.any(axis=1)).tolist():
        for start, end in _runs(m[pos]):
            for seg in found:
                if pos - seg[1] <= snap and start < seg[3] and end > seg[2]:
                    seg[1] = pos
                    seg[2], seg[3] = min(seg[2], start), max(seg[3], end)
                    break
            else:
                found.append([pos, pos, start, end])
    return [((a + b) // 2, s, e) for a, b, s, e in found]


def find_grids(gray, dpi: int = 300) -> tuple[list[Grid], object]:
    """(tables found, a mask of the rule pixels to paint white before OCR)."""
    import numpy as np

    px = dpi / 25.4
    # a quick look at quarter scale first: most pages have no rule at all
    small = gray.reduce(4) if min(gray.size) > 800 else gray
    factor = gray.width / small.width
    if not _long_runs(np.asarray(small) < INK, max(2, int(MIN_H_RULE_MM * px / factor)), axis=1).any():
        return [], None
    ink = np.asarray(gray) < INK
    h_mask = _long_runs(ink, int(MIN_H_RULE_MM * px), axis=1)
    if not h_mask.any():
        return [], None
    v_mask = _long_runs(ink, int(MIN_V_RULE_MM * px), axis=0)
    snap = max(2, int(SNAP_MM * px))
    h_rules = _segments(h_mask, 1, snap)
    v_rules = [v for v in _segments(v_mask, 0, snap) if _ends_on_rules(v, h_rules, snap)]
    grids = _assemble(h_rules, v_rules, snap)
    if not grids:
        return [], None
    mask = np.zeros_like(ink)
    for g in grids:
        # dilate by a pixel or two so the anti-aliased edge of a rule goes too
        region = (slice(max(0, g.top - snap), g.bottom + snap), slice(max(0, g.left - snap), g.right + snap))
        mask[region] |= h_mask[region] | v_mask[region]
    from PIL import Image

    return grids, Image.fromarray(_dilate(mask, 2).view("uint8") * 255, "L")


def _dilate(mask, radius: int):
    """`mask` grown by `radius` pixels in a square (PIL's MaxFilter(2r+1), which took 0.8 s on a
    300 dpi page; two separable passes of shifted ORs take a few milliseconds)."""
    rows = mask.copy()
    for d in range(1, radius + 1):
        rows[d:] |= mask[:-d]
        rows[:-d] |= mask[d:]
    out = rows.copy()
    for d in range(1, radius + 1):
        out[:, d:] |= rows[:, :-d]
        out[:, :-d] |= rows[:, d:]
    return out


def _ends_on_rules(v, h_rules, snap: int) -> bool:
    x, top, bottom = v

    def touches(y: int) -> bool:
        return any(abs(hy - y) <= 2 * snap and hs - snap <= x <= he + snap for hy, hs, he in h_rules)

    return touches(top) and touches(bottom)


def _assemble(h_rules, v_rules, snap: int) -> list[Grid]:
    """Group crossing rules into tables (connected components of the crossing graph)."""
    n_h = len(h_rules)
    parent = list(range(n_h + len(v_rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for j, (x, top, bottom) in enumerate(v_rules):
        for i, (y, start, end) in enumerate(h_rules):
            if start - snap <= x <= end + snap and top - snap <= y <= bottom + snap:
                parent[find(n_h + j)] = find(i)
    groups: dict[int, tuple[list, list]] = {}
    for i in range(n_h):
        groups.setdefault(find(i), ([], []))[0].append(h_rules[i])
    for j in range(len(v_rules)):
        groups.setdefault(find(n_h + j), ([], []))[1].append(v_rules[j])
    grids = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        ys = _merge_close(sorted(y for y, _, _ in hs), snap)
        xs = _merge_close(sorted(x for x, _, _ in vs), snap)
        g = Grid(left=min(s for _, s, _ in hs), top=ys[0], right=max(e for _, _, e in hs), bottom=ys[-1],
                 columns=xs)
        for top, bottom in zip(ys, ys[1:]):
            walls = sorted({_snap_to(x, xs) for x, vt, vb in vs if vt - snap <= top + snap and vb + snap >= bottom - snap})
            if len(walls) >= 2:
                g.bands.append((top, bottom))
                g.band_walls.append(walls)
        if g.bands:
            grids.append(g)
    return sorted(grids, key=lambda g: g.top)


def _merge_close(values: list[int], snap: int) -> list[int]:
    out: list[int] = []
    for v in values:
        if out and v - out[-1] <= 2 * snap:
            continue
        out.append(v)
    return out


def _snap_to(x: int, xs: list[int]) -> int:
    return min(xs, key=lambda c: abs(c - x))


def cell_boxes(grid: Grid, gray, inset: int = 4):
    """(band index, cell index, (left, top, right, bottom)) of every cell of `grid` that shows
    ink, inset from its rules."""
    import numpy as np

    ink = np.asarray(gray) < INK
    out = []
    for b, ((top, bottom), walls) in enumerate(zip(grid.bands, grid.band_walls)):
        for k in range(len(walls) - 1):
            box = (walls[k] + inset, top + inset, walls[k + 1] - inset, bottom - inset)
            if box[2] - box[0] < 8 or box[3] - box[1] < 8:
                continue
            if ink[box[1]:box[3], box[0]:box[2]].sum() >= 12:  # a dot of noise is not a letter
                out.append((b, k, box))
    return out


def blank_grids(gray, grids: list[Grid]):
    """A copy of the page with every table painted white."""
    from PIL import ImageDraw

    page = gray.copy()
    draw = ImageDraw.Draw(page)
    for g in grids:
        draw.rectangle((g.left - 2, g.top - 2, g.right + 2, g.bottom + 2), fill=255)
    return page


def binarize(gray):
    """Black text on white by one Otsu threshold for the whole page. Tesseract thresholds each
    region it is given by itself, and a table cell that is mostly noisy background gets a
    threshold inside the noise: its lone figures come back as speckle ("52" -> ",")."""
    import numpy as np

    arr = np.asarray(gray)
    hist = np.bincount(arr.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 / total - m0) ** 2 / (w0 * w1)
    threshold = int(np.nanargmax(between[:255]))
    return gray.point(lambda v: 0 if v <= threshold else 255)
