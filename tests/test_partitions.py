"""Hive-partitioned datasets (`--partition-by province,report_year`): the same rows as an unpartitioned
run, each in the directory of its document's province and year, kept so through incremental
runs and `compact`, and readable by pyarrow and DuckDB."""
from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path

import pytest

from conftest import SEEDS
from pipeline import run as run_mod
from pipeline.cli import main
from pipeline.dataset import DOC_TABLES
from pipeline.partitions import NULL, parse_partition_by, partition_dir

KEYS = ("province", "report_year")


def file_rows(out: Path) -> dict[str, list[dict]]:
    """Every per-document table's rows as stored in its files (no partition columns)."""
    import pyarrow.dataset as ds

    return {t: sorted(ds.dataset(out / t, format="parquet", partitioning=None).to_table().to_pylist(), key=repr)
            for t in DOC_TABLES}


def layout(out: Path, table: str) -> list[str]:
    return sorted(p.relative_to(out / table).parent.as_posix() for p in (out / table).rglob("*.parquet"))


def expected_dir(doc: dict) -> str:
    """Independent of partition_dir: the year of period_end, else of issue_date."""
    when = doc["period_end"] or doc["issue_date"]
    province = doc["province"] or NULL
    return f"province={province}/report_year={when.year if when else NULL}"


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory):
    out = tmp_path_factory.mktemp("partitioned") / "out"
    run_mod.run([SEEDS], out, workers=1, quiet=True, batch_size=2, partition_by=KEYS)
    return out


def test_a_partitioned_run_stores_the_same_rows(partitioned, seed_dataset):
    assert file_rows(partitioned) == file_rows(seed_dataset)


def test_every_row_lies_in_its_documents_partition(partitioned):
    import pyarrow.parquet as pq

    docs = {d["doc_id"]: d for d in file_rows(partitioned)["documents"]}
    assert len({expected_dir(d) for d in docs.values()}) >= 3  # the seeds span provinces and years
    for table in DOC_TABLES:
        for f in (partitioned / table).rglob("*.parquet"):
            where = urllib.parse.unquote(f.relative_to(partitioned / table).parent.as_posix())
            for doc_id in set(pq.read_table(f, columns=["doc_id"], partitioning=None)["doc_id"].to_pylist()):
                if doc_id is not None:
                    assert where == expected_dir(docs[doc_id]), (table, f)


def test_duckdb_and_pyarrow_filter_on_the_partition_columns(partitioned):
    import pyarrow.dataset as ds

    from pipeline.query import connect

    docs = file_rows(partitioned)["documents"]
    cites = file_rows(partitioned)["citations"]
    province_of = {d["doc_id"]: d["province"] for d in docs}
    want: dict = {}
    for c in cites:
        want[province_of[c["doc_id"]]] = want.get(province_of[c["doc_id"]], 0) + 1
    con = connect(partitioned)
    got = dict(con.execute("SELECT province, count(*) FROM citations GROUP BY province").fetchall())
    assert got == want
    for view in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall():
        con.execute(f'SELECT count(*) FROM "{view[0]}"').fetchall()  # every view still binds
    some = next(p for p in want if p)
    table = ds.dataset(partitioned / "citations", format="parquet", partitioning="hive").to_table(
        filter=ds.field("province") == some)
    assert table.num_rows == want[some]


def test_incremental_runs_keep_the_layout(tmp_path):
    inp = tmp_path / "in"
    shutil.copytree(SEEDS, inp)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_mod.run([inp], out, workers=1, quiet=True, partition_by=KEYS)
    seed3 = inp / "003_4b702f54e3f3f105.txt"
    seed3.write_text(seed3.read_text(encoding="utf-8").replace("Quý 1 năm 2017", "Quý 2 năm 2017"),
                     encoding="utf-8")
    (inp / "001_0c489bbf47c8f122.txt").unlink()
    s = run_mod.run([inp], out, workers=1, quiet=True)  # no --partition-by: the dataset's layout
    assert (s["processed"], s["skipped"], s["removed"]) == (1, 3, 1)
    run_mod.run([inp], fresh, workers=1, quiet=True, partition_by=KEYS)
    assert file_rows(out) == file_rows(fresh)
    assert set(layout(out, "citations")) == set(layout(fresh, "citations"))
    with pytest.raises(ValueError, match="compact"):
        run_mod.run([inp], out, workers=1, quiet=True, partition_by=("province",))
    assert main(["run", str(inp), "--out", str(out), "--quiet", "--partition-by", "county"]) == 2


def test_compact_relays_out_without_changing_the_rows(tmp_path, seed_dataset):
    out = tmp_path / "out"
    shutil.copytree(seed_dataset, out)
    before = file_rows(out)
    assert main(["compact", str(out), "--partition-by", "province,report_year"]) == 0
    docs = before["documents"]
    assert set(layout(out, "documents")) == {expected_dir(d) for d in docs}
    assert len(layout(out, "documents")) == len({expected_dir(d) for d in docs})  # one file each
    assert file_rows(out) == before
    assert main(["compact", str(out), "--partition-by", ""]) == 0
    assert set(layout(out, "documents")) == {"."}
    assert file_rows(out) == before
    s = run_mod.run([SEEDS], out, workers=1, quiet=True)  # still incremental after compaction
    assert (s["processed"], s["skipped"]) == (0, 5)


def test_partition_values_are_path_safe():
    assert parse_partition_by("province, report_year") == KEYS and parse_partition_by("") == ()
    with pytest.raises(ValueError):
        parse_partition_by("report_year,report_year")
    assert partition_dir({"province": "A/B=C%", "period_end": None, "issue_date": None}, KEYS) == \
        f"province=A%2FB%3DC%25/report_year={NULL}"
