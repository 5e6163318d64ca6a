"""Instructions the pipeline executes per document, counted by Valgrind (figures for BENCHMARKS.md).

    python benchmarks/bench_instructions.py [--docs 40] [--source DIR]

Wall and CPU time on a shared VM wander by half from one minute to the next (BENCHMARKS.md), so
an A/B of two versions of the code by time needs many alternating runs. The number of
instructions is the same from run to run: this runs `process_file` over `--docs` documents spread
evenly over the synthetic seed corpus (x100: the variants of every seed report, in its proportions)
under `valgrind --tool=cachegrind`, once with none (imports, warm-up) and once with them, and
prints the difference per document and per KB of input.
`--source DIR` counts another checkout of the code (put first on PYTHONPATH), e.g. a worktree of
an earlier commit. Needs Debian's valgrind; takes about a minute per 40 documents.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

_CHILD = r"""
import sys
from pathlib import Path
from pipeline.process import process_file, Settings
from pipeline.version import pipeline_version
root, n = Path(sys.argv[1]), int(sys.argv[2])
files = sorted(root.rglob("*.txt"))
s = Settings(pipeline_version())
for p in files[-5:]:   # warm-up: lazy imports, models and tables
    process_file(root, p, settings=s)
# the word segmenter's model loads at its first use (about 1 G instructions), once per process
from extractors.dossier_vocab import _words
_words("còn tồn tại", True)
for p in files[::max(1, len(files) // n)][:n] if n else []:
    process_file(root, p, settings=s)
"""


def instructions(source: Path, corpus: Path, docs: int) -> int:
    # and cwd: `python -c` puts it first on sys.path; a fixed hash seed, or set and dict orders
    # (and so the work done) change a little from run to run
    env = {**os.environ, "PYTHONPATH": str(source), "PYTHONHASHSEED": "0"}
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           sys.executable, "-c", _CHILD, str(corpus), str(docs)],
                          env=env, cwd=source, capture_output=True, text=True, check=True)
    return int(re.search(r"I\s+refs:\s+([\d,]+)", done.stderr).group(1).replace(",", ""))


def main() -> None:
    from gen_corpus import generate

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=40, help="documents counted (default 40)")
    ap.add_argument("--source", type=Path, default=ROOT, help="checkout whose code is counted")
    args = ap.parse_args()
    corpus = Path("/tmp/baocao-bench-100x")
    if not corpus.exists():
        generate(100, corpus)
    files = sorted(corpus.rglob("*.txt"))
    kb = sum(p.stat().st_size for p in files[::max(1, len(files) // args.docs)][:args.docs]) / 1024
    base = instructions(args.source, corpus, 0)
    total = instructions(args.source, corpus, args.docs)
    per_doc = (total - base) / args.docs
    print(f"{args.source}: {args.docs} documents, {kb:.0f} KB; start-up {base / 1e9:.3f} G instructions; "
          f"{(total - base) / 1e9:.3f} G for the documents = {per_doc / 1e6:.1f} M per document, "
          f"{(total - base) / kb / 1e6:.2f} M per KB")


if __name__ == "__main__":
    main()
