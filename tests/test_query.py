"""`baocao query`: the DuckDB views, the output formats, the shell, and live-file reading.

Most tests run on the gold dataset (tests/surfaces_data.py) so they can assert exact gold
numbers; the test_seed_* ones run on the dataset the real pipeline writes for corpora/seeds.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, load_gold
from surfaces_data import gold_failing, seed_doc_id, write_gold_dataset

BAOCAO = [sys.executable, "-m", "pipeline.cli"]


@pytest.fixture(scope="module")
def gold_ds(tmp_path_factory) -> Path:
    return write_gold_dataset(tmp_path_factory.mktemp("gold-ds"))


def q(ds: Path, sql: str) -> list[dict]:
    from pipeline.query import connect

    rel = connect(ds).sql(sql)
    return [dict(zip(rel.columns, r)) for r in rel.fetchall()]


def cli(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`baocao ARGS` in a subprocess: the real command, exit status and streams."""
    return subprocess.run(BAOCAO + list(args), cwd=ROOT, input=stdin.encode() if stdin is not None else None,
                          capture_output=True, timeout=120)


def main(capsysbinary, monkeypatch, *args, stdin: str | None = None) -> tuple[int, bytes, bytes]:
    """`baocao ARGS` in this process (faster): (exit status, stdout, stderr)."""
    from pipeline.cli import main as baocao

    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = baocao(list(args))
    out, err = capsysbinary.readouterr()
    return code, out, err


def test_every_table_and_convenience_view_exists(gold_ds):
    from pipeline.query import connect, view_names
    from schemas.tables import TABLES

    names = set(view_names(connect(gold_ds)))
    assert set(TABLES) <= names
    assert {"document_overview", "dossier_groups", "dossier_totals", "failed_checks", "citation_counts",
            "instrument_relations"} <= names


def test_dossier_totals_match_the_gold_figures(gold_ds):
    rows = q(gold_ds, "SELECT * FROM dossier_totals")
    city = [r for r in rows if r["province"] == "Bắc Giang" and r["period_label"] == "tháng 10 năm 2018"
            and r["scope"] == "thành phố"]
    assert len(city) == 1
    gold = {s["metric"]: s["value"] for s in load_gold("dossier_stats") if s["group"] == "000-g1"}
    assert city[0]["received"] == gold["received_total"] == 2473
    assert city[0]["resolved"] == gold["resolved_total"]
    assert city[0]["on_time"] == gold["resolved_early"] + gold["resolved_on_time"]
    assert city[0]["pending"] == gold["pending_total"]
    # the on-time rate the view computes for Phường Đúc is the one the report itself prints (84,09%)
    ward = [r for r in rows if r["province"] == "Thừa Thiên Huế"]
    assert len(ward) == 1 and ward[0]["received"] == 94 and ward[0]["resolved"] == 88
    printed = next(p for p in load_gold("percentages") if p["doc"].startswith("002") and p["text"] == "84,09%")
    assert round(ward[0]["on_time_rate"] * 100, 2) == printed["value"]


def test_dossier_totals_count_a_restated_group_once(gold_ds):
    # seed 002 states its ward totals twice (groups g1 and g2: 94 received both times)
    groups = q(gold_ds, "SELECT group_id, received FROM dossier_groups WHERE group_id IN ('002-g1', '002-g2')")
    assert sorted(r["received"] for r in groups) == [94, 94]
    total = q(gold_ds, "SELECT sum(received) AS n FROM dossier_totals WHERE province = 'Thừa Thiên Huế'")
    assert total[0]["n"] == 94


def test_failed_checks_per_document_and_their_evidence_text(gold_ds):
    rows = q(gold_ds, "SELECT * FROM failed_checks")
    gold = [f for f in load_gold("findings") if f["status"] == "fail"]
    assert len(rows) == len(gold) == 22
    by_path = Counter(Path(r["source_path"]).stem for r in rows)
    assert by_path == Counter(f["doc"] for f in gold)
    texts = {(Path(r["source_path"]).stem, r["char_start"], r["char_end"]): r["evidence_text"] for r in rows}
    for f in gold:
        assert texts[(f["doc"], f["start"], f["end"])] == f["text"]
    pct = next(r for r in rows if r["rule"] == "percentage" and r["reported"] == 0.06)
    assert pct["expected"] == 8.06 and "0.06%" in pct["evidence_rows"] and "62" in pct["evidence_rows"]


