"""Rows -> Arrow tables in the schema of schemas/tables.py, in a deterministic row order."""
from __future__ import annotations

import datetime as dt

from schemas.tables import SORT_KEYS, TABLES, arrow_schema


def _coerce(value, type_: str):
    if value is None:
        return None
    if type_ == "date32" and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if type_ == "string" and value == "":
        return None  # contract: missing is null, never ""
    return value


def _sort_key(keys: list[str]):
    # None sorts last; values of one column share a type, so plain comparison is safe
    return lambda r: tuple((r.get(k) is None, r.get(k) if r.get(k) is not None else 0) for k in keys)


def to_arrow(table: str, rows: list[dict]):
    """Rows -> pyarrow.Table in the table's schema, sorted by its SORT_KEYS.

    A key that is not a declared column raises: columns are declared in schemas/ first.
    """
    import pyarrow as pa

    cols = TABLES[table]
    extra = {k for r in rows for k in r} - {c.name for c in cols}
    if extra:
        raise KeyError(f"{table}: columns not in schemas/tables.py: {sorted(extra)}")
    rows = sorted(rows, key=_sort_key(SORT_KEYS[table]))
    data = {c.name: [_coerce(r.get(c.name), c.type) for r in rows] for c in cols}
    return pa.Table.from_pydict(data, schema=arrow_schema(table))
