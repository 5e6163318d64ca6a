"""The `baocao` command. Only argparse is imported at start; each verb imports what it needs."""
from __future__ import annotations

import argparse
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


def _cmd_run(args) -> int:
    from pipeline.run import print_summary, run

    try:
        summary = run([Path(p) for p in args.inputs], Path(args.out), workers=args.workers, quiet=args.quiet,
                      engine=args.engine, scheduler=args.scheduler, force=args.force,
                      batch_size=args.batch_size, doc_timeout=args.doc_timeout or None,
                      max_memory_mb=args.max_memory_mb or None)
    except FileNotFoundError as e:
        print(f"baocao: {e}", file=sys.stderr)
        return 2
    if not args.quiet:
        print_summary(summary)
    return 1 if summary["inputs"] and summary["documents"] == 0 else 0


def _cmd_compact(args) -> int:
    from pipeline.compact import compact

    r = compact(Path(args.dir), docs_per_part=args.docs_per_part)
    print(f"baocao: {r['parts_before']} parts -> {r['parts_after']} in {args.dir}")
    return 0


def _cmd_schema(args) -> int:
    from schemas import TABLES, data_dictionary

    if args.markdown:
        print(data_dictionary())
    else:
        for name, cols in TABLES.items():
            print(f"{name}: " + ", ".join(c.name for c in cols))
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
    r.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories (walked recursively)")
    r.add_argument("--out", required=True, metavar="OUT", help="output directory for the dataset")
    r.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores; 0 = in this process, for debugging)")
    r.add_argument("--doc-timeout", type=float, default=300, metavar="S",
                   help="seconds a document may take before it is recorded as failed (default 300; 0 = none)")
    r.add_argument("--max-memory-mb", type=int, default=4096, metavar="MB",
                   help="address-space ceiling of each worker process (default 4096; 0 = none)")
    r.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local process pool (default) or a Dask cluster")
    r.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://HOST:8786); "
                   "without it --engine dask starts a LocalCluster")
    r.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="documents per part file (default 64; memory per worker grows with it)")
    r.add_argument("--force", action="store_true", help="reprocess every document, changed or not")
    r.add_argument("--quiet", action="store_true", help="no progress and no summary")
    r.set_defaults(func=_cmd_run)

    c = sub.add_parser("compact", help="merge the small part files of incremental runs",
                       description="Rewrite a dataset's per-document part files into fewer, larger ones.")
    c.add_argument("dir", metavar="DIR", help="dataset directory written by `baocao run`")
    c.add_argument("--docs-per-part", type=int, default=5000, metavar="N", help="documents per part (default 5000)")
    c.set_defaults(func=_cmd_compact)

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
