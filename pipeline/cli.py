"""The `baocao` command. Only argparse is imported at start; each verb imports what it needs."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

DESCRIPTION = """\
baocao mines Vietnamese government reports on administrative reform (CCHC): it reads .txt/.md,
.html, .docx and .pdf reports, segments them into sections, extracts cited instruments and
dossier (hồ sơ) figures, checks the arithmetic and writes a Parquet dataset.
"""

RUN_EPILOG = """\
Every table of the dataset contract is written to OUT/<table>/*.parquet: documents, pages,
sections, footnotes, tables, citations, instruments, citation_edges, dossier_stats,
percentages, findings, errors. A file that cannot be read becomes one row in `errors`; the
others are still written.

exit status: 0 when at least one document was processed (or there was nothing to do),
             1 when every input failed, 2 on usage errors.

example:  baocao run corpora/ --out data/
"""


def local_path(arg: str) -> Path:
    """An argparse type: a path on this machine's filesystem. A URL (s3://, gs://, https://, ...)
    is refused with what to do instead: pathlib would fold "s3://b/x" into the local "s3:/b/x"."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+://", arg):
        raise argparse.ArgumentTypeError(
            f"{arg} is a URL; baocao reads and writes files: mount the bucket or share (s3fs, gcsfuse, "
            "rclone mount, NFS) and give the mounted path")
    return Path(arg)


def _cmd_run(args) -> int:
    from pipeline.engines import WorkersCannotStart
    from pipeline.partitions import parse_partition_by
    from pipeline.run import print_summary, run

    try:
        layout = None if args.partition_by is None else parse_partition_by(args.partition_by)
        summary = run(args.inputs, args.out, workers=args.workers, quiet=args.quiet,
                      engine=args.engine, scheduler=args.scheduler, force=args.force,
                      batch_size=args.batch_size, doc_timeout=args.doc_timeout or None,
                      max_memory_mb=args.max_memory_mb or None, extra_stages=tuple(args.stage),
                      partition_by=layout, ocr_cache=not args.no_ocr_cache)
    except (FileNotFoundError, ValueError, WorkersCannotStart) as e:
        print(f"baocao: {e}", file=sys.stderr)
        return 2
    if not args.quiet:
        print_summary(summary)
    return 1 if summary["inputs"] and summary["documents"] == 0 else 0


def _cmd_compact(args) -> int:
    from pipeline.compact import compact
    from pipeline.partitions import parse_partition_by

    try:
        layout = None if args.partition_by is None else parse_partition_by(args.partition_by)
    except ValueError as e:
        print(f"baocao: {e}", file=sys.stderr)
        return 2
    r = compact(args.dir, docs_per_part=args.docs_per_part, partition_by=layout)
    by = ",".join(r["partition_by"]) or "nothing"
    print(f"baocao: {r['parts_before']} parts -> {r['parts_after']} in {args.dir} (partitioned by {by})")
    return 0


def _cmd_schema(args) -> int:
    from schemas import TABLES, data_dictionary

    if args.markdown:
        print(data_dictionary())
    else:
        for name, cols in TABLES.items():
            print(f"{name}: " + ", ".join(c.name for c in cols))
    return 0


QUERY_EPILOG = """\
Every table is a view (documents, sections, citations, instruments, citation_edges,
dossier_stats, percentages, findings, errors, ...), and so are these convenience views:
  document_overview     one row per document: metadata and counts of what was found
  dossier_groups        one row per figure group, metrics as columns, on-time rate
  dossier_totals        dossier totals per province, level, period and scope
  failed_checks         failing findings with their document and evidence text
  citation_counts       mentions and citing documents per instrument
  instrument_relations  implements / amends / guides ... between instruments

examples:
  baocao query data/ "SELECT province, period_label, scope, received, on_time_rate FROM dossier_totals"
  baocao query data/ "SELECT * FROM failed_checks" --format csv > failed.csv
  baocao query data/ "SELECT * FROM citation_counts LIMIT 10" --format json
  baocao query data/        (an interactive shell; reads SQL from standard input when piped)
"""

REPORT_EPILOG = """\
The site needs no server: open SITE/index.html. It holds an index of documents (sortable),
one page per document with citations and figures highlighted and failing checks marked in
red (passing ones in green on demand), one page per instrument (who cites it, what it
implements, the chain up and down), the citation network and charts of dossier figures.

example:  baocao report data/ --out site/
"""


def _cmd_query(args) -> int:
    from pipeline import query

    try:
        if args.sql is None:
            return query.interactive(args.dir)
        if args.format == "parquet" and args.output is None and sys.stdout.isatty():
            print("baocao: --format parquet writes binary; give --output FILE or redirect stdout",
                  file=sys.stderr)
            return 2
        if args.output:
            with open(args.output, "wb") as f:
                return query.run_query(args.dir, args.sql, args.format, f)
        return query.run_query(args.dir, args.sql, args.format)
    except FileNotFoundError as e:
        print(f"baocao: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # a SQL error is the user's to fix: say it, without a traceback
        if type(e).__module__.startswith(("duckdb", "_duckdb")):
            print(f"baocao: {e}", file=sys.stderr)
            return 1
        raise


def _cmd_report(args) -> int:
    from pipeline.report import build_site

    try:
        summary = build_site(args.dir, args.out)
    except FileNotFoundError as e:
        print(f"baocao: {e}", file=sys.stderr)
        return 2
    print(f"baocao: {summary['documents']} document pages, {summary['instruments']} instrument pages "
          f"-> {summary['index']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from pipeline import __version__

    p = argparse.ArgumentParser(prog="baocao", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"baocao {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser("run", help="process reports into a Parquet dataset", epilog=RUN_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Process every report under INPUT... and write the dataset to OUT.")
    r.add_argument("inputs", nargs="+", type=local_path, metavar="INPUT", help="files or directories (walked recursively)")
    r.add_argument("--out", required=True, type=local_path, metavar="OUT", help="output directory for the dataset")
    r.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores; 0 = in this process, for debugging)")
    r.add_argument("--doc-timeout", type=float, default=300, metavar="S",
                   help="seconds a document may take before it is recorded as failed, plus 20 per page read by OCR (default 300; 0 = none)")
    r.add_argument("--max-memory-mb", type=int, default=4096, metavar="MB",
                   help="address-space ceiling of each worker process (default 4096; 0 = none)")
    r.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local process pool (default) or a Dask cluster")
    r.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://HOST:8786); "
                   "without it --engine dask starts a LocalCluster")
    r.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="documents per part file (default 64; memory per worker grows with it)")
    r.add_argument("--stage", action="append", default=[], metavar="MODULE:FUNCTION",
                   help="an extra extractor, fn(doc, rows) -> {table: rows}, run after the built-in ones "
                        "(repeatable; its module must be importable by the workers)")
    r.add_argument("--partition-by", metavar="KEYS",
                   help="hive-partition the per-document tables of a new dataset, e.g. province,report_year "
                        "(keys: province, report_year; default: none; an existing dataset keeps its layout)")
    r.add_argument("--force", action="store_true", help="reprocess every document, changed or not")
    r.add_argument("--no-ocr-cache", action="store_true",
                   help="read every scanned page again (default: pages already read by the same OCR code "
                        "are taken from OUT/_baocao/ocr)")
    r.add_argument("--quiet", action="store_true", help="no progress and no summary")
    r.set_defaults(func=_cmd_run)

    c = sub.add_parser("compact", help="merge the small part files of incremental runs",
                       description="Rewrite a dataset's per-document part files into fewer, larger ones.")
    c.add_argument("dir", type=local_path, metavar="DIR", help="dataset directory written by `baocao run`")
    c.add_argument("--docs-per-part", type=int, default=5000, metavar="N", help="documents per part (default 5000)")
    c.add_argument("--partition-by", metavar="KEYS",
                   help="re-lay the dataset out in hive partitions: province,report_year, one of them, or "
                        "'' for none (default: keep its layout)")
    c.set_defaults(func=_cmd_compact)

    q = sub.add_parser("query", help="run SQL over a dataset (DuckDB views over every table)",
                       epilog=QUERY_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Run SQL over the dataset in DIR; without SQL, open a shell.")
    q.add_argument("dir", type=local_path, metavar="DIR", help="dataset directory written by `baocao run`")
    q.add_argument("sql", nargs="?", metavar="SQL", help="the query (omit it for a shell)")
    q.add_argument("--format", choices=["table", "csv", "json", "jsonl", "parquet"], default="table",
                   help="output format (default: table)")
    q.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    q.set_defaults(func=_cmd_query)

    rp = sub.add_parser("report", help="write a static HTML audit report of a dataset",
                        epilog=REPORT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
                        description="Write a static site (no server needed) that shows a dataset to an auditor.")
    rp.add_argument("dir", type=local_path, metavar="DIR", help="dataset directory written by `baocao run`")
    rp.add_argument("--out", required=True, type=local_path, metavar="SITE", help="directory for the site")
    rp.set_defaults(func=_cmd_report)

    s = sub.add_parser("schema", help="print the tables and columns of the dataset")
    s.add_argument("--markdown", action="store_true", help="the full data dictionary in Markdown")
    s.set_defaults(func=_cmd_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
