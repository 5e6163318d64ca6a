"""Rows -> Arrow tables in the schema of schemas/tables.py, in a deterministic row order."""
from __future__ import annotations

import datetime as dt

from schemas.tables import SORT_KEYS, TABLES, arrow_schema


def to_arrow(table: str, rows: list[dict]):
    """Rows -> pyarrow.Table in the table's schema, sorted by its SORT_KEYS (nulls last, ties in
    the order given). Missing strings are null, never ""; ISO date strings become dates.

    A key that is not a declared column raises: columns are declared in schemas/ first.
    """
    import pyarrow as pa

    cols = TABLES[table]
    extra = set().union(*rows) - {c.name for c in cols}
    if extra:
        raise KeyError(f"{table}: columns not in schemas/tables.py: {sorted(extra)}")
    data: dict[str, list] = {}
    for c in cols:
        values = [r.get(c.name) for r in rows]
        if c.type == "string":
            values = [None if v == "" else v for v in values]
        elif c.type == "date32":
            values = [dt.date.fromisoformat(v[:10]) if isinstance(v, str) else v for v in values]
        data[c.name] = values
    return _sorted(table, pa.Table.from_pydict(data, schema=arrow_schema(table)))


def conform(table: str, arrow):
    """An Arrow table with the columns of `table` (by name, in any order) -> the table in its
    schema and sort order, as `to_arrow` gives rows."""
    schema = arrow_schema(table)
    return _sorted(table, arrow.select(schema.names).cast(schema))


def _sorted(table: str, out):
    # Arrow's sort is stable and puts nulls last, as the Python sort of rows it replaces did
    return out.sort_by([(k, "ascending") for k in SORT_KEYS[table]]) if out.num_rows > 1 else out
