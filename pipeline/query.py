"""`baocao query`: SQL over a dataset with embedded DuckDB, one view per table plus convenience views.

    con = connect(Path("data"))              # views: documents, citations, ..., failed_checks
    con.sql("SELECT * FROM dossier_totals").fetchall()

Each table view reads the part files the dataset's manifest lists as live (so a reader never
sees a part a running `baocao run` has staged but not committed); a directory without a
manifest is read by the glob DIR/<table>/**/*.parquet. A table with no files is an empty view
with the contract's columns, so every query that names it still runs. The convenience views
are plain SQL in pipeline/views.sql.

Output formats: table (aligned text), csv, json (an array of objects), jsonl, parquet.
With no SQL, `baocao query DIR` opens a shell: the `duckdb` command-line shell when it is on the
PATH, otherwise a small built-in one; when standard input is not a terminal it reads the SQL
from it instead.
"""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from schemas.tables import TABLES

FORMATS = ("table", "csv", "json", "jsonl", "parquet")
VIEWS_SQL = Path(__file__).with_name("views.sql")
TABLE_MAX_ROWS = 1000   # the table format is for reading; csv/json/parquet give every row
CELL_MAX = 60

_DUCK_TYPES = {"string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "float64": "DOUBLE",
               "bool": "BOOLEAN", "date32": "DATE"}


def duck_type(spec: str) -> str:
    """schemas/tables.py type -> DuckDB type ('list<int64>' -> 'BIGINT[]')."""
    if spec.startswith("list<") and spec.endswith(">"):
        return duck_type(spec[5:-1]) + "[]"
    return _DUCK_TYPES[spec]


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def table_files(dataset: Path, table: str) -> list[Path]:
    """The live part files of `table`: those the manifest lists, else every Parquet file under it."""
    from pipeline.dataset import MANIFEST, MANIFEST_DIR, Manifest

    d = dataset / table
    if (dataset / MANIFEST_DIR / MANIFEST).exists():
        names = Manifest.load(dataset).live_files().get(table, set())
        return [d / n for n in sorted(names) if (d / n).exists()]
    return sorted(p for p in d.glob("**/*.parquet") if not p.name.startswith("."))


def view_sql(view: str, table: str, table_dir: Path, files: list, columns=None) -> str:
    """CREATE OR REPLACE VIEW `view` over the Parquet part `files` of `table` (which live under
    `table_dir`, in hive partition directories or not): every column, or those named in
    `columns`. With no files, an empty view with the contract's columns and types."""
    cols = [c for c in TABLES[table] if columns is None or c.name in columns]
    if files:
        lst = "[" + ", ".join(_quote(str(f)) for f in files) + "]"
        hive = ", hive_partitioning = true" if any(Path(f).parent != table_dir for f in files) else ""
        select = "*" if columns is None else ", ".join(c.name for c in cols)
        body = f"SELECT {select} FROM read_parquet({lst}, union_by_name = true{hive})"
    else:
        body = "SELECT " + ", ".join(
            f"CAST(NULL AS {duck_type(c.type)}) AS {c.name}" for c in cols) + " WHERE false"
    return f"CREATE OR REPLACE VIEW {view} AS {body};"


def setup_sql(dataset: Path) -> str:
    """The SQL that creates every view over `dataset`: table views, then pipeline/views.sql."""
    dataset = dataset.resolve()
    stmts = [view_sql(table, table, dataset / table, table_files(dataset, table)) for table in TABLES]
    return "\n".join(stmts) + "\n" + VIEWS_SQL.read_text(encoding="utf-8")


def connect(dataset: Path):
    """An in-memory DuckDB connection with a view per table and the convenience views."""
    import duckdb

    dataset = Path(dataset)
    if not dataset.is_dir():
        raise FileNotFoundError(f"no dataset at {dataset}")
    con = duckdb.connect()
    con.execute(setup_sql(dataset))
    return con


def view_names(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]