def test_citation_counts_agree_with_the_gold_mentions(gold_ds):
    rows = {r["instrument_key"]: r for r in q(gold_ds, "SELECT * FROM citation_counts")}
    mentions = [c for c in load_gold("citations") if not c.get("uncertain") and not c.get("self")
                and c["number"] == "47" and c["symbol"] == "KH/TU"]
    assert rows["47-KH/TU"]["n_mentions"] == len(mentions) == 4
    assert rows["47-KH/TU"]["n_documents"] == len({c["doc"] for c in mentions}) == 2
    assert "417/BC-UBND" not in rows  # a document's own number is not a citation of it
    first = q(gold_ds, "SELECT instrument_key FROM citation_counts LIMIT 1")[0]["instrument_key"]
    assert rows[first]["n_mentions"] == max(r["n_mentions"] for r in rows.values())


def test_instrument_relations_name_both_ends(gold_ds):
    rows = q(gold_ds, "SELECT src_ref, relation, dst_ref FROM instrument_relations")
    assert {"src_ref": "80/KH-UBND", "relation": "implements", "dst_ref": "112/KH-UBND"} in rows


def test_document_overview_counts(gold_ds):
    rows = {Path(r["source_path"]).stem[:3]: r for r in q(gold_ds, "SELECT * FROM document_overview")}
    assert rows["003"]["n_failed"] == len(gold_failing("003")) == 11
    assert rows["000"]["doc_number"] == "417/BC-UBND" and rows["000"]["province"] == "Bắc Giang"
    assert rows["004"]["n_dossier_stats"] == sum(1 for s in load_gold("dossier_stats") if s["doc"].startswith("004"))


# --- reading only what the manifest committed ------------------------------------------------

def test_uncommitted_and_staged_parts_are_not_read(gold_ds, tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(gold_ds, ds)
    stray = next((ds / "documents").glob("part-*.parquet"))
    shutil.copyfile(stray, ds / "documents" / "part-uncommitted.parquet")   # visible, not in the manifest
    shutil.copyfile(stray, ds / "documents" / ".part-staged.parquet.tmp")   # staged by a running run
    assert q(ds, "SELECT count(*) AS n FROM documents")[0]["n"] == 5


def test_without_a_manifest_the_glob_is_read_with_hive_partitions(gold_ds, tmp_path):
    import pyarrow.parquet as pq

    ds = tmp_path / "plain"
    table = pq.read_table(next((gold_ds / "documents").glob("*.parquet")))
    for i, row in enumerate(table.to_pylist()):
        d = ds / "documents" / f"province_group={i % 2}"
        d.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.slice(i, 1), d / f"p{i}.parquet")
    rows = q(ds, "SELECT count(*) AS n, count(DISTINCT province_group) AS g FROM documents")
    assert rows[0] == {"n": 5, "g": 2}
    # tables with no files are empty views that still have the contract's columns
    assert q(ds, "SELECT count(*) AS n FROM findings")[0]["n"] == 0
    assert q(ds, "SELECT count(*) AS n FROM failed_checks")[0]["n"] == 0


# --- the command --------------------------------------------------------------------------------

def test_cli_table_format(gold_ds):
    r = cli("query", str(gold_ds), "SELECT scope, received FROM dossier_totals WHERE province = 'Bắc Giang' "
            "AND period_label = 'tháng 10 năm 2018' ORDER BY received")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode().splitlines()
    assert lines[0].split() == ["scope", "received"]
    assert lines[2].startswith("thành phố") and lines[2].endswith("2473")
    assert lines[3].startswith("phường, xã") and lines[3].endswith("12512")
    assert lines[-1] == "(2 rows)"


