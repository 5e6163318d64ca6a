"""`baocao report`: the static site's pages, read back as HTML (no browser; see test_browser.py).

The gold dataset (tests/surfaces_data.py) gives exact expectations: 11 red marks on seed 003's
page, 80/KH-UBND's chain up to Nghị quyết Trung ương 6, 2.473 dossiers in the Bắc Giang chart.
A hostile document checks escaping and that no file lands outside --out.
"""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from conftest import ROOT, load_gold
from surfaces_data import HOSTILE_TEXT, hostile_rows, seed_doc_id, write_gold_dataset


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from pipeline.report import build_site

    ds = write_gold_dataset(tmp_path_factory.mktemp("report-ds"), extra_rows=hostile_rows())
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(ds, out)
    return out


def page(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def doc_page(site: Path, prefix: str) -> Path:
    from pipeline.report.paths import doc_page as name

    return site / name(seed_doc_id(prefix))


def test_index_lists_every_document_with_its_counts(site):
    html = page(site / "index.html")
    rows = html.css("#documents tbody tr")
    assert len(rows) == 6  # five seeds and the hostile document
    failing = {r.attributes["data-doc"]: int(r.css_first("td.findings").text()) for r in rows}
    gold = Counter(f["doc"][:3] for f in load_gold("findings") if f["status"] == "fail")
    for prefix in ("000", "002", "003", "004"):
        assert failing[seed_doc_id(prefix)] == gold[prefix]
    headers = [th.text(strip=True) for th in html.css("#documents th")]
    assert {"Province", "Issued", "Failing"} <= set(headers)
    assert all(th.attributes.get("data-type") for th in html.css("#documents th"))


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_document_page_marks_every_check(site, prefix):
    html = page(doc_page(site, prefix))
    gold = [f for f in load_gold("findings") if f["doc"].startswith(prefix)]
    assert len(html.css(".mark-fail")) == sum(f["status"] == "fail" for f in gold)
    assert len(html.css(".mark-pass")) == sum(f["status"] == "pass" for f in gold)
    assert len(html.css(".finding-list .finding-item")) == sum(f["status"] == "fail" for f in gold)
    figs = [s for s in load_gold("dossier_stats") if s["doc"].startswith(prefix)]
    assert len(html.css(".doctext .ann.fig")) == len(figs)


def test_document_text_is_whole_and_annotations_sit_on_their_spans(site):
    html = page(doc_page(site, "000"))
    text = (ROOT / "corpora/seeds/000_eb60bfc273ad20a5.txt").read_text(encoding="utf-8")
    pre = html.css_first("pre.doctext")
    for m in pre.css(".mark"):
        m.decompose()
    assert pre.text() == text
    fig = html.css_first('.ann.fig[title*="2473"]')
    assert fig.text() == "2.473" and "received_total" in fig.attributes["data-parse"]


def test_red_mark_sits_after_the_reported_figure_with_its_arithmetic(site):
    html = page(doc_page(site, "002"))
    marks = [m for m in html.css(".mark-fail") if m.attributes.get("data-rule") == "percentage"]
    assert len(marks) == 1
    mark = marks[0]
    assert "reported 0.06 ≠ expected 8.06" in mark.text()
    assert "5/62 = 8,06%" in mark.css_first(".mark-note").text()
    prev = mark.prev
    while prev is not None and prev.tag == "-text" and not prev.text().strip():
        prev = prev.prev
    assert prev.text() == "0.06%"  # the percentage the check says is wrong
    evidence = mark.attributes["data-evidence"].split()
    assert {html.css_first(f"#{e}").text() for e in evidence} == {"5", "62", "0.06%"}


def test_citation_links_reach_the_instrument_page(site):
    html = page(doc_page(site, "000"))
    link = next(a for a in html.css("a.ann.cite") if a.text().startswith("Kế hoạch số 94/KH-UBND"))
    target = (doc_page(site, "000").parent / link.attributes["href"]).resolve()
    assert target.is_file()
    assert page(target).css_first("h1").text() == "94/KH-UBND"


def test_instrument_page_shows_citing_documents_and_chains(site):
    from pipeline.report.paths import instrument_page

    html = page(site / instrument_page("80/KH-UBND"))
    up = [a.text() for a in html.css(".chains section:first-child ul.chain a")]
    assert up[:2] == ["112/KH-UBND", "47-KH/TU"]
    assert any(t.startswith("Nghị quyết Trung ương 6") for t in up[2:])
    html = page(site / instrument_page("47-KH/TU"))
    cited = html.css("#cited-by tbody tr")
    gold = [c for c in load_gold("citations") if c["number"] == "47" and c["symbol"] == "KH/TU"
            and not c.get("uncertain")]
    assert len(cited) == len(gold) == 4
    down = [a.text() for a in html.css(".chains section:nth-child(2) ul.chain a")]
    assert "112/KH-UBND" in down and "80/KH-UBND" in down


def test_own_number_links_the_instrument_to_its_document(site):
    from pipeline.report.paths import instrument_page

    html = page(site / instrument_page("417/BC-UBND"))
    assert "417/BC-UBND" in html.css_first(".in-corpus a").text()


def test_failing_checks_page_lists_every_failure(site):
    rows = page(site / "findings.html").css("#failed-checks tbody tr")
    assert len(rows) == sum(f["status"] == "fail" for f in load_gold("findings")) + 2  # + hostile document


def test_network_draws_every_node_of_the_gold_graph(site):
    from surfaces_data import gold_rows

    edges = gold_rows()["citation_edges"]  # the hostile document adds mentions, not corpus edges
    nodes = {e["src_key"] for e in edges} | {e["dst_key"] for e in edges}
    html = page(site / "network.html")
    assert len(html.css("svg.network a.node")) == len(nodes)
    assert len(html.css("svg.network a.node-document")) == len({n for n in nodes if n.startswith("doc:")}) == 4
    rel = [e for e in edges if e["relation"] == "implements"]
    assert len(html.css("svg.network line.edge-implements")) == len({(e["src_key"], e["dst_key"]) for e in rel})


def test_charts_show_the_dossier_totals(site):
    html = page(site / "charts.html")
    sections = {s.css_first("h2").text(): s for s in html.css("section.province-charts")}
    assert list(sections)[-1] == "(province not known)"
    bg = sections["Bắc Giang"]
    received = sorted(int(td.text()) for td in bg.css("td.received") if td.text() != "—")
    assert 2473 in received and 12512 in received and 49059 in received
    assert len(bg.css("svg.chart")) == 2
    points = bg.css("svg.chart circle.point")
    assert any("2.473" in p.text() for p in points)


def test_every_internal_link_resolves(site):
    broken = []
    for f in site.rglob("*.html"):
        for a in page(f).css("a[href]"):
            href = a.attributes["href"]
            u = urlparse(href)
            if u.scheme or href.startswith("#"):
                continue
            target = (f.parent / unquote(u.path)).resolve()
            if not target.is_file():
                broken.append((f.name, href))
    assert broken == []


# --- hostile input ------------------------------------------------------------------------------

def test_hostile_text_is_escaped_everywhere(site):
    scripts = []
    for f in site.rglob("*.html"):
        raw = f.read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<img src=x" not in raw and "<svg onload" not in raw
        html = HTMLParser(raw)
        scripts += [s.attributes.get("src") for s in html.css("script")]
        for node in html.css("*"):
            assert not any(k.startswith("on") for k in node.attributes), (f.name, node.tag, node.attributes)
    assert set(scripts) <= {"assets/report.js", "../assets/report.js"}


def test_hostile_document_text_reads_back_as_text(site):
    from pipeline.report.paths import doc_page as name
    import hashlib

    p = site / name(hashlib.sha256(HOSTILE_TEXT.encode()).hexdigest())
    html = page(p)
    # a finding without a span is still a red mark, above the text
    assert len(html.css(".mark-fail")) == 2 and len(html.css(".doc-level .mark-fail")) == 1
    pre = html.css_first("pre.doctext")
    for m in pre.css(".mark"):
        m.decompose()
    assert pre.text() == HOSTILE_TEXT
    assert "<b onmouseover=alert(6)>tiêu đề</b>" in html.css_first("h1").text()
    assert "<img src=x onerror=alert(5)>" in html.css_first(".finding-list").text()


def test_no_file_is_written_outside_the_site(site):
    root = site.resolve()
    for f in site.parent.rglob("*"):
        assert root in f.resolve().parents or f.resolve() == root
    names = [f.name for f in site.rglob("*") if f.is_file()]
    assert all(set(n) <= set("abcdefghijklmnopqrstuvwxyz0123456789-.") for n in names), names


def test_slugs_are_safe_and_distinct():
    from pipeline.report.paths import slug, write_page

    assert slug("94/KH-UBND") != slug("94-KH-UBND")
    assert slug("Nghị quyết Trung ương 6").startswith("nghi-quyet-trung-uong-6-")
    for key in ("../../etc/passwd", "/abs", "..", "", "\x00", "a" * 500):
        s = slug(key)
        assert s and "/" not in s and ".." not in s and len(s) <= 49
    with pytest.raises(ValueError):
        write_page(Path("/tmp/h7-site-guard"), "../outside.html", "x")


# --- the command, on the dataset the real pipeline writes ------------------------------------------

def test_cli_report_on_the_seed_dataset(seed_dataset, tmp_path):
    from pipeline.query import connect

    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pipeline.cli", "report", str(seed_dataset), "--out", str(out)],
                       cwd=ROOT, capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert b"5 document pages" in r.stdout
    con = connect(seed_dataset)
    failing = dict(con.sql("SELECT doc_id, count(*) FROM findings WHERE status = 'fail' GROUP BY 1").fetchall())
    from pipeline.report.paths import doc_page as name
    for prefix in ("000", "001", "002", "003", "004"):
        doc_id = seed_doc_id(prefix)
        assert len(page(out / name(doc_id)).css(".mark-fail")) == failing.get(doc_id, 0)
    # the gold: seed 004 has exactly one failing finding (the 2011-2020 / 2016-2020 period conflict)
    assert failing.get(seed_doc_id("004"), 0) == sum(
        1 for f in load_gold("findings") if f["doc"].startswith("004") and f["status"] == "fail")


def test_empty_dataset_and_rebuild_drops_stale_pages(tmp_path):
    from pipeline.report import build_site

    out = tmp_path / "site"
    full = write_gold_dataset(tmp_path / "full")
    first = build_site(full, out)
    assert first["documents"] == 5 and len(list((out / "documents").glob("*.html"))) == 5
    (out / "documents" / "notes.txt").write_text("mine")   # not a page: left alone
    empty = tmp_path / "empty"
    empty.mkdir()
    summary = build_site(empty, out)                       # a directory with no tables at all
    assert summary["documents"] == 0 and summary["instruments"] == 0
    assert list((out / "documents").glob("*.html")) == []
    assert [p.name for p in (out / "instruments").glob("*.html")] == ["index.html"]
    assert (out / "documents" / "notes.txt").read_text() == "mine"
    assert page(out / "index.html").css("#documents tbody tr") == []