# --- output -----------------------------------------------------------------------------------

def _jsonable(v):
    import datetime as dt
    import decimal

    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    return v


def _cell(v) -> str:
    if v is None:
        return "∅"
    if isinstance(v, float):
        s = f"{v:.4f}".rstrip("0").rstrip(".")
        return s if s not in ("", "-") else "0"
    if isinstance(v, (list, tuple)):
        s = "[" + ", ".join(_cell(x) for x in v) + "]"
    else:
        s = str(v)
    s = s.replace("\r", " ").replace("\n", " ⏎ ").replace("\t", " ")
    return s if len(s) <= CELL_MAX else s[:CELL_MAX - 1] + "…"


def format_table(columns: list[str], rows: list[tuple], total: int | None = None) -> str:
    """Rows as aligned text columns, numbers right-aligned; ∅ stands for null."""
    cells = [[_cell(v) for v in r] for r in rows]
    numeric = [all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) and rows != []
               for i in range(len(columns))]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(vals):
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(vals, widths, numeric)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    n = total if total is not None else len(rows)
    note = f"({n} row{'s' if n != 1 else ''}"
    note += f", first {len(rows)} shown: --format csv gives them all)" if n > len(rows) else ")"
    return "\n".join(out + [note]) + "\n"


def write_result(rel, fmt: str, out) -> None:
    """Write a DuckDB relation (a query's result) to the binary stream `out` in `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        reader = _reader(rel)
        with pq.ParquetWriter(out, reader.schema, compression="zstd") as w:
            for batch in reader:
                w.write_batch(batch)
        return
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        columns = list(rel.columns)
        if fmt == "table":
            rows = rel.limit(TABLE_MAX_ROWS).fetchall()
            total = len(rows) if len(rows) < TABLE_MAX_ROWS else rel.aggregate("count(*)").fetchall()[0][0]
            text.write(format_table(columns, rows, total))
        elif fmt == "csv":
            import csv

            w = csv.writer(text, lineterminator="\n")
            w.writerow(columns)
            for batch in _batches(rel):
                w.writerows([[_csv_value(v) for v in r] for r in batch])
        else:
            first = True
            if fmt == "json":
                text.write("[")
            for batch in _batches(rel):
                for r in batch:
                    s = json.dumps({k: _jsonable(v) for k, v in zip(columns, r)}, ensure_ascii=False)
                    if fmt == "json":
                        text.write(("\n" if first else ",\n") + s)
                    else:
                        text.write(s + "\n")
                    first = False
            if fmt == "json":
                text.write("\n]\n" if not first else "]\n")
    finally:
        text.detach()


def fetch_arrow(con, sql: str):
    """The result of a query on the DuckDB connection `con` as a pyarrow.Table."""
    rel = con.sql(sql)
    return rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()  # DuckDB 2 / 1.x name


def rows_from_sql(queries: dict[str, str], relations: dict[str, tuple[str, list[dict], tuple[str, ...]]]) -> dict[str, list[dict]]:
    """table -> the rows its query gives (in the table's sort order) over rows held in Python,
    registered as DuckDB relations: name -> (the table they are rows of, rows, the columns read).
    For tests and small inputs; `baocao run` runs the same queries over the Parquet parts."""
    import duckdb

    from pipeline.writer import conform, to_arrow

    with duckdb.connect() as con:
        for name, (table, rows, columns) in relations.items():
            con.register(name, to_arrow(table, rows).select(list(columns)))
        return {t: conform(t, fetch_arrow(con, sql)).to_pylist() for t, sql in queries.items()}


def _reader(rel, size: int = 10_000):
    """The result as a stream of Arrow record batches (one pass, bounded memory)."""
    make = getattr(rel, "to_arrow_reader", None) or rel.fetch_arrow_reader  # DuckDB 2 / 1.x name
    return make(size)


def _batches(rel):
    """The result as lists of row tuples, one record batch at a time."""
    for batch in _reader(rel):
        cols = [c.to_pylist() for c in batch.columns]
        yield list(zip(*cols))


def _csv_value(v):
    if v is None:
        return ""
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(_jsonable(v), ensure_ascii=False)
    return _jsonable(v)


def run_query(dataset: Path, sql: str, fmt: str = "table", out=None) -> int:
    """Run `sql` over the dataset's views and write the last statement's result to `out`."""
    con = connect(dataset)
    out = out if out is not None else sys.stdout.buffer
    rel = con.sql(sql)
    if rel is None:  # a statement without a result (CREATE VIEW ...)
        return 0
    write_result(rel, fmt, out)
    return 0


# --- shell ------------------------------------------------------------------------------------

SHELL_HELP = """\
Type SQL ending with ';' (it may span lines). Views: {views}
  .tables            list the views
  .schema NAME       columns of a view
  .format FORMAT     table (default), csv, json, jsonl
  .help              this text
  .quit              leave (or Ctrl-D)
"""


def shell(con, stdin=None, stdout=None, prompt: bool = True) -> int:
    """A minimal SQL shell over `con`: reads statements ending with ';', prints their results."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    fmt = "table"
    views = view_names(con)
    if prompt:
        stdout.write(f"baocao query: DuckDB over {len(views)} views; .help for help, .quit to leave\n")
    buf: list[str] = []
    while True:
        text = ("   ...> " if buf else "baocao> ") if prompt else ""
        if hasattr(stdin, "input"):
            line = stdin.input(text)
        else:
            stdout.write(text)
            stdout.flush()
            line = stdin.readline()
        if not line:
            break
        stripped = line.strip()
        if not buf and stripped.startswith("."):
            cmd, _, arg = stripped.partition(" ")
            if cmd in (".quit", ".exit"):
                break
            if cmd == ".tables":
                stdout.write("  ".join(views) + "\n")
            elif cmd == ".schema" and arg:
                try:
                    rows = con.execute(f"DESCRIBE {_ident(arg)}").fetchall()
                    stdout.write(format_table(["column", "type"], [(r[0], r[1]) for r in rows]))
                except Exception as e:  # noqa: BLE001 (a shell reports and goes on)
                    stdout.write(f"error: {e}\n")
            elif cmd == ".format" and arg.strip() in FORMATS[:-1]:
                fmt = arg.strip()
            else:
                stdout.write(SHELL_HELP.format(views=", ".join(views)))
            continue
        buf.append(line)
        if not stripped.endswith(";"):
            continue
        sql, buf = "".join(buf), []
        try:
            rel = con.sql(sql)
            if rel is not None:
                b = io.BytesIO()
                write_result(rel, fmt, b)
                stdout.write(b.getvalue().decode("utf-8"))
        except Exception as e:  # noqa: BLE001
            stdout.write(f"error: {e}\n")
    if prompt:
        stdout.write("\n")
    return 0


def _ident(name: str) -> str:
    return '"' + name.strip().strip(";").replace('"', '""') + '"'


def interactive(dataset: Path) -> int:
    """`baocao query DIR` without SQL: a shell on a terminal, else the SQL read from stdin."""
    if not sys.stdin.isatty():
        sql = sys.stdin.read()
        if not sql.strip():
            return 0
        return run_query(dataset, sql)
    duck = shutil.which("duckdb")
    if duck:  # the real DuckDB shell, started on the same views
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8") as f:
            f.write(setup_sql(Path(dataset)))
        try:
            return subprocess.call([duck, "-init", f.name])
        finally:
            Path(f.name).unlink(missing_ok=True)
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:
        pass
    return shell(connect(dataset), stdin=_InputReader())


class _InputReader:
    """readline-backed stdin: `input()` gives line editing; the prompt is printed by it."""

    def input(self, prompt: str) -> str:
        try:
            return input(prompt) + "\n"
        except EOFError:
            return ""