def test_cli_csv_json_jsonl_parquet(gold_ds, tmp_path, capsysbinary, monkeypatch):
    sql = "SELECT finding_id, rule, reported, expected, evidence_rows FROM failed_checks WHERE rule = 'percentage'"
    code, out, _ = main(capsysbinary, monkeypatch, "query", str(gold_ds), sql, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.decode())))
    assert code == 0 and len(rows) == 2 and {x["reported"] for x in rows} == {"0.06", "95.0"}
    _, out, _ = main(capsysbinary, monkeypatch, "query", str(gold_ds), sql, "--format", "json")
    data = json.loads(out)
    assert {d["expected"] for d in data} == {8.06, 12.0}
    assert next(d for d in data if d["reported"] == 0.06)["evidence_rows"] == ["5", "62", "0.06%"]
    _, out, _ = main(capsysbinary, monkeypatch, "query", str(gold_ds),
                     "SELECT doc_number, issue_date FROM documents WHERE doc_number IS NOT NULL ORDER BY doc_number",
                     "--format", "jsonl")
    assert [json.loads(line) for line in out.decode().splitlines()] == [
        {"doc_number": "10/BC-UBND", "issue_date": "2017-02-17"},
        {"doc_number": "417/BC-UBND", "issue_date": "2018-10-18"}]
    target = tmp_path / "f.parquet"
    code, _, err = main(capsysbinary, monkeypatch, "query", str(gold_ds), "SELECT * FROM failed_checks",
                        "--format", "parquet", "--output", str(target))
    assert code == 0, err
    import pyarrow.parquet as pq
    assert pq.read_table(target).num_rows == 22


def test_cli_reads_sql_from_stdin_and_reports_sql_errors(gold_ds, tmp_path, capsysbinary, monkeypatch):
    code, out, _ = main(capsysbinary, monkeypatch, "query", str(gold_ds),
                        stdin="SELECT count(*) AS n FROM citations WHERE via = 'self';\n")
    assert code == 0 and out.decode().splitlines()[2].strip() == str(
        sum(1 for c in load_gold("citations") if c.get("self") and not c.get("uncertain")))
    code, _, err = main(capsysbinary, monkeypatch, "query", str(gold_ds), "SELECT no_such_column FROM documents")
    assert code == 1 and b"no_such_column" in err and b"Traceback" not in err
    code, _, err = main(capsysbinary, monkeypatch, "query", str(tmp_path / "missing"), "SELECT 1")
    assert code == 2 and b"no dataset" in err


def test_shell_runs_statements_and_dot_commands(gold_ds):
    from pipeline.query import connect, shell

    out = io.StringIO()
    script = (".tables\n.schema dossier_totals\nSELECT count(*) AS n\n  FROM documents;\n"
              ".format csv\nSELECT doc_number FROM documents WHERE doc_number = '10/BC-UBND';\n"
              "SELECT broken FROM;\n.quit\nSELECT 'never reached';\n")
    shell(connect(gold_ds), stdin=io.StringIO(script), stdout=out, prompt=False)
    text = out.getvalue()
    assert "failed_checks" in text and "citation_counts" in text          # .tables
    assert "on_time_rate" in text                                          # .schema
    assert "\n5\n(1 row)" in text                                            # multi-line statement
    assert "doc_number\n10/BC-UBND\n" in text                               # .format csv
    assert "error:" in text and "never reached" not in text


# --- on the dataset the real pipeline writes (needs the extractors) -----------------------------

def test_seed_documents_carry_the_gold_metadata(seed_dataset):
    rows = {r["doc_id"]: r for r in q(seed_dataset, "SELECT * FROM document_overview")}
    assert len(rows) == 5
    d = rows[seed_doc_id("000")]
    assert (d["doc_number"], d["province"], str(d["issue_date"])) == ("417/BC-UBND", "Bắc Giang", "2018-10-18")


def test_seed_dossier_totals_have_the_city_figures(seed_dataset):
    rows = q(seed_dataset, "SELECT received, resolved FROM dossier_totals WHERE province = 'Bắc Giang' "
                           "AND scope = 'thành phố'")
    assert {"received": 2473, "resolved": 2151} in rows


def test_seed_citation_counts_find_the_plans_of_seed_000(seed_dataset):
    keys = {r["ref"] for r in q(seed_dataset, "SELECT ref FROM citation_counts")}
    assert {"94/KH-UBND", "184/KH-UBND", "112/KH-UBND", "47-KH/TU"} <= keys


def test_seed_failed_checks_find_the_gold_arithmetic_errors(seed_dataset):
    rows = q(seed_dataset, "SELECT source_path, rule, reported, expected FROM failed_checks")
    found = {(Path(r["source_path"]).stem[:3], r["rule"], r["reported"]) for r in rows}
    # 5/62 printed as 0.06%; Phụ lục 4 row 2 total 1.811 where the parts give 1.600
    assert ("002", "percentage", 0.06) in found
    assert ("003", "sum_total", 1811.0) in found
