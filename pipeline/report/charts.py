"""Small static SVG line charts (dossier figures over time), drawn without a charting library.

A chart is a set of named series of (date, value) points; the x axis is time, the y axis starts
at zero. Each point carries a <title> with its exact value, so hovering reads the number.
"""
from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup

PALETTE = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#9b2c2c", "#319795", "#4a5568")


def _ticks(top: float, n: int = 4) -> list[float]:
    if top <= 0:
        return [0.0]
    raw = top / n
    mag = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    k = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(k + 1)]


def _fmt(v: float, percent: bool) -> str:
    if percent:
        return f"{v * 100:.0f}%" if v * 100 == int(v * 100) else f"{v * 100:.1f}%"
    return f"{int(v):,}".replace(",", ".") if float(v).is_integer() else f"{v:.2f}"


def line_chart(series: dict[str, list[tuple[dt.date, float]]], title: str, percent: bool = False,
               names=None, width: int = 560, height: int = 260) -> Markup:
    """An SVG chart; `names` fixes the colour order (the same across charts that share a legend)."""
    order = sorted(names if names is not None else series)
    pts = [(d, v) for s in series.values() for d, v in s if d is not None and v is not None]
    if not pts:
        return Markup('<p class="empty">No figures for {t}.</p>').format(t=title)
    left, right, top, bottom = 64, 16, 28, 40
    days = [d.toordinal() for d, _ in pts]
    d0, d1 = min(days), max(days)
    if d0 == d1:
        d0, d1 = d0 - 30, d1 + 30
    vmax = 1.0 if percent else max(v for _, v in pts) * 1.1 or 1.0
    ticks = _ticks(vmax)
    vmax = max(vmax, ticks[-1])

    def x(d: dt.date) -> float:
        return left + (d.toordinal() - d0) / (d1 - d0) * (width - left - right)

    def y(v: float) -> float:
        return height - bottom - v / vmax * (height - top - bottom)

    out = [Markup('<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
                  'aria-label="{t}"><text class="chart-title" x="{l}" y="16">{t}</text>').format(
        w=width, h=height, t=title, l=left)]
    for t in ticks:
        out.append(Markup('<line class="grid" x1="{a}" x2="{b}" y1="{y:.1f}" y2="{y:.1f}"/>'
                          '<text class="tick" x="{tx}" y="{ty:.1f}" text-anchor="end">{v}</text>').format(
            a=left, b=width - right, y=y(t), tx=left - 6, ty=y(t) + 4, v=_fmt(t, percent)))
    years = range(dt.date.fromordinal(d0).year, dt.date.fromordinal(d1).year + 1)
    for yr in years:
        d = dt.date(yr, 1, 1)
        if d0 <= d.toordinal() <= d1:
            out.append(Markup('<text class="tick" x="{x:.1f}" y="{y}" text-anchor="middle">{yr}</text>').format(
                x=x(d), y=height - bottom + 16, yr=yr))
    for name, s in sorted(series.items()):
        col = PALETTE[order.index(name) % len(PALETTE)]
        s = sorted((d, v) for d, v in s if d is not None and v is not None)
        if len(s) > 1:
            path = " ".join(f"{'M' if j == 0 else 'L'}{x(d):.1f},{y(v):.1f}" for j, (d, v) in enumerate(s))
            out.append(Markup('<path d="{p}" fill="none" stroke="{c}" stroke-width="2"/>').format(p=path, c=col))
        for d, v in s:
            out.append(Markup('<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{c}">'
                              '<title>{n} · {d}: {v}</title></circle>').format(
                x=x(d), y=y(v), c=col, n=name, d=d.isoformat(), v=_fmt(v, percent)))
    out.append(Markup("</svg>"))
    return Markup("").join(out)


def chart_legend(names) -> Markup:
    """HTML legend in the colours line_chart gives the series (sorted by name)."""
    return Markup(" ").join(
        Markup('<span class="legend-item"><span class="swatch" style="background:{c}"></span>{n}</span>').format(
            c=PALETTE[i % len(PALETTE)], n=n) for i, n in enumerate(sorted(names)))
