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
INSTRUMENT_META = (("Reference", "ref"), ("Type", "doc_type"), ("Year", "year"), ("Date", "date"),
                   ("Issuer code", "issuer_code"), ("Issuing body", "issuing_body"), ("Key", "instrument_key"))


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
    from pipeline.query import connect

    con = connect(dataset)
    try:
        s = _Site(con, Path(dataset), site)
        s.write_documents()      # first: they tell where each mention is drawn
        s.write_instruments()
        s.write_index()
        s.write_findings()
        s.write_network()
        s.write_charts()
    finally:
        con.close()  # an in-memory database keeps worker threads until closed
    s.pages.drop_stale()     # pages of documents or instruments a previous build had and this one has not
    assets = site / "assets"
    assets.mkdir(exist_ok=True)
    for f in (HERE / "assets").iterdir():
        if f.is_file():
            shutil.copyfile(f, assets / f.name)
    return {"documents": len(s.docs), "instruments": len(s.inst.by_key), "failed": s.totals["failed"],
            "index": str(site / "index.html")}


class _Site:
    """The dataset as the pages need it, and one method per kind of page."""

    def __init__(self, con, dataset: Path, site: Path):
        from pipeline import __version__
        from pipeline.report import graph

        self.con = con
        self.pages = paths.SiteWriter(site)
        self.env = _env()
        self.common = {"version": __version__, "dataset_name": dataset.resolve().name}
        self.docs = _rows(con, "SELECT * FROM document_overview")
        self.citations = _rows(con, "SELECT * FROM citations ORDER BY doc_id, char_start, citation_id")
        self.stats = _rows(con, "SELECT * FROM dossier_stats ORDER BY doc_id, char_start, stat_id")
        self.pcts = _rows(con, "SELECT * FROM percentages ORDER BY doc_id, char_start, pct_id")
        self.findings = _rows(con, "SELECT * FROM findings ORDER BY doc_id, char_start NULLS FIRST, finding_id")
        self.edges = _rows(con, "SELECT * FROM citation_edges")
        self.inst = _Instruments(_rows(con, "SELECT * FROM instruments"), self.citations, self.edges)
        self.up, self.down = graph.chains(self.edges)
        self.doc_by_id = {d["doc_id"]: d for d in self.docs}
        for d in self.docs:
            d["label"] = _doc_label(d)
            d["page"] = paths.doc_page(d["doc_id"])
        self.totals = {"citations": len(self.citations), "figures": len(self.stats),
                       "failed": sum(1 for f in self.findings if f["status"] == "fail"),
                       "passed": sum(1 for f in self.findings if f["status"] == "pass")}
        self.mention_anchor: dict[str, str] = {}  # citation_id -> "documents/x.html#c3"

    def render(self, rel: str, template: str, **ctx) -> None:
        root = "../" if "/" in rel else ""
        self.pages.write(rel, self.env.get_template(template).render(root=root, **ctx, **self.common))

    # node keys of citation_edges: an instrument_key, or "doc:<doc_id>"
    def href(self, key: str, root: str) -> str:
        if key.startswith("doc:") and key[4:] in self.doc_by_id:
            return root + self.doc_by_id[key[4:]]["page"]
        return root + paths.instrument_page(key)

    def label(self, key: str) -> str:
        if key.startswith("doc:"):
            d = self.doc_by_id.get(key[4:])
            return (d["doc_number"] or d["label"][:40]) if d else key[4:16]
        return self.inst.by_key[key]["label"] if key in self.inst.by_key else key

    def write_documents(self) -> None:
        cit_by, st_by, pct_by, f_by = (_by_doc(x) for x in (self.citations, self.stats, self.pcts, self.findings))
        for batch in _text_batches(self.con):
            for doc_id, text in batch:
                d = self.doc_by_id[doc_id]
                ctx = _document_context(d, text or "", cit_by[doc_id], st_by[doc_id], pct_by[doc_id],
                                        f_by[doc_id], self.inst)
                for row_id, eid in ctx["marked"].element_ids.items():
                    self.mention_anchor[row_id] = f"{d['page']}#{eid}"
                self.render(d["page"], "document.html.j2", title=d["label"], **ctx)

    def write_instruments(self) -> None:
        from pipeline.report import graph

        own_docs, cites_of = defaultdict(list), defaultdict(list)
        for d in self.docs:
            if d.get("doc_number"):
                own_docs[d["doc_number"]].append(d)
        for c in self.citations:
            k = self.inst.key_of(c)
            if k:
                cites_of[k].append(c)

        def tree(nodes):
            return [{"relation": n["relation"], "href": self.href(n["key"], "../"), "label": self.label(n["key"]),
                     "children": tree(n["children"])} for n in nodes]

        for k, r in self.inst.by_key.items():
            cited_by = []
            for c in cites_of.get(k, []):
                d = self.doc_by_id.get(c["doc_id"])
                anchor = self.mention_anchor.get(c["citation_id"]) or (d["page"] if d else "")
                cited_by.append({"doc_label": d["label"] if d else c["doc_id"][:12], "href": "../" + anchor,
                                 "text": c.get("text"), "via": c.get("via"), "relation": c.get("relation")})
            meta = [(n, r.get(f)) for n, f in INSTRUMENT_META if r.get(f) is not None]
            own = [{"href": "../" + d["page"], "label": d["label"]} for d in own_docs.get(r.get("ref") or "", [])]
            self.render(r["page"], "instrument.html.j2", title=r["label"], inst=r, meta=meta, cited_by=cited_by,
                        own_docs=own, n_citing_docs=len({c["doc_id"] for c in cites_of.get(k, [])}),
                        up=tree(graph.chain_tree(k, self.up)), down=tree(graph.chain_tree(k, self.down)))

        rows = sorted(self.inst.by_key.values(), key=lambda r: (-(r.get("n_mentions") or 0), r["label"]))
        for r in rows:
            r["page_name"] = r["page"].split("/", 1)[1]
            r["n_relations"] = len(self.up.get(r["instrument_key"], [])) + len(self.down.get(r["instrument_key"], []))
        self.render("instruments/index.html", "instruments.html.j2", title="Instruments", instruments=rows)

    def write_index(self) -> None:
        errors = _rows(self.con, "SELECT source_path, stage, error_type, message FROM errors WHERE doc_id IS NULL "
                                 "OR doc_id NOT IN (SELECT doc_id FROM documents) ORDER BY source_path")
        self.render("index.html", "index.html.j2", title="Documents", docs=self.docs, totals=self.totals,
                    errors=errors)

    def write_findings(self) -> None:
        number = {}  # finding_id -> n of its mark's anchor "#finding-n" on the document page
        for fs in _by_doc(self.findings).values():
            for i, f in enumerate(fs):
                number[f["finding_id"]] = i
        failed = _rows(self.con, "SELECT * FROM failed_checks")
        for f in failed:
            d = self.doc_by_id.get(f["doc_id"])
            f["doc_label"] = d["label"] if d else f["doc_id"][:12]
            f["href"] = f"{d['page']}#finding-{number.get(f['finding_id'], 0)}" if d else "#"
            f["reported_s"], f["expected_s"] = num(f["reported"]), num(f["expected"])
        self.render("findings.html", "findings.html.j2", title="Failing checks", rows=failed)

    def write_network(self) -> None:
        from pipeline.report import graph

        svg, shown, total = graph.network_svg(
            self.edges, label_of=self.label, href_of=lambda k: self.href(k, ""),
            kind_of=lambda k: "document" if k.startswith("doc:") else "instrument")
        self.render("network.html", "network.html.j2", title="Citation network", svg=svg, shown=shown,
                    total=total, legend=graph.legend())

    def write_charts(self) -> None:
        from pipeline.report import charts

        self.render("charts.html", "charts.html.j2", title="Dossier charts",
                    provinces=_province_charts(self.con, charts))


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
