"""The figures and checks inside the whole pipeline: a generated report written to a file and
processed by pipeline.process (real ingest, segmenter and citation extractor)."""
from __future__ import annotations

from reportgen import PLANTS, make_report

from pipeline.process import process_file

NUMERIC = {name for name, rule in PLANTS.items() if rule not in ("structure", "citation")}


def _process(tmp_path, report):
    path = tmp_path / "bao-cao.txt"
    path.write_text(report.text, encoding="utf-8")
    return process_file(tmp_path, path)


def test_clean_report_through_the_pipeline(tmp_path):
    rows = _process(tmp_path, make_report(11))
    assert rows["errors"] == []
    assert len(rows["dossier_stats"]) >= 25 and len(rows["percentages"]) >= 10
    assert [f["message"] for f in rows["findings"] if f["status"] == "fail"] == []
    ids = {r["stat_id"] for r in rows["dossier_stats"]} | {r["pct_id"] for r in rows["percentages"]}
    assert all(e in ids for f in rows["findings"] if f["rule"] in ("percentage", "fraction")
               for e in f["evidence"] if ":" not in e)


def test_planted_report_through_the_pipeline(tmp_path):
    report = make_report(11, NUMERIC)
    rows = _process(tmp_path, report)
    fails = [f for f in rows["findings"] if f["status"] == "fail"]
    missed = [p.name for p in report.plants
              if not any(f["rule"] == p.rule and f["char_start"] < p.end and p.start < f["char_end"] for f in fails)]
    assert missed == []
