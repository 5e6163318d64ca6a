"""`baocao report`: a static HTML audit report of a dataset (no server, no network).

    build_site(Path("data"), Path("site"))   # then open site/index.html

Pages written under SITE/:
  index.html                 documents, sortable by failing checks, date, province ...
  documents/<slug>.html      the text with citations, figures and check marks inline
  instruments/index.html     every cited instrument
  instruments/<slug>.html    who cites it, what it acts on, the chains up and down
  findings.html              every failing check, with its explanation and text
  network.html               the citation network (static SVG)
  charts.html                dossier figures over time per province (static SVG)
  assets/                    report.css, report.js (copied from pipeline/report/assets)

Everything is read through the DuckDB views of `pipeline.query`, so the report shows exactly
what `baocao query` shows. Templates autoescape, and the document text is escaped piece by
piece in markup.py; file names come from paths.py, never from the data.
"""
from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

from pipeline.report import paths
from pipeline.report.markup import finding_label, mark_up, num

HERE = Path(__file__).resolve().parent
DOC_META = (("Number", "doc_number"), ("Title", "title"), ("Kind", "kind"), ("Issued", "issue_date"),
            ("Issuing body", "issuing_body"), ("Level", "admin_level"), ("Province", "province"),
            ("Period", "period_label"), ("Period start", "period_start"), ("Period end", "period_end"),
            ("Source", "source_path"), ("Format", "source_format"), ("Characters", "n_chars"),
            ("doc_id", "doc_id"))


def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def _rows(con, sql: str) -> list[dict]:
    rel = con.sql(sql)
    cols = list(rel.columns)
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def _by_doc(rows: list[dict]) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for r in rows:
        out[r["doc_id"]].append(r)
    return out


def _doc_label(d: dict) -> str:
    title = d.get("title")
    if d.get("doc_number") and title:
        return f"{d['doc_number']} — {title}"
    return title or d.get("doc_number") or d.get("source_path") or d["doc_id"][:12]


class _Instruments:
    """Instrument rows by key, completed from the mentions when the corpus table lacks a key."""

    def __init__(self, rows: list[dict], citations: list[dict], edges: list[dict]):
        self.by_key = {r["instrument_key"]: dict(r) for r in rows if r.get("instrument_key")}
        texts = defaultdict(list)
        for c in citations:
            k = self.key_of(c)
            if k is None:
                continue
            texts[k].append(c.get("text"))
            if k not in self.by_key:
                self.by_key[k] = {"instrument_key": k, "doc_type": c.get("doc_type"), "ref": c.get("ref"),
                                  "year": c.get("year"), "date": c.get("date"), "issuer_code": c.get("issuer_code"),
                                  "issuing_body": None, "n_mentions": 0, "n_documents": 0, "_docs": set()}
            if "_docs" in self.by_key[k]:
                self.by_key[k]["n_mentions"] += 1
                self.by_key[k]["_docs"].add(c["doc_id"])
        for e in edges:
            for k in (e.get("src_key"), e.get("dst_key")):
                if k and not k.startswith("doc:") and k not in self.by_key:
                    self.by_key[k] = {"instrument_key": k, "ref": None, "doc_type": None, "year": None,
                                      "n_mentions": 0, "n_documents": 0}
        for k, r in self.by_key.items():
            docs = r.pop("_docs", None)
            if docs is not None:
                r["n_documents"] = len(docs)
            r["label"] = r.get("ref") or (max(set(texts[k]), key=texts[k].count) if texts.get(k) else None) or \
                (k.split(":", 1)[1] if k.startswith("named:") else k)
            r["page"] = paths.instrument_page(k)

    @staticmethod
    def key_of(c: dict) -> str | None:
        return c.get("instrument_key") or c.get("ref")


