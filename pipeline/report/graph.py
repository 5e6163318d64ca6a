"""The citation graph for the report: chains up and down from an instrument, and a static SVG.

Edges come from the citation_edges table (src REL dst, active voice). "Up" from an instrument
follows what it acts on (80/KH-UBND implements 112/KH-UBND implements 47-KH/TU ...); "down"
follows what acts on it. `cites` edges (a document mentioning an instrument) are not chains.

The network view is a static SVG drawn here rather than a JavaScript graph library: it needs
no vendored code, opens offline from a fresh clone, every node is a plain link to its page,
and the layout (networkx's spring layout, fixed seed) is the same on every build. Only the
best-connected nodes are drawn (MAX_NODES), the page says how many were left out.
"""
from __future__ import annotations

import math
from collections import defaultdict

from markupsafe import Markup

MAX_NODES = 160
MAX_DEPTH = 8
RELATION_COLORS = {"cites": "#b8c4d6", "implements": "#2b6cb0", "amends": "#c05621", "replaces": "#9b2c2c",
                   "guides": "#2f855a", "repeals": "#742a2a", "based_on": "#6b46c1"}


def chains(edges: list[dict]) -> tuple[dict, dict]:
    """(up, down): instrument key -> [(relation, other key)] over non-`cites` edges, deduplicated."""
    up, down = defaultdict(set), defaultdict(set)
    for e in edges:
        if e["relation"] == "cites" or not e.get("src_key") or not e.get("dst_key"):
            continue
        up[e["src_key"]].add((e["relation"], e["dst_key"]))
        down[e["dst_key"]].add((e["relation"], e["src_key"]))
    return ({k: sorted(v) for k, v in up.items()}, {k: sorted(v) for k, v in down.items()})


def chain_tree(start: str, step: dict, depth: int = MAX_DEPTH) -> list[dict]:
    """Nested [{relation, key, children}] reachable from `start`; each key expanded once."""
    seen = {start}

    def walk(key: str, d: int) -> list[dict]:
        out = []
        for rel, other in step.get(key, []):
            node = {"relation": rel, "key": other, "children": []}
            if other not in seen and d < depth:
                seen.add(other)
                node["children"] = walk(other, d + 1)
            out.append(node)
        return out

    return walk(start, 0)


def network_svg(edges: list[dict], label_of, href_of, kind_of, width: int = 1100, height: int = 800) -> tuple[Markup, int, int]:
    """(svg, nodes drawn, nodes in the graph). label_of/href_of/kind_of map a node key."""
    import networkx as nx

    g = nx.Graph()
    rel_of = {}
    for e in edges:
        s, d = e.get("src_key"), e.get("dst_key")
        if not s or not d or s == d:
            continue
        g.add_edge(s, d)
        if rel_of.get((s, d), "cites") == "cites":
            rel_of[(s, d)] = e["relation"]
    total = g.number_of_nodes()
    if total == 0:
        return Markup('<p class="empty">No citations in this dataset.</p>'), 0, 0
    keep = sorted(g.nodes, key=lambda k: (-g.degree(k), str(k)))[:MAX_NODES]
    h = g.subgraph(keep).copy()
    h.remove_nodes_from([n for n in list(h.nodes) if h.degree(n) == 0 and total > MAX_NODES])
    pos = nx.spring_layout(h, seed=7, k=1.6 / math.sqrt(max(h.number_of_nodes(), 1)), iterations=120)
    pad = 40
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)

    def xy(n):
        x, y = pos[n]
        return (pad + (x - x0) / ((x1 - x0) or 1) * (width - 2 * pad),
                pad + (y - y0) / ((y1 - y0) or 1) * (height - 2 * pad))

    parts = [Markup('<svg class="network" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
                    'role="img" aria-label="citation network">').format(w=width, h=height),
             Markup('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
                    'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
                    'fill="#555"/></marker></defs>')]
    for (s, d), rel in sorted(rel_of.items(), key=lambda kv: kv[1] != "cites"):
        if s not in pos or d not in pos:
            continue
        (ax, ay), (bx, by) = xy(s), xy(d)
        arrow = Markup(' marker-end="url(#arrow)"') if rel != "cites" else Markup("")
        parts.append(Markup('<line class="edge edge-{c}" x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
                            'stroke="{col}"{arrow}><title>{t}</title></line>').format(
            c=rel, ax=ax, ay=ay, bx=bx, by=by, col=RELATION_COLORS.get(rel, "#999"), arrow=arrow,
            t=f"{label_of(s)} {rel} {label_of(d)}"))
    ranked = sorted(h.nodes, key=lambda k: (-h.degree(k), str(k)))
    labelled = set(ranked[:30])
    for n in ranked[::-1]:  # best connected drawn last, on top
        x, y = xy(n)
        r = 3 + 2.2 * math.sqrt(h.degree(n))
        kind = kind_of(n)
        label = label_of(n)
        text = Markup('<text x="{x:.1f}" y="{y:.1f}">{t}</text>').format(x=x + r + 2, y=y + 4, t=label) \
            if n in labelled else Markup("")
        parts.append(Markup('<a href="{href}" class="node node-{k}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
                            '<title>{t} ({deg} links)</title></circle>{text}</a>').format(
            href=href_of(n) or "#", k=kind, x=x, y=y, r=r, t=label, deg=g.degree(n), text=text))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts), h.number_of_nodes(), total


def legend() -> Markup:
    items = [Markup('<span class="swatch" style="background:{c}"></span>{r}').format(c=c, r=r)
             for r, c in RELATION_COLORS.items()]
    return Markup(" ").join(items)
