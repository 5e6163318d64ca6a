"""Are two datasets the same rows? (the correctness guard of a performance change)

    python benchmarks/compare_datasets.py REFERENCE_DIR NEW_DIR

Reads every table of both datasets with pyarrow, drops `pipeline_version` (it fingerprints the
code, so it changes with any edit), sorts the rows and compares them. Prints one line per table
and, for a table that differs, the first rows found in only one side. Exit status 1 on any
difference.
"""
from __future__ import annotations

import sys
from pathlib import Path


def table_rows(d: Path) -> list[tuple]:
    import pyarrow.parquet as pq

    rows: list[tuple] = []
    for f in sorted(d.glob("*.parquet")):
        t = pq.read_table(f)
        if "pipeline_version" in t.column_names:
            t = t.drop(["pipeline_version"])
        names = sorted(t.column_names)
        for r in t.to_pylist():
            rows.append(tuple((k, repr(r[k])) for k in names))
    rows.sort()
    return rows


def compare(ref: Path, new: Path, show: int = 3) -> bool:
    same = True
    tables = sorted({p.name for p in ref.iterdir() if p.is_dir() and not p.name.startswith("_")}
                    | {p.name for p in new.iterdir() if p.is_dir() and not p.name.startswith("_")})
    for name in tables:
        a, b = table_rows(ref / name), table_rows(new / name)
        if a == b:
            print(f"{name:16} {len(a):7} rows  identical")
            continue
        same = False
        sa, sb = set(a), set(b)
        only_a, only_b = [r for r in a if r not in sb], [r for r in b if r not in sa]
        print(f"{name:16} {len(a):7} vs {len(b)} rows  DIFFER: {len(only_a)} only in reference, "
              f"{len(only_b)} only in new")
        for label, rs in (("ref", only_a), ("new", only_b)):
            for r in rs[:show]:
                print(f"  {label}: {dict(r)}"[:1500])
    return same


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(0 if compare(Path(sys.argv[1]), Path(sys.argv[2])) else 1)


if __name__ == "__main__":
    main()
