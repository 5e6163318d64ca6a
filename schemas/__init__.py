"""The single source of truth for every table baocao writes.

`TABLES` maps a table name to its columns (name, type, doc); `arrow_schema(name)` builds the
pyarrow schema. Column types are spelled as short strings so that importing this module does not
import pyarrow (``baocao --help`` must answer at once).
"""
from schemas.tables import SCHEMA_VERSION, TABLES, Column, arrow_schema, data_dictionary

__all__ = ["SCHEMA_VERSION", "TABLES", "Column", "arrow_schema", "data_dictionary"]
