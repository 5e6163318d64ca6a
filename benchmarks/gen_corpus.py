"""Synthetic corpus for the scale benchmarks: real reports multiplied by varying their figures.

    python benchmarks/gen_corpus.py --scale 100 --out /tmp/corpus-100x [--with-tvpl]

Copy k of a source keeps its text and structure and changes what differs between real reports:
years shift (dates and 'năm YYYY'), document numbers move (94/KH-UBND -> 94+k/KH-UBND), counts are
scaled by a per-copy factor (so a dossier figure stays a plausible count), and a copy line is
added so every file has its own SHA-256. Output is deterministic for a given scale.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
TVPL = ROOT.parent / "shared" / "corpora" / "tvpl-johnpa02" / "crawl"

_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b(năm )((?:19|20)\d\d)\b")
_DOCNUM = re.compile(r"\b(\d{1,5})(\s?/\s?(?:\d{4}/)?[A-ZĐ][A-ZĐa-z]*-)")
_COUNT = re.compile(r"(?<![\d./,])(\d{1,3}(?:\.\d{3})+|\d{2,4})(?=\s+(?:hồ sơ|TTHC|thủ tục|phiếu|cơ quan|văn bản))")


def vary(text: str, k: int) -> str:
    rng = random.Random(k)
    dy = rng.randint(-3, 3)
    factor = 0.5 + rng.random()

    def count(m: re.Match) -> str:
        n = int(m.group(1).replace(".", ""))
        v = max(1, round(n * factor))
        return f"{v:,}".replace(",", ".") if "." in m.group(1) else str(v)

    text = _DATE.sub(lambda m: f"{m.group(1)}/{m.group(2)}/{int(m.group(3)) + dy}", text)
    text = _YEAR.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + dy}", text)
    text = _DOCNUM.sub(lambda m: f"{int(m.group(1)) + k}{m.group(2)}", text)
    text = _COUNT.sub(count, text)
    return text + f"\n(Bản sao tổng hợp số {k})\n"


def generate(scale: int, out: Path, with_tvpl: bool = False) -> int:
    sources = sorted(SEEDS.glob("*.txt"))
    if with_tvpl and TVPL.is_dir():
        sources += sorted(TVPL.rglob("*.txt"))
    n = 0
    for src in sources:
        text = src.read_text(encoding="utf-8")
        sub = out / src.stem[:40]
        sub.mkdir(parents=True, exist_ok=True)
        for k in range(scale):
            (sub / f"{k:05d}.txt").write_text(vary(text, k) if k else text, encoding="utf-8")
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--with-tvpl", action="store_true", help="also scale the 167 TVPL legal texts")
    a = ap.parse_args()
    n = generate(a.scale, a.out, a.with_tvpl)
    print(f"{n} files in {a.out}")


if __name__ == "__main__":
    main()
