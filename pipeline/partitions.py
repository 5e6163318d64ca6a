"""Hive partitions of the per-document tables (`baocao run --partition-by province,report_year`).

A partitioned dataset keeps each per-document table's rows under the directory of their
document's partition, `DIR/<table>/province=Hà Giang/report_year=2019/part-<id>.parquet`, so a
reader that filters on province or year (DuckDB `hive_partitioning`, pyarrow
`partitioning="hive"`) opens only those files, and every table — citations, figures, findings —
gains `province` and `report_year` columns without a join to `documents`. The corpus tables
(instruments, citation_edges) span documents and stay unpartitioned. `report_year`, not `year`:
`citations.year` is the cited instrument's year, and a partition key must not shadow a column.

Keys:
  * province — `documents.province`;
  * report_year — the year of the period reported (`period_end`), else of `issue_date`: a
    yearly report for 2019 signed in January 2020 belongs to 2019.
A document without the value (and a file that failed before it became a document) goes to
`__HIVE_DEFAULT_PARTITION__`, which both readers take as null. Values are written as they are
(UTF-8), with only the characters a path cannot hold percent-encoded.
"""
from __future__ import annotations

KEYS = ("province", "report_year")
NULL = "__HIVE_DEFAULT_PARTITION__"
_UNSAFE = {c: f"%{ord(c):02X}" for c in '/\\%="\0\n\r\t'}


def parse_partition_by(spec: str | None) -> tuple[str, ...]:
    """'province,report_year' -> ('province', 'year'); '' or None -> () (unpartitioned)."""
    keys = tuple(k.strip() for k in (spec or "").split(",") if k.strip())
    unknown = [k for k in keys if k not in KEYS]
    if unknown or len(set(keys)) != len(keys):
        raise ValueError(f"--partition-by takes distinct keys among {', '.join(KEYS)}; got {spec!r}")
    return keys


def _value(doc: dict, key: str) -> str | None:
    if key == "province":
        return doc.get("province")
    when = doc.get("period_end") or doc.get("issue_date")
    return str(when.year) if when else None


def _segment(value: str | None) -> str:
    if value is None or value == "" or value == NULL:
        return NULL
    return "".join(_UNSAFE.get(c, c) for c in value)


def partition_dir(doc: dict | None, keys: tuple[str, ...]) -> str:
    """The partition directory of a documents row ('' when unpartitioned)."""
    return "/".join(f"{k}={_segment(_value(doc, k) if doc else None)}" for k in keys)


def split_by_partition(arrow_table, dirs: dict[str, str], keys: tuple[str, ...]) -> dict[str, object]:
    """Rows of a per-document table grouped by their document's partition directory.

    `dirs` maps doc_id -> partition directory; rows whose doc_id it lacks (errors of files that
    never became documents) go to the all-null partition.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not keys:
        return {"": arrow_table}
    default = partition_dir(None, keys)
    doc_ids = arrow_table.column("doc_id").to_pylist()
    where = [dirs.get(d, default) if d is not None else default for d in doc_ids]
    if len(set(where)) <= 1:
        return {where[0] if where else default: arrow_table}
    where_arr = pa.array(where, type=pa.string())
    return {d: arrow_table.filter(pc.equal(where_arr, d)) for d in sorted(set(where))}