def build_site(dataset: Path, site: Path) -> dict:
    """Write the report of `dataset` into `site`; returns counts and the index path."""
    from pipeline import __version__
    from pipeline.query import connect
    from pipeline.report import charts, graph

    con = connect(dataset)
    site.mkdir(parents=True, exist_ok=True)
    pages = paths.SiteWriter(site)
    env = _env()
    common = {"version": __version__, "dataset_name": Path(dataset).resolve().name}

    docs = _rows(con, "SELECT * FROM document_overview")
    citations = _rows(con, "SELECT * FROM citations ORDER BY doc_id, char_start, citation_id")
    stats = _rows(con, "SELECT * FROM dossier_stats ORDER BY doc_id, char_start, stat_id")
    pcts = _rows(con, "SELECT * FROM percentages ORDER BY doc_id, char_start, pct_id")
    findings = _rows(con, "SELECT * FROM findings ORDER BY doc_id, char_start NULLS FIRST, finding_id")
    edges = _rows(con, "SELECT * FROM citation_edges")
    inst = _Instruments(_rows(con, "SELECT * FROM instruments"), citations, edges)
    errors = _rows(con, "SELECT source_path, stage, error_type, message FROM errors "
                        "WHERE doc_id IS NULL OR doc_id NOT IN (SELECT doc_id FROM documents) ORDER BY source_path")

    doc_by_id = {d["doc_id"]: d for d in docs}
    for d in docs:
        d["label"] = _doc_label(d)
        d["page"] = paths.doc_page(d["doc_id"])
    cit_by, st_by, pct_by, f_by = _by_doc(citations), _by_doc(stats), _by_doc(pcts), _by_doc(findings)

    # document pages (they also tell where each mention is drawn, for the instrument pages)
    mention_anchor: dict[str, str] = {}
    for batch in _text_batches(con):
        for doc_id, text in batch:
            d = doc_by_id[doc_id]
            ctx = _document_context(d, text or "", cit_by[doc_id], st_by[doc_id], pct_by[doc_id], f_by[doc_id], inst)
            for row_id, eid in ctx["marked"].element_ids.items():
                mention_anchor[row_id] = f"{d['page']}#{eid}"
            pages.write(d["page"], env.get_template("document.html.j2").render(
                root="../", title=d["label"], **ctx, **common))

    up, down = graph.chains(edges)
    own_docs = defaultdict(list)
    for d in docs:
        if d.get("doc_number"):
            own_docs[d["doc_number"]].append(d)
    cites_of = defaultdict(list)
    for c in citations:
        k = inst.key_of(c)
        if k:
            cites_of[k].append(c)

    def href(k: str, root: str) -> str:
        if k.startswith("doc:") and k[4:] in doc_by_id:
            return root + doc_by_id[k[4:]]["page"]
        return root + paths.instrument_page(k)

    def label(k: str) -> str:
        if k.startswith("doc:"):
            d = doc_by_id.get(k[4:])
            return d["doc_number"] or d["label"][:40] if d else k[:16]
        return inst.by_key[k]["label"] if k in inst.by_key else k

    def tree(nodes):
        return [{"relation": n["relation"], "href": href(n["key"], "../"), "label": label(n["key"]),
                 "children": tree(n["children"])} for n in nodes]

    tpl = env.get_template("instrument.html.j2")
    for k, r in inst.by_key.items():
        cited_by = [{"doc_label": doc_by_id[c["doc_id"]]["label"] if c["doc_id"] in doc_by_id else c["doc_id"][:12],
                     "href": "../" + mention_anchor.get(c["citation_id"], doc_by_id.get(c["doc_id"], {}).get("page", "")),
                     "text": c.get("text"), "via": c.get("via"), "relation": c.get("relation")}
                    for c in cites_of.get(k, [])]
        meta = [(n, r.get(f)) for n, f in (("Reference", "ref"), ("Type", "doc_type"), ("Year", "year"),
                                            ("Date", "date"), ("Issuer code", "issuer_code"),
                                            ("Issuing body", "issuing_body"), ("Key", "instrument_key"))
                if r.get(f) is not None]
        own = [{"href": "../" + d["page"], "label": d["label"]} for d in own_docs.get(r.get("ref") or "", [])]
        pages.write(r["page"], tpl.render(
            root="../", title=r["label"], inst=r, meta=meta, cited_by=cited_by, own_docs=own,
            n_citing_docs=len({c["doc_id"] for c in cites_of.get(k, [])}),
            up=tree(graph.chain_tree(k, up)), down=tree(graph.chain_tree(k, down)), **common))

    inst_rows = sorted(inst.by_key.values(), key=lambda r: (-(r.get("n_mentions") or 0), r["label"]))
    for r in inst_rows:
        r["page_name"] = r["page"].split("/", 1)[1]
        r["n_relations"] = len(up.get(r["instrument_key"], [])) + len(down.get(r["instrument_key"], []))
    pages.write("instruments/index.html", env.get_template("instruments.html.j2").render(
        root="../", title="Instruments", instruments=inst_rows, **common))

    totals = {"citations": len(citations), "figures": len(stats),
              "failed": sum(1 for f in findings if f["status"] == "fail"),
              "passed": sum(1 for f in findings if f["status"] == "pass")}
    pages.write("index.html", env.get_template("index.html.j2").render(
        root="", title="Documents", docs=docs, totals=totals, errors=errors, **common))

    failed = _rows(con, "SELECT * FROM failed_checks")
    finding_n = {}
    for doc_id, fs in f_by.items():
        for i, f in enumerate(fs):
            finding_n[f["finding_id"]] = i
    for f in failed:
        d = doc_by_id.get(f["doc_id"])
        f["doc_label"] = d["label"] if d else f["doc_id"][:12]
        f["href"] = (d["page"] + f"#finding-{finding_n.get(f['finding_id'], 0)}") if d else "#"
        f["reported_s"], f["expected_s"] = num(f["reported"]), num(f["expected"])
    pages.write("findings.html", env.get_template("findings.html.j2").render(
        root="", title="Failing checks", rows=failed, **common))

    svg, shown, total = graph.network_svg(
        edges, label_of=label, href_of=lambda k: href(k, ""),
        kind_of=lambda k: "document" if k.startswith("doc:") else "instrument")
    pages.write("network.html", env.get_template("network.html.j2").render(
        root="", title="Citation network", svg=svg, shown=shown, total=total, legend=graph.legend(), **common))

    pages.write("charts.html", env.get_template("charts.html.j2").render(
        root="", title="Dossier charts", provinces=_province_charts(con, charts), **common))

    pages.drop_stale()  # pages of documents or instruments a previous build had and this one has not
    assets = site / "assets"
    assets.mkdir(exist_ok=True)
    for f in (HERE / "assets").iterdir():
        if f.is_file():
            shutil.copyfile(f, assets / f.name)
    return {"documents": len(docs), "instruments": len(inst.by_key), "failed": totals["failed"],
            "index": str(site / "index.html")}


