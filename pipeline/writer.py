"""Write rows as one Parquet dataset per table under DIR/<table>/ (zstd, deterministic order).

The whole set of tables is first written to a staging directory inside DIR and then moved into
place table by table, so a reader never sees a half-written Parquet file.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from schemas.tables import SORT_KEYS, TABLES, arrow_schema

ROW_GROUP_SIZE = 64_000


def _coerce(value, type_: str):
    if value is None:
        return None
    if type_ == "date32" and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if type_ == "string" and value == "":
        return None  # contract: missing is null, never ""
    return value


def to_arrow(table: str, rows: list[dict]):
    """Rows -> pyarrow.Table in the table's schema, sorted by its SORT_KEYS.

    Keys not in the schema raise: a column must be declared in schemas/ before it is written.
    """
    import pyarrow as pa

    cols = TABLES[table]
    names = {c.name for c in cols}
    extra = {k for r in rows for k in r} - names
    if extra:
        raise KeyError(f"{table}: columns not in schemas/tables.py: {sorted(extra)}")
    keys = SORT_KEYS[table]
    rows = sorted(rows, key=lambda r: tuple((r.get(k) is None, r.get(k) if r.get(k) is not None else 0) for k in keys))
    data = {c.name: [_coerce(r.get(c.name), c.type) for r in rows] for c in cols}
    return pa.Table.from_pydict(data, schema=arrow_schema(table))


def write_tables(tables: dict[str, list[dict]], out: Path) -> dict[str, int]:
    """Write every table of the contract (empty ones too) under `out`; returns row counts."""
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    counts = {}
    for name in TABLES:
        t = to_arrow(name, tables.get(name, []))
        (staging / name).mkdir(parents=True)
        pq.write_table(t, staging / name / "part-00000.parquet", compression="zstd",
                       row_group_size=ROW_GROUP_SIZE, write_statistics=True)
        counts[name] = t.num_rows
    for name in TABLES:
        dest = out / name
        old = out / f".old-{name}-{os.getpid()}"
        if dest.exists():
            dest.rename(old)
        (staging / name).rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return counts