def _text_batches(con):
    rel = con.sql("SELECT doc_id, text FROM documents ORDER BY source_path")
    make = getattr(rel, "to_arrow_reader", None) or rel.fetch_arrow_reader
    for b in make(64):
        yield zip(b.column(0).to_pylist(), b.column(1).to_pylist())


def _document_context(d, text, cits, stats, pcts, findings, inst) -> dict:
    def cite_href(c):
        k = inst.key_of(c)
        return "../" + paths.instrument_page(k) if k else None

    marked = mark_up(text, cits, stats, pcts, findings, cite_href)
    failing = [{"n": i, "label": finding_label(f), "message": f.get("message"), "severity": f.get("severity")}
               for i, f in enumerate(findings) if f["status"] == "fail"]
    meta = [(name, d.get(k)) for name, k in DOC_META if d.get(k) is not None]
    return {"doc": d, "meta": meta, "marked": marked, "failing": failing,
            "n_pass": sum(1 for f in findings if f["status"] == "pass")}


def _province_charts(con, charts) -> list[dict]:
    rows = _rows(con, "SELECT * FROM dossier_totals")
    by_prov = defaultdict(list)
    for r in rows:
        by_prov[r["province"] or "(province not known)"].append(r)
    out = []
    for name in sorted(by_prov, key=lambda n: (n.startswith("("), n)):  # "(not known)" last
        rs = by_prov[name]
        received, rate = defaultdict(list), defaultdict(list)
        for r in rs:
            when = r["period_end"] or r["period_start"]
            series = f"{r['scope'] or '?'} ({r['admin_level'] or '?'})"
            if r["received"] is not None:
                received[series].append((when, float(r["received"])))
            if r["on_time_rate"] is not None:
                rate[series].append((when, float(r["on_time_rate"])))
            r["rate_s"] = f"{r['on_time_rate'] * 100:.2f}%" if r["on_time_rate"] is not None else "—"
        names = set(received) | set(rate)
        out.append({"name": name, "anchor": paths.slug(name), "rows": rs,
                    "received": charts.line_chart(received, f"{name}: dossiers received", names=names),
                    "rate": charts.line_chart(rate, f"{name}: resolved on or before time", percent=True,
                                              names=names),
                    "legend": charts.chart_legend(names)})
    return out
